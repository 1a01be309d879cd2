// @vitest-environment happy-dom
import { TRPCClientError } from '@trpc/client';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { act } from 'react';
import { afterEach, expect, it, vi } from 'vitest';
import { invalidateFor } from '../../api/push';
import type { AppRouter } from '../../api/types';
import { renderWithServices, until, type Rendered } from '../../test-support/render';
import { ChatView } from './ChatView';
import { NotificationsBell } from './NotificationsBell';

let view: Rendered | undefined;
afterEach(() => {
  view?.unmount();
  view = undefined;
  document.body.innerHTML = '';
});

const message = (n: number, name: string, content: string) => ({
  id: `chat_${n}`,
  spaceId: 'space_1',
  userId: `user_${name}`,
  author: { id: `user_${name}`, name, profilePhotoUrl: null },
  content,
  timestamp: `2026-06-01T09:0${n}:00.000Z`,
  source: 'console' as const,
});

const pushed = (topic: 'chat' | 'notifications' | 'members') =>
  act(async () => invalidateFor(view!.queryClient, createTRPCOptionsProxy<AppRouter>({ client: view!.services.api, queryClient: view!.queryClient }), { topic, at: new Date().toISOString() }));
const texts = () => Array.from(document.querySelectorAll('[data-testid="chat-message"] .chat-text')).map((e) => e.textContent);

it('shows the history, sends with Enter, and shows a message another member sent when the core pushes "chat"', async () => {
  const items = [message(1, 'Ann Alpha', 'Morning all')];
  const list = vi.fn(async () => ({ items: [...items], olderCursor: null }));
  const send = vi.fn(async (input: { spaceId: string; content: string }) => {
    const m = message(2, 'Owner', input.content);
    items.push(m);
    return m;
  });
  view = renderWithServices(<ChatView spaceId="space_1" />, { api: { chat: { list: { query: list }, send: { mutate: send } } } });
  await until(() => expect(texts()).toEqual(['Morning all']));

  const box = document.querySelector('textarea')!;
  await act(async () => {
    const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
    setter.call(box, 'Hello there');
    box.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await act(async () => void box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })));
  await until(() => expect(texts()).toEqual(['Morning all', 'Hello there']));
  expect(send).toHaveBeenCalledWith({ spaceId: 'space_1', content: 'Hello there' });
  expect(box.value).toBe('');

  // Someone else writes (through the API or on Ably): the window hears "chat" and reads again.
  items.push(message(3, 'Bo Beta', 'Live from the app'));
  const calls = list.mock.calls.length;
  await pushed('members');
  await act(() => new Promise((r) => setTimeout(r, 30)));
  expect(list.mock.calls.length).toBe(calls);
  await pushed('chat');
  await until(() => expect(texts()).toEqual(['Morning all', 'Hello there', 'Live from the app']));
  expect(document.body.textContent).toContain('Bo Beta');
});

it('says why a message was refused, in the core\'s words', async () => {
  const list = vi.fn(async () => ({ items: [], olderCursor: null }));
  const send = vi.fn(async () => {
    throw TRPCClientError.from({ error: { code: -32600, message: 'spaceId: you are not a member of space space_1', data: { code: 'FORBIDDEN', httpStatus: 403 } } });
  });
  view = renderWithServices(<ChatView spaceId="space_1" />, { api: { chat: { list: { query: list }, send: { mutate: send } } } });
  await until(() => expect(document.body.textContent).toContain('No messages yet'));
  const box = document.querySelector('textarea')!;
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!.call(box, 'hi');
    box.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await act(async () => void document.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })));
  await until(() => expect(document.querySelector('[role="alert"]')?.textContent).toContain('you are not a member of space space_1'));
});

it('the bell counts unread notifications, lists them, and marks them read', async () => {
  let unread = 2;
  const items = [
    { id: 'ntf_1', kind: 'reply', title: 'Someone commented on your post', body: 'Open the post to read it and answer.', link: null, createdAt: new Date().toISOString(), readAt: null },
    { id: 'ntf_2', kind: 'payment_failed', title: 'Your payment failed', body: 'Update your payment method to keep your access.', link: null, createdAt: new Date().toISOString(), readAt: null },
  ];
  const list = vi.fn(async () => ({ items, unread }));
  const markRead = vi.fn(async () => {
    unread = 0;
    return { marked: 2 };
  });
  view = renderWithServices(<NotificationsBell />, { api: { notifications: { list: { query: list }, markRead: { mutate: markRead } } } });
  await until(() => expect(document.querySelector('[data-testid="notifications-unread"]')?.textContent).toBe('2'));
  expect(document.querySelector('button')!.getAttribute('aria-label')).toBe('Notifications: 2 unread');
  await act(async () => void document.querySelector('button')!.click());
  expect(document.body.textContent).toContain('Your payment failed');
  const mark = Array.from(document.querySelectorAll('button')).find((b) => b.textContent === 'Mark all read')!;
  await act(async () => void mark.click());
  await until(() => expect(document.querySelector('[data-testid="notifications-unread"]')).toBeNull());
  expect(markRead).toHaveBeenCalledWith({});
});
