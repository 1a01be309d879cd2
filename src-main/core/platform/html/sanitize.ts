import sanitizeHtml from 'sanitize-html';

/**
 * The one allow-list for HTML an owner writes (campaign emails, community posts). Runs when the HTML is
 * saved, so what is stored is already safe: no scripts, no event handlers, no javascript:/data: URLs, no
 * styles beyond what the editor emits. Links and images must be http(s) (links may also be mailto:).
 * Merge tags such as {{member.firstName|there}} are plain text and pass through untouched.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1', 'h2', 'h3', 'h4', 'p', 'br', 'ul', 'ol', 'li', 'a', 'img', 'strong', 'b', 'em', 'i', 'u', 's',
    'blockquote', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'div', 'span', 'code', 'pre',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'class', 'target', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    th: ['colspan', 'rowspan', 'align'],
    td: ['colspan', 'rowspan', 'align'],
    p: ['style'],
    h1: ['style'],
    h2: ['style'],
    h3: ['style'],
    h4: ['style'],
  },
  allowedClasses: { a: ['button'] },
  allowedStyles: { '*': { 'text-align': [/^(left|right|center|justify)$/] } },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Links that leave the message open in a new tab and carry no opener.
  transformTags: {
    a: (tagName, attribs) => {
      const next: Record<string, string> = { ...attribs };
      if (next.target !== undefined) {
        next.target = '_blank';
        next.rel = 'noopener noreferrer';
      }
      return { tagName, attribs: next };
    },
  },
};

export function sanitizeOwnerHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}
