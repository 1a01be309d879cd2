import { InvalidArgumentError } from 'commander';
import { ROLES, type Role } from '../../src-shared/domain';

// Value parsers for commander: each throws InvalidArgumentError with the reason, and the CLI
// prints one line naming the flag and exits with 2.

export function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number from 0 to 65535');
  return n;
}

export function parseCount(max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n > max) throw new InvalidArgumentError(`must be a whole number from 0 to ${max}`);
    return n;
  };
}

export function parseRole(value: string): Role {
  const role = value.toUpperCase();
  if (!(ROLES as readonly string[]).includes(role)) throw new InvalidArgumentError(`must be one of ${ROLES.join(', ')}`);
  return role as Role;
}

export function parseDatabaseUrl(value: string): string {
  if (!/^postgres(ql)?:\/\//i.test(value)) throw new InvalidArgumentError('must be a postgres:// URL');
  return value;
}
