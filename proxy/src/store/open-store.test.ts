import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { startTestSandbox } from '../sandbox/test-sandbox.ts';
import { writeFormsFile } from '../testing/child-proxy.ts';
import { DEFAULT_TEST_FORMS_FILE, tempDataDir } from '../testing/harness.ts';
import { runCli } from '../testing/run-cli.ts';
import { SCHEMA_VERSION } from './migrations.ts';
import { openStore, type SqliteStore, STORE_FILE } from './open-store.ts';

const mode = (path: string): number => statSync(path).mode & 0o777;

function open(dataDir: string, kind: 'serve' | 'admin' = 'serve'): SqliteStore {
  const result = openStore({ dataDir, mode: kind });
  if (!result.ok) throw new Error(result.problem);
  return result.store;
}

describe('the store in DATA_DIR', () => {
  it('creates the directory 0700 and its files 0600, in WAL mode with synchronous=FULL', async () => {
    const dataDir = join(tempDataDir(), 'nested', 'data');
    const store = open(dataDir);
    expect(await store.probeWrite(Date.now())).toEqual({ ok: true });
    expect(mode(dataDir)).toBe(0o700);
    for (const file of [STORE_FILE, `${STORE_FILE}-wal`, `${STORE_FILE}-shm`]) expect(mode(join(dataDir, file)), file).toBe(0o600);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(Number(store.db.pragma('busy_timeout', { simple: true }))).toBeGreaterThan(0);
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    void store.close();
  });

  it('tightens a DATA_DIR that exists with looser permissions', () => {
    const dataDir = join(tempDataDir(), 'loose');
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o755);
    void open(dataDir).close();
    expect(mode(dataDir)).toBe(0o700);
  });

  it('migrates once and keeps what it stored across reopenings', async () => {
    const dataDir = tempDataDir();
    const first = open(dataDir);
    await first.probeWrite(1234);
    void first.close();
    const again = open(dataDir);
    expect(again.db.prepare('SELECT at FROM probe').get()).toEqual({ at: 1234 });
    void again.close();
  });

  it('refuses a store written by a newer schema, and the outbox commands refuse one that is missing', () => {
    const dataDir = tempDataDir();
    void open(dataDir).close();
    const db = new Database(join(dataDir, STORE_FILE));
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const newer = openStore({ dataDir, mode: 'serve' });
    expect(newer).toEqual({ ok: false, problem: expect.stringContaining(`schema is version ${SCHEMA_VERSION + 1}, newer`) });
    expect(openStore({ dataDir: join(dataDir, 'nowhere'), mode: 'admin' })).toEqual({ ok: false, problem: expect.stringContaining('no store at') });
  });

  it('serve will not start on a newer schema: one line, exit 1', async () => {
    const sandbox = await startTestSandbox();
    const dataDir = tempDataDir();
    void open(dataDir).close();
    const db = new Database(join(dataDir, STORE_FILE));
    db.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    db.close();
    const result = await runCli(['serve'], {
      GLEANTAP_API_KEY: 'k-1234',
      GLEANTAP_SECRET_KEY: 's-1234',
      GLEANTAP_APP_ID: 'app',
      GLEANTAP_BASE_URL: sandbox.url,
      ALLOWED_ORIGINS: 'https://a.example',
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: dataDir,
      CAPTURE_CONFIG: writeFormsFile(DEFAULT_TEST_FORMS_FILE),
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(new RegExp(`^gleantap-capture serve: .*schema is version ${SCHEMA_VERSION + 5}, newer than this proxy understands`));
  });

  it('serve refuses DATA_DIR under /proc before creating it: the problem, exit 2, promptly', async () => {
    // Before the check, Node's recursive mkdir spun forever here; the deadline kills such a child.
    const result = await runCli(
      ['serve'],
      {
        GLEANTAP_API_KEY: 'k-1234',
        GLEANTAP_SECRET_KEY: 's-1234',
        GLEANTAP_APP_ID: 'app',
        ALLOWED_ORIGINS: 'https://a.example',
        HOST: '127.0.0.1',
        PORT: '0',
        DATA_DIR: '/proc/gleantap-test',
      },
      undefined,
      { killAfterMs: 25_000 },
    );
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      'gleantap-capture: the configuration has 1 problem:',
      '  DATA_DIR: /proc/gleantap-test is inside /proc, a kernel pseudo filesystem that cannot hold a store; choose a directory on a real disk, e.g. /var/lib/gleantap-capture',
    ]);
    expect(result.stdout).not.toContain('proxy listening');
  });

  it("a file in DATA_DIR's way is a DATA_DIR problem for serve; the outbox commands find no store", () => {
    const file = join(tempDataDir(), 'data');
    writeFileSync(file, 'not a directory');
    expect(openStore({ dataDir: join(file, 'store'), mode: 'serve' })).toEqual({
      ok: false,
      setting: 'DATA_DIR',
      problem: `${file}/store cannot be created: ${file} is a file, not a directory`,
    });
    expect(openStore({ dataDir: join(file, 'store'), mode: 'admin' })).toEqual({ ok: false, problem: expect.stringContaining('no store at') });
  });
});
