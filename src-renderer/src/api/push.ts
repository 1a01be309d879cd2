import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSubscription } from '@trpc/tanstack-react-query';
import type { PushMessage, PushTopic } from '@shared/push';
import { useTRPC } from './query';

type Trpc = ReturnType<typeof useTRPC>;

/** The queries each kind of pushed change makes stale. */
function filtersFor(trpc: Trpc, message: PushMessage) {
  const byTopic: Record<PushTopic, { queryKey: readonly unknown[] }[]> = {
    webhooks: [trpc.webhooks.list.pathFilter(), trpc.webhooks.get.pathFilter()],
    deliveries: [trpc.webhooks.deliveries.pathFilter(), trpc.webhooks.endpoints.list.pathFilter()],
    // Member counts: the sidebar's (tenants.list) and every list and total of members.
    members: [trpc.members.list.pathFilter(), trpc.members.get.pathFilter(), trpc.tenants.list.pathFilter(), trpc.segments.count.pathFilter()],
    imports: [message.id ? trpc.members.import.get.queryFilter({ importId: message.id }) : trpc.members.import.get.pathFilter()],
    bulk: [message.id ? trpc.members.bulk.get.queryFilter({ id: message.id }) : trpc.members.bulk.get.pathFilter()],
    jobs: [trpc.events.queue.pathFilter(), trpc.events.consoleQueue.pathFilter()],
    // The providers' sync state (sidebar, Webhooks page, Settings → Providers) and local changes waiting.
    billingSync: [trpc.webhooks.sync.pathFilter()],
    notifications: [trpc.notifications.list.pathFilter()],
    chat: [trpc.chat.list.pathFilter()],
    packages: [trpc.packages.list.pathFilter()],
    // MRR, movements and the rest after a read model moved (the dashboard's Revenue card, the Analytics page).
    analytics: [trpc.analytics.pathFilter()],
    community: [trpc.posts.pathFilter(), trpc.comments.pathFilter(), trpc.moderation.pathFilter(), trpc.spaces.pathFilter()],
    automations: [trpc.automations.list.pathFilter(), trpc.automations.get.pathFilter(), trpc.automations.runs.pathFilter()],
    campaigns: [trpc.campaigns.pathFilter(), trpc.members.get.pathFilter()],
  };
  return byTopic[message.topic];
}

/** Reads made with useApiQuery (api/use-api-query.ts), by the start of their key, that each topic makes stale. */
const API_KEYS_BY_TOPIC: Partial<Record<PushTopic, string[]>> = {
  members: ['member:', 'member-counts:', 'entitlements:', 'segments:', 'dashboard-setup:'],
  webhooks: ['webhook-event:', 'dashboard-setup:'],
  packages: ['dashboard-setup:', 'what-if:'],
};

export function invalidateFor(queryClient: QueryClient, trpc: Trpc, message: PushMessage): void {
  for (const filter of filtersFor(trpc, message)) void queryClient.invalidateQueries(filter);
  const prefixes = API_KEYS_BY_TOPIC[message.topic];
  if (prefixes) {
    void queryClient.invalidateQueries({
      predicate: ({ queryKey }) => queryKey[0] === 'api' && typeof queryKey[1] === 'string' && prefixes.some((p) => (queryKey[1] as string).startsWith(p)),
    });
  }
}

/** The first start finds fresh queries; every later one (a reconnect) reads them all again. */
function invalidateOnRestart(queryClient: QueryClient): () => void {
  let startedBefore = false;
  return () => {
    if (startedBefore) void queryClient.invalidateQueries();
    startedBefore = true;
  };
}

/**
 * Listens to events.stream while the workspace is open and invalidates the queries each change
 * concerns. When the stream starts again (after the connection dropped), everything is read
 * again: changes made meanwhile were not heard.
 */
export function usePushInvalidation(): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [onStarted] = useState(() => invalidateOnRestart(queryClient));
  useSubscription(
    trpc.events.stream.subscriptionOptions(undefined, {
      onStarted,
      onData: (message) => invalidateFor(queryClient, trpc, message),
    }),
  );
}
