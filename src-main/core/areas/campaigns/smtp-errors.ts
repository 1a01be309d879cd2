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
