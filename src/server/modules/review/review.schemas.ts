// The review chain's HTTP contract (docs/api-review.md, "Endpoints: review").
import { z } from 'zod';
import { PHASES } from '../../../domain/timetable.js';
import { idParam, idValue, intQuery, pageQuery } from '../../platform/params.schemas.js';
import { applicationStatusSchema, appliedGradeSchema, verdictSchema } from '../applications/applications.schemas.js';

/** The queue's views (待审核 / 退回给我 / 待上报 / 全部). */
export const QUEUE_VIEWS = ['pending', 'returned', 'awaiting_batch', 'all'] as const;
/** The columns the queue can be sorted by. */
export const QUEUE_SORTS = ['submittedAt', 'name', 'appliedGrade', 'verdict', 'status', 'unitName'] as const;
/** A bulk request moves at most this many applications. */
export const MAX_BULK = 10_000;

export const levelSchema = z
  .enum(['unit', 'department', 'jurisdiction', 'province'])
  .describe('审核层级：unit 单位 / department 主管部门 / jurisdiction 市县人社部门 / province 省工考办');
export const stageSchema = z
  .enum(['applicant', 'unit', 'department', 'jurisdiction', 'province'])
  .describe('申请所在环节：applicant 申报人 / unit / department / jurisdiction / province');
export const actionSchema = z
  .enum(['approve', 'return', 'reject'])
  .describe('approve 通过 / return 退回修改 / reject 不通过');
const overruledSchema = z.enum(['needs_review', 'ineligible']).nullable().describe('审核人越过系统判定通过的最强判定');

export const deadlineSchema = z
  .object({
    phase: z.enum(PHASES).describe('截止日期所在的日程阶段'),
    label: z.string().describe('阶段名称'),
    startsOn: z.string().describe('该阶段的开始日期；此前申请一到本级即可审核（不必等到开始日），截止日期前完成即可'),
    endsOn: z.string().describe('截止日期（北京时间，含当天）'),
    daysLeft: z.number().int().describe('剩余天数，已过期为负数'),
    passed: z.boolean().describe('是否已过截止日期'),
  })
  .describe('本级审核的截止时间');

export const abilitiesSchema = z
  .object({ approve: z.boolean(), return: z.boolean(), reject: z.boolean() })
  .describe('当前用户可进行的审核操作');

export const printedOpinionSchema = z
  .object({
    opinion: z.string().describe('审核意见'),
    reviewerName: z.string().describe('审核人'),
    sealName: z.string().describe('盖章单位名称'),
    date: z.string().describe('日期 YYYY-MM-DD'),
  })
  .nullable();

export const reviewEntrySchema = z.object({
  id: z.number().int(),
  level: stageSchema,
  levelLabel: z.string(),
  action: actionSchema,
  actionLabel: z.string(),
  fromStatus: applicationStatusSchema,
  toStatus: applicationStatusSchema,
  returnedTo: stageSchema.nullable().describe('退回到的环节'),
  reasonCode: z.string().nullable().describe('退回或不通过的原因代码'),
  reasonLabel: z.string().nullable().describe('原因说明'),
  opinion: z.string().describe('审核意见'),
  verdict: verdictSchema.describe('审核时系统的资格判定'),
  overruleReason: z.string().nullable().describe('越过系统判定通过的理由'),
  batchId: z.number().int().nullable().describe('整批退回时的批次'),
  reviewerName: z.string().describe('审核人'),
  orgName: z.string().describe('审核机构'),
  sealName: z.string().describe('盖章单位名称'),
  decidedOn: z.string().describe('审核日期（北京时间）'),
  createdAt: z.string(),
});

