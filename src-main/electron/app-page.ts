import { fileURLToPath, pathToFileURL } from 'node:url';

/** Where the built bundles sit relative to the main bundle (out/main/index.js). */
export interface BundlePaths {
  preload: string;
  rendererIndex: string;
}

export function bundlePaths(mainModuleUrl: string): BundlePaths {
  return {
    preload: fileURLToPath(new URL('../preload/preload.cjs', mainModuleUrl)),
    rendererIndex: fileURLToPath(new URL('../renderer/index.html', mainModuleUrl)),
  };
}

/**
 * The one page the window may show: the built renderer on disk, or the dev server in development.
 * Navigation guards and the IPC sender check both ask it whether a URL is ours.
 */
export interface AppPage {
  /** What the window loads: a file path (loadFile) or a URL (loadURL). */
  readonly source: { kind: 'file'; path: string } | { kind: 'url'; url: string };
  isAppUrl(url: string): boolean;
}

export function appPage(options: { rendererIndex: string; devServerUrl?: string }): AppPage {
  if (options.devServerUrl) {
    const dev = parse(options.devServerUrl);
    // Only an http(s) origin is a real origin; file: and friends all share the origin "null".
    if (!dev || (dev.protocol !== 'http:' && dev.protocol !== 'https:')) {
      throw new Error(`ELECTRON_RENDERER_URL must be an http(s) URL (got "${options.devServerUrl}")`);
    }
    const origin = dev.origin;
    return {
      source: { kind: 'url', url: options.devServerUrl },
      isAppUrl: (url) => parse(url)?.origin === origin,
    };
  }
  const expected = pathToFileURL(options.rendererIndex).pathname;
  return {
    source: { kind: 'file', path: options.rendererIndex },
    // Any other file:// URL would be a page of the owner's disk, not ours; hash routes are fine.
    isAppUrl: (url) => {
      const parsed = parse(url);
      return parsed?.protocol === 'file:' && parsed.host === '' && parsed.pathname === expected;
    },
  };
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
