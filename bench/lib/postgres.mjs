// A PostgreSQL 15 cluster of the benchmark's own (Debian's postgresql-15 binaries, `PG_BIN`
// overrides the directory), with fsync on: an acceptance is measured the way production pays
// for it, the commit's WAL flushed to disk. On a free loopback port; stopped by `stop()`.
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './children.mjs';

const require = createRequire(new URL('../../proxy/package.json', import.meta.url));
const pg = require('pg');

const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const USER = 'app';

/** Why this machine cannot run PostgreSQL for the benchmark, or undefined. */
export function postgresMissing() {
  for (const tool of ['initdb', 'postgres']) if (!existsSync(join(BIN, tool))) return `PostgreSQL 15 is not installed (${join(BIN, tool)} missing): apt-get install postgresql-15, or set PG_BIN`;
  return undefined;
}

/** initdb refuses to run as root: then the server runs as the `postgres` user the package creates. */
function serverUser() {
  if (process.getuid?.() !== 0) return {};
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined) throw new Error('running as root, but there is no `postgres` user to run PostgreSQL as');
  return { uid: Number(uid), gid: Number(gid) };
}

async function answers(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
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

/** Starts the cluster and creates database `name`; resolves with its URL and a stop. */
export async function startPostgres(name) {
  const missing = postgresMissing();
  if (missing) throw new Error(missing);
  const user = serverUser();
  const dir = mkdtempSync(join(tmpdir(), 'gc-bench-pg-'));
  if (user.uid !== undefined) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const init = spawnSync(join(BIN, 'initdb'), ['-D', data, '-A', 'trust', '-U', USER, '-E', 'UTF8', '--locale=C.UTF-8', '--no-instructions'], { encoding: 'utf8', ...user });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const port = await freePort();
  const settings = ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=on', '-c', 'synchronous_commit=on', '-c', 'max_connections=100'];
  const child = spawn(join(BIN, 'postgres'), settings, { stdio: ['ignore', 'ignore', 'pipe'], ...user });
  let log = '';
  child.stderr.on('data', (chunk) => (log = (log + chunk).slice(-4000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const base = `postgres://${USER}@127.0.0.1:${port}`;
  const deadline = performance.now() + 60_000;
  while (!(await answers(`${base}/postgres`))) {
    if (child.exitCode !== null || performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`PostgreSQL did not start: ${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: `${base}/${name}`,
    pid: child.pid,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT'); // a fast shutdown
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
