import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import { requireActor, serviceContext } from '../../platform/access.js';
import { AppError } from '../../platform/errors.js';
import { getJob, JobRunner, startJob } from '../../platform/jobs.js';
import { idParam } from '../../platform/schemas.js';
import { inScopedTx } from '../../platform/tx.js';
import { exportApplications } from './applications.export.js';
import { contentDisposition } from './applications.files.js';
import {
  buildApplicationTemplate,
  campaignJobTypes,
  checkImportTarget,
  type ImportMode,
  importApplications,
  MAX_APPLICATION_ROWS,
} from './applications.import.js';
import { printApplication, printApplications } from './applications.pdf.js';
import { applicationStatusSchema, idParams, listQuery } from './applications.schemas.js';
import { findCampaign } from './registration-window.js';

const TAGS = ['报名申请'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A filled 5,000-row template is well under 1 MB; anything near this is not one. */
const IMPORT_MAX_BYTES = 10 * 1024 * 1024;

const importRowError = z.object({
  row: z.number().int().describe('Excel 行号（表头为第1行）'),
  column: z.string().describe('列名'),
  message: z.string(),
});

export const jobSchema = z.object({
  id: z.string(),
  kind: z.string().describe('application.import 等'),
  status: z.enum(['running', 'done', 'failed']),
  total: z.number().int(),
  processed: z.number().int(),
  result: z
    .object({ total: z.number().int(), imported: z.number().int(), errors: z.array(importRowError) })
    .nullable()
    .describe('完成后的结果；进行中或失败时为 null'),
  message: z.string().nullable().describe('失败原因（中文）'),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const campaignQuery = z.object({ campaignId: idParam('考核年度') });
const exportQuery = listQuery.omit({ page: true, pageSize: true });
const batchPrintQuery = z.object({
  campaignId: idParam('考核年度'),
  unitId: idParam('单位（或主管部门、辖区：其下全部单位）'),
  status: applicationStatusSchema.optional(),
});

export function applicationPrintRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const jobs = new JobRunner(deps.db, app.log);
    // Graceful shutdown (and tests) wait for imports still running in this process.
    app.addHook('onClose', async () => jobs.settle());

    app.get(
      '/api/applications/import/template',
      {
        config: { access: 'application.manage' },
        schema: {
          tags: TAGS,
          summary: '下载申请表导入模板（Excel，含本年度工种下拉列表）',
          querystring: campaignQuery,
        },
      },
      async (request, reply) => {
        const { actor } = serviceContext(request);
        const { campaign, jobTypes } = await inScopedTx(deps.db, actor, async (tx) => {
          const found = await findCampaign(tx, request.query.campaignId);
          if (!found) throw new AppError('NOT_FOUND', '考核年度不存在');
          return { campaign: found, jobTypes: await campaignJobTypes(tx, found) };
        });
        const file = await buildApplicationTemplate(campaign, jobTypes);
        return reply
          .type(XLSX)
          .header('content-disposition', contentDisposition(`${campaign.year}年申请表导入模板.xlsx`, false))
          .send(file);
      },
    );

    app.post(
      '/api/applications/import',
      {
        config: { access: 'application.manage' },
        schema: {
          tags: TAGS,
          summary: '从 Excel 批量导入申请（后台任务）',
          description: `multipart/form-data：campaignId、unitId、mode（all_or_nothing 全部无误才导入 / good_rows 只导入无误的行）、submit（true 导入后即提交 / false 存为草稿）、file（.xlsx，最多 ${MAX_APPLICATION_ROWS} 行）。立即返回 202 和 jobId，用 GET /api/jobs/:jobId 查询进度和结果。`,
          consumes: ['multipart/form-data'],
          response: { 202: z.object({ jobId: z.string() }) },
        },
      },
      async (request, reply) => {
        const ctx = serviceContext(request);
        if (!request.isMultipart()) throw new AppError('BAD_REQUEST', '请以 multipart/form-data 上传文件');
        const fields: Record<string, string> = {};
        let file: Buffer | null = null;
        try {
          for await (const part of request.parts({ limits: { fileSize: IMPORT_MAX_BYTES, files: 1 } })) {
            if (part.type === 'file') {
              file = await part.toBuffer();
              if (part.file.truncated) throw new AppError('IMPORT_TOO_LARGE', '文件不能超过 10 MB');
            } else fields[part.fieldname] = String(part.value);
          }
        } catch (error) {
          if (error instanceof AppError) throw error;
          if ((error as { code?: unknown }).code === 'FST_REQ_FILE_TOO_LARGE') {
            throw new AppError('IMPORT_TOO_LARGE', '文件不能超过 10 MB');
          }
          throw new AppError('BAD_REQUEST', '无法读取上传的文件');
        }
        const campaignId = Number(fields.campaignId);
        const unitId = Number(fields.unitId);
        if (!Number.isInteger(campaignId) || campaignId <= 0) {
          throw new AppError('VALIDATION_FAILED', '字段「campaignId」：请选择考核年度');
        }
        if (!Number.isInteger(unitId) || unitId <= 0) {
          throw new AppError('VALIDATION_FAILED', '字段「unitId」：请选择报名单位');
        }
        const mode = fields.mode ?? 'all_or_nothing';
        if (mode !== 'all_or_nothing' && mode !== 'good_rows') {
          throw new AppError('VALIDATION_FAILED', '字段「mode」：须为 all_or_nothing 或 good_rows');
        }
        const submit = fields.submit ?? 'false';
        if (submit !== 'true' && submit !== 'false') {
          throw new AppError('VALIDATION_FAILED', '字段「submit」：须为 true 或 false');
        }
        if (!file || file.length === 0)
          throw new AppError('VALIDATION_FAILED', '字段「file」：请选择要导入的 Excel 文件');

        // Refuse now what would fail anyway: unknown campaign, a unit not the actor's, a closed window.
        await checkImportTarget(deps, ctx, campaignId, unitId);
        const jobId = await startJob(deps.db, ctx.actor, 'application.import', 0);
        const importRequest = { campaignId, unitId, mode: mode as ImportMode, submit: submit === 'true', file };
        void jobs.run(ctx.actor, jobId, '导入', async ({ progress }) => {
          const result = await importApplications(deps, ctx, importRequest, progress);
          return { result };
        });
        return reply.code(202).send({ jobId });
      },
    );

    app.get(
      '/api/jobs/:jobId',
      {
        // Owner only: row-level security shows a job to the account that started it.
        config: { access: 'signed-in' },
        schema: {
          tags: ['后台任务'],
          summary: '后台任务的进度和结果',
          params: z.object({ jobId: z.string().uuid().describe('任务编号') }),
          response: { 200: jobSchema },
        },
      },
      async (request) => {
        const job = await getJob(deps.db, requireActor(request), request.params.jobId);
        return { ...job, result: job.result as z.infer<typeof jobSchema>['result'] };
      },
    );

    app.get(
      '/api/applications/export',
      {
        config: { access: 'application.read' },
        schema: { tags: TAGS, summary: '导出申请列表（Excel，筛选条件同列表）', querystring: exportQuery },
      },
      async (request, reply) => {
        const file = await exportApplications(deps, serviceContext(request), request.query);
        return reply
          .type(XLSX)
          .header('content-disposition', contentDisposition('申报人员名单.xlsx', false))
          .send(file);
      },
    );

    app.get(
      '/api/applications/:id/print.pdf',
      {
        // Officials who read applications, or the applicant (own application only, by row-level security).
        config: { access: ['application.read', 'application.self'] },
        schema: {
          tags: TAGS,
          summary: '打印申请表（A4，一式三份）',
          params: idParams,
        },
      },
      async (request, reply) => {
        const { pdf, fileName } = await printApplication(deps, serviceContext(request), request.params.id);
        return reply
          .type('application/pdf')
          .header('content-disposition', contentDisposition(fileName, true))
          .send(pdf);
      },
    );

    app.get(
      '/api/applications/print.pdf',
      {
        config: { access: 'application.read' },
        schema: {
          tags: TAGS,
          summary: '批量打印一个单位的申请表（每人一式三份）',
          querystring: batchPrintQuery,
        },
      },
      async (request, reply) => {
        const { pdf, fileName } = await printApplications(deps, serviceContext(request), request.query);
        return reply
          .type('application/pdf')
          .header('content-disposition', contentDisposition(fileName, true))
          .send(pdf);
      },
    );
  };
}
