import type { CurrentUserView, TenantSummary } from '../api/types';
import { Icon, type IconName } from '../ui/Icon';
import { ConnectionIndicator } from './ConnectionIndicator';
import { hrefFor, type Route } from './routes';
import { TenantSwitcher } from './TenantSwitcher';
import { UserCard } from './UserCard';

const NAV: { route: Route; label: string; icon: IconName; soon?: boolean }[] = [
  { route: 'dashboard', label: 'Dashboard', icon: 'dashboard' },
  { route: 'members', label: 'Members', icon: 'members' },
  { route: 'packages', label: 'Packages', icon: 'packages' },
  { route: 'campaigns', label: 'Campaigns', icon: 'campaigns', soon: true },
  { route: 'webhooks', label: 'Webhooks', icon: 'webhooks' },
  { route: 'settings', label: 'Settings', icon: 'settings' },
];

export function Sidebar({
  route,
  tenant,
  tenants,
  user,
  userLoading,
}: {
  route: Route;
  tenant: TenantSummary;
  tenants: TenantSummary[];
  user: CurrentUserView | undefined;
  userLoading: boolean;
}) {
  return (
    <aside className="sidebar">
      <TenantSwitcher current={tenant} tenants={tenants} />
      <nav className="nav" aria-label="Main">
        {NAV.map((item) => (
          <a
            key={item.route}
            href={hrefFor(item.route)}
            className={item.route === route ? 'nav-link is-current' : 'nav-link'}
            aria-current={item.route === route ? 'page' : undefined}
          >
            <Icon name={item.icon} size={16} />
            <span>{item.label}</span>
            {item.soon && (
              <span className="nav-soon" aria-hidden="true" title="Coming soon">
                Soon
              </span>
            )}
          </a>
        ))}
      </nav>
      <div className="sidebar-footer">
        <ConnectionIndicator />
        <UserCard user={user} loading={userLoading} />
      </div>
    </aside>
  );
}
