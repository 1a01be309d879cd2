/// <reference types="vite/client" />
import type { DesktopBridge } from '../../src-shared/ipc';

declare global {
  interface Window {
    /** Present only inside the Electron window, put there by the preload. */
    tenantConsole?: DesktopBridge;
  }
}

export {};
