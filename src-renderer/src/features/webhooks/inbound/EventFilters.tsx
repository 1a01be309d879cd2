import { useId } from 'react';
import { Icon } from '@renderer/ui/Icon';
import { SegmentedControl } from '@renderer/ui/SegmentedControl';
import { PROVIDERS, providerLabel } from '../format';
import type { EventStatus, Provider } from '../types';

export type StatusFilter = EventStatus | 'all';
export type ProviderFilter = Provider | 'all';

const STATUS_SEGMENTS = [
  { value: 'all', label: 'All' },
  { value: 'received', label: 'Received' },
  { value: 'applied', label: 'Applied' },
  { value: 'ignored', label: 'Ignored' },
  { value: 'failed', label: 'Failed' },
] as const;

export function EventFilters({
  provider,
  onProvider,
  type,
  onType,
  status,
  onStatus,
  knownTypes,
}: {
  provider: ProviderFilter;
  onProvider: (p: ProviderFilter) => void;
  type: string;
  onType: (t: string) => void;
  status: StatusFilter;
  onStatus: (s: StatusFilter) => void;
  knownTypes: string[];
}) {
  const typesId = useId();
  return (
    <div className="toolbar event-filters">
      <label className="select-field">
        <span className="visually-hidden">Provider</span>
        <select className="input input-compact" value={provider} onChange={(e) => onProvider(e.target.value as ProviderFilter)} aria-label="Filter by provider">
          <option value="all">All providers</option>
          {PROVIDERS.map((p) => (
            <option key={p} value={p}>
              {providerLabel(p)}
            </option>
          ))}
        </select>
      </label>
      <label className="search-field event-type-field">
        <Icon name="search" className="search-icon" />
        <input
          type="search"
          aria-label="Filter by event type"
          placeholder="Any event type"
          list={typesId}
          value={type}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => onType(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && type) {
              e.preventDefault();
              onType('');
            }
          }}
        />
        {type && (
          <button type="button" className="search-clear" aria-label="Clear event type" title="Clear event type" onClick={() => onType('')}>
            <Icon name="close" size={14} />
          </button>
        )}
        <datalist id={typesId}>
          {knownTypes.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
      </label>
      <SegmentedControl label="Filter by status" segments={STATUS_SEGMENTS} value={status} onChange={onStatus} />
    </div>
  );
}
