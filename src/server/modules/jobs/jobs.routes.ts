import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { requireActor } from '../../platform/access.js';
import { getJob, getJobFile } from '../../platform/jobs.js';
import { contentDisposition } from '../applications/applications.files.js';

const TAGS = ['后台任务'];

const importRowError = z.object({
  row: z.number().int().describe('Excel 行号（表头为第1行）'),
  column: z.string().describe('列名'),
  message: z.string(),
});

const importResult = z
  .object({ total: z.number().int(), imported: z.number().int(), errors: z.array(importRowError) })
  .describe('导入的结果');
const fileResult = z
  .object({
    fileName: z.string(),
    size: z.number().int().describe('字节数'),
    count: z.number().int().describe('文件中的申请人数'),
  })
  .describe('生成文件的任务（批量打印、导出）的结果；文件用 GET /api/jobs/:jobId/file 下载，保留 24 小时');

export const jobSchema = z.object({
  id: z.string(),
  kind: z.string().describe('application.import 导入 / application.print 批量打印 / application.export 导出'),
  status: z
    .enum(['queued', 'running', 'done', 'failed'])
    .describe('queued 排队中 / running 进行中 / done 完成 / failed 失败'),
  total: z.number().int(),
  processed: z.number().int(),
  result: z.union([importResult, fileResult]).nullable().describe('完成后的结果；进行中或失败时为 null'),
  message: z.string().nullable().describe('失败原因（中文）'),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const jobStarted = z.object({ jobId: z.string().describe('任务编号，用 GET /api/jobs/:jobId 查询进度') });

const jobParams = z.object({ jobId: z.string().uuid().describe('任务编号') });

/** A job's progress and result, and the file it produced: for the account that started it only. */
export function jobRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/jobs/:jobId',
      {
        // Owner only: row-level security shows a job to the account that started it.
        config: { access: 'signed-in' },
        schema: { tags: TAGS, summary: '后台任务的进度和结果', params: jobParams, response: { 200: jobSchema } },
      },
      async (request) => {
        const job = await getJob(deps.db, requireActor(request), request.params.jobId);
        return { ...job, result: job.result as z.infer<typeof jobSchema>['result'] };
      },
    );

    app.get(
      '/api/jobs/:jobId/file',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: TAGS,
          summary: '下载后台任务生成的文件（PDF 或 Excel，完成后 24 小时内）',
          params: jobParams,
        },
      },
      async (request, reply) => {
        const file = await getJobFile(deps.db, requireActor(request), request.params.jobId);
        return reply
          .type(file.mime)
          .header('content-disposition', contentDisposition(file.fileName, file.mime === 'application/pdf'))
          .send(file.data);
      },
    );
  };
}
