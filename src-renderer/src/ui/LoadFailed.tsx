import type { ReactNode } from 'react';
import { messageOf } from '../api/errors';
import { EmptyState } from './EmptyState';

/**
 * "<what> could not be loaded", why (the server's words), and Try again: one look for every read
 * that failed. `inline` is a line inside a list or card; otherwise the section's empty state.
 */
export function LoadFailed({
  what,
  error,
  onRetry,
  actions,
  inline = false,
  className,
}: {
  what: string;
  error: unknown;
  onRetry?: () => void;
  /** More buttons after Try again (Close, say). */
  actions?: ReactNode;
  inline?: boolean;
  className?: string;
}) {
  if (inline) {
    return (
      <p className={className ?? 'field-error'} role="alert">
        {what} could not be loaded: {messageOf(error)}
        {onRetry && (
          <>
            {' '}
            <button type="button" className="link-button" onClick={onRetry}>
              Try again
            </button>
          </>
        )}
      </p>
    );
  }
  const buttons =
    onRetry || actions ? (
      <>
        {onRetry && (
          <button type="button" className="button" onClick={onRetry}>
            Try again
          </button>
        )}
        {actions}
      </>
    ) : undefined;
  return (
    <EmptyState icon="alert" tone="danger" title={`${what} could not be loaded`} actions={buttons}>
      {messageOf(error)}
    </EmptyState>
  );
}
