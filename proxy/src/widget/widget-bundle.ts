import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { PACKAGE_ROOT } from '../package-root.ts';

/** The script-tag bundle, read and compressed once at start-up. */
export interface WidgetBundle {
  readonly bytes: Buffer;
  readonly gzip: Buffer;
  readonly brotli: Buffer;
  /** First 8 hex digits of its SHA-256: the name of the immutable copy, `widget/widget.<hash>.js`. */
  readonly hash: string;
  /** Subresource Integrity value (`sha384-…`) for pinned embeds. */
  readonly integrity: string;
}

/**
 * A file of the widget's build (`widget.js`, `esm/index.js`): from the widget package when it
 * is installed (the workspace, so a fresh `vite build` is what is served), else the copy the
 * proxy's build put in its own `dist/widget/` (a packed release, which ships without it).
 */
export function widgetBuildPath(file: string): string | undefined {
  try {
    return createRequire(import.meta.url).resolve(`@gleantap-capture/widget/dist/${file}`);
  } catch {
    const copy = fileURLToPath(new URL(`dist/widget/${file}`, PACKAGE_ROOT));
    return existsSync(copy) ? copy : undefined;
  }
}

/** Where the served IIFE build is, or undefined when it has not been built. */
export function defaultWidgetPath(): string | undefined {
  return widgetBuildPath('widget.js');
}

/** Loads the bundle, or undefined when it has not been built (`pnpm build`). */
export function loadWidgetBundle(path: string | undefined = defaultWidgetPath()): WidgetBundle | undefined {
  if (path === undefined) return undefined;
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  return {
    bytes,
    gzip: gzipSync(bytes, { level: 9 }),
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
    hash: createHash('sha256').update(bytes).digest('hex').slice(0, 8),
    integrity: `sha384-${createHash('sha384').update(bytes).digest('base64')}`,
  };
}

/** The snippet an owner pastes to pin this exact release with SRI. */
export function pinnedSnippet(bundle: WidgetBundle, baseUrl: string, formId: string): string {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return `<script src="${base}widget/widget.${bundle.hash}.js" integrity="${bundle.integrity}" crossorigin="anonymous" data-form="${formId}" async></script>`;
}
