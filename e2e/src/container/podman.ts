import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** How one podman command ended. */
export interface PodmanResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * podman's defaults fail on these machines (rlimits it may not raise, hybrid cgroups): runc with
 * cgroupfs and no default ulimits works. A CONTAINERS_CONF the caller set wins.
 */
function podmanEnvironment(): NodeJS.ProcessEnv {
  if (process.env['CONTAINERS_CONF'] !== undefined) return process.env;
  const conf = join(mkdtempSync(join(tmpdir(), 'gc-podman-')), 'containers.conf');
  writeFileSync(conf, '[containers]\ndefault_ulimits = []\n[engine]\ncgroup_manager = "cgroupfs"\n');
  return { ...process.env, CONTAINERS_CONF: conf };
}

const ENV = podmanEnvironment();
const RUNC = '/usr/sbin/runc';
/** Global flags before every subcommand. */
export const PODMAN_FLAGS: readonly string[] = [...(existsSync(RUNC) ? ['--runtime', RUNC] : []), '--cgroup-manager=cgroupfs'];

/** Why the container test cannot run here, or undefined when podman answers. */
export function podmanMissing(): string | undefined {
  const probe = spawnSync('podman', [...PODMAN_FLAGS, 'version', '--format', '{{.Client.Version}}'], { env: ENV, encoding: 'utf8', timeout: 30_000 });
  if (probe.error !== undefined) return 'podman is not installed (apt-get install podman runc debootstrap)';
  if (probe.status !== 0) return `podman does not run here (${probe.stderr.trim().split('\n')[0] ?? 'no output'})`;
  return undefined;
}

/**
 * Runs podman asynchronously (the lead stream keeps running meanwhile); `env` is added to the
 * child's environment so values such as keys travel as `--env NAME`, never on a command line.
 */
export function podman(args: readonly string[], options: { env?: Record<string, string>; onOutput?: (chunk: string) => void } = {}): Promise<PodmanResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('podman', [...PODMAN_FLAGS, ...args], { env: { ...ENV, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      options.onOutput?.(chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      options.onOutput?.(chunk);
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Like podman() but fails with the command's stderr unless it exits 0. */
export async function podmanOk(args: readonly string[], options: { env?: Record<string, string> } = {}): Promise<string> {
  const result = await podman(args, options);
  if (result.code !== 0) throw new Error(`podman ${args.slice(0, 3).join(' ')} … exited ${result.code}: ${result.stderr.slice(-2000)}`);
  return result.stdout;
}

/** The environment the base-image script needs to call podman the same way. */
export function podmanScriptEnv(): NodeJS.ProcessEnv {
  return { ...ENV, PODMAN_FLAGS: PODMAN_FLAGS.join(' ') };
}
