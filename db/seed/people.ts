import { personUserId } from './ids';
import { chance, pick, pickWeighted, rngFor } from './random';
import { emailDomains, firstNames, lastNames } from './words';

const PERSON_SALT = 0x5eed_0001;

export interface Person {
  userId: string;
  name: string;
  email: string;
  avatarUrl: string | null;
}

type EmailStyle = (first: string, last: string) => string;
const EMAIL_STYLES: readonly EmailStyle[] = [
  (f, l) => `${f}.${l}`,
  (f, l) => `${f}.${l}`,
  (f, l) => `${f}${l}`,
  (f, l) => `${f[0]}.${l}`,
  (f, l) => `${f}_${l}`,
  (f, l) => `${f}.${l[0]}`,
];

/**
 * Person n of the demo population. It depends on n only (not on the seed or the tenant), see ids.ts.
 * Emails end in n + 1 after a part made of letters, dots and underscores only, which makes every
 * email different from every other.
 */
export function person(n: number): Person {
  const r = rngFor(PERSON_SALT, n);
  const first = pickWeighted(r, firstNames);
  const last = pickWeighted(r, lastNames);
  const local = pick(r, EMAIL_STYLES)(first.toLowerCase(), last.toLowerCase());
  const userId = personUserId(n);
  return {
    userId,
    name: `${first} ${last}`,
    email: `${local}${n + 1}@${pickWeighted(r, emailDomains)}`,
    avatarUrl: chance(r, 0.35) ? `https://avatars.example/${userId}.jpg` : null,
  };
}
