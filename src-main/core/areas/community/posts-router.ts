import {
  commentIdInput,
  createCommentInput,
  createPostInput,
  listCommentsInput,
  listPostsInput,
  moderationActionInput,
  moderationQueueInput,
  pinPostInput,
  postIdInput,
  reportInput,
  toggleReactionInput,
  updatePostInput,
} from '@shared/schemas/community';
import { memberProcedure, router } from '../../api/trpc';
import { actorOf } from './actor';

// Member-level procedures: each service checks what the caller may do in the space (see
// space-access.ts: visible spaces; author, or moderator of the space, or ADMIN).

/** The seed's posts.create / posts.list, with update, archive, delete and pin. */
export const postsRouter = router({
  list: memberProcedure.input(listPostsInput).query(({ ctx, input }) => ctx.services.community.posts.list(actorOf(ctx), input)),
  get: memberProcedure.input(postIdInput).query(({ ctx, input }) => ctx.services.community.posts.get(actorOf(ctx), input.postId)),
  create: memberProcedure.input(createPostInput).mutation(({ ctx, input }) => ctx.services.community.posts.create(actorOf(ctx), input)),
  update: memberProcedure.input(updatePostInput).mutation(({ ctx, input }) => ctx.services.community.posts.update(actorOf(ctx), input)),
  archive: memberProcedure.input(postIdInput).mutation(({ ctx, input }) => ctx.services.community.posts.archive(actorOf(ctx), input.postId)),
  delete: memberProcedure.input(postIdInput).mutation(({ ctx, input }) => ctx.services.community.posts.delete(actorOf(ctx), input.postId)),
  pin: memberProcedure.input(pinPostInput).mutation(({ ctx, input }) => ctx.services.community.posts.pin(actorOf(ctx), input)),
});

export const commentsRouter = router({
  list: memberProcedure.input(listCommentsInput).query(({ ctx, input }) => ctx.services.community.comments.list(actorOf(ctx), input)),
  create: memberProcedure.input(createCommentInput).mutation(({ ctx, input }) => ctx.services.community.comments.create(actorOf(ctx), input)),
  delete: memberProcedure.input(commentIdInput).mutation(({ ctx, input }) => ctx.services.community.comments.delete(actorOf(ctx), input.commentId)),
});

export const reactionsRouter = router({
  toggle: memberProcedure.input(toggleReactionInput).mutation(({ ctx, input }) => ctx.services.community.comments.toggleReaction(actorOf(ctx), input)),
});

export const moderationRouter = router({
  report: memberProcedure.input(reportInput).mutation(({ ctx, input }) => ctx.services.community.moderation.report(actorOf(ctx), input)),
  queue: memberProcedure.input(moderationQueueInput).query(({ ctx, input }) => ctx.services.community.moderation.queue(actorOf(ctx), input)),
  hide: memberProcedure.input(moderationActionInput).mutation(({ ctx, input }) => ctx.services.community.moderation.act(actorOf(ctx), 'hide', input)),
  archive: memberProcedure.input(moderationActionInput).mutation(({ ctx, input }) => ctx.services.community.moderation.act(actorOf(ctx), 'archive', input)),
  restore: memberProcedure.input(moderationActionInput).mutation(({ ctx, input }) => ctx.services.community.moderation.act(actorOf(ctx), 'restore', input)),
  dismiss: memberProcedure.input(moderationActionInput).mutation(({ ctx, input }) => ctx.services.community.moderation.act(actorOf(ctx), 'dismiss', input)),
});
