import { messageOf } from '@renderer/api/errors';
import { useApiQuery } from '@renderer/api/use-api-query';
import { formatDate } from '@renderer/ui/format';
import { Pill } from '@renderer/ui/Pill';
import { LIMIT_LABELS, LIMIT_NAMES } from '@shared/packages';

const SOURCE_TEXT = { subscription: 'from their subscription', free_tier: 'the free tier', built_in: 'the built-in free limits' } as const;

/** The member's package limits and what they use of each, as bars; over a lowered limit is said plainly. */
export function EntitlementUsage({ userId }: { userId: string }) {
  const q = useApiQuery(`entitlements:${userId}`, (api, signal) => api.entitlements.ofMember.query({ userId }, { signal }));
  if (q.error) return <p className="field-error">Limits could not be read: {messageOf(q.error)}</p>;
  if (!q.data) return <p className="muted">Reading limits…</p>;
  const e = q.data;
  return (
    <div className="entitlement-usage" data-testid="entitlement-usage">
      <p className="muted">
        {e.packageName ?? 'No package'} · {SOURCE_TEXT[e.source]} · monthly use resets {formatDate(e.resetsAt)}
      </p>
      <dl>
        {LIMIT_NAMES.map((name) => {
          const used = e.usage[name];
          const max = e.limits[name];
          const over = e.overLimitSince[name];
          return (
            <div className="fact" key={name}>
              <dt>{LIMIT_LABELS[name]}</dt>
              <dd>
                <meter min={0} max={Math.max(max, used, 1)} value={used} high={max * 0.8} optimum={0} aria-label={`${LIMIT_LABELS[name]}: ${used} of ${max}`} />{' '}
                {used} of {max}{' '}
                {over ? (
                  <Pill tone="danger" title="New use is refused until it is back under the limit">
                    over since {formatDate(over)}
                  </Pill>
                ) : (
                  max > 0 && used >= max && <Pill tone="warning">at the limit</Pill>
                )}
              </dd>
            </div>
          );
        })}
      </dl>
    </div>
  );
}
