import { api, buildUrl, type QueryValue, request } from './client';
import type {
  Account,
  AccountListParams,
  Application,
  ApplicationFile,
  ApplicationFileKind,
  ApplicationInput,
  ApplicationListItem,
  ApplicationListParams,
  ApplicationStatus,
  AuditEntry,
  AuditListParams,
  BackgroundJob,
  BulkOutcome,
  BulkSubmitBody,
  Campaign,
  CampaignBody,
  CampaignSummary,
  CampaignTemplate,
  CatalogImportResult,
  CatalogVersion,
  CreateAccountBody,
  CreateAccountResponse,
  CreateApplicationBody,
  CreateOrgNodeBody,
  EvaluateResponse,
  ExtensionBody,
  ImportJobResult,
  ImportMode,
  ImportResult,
  JobTypeListParams,
  JobTypePage,
  LoginResponse,
  Me,
  MyApplicationBody,
  OrgNode,
  OrgNodeListParams,
  OrgNodeSummary,
  OutputFilterBody,
  Paged,
  PublicConfig,
  RegistrationUnit,
  ResetPasswordResponse,
  SignUpBody,
  UpdateAccountBody,
  UpdateOrgNodeBody,
} from './types';

const q = (params: object): Record<string, QueryValue> => params as Record<string, QueryValue>;

/** TanStack Query keys, in one place so mutations can invalidate precisely. */
export const queryKeys = {
  config: ['config'] as const,
  me: ['me'] as const,
  orgNode: (id: number) => ['org', 'node', id] as const,
  orgChildren: (params: OrgNodeListParams) => ['org', 'list', params] as const,
  org: ['org'] as const,
  accounts: (params: AccountListParams) => ['accounts', params] as const,
  accountsAll: ['accounts'] as const,
  audit: (params: AuditListParams) => ['audit', params] as const,
  catalogVersions: ['catalog', 'versions'] as const,
  jobTypes: (versionId: number, params: JobTypeListParams) => ['catalog', 'jobTypes', versionId, params] as const,
  campaigns: ['campaigns'] as const,
  campaign: (id: number) => ['campaigns', 'one', id] as const,
  currentCampaign: ['campaigns', 'current'] as const,
  applicationsAll: ['applications'] as const,
  applications: (params: ApplicationListParams) => ['applications', 'list', params] as const,
  application: (id: number) => ['applications', 'one', id] as const,
  myApplication: ['my-application'] as const,
};

export const authApi = {
  config: () => api.get<PublicConfig>('/api/public/config'),
  login: (username: string, password: string) => api.post<LoginResponse>('/api/auth/login', { username, password }),
  /** Quiet: a 401 here just means "not signed in". */
  me: () => api.get<Me>('/api/auth/me', undefined, { quiet: true }),
  session: () => api.get<{ user: Me | null; ended: 'expired' | null }>('/api/auth/session', undefined, { quiet: true }),
  logout: () => api.post<void>('/api/auth/logout', undefined, { quiet: true }),
  changePassword: (currentPassword: string, newPassword: string) =>
    api.post<void>('/api/auth/change-password', { currentPassword, newPassword }),
  redeemResetCode: (username: string, code: string, newPassword: string) =>
    api.post<void>('/api/auth/reset-password', { username, code, newPassword }),
};

export const orgApi = {
  node: (id: number) => api.get<OrgNode>(`/api/org/nodes/${id}`),
  list: (params: OrgNodeListParams, signal?: AbortSignal) =>
    api.get<Paged<OrgNodeSummary>>('/api/org/nodes', q(params), { signal }),
  create: (body: CreateOrgNodeBody) => api.post<OrgNode>('/api/org/nodes', body),
  update: (id: number, body: UpdateOrgNodeBody) => api.patch<OrgNode>(`/api/org/nodes/${id}`, body),
  deactivate: (id: number) => api.post<OrgNode>(`/api/org/nodes/${id}/deactivate`),
  activate: (id: number) => api.post<OrgNode>(`/api/org/nodes/${id}/activate`),
  templateUrl: '/api/org/import/template',
  import: (parentId: number, mode: ImportMode, file: File) => {
    const form = new FormData();
    // Fields before the file, so a streaming multipart parser sees them first.
    form.append('parentId', String(parentId));
    form.append('mode', mode);
    form.append('file', file, file.name);
    return request<ImportResult>('/api/org/import', { method: 'POST', form });
  },
};

export const accountApi = {
  list: (params: AccountListParams) => api.get<Paged<Account>>('/api/accounts', q(params)),
  create: (body: CreateAccountBody) => api.post<CreateAccountResponse>('/api/accounts', body),
  update: (id: number, body: UpdateAccountBody) => api.patch<Account>(`/api/accounts/${id}`, body),
  resetPassword: (id: number) => api.post<ResetPasswordResponse>(`/api/accounts/${id}/reset-password`),
  unlock: (id: number) => api.post<Account>(`/api/accounts/${id}/unlock`),
};

export const auditApi = {
  list: (params: AuditListParams) => api.get<Paged<AuditEntry>>('/api/audit', q(params)),
};

