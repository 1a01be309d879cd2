import { randomBytes } from 'node:crypto';

// Ids in the seed's style: a readable prefix and a cuid (`user_abc123…`, `tenant_xyz789…`).
export const ID_PREFIXES = {
  tenant: 'tenant',
  user: 'user',
  membership: 'mem',
  group: 'group',
  space: 'space',
  post: 'post',
  comment: 'cmt',
  reaction: 'rct',
  package: 'pkg',
  customer: 'cus',
  subscription: 'sub',
  subscriptionEvent: 'sev',
  segment: 'seg',
  campaign: 'cmp',
  recipient: 'rcp',
  webhookEvent: 'whe',
  webhookEndpoint: 'wep',
  webhookDelivery: 'whd',
  webhookAttempt: 'wha',
  job: 'job',
  token: 'tok',
  audit: 'aud',
  event: 'evt',
  invite: 'inv', bulkOperation: 'blk', memberImport: 'imp',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const RANDOM_CHARS = 16;
const POOL_SIZE = RANDOM_CHARS * 256;
let pool = randomBytes(POOL_SIZE);
let offset = POOL_SIZE;

/**
 * A cuid-like id: 8 base-36 characters of the creation time in ms (so ids of one kind sort roughly
 * by creation, which keeps B-tree inserts local) and 16 random ones (~82 bits). Cheap: a pooled
 * randomBytes buffer, no hashing — the webhook listener makes two per event.
 */
export function newId(kind: IdKind, nowMs = Date.now()): string {
  let random = '';
  while (random.length < RANDOM_CHARS) {
    if (offset >= POOL_SIZE) {
      pool = randomBytes(POOL_SIZE);
      offset = 0;
    }
    const byte = pool[offset++]!;
    if (byte < 252) random += ALPHABET[byte % 36]; // 252 = 7 × 36: no modulo bias
  }
  return `${ID_PREFIXES[kind]}_${nowMs.toString(36).padStart(8, '0')}${random}`;
}
