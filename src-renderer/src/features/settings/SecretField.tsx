import { useId, useState } from 'react';
import { Pill } from '../../ui/Pill';
import { useAction } from '../../ui/use-action';
import { sourceText } from './settings-api';

/**
 * One secret or setting: shows only a hint of what is stored, where it comes from, and (unless the
 * environment sets it) a field to replace it and a button to remove it.
 */
export function SecretField({
  label,
  hint,
  source,
  envName,
  placeholder,
  secret = true,
  onSave,
  help,
}: {
  label: string;
  hint: string | null;
  source: 'environment' | 'settings' | null;
  envName: string;
  placeholder: string;
  secret?: boolean;
  onSave: (value: string | null) => Promise<unknown>;
  help?: string;
}) {
  const id = useId();
  const [text, setText] = useState('');
  const save = useAction(async (value: string | null) => {
    await onSave(value);
    return true;
  });
  const fromEnv = source === 'environment';
  async function submit(value: string | null) {
    if (await save.run(value)) setText('');
  }
  return (
    <div className="settings-field">
      <div className="settings-field-head">
        <label className="field-label" htmlFor={id}>
          {label}
        </label>
        {hint ? <Pill tone="success">{hint}</Pill> : <Pill tone="warning">Not set</Pill>}
      </div>
      {fromEnv ? (
        <p className="field-help">{sourceText(source, envName)}</p>
      ) : (
        <form
          className="inline-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (text.trim()) void submit(text.trim());
          }}
        >
          <input
            id={id}
            className="input input-mono"
            type={secret ? 'password' : 'text'}
            autoComplete="off"
            spellCheck={false}
            placeholder={placeholder}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" className="button" disabled={save.busy || !text.trim()}>
            {save.busy ? 'Saving…' : hint ? 'Replace' : 'Save'}
          </button>
          {hint && (
            <button type="button" className="button button-danger-quiet" disabled={save.busy} onClick={() => void submit(null)}>
              Remove
            </button>
          )}
        </form>
      )}
      {!fromEnv && (help || source) && <p className="field-help">{[help, sourceText(source, envName)].filter(Boolean).join(' ')}</p>}
      {save.problem && (
        <p className="field-error" role="alert">
          Could not save: {save.problem}
        </p>
      )}
    </div>
  );
}
