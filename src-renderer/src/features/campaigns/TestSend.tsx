import { useId, useState } from 'react';
import { useServices } from '../../app/services';
import { useAction } from '../../ui/use-action';
import { ensureSaved, type DraftSession } from './draft-session';

/** Sends one copy, rendered for a sample member, to an address the owner types. */
export function TestSend({ session, disabledReason }: { session: DraftSession; disabledReason: string | null }) {
  const { api } = useServices();
  const id = useId();
  const [email, setEmail] = useState('');
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const send = useAction(async () => {
    setResult(null);
    const campaignId = await ensureSaved(session);
    if (!campaignId) throw new Error('The draft is not saved to the console yet; try again when it is reachable.');
    setResult(await api.campaigns.sendTest.mutate({ campaignId, testEmail: email.trim() }));
  });
  return (
    <form
      className="campaign-side-card"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        void send.run();
      }}
    >
      <h2 className="campaign-side-title" id={`${id}-title`}>
        Test email
      </h2>
      <label className="field-label" htmlFor={id}>
        Send a test to
      </label>
      <div className="campaign-inline">
        <input id={id} className="input" type="email" required placeholder="you@example.com" value={email} onChange={(e) => setEmail(e.target.value)} />
        <button type="submit" className="button" disabled={send.busy || Boolean(disabledReason)}>
          {send.busy ? 'Sending…' : 'Send test'}
        </button>
      </div>
      {disabledReason && <p className="field-help">{disabledReason}</p>}
      {send.problem && (
        <p className="field-error" role="alert">
          {send.problem}
        </p>
      )}
      {result && (
        <p className={result.ok ? 'campaign-ok' : 'field-error'} role="status">
          {result.message}
        </p>
      )}
    </form>
  );
}
