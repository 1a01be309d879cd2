import { z } from 'zod';
import { emailSchema, hasNoControlChars, CONTROL_CHARS_MESSAGE } from './common';

// Settings → Email, Real time, API tokens, Data and the provider test: the inputs the API checks.
// Secrets go in; only hints come out. `null` or "" removes a stored value, a field left out keeps it.

const clearable = <T extends z.ZodType<string | null>>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : typeof v === 'string' ? v.trim() : v), schema).optional();

const oneLine = (max: number) =>
  z.string({ error: 'must be text' }).max(max, `must be at most ${max} characters`).refine(hasNoControlChars, CONTROL_CHARS_MESSAGE);

// ---- settings.email ----------------------------------------------------------------------------

export const SMTP_SECURITY = ['tls', 'starttls', 'none'] as const;
export type SmtpSecurity = (typeof SMTP_SECURITY)[number];

const smtpUrl = oneLine(2000)
  .refine((v) => /^smtps?:\/\/[^\s/]+/i.test(v) && URL.canParse(v), 'must be an smtp:// or smtps:// URL such as smtps://user:password@smtp.example.com:465')
  .nullable();
const smtpHost = oneLine(255)
  .regex(/^[A-Za-z0-9.-]+$|^\[[0-9a-fA-F:]+\]$/, 'must be a host name such as smtp.example.com')
  .nullable();

export const setEmailInput = z.strictObject({
  smtpUrl: clearable(smtpUrl),
  host: clearable(smtpHost),
  port: z.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be between 1 and 65535').max(65535, 'must be between 1 and 65535').nullable().optional(),
  user: clearable(oneLine(320).nullable()),
  password: clearable(oneLine(1000).nullable()),
  security: z.enum(SMTP_SECURITY, { error: 'must be tls, starttls or none' }).optional(),
  fromName: clearable(oneLine(120).nullable()),
  fromAddress: clearable(emailSchema.nullable()),
});
export type SetEmailInput = z.output<typeof setEmailInput>;

export const testEmailInput = z.strictObject({ to: emailSchema });

// ---- settings.realtime -------------------------------------------------------------------------

const ablyApiKey = z
  .string({ error: 'must be text' })
  .regex(/^[\w-]+\.[\w-]+:[\w+/=-]+$/, 'must be an Ably API key like appId.keyId:secret (Ably dashboard → your app → API Keys)')
  .nullable();
export const setRealtimeInput = z.strictObject({ ablyApiKey: clearable(ablyApiKey) });

/** settings.notifications.set: the switches to change (left out: unchanged). */
export const setDesktopNotificationsInput = z.strictObject({
  newPaidMember: z.boolean().optional(),
  paymentFailed: z.boolean().optional(),
  webhooksFailing: z.boolean().optional(),
  campaignFinished: z.boolean().optional(),
});

// ---- settings.tokens ---------------------------------------------------------------------------

export const createTokenInput = z.strictObject({
  label: z.string({ error: 'is required' }).trim().min(1, 'is required').max(80, 'must be at most 80 characters').refine(hasNoControlChars, CONTROL_CHARS_MESSAGE),
  role: z.enum(['ADMIN', 'MEMBER'], { error: 'must be ADMIN or MEMBER' }),
  /** null: until revoked. */
  expiresInDays: z.number({ error: 'must be a number of days' }).int('must be a whole number of days').min(1, 'must be at least 1 day').max(3650, 'must be at most 3650 days').nullable(),
});
export const revokeTokenInput = z.strictObject({ id: z.string({ error: 'is required' }).regex(/^tok_[a-z0-9]{8,40}$/, 'must be a token id') });

// ---- settings.data -----------------------------------------------------------------------------

/** A backup is named by its file name in the data folder's backups/ (never a path). */
export const restoreBackupInput = z.strictObject({
  name: z.string({ error: 'is required' }).regex(/^[\w.-]{1,120}\.sqlite$/, 'must be the name of a backup in the backups folder (…sqlite)'),
});

// ---- settings.providers.test -------------------------------------------------------------------

export const testProviderInput = z.strictObject({ provider: z.enum(['stripe', 'lemonsqueezy'], { error: 'must be stripe or lemonsqueezy' }) });

/** The answer of every "Test" button: what the provider said, in its own words when it refused. */
export interface ConnectionTestResult {
  ok: boolean;
  /** "Connected to Acme Inc (acct_…)" or the provider's error. */
  message: string;
  /** The account's or store's name, when connected. */
  name?: string;
}
