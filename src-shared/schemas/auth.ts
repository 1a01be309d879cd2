import { z } from 'zod';

/** auth.exchangeSignInCode: the code from a sign-in link (`/#code=…`). */
export const exchangeSignInCodeInput = z.strictObject({
  code: z
    .string({ error: 'is required (the code from the sign-in link)' })
    .trim()
    .min(16, 'is not a sign-in code')
    .max(100, 'is not a sign-in code')
    .regex(/^[A-Za-z0-9_-]+$/, 'is not a sign-in code'),
});
