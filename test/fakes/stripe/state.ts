import { randomBytes } from 'node:crypto';
import { invalidParam, noSuch } from './errors';
import type { FormParams } from './form';
import { int, str } from './params';

/** A Stripe object as it goes over the wire. The fake keeps them as plain JSON values. */
export type StripeObject = { id: string; object: string; created: number; [key: string]: unknown };

export const API_VERSION = '2026-10-28.endive';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function stripeId(prefix: string, length = 14): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return `${prefix}_${out}`;
}

interface Row {
  seq: number;
  object: StripeObject;
  /** What the API does not return but the fake needs (a session's line items, say). */
  hidden: Record<string, unknown>;
}

export interface ListPage {
  object: 'list';
  data: StripeObject[];
  has_more: boolean;
  url: string;
}

/** The fake account's state: every object by id, in creation order, and the event log. */
export class StripeState {
  private rows = new Map<string, Row>();
  private seq = 0;
  private clockOffsetMs = 0;

  nowSeconds(): number {
    return Math.floor((Date.now() + this.clockOffsetMs) / 1000);
  }

  advanceClock(seconds: number): void {
    this.clockOffsetMs += seconds * 1000;
  }

  insert<T extends StripeObject>(object: T, hidden: Record<string, unknown> = {}): T {
    this.rows.set(object.id, { seq: ++this.seq, object, hidden });
    return object;
  }

  get(id: string): StripeObject | undefined {
    return this.rows.get(id)?.object;
  }

  hidden(id: string): Record<string, unknown> {
    return this.rows.get(id)?.hidden ?? {};
  }

  /** The object of that kind, or Stripe's 404 (or 400 when the id came in a parameter). */
  require(kind: string, id: string, param = 'id', status = 404): StripeObject {
    const found = this.rows.get(id)?.object;
    if (!found || found.object !== kind) throw noSuch(kind.replace('checkout.session', 'checkout session'), id, param, status);
    return found;
  }

  all(kind: string): StripeObject[] {
    return [...this.rows.values()].filter((r) => r.object.object === kind).map((r) => r.object);
  }

  /** Records an event as Stripe does after a state change; the object is snapshotted. */
  emit(type: string, object: StripeObject, previousAttributes?: Record<string, unknown>, request?: { id: string; idempotencyKey?: string }): StripeObject {
    const data: Record<string, unknown> = { object: structuredClone(object) };
    if (previousAttributes) data.previous_attributes = previousAttributes;
    return this.insert({
      id: stripeId('evt', 24),
      object: 'event',
      api_version: API_VERSION,
      created: this.nowSeconds(),
      data,
      livemode: false,
      pending_webhooks: 0,
      request: { id: request?.id ?? null, idempotency_key: request?.idempotencyKey ?? null },
      type,
    });
  }

  /**
   * Stripe's list semantics: newest first; `starting_after` pages toward older objects,
   * `ending_before` toward newer ones (the page still newest first); `limit` 1–100, default 10.
   * The cursor is placed by its position in the whole collection, so it works under filters too.
   */
  list(kind: string, params: FormParams, url: string, filter: (o: StripeObject) => boolean = () => true): ListPage {
    const limit = int(params, 'limit') ?? 10;
    if (limit < 1 || limit > 100) throw invalidParam('limit', 'This value must be greater than or equal to 1 and less than or equal to 100.', 'parameter_invalid_integer');
    const startingAfter = str(params, 'starting_after');
    const endingBefore = str(params, 'ending_before');
    if (startingAfter && endingBefore) {
      throw invalidParam('ending_before', 'You may only specify one of these parameters: ending_before, starting_after.', 'parameter_invalid_empty');
    }
    const newestFirst = (a: Row, b: Row) => b.object.created - a.object.created || b.seq - a.seq;
    const rows = [...this.rows.values()].filter((r) => r.object.object === kind && filter(r.object)).sort(newestFirst);
    const cursorRow = (id: string, param: string) => {
      const row = this.rows.get(id);
      if (!row || row.object.object !== kind) throw noSuch(kind, id, param, 400);
      return row;
    };
    let page: Row[];
    let hasMore: boolean;
    if (startingAfter) {
      const cursor = cursorRow(startingAfter, 'starting_after');
      const older = rows.filter((r) => newestFirst(cursor, r) < 0);
      page = older.slice(0, limit);
      hasMore = older.length > limit;
    } else if (endingBefore) {
      const cursor = cursorRow(endingBefore, 'ending_before');
      const newer = rows.filter((r) => newestFirst(r, cursor) < 0);
      page = newer.slice(Math.max(0, newer.length - limit));
      hasMore = newer.length > limit;
    } else {
      page = rows.slice(0, limit);
      hasMore = rows.length > limit;
    }
    return { object: 'list', data: page.map((r) => r.object), has_more: hasMore, url };
  }

  /**
   * `expand[]=customer`, `expand[]=data.customer`, `expand[]=items.data.price.product`: each id
   * on the path that names a stored object is replaced by a copy of that object.
   */
  expand<T>(value: T, paths: string[]): T {
    let out: unknown = structuredClone(value);
    for (const path of paths) out = this.expandPath(out, path.split('.'));
    return out as T;
  }

  private expandPath(node: unknown, path: string[]): unknown {
    if (path.length === 0) return node;
    if (Array.isArray(node)) return node.map((n) => this.expandPath(n, path));
    if (!node || typeof node !== 'object') return node;
    const [head, ...rest] = path as [string, ...string[]];
    const record = node as Record<string, unknown>;
    let child = record[head];
    if (typeof child === 'string') {
      const found = this.get(child);
      if (found) child = structuredClone(found);
    }
    record[head] = this.expandPath(child, rest);
    return record;
  }
}
