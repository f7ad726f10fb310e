/** 统计分析 of docs/api-review.md: the review figures of one campaign below one org node (the server's contract). */
import type {
  ByStatus,
  ReasonRow,
  ReviewStatistics,
  StatisticsParams,
} from '../../server/modules/statistics/statistics.schemas';
import { api, buildUrl } from './client';

export type { ReviewStatistics, StatisticsParams };
/** Counts by status: the server sends every status (zero where none); the charts' sums may leave some out. */
export type StatusCounts = Partial<ByStatus>;
export type ReasonCount = ReasonRow;

export const statisticsKeys = {
  all: ['statistics'] as const,
  review: (params: StatisticsParams) => ['statistics', 'review', params] as const,
};

export const statisticsApi = {
  review: (params: StatisticsParams) =>
    api.get<ReviewStatistics>('/api/statistics/review', { campaignId: params.campaignId, nodeId: params.nodeId }),
  xlsxUrl: (params: StatisticsParams) =>
    buildUrl('/api/statistics/review.xlsx', { campaignId: params.campaignId, nodeId: params.nodeId }),
};
