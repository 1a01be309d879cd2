import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publicApi } from '../../fixtures/member-world';
import { dialects } from '../../support/core';
import { makeTwoTenants, membershipIn, PEOPLE, type TwoTenants } from '../../support/two-tenants';

// Finding: removing a member did not revoke their tokens, so a re-invite revived the old token.
// Removal and erasure now revoke the member's tokens for that tenant, for good.

describe.each(dialects)('tokens of removed and erased members on %s', (dialect) => {
  let w: TwoTenants;
  beforeEach(async () => {
    w = await makeTwoTenants(dialect);
  });
  afterEach(async () => w?.dispose());

  const signIn = (token: string) => w.core.services.auth.authenticate(token).then(
    () => 'accepted',
    (e: Error) => e.message,
  );

  async function reinvite(email: string) {
    const bea = await w.caller(w.bravo.id, w.bravoAdmin);
    const invite = await bea.members.invite({ email });
    return publicApi(w.core).members.acceptInvite({ token: invite.token });
  }

  it('a removed member re-invited signs in anew: the old token stays revoked; their other tenant is untouched', async () => {
    const bravoToken = await w.token(w.bravo.id, w.shared, 'MEMBER');
    const alphaToken = await w.token(w.alpha.id, w.shared, 'MEMBER');
    const bea = await w.http(w.bravo.id, w.bravoAdmin);
    await bea.members.remove.mutate({ userId: w.shared });
    expect(await signIn(bravoToken)).toBe('the token was revoked');

    expect(await reinvite(PEOPLE.shared.email)).toMatchObject({ userId: w.shared, outcome: 'rejoined' });
    expect(await membershipIn(w.core, w.bravo.id, w.shared)).toMatchObject({ status: 'active' });
    expect(await signIn(bravoToken)).toBe('the token was revoked');
    expect(await signIn(await w.token(w.bravo.id, w.shared, 'MEMBER'))).toBe('accepted');
    expect(await signIn(alphaToken)).toBe('accepted');
  });

  it('an erased member re-invited does not get the old token back either', async () => {
    const bravoToken = await w.token(w.bravo.id, w.shared, 'MEMBER');
    const adminToken = await w.token(w.bravo.id, w.sharedAdmin, 'MEMBER');
    const bea = await w.caller(w.bravo.id, w.bravoAdmin);
    await bea.members.erase({ userId: w.shared });
    await bea.members.erase({ userId: w.sharedAdmin });
    expect(await signIn(bravoToken)).toBe('the token was revoked');

    expect(await reinvite(PEOPLE.shared.email)).toMatchObject({ userId: w.shared, outcome: 'joined' });
    expect(await signIn(bravoToken)).toBe('the token was revoked');
    expect(await signIn(adminToken)).toBe('the token was revoked');
    // Alpha never noticed.
    expect(await signIn(await w.token(w.alpha.id, w.sharedAdmin))).toBe('accepted');
  });

  it('erasing everywhere revokes every tenant\'s tokens', async () => {
    const tokens = [await w.token(w.alpha.id, w.shared, 'MEMBER'), await w.token(w.bravo.id, w.shared, 'MEMBER')];
    await (await w.caller(w.bravo.id, w.owner)).members.eraseEverywhere({ userId: w.shared });
    for (const t of tokens) expect(await signIn(t)).toBe('the token was revoked');
  });
});
