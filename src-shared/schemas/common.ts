import { z } from 'zod';

export const idSchema = (prefix: string) =>
  z
    .string()
    .regex(new RegExp(`^${prefix}_[a-z0-9]{8,32}$`), `must be an id starting with "${prefix}_"`);

export const slugSchema = z
  .string()
  .min(2, 'must be at least 2 characters')
  .max(48, 'must be at most 48 characters')
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'may contain lowercase letters, digits and inner dashes');

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email('must be an email address'));

// Control characters (NUL, escape, DEL, the C1 range) in a name are a paste accident or an attack
// on whatever shows it later (terminals, logs, CSV exports); names and titles refuse them.
// Multi-line text keeps tab and newlines.
const CONTROL_CHARS = /\p{Cc}/u;
const CONTROL_CHARS_BUT_LINES = /(?![\t\n\r])\p{Cc}/u;
export const CONTROL_CHARS_MESSAGE = 'must not contain control characters';

/** For a name or a title (one line). */
export const hasNoControlChars = (v: string): boolean => !CONTROL_CHARS.test(v);
/** For multi-line text such as a description. */
export const hasNoControlCharsButLines = (v: string): boolean => !CONTROL_CHARS_BUT_LINES.test(v);

/** A person's or a thing's name: trimmed, 1..max characters, no control characters. */
export const nameSchema = (max: number) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be text') })
    .trim()
    .min(1, 'is required')
    .max(max, `must be at most ${max} characters`)
    .refine(hasNoControlChars, CONTROL_CHARS_MESSAGE);

interface IssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
}

/**
 * Validation issues as [field, message] pairs for error answers. Inputs are strict objects: an
 * unknown key is named as the field itself ("isPopluar: is not a field of this request").
 */
export function issueFields(issues: readonly IssueLike[], root: string): [string, string][] {
  const name = (path: PropertyKey[]) => path.map(String).join('.') || root;
  return issues.flatMap((i): [string, string][] =>
    i.code === 'unrecognized_keys' && i.keys?.length
      ? i.keys.map((k) => [name([...i.path, k]), 'is not a field of this request'])
      : [[name(i.path), i.message]],
  );
}
