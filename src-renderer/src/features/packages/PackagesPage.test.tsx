// @vitest-environment happy-dom
import { TRPCClientError } from '@trpc/client';
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TenantSummary } from '../../api/types';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { invalidateFor } from '../../api/push';
import type { AppRouter } from '../../api/types';
import { renderWithServices, until, type Rendered } from '../../test-support/render';
import { aPackage } from './fixtures.test-util';
import { PackagesPage } from './PackagesPage';
import type { PackageView } from './types';

const TENANT = { id: 'ten_1', slug: 'demo', name: 'Demo', memberCount: 10 } as unknown as TenantSummary;

const refusal = (code: string, message: string) =>
  TRPCClientError.from({ error: { code: -32600, message, data: { code, httpStatus: code === 'NOT_FOUND' ? 404 : 400 } } });

/** Answers on a later tick, so that the state update lands inside the `act` of `until`. */
const later =
  <A extends unknown[], T>(fn: (...args: A) => Promise<T>) =>
  (...args: A) =>
    new Promise<T>((resolve, reject) => setTimeout(() => fn(...args).then(resolve, reject), 0));

function render(list: () => Promise<PackageView[]>, extra: {
    upsert?: (input: unknown) => Promise<unknown>;
    remove?: (input: unknown) => Promise<unknown>;
    retrySync?: (input: unknown) => Promise<unknown>;
    variants?: () => Promise<unknown>;
  } = {}) {
  const calls = {
    upsert: vi.fn(later(extra.upsert ?? (async () => ({ created: true, package: aPackage() })))),
    remove: vi.fn(later(extra.remove ?? (async () => ({ deleted: true })))),
    retrySync: vi.fn(later(extra.retrySync ?? (async () => ({})))),
  };
  const api = {
    packages: {
      list: { query: vi.fn(later(list)) },
      upsert: { mutate: calls.upsert },
      delete: { mutate: calls.remove },
      retrySync: { mutate: calls.retrySync },
      whatIf: { query: vi.fn(() => new Promise(() => undefined)) },
    },
    billing: { lemonsqueezy: { variants: { query: vi.fn(later(extra.variants ?? (() => Promise.reject(refusal('PRECONDITION_FAILED', 'lemonSqueezyApiKey: Lemon Squeezy is not configured'))))) } } },
  };
  const view = renderWithServices(<PackagesPage tenant={TENANT} />, { api });
  return { container: view.container, calls, unmount: view.unmount, view, list: api.packages.list.query };
}

const text = () => document.body.textContent ?? '';
const button = (name: string | RegExp) => {
  const found = Array.from(document.querySelectorAll('button')).find((b) => (typeof name === 'string' ? (b.getAttribute('aria-label') ?? b.textContent)?.trim() === name : name.test(b.getAttribute('aria-label') ?? b.textContent ?? '')));
  if (!found) throw new Error(`no button ${name}`);
  return found;
};
const click = (el: HTMLElement) => act(() => el.click());
function type(input: HTMLInputElement, value: string) {
  act(() => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
const key = (el: Element, k: string) => act(() => void el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true })));

