import { useEffect, useId, type ReactNode } from 'react';
import { useApiQuery } from '@renderer/api/use-api-query';
import { Avatar } from '@renderer/ui/Avatar';
import { CopyButton } from '@renderer/ui/CopyButton';
import { formatDate, formatRelative } from '@renderer/ui/format';
import { Icon } from '@renderer/ui/Icon';
import { Modal } from '@renderer/ui/Modal';
import { Pill } from '@renderer/ui/Pill';
import { useNow } from '@renderer/ui/use-now';
import type { MemberCatalog, CatalogSnapshot } from '../member-catalog';
import { JOIN_SOURCE_LABEL, ROLE_LABEL, SUBSCRIPTION_LABEL, TIER_LABEL, TIER_TONE } from '../member-labels';
import type { MemberDetailView } from '../types';
import { AccessActions, DangerActions } from './MemberActions';
import { EntitlementUsage } from './EntitlementUsage';
import { GroupsSection, SpacesSection } from './Memberships';
import { Subscriptions } from './Subscriptions';
import { Timeline } from './Timeline';
import { useMemberChange } from './use-member-change';
import { LoadFailed } from '@renderer/ui/LoadFailed';
import { MemberAutomationRuns } from '@renderer/features/automations';

/**
 * One member in a drawer over the list: who they are, what they pay, where they belong, what
 * happened, and the changes an owner can make. Every change reads the member again and tells the
 * page, so the row behind updates too.
 */
export function MemberDrawer({
  userId,
  catalog,
  catalogSnapshot,
  onClose,
  onChanged,
  onShowGroup,
}: {
  userId: string;
  catalog: MemberCatalog;
  catalogSnapshot: CatalogSnapshot;
  onClose: () => void;
  onChanged: () => void;
  onShowGroup: (groupId: string) => void;
}) {
  const detail = useApiQuery(`member:${userId}`, (api, signal) => api.members.get.query({ userId }, { signal }));
  const change = useMemberChange(() => {
    detail.reload();
    onChanged();
  });
  const titleId = useId();
  const member = detail.data;

  useEffect(() => {
    if (member) catalog.learn(member);
  }, [member, catalog]);

  return (
    <Modal variant="drawer" labelledBy={titleId} onRequestClose={onClose} className="member-drawer" initialFocus=".drawer-close">
      <div className="drawer-frame" data-testid="member-drawer" aria-busy={detail.loading || undefined}>
        <header className="drawer-header">
          {member ? (
            <div className="drawer-identity">
              <Avatar name={member.profile.name} seed={member.profile.id} size={44} />
              <div className="drawer-identity-text">
                <h2 id={titleId} className="drawer-title">
                  {member.profile.name}
                </h2>
                <div className="drawer-email">
                  <span>{member.profile.email}</span>
                  {member.profile.email && <CopyButton text={member.profile.email} iconOnly label="Copy email" />}
                </div>
                <div className="drawer-pills">
                  <Pill tone={member.membership.role === 'ADMIN' ? 'accent' : 'neutral'}>{ROLE_LABEL[member.membership.role]}</Pill>
                  <Pill tone={TIER_TONE[member.membership.tier]}>{TIER_LABEL[member.membership.tier]}</Pill>
                  {member.membership.status === 'removed' && <Pill tone="danger">Removed</Pill>}
                  {member.profile.erased && <Pill tone="neutral">Erased</Pill>}
                </div>
              </div>
            </div>
          ) : (
            <h2 id={titleId} className="drawer-title">
              {detail.error !== undefined ? 'Member' : 'Loading member…'}
            </h2>
          )}
          <button type="button" className="icon-button drawer-close" aria-label="Close" title="Close (Esc)" onClick={onClose}>
            <Icon name="close" size={16} />
          </button>
        </header>

        {change.problem && (
          <div className="banner banner-danger drawer-banner" role="alert">
            <span>{change.problem}</span>
            <button type="button" className="icon-button" aria-label="Dismiss" onClick={change.clearProblem}>
              <Icon name="close" size={14} />
            </button>
          </div>
        )}

        <div className="drawer-body">
          {member ? (
            <DrawerSections member={member} catalog={catalogSnapshot} change={change} onShowGroup={onShowGroup} onClose={onClose} />
          ) : detail.error !== undefined ? (
            <LoadFailed what="This member" error={detail.error} onRetry={detail.reload} />
          ) : (
            <DrawerSkeleton />
          )}
        </div>
      </div>
    </Modal>
  );
}

