// The webhook bench's load generator, in a worker thread so that sending, signing and timing do not
// share an event loop with the server under test. Each run sends every body once, signed with the
// Stripe SDK's test header at the moment it is sent, over `connections` keep-alive connections
// (closed loop: each connection sends its next event when the last one was answered), and reports
// each request's latency from the first byte written to the last byte of the answer.

import http from 'node:http';
import { parentPort } from 'node:worker_threads';
import Stripe from 'stripe';

export interface LoadRun {
  url: string;
  bodies: string[];
  secret: string;
  connections: number;
  timeoutMs: number;
  /** Stop starting new requests after this long (those under way are still answered). */
  maxMs?: number;
}

export interface LoadResult {
  /** Milliseconds per answered request, in the order they were answered. */
  latencies: Float64Array;
  /** How many bodies were sent (all of them unless maxMs stopped the run early). */
  sent: number;
  /** HTTP status → count; 0 counts requests that got no answer (error or timeout). */
  statuses: Record<number, number>;
  elapsedMs: number;
  firstError: string | null;
}

const stripe = new Stripe('sk_bench_unused');

async function run(job: LoadRun): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.connections });
  const target = new URL('/api/webhooks/stripe', job.url);
  const latencies = new Float64Array(job.bodies.length);
  const statuses: Record<number, number> = {};
  let answered = 0;
  let next = 0;
  let firstError: string | null = null;

  const send = (body: string) =>
    new Promise<number>((resolve) => {
      const signature = stripe.webhooks.generateTestHeaderString({ payload: body, secret: job.secret });
      const req = http.request(target, {
        method: 'POST',
        agent,
        timeout: job.timeoutMs,
        headers: {
          host: target.host,
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'stripe-signature': signature,
        },
      });
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('timeout', () => req.destroy(new Error(`no answer in ${job.timeoutMs} ms`)));
      req.on('error', (err) => {
        firstError ??= err.message;
        resolve(0);
      });
      req.end(body);
    });

  const started = performance.now();
  const connection = async () => {
    for (;;) {
      if (job.maxMs !== undefined && performance.now() - started > job.maxMs) return;
      const k = next++;
      if (k >= job.bodies.length) return;
      const t0 = performance.now();
      const status = await send(job.bodies[k]!);
      const took = performance.now() - t0;
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status !== 0) latencies[answered++] = took;
    }
  };
  await Promise.all(Array.from({ length: job.connections }, connection));
  const elapsedMs = performance.now() - started;
  agent.destroy();
  return { latencies: latencies.slice(0, answered), sent: Math.min(next, job.bodies.length), statuses, elapsedMs, firstError };
}

parentPort?.on('message', (job: LoadRun) => {
  run(job).then(
    (result) => parentPort!.postMessage(result, [result.latencies.buffer as ArrayBuffer]),
    (err: unknown) => parentPort!.postMessage({ error: String(err) }),
  );
});
