import { useCallback, useState } from 'react';

// Window preferences kept on this computer (not per community): the colour theme and whether the
// sidebar is collapsed. "system" follows the OS setting through CSS alone (prefers-color-scheme).

export type ThemeChoice = 'system' | 'light' | 'dark';
export const THEMES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

const THEME_KEY = 'tc.theme';
const SIDEBAR_KEY = 'tc.sidebar.collapsed';

function read(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(key, value);
  } catch {
    // Storage refused: the choice holds for this window only.
  }
}

export function storedTheme(): ThemeChoice {
  const value = read(THEME_KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
}

/** Sets `data-theme` on <html> ("system": none, so the stylesheet follows the OS). */
export function applyTheme(choice: ThemeChoice, root: HTMLElement | undefined = globalThis.document?.documentElement): void {
  if (!root) return;
  if (choice === 'system') delete root.dataset.theme;
  else root.dataset.theme = choice;
}

// The stored theme is applied as soon as the UI kit loads, before the first paint of a page.
applyTheme(storedTheme());

export function useTheme(): [ThemeChoice, (choice: ThemeChoice) => void] {
  const [theme, setTheme] = useState(storedTheme);
  const choose = useCallback((choice: ThemeChoice) => {
    write(THEME_KEY, choice);
    applyTheme(choice);
    setTheme(choice);
  }, []);
  return [theme, choose];
}

export function useSidebarCollapsed(): [boolean, () => void] {
  const [collapsed, setCollapsed] = useState(() => read(SIDEBAR_KEY) === '1');
  const toggle = useCallback(() => {
    setCollapsed((was) => {
      write(SIDEBAR_KEY, was ? '0' : '1');
      return !was;
    });
  }, []);
  return [collapsed, toggle];
}
