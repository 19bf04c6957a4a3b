import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/** The script-tag build: one self-contained IIFE, no globals but the one it sets on purpose. */
export default defineConfig({
  define: { __WIDGET_VERSION__: JSON.stringify(version) },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2022',
    sourcemap: false,
    lib: { entry: 'src/embed/script-tag.ts', formats: ['iife'], name: 'GleantapCaptureBundle', fileName: () => 'widget.js' },
  },
});
