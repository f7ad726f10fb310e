import { z } from 'zod';
import { APPRAISAL_RESULTS, EDUCATION_LEVELS, WAIVER_AWARD_KINDS } from '../../../domain/index.js';
import { APPLICATION_FILE_KINDS } from '../../../domain/labels.js';
import { idParam, idValue, intQuery, pageQuery } from '../../platform/params.schemas.js';
import { findingSchema, liveVerdictSchema, missingSchema } from '../public/eligibility.schemas.js';

/** The columns a list of applications can be sorted by. */
export const SORT_COLUMNS = ['createdAt', 'name', 'appliedGrade', 'verdict', 'status', 'unitName'] as const;

const month = (label: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, `${label}应为“年-月”格式，如 1995-07`)
    .describe(`${label}（YYYY-MM）`);
const text = (max: number) => z.string().trim().max(max);

export const heldGradeSchema = z.union([z.literal(5), z.literal(4), z.literal(3), z.literal(2)]);
export const appliedGradeSchema = z.union([z.literal(5), z.literal(4), z.literal(3), z.literal(2), z.literal(1)]);
export const applicationStatusSchema = z.enum([
  'draft',
  'awaiting_unit',
  'submitted',
  'unit_approved',
  'department_approved',
  'jurisdiction_approved',
  'province_confirmed',
  'returned',
  'rejected',
]);
export const verdictSchema = z.enum(['eligible', 'ineligible', 'needs_review']);
export const fileKindSchema = z.enum(APPLICATION_FILE_KINDS);

/**
 * The editable fields of 申请表 (rules.md §5). Sex, birth date and work years are derived from the ID card and
 * the campaign, never typed. Optional fields accept null to clear them.
 */
export const applicationInputShape = {
  idNumber: z.string().trim().min(1, '请填写身份证号').max(30).describe('18 位身份证号'),
  name: z.string().trim().min(1, '请填写姓名').max(30).describe('姓名（与身份证一致）'),
  education: z.enum(EDUCATION_LEVELS).describe('文化程度'),
  workStartMonth: month('参加工作时间'),
  regularizedMonth: month('转正定级时间').nullish(),
  currentJobType: text(50).nullish().describe('现岗位工种；不填同申报工种'),
  currentGrade: heldGradeSchema.nullable().describe('现岗位等级：5 五级 … 2 二级；null 为尚无等级'),
  currentGradeMonth: month('现等级取得时间').nullish(),
  currentGradeJobType: text(50).nullish().describe('现等级所属工种；不填同现岗位工种'),
  yearsInCurrentJobType: z.number().int().min(0).max(60).nullish().describe('现岗位工种年限'),
  appliedJobTypeId: idValue('申报工种（本年度工种目录中的编号）'),
  appliedGrade: appliedGradeSchema.describe('申报等级：5 五级（初级工）… 1 一级（高级技师）'),
  retirementGroup: z
    .enum(['worker', 'cadre'])
    .nullish()
    .describe('女性退休年龄基准：worker 50 岁（默认）/ cadre 55 岁'),
  vehicleReformTransfer: z.boolean().nullish().describe('因公车改革变更工种的驾驶员、汽车维修工'),
  exceptionalPromotion: z.boolean().nullish().describe('申请破格晋升'),
  evidenceNote: text(500).nullish().describe('破格或公车改革所依据的证书、文件'),
  appointedToGrade2Post: z.boolean().nullish().describe('一级：已聘任在二级岗位'),
  appraisals: z.array(z.enum(APPRAISAL_RESULTS)).max(10).nullish().describe('一级：近五年年度考核结果，最近一年在前'),
  waiverAward: z.boolean().nullish().describe('一级：取得二级后获得可免除学历和考核条件的奖励'),
  waiverAwardKind: z
    .enum(WAIVER_AWARD_KINDS)
    .nullish()
    .describe(
      '一级：免除条件的奖励类别（waiverAward 为 true 时提交前必填）：city_commendation 市级及以上政府表彰 / may_day_medal 五一劳动奖章 / city_technical_expert 市级及以上技术能手 / city_contest_prize 市级及以上技能竞赛三等奖以上 / patents 发明专利一项或实用新型专利两项（排名前五）',
    ),
  phone: text(20)
    .regex(/^[0-9+\-() ]*$/, '联系电话只能包含数字、空格和 +-()')
    .nullish(),
  remarks: text(500).nullish().describe('备注'),
};

