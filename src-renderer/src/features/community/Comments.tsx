import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { CommentItem } from '@shared/schemas/community';
import { messageOf } from '../../api/errors';
import { useTRPC } from '../../api/query';
import { LoadFailed } from '../../ui/LoadFailed';
import { Pill } from '../../ui/Pill';
import { formatDateTime } from '../../ui/format';

const COMMENTS_PAGE = 50;

/** A post's comments (plain text) with one level of replies; write, reply, report. */
export function Comments({ postId }: { postId: string }) {
  const trpc = useTRPC();
  // A page of top-level comments (with their replies); a full page may have more after it.
  const comments = useInfiniteQuery(
    trpc.comments.list.infiniteQueryOptions({ postId, limit: COMMENTS_PAGE }, { getNextPageParam: (last) => (last.length === COMMENTS_PAGE ? last.at(-1)?.id : undefined) }),
  );
  if (comments.error) return <LoadFailed inline what="Comments" error={comments.error} onRetry={() => void comments.refetch()} />;
  if (!comments.data)
    return (
      <p className="muted" role="status">
        Loading comments…
      </p>
    );
  return (
    <div className="comments">
      <ul className="comment-list" aria-label="Comments">
        {comments.data.pages.flat().map((c) => (
          <li key={c.id}>
            <Comment comment={c} postId={postId} canReply />
            {c.replies.length > 0 && (
              <ul className="comment-replies" aria-label={`Replies to ${c.author?.name ?? 'a comment'}`}>
                {c.replies.map((r) => (
                  <li key={r.id}>
                    <Comment comment={r} postId={postId} canReply={false} />
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      {comments.hasNextPage && (
        <button type="button" className="button button-small" disabled={comments.isFetchingNextPage} onClick={() => void comments.fetchNextPage()}>
          {comments.isFetchingNextPage ? 'Loading…' : 'Show more comments'}
        </button>
      )}
      <CommentForm postId={postId} label="Add a comment" />
    </div>
  );
}

function Comment({ comment, postId, canReply }: { comment: CommentItem; postId: string; canReply: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [replying, setReplying] = useState(false);
  const [reporting, setReporting] = useState(false);
  const [reason, setReason] = useState('');
  const report = useMutation(
    trpc.moderation.report.mutationOptions({
      onSuccess: () => {
        setReporting(false);
        void queryClient.invalidateQueries(trpc.moderation.pathFilter());
      },
    }),
  );
  return (
    <div className="comment" data-testid={`comment-${comment.content.slice(0, 40)}`}>
      <p className="comment-meta">
        <strong>{comment.author?.name ?? 'Someone'}</strong> <span className="muted">{formatDateTime(comment.createdAt)}</span>{' '}
        {comment.hidden && <Pill tone="danger">Hidden</Pill>}
      </p>
      <p className="comment-text">{comment.content}</p>
      <div className="comment-actions">
        {canReply && (
          <button type="button" className="link-button" onClick={() => setReplying(!replying)}>
            Reply
          </button>
        )}
        <button type="button" className="link-button" onClick={() => setReporting(!reporting)}>
          Report
        </button>
        {report.isSuccess && <span className="muted">Reported.</span>}
      </div>
      {reporting && (
        <form
          className="report-form"
          onSubmit={(e) => {
            e.preventDefault();
            report.mutate({ targetType: 'comment', targetId: comment.id, reason });
          }}
        >
          <label className="field-label">
            What is wrong with this comment?
            <input className="input" value={reason} maxLength={500} required onChange={(e) => setReason(e.target.value)} />
          </label>
          <button type="submit" className="button button-small" disabled={report.isPending}>
            Send report
          </button>
          {report.error && (
            <p className="field-error" role="alert">
              {messageOf(report.error)}
            </p>
          )}
        </form>
      )}
      {replying && <CommentForm postId={postId} parentId={comment.id} label={`Reply to ${comment.author?.name ?? 'this comment'}`} onDone={() => setReplying(false)} />}
    </div>
  );
}

function CommentForm({ postId, parentId, label, onDone }: { postId: string; parentId?: string; label: string; onDone?: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const create = useMutation(
    trpc.comments.create.mutationOptions({
      onSuccess: async () => {
        setText('');
        onDone?.();
        await Promise.all([queryClient.invalidateQueries(trpc.comments.pathFilter()), queryClient.invalidateQueries(trpc.posts.pathFilter())]);
      },
    }),
  );
  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate({ postId, content: text, ...(parentId && { parentId }) });
  }
  return (
    <form className="comment-form" onSubmit={submit}>
      <label className="field-label">
        {label}
        <textarea className="input" rows={2} maxLength={5000} required value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <button type="submit" className="button button-small" disabled={create.isPending}>
        {parentId ? 'Reply' : 'Comment'}
      </button>
      {create.error && (
        <p className="field-error" role="alert">
          {messageOf(create.error)}
        </p>
      )}
    </form>
  );
}
