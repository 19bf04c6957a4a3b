import { chmodSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { type AdmitInput, createAdmitQueries } from '../../store/admit-queries.ts';
import { openStore } from '../../store/open-store.ts';
import { tempDataDir } from '../../testing/harness.ts';
import { runOutbox as outbox } from '../../testing/outbox-cli.ts';

async function storeWith(...inputs: Array<{ id: string; email: string; start: AdmitInput['start'] }>): Promise<string> {
  const dataDir = tempDataDir();
  const opened = openStore({ dataDir, mode: 'serve' });
  if (!opened.ok) throw new Error(opened.problem);
  onTestFinished(() => opened.store.close());
  const admit = createAdmitQueries(opened.store.db);
  for (const { id, email, start } of inputs) {
    await admit.admit({
      key: { formId: 'default', id },
      fingerprint: `fp-${id}`,
      token: { nonce: `nonce-${id}`, issuedAt: 1_000 },
      contact: { app_id: 'app', first_name: 'Ada', last_name: 'Lovelace', email } as AdmitInput['contact'],
      optin: undefined,
      apiKeyEnv: 'GLEANTAP_API_KEY',
      secretKeyEnv: 'GLEANTAP_SECRET_KEY',
      start,
      nowMs: 1_000,
      owner: 'o',
      leaseUntil: 10_000,
      answerDueUntil: 5_000,
      nextAttemptAt: 1_000,
      ...(start === 'invalid' ? { contact: undefined, invalid: { problem: 'p', draft: { values: { email }, consent: {}, context: undefined, acceptedAt: 1_000 } } } : {}),
    });
  }
  return dataDir;
}

const mode = (path: string): number => statSync(path).mode & 0o777;

describe('outbox export --output', () => {
  it('writes a new file readable by its owner only, and replaces one only with --force', async () => {
    const dataDir = await storeWith({ id: 'd1', email: 'dead@example.com', start: 'invalid' });
    const file = join(dataDir, 'dead.csv');
    const written = await outbox(dataDir, 'export', '--output', file);
    expect(written).toMatchObject({ code: 0, stdout: `export written: ${file} (1 row, mode 0600)` });
    expect(written.stdout).not.toContain('dead@example.com');
    expect(mode(file)).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain('dead@example.com');

    writeFileSync(file, 'kept');
    expect(await outbox(dataDir, 'export', '--output', file)).toMatchObject({ code: 2, stderr: expect.stringContaining('exists (pass --force to replace it)') });
    expect(readFileSync(file, 'utf8')).toBe('kept');
    // A file someone left readable to all is replaced by one that is not.
    chmodSync(file, 0o644);
    expect((await outbox(dataDir, 'export', '--output', file, '--force', '--format', 'json')).code).toBe(0);
    expect(mode(file)).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual([expect.objectContaining({ id: 'd1', fields: { email: 'dead@example.com' } })]);

    // Never written through a link planted at the path.
    const target = join(dataDir, 'elsewhere.txt');
    writeFileSync(target, 'untouched');
    symlinkSync(target, join(dataDir, 'link.csv'));
    expect((await outbox(dataDir, 'export', '--output', join(dataDir, 'link.csv'))).code).toBe(2);
    expect(readFileSync(target, 'utf8')).toBe('untouched');
    expect(await outbox(dataDir, 'export', '--force')).toMatchObject({ code: 2, stderr: expect.stringContaining('give --output <file>') });
    expect(await outbox(dataDir, 'export', '--output', join(dataDir, 'missing-dir', 'x.csv'))).toMatchObject({ code: 1, stderr: expect.stringContaining('ENOENT') });
  });

  it('--email gives every row stored about one person, in any state, with its bodies and times', async () => {
    const dataDir = await storeWith(
      { id: 'q1', email: 'ada@example.com', start: 'queue' },
      { id: 'x1', email: 'ada@example.com', start: 'invalid' },
      { id: 'o1', email: 'bob@example.com', start: 'queue' },
    );
    const file = join(dataDir, 'ada.json');
    expect((await outbox(dataDir, 'export', '--email', 'ADA@example.com', '--output', file)).code).toBe(0);
    expect(mode(file)).toBe(0o600);
    const rows = JSON.parse(readFileSync(file, 'utf8')) as Array<Record<string, unknown>>;
    expect(rows).toEqual([
      expect.objectContaining({ id: 'q1', state: 'queued', acceptedAt: '1970-01-01T00:00:01.000Z', contact: expect.objectContaining({ email: 'ada@example.com' }), optinBody: null }),
      expect.objectContaining({ id: 'x1', state: 'dead', deadReason: 'invalid_contact', deadAt: '1970-01-01T00:00:01.000Z', contact: null, fields: { email: 'ada@example.com' } }),
    ]);
    expect(await outbox(dataDir, 'export', '--email', 'ada@example.com', '--state', 'dead')).toMatchObject({ code: 2, stderr: expect.stringContaining('do not go together') });
    expect(await outbox(dataDir, 'export', '--form', 'default')).toMatchObject({ code: 2, stderr: expect.stringContaining('--form narrows --email/--phone only') });
  });
});
