/** 试题分析 (issue 17 part 5): the bank managers' item statistics per campaign subject (the server's contract). */
import type { Subject } from '../../domain/items';
import type {
  ItemAnalysisSummary,
  ItemListResponse,
  ItemStatView,
} from '../../server/modules/item-analysis/item-analysis.schemas';
import { api, fetchFile } from './client';

export type { ItemAnalysisSummary, ItemListResponse, ItemStatView };

export interface ItemAnalysisFilter {
  page: number;
  pageSize: number;
  flagged?: boolean;
}

export const itemAnalysisKeys = {
  all: ['item-analysis'] as const,
  summary: (campaignId: number) => ['item-analysis', campaignId, 'summary'] as const,
  items: (campaignId: number, subject: Subject, filter: ItemAnalysisFilter) =>
    ['item-analysis', campaignId, subject, 'items', filter] as const,
};

const base = (campaignId: number) => `/api/campaigns/${campaignId}/item-analysis`;
const itemUrl = (campaignId: number, subject: Subject, item: { itemId: number; version: number }) =>
  `${base(campaignId)}/${subject}/items/${item.itemId}/${item.version}`;

export const itemAnalysisApi = {
  summary: (campaignId: number) => api.get<ItemAnalysisSummary>(base(campaignId)),
  items: (campaignId: number, subject: Subject, f: ItemAnalysisFilter) =>
    api.get<ItemListResponse>(`${base(campaignId)}/${subject}/items`, {
      page: f.page,
      pageSize: f.pageSize,
      flagged: f.flagged ? true : undefined,
    }),
  compute: (campaignId: number, subject: Subject) =>
    api.post<{ jobId: string }>(`${base(campaignId)}/${subject}/compute`),
  retire: (campaignId: number, subject: Subject, item: ItemStatView) =>
    api.post<ItemStatView>(`${itemUrl(campaignId, subject, item)}/retire`),
  review: (campaignId: number, subject: Subject, item: ItemStatView, note: string) =>
    api.post<ItemStatView>(`${itemUrl(campaignId, subject, item)}/review`, { note }),
  /** Downloads the workbook through fetch (a refusal arrives as the server's message). */
  download: async (campaignId: number, subject: Subject) => {
    const { blob, fileName } = await fetchFile(`${base(campaignId)}/${subject}/export.xlsx`);
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName ?? '试题分析.xlsx';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  },
};
