// @vitest-environment happy-dom
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { act } from 'react';
import { afterEach, expect, it, vi } from 'vitest';
import { renderWithServices, until, type Rendered } from '../test-support/render';
import { invalidateFor } from './push';
import type { AppRouter } from './types';
import { useApiQuery } from './use-api-query';

let view: Rendered | undefined;
afterEach(() => {
  view?.unmount();
  document.body.innerHTML = '';
});

function MemberName({ userId }: { userId: string }) {
  const member = useApiQuery(`member:${userId}`, (api, signal) => api.members.get.query({ userId }, { signal }));
  return <p>{member.data ? (member.data as unknown as { name: string }).name : 'Loading…'}</p>;
}

it('reads once per key, and again when the core pushes a change its key is about (not for others)', async () => {
  let name = 'Ann';
  const get = vi.fn(async () => ({ name }));
  view = renderWithServices(<MemberName userId="user_1" />, { api: { members: { get: { query: get } } } });
  await until(() => expect(document.body.textContent).toBe('Ann'));
  expect(get).toHaveBeenCalledTimes(1);

  const push = (topic: 'members' | 'deliveries') =>
    act(async () => invalidateFor(view!.queryClient, createTRPCOptionsProxy<AppRouter>({ client: view!.services.api, queryClient: view!.queryClient }), { topic, at: new Date().toISOString() }));
  name = 'Ann Lee';
  await push('deliveries');
  await act(() => new Promise((r) => setTimeout(r, 30)));
  expect(get).toHaveBeenCalledTimes(1);
  await push('members');
  await until(() => expect(document.body.textContent).toBe('Ann Lee'));
  expect(get).toHaveBeenCalledTimes(2);

  // Another member is another key: read afresh, never shown the first one's answer.
  view.rerender(<MemberName userId="user_2" />);
  expect(document.body.textContent).toBe('Loading…');
  await until(() => expect(get).toHaveBeenLastCalledWith({ userId: 'user_2' }, expect.anything()));
});
