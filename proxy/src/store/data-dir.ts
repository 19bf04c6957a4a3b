import { mkdirSync, realpathSync, type Stats, statfsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * Kernel pseudo filesystems by path. Nothing written there is kept, and Node's recursive mkdir
 * never returns on them (mkdir says ENOENT, the parent exists, and it retries forever at 100%
 * CPU, deaf to SIGTERM), so DATA_DIR is refused there before anything is created.
 */
const PSEUDO_ROOTS = ['/proc', '/sys', '/dev'] as const;

/** The same filesystems mounted elsewhere (a container's `/host/proc`), by Linux statfs magic. */
const PSEUDO_FS_TYPES: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0xcafe4a11, 'bpf'],
  [0x62656570, 'configfs'],
]);

const SUGGESTION = 'choose a directory on a real disk, e.g. /var/lib/gleantap-capture';

/** Where DATA_DIR stands: its nearest existing ancestor (itself when it exists) and what is left to create. */
export type DataDirPlan = { readonly ok: true; readonly path: string; readonly existing: string; readonly missing: readonly string[] } | { readonly ok: false; readonly problem: string };

/**
 * Looks at DATA_DIR without creating anything: refuses a path on a pseudo filesystem (also
 * through symlinks) and one whose nearest existing ancestor is not a directory. The problem is
 * one sentence for the owner, about the DATA_DIR setting.
 */
export function planDataDir(dataDir: string): DataDirPlan {
  const path = resolve(dataDir);
  const underPseudo = pseudoRoot(path);
  if (underPseudo) return refuse(path, `is inside ${underPseudo}, a kernel pseudo filesystem that cannot hold a store; ${SUGGESTION}`);
  const missing: string[] = [];
  let existing = path;
  let stats: Stats | undefined;
  for (;;) {
    try {
      stats = statSync(existing);
      break;
    } catch (error) {
      const code = errorCode(error);
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return refuse(path, `cannot be inspected (${code} at ${existing})`);
      const parent = dirname(existing);
      if (parent === existing) return refuse(path, 'has no existing ancestor directory');
      missing.unshift(basename(existing));
      existing = parent;
    }
  }
  if (!stats.isDirectory()) {
    return refuse(path, existing === path ? 'exists and is not a directory' : `cannot be created: ${existing} is a file, not a directory`);
  }
  let real: string;
  try {
    real = realpathSync(existing);
  } catch (error) {
    return refuse(path, `cannot be inspected (${errorCode(error)} at ${existing})`);
  }
  const realPseudo = pseudoRoot(join(real, ...missing));
  if (realPseudo) return refuse(path, `leads (through a symbolic link) into ${realPseudo}, a kernel pseudo filesystem that cannot hold a store; ${SUGGESTION}`);
  const fsType = pseudoFsType(real);
  if (fsType) return refuse(path, `is on a ${fsType} filesystem, a kernel pseudo filesystem that cannot hold a store; ${SUGGESTION}`);
  return { ok: true, path, existing, missing };
}

/** A DATA_DIR that passed {@link planDataDir}. */
export type UsableDataDir = Extract<DataDirPlan, { ok: true }>;

/**
 * Creates what the plan found missing, one level at a time and never recursively, so no
 * filesystem can trap the process in a retry loop; new directories get `mode` (before umask).
 */
export function createDataDir(plan: UsableDataDir, mode: number): void {
  let current = plan.existing;
  for (const part of plan.missing) {
    current = join(current, part);
    try {
      mkdirSync(current, { mode });
    } catch (error) {
      // Another process (a second serve on the same DATA_DIR) may have made it meanwhile.
      if (errorCode(error) !== 'EEXIST' || !statSync(current).isDirectory()) throw error;
    }
  }
}

function pseudoFsType(path: string): string | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    return PSEUDO_FS_TYPES.get(statfsSync(path).type);
  } catch {
    // statfs is a second line of defence; where it fails, the path checks above stand.
    return undefined;
  }
}

function pseudoRoot(path: string): string | undefined {
  return PSEUDO_ROOTS.find((root) => path === root || path.startsWith(`${root}/`));
}

function refuse(path: string, reason: string): DataDirPlan {
  return { ok: false, problem: `${path} ${reason}` };
}

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unknown error';
}
