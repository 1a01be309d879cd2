import { useEffect, useRef, type MouseEvent } from 'react';

/** A native checkbox that can also show "some" (indeterminate), which has no HTML attribute. */
export function Checkbox({
  checked,
  indeterminate = false,
  label,
  disabled,
  onChange,
  className,
}: {
  checked: boolean;
  indeterminate?: boolean;
  label: string;
  disabled?: boolean;
  /** Gets the click, so callers can read shiftKey for ranges. */
  onChange: (event: MouseEvent<HTMLInputElement>) => void;
  className?: string;
}) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = indeterminate;
  }, [indeterminate]);
  return (
    <input
      ref={ref}
      type="checkbox"
      className={className ? `checkbox ${className}` : 'checkbox'}
      aria-label={label}
      checked={checked}
      disabled={disabled}
      // A click (not change) so the shift key is known; React still wants onChange for a controlled box.
      onClick={onChange}
      onChange={() => undefined}
      onMouseDown={(e) => e.stopPropagation()}
    />
  );
}
