import { useEffect, useState } from 'react';
import { Icon } from './Icon';

const COPY_PATH = 'M9 9h10v11H9zM5 15V4h10';

/** Puts text on the clipboard and says so for a moment; falls back when the Clipboard API is absent. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

export function CopyButton({ text, label = 'Copy', iconOnly = false, className }: { text: string; label?: string; iconOnly?: boolean; className?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 1600);
    return () => clearTimeout(timer);
  }, [state]);

  const said = state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label;
  return (
    <button
      type="button"
      className={`${iconOnly ? 'icon-button' : 'button button-small'} copy-button${state === 'copied' ? ' is-copied' : ''}${className ? ` ${className}` : ''}`}
      aria-label={iconOnly ? said : undefined}
      title={iconOnly ? said : undefined}
      onClick={() => void copyText(text).then((ok) => setState(ok ? 'copied' : 'failed'))}
    >
      {state === 'copied' ? (
        <Icon name="check" size={14} />
      ) : (
        <svg className="icon" width={14} height={14} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
          <path d={COPY_PATH} />
        </svg>
      )}
      {!iconOnly && <span aria-live="polite">{said}</span>}
    </button>
  );
}
