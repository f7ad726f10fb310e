import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { serviceContext } from '../../platform/access.js';
import { AppError } from '../../platform/errors.js';
import type { JobRunner } from '../../platform/jobs.js';
import { readImportUpload } from '../../platform/uploads.js';
import { contentDisposition } from '../applications/applications.files.js';
import { jobStarted } from '../jobs/jobs.schemas.js';
import {
  checkBankExport,
  checkBankImport,
  exportBankItems,
  getBankTemplate,
  importBankItems,
  MAX_BANK_SHEET_ROWS,
  readBankSheet,
  XLSX_MIME,
} from './banks.excel.js';
import { BANK_IMPORT_MODES, type BankImportMode, bankExportBody, bankImportQuery } from './banks.excel.schemas.js';
import { bankIdParams } from './banks.schemas.js';

const TAGS = ['题库'];

/** The banks' template, Excel import and export; the heavy parts run as background jobs on the app's runner. */
export function bankExcelRoutes(deps: AppDeps, jobs: JobRunner): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/banks/template.xlsx',
      {
        config: { access: 'bank.read', heavy: true },
        schema: {
          tags: TAGS,
          summary: '下载题库导入模板（Excel：题型、题干、选项A至F、答案、难度、知识点、解析、来源；含填写说明）',
        },
      },
      async (request, reply) => {
        const { file, fileName } = await getBankTemplate(serviceContext(request));
        return reply.type(XLSX_MIME).header('content-disposition', contentDisposition(fileName, false)).send(file);
      },
    );

    app.post(
      '/api/banks/:id/import',
      {
        config: { access: 'bank.manage' },
        schema: {
          tags: TAGS,
          summary: '从 Excel 导入试题（草稿，须由另一名题库管理员审核；后台任务）',
          description: `multipart/form-data：mode（all_or_nothing 全部正确才导入 / good_rows 只导入正确的行；也可放在查询字符串中）、file（.xlsx，不超过 10 MB，最多 ${MAX_BANK_SHEET_ROWS} 行）。不是题库模板或缺少必填列的文件立即以 400 IMPORT_FILE_INVALID 拒绝，超过行数的以 413 IMPORT_TOO_MANY_ROWS 拒绝，不启动任务。立即返回 202 和 jobId，用 GET /api/jobs/:jobId 查询进度和结果（每个错误的行号、列、原因）。`,
          consumes: ['multipart/form-data'],
          params: bankIdParams,
          querystring: bankImportQuery,
          response: { 202: jobStarted },
        },
      },
      async (request, reply) => {
        const ctx = serviceContext(request);
        const bankId = request.params.id;
        const { fields, file } = await readImportUpload(request, ['mode']);
        const mode = fields.mode ?? request.query.mode ?? 'all_or_nothing';
        if (!(BANK_IMPORT_MODES as readonly string[]).includes(mode)) {
          throw new AppError('VALIDATION_FAILED', '字段「mode」：须为 all_or_nothing 或 good_rows', { field: 'mode' });
        }
        // Refuse now what would fail anyway: an unknown bank, a file that is no bank sheet or holds too many rows.
        await checkBankImport(deps, ctx, bankId);
        const sheet = await readBankSheet(file.data);
        const importRequest = { bankId, mode: mode as BankImportMode, fileName: file.fileName, sheet };
        const jobId = await jobs.start(
          ctx.actor,
          'bank.import',
          '导入试题',
          async ({ progress }) => ({ result: await importBankItems(deps, ctx, importRequest, progress) }),
          sheet.rows.length * 2,
        );
        return reply.code(202).send({ jobId });
      },
    );

    app.post(
      '/api/banks/:id/export',
      {
        config: { access: 'bank.manage' },
        schema: {
          tags: TAGS,
          summary: '导出题库的试题（Excel，含答案和解析，版式同导入模板；后台任务；记入审计日志）',
          description: `每道试题导出其最新版本（可按状态筛选），一次最多 ${MAX_BANK_SHEET_ROWS} 道。立即返回 202 和 jobId；用 GET /api/jobs/:jobId 查询进度，完成后用 GET /api/jobs/:jobId/file 下载（24 小时内）。图片不随 Excel 导出。`,
          params: bankIdParams,
          body: bankExportBody,
          response: { 202: jobStarted },
        },
      },
      async (request, reply) => {
        const ctx = serviceContext(request);
        const bankId = request.params.id;
        const filter = request.body;
        const total = await checkBankExport(deps, ctx, bankId, filter);
        const jobId = await jobs.start(
          ctx.actor,
          'bank.export',
          '导出试题',
          async ({ progress }) => {
            const { file, fileName, count } = await exportBankItems(deps, ctx, bankId, filter, (p) =>
              progress.report(p),
            );
            return { result: { fileName, size: file.length, count }, file: { fileName, mime: XLSX_MIME, data: file } };
          },
          total * 2,
        );
        return reply.code(202).send({ jobId });
      },
    );
  };
}
