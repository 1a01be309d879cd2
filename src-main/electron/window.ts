import { BrowserWindow } from 'electron';
import type { Logger } from '../core/platform/logger';
import type { AppPage } from './app-page';
import { guardWebContents } from './security';

export interface MainWindowOptions {
  preload: string;
  page: AppPage;
  openExternal: (url: string) => Promise<void>;
  logger: Logger;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    title: 'Tenant Console',
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    backgroundColor: '#f7f7f8',
    // The renderer is a web page with one typed bridge (the preload): no Node, its own JS world, an
    // OS sandbox. Written out here, not built elsewhere, so the security scan can read it.
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // Outside macOS Chromium fetches spelling dictionaries from Google's servers; the OS does it on macOS.
      spellcheck: process.platform === 'darwin',
    },
  });
  guardWebContents(win.webContents, options);
  // Shown once painted, so the owner never sees a blank white frame.
  win.once('ready-to-show', () => win.show());

  const loaded =
    options.page.source.kind === 'file' ? win.loadFile(options.page.source.path) : win.loadURL(options.page.source.url);
  loaded.catch((err: unknown) => options.logger.error('the console page failed to load', { error: String(err) }));
  return win;
}
