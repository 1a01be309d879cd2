import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../src-main/core/platform/logger';
import { startNotifications, webhooksFailingWatch, type NotifiableEvent, type SubscribeToEvents } from '../../../src-main/electron/notifications';
import { outboxFrom, outboxLine } from '../../../src-main/electron/tray';

describe('webhooks failing', () => {
  it('is told once when webhooks start failing, and again only after they recovered', () => {
    const watch = webhooksFailingWatch();
    expect(watch(0)).toBeNull();
    expect(watch(3)).toMatchObject({ kind: 'webhooksFailing', title: 'Webhooks are failing', route: 'webhooks' });
    expect(watch(5)).toBeNull();
    expect(watch(0)).toBeNull();
    expect(watch(1)?.body).toMatch(/^1 webhook is failing/);
  });

  it('counts inbound processing and deliveries that retry or gave up, not other work', () => {
    const { outbox, webhooksFailing } = outboxFrom([
      { workKind: 'webhooks', queued: 2, retrying: 1, failed: 0 },
      { workKind: 'deliveries', queued: 0, retrying: 0, failed: 2 },
      { workKind: 'sync', queued: 4, retrying: 4, failed: 1 },
    ]);
    expect(webhooksFailing).toBe(3);
    expect(outboxLine(outbox)).toBe('Outbox: 6 waiting, 5 retrying, 3 failed');
    expect(outboxLine({ queued: 0, retrying: 0, failed: 0 })).toBe('Outbox: all sent');
  });
});

describe('the notifications adapter', () => {
  it('subscribes by name, shows an event once however often it is delivered, and obeys the switch', async () => {
    const listeners = new Map<string, (e: NotifiableEvent) => Promise<void>>();
    const subscribe: SubscribeToEvents = (type, listener, options) => {
      listeners.set(`${type}/${options.name}`, listener);
      return () => listeners.delete(`${type}/${options.name}`);
    };
    const switches = { on: true, isOn: vi.fn(async () => switches.on) };
    const show = vi.fn();
    const notifier = startNotifications({ subscribe, switches, show, logger: silentLogger, names: async () => ({ member: 'Ada', tenant: 'Book club', packageName: 'Founders Circle' }) });
    expect([...listeners.keys()]).toEqual(['subscription.created/desktop-notifications', 'payment.failed/desktop-notifications', 'campaign.finished/desktop-notifications']);
    await listeners.get('campaign.finished/desktop-notifications')!({ id: 'evt_c', type: 'campaign.finished', tenantId: 't', data: { subject: 'Spring news', sent: 120 } });
    expect(show).toHaveBeenLastCalledWith(expect.objectContaining({ kind: 'campaignFinished', title: 'Campaign sent', body: '"Spring news" went to 120 members of Book club', route: 'campaigns' }));
    show.mockClear();

    const event = { id: 'evt_1', type: 'subscription.created', tenantId: 't', data: { userId: 'u', status: 'trialing' } };
    await listeners.get('subscription.created/desktop-notifications')!(event);
    await listeners.get('subscription.created/desktop-notifications')!(event);
    expect(show).toHaveBeenCalledTimes(1);
    expect(show.mock.calls[0]![0]).toMatchObject({ title: 'New paid member', body: 'Ada started Founders Circle in Book club' });

    switches.on = false;
    expect(await notifier.notify(webhooksFailingWatch()(1)!)).toBe(false);
    expect(show).toHaveBeenCalledTimes(1);
    notifier.stop();
    expect(listeners.size).toBe(0);
  });
});
