import { api, type QueryValue } from './client';
import type {
  Bank,
  BankItemChange,
  BankItemContent,
  BankItemListQuery,
  BankItemPage,
  BankItemVersions,
  BanksResponse,
  CreateBankBody,
  ItemContentBody,
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
};
