import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as electron from 'electron';
import superjson from 'superjson';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCore, type Core } from '../../../src-main/core/create-core';
import { createIpcHandler } from '../../../src-main/core/platform/ipc/handler';
import { silentLogger } from '../../../src-main/core/platform/logger';
import { appPage } from '../../../src-main/electron/app-page';
import { registerIpcBridge } from '../../../src-main/electron/ipc';
import { IPC_PUSH_CHANNEL, IPC_SUBSCRIBE_CHANNEL, IPC_UNSUBSCRIBE_CHANNEL, type IpcPushEvent } from '../../../src-shared/ipc';
import type { PushMessage } from '../../../src-shared/push';
import { FakeBrowserWindow, FakeFrame, FakeWebContents, fakeIpcMain, invokeEvent } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule());

const rendererIndex = join(tmpdir(), 'tenant-console-app', 'out', 'renderer', 'index.html');

let dataDir: string;
let core: Core;
let tenantId: string;
let win: FakeBrowserWindow;
let ipcMain: ReturnType<typeof fakeIpcMain>;
let stopBridge: () => void;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tc-electron-push-'));
  core = await createCore({ dataDir, logger: silentLogger });
  tenantId = (await core.services.tenants.create({ slug: 'push', name: 'Push' }, await core.services.owner.id())).id;
});

afterAll(async () => {
  await core.close();
  rmSync(dataDir, { recursive: true, force: true });
});

beforeEach(async () => {
  stopBridge?.();
  win = new FakeBrowserWindow({ webPreferences: {} });
  await win.loadFile(rendererIndex);
  ipcMain = fakeIpcMain();
  stopBridge = registerIpcBridge({
    ipcMain: ipcMain as unknown as electron.IpcMain,
    window: () => win as unknown as electron.BrowserWindow,
    page: appPage({ rendererIndex }),
    handle: createIpcHandler(core),
    logger: silentLogger,
  });
});

const send = (channel: string, sender: FakeWebContents, frame: FakeFrame | null, payload: unknown) =>
  ipcMain.listeners.emit(channel, invokeEvent(sender, frame), payload);

const subscribe = (frame: FakeFrame | null, id = 'sub-1', sender = win.webContents) =>
  send(IPC_SUBSCRIBE_CHANNEL, sender, frame, { id, path: 'events.stream', tenantId });

/** The push events a frame received, with their data read back. */
const pushed = (frame: FakeFrame) =>
  frame.sent
    .filter(([channel]) => channel === IPC_PUSH_CHANNEL)
    .map(([, e]) => e as IpcPushEvent)
    .map((e) => (e.type === 'data' ? { ...e, data: superjson.deserialize<PushMessage>(e.data as never) } : e));

describe('the push channel', () => {
  it("sends the tenant's changes to the window's main frame, until the window unsubscribes", async () => {
    const frame = win.webContents.mainFrame;
    subscribe(frame);
    await vi.waitFor(() => expect(core.services.push.subscriberCount()).toBe(1));

    core.services.push.changed(tenantId, 'members');
    await vi.waitFor(() => expect(pushed(frame)).toEqual([{ id: 'sub-1', type: 'data', data: expect.objectContaining({ topic: 'members' }) }]));

    send(IPC_UNSUBSCRIBE_CHANNEL, win.webContents, frame, 'sub-1');
    await vi.waitFor(() => expect(core.services.push.subscriberCount()).toBe(0));
    core.services.push.changed(tenantId, 'members');
    expect(pushed(frame)).toHaveLength(1);
  });

  it('opens nothing for a frame that is not the main frame of our page', async () => {
    const child = new FakeFrame(win.webContents.mainFrame.url);
    subscribe(child);
    subscribe(null);
    const stranger = new FakeWebContents();
    stranger.mainFrame.url = 'https://evil.example/';
    subscribe(stranger.mainFrame, 'sub-2', stranger);
    await new Promise((resolve) => setImmediate(resolve));
    expect(core.services.push.subscriberCount()).toBe(0);
    expect(child.sent).toEqual([]);
  });

  it('ends the subscriptions when the page reloads or the window goes away', async () => {
    const frame = win.webContents.mainFrame;
    subscribe(frame, 'sub-1');
    subscribe(frame, 'sub-2');
    await vi.waitFor(() => expect(core.services.push.subscriberCount()).toBe(2));

    win.webContents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: true, url: `${frame.url}#/members` });
    expect(core.services.push.subscriberCount()).toBe(2); // a route change inside the app keeps them
    win.webContents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false, url: frame.url });
    await vi.waitFor(() => expect(core.services.push.subscriberCount()).toBe(0));

    subscribe(frame, 'sub-1');
    await vi.waitFor(() => expect(core.services.push.subscriberCount()).toBe(1));
    win.webContents.emit('destroyed');
    await vi.waitFor(() => expect(core.services.push.subscriberCount()).toBe(0));
  });

  it('stops sending to a frame that navigated away from the app', async () => {
    const frame = win.webContents.mainFrame;
    subscribe(frame);
    await vi.waitFor(() => expect(core.services.push.subscriberCount()).toBe(1));
    frame.url = 'https://evil.example/';
    core.services.push.changed(tenantId, 'members');
    await vi.waitFor(() => expect(core.services.push.subscriberCount()).toBe(0));
    expect(pushed(frame)).toEqual([]);
  });

  it('answers a malformed subscription with an error naming the field, and a query path is not a subscription', async () => {
    const frame = win.webContents.mainFrame;
    send(IPC_SUBSCRIBE_CHANNEL, win.webContents, frame, { id: 'sub-9', path: '__proto__', tenantId });
    send(IPC_SUBSCRIBE_CHANNEL, win.webContents, frame, { id: 'sub-10', path: 'members.list', tenantId });
    await vi.waitFor(() => expect(pushed(frame)).toHaveLength(2));
    expect(pushed(frame)).toEqual([
      { id: 'sub-9', type: 'error', error: expect.objectContaining({ code: 'BAD_REQUEST', message: expect.stringMatching(/^path: /) }) },
      { id: 'sub-10', type: 'error', error: expect.objectContaining({ code: 'NOT_FOUND' }) },
    ]);
  });
});
