import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { isTransportFailure, messageOf } from '../../api/errors';
import { useTRPC } from '../../api/query';
import { pluralise } from '../../ui/format';
import { BUILT_IN_AUDIENCES } from '@shared/schemas/campaigns';
import { BUILT_IN_AUDIENCE_LABELS } from './labels';

/** Who gets it: all, paid, free or a saved segment, with how many that is right now. */
export function AudiencePicker({ value, onChange, disabled }: { value: string; onChange: (audience: string) => void; disabled?: boolean }) {
  const trpc = useTRPC();
  const id = useId();
  const segments = useQuery(trpc.segments.list.queryOptions());
  const count = useQuery({ ...trpc.campaigns.audienceCount.queryOptions({ audience: value }), retry: false });
  const knownSegment = segments.data?.some((s) => s.id === value);

  return (
    <section className="campaign-side-card" aria-labelledby={`${id}-title`}>
      <h2 className="campaign-side-title" id={`${id}-title`}>
        Audience
      </h2>
      <label className="visually-hidden" htmlFor={id}>
        Send to
      </label>
      <select id={id} className="input" value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)} aria-describedby={`${id}-count`}>
        {BUILT_IN_AUDIENCES.map((a) => (
          <option key={a} value={a}>
            {BUILT_IN_AUDIENCE_LABELS[a]}
          </option>
        ))}
        {segments.data && segments.data.length > 0 && (
          <optgroup label="Saved segments">
            {segments.data.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </optgroup>
        )}
        {value.startsWith('seg_') && !knownSegment && <option value={value}>{segments.data ? 'A deleted segment' : 'A saved segment'}</option>}
      </select>
      <p className={count.data ? 'campaign-count' : 'campaign-count is-unknown'} id={`${id}-count`} aria-live="polite" data-testid="audience-count">
        {count.data
          ? `${pluralise(count.data.count, 'member')} will get it now.`
          : count.error && !isTransportFailure(count.error)
            ? messageOf(count.error)
            : count.error || count.fetchStatus === 'paused'
              ? 'The count appears when the console is reachable.'
              : 'Counting…'}
      </p>
      <p className="field-help">Unsubscribed and bounced addresses are never included.</p>
    </section>
  );
}
