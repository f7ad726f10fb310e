/** 证书 (issue 16 part 5): the officials' list and actions, and the public verification (the server's contract). */
import type {
  CertificateItem,
  CertificateList,
  CertificateOverview,
  IssueResult,
  PublicCertificate,
  PublicKey,
} from '../../server/modules/certificates/certificates.schemas';
import { api, request } from './client';

export type { CertificateItem, CertificateList, CertificateOverview, IssueResult, PublicCertificate, PublicKey };

export interface CertificateFilter {
  page: number;
  pageSize: number;
  jurisdictionId?: number;
  status?: 'valid' | 'revoked';
  grade?: number;
  q?: string;
}

export const certificateKeys = {
  all: ['certificates'] as const,
  overview: (campaignId: number, jurisdictionId?: number) =>
    ['certificates', campaignId, 'overview', jurisdictionId ?? null] as const,
  list: (campaignId: number, filter: CertificateFilter) => ['certificates', campaignId, 'list', filter] as const,
};

const base = (campaignId: number) => `/api/campaigns/${campaignId}/certificates`;

export const certificateApi = {
  overview: (campaignId: number, jurisdictionId?: number) =>
    api.get<CertificateOverview>(`${base(campaignId)}/overview`, { jurisdictionId }),
  list: (campaignId: number, filter: CertificateFilter) => api.get<CertificateList>(base(campaignId), { ...filter }),
  issue: (campaignId: number, jurisdictionId?: number) =>
    request<{ jobId: string }>(`${base(campaignId)}/issue`, { method: 'POST', query: { jurisdictionId } }),
  print: (campaignId: number, jurisdictionId?: number) =>
    request<{ jobId: string }>(`${base(campaignId)}/print`, { method: 'POST', query: { jurisdictionId } }),
  revoke: (id: number, reason: string) =>
    api.post<{ id: number; status: 'revoked' }>(`/api/certificates/${id}/revoke`, { reason }),
  reissue: (id: number, note?: string) =>
    api.post<{ id: number; number: string; replacesId: number }>(`/api/certificates/${id}/reissue`, { note }),
  publicKey: () => api.get<PublicKey>('/api/public/certificates/public-key'),
  lookup: (number: string) => api.get<PublicCertificate>(`/api/public/certificates/${encodeURIComponent(number)}`),
};
