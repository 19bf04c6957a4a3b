import { defineConfig } from 'vite';

/** The script-tag build: one self-contained IIFE, no globals but the one it sets on purpose. */
export default defineConfig({
  // Classic JSX (`h`) rather than Preact's jsx-runtime: the runtime module costs the script tag bytes.
  oxc: { jsx: { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment' } },
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2022',
    sourcemap: false,
    lib: { entry: 'src/embed/script-tag.ts', formats: ['iife'], name: 'GleantapCaptureBundle', fileName: () => 'widget.js' },
  },
});
