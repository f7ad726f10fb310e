/** 归档材料 (issue 16 part 6): a candidate's archive PDF and a unit's or jurisdiction's ZIP job (the server's contract). */
import type { ArchiveZipBody } from '../../server/modules/archives/archives.schemas';
import { api } from './client';

export const archiveApi = {
  /** One candidate's archive PDF (opened in a new tab; the browser sends the session cookie). */
  candidatePdfUrl: (applicationId: number) => `/api/archives/applications/${applicationId}.pdf`,
  /** Starts the ZIP job for a unit, department or jurisdiction (202 with the job's id). */
  startZip: (campaignId: number, body: ArchiveZipBody) =>
    api.post<{ jobId: string }>(`/api/campaigns/${campaignId}/archives`, body),
  /** The finished ZIP of one's own job. */
  zipUrl: (jobId: string) => `/api/archives/${jobId}.zip`,
};
