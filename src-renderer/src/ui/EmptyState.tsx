import type { ReactNode } from 'react';
import { Icon, type IconName } from './Icon';

export function EmptyState({
  icon,
  title,
  children,
  actions,
  tone = 'neutral',
}: {
  icon: IconName;
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
  tone?: 'neutral' | 'danger';
}) {
  return (
    <div className={`empty-state empty-state-${tone}`} role={tone === 'danger' ? 'alert' : undefined}>
      <div className="empty-state-icon">
        <Icon name={icon} size={22} />
      </div>
      <h2 className="empty-state-title">{title}</h2>
      {children && <div className="empty-state-body">{children}</div>}
      {actions && <div className="empty-state-actions">{actions}</div>}
    </div>
  );
}
