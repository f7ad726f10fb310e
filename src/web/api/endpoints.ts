import { api, buildUrl, type QueryValue, request } from './client';
import type {
  Account,
  AccountListQuery,
  AccountListResponse,
  Application,
  ApplicationFile,
  ApplicationFileKind,
  ApplicationListQuery,
  ApplicationListResponse,
  AuditListQuery,
  AuditListResponse,
  BackgroundJob,
  BatchPrintBody,
  BulkSubmitBody,
  BulkSubmitResponse,
  Campaign,
  CampaignListResponse,
  CampaignTemplate,
  CatalogImportResult,
  CatalogVersionsResponse,
  CreateAccountBody,
  CreateAccountResponse,
  CreateApplicationBody,
  CreateCampaignBody,
  CreateOrgNodeBody,
  EvaluateBody,
  EvaluateResponse,
  ExtensionBody,
  ImportJobResult,
  ImportMode,
  JobStarted,
  JobTypeListQuery,
  JobTypePage,
  LoginResponse,
  Me,
  MyCreateBody,
  MyUpdateBody,
  OrgImportResult,
  OrgNode,
  OrgNodeListQuery,
  OrgNodeListResponse,
  OutputFilterBody,
  PublicConfig,
  RegionsResponse,
  RegistrationUnitsResponse,
  ResetPasswordResponse,
  SessionResponse,
  SignUpBody,
  SignUpResponse,
  UpdateAccountBody,
  UpdateApplicationBody,
  UpdateCampaignBody,
  UpdateOrgNodeBody,
} from './types';

const q = (params: object): Record<string, QueryValue> => params as Record<string, QueryValue>;

/** TanStack Query keys, in one place so mutations can invalidate precisely. */
export const queryKeys = {
  config: ['config'] as const,
  me: ['me'] as const,
  orgNode: (id: number) => ['org', 'node', id] as const,
  orgChildren: (params: OrgNodeListQuery) => ['org', 'list', params] as const,
  org: ['org'] as const,
  accounts: (params: AccountListQuery) => ['accounts', params] as const,
  accountsAll: ['accounts'] as const,
  audit: (params: AuditListQuery) => ['audit', params] as const,
  catalogVersions: ['catalog', 'versions'] as const,
  jobTypes: (versionId: number, params: JobTypeListQuery) => ['catalog', 'jobTypes', versionId, params] as const,
  campaigns: ['campaigns'] as const,
  campaign: (id: number) => ['campaigns', 'one', id] as const,
  currentCampaign: ['campaigns', 'current'] as const,
  applicationsAll: ['applications'] as const,
  applications: (params: ApplicationListQuery) => ['applications', 'list', params] as const,
  application: (id: number) => ['applications', 'one', id] as const,
  myApplication: ['my-application'] as const,
};

export const authApi = {
  config: () => api.get<PublicConfig>('/api/public/config'),
  login: (username: string, password: string) => api.post<LoginResponse>('/api/auth/login', { username, password }),
  /** Quiet: a 401 here just means "not signed in". */
  me: () => api.get<Me>('/api/auth/me', undefined, { quiet: true }),
  session: () => api.get<SessionResponse>('/api/auth/session', undefined, { quiet: true }),
  logout: () => api.post<void>('/api/auth/logout', undefined, { quiet: true }),
  changePassword: (currentPassword: string, newPassword: string) =>
    api.post<void>('/api/auth/change-password', { currentPassword, newPassword }),
  redeemResetCode: (username: string, code: string, newPassword: string) =>
    api.post<void>('/api/auth/reset-password', { username, code, newPassword }),
};

export const orgApi = {
  node: (id: number) => api.get<OrgNode>(`/api/org/nodes/${id}`),
  list: (params: OrgNodeListQuery, signal?: AbortSignal) =>
    api.get<OrgNodeListResponse>('/api/org/nodes', q(params), { signal }),
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
    return request<OrgImportResult>('/api/org/import', { method: 'POST', form });
  },
};

export const accountApi = {
  list: (params: AccountListQuery) => api.get<AccountListResponse>('/api/accounts', q(params)),
  create: (body: CreateAccountBody) => api.post<CreateAccountResponse>('/api/accounts', body),
  update: (id: number, body: UpdateAccountBody) => api.patch<Account>(`/api/accounts/${id}`, body),
  resetPassword: (id: number) => api.post<ResetPasswordResponse>(`/api/accounts/${id}/reset-password`),
  unlock: (id: number) => api.post<Account>(`/api/accounts/${id}/unlock`),
};

