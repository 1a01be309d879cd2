import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';
import { vi } from 'vitest';

// A small stand-in for the parts of Electron the main process touches. It records what the code
// under test configured, and lets a test fire events the way Electron would.

export class FakeFrame {
  /** What the main process sent to this frame (the push channel). */
  sent: [string, unknown][] = [];
  constructor(public url = '') {}
  send(channel: string, message: unknown) {
    this.sent.push([channel, message]);
  }
}

export class FakeWebContents extends EventEmitter {
  mainFrame = new FakeFrame();
  executeJavaScript = vi.fn(async (_code: string) => undefined);
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }

  /** Emits a navigation-style event; true when a listener called preventDefault. */
  fire(name: 'will-navigate' | 'will-redirect', url: string): boolean {
    let prevented = false;
    this.emit(name, { url, preventDefault: () => (prevented = true) }, url);
    return prevented;
  }

  attachWebview(src: string): boolean {
    let prevented = false;
    this.emit('will-attach-webview', { preventDefault: () => (prevented = true) }, {}, { src });
    return prevented;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static all: FakeBrowserWindow[] = [];
  webContents = new FakeWebContents();
  destroyed = false;

  constructor(public options: Record<string, unknown> & { webPreferences: Record<string, unknown> }) {
    super();
    FakeBrowserWindow.all.push(this);
  }

  loadFile = vi.fn(async (path: string) => {
    this.webContents.mainFrame.url = pathToFileURL(path).href;
  });
  loadURL = vi.fn(async (url: string) => {
    this.webContents.mainFrame.url = url;
  });
  isDestroyed = () => this.destroyed;
  isMinimized = () => false;
  restore = vi.fn();
  focus = vi.fn();
  show = vi.fn();
}

type HeadersListener = (
  details: { url: string; responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
) => void;

type PermissionRequestHandler = (contents: unknown, permission: string, cb: (granted: boolean) => void) => void;
type PermissionCheckHandler = (contents: unknown, permission: string) => boolean;

export function fakeSession() {
  const session = {
    headersListener: undefined as HeadersListener | undefined,
    permissionRequest: undefined as PermissionRequestHandler | undefined,
    permissionCheck: undefined as PermissionCheckHandler | undefined,
    webRequest: {
      onHeadersReceived: (listener: HeadersListener) => {
        session.headersListener = listener;
      },
    },
    setPermissionRequestHandler(handler: PermissionRequestHandler) {
      session.permissionRequest = handler;
    },
    setPermissionCheckHandler(handler: PermissionCheckHandler) {
      session.permissionCheck = handler;
    },
  };
  return session;
}

export function fakeIpcMain() {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  /** ipcMain.on listeners (one-way messages such as subscribe/unsubscribe). */
  const listeners = new EventEmitter();
  return {
    handlers,
    listeners,
    handle: vi.fn((channel: string, fn: (event: unknown, ...args: unknown[]) => unknown) => {
      if (handlers.has(channel)) throw new Error(`a handler for ${channel} is already registered`);
      handlers.set(channel, fn);
    }),
    removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
    on: vi.fn((channel: string, fn: (event: unknown, ...args: unknown[]) => void) => listeners.on(channel, fn)),
    removeListener: vi.fn((channel: string, fn: (event: unknown, ...args: unknown[]) => void) => listeners.removeListener(channel, fn)),
  };
}

export class FakeTray extends EventEmitter {
  static all: FakeTray[] = [];
  tooltip = '';
  menu: { template: Record<string, unknown>[] } | null = null;
  destroyed = false;
  constructor(public image: unknown) {
    super();
    FakeTray.all.push(this);
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setContextMenu(menu: { template: Record<string, unknown>[] }) {
    this.menu = menu;
  }
  destroy() {
    this.destroyed = true;
  }
}

export class FakeNotification extends EventEmitter {
  static shown: FakeNotification[] = [];
  constructor(public options: { title: string; body: string }) {
    super();
  }
  static isSupported = () => true;
  show() {
    FakeNotification.shown.push(this);
  }
}

export const fakeMenu = {
  application: null as { template: Record<string, unknown>[] } | null,
  buildFromTemplate: (template: Record<string, unknown>[]) => ({ template }),
  setApplicationMenu(menu: { template: Record<string, unknown>[] }) {
    fakeMenu.application = menu;
  },
};

export const electronNet = { online: true };

/** Electron's powerMonitor: a test emits 'suspend' and 'resume' as the OS would. */
export const fakePowerMonitor = new EventEmitter();

/** What vi.mock('electron') returns; tests reach the same objects through `await import('electron')`. */
export function electronModule() {
  return {
    BrowserWindow: FakeBrowserWindow,
    session: { defaultSession: fakeSession() },
    ipcMain: fakeIpcMain(),
    shell: { openExternal: vi.fn(async (_url: string) => {}), openPath: vi.fn(async (_path: string) => '') },
    Menu: fakeMenu,
    Tray: FakeTray,
    Notification: FakeNotification,
    nativeImage: { createFromPath: (path: string) => ({ path, resize: () => ({ path }) }) },
    net: { isOnline: () => electronNet.online },
    powerMonitor: fakePowerMonitor,
  };
}

/** An invoke event as Electron builds it: the sending webContents and frame. */
export function invokeEvent(sender: FakeWebContents, senderFrame: FakeFrame | null) {
  return { sender, senderFrame, frameId: 1, processId: 1, type: 'frame' as const };
}
