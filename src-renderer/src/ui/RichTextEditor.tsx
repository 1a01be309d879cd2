import Image from '@tiptap/extension-image';
import Link from '@tiptap/extension-link';
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import './rich-text-editor.css';

export interface MergeTag {
  /** What the owner reads in the menu, e.g. "First name". */
  label: string;
  /** What goes into the text, e.g. "{{member.firstName}}". */
  tag: string;
}

export interface RichTextEditorProps {
  /** The document as HTML. */
  value: string;
  onChange: (html: string) => void;
  placeholder?: string;
  /** Offered in an "Insert" menu; inserted where the cursor is, in either mode. */
  mergeTags?: readonly MergeTag[];
  'aria-label': string;
  disabled?: boolean;
}

/** Links keep a class so "button" links survive a round trip (sanitizeOwnerHtml keeps a.button). */
const ClassyLink = Link.extend({
  addAttributes() {
    return {
      ...this.parent?.(),
      class: {
        default: null,
        parseHTML: (el: HTMLElement) => el.getAttribute('class'),
        renderHTML: (attrs: Record<string, unknown>) => (attrs['class'] ? { class: attrs['class'] } : {}),
      },
    };
  },
});

const EXTENSIONS = [
  StarterKit.configure({
    heading: { levels: [1, 2, 3] },
    codeBlock: false,
    code: false,
    link: false,
  }),
  ClassyLink.configure({
    openOnClick: false,
    autolink: true,
    defaultProtocol: 'https',
    protocols: ['http', 'https', 'mailto'],
    // Mail has no tabs; a merge tag may stand for the address (the unsubscribe link).
    HTMLAttributes: { target: null, rel: 'noopener noreferrer' },
    isAllowedUri: (url, ctx) => /^\{\{[a-zA-Z_.]+\}\}$/.test(url) || ctx.defaultValidate(url),
  }),
  Image.configure({ inline: false, allowBase64: false }),
];

type Panel = { kind: 'link' | 'image' | 'button' } | null;

/** What the link, image and button forms accept; an empty string when it is fine. */
export function urlProblem(url: string, kind: 'link' | 'image' | 'button'): string {
  const u = url.trim();
  if (!u) return 'Enter an address.';
  if (/^\{\{[a-zA-Z_.]+\}\}$/.test(u) && kind !== 'image') return '';
  if (kind === 'image') return /^https?:\/\/[^\s]+$/i.test(u) ? '' : 'Images need an address starting with https:// or http://.';
  return /^(https?:\/\/[^\s]+|mailto:[^\s]+)$/i.test(u) ? '' : 'Use an address starting with https://, http:// or mailto:.';
}

/**
 * The shared rich-text editor (campaigns, community posts): headings, lists, links, images by
 * address, buttons and dividers, with an HTML source mode. Emits HTML; the core sanitises it on save.
 */
