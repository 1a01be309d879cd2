import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { messageOf } from '../../api/errors';
import { useTRPC } from '../../api/query';
import { Icon } from '../../ui/Icon';
import { STEP_LABELS, newStep, type Automation, type AutomationStep, type AutomationTrigger } from './words';

/** The community's groups and spaces, for the pickers and for naming them in step summaries. */
export function usePlaces() {
  const trpc = useTRPC();
  const groups = useQuery(trpc.groups.list.queryOptions());
  const spaces = useQuery(trpc.spaces.list.queryOptions());
  return {
    groups: groups.data ?? [],
    spaces: spaces.data ?? [],
    group: (id: string) => groups.data?.find((g) => g.id === id)?.name,
    space: (id: string) => spaces.data?.find((s) => s.id === id)?.name,
  };
}

const JOIN_SOURCES = [
  { value: 'paid', label: 'Paid' },
  { value: 'free_signup', label: 'Free sign-up' },
  { value: 'invite_link', label: 'Invite link' },
] as const;

/** An ordered list of steps: change, reorder, remove, add; saved all at once. Runs already started keep their steps. */
export function StepEditor({ automation, onDone }: { automation: Automation; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const places = usePlaces();
  const [steps, setSteps] = useState<AutomationStep[]>(automation.steps);
  const [trigger, setTrigger] = useState<AutomationTrigger>(automation.trigger);
  const [adding, setAdding] = useState<AutomationStep['type']>('send_email');
  const save = useMutation(
    trpc.automations.update.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries(trpc.automations.list.pathFilter());
        onDone();
      },
    }),
  );
  const change = (i: number, next: AutomationStep) => setSteps(steps.map((s, j) => (j === i ? next : s)));
  const move = (i: number, by: -1 | 1) => {
    const next = [...steps];
    const [s] = next.splice(i, 1);
    next.splice(i + by, 0, s!);
    setSteps(next);
  };

  return (
    <form
      className="step-editor"
      aria-label={`Steps of ${automation.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ id: automation.id, trigger, steps });
      }}
    >
      <TriggerFields trigger={trigger} onChange={setTrigger} />
      <ol className="step-editor-list">
        {steps.map((step, i) => (
          <li key={i} className="step-editor-item" data-testid={`step-${i}`}>
            <div className="step-editor-head">
              <strong>
                {i + 1}. {STEP_LABELS[step.type]}
              </strong>
              <span className="automation-links">
                <button type="button" className="icon-button" aria-label={`Move step ${i + 1} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                  ↑
                </button>
                <button type="button" className="icon-button" aria-label={`Move step ${i + 1} down`} disabled={i === steps.length - 1} onClick={() => move(i, 1)}>
                  ↓
                </button>
                <button type="button" className="icon-button" aria-label={`Remove step ${i + 1}`} disabled={steps.length === 1} onClick={() => setSteps(steps.filter((_, j) => j !== i))}>
                  <Icon name="trash" size={14} />
                </button>
              </span>
            </div>
            <StepFields step={step} index={i} places={places} onChange={(next) => change(i, next)} />
          </li>
        ))}
      </ol>
      <div className="step-editor-add">
        <label className="field-label">
          Add a step
          <select className="input" value={adding} onChange={(e) => setAdding(e.target.value as AutomationStep['type'])}>
            {Object.entries(STEP_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button" onClick={() => setSteps([...steps, newStep(adding)])}>
          <Icon name="plus" size={14} /> Add
        </button>
      </div>
      <p className="field-help">Merge tags: {'{{member.name}}'}, {'{{member.firstName}}'}, {'{{community.name}}'}; emails may also use {'{{unsubscribe_url}}'}.</p>
      {save.error && (
        <p className="field-error" role="alert">
          {messageOf(save.error)}
        </p>
      )}
      <div className="automation-links">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          Save steps
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** What the trigger allows changing: the join sources of a join, the days of inactivity. */
function TriggerFields({ trigger, onChange }: { trigger: AutomationTrigger; onChange: (t: AutomationTrigger) => void }) {
  if (trigger.type === 'member.inactive') {
    return (
      <label className="field-label step-trigger">
        Days without activity before it starts
        <input className="input" type="number" min={1} max={365} value={trigger.days} onChange={(e) => onChange({ ...trigger, days: Number(e.target.value) })} />
      </label>
    );
  }
  if (trigger.type === 'member.joined') {
    return (
      <fieldset className="step-only step-trigger">
        <legend className="field-help">Starts for members who joined by (none ticked: everyone)</legend>
        {JOIN_SOURCES.map((s) => (
          <label key={s.value} className="step-only-choice">
            <input
              type="checkbox"
              checked={trigger.joinSources.includes(s.value)}
              onChange={(e) => onChange({ ...trigger, joinSources: e.target.checked ? [...trigger.joinSources, s.value] : trigger.joinSources.filter((x) => x !== s.value) })}
            />
            {s.label}
          </label>
        ))}
      </fieldset>
    );
  }
  return null;
}

function StepFields({ step, index, places, onChange }: { step: AutomationStep; index: number; places: ReturnType<typeof usePlaces>; onChange: (s: AutomationStep) => void }) {
  const id = (field: string) => `step-${index}-${field}`;
  const only = (
    <fieldset className="step-only">
      <legend className="field-help">Only for members who joined by (none ticked: everyone)</legend>
      {JOIN_SOURCES.map((s) => (
        <label key={s.value} className="step-only-choice">
          <input
            type="checkbox"
            checked={step.onlyJoinSources?.includes(s.value) ?? false}
            onChange={(e) => {
              const set = new Set(step.onlyJoinSources ?? []);
              if (e.target.checked) set.add(s.value);
              else set.delete(s.value);
              onChange({ ...step, onlyJoinSources: set.size ? [...set] : undefined });
            }}
          />
          {s.label}
        </label>
      ))}
    </fieldset>
  );
  switch (step.type) {
    case 'wait':
      return (
        <div className="step-fields">
          <label className="field-label" htmlFor={id('amount')}>
            Wait for
          </label>
          <div className="step-row">
            <input id={id('amount')} className="input" type="number" min={1} value={step.amount} onChange={(e) => onChange({ ...step, amount: Number(e.target.value) })} />
            <select className="input" aria-label="Unit" value={step.unit} onChange={(e) => onChange({ ...step, unit: e.target.value as typeof step.unit })}>
              <option value="minutes">minutes</option>
              <option value="hours">hours</option>
              <option value="days">days</option>
            </select>
          </div>
          {only}
        </div>
      );
    case 'send_email':
      return (
        <div className="step-fields">
          <label className="field-label">
            Subject
            <input className="input" value={step.subject} onChange={(e) => onChange({ ...step, subject: e.target.value })} />
          </label>
          <label className="field-label">
            Message (HTML)
            <textarea className="input step-html" rows={4} value={step.html} onChange={(e) => onChange({ ...step, html: e.target.value })} />
          </label>
          {only}
        </div>
      );
    case 'add_to_group':
      return (
        <div className="step-fields">
          <label className="field-label">
            Group
            <select className="input" value={step.groupId ?? ''} onChange={(e) => onChange({ ...step, groupId: e.target.value || null })}>
              <option value="">Not chosen (the step is skipped)</option>
              {places.groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </select>
          </label>
          {only}
        </div>
      );
    case 'intro_post':
      return (
        <div className="step-fields">
          <label className="field-label">
            Space
            <select className="input" value={step.spaceId ?? ''} onChange={(e) => onChange({ ...step, spaceId: e.target.value || null })}>
              <option value="">The first feed space</option>
              {places.spaces.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field-label">
            Title
            <input className="input" value={step.title} onChange={(e) => onChange({ ...step, title: e.target.value })} />
          </label>
          <label className="field-label">
            Post (HTML)
            <textarea className="input step-html" rows={3} value={step.content} onChange={(e) => onChange({ ...step, content: e.target.value })} />
          </label>
          {only}
        </div>
      );
    case 'notify_admins':
      return (
        <div className="step-fields">
          <label className="field-label">
            Title
            <input className="input" value={step.title} onChange={(e) => onChange({ ...step, title: e.target.value })} />
          </label>
          <label className="field-label">
            Message
            <input className="input" value={step.body} onChange={(e) => onChange({ ...step, body: e.target.value })} />
          </label>
          {only}
        </div>
      );
  }
}
