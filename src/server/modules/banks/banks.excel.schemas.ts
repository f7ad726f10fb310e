// The banks' Excel contract: the import's mode and the export's filter (the results are jobs: jobs.schemas.ts).
import { z } from 'zod';
import { ITEM_STATUSES } from '../../../domain/items.js';

export const BANK_IMPORT_MODES = ['all_or_nothing', 'good_rows'] as const;
export type BankImportMode = (typeof BANK_IMPORT_MODES)[number];

export const bankImportQuery = z.object({
  mode: z
    .enum(BANK_IMPORT_MODES)
    .optional()
    .describe('all_or_nothing 全部正确才导入（默认）/ good_rows 只导入正确的行；也可作为表单字段 mode 发送'),
});

export const bankExportBody = z.object({
  status: z
    .enum(ITEM_STATUSES)
    .optional()
    .describe('只导出最新版本为此状态的试题：draft 草稿，approved 已审核，retired 已停用；不填导出全部'),
});

// ─── The contract's types (the web imports them with `import type`) ───────────────────────────────────────
export type BankExportBody = z.input<typeof bankExportBody>;
