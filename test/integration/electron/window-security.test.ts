import { pathToFileURL } from 'node:url';
import * as electron from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../src-main/core/platform/logger';
import { appPage } from '../../../src-main/electron/app-page';
import {
  applyContentSecurityPolicy,
  CONTENT_SECURITY_POLICY,
  denyAllPermissions,
  DEV_SERVER_CONTENT_SECURITY_POLICY,
} from '../../../src-main/electron/security';
import { createMainWindow } from '../../../src-main/electron/window';
import { fakeSession, FakeBrowserWindow } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule());

const rendererIndex = '/opt/tenant-console/out/renderer/index.html';
const preload = '/opt/tenant-console/out/preload/preload.cjs';
const appUrl = pathToFileURL(rendererIndex).href;

function openWindow(devServerUrl?: string) {
  const openExternal = vi.fn(async (_url: string) => {});
  const win = createMainWindow({ preload, page: appPage({ rendererIndex, devServerUrl }), openExternal, logger: silentLogger }) as unknown as FakeBrowserWindow;
  return { win, contents: win.webContents, openExternal };
}

beforeEach(() => {
  FakeBrowserWindow.all.length = 0;
});

describe('the console window', () => {
  it('is created sandboxed, isolated, without Node, with web security and our preload', () => {
    const { win } = openWindow();
    expect(FakeBrowserWindow.all).toHaveLength(1);
    expect(win.options.webPreferences).toMatchObject({
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('loads the built renderer from disk, or the dev server when one is given', () => {
    const { win } = openWindow();
    expect(win.loadFile).toHaveBeenCalledWith(rendererIndex);
    expect(win.loadURL).not.toHaveBeenCalled();

    const dev = openWindow('http://localhost:5173/');
    expect(dev.win.loadURL).toHaveBeenCalledWith('http://localhost:5173/');
    expect(dev.win.loadFile).not.toHaveBeenCalled();
  });

  it('stays on its own page: navigation and redirects elsewhere are prevented', () => {
    const { contents } = openWindow();
    expect(contents.fire('will-navigate', 'https://evil.example/phish')).toBe(true);
    expect(contents.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.fire('will-navigate', 'file:///opt/tenant-console/out/renderer/other.html')).toBe(true);
    expect(contents.fire('will-redirect', 'http://127.0.0.1:4580/')).toBe(true);
    // Reloading the app itself, with a client-side route, is allowed.
    expect(contents.fire('will-navigate', `${appUrl}#/members`)).toBe(false);
  });

  it('in development allows only the dev server origin', () => {
    const { contents } = openWindow('http://localhost:5173/');
    expect(contents.fire('will-navigate', 'http://localhost:5173/members')).toBe(false);
    expect(contents.fire('will-navigate', 'http://localhost:5174/')).toBe(true);
    expect(contents.fire('will-navigate', appUrl)).toBe(true);
  });

  it('denies every new window and opens http(s) links in the browser instead', () => {
    const { contents, openExternal } = openWindow();
    expect(contents.windowOpenHandler?.({ url: 'https://docs.stripe.com/webhooks' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://docs.stripe.com/webhooks');

    openExternal.mockClear();
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://server/share', appUrl]) {
      expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
    }
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('refuses to attach webviews', () => {
    const { contents } = openWindow();
    expect(contents.attachWebview('https://evil.example/')).toBe(true);
  });
});

describe('the session', () => {
  it('adds our Content-Security-Policy to every response, replacing one the response brought', () => {
    const session = fakeSession();
    applyContentSecurityPolicy(session as unknown as electron.Session);
    let headers: Record<string, string[]> | undefined;
    session.headersListener?.(
      { url: appUrl, responseHeaders: { 'content-security-policy': ["script-src * 'unsafe-eval'"], 'Content-Type': ['text/html'] } },
      (response) => (headers = response.responseHeaders),
    );
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });

  it('is the strict policy: own scripts only, no plugins, no base tag, no framing', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
    // Only the dev server's page may run Vite's inline preamble.
    expect(DEV_SERVER_CONTENT_SECURITY_POLICY).toBe(CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"));
  });

  it('also sets it when the response had no headers at all', () => {
    const session = fakeSession();
    applyContentSecurityPolicy(session as unknown as electron.Session);
    let headers: Record<string, string[]> | undefined;
    session.headersListener?.({ url: appUrl }, (response) => (headers = response.responseHeaders));
    expect(headers).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });

  it('denies every permission request and check', () => {
    const session = fakeSession();
    denyAllPermissions(session as unknown as electron.Session);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      session.permissionRequest?.({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(session.permissionCheck?.({}, permission)).toBe(false);
    }
  });
});
