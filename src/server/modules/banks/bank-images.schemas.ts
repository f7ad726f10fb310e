import { z } from 'zod';

/** An image key as items name it (domain/items.ts: letters, digits, . _ : -, at most 128). */
export const imageIdParams = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,128}$/, '图片编号格式不正确')
    .describe('图片编号（试题内容中的图片引用）'),
});

export const bankImageSchema = z.object({
  id: z.string().describe('图片编号：写入试题的 stemImage 或选项的 image'),
  mimeType: z.string().describe('图片类型（由文件内容识别）：image/png、image/jpeg、image/gif、image/webp'),
  width: z.number().int().describe('宽（像素）'),
  height: z.number().int().describe('高（像素）'),
  byteSize: z.number().int().describe('字节数'),
});

// ─── The contract's types (the web imports them with `import type`) ───────────────────────────────────────
export type BankImage = z.infer<typeof bankImageSchema>;
