import { CopyButton } from '@renderer/ui/CopyButton';
import { Icon } from '@renderer/ui/Icon';
import { listenerUrl } from '../format';
import { useConsoleOrigin } from '../use-console-origin';
import { useLabAccess } from '../use-lab-access';
import { webhooksHref } from '../webhooks-route';

function Command({ text, label }: { text: string; label: string }) {
  return (
    <div className="command">
      <code aria-label={label}>{text}</code>
      <CopyButton text={text} iconOnly label={`Copy: ${label}`} />
    </div>
  );
}

/** An empty ledger teaches how events get here: the Stripe CLI, the signing secret, or the lab. */
export function EventsEmpty() {
  const { origin, assumed } = useConsoleOrigin();
  const stripeUrl = listenerUrl(origin, 'stripe');
  // Signing secrets are the console owner's; a tenant ADMIN is told who sets them instead of a link.
  const owner = useLabAccess()?.consoleOwner !== false;
  return (
    <section className="card events-empty" data-testid="events-empty">
      <div className="events-empty-head">
        <div className="empty-state-icon">
          <Icon name="webhooks" size={22} />
        </div>
        <div>
          <h2 className="empty-state-title">No webhook events yet</h2>
          <p className="muted">Every Stripe and Lemon Squeezy event this console receives shows up here the moment it arrives, with what it changed.</p>
        </div>
      </div>
      <ol className="steps">
        <li>
          <p>Forward Stripe's test events to this console with the Stripe CLI:</p>
          <Command text={`stripe listen --forward-to ${stripeUrl}`} label="stripe listen command" />
          {assumed && <p className="field-help">That is the desktop app's local server on its default port; if you set TENANT_CONSOLE_PORT, use that port.</p>}
        </li>
        <li>
          {owner ? (
            <p>
              It prints a signing secret (<code>whsec_…</code>). Save it under{' '}
              <a href={webhooksHref('forwarding')}>Forwarding → Signing secrets</a>, or start the console with <code>STRIPE_WEBHOOK_SECRET</code> set.
              Events with a missing or wrong signature are refused with a 400 and never stored.
            </p>
          ) : (
            <p>
              It prints a signing secret (<code>whsec_…</code>), which the console owner saves on this console. Events with a missing or wrong signature are refused with a 400
              and never stored.
            </p>
          )}
        </li>
        <li>
          <p>Then make Stripe send one:</p>
          <Command text="stripe trigger checkout.session.completed" label="stripe trigger command" />
        </li>
        <li>
          <p>
            For Lemon Squeezy, add a webhook pointing at <code>{listenerUrl(origin, 'lemonsqueezy')}</code> (through a tunnel) with its signing secret saved here too.
          </p>
        </li>
      </ol>
      <div className="events-empty-actions">
        <a className="button button-primary" href={webhooksHref('lab')}>
          Send a test event from the lab
        </a>
        {owner && (
          <a className="button" href={webhooksHref('forwarding')}>
            Set signing secrets
          </a>
        )}
      </div>
    </section>
  );
}
