// The approval queue's contract (待审核试题): draft versions across all banks, and bulk approval.
import { z } from 'zod';
import { ITEM_TYPES, KNOWLEDGE_POINT_MAX_LENGTH } from '../../../domain/items.js';
import { idParam, idValue, intQuery, pageQuery } from '../../platform/params.schemas.js';
import { itemVersionMetaSchema } from './banks.schemas.js';

/** One bulk approval approves at most this many versions, in one transaction. */
export const MAX_BULK_APPROVE = 5000;

const filterShape = {
  type: z.enum(ITEM_TYPES).optional().describe('题型：single 单选题，multiple 多选题，true_false 判断题'),
  knowledgePoint: z.string().trim().max(KNOWLEDGE_POINT_MAX_LENGTH).optional().describe('知识点（完全一致）'),
};

export const queueQuery = z.object({
  bankId: idParam('题库编号').optional(),
  ...filterShape,
  authorId: idParam('编写人账号编号').optional(),
  page: pageQuery().describe('页码'),
  pageSize: intQuery(1, 200).default(50).describe('每页条数（最多200）'),
});

export const queueItemSchema = itemVersionMetaSchema.extend({
  bankName: z.string().describe('题库名称'),
});

export const queueResponse = z.object({
  items: z.array(queueItemSchema),
  total: z.number().int().describe('符合筛选条件的待审核版本数'),
  ownCount: z.number().int().describe('其中本人编写的版本数（不能由本人审核，批量审核时跳过）'),
  authors: z.array(z.object({ id: z.number().int(), name: z.string() })).describe('有待审核版本的编写人（供筛选）'),
});

export const bulkApproveBody = z
  .object({
    items: z
      .array(z.object({ itemId: idValue('试题编号'), version: idValue('版本号') }))
      .min(1)
      .max(MAX_BULK_APPROVE)
      .optional()
      .describe(`勾选的试题版本（1 至 ${MAX_BULK_APPROVE} 个）`),
    filter: z
      .object({
        bankId: idValue('题库编号').optional(),
        ...filterShape,
        authorId: idValue('编写人账号编号').optional(),
      })
      .optional()
      .describe('与待审核列表相同的筛选条件：审核通过筛选出的全部版本'),
    expectedCount: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('按筛选条件审核时必填：列表显示的总数；与服务器当前的数目不符时拒绝（409 BANK_QUEUE_CHANGED）'),
  })
  .refine((b) => (b.items === undefined) !== (b.filter === undefined), {
    message: '请给出 items 或 filter 其中之一',
    path: ['items'],
  })
  .refine((b) => b.filter === undefined || b.expectedCount !== undefined, {
    message: '按筛选条件审核时须给出 expectedCount（列表显示的总数）',
    path: ['expectedCount'],
  });

export const bulkApproveResponse = z.object({
  matched: z.number().int().describe('匹配的版本数'),
  succeeded: z.number().int().describe('审核通过的版本数'),
  skipped: z
    .array(
      z.object({
        itemId: z.number().int(),
        version: z.number().int(),
        code: z.string().describe('跳过的原因代码（ITEM_APPROVE_OWN 本人编写，ITEM_ALREADY_APPROVED，NOT_FOUND…）'),
        message: z.string().describe('跳过的原因'),
      }),
    )
    .describe('未审核通过的版本及原因'),
});

// ─── The contract's types (the web imports them with `import type`) ───────────────────────────────────────
export type BankQueueQuery = import('../../platform/params.schemas.js').QueryOf<typeof queueQuery>;
export type BankQueueItem = z.infer<typeof queueItemSchema>;
export type BankQueueResponse = z.infer<typeof queueResponse>;
export type BulkApproveBody = z.input<typeof bulkApproveBody>;
export type BulkApproveResponse = z.infer<typeof bulkApproveResponse>;
