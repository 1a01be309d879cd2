import { invalidParam, missingParam, unknownParam } from './errors';
import type { FormParams, FormValue } from './form';

/** Stripe rejects parameters an endpoint does not know; so does the fake, to catch mistakes early. */
export function allowOnly(params: FormParams, allowed: readonly string[]): void {
  for (const key of Object.keys(params)) {
    if (key === 'expand') continue;
    if (!allowed.includes(key)) throw unknownParam(key);
  }
}

export function str(params: FormParams, name: string): string | undefined {
  const v = params[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw invalidParam(name, `Invalid string: ${name} must be a string.`);
  return v;
}

export function requireStr(params: FormParams, name: string): string {
  const v = str(params, name);
  if (v === undefined || v === '') throw missingParam(name);
  return v;
}

/** An empty string clears an optional field, as in Stripe. */
export function nullableStr(params: FormParams, name: string): string | null | undefined {
  const v = str(params, name);
  return v === '' ? null : v;
}

export function int(params: FormParams, name: string): number | undefined {
  const v = str(params, name);
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v)) throw invalidParam(name, `Invalid integer: ${v}`, 'parameter_invalid_integer');
  return Number(v);
}

export function bool(params: FormParams, name: string): boolean | undefined {
  const v = str(params, name);
  if (v === undefined) return undefined;
  if (v !== 'true' && v !== 'false') throw invalidParam(name, `Invalid boolean: ${v}`, 'parameter_invalid_string');
  return v === 'true';
}

export function obj(params: FormParams, name: string): FormParams | undefined {
  const v = params[name];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw invalidParam(name, `Invalid object: ${name} must be a hash.`, 'parameter_invalid_object');
  return v;
}

export function list(params: FormParams, name: string): FormValue[] | undefined {
  const v = params[name];
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw invalidParam(name, `Invalid array: ${name} must be an array.`, 'parameter_invalid_array');
  return v;
}

export function strList(params: FormParams, name: string): string[] | undefined {
  const v = list(params, name);
  return v?.map((item) => {
    if (typeof item !== 'string') throw invalidParam(name, `Invalid array: ${name} must hold strings.`);
    return item;
  });
}

/**
 * Metadata updates merge: a key set to '' is removed, and `metadata=''` clears all of it.
 * Stripe limits keys to 40 and values to 500 characters; the fake enforces the same.
 */
export function mergeMetadata(current: Record<string, string>, params: FormParams): Record<string, string> {
  const raw = params.metadata;
  if (raw === undefined) return current;
  if (raw === '') return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw invalidParam('metadata', 'Invalid hash', 'parameter_invalid_object');
  const next = { ...current };
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') throw invalidParam(`metadata[${key}]`, 'Invalid metadata value: must be a string.');
    if (key.length > 40) throw invalidParam(`metadata[${key}]`, 'Metadata keys can have up to 40 characters.');
    if (value.length > 500) throw invalidParam(`metadata[${key}]`, 'Metadata values can have up to 500 characters.');
    if (value === '') delete next[key];
    else next[key] = value;
  }
  return next;
}

/** `created[gte]=…` and friends, or `created=…` for an exact second. */
export function createdFilter(params: FormParams): ((created: number) => boolean) | undefined {
  const raw = params.created;
  if (raw === undefined) return undefined;
  if (typeof raw === 'string') {
    const exact = int(params, 'created') as number;
    return (c) => c === exact;
  }
  if (Array.isArray(raw)) throw invalidParam('created', 'Invalid created filter', 'parameter_invalid_object');
  const bounds: [string, (c: number, b: number) => boolean][] = [
    ['gt', (c, b) => c > b],
    ['gte', (c, b) => c >= b],
    ['lt', (c, b) => c < b],
    ['lte', (c, b) => c <= b],
  ];
  const checks: ((c: number) => boolean)[] = [];
  for (const key of Object.keys(raw)) {
    const op = bounds.find(([name]) => name === key);
    if (!op) throw unknownParam(`created[${key}]`);
    const b = int(raw, key) as number;
    checks.push((c) => op[1](c, b));
  }
  return (c) => checks.every((check) => check(c));
}
