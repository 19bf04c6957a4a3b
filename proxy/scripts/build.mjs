// Builds what the `gleantap-capture` command and the package's programmatic entry run:
// plain JavaScript in dist/, so nothing compiles TypeScript at start-up and nothing in the
// working directory (a tsconfig.json, a package.json) can change which code runs.
// - `shared` is inlined: the packed proxy needs no private workspace package.
// - Every npm dependency stays external: `npm install` provides it, native modules included.
// - The widget's builds are copied into dist/widget/, where the proxy serves them from when
//   the widget package itself is not installed (a packed release).
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const runtime = Object.keys(manifest.dependencies ?? {});

rmSync(dist, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  // Both bundles sit directly in dist/, one level below the package root like src/, so
  // `src/package-root.ts` finds demo/ and package.json the same way in both.
  entryPoints: { cli: 'src/cli/main.ts', index: 'src/index.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  external: runtime.flatMap((name) => [name, `${name}/*`]),
  // Our own tsconfig only, never one found near the working directory or the sources' parents.
  tsconfig: join(root, 'tsconfig.json'),
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
});

const require = createRequire(join(root, 'package.json'));
for (const [from, to] of [
  ['@gleantap-capture/widget/dist/widget.js', 'widget/widget.js'],
  ['@gleantap-capture/widget/dist/esm/index.js', 'widget/esm/index.js'],
]) {
  const target = join(dist, to);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(require.resolve(from), target);
}
