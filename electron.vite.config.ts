import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

/** The path aliases of tsconfig.base.json, for every bundle (vitest.config.ts repeats them). */
const aliases = {
  '@shared': resolve('src-shared'),
  '@core': resolve('src-main/core'),
  '@renderer': resolve('src-renderer/src'),
};

// One config, three bundles. The CLI is a second entry of the main bundle so the headless mode
// runs the very same core code as the desktop app.
export default defineConfig({
  main: {
    resolve: { alias: aliases },
    build: {
      outDir: 'out/main',
      lib: {
        entry: {
          index: resolve('src-main/electron/main.ts'),
          cli: resolve('src-main/cli/bin.ts'),
        },
      },
    },
  },
  preload: {
    resolve: { alias: aliases },
    build: {
      outDir: 'out/preload',
      lib: { entry: resolve('src-main/electron/preload.ts'), formats: ['cjs'] },
      // A sandboxed preload must be one CommonJS file.
      rolldownOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: 'src-renderer',
    resolve: { alias: aliases },
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      minify: true,
      rolldownOptions: { input: resolve('src-renderer/index.html') },
    },
  },
});
