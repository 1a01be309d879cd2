import { createHmac } from 'node:crypto';
import { compileEmail, personalize, type EmailTemplate } from './render';
import type { CampaignRow } from './repositories/campaigns';

// One campaign message for one recipient: its merge tags, unsubscribe link and headers (RFC 8058),
// click-tracking links when the campaign asks for them, and its deterministic Message-ID.

export interface MessageContext {
  campaign: Pick<CampaignRow, 'id' | 'subject' | 'content' | 'trackClicks'>;
  communityName: string;
  fromAddress: string | null;
  /** PUBLIC_URL: where recipients reach this console (unsubscribe and click links); null on a desktop. */
  publicUrl: string | null;
  /** Compiled once per context (CSS inlining is the costly part of a message). */
  template?: EmailTemplate;
  /** The console's click-signing key (see click-key.ts); without it no link is rewritten. */
  clickKey?: Buffer;
}

export interface Recipient {
  id: string;
  email: string;
  name: string | null;
  unsubscribeToken: string | null;
}

const domainOf = (address: string | null) => (address && address.includes('@') ? address.split('@').pop()!.toLowerCase() : 'tenant-console.invalid');

/** `<campaign.recipient@from-domain>`: the same for every attempt at one recipient, unique across campaigns. */
export const messageIdFor = (campaignId: string, recipientId: string, fromAddress: string | null) => `<${campaignId}.${recipientId}@${domainOf(fromAddress)}>`;

/** The signature of a click link, keyed with the console's secret: only links the console made, for that recipient, redirect. */
export const clickSignature = (key: Buffer, token: string, url: string) => createHmac('sha256', key).update(`${token}\n${url}`).digest('base64url').slice(0, 22);

export function unsubscribeLinks(ctx: Pick<MessageContext, 'fromAddress' | 'publicUrl'>, token: string | null) {
  const url = ctx.publicUrl && token ? `${ctx.publicUrl.replace(/\/+$/, '')}/u/${token}` : null;
  const mailto = ctx.fromAddress ? `mailto:${ctx.fromAddress}?subject=${encodeURIComponent(`Unsubscribe ${token ?? ''}`.trim())}` : null;
  return { url, mailto };
}

export function messageFor(ctx: MessageContext, r: Recipient) {
  const { url, mailto } = unsubscribeLinks(ctx, r.unsubscribeToken);
  const base = ctx.publicUrl?.replace(/\/+$/, '');
  const rewriteLink =
    ctx.campaign.trackClicks && base && r.unsubscribeToken && ctx.clickKey
      ? (href: string) => `${base}/c/${r.unsubscribeToken}?u=${encodeURIComponent(href)}&s=${clickSignature(ctx.clickKey!, r.unsubscribeToken!, href)}`
      : undefined;
  ctx.template ??= compileEmail({ subject: ctx.campaign.subject, content: ctx.campaign.content, communityName: ctx.communityName });
  const rendered = personalize(ctx.template, { memberName: r.name, communityName: ctx.communityName, unsubscribeUrl: url ?? mailto ?? '' }, rewriteLink);
  const headers: Record<string, { prepared: true; value: string } | string> = {};
  const list = [mailto, url].filter((v): v is string => !!v).map((v) => `<${v}>`);
  if (list.length) headers['List-Unsubscribe'] = { prepared: true, value: list.join(', ') };
  if (url) headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  headers['Precedence'] = 'bulk';
  return { ...rendered, headers, messageId: messageIdFor(ctx.campaign.id, r.id, ctx.fromAddress) };
}
