import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';

/** How writing an export file went; `exists` when the file is there and `force` was not given. */
export type ExportFileResult = { readonly ok: true } | { readonly ok: false; readonly reason: 'exists' | 'failed'; readonly problem: string };

/**
 * Writes `text` to `path` readable by its owner only (0600): exports hold visitors' personal
 * data. Created exclusively (`wx`: never through an existing file or symlink, whose mode or
 * target would be someone else's choice); with `force` it is written beside and renamed over.
 */
export function writeExportFile(path: string, text: string, force: boolean): ExportFileResult {
  const target = force ? `${path}.${process.pid}.tmp` : path;
  let fd: number;
  try {
    fd = openSync(target, 'wx', 0o600);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EEXIST' && !force) return { ok: false, reason: 'exists', problem: `${path} exists (pass --force to replace it)` };
    return { ok: false, reason: 'failed', problem: `cannot create ${path} (${code ?? String(error)})` };
  }
  try {
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    if (force) renameSync(target, path);
    return { ok: true };
  } catch (error) {
    try {
      closeSync(fd);
    } catch {}
    try {
      unlinkSync(target);
    } catch {}
    return { ok: false, reason: 'failed', problem: `cannot write ${path} (${(error as { code?: string }).code ?? String(error)})` };
  }
}