export const applicationInput = z.object(applicationInputShape);
export type ApplicationInput = z.infer<typeof applicationInput>;

export const createBody = applicationInput.extend({
  campaignId: idValue('考核年度'),
  unitId: idValue('报名单位'),
  submit: z.boolean().optional().describe('true：保存并提交；否则保存为草稿'),
});

export const updateBody = applicationInput.partial().extend({
  version: idValue('所编辑的版本号（乐观并发）'),
});

export const actionBody = z
  .object({ version: idValue('所操作的版本号；填写时检查是否已被他人修改').optional() })
  .nullish();

export const evaluateBody = applicationInput.partial().extend({
  campaignId: idValue('考核年度'),
});

export const evaluateResponse = z.object({
  verdict: liveVerdictSchema,
  missing: missingSchema,
  eligible: z.boolean(),
  findings: z.array(findingSchema),
  statutoryRetirementDate: z.string().nullable(),
  workYears: z.number().int().nullable(),
  sex: z.enum(['male', 'female']).nullable(),
  birthDate: z.string().nullable(),
});

export const idParams = z.object({ id: idParam('申请编号') });
export const fileParams = idParams.extend({ fileId: idParam('文件编号') });

export const fileSchema = z.object({
  id: z.number().int(),
  kind: fileKindSchema.describe(
    'photo 2寸免冠照片 / grade_certificate 现等级证书 / graduation_certificate 毕业证书 / evidence 其他证明材料 / appraisal_form 年度考核登记表（一级）/ award_certificate 获奖证书或专利证书（一级）',
  ),
  fileName: z.string(),
  mime: z.string(),
  size: z.number().int(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  appraisalYear: z.number().int().nullable().describe('年度考核登记表所属的考核年度'),
  description: z.string().nullable().describe('获奖证书或专利证书的说明（奖项名称、授予机关、年份）'),
});

export const applicationSchema = z.object({
  id: z.number().int(),
  campaignId: z.number().int(),
  unitId: z.number().int(),
  unitName: z.string(),
  departmentName: z.string(),
  jurisdictionName: z.string(),
  source: z.enum(['unit', 'import', 'online']),
  status: applicationStatusSchema,
  idNumber: z.string(),
  name: z.string(),
  sex: z.enum(['male', 'female']),
  birthDate: z.string(),
  birthMonth: z.string(),
  education: z.enum(EDUCATION_LEVELS),
  workStartMonth: z.string(),
  workYears: z.number().int(),
  regularizedMonth: z.string().nullable(),
  currentJobType: z.string().nullable(),
  currentGrade: heldGradeSchema.nullable(),
  currentGradeMonth: z.string().nullable(),
  currentGradeJobType: z.string().nullable(),
  yearsInCurrentJobType: z.number().int().nullable(),
  appliedJobTypeId: z.number().int(),
  appliedJobType: z.string(),
  appliedJobTypeCategory: z.string(),
  appliedGrade: appliedGradeSchema,
  retirementGroup: z.enum(['worker', 'cadre']),
  vehicleReformTransfer: z.boolean(),
  exceptionalPromotion: z.boolean(),
  evidenceNote: z.string().nullable(),
  appointedToGrade2Post: z.boolean(),
  appraisals: z.array(z.string()).nullable(),
  waiverAward: z.boolean(),
  waiverAwardKind: z.enum(WAIVER_AWARD_KINDS).nullable(),
  phone: z.string().nullable(),
  remarks: z.string().nullable(),
  verdict: verdictSchema,
  findings: z.array(findingSchema),
  statutoryRetirementDate: z.string().nullable(),
  submittedAt: z.string().nullable(),
  returnedTo: z
    .enum(['applicant', 'unit', 'department', 'jurisdiction', 'province'])
    .nullable()
    .describe('退回修改时退回到的环节：applicant 申报人 / unit 单位 / department / jurisdiction / province'),
  returnCount: z.number().int().describe('被退回修改的次数'),
  rejectReason: z.string().nullable().describe('审核不通过的原因代码（REJECT_REASONS）'),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  files: z.array(fileSchema),
  abilities: z.object({ edit: z.boolean(), submit: z.boolean(), confirm: z.boolean(), delete: z.boolean() }),
});

export const listQuery = z.object({
  campaignId: idParam('考核年度').optional(),
  unitId: idParam('单位、主管部门或辖区：其下全部单位').optional(),
  jobTypeId: idParam('申报工种').optional(),
  grade: intQuery(1, 5).optional(),
  verdict: verdictSchema.optional(),
  status: applicationStatusSchema.optional(),
  q: z.string().trim().max(50).optional().describe('姓名或身份证号的一部分'),
  sort: z.enum(SORT_COLUMNS).default('createdAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  page: pageQuery(),
  pageSize: intQuery(1, 200).default(20),
});

/** The list's filters as a JSON body: what an export or a batch print job takes. */
export const outputFilterBody = z.object({
  campaignId: idValue('考核年度'),
  unitId: idValue('单位、主管部门或辖区：其下全部单位').optional(),
  jobTypeId: idValue('申报工种').optional(),
  grade: z.number().int().min(1).max(5).optional(),
  verdict: verdictSchema.optional(),
  status: applicationStatusSchema.optional(),
  q: z.string().trim().max(50).optional().describe('姓名或身份证号的一部分'),
  sort: z.enum(SORT_COLUMNS).default('createdAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
});

export const bulkSubmitBody = z
  .object({
    campaignId: idValue('考核年度'),
    ids: z.array(idValue('申请')).min(1).max(2000).optional().describe('勾选的申请；与 filter 二选一'),
    filter: z
      .object({
        unitId: idValue('单位或主管部门：其下全部单位').optional(),
        jobTypeId: idValue('申报工种').optional(),
        grade: z.number().int().min(1).max(5).optional(),
        verdict: verdictSchema.optional(),
        q: z.string().trim().max(50).optional(),
      })
      .optional()
      .describe('按列表的筛选条件：本单位符合条件的全部草稿'),
  })
  .describe('批量提交：ids 与 filter 二选一');

export const bulkSubmitResponse = z.object({
  matched: z.number().int().describe('勾选或筛选出的申请数'),
  succeeded: z.number().int().describe('已提交数'),
  skipped: z
    .array(z.object({ id: z.number().int(), name: z.string(), code: z.string(), message: z.string() }))
    .describe('未提交的申请及原因'),
});

export const listItemSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  idNumber: z.string().describe('单位经办人看到完整号码，其他人看到 4101**********2016'),
  sex: z.enum(['male', 'female']),
  unitName: z.string(),
  appliedJobType: z.string(),
  appliedGrade: appliedGradeSchema,
  verdict: verdictSchema,
  status: applicationStatusSchema,
  source: z.enum(['unit', 'import', 'online']),
  updatedAt: z.string(),
});

export const listResponse = z.object({ items: z.array(listItemSchema), total: z.number().int() });

/** 批量打印: one unit's applications (or all below a department or jurisdiction), optionally of one status. */
export const batchPrintBody = z.object({
  campaignId: idValue('考核年度'),
  unitId: idValue('单位（或主管部门、辖区：其下全部单位）'),
  status: applicationStatusSchema.optional(),
});

// ─── The contract's types (the web imports them with `import type`) ───────────────────────────────────────
export type Application = z.infer<typeof applicationSchema>;
export type ApplicationFile = z.infer<typeof fileSchema>;
export type ApplicationFileKind = z.infer<typeof fileKindSchema>;
export type ApplicationSource = Application['source'];
export type ApplicationListItem = z.infer<typeof listItemSchema>;
export type ApplicationListQuery = import('../../platform/params.schemas.js').QueryOf<typeof listQuery>;
export type ApplicationListResponse = z.infer<typeof listResponse>;
/** The form's fields as sent (optional ones may be left out or null). */
export type ApplicationInputBody = z.input<typeof applicationInput>;
export type CreateApplicationBody = z.input<typeof createBody>;
export type UpdateApplicationBody = z.input<typeof updateBody>;
export type ApplicationActionBody = z.input<typeof actionBody>;
export type EvaluateBody = z.input<typeof evaluateBody>;
export type EvaluateResponse = z.infer<typeof evaluateResponse>;
export type OutputFilterBody = z.input<typeof outputFilterBody>;
export type BatchPrintBody = z.input<typeof batchPrintBody>;
export type BulkSubmitBody = z.input<typeof bulkSubmitBody>;
export type BulkSubmitResponse = z.infer<typeof bulkSubmitResponse>;
