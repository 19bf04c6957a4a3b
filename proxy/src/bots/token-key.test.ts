import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createFormTokens } from './form-token.ts';
import { loadTokenKey, TOKEN_SECRET_FILE, type TokenKeyResult } from './token-key.ts';

const AGES = { minAgeMs: 0, maxAgeMs: 60_000 };
const T0 = Date.UTC(2026, 11, 2, 9, 0, 0);

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gc-token-key-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function key(result: TokenKeyResult): Buffer {
  if (!result.ok) throw new Error(result.problem);
  return result.key;
}

/** A token issued with one loaded key, checked with another: what a restart does to open forms. */
const survives = (before: Buffer, after: Buffer) => createFormTokens(after).verifyToken(createFormTokens(before).issueToken('trial', T0), 'trial', T0 + 1_000, AGES);

describe('the form token key', () => {
  it('is generated on the first start into DATA_DIR/token-secret, readable by its owner only', () => {
    const dir = dataDir();
    const first = loadTokenKey({ tokenSecret: undefined, dataDir: dir });
    expect(first).toMatchObject({ ok: true, source: 'created' });
    expect(statSync(join(dir, TOKEN_SECRET_FILE)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, TOKEN_SECRET_FILE), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    // No temp file is left beside it.
    expect(readdirSync(dir)).toEqual([TOKEN_SECRET_FILE]);
  });

  it('is read again on later starts, so tokens issued before a restart stay valid', () => {
    const dir = dataDir();
    const before = key(loadTokenKey({ tokenSecret: undefined, dataDir: dir }));
    const again = loadTokenKey({ tokenSecret: undefined, dataDir: dir });
    expect(again).toMatchObject({ ok: true, source: 'read' });
    expect(survives(before, key(again))).toMatchObject({ ok: true });
    // Another DATA_DIR is another key.
    expect(survives(before, key(loadTokenKey({ tokenSecret: undefined, dataDir: dataDir() })))).toEqual({ ok: false, reason: 'forged' });
  });

  it('comes from TOKEN_SECRET when it is set, the same on every instance, with no file written', () => {
    const secret = 'a-shared-secret-of-at-least-32-characters';
    const one = dataDir();
    const result = loadTokenKey({ tokenSecret: secret, dataDir: one });
    expect(result).toMatchObject({ ok: true, source: 'env' });
    expect(readdirSync(one)).toEqual([]);
    expect(survives(key(result), key(loadTokenKey({ tokenSecret: secret, dataDir: dataDir() })))).toMatchObject({ ok: true });
    expect(survives(key(result), key(loadTokenKey({ tokenSecret: `${secret}!`, dataDir: one })))).toEqual({ ok: false, reason: 'forged' });
    // The key is derived, not the secret's bytes as typed.
    expect(key(result).equals(Buffer.from(secret))).toBe(false);
  });

  it('tightens a kept key file restored with a looser mode', () => {
    const dir = dataDir();
    const before = key(loadTokenKey({ tokenSecret: undefined, dataDir: dir }));
    chmodSync(join(dir, TOKEN_SECRET_FILE), 0o644);
    expect(survives(before, key(loadTokenKey({ tokenSecret: undefined, dataDir: dir })))).toMatchObject({ ok: true });
    expect(statSync(join(dir, TOKEN_SECRET_FILE)).mode & 0o777).toBe(0o600);
  });

  it('refuses a damaged key file rather than replacing it, and says what to do without printing it', () => {
    const dir = dataDir();
    writeFileSync(join(dir, TOKEN_SECRET_FILE), 'not-a-key-canary-5d1e', { mode: 0o600 });
    const result = loadTokenKey({ tokenSecret: undefined, dataDir: dir });
    expect(result.ok).toBe(false);
    const problem = (result as { problem: string }).problem;
    expect(problem).toContain('is damaged');
    expect(problem).toContain('delete it');
    expect(problem).not.toContain('canary');
    expect(readFileSync(join(dir, TOKEN_SECRET_FILE), 'utf8')).toBe('not-a-key-canary-5d1e');
  });

  it('answers a problem, not an exception, when DATA_DIR cannot hold the key', () => {
    const missing = join(dataDir(), 'absent');
    const result = loadTokenKey({ tokenSecret: undefined, dataDir: missing });
    expect(result).toEqual({ ok: false, problem: expect.stringContaining('could not be read or created (ENOENT)') });
  });
});
