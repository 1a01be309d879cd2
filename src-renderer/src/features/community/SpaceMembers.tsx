import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { SpaceDetails } from '@shared/schemas/community';
import { messageOf } from '../../api/errors';
import { useTRPC } from '../../api/query';
import { LoadFailed } from '../../ui/LoadFailed';
import { Modal } from '../../ui/Modal';
import { useDebouncedValue } from '../../ui/use-debounced-value';

/** A space's members and moderators: change a role, remove someone, add a member of the community. */
export function SpaceMembers({ space, onClose }: { space: SpaceDetails; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const titleId = useId();
  const members = useQuery(trpc.spaces.members.queryOptions({ spaceId: space.id }));
  const [search, setSearch] = useState('');
  const debounced = useDebouncedValue(search.trim(), 250);
  const found = useQuery({ ...trpc.members.list.queryOptions({ search: debounced, limit: 8 }), enabled: debounced.length > 1 });
  const setRole = useMutation(
    trpc.spaces.setMemberRole.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.spaces.pathFilter()),
    }),
  );
  const inSpace = new Set((members.data ?? []).map((m) => m.userId));

  return (
    <Modal labelledBy={titleId} onRequestClose={onClose} className="space-members-dialog">
      <div className="confirm space-members">
        <h2 id={titleId} className="confirm-title">
          Members and moderators of {space.name}
        </h2>
        <p className="muted">Moderators hide, archive and restore posts and comments in this space and see its reports.</p>
        {members.error ? (
          <LoadFailed inline what="Members" error={members.error} onRetry={() => void members.refetch()} />
        ) : !members.data ? (
          <p className="muted" role="status">
            Loading…
          </p>
        ) : members.data.length === 0 ? (
          <p className="muted">Nobody has been added to this space yet.</p>
        ) : (
          <table className="space-members-table">
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Role</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {members.data.map((m) => (
                <tr key={m.userId}>
                  <td>
                    {m.name}
                    <div className="muted">{m.email}</div>
                  </td>
                  <td>
                    <select
                      className="input"
                      aria-label={`Role of ${m.name}`}
                      value={m.role}
                      disabled={setRole.isPending}
                      onChange={(e) => setRole.mutate({ spaceId: space.id, userId: m.userId, role: e.target.value as 'MEMBER' | 'MODERATOR' })}
                    >
                      <option value="MEMBER">Member</option>
                      <option value="MODERATOR">Moderator</option>
                    </select>
                  </td>
                  <td>
                    <button type="button" className="button button-small" disabled={setRole.isPending} onClick={() => setRole.mutate({ spaceId: space.id, userId: m.userId, role: null })}>
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <label className="field-label">
          Add someone
          <input className="input" type="search" placeholder="Name or email" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        {debounced.length > 1 && found.data && (
          <ul className="space-member-results" aria-label="Matching members">
            {found.data.items.filter((m) => !inSpace.has(m.userId)).length === 0 && <li className="muted">No one else matches.</li>}
            {found.data.items
              .filter((m) => !inSpace.has(m.userId))
              .map((m) => (
                <li key={m.userId}>
                  <span>
                    {m.name} <span className="muted">{m.email}</span>
                  </span>
                  <span className="space-member-add">
                    <button type="button" className="button button-small" disabled={setRole.isPending} onClick={() => setRole.mutate({ spaceId: space.id, userId: m.userId, role: 'MEMBER' })}>
                      Add as member
                    </button>
                    <button type="button" className="button button-small" disabled={setRole.isPending} onClick={() => setRole.mutate({ spaceId: space.id, userId: m.userId, role: 'MODERATOR' })}>
                      Add as moderator
                    </button>
                  </span>
                </li>
              ))}
          </ul>
        )}
        {setRole.error && (
          <p className="field-error" role="alert">
            {messageOf(setRole.error)}
          </p>
        )}
        <div className="confirm-actions">
          <button type="button" className="button button-primary" onClick={onClose}>
            Done
          </button>
        </div>
      </div>
    </Modal>
  );
}
