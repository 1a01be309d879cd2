import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// Ably's token rules as a fake server applies them: a TokenRequest's mac, canonical capabilities, and
// whether a token's capability allows an operation on a channel.

export interface TokenRequestBody {
  keyName: string;
  ttl?: number | string;
  capability?: string;
  clientId?: string;
  timestamp: number;
  nonce: string;
  mac: string;
}

/** base64 HMAC-SHA256 (key secret) of `keyName\nttl\ncapability\nclientId\ntimestamp\nnonce\n`; empty fields keep their newline. */
export function tokenRequestMac(request: Omit<TokenRequestBody, 'mac'>, secret: string): string {
  const text = `${request.keyName}\n${request.ttl ?? ''}\n${request.capability ?? ''}\n${request.clientId ?? ''}\n${request.timestamp}\n${request.nonce}\n`;
  return createHmac('sha256', secret).update(text).digest('base64');
}

/** Whether `request` was signed with `apiKey` (`appId.keyId:secret`) and names that key. */
export function verifyTokenRequest(request: TokenRequestBody, apiKey: string): boolean {
  const [keyName, secret] = apiKey.split(':') as [string, string];
  if (request.keyName !== keyName) return false;
  const expected = Buffer.from(tokenRequestMac(request, secret));
  const given = Buffer.from(String(request.mac ?? ''));
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export type Capability = Record<string, string[]>;

/** Whether a capability lets its holder do `operation` on `channel` (exact names and Ably's `*` / `prefix:*` wildcards). */
export function allows(capability: Capability, channel: string, operation: string): boolean {
  return Object.entries(capability).some(([resource, ops]) => {
    const matches = resource === '*' || resource === channel || (resource.endsWith(':*') && channel.startsWith(resource.slice(0, -1)));
    return matches && (ops.includes('*') || ops.includes(operation));
  });
}

export const newToken = () => randomBytes(18).toString('base64url');
