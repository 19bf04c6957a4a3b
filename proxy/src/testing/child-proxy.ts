import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { TEST_KEYS } from '../sandbox/test-sandbox.ts';
import { DEFAULT_TEST_FORMS_FILE, SITE_ORIGIN, TEST_TOKEN_SECRET } from './harness.ts';
import { startCli } from './run-cli.ts';

/** A real `gleantap-capture serve` process. */
export interface ChildProxy {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
}

export interface ChildProxyOptions {
  readonly dataDir: string;
  /** PostgreSQL instead of the SQLite store in dataDir (TOKEN_SECRET then set too). */
  readonly databaseUrl?: string | undefined;
  readonly sandboxUrl: string;
  readonly formsFile?: unknown;
  /** Extra environment (timeouts, other keys…) over the test keys and the sandbox URL. */
  readonly env?: Readonly<Record<string, string>>;
  /** Working directory of the process (default: the test's own). */
  readonly cwd?: string;
}

/** Writes a forms file into its own temp directory and returns its path. */
export function writeFormsFile(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'gc-forms-')), 'forms.json');
  writeFileSync(path, JSON.stringify(content));
  return path;
}

/**
 * Starts `serve` as a child process on an ephemeral port against a sandbox that accepts
 * TEST_KEYS. The child is SIGKILLed when the calling test ends if it is still running, so a
 * failing test never leaves a proxy behind.
 */
export async function startChildProxy(options: ChildProxyOptions): Promise<ChildProxy> {
  const env = {
    GLEANTAP_API_KEY: TEST_KEYS.apiKey,
    GLEANTAP_SECRET_KEY: TEST_KEYS.secretKey,
    GLEANTAP_APP_ID: 'app-child',
    GLEANTAP_BASE_URL: options.sandboxUrl,
    ALLOWED_ORIGINS: SITE_ORIGIN,
    CAPTURE_CONFIG: writeFormsFile(options.formsFile ?? DEFAULT_TEST_FORMS_FILE),
    DATA_DIR: options.dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    METRICS_PORT: '0',
    LOG_LEVEL: 'info',
    ...(options.databaseUrl === undefined ? {} : { DATABASE_URL: options.databaseUrl, TOKEN_SECRET: TEST_TOKEN_SECRET }),
    ...options.env,
  };
  const running = await startCli(['serve'], env, /"msg":"proxy listening"/, options.cwd);
  onTestFinished(() => {
    if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGKILL');
  });
  const url = /"url":"(http:\/\/[^"]+)"/.exec(running.output())?.[1];
  if (url === undefined) throw new Error(`no url in: ${running.output()}`);
  return { url, child: running.child, output: running.output, exited: running.exited };
}

/** Stops a child with SIGTERM and resolves with its exit code. */
export async function stopChildProxy(proxy: ChildProxy): Promise<number | null> {
  proxy.child.kill('SIGTERM');
  return proxy.exited;
}
