import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The suites import the proxy's sources (its package entry is the compiled dist/index.js).
    alias: [{ find: /^@gleantap-capture\/proxy$/, replacement: fileURLToPath(new URL('../proxy/src/index.ts', import.meta.url)) }],
  },
  test: {
    include: ['src/**/*.test.ts'],
    // The hostile-client suite spawns the compiled proxy command: build it from source first.
    globalSetup: ['../proxy/src/testing/build-cli.ts'],
    // One Chromium and one set of servers at a time: the suites are browser- and
    // process-heavy, and a 2-core CI machine must not be oversubscribed.
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
