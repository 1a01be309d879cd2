// The webhook bench's load generator, in a worker thread so that sending, signing and timing do not
// share an event loop with the server under test. Each run sends every body once, signed with the
// Stripe SDK's test header at the moment it is sent, over at most `connections` keep-alive
// connections, in one of two ways:
//
//   closed loop (no rate)   each connection sends its next event when the last one was answered:
//                           the most the server can take; latency from the request to its answer.
//   open loop (a rate)      events are due at a fixed rate, as a provider sends them, whether or not
//                           the server keeps up; latency from when the event was due, so that a stall
//                           counts for every event that arrived during it (no coordinated omission).

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
  /** Events per second, due at fixed intervals (open loop); absent: closed loop. */
  ratePerSecond?: number;
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
  const record = (status: number, took: number) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status !== 0) latencies[answered++] = took;
  };

  if (job.ratePerSecond !== undefined) {
    const interval = 1000 / job.ratePerSecond;
    const inFlight: Promise<void>[] = [];
    while (next < job.bodies.length && !(job.maxMs !== undefined && performance.now() - started > job.maxMs)) {
      // Everything due by now goes out now (the agent queues what its connections cannot take yet).
      while (next < job.bodies.length && started + next * interval <= performance.now()) {
        const due = started + next * interval;
        inFlight.push(send(job.bodies[next++]!).then((status) => record(status, performance.now() - due)));
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + next * interval - performance.now())));
    }
    await Promise.all(inFlight);
    const elapsedMs = performance.now() - started;
    agent.destroy();
    return { latencies: latencies.slice(0, answered), sent: next, statuses, elapsedMs, firstError };
  }

  const connection = async () => {
    for (;;) {
      if (job.maxMs !== undefined && performance.now() - started > job.maxMs) return;
      const k = next++;
      if (k >= job.bodies.length) return;
      const t0 = performance.now();
      record(await send(job.bodies[k]!), performance.now() - t0);
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
