/** 统计分析 of docs/api-review.md: the review figures of one campaign below one org node. */
import type { ApplicationStatus, ReviewLevel } from '../../domain/review';
import type { Verdict } from '../self-check/model';
import type { GradeCounts } from './batches';
import { api, buildUrl } from './client';
import type { OrgKind } from './types';

/** Counts by status; statuses nobody is in may be left out. */
export type StatusCounts = Partial<Record<ApplicationStatus, number>>;

export interface ReasonCount {
  level: ReviewLevel;
  reasonCode: string | null;
  label: string;
  count: number;
}

export interface ReviewStatistics {
  campaign: { id: number; name: string };
  node: { id: number; name: string; kind: OrgKind };
  childKind: 'jurisdiction' | 'department' | 'unit';
  generatedAt: string;
  totals: {
    applications: number;
    byStatus: StatusCounts;
    byVerdict: Record<Verdict, number>;
    overruled: { needs_review: number; ineligible: number };
    everReturned: number;
    rejected: number;
  };
  byChild: { id: number; name: string; total: number; byStatus: StatusCounts; byVerdict: Record<Verdict, number> }[];
  byCategory: { category: string | null; total: number; byGrade: GradeCounts; byStatus: StatusCounts }[];
  byJobType: { jobTypeId: number; jobType: string; category: string | null; total: number; byGrade: GradeCounts }[];
  returnsByReason: ReasonCount[];
  rejectionsByReason: ReasonCount[];
}

export interface StatisticsParams {
  campaignId: number;
  nodeId?: number;
}

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
