import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The browser session cookie: HttpOnly (page scripts never read the token), SameSite=Strict (other
 * sites' pages never send it; the Origin check in server.ts stays as the second CSRF defence),
 * Secure and `__Host-` prefixed when the console is reached over https.
 */
const PLAIN = 'tc_session';
const SECURE = '__Host-tc_session';

/** The session token a browser sent in its cookie, if any. */
export function sessionCookieOf(req: FastifyRequest): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  let plain: string | null = null;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    const name = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (name === SECURE && value) return decodeURIComponent(value);
    if (name === PLAIN && value) plain = decodeURIComponent(value);
  }
  return plain;
}

/** Https as the browser sees it: the public URL says so, or a trusted proxy's X-Forwarded-Proto. */
export function isSecureRequest(req: FastifyRequest, publicUrl: string | undefined): boolean {
  return publicUrl?.startsWith('https://') === true || req.protocol === 'https';
}

export function setSessionCookie(reply: FastifyReply, token: string, maxAgeSeconds: number, secure: boolean): void {
  const name = secure ? SECURE : PLAIN;
  reply.header('set-cookie', `${name}=${encodeURIComponent(token)}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`);
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  const cleared = (name: string, s: boolean) => `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict${s ? '; Secure' : ''}`;
  reply.header('set-cookie', secure ? [cleared(SECURE, true), cleared(PLAIN, true)] : [cleared(PLAIN, false)]);
}
