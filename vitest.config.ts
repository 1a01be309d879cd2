import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The path aliases of tsconfig.base.json (the bundles get the same in electron.vite.config.ts).
  resolve: {
    alias: {
      '@shared': resolve('src-shared'),
      '@core': resolve('src-main/core'),
      '@renderer': resolve('src-renderer/src'),
    },
  },
  test: {
    include: ['test/**/*.test.ts', 'src-*/**/*.test.{ts,tsx}', 'db/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**', 'out/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each test file builds its own core on its own temporary database, so files run in parallel.
    pool: 'forks',
  },
});
