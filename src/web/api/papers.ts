/** 试卷 of docs/api-papers.md: generation, its status, and a bank manager's audited view of one paper. */
import type { JobStarted } from '../../server/modules/jobs/jobs.schemas';
import type {
  GenerationScope,
  PaperGenerationResult,
  PaperListItem,
  PapersPage,
  PapersQuery,
  PapersSummary,
  PapersSummaryRow,
  PaperVerification,
  PaperView,
} from '../../server/modules/papers/papers.schemas';
import { api, type QueryValue } from './client';

export type {
  GenerationScope,
  PaperGenerationResult,
  PaperListItem,
  PapersPage,
  PapersQuery,
  PapersSummary,
  PapersSummaryRow,
  PaperVerification,
  PaperView,
};

/**
 * Query keys of the papers. Only metadata is cached under them: a paper's content is fetched on a person's explicit
 * request (each GET writes an audit row), never by a list, a prefetch or a refetch on focus.
 */
export const paperKeys = {
  all: ['papers'] as const,
  summary: (campaignId: number) => ['papers', 'summary', campaignId] as const,
  list: (campaignId: number, params: PapersQuery) => ['papers', 'list', campaignId, params] as const,
};

export const paperApi = {
  summary: (campaignId: number) => api.get<PapersSummary>(`/api/campaigns/${campaignId}/papers/summary`),
  list: (campaignId: number, params: PapersQuery) =>
    api.get<PapersPage>(`/api/campaigns/${campaignId}/papers`, params as Record<string, QueryValue>),
  /** The whole campaign, or one scope (a row of the summary). */
  generate: (campaignId: number, scope?: GenerationScope) =>
    api.post<JobStarted>(`/api/campaigns/${campaignId}/papers/generate`, scope ? { scope } : undefined),
  /** One paper's content. Audited (paper.view): call only when a person asked to see it. */
  view: (id: number) => api.get<PaperView>(`/api/papers/${id}`),
  verify: (id: number) => api.post<PaperVerification>(`/api/papers/${id}/verify`),
};
