import type { FormParams } from './form';
import { strList } from './params';
import type { StripeObject, StripeState } from './state';

export interface RequestContext {
  method: string;
  path: string;
  params: FormParams;
  /** Captures of the route's pattern (the object id, usually). */
  ids: string[];
  state: StripeState;
  requestId: string;
  idempotencyKey?: string;
}

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  pattern: RegExp;
  handler: (ctx: RequestContext) => unknown;
}

/** The answer for one object, with whatever the caller asked to expand. */
export function respond(ctx: RequestContext, value: StripeObject | { object: 'list' }): unknown {
  return ctx.state.expand(value, strList(ctx.params, 'expand') ?? []);
}

/** Emits an event tied to the request that caused it, as Stripe's `event.request` does. */
export function emitFor(ctx: RequestContext, type: string, object: StripeObject, previous?: Record<string, unknown>) {
  ctx.state.emit(type, object, previous, { id: ctx.requestId, idempotencyKey: ctx.idempotencyKey });
}

/** Only the changed keys' old values, as Stripe puts them in `data.previous_attributes`. */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> | undefined {
  const changed: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changed[key] = before[key] ?? null;
  }
  return Object.keys(changed).length ? changed : undefined;
}
