import type { LabTarget } from './types';

export interface TargetChoice {
  kind: 'self' | 'url';
  url: string;
}

export const EXAMPLE_TARGET_URL = 'http://localhost:3000/api/webhooks';
const STORAGE_KEY = 'tenant-console.webhooks.target-url';

/** Why the URL cannot be sent to, in the owner's words; null when it can. */
export function targetProblem(choice: TargetChoice): string | null {
  if (choice.kind === 'self') return null;
  const text = choice.url.trim();
  if (!text) return 'Enter the URL to send to, such as ' + EXAMPLE_TARGET_URL;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'This is not a URL. Start it with http:// or https://';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'Only http:// and https:// URLs can receive webhooks';
  return null;
}

/** "This console" is the console owner's target; anyone else sends to a URL. */
export function allowedChoice(choice: TargetChoice, selfAllowed: boolean): TargetChoice {
  return selfAllowed || choice.kind === 'url' ? choice : { ...choice, kind: 'url' };
}

export function toLabTarget(choice: TargetChoice): LabTarget {
  return choice.kind === 'self' ? 'self' : { url: choice.url.trim() };
}

/** The last URL the owner sent to, so the lab and replays start there next time. */
export function rememberedTargetUrl(): string {
  try {
    return window.localStorage.getItem(STORAGE_KEY) ?? '';
  } catch {
    return '';
  }
}

export function rememberTargetUrl(url: string): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, url.trim());
  } catch {
    // Storage may be off; the lab works without remembering.
  }
}
