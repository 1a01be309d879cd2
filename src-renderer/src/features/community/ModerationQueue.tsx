import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueueItem } from '@shared/schemas/community';
import { messageOf } from '../../api/errors';
import { useTRPC } from '../../api/query';
import { EmptyState } from '../../ui/EmptyState';
import { LoadFailed } from '../../ui/LoadFailed';
import { Pill, type PillTone } from '../../ui/Pill';
import { formatDateTime, pluralise } from '../../ui/format';
import { hrefForCommunity } from './community-route';

const STATE_WORDS: Record<QueueItem['state'], { label: string; tone: PillTone }> = {
  visible: { label: 'Visible', tone: 'neutral' },
  hidden: { label: 'Hidden', tone: 'warning' },
  archived: { label: 'Archived', tone: 'warning' },
};

/** Reported and flagged posts and comments of the spaces the owner moderates: hide, archive, restore or dismiss. */
export function ModerationQueue() {
  const trpc = useTRPC();
  const queue = useQuery(trpc.moderation.queue.queryOptions({}));
  if (queue.error && !queue.data) return <LoadFailed what="The moderation queue" error={queue.error} onRetry={() => void queue.refetch()} />;
  if (!queue.data)
    return (
      <p className="muted" role="status">
        Loading the queue…
      </p>
    );
  if (queue.data.length === 0)
    return (
      <section className="card">
        <EmptyState icon="shield" title="Nothing to review">
          When a member reports a post or comment, or a post arrives with unsafe HTML removed, it waits here for a moderator.
        </EmptyState>
      </section>
    );
  return (
    <ul className="moderation-list" aria-label="Moderation queue">
      {queue.data.map((item) => (
        <QueueCard key={item.targetId} item={item} />
      ))}
    </ul>
  );
}

function QueueCard({ item }: { item: QueueItem }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const onSuccess = () => Promise.all([queryClient.invalidateQueries(trpc.moderation.pathFilter()), queryClient.invalidateQueries(trpc.spaces.pathFilter()), queryClient.invalidateQueries(trpc.posts.pathFilter()), queryClient.invalidateQueries(trpc.comments.pathFilter())]);
  const hide = useMutation(trpc.moderation.hide.mutationOptions({ onSuccess }));
  const archive = useMutation(trpc.moderation.archive.mutationOptions({ onSuccess }));
  const restore = useMutation(trpc.moderation.restore.mutationOptions({ onSuccess }));
  const dismiss = useMutation(trpc.moderation.dismiss.mutationOptions({ onSuccess }));
  const busy = hide.isPending || archive.isPending || restore.isPending || dismiss.isPending;
  const problem = hide.error ?? archive.error ?? restore.error ?? dismiss.error;
  const target = { targetType: item.targetType, targetId: item.targetId };
  const what = item.targetType === 'post' ? 'Post' : 'Comment';
  return (
    <li className="card moderation-card" data-testid={`queue-${item.excerpt.slice(0, 40)}`}>
      <header className="moderation-head">
        <div>
          <p className="moderation-where muted">
            {what} in <a href={hrefForCommunity({ kind: 'space', spaceId: item.spaceId })}>{item.spaceName}</a>
            {item.targetType === 'comment' && <> on “{item.postTitle}”</>} by {item.author?.name ?? 'someone no longer here'}
          </p>
          <blockquote className="moderation-excerpt">{item.targetType === 'post' ? <strong>{item.postTitle}. </strong> : null}{item.excerpt || <span className="muted">(no text)</span>}</blockquote>
        </div>
        <Pill tone={STATE_WORDS[item.state].tone}>{STATE_WORDS[item.state].label}</Pill>
      </header>
      <p className="muted">{pluralise(item.reports.length, 'report')}, first {formatDateTime(item.firstReportedAt)}</p>
      <ul className="moderation-reports">
        {item.reports.map((r) => (
          <li key={r.id}>
            {r.source === 'flag' ? <Pill tone="info">Flagged automatically</Pill> : <strong>{r.reporter?.name ?? 'A member'}:</strong>} {r.reason}
          </li>
        ))}
      </ul>
      <div className="moderation-actions">
        {item.state !== 'hidden' && (
          <button type="button" className="button button-small" disabled={busy} onClick={() => hide.mutate(target)}>
            Hide
          </button>
        )}
        {item.state !== 'archived' && (
          <button type="button" className="button button-small" disabled={busy} onClick={() => archive.mutate(target)}>
            Archive
          </button>
        )}
        {item.state !== 'visible' && (
          <button type="button" className="button button-small" disabled={busy} onClick={() => restore.mutate(target)}>
            Restore
          </button>
        )}
        <button type="button" className="button button-small" disabled={busy} onClick={() => dismiss.mutate(target)}>
          Keep it (dismiss reports)
        </button>
      </div>
      {problem && (
        <p className="field-error" role="alert">
          {messageOf(problem)}
        </p>
      )}
    </li>
  );
}
