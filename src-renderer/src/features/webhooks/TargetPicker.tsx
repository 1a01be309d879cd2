import { useId } from 'react';
import { SegmentedControl } from '../../ui/SegmentedControl';
import { EXAMPLE_TARGET_URL, targetProblem, type TargetChoice } from './target';
import type { LabAccess } from './types';

const SEGMENTS = [
  { value: 'self', label: 'This console' },
  { value: 'url', label: 'Another URL' },
] as const;

/**
 * Where a lab event or a replay goes: this console's own listener (the console owner only), or a
 * URL such as the owner's app. A tenant ADMIN sees the URL field alone, signed with their lab secret.
 */
export function TargetPicker({
  value,
  onChange,
  showProblem,
  access,
}: {
  value: TargetChoice;
  onChange: (next: TargetChoice) => void;
  showProblem: boolean;
  access: LabAccess | undefined;
}) {
  const urlId = useId();
  const problemId = useId();
  const problem = showProblem ? targetProblem(value) : null;
  const selfAllowed = access?.selfTarget === true;
  const help = !access
    ? 'Signed the way the provider signs, so your app\'s own signature check runs.'
    : access.signing === 'lab'
      ? `Signed with your lab secret, so your app can check the signature with it.${access.privateTargets ? ' localhost is fine.' : ' Public URLs only: this console is reachable from the network.'}`
      : 'Signed the way the provider signs, so your app\'s own signature check runs. localhost is fine.';
  return (
    <div className="target-picker">
      {selfAllowed && <SegmentedControl label="Send to" segments={SEGMENTS} value={value.kind} onChange={(kind) => onChange({ ...value, kind })} />}
      {selfAllowed && value.kind === 'self' ? (
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
            placeholder={access?.privateTargets === false ? 'https://hooks.example.com/webhooks' : EXAMPLE_TARGET_URL}
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
            <p className="field-help">{help}</p>
          )}
        </>
      )}
    </div>
  );
}
