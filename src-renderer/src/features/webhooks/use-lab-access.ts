import { useApiQuery } from '../../api/use-api-query';
import type { LabAccess } from './types';
import { webhooksApi } from './webhooks-api';

/**
 * What the caller may do on the Webhooks page: the console owner signs with the console's secrets
 * and may send to this console; a tenant ADMIN gets a lab secret and URL targets only. Undefined
 * while loading (the page then offers the narrower choice).
 */
export function useLabAccess(): LabAccess | undefined {
  return useApiQuery('webhook-lab-access', (api, signal) => webhooksApi(api).lab.access(signal)).data;
}
