import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, linkSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** The file in DATA_DIR that keeps a generated key, so restarts keep issued tokens valid. */
export const TOKEN_SECRET_FILE = 'token-secret';

/** Where the key came from; logged at start-up (never the key). */
export type TokenKeySource = 'env' | 'created' | 'read';

export type TokenKeyResult = { readonly ok: true; readonly key: Buffer; readonly source: TokenKeySource } | { readonly ok: false; readonly problem: string };

/** 32 random bytes, written as 64 hex digits and a newline. */
const KEY_HEX = /^[0-9a-f]{64}\n?$/;

/**
 * The HMAC key of form tokens: derived from `TOKEN_SECRET` when it is set (several instances
 * share it), else the key kept in `DATA_DIR/token-secret`, generated on the first start.
 * Deriving (HMAC of a fixed label) keeps the key used for tokens apart from the secret as the
 * owner typed it, should the same secret ever serve something else. DATA_DIR must exist (the
 * store has created it). Problems are one sentence for the owner and never contain the key.
 */
export function loadTokenKey(options: { readonly tokenSecret: string | undefined; readonly dataDir: string }): TokenKeyResult {
  if (options.tokenSecret !== undefined) return { ok: true, key: derive(Buffer.from(options.tokenSecret, 'utf8')), source: 'env' };
  const path = join(options.dataDir, TOKEN_SECRET_FILE);
  try {
    const created = createKeyFile(options.dataDir, path);
    const text = created ?? readFileSync(path, 'utf8');
    if (!KEY_HEX.test(text)) {
      return { ok: false, problem: `${path} is damaged (not a key this program wrote); delete it to generate a new one (forms open in browsers then fetch fresh tokens), or set TOKEN_SECRET` };
    }
    // A copy restored with a looser mode is tightened, like the store's files.
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    return { ok: true, key: derive(Buffer.from(text.slice(0, 64), 'hex')), source: created === undefined ? 'read' : 'created' };
  } catch (error) {
    return { ok: false, problem: `${path} could not be read or created (${errorCode(error)}); set TOKEN_SECRET or make DATA_DIR writable` };
  }
}

function derive(secret: Buffer): Buffer {
  return createHmac('sha256', secret).update('gleantap-capture form token key v1').digest();
}

/**
 * Writes a new key unless one exists; returns its text, or undefined when the file was already
 * there. The key is written in full to a private temp file (`wx`, 0600) and then linked to its
 * name: link() fails if the name exists, so two processes starting at once agree on one key,
 * and neither ever reads a half-written file.
 */
function createKeyFile(dir: string, path: string): string | undefined {
  try {
    statSync(path);
    return undefined;
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
  const text = `${randomBytes(32).toString('hex')}\n`;
  const temp = join(dir, `.${TOKEN_SECRET_FILE}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = openSync(temp, 'wx', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(temp, path);
    } catch (error) {
      if (errorCode(error) === 'EEXIST') return undefined;
      throw error;
    }
    syncDir(dir);
    return text;
  } finally {
    rmSync(temp, { force: true });
  }
}

function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : 'unknown error';
}
