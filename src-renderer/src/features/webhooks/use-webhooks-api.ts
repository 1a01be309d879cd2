import { useMemo } from 'react';
import { useServices } from '../../app/services';
import { webhooksApi, type WebhooksApi } from './webhooks-api';

export function useWebhooksApi(): WebhooksApi {
  const { api } = useServices();
  return useMemo(() => webhooksApi(api), [api]);
}
