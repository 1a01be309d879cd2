import type { MenuItemConstructorOptions } from 'electron';

/** The console's pages (the renderer's hash routes) in sidebar order, each with a shortcut. */
export const PAGES = [
  { route: 'dashboard', label: 'Dashboard' },
  { route: 'members', label: 'Members' },
  { route: 'packages', label: 'Packages' },
  { route: 'campaigns', label: 'Campaigns' },
  { route: 'webhooks', label: 'Webhooks' },
  { route: 'settings', label: 'Settings' },
] as const;
export type PageRoute = (typeof PAGES)[number]['route'];

export interface AppMenuActions {
  goTo(route: PageRoute): void;
  openLogs(): void;
}

/** The application menu: the platform's standard roles (so copy, paste, undo, zoom and quit work), plus Go. */
export function appMenuTemplate(platform: NodeJS.Platform, actions: AppMenuActions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const go: MenuItemConstructorOptions = {
    label: 'Go',
    submenu: PAGES.map(({ route, label }, i) => ({
      label,
      accelerator: `CmdOrCtrl+${i + 1}`,
      click: () => actions.goTo(route),
    })),
  };
  const settings: MenuItemConstructorOptions = { label: 'Settings…', accelerator: 'CmdOrCtrl+,', click: () => actions.goTo('settings') };
  return [
    ...(mac ? [{ role: 'appMenu' as const, submenu: [{ role: 'about' as const }, { type: 'separator' as const }, settings, { type: 'separator' as const }, { role: 'hide' as const }, { role: 'hideOthers' as const }, { role: 'unhide' as const }, { type: 'separator' as const }, { role: 'quit' as const }] }] : []),
    { label: 'File', submenu: [...(mac ? [] : [settings, { type: 'separator' as const }]), mac ? { role: 'close' as const } : { role: 'quit' as const }] },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    go,
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: 'Show Log Files', click: () => actions.openLogs() }] },
  ];
}
