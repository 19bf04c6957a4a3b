import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The real `gleantap-capture` command of the proxy package this suite depends on. */
const PROXY_BIN = join(dirname(createRequire(import.meta.url).resolve('@gleantap-capture/proxy/package.json')), 'bin', 'gleantap-capture.js');
const MEMORY_PROBE = pathToFileURL(fileURLToPath(new URL('./memory-probe.mjs', import.meta.url))).href;

/** A running `gleantap-capture serve` child with the memory probe loaded. */
export interface ChildProxy {
  readonly url: string;
  readonly child: ChildProcess;
  /** True while the process has not exited. */
  alive(): boolean;
  /** Its RSS in bytes, after a forced full GC when `gc` is true. */
  rss(gc: boolean): Promise<number>;
  /** Lines it wrote at level warn or above, and any non-JSON output. */
  readonly problems: string[];
  /** How many access-log lines it wrote. */
  requestLines(): number;
  /** SIGTERM, then SIGKILL if it has not exited within 10 s; removes its temp files. */
  stop(): Promise<number | null>;
}

export interface ChildProxyOptions {
  readonly formsFile: unknown;
  readonly env: Readonly<Record<string, string>>;
}

/**
 * Starts the proxy as `serve` runs in production, in its own process, so the suite can see
 * that hostile traffic never takes it down and can measure its memory.
 */
export async function startChildProxy(options: ChildProxyOptions): Promise<ChildProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'gc-e2e-hostile-'));
  const formsPath = join(dir, 'forms.json');
  writeFileSync(formsPath, JSON.stringify(options.formsFile));
  // Only what `serve` needs: no inherited GLEANTAP_* or CAPTURE_CONFIG from the caller.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    CAPTURE_CONFIG: formsPath,
    DATA_DIR: join(dir, 'data'),
    HOST: '127.0.0.1',
    PORT: '0',
    METRICS_PORT: '0',
    LOG_LEVEL: 'info',
    ...options.env,
  };
  const child = spawn(process.execPath, ['--expose-gc', '--import', MEMORY_PROBE, PROXY_BIN, 'serve'], {
    env,
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const problems: string[] = [];
  let requests = 0;
  let pending = '';
  let url: string | undefined;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const onLine = (line: string): void => {
    if (line.trim() === '') return;
    let entry: { level?: string; msg?: string; url?: string };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      problems.push(line);
      return;
    }
    if (entry.msg === 'request') requests += 1;
    if (entry.msg === 'proxy listening' && typeof entry.url === 'string') url = entry.url;
    if (entry.level === 'warn' || entry.level === 'error' || entry.level === 'fatal') problems.push(line);
  };
  const onData = (chunk: Buffer): void => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    lines.forEach(onLine);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);

  const deadline = Date.now() + 30_000;
  while (url === undefined) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`gleantap-capture serve did not start: ${problems.join('\n') || pending}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const started = url;

  return {
    url: started,
    child,
    problems,
    alive: () => child.exitCode === null && child.signalCode === null,
    requestLines: () => requests,
    rss(gc) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no memory answer from the proxy child within 10 s')), 10_000);
        const onMessage = (message: unknown): void => {
          const answer = message as { type?: string; rss?: number; collected?: boolean };
          if (answer.type !== 'rss' || typeof answer.rss !== 'number') return;
          clearTimeout(timer);
          child.off('message', onMessage);
          if (gc && !answer.collected) reject(new Error('the proxy child could not force a GC (--expose-gc missing?)'));
          else resolve(answer.rss);
        };
        child.on('message', onMessage);
        child.send({ type: 'rss', gc });
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
      return child.exitCode;
    },
  };
}
