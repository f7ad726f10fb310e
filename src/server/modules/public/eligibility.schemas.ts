import { z } from 'zod';
import { APPRAISAL_RESULTS, EDUCATION_LEVELS } from '../../../domain/index.js';

const month = (label: string) =>
  z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, `${label}应为“年-月”格式，如 1995-07`)
    .describe(`${label}（YYYY-MM）`);

/**
 * The public self-check's input: the application form's fields that the rules read (rules.md §1–4, §6). The
 * required fields may be left out (or empty): the answer is then 'incomplete' and names them.
 */
export const eligibilityCheckBody = z.object({
  campaignYear: z.number().int().min(2000).max(2100).optional().describe('考核年度；不填为当前年度'),
  cutoffDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '通知日期应为 YYYY-MM-DD')
    .optional()
    .describe('考核通知的印发日期（退休判断的截止日）；不填为当年 1 月 1 日'),
  name: z.string().trim().max(30).optional().describe('姓名（与身份证一致）；必填'),
  idNumber: z.string().trim().max(30).optional().describe('18 位身份证号；必填'),
  sex: z.enum(['male', 'female']).optional().describe('性别；填写时与身份证核对'),
  birthMonth: month('出生年月').optional().describe('出生年月；填写时与身份证核对'),
  education: z.enum(EDUCATION_LEVELS).optional().describe('文化程度；必填'),
  workStartMonth: month('参加工作时间').optional().describe('参加工作时间（YYYY-MM）；必填'),
  regularizedMonth: month('转正定级时间').optional(),
  currentJobType: z.string().trim().max(50).optional().describe('现岗位工种'),
  currentGrade: z
    .union([z.literal(5), z.literal(4), z.literal(3), z.literal(2)])
    .nullable()
    .optional()
    .describe('现岗位等级：5 五级 … 2 二级；null 或不填为尚无等级'),
  currentGradeMonth: month('现等级取得时间').optional(),
  currentGradeJobType: z.string().trim().max(50).optional().describe('现等级所属工种；不填同现岗位工种'),
  yearsInCurrentJobType: z.number().int().min(0).max(60).optional().describe('现岗位工种年限'),
  appliedJobType: z.string().trim().max(50).optional().describe('申报工种；必填'),
  appliedGrade: z
    .union([z.literal(5), z.literal(4), z.literal(3), z.literal(2), z.literal(1)])
    .optional()
    .describe('申报等级：5 五级（初级工）… 1 一级（高级技师）；必填'),
  retirementGroup: z
    .enum(['worker', 'cadre'])
    .optional()
    .describe('女性退休年龄基准：worker 50 岁（默认）/ cadre 55 岁'),
  vehicleReformTransfer: z.boolean().optional().describe('因公车改革变更工种的驾驶员、汽车维修工'),
  exceptionalPromotion: z.boolean().optional().describe('申请破格晋升'),
  appointedToGrade2Post: z.boolean().optional().describe('一级：已聘任在二级岗位'),
  appraisals: z.array(z.enum(APPRAISAL_RESULTS)).max(10).optional().describe('一级：近五年年度考核结果，最近一年在前'),
  waiverAward: z.boolean().optional().describe('一级：取得二级后获得可免除学历和考核条件的奖励'),
});

export const findingSchema = z.object({
  code: z.string().describe('稳定的结论代码'),
  severity: z.enum(['error', 'warning', 'review']).describe('error 不符合 / review 须人工审核 / warning 提醒'),
  message: z.string().describe('中文说明，引用所依据的规定'),
  field: z.string().optional().describe('所涉及的表单字段'),
});

/** The live outcome of a form being filled: the three verdicts, or incomplete while required fields are empty. */
export const liveVerdictSchema = z
  .enum(['eligible', 'ineligible', 'needs_review', 'incomplete'])
  .describe('eligible 符合 / ineligible 不符合 / needs_review 须审核人员判断 / incomplete 信息不完整（见 missing）');

export const missingSchema = z
  .array(z.string())
  .describe('尚未填写的必填字段（表单字段名，按表单顺序）；verdict 为 incomplete 时非空，否则为空');

export const eligibilityCheckResponse = z.object({
  verdict: liveVerdictSchema,
  missing: missingSchema,
  eligible: z.boolean(),
  statutoryRetirementDate: z.string().nullable().describe('法定退休日期（身份证号有效时）'),
  statutoryRetirementMonth: z.string().nullable(),
  workYears: z.number().int().nullable().describe('工作年限（按年度计）'),
  campaignYear: z.number().int(),
  findings: z.array(findingSchema),
});

// ─── The contract's types (the web imports them with `import type`) ───────────────────────────────────────
export type EligibilityCheckBody = z.input<typeof eligibilityCheckBody>;
export type EligibilityCheckResponse = z.infer<typeof eligibilityCheckResponse>;
export type Finding = z.infer<typeof findingSchema>;
export type LiveVerdict = z.infer<typeof liveVerdictSchema>;
