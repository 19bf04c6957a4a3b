import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // One Chromium and one set of servers at a time: the suites are browser- and
    // process-heavy, and a 2-core CI machine must not be oversubscribed.
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
