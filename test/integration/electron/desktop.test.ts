import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as electron from 'electron';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../src-main/core/platform/logger';
import { appPage } from '../../../src-main/electron/app-page';
import { startDesktop, type Desktop } from '../../../src-main/electron/desktop';
import { CONTENT_SECURITY_POLICY } from '../../../src-main/electron/security';
import { IPC_CHANNEL, type IpcResponse } from '../../../src-shared/ipc';
import { FakeBrowserWindow, FakeFrame, invokeEvent, type fakeIpcMain, type fakeSession } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule());

// The mocked module's objects, typed as the fakes they are.
const session = electron.session.defaultSession as unknown as ReturnType<typeof fakeSession>;
const ipcMain = electron.ipcMain as unknown as ReturnType<typeof fakeIpcMain>;

const rendererIndex = join(tmpdir(), 'tenant-console-app', 'out', 'renderer', 'index.html');
let dataDir: string;
let desktop: Desktop;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tc-desktop-'));
  desktop = await startDesktop({
    core: { dataDir, logger: silentLogger },
    port: 0,
    page: appPage({ rendererIndex }),
    preload: '/app/out/preload/preload.cjs',
  });
});

afterAll(async () => {
  await desktop.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function send(frame: FakeFrame | null, win: FakeBrowserWindow, request: unknown): Promise<IpcResponse> {
  const listener = ipcMain.handlers.get(IPC_CHANNEL);
  if (!listener) throw new Error('IPC is not being served');
  return (await listener(invokeEvent(win.webContents, frame), request)) as IpcResponse;
}

describe('the desktop app once started', () => {
  it('has put the CSP and the permission policy on the default session', () => {
    let headers: Record<string, string[]> | undefined;
    session.headersListener?.({ url: 'file:///x', responseHeaders: {} }, (r) => (headers = r.responseHeaders));
    expect(headers?.['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    const callback = vi.fn();
    session.permissionRequest?.({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
  });

  it('serves webhooks and API clients on loopback', async () => {
    expect(desktop.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${desktop.server.url}/healthz`);
    expect(await res.json()).toEqual({ ok: true, database: 'sqlite' });
  });

  it('opens one window and answers its IPC with the owner\'s data', async () => {
    const win = desktop.showWindow() as unknown as FakeBrowserWindow;
    expect(desktop.showWindow()).toBe(win);
    expect(win.loadFile).toHaveBeenCalledWith(rendererIndex);

    const created = await send(win.webContents.mainFrame, win, {
      path: 'tenants.create',
      type: 'mutation',
      tenantId: null,
      input: superjson.serialize({ slug: 'book-club', name: 'Book club' }),
    });
    expect(created.ok).toBe(true);
    const listed = await send(win.webContents.mainFrame, win, { path: 'tenants.list', type: 'query', tenantId: null });
    if (!listed.ok) throw new Error(listed.error.message);
    const slugs = superjson.deserialize<{ slug: string }[]>(listed.result as never).map((t) => t.slug);
    // The first run also made a starter community, as `tenant-console serve` does.
    expect(slugs.sort()).toEqual(['book-club', 'my-community']);
  });

  it('refuses IPC from a frame that is not the window\'s main frame', async () => {
    const win = desktop.showWindow() as unknown as FakeBrowserWindow;
    const response = await send(new FakeFrame(win.webContents.mainFrame.url), win, { path: 'tenants.list', type: 'query', tenantId: null });
    expect(response).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', httpStatus: 403 } });
  });

  it('opens a new window after the last one was closed', () => {
    const first = desktop.showWindow() as unknown as FakeBrowserWindow;
    first.destroyed = true;
    first.emit('closed');
    const second = desktop.showWindow() as unknown as FakeBrowserWindow;
    expect(second).not.toBe(first);
    // IPC now answers to the new window only.
    return expect(send(first.webContents.mainFrame, first, { path: 'tenants.list', type: 'query', tenantId: null })).resolves.toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});

describe('stopping the desktop app', () => {
  it('stops IPC, closes the local server and the database, and may be called twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tc-desktop-stop-'));
    // The suite's own desktop holds the channel; give this one a clean slate.
    const saved = ipcMain.handlers.get(IPC_CHANNEL);
    ipcMain.handlers.delete(IPC_CHANNEL);
    try {
      const other = await startDesktop({ core: { dataDir: dir, logger: silentLogger }, port: 0, page: appPage({ rendererIndex }), preload: '/p.cjs' });
      expect(ipcMain.handlers.has(IPC_CHANNEL)).toBe(true);
      await Promise.all([other.stop(), other.stop()]);
      expect(ipcMain.handlers.has(IPC_CHANNEL)).toBe(false);
      await expect(fetch(`${other.server.url}/healthz`)).rejects.toThrow();
      await expect(other.core.database.db.selectFrom('tenants').selectAll().execute()).rejects.toThrow();
    } finally {
      if (saved) ipcMain.handlers.set(IPC_CHANNEL, saved);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
