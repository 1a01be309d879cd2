import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { messageOf } from '../../api/errors';
import { useTRPC } from '../../api/query';
import type { TenantSummary } from '../../api/types';
import { EmptyState } from '../../ui/EmptyState';
import { Icon } from '../../ui/Icon';
import { LoadFailed } from '../../ui/LoadFailed';
import { Pill } from '../../ui/Pill';
import { formatCount } from '../../ui/format';
import { RunsPanel } from './RunsPanel';
import { StepEditor, usePlaces } from './StepEditor';
import { stepWords, triggerWords, type Automation, type AutomationTrigger } from './words';
import './automations.css';

type Panel = { id: string; view: 'steps' | 'runs' } | null;

/** Automations: the built-in Welcome and Re-engagement flows and the owner's own; switch on, edit steps, see runs. */
export function AutomationsPage({ tenant }: { tenant: TenantSummary }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.automations.list.queryOptions());
  const places = usePlaces();
  const [panel, setPanel] = useState<Panel>(null);
  const [creating, setCreating] = useState(false);
  const invalidate = () => queryClient.invalidateQueries(trpc.automations.list.pathFilter());
  const toggle = useMutation(trpc.automations.setEnabled.mutationOptions({ onSuccess: invalidate }));

  const automations = list.data;
  const open = automations?.find((a) => a.id === panel?.id);

  return (
    <div className="page page-automations">
      <header className="page-header">
        <div>
          <h1 className="page-title">Automations</h1>
          <p className="page-subtitle">Welcome new members and win back quiet ones in {tenant.name}: each member goes through a flow once, step by step.</p>
        </div>
        <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
          <Icon name="plus" size={15} /> New automation
        </button>
      </header>

      {toggle.error && (
        <div className="banner banner-danger" role="alert">
          <Icon name="alert" size={15} />
          <span>{messageOf(toggle.error)}</span>
        </div>
      )}
      {creating && <NewAutomation onClose={() => setCreating(false)} onCreated={(id) => { setCreating(false); setPanel({ id, view: 'steps' }); }} />}

      {list.error && !automations ? (
        <LoadFailed what="Automations" error={list.error} onRetry={() => void list.refetch()} />
      ) : !automations ? (
        <p className="muted" role="status">Loading automations…</p>
      ) : (
        <ul className="automation-list" aria-label="Automations">
          {automations.map((a) => (
            <li key={a.id} className="card automation-card" data-testid={`automation-${a.builtin ?? a.id}`}>
              <div className="automation-head">
                <div>
                  <h2 className="card-title">
                    {a.name} {a.builtin && <Pill tone="accent">Built in</Pill>}
                  </h2>
                  <p className="muted automation-trigger">
                    <Icon name="sparkle" size={14} /> When: {triggerWords(a.trigger)}
                  </p>
                </div>
                <div className="automation-actions">
                  <Pill tone={a.enabled ? 'success' : 'neutral'}>{a.enabled ? 'On' : 'Off'}</Pill>
                  <button
                    type="button"
                    className={a.enabled ? 'button' : 'button button-primary'}
                    disabled={toggle.isPending}
                    onClick={() => toggle.mutate({ id: a.id, enabled: !a.enabled })}
                  >
                    {a.enabled ? 'Turn off' : 'Turn on'}
                  </button>
                </div>
              </div>
              <ol className="automation-steps">
                {a.steps.map((s, i) => (
                  <li key={i}>{stepWords(s, places)}</li>
                ))}
              </ol>
              <div className="automation-foot">
                <span className="muted">
                  {formatCount(a.runs.active)} in progress · {formatCount(a.runs.completed)} completed · {formatCount(a.runs.failed)} failed · {formatCount(a.runs.canceled)} ended early
                </span>
                <span className="automation-links">
                  <button type="button" className="button button-small" aria-expanded={panel?.id === a.id && panel.view === 'steps'} onClick={() => setPanel(panel?.id === a.id && panel.view === 'steps' ? null : { id: a.id, view: 'steps' })}>
                    Edit steps
                  </button>
                  <button type="button" className="button button-small" aria-expanded={panel?.id === a.id && panel.view === 'runs'} onClick={() => setPanel(panel?.id === a.id && panel.view === 'runs' ? null : { id: a.id, view: 'runs' })}>
                    See runs
                  </button>
                </span>
              </div>
              {open?.id === a.id && panel?.view === 'steps' && <StepEditor automation={open} onDone={() => setPanel(null)} />}
              {open?.id === a.id && panel?.view === 'runs' && <RunsPanel automationId={open.id} />}
            </li>
          ))}
        </ul>
      )}
      {automations?.length === 0 && <EmptyState icon="sparkle" title="No automations">Create one to start.</EmptyState>}
    </div>
  );
}

const TRIGGERS: { value: AutomationTrigger['type']; label: string }[] = [
  { value: 'member.joined', label: 'A member joins' },
  { value: 'subscription.created', label: 'A subscription starts' },
  { value: 'subscription.canceled', label: 'A subscription is canceled' },
  { value: 'payment.failed', label: 'A payment fails' },
  { value: 'member.inactive', label: 'A member is inactive for some days' },
];

function NewAutomation({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [type, setType] = useState<AutomationTrigger['type']>('member.joined');
  const [days, setDays] = useState(14);
  const create = useMutation(
    trpc.automations.create.mutationOptions({
      onSuccess: (a: Automation) => {
        void queryClient.invalidateQueries(trpc.automations.list.pathFilter());
        onCreated(a.id);
      },
    }),
  );
  const trigger: AutomationTrigger =
    type === 'member.inactive' ? { type, days } : type === 'member.joined' ? { type, joinSources: [] } : { type };
  return (
    <form
      className="card automation-new"
      aria-label="New automation"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ name, trigger, steps: [{ type: 'send_email', subject: 'Hello from {{community.name}}', html: '<p>Hi {{member.firstName}},</p>' }] });
      }}
    >
      <label className="field-label">
        Name
        <input className="input" value={name} onChange={(e) => setName(e.target.value)} maxLength={100} required />
      </label>
      <label className="field-label">
        When
        <select className="input" value={type} onChange={(e) => setType(e.target.value as AutomationTrigger['type'])}>
          {TRIGGERS.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </select>
      </label>
      {type === 'member.inactive' && (
        <label className="field-label">
          Days without activity
          <input className="input" type="number" min={1} max={365} value={days} onChange={(e) => setDays(Number(e.target.value))} />
        </label>
      )}
      {create.error && <p className="field-error" role="alert">{messageOf(create.error)}</p>}
      <div className="automation-links">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          Create
        </button>
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