export function RichTextEditor({ value, onChange, placeholder, mergeTags, 'aria-label': ariaLabel, disabled }: RichTextEditorProps) {
  const [mode, setMode] = useState<'visual' | 'source'>('visual');
  const [panel, setPanel] = useState<Panel>(null);
  const lastEmitted = useRef(value);
  const onChangeRef = useRef(onChange);
  const sourceRef = useRef<HTMLTextAreaElement>(null);
  const id = useId();

  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);

  const editor = useEditor({
    extensions: EXTENSIONS,
    content: value,
    editable: !disabled,
    editorProps: {
      attributes: { 'aria-label': ariaLabel, 'aria-multiline': 'true', role: 'textbox', class: 'rte-prose' },
      // Ctrl/Cmd+K: the link form, as in most editors.
      handleKeyDown: (_view, event) => {
        if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
          event.preventDefault();
          setPanel({ kind: 'link' });
          return true;
        }
        return false;
      },
    },
    onUpdate: ({ editor: e }) => {
      const html = e.isEmpty ? '' : e.getHTML();
      lastEmitted.current = html;
      onChangeRef.current(html);
    },
  });

  // A value from outside (a restored version, another draft) replaces the document; our own echo does not.
  useEffect(() => {
    if (!editor || value === lastEmitted.current) return;
    lastEmitted.current = value;
    if (mode === 'visual') editor.commands.setContent(value, { emitUpdate: false });
  }, [editor, value, mode]);

  useEffect(() => {
    if (editor && editor.isEditable === Boolean(disabled)) editor.setEditable(!disabled, false);
  }, [editor, disabled]);

  function emitSource(html: string) {
    lastEmitted.current = html;
    onChange(html);
  }

  function switchMode(next: 'visual' | 'source') {
    if (next === mode) return;
    setPanel(null);
    if (next === 'visual' && editor) {
      editor.commands.setContent(value, { emitUpdate: false });
      // What the visual editor can show is what it keeps; say so by emitting its version.
      const html = editor.isEmpty ? '' : editor.getHTML();
      if (html !== value) emitSource(html);
    }
    setMode(next);
  }

  function insertTag(tag: string) {
    if (mode === 'source') {
      const ta = sourceRef.current;
      const start = ta?.selectionStart ?? value.length;
      const end = ta?.selectionEnd ?? value.length;
      const next = value.slice(0, start) + tag + value.slice(end);
      emitSource(next);
      requestAnimationFrame(() => {
        if (!ta) return;
        ta.focus();
        ta.setSelectionRange(start + tag.length, start + tag.length);
      });
      return;
    }
    editor?.chain().focus().insertContent(tag).run();
  }

  return (
    <div className={`rte${disabled ? ' is-disabled' : ''}`}>
      <div className="rte-toolbar" role="toolbar" aria-label={`${ariaLabel}: formatting`} onKeyDown={moveInToolbar}>
        {mode === 'visual' && editor && <FormatButtons editor={editor} panel={panel} setPanel={setPanel} disabled={disabled} />}
        {mergeTags && mergeTags.length > 0 && <MergeTagMenu tags={mergeTags} onInsert={insertTag} disabled={disabled} />}
        <span className="rte-spacer" />
        <div className="rte-mode" role="radiogroup" aria-label="Editing mode">
          {(['visual', 'source'] as const).map((m) => (
            <button
              key={m}
              type="button"
              role="radio"
              aria-checked={mode === m}
              className={mode === m ? 'rte-mode-button is-active' : 'rte-mode-button'}
              onClick={() => switchMode(m)}
            >
              {m === 'visual' ? 'Visual' : 'HTML'}
            </button>
          ))}
        </div>
      </div>
      {panel && editor && mode === 'visual' && <UrlPanel key={panel.kind} editor={editor} kind={panel.kind} onClose={() => setPanel(null)} />}
      {mode === 'visual' ? (
        <div className="rte-body">
          {editor?.isEmpty && placeholder && (
            <div className="rte-placeholder" aria-hidden="true">
              {placeholder}
            </div>
          )}
          <EditorContent editor={editor} className="rte-content" />
        </div>
      ) : (
        <>
          <label className="visually-hidden" htmlFor={`${id}-source`}>
            {`${ariaLabel} (HTML source)`}
          </label>
          <textarea
            id={`${id}-source`}
            ref={sourceRef}
            className="rte-source"
            spellCheck={false}
            value={value}
            disabled={disabled}
            placeholder={placeholder ? `<p>${placeholder}</p>` : undefined}
            onChange={(e) => emitSource(e.target.value)}
          />
          <p className="rte-note">Tags the visual editor cannot show (tables, styles) are dropped when you switch back to Visual.</p>
        </>
      )}
    </div>
  );
}

/** Left and right arrows move between the toolbar's controls (Tab still reaches each one). */
function moveInToolbar(event: KeyboardEvent<HTMLDivElement>) {
  if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
  const target = event.target as HTMLElement;
  if (target.tagName === 'SELECT' || target.getAttribute('role') === 'radio') return; // they use arrows themselves
  const items = Array.from(event.currentTarget.querySelectorAll<HTMLElement>('button:not(:disabled), select:not(:disabled)'));
  const at = items.indexOf(target);
  if (at < 0) return;
  event.preventDefault();
  items[(at + (event.key === 'ArrowRight' ? 1 : -1) + items.length) % items.length]?.focus();
}

function ToolButton({ label, active, onClick, disabled, children }: { label: string; active?: boolean; onClick: () => void; disabled?: boolean; children: ReactNode }) {
  return (
    <button
      type="button"
      className={active ? 'rte-button is-active' : 'rte-button'}
      aria-label={label}
      title={label}
      aria-pressed={active === undefined ? undefined : active}
      disabled={disabled}
      // Keep the editor's selection: a mousedown on the toolbar would otherwise blur it.
      onMouseDown={(e) => e.preventDefault()}
      onClick={onClick}
    >
      {children}
    </button>
  );
}

