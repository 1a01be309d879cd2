import superjson from 'superjson';

/**
 * Reading a request's input ({json, meta} in superjson's wire format) as strictly as its schema
 * reads the value. superjson itself trusts `meta`: some malformed shapes throw from deep inside
 * (a TypeError that used to become a 500), others are ignored (meta: "garbage"). Everything here is
 * the caller's mistake, a 400 that says what could not be read.
 */
export class UnreadableInputError extends Error {
  constructor(why: string) {
    super(`input: ${why}`);
    this.name = 'UnreadableInputError';
  }
}

const SIMPLE_TYPES = new Set(['undefined', 'bigint', 'Date', 'regexp', 'set', 'map', 'Error', 'URL', 'number']);
const NAMED_TYPES = new Set(['class', 'symbol', 'custom', 'typed-array']);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkAnnotation(a: unknown, at: string): void {
  if (typeof a === 'string' && SIMPLE_TYPES.has(a)) return;
  if (Array.isArray(a) && a.length === 2 && NAMED_TYPES.has(a[0] as string) && typeof a[1] === 'string') return;
  throw new UnreadableInputError(`${at} is not a superjson type annotation`);
}

/** A tree of annotations: [annotation, {path: tree}?] or {path: tree}. */
function checkTree(tree: unknown, at: string): void {
  if (isRecord(tree)) {
    for (const [key, sub] of Object.entries(tree)) checkTree(sub, `${at}.${key}`);
    return;
  }
  if (!Array.isArray(tree) || tree.length < 1 || tree.length > 2) throw new UnreadableInputError(`${at} is not a superjson annotation tree`);
  checkAnnotation(tree[0], at);
  if (tree[1] !== undefined) {
    if (!isRecord(tree[1])) throw new UnreadableInputError(`${at} is not a superjson annotation tree`);
    for (const [key, sub] of Object.entries(tree[1])) checkTree(sub, `${at}.${key}`);
  }
}

const isPathList = (v: unknown) => Array.isArray(v) && v.every((p) => typeof p === 'string');

function checkEqualities(eq: unknown): void {
  const ok = (v: unknown) => isRecord(v) && Object.values(v).every(isPathList);
  if (ok(eq)) return;
  if (Array.isArray(eq) && eq.length >= 1 && eq.length <= 2 && isPathList(eq[0]) && (eq[1] === undefined || ok(eq[1]))) return;
  throw new UnreadableInputError('meta.referentialEqualities is not in superjson\'s format');
}

function checkMeta(meta: unknown): void {
  if (!isRecord(meta)) throw new UnreadableInputError('meta must be an object (superjson\'s annotations)');
  for (const key of Object.keys(meta)) {
    if (key !== 'values' && key !== 'referentialEqualities' && key !== 'v') throw new UnreadableInputError(`meta.${key} is not part of superjson's format`);
  }
  if (meta.v !== undefined && typeof meta.v !== 'number') throw new UnreadableInputError('meta.v must be a number');
  if (meta.values !== undefined) {
    if (Array.isArray(meta.values)) checkTree(meta.values, 'meta.values');
    else if (isRecord(meta.values)) for (const [key, sub] of Object.entries(meta.values)) checkTree(sub, `meta.values.${key}`);
    else throw new UnreadableInputError('meta.values must be superjson annotations');
  }
  if (meta.referentialEqualities !== undefined) checkEqualities(meta.referentialEqualities);
}

/** superjson.deserialize for what a client sent: a clear UnreadableInputError for anything malformed. */
export function deserializeInput(payload: unknown): unknown {
  if (!isRecord(payload)) throw new UnreadableInputError('must be superjson: an object {"json": …, "meta"?: …}');
  for (const key of Object.keys(payload)) {
    if (key !== 'json' && key !== 'meta') throw new UnreadableInputError(`${key} is not part of superjson's format {"json", "meta"}`);
  }
  if (payload.meta !== undefined) checkMeta(payload.meta);
  try {
    return superjson.deserialize(payload as never);
  } catch (err) {
    // The annotations do not fit the value (a bigint from "abc", a Map from a string, __proto__).
    throw new UnreadableInputError(`the superjson meta does not fit the value (${err instanceof Error ? err.message : String(err)})`);
  }
}

/** The API's transformer: superjson both ways, with inputs read by deserializeInput. */
export const apiTransformer = {
  input: { serialize: (v: unknown) => superjson.serialize(v), deserialize: deserializeInput },
  output: { serialize: (v: unknown) => superjson.serialize(v), deserialize: (v: unknown) => superjson.deserialize(v as never) },
};
