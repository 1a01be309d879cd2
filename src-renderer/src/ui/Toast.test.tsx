// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearToasts, offerUndo, Toasts, UNDO_MS } from './Toast';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root;
beforeEach(() => {
  vi.useFakeTimers();
  const container = document.createElement('div');
  document.body.append(container);
  act(() => {
    root = createRoot(container);
    root.render(<Toasts />);
  });
});
afterEach(() => {
  act(() => root.unmount());
  act(() => clearToasts());
  vi.useRealTimers();
  document.body.innerHTML = '';
});

const toastText = () => document.querySelector('[data-testid=toast]')?.textContent ?? null;
const undoButton = () => [...document.querySelectorAll('button')].find((b) => b.textContent === 'Undo');

describe('the undo toast', () => {
  it('is announced as a status and goes away after about ten seconds', () => {
    act(() => void offerUndo('Starter is inactive.', async () => undefined));
    expect(document.querySelector('[role=status]')?.textContent).toContain('Starter is inactive.');
    act(() => vi.advanceTimersByTime(UNDO_MS - 100));
    expect(undoButton()).toBeDefined();
    act(() => vi.advanceTimersByTime(200));
    expect(toastText()).toBeNull();
  });

  it('stays while the keyboard focus is on Undo, so a keyboard user can reach it', () => {
    act(() => void offerUndo('Ada is now an admin.', async () => undefined));
    act(() => undoButton()!.focus());
    act(() => vi.advanceTimersByTime(UNDO_MS * 3));
    expect(toastText()).toContain('Ada is now an admin.');
  });

  it('applies the inverse once, then says so; a refused undo says why', async () => {
    const inverse = vi.fn(async () => undefined);
    act(() => void offerUndo('Ada was removed from VIP.', inverse));
    await act(async () => undoButton()!.click());
    expect(inverse).toHaveBeenCalledTimes(1);
    expect(toastText()).toContain('Undone.');
    expect(undoButton()).toBeUndefined();

    act(() => void offerUndo('Ada is no longer an admin.', () => Promise.reject(new Error('Ada is no longer a member of this community'))));
    await act(async () => undoButton()!.click());
    expect(document.body.textContent).toContain('Could not undo: Ada is no longer a member of this community');
  });

  it('shows one Undo at a time: a newer change replaces the older offer', () => {
    act(() => void offerUndo('First.', async () => undefined));
    act(() => void offerUndo('Second.', async () => undefined));
    expect([...document.querySelectorAll('[data-testid=toast]')].map((t) => t.textContent)).toEqual([expect.stringContaining('Second.')]);
  });
});
