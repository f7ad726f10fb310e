import { z } from 'zod';

export const QTI_IMPORT_MODES = ['all_or_nothing', 'good_rows'] as const;
export type QtiImportMode = (typeof QTI_IMPORT_MODES)[number];

export const qtiFailure = z.object({
  ref: z.string().describe('试题在试题包中的标识（清单中 resource 的 identifier）'),
  file: z.string().describe('试题文件在试题包中的路径'),
  reason: z.string().describe('未导入的原因'),
});

export const qtiImportResult = z
  .object({
    total: z.number().int().describe('试题包中的试题数'),
    imported: z.number().int().describe('导入的试题数（均为草稿，须他人审核）'),
    images: z.number().int().describe('导入试题用到的图片数（相同图片只存一份）'),
    failed: z.array(qtiFailure).describe('未导入的试题及原因'),
    notes: z.array(z.string()).describe('提示（如未标注难度、知识点时采用的默认值）'),
  })
  .describe('QTI 试题包导入的结果');

// ─── The contract's types (the web imports them with `import type`) ───────────────────────────────────────
export type QtiImportResult = z.infer<typeof qtiImportResult>;
export type QtiFailure = z.infer<typeof qtiFailure>;
