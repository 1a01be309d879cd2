import type { AreaPlatform } from '../area';
import { ablyAuthService } from './ably-auth';
import { chatService } from './chat';
import { chatListener } from './chat-listener';
import { realtimeDelivery, type AblyConfig } from './delivery';
import { subscribeRealtimeListeners } from './listeners';
import { notificationsService } from './notifications';
import { spacesReader, type SpacesOfPort } from './spaces';

export type { NotifyInput } from './notifications';
export type { AblyConfig } from './delivery';

/** Settings → Real time as this area needs it (the settings area's realtime service fits). */
export interface AblySettingsPort {
  apiKey(): Promise<string | null>;
  get(): Promise<{ endpoint: string | null }>;
}

/** The key and endpoint in use, read afresh each time (the owner changes the key without a restart). */
export const ablyConfigFrom =
  (settings: AblySettingsPort): AblyConfig =>
  async () => {
    const apiKey = await settings.apiKey();
    if (!apiKey) return null;
    const { endpoint } = await settings.get();
    return { apiKey, endpoint: endpoint ?? undefined };
  };

/**
 * Real time (issue 13): the Ably bridge (member tokens from /api/ably-auth, publishing through the
 * outbox, listening to CHAT spaces), in-app notifications and chat history. Without an Ably key the
 * console's own push channel carries the same events to the window.
 */
export function createRealtimeArea(
  platform: AreaPlatform,
  ports: {
    /** Settings → Real time (or ABLY_API_KEY / ABLY_ENDPOINT). */
    ably: AblySettingsPort;
    /** Which spaces a member may use (community.spacesOf); space_members alone when not given. */
    spacesOf?: SpacesOfPort;
  },
) {
  const ablyConfig = ablyConfigFrom(ports.ably);
  const spaces = spacesReader(platform.db, ports.spacesOf);
  const delivery = realtimeDelivery(platform, ablyConfig);
  const notifications = notificationsService(platform, delivery);
  const chat = chatService(platform, { delivery, spaces });
  subscribeRealtimeListeners(platform, { delivery, notifications, spaces });
  const listener = chatListener({ ablyConfig, spaces, chat, logger: platform.logger });
  return {
    /** ports.md item 5: a stored, pushed (and, with a key, published) notification. */
    notify: notifications.notify,
    notifications,
    chat,
    ablyAuth: ablyAuthService({ ablyConfig, spaces, onIssued: () => listener.poke() }),
    /** The console's Ably Realtime listener on CHAT spaces; started with the core. */
    listener,
    start: () => listener.start(),
    stop: () => listener.stop(),
  };
}
export type RealtimeArea = ReturnType<typeof createRealtimeArea>;
