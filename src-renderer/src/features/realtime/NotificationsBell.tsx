import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../api/query';
import { Popover } from '../../ui/Popover';
import { formatRelative } from '../../ui/format';
import './realtime.css';

function BellIcon() {
  return (
    <svg width={16} height={16} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M6 16V11a6 6 0 1 1 12 0v5l1.5 2h-15zM10 21h4" />
    </svg>
  );
}

/**
 * The bell in the sidebar: the signed-in person's notifications (a reply, a mention, a role
 * change, a failed payment, what an automation tells the admins). Pushed 'notifications' changes
 * refresh it; opening it shows the latest, and "Mark all read" clears the count.
 */
export function NotificationsBell() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.notifications.list.queryOptions({ limit: 20 }));
  const markRead = useMutation(trpc.notifications.markRead.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.notifications.list.pathFilter()) }));
  const unread = list.data?.unread ?? 0;
  const label = unread > 0 ? `Notifications: ${unread} unread` : 'Notifications';

  return (
    <Popover
      label={label}
      buttonClassName="sidebar-tool bell-button"
      panelClassName="bell-panel"
      align="start"
      trigger={
        <span className="bell-trigger" data-testid="notifications-bell">
          <BellIcon />
          {unread > 0 && (
            <span className="bell-count" data-testid="notifications-unread">
              {unread > 99 ? '99+' : unread}
            </span>
          )}
        </span>
      }
    >
      {(close) => (
        <div className="bell-content">
          <header className="bell-header">
            <strong>Notifications</strong>
            <button type="button" className="button button-small button-ghost" disabled={unread === 0 || markRead.isPending} onClick={() => markRead.mutate({})}>
              Mark all read
            </button>
          </header>
          {list.error && !list.data ? (
            <p className="muted">Notifications could not be loaded.</p>
          ) : !list.data ? (
            <p className="muted" role="status">
              Loading…
            </p>
          ) : list.data.items.length === 0 ? (
            <p className="muted">Nothing new. Replies, mentions and payment problems show up here.</p>
          ) : (
            <ul className="bell-list">
              {list.data.items.map((n) => (
                <li key={n.id} className={n.readAt ? 'bell-item' : 'bell-item is-unread'}>
                  {n.link ? (
                    <a href={n.link} onClick={close}>
                      <strong>{n.title}</strong>
                    </a>
                  ) : (
                    <strong>{n.title}</strong>
                  )}
                  <span className="bell-body">{n.body}</span>
                  <time className="muted" dateTime={n.createdAt}>
                    {formatRelative(n.createdAt)}
                  </time>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </Popover>
  );
}
