import { defineConfig, mergeConfig } from 'vite';
import base from './vite.config.ts';

/** The npm build: an ES module exporting `mount()`, Preact bundled in. */
export default mergeConfig(
  base,
  defineConfig({
    build: {
      lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'esm/index.js' },
    },
  }),
);
