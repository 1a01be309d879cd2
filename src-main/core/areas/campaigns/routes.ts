import type { FastifyInstance } from 'fastify';
import type { Core } from '../../create-core';
import { escapeHtml } from './render';

const page = (title: string, body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;background:#f4f4f5;color:#18181b;margin:0}main{max-width:480px;margin:64px auto;background:#fff;border-radius:8px;padding:32px}h1{font-size:22px;margin:0 0 12px}button{font:inherit;background:#4f46e5;color:#fff;border:0;border-radius:6px;padding:10px 18px;cursor:pointer}</style></head>
<body><main>${body}</main></body></html>`;

const notFoundPage = page('Link not found', '<h1>This link does not work</h1><p>It may be incomplete or from a message that was deleted. You can reply to the email to ask to be removed.</p>');

/**
 * Public routes a recipient reaches from a campaign message (no sign-in):
 * GET /u/:token shows a confirmation (link scanners follow GETs, so a GET changes nothing);
 * POST /u/:token unsubscribes at once (RFC 8058 one-click: body `List-Unsubscribe=One-Click`, or
 * the confirmation page's button); GET /c/:token redirects a tracked click to the message's link.
 */
export async function campaignRoutes(app: FastifyInstance, core: Core): Promise<void> {
  await app.register(async (scope) => {
    // One-click clients post a form; what it says does not matter (the token decides).
    scope.addContentTypeParser(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'], { parseAs: 'string', bodyLimit: 16 * 1024 }, (_req, body, done) => done(null, body));
    const service = () => core.services.campaigns.unsubscribe;

    scope.get<{ Params: { token: string } }>('/u/:token', { config: { level: 'public' } }, async (req, reply) => {
      const info = await service().tokenInfo(req.params.token);
      reply.header('cache-control', 'no-store').type('text/html; charset=utf-8');
      if (!info) return reply.code(404).send(notFoundPage);
      if (info.unsubscribed) return reply.send(page('Unsubscribed', `<h1>You are unsubscribed</h1><p>${escapeHtml(info.email)} no longer gets emails from ${escapeHtml(info.communityName)}.</p>`));
      return reply.send(
        page(
          'Unsubscribe',
          `<h1>Unsubscribe from ${escapeHtml(info.communityName)}?</h1><p>${escapeHtml(info.email)} will no longer get campaign emails from ${escapeHtml(info.communityName)}.</p>
<form method="post" action="/u/${escapeHtml(req.params.token)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
        ),
      );
    });

    scope.post<{ Params: { token: string } }>('/u/:token', { config: { level: 'public' } }, async (req, reply) => {
      const done = await service().unsubscribe(req.params.token, typeof req.body === 'string' && req.body.includes('List-Unsubscribe=One-Click') ? 'one-click' : 'link');
      reply.header('cache-control', 'no-store').type('text/html; charset=utf-8');
      if (!done) return reply.code(404).send(notFoundPage);
      return reply.send(page('Unsubscribed', `<h1>You are unsubscribed</h1><p>${escapeHtml(done.email)} will no longer get campaign emails from ${escapeHtml(done.communityName)}.</p>`));
    });

    scope.get<{ Params: { token: string }; Querystring: { u?: string; s?: string } }>('/c/:token', { config: { level: 'public' } }, async (req, reply) => {
      const target = await service().click(req.params.token, String(req.query.u ?? ''), String(req.query.s ?? ''));
      if (!target) return reply.code(404).type('text/html; charset=utf-8').send(notFoundPage);
      return reply.redirect(target, 302);
    });
  });
}
