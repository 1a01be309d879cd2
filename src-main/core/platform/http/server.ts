import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { apiContext, clientTypeOf } from '../../api/context';
import { httpStatusOf, toTRPCError } from '../../api/errors';
import { appRouter, type AppRouter } from '../../api/router';
import type { Core } from '../../create-core';
import { DomainError } from '../errors';
import { authenticateRequest, enforceRouteLevels, type DeclaredRoute } from './auth';
import { allowedHostsFor, isAllowedHost, isForeignOrigin, publicHostsOf } from './host-guard';
import { routeModules } from './routes';
import { registerTeamServer } from './team-server';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with the trust level it declares (see http/auth.ts). */
    declaredRoutes: DeclaredRoute[];
  }
}

export interface HttpServerOptions {
  host: string;
  port: number;
  /** The built renderer to serve (headless mode); omitted in the desktop app. */
  rendererDir?: string;
  /** Extra Host header values to accept (e.g. a LAN name when bound to 0.0.0.0). */
  extraAllowedHosts?: string[];
  /** Where people reach the console (`https://console.example.com`): its host is admitted, links use it. */
  publicUrl?: string;
  /** Reverse proxies (addresses or CIDRs) whose X-Forwarded-For/-Proto/-Host are believed. */
  trustProxy?: string[];
  /** The bearer token a Prometheus scraper may send to GET /metrics. */
  metricsToken?: string;
  /** True once a shutdown began (/readyz answers 503). */
  draining?: () => boolean;
}

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  port: number;
  /** Readiness goes 503 (the balancer stops sending traffic); requests in flight still finish. */
  startDraining(): void;
  close(): Promise<void>;
}

const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  // Images by address in campaigns and posts (the editor, the preview) are shown; only over https.
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

export async function buildHttpServer(core: Core, options: HttpServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: 1024 * 1024,
    connectionTimeout: 30_000,
    requestTimeout: 30_000,
    // Slow clients that trickle headers are cut off at 10 s instead of holding a socket open. Node
    // checks these timeouts only every connectionsCheckingInterval (30 s by default, so a trickled
    // request lived ~32 s); checking every second cuts it at 10-11 s.
    http: { headersTimeout: 10_000, connectionsCheckingInterval: 1_000 },
    // Only the listed proxies' X-Forwarded-* count: req.ip, req.host and req.protocol are then the
    // client's (rate limits, logs, the Host guard); anyone else's forwarded headers are ignored.
    trustProxy: options.trustProxy?.length ? options.trustProxy : false,
    // A batched tRPC call names its procedures in the path (/trpc/a.b,c.d,…): the default 100
    // characters answered 414 to a page that loads a few queries at once.
    routerOptions: { maxParamLength: 4_096 },
  });
  let allowedHosts = new Set<string>();

  // `content-type: application/json` with no body (a DELETE from many HTTP clients) is a request
  // without a body, not Fastify's 400 "Body cannot be empty"; a route that needs a body says so.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (String(body).trim() === '') return done(null, undefined);
    return parseJson(req, body as string, done);
  });

  // DNS rebinding: a page on evil.example that resolves to 127.0.0.1 still sends its own Host.
  app.addHook('onRequest', async (req, reply) => {
    if (!isAllowedHost(req.host, allowedHosts)) {
      return reply.code(403).send({ error: 'forbidden', message: 'this server only answers to its own host name' });
    }
    // No CORS: browsers may not call the API from other origins, and we refuse it outright.
    if (isForeignOrigin(req.headers.origin, req.host)) {
      return reply.code(403).send({ error: 'forbidden', message: 'cross-origin requests are not accepted' });
    }
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
  });

  app.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
    if (err instanceof DomainError) {
      return reply.code(httpStatusOf(err)).send({ error: err.code, message: err.message, ...(err.details.field ? { field: err.details.field } : {}) });
    }
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) core.logger.error('http request failed', { error: String(err), ip: req.ip });
    return reply.code(status).send({
      error: status === 500 ? 'internal' : 'bad_request',
      message: status === 500 ? 'something went wrong on our side; it has been logged' : err.message,
    });
  });

  const routes = enforceRouteLevels(app, core, options.metricsToken);
  app.decorate('declaredRoutes', routes);

  app.get('/healthz', { config: { level: 'public' } }, async () => ({ ok: true, database: core.database.dialect }));
  // Before tRPC, so that its rate limits and request metrics cover the procedures too.
  await registerTeamServer(app, core, { publicUrl: options.publicUrl, metricsToken: options.metricsToken, draining: options.draining ?? (() => false) });

  await app.register(fastifyTRPCPlugin, {
    prefix: '/api/trpc',
    trpcOptions: {
      router: appRouter,
      createContext: async ({ req, info }) => {
        // An EventSource (events.stream over SSE) cannot send headers: its token comes as tRPC's
        // connectionParams, in the stream's URL, and is checked exactly like the header.
        const streamToken = info.connectionParams?.token;
        const auth = await (streamToken && !req.headers.authorization ? core.services.auth.authenticate(streamToken) : authenticateRequest(core, req)).catch((err: unknown) => {
          throw toTRPCError(err);
        });
        return apiContext(core, auth, clientTypeOf(req.headers['x-client-type'], 'web'));
      },
      onError: ({ error, path }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR') core.logger.error('trpc error', { path, error: error.message });
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });

  for (const register of routeModules) await register(app, core);

  if (options.rendererDir && existsSync(options.rendererDir)) {
    await app.register(fastifyStatic, {
      root: options.rendererDir,
      wildcard: false,
      setHeaders: (reply) => reply.header('content-security-policy', RENDERER_CSP),
    });
    // Client-side routes fall back to the app shell.
    app.setNotFoundHandler((req, reply: FastifyReply) => {
      if (req.method === 'GET' && !req.url.startsWith('/api/')) {
        return reply.header('content-security-policy', RENDERER_CSP).sendFile('index.html');
      }
      return reply.code(404).send({ error: 'not_found', message: `no route for ${req.method} ${req.url.split('?')[0]}` });
    });
  }

  app.addHook('onListen', async () => {
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    allowedHosts = allowedHostsFor(options.host, port, options.extraAllowedHosts);
    for (const name of publicHostsOf(options.publicUrl)) allowedHosts.add(name);
  });

  return app;
}

export async function startHttpServer(core: Core, options: HttpServerOptions): Promise<RunningServer> {
  let draining = false;
  const app = await buildHttpServer(core, { ...options, draining: () => draining });
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  // Links the console shows or sends (sign-in, invites) start with the public URL when there is one.
  const url = options.publicUrl ? options.publicUrl.replace(/\/+$/, '') : `http://${shownHost}:${port}`;
  core.services.session.setPublicOrigin(url);
  return {
    app,
    port,
    url,
    startDraining: () => {
      draining = true;
    },
    close: () => app.close(),
  };
}
