import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WorkKindSummary } from '../jobs/summary';

/** Seconds; webhook acknowledgements should land in the first few. */
const ACK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/**
 * What /metrics reports for this process: requests by route and status, and how long provider
 * webhooks waited for their 2xx (the ledger commit is inside it). The queue comes from the database
 * (every process's jobs), so any instance's /metrics shows the same queue.
 */
export function createHttpMetrics() {
  const requests = new Map<string, number>();
  const acks = new Map<string, Histogram>();

  /** A tRPC batch counts once per procedure; other routes by their pattern, never the raw URL. */
  function routesOf(req: FastifyRequest): string[] {
    const pattern = req.routeOptions.url;
    if (pattern?.startsWith('/api/trpc')) {
      const path = (req.url.split('?')[0] ?? '').slice('/api/trpc/'.length);
      return path ? path.split(',').map((p) => `/api/trpc/${p}`) : ['/api/trpc'];
    }
    return [pattern ?? 'unmatched'];
  }

  return {
    observe(req: FastifyRequest, reply: FastifyReply): void {
      for (const route of routesOf(req)) {
        const key = `${req.method}\u0000${route}\u0000${reply.statusCode}`;
        requests.set(key, (requests.get(key) ?? 0) + 1);
      }
      if (req.routeOptions.config.level === 'signature' && reply.statusCode < 300) {
        const provider = (req.routeOptions.url ?? '').split('/').pop() ?? 'unknown';
        const h = acks.get(provider) ?? { counts: ACK_BUCKETS.map(() => 0), sum: 0, count: 0 };
        const seconds = reply.elapsedTime / 1000;
        ACK_BUCKETS.forEach((b, i) => {
          if (seconds <= b) h.counts[i]! += 1;
        });
        h.sum += seconds;
        h.count += 1;
        acks.set(provider, h);
      }
    },

    /** The Prometheus text exposition format (version 0.0.4). */
    render(queue: WorkKindSummary[]): string {
      const out: string[] = [];
      out.push('# HELP tenant_console_http_requests_total HTTP requests answered, by route and status.');
      out.push('# TYPE tenant_console_http_requests_total counter');
      for (const [key, n] of requests) {
        const [method, route, status] = key.split('\u0000') as [string, string, string];
        out.push(`tenant_console_http_requests_total{method="${method}",route="${esc(route)}",status="${status}"} ${n}`);
      }
      out.push('# HELP tenant_console_webhook_ack_seconds Time from receiving a provider webhook to its 2xx (stored in the ledger first).');
      out.push('# TYPE tenant_console_webhook_ack_seconds histogram');
      for (const [provider, h] of acks) {
        ACK_BUCKETS.forEach((b, i) => out.push(`tenant_console_webhook_ack_seconds_bucket{provider="${esc(provider)}",le="${b}"} ${h.counts[i]}`));
        out.push(`tenant_console_webhook_ack_seconds_bucket{provider="${esc(provider)}",le="+Inf"} ${h.count}`);
        out.push(`tenant_console_webhook_ack_seconds_sum{provider="${esc(provider)}"} ${h.sum}`);
        out.push(`tenant_console_webhook_ack_seconds_count{provider="${esc(provider)}"} ${h.count}`);
      }
      const gauge = (name: string, help: string, value: (q: WorkKindSummary) => number) => {
        out.push(`# HELP ${name} ${help}`);
        out.push(`# TYPE ${name} gauge`);
        for (const q of queue) out.push(`${name}{kind="${q.workKind}"} ${value(q)}`);
      };
      gauge('tenant_console_jobs_queued', 'Jobs waiting (due now or later), across every instance on this database.', (q) => q.queued);
      gauge('tenant_console_jobs_due', 'Jobs due now and not yet started.', (q) => q.due);
      gauge('tenant_console_jobs_oldest_due_age_seconds', 'How long the oldest due job has waited past its run time.', (q) => q.oldestDueAgeMs / 1000);
      gauge('tenant_console_jobs_running', 'Jobs running now, on any instance.', (q) => q.running);
      gauge('tenant_console_jobs_failed', 'Jobs that failed for good.', (q) => q.failed);
      return `${out.join('\n')}\n`;
    },
  };
}
export type HttpMetrics = ReturnType<typeof createHttpMetrics>;
