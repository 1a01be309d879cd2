import { defineConfig } from '@playwright/test';

// End to end through the headless mode in Debian's Chromium (Playwright's own browser download
// does not work on these machines). global-setup starts `tenant-console serve` on a seeded tenant.
export default defineConfig({
  testDir: '.',
  testMatch: '*.e2e.ts',
  outputDir: './output/results',
  globalSetup: './global-setup.ts',
  timeout: 60_000,
  workers: 1,
  retries: 0,
  use: {
    headless: true,
    viewport: { width: 1360, height: 860 },
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
});
