import { join } from 'node:path';
import { app, dialog, safeStorage } from 'electron';
import { defaultDataDir } from '../core/config';
import { isPostgresUrl } from '../core/platform/db/connect';
import { createJsonLogger, type LogLevel } from '../core/platform/logger';
import { appPage, bundlePaths } from './app-page';
import { startDesktop, type Desktop } from './desktop';
import { portFromEnv } from './local-server';
import { rotatingFile, teeToFile } from './log-file';
import { desktopMasterKey } from './master-key';

// The Electron main process: app lifecycle only. The work is in desktop.ts and the modules beside it.
// Each entry goes to stderr and to a size-capped file in the OS's log folder (Help › Show Log Files).
const logFile = rotatingFile({ dir: app.getPath('logs') });
const logger = createJsonLogger((process.env.LOG_LEVEL as LogLevel | undefined) ?? 'info', teeToFile(logFile));

// Every renderer sandboxed, whatever a window's own options say.
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // A second launch hands over to the first (see 'second-instance') instead of opening the database twice.
  app.quit();
} else {
  let desktop: Desktop | undefined;
  let quitting = false;

  app.on('second-instance', () => desktop?.showWindow());
  app.on('activate', () => desktop?.showWindow());
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Close the server and the database before Electron exits, then quit for real.
  app.on('before-quit', (event) => {
    if (!desktop || quitting) return;
    quitting = true;
    event.preventDefault();
    desktop
      .stop()
      .catch((err: unknown) => logger.error('shutdown failed', { error: String(err) }))
      .finally(() => app.quit());
  });

  app
    .whenReady()
    .then(async () => {
      if (process.platform === 'win32') app.setAppUserModelId('so.tenant.console');
      const databaseUrl = process.env.DATABASE_URL || undefined;
      if (databaseUrl && !isPostgresUrl(databaseUrl)) throw new Error('DATABASE_URL must be a postgres:// URL');
      const paths = bundlePaths(import.meta.url);
      // The same folder as `tenant-console serve`, so desktop and headless show the same data.
      const dataDir = defaultDataDir();
      desktop = await startDesktop({
        core: {
          dataDir,
          databaseUrl,
          // Sealed by the OS keychain here; the plain key file only where the OS cannot seal.
          masterKey: desktopMasterKey({ dataDir, sealer: safeStorage, envValue: process.env.TENANT_CONSOLE_MASTER_KEY, logger }),
          logger,
        },
        port: portFromEnv(process.env.TENANT_CONSOLE_PORT),
        // A packaged app never loads a page named by the environment.
        page: appPage({ rendererIndex: paths.rendererIndex, devServerUrl: app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL }),
        preload: paths.preload,
        shell: {
          // build/ is packaged as the app's resources; in development it is next to out/.
          iconPath: app.isPackaged ? join(process.resourcesPath, 'icon.png') : join(app.getAppPath(), 'build', 'icon.png'),
          logsDir: app.getPath('logs'),
          quit: () => app.quit(),
        },
      });
      logger.info('logging to file', { file: logFile.path });
      process.stdout.write(`Tenant Console local server on ${desktop.server.url}\n`);
      desktop.showWindow();
    })
    .catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      logger.error('startup failed', { error: message });
      dialog.showErrorBox('Tenant Console could not start', message);
      app.exit(1);
    });
}
