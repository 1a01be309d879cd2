import * as Ably from 'ably';
import { ablyEndpointOptions } from '../../integrations/ably-check';
import type { Logger } from '../../platform/logger';
import { chatChannel } from './channels';
import type { ChatService } from './chat';
import type { AblyConfig } from './delivery';
import type { SpacesReader } from './spaces';

/** How often the console looks for new CHAT spaces and a changed key. */
const REFRESH_MS = 30_000;

/**
 * The console listens on every CHAT space's chat channel (`space:{id}:chat`) over Ably Realtime (when a key is set) and
 * keeps the messages it hears, so chat history outlives Ably's two-minute retention. It looks for
 * new CHAT spaces and a changed key every 30 s, and at once on `refresh()`.
 */
export function chatListener(deps: { ablyConfig: AblyConfig; spaces: SpacesReader; chat: ChatService; logger: Logger; refreshMs?: number }) {
  let client: Ably.Realtime | null = null;
  let clientKey = '';
  const attached = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;

  function closeClient() {
    client?.close();
    client = null;
    clientKey = '';
    attached.clear();
  }

  async function refreshOnce(): Promise<void> {
    const config = await deps.ablyConfig();
    const key = config ? `${config.apiKey} ${config.endpoint ?? ''}` : '';
    if (key !== clientKey) closeClient();
    if (!config) return;
    if (!client) {
      client = new Ably.Realtime({
        key: config.apiKey,
        clientId: 'tenant-console',
        useBinaryProtocol: false,
        echoMessages: true,
        logLevel: 0,
        ...ablyEndpointOptions(config.endpoint),
      });
      clientKey = key;
      client.connection.on('failed', (change) => deps.logger.warn('Ably Realtime connection failed', { reason: change.reason?.message ?? 'unknown' }));
    }
    const realtime = client;
    const waits: Promise<unknown>[] = [];
    for (const spaceId of await deps.spaces.chatSpaceIds()) {
      if (attached.has(spaceId)) continue;
      attached.add(spaceId);
      const channel = realtime.channels.get(chatChannel(spaceId));
      waits.push(
        channel
          .subscribe('message', (message) => {
            deps.chat
              .heard(spaceId, { id: message.id ?? '', clientId: message.clientId, name: message.name, data: message.data, timestamp: message.timestamp })
              .catch((err: unknown) => deps.logger.error('chat message heard but not stored', { spaceId, error: String(err) }));
          })
          .catch((err: unknown) => {
            attached.delete(spaceId);
            deps.logger.warn('could not attach to a chat channel', { spaceId, error: String(err) });
          }),
      );
    }
    await Promise.all(waits);
  }

  return {
    /** Looks again now (a new CHAT space, a new key); resolves once new channels are attached or refused. */
    refresh(): Promise<void> {
      running ??= refreshOnce()
        .catch((err: unknown) => deps.logger.warn('chat listener refresh failed', { error: String(err) }))
        .finally(() => (running = null));
      return running;
    },
    /** Looks again soon if the listener runs (a member asked for a token: a new CHAT space may be in use). */
    poke(): void {
      if (timer) void this.refresh();
    },
    start(): void {
      if (timer) return;
      void this.refresh();
      timer = setInterval(() => void this.refresh(), deps.refreshMs ?? REFRESH_MS);
      timer.unref();
    },
    /** The channels listened to now (for tests and diagnostics). */
    channels: () => [...attached].map(chatChannel),
    stop(): void {
      if (timer) clearInterval(timer);
      timer = undefined;
      closeClient();
    },
  };
}
export type ChatListener = ReturnType<typeof chatListener>;
