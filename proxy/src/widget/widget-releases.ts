import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, type Stats, writeSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { WidgetBundle } from './widget-bundle.ts';

/** The folder inside DATA_DIR that keeps every widget release this proxy has served. */
export const RELEASES_DIR = 'widget-releases';

/** `widget.<first 8 hex digits of its SHA-256>.js`, the name it is served under. */
const RELEASE_NAME = /^widget\.([0-9a-f]{8})\.js$/;
/** The widget is ~30 KB; anything far larger is not a release of ours and is not read into memory. */
const MAX_RELEASE_BYTES = 1024 * 1024;
/** Years of weekly releases; beyond it the oldest (by modification time) are left unserved. */
const MAX_RELEASES = 500;
/** Ignored files are named one by one up to this many, then counted, so junk cannot flood the log. */
const MAX_NAMED_NOTICES = 10;

/** A release served at `/widget/widget.<hash>.js`. Older releases carry gzip only (brotli costs ~70 ms each to compute). */
export interface WidgetRelease {
  readonly bytes: Buffer;
  readonly gzip: Buffer;
  readonly brotli?: Buffer;
  readonly hash: string;
  readonly integrity: string;
}

/** Something the owner should hear about; the caller logs it. */
export interface ReleaseNotice {
  readonly level: 'warn' | 'error';
  readonly file: string;
  readonly message: string;
}

export interface KeptReleases {
  /** Earlier releases by file name; the current release is served from its bundle and is not repeated here. */
  readonly releases: ReadonlyMap<string, WidgetRelease>;
  readonly notices: readonly ReleaseNotice[];
}

/** The file name a bundle is served and kept under. */
export function releaseFileName(hash: string): string {
  return `widget.${hash}.js`;
}

/**
 * Keeps the current bundle in `DATA_DIR/widget-releases` (0700, files 0600, written atomically,
 * never replacing a good file) and loads every earlier release kept there, so an SRI-pinned
 * embed keeps working after an upgrade. Only files whose name is a release name and whose
 * bytes hash to that name are served; everything else is reported and left alone.
 */
export function keepWidgetReleases(dataDir: string, current: WidgetBundle | undefined): KeptReleases {
  const dir = join(dataDir, RELEASES_DIR);
  const notices: ReleaseNotice[] = [];
  const dirProblem = prepareDir(dir);
  if (dirProblem) return { releases: new Map(), notices: [{ level: 'error', file: RELEASES_DIR, message: dirProblem }] };
  if (current) {
    const notice = saveRelease(dir, current);
    if (notice) notices.push(notice);
  }
  const currentName = current ? releaseFileName(current.hash) : undefined;
  const { releases, ignored } = loadReleases(dir, currentName);
  notices.push(...ignored.slice(0, MAX_NAMED_NOTICES));
  if (ignored.length > MAX_NAMED_NOTICES) {
    notices.push({ level: 'warn', file: RELEASES_DIR, message: `${ignored.length - MAX_NAMED_NOTICES} more files ignored` });
  }
  return { releases, notices };
}

function prepareDir(dir: string): string | undefined {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') return `cannot be created (${errorCode(error)}): earlier widget releases are not served`;
  }
  try {
    const stats = lstatSync(dir);
    if (!stats.isDirectory()) return 'is not a directory: earlier widget releases are not served';
    if ((stats.mode & 0o077) !== 0) chmodSync(dir, 0o700);
  } catch (error) {
    return `cannot be read (${errorCode(error)}): earlier widget releases are not served`;
  }
  return undefined;
}

/** Writes the current release unless a file with exactly its bytes is there already. */
function saveRelease(dir: string, bundle: WidgetBundle): ReleaseNotice | undefined {
  const file = releaseFileName(bundle.hash);
  const path = join(dir, file);
  let present = false;
  let existing: Buffer | undefined;
  try {
    const stats = lstatSync(path);
    present = true;
    if (stats.isFile()) existing = readFileSync(path);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') return { level: 'error', file, message: `the current release cannot be checked (${errorCode(error)}); after an upgrade, embeds pinned to it may stop loading` };
  }
  if (existing?.equals(bundle.bytes)) return undefined;
  // Eight hex digits can collide: the file already kept under this name is the one some page
  // may have pinned, so it is never replaced by different bytes that happen to share its name.
  if (existing && shortHash(existing) === bundle.hash) {
    return { level: 'error', file, message: 'a different release with the same short hash is kept; it is left as it is, and this release is served under that name only while it is current' };
  }
  try {
    writeAtomically(dir, file, bundle.bytes);
  } catch (error) {
    return { level: 'error', file, message: `the current release could not be kept (${errorCode(error)}); after an upgrade, embeds pinned to it will stop loading` };
  }
  // What stood under the name did not hash to it, so it could never be served: it is repaired.
  return present ? { level: 'warn', file, message: 'the file kept under this name did not match it (damaged or edited); it was replaced by the current release' } : undefined;
}

/** Temp file in the same folder, synced, then renamed over the name: a reader sees all of it or nothing. */
function writeAtomically(dir: string, file: string, bytes: Buffer): void {
  const temp = join(dir, `.${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = openSync(temp, 'wx', 0o600);
    try {
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, join(dir, file));
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  syncDir(dir);
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some platforms cannot fsync a directory; the rename itself is still atomic.
  }
}

function loadReleases(dir: string, currentName: string | undefined): { releases: Map<string, WidgetRelease>; ignored: ReleaseNotice[] } {
  const ignored: ReleaseNotice[] = [];
  const releases = new Map<string, WidgetRelease>();
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    ignored.push({ level: 'error', file: RELEASES_DIR, message: `cannot be read (${errorCode(error)}): earlier widget releases are not served` });
    return { releases, ignored };
  }
  const candidates: Array<{ name: string; hash: string; mtimeMs: number }> = [];
  for (const name of names) {
    if (name === currentName) continue;
    const hash = RELEASE_NAME.exec(name)?.[1];
    if (hash === undefined) {
      ignored.push({ level: 'warn', file: name, message: 'not a widget release name (widget.<8 hex digits>.js); ignored' });
      continue;
    }
    const stats = tryLstat(join(dir, name));
    if (!stats?.isFile()) ignored.push({ level: 'warn', file: name, message: 'not a regular file; ignored' });
    else if (stats.size > MAX_RELEASE_BYTES) ignored.push({ level: 'warn', file: name, message: `larger than ${MAX_RELEASE_BYTES} bytes; ignored` });
    else candidates.push({ name, hash, mtimeMs: stats.mtimeMs });
  }
  candidates.sort((a, b) => b.mtimeMs - a.mtimeMs);
  if (candidates.length > MAX_RELEASES) {
    ignored.push({ level: 'warn', file: RELEASES_DIR, message: `more than ${MAX_RELEASES} releases kept; the ${candidates.length - MAX_RELEASES} oldest are not served` });
  }
  for (const { name, hash } of candidates.slice(0, MAX_RELEASES)) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(dir, name));
    } catch (error) {
      ignored.push({ level: 'warn', file: name, message: `cannot be read (${errorCode(error)}); ignored` });
      continue;
    }
    if (shortHash(bytes) !== hash) {
      ignored.push({ level: 'warn', file: name, message: 'its bytes do not hash to its name (damaged or edited); ignored' });
      continue;
    }
    releases.set(name, {
      bytes,
      gzip: gzipSync(bytes, { level: 9 }),
      hash,
      integrity: `sha384-${createHash('sha384').update(bytes).digest('base64')}`,
    });
  }
  return { releases, ignored };
}

function shortHash(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 8);
}

function tryLstat(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unknown error';
}
