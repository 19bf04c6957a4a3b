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

/** Where a proxy keeps its leads: a DATA_DIR, or a harness (its DATA_DIR and DATABASE_URL). */
export type StoreLocation = string | { readonly dataDir: string; readonly databaseUrl?: string | undefined };

/** The environment an `outbox` command needs to find that store. */
export function storeEnv(location: StoreLocation): Record<string, string> {
  if (typeof location === 'string') return { DATA_DIR: location };
  return { DATA_DIR: location.dataDir, ...(location.databaseUrl === undefined ? {} : { DATABASE_URL: location.databaseUrl }) };
}

/**
 * Runs `gleantap-capture outbox …` on a store in this process: the same code the binary
 * runs, on its own connection, without paying for a Node start per poll. Tests that need the
 * command as a separate process use runCli.
 */
export async function runOutbox(location: StoreLocation, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { env: storeEnv(location), cwd: process.cwd(), out: (line) => out.push(line), err: (line) => err.push(line), stopSignal: new Promise(() => undefined) };
  const code = await dispatch(['outbox', ...args], io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** `outbox list --json [--state …]`, parsed. */
export async function listOutbox(location: StoreLocation, state?: string): Promise<ListedRow[]> {
  const result = await runOutbox(location, 'list', '--json', ...(state ? ['--state', state] : []));
  if (result.code !== 0) throw new Error(`outbox list exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as ListedRow[];
}
