import type { CurrentUserView, TenantSummary } from '../../api/types';
import { hrefFor } from '../../app/routes';
import { Avatar } from '../../ui/Avatar';
import { formatCount, formatRelative } from '../../ui/format';
import { Icon } from '../../ui/Icon';
import { Pill } from '../../ui/Pill';
import { useNow } from '../../ui/use-now';
import { useEffect, useRef, useState } from 'react';
import { greeting, hasBeenHereBefore } from './greeting';
import { SetupChecklist } from './SetupChecklist';
import { RevenueCard } from './RevenueCard';
import { StatCard } from './StatCard';
import { useSetup } from './use-setup';
import { useMemberCounts } from './use-member-counts';
import { LoadFailed } from '../../ui/LoadFailed';

export function DashboardPage({ tenant, user }: { tenant: TenantSummary; user: CurrentUserView | undefined }) {
  const counts = useMemberCounts(tenant.id);
  const setup = useSetup(tenant.id);
  // Decided once per visit, when we know who it is: the first time here says "Welcome", later
  // visits "Welcome back". The ref keeps a second effect run (React's strict mode) from asking twice.
  const [returning, setReturning] = useState(false);
  const asked = useRef(false);
  useEffect(() => {
    if (!user || asked.current) return;
    asked.current = true;
    setReturning(hasBeenHereBefore(globalThis.localStorage, user.id, tenant.id));
  }, [user, tenant.id]);
  const now = useNow(60_000);
  const firstName = user?.name.split(/\s+/)[0];
  const loading = counts.loading && !counts.data;

  return (
    <div className="page page-dashboard">
      <header className="page-header">
        <div>
          <p className="page-eyebrow">{tenant.name}</p>
          <h1 className="page-title" data-testid="dashboard-greeting">{greeting(firstName, returning)}</h1>
          <p className="page-subtitle">{returning ? `Here is how ${tenant.name} is doing today.` : `Here is ${tenant.name} at a glance, and what is left to set up.`}</p>
        </div>
      </header>

      {counts.error !== undefined ? (
        <LoadFailed what="The numbers" error={counts.error} onRetry={counts.reload} />
      ) : (
        <>
          <div className="stat-grid">
            <StatCard
              icon="members"
              label="Members"
              testId="dashboard-member-count"
              loading={loading}
              value={counts.data && formatCount(counts.data.total)}
              hint={<a href={hrefFor('members')}>View all members</a>}
            />
            <StatCard icon="shield" label="Admins" loading={loading} value={counts.data && formatCount(counts.data.admins)} hint="Can manage the community" />
            <StatCard
              icon="members"
              label="Regular members"
              loading={loading}
              value={counts.data && formatCount(counts.data.members)}
              hint="Everyone without the admin role"
            />
            <RevenueCard />
          </div>

          <div className="dashboard-columns">
            <section className="card">
              <header className="card-header">
                <h2 className="card-title">Newest members</h2>
                <a className="card-link" href={hrefFor('members')}>
                  All members <Icon name="arrowRight" size={14} />
                </a>
              </header>
              <ul className="recent-list">
                {loading
                  ? Array.from({ length: 5 }, (_, i) => (
                      <li key={i} className="recent-item">
                        <span className="skeleton skeleton-avatar" />
                        <span className="skeleton" style={{ width: `${40 + i * 7}%` }} />
                      </li>
                    ))
                  : counts.data?.newest.map((m) => (
                      <li key={m.membershipId} className="recent-item">
                        <Avatar name={m.name} seed={m.userId} size={32} />
                        <div className="recent-text">
                          <span className="recent-name">{m.name}</span>
                          <span className="recent-meta">{m.email}</span>
                        </div>
                        <Pill tone={m.isFreeMember ? 'neutral' : 'success'}>{m.isFreeMember ? 'Free' : 'Paid'}</Pill>
                        <span className="recent-when">joined {formatRelative(m.joinedAt, now)}</span>
                      </li>
                    ))}
              </ul>
            </section>

            <section className="card">
              <header className="card-header">
                <h2 className="card-title">Set up your community</h2>
              </header>
              <SetupChecklist setup={setup.data} loading={setup.loading} error={setup.error} reload={setup.reload} />
            </section>
          </div>
        </>
      )}
    </div>
  );
}
