import { describe, expect, it } from 'vitest';
import { fillMergeTags, renderEmail } from '../../src-main/core/areas/campaigns/render';
import { sanitizeOwnerHtml } from '../../src-main/core/platform/html/sanitize';

const values = { memberName: 'Ann <b>Able</b>', communityName: 'Alpha & Co', unsubscribeUrl: 'https://c.example/u/abc' };

describe('campaign merge tags and rendering', () => {
  it('fills the known tags, HTML-escaped, with fallbacks; unknown tags and template code stay text', () => {
    expect(fillMergeTags('Hi {{member.firstName}} of {{ community.name }}', values, 'html')).toBe('Hi Ann of Alpha &amp; Co');
    expect(fillMergeTags('{{member.name}}', values, 'html')).toBe('Ann &lt;b&gt;Able&lt;/b&gt;');
    expect(fillMergeTags('{{member.name}}', values, 'text')).toBe('Ann <b>Able</b>');
    expect(fillMergeTags('Hi {{member.firstName|there}}', { ...values, memberName: null }, 'text')).toBe('Hi there');
    expect(fillMergeTags('{{member.email}} {{constructor.constructor}} {{#each x}}', values, 'html')).toBe('{{member.email}} {{constructor.constructor}} {{#each x}}');
  });

  it('inlines CSS, keeps headings as written in the text part, and fills tags in links', () => {
    const content = sanitizeOwnerHtml('<h1>News for {{member.firstName}}</h1><p><a class="button" href="https://x.test/a">Read</a> <a href="{{unsubscribe_url}}">Leave</a></p>');
    const out = renderEmail({ subject: 'Hello {{member.firstName|friend}}', content, values });
    expect(out.subject).toBe('Hello Ann');
    expect(out.html).toMatch(/<h1 style="[^"]+">News for Ann<\/h1>/);
    expect(out.html).toContain('href="https://c.example/u/abc"');
    expect(out.html).not.toContain('<style>');
    expect(out.text).toContain('News for Ann');
    expect(out.text).toContain('https://c.example/u/abc');
  });

  it('rewrites links for click tracking, never the unsubscribe link', () => {
    const out = renderEmail({ subject: 's', content: '<p><a href="https://x.test/a?b=1&amp;c=2">Read</a></p>', values, rewriteLink: (href) => `https://c.example/c/t?u=${encodeURIComponent(href)}` });
    expect(out.html).toContain(`href="https://c.example/c/t?u=${encodeURIComponent('https://x.test/a?b=1&c=2')}"`);
    expect(out.html).toContain('href="https://c.example/u/abc"');
  });
});
