import { useEffect, useEffectEvent, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

/** Open layers, newest last: only the newest is usable, everything else on the page is inert. */
const layers: HTMLElement[] = [];
const inertBefore = new Map<Element, boolean>();

function applyInert() {
  const top = layers.at(-1);
  for (const el of Array.from(document.body.children)) {
    if (!(el instanceof HTMLElement)) continue;
    if (!inertBefore.has(el)) inertBefore.set(el, el.inert);
    el.inert = top ? el !== top : inertBefore.get(el)!;
  }
  if (!top) inertBefore.clear();
}

const FOCUSABLE = 'a[href], button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [tabindex]:not([tabindex="-1"])';

/**
 * A modal layer: a centred dialog or a drawer from the right. Everything behind it is inert, Tab
 * stays inside, Escape and a click on the backdrop ask `onRequestClose` (which may say no), and
 * focus returns to where it was when the layer closes. Layers stack: the newest one is in charge.
 */
export function Modal({
  labelledBy,
  describedBy,
  variant = 'dialog',
  onRequestClose,
  initialFocus,
  role = 'dialog',
  className,
  children,
}: {
  labelledBy: string;
  describedBy?: string;
  variant?: 'dialog' | 'drawer';
  onRequestClose: () => void;
  /** A selector inside the layer to focus first; otherwise the first focusable element. */
  initialFocus?: string;
  role?: 'dialog' | 'alertdialog';
  className?: string;
  children: ReactNode;
}) {
  const layerRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const focusFirst = useEffectEvent(() => {
    const panel = panelRef.current;
    const target = (initialFocus && panel?.querySelector<HTMLElement>(initialFocus)) || panel?.querySelector<HTMLElement>(FOCUSABLE) || panel;
    target?.focus();
  });

  useEffect(() => {
    const layer = layerRef.current;
    if (!layer) return;
    const returnTo = document.activeElement as HTMLElement | null;
    layers.push(layer);
    applyInert();
    focusFirst();
    return () => {
      layers.splice(layers.indexOf(layer), 1);
      applyInert();
      // Once every layer closing in this commit has let go (a drawer and its confirm close together).
      queueMicrotask(() => {
        if (returnTo?.isConnected && !returnTo.closest('[inert]')) returnTo.focus();
      });
    };
  }, []);

  function onKeyDown(event: KeyboardEvent) {
    // React events bubble through portals: keys pressed in a confirm stacked on this layer are its own.
    if (!event.currentTarget.contains(event.target as Node)) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      onRequestClose();
      return;
    }
    if (event.key !== 'Tab' || !panelRef.current) return;
    const items = Array.from(panelRef.current.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => el.offsetParent !== null || el === document.activeElement);
    if (items.length === 0) return;
    const first = items[0]!;
    const last = items[items.length - 1]!;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  return createPortal(
    <div ref={layerRef} className={`modal-layer modal-layer-${variant}`} onKeyDown={onKeyDown}>
      <div className="modal-backdrop" aria-hidden="true" onMouseDown={onRequestClose} />
      <div
        ref={panelRef}
        role={role}
        aria-modal="true"
        aria-labelledby={labelledBy}
        aria-describedby={describedBy}
        tabIndex={-1}
        className={className ? `modal-panel modal-${variant} ${className}` : `modal-panel modal-${variant}`}
      >
        {children}
      </div>
    </div>,
    document.body,
  );
}
