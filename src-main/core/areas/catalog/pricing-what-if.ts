import type { Kysely } from 'kysely';
import { ACCESS_GRANTING_STATUSES } from '@shared/domain';
import { fromMinorUnits, toMinorUnits } from '@shared/money';
import { monthlyAmountMinor } from '@shared/packages';
import { effectivePriceMinor, saleState, type SaleWindow } from '@shared/sale-window';
import type { WhatIfInput, WhatIfResult } from '@shared/schemas/packages';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/schema';
import { DomainError } from '../../platform/errors';
import { packagesRepository } from './repositories/packages';

/** Minor units (possibly a fraction of a cent, from yearly / 12) to the seed's major units, to the cent. */
const major = (minor: number) => fromMinorUnits(Math.round(minor));

/**
 * What-if pricing from the local database: today's active and trialing subscribers of a package
 * and what they pay now, against a new price and/or sale.
 * - grandfather: existing subscribers keep their price, so MRR does not move now; only new
 *   subscribers pay the proposal (see perNewSubscriber);
 * - move: every counted subscriber pays the proposal's effective price from now on.
 * The sale counts only if it is active on the server's clock now (the one sale-window rule).
 */
export function pricingWhatIfService(deps: { db: Kysely<Database>; clock: Clock }) {
  return {
    async project(tenantId: string, input: WhatIfInput): Promise<WhatIfResult> {
      const pkg = await packagesRepository(deps.db).find(tenantId, input.packageId);
      if (!pkg) throw new DomainError('NOT_FOUND', `packageId: no package with id ${input.packageId} in this tenant`, { field: 'packageId' });
      const now = deps.clock.nowIso();

      const subscriptions = await deps.db
        .selectFrom('subscriptions')
        .select(['status', 'amountMinor', 'currency', 'interval'])
        .where('tenantId', '=', tenantId)
        .where('packageId', '=', pkg.id)
        .where('status', 'in', ACCESS_GRANTING_STATUSES)
        .execute();
      const counted = subscriptions.filter((s) => s.currency === pkg.currency);
      const currentMrrMinor = counted.reduce((sum, s) => sum + monthlyAmountMinor(Number(s.amountMinor), s.interval), 0);

      const proposedPriceMinor = input.newPrice === undefined ? pkg.priceMinor : toMinorUnits(input.newPrice);
      const proposedSale: SaleWindow =
        input.sale === undefined
          ? pkg
          : input.sale === null
            ? { salePriceMinor: null, saleStartsAt: null, saleEndsAt: null }
            : { salePriceMinor: toMinorUnits(input.sale.salePrice), saleStartsAt: input.sale.saleStartsAt ?? null, saleEndsAt: input.sale.saleEndsAt ?? null };
      if (proposedSale.salePriceMinor !== null && proposedSale.salePriceMinor >= proposedPriceMinor) {
        throw input.sale
          ? new DomainError('VALIDATION', 'sale.salePrice: must be below the price', { field: 'sale.salePrice' })
          : new DomainError(
              'VALIDATION',
              `newPrice: must be above the package's sale price (${fromMinorUnits(proposedSale.salePriceMinor).toFixed(2)}); send sale: null to price it without the sale`,
              { field: 'newPrice' },
            );
      }

      const currentEffective = effectivePriceMinor(pkg.priceMinor, pkg, now);
      const proposedEffective = effectivePriceMinor(proposedPriceMinor, proposedSale, now);
      const currentMonthly = monthlyAmountMinor(currentEffective, pkg.interval);
      const proposedMonthly = monthlyAmountMinor(proposedEffective, pkg.interval);
      const projectedMrrMinor = input.mode === 'grandfather' ? currentMrrMinor : counted.length * proposedMonthly;

      const currentMrr = Math.round(currentMrrMinor);
      const projectedMrr = Math.round(projectedMrrMinor);
      return {
        packageId: pkg.id,
        mode: input.mode,
        currency: pkg.currency,
        interval: pkg.interval,
        asOf: now,
        subscribers: {
          total: counted.length,
          active: counted.filter((s) => s.status === 'active').length,
          trialing: counted.filter((s) => s.status === 'trialing').length,
          otherCurrency: subscriptions.length - counted.length,
        },
        current: { price: major(pkg.priceMinor), effectivePrice: major(currentEffective), saleState: saleState(pkg, now), mrr: major(currentMrr) },
        proposed: {
          price: major(proposedPriceMinor),
          effectivePrice: major(proposedEffective),
          saleState: saleState(proposedSale, now),
          mrr: major(projectedMrr),
        },
        mrrDelta: major(projectedMrr - currentMrr),
        perNewSubscriber: {
          currentMonthly: major(currentMonthly),
          proposedMonthly: major(proposedMonthly),
          delta: major(Math.round(proposedMonthly) - Math.round(currentMonthly)),
        },
      };
    },
  };
}
export type PricingWhatIfService = ReturnType<typeof pricingWhatIfService>;
