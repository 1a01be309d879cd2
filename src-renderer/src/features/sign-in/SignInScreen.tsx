import { useState, type FormEvent } from 'react';
import { useServices, useSession } from '../../app/services';
import { normaliseTokenInput } from '../../stores/token';
import { Icon } from '../../ui/Icon';
import { Logo } from '../../ui/Logo';
import { codeFromHash, signInWithCode } from './sign-in-code';

/** Browser mode without a token: paste one, or open the link `tenant-console serve` printed. */
export function SignInScreen() {
  const { session } = useServices();
  const reason = useSession((s) => s.signedOutReason);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    // A pasted sign-in link carries a one-time code rather than a token.
    const hashAt = text.indexOf('#');
    const code = hashAt >= 0 ? codeFromHash(text.trim().slice(hashAt)) : null;
    if (code) {
      void signInWithCode(session, code);
      return;
    }
    const token = normaliseTokenInput(text);
    if (!token) {
      setProblem(text.trim() ? 'Token: paste the token on its own, or the whole sign-in link.' : 'Token: paste a token first.');
      return;
    }
    session.getState().signIn(token);
  }

  return (
    <main className="sign-in">
      <div className="sign-in-card">
        <div className="sign-in-brand">
          <Logo size={36} />
          <div>
            <div className="sign-in-product">Tenant Console</div>
            <div className="sign-in-tagline">The admin console for your paid community</div>
          </div>
        </div>

        <h1 className="sign-in-title">Sign in</h1>
        {reason && (
          <div className="banner banner-warning" role="alert">
            <Icon name="alert" size={16} />
            <span>{reason}</span>
          </div>
        )}
        <p className="sign-in-lead">
          Open the <strong>Sign in</strong> link that <code>tenant-console serve</code> printed in your terminal, or
          create a token and paste it below:
        </p>
        <pre className="sign-in-command">
          <code>tenant-console token create --tenant SLUG</code>
        </pre>

        <form className="sign-in-form" onSubmit={submit} noValidate>
          <label className="field-label" htmlFor="sign-in-token">
            Access token
          </label>
          <textarea
            id="sign-in-token"
            className={problem ? 'input input-token has-error' : 'input input-token'}
            rows={3}
            placeholder="eyJhbGciOiJIUzI1NiJ9…"
            value={text}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? 'sign-in-problem' : 'sign-in-help'}
            onChange={(e) => {
              setText(e.target.value);
              setProblem(null);
            }}
          />
          {problem ? (
            <p id="sign-in-problem" className="field-error">
              {problem}
            </p>
          ) : (
            <p id="sign-in-help" className="field-help">
              The token stays in this browser only. You can also paste the whole sign-in link.
            </p>
          )}
          <button type="submit" className="button button-primary button-block">
            Sign in
          </button>
        </form>
      </div>
    </main>
  );
}
