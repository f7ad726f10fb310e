import { z } from 'zod';
import { isIsoDate } from '../../../domain/calendar.js';
import { PHASES } from '../../../domain/timetable.js';
import { idParam, idValue, intQuery } from '../../platform/params.schemas.js';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式须为 YYYY-MM-DD')
  .refine(isIsoDate, '不是有效的日期');
const year = z.number().int().min(2000, '年份不能早于2000年').max(2100, '年份不能晚于2100年');

export const idParams = z.object({ id: idParam('考核年度编号') });
export const jurisdictionParams = idParams.extend({
  jurisdictionId: idParam('辖区（省辖市、省直管县等）编号'),
});
export const templateQuery = z.object({
  year: intQuery(2000, 2100).describe('考核年度 Y'),
});

export const phaseSchema = z
  .enum(PHASES)
  .describe(
    'registration 单位报名和资格初审 / jurisdiction_review 市县资格审查 / province_review 省级审查汇总 / training 培训 / exam 人机对话考试 / grade1_evaluation 一级考评',
  );
export const statusSchema = z.enum(['draft', 'open', 'closed']).describe('draft 草稿 / open 开放中 / closed 已结束');

export const eligibilitySettingsSchema = z.object({
  workYearsCutoffYear: year.describe('工作年限计算至该年（默认 Y）'),
  gradeObtainedByYear: year.describe('现等级须在该年或以前取得（默认 Y−5）'),
  regularizedBy: isoDate.describe('五级：须在该日期前转正定级（默认 Y-09-30）'),
});

const minutes = z.number().int().min(0).max(600);
export const examSubjectSchema = z.object({
  code: z.string().trim().min(1).max(20).describe('科目代码，例如 skill'),
  name: z.string().trim().min(1).max(20).describe('科目名称，例如 岗位技能'),
  fullScore: z.number().int().min(1).max(1000).describe('满分'),
  passScore: z.number().int().min(0).max(1000).describe('合格分数'),
  durationMinutes: z.number().int().min(1).max(600).describe('考试时长（分钟）'),
  singleChoice: z.number().int().min(0).max(500).describe('单选题数'),
  multipleChoice: z.number().int().min(0).max(500).describe('多选题数'),
});
export const examSettingsSchema = z.object({
  subjects: z.array(examSubjectSchema).min(1).max(10).describe('考试科目'),
  lateEntryMinutes: minutes.describe('开考后多少分钟不得入场'),
  earliestHandInMinutes: minutes.describe('开考后多少分钟方可交卷'),
  // Exam day (docs/api-exam-day.md, "Campaign settings"): optional, examDaySettings() fills the defaults.
  autoAdmit: z.boolean().optional().describe('考生签到后自动入场（不经监考员审核）；默认 false'),
  showScoreOnSubmit: z.boolean().optional().describe('交卷后向考生显示本科目成绩；默认 true'),
  outageLimitMinutes: z
    .number()
    .int()
    .min(1)
    .max(600)
    .optional()
    .describe('故障中断超过多少分钟可终止考试、另行安排；默认 45'),
  submitGraceSeconds: z
    .number()
    .int()
    .min(0)
    .max(600)
    .optional()
    .describe('截止后仍接收在途答案的秒数，其后自动交卷；默认 30'),
  // Results (docs/api-publicity-review.md): optional, domain/publicity.ts resultPeriodsOf() fills the defaults.
  publicityDays: z.number().int().min(1).max(60).optional().describe('合格人员公示期（工作日）；默认 5'),
  reviewWindowDays: z
    .number()
    .int()
    .min(1)
    .max(60)
    .optional()
    .describe('成绩发布后受理复核申请的期限（工作日）；默认 10'),
  reviewLimitDays: z.number().int().min(1).max(60).optional().describe('复核答复时限（工作日）；默认 7'),
  // Pass lines (domain/scores.ts passLinesOf): optional; each exam subject's 合格分数 above otherwise, then 60.
  passLines: z
    .object({
      skill: z.number().min(0).max(100).optional(),
      ethics: z.number().min(0).max(100).optional(),
      ability: z.number().min(0).max(100).optional(),
      basics: z.number().min(0).max(100).optional(),
      panel: z.number().min(0).max(100).optional().describe('综合评审（一级）合格线；默认 60'),
    })
    .optional()
    .describe('各科合格线（百分制），不填的科目取考试科目的合格分数，再次 60'),
  // Item analysis (docs/api-item-analysis.md): optional, itemAnalysisBounds() fills the defaults.
  itemAnalysis: z
    .object({
      minP: z.number().min(0).max(1).optional().describe('答对率低于此值标记为过难；默认 0.2'),
      maxP: z.number().min(0).max(1).optional().describe('答对率高于此值标记为过易；默认 0.95'),
      minDiscrimination: z.number().min(-1).max(1).optional().describe('区分度低于此值标记为区分度低；默认 0.15'),
    })
    .optional()
    .describe('试题分析的界限'),
});

