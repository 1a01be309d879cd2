import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as electron from 'electron';
import superjson from 'superjson';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCore, type Core } from '../../../src-main/core/create-core';
import { createIpcHandler } from '../../../src-main/core/platform/ipc/handler';
import { silentLogger, type Logger } from '../../../src-main/core/platform/logger';
import { appPage } from '../../../src-main/electron/app-page';
import { registerIpcBridge } from '../../../src-main/electron/ipc';
import { IPC_CHANNEL, type IpcRequest, type IpcResponse } from '../../../src-shared/ipc';
import { FakeBrowserWindow, FakeFrame, FakeWebContents, fakeIpcMain, invokeEvent } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule());

const rendererIndex = join(tmpdir(), 'tenant-console-app', 'out', 'renderer', 'index.html');
const appUrl = pathToFileURL(rendererIndex).href;

let dataDir: string;
let core: Core;
let win: FakeBrowserWindow;
let handle: ReturnType<typeof vi.fn<(request: IpcRequest) => Promise<IpcResponse>>>;
let warn: ReturnType<typeof vi.fn<Logger['warn']>>;
let invoke: (sender: FakeWebContents, frame: FakeFrame | null, request: unknown) => Promise<IpcResponse>;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tc-electron-ipc-'));
  core = await createCore({ dataDir, logger: silentLogger });
});

afterAll(async () => {
  await core.close();
  rmSync(dataDir, { recursive: true, force: true });
});

beforeEach(async () => {
  win = new FakeBrowserWindow({ webPreferences: {} });
  await win.loadFile(rendererIndex);
  // A spy around the real handler, so a test can tell whether a message reached the core at all.
  handle = vi.fn(createIpcHandler(core));
  warn = vi.fn<Logger['warn']>();
  const logger: Logger = { ...silentLogger, warn };
  const ipcMain = fakeIpcMain();
  registerIpcBridge({
    ipcMain: ipcMain as unknown as electron.IpcMain,
    window: () => win as unknown as electron.BrowserWindow,
    page: appPage({ rendererIndex }),
    handle,
    logger,
  });
  invoke = async (sender, frame, request) => {
    const listener = ipcMain.handlers.get(IPC_CHANNEL);
    if (!listener) throw new Error('no IPC handler registered');
    return (await listener(invokeEvent(sender, frame), request)) as IpcResponse;
  };
});

const list: IpcRequest = { path: 'tenants.list', type: 'query', tenantId: null };
const createRequest = (slug: string): IpcRequest => ({
  path: 'tenants.create',
  type: 'mutation',
  tenantId: null,
  input: superjson.serialize({ slug, name: `Community ${slug}` }),
});

async function tenantSlugs(): Promise<string[]> {
  const response = await invoke(win.webContents, win.webContents.mainFrame, list);
  if (!response.ok) throw new Error(response.error.message);
  return superjson.deserialize<{ slug: string }[]>(response.result as never).map((t) => t.slug);
}

describe('IPC from the console window', () => {
  it('is served by the core: a tenant created over IPC is listed over IPC', async () => {
    const created = await invoke(win.webContents, win.webContents.mainFrame, createRequest('yoga-club'));
    expect(created.ok).toBe(true);
    expect(await tenantSlugs()).toContain('yoga-club');
  });

  it('carries the core\'s errors with their code and a message naming the field', async () => {
    const response = await invoke(win.webContents, win.webContents.mainFrame, createRequest('Not A Slug!'));
    expect(response).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', httpStatus: 400 } });
    expect(!response.ok && response.error.message).toMatch(/^slug: /);
  });
});

describe('IPC from anywhere else', () => {
  it('is refused from a subframe of the window, and the core never sees it', async () => {
    const iframe = new FakeFrame(appUrl);
    const response = await invoke(win.webContents, iframe, createRequest('from-iframe'));
    expect(response).toEqual({ ok: false, error: { code: 'FORBIDDEN', httpStatus: 403, message: expect.any(String) } });
    expect(handle).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('refused'), expect.objectContaining({ senderUrl: appUrl }));
    expect(await tenantSlugs()).not.toContain('from-iframe');
  });

  it('is refused from the main frame once it shows a foreign page', async () => {
    win.webContents.mainFrame.url = 'https://evil.example/';
    const response = await invoke(win.webContents, win.webContents.mainFrame, createRequest('from-evil'));
    expect(response).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(handle).not.toHaveBeenCalled();

    win.webContents.mainFrame.url = pathToFileURL(join(tmpdir(), 'downloads', 'index.html')).href;
    expect(await invoke(win.webContents, win.webContents.mainFrame, list)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(handle).not.toHaveBeenCalled();
  });

  it('is refused from another web contents, from a vanished frame, and once the window is gone', async () => {
    const other = new FakeWebContents();
    other.mainFrame.url = appUrl;
    expect(await invoke(other, other.mainFrame, list)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await invoke(win.webContents, null, list)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    win.destroyed = true;
    expect(await invoke(win.webContents, win.webContents.mainFrame, list)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(handle).not.toHaveBeenCalled();
  });
});

describe('IPC message shape', () => {
  it.each([
    ['not an object', 'request: must be an object'],
    [{ path: 42, type: 'query', tenantId: null }, 'path: '],
    [{ path: '__proto__.constructor', type: 'query', tenantId: null }, 'path: '],
    [{ path: 'tenants.list', type: 'subscription', tenantId: null }, 'type: '],
    [{ path: 'tenants.list', type: 'query' }, 'tenantId: '],
    [{ path: 'tenants.list', type: 'query', tenantId: 7 }, 'tenantId: '],
  ])('refuses %j before it reaches the core', async (request, message) => {
    const response = await invoke(win.webContents, win.webContents.mainFrame, request);
    expect(response).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', httpStatus: 400 } });
    expect(!response.ok && response.error.message.startsWith(message)).toBe(true);
    expect(handle).not.toHaveBeenCalled();
  });
});
