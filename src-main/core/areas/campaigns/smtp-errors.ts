import { DomainError } from '../../platform/errors';

/**
 * What a failed hand-over means for the recipient:
 * - temporary: a 4xx reply, or the connection broke before the message was handed over → retry later;
 * - permanent: a 5xx reply to the recipient or the message → never retry, suppress the address;
 * - unreachable: no mail server to talk to (refused, timed out, login refused) → the send waits;
 * - unknown: the connection broke while the message was being handed over → it may have arrived:
 *   'unconfirmed', never resent automatically.
 */
export type FailureKind = 'temporary' | 'permanent' | 'unreachable' | 'unknown';

const BEFORE_MESSAGE = new Set(['CONN', 'EHLO', 'HELO', 'LHLO', 'STARTTLS', 'AUTH', 'AUTH PLAIN', 'AUTH LOGIN', 'AUTH CRAM-MD5', 'AUTH XOAUTH2', 'MAIL FROM', 'RCPT TO']);
const CONNECT_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'EDNS', 'ETLS', 'EAUTH', 'ESOCKET', 'ECONNREFUSED', 'EPROTOCOL']);

export function classifyFailure(err: unknown): { kind: FailureKind; message: string } {
  const details = (err instanceof DomainError ? err.details : (err as Record<string, unknown>)) ?? {};
  const message = (err as Error)?.message?.replace(/^The mail server refused: /, '') ?? String(err);
  const responseCode = typeof details.responseCode === 'number' ? details.responseCode : undefined;
  const command = typeof details.command === 'string' ? details.command.toUpperCase() : undefined;
  const code = typeof details.smtpCode === 'string' ? details.smtpCode : typeof details.code === 'string' ? details.code : undefined;
  if (code === 'EAUTH' || (command?.startsWith('AUTH') && responseCode !== undefined)) return { kind: 'unreachable', message: `the mail server refused the login: ${message}` };
  if (responseCode !== undefined && responseCode >= 500) {
    // A 5xx before the recipient (HELO, MAIL FROM) is about us, not about them.
    if (command && command !== 'RCPT TO' && command !== 'DATA' && command !== 'API') return { kind: 'unreachable', message };
    return { kind: 'permanent', message };
  }
  if (responseCode !== undefined && responseCode >= 400) return { kind: 'temporary', message };
  if (command === 'CONN' || (command === undefined && code && CONNECT_CODES.has(code) && /connect|ECONNREFUSED|getaddrinfo|timeout/i.test(message)))
    return { kind: 'unreachable', message };
  if (command && BEFORE_MESSAGE.has(command)) return { kind: 'temporary', message };
  return { kind: 'unknown', message };
}

/** What a tenant ADMIN who is not the console owner reads instead of the mail server's connection details. */
export const MAIL_SERVER_UNREACHABLE = "the console's mail server could not be reached; the console owner can see why in Settings → Email";

/** A reply the mail server gave about a recipient or the message (550 …, 451 …): theirs to see. */
const RECIPIENT_REPLY = /(?:^|[\s:(])[45]\d\d[ -]/;
/** Connection-level failures: the console owner's mail server, its address, its TLS and its login. */
const CONNECTION_LEVEL =
  /ECONN\w*|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ESOCKET|EDNS|ETLS|EAUTH|getaddrinfo|\bconnect\b|connection (?:timeout|closed|refused)|greeting never received|socket|\bTLS\b|\bSSL\b|certificate|self[- ]signed|wrong version number|refused the login|invalid login|authenticat|\b\d{1,3}(?:\.\d{1,3}){3}\b/i;

/**
 * An error message as a tenant ADMIN who is not the console owner may read it: connection-level
 * failures (refused, unknown host, timeouts, TLS, login) become a plain sentence; a recipient's
 * SMTP reply stays as the server gave it.
 */
export function mailErrorForTenantAdmin(message: string): string;
export function mailErrorForTenantAdmin(message: string | null): string | null;
export function mailErrorForTenantAdmin(message: string | null): string | null {
  if (message === null) return null;
  if (RECIPIENT_REPLY.test(message) && !/refused the login|authenticat|\bAUTH\b/i.test(message)) return message;
  if (!CONNECTION_LEVEL.test(message)) return message;
  const lead = /^(Waiting for the mail server|The send could not start|The connection broke while this message was being handed over; it may have arrived|The mail server kept deferring this message): /.exec(message);
  return lead ? `${lead[1]}: ${MAIL_SERVER_UNREACHABLE}` : MAIL_SERVER_UNREACHABLE.charAt(0).toUpperCase() + MAIL_SERVER_UNREACHABLE.slice(1);
}
