import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { serviceContext } from '../../platform/access.js';
import { AppError } from '../../platform/errors.js';
import type { JobRunner } from '../../platform/jobs.js';
import { idParam } from '../../platform/params.schemas.js';
import { readImportUpload } from '../../platform/uploads.js';
import { jobStarted } from '../jobs/jobs.schemas.js';
import { checkOutput, exportApplications, MAX_EXPORT_ROWS } from './applications.export.js';
import { contentDisposition } from './applications.files.js';
import {
  checkImportTarget,
  getApplicationTemplate,
  type ImportMode,
  importApplications,
  MAX_APPLICATION_ROWS,
  readApplicationSheet,
} from './applications.import.js';
import { MAX_PRINT_APPLICATIONS, printApplication, printApplications } from './applications.pdf.js';
import { batchPrintBody, idParams, outputFilterBody } from './applications.schemas.js';

const TAGS = ['报名申请'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const campaignQuery = z.object({ campaignId: idParam('考核年度') });

/** Templates, imports, exports and printing. Heavy work runs as background jobs on the app's `jobs` runner. */
export function applicationPrintRoutes(deps: AppDeps, jobs: JobRunner): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/applications/import/template',
      {
        config: { access: 'application.manage', heavy: true },
        schema: {
          tags: TAGS,
          summary: '下载申请表导入模板（Excel，含本年度工种下拉列表）',
          querystring: campaignQuery,
        },
      },
      async (request, reply) => {
        const { file, fileName } = await getApplicationTemplate(
          deps,
          serviceContext(request),
          request.query.campaignId,
        );
        return reply.type(XLSX).header('content-disposition', contentDisposition(fileName, false)).send(file);
      },
    );

    app.post(
      '/api/applications/import',
      {
        config: { access: 'application.manage' },
        schema: {
          tags: TAGS,
          summary: '从 Excel 批量导入申请（后台任务）',
          description: `multipart/form-data：campaignId、unitId、mode（all_or_nothing 全部无误才导入 / good_rows 只导入无误的行）、submit（true 导入后即提交 / false 存为草稿）、file（.xlsx，不超过 10 MB，最多 ${MAX_APPLICATION_ROWS} 行）。不是模板或缺少必填列的文件立即以 400 IMPORT_FILE_INVALID 拒绝，超过行数的以 413 IMPORT_TOO_MANY_ROWS 拒绝，不启动任务。立即返回 202 和 jobId，用 GET /api/jobs/:jobId 查询进度和结果。`,
          consumes: ['multipart/form-data'],
          response: { 202: jobStarted },
        },
      },
      async (request, reply) => {
        const ctx = serviceContext(request);
        const { fields, file } = await readImportUpload(request, ['campaignId', 'unitId', 'mode', 'submit']);
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

        // Refuse now what would fail anyway: unknown campaign, a unit not the actor's, a closed window, a file
        // that is no template or holds more than MAX_APPLICATION_ROWS rows (400 / 413, no job started).
        await checkImportTarget(deps, ctx, campaignId, unitId);
        const sheet = await readApplicationSheet(file.data);
        const importRequest = {
          campaignId,
          unitId,
          mode: mode as ImportMode,
          submit: submit === 'true',
          sheet,
        };
        const jobId = await jobs.start(ctx.actor, 'application.import', '导入', async ({ progress }) => {
          const result = await importApplications(deps, ctx, importRequest, progress);
          return { result };
        });
        return reply.code(202).send({ jobId });
      },
    );

    app.post(
      '/api/applications/export-jobs',
      {
        config: { access: 'application.read' },
        schema: {
          tags: TAGS,
          summary: '导出申请列表（Excel，筛选条件同列表；后台任务）',
          description: `一次最多 ${MAX_EXPORT_ROWS} 人。立即返回 202 和 jobId；用 GET /api/jobs/:jobId 查询进度，完成后用 GET /api/jobs/:jobId/file 下载。`,
          body: outputFilterBody,
          response: { 202: jobStarted },
        },
      },
      async (request, reply) => {
        const ctx = serviceContext(request);
        const filter = request.body;
        const total = await checkOutput(deps, ctx.actor, filter, MAX_EXPORT_ROWS, '导出');
        const jobId = await jobs.start(
          ctx.actor,
          'application.export',
          '导出',
          async ({ progress }) => {
            const { file, count } = await exportApplications(deps, ctx, filter, (p) => progress.report(p));
            const fileName = '申报人员名单.xlsx';
            return { result: { fileName, size: file.length, count }, file: { fileName, mime: XLSX, data: file } };
          },
          total,
        );
        return reply.code(202).send({ jobId });
      },
    );

    app.get(
      '/api/applications/:id/print.pdf',
      {
        // Officials who read applications, or the applicant (own application only, by row-level security).
        config: { access: ['application.read', 'application.self'], heavy: true },
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

    app.post(
      '/api/applications/print-jobs',
      {
        config: { access: 'application.read' },
        schema: {
          tags: TAGS,
          summary: '批量打印一个单位（或主管部门、辖区）的申请表（每人一式三份，PDF；后台任务）',
          description: `一次最多 ${MAX_PRINT_APPLICATIONS} 人的申请表。立即返回 202 和 jobId；用 GET /api/jobs/:jobId 查询进度，完成后用 GET /api/jobs/:jobId/file 下载。`,
          body: batchPrintBody,
          response: { 202: jobStarted },
        },
      },
      async (request, reply) => {
        const ctx = serviceContext(request);
        const filter = request.body;
        const total = await checkOutput(
          deps,
          ctx.actor,
          { ...filter, sort: 'unitName', order: 'asc' },
          MAX_PRINT_APPLICATIONS,
          '打印',
        );
        const jobId = await jobs.start(
          ctx.actor,
          'application.print',
          '批量打印',
          async ({ progress }) => {
            const { pdf, fileName, count } = await printApplications(deps, ctx, filter, (p) => progress.report(p));
            return {
              result: { fileName, size: pdf.length, count },
              file: { fileName, mime: 'application/pdf', data: pdf },
            };
          },
          total,
        );
        return reply.code(202).send({ jobId });
      },
    );
  };
}
