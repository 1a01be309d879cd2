import { Menu, Notification, Tray, nativeImage, net, shell, type BrowserWindow } from 'electron';
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
}

export interface DesktopShell {
  notifier: Notifier;
  notificationSettings: DesktopNotificationSettings;
  /** Re-reads the status into the tray (and notices webhooks starting to fail). */
  refresh(): Promise<TrayStatus>;
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
    const status = { listenUrl: deps.listenUrl(), outbox, online: net.isOnline() };
    show(status);
    const notice = watchWebhooks(webhooksFailing);
    if (notice) await notifier.notify(notice);
    return status;
  };
  const timer = setInterval(() => refresh().catch((err: unknown) => logger.warn('tray status not refreshed', { error: String(err) })), deps.pollMs ?? 10_000);
  timer.unref();

  return {
    notifier,
    notificationSettings,
    refresh,
    stop() {
      clearInterval(timer);
      notifier.stop();
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
