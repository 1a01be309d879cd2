// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PostItem, QueueItem } from '@shared/schemas/community';
import { renderWithServices, until, type Rendered } from '../../test-support/render';
import { localInputToIso } from './Composer';
import { communityViewFrom } from './community-route';
import { ModerationQueue } from './ModerationQueue';
import { SpaceView } from './SpaceView';

const later =
  <A extends unknown[], T>(fn: (...args: A) => Promise<T>) =>
  (...args: A) =>
    new Promise<T>((resolve, reject) => setTimeout(() => fn(...args).then(resolve, reject), 0));

const post = (n: number, extra: Partial<PostItem> = {}): PostItem => ({
  id: `post_${String(n).padStart(12, '0')}`,
  spaceId: 'space_000000000001',
  title: `Post ${n}`,
  content: `<p>Body ${n}</p>`,
  status: 'PUBLISHED',
  author: { id: 'user_000000000001', name: 'Ann Alpha', profilePhotoUrl: null },
  _count: { Reaction: 2, Comment: 1 },
  createdAt: '2026-06-01T09:00:00.000Z',
  updatedAt: '2026-06-01T09:00:00.000Z',
  scheduledAt: null,
  publishedAt: '2026-06-01T09:00:00.000Z',
  pinned: false,
  hidden: false,
  reacted: false,
  ...extra,
});

const text = () => document.body.textContent ?? '';
const button = (name: string) => {
  const found = Array.from(document.querySelectorAll('button')).find((b) => b.textContent?.trim() === name);
  if (!found) throw new Error(`no button ${name}`);
  return found;
};

let view: Rendered | undefined;
afterEach(() => {
  view?.unmount();
  view = undefined;
  document.body.innerHTML = '';
});

function renderSpace(type: 'FEED' | 'CHAT', pages: Record<string, { items: PostItem[]; nextCursor: string | null }>) {
  const list = vi.fn(later(async (input: { cursor?: string | null }) => pages[input.cursor ?? 'first']!));
  const api = {
    spaces: { get: { query: vi.fn(later(async () => ({ id: 'space_000000000001', name: 'Town square', type, description: null, archivedAt: null, myRole: null, canModerate: true }))) } },
    posts: { list: { query: list } },
    // The realtime feature's chat, mounted in a CHAT space's slot.
    chat: { list: { query: vi.fn(later(async () => ({ items: [], nextCursor: null }))) }, send: { mutate: vi.fn() } },
  };
  view = renderWithServices(<SpaceView spaceId="space_000000000001" />, { api });
  return { list };
}

describe('SpaceView', () => {
  it("shows a space's posts and pages to older ones with the cursor", async () => {
    const { list } = renderSpace('FEED', {
      first: { items: [post(3, { pinned: true }), post(2)], nextCursor: 'post_000000000002' },
      post_000000000002: { items: [post(1)], nextCursor: null },
    });
    await until(() => text().includes('Post 3'));
    expect(text()).toContain('Pinned');
    expect(text()).not.toContain('Post 1');
    expect(document.querySelector('[data-testid="chat-slot"]')).toBeNull();
    await act(async () => button('Show older posts').click());
    await until(() => text().includes('Post 1'));
    expect(list.mock.calls.map(([input]) => (input as { cursor?: string }).cursor ?? null)).toEqual([null, 'post_000000000002']);
    expect(Array.from(document.querySelectorAll('.post-title')).map((h) => h.textContent)).toEqual(['Post 3', 'Post 2', 'Post 1']);
  });

  it("shows a post's formatting as the core stored it", async () => {
    renderSpace('FEED', { first: { items: [post(1, { content: '<p>Meet <strong>Friday</strong></p>' })], nextCursor: null } });
    await until(() => text().includes('Post 1'));
    const body = document.querySelector('.post-content')!;
    expect(body.querySelector('strong')?.textContent).toBe('Friday');
  });

  it('keeps the chat slot for a CHAT space', async () => {
    renderSpace('CHAT', { first: { items: [], nextCursor: null } });
    await until(() => text().includes('No posts yet'));
    expect(document.querySelector('[data-testid="chat-slot"]')?.getAttribute('data-space-id')).toBe('space_000000000001');
  });
});

describe('ModerationQueue', () => {
  it('lists a reported comment with its reports and hides it', async () => {
    const item: QueueItem = {
      targetType: 'comment',
      targetId: 'cmt_000000000001',
      postId: 'post_000000000001',
      spaceId: 'space_000000000001',
      spaceName: 'Town square',
      postTitle: 'Welcome',
      excerpt: 'Buy followers',
      author: { id: 'user_000000000002', name: 'Sam Spam' },
      state: 'visible',
      reports: [
        { id: 'rpt_1', source: 'report', reason: 'Spam link', reporter: { id: 'user_000000000001', name: 'Ann Alpha' }, createdAt: '2026-06-01T09:00:00.000Z' },
        { id: 'rpt_2', source: 'flag', reason: 'Unsafe HTML removed', reporter: null, createdAt: '2026-06-01T09:01:00.000Z' },
      ],
      firstReportedAt: '2026-06-01T09:00:00.000Z',
    };
    let open = [item];
    const hide = vi.fn(later(async (_target: { targetType: string; targetId: string }) => {
      open = [];
      return { state: 'hidden' as const, resolvedReports: 2 };
    }));
    const api = { moderation: { queue: { query: vi.fn(later(async () => open)) }, hide: { mutate: hide } } };
    view = renderWithServices(<ModerationQueue />, { api });
    await until(() => text().includes('Buy followers'));
    expect(text()).toContain('Comment in Town square on “Welcome” by Sam Spam');
    expect(text()).toContain('2 reports');
    expect(text()).toContain('Ann Alpha: Spam link');
    expect(text()).toContain('Flagged automatically');
    await act(async () => button('Hide').click());
    await until(() => text().includes('Nothing to review'));
    expect(hide.mock.calls[0]![0]).toEqual({ targetType: 'comment', targetId: 'cmt_000000000001' });
  });
});

describe('community helpers', () => {
  it('reads where the window is from the hash', () => {
    expect(communityViewFrom('#/spaces')).toEqual({ kind: 'list' });
    expect(communityViewFrom('#/spaces/moderation')).toEqual({ kind: 'moderation' });
    expect(communityViewFrom('#/spaces/space_abc123')).toEqual({ kind: 'space', spaceId: 'space_abc123' });
  });

  it('turns a datetime-local value into an ISO instant, or nothing', () => {
    expect(localInputToIso('')).toBeNull();
    expect(localInputToIso('not a time')).toBeNull();
    expect(localInputToIso('2026-06-01T09:30')).toBe(new Date(2026, 5, 1, 9, 30).toISOString());
  });
});
