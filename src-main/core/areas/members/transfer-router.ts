import { bulkDownloadInput, bulkRefInput, bulkStartInput, exportMembersInput } from '@shared/schemas/member-changes';
import {
  importCommitInput,
  importPreviewInput,
  importRefInput,
  importUploadInput,
} from '@shared/schemas/member-import';
import { tenantAdminProcedure, router } from '../../api/trpc';

/** members.* procedures that move many members at once: bulk actions, CSV import, export. */
export const memberTransferRouter = router({
  bulk: router({
    /** Starts a bulk action on {userIds} or {filter}; answers the operation (poll members.bulk.get). */
    start: tenantAdminProcedure
      .input(bulkStartInput)
      .mutation(({ ctx, input }) => ctx.services.memberAdmin.bulk.start({ tenantId: ctx.tenant.id, actorUserId: ctx.auth.userId }, input)),
    /** Progress (done/total) and, once finished, the summary: changed, unchanged, failed with reasons. */
    get: tenantAdminProcedure.input(bulkRefInput).query(({ ctx, input }) => ctx.services.memberAdmin.bulk.get(ctx.tenant.id, input.id)),
    /** A bulk export's CSV, part by part (part 0 has the header row). */
    download: tenantAdminProcedure.input(bulkDownloadInput).query(({ ctx, input }) => ctx.services.memberAdmin.bulk.download(ctx.tenant.id, input.id, input.part)),
  }),

  import: router({
    /** One piece (≤ 256 KB) of a CSV; omit importId for the first, set last on the final one. */
    upload: tenantAdminProcedure
      .input(importUploadInput)
      .mutation(({ ctx, input }) => ctx.services.memberAdmin.imports.upload({ tenantId: ctx.tenant.id, actorUserId: ctx.auth.userId }, input)),
    /** The dry run: mapping (automatic or the owner's), a verdict per row, summary counts. Writes no member. */
    preview: tenantAdminProcedure.input(importPreviewInput).mutation(({ ctx, input }) => ctx.services.memberAdmin.imports.preview(ctx.tenant.id, input)),
    /** Starts the commit job; all_or_nothing refuses a file with errors. */
    commit: tenantAdminProcedure.input(importCommitInput).mutation(({ ctx, input }) => ctx.services.memberAdmin.imports.commit(ctx.tenant.id, input)),
    /** Status, progress and result of an import. */
    get: tenantAdminProcedure.input(importRefInput).query(({ ctx, input }) => ctx.services.memberAdmin.imports.get(ctx.tenant.id, input.importId)),
    /** The rows not imported as CSV: the original columns plus `error`. */
    errorReport: tenantAdminProcedure.input(importRefInput).query(({ ctx, input }) => ctx.services.memberAdmin.imports.errorReport(ctx.tenant.id, input.importId)),
  }),

  /**
   * The members of {userIds} or {filter} as CSV, one page per call ({csv, rows, nextCursor}).
   * A mutation, not a query: a selection of thousands of ids does not fit in a GET URL.
   */
  export: tenantAdminProcedure.input(exportMembersInput).mutation(({ ctx, input }) => ctx.services.memberAdmin.exports.page(ctx.tenant.id, input)),
});