export const phaseInputSchema = z.object({
  phase: phaseSchema,
  startsOn: isoDate.describe('开始日期（含）'),
  endsOn: isoDate.describe('结束日期（含）'),
});
export const phaseOutputSchema = phaseInputSchema.extend({ label: z.string().describe('阶段名称') });

export const campaignSummarySchema = z.object({
  id: z.number().int(),
  year: z.number().int().describe('考核年度 Y'),
  name: z.string(),
  noticeNumber: z.string().describe('通知文号，例如 豫人社办函〔2017〕11号'),
  noticeDate: z.string().describe('通知日期（退休年龄的计算截止日）'),
  status: statusSchema,
  catalogVersionId: z.number().int(),
  catalogVersionName: z.string().nullable(),
});

const jurisdictionSchema = z.object({
  jurisdictionId: z.number().int(),
  name: z.string(),
  onlineRegistration: z.boolean().describe('是否开展网上报名'),
  extensions: z.array(z.object({ phase: phaseSchema, endsOn: z.string(), reason: z.string() })).describe('延期'),
});

const timetableFields = {
  eligibilitySettings: eligibilitySettingsSchema,
  examSettings: examSettingsSchema,
  phases: z.array(phaseOutputSchema),
  jurisdictions: z.array(jurisdictionSchema).describe('当前账号可见的辖区及其设置'),
  today: z.string().describe('系统日期（北京时间）'),
};

export const campaignSchema = campaignSummarySchema.extend({
  ...timetableFields,
  abilities: z.object({ update: z.boolean(), open: z.boolean(), close: z.boolean() }).describe('当前账号可做的操作'),
});

export const campaignTemplateSchema = campaignSummarySchema.omit({ id: true, catalogVersionId: true }).extend({
  id: z.null(),
  catalogVersionId: z.number().int().nullable().describe('最新的工种目录版本'),
  ...timetableFields,
});

export const campaignListResponse = z.object({ items: z.array(campaignSummarySchema) });

const text = (max: number) => z.string().trim().max(max);

export const createBody = z.object({
  year: year.describe('考核年度 Y'),
  name: text(100).min(2, '名称至少2个字').describe('考核名称'),
  noticeNumber: text(100).min(1, '请填写通知文号').describe('通知文号'),
  noticeDate: isoDate.describe('通知日期'),
  catalogVersionId: idValue('使用的工种目录版本'),
  eligibilitySettings: eligibilitySettingsSchema.partial().optional().describe('不填的项取默认值'),
  examSettings: examSettingsSchema.optional().describe('不填时取默认值'),
  phases: z.array(phaseInputSchema).max(6).optional().describe('只填要改动的阶段，其余取模板'),
});

export const updateBody = createBody.partial();

export const jurisdictionBody = z.object({ onlineRegistration: z.boolean().describe('是否开展网上报名') });

export const extensionBody = z.object({
  jurisdictionId: idValue('辖区编号'),
  phase: phaseSchema,
  endsOn: isoDate.describe('延长后的结束日期（须晚于原定结束日期）'),
  reason: text(200).min(2, '请填写延期原因').describe('延期原因'),
});

// ─── The contract's types (the web imports them with `import type`) ───────────────────────────────────────
/** Closing: the campaign's name typed again (the web's confirmation); without a body the close is not confirmed by name. */
export const closeCampaignBody = z
  .object({ confirmName: z.string().max(200).optional().describe('再次输入考核年度名称，确认结束') })
  .optional();

export type CampaignStatus = z.infer<typeof statusSchema>;
export type CampaignSummary = z.infer<typeof campaignSummarySchema>;
export type CampaignListResponse = z.infer<typeof campaignListResponse>;
export type Campaign = z.infer<typeof campaignSchema>;
export type CampaignTemplate = z.infer<typeof campaignTemplateSchema>;
export type CampaignPhase = z.infer<typeof phaseOutputSchema>;
export type CampaignJurisdiction = Campaign['jurisdictions'][number];
export type WindowExtension = CampaignJurisdiction['extensions'][number];
export type EligibilitySettings = z.infer<typeof eligibilitySettingsSchema>;
export type ExamSettings = z.infer<typeof examSettingsSchema>;
export type ExamSubject = z.infer<typeof examSubjectSchema>;
export type TemplateQuery = import('../../platform/params.schemas.js').QueryOf<typeof templateQuery>;
export type CreateCampaignBody = z.input<typeof createBody>;
export type UpdateCampaignBody = z.input<typeof updateBody>;
export type JurisdictionBody = z.input<typeof jurisdictionBody>;
export type ExtensionBody = z.input<typeof extensionBody>;
export type CloseCampaignBody = z.input<typeof closeCampaignBody>;
