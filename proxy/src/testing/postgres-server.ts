import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Where Debian's `postgresql-15` puts its programs; `PG_BIN` overrides it. */
const DEFAULT_BIN = '/usr/lib/postgresql/15/bin';
/** The superuser `initdb` creates; `-A trust` lets it in from loopback without a password. */
export const PG_TEST_USER = 'app';
/** A bound on a hang while the server starts or stops, never an assertion about speed. */
const READY_TIMEOUT_MS = 60_000;
const BIND_ATTEMPTS = 5;

/** A running PostgreSQL cluster of its own, for one test file. */
export interface PostgresServer {
  /** The `postgres` database on 127.0.0.1 at the cluster's port (trust authentication). */
  readonly url: string;
  readonly port: number;
  /** Creates an empty database (from template1) and returns its URL: one per test keeps tests apart. */
  createDatabase(name: string): Promise<string>;
  /**
   * Stops the server and keeps its data, so `start()` can bring it back on the same port:
   * `immediate` is a crash (no checkpoint; recovery replays the WAL), `fast` a clean shutdown.
   */
  halt(options?: { readonly mode?: 'fast' | 'immediate' }): Promise<void>;
  /** Starts a halted server again, same port, same data. */
  start(): Promise<void>;
  /** `halt({mode: 'immediate'})`, then `start()`. */
  restart(): Promise<void>;
  /** Stops the server for good (default `immediate`: nothing is kept) and removes its directory. */
  stop(options?: { readonly mode?: 'fast' | 'immediate' }): Promise<void>;
}

export interface PostgresServerOptions {
  /**
   * Keep `fsync` on. Tests leave it off: a crash of the server (`halt immediate`) loses nothing
   * either way, since a commit has written its WAL to the kernel; only a power cut would.
   * Benchmarks of durability turn it on.
   */
  readonly fsync?: boolean;
  /** The directory of `initdb` and `postgres` (default `PG_BIN`, else Debian's). */
  readonly bin?: string;
}

interface Tools {
  readonly bin: string;
  /** The user the server runs as: `postgres` when we are root (initdb refuses root), else us. */
  readonly user: { readonly uid: number; readonly gid: number } | undefined;
}

/**
 * Why the tests cannot start PostgreSQL here, or undefined when they can. Tests never skip on
 * this: `startPostgres` throws it, so a machine (or CI) without PostgreSQL fails loudly.
 */
export function postgresMissing(bin?: string): string | undefined {
  const found = findTools(bin);
  return typeof found === 'string' ? found : undefined;
}

function findTools(binOption?: string): Tools | string {
  const bin = binOption ?? process.env.PG_BIN ?? DEFAULT_BIN;
  for (const tool of ['initdb', 'postgres']) {
    if (!existsSync(join(bin, tool))) {
      return `PostgreSQL 15 is not installed (${join(bin, tool)} missing): apt-get install postgresql-15, or set PG_BIN${process.env.CI ? ' (CI: .ci/run installs it as root)' : ''}`;
    }
  }
  if (process.getuid?.() !== 0) return { bin, user: undefined };
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) return 'running as root, but there is no `postgres` user to run PostgreSQL as (the postgresql-15 package creates it)';
  return { bin, user: { uid: Number(uid), gid: Number(gid) } };
}

/** A directory the server's user owns. */
function ownedDir(prefix: string, tools: Tools): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (tools.user) chownSync(dir, tools.user.uid, tools.user.gid);
  return dir;
}

function runAs(tools: Tools, command: string, args: string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8', ...(tools.user ?? {}) });
  if (result.status !== 0) throw new Error(`${command} failed (${result.status ?? result.signal}): ${result.stderr || result.stdout}`);
}

/**
 * initdb costs seconds (most of a cluster's start on a busy machine), so it runs once per
 * machine into a template that each cluster copies. Parallel test files race to make it:
 * each builds in its own directory and renames it into place; a loser throws its copy away.
 */
