import { useId } from 'react';
import { SegmentedControl } from '../../ui/SegmentedControl';
import { EXAMPLE_TARGET_URL, targetProblem, type TargetChoice } from './target';

const SEGMENTS = [
  { value: 'self', label: 'This console' },
  { value: 'url', label: 'Another URL' },
] as const;

/** Where a lab event or a replay goes: this console's own listener, or a URL such as the owner's app. */
export function TargetPicker({ value, onChange, showProblem }: { value: TargetChoice; onChange: (next: TargetChoice) => void; showProblem: boolean }) {
  const urlId = useId();
  const problemId = useId();
  const problem = showProblem ? targetProblem(value) : null;
  return (
    <div className="target-picker">
      <SegmentedControl label="Send to" segments={SEGMENTS} value={value.kind} onChange={(kind) => onChange({ ...value, kind })} />
      {value.kind === 'self' ? (
        <p className="field-help">Signed with this console's signing secret and received by its own listener, like a real delivery.</p>
      ) : (
        <>
          <label className="visually-hidden" htmlFor={urlId}>
            Target URL
          </label>
          <input
            id={urlId}
            className={problem ? 'input input-mono has-error' : 'input input-mono'}
            type="url"
            inputMode="url"
            placeholder={EXAMPLE_TARGET_URL}
            value={value.url}
            spellCheck={false}
            autoComplete="url"
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? problemId : undefined}
            onChange={(e) => onChange({ ...value, url: e.target.value })}
          />
          {problem ? (
            <p className="field-error" id={problemId}>
              {problem}
            </p>
          ) : (
            <p className="field-help">Signed the way the provider signs, so your app's own signature check runs. localhost is fine.</p>
          )}
        </>
      )}
    </div>
  );
}