function DrawerSections({
  member,
  catalog,
  change,
  onShowGroup,
  onClose,
}: {
  member: MemberDetailView;
  catalog: CatalogSnapshot;
  change: ReturnType<typeof useMemberChange>;
  onShowGroup: (groupId: string) => void;
  onClose: () => void;
}) {
  const now = useNow(60_000);
  const m = member.membership;
  const status = m.subscriptionStatus ? SUBSCRIPTION_LABEL[m.subscriptionStatus] : null;
  return (
    <>
      {m.status === 'removed' && (
        <p className="banner banner-warning">
          <span>Removed {m.leftAt ? `on ${formatDate(m.leftAt)}` : ''}. Changes are off until they are invited back.</span>
        </p>
      )}
      <Section title="Manage">
        <AccessActions member={member} change={change} />
      </Section>
      <Section title="Membership">
        <dl className="facts">
          <Fact label="Joined">
            {formatDate(m.joinedAt)} · {JOIN_SOURCE_LABEL[m.joinSource]}
          </Fact>
          <Fact label="Last active">{m.lastActiveAt ? `${formatRelative(m.lastActiveAt, now)} (${formatDate(m.lastActiveAt)})` : 'Never'}</Fact>
          <Fact label="Plan">
            {m.isFreeMember ? 'Free member' : TIER_LABEL[m.tier]}
            {status && ` · subscription ${status.label.toLowerCase()}`}
          </Fact>
          {m.isComped && <Fact label="Comped">{m.compedUntil ? `until ${formatDate(m.compedUntil)}` : 'with no end date'}</Fact>}
          {m.leftAt && <Fact label="Left">{formatDate(m.leftAt)}</Fact>}
        </dl>
      </Section>
      <Section title="Subscriptions" count={member.subscriptions.length}>
        <Subscriptions subscriptions={member.subscriptions} />
      </Section>
      <Section title="Limits and usage">
        <EntitlementUsage userId={member.profile.id} />
      </Section>
      <Section title="Groups" count={member.groups.length}>
        <GroupsSection member={member} catalog={catalog} change={change} onShowGroup={onShowGroup} />
      </Section>
      <Section title="Spaces" count={member.spaces.length}>
        <SpacesSection member={member} catalog={catalog} change={change} />
      </Section>
      <Section title="Automations">
        <MemberAutomationRuns userId={member.profile.id} />
      </Section>
      <Section title="Timeline">
        <Timeline entries={member.timeline} truncated={member.timelineTruncated} now={now} />
      </Section>
      <Section title="Danger zone">
        <DangerActions member={member} change={change} onErased={onClose} />
      </Section>
    </>
  );
}

function Section({ title, count, children }: { title: string; count?: number; children: ReactNode }) {
  const id = useId();
  return (
    <section className="drawer-section" aria-labelledby={id}>
      <h3 id={id} className="drawer-section-title">
        {title}
        {count !== undefined && count > 0 && <span className="drawer-section-count">{count}</span>}
      </h3>
      {children}
    </section>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function DrawerSkeleton() {
  return (
    <div className="drawer-skeleton" aria-hidden="true">
      {[70, 45, 85, 60, 75].map((w, i) => (
        <span key={i} className="skeleton" style={{ width: `${w}%` }} />
      ))}
    </div>
  );
}
