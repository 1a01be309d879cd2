import { describe, expect, it } from 'vitest';
import { sanitizeOwnerHtml } from '../../src-main/core/platform/html/sanitize';

describe('sanitizeOwnerHtml', () => {
  it('keeps the formatting the editor produces', () => {
    const html =
      '<h1>Hi</h1><p>Some <strong>bold</strong> <em>it</em> <u>u</u> <s>s</s></p><ul><li>a</li></ul><ol><li>b</li></ol>' +
      '<blockquote>q</blockquote><hr><a href="https://x.test/a" class="button">Go</a><img src="https://x.test/i.png" alt="i">' +
      '<table><tbody><tr><td>c</td></tr></tbody></table>';
    const out = sanitizeOwnerHtml(html);
    for (const piece of ['<h1>Hi</h1>', '<strong>bold</strong>', '<ul><li>a</li></ul>', '<blockquote>q</blockquote>', '<hr />', 'class="button"', 'src="https://x.test/i.png"', '<td>c</td>']) {
      expect(out).toContain(piece);
    }
  });

  it('removes scripts, event handlers and javascript: URLs', () => {
    const out = sanitizeOwnerHtml(
      '<p onclick="steal()">x</p><script>alert(1)</script><a href="javascript:alert(1)">bad</a><img src="data:image/png;base64,AA" onerror="x()"><iframe src="https://x.test"></iframe><a class="evil" href="mailto:a@b.test">m</a>',
    );
    expect(out).not.toMatch(/script|onclick|onerror|javascript:|data:|iframe|evil/);
    expect(out).toContain('<p>x</p>');
    expect(out).toContain('href="mailto:a@b.test"');
  });

  it('leaves merge tags as text', () => {
    expect(sanitizeOwnerHtml('<p>Hi {{member.firstName|there}}</p>')).toBe('<p>Hi {{member.firstName|there}}</p>');
  });
});
