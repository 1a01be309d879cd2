import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import DOMPurify from 'dompurify';
import { useState } from 'react';
import type { PostItem } from '@shared/schemas/community';
import { messageOf } from '../../api/errors';
import { useTRPC } from '../../api/query';
import { Avatar } from '../../ui/Avatar';
import { EmptyState } from '../../ui/EmptyState';
import { Icon } from '../../ui/Icon';
import { LoadFailed } from '../../ui/LoadFailed';
import { Pill } from '../../ui/Pill';
import { formatDateTime, pluralise } from '../../ui/format';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { RichTextEditor } from '../../ui/RichTextEditor';
import { ChatSlot } from './ChatSlot';
import { Comments } from './Comments';
import { Composer } from './Composer';
import { hrefForCommunity } from './community-route';
import { POST_STATUS_WORDS, SPACE_TYPE_WORDS } from './words';
import './community.css';

const PAGE = 20;

/** One space: its posts (newest first, pinned on top), the composer, and for a CHAT space the live chat. */
export function SpaceView({ spaceId }: { spaceId: string }) {
  const trpc = useTRPC();
  const space = useQuery(trpc.spaces.get.queryOptions({ spaceId }));

  return (
    <div className="page page-space">
      <p className="space-back">
        <a href={hrefForCommunity({ kind: 'list' })}>← All spaces</a>
      </p>
      {space.error ? (
        <LoadFailed what="This space" error={space.error} onRetry={() => void space.refetch()} />
      ) : !space.data ? (
        <p className="muted" role="status">
          Loading the space…
        </p>
      ) : (
        <>
          <header className="page-header">
            <div>
              <h1 className="page-title">
                {space.data.name} <Pill tone="accent">{SPACE_TYPE_WORDS[space.data.type].label}</Pill>
              </h1>
              <p className="page-subtitle">{space.data.description ?? SPACE_TYPE_WORDS[space.data.type].hint}</p>
            </div>
          </header>
          {space.data.type === 'CHAT' && <ChatSlot spaceId={spaceId} />}
          {!space.data.archivedAt && <Composer spaceId={spaceId} />}
          <PostFeed spaceId={spaceId} canModerate={space.data.canModerate} />
        </>
      )}
    </div>
  );
}

function PostFeed({ spaceId, canModerate }: { spaceId: string; canModerate: boolean }) {
  const trpc = useTRPC();
  const posts = useInfiniteQuery(trpc.posts.list.infiniteQueryOptions({ spaceId, limit: PAGE }, { getNextPageParam: (last) => last.nextCursor ?? undefined }));
  const items = posts.data?.pages.flatMap((p) => p.items);

  if (posts.error && !items) return <LoadFailed what="Posts" error={posts.error} onRetry={() => void posts.refetch()} />;
  if (!items)
    return (
      <p className="muted" role="status">
        Loading posts…
      </p>
    );
  if (items.length === 0)
    return (
      <section className="card">
        <EmptyState icon="file" title="No posts yet">
          Write the first one above: publish it now, keep it as a draft, or schedule it.
        </EmptyState>
      </section>
    );
  return (
    <section aria-label="Posts" className="post-feed">
      <ul className="post-list">
        {items.map((post) => (
          <PostCard key={post.id} post={post} canModerate={canModerate} />
        ))}
      </ul>
      {posts.hasNextPage && (
        <button type="button" className="button" disabled={posts.isFetchingNextPage} onClick={() => void posts.fetchNextPage()}>
          {posts.isFetchingNextPage ? 'Loading…' : 'Show older posts'}
        </button>
      )}
    </section>
  );
}

