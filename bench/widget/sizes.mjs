// Compressed sizes of the widget and of the alternatives, every file measured the same way:
// the bytes a browser would download, gzip level 9 and brotli quality 11 (what the proxy
// itself serves: proxy/src/widget/widget-bundle.ts), no other transform.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// esbuild is a dependency of the proxy's build, not of the root: resolve it from there.
const esbuild = createRequire(`${ROOT}proxy/package.json`)('esbuild');

export function compressedSizes(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length,
  };
}

function packageFile(name, file) {
  // By path, not require: some packages' `exports` hide package.json and their browser builds.
  const dir = join(ROOT, 'node_modules', name);
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const path = join(dir, file);
  return { version, path, bytes: readFileSync(path) };
}

/** An ESM entry bundled with its imports into one minified IIFE, as a site would ship it. */
async function bundled(name, file) {
  const { version, path } = packageFile(name, file);
  const result = await esbuild.build({
    entryPoints: [path],
    bundle: true,
    minify: true,
    format: 'iife',
    globalName: 'Bundled',
    platform: 'browser',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
  });
  return { version, path, bytes: Buffer.from(result.outputFiles[0].contents) };
}

/** The alternatives: which file of which npm package, how it was measured, and what it leaves out. */
export async function alternatives() {
  const typeform = packageFile('@typeform/embed', 'build/embed.js');
  const typeformCss = packageFile('@typeform/embed', 'build/css/widget.css');
  const formspree = packageFile('@formspree/ajax', 'dist/global.js');
  const formbricks = await bundled('@formbricks/js', 'dist/index.js');
  return [
    {
      name: '@typeform/embed',
      ...typeform,
      file: 'build/embed.js',
      how: "as shipped: the self-contained minified IIFE a script tag loads (the package's `main`, build/index.js, is a UMD build for bundlers)",
      note: 'renders an `<iframe>` of form.typeform.com: the form itself (its page, scripts, fonts) is downloaded from Typeform on top of this; an inline embed also needs build/css/widget.css',
    },
    {
      name: '@typeform/embed',
      extra: ' + widget.css',
      version: typeform.version,
      path: `${typeform.path} + ${typeformCss.path}`,
      bytes: Buffer.concat([typeform.bytes, typeformCss.bytes]),
      file: 'build/embed.js + build/css/widget.css',
      how: 'the two files an inline embed loads, concatenated then compressed (two requests in practice, so slightly more on the wire)',
      note: 'still without the iframe form itself',
    },
    {
      name: '@formbricks/js',
      ...formbricks,
      file: 'dist/index.js',
      how: `its only browser entry (ESM, unminified), bundled by esbuild ${esbuild.version} (bundle, minify, IIFE, es2020); it imports nothing, so this is the entry minified`,
      note: 'only a loader: it then fetches `<appUrl>/js/formbricks.umd.cjs` and the survey state from a Formbricks server, neither of which is in the npm package',
    },
    {
      name: '@formspree/ajax',
      ...formspree,
      file: 'dist/global.js',
      how: 'its `browser`/`unpkg` entry as shipped: a self-contained minified IIFE (it already includes @formspree/core)',
      note: "renders nothing: it enhances a `<form>` the page writes in its own HTML (fields, labels, consent text are the site owner's markup and CSS)",
    },
  ].map(({ bytes, ...rest }) => ({ ...rest, ...compressedSizes(bytes) }));
}

export const ESBUILD_VERSION = esbuild.version;
