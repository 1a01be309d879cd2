// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clearToasts, Toasts } from '../../ui/Toast';
import { inverseOf, offerBulkUndo } from './BulkDialog';
import type { CatalogSnapshot } from './member-catalog';
import type { BulkOperation } from './types';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const catalog = { groups: [{ id: 'grp_vip0000001', name: 'VIP' }], spaces: [] } as unknown as CatalogSnapshot;
const op = (over: Partial<BulkOperation>): BulkOperation =>
  ({ id: 'blk_1', status: 'done', total: 4, done: 4, changed: 3, unchanged: 1, failed: 0, failures: [], parts: 0, error: null, changedUserIds: null, ...over }) as BulkOperation;

let root: Root | undefined;
function renderToasts() {
  const container = document.createElement('div');
  document.body.append(container);
  act(() => {
    root = createRoot(container);
    root.render(<Toasts />);
  });
}
afterEach(() => {
  act(() => root?.unmount());
  act(() => clearToasts());
  document.body.innerHTML = '';
});

const undoButton = () => [...document.querySelectorAll('button')].find((b) => b.textContent === 'Undo');

describe('undoing a bulk action', () => {
  it('starts the inverse action on exactly the members the action changed', async () => {
    renderToasts();
    const start = vi.fn(async () => ({}));
    const changed = ['user_aaaaaaaa1', 'user_bbbbbbbb2', 'user_cccccccc3'];
    act(() => offerBulkUndo(op({ action: { type: 'add_to_group', groupId: 'grp_vip0000001' }, changedUserIds: changed }), start, catalog));
    expect(document.querySelector('[role=status]')?.textContent).toContain('Added 3 members to VIP.');
    await act(async () => undoButton()!.click());
    expect(start).toHaveBeenCalledWith({ action: { type: 'remove_from_group', groupId: 'grp_vip0000001' }, target: { userIds: changed } });
    expect(document.body.textContent).toContain('Undoing it for 3 members; it runs in the background.');
  });

  it('offers nothing when nothing changed or the action has no inverse', () => {
    renderToasts();
    act(() => offerBulkUndo(op({ action: { type: 'change_role', role: 'ADMIN' }, changed: 0, changedUserIds: [] }), vi.fn(), catalog));
    act(() => offerBulkUndo(op({ action: { type: 'remove' }, changedUserIds: null }), vi.fn(), catalog));
    expect(undoButton()).toBeUndefined();
  });

  it('knows each inverse: groups swap, roles swap, removal and comp have none', () => {
    expect(inverseOf({ type: 'remove_from_group', groupId: 'grp_1' })).toEqual({ type: 'add_to_group', groupId: 'grp_1' });
    expect(inverseOf({ type: 'change_role', role: 'MEMBER' })).toEqual({ type: 'change_role', role: 'ADMIN' });
    expect(inverseOf({ type: 'remove' })).toBeNull();
    expect(inverseOf({ type: 'comp' })).toBeNull();
  });
});
