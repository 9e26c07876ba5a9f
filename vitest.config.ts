import { defineConfig } from 'vitest/config';

// Three suites, one runner: unit (pure logic), integration (real server on port 0 and real
// SQLite files in temp folders) and e2e (Debian's Chromium through playwright-core against
// browser mode). e2e runs its files one at a time: each starts Chromium, and we have 2 cores.
// Time limits only catch hangs: a test's own waits poll for a condition, never for a duration,
// so a loaded machine makes the suite slower, not red. expect.poll's own default (1 s) would be
// such a duration, so every project gives it the same generous bound.
const poll = { timeout: 30_000, interval: 50 };
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', testTimeout: 30_000, expect: { poll } } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          expect: { poll },
          // The tests run the command line as users do: its compiled bundle, built from the sources as they are.
          globalSetup: ['test/helpers/build-cli-setup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          expect: { poll },
          hookTimeout: 120_000,
          fileParallelism: false,
          globalSetup: ['test/helpers/build-cli-setup.ts', 'test/e2e/global-setup.ts'],
        },
      },
    ],
  },
});
