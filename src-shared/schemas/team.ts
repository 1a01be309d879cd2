import { z } from 'zod';
import { emailSchema, nameSchema } from './common';
import { userIdSchema } from './members';

/** settings.team.invite: a teammate becomes an ADMIN of the current community and gets a sign-in link. */
export const inviteTeammateInput = z.strictObject({
  email: emailSchema,
  name: nameSchema(120).optional(),
});
export type InviteTeammateInput = z.infer<typeof inviteTeammateInput>;

/** settings.team.signInLink: a fresh one-time link for a teammate who is already an ADMIN. */
export const teammateRefInput = z.strictObject({ userId: userIdSchema });

/** settings.team.revokeSession: one signed-in browser. */
export const sessionRefInput = z.strictObject({
  id: z.string({ error: 'is required' }).min(1, 'is required').max(100, 'is not a session id'),
});

/** What an invite or a new link gives the owner: the link itself unless it was emailed. */
export interface TeamLink {
  userId: string;
  email: string;
  /** Null when it was emailed (the owner never needs to see it then). */
  link: string | null;
  emailed: boolean;
  /** Why it was not emailed, when SMTP is set but the send failed. */
  mailError: string | null;
  expiresAt: string;
}
