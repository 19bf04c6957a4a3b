// What the figures were measured on: machine, Node, the proxy's package versions, the tree's
// commit and the load average before the run (the machine may be shared).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';

/** The version of `name` as resolved from the file `from` (walks up to its package.json). */
export function packageVersion(from, name) {
  try {
    let dir = dirname(createRequire(from).resolve(name));
    while (dir !== dirname(dir)) {
      const file = join(dir, 'package.json');
      if (existsSync(file)) {
        const pkg = JSON.parse(readFileSync(file, 'utf8'));
        if (pkg.name === name) return pkg.version;
      }
      dir = dirname(dir);
    }
  } catch {}
  return 'not found';
}

function commitOf(dir) {
  try {
    const sha = execFileSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['-C', dir, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim() !== '';
    return dirty ? `${sha} (with uncommitted changes)` : sha;
  } catch {
    return 'unknown';
  }
}

export function describeMachine(serves) {
  const cpu = cpus();
  return {
    date: new Date().toISOString(),
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: totalmem() / 2 ** 30,
    node: process.version,
    loadBefore: loadavg(),
    serves: serves.map((serve) => ({
      label: serve.label,
      bin: serve.bin,
      commit: commitOf(dirname(serve.bin)),
      versions: Object.fromEntries(['express', 'undici', 'better-sqlite3'].map((name) => [name, packageVersion(serve.bin, name)])),
    })),
  };
}
