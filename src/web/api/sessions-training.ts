/** 场次 and 培训 of docs/api-sessions-training.md. */
import type {
  ExamSession,
  SessionCheck,
  SessionInputBody,
  SessionList,
} from '../../server/modules/sessions/sessions.schemas';
import type {
  AttendanceBody,
  TrainingCandidates,
  TrainingClass,
  TrainingClassBody,
  TrainingClassList,
  TrainingRoster,
  TrainingSettingsView,
} from '../../server/modules/training/training.schemas';
import { api, request } from './client';

export type {
  AttendanceBody,
  ExamSession,
  SessionCheck,
  SessionInputBody,
  SessionList,
  TrainingCandidates,
  TrainingClass,
  TrainingClassBody,
  TrainingClassList,
  TrainingRoster,
  TrainingSettingsView,
};

export const sessionKeys = {
  list: (campaignId: number) => ['sessions', campaignId] as const,
};

export const sessionApi = {
  list: (campaignId: number) => api.get<SessionList>(`/api/campaigns/${campaignId}/sessions`),
  check: (campaignId: number, body: SessionInputBody, exceptId?: number) =>
    api.post<SessionCheck>(
      `/api/campaigns/${campaignId}/sessions/check${exceptId ? `?exceptId=${exceptId}` : ''}`,
      body,
      { quiet: true },
    ),
  create: (campaignId: number, body: SessionInputBody) =>
    api.post<ExamSession>(`/api/campaigns/${campaignId}/sessions`, body),
  update: (campaignId: number, id: number, body: SessionInputBody) =>
    request<ExamSession>(`/api/campaigns/${campaignId}/sessions/${id}`, { method: 'PUT', body }),
  remove: (campaignId: number, id: number) =>
    request<{ ok: true }>(`/api/campaigns/${campaignId}/sessions/${id}`, { method: 'DELETE' }),
};

export const trainingKeys = {
  all: ['training'] as const,
  settings: (campaignId: number) => ['training', 'settings', campaignId] as const,
  classes: (campaignId: number, page: number, pageSize: number) =>
    ['training', 'classes', campaignId, page, pageSize] as const,
  class: (id: number) => ['training', 'class', id] as const,
  roster: (id: number, page: number, pageSize: number) => ['training', 'roster', id, page, pageSize] as const,
  candidates: (id: number, params: Record<string, number | undefined>) =>
    ['training', 'candidates', id, params] as const,
};

export const trainingApi = {
  settings: (campaignId: number) => api.get<TrainingSettingsView>(`/api/campaigns/${campaignId}/training/settings`),
  setSettings: (campaignId: number, body: { trainingRequiredForSeating: boolean; requiredShare: number }) =>
    request<TrainingSettingsView>(`/api/campaigns/${campaignId}/training/settings`, { method: 'PUT', body }),
  classes: (campaignId: number, page: number, pageSize: number) =>
    api.get<TrainingClassList>(`/api/campaigns/${campaignId}/training/classes`, { page, pageSize }),
  create: (campaignId: number, body: TrainingClassBody) =>
    api.post<TrainingClass>(`/api/campaigns/${campaignId}/training/classes`, body),
  get: (id: number) => api.get<TrainingClass>(`/api/training/classes/${id}`),
  update: (id: number, body: TrainingClassBody) =>
    request<TrainingClass>(`/api/training/classes/${id}`, { method: 'PUT', body }),
  remove: (id: number) => request<{ ok: true }>(`/api/training/classes/${id}`, { method: 'DELETE' }),
  roster: (id: number, page: number, pageSize: number) =>
    api.get<TrainingRoster>(`/api/training/classes/${id}/roster`, { page, pageSize }),
  candidates: (id: number, params: { jobTypeId?: number; grade?: number; page: number; pageSize: number }) =>
    api.get<TrainingCandidates>(`/api/training/classes/${id}/candidates`, params),
  enrol: (id: number, body: { applicationIds?: number[]; filter?: { jobTypeId?: number; grade?: number } }) =>
    api.post<{ added: number }>(`/api/training/classes/${id}/roster`, body),
  unenrol: (id: number, applicationId: number) =>
    request<{ ok: true }>(`/api/training/classes/${id}/roster/${applicationId}`, { method: 'DELETE' }),
  addSitting: (id: number, body: { date: string; topic?: string | null }) =>
    api.post<{ id: number; date: string; topic: string | null }>(`/api/training/classes/${id}/sittings`, body),
  removeSitting: (id: number, sittingId: number) =>
    request<{ ok: true }>(`/api/training/classes/${id}/sittings/${sittingId}`, { method: 'DELETE' }),
  attendance: (id: number, sittingId: number, body: AttendanceBody) =>
    request<{ ok: true }>(`/api/training/classes/${id}/sittings/${sittingId}/attendance`, { method: 'PUT', body }),
};
