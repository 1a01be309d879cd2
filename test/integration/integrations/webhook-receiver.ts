import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookSignatureError } from '../../../src-main/core/integrations/webhook-signature-error';

export interface Received {
  rawBody: Buffer;
  headers: IncomingHttpHeaders;
}

/**
 * A bare HTTP endpoint for the fakes to deliver to. `verify` gets the exact raw bytes and headers;
 * a WebhookSignatureError becomes 400 with its reason, anything else 500, success 200 with
 * whatever `verify` returned. Stands in for the real listener, which is not this suite's subject.
 */
export async function startWebhookReceiver(verify: (r: Received) => unknown) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { rawBody: Buffer.concat(chunks), headers: req.headers };
      received.push(r);
      let status = 200;
      let body: unknown;
      try {
        body = { ok: true, result: verify(r) };
      } catch (err) {
        status = err instanceof WebhookSignatureError ? 400 : 500;
        body = { error: err instanceof WebhookSignatureError ? err.reason : String(err) };
      }
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/webhooks/test`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
