import type { RouterInputs, RouterOutputs } from '../../api/types';

// The shapes the Webhooks page shows, all derived from the router: a change there is a compile
// error here.

type Out = RouterOutputs['webhooks'];

export type EventPage = Out['list'];
export type EventRow = EventPage['items'][number];
export type EventDetail = Out['get'];
export type EventStatus = EventRow['status'];
export type SigningSecretsView = Out['signingSecrets'];
export type Provider = RouterInputs['webhooks']['setSigningSecrets']['provider'];

export type LabTemplate = Out['lab']['templates'][number];
/** Console owner: console secrets, "this console" as a target. Tenant ADMIN: a lab secret, URLs only. */
export type LabAccess = Out['lab']['access'];
export type LabTarget = RouterInputs['webhooks']['lab']['send']['target'];
/** One request the lab (or a replay) made and what came back; `error` when nothing did. */
export type Exchange = Out['lab']['send'];

export type ForwardView = Out['forward']['get'];
export type ReconcilePreview = Out['reconcile']['preview'];
export type ReconcileResult = Out['reconcile']['run'];

export type Endpoint = Out['endpoints']['list'][number];
export type CreatedEndpoint = Out['endpoints']['create'];
export type Delivery = Out['deliveries']['list']['items'][number];
export type DeliveryStatus = Delivery['status'];
export type DeliveryDetail = Out['deliveries']['get'];
export type OutgoingEvent = RouterInputs['webhooks']['endpoints']['create']['events'][number];

// The same list as src-shared's OUTGOING_WEBHOOK_EVENTS, kept here so that the page does not
// pull zod into the renderer bundle; `satisfies` keeps the two in step.
export const OUTGOING_EVENTS = [
  'member.joined',
  'member.left',
  'subscription.created',
  'subscription.updated',
  'subscription.canceled',
  'payment.failed',
] as const satisfies readonly OutgoingEvent[];
