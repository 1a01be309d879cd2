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
