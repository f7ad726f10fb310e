/** 综合评审 (一级 panel review, issue 17 part 3): the server's contracts, types only. */
import type {
  AbsentBody,
  AssignBody,
  EligibleResponse,
  Expert,
  ExpertAccountBody,
  ExpertAccountResponse,
  ExpertBody,
  ExpertsResponse,
  ExpertUpdateBody,
  MyPanelsResponse,
  PanelBody,
  PanelDetail,
  PanelScoresResponse,
  PanelSettingsResponse,
  PanelSummary,
  PanelsResponse,
  ReturnBody,
  SettingsBody,
  SheetBody,
  SheetResponse,
} from '../../server/modules/panels/panels.schemas';
import { api, request } from './client';
import { downloadPdf } from './tickets';

export type {
  EligibleResponse,
  Expert,
  ExpertAccountResponse,
  ExpertsResponse,
  MyPanelsResponse,
  PanelDetail,
  PanelScoresResponse,
  PanelSettingsResponse,
  PanelSummary,
  PanelsResponse,
  SheetResponse,
};

export const panelKeys = {
  all: ['panels'] as const,
  experts: (q: string) => ['panels', 'experts', q] as const,
  settings: (campaignId: number) => ['panels', 'settings', campaignId] as const,
  list: (campaignId: number) => ['panels', 'list', campaignId] as const,
  detail: (id: number) => ['panels', 'detail', id] as const,
  eligible: (campaignId: number) => ['panels', 'eligible', campaignId] as const,
  scores: (id: number) => ['panels', 'scores', id] as const,
  mine: ['panels', 'mine'] as const,
  sheet: (panelId: number, applicationId: number) => ['panels', 'sheet', panelId, applicationId] as const,
};

export const panelApi = {
  experts: (q?: string) => api.get<ExpertsResponse>('/api/experts', { q: q || undefined, pageSize: 200 }),
  createExpert: (body: ExpertBody) => api.post<Expert>('/api/experts', body),
  updateExpert: (id: number, body: ExpertUpdateBody) => api.patch<Expert>(`/api/experts/${id}`, body),
  createAccount: (id: number, body: ExpertAccountBody) =>
    api.post<ExpertAccountResponse>(`/api/experts/${id}/account`, body),
  settings: (campaignId: number) => api.get<PanelSettingsResponse>(`/api/campaigns/${campaignId}/panel-settings`),
  saveSettings: (campaignId: number, body: SettingsBody) =>
    request<PanelSettingsResponse>(`/api/campaigns/${campaignId}/panel-settings`, { method: 'PUT', body }),
  list: (campaignId: number) => api.get<PanelsResponse>(`/api/campaigns/${campaignId}/panels`),
  create: (campaignId: number, body: PanelBody) => api.post<PanelDetail>(`/api/campaigns/${campaignId}/panels`, body),
  detail: (id: number) => api.get<PanelDetail>(`/api/panels/${id}`),
  update: (id: number, body: PanelBody) => request<PanelDetail>(`/api/panels/${id}`, { method: 'PUT', body }),
  eligible: (campaignId: number) => api.get<EligibleResponse>(`/api/campaigns/${campaignId}/panel-candidates`),
  assign: (id: number, body: AssignBody) => api.post<{ assigned: number }>(`/api/panels/${id}/candidates`, body),
  unassign: (id: number, applicationId: number) =>
    request<{ ok: true }>(`/api/panels/${id}/candidates/${applicationId}`, { method: 'DELETE' }),
  reopen: (id: number, reason: string) => api.post<PanelDetail>(`/api/panels/${id}/reopen`, { reason }),
  record: (id: number) => downloadPdf(`/api/panels/${id}/record.pdf`),
  mine: () => api.get<MyPanelsResponse>('/api/panel-review/mine'),
  sheet: (panelId: number, applicationId: number) =>
    api.get<SheetResponse>(`/api/panels/${panelId}/candidates/${applicationId}/sheet`),
  saveSheet: (panelId: number, applicationId: number, body: SheetBody) =>
    request<SheetResponse>(`/api/panels/${panelId}/candidates/${applicationId}/sheet`, { method: 'PUT', body }),
  scores: (id: number) => api.get<PanelScoresResponse>(`/api/panels/${id}/scores`),
  returnSheet: (id: number, body: ReturnBody) => api.post<PanelScoresResponse>(`/api/panels/${id}/sheets/return`, body),
  absent: (id: number, body: AbsentBody) => api.post<PanelScoresResponse>(`/api/panels/${id}/absent`, body),
  confirm: (id: number) => api.post<{ confirmedAt: string }>(`/api/panels/${id}/confirm`),
};
