import { useApiQuery } from '../../api/use-api-query';

/** The setup checklist's state from dashboard.setup: what exists, never what was clicked. */
export function useSetup(tenantId: string) {
  return useApiQuery(`dashboard-setup:${tenantId}`, (api, signal) => api.dashboard.setup.query(undefined, { signal }));
}
