import { useEffect, useEffectEvent, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

/**
 * A button that opens a small panel under it (a menu, a filter editor). A click outside or Escape
 * closes it, and Escape puts the focus back on the button. `children` gets a `close` to call.
 */
export function Popover({
  trigger,
  label,
  buttonClassName = 'button',
  panelClassName,
  role = 'dialog',
  align = 'start',
  open: controlledOpen,
  onOpenChange,
  disabled,
  children,
}: {
  trigger: ReactNode;
  /** Accessible name of the button when its content is not enough (an icon). */
  label?: string;
  buttonClassName?: string;
  panelClassName?: string;
  role?: 'dialog' | 'menu';
  align?: 'start' | 'end';
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  disabled?: boolean;
  children: (close: () => void) => ReactNode;
}) {
  const [ownOpen, setOwnOpen] = useState(false);
  const open = controlledOpen ?? ownOpen;
  const setOpen = (next: boolean) => {
    setOwnOpen(next);
    onOpenChange?.(next);
  };
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const panelId = useId();

  const closeOutside = useEffectEvent(() => {
    setOwnOpen(false);
    onOpenChange?.(false);
  });

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) closeOutside();
    };
    document.addEventListener('pointerdown', onPointer);
    // Focus the first thing to use inside the panel, so the keyboard carries on from there.
    const first = panelRef.current?.querySelector<HTMLElement>('[data-autofocus], input, select, button, [tabindex="0"]');
    first?.focus();
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
      buttonRef.current?.focus();
      return;
    }
    if (role === 'menu' && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      const items = Array.from(panelRef.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? []);
      if (items.length === 0) return;
      event.preventDefault();
      const at = items.indexOf(document.activeElement as HTMLElement);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      items[(at + step + items.length) % items.length]?.focus();
    }
  }

  // By id rather than the ref: `close` is handed to children while rendering.
  const buttonId = `${panelId}-button`;
  const close = () => {
    setOpen(false);
    document.getElementById(buttonId)?.focus();
  };

  return (
    <div className="popover" ref={rootRef}>
      <button
        ref={buttonRef}
        id={buttonId}
        type="button"
        className={buttonClassName}
        aria-haspopup={role}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-label={label}
        disabled={disabled}
        onClick={() => setOpen(!open)}
      >
        {trigger}
      </button>
      {open && (
        <div
          ref={panelRef}
          id={panelId}
          role={role}
          aria-label={label ?? (typeof trigger === 'string' ? trigger : undefined)}
          className={`popover-panel popover-${align}${panelClassName ? ` ${panelClassName}` : ''}`}
          onKeyDown={onKeyDown}
        >
          {children(close)}
        </div>
      )}
    </div>
  );
}
