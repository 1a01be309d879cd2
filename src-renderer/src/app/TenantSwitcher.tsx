import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { cookieSession, isCookieSession, switchCookieTenant } from '../api/browser-session';
import { messageOf } from '../api/errors';
import type { TenantSummary } from '../api/types';
import { paletteHueOf } from '../ui/Avatar';
import { pluralise } from '../ui/format';
import { Icon } from '../ui/Icon';
import { useServices } from './services';

/** The community being looked at, and a menu to look at another one. */
export function TenantSwitcher({ current, tenants }: { current: TenantSummary; tenants: TenantSummary[] }) {
  const { api, session } = useServices();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const itemRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    // Focus the current tenant so arrow keys start from there.
    itemRefs.current[Math.max(0, tenants.findIndex((t) => t.id === current.id))]?.focus();
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open, tenants, current.id]);

  async function choose(tenant: TenantSummary) {
    setOpen(false);
    buttonRef.current?.focus();
    if (tenant.id === current.id) return;
    setProblem(null);
    if (session.getState().mode === 'desktop') {
      session.getState().switchTenant(tenant.id);
      return;
    }
    // Over HTTP the session decides the tenant: a cookie session is moved to the other one, a
    // pasted token is traded for one there.
    setPending(tenant.id);
    try {
      if (isCookieSession(session.getState().token)) {
        await switchCookieTenant(tenant.id);
        session.getState().switchTenant(tenant.id, cookieSession(tenant.id));
        return;
      }
      const next = await api.tenants.switch.mutate({ tenantId: tenant.id });
      session.getState().switchTenant(next.tenantId, next.token);
    } catch (err) {
      setProblem(messageOf(err));
    } finally {
      setPending(null);
    }
  }

  function onMenuKey(event: KeyboardEvent) {
    const items = itemRefs.current.filter(Boolean) as HTMLButtonElement[];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'Escape') {
      event.preventDefault();
      setOpen(false);
      buttonRef.current?.focus();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      items[(at + step + items.length) % items.length]?.focus();
    } else if (event.key === 'Tab') {
      setOpen(false);
    }
  }

  return (
    <div className="tenant-switcher" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="tenant-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={`Community: ${current.name}. Switch community`}
        onClick={() => setOpen((o) => !o)}
        disabled={pending !== null}
      >
        <TenantMark name={current.name} seed={current.id} />
        <span className="tenant-text">
          <span className="tenant-name">{current.name}</span>
          <span className="tenant-meta">{pending ? 'Switching…' : pluralise(current.memberCount, 'member')}</span>
        </span>
        <Icon name="chevronDown" size={14} className="tenant-chevron" />
      </button>
      {problem && (
        <p className="tenant-problem" role="alert">
          {problem}
        </p>
      )}
      {open && (
        <div className="menu" id={menuId} role="menu" aria-label="Communities" onKeyDown={onMenuKey}>
          <div className="menu-heading">Communities</div>
          {tenants.map((tenant, index) => (
            <button
              key={tenant.id}
              ref={(el) => {
                itemRefs.current[index] = el;
              }}
              type="button"
              role="menuitemradio"
              aria-checked={tenant.id === current.id}
              className="menu-item"
              onClick={() => void choose(tenant)}
            >
              <TenantMark name={tenant.name} seed={tenant.id} small />
              <span className="tenant-text">
                <span className="tenant-name">{tenant.name}</span>
                <span className="tenant-meta">
                  {tenant.slug} · {pluralise(tenant.memberCount, 'member')}
                </span>
              </span>
              {tenant.id === current.id && <Icon name="check" size={16} className="menu-check" />}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

function TenantMark({ name, seed, small }: { name: string; seed: string; small?: boolean }) {
  const hue = paletteHueOf(seed);
  return (
    <span className={small ? 'tenant-mark tenant-mark-small' : 'tenant-mark'} aria-hidden="true" style={{ background: `hsl(${hue} 58% 48%)` }}>
      {name.trim().charAt(0).toUpperCase() || '?'}
    </span>
  );
}
