import { api, type QueryValue, request } from './client';
import type {
  Account,
  AccountListParams,
  AuditEntry,
  AuditListParams,
  CreateAccountBody,
  CreateAccountResponse,
  CreateOrgNodeBody,
  ImportMode,
  ImportResult,
  LoginResponse,
  Me,
  OrgNode,
  OrgNodeListParams,
  OrgNodeSummary,
  Paged,
  PublicConfig,
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
};

export const authApi = {
  config: () => api.get<PublicConfig>('/api/public/config'),
  login: (username: string, password: string) => api.post<LoginResponse>('/api/auth/login', { username, password }),
  /** Quiet: a 401 here just means "not signed in". */
  me: () => api.get<Me>('/api/auth/me', undefined, { quiet: true }),
  logout: () => api.post<void>('/api/auth/logout', undefined, { quiet: true }),
  changePassword: (currentPassword: string, newPassword: string) =>
    api.post<void>('/api/auth/change-password', { currentPassword, newPassword }),
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
  resetPassword: (id: number) => api.post<{ initialPassword: string }>(`/api/accounts/${id}/reset-password`),
  unlock: (id: number) => api.post<Account>(`/api/accounts/${id}/unlock`),
};

export const auditApi = {
  list: (params: AuditListParams) => api.get<Paged<AuditEntry>>('/api/audit', q(params)),
};
