import { api, type QueryValue, request } from './client';
import type {
  Bank,
  BankExportBody,
  BankImportMode,
  BankItemChange,
  BankItemContent,
  BankItemListQuery,
  BankItemPage,
  BankItemVersions,
  BankQueueQuery,
  BankQueueResponse,
  BanksResponse,
  BulkApproveBody,
  BulkApproveResponse,
  CreateBankBody,
  ItemContentBody,
  JobStarted,
  UpdateBankBody,
  UpdateItemBody,
} from './types';

const q = (params: object): Record<string, QueryValue> => params as Record<string, QueryValue>;

/**
 * Query keys of the banks. Only metadata is ever cached under them: an item's content is fetched on a person's
 * explicit request (each GET writes an audit row), never by a list, a prefetch or a refetch on focus.
 */
export const bankKeys = {
  all: ['banks'] as const,
  list: ['banks', 'list'] as const,
  itemsOf: (bankId: number) => ['banks', 'items', bankId] as const,
  items: (bankId: number, params: BankItemListQuery) => ['banks', 'items', bankId, params] as const,
  versions: (itemId: number) => ['banks', 'versions', itemId] as const,
  queue: (params: BankQueueQuery) => ['banks', 'queue', params] as const,
};

export const bankApi = {
  list: () => api.get<BanksResponse>('/api/banks'),
  /** The demo's sample bank to import (汽车驾驶员四级, Excel); the server offers it in demo mode only. */
  sampleUrl: '/api/banks/sample.xlsx',
  create: (body: CreateBankBody) => api.post<Bank>('/api/banks', body),
  rename: (id: number, body: UpdateBankBody) => api.patch<Bank>(`/api/banks/${id}`, body),
  items: (bankId: number, params: BankItemListQuery) => api.get<BankItemPage>(`/api/banks/${bankId}/items`, q(params)),
  createItem: (bankId: number, body: ItemContentBody) => api.post<BankItemChange>(`/api/banks/${bankId}/items`, body),
  updateItem: (itemId: number, body: UpdateItemBody) => api.patch<BankItemChange>(`/api/bank-items/${itemId}`, body),
  versions: (itemId: number) => api.get<BankItemVersions>(`/api/bank-items/${itemId}/versions`),
  /** One version's content. Audited (bank_item.view): call only when a person asked to see it. */
  content: (itemId: number, version: number) =>
    api.get<BankItemContent>(`/api/bank-items/${itemId}/versions/${version}`),
  approve: (itemId: number, version: number) =>
    api.post<BankItemChange>(`/api/bank-items/${itemId}/versions/${version}/approve`),
  retire: (itemId: number, version: number) =>
    api.post<BankItemChange>(`/api/bank-items/${itemId}/versions/${version}/retire`),
  templateUrl: '/api/banks/template.xlsx',
  /** Starts the import job (202); its progress and result: jobApi.get<BankImportJobResult>. */
  import: (bankId: number, mode: BankImportMode, file: File) => {
    const form = new FormData();
    form.append('mode', mode);
    form.append('file', file);
    return request<JobStarted>(`/api/banks/${bankId}/import`, { method: 'POST', form });
  },
  /** Starts the export job (202): answers and 解析 included, audited; the file through jobApi.fileUrl. */
  exportJob: (bankId: number, body: BankExportBody) => api.post<JobStarted>(`/api/banks/${bankId}/export`, body),
  queue: (params: BankQueueQuery) => api.get<BankQueueResponse>('/api/bank-items/queue', q(params)),
  bulkApprove: (body: BulkApproveBody) => api.post<BulkApproveResponse>('/api/bank-items/approve', body),
};
