import { analyticsBench, ensureAnalytics } from './analytics';
import { figureTable, type Figure } from './figures';
import { loopDelayBench } from './loop-delay';
import type { SamplePlan } from './measure';
import { membersBench, type PartResult } from './members';
import { membersScrollBench } from './members-scroll';
import { prepareBenchData } from './prepare';
import { campaignsBench } from './campaigns';
import { count } from './report';
import { webhookBench, type WebhookBenchSize } from './webhooks';

// The bench as a function: `npm run bench` (run.ts) at full scale, and the smoke test in `npm test`
// (smoke.test.ts) at a small one. Every figure of quality-bars.md lands in one table; the figures
// of things not built yet are listed as such, never made up.

export const PARTS = ['members', 'loop', 'webhooks', 'scroll', 'campaigns', 'analytics'] as const;
export type Part = (typeof PARTS)[number];

export interface BenchOptions {
  members: number;
  parts: readonly Part[];
  plan: SamplePlan;
  webhooks: WebhookBenchSize;
  loopRuns: number;
  log: (line: string) => void;
}

export interface BenchReport {
  startedAt: string;
  node: string;
  sqlite: string;
  members: number;
  data: { dir: string; schema: string; seededSeconds: number; seededNow: boolean; seededAt: string };
  figures: Figure[];
  /** What makes the run wrong rather than slow: a baseline that disagrees, a case that threw, a lost webhook. */
  errors: string[];
  /** Printable: the parts' detail tables, then the summary. */
  text: string;
}

/** quality-bars.md rows that have no bench yet: listed so that the table says so. */
const NOT_YET: Figure[] = [
  { part: 'planned', name: "one tenant's stuck outgoing webhooks vs another tenant's checkout", unit: 'ms', value: null, baseline: null, ratio: null, target: 'applied within 5 s', status: 'not measured', samples: null, note: 'no bench case yet' },
  { part: 'planned', name: 'headless start to first /healthz answer / node -e requiring the native module', unit: 'ms', value: null, baseline: null, ratio: null, target: '<= 5x', status: 'not measured', samples: null, note: 'no bench case yet' },
];

export async function runBench(o: BenchOptions): Promise<BenchReport> {
  const startedAt = new Date().toISOString();
  const wants = (part: Part) => o.parts.includes(part);
  const parts: PartResult[] = [];
  const needsData = wants('members') || wants('loop') || wants('webhooks');
  const data = needsData ? await prepareBenchData(o.members, o.log) : undefined;
  const sqlite = data ? (data.core.database.sqlite!.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v : '-';
  const guard = async (part: Part, run: () => Promise<PartResult> | PartResult) => {
    if (!wants(part)) return;
    try {
      parts.push(await run());
    } catch (err) {
      const message = `${part}: the bench part threw: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
      parts.push({ figures: [{ part, name: `${part} (the whole part)`, unit: 'ms', value: null, baseline: null, ratio: null, target: '-', status: 'error', samples: null, note: message }], detail: `ERROR ${message}`, errors: [message] });
    }
  };
  try {
    if (data) {
      const { core, tenantId } = data;
      // The analytics read models, as a running console keeps them (built once per data set): the
      // webhook parts start the core, whose catch-up pass would otherwise build them meanwhile.
      await ensureAnalytics(core, tenantId, o.log);
      await guard('members', () => membersBench({ core, tenantId, members: o.members, plan: o.plan, log: o.log }));
      await guard('loop', () => loopDelayBench({ core, tenantId, runs: o.loopRuns, log: o.log }));
      const deepPage = Math.max(2, Math.min(10_000, Math.floor(o.members / 100)));
      await guard('webhooks', () => webhookBench({ core, tenantId, deepPage, log: o.log }, o.webhooks));
    }
    await guard('scroll', () => membersScrollBench(o.log));
    // Its own copy of the data set, with the subscription history topped up (analytics.ts).
    await guard('analytics', () => analyticsBench({ members: o.members, plan: o.plan, webhooks: o.webhooks, log: o.log }));
    await guard('campaigns', () => campaignsBench(o.log));
  } finally {
    await data?.core.close();
  }

  const figures = [...parts.flatMap((p) => p.figures), ...(o.parts.length === PARTS.length ? NOT_YET : [])];
  const errors = parts.flatMap((p) => p.errors);
  const failed = figures.filter((f) => f.status === 'FAIL').length;
  const seeded = data
    ? `data: ${count(o.members)} members in ${data.dir}, schema ${data.schema}; seeding took ${data.seededSeconds.toFixed(1)} s (${data.seededNow ? 'in this run' : `on ${data.seededAt}, reused`})`
    : 'data: none needed';
  const text = [
    ...parts.map((p) => `${p.detail}\n`),
    `Tenant Console bench, ${startedAt} (Node ${process.version}, SQLite ${sqlite})`,
    seeded,
    '',
    figureTable(figures),
    '',
    errors.length > 0
      ? `${errors.length} ERROR(S): the figures above are not to be trusted:\n${errors.map((e) => `  - ${e.replaceAll('\n', '\n    ')}`).join('\n')}`
      : `no errors: every baseline gave the product's answer, every webhook was answered and applied; ${failed} target(s) missed`,
  ].join('\n');
  return {
    startedAt,
    node: process.version,
    sqlite,
    members: o.members,
    data: data ? { dir: data.dir, schema: data.schema, seededSeconds: data.seededSeconds, seededNow: data.seededNow, seededAt: data.seededAt } : { dir: '', schema: '', seededSeconds: 0, seededNow: false, seededAt: '' },
    figures,
    errors,
    text,
  };
}
