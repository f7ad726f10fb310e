import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { serviceContext } from '../../platform/access.js';
import { AppError } from '../../platform/errors.js';
import type { JobRunner } from '../../platform/jobs.js';
import { readUpload } from '../../platform/uploads.js';
import { jobStarted } from '../jobs/jobs.schemas.js';
import { bankIdParams } from './banks.schemas.js';
import { QTI_IMPORT_MODES, type QtiImportMode } from './qti.schemas.js';
import {
  checkQtiBank,
  exportQtiPackage,
  importQtiPackage,
  openQtiPackage,
  QTI_MAX_BYTES,
  QTI_MAX_ITEMS,
} from './qti.service.js';

const TAGS = ['题库'];

/** QTI 3.0 content packages in and out of a bank, as background jobs on the app's `jobs` runner. */
export function bankQtiRoutes(deps: AppDeps, jobs: JobRunner): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/banks/:id/qti-import',
      {
        config: { access: 'bank.manage' },
        schema: {
          tags: TAGS,
          summary: '导入 IMS QTI 3.0 试题包（后台任务）',
          description: `multipart/form-data：mode（all_or_nothing 全部可导入才导入 / good_rows 只导入可导入的试题）、file（.zip，不超过 ${QTI_MAX_BYTES / 1024 / 1024} MB，最多 ${QTI_MAX_ITEMS} 道题）。只导入单选题、多选题（qti-choice-interaction）；其他题型逐题列出原因，不影响其他试题。不是试题包的文件立即以 400 QTI_PACKAGE_INVALID 拒绝。立即返回 202 和 jobId，用 GET /api/jobs/:jobId 查询进度和结果。`,
          consumes: ['multipart/form-data'],
          params: bankIdParams,
          response: { 202: jobStarted },
        },
      },
      async (request, reply) => {
        const ctx = serviceContext(request);
        const bankId = request.params.id;
        const { fields, file } = await readUpload(request, {
          maxBytes: QTI_MAX_BYTES,
          fields: ['mode'],
          tooLarge: { code: 'QTI_PACKAGE_TOO_LARGE', message: `试题包不能超过 ${QTI_MAX_BYTES / 1024 / 1024} MB` },
          missingFile: '请选择要导入的 QTI 试题包（.zip）',
        });
        const mode = fields.mode ?? 'all_or_nothing';
        if (!(QTI_IMPORT_MODES as readonly string[]).includes(mode)) {
          throw new AppError('VALIDATION_FAILED', '字段「mode」：须为 all_or_nothing 或 good_rows', { field: 'mode' });
        }
        await checkQtiBank(deps, ctx, bankId);
        const pkg = await openQtiPackage(file.data);
        const jobId = await jobs.start(
          ctx.actor,
          'bank.qti_import',
          '导入 QTI 试题包',
          async ({ progress }) => ({
            result: await importQtiPackage(deps, ctx, bankId, pkg, mode as QtiImportMode, progress),
          }),
          pkg.items.length * 2,
        );
        return reply.code(202).send({ jobId });
      },
    );

    app.post(
      '/api/banks/:id/qti-export',
      {
        config: { access: 'bank.manage' },
        schema: {
          tags: TAGS,
          summary: '导出题库为 IMS QTI 3.0 试题包（含答案和图片；后台任务，记入审计日志）',
          description:
            '每道试题的最新版本（已停用的除外）。立即返回 202 和 jobId；用 GET /api/jobs/:jobId 查询进度，完成后用 GET /api/jobs/:jobId/file 下载 .zip。',
          params: bankIdParams,
          response: { 202: jobStarted },
        },
      },
      async (request, reply) => {
        const ctx = serviceContext(request);
        const bankId = request.params.id;
        await checkQtiBank(deps, ctx, bankId);
        const jobId = await jobs.start(ctx.actor, 'bank.qti_export', '导出 QTI 试题包', async ({ progress }) => {
          const { file, fileName, count } = await exportQtiPackage(deps, ctx, bankId, (p) => progress.report(p));
          return {
            result: { fileName, size: file.length, count },
            file: { fileName, mime: 'application/zip', data: file },
          };
        });
        return reply.code(202).send({ jobId });
      },
    );
  };
}