export const auditApi = {
  list: (params: AuditListQuery) => api.get<AuditListResponse>('/api/audit', q(params)),
};

export const catalogApi = {
  versions: () => api.get<CatalogVersionsResponse>('/api/catalog/versions'),
  jobTypes: (versionId: number, params: JobTypeListQuery) =>
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
  list: () => api.get<CampaignListResponse>('/api/campaigns'),
  /** A 404 CAMPAIGN_NOT_OPEN simply means no campaign is open. */
  current: () => api.get<Campaign | null>('/api/campaigns/current'),
  get: (id: number) => api.get<Campaign>(`/api/campaigns/${id}`),
  template: (year: number) => api.get<CampaignTemplate>('/api/campaigns/template', { year }),
  create: (body: CreateCampaignBody) => api.post<Campaign>('/api/campaigns', body),
  update: (id: number, body: UpdateCampaignBody) => api.patch<Campaign>(`/api/campaigns/${id}`, body),
  setOnline: (id: number, jurisdictionId: number, onlineRegistration: boolean) =>
    request<Campaign>(`/api/campaigns/${id}/jurisdictions/${jurisdictionId}`, {
      method: 'PUT',
      body: { onlineRegistration },
    }),
  extend: (id: number, body: ExtensionBody) => api.post<Campaign>(`/api/campaigns/${id}/extensions`, body),
  open: (id: number) => api.post<Campaign>(`/api/campaigns/${id}/open`),
  close: (id: number, confirmName: string) => api.post<Campaign>(`/api/campaigns/${id}/close`, { confirmName }),
};

export const applicationApi = {
  list: (params: ApplicationListQuery) => api.get<ApplicationListResponse>('/api/applications', q(params)),
  exportJob: (body: OutputFilterBody) => api.post<JobStarted>('/api/applications/export-jobs', body),
  get: (id: number) => api.get<Application>(`/api/applications/${id}`),
  evaluate: (body: EvaluateBody, signal?: AbortSignal) =>
    api.post<EvaluateResponse>('/api/applications/evaluate', body, { signal }),
  create: (body: CreateApplicationBody) => api.post<Application>('/api/applications', body),
  update: (id: number, body: UpdateApplicationBody) => api.patch<Application>(`/api/applications/${id}`, body),
  submit: (id: number) => api.post<Application>(`/api/applications/${id}/submit`),
  bulkSubmit: (body: BulkSubmitBody) => api.post<BulkSubmitResponse>('/api/applications/bulk-submit', body),
  confirm: (id: number) => api.post<Application>(`/api/applications/${id}/confirm`),
  remove: (id: number) => request<void>(`/api/applications/${id}`, { method: 'DELETE' }),
  fileUrl: (id: number, fileId: number) => `/api/applications/${id}/files/${fileId}`,
  /** 一级 evidence: a 年度考核登记表 names its appraisal year, a 获奖证书/专利证书 carries a description. */
  uploadFile: (
    id: number,
    kind: ApplicationFileKind,
    file: File,
    extra: { appraisalYear?: number; description?: string } = {},
  ) => {
    const form = new FormData();
    form.append('kind', kind);
    if (extra.appraisalYear !== undefined) form.append('appraisalYear', String(extra.appraisalYear));
    if (extra.description !== undefined) form.append('description', extra.description);
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
    return request<JobStarted>('/api/applications/import', { method: 'POST', form });
  },
  printUrl: (id: number) => `/api/applications/${id}/print.pdf`,
  printJob: (body: BatchPrintBody) => api.post<JobStarted>('/api/applications/print-jobs', body),
};

export const jobApi = {
  get: <R = ImportJobResult>(id: string) => api.get<BackgroundJob<R>>(`/api/jobs/${encodeURIComponent(id)}`),
  fileUrl: (id: string) => `/api/jobs/${encodeURIComponent(id)}/file`,
};

export const registrationApi = {
  regions: () => api.get<RegionsResponse>('/api/public/registration/regions'),
  units: (query: string, signal?: AbortSignal) =>
    api.get<RegistrationUnitsResponse>('/api/public/registration/units', { q: query }, { signal }),
  signUp: (body: SignUpBody) => api.post<SignUpResponse>('/api/public/registration/sign-up', body),
};

export const myApi = {
  get: () => api.get<Application | null>('/api/my/application'),
  create: (body: MyCreateBody) => api.post<Application>('/api/my/application', body),
  update: (body: MyUpdateBody) => api.patch<Application>('/api/my/application', body),
};