export const reviewDetailSchema = z.object({
  applicationId: z.number().int(),
  status: applicationStatusSchema,
  statusLabel: z.string(),
  holder: stageSchema.nullable().describe('当前应由谁处理；已结束为 null'),
  holderLabel: z.string().nullable(),
  position: z.string().describe('申请当前所处位置的说明'),
  reviewedByProvince: z.boolean().describe('省直单位、中央驻豫单位：由省工考办直接审查'),
  returnedTo: stageSchema.nullable(),
  returnCount: z.number().int().describe('被退回修改的次数'),
  rejectReason: z.string().nullable().describe('不通过的原因代码'),
  rejectReasonLabel: z.string().nullable(),
  overruledVerdict: overruledSchema,
  departmentBatchId: z.number().int().nullable(),
  jurisdictionBatchId: z.number().int().nullable(),
  lastReturn: reviewEntrySchema.nullable().describe('最近一次退回（供单位和申报人查看）'),
  history: z.array(reviewEntrySchema).describe('审核记录，按时间先后'),
  opinions: z
    .object({
      unit: printedOpinionSchema,
      department: printedOpinionSchema,
      jurisdiction: printedOpinionSchema,
      province: printedOpinionSchema,
    })
    .describe('各级最近一次通过的审核意见（打印在申请表上）'),
  viewerLevel: levelSchema.nullable().describe('当前用户的审核层级'),
  deadline: deadlineSchema.nullable(),
  abilities: abilitiesSchema,
});

export const overviewQuery = z.object({
  campaignId: idParam('考核年度；默认为开放中的年度').optional(),
});

export const overviewSchema = z.object({
  level: levelSchema,
  levelLabel: z.string(),
  orgNodeId: z.number().int(),
  orgName: z.string(),
  sealName: z.string().describe('默认盖章单位名称'),
  campaign: z.object({ id: z.number().int(), name: z.string(), status: z.enum(['draft', 'open', 'closed']) }),
  deadline: deadlineSchema.nullable(),
  counts: z.object({
    pending: z.number().int().describe('本级现在可以审核的（含退回本级的）'),
    returnedToMe: z.number().int().describe('退回本级的'),
    awaitingBatch: z.number().int().describe('本级已通过、尚未汇总上报的'),
    decidedByMe: z.number().int().describe('本级审核过的'),
  }),
});

const booleanQuery = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .or(z.boolean());

/** The queue's filter fields (shared with the bulk request's `filter`). */
const filterShape = {
  view: z
    .enum(QUEUE_VIEWS)
    .default('pending')
    .describe('pending 待本级审核 / returned 退回本级的 / awaiting_batch 待汇总上报 / all 辖区内全部'),
  status: applicationStatusSchema.optional().describe('申请状态'),
  jurisdictionId: idParam('辖区（须在本人管辖范围内）').optional(),
  departmentId: idParam('主管部门（须在本人管辖范围内）').optional(),
  unitId: idParam('单位（须在本人管辖范围内）').optional(),
  jobTypeId: idParam('申报工种').optional(),
  category: z.string().trim().min(1).max(50).optional().describe('工种类别'),
  grade: intQuery(1, 5).optional().describe('申报等级'),
  verdict: verdictSchema.optional().describe('系统资格判定'),
  batchId: idParam('汇总上报批次（主管部门或市县的）').optional(),
  overruled: booleanQuery.optional().describe('true：越过系统判定通过的'),
  q: z.string().trim().max(50).optional().describe('姓名或身份证号的一部分'),
};

export const queueQuery = z.object({
  campaignId: idParam('考核年度'),
  ...filterShape,
  sort: z.enum(QUEUE_SORTS).default('submittedAt').describe('排序字段'),
  order: z.enum(['asc', 'desc']).default('asc'),
  page: pageQuery(),
  pageSize: intQuery(1, 200).default(20),
});

export const queueItemSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  idNumber: z.string().describe('单位经办人看到完整号码，其他人看到 4101**********2016'),
  sex: z.enum(['male', 'female']),
  unitName: z.string(),
  departmentName: z.string(),
  jurisdictionName: z.string(),
  appliedJobType: z.string(),
  appliedJobTypeCategory: z.string(),
  appliedGrade: appliedGradeSchema,
  verdict: verdictSchema,
  findingCount: z.number().int().describe('系统检查发现的问题数'),
  status: applicationStatusSchema,
  holder: stageSchema.nullable(),
  returnedTo: stageSchema.nullable(),
  returnCount: z.number().int(),
  rejectReason: z.string().nullable(),
  overruledVerdict: overruledSchema,
  departmentBatchId: z.number().int().nullable(),
  jurisdictionBatchId: z.number().int().nullable(),
  submittedAt: z.string().nullable(),
  updatedAt: z.string(),
  abilities: abilitiesSchema,
});

