/** 公示, 工作日历 and 成绩复核 (issue 16 parts 3, 4): the server's contracts, types only. */
import type { CalendarDayBody, CalendarResponse } from '../../server/modules/calendar/calendar.schemas';
import type {
  EntriesResponse,
  entriesQuery,
  InvestigateBody,
  ObjectionBody,
  ObjectionResponse,
  ObjectionsResponse,
  OverviewResponse,
  PublicEntriesResponse,
  PublicListResponse,
  PublishBody,
  ResolveBody,
} from '../../server/modules/publicity/publicity.schemas';
import type {
  CheckResponse,
  DecideBody,
  OptionsResponse,
  ReviewResponse,
  ReviewsResponse,
  reviewsQuery,
} from '../../server/modules/score-reviews/score-reviews.schemas';
import type { QueryOf } from '../../server/platform/params.schemas';

type EntriesQueryInput = Partial<QueryOf<typeof entriesQuery>>;
type ReviewsQueryInput = Partial<QueryOf<typeof reviewsQuery>>;

import type { ResultTrack } from '../../domain/result-tracks';
import { api, request } from './client';
import { downloadPdf } from './tickets';

export type { CheckResponse, ObjectionResponse, OptionsResponse, PublicEntriesResponse, ReviewResponse };
export type PublicityOverview = OverviewResponse;
export type PublicityEntry = EntriesResponse['items'][number];

export const publicityKeys = {
  all: ['publicity'] as const,
  overview: (id: number, track: ResultTrack) => ['publicity', id, 'overview', track] as const,
  entries: (id: number, q: EntriesQueryInput) => ['publicity', id, 'entries', q] as const,
  objections: (id: number, track: ResultTrack, status?: string) =>
    ['publicity', id, 'objections', track, status ?? ''] as const,
  publicList: ['publicity', 'public'] as const,
  publicEntries: (id: number, q: { page?: number; q?: string; track?: ResultTrack }) =>
    ['publicity', 'public', id, q] as const,
  calendar: (year: number) => ['calendar', year] as const,
  reviews: (q: ReviewsQueryInput) => ['score-reviews', q] as const,
  options: (campaignId: number, q: string) => ['score-reviews', 'options', campaignId, q] as const,
};

const base = (id: number) => `/api/campaigns/${id}/publicity`;

export const publicityApi = {
  overview: (id: number, track: ResultTrack) => api.get<PublicityOverview>(base(id), { track }),
  publish: (id: number, body: PublishBody) =>
    api.post<{ track: ResultTrack; startsOn: string; endsOn: string; workingDays: number; listed: number }>(
      base(id),
      body,
    ),
  entries: (id: number, q: EntriesQueryInput) => api.get<EntriesResponse>(`${base(id)}/entries`, { ...q }),
  objections: (id: number, track: ResultTrack, status?: string) =>
    api.get<ObjectionsResponse>(`${base(id)}/objections`, { status, track }),
  recordObjection: (id: number, body: ObjectionBody) => api.post<ObjectionResponse>(`${base(id)}/objections`, body),
  investigate: (objectionId: number, body: InvestigateBody) =>
    api.post<ObjectionResponse>(`/api/publicity-objections/${objectionId}/investigate`, body),
  resolve: (objectionId: number, body: ResolveBody) =>
    api.post<ObjectionResponse>(`/api/publicity-objections/${objectionId}/resolve`, body),
  notice: (id: number, track: ResultTrack, documentNumber?: string) =>
    downloadPdf(`${base(id)}/notice.pdf`, { documentNumber: documentNumber || undefined, track }),
  publicList: () => api.get<PublicListResponse>('/api/public/publicity'),
  publicEntries: (id: number, q: { page?: number; pageSize?: number; q?: string; track?: ResultTrack }) =>
    api.get<PublicEntriesResponse>(`/api/public/publicity/${id}`, { ...q }),
  publicObjection: (id: number, body: ObjectionBody) =>
    api.post<{ id: number; message: string }>(`/api/public/publicity/${id}/objections`, body),
};

export const calendarApi = {
  year: (year: number) => api.get<CalendarResponse>('/api/calendar', { year }),
  set: (date: string, body: CalendarDayBody) => request(`/api/calendar/${date}`, { method: 'PUT', body }),
  remove: (date: string) => request(`/api/calendar/${date}`, { method: 'DELETE' }),
};

export const reviewApi = {
  list: (q: ReviewsQueryInput) => api.get<ReviewsResponse>('/api/score-reviews', { ...q }),
  options: (campaignId: number, q?: string) =>
    api.get<OptionsResponse>('/api/score-reviews/options', { campaignId, q: q || undefined }),
  file: (body: { applicationId: number; subject: string; reason: string }) =>
    api.post<ReviewResponse>('/api/score-reviews', body),
  check: (id: number) => api.post<CheckResponse>(`/api/score-reviews/${id}/check`),
  decide: (id: number, body: DecideBody) => api.post<ReviewResponse>(`/api/score-reviews/${id}/decide`, body),
};
