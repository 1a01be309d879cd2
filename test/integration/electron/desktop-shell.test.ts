import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../src-main/core/platform/logger';
import { appPage } from '../../../src-main/electron/app-page';
import { startDesktop, type Desktop } from '../../../src-main/electron/desktop';
import { electronNet, fakeMenu, FakeBrowserWindow, FakeNotification, FakeTray } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule());

type Item = { label?: string; role?: string; accelerator?: string; enabled?: boolean; submenu?: Item[]; click?: () => void };

let dataDir: string;
let desktop: Desktop;
const quit = vi.fn();

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tc-shell-'));
  desktop = await startDesktop({
    core: { dataDir, logger: silentLogger },
    port: 0,
    page: appPage({ rendererIndex: join(tmpdir(), 'tc-app', 'index.html') }),
    preload: '/p.cjs',
    shell: { iconPath: '/app/build/icon.png', logsDir: '/logs', quit, pollMs: 60_000 },
  });
});
afterAll(async () => {
  await desktop.stop();
  rmSync(dataDir, { recursive: true, force: true });
});
beforeEach(() => {
  FakeNotification.shown.length = 0;
});

const tray = () => FakeTray.all.at(-1)!;
const trayItems = () => tray().menu!.template as Item[];

/** A community with a member and a package, and an event about them published as the core does. */
async function publish(type: 'subscription.created' | 'payment.failed', status = 'active') {
  const core = desktop.core;
  const tenant = await core.database.db.selectFrom('tenants').select(['id']).executeTakeFirstOrThrow();
  const userId = `usr_${Math.random().toString(36).slice(2)}`;
  const now = new Date().toISOString();
  await core.database.db.insertInto('users').values({ id: userId, email: `${userId}@example.com`, name: 'Chidi Wilson', createdAt: now } as never).execute();
  await core.database.db.transaction().execute((trx) =>
    core.services.events.publish(trx, { type, tenantId: tenant.id, data: { userId, subscriptionId: 'sub_1', planId: null, status, currentPeriodEnd: null } as never }),
  );
  await core.jobs.drain();
}

describe('the app menu', () => {
  it('has the standard roles and a Go menu with a shortcut per page', () => {
    const menu = fakeMenu.application!.template as Item[];
    expect(menu.map((m) => m.role ?? m.label)).toEqual(expect.arrayContaining(['File', 'editMenu', 'viewMenu', 'Go', 'windowMenu']));
    const go = menu.find((m) => m.label === 'Go')!.submenu!;
    expect(go.map((i) => `${i.label} ${i.accelerator}`)).toEqual([
      'Dashboard CmdOrCtrl+1',
      'Members CmdOrCtrl+2',
      'Packages CmdOrCtrl+3',
      'Campaigns CmdOrCtrl+4',
      'Webhooks CmdOrCtrl+5',
      'Settings CmdOrCtrl+6',
    ]);
  });

  it('opens the window on the page chosen', () => {
    const go = (fakeMenu.application!.template as Item[]).find((m) => m.label === 'Go')!.submenu!;
    go.find((i) => i.label === 'Webhooks')!.click!();
    const win = desktop.showWindow() as unknown as FakeBrowserWindow;
    expect(win.webContents.executeJavaScript).toHaveBeenLastCalledWith('location.hash = "#/webhooks"');
  });
});

describe('the tray', () => {
  it('shows where it listens, the outbox and the connection, and offers open and quit', async () => {
    electronNet.online = true;
    await desktop.shell!.refresh();
    expect(tray().tooltip).toContain(`Listening on ${desktop.server.url}`);
    const labels = trayItems().map((i) => i.label ?? '—');
    expect(labels).toEqual([`Listening on ${desktop.server.url}`, expect.stringMatching(/^Outbox: /), 'Online', '—', 'Open Tenant Console', '—', 'Quit Tenant Console']);
    expect(trayItems().slice(0, 3).every((i) => i.enabled === false)).toBe(true);
    trayItems().find((i) => i.label === 'Quit Tenant Console')!.click!();
    expect(quit).toHaveBeenCalled();
  });

  it('says when the machine is offline', async () => {
    electronNet.online = false;
    await desktop.shell!.refresh();
    expect(trayItems()[2]!.label).toBe('Offline: provider calls wait until the connection is back');
    electronNet.online = true;
  });
});

describe('OS notifications', () => {
  it('tells of a new paid member by name, and of a failed payment', async () => {
    await publish('subscription.created', 'active');
    await publish('payment.failed', 'past_due');
    expect(FakeNotification.shown.map((n) => n.options.title)).toEqual(['New paid member', 'Payment failed']);
    expect(FakeNotification.shown[0]!.options.body).toMatch(/^Chidi Wilson started a paid package in /);
  });

  it('stays quiet for a subscription that does not pay, and for a switched-off kind', async () => {
    await publish('subscription.created', 'incomplete');
    await desktop.shell!.notificationSettings.set({ paymentFailed: false });
    await publish('payment.failed', 'past_due');
    expect(FakeNotification.shown).toEqual([]);
    expect(await desktop.shell!.notificationSettings.get()).toEqual({ newPaidMember: true, paymentFailed: false, webhooksFailing: true, campaignFinished: true });
    await desktop.shell!.notificationSettings.set({ paymentFailed: true });
  });

  it('opens the console on the notice\'s page when clicked', async () => {
    await publish('payment.failed', 'past_due');
    FakeNotification.shown[0]!.emit('click');
    const win = desktop.showWindow() as unknown as FakeBrowserWindow;
    expect(win.webContents.executeJavaScript).toHaveBeenLastCalledWith('location.hash = "#/members"');
  });
});
