import { hrefFor } from '../../app/routes';
import { Icon, type IconName } from '../../ui/Icon';
import { pluralise } from '../../ui/format';
import type { useSetup } from './use-setup';
import { LoadFailed } from '../../ui/LoadFailed';

type Setup = NonNullable<ReturnType<typeof useSetup>['data']>;

interface Step {
  id: string;
  icon: IconName;
  href: string;
  title: string;
  text: string;
  state: 'done' | 'todo';
}

function stepsOf(setup: Setup): Step[] {
  return [
    {
      id: 'packages',
      icon: 'packages',
      href: hrefFor('packages'),
      title: 'Create packages',
      text: setup.packages.done ? `${pluralise(setup.packages.count, 'package')} so far.` : 'Pricing tiers and sale windows, synced to Stripe or Lemon Squeezy.',
      state: setup.packages.done ? 'done' : 'todo',
    },
    {
      id: 'provider',
      icon: 'key',
      href: hrefFor('settings'),
      title: 'Connect a payment provider',
      text: setup.provider.done ? `${setup.provider.names.join(' and ')} connected.` : 'Add your Stripe or Lemon Squeezy key in Settings so packages can be sold.',
      state: setup.provider.done ? 'done' : 'todo',
    },
    {
      id: 'webhooks',
      icon: 'webhooks',
      href: hrefFor('webhooks'),
      title: 'Receive webhooks',
      text: setup.webhooks.done ? 'Payment events are arriving.' : 'Point your provider’s webhooks at this console, or send a test event from the lab.',
      state: setup.webhooks.done ? 'done' : 'todo',
    },
    {
      id: 'campaign',
      icon: 'campaigns',
      href: hrefFor('campaigns'),
      title: 'Send a campaign',
      text: setup.campaign.done ? 'A campaign is written; its report shows who got it.' : 'Write your first email to your members.',
      state: setup.campaign.done ? 'done' : 'todo',
    },
  ];
}

const STATE_LABEL: Record<Step['state'], string> = { done: 'Done', todo: 'To do' };

/** The setup steps, each ticked from what exists. */
export function SetupChecklist({ setup, loading, error, reload }: { setup: Setup | undefined; loading: boolean; error: unknown; reload: () => void }) {
  if (error !== undefined) {
    return (
<LoadFailed inline className="setup-error" what="The checklist" error={error} onRetry={reload} />
    );
  }
  if (!setup) return <ul className="next-steps" aria-busy={loading || undefined}>{[0, 1, 2, 3].map((i) => <li key={i} className="next-step"><span className="skeleton" style={{ width: `${50 + i * 9}%` }} /></li>)}</ul>;
  const steps = stepsOf(setup);
  const done = steps.filter((s) => s.state === 'done').length;
  return (
    <>
      <p className="setup-progress" data-testid="setup-progress">
        {done === steps.length ? 'Everything is set up.' : `${done} of ${steps.length} steps done`}
      </p>
      <ul className="next-steps" data-testid="setup-checklist">
        {steps.map((step) => {
          const body = (
            <>
              <span className={`next-step-icon step-${step.state}`} aria-hidden="true">
                <Icon name={step.state === 'done' ? 'check' : step.icon} size={16} />
              </span>
              <span className="next-step-text">
                <span className="next-step-title">
                  {step.title} <span className={`step-state step-state-${step.state}`}>{STATE_LABEL[step.state]}</span>
                </span>
                <span className="next-step-body">{step.text}</span>
              </span>
            </>
          );
          return (
            <li key={step.id} data-step={step.id} data-state={step.state}>
              <a className="next-step" href={step.href}>
                {body}
                <Icon name="arrowRight" size={14} className="next-step-arrow" />
              </a>
            </li>
          );
        })}
      </ul>
    </>
  );
}
