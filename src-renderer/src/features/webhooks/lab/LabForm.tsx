import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { messageOf } from '@renderer/api/errors';
import { useTRPC } from '@renderer/api/query';
import { useServices } from '@renderer/app/services';
import { useDebouncedValue } from '@renderer/ui/use-debounced-value';
import type { LabTemplate } from '../types';

/**
 * The lab's form mode: who buys and what they buy, from this community. The core builds the
 * events from its templates with them filled in; the composer shows the JSON that will be sent.
 */
export function LabForm({ onTemplates }: { onTemplates: (templates: LabTemplate[] | null) => void }) {
  const trpc = useTRPC();
  const searchId = useId();
  const memberId = useId();
  const packageId = useId();
  const [search, setSearch] = useState('');
  const [userId, setUserId] = useState('');
  const [pkgId, setPkgId] = useState('');
  const debounced = useDebouncedValue(search.trim(), 200);
  const { api } = useServices();
  // Keys from tRPC (so pushed changes reach them), answers through the services' client.
  const memberInput = { limit: 20, sort: { field: 'name' as const, direction: 'asc' as const }, ...(debounced ? { search: debounced } : {}) };
  const members = useQuery({ queryKey: trpc.members.list.queryKey(memberInput), queryFn: ({ signal }) => api.members.list.query(memberInput, { signal }) });
  const packages = useQuery({ queryKey: trpc.packages.list.queryKey(), queryFn: ({ signal }) => api.packages.list.query(undefined, { signal }) });
  const choice = { ...(userId ? { userId } : {}), ...(pkgId ? { packageId: pkgId } : {}) };
  const templates = useQuery({
    queryKey: trpc.webhooks.lab.templates.queryKey(choice),
    queryFn: ({ signal }) => api.webhooks.lab.templates.query(choice, { signal }),
    // Each answer has fresh event ids: keep it until the choice changes.
    staleTime: Infinity,
  });

  useEffect(() => {
    onTemplates(templates.data ?? null);
  }, [templates.data, onTemplates]);

  const memberOptions = members.data?.items ?? [];
  return (
    <fieldset className="lab-form" data-testid="lab-form">
      <legend className="visually-hidden">Who buys what</legend>
      <div className="lab-form-row">
        <div>
          <label className="field-label" htmlFor={searchId}>
            Find a member
          </label>
          <input id={searchId} className="input" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Name or email" />
        </div>
        <div>
          <label className="field-label" htmlFor={memberId}>
            Member
          </label>
          <select id={memberId} className="input" value={userId} onChange={(e) => setUserId(e.target.value)}>
            <option value="">A new person (New Member)</option>
            {memberOptions.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name} — {m.email}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label className="field-label" htmlFor={packageId}>
            Package
          </label>
          <select id={packageId} className="input" value={pkgId} onChange={(e) => setPkgId(e.target.value)}>
            <option value="">The first paid package</option>
            {(packages.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
                {p.isActive ? '' : ' (inactive)'}
              </option>
            ))}
          </select>
        </div>
      </div>
      {templates.error && (
        <p className="field-error" role="alert">
          Could not build the event: {messageOf(templates.error)}
        </p>
      )}
    </fieldset>
  );
}
