/** 成绩 (issue 16): the score table, aggregates, the province's actions and the public lookup (the server's contract). */
import type { z } from 'zod';
import type { ResultTrack } from '../../domain/result-tracks';
import type {
  aggregateResponse,
  compileResponse,
  importResponse,
  lookupResponse,
  overviewResponse,
  releaseResponse,
  scoreListResponse,
} from '../../server/modules/scores/scores.schemas';
import { api, request } from './client';

export type ScoreOverview = z.infer<typeof overviewResponse>;
export type ScoreList = z.infer<typeof scoreListResponse>;
export type ScoreRow = ScoreList['items'][number];
export type ScoreAggregates = z.infer<typeof aggregateResponse>;
export type ScoreImportReport = z.infer<typeof importResponse>;
export type ScoreLookup = z.infer<typeof lookupResponse>;
export type Grouping = ScoreAggregates['by'];

export interface ScoreFilter {
  page: number;
  pageSize: number;
  jurisdictionId?: number;
  unitId?: number;
  jobTypeId?: number;
  grade?: number;
  /** 结果批次: only this track's candidates. */
  track?: ResultTrack;
  outcome?: 'passed' | 'failed';
  q?: string;
}

export const scoreKeys = {
  all: ['scores'] as const,
  overview: (campaignId: number, track: ResultTrack) => ['scores', campaignId, 'overview', track] as const,
  list: (campaignId: number, filter: ScoreFilter) => ['scores', campaignId, 'list', filter] as const,
  aggregates: (campaignId: number, by: Grouping, filter: ScoreFilter) =>
    ['scores', campaignId, 'aggregates', by, filter] as const,
};

const base = (campaignId: number) => `/api/campaigns/${campaignId}/scores`;
const listQuery = (f: ScoreFilter) => ({ ...f });
const aggregateQuery = (by: Grouping, f: ScoreFilter) => ({
  by,
  jurisdictionId: f.jurisdictionId,
  unitId: f.unitId,
  jobTypeId: f.jobTypeId,
  grade: f.grade,
  track: f.track,
  outcome: f.outcome,
});

export const scoreApi = {
  overview: (campaignId: number, track: ResultTrack) =>
    api.get<ScoreOverview>(`${base(campaignId)}/overview`, { track }),
  list: (campaignId: number, filter: ScoreFilter) => api.get<ScoreList>(base(campaignId), listQuery(filter)),
  aggregates: (campaignId: number, by: Grouping, filter: ScoreFilter) =>
    api.get<ScoreAggregates>(`${base(campaignId)}/aggregates`, aggregateQuery(by, filter)),
  exportJob: (campaignId: number, filter: ScoreFilter) =>
    request<{ jobId: string }>(`${base(campaignId)}/export`, {
      method: 'POST',
      query: { ...listQuery(filter), page: undefined, pageSize: undefined },
    }),
  compile: (campaignId: number, track: ResultTrack) =>
    request<z.infer<typeof compileResponse>>(`${base(campaignId)}/compile`, { method: 'POST', query: { track } }),
  rescore: (campaignId: number, track: ResultTrack) =>
    request<{ jobId: string }>(`${base(campaignId)}/rescore`, { method: 'POST', query: { track } }),
  release: (campaignId: number, track: ResultTrack) =>
    request<z.infer<typeof releaseResponse>>(`${base(campaignId)}/release`, { method: 'POST', query: { track } }),
  importFile: (campaignId: number, file: File, mode: 'all_or_nothing' | 'good_rows', track: ResultTrack) => {
    const form = new FormData();
    form.append('mode', mode);
    form.append('track', track);
    form.append('file', file);
    return request<ScoreImportReport>(`${base(campaignId)}/import`, { method: 'POST', form });
  },
  templateUrl: '/api/scores/import-template.xlsx',
  lookup: (body: { idNumber: string; ticketNumber: string }) => api.post<ScoreLookup>('/api/public/score-lookup', body),
};
