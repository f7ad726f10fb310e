import type { QtiImportMode } from '../../server/modules/banks/qti.schemas';
import { api, request } from './client';
import type { JobStarted } from './types';

export type { QtiFailure, QtiImportMode, QtiImportResult } from '../../server/modules/banks/qti.schemas';

/** IMS QTI 3.0 packages in and out of a bank: both background jobs (follow them with jobApi). */
export const qtiApi = {
  import: (bankId: number, mode: QtiImportMode, file: File) => {
    const form = new FormData();
    form.append('mode', mode);
    form.append('file', file);
    return request<JobStarted>(`/api/banks/${bankId}/qti-import`, { method: 'POST', form });
  },
  export: (bankId: number) => api.post<JobStarted>(`/api/banks/${bankId}/qti-export`),
};
