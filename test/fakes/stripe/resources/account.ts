import type { Route } from '../router';

/** The fake's one account (what the secret key belongs to); its display name is settable for tests. */
export const fakeAccount = {
  id: 'acct_1FakeTenantConsole',
  displayName: 'Fake Stripe Account',
  email: 'owner@example.com',
};

export const accountRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/v1\/account$/,
    handler: (ctx) => ({
      id: fakeAccount.id,
      object: 'account',
      business_profile: { name: fakeAccount.displayName, url: null, support_email: null },
      business_type: 'company',
      charges_enabled: true,
      payouts_enabled: true,
      country: 'US',
      created: ctx.state.nowSeconds(),
      default_currency: 'usd',
      details_submitted: true,
      email: fakeAccount.email,
      settings: { dashboard: { display_name: fakeAccount.displayName, timezone: 'Etc/UTC' } },
      type: 'standard',
    }),
  },
];
