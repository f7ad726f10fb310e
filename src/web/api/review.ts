/**
 * The review chain (资格审查) and notifications endpoints of docs/api-review.md: typed calls and query keys. The
 * shapes are the server's contracts (`import type`, erased from the bundle); statuses, levels, actions and reason
 * codes come from the pure domain module.
 */

import type {
  ApplicationStatus,
  Verdict as DomainVerdict,
  ReviewAction,
  ReviewLevel,
  Stage,
} from '../../domain/review';
import type {
  NotificationListQuery,
  NotificationListResponse,
  UnreadResponse,
} from '../../server/modules/notifications/notifications.schemas';
import type {
  BulkBody,
  BulkResponse,
  DecideBody,
  QueueQuery,
  QueueResponse,
  ReviewDetail,
  ReviewOverview,
} from '../../server/modules/review/review.schemas';
import { api, type QueryValue } from './client';

export type Verdict = DomainVerdict;
export type {
  Notification as AppNotification,
  NotificationKind,
} from '../../server/modules/notifications/notifications.schemas';
export type {
  BulkBody,
  BulkResponse as BulkResult,
  DecideBody,
  PrintedOpinion,
  QueueItem,
  QueueQuery as QueueParams,
  ReviewAbilities,
  ReviewDeadline as Deadline,
  ReviewDetail,
  ReviewEntry,
  ReviewOverview,
} from '../../server/modules/review/review.schemas';
export type { ApplicationStatus, ReviewAction, ReviewLevel, Stage };

/** Only the explicit fields go out: a params object becomes a query string. */
const q = (params: object): Record<string, QueryValue> => params as Record<string, QueryValue>;

export type QueueView = NonNullable<QueueQuery['view']>;
export type QueueSort = NonNullable<QueueQuery['sort']>;
/** The queue's filter fields, as the list's address and the bulk request's `filter` hold them. */
export type QueueFilter = Omit<QueueQuery, 'campaignId' | 'sort' | 'order' | 'page' | 'pageSize'>;
/** The reason, opinion and seal of a decision (one or many). */
export type DecisionFields = Omit<DecideBody, 'action'>;
export type BulkSkip = BulkResponse['skipped'][number];
export type NotificationListParams = NotificationListQuery;

// ─── Calls and query keys ─────────────────────────────────────────────────────────────────────────────────

export const reviewKeys = {
  all: ['review'] as const,
  overview: (campaignId: number | undefined) => ['review', 'overview', campaignId ?? 'open'] as const,
  queue: (params: QueueQuery) => ['review', 'queue', params] as const,
  detail: (applicationId: number) => ['review', 'detail', applicationId] as const,
};

export const notificationKeys = {
  all: ['notifications'] as const,
  unread: ['notifications', 'unread'] as const,
  list: (params: NotificationListParams) => ['notifications', 'list', params] as const,
};

export const reviewApi = {
  /** 404 CAMPAIGN_NOT_OPEN when no campaign is given and none is open. */
  overview: (campaignId?: number) => api.get<ReviewOverview>('/api/review/overview', { campaignId }),
  queue: (params: QueueQuery, signal?: AbortSignal) =>
    api.get<QueueResponse>('/api/review/queue', q(params), { signal }),
  detail: (applicationId: number) => api.get<ReviewDetail>(`/api/applications/${applicationId}/review`),
  decide: (applicationId: number, body: DecideBody) =>
    api.post<ReviewDetail>(`/api/review/applications/${applicationId}/decide`, body),
  bulk: (body: BulkBody) => api.post<BulkResponse>('/api/review/bulk', body),
};

export const notificationApi = {
  list: (params: NotificationListParams) => api.get<NotificationListResponse>('/api/notifications', q(params)),
  unreadCount: () => api.get<UnreadResponse>('/api/notifications/unread-count'),
  markRead: (id: number) => api.post<UnreadResponse>(`/api/notifications/${id}/read`),
  markAllRead: () => api.post<UnreadResponse>('/api/notifications/read-all'),
};
