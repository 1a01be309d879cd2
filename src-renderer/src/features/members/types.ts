import type { RouterInputs, RouterOutputs } from '../../api/types';

export type MemberDetailView = RouterOutputs['members']['get'];
export type TimelineEntry = MemberDetailView['timeline'][number];
export type SubscriptionView = MemberDetailView['subscriptions'][number];
export type BulkOperation = RouterOutputs['members']['bulk']['get'];
export type BulkActionInput = RouterInputs['members']['bulk']['start']['action'];
export type ImportView = RouterOutputs['members']['import']['get'];
export type ImportPreview = RouterOutputs['members']['import']['preview'];
export type ImportMapping = ImportPreview['mapping'];
export type Segment = RouterOutputs['segments']['list'][number];
