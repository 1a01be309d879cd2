import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@renderer/api/query';
import { ConfirmDialog } from '@renderer/ui/ConfirmDialog';
import { Icon } from '@renderer/ui/Icon';
import { useNow } from '@renderer/ui/use-now';
import type { Endpoint } from '../types';
import { LoadProblem } from '../Unavailable';
import { useAction } from '@renderer/ui/use-action';
import { useWebhooksApi } from '../use-webhooks-api';
import { EndpointCard } from './EndpointCard';
import { EndpointDialog } from './EndpointDialog';
import { SecretReveal } from './SecretReveal';

const EXAMPLE = `{
  "event": "member.joined",
  "timestamp": "2026-11-22T09:14:03.000Z",
  "data": {
    "userId": "user_…",
    "email": "ada@example.com",
    "joinSource": "paid"
  }
}`;

/**
 * Outgoing webhooks: the owner's own tools told when members join, pay or leave. The list (with
 * each endpoint's delivery summary) is a query the core's pushed `deliveries` changes invalidate
 * (api/push.ts), so the counts move as deliveries finish, with no timer.
 */
export function EndpointsTab() {
  const api = useWebhooksApi();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const endpoints = useQuery({ queryKey: trpc.webhooks.endpoints.list.queryKey(), queryFn: ({ signal }) => api.endpoints.list(signal) });
  const [adding, setAdding] = useState(false);
  const [revealed, setRevealed] = useState<{ url: string; secret: string; rotated: boolean } | null>(null);
  const [rotating, setRotating] = useState<Endpoint | null>(null);
  const [deleting, setDeleting] = useState<Endpoint | null>(null);
  const rotate = useAction((id: string) => api.endpoints.rotateSecret(id));
  const remove = useAction((id: string) => api.endpoints.remove(id));
  const now = useNow(10_000);
  const reload = () => void queryClient.invalidateQueries(trpc.webhooks.endpoints.list.pathFilter());
  const list = endpoints.data;

  const addButton = (
    <button type="button" className="button button-primary" onClick={() => setAdding(true)}>
      <Icon name="plus" size={15} /> Add endpoint
    </button>
  );

  return (
    <div className="endpoints-tab">
      {list && list.length > 0 && (
        <div className="endpoints-head">
          <p className="muted">Signed per Standard Webhooks, retried for about a day, every attempt logged. A 410 answer disables the endpoint.</p>
          {addButton}
        </div>
      )}
      {endpoints.error && !list ? (
        <section className="card">
          <LoadProblem error={endpoints.error} what="Outgoing endpoints" onRetry={reload} />
        </section>
      ) : !list ? (
        <section className="card endpoint-card">
          <span className="skeleton" style={{ width: '50%' }} />
        </section>
      ) : list.length === 0 ? (
        <section className="card endpoints-empty">
          <div>
            <h2 className="empty-state-title">Tell your own tools when members join, pay or leave</h2>
            <p className="muted">
              Add a URL and this console sends it <code>member.joined</code>, <code>member.left</code>, <code>subscription.created</code>,{' '}
              <code>subscription.updated</code>, <code>subscription.canceled</code> and <code>payment.failed</code> as they happen, from a durable outbox that
              survives restarts and retries for about a day.
            </p>
            <p className="muted">
              Each request carries <code>webhook-id</code>, <code>webhook-timestamp</code> and <code>webhook-signature</code> headers (Standard Webhooks); verify them
              with the endpoint's secret.
            </p>
            <div className="empty-state-actions">{addButton}</div>
          </div>
          <pre className="endpoints-example" aria-label="Example payload">
            {EXAMPLE}
          </pre>
        </section>
      ) : (
        <ul className="endpoint-list">
          {list.map((endpoint) => (
            <EndpointCard key={endpoint.id} endpoint={endpoint} now={now} actions={{ onRotate: setRotating, onDelete: setDeleting, onChanged: reload }} />
          ))}
        </ul>
      )}

      {adding && (
        <EndpointDialog
          onClose={() => setAdding(false)}
          onCreated={(created) => {
            setAdding(false);
            setRevealed({ url: created.endpoint.url, secret: created.secret, rotated: false });
            reload();
          }}
        />
      )}
      {rotating && (
        <ConfirmDialog
          title="Rotate the signing secret?"
          confirmLabel="Rotate secret"
          busy={rotate.busy}
          problem={rotate.problem}
          onCancel={() => {
            rotate.clear();
            setRotating(null);
          }}
          onConfirm={async () => {
            const next = await rotate.run(rotating.id);
            if (next) {
              setRotating(null);
              setRevealed({ url: rotating.url, secret: next.secret, rotated: true });
            }
          }}
        >
          <p>
            New deliveries to <code>{rotating.url}</code> will be signed with a new secret, and your app will need it to verify them.
          </p>
        </ConfirmDialog>
      )}
      {deleting && (
        <ConfirmDialog
          title="Delete this endpoint?"
          confirmLabel="Delete endpoint"
          busy={remove.busy}
          problem={remove.problem}
          onCancel={() => {
            remove.clear();
            setDeleting(null);
          }}
          onConfirm={async () => {
            if (await remove.run(deleting.id)) {
              setDeleting(null);
              reload();
            }
          }}
        >
          <p>
            <code>{deleting.url}</code> stops receiving member events. This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
      {revealed && <SecretReveal url={revealed.url} secret={revealed.secret} rotated={revealed.rotated} onClose={() => setRevealed(null)} />}
    </div>
  );
}
