import { Menu, Notification, Tray, nativeImage, net, powerMonitor, shell, type BrowserWindow } from 'electron';
import { PROVIDER_NAMES } from '../../src-shared/schemas/billing-sync';
import type { Core } from '../core/create-core';
import type { DesktopNotificationSettings } from '../core/areas/settings/desktop-notifications';
import { appMenuTemplate, type PageRoute } from './app-menu';
import { startNotifications, webhooksFailingWatch, type DesktopNotice, type EventNames, type NotifiableEvent, type Notifier, type SubscribeToEvents } from './notifications';
import { outboxFrom, trayMenuTemplate, trayTooltip, type TrayStatus } from './tray';

export interface ShellOptions {
  /** The tray icon (build/icon.png, or the packaged copy). */
  iconPath: string;
  /** app.getPath('logs'), opened by Help › Show Log Files. */
  logsDir: string;
  quit: () => void;
  /** How often the tray re-reads the outbox and the connection. */
  pollMs?: number;
  /** How often the network state is checked (billing sync pauses while offline). */
  netCheckMs?: number;
}

export interface DesktopShell {
  notifier: Notifier;
  notificationSettings: DesktopNotificationSettings;
  /** Re-reads the status into the tray (and notices webhooks starting to fail). */
  refresh(): Promise<TrayStatus>;
  /** Reads the network state now and tells the billing sync when it changed (also on a timer). */
  checkNetwork(): Promise<void>;
  stop(): void;
}

/** The parts of the desktop that are not the window: app menu, tray, OS notifications. */
export function startDesktopShell(core: Core, deps: ShellOptions & { showWindow: () => BrowserWindow; listenUrl: () => string | null }): DesktopShell {
  const { logger } = core;
  const goTo = (route: PageRoute | DesktopNotice['route']) => {
    const win = deps.showWindow();
    // Only our own constant routes: the renderer follows the hash (see src-renderer/src/app/routes.ts).
    win.webContents.executeJavaScript(`location.hash = ${JSON.stringify(`#/${route}`)}`).catch((err: unknown) => logger.warn('could not open the page', { route, error: String(err) }));
  };

  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(process.platform, { goTo, openLogs: () => void shell.openPath(deps.logsDir) })));

  // The same switches Settings → Notifications changes.
  const notificationSettings = core.services.desktopNotifications;
  const notifier = startNotifications({
    subscribe: core.services.events.subscribe as unknown as SubscribeToEvents,
    names: (event) => eventNames(core, event),
    switches: notificationSettings,
    show: (notice) => {
      if (!Notification.isSupported()) return;
      const shown = new Notification({ title: notice.title, body: notice.body });
      shown.on('click', () => goTo(notice.route));
      shown.show();
    },
    logger,
  });

  // An automation's "Notify admins" step: the owner chose it in the automation, so it has no switch of its own.
  const stopAutomationNotices = core.services.automations.onAdminNotice((notice) => {
    if (!Notification.isSupported()) return;
    const shown = new Notification({ title: notice.title, body: notice.body });
    shown.on('click', () => goTo('automations'));
    shown.show();
  });

  const tray = new Tray(nativeImage.createFromPath(deps.iconPath).resize({ width: 16, height: 16 }));
  tray.on('click', () => deps.showWindow());
  const actions = { openWindow: () => void deps.showWindow(), quit: deps.quit };
  const watchWebhooks = webhooksFailingWatch();
  const show = (status: TrayStatus) => {
    tray.setToolTip(trayTooltip(status));
    tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(status, actions)));
  };
  show({ listenUrl: deps.listenUrl(), outbox: { queued: 0, retrying: 0, failed: 0 }, online: net.isOnline() });

  const refresh = async (): Promise<TrayStatus> => {
    const { outbox, webhooksFailing } = outboxFrom(await core.jobs.summary());
    const sync = (await core.services.billingSync.state()).providers
      .filter((p) => p.mode !== 'off')
      .map((p) => ({ provider: PROVIDER_NAMES[p.provider], label: p.label, detail: p.detail }));
    const status = { listenUrl: deps.listenUrl(), outbox, online: net.isOnline(), sync };
    show(status);
    const notice = watchWebhooks(webhooksFailing);
    if (notice) await notifier.notify(notice);
    return status;
  };
  const timer = setInterval(() => refresh().catch((err: unknown) => logger.warn('tray status not refreshed', { error: String(err) })), deps.pollMs ?? 10_000);
  timer.unref();

  // Billing sync polls the providers only while this machine is online and awake; back from
  // either it catches up at once (issue 18). Electron's main process has no online event: the
  // network state is read every few seconds.
  const sync = core.services.billingSync;
  const afterSync = (what: string) => (err: unknown) => logger.warn(`billing sync not told of ${what}`, { error: String(err) });
  let online = net.isOnline();
  void sync.setOnline(online).catch(afterSync('the network state'));
  const checkNetwork = async () => {
    const now = net.isOnline();
    if (now === online) return;
    online = now;
    logger.info(now ? 'network back: billing sync catches up' : 'network lost: billing sync paused');
    await sync.setOnline(now);
    await refresh();
  };
  const netTimer = setInterval(() => void checkNetwork().catch(afterSync('the network state')), deps.netCheckMs ?? 5_000);
  netTimer.unref();
  const onSuspend = () => void sync.setAwake(false).then(refresh).catch(afterSync('sleep'));
  const onResume = () => void sync.setAwake(true).then(refresh).catch(afterSync('wake'));
  powerMonitor.on('suspend', onSuspend);
  powerMonitor.on('resume', onResume);

  return {
    notifier,
    notificationSettings,
    refresh,
    checkNetwork,
    stop() {
      clearInterval(timer);
      clearInterval(netTimer);
      powerMonitor.removeListener('suspend', onSuspend);
      powerMonitor.removeListener('resume', onResume);
      notifier.stop();
      stopAutomationNotices();
      tray.destroy();
    },
  };
}

/** The member's name, the community and the package, for a notice's words. */
async function eventNames(core: Core, event: NotifiableEvent): Promise<EventNames> {
  const db = core.database.db;
  const [user, tenant, pkg] = await Promise.all([
    event.data.userId ? db.selectFrom('users').select(['name', 'email']).where('id', '=', event.data.userId).executeTakeFirst() : undefined,
    db.selectFrom('tenants').select('name').where('id', '=', event.tenantId).executeTakeFirst(),
    event.data.packageId ? db.selectFrom('packages').select('name').where('id', '=', event.data.packageId).executeTakeFirst() : undefined,
  ]);
  return { member: user?.name || user?.email || 'A member', tenant: tenant?.name ?? 'your community', packageName: pkg?.name ?? null };
}