describe('packages page', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('lists packages with their state, sale and sync, and previews the active ones', async () => {
    const { container, unmount } = render(async () => [
      aPackage({ salePrice: 19, saleState: 'active', effectivePrice: 19, saleEndsAt: '2099-12-01T00:00:00.000Z' }),
      aPackage({ id: 'pkg_pro', name: 'Pro', price: 79, effectivePrice: 79, isPopular: true, syncState: 'failed', syncError: 'Lemon Squeezy: variant 42 does not exist' }),
      aPackage({ id: 'pkg_old', name: 'Legacy', isActive: false, archivedAt: '2026-01-01T00:00:00.000Z' }),
    ]);
    expect(container.querySelector('[aria-busy="true"]')).not.toBeNull(); // skeletons first
    await until(() => expect(container.querySelectorAll('[data-testid=package-row]')).toHaveLength(3));
    expect(text()).toContain('Archived');
    expect(text()).toContain('Sync failed: Lemon Squeezy: variant 42 does not exist');
    const cards = container.querySelectorAll('[data-testid=price-card]');
    expect(Array.from(cards, (c) => c.querySelector('h3')?.textContent)).toEqual(['Starter', 'Pro']);
    expect(cards[0]!.querySelector('s')?.textContent).toContain('$29');
    expect(cards[1]!.textContent).toContain('Most popular');
    unmount();
  });

  it('shows a sync finishing when the core pushes it, without asking the core on a timer', async () => {
    let state: PackageView['syncState'] = 'pending';
    const { list, view, unmount } = render(async () => [aPackage({ syncState: state })]);
    await until(() => expect(list).toHaveBeenCalledTimes(1));
    await until(() => expect(text()).toContain('Pending sync'));
    // Well past the old 5-second poll: nothing is read again on its own.
    await act(() => new Promise((r) => setTimeout(r, 50)));
    expect(list).toHaveBeenCalledTimes(1);

    state = 'synced';
    const pushed = (view as Rendered).queryClient;
    await act(async () => invalidateFor(pushed, createTRPCOptionsProxy<AppRouter>({ client: view.services.api, queryClient: pushed }), { topic: 'packages', at: new Date().toISOString() }));
    await until(() => expect(list).toHaveBeenCalledTimes(2));
    await until(() => expect(text()).toContain('Synced'));
    expect(text()).not.toContain('Pending sync');
    unmount();
  });

  it('retries a failed sync, and reports a refusal in the server’s words', async () => {
    const { calls, unmount } = render(async () => [aPackage({ syncState: 'failed', syncError: 'boom' })], {
      retrySync: () => Promise.reject(refusal('PRECONDITION_FAILED', 'stripeSecretKey: Stripe is not configured')),
    });
    await until(() => button('Retry sync of Starter'));
    await click(button('Retry sync of Starter'));
    await until(() => expect(text()).toContain('Sync of Starter could not be retried: stripeSecretKey: Stripe is not configured'));
    expect(calls.retrySync).toHaveBeenCalledWith({ id: 'pkg_starter' });
    unmount();
  });

  it('invites the owner to create the first tier when there is none, and shows load errors in the server’s words', async () => {
    const empty = render(async () => []);
    await until(() => expect(text()).toContain('No packages yet — create your first tier'));
    empty.unmount();
    document.body.innerHTML = '';
    const failing = render(() => Promise.reject(refusal('FORBIDDEN', 'this needs an ADMIN of the tenant')));
    await until(() => expect(text()).toContain('Packages could not be loaded'));
    expect(text()).toContain('this needs an ADMIN of the tenant');
    failing.unmount();
  });

  it('picks the Lemon Squeezy variant from the store when it can be listed, else asks for the ID', async () => {
    const variant = (id: string, name: string, more: Record<string, unknown> = {}) => ({
      id, productId: 'p1', name, status: 'published', price: 29, interval: 'month', intervalCount: 1, isSubscription: true, testMode: false, usable: true, packageId: null, packageName: null, ...more,
    });
    const listed = render(async () => [aPackage({ variantId: '1' })], {
      variants: async () => [variant('1', 'Starter monthly', { packageId: 'pkg_starter', packageName: 'Starter' }), variant('2', 'Pro monthly', { packageId: 'pkg_pro', packageName: 'Pro' }), variant('3', 'Draft', { status: 'draft', usable: false })],
    });
    await until(() => button('Edit Starter'));
    await click(button('Edit Starter'));
    await until(() => document.querySelector('select#pkg-variantId'));
    const options = Array.from(document.querySelectorAll<HTMLOptionElement>('#pkg-variantId option'), (o) => [o.textContent, o.disabled]);
    expect(options).toEqual([
      ['None: not sold through Lemon Squeezy', false],
      ['Starter monthly · $29/month — 1', false],
      ['Pro monthly · $29/month — 2 (used by Pro)', false],
      ['Draft · $29/month — 3 (draft)', true],
    ]);
    expect((document.getElementById('pkg-variantId') as HTMLSelectElement).value).toBe('1');
    listed.unmount();
    document.body.innerHTML = '';

    const unlisted = render(async () => [aPackage()]);
    await until(() => button(/New package/));
    await click(button(/New package/));
    await until(() => expect(text()).toContain('Lemon Squeezy is not connected yet'));
    expect(document.querySelector('input#pkg-variantId')).not.toBeNull();
    unlisted.unmount();
  });

  it('offers to undo a deactivation: Undo makes the package active again', async () => {
    const { calls, unmount } = render(async () => [aPackage()], {
      upsert: async (input) => ({ created: false, package: aPackage({ isActive: (input as { isActive: boolean }).isActive }) }),
    });
    await until(() => button('Deactivate Starter'));
    await click(button('Deactivate Starter'));
    await until(() => expect(document.querySelector('[role=status] [data-testid=toast]')?.textContent).toContain('Starter is inactive and off the pricing page.'));
    expect(calls.upsert).toHaveBeenLastCalledWith({ id: 'pkg_starter', isActive: false });
    await click(button('Undo'));
    await until(() => expect(text()).toContain('Starter is active again.'));
    expect(calls.upsert).toHaveBeenLastCalledWith({ id: 'pkg_starter', isActive: true });
    unmount();
  });

  it('asks before deleting, says how many subscribe, and reports an archive', async () => {
    const reason = 'archived instead of deleted: 3 subscriptions belong to this package, and their history and limits must stay intact';
    const { calls, unmount } = render(async () => [aPackage({ subscribers: 3 })], { remove: async () => ({ archived: true, reason, package: aPackage({ archivedAt: 'x' }) }) });
    await until(() => button('Delete Starter'));
    await click(button('Delete Starter'));
    const dialog = document.querySelector('[role=alertdialog]')!;
    expect(dialog.querySelector('[data-testid=delete-subscribers]')?.textContent).toMatch(/^3 members subscribe to Starter, so it is archived, not deleted: they keep their plan/);
    expect(document.activeElement?.textContent).toBe('Cancel');
    await click(button('Delete package'));
    await until(() => expect(text()).toContain(`Starter was ${reason}.`));
    expect(calls.remove).toHaveBeenCalledWith({ id: 'pkg_starter' });
    expect(document.querySelector('[role=alertdialog]')).toBeNull();
    unmount();
  });

  it('the editor validates after a field is left, maps server errors to fields, and asks before discarding', async () => {
    const { calls, unmount } = render(async () => [aPackage()], {
      upsert: () => Promise.reject(refusal('CONFLICT', 'name: this tenant already has a package named "Starter"')),
    });
    await until(() => button(/New package/));
    await click(button(/New package/));
    await until(() => document.getElementById('pkg-name'));
    const input = (id: string) => document.getElementById(id) as HTMLInputElement;

    type(input('pkg-price'), '29');
    type(input('pkg-salePrice'), '39');
    expect(document.querySelector('[data-testid=error-salePrice]')).toBeNull(); // not before the field is left
    act(() => input('pkg-salePrice').dispatchEvent(new FocusEvent('focusout', { bubbles: true })));
    expect(document.querySelector('[data-testid=error-salePrice]')?.textContent).toBe('Must be below price');
    type(input('pkg-salePrice'), '19');
    expect(document.querySelector('[data-testid=error-salePrice]')).toBeNull(); // updated as they type

    // Enter adds a display feature instead of submitting.
    const feature = input('pkg-displayFeatures');
    type(feature, 'Community access');
    key(feature, 'Enter');
    expect(document.querySelector('.feature-list')?.textContent).toContain('Community access');

    type(input('pkg-name'), 'Starter');
    await click(button('Create package'));
    await until(() => expect(document.querySelector('[data-testid=error-name]')?.textContent).toBe('This tenant already has a package named "Starter"'));
    expect(calls.upsert).toHaveBeenCalledWith(expect.objectContaining({ name: 'Starter', price: 29, salePrice: 19, displayFeatures: ['Community access'] }));

    // Escape with unsaved changes asks first; "Keep editing" keeps the drawer.
    key(input('pkg-name'), 'Escape');
    expect(text()).toContain('Discard unsaved changes?');
    await click(button('Keep editing'));
    expect(document.getElementById('pkg-name')).not.toBeNull();
    key(input('pkg-name'), 'Escape');
    await click(button('Discard changes'));
    expect(document.getElementById('pkg-name')).toBeNull();
    // Drawer and confirm closed in one go: the page is usable again.
    expect(Array.from(document.body.children, (el) => (el as HTMLElement).inert)).not.toContain(true);
    unmount();
  });
});
