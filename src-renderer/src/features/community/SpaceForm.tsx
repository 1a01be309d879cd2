import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { SPACE_TYPES, type SpaceType } from '@shared/domain';
import type { SpaceDetails, SpaceVisibility } from '@shared/schemas/community';
import { messageOf } from '../../api/errors';
import { useTRPC } from '../../api/query';
import { Modal } from '../../ui/Modal';
import { SPACE_TYPE_WORDS } from './words';

/** Create a space, or edit one's name, description and who can see it (the type is chosen once). */
export function SpaceForm({ space, groups, onClose }: { space: SpaceDetails | null; groups: { id: string; name: string }[]; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const titleId = useId();
  const [name, setName] = useState(space?.name ?? '');
  const [type, setType] = useState<SpaceType>(space?.type ?? 'FEED');
  const [description, setDescription] = useState(space?.description ?? '');
  const [visibility, setVisibility] = useState<SpaceVisibility>(space?.visibility ?? 'everyone');
  const [groupIds, setGroupIds] = useState<string[]>(space?.groupIds ?? []);
  const done = async () => {
    await queryClient.invalidateQueries(trpc.spaces.pathFilter());
    onClose();
  };
  const create = useMutation(trpc.spaces.create.mutationOptions({ onSuccess: done }));
  const update = useMutation(trpc.spaces.update.mutationOptions({ onSuccess: done }));
  const busy = create.isPending || update.isPending;
  const problem = create.error ?? update.error;

  function submit(e: FormEvent) {
    e.preventDefault();
    const groupsChosen = visibility === 'groups' ? groupIds : [];
    if (space) update.mutate({ spaceId: space.id, name, description: description || null, visibility, groupIds: groupsChosen });
    else create.mutate({ name, type, description: description || undefined, visibility, groupIds: groupsChosen });
  }

  return (
    <Modal labelledBy={titleId} onRequestClose={() => !busy && onClose()} initialFocus="#space-name" className="space-form-dialog">
      <form className="confirm space-form" onSubmit={submit}>
        <h2 id={titleId} className="confirm-title">
          {space ? `Edit ${space.name}` : 'New space'}
        </h2>
        <label className="field-label">
          Name
          <input id="space-name" className="input" value={name} maxLength={80} required onChange={(e) => setName(e.target.value)} />
        </label>
        {!space && (
          <label className="field-label">
            Type
            <select className="input" value={type} onChange={(e) => setType(e.target.value as SpaceType)}>
              {SPACE_TYPES.map((t) => (
                <option key={t} value={t}>
                  {SPACE_TYPE_WORDS[t].label} — {SPACE_TYPE_WORDS[t].hint}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="field-label">
          Description (optional)
          <textarea className="input" rows={2} maxLength={500} value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <fieldset className="space-visibility">
          <legend className="field-label">Who can see it</legend>
          <label>
            <input type="radio" name="visibility" checked={visibility === 'everyone'} onChange={() => setVisibility('everyone')} /> Everyone in the community
          </label>
          <label>
            <input type="radio" name="visibility" checked={visibility === 'groups'} onChange={() => setVisibility('groups')} /> Only members of these groups
          </label>
          {visibility === 'groups' &&
            (groups.length === 0 ? (
              <p className="field-help">This community has no groups yet.</p>
            ) : (
              <div className="space-groups">
                {groups.map((g) => (
                  <label key={g.id}>
                    <input
                      type="checkbox"
                      checked={groupIds.includes(g.id)}
                      onChange={(e) => setGroupIds(e.target.checked ? [...groupIds, g.id] : groupIds.filter((id) => id !== g.id))}
                    />{' '}
                    {g.name}
                  </label>
                ))}
              </div>
            ))}
        </fieldset>
        {problem && (
          <p className="field-error" role="alert">
            {messageOf(problem)}
          </p>
        )}
        <div className="confirm-actions">
          <button type="button" className="button" disabled={busy} onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {space ? 'Save' : 'Create space'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
