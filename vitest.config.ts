import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src-*/**/*.test.{ts,tsx}', 'db/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**', 'out/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each test file builds its own core on its own temporary database, so files run in parallel.
    pool: 'forks',
  },
});
