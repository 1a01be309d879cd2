import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ROLES } from '@shared/domain';
import { MEMBER_TIERS } from '@shared/member-tier';
import type { CatalogSnapshot } from './member-catalog';
import {
  CHIP_TITLE,
  JOIN_SOURCE_FILTERS,
  SUBSCRIPTION_FILTERS,
  subscriptionFilterLabel,
  type ChipKind,
  type MemberFilter,
} from './member-filter';
import { JOIN_SOURCE_LABEL, ROLE_LABEL, TIER_LABEL } from './member-labels';

const TIER_HELP = { free: 'Joined free, no live subscription', paid: 'A live or trialing subscription', comped: 'Complimentary access' } as const;

/** The days before today an owner most often means by "inactive since". */
const INACTIVE_PRESETS = [30, 90, 180, 365];

/**
 * Edits one chip's part of the filter. The draft only applies on "Apply" (or Enter), so the list
 * is not reloaded for every box ticked on the way.
 */
export function FilterEditor({
  kind,
  filter,
  catalog,
  onApply,
  onCancel,
}: {
  kind: ChipKind;
  filter: MemberFilter;
  catalog: CatalogSnapshot;
  onApply: (patch: MemberFilter) => void;
  onCancel: () => void;
}) {
  // A new "near a limit" filter starts ticked: it has nothing else to choose.
  const [draft, setDraft] = useState<MemberFilter>(kind === 'nearLimit' && !filter.nearLimit ? { ...filter, nearLimit: true } : filter);
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('[data-autofocus], input, select')?.focus();
  }, []);
  const set = (patch: MemberFilter) => {
    setProblem(null);
    setDraft((d) => ({ ...d, ...patch }));
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    const issue = check(kind, draft);
    if (issue) {
      setProblem(issue);
      return;
    }
    onApply(pick(kind, draft));
  }

  let body: ReactNode;
  switch (kind) {
    case 'tier':
      body = (
        <Choices name={`${id}-tier`} values={MEMBER_TIERS} label={(t) => TIER_LABEL[t]} help={(t) => TIER_HELP[t]} value={draft.tier} onChange={(tier) => set({ tier })} />
      );
      break;
    case 'role':
      body = <Choices name={`${id}-role`} values={[...ROLES].reverse()} label={(r) => ROLE_LABEL[r]} value={draft.role} onChange={(role) => set({ role })} />;
      break;
    case 'joinSource':
      body = (
        <Ticks values={JOIN_SOURCE_FILTERS} label={(s) => JOIN_SOURCE_LABEL[s]} value={draft.joinSource ?? []} onChange={(joinSource) => set({ joinSource })} />
      );
      break;
    case 'subscriptionStatus':
      body = (
        <Ticks
          values={SUBSCRIPTION_FILTERS}
          label={subscriptionFilterLabel}
          value={draft.subscriptionStatus ?? []}
          onChange={(subscriptionStatus) => set({ subscriptionStatus })}
        />
      );
      break;
    case 'group':
      body = (
        <CatalogSelect
          id={`${id}-group`}
          label="Group"
          items={catalog.groups}
          value={draft.groupId}
          empty="No groups known yet. Open a member who is in one and it shows up here."
          onChange={(groupId) => set({ groupId })}
        />
      );
      break;
    case 'space':
      body = (
        <>
          <CatalogSelect
            id={`${id}-space`}
            label="Space"
            items={catalog.spaces}
            value={draft.spaceId}
            empty="No spaces known yet. Open a member who is in one and it shows up here."
            onChange={(spaceId) => set({ spaceId })}
          />
          <label className="field-label" htmlFor={`${id}-space-role`}>
            Their role there
          </label>
          <select
            id={`${id}-space-role`}
            className="input"
            value={draft.spaceRole ?? ''}
            onChange={(e) => set({ spaceRole: (e.target.value || undefined) as MemberFilter['spaceRole'] })}
          >
            <option value="">Anyone in the space</option>
            <option value="MODERATOR">Moderators</option>
            <option value="MEMBER">Members (not moderators)</option>
          </select>
        </>
      );
      break;
    case 'package':
      body = (
        <CatalogSelect
          id={`${id}-package`}
          label="Subscribed to"
          items={catalog.packages}
          value={draft.packageId}
          empty="This community has no packages yet."
          onChange={(packageId) => set({ packageId })}
        />
      );
      break;
    case 'joined':
      body = (
        <div className="filter-dates">
          <label className="field-label" htmlFor={`${id}-from`}>
            From
          </label>
          <input id={`${id}-from`} type="date" className="input" value={draft.joinedFrom ?? ''} onChange={(e) => set({ joinedFrom: e.target.value || undefined })} />
          <label className="field-label" htmlFor={`${id}-to`}>
            To (including that day)
          </label>
          <input id={`${id}-to`} type="date" className="input" value={draft.joinedTo ?? ''} onChange={(e) => set({ joinedTo: e.target.value || undefined })} />
        </div>
      );
      break;
    case 'churned':
      body = (
        <div className="filter-dates">
          <label className="field-label" htmlFor={`${id}-churned-from`}>
            From
          </label>
          <input id={`${id}-churned-from`} type="date" className="input" value={draft.churnedFrom ?? ''} onChange={(e) => set({ churnedFrom: e.target.value || undefined })} />
          <label className="field-label" htmlFor={`${id}-churned-to`}>
            To (including that day)
          </label>
          <input id={`${id}-churned-to`} type="date" className="input" value={draft.churnedTo ?? ''} onChange={(e) => set({ churnedTo: e.target.value || undefined })} />
          <p className="field-help">Members whose payments stopped in these days (MRR churn, as Analytics counts it).</p>
        </div>
      );
      break;
    case 'inactiveSince':
      body = (
        <>
          <label className="field-label" htmlFor={`${id}-since`}>
            Not active since
          </label>
          <input
            id={`${id}-since`}
            type="date"
            className="input"
            value={draft.inactiveSince ?? ''}
            onChange={(e) => set({ inactiveSince: e.target.value || undefined })}
          />
          <div className="filter-presets">
            {INACTIVE_PRESETS.map((days) => (
              <button key={days} type="button" className="chip-button" onClick={() => set({ inactiveSince: daysAgo(days) })}>
                {days < 365 ? `${days} days` : '1 year'}
              </button>
            ))}
          </div>
          <p className="field-help">Members who were never active count as inactive.</p>
        </>
      );
      break;
    case 'nearLimit':
      body = (
        <>
          <label className="filter-option">
            <input type="checkbox" checked={draft.nearLimit === true} onChange={(e) => set({ nearLimit: e.target.checked || undefined })} />
            <span>Near or over a limit</span>
          </label>
          <p className="field-help">80% or more of one of their package's limits used, or over it since a downgrade.</p>
        </>
      );
      break;
  }

  return (
    <form ref={formRef} className="filter-editor" onSubmit={submit} aria-label={`Filter by ${CHIP_TITLE[kind].toLowerCase()}`}>
      <div className="filter-editor-title">{CHIP_TITLE[kind]}</div>
      {body}
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <div className="filter-editor-actions">
        <button type="button" className="button button-small" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-small button-primary">
          Apply
        </button>
      </div>
    </form>
  );
}

