import type { CurrentUserView, TenantSummary } from '../api/types';
import { formatCount } from '../ui/format';
import { Icon, type IconName } from '../ui/Icon';
import { THEMES, useSidebarCollapsed, useTheme, type ThemeChoice } from '../ui/preferences';
import { NotificationsBell } from '../features/realtime';
import { SidebarSyncStatus } from '../features/webhooks';
import { ConnectionIndicator } from './ConnectionIndicator';
import { hrefFor, type Route } from './routes';
import { TenantSwitcher } from './TenantSwitcher';
import { UserCard } from './UserCard';

const NAV: { route: Route; label: string; icon: IconName; soon?: boolean }[] = [
  { route: 'dashboard', label: 'Dashboard', icon: 'dashboard' },
  { route: 'members', label: 'Members', icon: 'members' },
  { route: 'packages', label: 'Packages', icon: 'packages' },
  { route: 'analytics', label: 'Analytics', icon: 'chart' },
  { route: 'spaces', label: 'Spaces', icon: 'group' },
  { route: 'campaigns', label: 'Campaigns', icon: 'campaigns' },
  { route: 'automations', label: 'Automations', icon: 'sparkle' },
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
  const [collapsed, toggleCollapsed] = useSidebarCollapsed();
  return (
    <aside className={collapsed ? 'sidebar is-collapsed' : 'sidebar'} data-testid="sidebar">
      <TenantSwitcher current={tenant} tenants={tenants} />
      <nav className="nav" aria-label="Main">
        {NAV.map((item) => (
          <a
            key={item.route}
            href={hrefFor(item.route)}
            className={item.route === route ? 'nav-link is-current' : 'nav-link'}
            aria-current={item.route === route ? 'page' : undefined}
            title={collapsed ? item.label : undefined}
          >
            <Icon name={item.icon} size={16} />
            <span className="nav-label">{item.label}</span>
            {item.route === 'members' && (
              <span className="nav-soon nav-count" data-testid="sidebar-member-count" title={`${formatCount(tenant.memberCount)} members`}>
                {formatCount(tenant.memberCount)}
              </span>
            )}
            {item.soon && (
              <span className="nav-soon" aria-hidden="true" title="Coming soon">
                Soon
              </span>
            )}
          </a>
        ))}
      </nav>
      <div className="sidebar-footer">
        <SidebarSyncStatus />
        <ConnectionIndicator />
        <UserCard user={user} loading={userLoading} />
        <div className="sidebar-tools">
          <NotificationsBell />
          <ThemeSwitch />
          <button
            type="button"
            className="sidebar-tool"
            onClick={toggleCollapsed}
            aria-pressed={collapsed}
            aria-label={collapsed ? 'Expand the sidebar' : 'Collapse the sidebar'}
            title={collapsed ? 'Expand the sidebar' : 'Collapse the sidebar'}
          >
            <Icon name="sidebar" size={16} />
          </button>
        </div>
      </div>
    </aside>
  );
}

const THEME_LABEL: Record<ThemeChoice, string> = { system: 'Theme: as the system', light: 'Theme: light', dark: 'Theme: dark' };
const THEME_ICON: Record<ThemeChoice, IconName> = { system: 'monitor', light: 'sun', dark: 'moon' };

/** One button through the three themes; it says which one is on. */
function ThemeSwitch() {
  const [theme, setTheme] = useTheme();
  const next = THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length]!;
  return (
    <button type="button" className="sidebar-tool sidebar-theme" onClick={() => setTheme(next)} title={`${THEME_LABEL[theme]} (click for ${next})`} data-testid="theme-switch">
      <Icon name={THEME_ICON[theme]} size={16} />
      <span className="nav-label">{THEME_LABEL[theme]}</span>
    </button>
  );
}
