import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { silentLogger } from '../../src-main/core/platform/logger';
import { appPage } from '../../src-main/electron/app-page';
import { startDesktop, type Desktop } from '../../src-main/electron/desktop';
import { FakeNotification, type FakeBrowserWindow } from './electron/fake-electron';

vi.mock('electron', async () => (await import('./electron/fake-electron')).electronModule());

// An automation's "Notify admins" step on the desktop: besides the in-app notification, the OS
// shows it, and a click opens the Automations page.

let dataDir: string;
let desktop: Desktop;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tc-auto-shell-'));
  desktop = await startDesktop({
    core: { dataDir, logger: silentLogger },
    port: 0,
    page: appPage({ rendererIndex: join(tmpdir(), 'tc-app', 'index.html') }),
    preload: '/p.cjs',
    shell: { iconPath: '/app/build/icon.png', logsDir: '/logs', quit: vi.fn(), pollMs: 60_000 },
  });
});
afterAll(async () => {
  await desktop.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('shows an OS notification when an automation notifies admins, and opens Automations when clicked', async () => {
  const core = desktop.core;
  const tenant = await core.database.db.selectFrom('tenants').select(['id', 'name']).executeTakeFirstOrThrow();
  const userId = 'user_tdesktopjoin01';
  const now = new Date().toISOString();
  await core.database.db.insertInto('users').values({ id: userId, email: 'dina@desk.test', name: 'Dina Desk', avatarUrl: null, createdAt: now, erasedAt: null }).execute();
  await core.database.db
    .insertInto('memberships')
    .values({ id: 'mem_tdesktopjoin01', tenantId: tenant.id, userId, role: 'MEMBER', joinSource: 'free_signup', subscriptionStatus: null, compedUntil: null, joinedAt: now, lastActiveAt: null, leftAt: null })
    .execute();
  const made = await core.services.automations.create(tenant.id, {
    name: 'Tell me about joins',
    trigger: { type: 'member.joined', joinSources: [] },
    steps: [{ type: 'notify_admins', title: 'Someone joined', body: '{{member.name}} joined {{community.name}}' }],
  });
  await core.services.automations.setEnabled(tenant.id, { id: made.id, enabled: true });
  await core.database.db.transaction().execute((trx) =>
    core.services.events.publish(trx, { type: 'member.joined', tenantId: tenant.id, data: { userId, tenantId: tenant.id, email: 'dina@desk.test', joinSource: 'free_signup', groups: [] } }),
  );
  await core.jobs.drain();

  const shown = FakeNotification.shown.filter((n) => n.options.title === 'Someone joined');
  expect(shown.map((n) => n.options.body)).toEqual([`Dina Desk joined ${tenant.name}`]);
  shown[0]!.emit('click');
  const win = desktop.showWindow() as unknown as FakeBrowserWindow;
  expect(win.webContents.executeJavaScript).toHaveBeenLastCalledWith('location.hash = "#/automations"');
});
