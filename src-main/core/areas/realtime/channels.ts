import { DomainError } from '../../platform/errors';

// Ably channel names the console uses, checked against Ably's rules: case-sensitive, not empty, not
// starting with `[` (a qualifier) or `:`, no newline, under 2,048 characters. Ours also never hold
// `*` (a capability wildcard), so a member's token can never name more than the one channel.

const MAX_CHANNEL_NAME = 2_047;

/** Why a name is no Ably channel name (or one we would never grant), or null when it is fine. */
export function channelNameProblem(name: string): string | null {
  if (name.length === 0) return 'is empty';
  if (name.length > MAX_CHANNEL_NAME) return `is ${name.length} characters; Ably allows under 2,048`;
  if (name.startsWith('[')) return 'starts with "[" (Ably reads that as a channel qualifier)';
  if (name.startsWith(':')) return 'starts with ":"';
  if (/[\r\n]/.test(name)) return 'holds a line break';
  if (name.includes('*')) return 'holds "*" (a wildcard in a capability)';
  return null;
}

function checked(name: string): string {
  const problem = channelNameProblem(name);
  if (problem) throw new DomainError('VALIDATION', `channel: "${name.slice(0, 80)}" ${problem}`, { field: 'channel' });
  return name;
}

/** A space's channel: what the console says there (published posts); members subscribe only. */
export const spaceChannel = (spaceId: string) => checked(`space:${spaceId}`);

/** A CHAT space's chat channel: members publish their messages here, and the console listens. */
export const chatChannel = (spaceId: string) => checked(`space:${spaceId}:chat`);

/** One member's notifications. */
export const notificationsChannel = (userId: string) => checked(`user:${userId}:notifications`);

/** The space a `space:{id}` channel is for, or null. */
export function spaceIdOfChannel(name: string): string | null {
  const m = /^space:([^:*]+)$/.exec(name);
  return m ? m[1]! : null;
}

/** Message ids the console gives its own publishes: `{entityId}:0` (Ably's idempotent `<base>:<index>` form). */
export const messageIdOf = (entityId: string) => `${entityId}:0`;
