import { createId } from '@paralleldrive/cuid2';

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
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

export function newId(kind: IdKind): string {
  return `${ID_PREFIXES[kind]}_${createId()}`;
}
