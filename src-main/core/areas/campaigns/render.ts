import { convert } from 'html-to-text';
import juice from 'juice';

// One message for one recipient: merge tags filled in (HTML-escaped, from a fixed list: nothing in
// the owner's text is ever run as code), wrapped in the email layout, CSS inlined for mail clients
// (juice), and a plain-text part (html-to-text).

export interface MergeValues {
  memberName: string | null;
  communityName: string;
  unsubscribeUrl: string;
}

const TAG = /\{\{\s*([a-zA-Z_.]+)\s*(?:\|([^}]*))?\}\}/g;

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
export function fillMergeTags(text: string, values: MergeValues, mode: 'html' | 'text'): string {
  return text.replace(TAG, (whole, name: string, fallback: string | undefined) => {
    const value = valueOf(name, values);
    if (value === undefined) return whole;
    const chosen = value && value.trim() !== '' ? value : (fallback ?? '').trim();
    return mode === 'html' ? escapeHtml(chosen) : chosen;
  });
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

/** The whole email: the owner's (sanitised) HTML in a simple layout with an unsubscribe footer, CSS inlined. */
export function renderEmail(input: { subject: string; content: string; values: MergeValues; rewriteLink?: (href: string) => string }): { subject: string; html: string; text: string } {
  const subject = fillMergeTags(input.subject, input.values, 'text');
  let body = fillMergeTags(input.content, input.values, 'html');
  if (input.rewriteLink) {
    const rewrite = input.rewriteLink;
    body = body.replace(/<a\b([^>]*?)\shref="(https?:[^"]*)"/g, (_m, before: string, href: string) => `<a${before} href="${escapeHtml(rewrite(href.replace(/&amp;/g, '&')))}"`);
  }
  const community = escapeHtml(input.values.communityName);
  const unsubscribe = escapeHtml(input.values.unsubscribeUrl);
  const document = `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title><style>${STYLES}</style></head>
<body><div class="wrap"><div class="card">${body}</div>
<div class="footer">You are receiving this because you are a member of ${community}. <a href="${unsubscribe}">Unsubscribe</a></div></div></body></html>`;
  const html = juice(document, { removeStyleTags: true, preserveMediaQueries: true });
  const text = convert(html, {
    wordwrap: 78,
    selectors: [
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
      { selector: 'img', format: 'skip' },
    ],
  });
  return { subject, html, text };
}
