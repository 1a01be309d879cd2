import { describe, expect, it } from 'vitest';
import { ledgerIdOf } from './ExchangeView';
import { ago, prettyJson } from './format';
import { withFreshIdentity } from './lab/fresh-event';
import { targetProblem } from './target';
import type { Exchange } from './types';
import { parseWebhooksHash, webhooksHref } from './webhooks-route';

describe('the lab', () => {
  it('gives each send a new identity: a Stripe id and time, a Lemon Squeezy updated_at', () => {
    const now = new Date('2026-11-22T10:00:00.000Z');
    const stripe = withFreshIdentity('stripe', { id: 'evt_template', created: 1, type: 't' }, now);
    expect(stripe?.id).toMatch(/^evt_lab_/);
    expect(stripe?.created).toBe(Math.floor(now.getTime() / 1000));
    expect(stripe?.type).toBe('t');
    const ls = withFreshIdentity('lemonsqueezy', { meta: {}, data: { id: '1', attributes: { updated_at: 'old', status: 'active' } } }, now) as {
      data: { attributes: Record<string, string> };
    };
    expect(ls.data.attributes).toEqual({ updated_at: now.toISOString(), status: 'active' });
    expect(withFreshIdentity('stripe', [1, 2])).toBeNull();
    expect(withFreshIdentity('lemonsqueezy', { meta: {} })).toBeNull();
  });

  it('checks a target URL before sending', () => {
    expect(targetProblem({ kind: 'self', url: '' })).toBeNull();
    expect(targetProblem({ kind: 'url', url: 'http://localhost:3000/api/webhooks' })).toBeNull();
    expect(targetProblem({ kind: 'url', url: '' })).toMatch(/^Enter the URL/);
    expect(targetProblem({ kind: 'url', url: 'localhost:3000' })).toMatch(/http/);
    expect(targetProblem({ kind: 'url', url: 'ftp://x' })).toMatch(/Only http/);
  });

  it('finds the ledger id in this console’s answer, to open the stored event', () => {
    const exchange = (body: string): Exchange => ({
      request: { url: 'http://127.0.0.1/api/webhooks/stripe', method: 'POST', headers: {}, body: '{}' },
      response: { status: 200, headers: {}, body, truncated: false },
      error: null,
      durationMs: 5,
    });
    expect(ledgerIdOf(exchange('{"received":true,"id":"whe_abc","duplicate":false}'))).toBe('whe_abc');
    expect(ledgerIdOf(exchange('ok'))).toBeNull();
    expect(prettyJson('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyJson('not json')).toBe('not json');
  });
});

describe('the page address and the stream clock', () => {
  it('reads and writes the tab and the open event in the hash', () => {
    expect(parseWebhooksHash('#/webhooks')).toEqual({ tab: 'events', eventId: null });
    expect(parseWebhooksHash('#/webhooks/lab')).toEqual({ tab: 'lab', eventId: null });
    expect(parseWebhooksHash(webhooksHref('events', 'whe_123'))).toEqual({ tab: 'events', eventId: 'whe_123' });
    expect(parseWebhooksHash('#/webhooks/nonsense')).toEqual({ tab: 'events', eventId: null });
  });

  it('counts seconds in the stream', () => {
    const now = Date.parse('2026-11-22T10:00:00.000Z');
    expect(ago('2026-11-22T09:59:58.000Z', now)).toBe('just now');
    expect(ago('2026-11-22T09:59:48.000Z', now)).toBe('12 s ago');
    expect(ago('2026-11-22T09:57:00.000Z', now)).toBe('3 min ago');
    expect(ago('2026-11-22T07:00:00.000Z', now)).toBe('3 h ago');
  });
});
