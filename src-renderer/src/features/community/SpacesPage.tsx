import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { MySpace, SpaceDetails } from '@shared/schemas/community';
import { messageOf } from '../../api/errors';
import { useTRPC } from '../../api/query';
import type { TenantSummary } from '../../api/types';
import { EmptyState } from '../../ui/EmptyState';
import { Icon } from '../../ui/Icon';
import { LoadFailed } from '../../ui/LoadFailed';
import { Pill } from '../../ui/Pill';
import { Tabs } from '../../ui/Tabs';
import { formatCount, pluralise } from '../../ui/format';
import { hrefForCommunity, useCommunityView } from './community-route';
import { ModerationQueue } from './ModerationQueue';
import { SpaceForm } from './SpaceForm';
import { SpaceMembers } from './SpaceMembers';
import { SpaceView } from './SpaceView';
import { SPACE_TYPE_WORDS } from './words';
import './community.css';

/** Spaces: the community's spaces (types, order, who sees them, members and moderators), a space's posts, and the moderation queue. */
export function SpacesPage({ tenant }: { tenant: TenantSummary }) {
  const view = useCommunityView();
  const trpc = useTRPC();
  const isAdmin = tenant.role === 'ADMIN';
  // A member (a moderator, say) sees the spaces open to them; the queue when they moderate one.
  const mine = useQuery({ ...trpc.spaces.mine.queryOptions(), enabled: !isAdmin });
  const moderates = isAdmin || (mine.data ?? []).some((s) => s.canModerate);
  if (view.kind === 'space') return <SpaceView spaceId={view.spaceId} />;
  return (
    <div className="page page-spaces">
      <header className="page-header">
        <div>
          <h1 className="page-title">Spaces</h1>
          <p className="page-subtitle">Where {tenant.name} talks: feeds, chats, courses and more, who can see each, and what members reported.</p>
        </div>
      </header>
      <Tabs
        label="Spaces sections"
        idPrefix="spaces"
        tabs={moderates ? [{ value: 'list', label: 'All spaces' }, { value: 'moderation', label: 'Moderation' }] : [{ value: 'list', label: 'All spaces' }]}
        value={view.kind}
        onChange={(v) => (window.location.hash = hrefForCommunity({ kind: v }))}
      />
      <div role="tabpanel" id={`spaces-panel-${view.kind}`} aria-labelledby={`spaces-tab-${view.kind}`}>
        {view.kind === 'moderation' && moderates ? <ModerationQueue /> : isAdmin ? <SpaceList /> : <MySpaceList spaces={mine.data} error={mine.error} onRetry={() => void mine.refetch()} />}
      </div>
    </div>
  );
}

