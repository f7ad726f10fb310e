import { z } from 'zod';
import { idParam, idValue } from '../../platform/params.schemas.js';

export const archiveApplicationParams = z.object({ applicationId: idParam('申请编号') });
export const archiveCampaignParams = z.object({ campaignId: idParam('考核年度编号') });
export const archiveJobParams = z.object({ jobId: z.string().uuid().describe('生成归档材料的任务编号') });

export const archiveZipBody = z.object({
  nodeId: idValue('归档范围：一个单位、主管部门或辖区的组织机构编号（须在本人管辖范围内）'),
});

/** What the job's result holds when done (GET /api/jobs/:jobId). */
export const archiveZipResult = z.object({
  fileName: z.string().describe('压缩包文件名'),
  size: z.number().int().describe('字节数'),
  count: z.number().int().describe('考生人数（每人一个 PDF）'),
  entries: z.array(z.string()).describe('压缩包内的文件名（准考证号-姓名.pdf）'),
  downloadUrl: z.string().describe('下载地址'),
});

export type ArchiveZipBody = z.input<typeof archiveZipBody>;
export type ArchiveZipResult = z.infer<typeof archiveZipResult>;
