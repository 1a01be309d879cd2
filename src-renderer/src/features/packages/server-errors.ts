import { TRPCClientError } from '@trpc/client';
import { messageOf } from '../../api/errors';

export interface MappedErrors<F extends string> {
  /** Per field, what the server said about it ("must be below price"). */
  fields: Partial<Record<F, string>>;
  /** Everything that names no field we show, in the server's words. */
  general: string | null;
}

const FIELD_MESSAGE = /^([A-Za-z][\w]*(?:\.[\w]+)*): (.+)$/s;

/**
 * The server names the field in front of its message ("salePrice: must be below price", several
 * joined by "; "); over HTTP it also sends `fieldErrors`. Both become messages for the field
 * they name: `resolve` turns a path ("displayFeatures.2") into one of our fields, or null.
 */
export function mapServerErrors<F extends string>(err: unknown, resolve: (path: string) => F | null): MappedErrors<F> {
  const fields: Partial<Record<F, string>> = {};
  const rest: string[] = [];
  const take = (path: string, message: string) => {
    const field = resolve(path);
    if (field === null) return false;
    fields[field] ??= message;
    return true;
  };

  const data = err instanceof TRPCClientError ? (err.data as { fieldErrors?: Record<string, string> } | null | undefined) : undefined;
  if (data?.fieldErrors) for (const [path, message] of Object.entries(data.fieldErrors)) take(path, message);

  const text = messageOf(err);
  for (const part of text.split('; ')) {
    const m = FIELD_MESSAGE.exec(part.trim());
    if (!m || !take(m[1]!, m[2]!)) rest.push(part.trim());
  }
  return { fields, general: rest.length ? rest.join('; ') : null };
}

/** A path's field when it is one of `known` ("displayFeatures.2" → "displayFeatures"). */
export function firstSegmentIn<F extends string>(known: readonly F[]): (path: string) => F | null {
  return (path) => {
    const first = path.split('.')[0]!;
    return (known as readonly string[]).includes(first) ? (first as F) : null;
  };
}
