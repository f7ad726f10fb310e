/** The score review's contract (成绩复核): filing, the queue, the re-score check and the answer. */
import { z } from 'zod';
import { RESULT_SUBJECTS, SUBJECTS } from '../../../domain/items.js';
import { REVIEW_FILERS, SCORE_REVIEW_OUTCOMES, SCORE_REVIEW_STATUSES } from '../../../domain/publicity.js';
import { idParam, idValue, intQuery, pageQuery } from '../../platform/params.schemas.js';

export const reviewParams = z.object({ id: idParam('复核申请编号') });

export const fileBody = z.object({
  applicationId: idValue('考生（申请）编号'),
  subject: z
    .enum(RESULT_SUBJECTS)
    .describe(
      '科目：skill 岗位技能，ethics 职业道德，ability 职业能力，basics 专业基础知识（一级）；panel 综合评审不能复核（REVIEW_PANEL_NOT_REVIEWABLE）',
    ),
  reason: z.string().trim().min(2, '请写明申请复核的理由').max(1000).describe('申请理由'),
});

export const reviewsQuery = z.object({
  page: pageQuery().optional(),
  pageSize: intQuery(1, 100).optional().describe('每页条数（默认 20）'),
  campaignId: idParam('考核年度编号').optional(),
  status: z.enum(SCORE_REVIEW_STATUSES).optional().describe('pending 待复核 / decided 已答复'),
  overdue: z.enum(['yes']).optional().describe('yes：只看超过答复时限的'),
  q: z.string().max(40).optional().describe('考生姓名（包含）'),
});
export type ReviewsQuery = z.output<typeof reviewsQuery>;

const review = z.object({
  id: z.number().int(),
  campaignId: z.number().int(),
  applicationId: z.number().int(),
  name: z.string().describe('考生姓名'),
  unitName: z.string(),
  subject: z.enum(SUBJECTS),
  reason: z.string(),
  filedByKind: z.enum(REVIEW_FILERS),
  filedOn: z.string(),
  status: z.enum(SCORE_REVIEW_STATUSES),
  outcome: z.enum(SCORE_REVIEW_OUTCOMES).nullable(),
  originalScore: z.number().nullable(),
  rescoredScore: z.number().nullable().describe('按种子重建试卷、对存储的作答重新评分的结果'),
  newScore: z.number().nullable().describe('更正后的成绩'),
  rebuildMatches: z.boolean().nullable(),
  rebuildMessage: z.string().nullable(),
  note: z.string().nullable().describe('复核意见'),
  decidedOn: z.string().nullable(),
  limit: z.object({
    days: z.number().int().describe('答复时限（工作日）'),
    used: z.number().int().describe('已用工作日（自申请次日起，至答复日或今天）'),
    remaining: z.number().int(),
    dueOn: z.string().describe('答复期限'),
    overdue: z.boolean(),
  }),
  abilities: z.object({ process: z.boolean() }),
});
export const reviewResponse = review;
export const reviewsResponse = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(review),
});

export const optionsQuery = z.object({
  campaignId: idParam('考核年度编号'),
  q: z.string().max(40).optional().describe('姓名或身份证号（单位经办人查找本单位考生）'),
});
export const optionsResponse = z.object({
  campaign: z.object({ id: z.number().int(), name: z.string() }),
  releasedAt: z.string().nullable(),
  window: z
    .object({ from: z.string(), until: z.string(), open: z.boolean(), days: z.number().int() })
    .nullable()
    .describe('受理复核申请的期限（成绩发布次日起的工作日）'),
  candidates: z.array(
    z.object({
      applicationId: z.number().int(),
      name: z.string(),
      subjects: z.array(
        z.object({
          subject: z.enum(RESULT_SUBJECTS),
          status: z.string(),
          score: z.number().nullable(),
          reviewable: z.boolean().describe('可申请复核（本系统考试的成绩，尚未申请）'),
          reviewId: z.number().int().nullable(),
        }),
      ),
    }),
  ),
});

export const checkResponse = z.object({
  originalScore: z.number().nullable(),
  rescoredScore: z.number(),
  rebuildMatches: z.boolean(),
  rebuildMessage: z.string(),
  suggested: z.enum(SCORE_REVIEW_OUTCOMES),
});

export const decideBody = z.object({
  outcome: z.enum(SCORE_REVIEW_OUTCOMES).optional().describe('upheld 维持 / corrected 更正；不填按重新评分的结果'),
  newScore: z.number().min(0).max(100).optional().describe('更正后的成绩（不填取重新评分的结果）'),
  note: z.string().trim().min(2, '请填写复核意见').max(1000).describe('复核意见（答复考生的内容）'),
});

export type FileBody = z.input<typeof fileBody>;
export type DecideBody = z.input<typeof decideBody>;
export type ReviewResponse = z.infer<typeof reviewResponse>;
export type ReviewsResponse = z.infer<typeof reviewsResponse>;
export type OptionsResponse = z.infer<typeof optionsResponse>;
export type CheckResponse = z.infer<typeof checkResponse>;
export type ReviewsQueryInput = z.input<typeof reviewsQuery>;
