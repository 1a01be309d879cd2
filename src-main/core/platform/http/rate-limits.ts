import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Per client IP (the real one behind --trust-proxy), per minute, per kind of public endpoint. */
export const PUBLIC_LIMITS = { signIn: 10, inviteAcceptance: 10, unsubscribe: 30 } as const;
export type LimitedKind = keyof typeof PUBLIC_LIMITS;

const WINDOW_MS = 60_000;

/** Which limit a request counts against: tRPC procedures are matched by their path. */
export function limitedKindOf(url: string): LimitedKind | null {
  const path = url.split('?')[0] ?? '';
  if (path === '/auth/session') return 'signIn';
  if (path.startsWith('/u/')) return 'unsubscribe';
  if (!path.startsWith('/api/trpc/')) return null;
  const procedures = path.slice('/api/trpc/'.length).split(',');
  if (procedures.includes('auth.exchangeSignInCode')) return 'signIn';
  if (procedures.includes('members.acceptInvite')) return 'inviteAcceptance';
  return null;
}

/**
 * Guessing a one-time code or an invite token, or hammering unsubscribe links, is slowed to a few
 * tries a minute per address: 429 with Retry-After. Counts are per instance (in memory); with two
 * instances behind one proxy a client gets at most twice the limit.
 */
export async function registerRateLimits(app: FastifyInstance, limits: Record<LimitedKind, number> = PUBLIC_LIMITS): Promise<void> {
  await app.register(rateLimit, { global: false });
  const handlers = Object.fromEntries(
    (Object.keys(limits) as LimitedKind[]).map((kind) => [
      kind,
      app.rateLimit({
        max: limits[kind],
        timeWindow: WINDOW_MS,
        keyGenerator: (req) => `${kind}:${req.ip}`,
        errorResponseBuilder: (_req, ctx) => Object.assign(new Error(`too many attempts from this address; try again in ${ctx.after}`), { statusCode: ctx.statusCode, limited: true }),
      }),
    ]),
  ) as Record<LimitedKind, (req: FastifyRequest, reply: FastifyReply) => Promise<void>>;

  app.addHook('onRequest', async (req, reply) => {
    const kind = limitedKindOf(req.url);
    if (!kind) return;
    try {
      await handlers[kind](req, reply);
    } catch (err) {
      if (!(err as { limited?: boolean }).limited) throw err;
      return reply.code(429).send({ error: 'too_many_requests', message: (err as Error).message });
    }
  });
}
