import { useId, useState } from 'react';
import { useServices } from '@renderer/app/services';
import { Icon } from '@renderer/ui/Icon';
import { formatDate } from '@renderer/ui/format';
import type { CatalogSnapshot } from '../member-catalog';
import type { MemberDetailView } from '../types';
import type { MemberChange } from './use-member-change';

/** The member's groups: remove one, or add them to another. */
export function GroupsSection({
  member,
  catalog,
  change,
  onShowGroup,
}: {
  member: MemberDetailView;
  catalog: CatalogSnapshot;
  change: MemberChange;
  onShowGroup: (groupId: string) => void;
}) {
  const { api } = useServices();
  const userId = member.profile.id;
  const active = member.membership.status === 'active';
  const others = catalog.groups.filter((g) => !member.groups.some((m) => m.id === g.id));
  const [groupId, setGroupId] = useState('');
  const selectId = useId();
  const chosen = others.some((g) => g.id === groupId) ? groupId : (others[0]?.id ?? '');

  return (
    <>
      {member.groups.length === 0 ? (
        <p className="muted">In no group.</p>
      ) : (
        <ul className="tag-list" aria-label="Groups">
          {member.groups.map((g) => (
            <li key={g.id} className="tag">
              <button type="button" className="tag-text" title={`Added ${formatDate(g.addedAt)}. Show everyone in this group`} onClick={() => onShowGroup(g.id)}>
                {g.name}
              </button>
              <button
                type="button"
                className="tag-remove"
                aria-label={`Remove from ${g.name}`}
                title={`Remove from ${g.name}`}
                disabled={!active || change.busy !== null}
                onClick={() =>
                  void change.runUndoable(
                    `group:${g.id}`,
                    () => api.members.removeFromGroup.mutate({ userId, groupId: g.id }),
                    `${member.profile.name} was removed from ${g.name}.`,
                    () => api.members.addToGroup.mutate({ userId, groupId: g.id }),
                  )
                }
              >
                <Icon name="close" size={11} />
              </button>
            </li>
          ))}
        </ul>
      )}
      {active && others.length > 0 && (
        <form
          className="drawer-action-row add-row"
          onSubmit={(e) => {
            e.preventDefault();
            const name = others.find((g) => g.id === chosen)?.name ?? 'the group';
            if (chosen)
              void change.runUndoable(
                'group:add',
                () => api.members.addToGroup.mutate({ userId, groupId: chosen }),
                `${member.profile.name} was added to ${name}.`,
                () => api.members.removeFromGroup.mutate({ userId, groupId: chosen }),
              );
          }}
        >
          <label className="visually-hidden" htmlFor={selectId}>
            Group to add to
          </label>
          <select id={selectId} className="input input-small" value={chosen} onChange={(e) => setGroupId(e.target.value)}>
            {others.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
          <button type="submit" className="button button-small" disabled={change.busy !== null}>
            {change.busy === 'group:add' ? 'Adding…' : 'Add to group'}
          </button>
        </form>
      )}
    </>
  );
}

/** The spaces the member is in, with a moderator switch for each, and "moderate another space". */
export function SpacesSection({ member, catalog, change }: { member: MemberDetailView; catalog: CatalogSnapshot; change: MemberChange }) {
  const { api } = useServices();
  const userId = member.profile.id;
  const active = member.membership.status === 'active';
  const others = catalog.spaces.filter((s) => !member.spaces.some((m) => m.id === s.id));
  const [spaceId, setSpaceId] = useState('');
  const selectId = useId();
  const chosen = others.some((s) => s.id === spaceId) ? spaceId : (others[0]?.id ?? '');

  return (
    <>
      {member.spaces.length === 0 ? (
        <p className="muted">In no space.</p>
      ) : (
        <ul className="drawer-list spaces">
          {member.spaces.map((s) => (
            <li key={s.id} className="space-row">
              <div>
                <span className="space-name">{s.name}</span>
                <span className="muted">
                  {' '}
                  · {s.type.toLowerCase()} · since {formatDate(s.joinedAt)}
                </span>
              </div>
              <label className="switch">
                <input
                  type="checkbox"
                  role="switch"
                  checked={s.role === 'MODERATOR'}
                  disabled={!active || change.busy !== null}
                  aria-label={`Moderator of ${s.name}`}
                  onChange={(e) =>
                    void change.run(`space:${s.id}`, () => api.members.setSpaceRole.mutate({ userId, spaceId: s.id, role: e.target.checked ? 'MODERATOR' : 'MEMBER' }))
                  }
                />
                <span>Moderator</span>
              </label>
            </li>
          ))}
        </ul>
      )}
      {active && others.length > 0 && (
        <form
          className="drawer-action-row add-row"
          onSubmit={(e) => {
            e.preventDefault();
            if (chosen) void change.run('space:add', () => api.members.setSpaceRole.mutate({ userId, spaceId: chosen, role: 'MODERATOR' }));
          }}
        >
          <label className="visually-hidden" htmlFor={selectId}>
            Space to moderate
          </label>
          <select id={selectId} className="input input-small" value={chosen} onChange={(e) => setSpaceId(e.target.value)}>
            {others.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
          <button type="submit" className="button button-small" disabled={change.busy !== null}>
            {change.busy === 'space:add' ? 'Adding…' : 'Make moderator'}
          </button>
        </form>
      )}
    </>
  );
}
