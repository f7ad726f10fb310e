// The 汇总上报 contract (docs/api-review.md, "汇总上报 batches"): Batch, BatchSummary, the pending preview, the
// list and the return. The web app's types mirror these.
import { z } from 'zod';
import { PHASES } from '../../../domain/timetable.js';
import { idParam, idValue, intQuery, pageQuery } from '../../platform/params.schemas.js';

export const batchLevelSchema = z
  .enum(['department', 'jurisdiction'])
  .describe('上报的一级：department 主管部门汇总上报 / jurisdiction 市县人社部门汇总上报');
export const batchStatusSchema = z.enum(['submitted', 'returned']).describe('submitted 已上报 / returned 已整批退回');
const reviewLevelSchema = z
  .enum(['unit', 'department', 'jurisdiction', 'province'])
  .describe('审核层级：unit 单位 / department 主管部门 / jurisdiction 市县人社部门 / province 省工考办');

const count = (label: string) => z.number().int().min(0).describe(label);

export const gradeCountsSchema = z
  .object({
    '5': count('五级（初级工）'),
    '4': count('四级（中级工）'),
    '3': count('三级（高级工）'),
    '2': count('二级（技师）'),
    '1': count('一级（高级技师）'),
  })
  .describe('按申报等级的人数');

export const batchSummarySchema = z
  .object({
    total: count('申请总数'),
    byJobType: z
      .array(
        z.object({
          jobType: z.string().describe('申报工种'),
          category: z.string().describe('工种类别'),
          grades: gradeCountsSchema,
          total: count('该工种合计'),
        }),
      )
      .describe('按工种 × 申报等级汇总（按工种类别、工种排序）'),
    byVerdict: z
      .object({
        eligible: count('系统判定符合条件'),
        needs_review: count('系统判定需人工核实'),
        ineligible: count('系统判定不符合条件'),
      })
      .describe('按系统资格判定汇总'),
    overruled: z
      .object({
        needs_review: count('审核人员核实后通过的「需人工核实」'),
        ineligible: count('审核人员填写理由后通过的「不符合条件」'),
      })
      .describe('审核人员改判通过的申请'),
    byUnit: z
      .array(z.object({ unitId: z.number().int(), unitName: z.string().describe('单位名称'), total: count('人数') }))
      .describe('按单位汇总'),
  })
  .describe('汇总表的统计数字');
export type BatchSummary = z.infer<typeof batchSummarySchema>;

export const deadlineSchema = z
  .object({
    phase: z.enum(PHASES).describe('截止时间所属的考务阶段'),
    label: z.string().describe('阶段名称'),
    endsOn: z.string().describe('截止日期（北京时间，含当日）'),
    daysLeft: z.number().int().describe('距截止还有几天（当天为 0，已过为负数）'),
    passed: z.boolean().describe('是否已过截止日期'),
  })
  .describe('本级的截止时间');
export type Deadline = z.infer<typeof deadlineSchema>;

export const batchSchema = z
  .object({
    id: z.number().int().describe('批次编号（内部）'),
    campaignId: z.number().int().describe('考核年度'),
    batchNo: z
      .string()
      .describe('批次号，如 2017-410100-00003：年度-辖区行政区划代码（省直、中央驻豫单位为 410000）-全省流水号'),
    level: batchLevelSchema,
    fromNodeId: z.number().int().describe('上报单位（主管部门或市县）'),
    fromName: z.string().describe('上报单位名称'),
    toNodeId: z.number().int().describe('接收单位（市县人社部门或省工考办）'),
    toName: z.string().describe('接收单位名称'),
    status: batchStatusSchema,
    applicationCount: count('上报的申请数'),
    summary: batchSummarySchema,
    note: z.string().nullable().describe('上报说明'),
    submittedByName: z.string().describe('上报人'),
    submittedAt: z.string().describe('上报时间（ISO 8601）'),
    returnReason: z.string().nullable().describe('整批退回的原因'),
    returnedByName: z.string().nullable().describe('退回人'),
    returnedAt: z.string().nullable().describe('退回时间（ISO 8601）'),
    undecidedCount: count('接收单位尚未审核的申请数'),
    abilities: z
      .object({
        return: z.boolean().describe('当前用户可否整批退回（接收单位、批次未退回、尚有未审核的申请、未过截止时间）'),
      })
      .describe('当前用户可做的操作'),
  })
  .describe('汇总上报批次');
export type Batch = z.infer<typeof batchSchema>;

export const pendingQuery = z.object({
  campaignId: idParam('考核年度；不填为当前开放的考核年度').optional(),
});

export const pendingResponse = z
  .object({
    level: reviewLevelSchema,
    toName: z.string().nullable().describe('上报给谁；单位和省工考办不汇总上报，为 null'),
    count: count('现在汇总上报将包含的申请数'),
    summary: batchSummarySchema,
    deadline: deadlineSchema.nullable().describe('汇总上报的截止时间；不汇总上报的层级为 null'),
  })
  .describe('待汇总上报的申请');

export const createBody = z.object({
  campaignId: idValue('考核年度'),
  note: z.string().trim().max(500).optional().describe('上报说明（可选，不超过 500 字）'),
});

export const listQuery = z.object({
  campaignId: idParam('考核年度；不填为全部年度').optional(),
  direction: z
    .enum(['sent', 'received'])
    .optional()
    .describe('sent 本单位上报的 / received 上报给本单位的；不填为管辖范围内的全部批次'),
  status: batchStatusSchema.optional(),
  page: pageQuery().describe('页码，从 1 开始'),
  pageSize: intQuery(1, 200).default(20).describe('每页条数，最多 200'),
});

export const listResponse = z.object({
  items: z.array(batchSchema).describe('按上报时间倒序'),
  total: count('符合条件的批次总数'),
});

export const idParams = z.object({ id: idParam('批次编号') });

export const returnBody = z.object({
  reason: z
    .string()
    .trim()
    .min(2, '请填写退回原因')
    .max(500, '退回原因不超过 500 字')
    .describe('整批退回的原因（2–500 字），记入每份申请的审核意见'),
});

// ─── The contract's types (the web imports them with `import type`) ───────────────────────────────────────
export type BatchLevel = z.infer<typeof batchLevelSchema>;
export type BatchStatus = z.infer<typeof batchStatusSchema>;
export type GradeCounts = z.infer<typeof gradeCountsSchema>;
export type PendingQuery = import('../../platform/params.schemas.js').QueryOf<typeof pendingQuery>;
export type PendingBatch = z.infer<typeof pendingResponse>;
export type CreateBatchBody = z.input<typeof createBody>;
export type BatchListQuery = import('../../platform/params.schemas.js').QueryOf<typeof listQuery>;
export type BatchListResponse = z.infer<typeof listResponse>;
export type ReturnBatchBody = z.input<typeof returnBody>;