function SpaceList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.spaces.overview.queryOptions());
  const groups = useQuery(trpc.groups.list.queryOptions());
  const [editing, setEditing] = useState<SpaceDetails | 'new' | null>(null);
  const [members, setMembers] = useState<SpaceDetails | null>(null);
  const invalidate = () => queryClient.invalidateQueries(trpc.spaces.pathFilter());
  const reorder = useMutation(trpc.spaces.reorder.mutationOptions({ onSuccess: invalidate }));
  const archive = useMutation(trpc.spaces.archive.mutationOptions({ onSuccess: invalidate }));
  const restore = useMutation(trpc.spaces.restore.mutationOptions({ onSuccess: invalidate }));
  const problem = reorder.error ?? archive.error ?? restore.error;

  const spaces = list.data;
  const active = spaces?.filter((s) => !s.archivedAt) ?? [];
  const groupName = new Map((groups.data ?? []).map((g) => [g.id, g.name]));

  function move(space: SpaceDetails, by: -1 | 1) {
    const ids = active.map((s) => s.id);
    const i = ids.indexOf(space.id);
    const j = i + by;
    if (i < 0 || j < 0 || j >= ids.length) return;
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    reorder.mutate({ spaceIds: ids });
  }

  const newButton = (
    <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
      <Icon name="plus" size={15} /> New space
    </button>
  );

  return (
    <section className="card spaces-card" aria-labelledby="spaces-title">
      <header className="card-header">
        <h2 className="card-title" id="spaces-title">
          All spaces
        </h2>
        {newButton}
      </header>
      {problem && (
        <div className="banner banner-danger" role="alert">
          <Icon name="alert" size={15} />
          <span>{messageOf(problem)}</span>
        </div>
      )}
      {list.error && !spaces ? (
        <LoadFailed what="Spaces" error={list.error} onRetry={() => void list.refetch()} />
      ) : !spaces ? (
        <p className="muted" role="status">
          Loading spaces…
        </p>
      ) : spaces.length === 0 ? (
        <EmptyState icon="group" title="No spaces yet — create the first one" actions={newButton}>
          A space is where members meet: a feed of posts, a chat, a course, a calculator, a dashboard or an events calendar.
        </EmptyState>
      ) : (
        <ul className="space-list" aria-label="Spaces">
          {spaces.map((s) => {
            const index = active.findIndex((a) => a.id === s.id);
            return (
              <li key={s.id} className={s.archivedAt ? 'community-space-row community-space-row-archived' : 'community-space-row'} data-testid={`space-${s.name}`}>
                <div className="community-space-row-main">
                  <a className="community-space-name" href={hrefForCommunity({ kind: 'space', spaceId: s.id })}>
                    {s.name}
                  </a>
                  <Pill tone="accent" title={SPACE_TYPE_WORDS[s.type].hint}>
                    {SPACE_TYPE_WORDS[s.type].label}
                  </Pill>
                  {s.archivedAt && <Pill tone="warning">Archived</Pill>}
                  {s.openReports > 0 && (
                    <a href={hrefForCommunity({ kind: 'moderation' })}>
                      <Pill tone="danger">{pluralise(s.openReports, 'open report')}</Pill>
                    </a>
                  )}
                </div>
                {s.description && <p className="muted space-description">{s.description}</p>}
                <p className="muted space-meta">
                  {s.visibility === 'everyone' ? 'Everyone in the community' : `Members of ${s.groupIds.map((g) => groupName.get(g) ?? 'a group').join(', ')}`}
                  {' · '}
                  {pluralise(s.memberCount, 'member')} · {pluralise(s.moderatorCount, 'moderator')} · {formatCount(s.postCount)} {s.postCount === 1 ? 'post' : 'posts'}
                </p>
                <div className="space-actions">
                  {!s.archivedAt && (
                    <>
                      <button type="button" className="button button-small" aria-label={`Move ${s.name} up`} disabled={index <= 0 || reorder.isPending} onClick={() => move(s, -1)}>
                        ↑
                      </button>
                      <button
                        type="button"
                        className="button button-small"
                        aria-label={`Move ${s.name} down`}
                        disabled={index === active.length - 1 || reorder.isPending}
                        onClick={() => move(s, 1)}
                      >
                        ↓
                      </button>
                      <button type="button" className="button button-small" onClick={() => setEditing(s)}>
                        Edit
                      </button>
                      <button type="button" className="button button-small" onClick={() => setMembers(s)}>
                        Members and moderators
                      </button>
                      <button type="button" className="button button-small" disabled={archive.isPending} onClick={() => archive.mutate({ spaceId: s.id })}>
                        Archive
                      </button>
                    </>
                  )}
                  {s.archivedAt && (
                    <button type="button" className="button button-small" disabled={restore.isPending} onClick={() => restore.mutate({ spaceId: s.id })}>
                      Restore
                    </button>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {editing && <SpaceForm space={editing === 'new' ? null : editing} groups={groups.data ?? []} onClose={() => setEditing(null)} />}
      {members && <SpaceMembers space={members} onClose={() => setMembers(null)} />}
    </section>
  );
}

/** What a member who is not an ADMIN sees: the spaces open to them and their role in each. */
function MySpaceList({ spaces, error, onRetry }: { spaces: MySpace[] | undefined; error: unknown; onRetry: () => void }) {
  return (
    <section className="card spaces-card" aria-labelledby="my-spaces-title">
      <header className="card-header">
        <h2 className="card-title" id="my-spaces-title">
          Your spaces
        </h2>
      </header>
      {error && !spaces ? (
        <LoadFailed what="Spaces" error={error} onRetry={onRetry} />
      ) : !spaces ? (
        <p className="muted" role="status">
          Loading spaces…
        </p>
      ) : spaces.length === 0 ? (
        <EmptyState icon="group" title="No spaces are open to you yet">
          An ADMIN of the community opens spaces to everyone or to members of chosen groups.
        </EmptyState>
      ) : (
        <ul className="space-list" aria-label="Spaces">
          {spaces.map((s) => (
            <li key={s.id} className="community-space-row" data-testid={`space-${s.name}`}>
              <div className="community-space-row-main">
                <a className="community-space-name" href={hrefForCommunity({ kind: 'space', spaceId: s.id })}>
                  {s.name}
                </a>
                <Pill tone="accent" title={SPACE_TYPE_WORDS[s.type].hint}>
                  {SPACE_TYPE_WORDS[s.type].label}
                </Pill>
                {s.myRole === 'MODERATOR' && <Pill tone="info">You moderate it</Pill>}
              </div>
              {s.description && <p className="muted space-description">{s.description}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
