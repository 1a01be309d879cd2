import { useSession } from '../../app/services';

/** The desktop app's local server when TENANT_CONSOLE_PORT is not set (src-main/electron/local-server.ts). */
const DESKTOP_DEFAULT_ORIGIN = 'http://127.0.0.1:4580';

/**
 * Where this console listens for webhooks. In a browser it is the page's own origin; the desktop
 * window is a file, so it names the local server's default address.
 */
export function useConsoleOrigin(): { origin: string; assumed: boolean } {
  const mode = useSession((s) => s.mode);
  const { protocol, origin } = window.location;
  if (mode === 'browser' && (protocol === 'http:' || protocol === 'https:')) return { origin, assumed: false };
  return { origin: DESKTOP_DEFAULT_ORIGIN, assumed: true };
}
