import { EmptyState } from '../../ui/EmptyState';
import { isMissingProcedure } from './webhooks-api';
import { LoadFailed } from '../../ui/LoadFailed';

/** A section whose data could not be loaded: says why, and whether trying again can help. */
export function LoadProblem({ error, what, onRetry }: { error: unknown; what: string; onRetry: () => void }) {
  if (isMissingProcedure(error)) {
    return (
      <EmptyState icon="sparkle" title={`${what} are not available on this console yet`}>
        This console's server does not offer them yet. Update Tenant Console, restart it, and they will appear here.
      </EmptyState>
    );
  }
  return <LoadFailed what={what} error={error} onRetry={onRetry} />;
}
