import { inlineInThread, type Inliner, type InlineOptions } from '../../platform/html/inline-worker';

// One message for one recipient: merge tags filled in (HTML-escaped, from a fixed list: nothing in
// the owner's text is ever run as code), wrapped in the email layout, CSS inlined for mail clients
// (juice), and a plain-text part (html-to-text).

export interface MergeValues {
  memberName: string | null;
  communityName: string;
  unsubscribeUrl: string;
}

// A fallback can hold no markup or quotes, so a tag never spans a tag or an attribute boundary.
const TAG = /\{\{\s*([a-zA-Z_.]+)\s*(?:\|([^}<>"']*))?\}\}/g;
/** One markup tag (quoted attribute values may hold `>`), or a run of text between tags. */
const MARKUP = /<[a-zA-Z!/?][^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>?|[^<]+|</g;

function valueOf(name: string, v: MergeValues): string | null | undefined {
  switch (name) {
    case 'member.name':
      return v.memberName;
    case 'member.firstName':
      return v.memberName?.trim().split(/\s+/)[0] ?? null;
    case 'community.name':
      return v.communityName;
    case 'unsubscribe_url':
      return v.unsubscribeUrl;
    default:
      return undefined;
  }
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Fills the known tags; an empty value takes the fallback; an unknown tag stays as typed. */
function fillText(text: string, values: MergeValues, escape: boolean): string {
  return text.replace(TAG, (whole, name: string, fallback: string | undefined) => {
    const value = valueOf(name, values);
    if (value === undefined) return whole;
    const chosen = value && value.trim() !== '' ? value : (fallback ?? '').trim();
    return escape ? escapeHtml(chosen) : chosen;
  });
}

/**
 * Fills the known tags; an empty value takes the fallback; an unknown tag stays as typed. In HTML,
 * only text between tags is filled; inside a tag (its attribute values) only `{{unsubscribe_url}}`
 * is, with its own value and never a fallback, so a member's name or a fallback never becomes a
 * link or an attribute.
 */
export function fillMergeTags(text: string, values: MergeValues, mode: 'html' | 'text'): string {
  if (mode === 'text') return fillText(text, values, false);
  return text.replace(MARKUP, (part) =>
    part.startsWith('<') ? part.replace(TAG, (whole, name: string) => (name === 'unsubscribe_url' ? escapeHtml(values.unsubscribeUrl) : whole)) : fillText(part, values, true),
  );
}

const STYLES = `
  body { margin: 0; padding: 0; background: #f4f4f5; }
  .wrap { max-width: 600px; margin: 0 auto; padding: 24px 16px; font-family: -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #18181b; }
  .card { background: #ffffff; border-radius: 8px; padding: 24px; }
  h1 { font-size: 26px; line-height: 1.25; margin: 0 0 16px; }
  h2 { font-size: 21px; margin: 24px 0 12px; }
  h3 { font-size: 18px; margin: 20px 0 8px; }
  p { margin: 0 0 16px; }
  a { color: #4f46e5; }
  a.button { display: inline-block; background: #4f46e5; color: #ffffff; text-decoration: none; padding: 10px 18px; border-radius: 6px; font-weight: 600; }
  img { max-width: 100%; height: auto; }
  blockquote { margin: 0 0 16px; padding-left: 12px; border-left: 3px solid #d4d4d8; color: #52525b; }
  hr { border: 0; border-top: 1px solid #e4e4e7; margin: 24px 0; }
  table { border-collapse: collapse; }
  td, th { border: 1px solid #e4e4e7; padding: 6px 8px; }
  .footer { font-size: 12px; color: #71717a; text-align: center; padding: 16px 8px; }
  .footer a { color: #71717a; }
`;

export interface EmailTemplate {
  subject: string;
  /** The whole email with CSS inlined, merge tags still in it. */
  html: string;
  /** The plain-text part, merge tags still in it. */
  text: string;
}

/**
 * The costly part, done once per campaign: the owner's (sanitised) HTML in a simple layout with an
 * unsubscribe footer, CSS inlined (juice) and a plain-text part (html-to-text). Merge tags pass
 * through both untouched (text to them); `personalize` fills them per recipient.
 */
function emailDocument(input: { subject: string; content: string; communityName: string }): string {
  const community = escapeHtml(input.communityName);
  return neutralizeStrayBraces(`<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(input.subject)}</title><style>${STYLES}</style></head>
<body><div class="wrap"><div class="card">${input.content}</div>
<div class="footer">You are receiving this because you are a member of ${community}. <a href="{{unsubscribe_url}}">Unsubscribe</a></div></div></body></html>`);
}

/**
 * juice keeps `{{…}}` as an opaque block while it parses, so a `{{` that starts no merge tag
 * (`{{x|">…}}`) would make it read the markup differently from the sanitiser (an attribute value
 * turned into attributes). Such a `{{` is written `&#123;{` (shows as `{{`); real tags hold no markup.
 */
const TAG_OR_BRACES = new RegExp(`(${TAG.source})|\\{\\{`, 'g');
function neutralizeStrayBraces(html: string): string {
  return html.replace(TAG_OR_BRACES, (whole, tag: string | undefined) => tag ?? '&#123;{');
}

const INLINE_OPTIONS: InlineOptions = {
  juice: { removeStyleTags: true, preserveMediaQueries: true },
  text: {
    // No wrapping and no upper-casing, so that a merge tag reaches personalize() as it was typed.
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
      { selector: 'img', format: 'skip' },
      ...(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const).map((h) => ({ selector: h, options: { uppercase: false } })),
      { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
    ],
  },
};

export function compileEmail(input: { subject: string; content: string; communityName: string }): EmailTemplate {
  return { subject: input.subject, ...inlineInThread(emailDocument(input), INLINE_OPTIONS) };
}

/** compileEmail off the event loop (a send's template): the same result, made in a worker thread. */
export async function compileEmailOff(inliner: Inliner, input: { subject: string; content: string; communityName: string }): Promise<EmailTemplate> {
  return { subject: input.subject, ...(await inliner.inline(emailDocument(input), INLINE_OPTIONS)) };
}

/** One recipient's message from the compiled template: merge tags filled, links rewritten for click tracking. */
export function personalize(t: EmailTemplate, values: MergeValues, rewriteLink?: (href: string) => string): { subject: string; html: string; text: string } {
  let html = fillMergeTags(t.html, values, 'html');
  if (rewriteLink) {
    const unsubscribe = escapeHtml(values.unsubscribeUrl);
    html = html.replace(/<a\b([^>]*?)\shref="(https?:[^"]*)"/g, (whole, before: string, href: string) =>
      href === unsubscribe ? whole : `<a${before} href="${escapeHtml(rewriteLink(href.replace(/&amp;/g, '&')))}"`,
    );
  }
  return { subject: fillMergeTags(t.subject, values, 'text'), html, text: fillMergeTags(t.text, values, 'text') };
}

/** compileEmail + personalize, for one message (previews, tests). */
export function renderEmail(input: { subject: string; content: string; values: MergeValues; rewriteLink?: (href: string) => string }): { subject: string; html: string; text: string } {
  return personalize(compileEmail({ subject: input.subject, content: input.content, communityName: input.values.communityName }), input.values, input.rewriteLink);
}
