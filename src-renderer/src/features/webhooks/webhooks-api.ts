import type { ApiClient, RouterInputs } from '../../api/types';
import { errorCode } from '../../api/errors';
import type { LabTarget, OutgoingEvent, Provider } from './types';

type Signal = AbortSignal | undefined;
type In = RouterInputs['webhooks'];

/** The server answered that it has no such procedure: an older core than this page. */
export function isMissingProcedure(err: unknown): boolean {
  return errorCode(err) === 'NOT_FOUND' && /no .*procedure.* on path/i.test(err instanceof Error ? err.message : '');
}

/** Everything the Webhooks page asks of the core, in the page's words. */
export function webhooksApi(api: ApiClient) {
  const w = api.webhooks;
  return {
    events: {
      list: (input: In['list'], signal?: Signal) => w.list.query(input, { signal }),
      get: (id: string, signal?: Signal) => w.get.query({ id }, { signal }),
      retry: (id: string) => w.retry.mutate({ id }),
    },
    signingSecrets: {
      get: (signal?: Signal) => w.signingSecrets.query(undefined, { signal }),
      set: (provider: Provider, secrets: string[]) => w.setSigningSecrets.mutate({ provider, secrets }),
    },
    lab: {
      /** How this caller's lab signs and where it may send (owner: console secrets and self). */
      access: (signal?: Signal) => w.lab.access.query(undefined, { signal }),
      templates: (signal?: Signal) => w.lab.templates.query(undefined, { signal }),
      /** `payload` is JSON text, sent byte for byte as written. */
      send: (input: { provider: Provider; payload: string; target: LabTarget }) => w.lab.send.mutate(input),
      replay: (input: { eventId: string; target: LabTarget }) => w.lab.replay.mutate(input),
    },
    forward: {
      get: (signal?: Signal) => w.forward.get.query(undefined, { signal }),
      set: (url: string | null) => w.forward.set.mutate({ url }),
    },
    reconcile: {
      preview: (provider: Provider, signal?: Signal) => w.reconcile.preview.query({ provider }, { signal }),
      run: (provider: Provider) => w.reconcile.run.mutate({ provider }),
    },
    endpoints: {
      list: (signal?: Signal) => w.endpoints.list.query(undefined, { signal }),
      create: (input: { url: string; events: OutgoingEvent[]; description?: string }) => w.endpoints.create.mutate(input),
      update: (input: In['endpoints']['update']) => w.endpoints.update.mutate(input),
      remove: (id: string) => w.endpoints.delete.mutate({ id }),
      rotateSecret: (id: string) => w.endpoints.rotateSecret.mutate({ id }),
    },
    deliveries: {
      list: (endpointId: string, signal?: Signal) => w.deliveries.list.query({ endpointId, limit: 50 }, { signal }),
      get: (id: string, signal?: Signal) => w.deliveries.get.query({ id }, { signal }),
      resend: (id: string) => w.deliveries.resend.mutate({ id }),
    },
  };
}
export type WebhooksApi = ReturnType<typeof webhooksApi>;
