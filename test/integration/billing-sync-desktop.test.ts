import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../src-main/core/platform/logger';
import { appPage } from '../../src-main/electron/app-page';
import { startDesktop, type Desktop } from '../../src-main/electron/desktop';
import { startStripeFake, type StripeFake } from '../fakes/stripe';
import { electronNet, fakePowerMonitor, FakeTray } from './electron/fake-electron';

vi.mock('electron', async () => (await import('./electron/fake-electron')).electronModule());

// The desktop's part of live billing sync (issue 18): the network state and powerMonitor pause
// polling and, on return, catch up at once; the tray says how each provider is kept in step.

let dataDir: string;
let desktop: Desktop;
let stripe: StripeFake;

beforeAll(async () => {
  stripe = await startStripeFake();
  dataDir = mkdtempSync(join(tmpdir(), 'tc-sync-desktop-'));
  electronNet.online = true;
  desktop = await startDesktop({
    core: { dataDir, logger: silentLogger, providers: { stripeSecretKey: stripe.apiKey, stripeApiBase: stripe.url, stripeMaxNetworkRetries: 0, timeoutMs: 2_000 } },
    port: 0,
    page: appPage({ rendererIndex: join(tmpdir(), 'tc-app', 'index.html') }),
    preload: '/p.cjs',
    // The timers stay out of the way: the test checks the network itself.
    shell: { iconPath: '/app/build/icon.png', logsDir: '/logs', quit: () => {}, pollMs: 60_000, netCheckMs: 60_000 },
  });
  await desktop.core.services.billingSync.setSettings({ stripeIntervalSeconds: 1 });
});
afterAll(async () => {
  await desktop.stop();
  await stripe.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const stripeState = async () => (await desktop.core.services.billingSync.state()).providers.find((p) => p.provider === 'stripe')!;
const trayLabels = () => (FakeTray.all.at(-1)!.menu!.template as { label?: string }[]).map((i) => i.label ?? '—');
const polls = () => stripe.requests.filter((r) => r.path === '/v1/events').length;
const subscriptionStatus = async (id: string) =>
  (await desktop.core.database.db.selectFrom('subscriptions').select('status').where('providerSubscriptionId', '=', id).executeTakeFirst())?.status;
/** Two poll slots have passed (their jobs ran, whatever they decided). */
async function twoTicks() {
  const done = async () => (await desktop.core.database.db.selectFrom('jobs').select('id').where('kind', '=', 'webhooks.sync.poll').where('status', '=', 'done').execute()).length;
  const before = await done();
  await until('two more ticks', async () => (await done()) >= before + 2);
}

describe('billing sync on the desktop', () => {
  it('shows each connected provider in the tray', async () => {
    await until('a first poll', async () => (await stripeState()).lastSyncAt);
    await desktop.shell!.refresh();
    expect(trayLabels()).toContainEqual(expect.stringMatching(/^Stripe: Live by polling \(last sync \d+ s ago\)$/));
    // Lemon Squeezy is not connected: no line for it.
    expect(trayLabels().some((l) => l.startsWith('Lemon Squeezy'))).toBe(false);
  });

  it('pauses while the network is down and catches up at once when it is back', async () => {
    const { price } = stripe.createPrice({ unitAmount: 1500 });
    electronNet.online = false;
    await desktop.shell!.checkNetwork();
    const state = await desktop.core.services.billingSync.state();
    expect(state.online).toBe(false);
    expect(state.providers[0]).toMatchObject({ mode: 'offline', label: 'Offline', detail: 'This computer is offline; polling is paused (no local changes waiting).' });
    expect(trayLabels()).toContain('Offline: provider calls wait until the connection is back');
    expect(trayLabels()).toContain('Stripe: Offline (no local changes waiting)');
    const before = polls();
    const sub = stripe.createSubscription({ price: price.id, email: 'una@example.com' });
    await twoTicks();
    expect(polls()).toBe(before);

    electronNet.online = true;
    const back = Date.now();
    await desktop.shell!.checkNetwork();
    await until('the subscription applied', async () => (await subscriptionStatus(sub.id)) === 'active');
    console.info(`[billing-sync] desktop back online: caught up in ${Date.now() - back} ms`);
    expect(await until('live again', async () => (await stripeState()).mode === 'polling')).toBe(true);
  });

  it('pauses while the machine sleeps and catches up on resume', async () => {
    const { price } = stripe.createPrice({ unitAmount: 2500 });
    fakePowerMonitor.emit('suspend');
    await until('asleep', async () => (await stripeState()).detail.startsWith('This computer was asleep'));
    const sub = stripe.createSubscription({ price: price.id, email: 'vic@example.com' });
    const before = polls();
    await twoTicks();
    expect(polls()).toBe(before);
    fakePowerMonitor.emit('resume');
    await until('the subscription applied after resume', async () => (await subscriptionStatus(sub.id)) === 'active');
    const modes = (await stripeState()).recent.map((r) => r.mode).reverse();
    expect(modes.slice(modes.lastIndexOf('offline'))).toEqual(['offline', 'catching_up', 'polling']);
  });
});
