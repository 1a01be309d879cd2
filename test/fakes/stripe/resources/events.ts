import { invalidParam } from '../errors';
import { allowOnly, createdFilter, str, strList } from '../params';
import { respond, type Route } from '../router';

/** `customer.subscription.*` matches every subscription event, as in Stripe. */
function typeMatcher(pattern: string): (type: string) => boolean {
  if (pattern.endsWith('.*')) {
    const prefix = pattern.slice(0, -1);
    return (type) => type.startsWith(prefix);
  }
  return (type) => type === pattern;
}

export const eventRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/v1\/events\/([^/]+)$/,
    handler: (ctx) => respond(ctx, ctx.state.require('event', ctx.ids[0] as string)),
  },
  {
    method: 'GET',
    pattern: /^\/v1\/events$/,
    handler(ctx) {
      const p = ctx.params;
      allowOnly(p, ['type', 'types', 'created', 'delivery_success', 'limit', 'starting_after', 'ending_before']);
      const type = str(p, 'type');
      const types = strList(p, 'types');
      if (type && types) throw invalidParam('types', 'You may only specify one of these parameters: type, types.');
      if (types && types.length > 20) throw invalidParam('types', 'You can pass at most 20 types.');
      const matchers = (types ?? (type ? [type] : [])).map(typeMatcher);
      const created = createdFilter(p);
      return respond(
        ctx,
        ctx.state.list('event', p, '/v1/events', (o) =>
          (matchers.length === 0 || matchers.some((m) => m(o.type as string))) && (!created || created(o.created)),
        ),
      );
    },
  },
];
