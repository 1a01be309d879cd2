// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithServices, until, type Rendered } from '../test-support/render';
import { RichTextEditor, urlProblem } from './RichTextEditor';

const TAGS = [
  { label: 'First name', tag: '{{member.firstName}}' },
  { label: 'Unsubscribe link', tag: '{{unsubscribe_url}}' },
];

let view: Rendered | undefined;
afterEach(() => {
  view?.unmount();
  document.body.innerHTML = '';
});

function mount(value: string, onChange = vi.fn()) {
  view = renderWithServices(<RichTextEditor value={value} onChange={onChange} mergeTags={TAGS} aria-label="Message" placeholder="Write…" />);
  return onChange;
}

const button = (name: string) => {
  const b = Array.from(document.querySelectorAll('button')).find((el) => el.getAttribute('aria-label') === name || el.textContent === name);
  if (!b) throw new Error(`no button ${name}`);
  return b;
};
const click = (el: Element) => act(() => (el as HTMLElement).click());
function setInput(el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string) {
  const proto = Object.getPrototypeOf(el) as object;
  act(() => {
    Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(el, value);
    el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
  });
}
const prose = () => document.querySelector('.rte-prose')!;

describe('the rich-text editor', () => {
  it('shows the HTML it is given, with a labelled document and toolbar', async () => {
    mount('<h2>Hello</h2><p>World <a href="https://example.com" class="button">Join</a></p>');
    await until(() => prose().querySelector('h2'));
    expect(prose().getAttribute('aria-label')).toBe('Message');
    expect(prose().querySelector('h2')?.textContent).toBe('Hello');
    expect(prose().querySelector('a.button')?.getAttribute('href')).toBe('https://example.com');
    expect(document.querySelector('[role="toolbar"]')?.getAttribute('aria-label')).toBe('Message: formatting');
  });

  it('inserts a merge tag where the cursor is and reports the new HTML', async () => {
    const onChange = mount('<p>Hi </p>');
    await until(() => prose().querySelector('p'));
    setInput(document.querySelector('select')!, '{{member.firstName}}');
    await until(() => onChange.mock.calls.length > 0);
    expect(onChange.mock.lastCall?.[0]).toContain('{{member.firstName}}');
  });

  it('edits the HTML source, inserts tags there, and keeps a button link when switching back', async () => {
    const onChange = vi.fn();
    mount('<p>Hi</p>', onChange);
    click(button('HTML'));
    const source = document.querySelector('textarea')!;
    expect(source.value).toBe('<p>Hi</p>');
    setInput(source, '<p>Hi <a class="button" href="{{unsubscribe_url}}">Leave</a></p>');
    expect(onChange).toHaveBeenLastCalledWith('<p>Hi <a class="button" href="{{unsubscribe_url}}">Leave</a></p>');
    // The parent holds the value: render it back as a controlled component does.
    view!.rerender(<RichTextEditor value={onChange.mock.lastCall![0] as string} onChange={onChange} mergeTags={TAGS} aria-label="Message" />);
    click(button('Visual'));
    await until(() => prose().querySelector('a.button'));
    expect(prose().querySelector('a.button')?.getAttribute('href')).toBe('{{unsubscribe_url}}');
  });

  it('replaces its document when the value changes from outside (a restored version)', async () => {
    const onChange = mount('<p>First</p>');
    await until(() => prose().textContent === 'First');
    view!.rerender(<RichTextEditor value="<p>Restored</p>" onChange={onChange} aria-label="Message" />);
    await until(() => prose().textContent === 'Restored');
    expect(onChange).not.toHaveBeenCalled();
  });

  it('inserts a button and an image from the small forms, and refuses an address it cannot use', async () => {
    const onChange = mount('<p>Text</p>');
    await until(() => prose().querySelector('p'));
    click(button('Button'));
    const form = () => document.querySelector<HTMLFormElement>('.rte-panel')!;
    const inputs = () => form().querySelectorAll('input');
    setInput(inputs()[0]!, 'javascript:alert(1)');
    act(() => form().requestSubmit());
    expect(form().querySelector('[role="alert"]')?.textContent).toMatch(/https:\/\//);
    setInput(inputs()[0]!, 'https://club.example/join');
    setInput(inputs()[1]!, 'Join the call');
    act(() => form().requestSubmit());
    await until(() => onChange.mock.calls.length > 0);
    expect(onChange.mock.lastCall?.[0]).toMatch(/<a[^>]*href="https:\/\/club.example\/join"[^>]*class="button"[^>]*>Join the call<\/a>|<a[^>]*class="button"[^>]*href="https:\/\/club.example\/join"[^>]*>Join the call<\/a>/);

    click(button('Image'));
    setInput(inputs()[0]!, 'https://cdn.example/cat.png');
    setInput(inputs()[1]!, 'A cat');
    act(() => form().requestSubmit());
    await until(() => String(onChange.mock.lastCall?.[0]).includes('<img'));
    expect(onChange.mock.lastCall?.[0]).toContain('src="https://cdn.example/cat.png"');
    expect(onChange.mock.lastCall?.[0]).toContain('alt="A cat"');
  });

  it('inserts a divider', async () => {
    const onChange = mount('<p>Text</p>');
    await until(() => prose().querySelector('p'));
    click(button('Divider'));
    await until(() => String(onChange.mock.lastCall?.[0]).includes('<hr'));
  });
});

describe('the toolbar by keyboard', () => {
  it('moves between its buttons with the arrow keys', async () => {
    mount('<p>Text</p>');
    await until(() => prose().querySelector('p'));
    const bold = button('Bold');
    act(() => bold.focus());
    act(() => void bold.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true })));
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Italic');
    act(() => void document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true })));
    act(() => void document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true })));
    // From the first control, left wraps to the last one (the HTML mode switch).
    expect(document.activeElement?.textContent).toBe('HTML');
  });
});

describe('addresses in links, images and buttons', () => {
  it('accepts web and mail addresses and merge tags, and nothing that runs code', () => {
    expect(urlProblem('https://a.example', 'link')).toBe('');
    expect(urlProblem('mailto:x@a.example', 'link')).toBe('');
    expect(urlProblem('{{unsubscribe_url}}', 'button')).toBe('');
    expect(urlProblem('javascript:alert(1)', 'link')).not.toBe('');
    expect(urlProblem('mailto:x@a.example', 'image')).not.toBe('');
    expect(urlProblem('', 'image')).toBe('Enter an address.');
  });
});
