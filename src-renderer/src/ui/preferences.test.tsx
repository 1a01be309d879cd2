// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { beforeEach, describe, expect, it } from 'vitest';
import { applyTheme, storedTheme, useSidebarCollapsed, useTheme } from './preferences';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function Probe() {
  const [theme, setTheme] = useTheme();
  const [collapsed, toggle] = useSidebarCollapsed();
  return (
    <>
      <button id="dark" onClick={() => setTheme('dark')}>{theme}</button>
      <button id="system" onClick={() => setTheme('system')} />
      <button id="collapse" onClick={toggle}>{String(collapsed)}</button>
    </>
  );
}

function mount() {
  const el = document.createElement('div');
  document.body.append(el);
  const root = createRoot(el);
  act(() => root.render(<Probe />));
  return { root, click: (id: string) => act(() => document.getElementById(id)!.click()), text: (id: string) => document.getElementById(id)!.textContent };
}

describe('window preferences', () => {
  beforeEach(() => {
    localStorage.clear();
    document.body.innerHTML = '';
    applyTheme('system');
  });

  it('follows the system until a theme is chosen, and keeps the choice for the next start', () => {
    const page = mount();
    expect(document.documentElement.dataset.theme).toBeUndefined();
    page.click('dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(storedTheme()).toBe('dark');
    act(() => page.root.unmount());
    expect(mount().text('dark')).toBe('dark');
    document.getElementById('system')!.click();
  });

  it('remembers a collapsed sidebar', () => {
    const page = mount();
    expect(page.text('collapse')).toBe('false');
    page.click('collapse');
    act(() => page.root.unmount());
    expect(mount().text('collapse')).toBe('true');
  });
});
