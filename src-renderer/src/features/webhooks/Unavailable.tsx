import { messageOf } from '../../api/errors';
import { EmptyState } from '../../ui/EmptyState';
import { isMissingProcedure } from './webhooks-api';

/** A section whose data could not be loaded: says why, and whether trying again can help. */
export function LoadProblem({ error, what, onRetry }: { error: unknown; what: string; onRetry: () => void }) {
  if (isMissingProcedure(error)) {
    return (
      <EmptyState icon="sparkle" title={`${what} are not available on this console yet`}>
        This console's server does not offer them yet. Update Tenant Console, restart it, and they will appear here.
      </EmptyState>
    );
  }
  return (
    <EmptyState
      icon="alert"
      tone="danger"
      title={`${what} could not be loaded`}
      actions={
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      }
    >
      {messageOf(error)}
    </EmptyState>
  );
}