function Choices<T extends string>({
  name,
  values,
  label,
  help,
  value,
  onChange,
}: {
  name: string;
  values: readonly T[];
  label: (v: T) => string;
  help?: (v: T) => string;
  value: T | undefined;
  onChange: (v: T) => void;
}) {
  return (
    <div className="filter-options" role="radiogroup">
      {values.map((v, i) => (
        <label key={v} className="filter-option">
          <input type="radio" name={name} checked={value === v} onChange={() => onChange(v)} data-autofocus={i === 0 ? true : undefined} />
          <span>
            {label(v)}
            {help && <span className="filter-option-help">{help(v)}</span>}
          </span>
        </label>
      ))}
    </div>
  );
}

function Ticks<T extends string>({ values, label, value, onChange }: { values: readonly T[]; label: (v: T) => string; value: readonly T[]; onChange: (v: T[]) => void }) {
  return (
    <div className="filter-options">
      {values.map((v, i) => (
        <label key={v} className="filter-option">
          <input
            type="checkbox"
            checked={value.includes(v)}
            data-autofocus={i === 0 ? true : undefined}
            onChange={(e) => onChange(e.target.checked ? values.filter((x) => x === v || value.includes(x)) : value.filter((x) => x !== v))}
          />
          <span>{label(v)}</span>
        </label>
      ))}
    </div>
  );
}

