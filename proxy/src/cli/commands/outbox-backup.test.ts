import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startTestSandbox } from '../../sandbox/test-sandbox.ts';
import { migrate, SCHEMA_VERSION } from '../../store/migrations.ts';
import { openStore, STORE_FILE } from '../../store/open-store.ts';
import { startChildProxy } from '../../testing/child-proxy.ts';
import { post, startHarness, tempDataDir } from '../../testing/harness.ts';
import { runOutbox } from '../../testing/outbox-cli.ts';
import { contactsById, formsWithOutbox, lead } from '../../testing/outbox-fixtures.ts';
import { runCli } from '../../testing/run-cli.ts';
import { seededRandom, startSubmitStream } from '../../testing/submit-stream.ts';
import { waitFor } from '../../testing/wait-for.ts';

const TOTAL = 400;
const CLIENTS = 8;

const backupsDir = (): string => mkdtempSync(join(tmpdir(), 'gc-backups-'));

/** What a copy holds, read with a connection of its own. */
function readCopy(path: string): { integrity: unknown; version: unknown; ids: Set<string>; journal: unknown } {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }),
      version: db.pragma('user_version', { simple: true }),
      journal: db.pragma('journal_mode', { simple: true }),
      ids: new Set(
        db
          .prepare<[], { id: string }>('SELECT id FROM submissions')
          .all()
          .map((row) => row.id),
      ),
    };
  } finally {
    db.close();
  }
}

describe('gleantap-capture outbox backup', () => {
  it('copies the store of a running serve mid-stream: the copy is whole and holds every lead answered before it began', { timeout: 90_000 }, async () => {
    const sandbox = await startTestSandbox();
    // A slow Gleantap keeps the stream (and serve's writes) going while the backup runs.
    await sandbox.fault({ mode: 'slow', endpoint: 'newContact', delayMs: 100 });
    const dataDir = tempDataDir();
    const proxy = await startChildProxy({ dataDir, sandboxUrl: sandbox.url, formsFile: formsWithOutbox({ inlineBudgetMs: 2000 }) });
    const stream = startSubmitStream({ url: () => proxy.url, total: TOTAL, clients: CLIENTS, tag: 'backup', random: seededRandom(7) });
    onTestFinished(() => stream.stop());

    await waitFor('a stream in full flow', () => stream.answers().length >= 20 && stream.outstanding() >= CLIENTS / 2, 30_000, 5);
    const acknowledgedBefore = stream.answers().map((answer) => answer.id);
    const file = join(backupsDir(), 'capture-backup.db');
    const result = await runCli(['outbox', 'backup', file], { DATA_DIR: dataDir }, undefined, { killAfterMs: 60_000 });

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const copy = readCopy(file);
    expect(copy.integrity).toBe('ok');
    expect(copy.version).toBe(SCHEMA_VERSION);
    // One file, no WAL beside it: what an operator moves elsewhere is the whole backup.
    expect(copy.journal).toBe('delete');
    expect(readdirSync(join(file, '..'))).toEqual(['capture-backup.db']);
    expect(acknowledgedBefore.filter((id) => !copy.ids.has(id))).toEqual([]);
    expect(result.stdout).toContain(`backup written: ${file}`);
    expect(result.stdout).toContain(`store schema version ${SCHEMA_VERSION}`);
    expect(result.stdout).toMatch(/^rows: queued \d+, sending \d+, delivered \d+, dead 0, dropped 0$/m);
    const counted = /rows: queued (\d+), sending (\d+), delivered (\d+)/.exec(result.stdout)?.slice(1).map(Number) ?? [];
    expect(counted.reduce((sum, count) => sum + count, 0)).toBe(copy.ids.size);
    // The command names no visitor: no email, no name from the stream.
    expect(result.stdout).not.toMatch(/@example\.com|Ada|Lovelace/);

    // The stream went on unharmed: every lead answered 2xx, every one delivered exactly once.
    await stream.finished;
    expect(stream.unexpected()).toEqual([]);
    expect(stream.answers()).toHaveLength(TOTAL);
    await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
    const contacts = await waitFor(
      'every acknowledged lead delivered',
      async () => {
        const byId = contactsById(await sandbox.contacts());
        return stream.answers().every((answer) => byId.get(answer.id) === 1) ? byId : undefined;
      },
      60_000,
    );
    expect(contacts.size).toBe(TOTAL);
    expect(proxy.child.exitCode).toBeNull();
  });

  it('refuses to replace an existing file unless --force, and says why', async () => {
    const harness = await startHarness();
    onTestFinished(() => harness.close());
    expect((await post(harness.proxy.url, lead('kept'))).status).toBe(201);
    const file = join(backupsDir(), 'in-the-way.db');
    writeFileSync(file, 'not a backup');

    const refused = await runOutbox(harness.dataDir, 'backup', file);
    expect(refused).toEqual({ code: 2, stdout: '', stderr: `gleantap-capture outbox backup: ${file} exists (pass --force to replace it)` });
    expect(readFileSync(file, 'utf8')).toBe('not a backup');

    const forced = await runOutbox(harness.dataDir, 'backup', file, '--force');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/^rows: queued 0, sending 0, delivered 1, dead 0, dropped 0$/m);
    expect(readCopy(file).integrity).toBe('ok');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(file, '..'))).toEqual(['in-the-way.db']);
  });

  it('answers bad usage with 2 and a missing store with 1, writing nothing', async () => {
    const dir = backupsDir();
    expect(await runOutbox(tempDataDir(), 'backup')).toMatchObject({ code: 2, stderr: expect.stringContaining('name one file to write') });
    expect(await runOutbox(tempDataDir(), 'backup', join(dir, 'a.db'), join(dir, 'b.db'))).toMatchObject({ code: 2 });
    const empty = tempDataDir();
    const missing = await runOutbox(empty, 'backup', join(dir, 'a.db'));
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining(`no store at ${join(empty, 'capture.db')}`) });
    const withStore = tempDataDir();
    const opened = openStore({ dataDir: withStore, mode: 'serve' });
    if (opened.ok) opened.store.close();
    const noDir = await runOutbox(withStore, 'backup', join(dir, 'absent', 'a.db'));
    expect(noDir.stderr).toMatch(/^gleantap-capture outbox backup: cannot write in .*absent \(ENOENT\)$/);
    expect(noDir.code).toBe(1);
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(join(dir, 'absent'))).toBe(false);
  });

  it('copies a store of an earlier schema as it is (a backup before an upgrade) and refuses a newer one', async () => {
    const older = tempDataDir();
    const db = new Database(join(older, STORE_FILE));
    migrate(db, 1);
    db.close();
    const file = join(backupsDir(), 'before-upgrade.db');
    const copied = await runOutbox(older, 'backup', file);
    expect(copied.code).toBe(0);
    expect(copied.stdout).toContain('store schema version 1');
    expect(readCopy(file).version).toBe(1);

    const newer = tempDataDir();
    const future = new Database(join(newer, STORE_FILE));
    migrate(future);
    future.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    future.close();
    const refused = await runOutbox(newer, 'backup', join(backupsDir(), 'future.db'));
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining(`newer than this command understands (${SCHEMA_VERSION})`) });
  });
});
