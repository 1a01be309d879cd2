import { cookieSession, startCookieSession } from '../../api/browser-session';
import { messageOf } from '../../api/errors';
import type { SessionStore } from '../../stores/session';

// `tenant-console serve` and Settings → Team give `/#code=…` links: a one-time code, traded here
// for a session kept in an HttpOnly cookie (page scripts never hold the token). The code leaves
// the address bar at once (history, copied URLs), and the trade happens with no token attached,
// so an old, revoked token in this browser cannot spoil a fresh link.

type Win = Pick<Window, 'addEventListener' | 'removeEventListener' | 'location' | 'history'>;

/** The code in a sign-in link's hash (`#code=…`), if there is one. */
export function codeFromHash(hash: string): string | null {
  const code = new URLSearchParams(hash.replace(/^#/, '')).get('code')?.trim();
  return code ? code : null;
}

/** Takes the code out of the address bar and returns it. */
export function takeSignInCode(win: Pick<Win, 'location' | 'history'>): string | null {
  const code = codeFromHash(win.location.hash);
  if (code) win.history.replaceState(null, '', win.location.pathname + win.location.search);
  return code;
}

/** Trades the code for a session; a used, expired or unknown code is said on the sign-in screen. */
export async function signInWithCode(session: SessionStore, code: string, start: typeof startCookieSession = startCookieSession): Promise<void> {
  session.getState().signOut();
  try {
    const { tenantId } = await start(code);
    session.getState().signIn(cookieSession(tenantId));
  } catch (err) {
    session.getState().signOut(`Sign-in link: ${messageOf(err)}.`);
  }
}

/** A link opened in a tab that already shows the console only changes the hash. */
export function watchSignInCodes(win: Win, session: SessionStore): () => void {
  const onHashChange = () => {
    const code = takeSignInCode(win);
    if (code) void signInWithCode(session, code);
  };
  win.addEventListener('hashchange', onHashChange);
  return () => win.removeEventListener('hashchange', onHashChange);
}
