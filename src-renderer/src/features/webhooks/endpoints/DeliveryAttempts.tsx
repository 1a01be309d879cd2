import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@renderer/api/query';
import { Icon } from '@renderer/ui/Icon';
import { Pill } from '@renderer/ui/Pill';
import { CodeBlock } from '../CodeBlock';
import { dateTime, duration, httpStatusTone } from '../format';
import { useAction } from '@renderer/ui/use-action';
import { useWebhooksApi } from '../use-webhooks-api';
import { LoadFailed } from '@renderer/ui/LoadFailed';

/** Every attempt at one delivery (status, time taken, what the endpoint said), and Resend; new attempts arrive by push. */
export function DeliveryAttempts({ id, onResent }: { id: string; onResent: () => void }) {
  const api = useWebhooksApi();
  const trpc = useTRPC();
  const detail = useQuery({ queryKey: trpc.webhooks.deliveries.get.queryKey({ id }), queryFn: ({ signal }) => api.deliveries.get(id, signal) });
  const resend = useAction(() => api.deliveries.resend(id));
  const [resent, setResent] = useState(false);

  async function onResend() {
    setResent(false);
    if (await resend.run()) {
      setResent(true);
      onResent();
    }
  }

  if (detail.error && !detail.data) return <LoadFailed inline className="field-error delivery-detail" what="Attempts" error={detail.error} onRetry={() => void detail.refetch()} />;
  if (!detail.data) return <div className="delivery-detail"><span className="skeleton" style={{ width: '40%' }} /></div>;
  const { attemptLog, messageId, payload } = detail.data;
  return (
    <div className="delivery-detail">
      <div className="delivery-detail-head">
        <span className="muted wh-small">
          webhook-id <code>{messageId}</code> — the same on every attempt, so your app can drop repeats
        </span>
        <button type="button" className="button button-small" onClick={() => void onResend()} disabled={resend.busy}>
          <Icon name="refresh" size={14} /> {resend.busy ? 'Resending…' : 'Resend'}
        </button>
      </div>
      {resend.problem && <p className="field-error" role="alert">Could not resend: {resend.problem}</p>}
      {resent && !resend.problem && <p className="catch-up-result" role="status"><Icon name="check" size={14} /> Queued to send again.</p>}
      {attemptLog.length === 0 ? (
        <p className="muted wh-small">No attempt yet.</p>
      ) : (
        <table className="attempt-table" aria-label="Delivery attempts">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Status</th>
              <th scope="col">Time</th>
              <th scope="col">Response</th>
            </tr>
          </thead>
          <tbody>
            {attemptLog.map((a) => (
              <tr key={a.id}>
                <td className="nowrap">{dateTime(a.attemptedAt)}</td>
                <td>
                  <Pill tone={httpStatusTone(a.statusCode)}>{a.statusCode ?? 'No answer'}</Pill>
                </td>
                <td className="nowrap">{duration(a.durationMs)}</td>
                <td className="attempt-excerpt">{a.error ? <span className="danger-text">{a.error}</span> : <code>{a.responseExcerpt || '(empty)'}</code>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CodeBlock text={payload} label="Payload" maxHeight={200} />
    </div>
  );
}
