/**
 * The proxy package's root (package.json, demo/, dist/). The sources sit one level down in
 * src/ and the build writes its bundles one level down in dist/, so this one URL is right
 * whether the command runs from source (tests) or from the build (bin, packed releases).
 */
export const PACKAGE_ROOT = new URL('../', import.meta.url);
