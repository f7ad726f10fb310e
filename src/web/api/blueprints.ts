import { api, type QueryValue, request } from './client';
import type {
  BlueprintCheckResponse,
  BlueprintDetail,
  BlueprintListQuery,
  CampaignBlueprintCheck,
  CheckBlueprintBody,
  CreateBlueprintBody,
  KnowledgePoints,
  KnowledgePointsQuery,
  PublishBlueprintBody,
  UpdateBlueprintBody,
} from './types';

const q = (params: object): Record<string, QueryValue> => params as Record<string, QueryValue>;

/** Query keys of the blueprints (组卷规则): rules and counts only, never item content. */
export const blueprintKeys = {
  all: ['blueprints'] as const,
  campaign: (params: BlueprintListQuery) => ['blueprints', 'campaign', params] as const,
  one: (id: number) => ['blueprints', 'one', id] as const,
  check: (body: CheckBlueprintBody) => ['blueprints', 'check', body] as const,
  knowledgePoints: (params: KnowledgePointsQuery) => ['blueprints', 'knowledge-points', params] as const,
};

export const blueprintApi = {
  campaignCheck: (params: BlueprintListQuery) => api.get<CampaignBlueprintCheck>('/api/blueprints', q(params)),
  get: (id: number) => api.get<BlueprintDetail>(`/api/blueprints/${id}`),
  create: (body: CreateBlueprintBody) => api.post<BlueprintDetail>('/api/blueprints', body),
  update: (id: number, body: UpdateBlueprintBody) => api.patch<BlueprintDetail>(`/api/blueprints/${id}`, body),
  remove: (id: number, revision: number) =>
    request<{ id: number }>(`/api/blueprints/${id}`, { method: 'DELETE', query: { revision } }),
  check: (body: CheckBlueprintBody, signal?: AbortSignal) =>
    api.post<BlueprintCheckResponse>('/api/blueprints/check', body, { signal }),
  knowledgePoints: (params: KnowledgePointsQuery) =>
    api.get<KnowledgePoints>('/api/blueprints/knowledge-points', q(params)),
  publish: (id: number, body: PublishBlueprintBody) => api.post<BlueprintDetail>(`/api/blueprints/${id}/publish`, body),
  withdraw: (id: number, revision: number) => api.post<BlueprintDetail>(`/api/blueprints/${id}/withdraw`, { revision }),
};
