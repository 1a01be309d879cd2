import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { messageOf } from '../api/errors';
import { Icon } from './Icon';
import './toast.css';

/** How long an Undo stays offered. */
export const UNDO_MS = 10_000;
/** How long "Undone." (or another settled message) stays. */
const SETTLED_MS = 4_000;

interface ToastItem {
  id: number;
  message: string;
  undo?: () => Promise<unknown>;
  undone?: string;
  phase: 'offered' | 'undoing' | 'settled';
  ms: number;
}

// One list for the whole window: a change made in a drawer keeps its Undo after the drawer closes.
let items: ToastItem[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());
const update = (id: number, patch: Partial<ToastItem>) => {
  items = items.map((t) => (t.id === id ? { ...t, ...patch } : t));
  emit();
};

export function dismissToast(id: number): void {
  items = items.filter((t) => t.id !== id);
  emit();
}

/**
 * Offers to undo a change that just happened: `undo` applies the inverse through the same
 * procedures. The newest offer replaces an older one still showing (one Undo at a time is clear).
 */
export function offerUndo(message: string, undo: () => Promise<unknown>, undone = 'Undone.'): number {
  const id = nextId++;
  items = [...items.filter((t) => t.phase !== 'offered'), { id, message, undo, undone, phase: 'offered', ms: UNDO_MS }];
  emit();
  return id;
}

/** A toast with no action: a result in one sentence. */
export function showToast(message: string): number {
  const id = nextId++;
  items = [...items, { id, message, phase: 'settled', ms: SETTLED_MS }];
  emit();
  return id;
}

/** @internal tests start from no toasts. */
export function clearToasts(): void {
  items = [];
  emit();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** Where toasts appear; a page that offers Undo renders one. Announced politely (role=status). */
export function Toasts() {
  const list = useSyncExternalStore(subscribe, () => items);
  return (
    <div className="toast-region" role="status" aria-live="polite" data-testid="toasts">
      {list.map((t) => (
        <Toast key={t.id} item={t} />
      ))}
    </div>
  );
}

function Toast({ item }: { item: ToastItem }) {
  const [paused, setPaused] = useState(false);
  const hovered = useRef(false);
  const focused = useRef(false);
  const syncPause = () => setPaused(hovered.current || focused.current);

  // It goes away by itself, but not while the pointer or the keyboard focus is on it (time to read and reach Undo).
  useEffect(() => {
    if (paused || item.phase === 'undoing') return;
    const timer = setTimeout(() => dismissToast(item.id), item.ms);
    return () => clearTimeout(timer);
  }, [paused, item.id, item.ms, item.phase]);

  async function undo() {
    if (!item.undo || item.phase !== 'offered') return;
    update(item.id, { phase: 'undoing' });
    try {
      await item.undo();
      update(item.id, { phase: 'settled', message: item.undone ?? 'Undone.', ms: SETTLED_MS });
    } catch (err) {
      update(item.id, { phase: 'settled', message: `Could not undo: ${messageOf(err)}`, ms: UNDO_MS });
    }
  }

  return (
    <div
      className="toast"
      data-testid="toast"
      onPointerEnter={() => ((hovered.current = true), syncPause())}
      onPointerLeave={() => ((hovered.current = false), syncPause())}
      onFocus={() => ((focused.current = true), syncPause())}
      onBlur={() => ((focused.current = false), syncPause())}
    >
      <span className="toast-text">{item.message}</span>
      {item.undo && item.phase !== 'settled' && (
        <button type="button" className="toast-action" onClick={() => void undo()} disabled={item.phase === 'undoing'}>
          {item.phase === 'undoing' ? 'Undoing…' : 'Undo'}
        </button>
      )}
      <button type="button" className="toast-close" aria-label="Dismiss" onClick={() => dismissToast(item.id)}>
        <Icon name="close" size={12} />
      </button>
    </div>
  );
}
