import { endCookieSession, isCookieSession } from '../api/browser-session';
import type { CurrentUserView } from '../api/types';
import { Avatar } from '../ui/Avatar';
import { Icon } from '../ui/Icon';
import { Pill } from '../ui/Pill';
import { useServices, useSession } from './services';

export function UserCard({ user, loading }: { user: CurrentUserView | undefined; loading: boolean }) {
  const { session } = useServices();
  const mode = useSession((s) => s.mode);

  return (
    <div className="user-card">
      {user ? (
        <>
          <Avatar name={user.name} seed={user.id} size={32} />
          <div className="user-text">
            <span className="user-name" title={user.email}>
              {user.name}
            </span>
            <span className="user-meta">
              <Pill tone={user.role === 'ADMIN' ? 'accent' : 'neutral'}>{user.role === 'ADMIN' ? 'Admin' : 'Member'}</Pill>
            </span>
          </div>
        </>
      ) : (
        <>
          <span className="skeleton skeleton-avatar" />
          <span className="skeleton" style={{ width: '55%' }} aria-hidden={!loading} />
        </>
      )}
      {mode === 'browser' && (
        <button
          type="button"
          className="icon-button"
          aria-label="Sign out"
          title="Sign out"
          onClick={() => {
            // A cookie session ends on the server too; the window signs out either way.
            if (isCookieSession(session.getState().token)) void endCookieSession().catch(() => undefined);
            session.getState().signOut('You signed out.');
          }}
        >
          <Icon name="signOut" size={16} />
        </button>
      )}
    </div>
  );
}
