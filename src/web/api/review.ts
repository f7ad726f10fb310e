/**
 * The review chain (资格审查) and notifications endpoints of docs/api-review.md: shapes and typed calls.
 * Statuses, levels, actions and reason codes come from the pure domain module, which the web imports directly.
 */

import type {
  ApplicationStatus,
  Verdict as DomainVerdict,
  ReviewAction,
  ReviewLevel,
  Stage,
} from '../../domain/review';
import type { Phase } from '../../domain/timetable';
import { api, type QueryValue } from './client';
import type { CampaignStatus } from './types';

export type Verdict = DomainVerdict;
export type { ApplicationStatus, ReviewAction, ReviewLevel, Stage };

/** Only the explicit fields go out: a params object becomes a query string. */
const q = (params: object): Record<string, QueryValue> => params as Record<string, QueryValue>;

// ─── Shapes ──────────────────────────────────────────────────────────────────────────────────────────────

export interface Deadline {
  phase: Phase;
  label: string;
  /** The window's first day ('YYYY-MM-DD'); a level may decide earlier, as applications reach it. */
  startsOn: string;
  /** 'YYYY-MM-DD' (Beijing). */
  endsOn: string;
  /** May be negative once passed. */
  daysLeft: number;
  passed: boolean;
}

export interface ReviewEntry {
  id: number;
  level: ReviewLevel;
  levelLabel: string;
  action: ReviewAction;
  actionLabel: string;
  fromStatus: ApplicationStatus;
  toStatus: ApplicationStatus;
  returnedTo: Stage | null;
  reasonCode: string | null;
  reasonLabel: string | null;
  opinion: string | null;
  verdict: Verdict | null;
  overruleReason: string | null;
  batchId: number | null;
  reviewerName: string | null;
  orgName: string | null;
  sealName: string | null;
  /** 'YYYY-MM-DD' (Beijing). */
  decidedOn: string;
  createdAt: string;
}

export interface PrintedOpinion {
  opinion: string;
  reviewerName: string | null;
  sealName: string | null;
  date: string;
}

export interface ReviewAbilities {
  approve: boolean;
  return: boolean;
  reject: boolean;
}

export interface ReviewDetail {
  applicationId: number;
  status: ApplicationStatus;
  statusLabel: string;
  holder: Stage | null;
  holderLabel: string | null;
  position: string;
  reviewedByProvince: boolean;
  returnedTo: Stage | null;
  returnCount: number;
  rejectReason: string | null;
  rejectReasonLabel: string | null;
  overruledVerdict: Verdict | null;
  departmentBatchId: number | null;
  jurisdictionBatchId: number | null;
  lastReturn: ReviewEntry | null;
  /** Oldest first. */
  history: ReviewEntry[];
  opinions: Record<ReviewLevel, PrintedOpinion | null>;
  viewerLevel: ReviewLevel | null;
  deadline: Deadline | null;
  abilities: ReviewAbilities;
}

export interface ReviewOverview {
  level: ReviewLevel;
  levelLabel: string;
  orgNodeId: number;
  orgName: string;
  sealName: string;
  campaign: { id: number; name: string; status: CampaignStatus };
  deadline: Deadline | null;
  counts: { pending: number; returnedToMe: number; awaitingBatch: number; decidedByMe: number };
}

export interface QueueItem {
  id: number;
  name: string;
  /** Masked unless the viewer is a unit officer. */
  idNumber: string;
  sex: 'male' | 'female';
  unitName: string;
  departmentName: string;
  jurisdictionName: string;
  appliedJobType: string;
  appliedJobTypeCategory: string | null;
  appliedGrade: 5 | 4 | 3 | 2 | 1;
  verdict: Verdict;
  findingCount: number;
  status: ApplicationStatus;
  holder: Stage | null;
  returnedTo: Stage | null;
  returnCount: number;
  rejectReason: string | null;
  overruledVerdict: Verdict | null;
  departmentBatchId: number | null;
  jurisdictionBatchId: number | null;
  submittedAt: string | null;
  updatedAt: string;
  abilities: ReviewAbilities;
}

export type QueueView = 'pending' | 'returned' | 'awaiting_batch' | 'all';
export type QueueSort = 'submittedAt' | 'name' | 'appliedGrade' | 'verdict' | 'status' | 'unitName';

/** The queue's filter fields (also the bulk request's `filter`). */
export interface QueueFilter {
  view?: QueueView;
  status?: ApplicationStatus;
  jurisdictionId?: number;
  departmentId?: number;
  unitId?: number;
  jobTypeId?: number;
  category?: string;
  grade?: number;
  verdict?: Verdict;
  batchId?: number;
  overruled?: boolean;
  q?: string;
}

export interface QueueParams extends QueueFilter {
  campaignId: number;
  sort?: QueueSort;
  order?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}

export interface DecisionFields {
  reasonCode?: string;
  opinion?: string;
  overruleReason?: string;
  sealName?: string;
}

export interface DecideBody extends DecisionFields {
  action: ReviewAction;
}

export type BulkBody = DecisionFields & {
  campaignId: number;
  action: ReviewAction;
} & ({ ids: number[]; filter?: undefined } | { filter: QueueFilter; ids?: undefined });

export interface BulkSkip {
  id: number;
  name: string;
  code: string;
  message: string;
}

export interface BulkResult {
  action: ReviewAction;
  matched: number;
  succeeded: number;
  skipped: BulkSkip[];
}

export type NotificationKind =
  | 'review_pending'
  | 'application_returned'
  | 'application_rejected'
  | 'application_confirmed'
  | 'batch_received'
  | 'batch_returned';

export interface AppNotification {
  id: number;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationListParams {
  unread?: boolean;
  page?: number;
  pageSize?: number;
}

// ─── Calls and query keys ─────────────────────────────────────────────────────────────────────────────────

export const reviewKeys = {
  all: ['review'] as const,
  overview: (campaignId: number | undefined) => ['review', 'overview', campaignId ?? 'open'] as const,
  queue: (params: QueueParams) => ['review', 'queue', params] as const,
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
  queue: (params: QueueParams, signal?: AbortSignal) =>
    api.get<{ items: QueueItem[]; total: number }>('/api/review/queue', q(params), { signal }),
  detail: (applicationId: number) => api.get<ReviewDetail>(`/api/applications/${applicationId}/review`),
  decide: (applicationId: number, body: DecideBody) =>
    api.post<ReviewDetail>(`/api/review/applications/${applicationId}/decide`, body),
  bulk: (body: BulkBody) => api.post<BulkResult>('/api/review/bulk', body),
};

export const notificationApi = {
  list: (params: NotificationListParams) =>
    api.get<{ items: AppNotification[]; total: number; unread: number }>('/api/notifications', q(params)),
  unreadCount: () => api.get<{ unread: number }>('/api/notifications/unread-count'),
  markRead: (id: number) => api.post<{ unread: number }>(`/api/notifications/${id}/read`),
  markAllRead: () => api.post<{ unread: number }>('/api/notifications/read-all'),
};
