import * as Ably from 'ably';
import type { Role } from '@shared/domain';
import { DomainError } from '../../platform/errors';
import { ablyEndpointOptions } from '../../integrations/ably-check';
import { chatChannel, notificationsChannel, spaceChannel } from './channels';
import type { AblyConfig } from './delivery';
import type { SpacesReader } from './spaces';

/** An Ably TokenRequest as the SDK's `authUrl` expects it back. */
export type AblyTokenRequest = Ably.TokenRequest;

/** How long a member's token lives (Ably's default TTL). */
export const TOKEN_TTL_MS = 60 * 60 * 1000;

/**
 * The capability of one member's token: their own notifications (subscribe) and the spaces they
 * belong to (`space:{id}`: subscribe and presence, never publish: the console's posts go there), and
 * for a CHAT space its chat channel (`space:{id}:chat`: publish, subscribe, presence). Never a
 * wildcard, never another member's channel.
 */
export function capabilityFor(userId: string, spaces: { id: string; type: string }[]): Record<string, Ably.capabilityOp[]> {
  const capability: Record<string, Ably.capabilityOp[]> = { [notificationsChannel(userId)]: ['subscribe'] };
  for (const space of spaces) {
    capability[spaceChannel(space.id)] = ['presence', 'subscribe'];
    if (space.type === 'CHAT') capability[chatChannel(space.id)] = ['presence', 'publish', 'subscribe'];
  }
  return capability;
}

/** GET/POST /api/ably-auth: a TokenRequest signed with the console's key, computed offline (no call to Ably). */
export function ablyAuthService(deps: { ablyConfig: AblyConfig; spaces: SpacesReader; onIssued?: () => void }) {
  return {
    async tokenRequest(caller: { tenantId: string; userId: string; role: Role }): Promise<AblyTokenRequest> {
      const config = await deps.ablyConfig();
      if (!config) {
        throw new DomainError('UNAVAILABLE', 'real time is not set up on this console: the owner sets an Ably key in Settings → Real time (or ABLY_API_KEY)');
      }
      const spaces = await deps.spaces.ofMember(caller.tenantId, caller.userId, caller.role);
      // The member's app connects next: the console makes sure it listens on their CHAT spaces.
      deps.onIssued?.();
      const rest = new Ably.Rest({ key: config.apiKey, useBinaryProtocol: false, logLevel: 0, ...ablyEndpointOptions(config.endpoint) });
      const tokenParams: Ably.TokenParams = { clientId: caller.userId, capability: capabilityFor(caller.userId, spaces), ttl: TOKEN_TTL_MS };
      const authOptions: Ably.AuthOptions = { key: config.apiKey, queryTime: false };
      return await rest.auth.createTokenRequest(tokenParams, authOptions);
    },
  };
}
