import { CopyButton } from '../../ui/CopyButton';
import { prettyJson } from './format';

/** A body as the owner reads it: JSON indented, anything else as sent, with a copy button. */
export function CodeBlock({ text, label, pretty = true, maxHeight }: { text: string; label: string; pretty?: boolean; maxHeight?: number }) {
  const shown = pretty ? prettyJson(text) : text;
  return (
    <div className="code-block">
      <div className="code-block-bar">
        <span className="code-block-label">{label}</span>
        {shown && <CopyButton text={shown} label="Copy" />}
      </div>
      {shown ? (
        <pre className="code-block-body" tabIndex={0} aria-label={label} style={maxHeight ? { maxHeight } : undefined}>
          {shown}
        </pre>
      ) : (
        <p className="code-block-empty">Empty</p>
      )}
    </div>
  );
}

export function HeaderList({ headers, label }: { headers: Record<string, string>; label: string }) {
  const entries = Object.entries(headers);
  if (entries.length === 0) return <p className="muted wh-small">No headers</p>;
  return (
    <dl className="header-list" aria-label={label}>
      {entries.map(([name, value]) => (
        <div key={name} className="header-item">
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
