import type { AddressInfo } from 'node:net';
import { isLoopbackAddress, type TargetAllowance } from './outgoing/url-policy';

/** The loopback origin a server bound to this address answers on. */
export function loopbackOrigin(address: AddressInfo): string {
  const host = address.address;
  if (host === '0.0.0.0' || host === '::' || host === '') return `http://127.0.0.1:${address.port}`;
  return host.includes(':') ? `http://[${host}]:${address.port}` : `http://${host}:${address.port}`;
}

/** Who is asking for an outgoing request: the console owner, or an ADMIN of one tenant. */
export interface TargetCaller {
  tenantId: string;
  isConsoleOwner: boolean;
}

/**
 * Where the console's HTTP server listens (set by lab/self-address.ts while it does). It decides
 * two things: the lab's "self" origin, and whether a tenant ADMIN may target loopback and private
 * networks, which they may only while the console is reachable from this machine alone.
 */
export function consoleListenAddress() {
  let address: AddressInfo | null = null;
  const loopbackOnly = () => !address || isLoopbackAddress(address.address);
  return {
    set(next: AddressInfo | null): void {
      address = next;
    },
    /** The origin "send to self" uses; null while no server listens. */
    selfOrigin: (): string | null => (address ? loopbackOrigin(address) : null),
    /** True while no server listens or it listens on a loopback address only. */
    loopbackOnly,
    /** What this caller may reach: the owner anything allowed; a tenant ADMIN private networks on loopback only. */
    allowanceFor(caller: Pick<TargetCaller, 'isConsoleOwner'>): TargetAllowance {
      return { privateNetworks: caller.isConsoleOwner || loopbackOnly() };
    },
  };
}
export type ConsoleListenAddress = ReturnType<typeof consoleListenAddress>;
