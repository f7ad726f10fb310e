/** 准考证 and the staff's print papers of docs/api-tickets.md. */
import type { MyTicketsResponse, PrintSetResult } from '../../server/modules/tickets/tickets.schemas';
import { api, fetchFile } from './client';

export type { MyTicketsResponse, PrintSetResult };
export type MyTicket = MyTicketsResponse['items'][number];

export const ticketKeys = {
  mine: ['tickets', 'mine'] as const,
};

export const ticketApi = {
  mine: () => api.get<MyTicketsResponse>('/api/tickets/mine'),
  ticketPath: (applicationId: number) => `/api/tickets/${applicationId}.pdf`,
  unitPath: '/api/tickets/unit.pdf',
  doorListPath: (roomId: number, sessionId: number) =>
    `/api/seating/rooms/${roomId}/sessions/${sessionId}/door-list.pdf`,
  signInSheetPath: (roomId: number, sessionId: number) =>
    `/api/seating/rooms/${roomId}/sessions/${sessionId}/sign-in-sheet.pdf`,
  /** The open campaign's set unless `campaignId` names another. */
  startPrintSet: (centreId: number, campaignId?: number) =>
    api.post<{ jobId: string }>(`/api/centres/${centreId}/print-set`, campaignId ? { campaignId } : {}),
  printSetUrl: (jobId: string) => `/api/print-sets/${encodeURIComponent(jobId)}.pdf`,
};

/**
 * Downloads a PDF through fetch (a refusal such as 不在准考证打印时间内 is thrown as the server's message) and hands
 * it to the browser as a file.
 */
export async function downloadPdf(path: string, query?: Record<string, string | number | undefined>): Promise<void> {
  const { blob, fileName } = await fetchFile(path, query);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName ?? '准考证.pdf';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
