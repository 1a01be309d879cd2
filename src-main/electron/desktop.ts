import { ipcMain, session, shell, type BrowserWindow } from 'electron';
import { createCore, type Core } from '../core/create-core';
import type { CoreConfig } from '../core/config';
import type { RunningServer } from '../core/platform/http/server';
import { createIpcHandler } from '../core/platform/ipc/handler';
import type { AppPage } from './app-page';
import { registerIpcBridge } from './ipc';
import { startLocalServer } from './local-server';
import { applyContentSecurityPolicy, denyAllPermissions, DEV_SERVER_CONTENT_SECURITY_POLICY } from './security';
import { startDesktopShell, type DesktopShell, type ShellOptions } from './desktop-shell';
import { createMainWindow } from './window';

export interface DesktopOptions {
  core: CoreConfig & { logger: NonNullable<CoreConfig['logger']> };
  port: number;
  page: AppPage;
  preload: string;
  /** Tray, app menu and notifications; left out where there is no desktop (tests of the rest). */
  shell?: ShellOptions;
}

export interface Desktop {
  core: Core;
  server: RunningServer;
  shell: DesktopShell | null;
  /** The console window, created if there is none (e.g. macOS dock click after closing it). */
  showWindow(): BrowserWindow;
  /** Stops serving IPC and HTTP and closes the database; safe to call more than once. */
  stop(): Promise<void>;
}

/** Everything the desktop app runs once Electron is ready; main.ts only adds the app lifecycle. */
export async function startDesktop(options: DesktopOptions): Promise<Desktop> {
  const logger = options.core.logger;
  const fromDevServer = options.page.source.kind === 'url';
  applyContentSecurityPolicy(session.defaultSession, fromDevServer ? DEV_SERVER_CONTENT_SECURITY_POLICY : undefined);
  denyAllPermissions(session.defaultSession);

  const core = await createCore(options.core);
  let server: RunningServer;
  try {
    await core.services.tenants.ensureStarter(await core.services.owner.id());
    server = await startLocalServer(core, options.port);
  } catch (err) {
    await core.close();
    throw err;
  }

  let win: BrowserWindow | null = null;
  const stopIpc = registerIpcBridge({ ipcMain, window: () => win, page: options.page, handle: createIpcHandler(core), logger });

  const showWindow = (): BrowserWindow => {
    if (win && !win.isDestroyed()) {
      if (win.isMinimized()) win.restore();
      win.focus();
      return win;
    }
    const created = createMainWindow({ preload: options.preload, page: options.page, openExternal: (url) => shell.openExternal(url), logger });
    created.on('closed', () => {
      if (win === created) win = null;
    });
    return (win = created);
  };

  let desktopShell: DesktopShell | null = null;
  try {
    // Before the job runner starts, so queued events find the notifications listener subscribed.
    if (options.shell) desktopShell = startDesktopShell(core, { ...options.shell, showWindow, listenUrl: () => server.url });
    core.start();
  } catch (err) {
    stopIpc();
    await server.close();
    await core.close();
    throw err;
  }

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      desktopShell?.stop();
      stopIpc();
      await server.close().catch((err: unknown) => logger.error('closing the local server failed', { error: String(err) }));
      await core.close();
    })());

  return { core, server, shell: desktopShell, showWindow, stop };
}