function template(tools: Tools): string {
  const path = join(tmpdir(), `gc-pg-template-15-w1-${tools.user?.uid ?? process.getuid?.() ?? 'u'}`);
  if (existsSync(join(path, 'COMPLETE'))) return path;
  const building = ownedDir('gc-pg-initdb-', tools);
  const data = join(building, 'data');
  runAs(tools, join(tools.bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', PG_TEST_USER, '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync', '--no-instructions', '--wal-segsize=1']);
  writeFileSync(join(data, 'COMPLETE'), '');
  try {
    renameSync(data, path);
  } catch (error) {
    if (!existsSync(join(path, 'COMPLETE'))) throw error;
  }
  rmSync(building, { recursive: true, force: true });
  return path;
}

/** A loopback port nothing listens on right now (the server may still lose it to a race: retried). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts a PostgreSQL 15 cluster of its own on a free loopback port, in a temp directory that
 * also holds its unix socket. Each test file starts one (its own server can be crashed and
 * restarted without touching another file's) and each test takes a database of its own with
 * `createDatabase`. Throws when PostgreSQL is missing: never a silent skip.
 */
export async function startPostgres(options: PostgresServerOptions = {}): Promise<PostgresServer> {
  const tools = findTools(options.bin);
  if (typeof tools === 'string') throw new Error(tools);
  const dir = ownedDir('gc-pg-', tools);
  const data = join(dir, 'data');
  runAs(tools, 'cp', ['-a', template(tools), data]);

  let child: ChildProcess | undefined;
  let port = 0;
  // A server left running by a test that crashed would outlive the test run: kill it on exit.
  const onExit = () => child?.kill('SIGKILL');
  process.once('exit', onExit);

  const launch = async (): Promise<void> => {
    const settings = ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', `fsync=${options.fsync ? 'on' : 'off'}`];
    settings.push('-c', 'shared_buffers=16MB', '-c', 'max_connections=100');
    const started = spawn(join(tools.bin, 'postgres'), settings, { stdio: ['ignore', 'ignore', 'pipe'], ...(tools.user ?? {}) });
    child = started;
    let log = '';
    started.stderr?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString('utf8')).slice(-8_000);
    });
    const exited = new Promise<void>((resolve) => started.once('exit', () => resolve()));
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (started.exitCode !== null || started.signalCode !== null) throw new ServerExited(log);
      if (await answers(urlOf(port, 'postgres'))) return;
      if (Date.now() > deadline) {
        started.kill('SIGKILL');
        await exited;
        throw new Error(`PostgreSQL did not start within ${READY_TIMEOUT_MS} ms: ${log}`);
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 50))]);
    }
  };

  const halt = async (mode: 'fast' | 'immediate'): Promise<void> => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    // The postmaster's own shutdown signals: SIGINT fast, SIGQUIT immediate (a crash).
    running.kill(mode === 'fast' ? 'SIGINT' : 'SIGQUIT');
    await exited;
  };

  try {
    for (let attempt = 1; ; attempt += 1) {
      port = await freePort();
      try {
        await launch();
        break;
      } catch (error) {
        if (!(error instanceof ServerExited && /could not bind|could not create any TCP\/IP sockets|Address already in use/.test(error.log)) || attempt >= BIND_ATTEMPTS) throw error;
      }
    }
  } catch (error) {
    process.removeListener('exit', onExit);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  return {
    url: urlOf(port, 'postgres'),
    port,
    async createDatabase(name) {
      if (!/^[a-z][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a plain database name: ${name}`);
      const client = new pg.Client({ connectionString: urlOf(port, 'postgres') });
      await client.connect();
      try {
        // A name cannot be a bound parameter; the pattern above makes it a plain identifier.
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return urlOf(port, name);
    },
    halt: (haltOptions) => halt(haltOptions?.mode ?? 'fast'),
    start: () => (child ? Promise.resolve() : launch()),
    async restart() {
      await halt('immediate');
      await launch();
    },
    async stop(stopOptions) {
      await halt(stopOptions?.mode ?? 'immediate');
      process.removeListener('exit', onExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

class ServerExited extends Error {
  readonly log: string;
  constructor(log: string) {
    super(`PostgreSQL exited while starting: ${log}`);
    this.log = log;
  }
}

function urlOf(port: number, database: string): string {
  return `postgres://${PG_TEST_USER}@127.0.0.1:${port}/${database}`;
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  // A refused or reset connection while the server starts is expected: it is retried.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
