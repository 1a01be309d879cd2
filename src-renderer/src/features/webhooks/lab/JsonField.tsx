import { useId, useRef, type ReactNode } from 'react';
import { Icon } from '@renderer/ui/Icon';
import { bytes } from '../format';
import type { JsonCheck } from './json-check';

/** A monospace JSON editor: line numbers, the check's verdict as you type, a jump to the problem. */
export function JsonField({
  label,
  value,
  onChange,
  check,
  actions,
}: {
  label: string;
  value: string;
  onChange: (text: string) => void;
  check: JsonCheck;
  actions?: ReactNode;
}) {
  const id = useId();
  const statusId = useId();
  const areaRef = useRef<HTMLTextAreaElement>(null);
  const gutterRef = useRef<HTMLDivElement>(null);
  const lineCount = value.split('\n').length;
  const badLine = check.ok ? null : check.line;

  function goToProblem() {
    if (check.ok || !areaRef.current) return;
    areaRef.current.focus();
    areaRef.current.setSelectionRange(check.offset, Math.min(value.length, check.offset + 1));
  }

  return (
    <div className="json-field">
      <div className="json-field-bar">
        <label htmlFor={id} className="field-label json-field-label">
          {label}
        </label>
        <div className="json-field-actions">{actions}</div>
      </div>
      <div className={check.ok ? 'json-editor' : 'json-editor has-error'}>
        <div ref={gutterRef} className="json-gutter" aria-hidden="true">
          {Array.from({ length: lineCount }, (_, i) => (
            <div key={i} className={i + 1 === badLine ? 'is-bad' : undefined}>
              {i + 1}
            </div>
          ))}
        </div>
        <textarea
          ref={areaRef}
          id={id}
          className="json-textarea"
          value={value}
          wrap="off"
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="off"
          aria-invalid={!check.ok}
          aria-describedby={statusId}
          onChange={(e) => onChange(e.target.value)}
          onScroll={(e) => {
            if (gutterRef.current) gutterRef.current.scrollTop = e.currentTarget.scrollTop;
          }}
        />
      </div>
      <div id={statusId} className={check.ok ? 'json-status is-ok' : 'json-status is-bad'} aria-live="polite" data-testid="json-status">
        {check.ok ? (
          <>
            <Icon name="check" size={14} /> Valid JSON · {bytes(new TextEncoder().encode(value).length)}
          </>
        ) : (
          <>
            <Icon name="alert" size={14} />
            <span>
              Line {check.line}, column {check.column}: {check.message}
            </span>
            <button type="button" className="link-button" onClick={goToProblem}>
              Show me
            </button>
          </>
        )}
      </div>
    </div>
  );
}
