import type { AreaPlatform } from '../area';
import { chartCsv, type CsvChart } from './csv';
import { analyticsFigures, type CampaignListPort } from './figures';
import { analyticsUpkeep } from './upkeep';

export type { CampaignResult, CampaignListPort } from './figures';

/** What the analytics area needs of others: the campaigns area's list of campaigns with their stats. */
export interface AnalyticsPorts {
  campaigns?: CampaignListPort;
}

/**
 * Analytics (issue 12): read models kept by subscription and member events and a catch-up pass,
 * and the figures read from them on the read pool.
 */
export function createAnalyticsArea(platform: AreaPlatform, ports: AnalyticsPorts = {}) {
  const upkeep = analyticsUpkeep(platform);
  const figures = analyticsFigures({ reader: platform.reader, dialect: platform.dialect, clock: platform.clock, campaigns: ports.campaigns });
  return {
    ...figures,
    catchUp: upkeep.catchUp,
    scheduleCatchUp: upkeep.scheduleCatchUp,
    scheduleOnStart: upkeep.scheduleOnStart,
    async status(tenantId: string) {
      const state = await upkeep.state(tenantId);
      return { ready: !!state?.builtAt, builtAt: state?.builtAt ?? null, checkedAt: state?.checkedAt ?? null };
    },
    exportCsv: (tenantId: string, input: { chart: CsvChart; from: string; to: string; interval: 'day' | 'week' | 'month'; by: 'join' | 'payment' }) => chartCsv(figures, tenantId, input),
  };
}
export type AnalyticsArea = ReturnType<typeof createAnalyticsArea>;
