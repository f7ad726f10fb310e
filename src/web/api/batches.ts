/**
 * 汇总上报 (batches) of docs/api-review.md: a department or jurisdiction sends everything it approved to the
 * level above in one batch; the receiver may send a whole batch back. A batch's applications are listed with
 * the workbench's queue (api/review.ts).
 */
import type { ReviewLevel } from '../../domain/review';
import type { Verdict } from '../self-check/model';
import { api, buildUrl } from './client';
import { reviewApi } from './review';
import type { CampaignPhaseKey, Paged } from './types';

/** Grades as the server keys them in summaries: '5' (五级) … '1' (一级). */
export const GRADE_KEYS = ['5', '4', '3', '2', '1'] as const;
export type GradeKey = (typeof GRADE_KEYS)[number];
export type GradeCounts = Record<GradeKey, number>;

export type BatchLevel = 'department' | 'jurisdiction';
export type BatchStatus = 'submitted' | 'returned';

export interface BatchSummary {
  total: number;
  byJobType: { jobType: string; category: string | null; grades: GradeCounts; total: number }[];
  byVerdict: Record<Verdict, number>;
  overruled: { needs_review: number; ineligible: number };
  byUnit: { unitId: number; unitName: string; total: number }[];
}

export interface Batch {
  id: number;
  campaignId: number;
  batchNo: string;
  level: BatchLevel;
  fromNodeId: number;
  fromName: string;
  toNodeId: number;
  toName: string;
  status: BatchStatus;
  applicationCount: number;
  summary: BatchSummary;
  note: string | null;
  submittedByName: string | null;
  submittedAt: string;
  returnReason: string | null;
  returnedByName: string | null;
  returnedAt: string | null;
  /** Applications of the batch the receiver has not decided yet. */
  undecidedCount: number;
  abilities: { return: boolean };
}

/** A level's deadline (the end of its timetable phase, extensions applied). */
export interface ReviewDeadline {
  phase: CampaignPhaseKey;
  label: string;
  endsOn: string;
  daysLeft: number;
  passed: boolean;
}

export interface PendingBatch {
  level: ReviewLevel | null;
  /** Who a batch would go to; null for the levels that do not send batches. */
  toName: string | null;
  count: number;
  summary: BatchSummary;
  deadline: ReviewDeadline | null;
}

export type BatchDirection = 'sent' | 'received';

export interface BatchListParams {
  campaignId: number;
  direction: BatchDirection;
  status?: BatchStatus;
  page?: number;
  pageSize?: number;
}

export interface BatchApplicationsParams {
  campaignId: number;
  batchId: number;
  page: number;
  pageSize: number;
}

export const batchKeys = {
  all: ['review-batches'] as const,
  pending: (campaignId: number) => ['review-batches', 'pending', campaignId] as const,
  list: (params: BatchListParams) => ['review-batches', 'list', params] as const,
  one: (id: number) => ['review-batches', 'one', id] as const,
  applications: (params: BatchApplicationsParams) => ['review-batches', 'applications', params] as const,
};

export const batchApi = {
  pending: (campaignId: number) => api.get<PendingBatch>('/api/review/batches/pending', { campaignId }),
  create: (body: { campaignId: number; note?: string }) => api.post<Batch>('/api/review/batches', body),
  list: (params: BatchListParams) =>
    api.get<Paged<Batch>>('/api/review/batches', {
      campaignId: params.campaignId,
      direction: params.direction,
      status: params.status,
      page: params.page,
      pageSize: params.pageSize,
    }),
  get: (id: number) => api.get<Batch>(`/api/review/batches/${id}`),
  sheetUrl: (id: number) => buildUrl(`/api/review/batches/${id}/sheet.xlsx`),
  returnBatch: (id: number, reason: string) => api.post<Batch>(`/api/review/batches/${id}/return`, { reason }),
  /** The batch's applications: the workbench's queue (all views) filtered by the batch. */
  applications: (params: BatchApplicationsParams) =>
    reviewApi.queue({ ...params, view: 'all', batchId: params.batchId }),
};
