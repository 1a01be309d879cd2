import { useId, useState } from 'react';
import { Icon } from '@renderer/ui/Icon';
import { Modal } from '@renderer/ui/Modal';
import { ExchangeView } from '../ExchangeView';
import { providerLabel } from '../format';
import { allowedChoice, rememberedTargetUrl, rememberTargetUrl, targetProblem, toLabTarget, type TargetChoice } from '../target';
import { TargetPicker } from '../TargetPicker';
import type { EventDetail, Exchange } from '../types';
import { useAction } from '@renderer/ui/use-action';
import { useLabAccess } from '../use-lab-access';
import { useWebhooksApi } from '../use-webhooks-api';

/** Sends a stored event again, like `stripe events resend`, to this console or to any URL. */
export function ReplayDialog({ event, onClose, onDelivered }: { event: EventDetail; onClose: () => void; onDelivered: () => void }) {
  const api = useWebhooksApi();
  const titleId = useId();
  const access = useLabAccess();
  const [choice, setTarget] = useState<TargetChoice>(() => ({ kind: 'self', url: rememberedTargetUrl() }));
  const target = allowedChoice(choice, access?.selfTarget === true);
  const [tried, setTried] = useState(false);
  const [result, setResult] = useState<Exchange | null>(null);
  const replay = useAction(() => api.lab.replay({ eventId: event.id, target: toLabTarget(target) }));

  async function send() {
    setTried(true);
    if (targetProblem(target)) return;
    if (target.kind === 'url') rememberTargetUrl(target.url);
    const exchange = await replay.run();
    if (exchange) {
      setResult(exchange);
      onDelivered();
    }
  }

  return (
    <Modal labelledBy={titleId} onRequestClose={() => !replay.busy && onClose()} className="replay-dialog">
      <form
        noValidate
        className="dialog-form"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <header className="dialog-head">
          <h2 id={titleId} className="confirm-title">
            Replay <span className="mono">{event.type}</span>
          </h2>
          <button type="button" className="icon-button" aria-label="Close" onClick={onClose} disabled={replay.busy}>
            <Icon name="close" size={16} />
          </button>
        </header>
        <p className="dialog-text">
          Sends the stored body again, signed now the way {providerLabel(event.provider)} signs{event.provider === 'stripe' && <>, like <code>stripe events resend</code></>}. Sent to this console it is
          still event <code>{event.providerEventId}</code>, so, as with any repeated delivery, it is not applied twice.
          {access?.signing === 'lab' && ' It is signed with your lab secret, for your own app to check.'}
        </p>
        <div className="dialog-field">
          <span className="field-label">Send to</span>
          <TargetPicker value={target} onChange={setTarget} showProblem={tried} access={access} />
        </div>
        {replay.problem && (
          <p className="field-error" role="alert">
            Could not replay: {replay.problem}
          </p>
        )}
        {result && <ExchangeView exchange={result} />}
        <div className="confirm-actions">
          <button type="button" className="button" onClick={onClose} disabled={replay.busy}>
            {result ? 'Done' : 'Cancel'}
          </button>
          <button type="submit" className="button button-primary" disabled={replay.busy}>
            {replay.busy ? 'Sending…' : result ? 'Send again' : 'Replay'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
