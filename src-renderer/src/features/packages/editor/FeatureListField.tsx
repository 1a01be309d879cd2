import { useEffect, useRef, useState } from 'react';
import { MAX_DISPLAY_FEATURES } from '@shared/schemas/packages';
import { Icon } from '@renderer/ui/Icon';
import { FieldMessages, fieldIds } from './fields';
import type { PackageForm } from './use-package-form';

type Action = 'up' | 'down' | 'remove';

/** The pricing card's checklist: add (Enter or the button), reorder and remove, all by keyboard. */
export function FeatureListField({ form }: { form: PackageForm }) {
  const features = form.values.displayFeatures;
  const [draft, setDraft] = useState('');
  const listRef = useRef<HTMLOListElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  // After a move the item is re-rendered elsewhere; keep the focus on the button that moved it.
  const focusAfter = useRef<{ index: number; action: Action } | null>(null);
  const ids = fieldIds('displayFeatures');
  const full = features.length >= MAX_DISPLAY_FEATURES;
  const error = form.errorOf('displayFeatures');

  useEffect(() => {
    const wanted = focusAfter.current;
    if (!wanted) return;
    focusAfter.current = null;
    const row = listRef.current?.querySelector<HTMLElement>(`[data-index="${wanted.index}"]`);
    const button = row?.querySelector<HTMLButtonElement>(`[data-action="${wanted.action}"]:not(:disabled)`);
    (button ?? row?.querySelector<HTMLButtonElement>('button:not(:disabled)') ?? inputRef.current)?.focus();
  });

  function add() {
    const text = draft.trim();
    if (!text || full) return;
    form.set('displayFeatures', [...features, text]);
    form.blur('displayFeatures');
    setDraft('');
  }

  function act(index: number, action: Action) {
    const next = [...features];
    if (action === 'remove') {
      next.splice(index, 1);
      form.set('displayFeatures', next);
      focusAfter.current = { index: Math.min(index, next.length - 1), action: 'remove' };
      return;
    }
    const to = action === 'up' ? index - 1 : index + 1;
    [next[index], next[to]] = [next[to]!, next[index]!];
    form.set('displayFeatures', next);
    focusAfter.current = { index: to, action };
  }

  return (
    <div className="editor-field">
      <label className="field-label" htmlFor={ids.input}>
        Features on the pricing card
      </label>
      {features.length > 0 && (
        <ol className="feature-list" ref={listRef} aria-label="Features">
          {features.map((feature, index) => (
            <li key={`${index}:${feature}`} className="feature-item" data-index={index}>
              <Icon name="check" size={14} className="feature-check" />
              <span className="feature-text">{feature}</span>
              <button type="button" className="icon-button" data-action="up" aria-label={`Move "${feature}" up`} title="Move up" disabled={index === 0} onClick={() => act(index, 'up')}>
                <Icon name="chevronDown" size={14} className="flip" />
              </button>
              <button
                type="button"
                className="icon-button"
                data-action="down"
                aria-label={`Move "${feature}" down`}
                title="Move down"
                disabled={index === features.length - 1}
                onClick={() => act(index, 'down')}
              >
                <Icon name="chevronDown" size={14} />
              </button>
              <button type="button" className="icon-button" data-action="remove" aria-label={`Remove "${feature}"`} title="Remove" onClick={() => act(index, 'remove')}>
                <Icon name="close" size={14} />
              </button>
            </li>
          ))}
        </ol>
      )}
      <div className="feature-add">
        <input
          ref={inputRef}
          id={ids.input}
          className={error ? 'input has-error' : 'input'}
          value={draft}
          placeholder={full ? `At most ${MAX_DISPLAY_FEATURES} features` : 'e.g. 50 AI posts a month'}
          disabled={full}
          aria-describedby={[error ? ids.error : null, ids.hint].filter(Boolean).join(' ')}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
        <button type="button" className="button" onClick={add} disabled={!draft.trim() || full}>
          <Icon name="plus" size={14} /> Add
        </button>
      </div>
      <FieldMessages form={form} field="displayFeatures" hint="Press Enter to add. Shown as a checklist, in this order." />
    </div>
  );
}
