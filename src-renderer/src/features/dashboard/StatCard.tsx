import type { ReactNode } from 'react';
import { Icon, type IconName } from '../../ui/Icon';

export function StatCard({
  icon,
  label,
  value,
  hint,
  loading,
  testId,
}: {
  icon: IconName;
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  loading?: boolean;
  testId?: string;
}) {
  return (
    <section className="card stat-card" aria-busy={loading || undefined}>
      <div className="stat-label">
        <span className="stat-icon">
          <Icon name={icon} size={15} />
        </span>
        {label}
      </div>
      <div className="stat-value" data-testid={testId}>
        {loading ? <span className="skeleton skeleton-value" /> : value}
      </div>
      {hint && <div className="stat-hint">{hint}</div>}
    </section>
  );
}
