import * as Ably from 'ably';
import { ablyEndpointOptions } from './ably-check';

export interface RealtimeGatewayOptions {
  apiKey: string;
  /** ABLY_ENDPOINT: a routing policy or host name as Ably takes it, or a full URL (a local fake). */
  endpoint?: string;
  timeoutMs?: number;
}

/** The port the community's live features publish through; Ably's Rest client by default. */
export interface RealtimeGateway {
  /** Proves the key: a refusal rejects in Ably's own words (`Invalid key in request`). */
  check(): Promise<{ appId: string; serverTime: number }>;
  /** One message on one channel; with an `id` (`<base>:<index>`), Ably keeps only the first publish of it. */
  publish(channel: string, message: { name: string; data: unknown; id?: string }): Promise<void>;
}

export function createAblyRealtimeGateway(options: RealtimeGatewayOptions): RealtimeGateway {
  const client = new Ably.Rest({
    key: options.apiKey,
    useBinaryProtocol: false,
    logLevel: 0,
    httpRequestTimeout: options.timeoutMs ?? 10_000,
    httpMaxRetryCount: 0,
    ...ablyEndpointOptions(options.endpoint),
  });
  return {
    async check() {
      // Unlike `time()`, stats need the key, so a wrong key is refused rather than ignored.
      await client.stats({ limit: 1 });
      const serverTime = await client.time();
      return { appId: options.apiKey.split('.')[0] ?? '', serverTime };
    },
    async publish(channel, message) {
      await client.channels.get(channel).publish(message.id ? { name: message.name, data: message.data, id: message.id } : { name: message.name, data: message.data });
    },
  };
}
