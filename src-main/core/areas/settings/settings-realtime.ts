import type { ConnectionTestResult } from '@shared/schemas/settings';
import type { Clock } from '../../platform/clock';
import { DomainError } from '../../platform/errors';
import { sdkGateways, type GatewayFactories } from '../../gateways';
import { ablyErrorMessage } from '../../integrations/ably-check';
import type { RealtimeGateway } from '../../integrations/realtime';
import type { ConsoleSettings } from './settings-store';

/** ABLY_API_KEY and ABLY_ENDPOINT, read once in the composition root; the key from the environment wins. */
export interface RealtimeEnv {
  ablyApiKey?: string;
  ablyEndpoint?: string;
  timeoutMs?: number;
}

export function realtimeEnvFrom(env: Record<string, string | undefined>): RealtimeEnv {
  return { ablyApiKey: env.ABLY_API_KEY?.trim() || undefined, ablyEndpoint: env.ABLY_ENDPOINT?.trim() || undefined };
}

const KEY = 'realtime.ably_api_key';

/** `appId.keyId:…`: the public half, never the secret. */
export const ablyKeyHint = (key: string) => `${key.split(':')[0]}:…`;

/** Settings → Real time: the Ably key the community's live features use (sealed at rest). */
export function settingsRealtimeService(deps: { store: ConsoleSettings; clock: Clock; env: RealtimeEnv; gateways?: Pick<GatewayFactories, 'realtime'> }) {
  const { env, store } = deps;
  const createRealtimeGateway = (deps.gateways ?? sdkGateways).realtime;

  async function key(): Promise<{ value: string; source: 'environment' | 'settings' } | null> {
    if (env.ablyApiKey) return { value: env.ablyApiKey, source: 'environment' };
    const saved = await store.read<string>(KEY);
    return saved ? { value: saved, source: 'settings' } : null;
  }

  async function view() {
    const k = await key();
    return { configured: !!k, source: k?.source ?? null, keyHint: k ? ablyKeyHint(k.value) : null, endpoint: env.ablyEndpoint ?? null, envName: 'ABLY_API_KEY' };
  }

  return {
    get: view,
    /** The key in use, for the community's real-time features. */
    apiKey: async () => (await key())?.value ?? null,

    /** A gateway with the key in use, or null when none is set (the community's live features). */
    async gateway(): Promise<RealtimeGateway | null> {
      const k = await key();
      return k ? createRealtimeGateway({ apiKey: k.value, endpoint: env.ablyEndpoint, timeoutMs: env.timeoutMs }) : null;
    },

    async set(input: { ablyApiKey?: string | null }) {
      if (input.ablyApiKey === undefined) return view();
      if (env.ablyApiKey) throw new DomainError('CONFLICT', 'ablyApiKey: the Ably key comes from ABLY_API_KEY in the environment; change it there', { field: 'ablyApiKey' });
      if (input.ablyApiKey === null) await store.clear(KEY);
      else await store.write(KEY, input.ablyApiKey, true, deps.clock.nowIso());
      return view();
    },

    /** Asks Ably with the key in use; a refusal is the answer, in Ably's words. */
    async test(): Promise<ConnectionTestResult> {
      const k = await key();
      if (!k) throw new DomainError('PRECONDITION_FAILED', 'ablyApiKey: no Ably key is set; paste one in Settings → Real time or set ABLY_API_KEY', { field: 'ablyApiKey' });
      try {
        const { appId } = await createRealtimeGateway({ apiKey: k.value, endpoint: env.ablyEndpoint, timeoutMs: env.timeoutMs }).check();
        return { ok: true, message: `Connected to Ably app ${appId}`, name: appId };
      } catch (err) {
        return { ok: false, message: `Ably: ${ablyErrorMessage(err)}` };
      }
    },
  };
}
export type SettingsRealtimeService = ReturnType<typeof settingsRealtimeService>;