export const queueResponse = z.object({ items: z.array(queueItemSchema), total: z.number().int() });

const decisionShape = {
  action: actionSchema,
  reasonCode: z
    .string()
    .trim()
    .max(40)
    .nullish()
    .describe('退回（RETURN_REASONS）或不通过（REJECT_REASONS）的原因代码'),
  opinion: z.string().trim().max(500).nullish().describe('审核意见；不填用默认意见；原因为 OTHER 时必填'),
  overruleReason: z
    .string()
    .trim()
    .max(500)
    .nullish()
    .describe('通过系统判定为“需人工核实”或“不符合条件”的申请时的理由（不少于4个字）'),
  sealName: z.string().trim().max(100).nullish().describe('盖章单位名称；默认为本机构名称'),
};

export const decideBody = z.object(decisionShape);
export const idParams = z.object({ id: idParam('申请编号') });

export const bulkBody = z
  .object({
    campaignId: idValue('考核年度'),
    ...decisionShape,
    ids: z.array(idValue('申请编号')).min(1).max(MAX_BULK).optional().describe('申请编号（1 至 10000 个）'),
    // The same fields as the queue's query string, but as JSON values: numbers for ids and the grade.
    filter: z
      .object({
        ...filterShape,
        jurisdictionId: idValue('辖区（须在本人管辖范围内）').optional(),
        departmentId: idValue('主管部门（须在本人管辖范围内）').optional(),
        unitId: idValue('单位（须在本人管辖范围内）').optional(),
        jobTypeId: idValue('申报工种').optional(),
        grade: z.number().int().min(1).max(5).optional().describe('申报等级'),
        batchId: idValue('汇总上报批次（主管部门或市县的）').optional(),
        overruled: z.boolean().optional().describe('true：越过系统判定通过的'),
      })
      .optional()
      .describe('与审核列表相同的筛选条件'),
    expectedCount: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('按筛选条件处理时必填：列表显示的总数；与服务器在锁定后数出的人数不同时拒绝（REVIEW_COUNT_CHANGED）'),
  })
  .refine((b) => (b.ids === undefined) !== (b.filter === undefined), {
    message: '请给出 ids 或 filter 其中之一',
    path: ['ids'],
  })
  .refine((b) => b.filter === undefined || b.expectedCount !== undefined, {
    message: '按筛选条件处理时须给出 expectedCount（列表显示的总数）',
    path: ['expectedCount'],
  });

export const bulkResponse = z.object({
  action: actionSchema,
  matched: z.number().int().describe('匹配的申请数'),
  succeeded: z.number().int().describe('处理成功的申请数'),
  skipped: z
    .array(
      z.object({
        id: z.number().int(),
        name: z.string(),
        code: z.string().describe('跳过的原因代码'),
        message: z.string().describe('跳过的原因'),
      }),
    )
    .describe('未处理的申请及原因'),
});

// ─── The contract's types (the web imports them with `import type`) ───────────────────────────────────────
export type ReviewDeadline = z.infer<typeof deadlineSchema>;
export type ReviewAbilities = z.infer<typeof abilitiesSchema>;
export type PrintedOpinion = NonNullable<z.infer<typeof printedOpinionSchema>>;
export type ReviewEntry = z.infer<typeof reviewEntrySchema>;
export type ReviewDetail = z.infer<typeof reviewDetailSchema>;
export type ReviewOverviewQuery = import('../../platform/params.schemas.js').QueryOf<typeof overviewQuery>;
export type ReviewOverview = z.infer<typeof overviewSchema>;
export type QueueQuery = import('../../platform/params.schemas.js').QueryOf<typeof queueQuery>;
export type QueueItem = z.infer<typeof queueItemSchema>;
export type QueueResponse = z.infer<typeof queueResponse>;
export type DecideBody = z.input<typeof decideBody>;
export type BulkBody = z.input<typeof bulkBody>;
export type BulkResponse = z.infer<typeof bulkResponse>;
