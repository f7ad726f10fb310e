// The background jobs' contract: a job's progress and result.
import { z } from 'zod';
import { archiveZipResult } from '../archives/archives.schemas.js';
import { qtiImportResult } from '../banks/qti.schemas.js';
import { issueResult } from '../certificates/certificates.schemas.js';
import { itemAnalysisResult } from '../item-analysis/item-analysis.schemas.js';
import { paperGenerationResult } from '../papers/papers.schemas.js';
import { seatingRunResult } from '../seating/seating.schemas.js';
import { printSetResult } from '../tickets/tickets.schemas.js';

export const importRowError = z.object({
  row: z.number().int().describe('Excel 行号（表头为第1行）'),
  column: z.string().describe('列名'),
  message: z.string(),
});

export const importResult = z
  .object({ total: z.number().int(), imported: z.number().int(), errors: z.array(importRowError) })
  .describe('导入的结果');
export const bankImportResult = importResult
  .extend({
    mode: z.enum(['all_or_nothing', 'good_rows']).describe('all_or_nothing 全部正确才导入 / good_rows 只导入正确的行'),
    rejected: z.number().int().describe('有错误（未导入）的行数'),
    errors: z.array(importRowError.extend({ code: z.string().describe('错误代码') })),
  })
  .describe('题库导入的结果：imported 为导入的试题数（草稿）');
export const fileResult = z
  .object({
    fileName: z.string(),
    size: z.number().int().describe('字节数'),
    count: z.number().int().describe('文件中的条数（申请人数，或试题数）'),
  })
  .describe('生成文件的任务（批量打印、导出）的结果；文件用 GET /api/jobs/:jobId/file 下载，保留 24 小时');

export const rescoreResult = z
  .object({
    scored: z.number().int().describe('重新评分的科目数'),
    changed: z.number().int().describe('成绩有变化的科目数'),
    compiled: z.number().int().describe('汇总的科目成绩数'),
  })
  .describe('重新评分（score.rescore）的结果');

export const jobSchema = z.object({
  id: z.string(),
  kind: z
    .string()
    .describe(
      'application.import 导入 / application.print 批量打印 / application.export 导出 / bank.import 题库导入 / bank.export 题库导出 / bank.qti_import、bank.qti_export QTI 试题包导入、导出 / paper.generate 生成试卷 / seating 编排考场 / ticket.print_set 考点全套考务材料 / score.export 导出成绩 / score.rescore 重新评分 / archive.zip 归档材料压缩包 / certificate.issue 批量发证 / certificate.print 打印证书 / item_analysis.compute 试题分析',
    ),
  status: z
    .enum(['queued', 'running', 'done', 'failed'])
    .describe('queued 排队中 / running 进行中 / done 完成 / failed 失败'),
  total: z.number().int(),
  processed: z.number().int(),
  result: z
    // seatingRunResult first: its literal `kind` matches nothing else (and zod would strip it from a looser match);
    // archiveZipResult and printSetResult before fileResult, whose fields they hold and more.
    .union([
      seatingRunResult,
      issueResult,
      rescoreResult,
      itemAnalysisResult,
      bankImportResult,
      importResult,
      qtiImportResult,
      archiveZipResult,
      printSetResult,
      fileResult,
      paperGenerationResult,
    ])
    .nullable()
    .describe('完成后的结果；进行中或失败时为 null'),
  message: z.string().nullable().describe('失败原因（中文）'),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const jobStarted = z.object({ jobId: z.string().describe('任务编号，用 GET /api/jobs/:jobId 查询进度') });

// ─── The contract's types (the web imports them with `import type`) ───────────────────────────────────────
export type Job = z.infer<typeof jobSchema>;
export type JobStarted = z.infer<typeof jobStarted>;
export type ImportJobResult = z.infer<typeof importResult>;
export type JobFileResult = z.infer<typeof fileResult>;
export type BankImportJobResult = z.infer<typeof bankImportResult>;
