import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PODMAN_FLAGS, podman, podmanOk, podmanScriptEnv } from './podman.ts';

/** The workspace root: the build context of the Dockerfile. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BASE_SCRIPT = fileURLToPath(new URL('../../../deploy/container/make-base-image.sh', import.meta.url));

function baseTag(): string {
  return `localhost/gleantap-capture-node-base:${process.versions.node}`;
}

/** Why no base image can be had here (none cached, and making one needs root and debootstrap), or undefined. */
export function baseImageUnavailable(): string | undefined {
  if ((process.env['CONTAINER_NODE_IMAGE'] ?? '') !== '') return undefined;
  const exists = spawnSync('podman', [...PODMAN_FLAGS, 'image', 'exists', baseTag()], { env: podmanScriptEnv(), timeout: 30_000 });
  if (exists.status === 0) return undefined;
  if (process.getuid?.() !== 0) return 'no local Node base image, and making one needs root (or set CONTAINER_NODE_IMAGE)';
  const debootstrap = spawnSync('sh', ['-c', 'command -v debootstrap || test -x /usr/sbin/debootstrap'], { env: { ...process.env, PATH: `${process.env['PATH'] ?? ''}:/usr/sbin:/sbin` } });
  if (debootstrap.status !== 0) return 'no local Node base image, and debootstrap is not installed (or set CONTAINER_NODE_IMAGE)';
  return undefined;
}

/** The node image to build on: CONTAINER_NODE_IMAGE (e.g. node:24-slim where a registry answers), else one made here. */
export async function nodeBaseImage(): Promise<string> {
  const given = process.env['CONTAINER_NODE_IMAGE'];
  if (given !== undefined && given !== '') return given;
  const tag = baseTag();
  // Kept between runs: the script returns at once when the image exists.
  const output = await new Promise<{ code: number | null; text: string }>((resolve, reject) => {
    const child = spawn(BASE_SCRIPT, [tag], { env: podmanScriptEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, text }));
  });
  if (output.code !== 0) throw new Error(`make-base-image.sh failed: ${output.text.slice(-2000)}`);
  return tag;
}

/**
 * Builds the Dockerfile as a user would, tagged `tag`. Docker format, because podman drops
 * HEALTHCHECK from OCI images; host network, because the build fetches from the npm registry.
 */
export async function buildImage(tag: string, nodeImage: string): Promise<void> {
  const result = await podman(['build', '--format', 'docker', '--network=host', '--build-arg', `NODE_IMAGE=${nodeImage}`, '-t', tag, REPO_ROOT]);
  if (result.code !== 0) throw new Error(`podman build exited ${result.code}:\n${(result.stdout + result.stderr).slice(-4000)}`);
  await keepOneBuildCache(nodeImage);
}

/**
 * The build stage's layers are the cache of the next run. Each change of the sources leaves a
 * new chain of them (about 1 GB): the newest is tagged and older chains are pruned, so the cache
 * does not grow run after run. The final image is removed by the test itself.
 */
async function keepOneBuildCache(nodeImage: string): Promise<void> {
  // Fully cached: this only tags the build stage the build above just made.
  await podmanOk(['build', '--format', 'docker', '--network=host', '--target', 'build', '--build-arg', `NODE_IMAGE=${nodeImage}`, '-t', BUILD_CACHE_TAG, REPO_ROOT]);
  await podmanOk(['image', 'prune', '-f', '--filter', 'label=org.gleantap-capture.stage=build']);
}

/** The tag that keeps the newest build stage (and so the build cache) between runs. */
export const BUILD_CACHE_TAG = 'localhost/gleantap-capture-build-cache:latest';

/** The image's size in bytes, as podman reports it. */
export async function imageSize(tag: string): Promise<number> {
  return Number((await podmanOk(['image', 'inspect', '--format', '{{.Size}}', tag])).trim());
}

/** The image's config (User, StopSignal, Volumes, ExposedPorts…) plus its Healthcheck, which podman lists beside Config. */
export async function imageConfig(tag: string): Promise<Record<string, unknown>> {
  const [inspected] = JSON.parse(await podmanOk(['image', 'inspect', tag])) as Array<{ Config: Record<string, unknown>; Healthcheck?: unknown }>;
  if (inspected === undefined) throw new Error(`no image ${tag}`);
  return { ...inspected.Config, Healthcheck: inspected.Config['Healthcheck'] ?? inspected.Healthcheck };
}

/** Every package name (from package.json files with a name) under /app/node_modules in the image. */
export async function installedPackages(tag: string): Promise<string[]> {
  // Walk with the image's own node: no find/ls assumptions about the base image.
  const script = `
    const fs = require('node:fs'), path = require('node:path'), names = new Set();
    const walk = (dir) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isSymbolicLink()) continue;
        if (entry.isDirectory()) walk(full);
        else if (entry.name === 'package.json' && /node_modules/.test(dir)) {
          try { const name = JSON.parse(fs.readFileSync(full, 'utf8')).name; if (typeof name === 'string' && dir.endsWith(name)) names.add(name); } catch {}
        }
      }
    };
    walk('/app/node_modules');
    process.stdout.write(JSON.stringify([...names].sort()));`;
  return JSON.parse(await podmanOk(['run', '--rm', '--network=none', '--entrypoint', 'node', tag, '-e', script])) as string[];
}