export const catalogApi = {
  versions: () => api.get<{ items: CatalogVersion[] }>('/api/catalog/versions'),
  jobTypes: (versionId: number, params: JobTypeListParams) =>
    api.get<JobTypePage>(`/api/catalog/versions/${versionId}/job-types`, q(params)),
  templateUrl: '/api/catalog/template',
  import: (name: string, title: string, file: File) => {
    const form = new FormData();
    form.append('name', name);
    form.append('title', title);
    form.append('file', file, file.name);
    return request<CatalogImportResult>('/api/catalog/import', { method: 'POST', form });
  },
};

export const campaignApi = {
  list: () => api.get<{ items: CampaignSummary[] }>('/api/campaigns'),
  /** A 404 CAMPAIGN_NOT_OPEN simply means no campaign is open. */
  current: () => api.get<Campaign | null>('/api/campaigns/current'),
  get: (id: number) => api.get<Campaign>(`/api/campaigns/${id}`),
  template: (year: number) => api.get<CampaignTemplate>('/api/campaigns/template', { year }),
  create: (body: CampaignBody) => api.post<Campaign>('/api/campaigns', body),
  update: (id: number, body: CampaignBody) => api.patch<Campaign>(`/api/campaigns/${id}`, body),
  setOnline: (id: number, jurisdictionId: number, onlineRegistration: boolean) =>
    request<Campaign>(`/api/campaigns/${id}/jurisdictions/${jurisdictionId}`, {
      method: 'PUT',
      body: { onlineRegistration },
    }),
  extend: (id: number, body: ExtensionBody) => api.post<Campaign>(`/api/campaigns/${id}/extensions`, body),
  open: (id: number) => api.post<Campaign>(`/api/campaigns/${id}/open`),
  close: (id: number) => api.post<Campaign>(`/api/campaigns/${id}/close`),
};

export type EvaluateBody = { campaignId: number } & Partial<ApplicationInput>;

export const applicationApi = {
  list: (params: ApplicationListParams) => api.get<Paged<ApplicationListItem>>('/api/applications', q(params)),
  exportJob: (body: OutputFilterBody) => api.post<{ jobId: string }>('/api/applications/export-jobs', body),
  get: (id: number) => api.get<Application>(`/api/applications/${id}`),
  evaluate: (body: EvaluateBody, signal?: AbortSignal) =>
    api.post<EvaluateResponse>('/api/applications/evaluate', body, { signal }),
  create: (body: CreateApplicationBody) => api.post<Application>('/api/applications', body),
  update: (id: number, body: { version: number } & Partial<ApplicationInput>) =>
    api.patch<Application>(`/api/applications/${id}`, body),
  submit: (id: number) => api.post<Application>(`/api/applications/${id}/submit`),
  bulkSubmit: (body: BulkSubmitBody) => api.post<BulkOutcome>('/api/applications/bulk-submit', body),
  confirm: (id: number) => api.post<Application>(`/api/applications/${id}/confirm`),
  remove: (id: number) => request<void>(`/api/applications/${id}`, { method: 'DELETE' }),
  fileUrl: (id: number, fileId: number) => `/api/applications/${id}/files/${fileId}`,
  uploadFile: (id: number, kind: ApplicationFileKind, file: File) => {
    const form = new FormData();
    form.append('kind', kind);
    form.append('file', file, file.name);
    return request<ApplicationFile>(`/api/applications/${id}/files`, { method: 'POST', form });
  },
  deleteFile: (id: number, fileId: number) =>
    request<void>(`/api/applications/${id}/files/${fileId}`, { method: 'DELETE' }),
  templateUrl: (campaignId: number) => buildUrl('/api/applications/import/template', { campaignId }),
  import: (v: { campaignId: number; unitId: number; mode: ImportMode; submit: boolean; file: File }) => {
    const form = new FormData();
    // Fields before the file, so a streaming multipart parser sees them first.
    form.append('campaignId', String(v.campaignId));
    form.append('unitId', String(v.unitId));
    form.append('mode', v.mode);
    form.append('submit', String(v.submit));
    form.append('file', v.file, v.file.name);
    return request<{ jobId: string }>('/api/applications/import', { method: 'POST', form });
  },
  printUrl: (id: number) => `/api/applications/${id}/print.pdf`,
  printJob: (body: { campaignId: number; unitId: number; status?: ApplicationStatus }) =>
    api.post<{ jobId: string }>('/api/applications/print-jobs', body),
};

export const jobApi = {
  get: <R = ImportJobResult>(id: string) => api.get<BackgroundJob<R>>(`/api/jobs/${encodeURIComponent(id)}`),
  fileUrl: (id: string) => `/api/jobs/${encodeURIComponent(id)}/file`,
};

export const registrationApi = {
  regions: () =>
    api.get<{ campaign: { year: number; name: string } | null; jurisdictions: { id: number; name: string }[] }>(
      '/api/public/registration/regions',
    ),
  units: (query: string, signal?: AbortSignal) =>
    api.get<{ items: RegistrationUnit[] }>('/api/public/registration/units', { q: query }, { signal }),
  signUp: (body: SignUpBody) => api.post<{ username: string }>('/api/public/registration/sign-up', body),
};

export const myApi = {
  get: () => api.get<Application | null>('/api/my/application'),
  create: (body: MyApplicationBody) => api.post<Application>('/api/my/application', body),
  update: (body: { version: number } & Partial<MyApplicationBody>) =>
    api.patch<Application>('/api/my/application', body),
};
