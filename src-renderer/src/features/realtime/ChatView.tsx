import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { messageOf } from '../../api/errors';
import { useTRPC } from '../../api/query';
import { Avatar } from '../../ui/Avatar';
import { LoadFailed } from '../../ui/LoadFailed';
import { formatDateTime } from '../../ui/format';
import './realtime.css';

const PAGE = 50;
const MAX_MESSAGE = 2000;

/**
 * Live chat for a CHAT space: the stored history (it outlives Ably's two-minute retention) and a
 * box to write in. New messages arrive without a reload: the core pushes 'chat' to the window
 * when one is sent here, through the API, or heard on the space's Ably channel.
 */
export function ChatView({ spaceId }: { spaceId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const messages = useQuery(trpc.chat.list.queryOptions({ spaceId, limit: PAGE }));
  const [text, setText] = useState('');
  const listRef = useRef<HTMLOListElement>(null);
  const send = useMutation(
    trpc.chat.send.mutationOptions({
      onSuccess: async () => {
        setText('');
        await queryClient.invalidateQueries(trpc.chat.list.pathFilter());
      },
    }),
  );
  const items = messages.data?.items;
  const lastId = items?.at(-1)?.id;

  // Follow the conversation: the newest message stays in view.
  useEffect(() => {
    const list = listRef.current;
    if (list && lastId) list.scrollTop = list.scrollHeight;
  }, [lastId]);

  function submit(e?: FormEvent) {
    e?.preventDefault();
    if (!text.trim() || send.isPending) return;
    send.mutate({ spaceId, content: text });
  }
  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    // Enter sends; Shift+Enter starts a new line.
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      submit();
    }
  }

  return (
    <section className="card chat-view" aria-label="Live chat" data-testid="chat-view">
      <header className="chat-header">
        <h2 className="card-title">Live chat</h2>
        <span className="chat-live" title="New messages appear as they are sent">
          <span className="chat-live-dot" aria-hidden="true" /> Live
        </span>
      </header>
      {messages.error && !items ? (
        <LoadFailed what="The chat" error={messages.error} onRetry={() => void messages.refetch()} />
      ) : !items ? (
        <p className="muted" role="status">
          Loading the chat…
        </p>
      ) : items.length === 0 ? (
        <p className="muted chat-empty">No messages yet. Say hello to the space.</p>
      ) : (
        <ol className="chat-messages" ref={listRef} aria-live="polite" aria-label="Messages">
          {messages.data?.olderCursor && <li className="chat-older muted">Older messages are kept; showing the latest {PAGE}.</li>}
          {items.map((m) => (
            <li key={m.id} className="chat-message" data-testid="chat-message">
              <Avatar name={m.author?.name ?? 'Former member'} seed={m.userId ?? m.id} size={28} />
              <div className="chat-body">
                <p className="chat-meta">
                  <strong>{m.author?.name ?? 'Former member'}</strong>{' '}
                  <time className="muted" dateTime={m.timestamp}>
                    {formatDateTime(m.timestamp)}
                  </time>
                </p>
                <p className="chat-text">{m.content}</p>
              </div>
            </li>
          ))}
        </ol>
      )}
      <form className="chat-form" onSubmit={submit}>
        <label className="visually-hidden" htmlFor={`chat-input-${spaceId}`}>
          Message
        </label>
        <textarea
          id={`chat-input-${spaceId}`}
          className="input chat-input"
          rows={2}
          maxLength={MAX_MESSAGE}
          placeholder="Write a message… (Enter sends, Shift+Enter for a new line)"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="button" disabled={send.isPending || !text.trim()}>
          Send
        </button>
      </form>
      {send.error && (
        <p className="field-error" role="alert">
          {messageOf(send.error)}
        </p>
      )}
    </section>
  );
}
