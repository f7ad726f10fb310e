/**
 * The statistics contract (docs/api-review.md, "Statistics"): `ReviewStatistics` for one campaign and one org
 * node (the viewer's or one in their subtree), broken down by the next level below the node, by job-type
 * category and grade, by job type, and the returns and rejections by level and reason.
 */
import { z } from 'zod';
import { APPLICATION_STATUSES, REVIEW_LEVELS } from '../../../domain/review.js';
import { idParam } from '../../platform/params.schemas.js';

export const statisticsQuery = z.object({
  campaignId: idParam('考核年度编号；不填为当前开放的考核年度').optional(),
  nodeId: idParam('机构编号（须在本人管辖范围内）；不填为本人所在机构').optional(),
});
export type StatisticsQuery = z.infer<typeof statisticsQuery>;

const count = z.number().int().min(0);
export const statusSchema = z.enum(APPLICATION_STATUSES);
/** Every status, zero where none. */
export const byStatusSchema = z.record(statusSchema, count);
export const byVerdictSchema = z.object({ eligible: count, needs_review: count, ineligible: count });
export const byGradeSchema = z.object({ '5': count, '4': count, '3': count, '2': count, '1': count });
export const childKindSchema = z.enum(['jurisdiction', 'department', 'unit']);

const reasonRow = z.object({
  level: z.enum(REVIEW_LEVELS),
  reasonCode: z.string().nullable(),
  label: z.string(),
  count,
});

export const reviewStatisticsSchema = z.object({
  campaign: z.object({ id: z.number().int(), name: z.string() }),
  node: z.object({
    id: z.number().int(),
    name: z.string(),
    kind: z.enum(['province', 'jurisdiction', 'department', 'unit']),
  }),
  childKind: childKindSchema.describe('byChild 的层级：省→地区，地区→主管部门，主管部门→单位，单位→单位本身'),
  generatedAt: z.string(),
  totals: z.object({
    applications: count,
    byStatus: byStatusSchema,
    byVerdict: byVerdictSchema,
    overruled: z.object({ needs_review: count, ineligible: count }).describe('系统判定须核实或不符合、审核通过的'),
    everReturned: count.describe('曾被退回修改过的申请（return_count > 0）'),
    rejected: count,
  }),
  byChild: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      total: count,
      byStatus: byStatusSchema,
      byVerdict: byVerdictSchema,
    }),
  ),
  byCategory: z.array(
    z.object({ category: z.string(), total: count, byGrade: byGradeSchema, byStatus: byStatusSchema }),
  ),
  byJobType: z.array(
    z.object({
      jobTypeId: z.number().int(),
      jobType: z.string(),
      category: z.string(),
      total: count,
      byGrade: byGradeSchema,
    }),
  ),
  returnsByReason: z.array(reasonRow),
  rejectionsByReason: z.array(reasonRow),
});
export type ReviewStatistics = z.infer<typeof reviewStatisticsSchema>;
export type ByStatus = z.infer<typeof byStatusSchema>;
export type ByVerdict = z.infer<typeof byVerdictSchema>;
export type ByGrade = z.infer<typeof byGradeSchema>;
export type ReasonRow = z.infer<typeof reasonRow>;

// ─── The contract's types (the web imports them with `import type`) ───────────────────────────────────────
export type StatisticsParams = import('../../platform/params.schemas.js').QueryOf<typeof statisticsQuery>;
