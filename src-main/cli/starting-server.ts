import { createServer, type Server } from 'node:http';

/**
 * Listens while the console starts (waiting for another instance's migrations, running its own):
 * /healthz says the process is alive, /readyz and everything else answer 503 with Retry-After, so
 * a load balancer or compose's health check waits instead of seeing a refused connection.
 */
export async function startStartingServer(host: string, port: number): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const alive = path === '/healthz';
    res.writeHead(alive ? 200 : 503, { 'content-type': 'application/json', ...(alive ? {} : { 'retry-after': '1' }) });
    res.end(JSON.stringify(alive ? { ok: true, starting: true } : { ready: false, reason: 'starting: the database schema is being brought up to date' }));
  });
  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(port, host, () => res());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () =>
      new Promise<void>((res) => {
        server.close(() => res());
        server.closeAllConnections();
      }),
  };
}
