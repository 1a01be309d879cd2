import type { SetEmailInput, SmtpSecurity } from '@shared/schemas/settings';
import type { ConnectionTestResult } from '@shared/schemas/settings';
import type { Clock } from '../../platform/clock';
import { DomainError } from '../../platform/errors';
import { sdkGateways, type GatewayFactories } from '../../gateways';
import type { MailGateway, SmtpConfig } from '../../integrations/mail';
import type { ConsoleSettings } from './settings-store';

/** SMTP_URL and MAIL_FROM, read once in the composition root; they win over what is saved here. */
export interface MailEnv {
  smtpUrl?: string;
  mailFrom?: string;
}

export function mailEnvFrom(env: Record<string, string | undefined>): MailEnv {
  return { smtpUrl: env.SMTP_URL?.trim() || undefined, mailFrom: env.MAIL_FROM?.trim() || undefined };
}

interface StoredSmtp {
  url?: string | null;
  host?: string | null;
  port?: number | null;
  user?: string | null;
  password?: string | null;
  security?: SmtpSecurity;
}
interface StoredFrom {
  name?: string | null;
  address?: string | null;
}

const SMTP_KEY = 'email.smtp';
const FROM_KEY = 'email.from';

/** `"Tenant Club" <hello@club.io>` or `hello@club.io`. */
export function parseMailFrom(value: string): { name: string | null; address: string } {
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(value);
  return m ? { name: m[1]!.trim() || null, address: m[2]!.trim() } : { name: null, address: value.trim() };
}

/** `smtps://ann:secret@host:465` → `smtps://ann:…@host:465`: enough to recognise, never the password. */
export function redactSmtpUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = 'PASSWORD';
    return u.toString().replace(/\/$/, '').replace(':PASSWORD@', ':…@');
  } catch {
    return 'an SMTP URL';
  }
}

/**
 * Settings → Email: the SMTP server and the From line, console-wide, as SMTP_URL and MAIL_FROM give
 * them (the environment wins). The SMTP settings are sealed at rest as one value.
 */
export function settingsEmailService(deps: { store: ConsoleSettings; clock: Clock; env: MailEnv; gateways?: Pick<GatewayFactories, 'mail'> }) {
  const { env, store } = deps;
  const createMailGateway = (deps.gateways ?? sdkGateways).mail;

  async function effective(): Promise<{ smtp: (StoredSmtp & { source: 'environment' | 'settings' }) | null; from: (StoredFrom & { source: 'environment' | 'settings' }) | null }> {
    const smtp = env.smtpUrl ? { url: env.smtpUrl, source: 'environment' as const } : await store.read<StoredSmtp>(SMTP_KEY).then((s) => (s ? { ...s, source: 'settings' as const } : null));
    const from = env.mailFrom ? { ...parseMailFrom(env.mailFrom), source: 'environment' as const } : await store.read<StoredFrom>(FROM_KEY).then((f) => (f ? { ...f, source: 'settings' as const } : null));
    return { smtp, from };
  }

  async function view() {
    const { smtp, from } = await effective();
    return {
      smtp: {
        configured: !!(smtp?.url || smtp?.host),
        source: smtp?.source ?? null,
        url: smtp?.url ? redactSmtpUrl(smtp.url) : null,
        host: smtp?.host ?? null,
        port: smtp?.port ?? null,
        user: smtp?.user ?? null,
        passwordSet: !!smtp?.password,
        security: smtp?.security ?? 'starttls',
      },
      from: { source: from?.source ?? null, name: from?.name ?? null, address: from?.address ?? null },
      envNames: { smtp: 'SMTP_URL', from: 'MAIL_FROM' },
    };
  }

  /** The gateway for what is configured now, or PRECONDITION_FAILED saying what to fill in. */
  async function gateway(options: Pick<SmtpConfig, 'pool'> = {}): Promise<MailGateway> {
    const { smtp, from } = await effective();
    if (!smtp || !(smtp.url || smtp.host)) throw new DomainError('PRECONDITION_FAILED', 'smtpUrl: no mail server is set; fill in Settings → Email or set SMTP_URL', { field: 'smtpUrl' });
    if (!from?.address) throw new DomainError('PRECONDITION_FAILED', 'fromAddress: the From address is not set; fill in Settings → Email or set MAIL_FROM', { field: 'fromAddress' });
    const config: SmtpConfig = {
      url: smtp.url ?? undefined,
      host: smtp.host ?? undefined,
      port: smtp.port ?? undefined,
      user: smtp.user ?? undefined,
      password: smtp.password ?? undefined,
      security: smtp.security,
      from: from.name ? { name: from.name, address: from.address } : from.address,
      ...options,
    };
    return createMailGateway(config);
  }

  return {
    get: view,
    gateway,

    async set(input: SetEmailInput) {
      const at = deps.clock.nowIso();
      const smtpFields = ['smtpUrl', 'host', 'port', 'user', 'password', 'security'] as const;
      if (smtpFields.some((f) => input[f] !== undefined)) {
        if (env.smtpUrl) throw new DomainError('CONFLICT', 'smtpUrl: the mail server comes from SMTP_URL in the environment; change it there', { field: 'smtpUrl' });
        const before = (await store.read<StoredSmtp>(SMTP_KEY)) ?? {};
        const pick = <K extends keyof StoredSmtp>(k: K, v: StoredSmtp[K] | undefined) => (v === undefined ? before[k] : v);
        const next: StoredSmtp = {
          url: pick('url', input.smtpUrl),
          host: pick('host', input.host),
          port: pick('port', input.port),
          user: pick('user', input.user),
          password: pick('password', input.password),
          security: input.security ?? before.security ?? 'starttls',
        };
        if (next.url || next.host) await store.write(SMTP_KEY, next, true, at);
        else await store.clear(SMTP_KEY);
      }
      if (input.fromName !== undefined || input.fromAddress !== undefined) {
        if (env.mailFrom) throw new DomainError('CONFLICT', 'fromAddress: the From line comes from MAIL_FROM in the environment; change it there', { field: 'fromAddress' });
        const before = (await store.read<StoredFrom>(FROM_KEY)) ?? {};
        const next: StoredFrom = { name: input.fromName === undefined ? before.name : input.fromName, address: input.fromAddress === undefined ? before.address : input.fromAddress };
        if (next.name || next.address) await store.write(FROM_KEY, next, false, at);
        else await store.clear(FROM_KEY);
      }
      return view();
    },

    /** Sends a short message to `to`; a refusal is the answer (in the server's words), not an error. */
    async test(to: string): Promise<ConnectionTestResult> {
      const mail = await gateway();
      try {
        await mail.send({
          to,
          subject: 'Tenant Console test message',
          text: 'This is a test message from Tenant Console. Your email settings work: campaigns and notices will be sent the same way.',
        });
        return { ok: true, message: `Sent a test message to ${to}` };
      } catch (err) {
        return { ok: false, message: (err as Error).message };
      } finally {
        mail.close();
      }
    },
  };
}
export type SettingsEmailService = ReturnType<typeof settingsEmailService>;
