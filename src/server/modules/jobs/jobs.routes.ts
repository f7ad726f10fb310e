import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { requireActor } from '../../platform/access.js';
import { getJob, getJobFile } from '../../platform/jobs.js';
import { contentDisposition } from '../applications/applications.files.js';
import { jobSchema } from './jobs.schemas.js';

const TAGS = ['后台任务'];

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
