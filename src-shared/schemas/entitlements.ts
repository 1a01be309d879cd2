import { z } from 'zod';
import { LIMIT_NAMES } from '../packages';
import { userIdSchema } from './members';

// entitlements.check / consume / release, as the platform's web and mobile apps call them.

const limit = z.enum(LIMIT_NAMES, { error: `must be one of ${LIMIT_NAMES.join(', ')}` });
const amount = z
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be 1 or more')
  .max(1_000_000, 'must be at most 1000000')
  .default(1);
/** Chosen by the client (a UUID, say) and sent again on a retry: the same key counts once. */
const idempotencyKey = z
  .string({ error: 'is required' })
  .min(8, 'must be at least 8 characters')
  .max(200, 'must be at most 200 characters')
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

export const checkEntitlementInput = z.strictObject({ limit, amount });
export const consumeEntitlementInput = z.strictObject({ limit, amount, idempotencyKey });
export const releaseEntitlementInput = z.strictObject({ limit, idempotencyKey });
export const memberEntitlementsInput = z.strictObject({ userId: userIdSchema });

export type ConsumeEntitlementInput = z.output<typeof consumeEntitlementInput>;
export type ReleaseEntitlementInput = z.output<typeof releaseEntitlementInput>;
