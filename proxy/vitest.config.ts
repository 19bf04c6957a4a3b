import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Tests spawn the compiled command (bin → dist/): build it from these sources first.
    globalSetup: ['src/testing/build-cli.ts'],
    // Tests start real servers and child processes; a busy 2-core CI machine needs headroom.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
