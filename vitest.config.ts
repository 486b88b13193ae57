import { defineConfig } from 'vitest/config';

// Test tiers by file name: x.test.ts (pure, fast), x.int.test.ts (real NATS, Redis, Postgres, chDB),
// e2e/*.e2e.test.ts (the running gateway driven by real clients). The integration and end-to-end tiers share
// the machine's services, so their files run one at a time.
const exclude = ['**/node_modules/**', '.tools/**', 'data/**'];
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'services/*/src/**/*.test.ts', 'deploy/tests/**/*.test.ts'],
          exclude: [...exclude, '**/*.int.test.ts'],
        },
      },
      {
        test: {
          name: 'int',
          include: ['packages/*/src/**/*.int.test.ts', 'services/*/src/**/*.int.test.ts', 'tools/*/**/*.int.test.ts'],
          exclude,
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
          globalSetup: ['packages/testing/src/global-setup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          exclude,
          setupFiles: ['e2e/setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          globalSetup: ['packages/testing/src/global-setup.ts'],
        },
      },
    ],
  },
});
