import { mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDataDir } from '../testing/harness.ts';
import { createDataDir, planDataDir } from './data-dir.ts';

describe('DATA_DIR is checked before anything is created', () => {
  it.each(['/proc/gleantap-test', '/proc', '/sys/fs/gleantap', '/dev/shm/gleantap', '/proc/self/../x'])('refuses %s, a kernel pseudo filesystem', (path) => {
    const plan = planDataDir(path);
    expect(plan).toEqual({ ok: false, problem: expect.stringMatching(/ is inside \/(proc|sys|dev), a kernel pseudo filesystem that cannot hold a store; choose a directory on a real disk/) });
  });

  it('refuses a symbolic link that leads into /proc', () => {
    const link = join(tempDataDir(), 'looks-harmless');
    symlinkSync('/proc', link);
    expect(planDataDir(join(link, 'data'))).toEqual({
      ok: false,
      problem: `${link}/data leads (through a symbolic link) into /proc, a kernel pseudo filesystem that cannot hold a store; choose a directory on a real disk, e.g. /var/lib/gleantap-capture`,
    });
  });

  it('refuses a path whose nearest existing ancestor is a file, and a DATA_DIR that is a file', () => {
    const file = join(tempDataDir(), 'notes.txt');
    writeFileSync(file, 'x');
    expect(planDataDir(join(file, 'a', 'b'))).toEqual({ ok: false, problem: `${file}/a/b cannot be created: ${file} is a file, not a directory` });
    expect(planDataDir(file)).toEqual({ ok: false, problem: `${file} exists and is not a directory` });
  });

  it('creates the missing levels one at a time, each 0700, and accepts an existing directory', () => {
    const root = tempDataDir();
    const plan = planDataDir(join(root, 'a', 'b', 'data'));
    expect(plan).toEqual({ ok: true, path: join(root, 'a', 'b', 'data'), existing: root, missing: ['a', 'b', 'data'] });
    if (!plan.ok) return;
    createDataDir(plan, 0o700);
    for (const dir of ['a', 'a/b', 'a/b/data']) expect(statSync(join(root, dir)).mode & 0o777, dir).toBe(0o700);
    mkdirSync(join(root, 'plain'));
    expect(planDataDir(join(root, 'plain'))).toEqual({ ok: true, path: join(root, 'plain'), existing: join(root, 'plain'), missing: [] });
  });
});