function CatalogSelect({
  id,
  label,
  items,
  value,
  empty,
  onChange,
}: {
  id: string;
  label: string;
  items: CatalogSnapshot['groups'];
  value: string | undefined;
  empty: string;
  onChange: (id: string | undefined) => void;
}) {
  const missing = value !== undefined && !items.some((i) => i.id === value);
  return (
    <>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="input" value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)} disabled={items.length === 0 && !value}>
        <option value="">Choose…</option>
        {missing && <option value={value}>{value}</option>}
        {items.map((item) => (
          <option key={item.id} value={item.id}>
            {item.hint ? `${item.name} · ${item.hint}` : item.name}
          </option>
        ))}
      </select>
      {items.length === 0 && <p className="field-help">{empty}</p>}
    </>
  );
}

/** Only this chip's keys of the draft. */
function pick(kind: ChipKind, draft: MemberFilter): MemberFilter {
  switch (kind) {
    case 'tier':
      return { tier: draft.tier };
    case 'role':
      return { role: draft.role };
    case 'joinSource':
      return { joinSource: draft.joinSource };
    case 'subscriptionStatus':
      return { subscriptionStatus: draft.subscriptionStatus };
    case 'group':
      return { groupId: draft.groupId };
    case 'space':
      return { spaceId: draft.spaceId, spaceRole: draft.spaceRole };
    case 'package':
      return { packageId: draft.packageId };
    case 'joined':
      return { joinedFrom: draft.joinedFrom, joinedTo: draft.joinedTo };
    case 'inactiveSince':
      return { inactiveSince: draft.inactiveSince };
    case 'churned':
      return { churnedFrom: draft.churnedFrom, churnedTo: draft.churnedTo };
    case 'nearLimit':
      return { nearLimit: draft.nearLimit };
  }
}

/** What the server would refuse, said before asking it. */
function check(kind: ChipKind, d: MemberFilter): string | null {
  switch (kind) {
    case 'tier':
      return d.tier ? null : 'Choose a tier.';
    case 'role':
      return d.role ? null : 'Choose a role.';
    case 'joinSource':
      return d.joinSource?.length ? null : 'Tick at least one source.';
    case 'subscriptionStatus':
      return d.subscriptionStatus?.length ? null : 'Tick at least one status.';
    case 'group':
      return d.groupId ? null : 'Choose a group.';
    case 'space':
      return d.spaceId ? null : 'Choose a space.';
    case 'package':
      return d.packageId ? null : 'Choose a package.';
    case 'joined':
      if (!d.joinedFrom && !d.joinedTo) return 'Give a first day, a last day, or both.';
      return d.joinedFrom && d.joinedTo && d.joinedFrom > d.joinedTo ? 'The first day must not be after the last day.' : null;
    case 'inactiveSince':
      return d.inactiveSince ? null : 'Choose a day.';
    case 'churned':
      if (!d.churnedFrom && !d.churnedTo) return 'Give a first day, a last day, or both.';
      return d.churnedFrom && d.churnedTo && d.churnedFrom > d.churnedTo ? 'The first day must not be after the last day.' : null;
    case 'nearLimit':
      return d.nearLimit ? null : 'Tick the box, or cancel.';
  }
}

function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}