function PostCard({ post, canModerate }: { post: PostItem; canModerate: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [showComments, setShowComments] = useState(false);
  const [reporting, setReporting] = useState(false);
  const [reason, setReason] = useState('');
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const invalidate = () => queryClient.invalidateQueries(trpc.posts.pathFilter());
  const remove = useMutation(
    trpc.posts.delete.mutationOptions({
      onSuccess: async () => {
        setConfirmDelete(false);
        await Promise.all([invalidate(), queryClient.invalidateQueries(trpc.spaces.pathFilter())]);
      },
    }),
  );
  const react = useMutation(trpc.reactions.toggle.mutationOptions({ onSuccess: invalidate }));
  const pin = useMutation(trpc.posts.pin.mutationOptions({ onSuccess: invalidate }));
  const archive = useMutation(trpc.posts.archive.mutationOptions({ onSuccess: invalidate }));
  const publish = useMutation(trpc.posts.update.mutationOptions({ onSuccess: invalidate }));
  const report = useMutation(
    trpc.moderation.report.mutationOptions({
      onSuccess: () => {
        setReporting(false);
        setReason('');
        void queryClient.invalidateQueries(trpc.moderation.pathFilter());
      },
    }),
  );
  const problem = react.error ?? pin.error ?? archive.error ?? publish.error ?? report.error;
  const status = POST_STATUS_WORDS[post.status];

  return (
    <li className="card post-card" data-testid={`post-${post.title}`}>
      <header className="post-head">
        <Avatar name={post.author?.name ?? 'Community'} seed={post.author?.id ?? 'community'} size={32} />
        <div className="post-byline">
          <strong>{post.author?.name ?? 'The community'}</strong>
          <span className="muted">
            {post.status === 'SCHEDULED' ? `Goes out ${formatDateTime(post.scheduledAt)}` : formatDateTime(post.publishedAt ?? post.createdAt)}
          </span>
        </div>
        <div className="post-pills">
          {post.pinned && <Pill tone="info">Pinned</Pill>}
          {post.hidden && <Pill tone="danger">Hidden by a moderator</Pill>}
          {post.status !== 'PUBLISHED' && <Pill tone={status.tone}>{status.label}</Pill>}
        </div>
      </header>
      {editing ? (
        <PostEditor post={post} onDone={() => setEditing(false)} />
      ) : (
        <>
          <h2 className="post-title">{post.title}</h2>
          {/* Sanitised when saved (sanitizeOwnerHtml) and again here before it touches the DOM. */}
          <div className="post-content" dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(post.content) }} />
        </>
      )}
      <footer className="post-actions">
        {post.status === 'PUBLISHED' && (
          <>
            <button type="button" className={post.reacted ? 'button button-small is-on' : 'button button-small'} aria-pressed={post.reacted} disabled={react.isPending} onClick={() => react.mutate({ postId: post.id })}>
              ♥ {post.reacted ? 'Liked' : 'Like'} · {post._count.Reaction}
            </button>
            <button type="button" className="button button-small" aria-expanded={showComments} onClick={() => setShowComments(!showComments)}>
              {pluralise(post._count.Comment, 'comment')}
            </button>
            <button type="button" className="button button-small" onClick={() => setReporting(!reporting)}>
              Report
            </button>
          </>
        )}
        {post.status === 'DRAFT' && (
          <button type="button" className="button button-small button-primary" disabled={publish.isPending} onClick={() => publish.mutate({ postId: post.id, status: 'PUBLISHED' })}>
            Publish now
          </button>
        )}
        {canModerate && post.status === 'PUBLISHED' && (
          <button type="button" className="button button-small" disabled={pin.isPending} onClick={() => pin.mutate({ postId: post.id, pinned: !post.pinned })}>
            {post.pinned ? 'Unpin' : 'Pin'}
          </button>
        )}
        {!editing && (
          <button type="button" className="button button-small" onClick={() => setEditing(true)}>
            Edit
          </button>
        )}
        {post.status !== 'ARCHIVED' && (
          <button type="button" className="button button-small" disabled={archive.isPending} onClick={() => archive.mutate({ postId: post.id })}>
            Archive
          </button>
        )}
        <button type="button" className="button button-small" onClick={() => setConfirmDelete(true)}>
          Delete
        </button>
      </footer>
      {confirmDelete && (
        <ConfirmDialog
          title={`Delete “${post.title}”?`}
          confirmLabel="Delete post"
          busy={remove.isPending}
          problem={remove.error ? messageOf(remove.error) : null}
          onConfirm={() => remove.mutate({ postId: post.id })}
          onCancel={() => setConfirmDelete(false)}
        >
          The post, its comments and its likes are removed for good. Archive it instead to keep it out of sight but restorable.
        </ConfirmDialog>
      )}
      {reporting && (
        <form
          className="report-form"
          onSubmit={(e) => {
            e.preventDefault();
            report.mutate({ targetType: 'post', targetId: post.id, reason });
          }}
        >
          <label className="field-label">
            What is wrong with this post?
            <input className="input" value={reason} maxLength={500} required onChange={(e) => setReason(e.target.value)} />
          </label>
          <button type="submit" className="button button-small" disabled={report.isPending}>
            Send report
          </button>
        </form>
      )}
      {report.isSuccess && !reporting && (
        <p className="muted" role="status">
          <Icon name="check" size={13} /> Reported. A moderator will look at it.
        </p>
      )}
      {problem && (
        <p className="field-error" role="alert">
          {messageOf(problem)}
        </p>
      )}
      {showComments && <Comments postId={post.id} />}
    </li>
  );
}

/** Change a post's title and text in place (its status is changed with the buttons under it). */
function PostEditor({ post, onDone }: { post: PostItem; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(post.title);
  const [content, setContent] = useState(post.content);
  const save = useMutation(
    trpc.posts.update.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.posts.pathFilter());
        onDone();
      },
    }),
  );
  return (
    <form
      className="post-editor"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ postId: post.id, title, content });
      }}
    >
      <label className="field-label">
        Title
        <input className="input" value={title} maxLength={200} required onChange={(e) => setTitle(e.target.value)} />
      </label>
      <RichTextEditor value={content} onChange={setContent} aria-label="Post text (editing)" />
      {save.error && (
        <p className="field-error" role="alert">
          {messageOf(save.error)}
        </p>
      )}
      <div className="post-actions">
        <button type="submit" className="button button-small button-primary" disabled={save.isPending}>
          Save changes
        </button>
        <button type="button" className="button button-small" disabled={save.isPending} onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