function FormatButtons({ editor, panel, setPanel, disabled }: { editor: Editor; panel: Panel; setPanel: (p: Panel) => void; disabled?: boolean }) {
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      underline: e.isActive('underline'),
      h1: e.isActive('heading', { level: 1 }),
      h2: e.isActive('heading', { level: 2 }),
      h3: e.isActive('heading', { level: 3 }),
      bullet: e.isActive('bulletList'),
      ordered: e.isActive('orderedList'),
      quote: e.isActive('blockquote'),
      link: e.isActive('link'),
    }),
  });
  const chain = () => editor.chain().focus();
  const toggle = (kind: 'link' | 'image' | 'button') => setPanel(panel?.kind === kind ? null : { kind });
  return (
    <>
      <div className="rte-group">
        <ToolButton label="Bold" active={state.bold} disabled={disabled} onClick={() => chain().toggleBold().run()}>
          <b>B</b>
        </ToolButton>
        <ToolButton label="Italic" active={state.italic} disabled={disabled} onClick={() => chain().toggleItalic().run()}>
          <i>I</i>
        </ToolButton>
        <ToolButton label="Underline" active={state.underline} disabled={disabled} onClick={() => chain().toggleUnderline().run()}>
          <u>U</u>
        </ToolButton>
      </div>
      <div className="rte-group">
        {([1, 2, 3] as const).map((level) => (
          <ToolButton
            key={level}
            label={`Heading ${level}`}
            active={state[`h${level}`]}
            disabled={disabled}
            onClick={() => chain().toggleHeading({ level }).run()}
          >
            H{level}
          </ToolButton>
        ))}
      </div>
      <div className="rte-group">
        <ToolButton label="Bulleted list" active={state.bullet} disabled={disabled} onClick={() => chain().toggleBulletList().run()}>
          •≡
        </ToolButton>
        <ToolButton label="Numbered list" active={state.ordered} disabled={disabled} onClick={() => chain().toggleOrderedList().run()}>
          1≡
        </ToolButton>
        <ToolButton label="Quote" active={state.quote} disabled={disabled} onClick={() => chain().toggleBlockquote().run()}>
          ❝
        </ToolButton>
      </div>
      <div className="rte-group">
        <ToolButton label="Link" active={state.link || panel?.kind === 'link'} disabled={disabled} onClick={() => toggle('link')}>
          Link
        </ToolButton>
        <ToolButton label="Image" active={panel?.kind === 'image'} disabled={disabled} onClick={() => toggle('image')}>
          Image
        </ToolButton>
        <ToolButton label="Button" active={panel?.kind === 'button'} disabled={disabled} onClick={() => toggle('button')}>
          Button
        </ToolButton>
        <ToolButton label="Divider" disabled={disabled} onClick={() => chain().setHorizontalRule().run()}>
          ―
        </ToolButton>
      </div>
    </>
  );
}

function MergeTagMenu({ tags, onInsert, disabled }: { tags: readonly MergeTag[]; onInsert: (tag: string) => void; disabled?: boolean }) {
  const id = useId();
  return (
    <div className="rte-group">
      <label className="visually-hidden" htmlFor={id}>
        Insert a personal field
      </label>
      <select
        id={id}
        className="rte-select"
        value=""
        disabled={disabled}
        onChange={(e) => {
          if (e.target.value) onInsert(e.target.value);
          e.target.value = '';
        }}
      >
        <option value="">Insert field…</option>
        {tags.map((t) => (
          <option key={t.tag} value={t.tag}>
            {t.label}
          </option>
        ))}
      </select>
    </div>
  );
}

const PANEL_TITLES = { link: 'Link', image: 'Image', button: 'Button' } as const;

/** The small form under the toolbar for a link, an image or a button (Electron has no prompt()). */
function UrlPanel({ editor, kind, onClose }: { editor: Editor; kind: 'link' | 'image' | 'button'; onClose: () => void }) {
  const existingHref = kind === 'link' ? ((editor.getAttributes('link')['href'] as string | undefined) ?? '') : '';
  const [url, setUrl] = useState(existingHref);
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const id = useId();

  function submit(event: FormEvent) {
    event.preventDefault();
    const problem = urlProblem(url, kind);
    if (problem) {
      setError(problem);
      return;
    }
    const href = url.trim();
    if (kind === 'link') {
      const { empty } = editor.state.selection;
      if (empty && !editor.isActive('link')) {
        const label = text.trim() || href;
        editor.chain().focus().insertContent({ type: 'text', text: label, marks: [{ type: 'link', attrs: { href } }] }).run();
      } else {
        editor.chain().focus().extendMarkRange('link').setLink({ href }).run();
      }
    } else if (kind === 'image') {
      editor.chain().focus().setImage({ src: href, alt: text.trim() || undefined }).run();
    } else {
      const label = text.trim() || 'Open';
      editor
        .chain()
        .focus()
        .insertContent({
          type: 'paragraph',
          content: [{ type: 'text', text: label, marks: [{ type: 'link', attrs: { href, class: 'button' } }] }],
        })
        .run();
    }
    onClose();
  }

  const secondLabel = kind === 'image' ? 'Description (for screen readers)' : kind === 'button' ? 'Button text' : 'Text (when nothing is selected)';
  return (
    <form className="rte-panel" aria-label={`${PANEL_TITLES[kind]} details`} onSubmit={submit}>
      <div className="rte-panel-field">
        <label className="field-label" htmlFor={`${id}-url`}>
          {kind === 'image' ? 'Image address' : 'Link address'}
        </label>
        <input
          id={`${id}-url`}
          className={error ? 'input has-error' : 'input'}
          value={url}
          autoFocus
          placeholder="https://"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => {
            setUrl(e.target.value);
            setError('');
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') onClose();
          }}
        />
      </div>
      <div className="rte-panel-field">
        <label className="field-label" htmlFor={`${id}-text`}>
          {secondLabel}
        </label>
        <input id={`${id}-text`} className="input" value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <div className="rte-panel-actions">
        <button type="submit" className="button button-primary button-small">
          {kind === 'link' ? 'Apply link' : kind === 'image' ? 'Insert image' : 'Insert button'}
        </button>
        {kind === 'link' && editor.isActive('link') && (
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              editor.chain().focus().extendMarkRange('link').unsetLink().run();
              onClose();
            }}
          >
            Remove link
          </button>
        )}
        <button type="button" className="button button-small" onClick={onClose}>
          Cancel
        </button>
      </div>
      {error && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
