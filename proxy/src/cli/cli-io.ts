/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  out(line: string): void;
  err(line: string): void;
  /** Resolves when the process is asked to stop (SIGTERM/SIGINT). */
  readonly stopSignal: Promise<string>;
  /**
   * Calls `listener` each time the process is asked to reload (SIGHUP) until the returned
   * function is called. Absent where there are no signals (tests running a command in-process).
   */
  readonly onReload?: (listener: () => void) => () => void;
}

/** Exit codes of the contract: 0 ok, 1 runtime failure, 2 bad usage or bad config. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
