import { CLIENT_TYPES, type ClientType } from '@shared/domain';
import type { Core } from '../create-core';
import type { AuthContext } from '../areas/identity/auth';
import type { ApiContext } from './trpc';

export function clientTypeOf(header: string | string[] | undefined, fallback: ClientType): ClientType {
  const value = Array.isArray(header) ? header[0] : header;
  return CLIENT_TYPES.find((t) => t === value) ?? fallback;
}

export function apiContext(core: Core, auth: AuthContext | null, clientType: ClientType): ApiContext {
  return { services: core.services, logger: core.logger, auth, clientType };
}
