import type { Session, WebContents } from 'electron';
import type { Logger } from '../core/platform/logger';
import type { AppPage } from './app-page';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  // Images by address in campaigns and posts (the editor, the preview) are shown; only over https.
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Development only: Vite's dev server injects an inline React Refresh preamble. */
export const DEV_SERVER_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'");

/** Adds our CSP to every response the session loads, replacing any the response brought. */
export function applyContentSecurityPolicy(session: Pick<Session, 'webRequest'>, policy = CONTENT_SECURITY_POLICY): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [policy];
    callback({ responseHeaders: headers });
  });
}

/** The console needs no camera, microphone, location, notifications or clipboard reads: refuse all. */
export function denyAllPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

export function isHttpUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * Keeps the window on the app's own page: no navigation or redirect elsewhere, no new windows, no
 * webviews. Links meant for a new window open in the owner's browser, and only if they are http(s).
 */
export function guardWebContents(
  contents: WebContents,
  deps: { page: AppPage; openExternal: (url: string) => Promise<void>; logger: Logger },
): void {
  const { page, openExternal, logger } = deps;
  const stayHome = (event: { preventDefault(): void; url: string }, kind: string) => {
    if (page.isAppUrl(event.url)) return;
    event.preventDefault();
    logger.warn(`blocked ${kind}`, { url: event.url });
  };
  contents.on('will-navigate', (event) => stayHome(event, 'navigation'));
  contents.on('will-redirect', (event) => stayHome(event, 'redirect'));

  contents.setWindowOpenHandler(({ url }) => {
    if (isHttpUrl(url)) {
      openExternal(url).catch((err: unknown) => logger.warn('could not open link in the browser', { url, error: String(err) }));
    } else {
      logger.warn('blocked new window', { url });
    }
    return { action: 'deny' };
  });

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    logger.warn('blocked webview');
  });
}
