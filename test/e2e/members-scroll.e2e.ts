import { expect, test, type Page, type Route } from '@playwright/test';

// The quality bar "member table in Chromium, 1M rows, scroll: p95 frame time ≤ 16.7 ms". The
// renderer is measured on its own: members.list is answered in the browser with a synthetic
// million members (what the server does at that size is the benchmark's business), the rest of
// the API is the real headless server.

const signInUrl = () => process.env.E2E_SIGN_IN_URL!;
const TOTAL = 1_000_000;
const FRAME_BUDGET_MS = 16.7;

function member(i: number) {
  return {
    userId: `user_${i.toString(36).padStart(10, '0')}`,
    membershipId: `mem_${i.toString(36).padStart(10, '0')}`,
    name: `Member ${i}`,
    email: `member${i}@example.com`,
    avatarUrl: null,
    role: i % 97 === 0 ? 'ADMIN' : 'MEMBER',
    joinSource: i % 3 === 0 ? 'paid' : 'free_signup',
    joinedAt: new Date(Date.UTC(2026, 0, 1) - i * 60_000).toISOString(),
    lastActiveAt: i % 5 === 0 ? null : new Date(Date.UTC(2026, 10, 1) - i * 1000).toISOString(),
    subscriptionStatus: i % 3 === 0 ? 'active' : null,
    isComped: false,
    compedUntil: null,
    tier: i % 3 === 0 ? 'paid' : 'free',
    isFreeMember: i % 3 !== 0,
  };
}

function listPage(input: { page?: number; limit?: number; cursor?: string }) {
  const limit = input.limit ?? 20;
  const page = input.cursor ? Number(input.cursor.slice(1)) + 1 : (input.page ?? 1);
  const from = (page - 1) * limit;
  const items = Array.from({ length: Math.max(0, Math.min(limit, TOTAL - from)) }, (_, k) => member(from + k));
  const more = from + limit < TOTAL;
  return { items, total: TOTAL, page: input.cursor ? null : page, limit, pageCount: Math.ceil(TOTAL / limit), nextCursor: more ? `p${page}` : null };
}

/** Answers members.list in the browser; other procedures in the same batch get a NOT_FOUND. */
async function fakeMembersList(route: Route) {
  const url = new URL(route.request().url());
  const procedures = url.pathname.replace(/^.*\/api\/trpc\//, '').split(',');
  if (!procedures.includes('members.list')) return route.continue();
  const inputs = JSON.parse(url.searchParams.get('input') ?? '{}') as Record<string, { json: Record<string, unknown> }>;
  const batched = url.searchParams.get('batch') === '1';
  const answers = procedures.map((procedure, i) => {
    const input = (batched ? inputs[i]?.json : (inputs as unknown as { json: Record<string, unknown> }).json) ?? {};
    if (procedure === 'members.list') return { result: { data: { json: listPage(input) } } };
    return { error: { json: { message: 'not in this test', code: -32004, data: { code: 'NOT_FOUND', httpStatus: 404 } } } };
  });
  await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(batched ? answers : answers[0]) });
}

/** Scrolls by `step` px once per frame for `frames` frames; returns the time between frames. */
function scrollFrames(page: Page, step: number, frames: number) {
  return page.evaluate(
    ({ step, frames }) =>
      new Promise<number[]>((resolve) => {
        const el = document.querySelector<HTMLElement>('.members-scroll')!;
        const deltas: number[] = [];
        let last = -1;
        const tick = (t: number) => {
          if (last >= 0) deltas.push(t - last);
          last = t;
          el.scrollTop += step;
          if (deltas.length < frames) requestAnimationFrame(tick);
          else resolve(deltas);
        };
        requestAnimationFrame(tick);
      }),
    { step, frames },
  );
}

const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)]!;

test('a million members scroll within the frame budget, top to bottom', async ({ page }) => {
  await page.route('**/api/trpc/**', fakeMembersList);
  await page.goto(signInUrl());
  await page.getByRole('navigation').getByRole('link', { name: 'Members' }).click();
  await expect(page.getByTestId('member-total')).toHaveText('1,000,000 members');
  await expect(page.getByTestId('member-row').first()).toContainText('Member 0');

  // Warm up, then: a slow read, a fast flick, and a scroll in the deep middle.
  await scrollFrames(page, 48, 30);
  const slow = await scrollFrames(page, 24, 180);
  const tracing = process.env.MEMBERS_TRACE ? page.context().browser()! : null;
  if (tracing) await tracing.startTracing(page, { path: process.env.MEMBERS_TRACE });
  const fast = await scrollFrames(page, 1200, 180);
  if (tracing) await tracing.stopTracing();
  await page.evaluate(() => {
    const el = document.querySelector<HTMLElement>('.members-scroll')!;
    el.scrollTop = el.scrollHeight / 2;
  });
  const deep = await scrollFrames(page, 96, 180);
  const frames = [...slow, ...fast, ...deep];
  const worst = p95(frames);
  console.log(`members table, 1M rows: ${frames.length} frames, p95 ${worst.toFixed(1)} ms (slow ${p95(slow).toFixed(1)}, fast ${p95(fast).toFixed(1)}, deep ${p95(deep).toFixed(1)})`);
  // Frames arrive on a 16.7 ms clock; a frame that misses the budget shows as ~33 ms. The margin
  // is for timestamp jitter, not for a dropped frame.
  expect(worst).toBeLessThan(FRAME_BUDGET_MS * 1.15);

  // The end of the list is reachable and loads: the scroll scaling maps the bottom to the last member.
  await page.evaluate(() => {
    const el = document.querySelector<HTMLElement>('.members-scroll')!;
    el.scrollTop = el.scrollHeight;
  });
  await expect(page.getByTestId('member-row').last()).toContainText('Member 999999');
  await page.screenshot({ path: 'test/e2e/output/members-11-million-bottom.png' });
});
