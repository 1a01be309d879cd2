import type { Core } from '../core/create-core';
import { startHttpServer, type HttpServerOptions, type RunningServer } from '../core/platform/http/server';

export const DEFAULT_PORT = 4580;

/** TENANT_CONSOLE_PORT, or the default; a bad value is an error naming the variable. */
export function portFromEnv(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_PORT;
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || port > 65535) {
    throw new Error(`TENANT_CONSOLE_PORT must be a port number from 0 to 65535 (got "${value}")`);
  }
  return port;
}

/**
 * The loopback server webhooks and API clients call. If the chosen port is taken (another console,
 * another app), the desktop still starts, on a port the OS picks, and says where.
 */
export async function startLocalServer(
  core: Core,
  port: number,
  start: (core: Core, options: HttpServerOptions) => Promise<RunningServer> = startHttpServer,
): Promise<RunningServer> {
  const host = '127.0.0.1';
  try {
    const server = await start(core, { host, port });
    core.logger.info('local server listening', { url: server.url });
    return server;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw err;
    const server = await start(core, { host, port: 0 });
    core.logger.warn(`port ${port} is taken; the local server listens on ${server.url} instead`, { url: server.url, wantedPort: port });
    return server;
  }
}
