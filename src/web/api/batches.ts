/**
 * 汇总上报 (batches) of docs/api-review.md: a department or jurisdiction sends everything it approved to the
 * level above in one batch; the receiver may send a whole batch back. A batch's applications are listed with
 * the workbench's queue (api/review.ts). The shapes are the server's contract (`import type`).
 */
import type {
  Batch,
  BatchListQuery,
  BatchListResponse,
  GradeCounts,
  PendingBatch,
} from '../../server/modules/review/review.batches.schemas';
import { api, buildUrl } from './client';
import { reviewApi } from './review';

export type {
  Batch,
  BatchLevel,
  BatchStatus,
  BatchSummary,
  Deadline as ReviewDeadline,
  GradeCounts,
  PendingBatch,
} from '../../server/modules/review/review.batches.schemas';

/** Grades as the server keys them in summaries: '5' (五级) … '1' (一级). */
export const GRADE_KEYS = ['5', '4', '3', '2', '1'] as const satisfies readonly (keyof GradeCounts)[];
export type GradeKey = keyof GradeCounts;

export type BatchDirection = NonNullable<BatchListQuery['direction']>;

/** The lists of the batches page always name the campaign and the direction. */
export type BatchListParams = BatchListQuery & Required<Pick<BatchListQuery, 'campaignId' | 'direction'>>;

/** One page of a batch's applications (the workbench's queue filtered by the batch). */
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
    api.get<BatchListResponse>('/api/review/batches', {
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
