import type { TRPCClient, TRPCClientError } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
// Type-only: the renderer never loads core code, it only borrows the contract's shape.
import type { AppRouter } from '@core/api/router';

export type { AppRouter };
export type ApiClient = TRPCClient<AppRouter>;
export type ApiError = TRPCClientError<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export type TenantSummary = RouterOutputs['tenants']['list'][number];
export type CurrentUserView = RouterOutputs['users']['getCurrentUser'];
export type MemberPage = RouterOutputs['members']['list'];
export type MemberRowData = MemberPage['items'][number];
