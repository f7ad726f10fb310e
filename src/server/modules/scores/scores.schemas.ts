/** The results' contract (成绩): the score table, aggregates, the province's actions and the public lookup. */
import { z } from 'zod';
import { RESULT_SUBJECTS } from '../../../domain/items.js';
import { RESULT_TRACKS } from '../../../domain/result-tracks.js';
import { GROUPINGS, RESULT_STATUSES } from '../../../domain/scores.js';
import { idParam, intQuery, pageQuery } from '../../platform/params.schemas.js';

export const campaignParams = z.object({ id: idParam('考核年度编号') });

/** 结果批次: 'regular' 五级至二级 (the default, so older clients keep working) or 'grade1' 一级（高级技师）. */
export const trackField = z
  .enum(RESULT_TRACKS)
  .describe('结果批次：regular 五级至二级（默认），grade1 一级（高级技师）；各批次分别汇总、发布');
export const trackQuery = z.object({ track: trackField.optional() });

export const scoreListQuery = z.object({
  page: pageQuery().optional(),
  pageSize: intQuery(1, 200).optional().describe('每页条数（默认 20，最多 200）'),
  jurisdictionId: idParam('地区（机构）编号').optional(),
  unitId: idParam('单位编号').optional(),
  jobTypeId: idParam('工种编号').optional(),
  grade: intQuery(1, 5).optional().describe('申报等级（1–5）'),
  track: trackField.optional().describe('只看该结果批次的考生：regular 五级至二级，grade1 一级'),
  outcome: z.enum(['passed', 'failed']).optional().describe('passed 合格 / failed 不合格（含缺考、无效、暂无成绩）'),
  q: z.string().max(40).optional().describe('姓名、身份证号或准考证号（包含）'),
});
export type ScoreListQuery = z.output<typeof scoreListQuery>;

export const aggregateQuery = scoreListQuery
  .omit({ page: true, pageSize: true, q: true })
  .extend({ by: z.enum(GROUPINGS).describe('分组：jurisdiction 地区，unit 单位，job_type 工种，grade 等级') });

const subjectResult = z.object({
  subject: z
    .enum(RESULT_SUBJECTS)
    .describe(
      '科目：skill 岗位技能，ethics 职业道德，ability 职业能力，basics 专业基础知识（一级），panel 综合评审（一级）',
    ),
  status: z.enum(RESULT_STATUSES).describe('scored 有成绩，absent 缺考，voided 成绩无效（违纪），pending 暂无成绩'),
  score: z.number().nullable().describe('分数（有成绩时）'),
  voidTier: z.number().int().nullable().describe('致成绩无效的违纪等级'),
  source: z.enum(['exam', 'import', 'panel']).describe('exam 本系统考试，import 属地考试导入，panel 一级综合评审'),
  passed: z.boolean().describe('本科目是否达到合格线'),
});

export const scoreListResponse = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(
    z.object({
      applicationId: z.number().int(),
      name: z.string(),
      idNumber: z.string(),
      ticketNumber: z.string().nullable(),
      jurisdictionId: z.number().int(),
      jurisdictionName: z.string(),
      unitId: z.number().int(),
      unitName: z.string(),
      jobTypeId: z.number().int(),
      jobTypeName: z.string(),
      grade: z.number().int(),
      subjects: z.array(subjectResult),
      passed: z
        .boolean()
        .describe('各科均达到合格线（五级至二级三科；一级职业道德、专业基础知识、综合评审，无综合评审成绩为不合格）'),
    }),
  ),
});

const counts = {
  candidates: z.number().int().describe('考生数'),
  complete: z.number().int().describe('本等级各科均有结果（含缺考、无效）的考生数'),
  passed: z.number().int().describe('合格人数'),
  absent: z.number().int().describe('有缺考科目的考生数'),
  voided: z.number().int().describe('有无效科目的考生数'),
  passRate: z.number().describe('合格率（%，合格人数 / 考生数）'),
};
export const aggregateResponse = z.object({
  by: z.enum(GROUPINGS),
  rows: z.array(z.object({ key: z.number().int(), label: z.string(), ...counts })),
  total: z.object(counts),
});

export const overviewResponse = z.object({
  campaign: z.object({ id: z.number().int(), name: z.string() }),
  passLines: z
    .object({ skill: z.number(), ethics: z.number(), ability: z.number(), basics: z.number(), panel: z.number() })
    .describe('各科合格线（含一级的专业基础知识、综合评审）'),
  track: trackField.describe('本概况的结果批次（compiledAt、releasedAt、abilities 属于它）'),
  tracks: z
    .array(
      z.object({
        track: trackField,
        label: z.string().describe('五级至二级 / 一级（高级技师）'),
        candidates: z.number().int().describe('该批次的考生数（已确认的申报和成绩表中的考生）'),
        compiledAt: z.string().nullable(),
        releasedAt: z.string().nullable(),
      }),
    )
    .describe('两个结果批次各自的汇总、发布状态'),
  compiledAt: z.string().nullable().describe('最近一次汇总时间'),
  releasedAt: z.string().nullable().describe('发布时间（未发布为 null）'),
  abilities: z.object({
    compile: z.boolean(),
    rescore: z.boolean(),
    import: z.boolean(),
    release: z.boolean(),
    export: z.boolean(),
  }),
});

export const compileResponse = z.object({ track: trackField, compiled: z.number().int(), compiledAt: z.string() });
export const rescoreResponse = z.object({
  scored: z.number().int().describe('重新评分的科目数'),
  changed: z.number().int().describe('成绩有变化的科目数'),
  compiled: z.number().int(),
});
export const releaseResponse = z.object({ track: trackField, releasedAt: z.string() });

export const importQuery = z.object({
  mode: z.enum(['all_or_nothing', 'good_rows']).optional().describe('all_or_nothing 全部正确才导入（默认）/ good_rows'),
  track: trackField.optional(),
});
export const importResponse = z.object({
  total: z.number().int().describe('数据行数'),
  imported: z.number().int().describe('导入的行数'),
  errors: z.array(
    z.object({ row: z.number().int().describe('Excel 行号'), column: z.string().nullable(), message: z.string() }),
  ),
});

export const lookupBody = z.object({
  idNumber: z.string().trim().min(1, '请填写身份证号').max(30).describe('身份证号'),
  ticketNumber: z.string().trim().min(1, '请填写准考证号').max(40).describe('准考证号'),
});
export const lookupResponse = z.object({
  name: z.string(),
  subjects: z.array(
    z.object({
      subject: z.string().describe('科目名称'),
      score: z.number().nullable(),
      status: z.string().describe('有成绩 / 缺考 / 成绩无效 / 暂无成绩'),
    }),
  ),
  passed: z.boolean().describe('各科均达到合格线（一级含综合评审）'),
});
