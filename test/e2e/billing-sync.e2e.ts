import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startLemonSqueezyFake, type LemonSqueezyFake } from '../fakes/lemonsqueezy';
import { startStripeFake, type StripeFake } from '../fakes/stripe';

// Live billing sync in Chromium (issue 18), on a console of its own talking to the local fakes with
// no webhook delivered: the owner shortens the intervals in Settings → Providers, a subscription
// made at Stripe shows up, and the state moves offline and back as the fake goes down and up.

const BIN = resolve('bin/tenant-console.js');
const shot = (page: Page, name: string) => page.screenshot({ path: `test/e2e/output/${name}.png`, fullPage: true });

let stripe: StripeFake;
let ls: LemonSqueezyFake;
let server: ChildProcess;
let dataDir: string;
let baseUrl: string;
let ownerToken: string;

test.beforeAll(async () => {
  stripe = await startStripeFake();
  ls = await startLemonSqueezyFake();
  const { store } = ls.seedCatalog();
  dataDir = mkdtempSync(join(tmpdir(), 'tc-e2e-sync-'));
  const env = {
    ...process.env,
    DATABASE_URL: '',
    STRIPE_SECRET_KEY: stripe.apiKey,
    STRIPE_API_BASE: stripe.url,
    LEMONSQUEEZY_API_KEY: ls.apiKey,
    LEMONSQUEEZY_API_BASE: ls.url,
    LEMONSQUEEZY_STORE_ID: store.id,
    SMTP_URL: '',
    ABLY_API_KEY: '',
  };
  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, ...args, '--data-dir', dataDir], { encoding: 'utf8', env });
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout.trim();
  };
  run(['seed', '--members', '20', '--tenant', 'acme']);
  ownerToken = run(['token', 'create', '--tenant', 'acme']);
  server = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dataDir], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  baseUrl = await new Promise<string>((res, rej) => {
    let out = '';
    const timer = setTimeout(() => rej(new Error(`serve did not start: ${out}`)), 30_000);
    server.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        res(m[1]!);
      }
    });
  });
});

test.afterAll(async () => {
  server?.kill('SIGTERM');
  if (server) await new Promise((r) => server.once('exit', r));
  await stripe?.close();
  await ls?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('billing sync: intervals set in Settings, the state in the sidebar and on the Webhooks page, offline and back', async ({ page }) => {
  await page.goto(`${baseUrl}/#token=${ownerToken}`);
  await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('tab', { name: 'Providers' }).click();
  const card = page.getByTestId('sync-card');
  await expect(card.getByRole('heading', { name: 'Billing sync' })).toBeVisible();
  await card.getByLabel('Poll Stripe every (seconds)').fill('1');
  await card.getByLabel('Poll Lemon Squeezy every (seconds)').fill('2');
  await card.getByRole('button', { name: 'Save intervals' }).click();
  await expect(card.getByText('Saved.')).toBeVisible();
  await expect(card.getByTestId('sync-stripe')).toContainText('Live by polling', { timeout: 15_000 });
  await expect(card.getByTestId('sync-lemonsqueezy')).toContainText('Live by polling', { timeout: 15_000 });
  await shot(page, 'billing-sync-settings');

  // The sidebar, on every page: each connected provider with its figures.
  const sidebar = page.getByTestId('sidebar-sync');
  await expect(sidebar).toContainText(/Stripe · live by polling\s*last sync \d+ s ago/);
  await expect(sidebar).toContainText(/Lemon Squeezy · live by polling/);

  // Stripe goes away: offline, then back: live again.
  await page.getByRole('navigation').getByRole('link', { name: 'Webhooks' }).click();
  await stripe.setDown('refuse');
  await expect(page.getByTestId('sync-stripe')).toContainText('Offline', { timeout: 15_000 });
  await expect(sidebar).toContainText(/Stripe · offline\s*no local changes waiting/);
  await shot(page, 'billing-sync-offline');
  await stripe.setDown(false);
  await expect(page.getByTestId('sync-stripe')).toContainText('Live by polling', { timeout: 15_000 });
  await expect(page.getByTestId('sync-stripe')).toContainText(/Recently: .*offline/);
  await shot(page, 'billing-sync-webhooks');
});
