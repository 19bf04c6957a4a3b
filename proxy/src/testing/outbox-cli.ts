import type { CliIo } from '../cli/cli-io.ts';
import { dispatch } from '../cli/main.ts';

/** A row of `outbox list --json`. */
export interface ListedRow {
  readonly id: string;
  readonly form: string;
  readonly state: string;
  readonly deadReason: string | null;
  readonly dropReason: string | null;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly lastStatus: number | null;
  readonly lastMessage: string | null;
  readonly gleantapId: string | null;
  readonly nextAttemptAt: string | null;
  readonly optin: string | null;
  readonly erasedAt: string | null;
}

/**
 * Runs `gleantap-capture outbox …` on a DATA_DIR in this process: the same code the binary
 * runs, on its own SQLite connection, without paying for a Node start per poll. Tests that
 * need the command as a separate process use runCli.
 */
export async function runOutbox(dataDir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { env: { DATA_DIR: dataDir }, cwd: process.cwd(), out: (line) => out.push(line), err: (line) => err.push(line), stopSignal: new Promise(() => undefined) };
  const code = await dispatch(['outbox', ...args], io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** `outbox list --json [--state …]`, parsed. */
export async function listOutbox(dataDir: string, state?: string): Promise<ListedRow[]> {
  const result = await runOutbox(dataDir, 'list', '--json', ...(state ? ['--state', state] : []));
  if (result.code !== 0) throw new Error(`outbox list exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as ListedRow[];
}
