import { describe, expect, it } from 'vitest';
import { fillMergeTags, renderEmail } from '../../src-main/core/areas/campaigns/render';
import { sanitizeOwnerHtml } from '../../src-main/core/platform/html/sanitize';
import { Window } from 'happy-dom';

/** Every attribute of every link in an email, as a mail client's parser reads them. */
function linkAttributes(html: string): Array<Record<string, string>> {
  const doc = new new Window().DOMParser().parseFromString(html, 'text/html');
  return [...doc.querySelectorAll('a')].map((a) => Object.fromEntries([...a.attributes].map((attr) => [attr.name, attr.value ?? ''])));
}

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

  it('a merge tag cannot span markup or fill an attribute: the review\'s attacks stay inert', () => {
    const attack = '<p><a href="https://a/{{community.name|">x</a>}} <a href=" onmouseover=alert(1) x=">y</a></p>';
    const content = sanitizeOwnerHtml(attack);
    const out = renderEmail({ subject: 's', content, values: { ...values, communityName: 'C' } });
    for (const attrs of linkAttributes(out.html)) expect(Object.keys(attrs).filter((n) => n !== 'href' && n !== 'style')).toEqual([]);

    const js = sanitizeOwnerHtml('<p><a href="{{member.name|javascript:alert(1)}}">hi</a> {{member.name|friend}}</p>');
    const nameless = renderEmail({ subject: 's', content: js, values: { ...values, memberName: '' } });
    expect(linkAttributes(nameless.html).map((a) => a.href)).not.toContainEqual(expect.stringMatching(/^\s*javascript:/i));
    expect(nameless.html).toContain('hi</a> friend');
    const named = renderEmail({ subject: 's', content: js, values });
    expect(linkAttributes(named.html).map((a) => a.href)).not.toContainEqual(expect.stringMatching(/Ann/));

    // An empty unsubscribe link in an attribute never takes a fallback either.
    const unsub = renderEmail({ subject: 's', content: sanitizeOwnerHtml('<p><a href="{{unsubscribe_url|javascript:alert(1)}}">x</a></p>'), values: { ...values, unsubscribeUrl: '' } });
    expect(linkAttributes(unsub.html).map((a) => a.href)).not.toContainEqual(expect.stringMatching(/javascript:/i));
  });
});
