import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/gleantap-capture.js', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Environment for a child without the parent's Gleantap variables leaking in, and with a fresh
 * DATA_DIR unless the test names one, so no test writes a store into the working directory.
 */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('GLEANTAP_') && key !== 'CAPTURE_CONFIG' && key !== 'DATA_DIR'));
  return { ...base, DATA_DIR: mkdtempSync(join(tmpdir(), 'gc-cli-data-')), ...env };
}

/**
 * Runs the real `gleantap-capture` command to completion. With `killAfterMs`, a child still
 * running then is SIGKILLed (its code is null), so a command that hangs fails its test
 * instead of outliving it.
 */
export function runCli(args: string[], env: Record<string, string> = {}, cwd?: string, options: { readonly killAfterMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: childEnv(env), cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const deadline = options.killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(deadline);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts a long-running command (in `cwd` if given) and resolves once its output matches `ready`. */
export function startCli(args: string[], env: Record<string, string>, ready: RegExp, cwd?: string): Promise<{ child: ChildProcess; output: () => string; exited: Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: childEnv(env), cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const exited = new Promise<number | null>((done) => child.on('close', done));
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) resolve({ child, output: () => output, exited });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('error', reject);
    void exited.then((code) => reject(new Error(`exited with ${code} before ready: ${output}`)));
  });
}
