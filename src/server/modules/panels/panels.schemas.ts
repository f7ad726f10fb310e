/**
 * The panel review's contract (综合评审, 一级): the expert list (专家库) and their accounts, a campaign's criteria and
 * pass line, panels (评审组) with members, a 组长 and a schedule, the candidates assigned, the members' score sheets,
 * the chair's confirmation, the province's reopening and the record (评审记录).
 */
import { z } from 'zod';
import { EDUCATION_LEVELS } from '../../../domain/eligibility.js';
import { PANEL_STATUSES, SCHEDULE_LABELS, SHEET_STATUSES } from '../../../domain/panel-review.js';
import { idParam, idValue, intQuery, pageQuery } from '../../platform/params.schemas.js';

export const campaignParams = z.object({ id: idParam('考核年度编号') });
export const expertParams = z.object({ id: idParam('专家编号') });
export const panelParams = z.object({ id: idParam('评审组编号') });
export const panelCandidateParams = z.object({ id: idParam('评审组编号'), applicationId: idParam('考生（申请）编号') });

const iso = z.string().describe('ISO 时间');
const phone = z
  .string()
  .trim()
  .regex(/^[0-9+\-() ]{5,20}$/, '电话格式不正确');

// ─── Experts (专家库) ──────────────────────────────────────────────────────────────────────────────────────

export const expertsQuery = z.object({
  q: z.string().max(40).optional().describe('姓名、单位或专长（包含）'),
  active: z.enum(['yes', 'no']).optional().describe('yes 仅在用，no 仅已停用'),
  page: pageQuery().optional(),
  pageSize: intQuery(1, 200).optional().describe('每页条数（默认 50）'),
});
export type ExpertsQuery = z.output<typeof expertsQuery>;

export const expert = z.object({
  id: z.number().int(),
  name: z.string(),
  idNumberMasked: z.string().describe('身份证号（隐去中间位）'),
  workUnitId: z.number().int(),
  workUnitName: z.string().describe('工作单位'),
  title: z.string().nullable().describe('职称'),
  specialty: z.string().nullable().describe('专长'),
  jobTypeIds: z.array(z.number().int()).describe('擅长的工种'),
  jobTypeNames: z.array(z.string()),
  phone: z.string().nullable(),
  active: z.boolean(),
  accountId: z.number().int().nullable(),
  username: z.string().nullable().describe('评审专家账号（未建立时为空）'),
});
export const expertsResponse = z.object({ total: z.number().int(), items: z.array(expert) });

export const expertBody = z.object({
  name: z.string().trim().min(1, '请填写姓名').max(30).describe('姓名'),
  idNumber: z.string().trim().min(1, '请填写身份证号').max(30).describe('身份证号（18 位）'),
  workUnitId: idValue('工作单位（组织机构中的主管部门或单位）'),
  title: z.string().trim().max(40).nullish().describe('职称'),
  specialty: z.string().trim().max(100).nullish().describe('专长'),
  jobTypeIds: z.array(idValue('工种编号')).max(50).optional().describe('擅长的工种'),
  phone: phone.nullish().describe('联系电话'),
  active: z.boolean().optional().describe('在用'),
});
export type ExpertBody = z.input<typeof expertBody>;
export const expertUpdateBody = expertBody.partial();
export type ExpertUpdateBody = z.input<typeof expertUpdateBody>;

export const expertAccountBody = z.object({
  username: z
    .string()
    .trim()
    .min(3, '用户名至少3个字符')
    .max(32, '用户名最多32个字符')
    .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, '用户名以字母开头，只能包含字母、数字和 _ . -')
    .describe('登录用户名'),
});
export type ExpertAccountBody = z.input<typeof expertAccountBody>;
export const expertAccountResponse = z.object({
  expert,
  initialPassword: z.string().describe('初始密码，仅显示这一次；首次登录须修改'),
});

// ─── Criteria (评审项目) ──────────────────────────────────────────────────────────────────────────────────

const criterion = z.object({
  key: z.string().max(32).describe('代码（小写字母开头，只含小写字母、数字和 _）'),
  name: z.string().max(30).describe('评审项目名称'),
  weight: z.number().describe('权重（百分比，整数；各项合计 100）'),
  max: z.number().describe('满分（1–1000 的整数）'),
});
export const settingsBody = z.object({
  criteria: z.array(criterion).max(10).describe('评审项目'),
  passLine: z.number().min(0).max(100).describe('合格线（0–100，默认 60）'),
});
export type SettingsBody = z.input<typeof settingsBody>;
export const settingsResponse = z.object({
  campaign: z.object({ id: z.number().int(), name: z.string(), year: z.number().int() }),
  criteria: z.array(criterion),
  passLine: z.number(),
  /** Whether the campaign stored its own (false: the defaults). */
  saved: z.boolean().describe('是否已保存（否：默认设置）'),
  abilities: z.object({ edit: z.boolean() }),
});
export type PanelSettingsResponse = z.infer<typeof settingsResponse>;

// ─── Panels (评审组) ──────────────────────────────────────────────────────────────────────────────────────

const schedule = z.enum(Object.keys(SCHEDULE_LABELS) as ['before', 'open', 'ended']);
const panelStatus = z.enum(PANEL_STATUSES).describe('open 评审中，confirmed 已确认');

const member = z.object({
  expertId: z.number().int(),
  name: z.string(),
  workUnitName: z.string().nullable().describe('工作单位（省级可见）'),
  isChair: z.boolean().describe('组长'),
  absent: z.boolean(),
  absentReason: z.string().nullable(),
  submitted: z.number().int().describe('已提交的评分表数'),
  expected: z.number().int().describe('应评的考生数（不含须回避的）'),
});

const panelSummary = z.object({
  id: z.number().int(),
  campaignId: z.number().int(),
  name: z.string(),
  startsAt: iso,
  endsAt: iso,
  schedule,
  status: panelStatus,
  confirmedAt: iso.nullable(),
  reopenReason: z.string().nullable(),
  chairName: z.string().nullable(),
  members: z.number().int(),
  candidates: z.number().int(),
  submittedSheets: z.number().int(),
  expectedSheets: z.number().int(),
  passed: z.number().int().describe('确认后的合格人数'),
});
export const panelsResponse = z.object({
  campaign: z.object({ id: z.number().int(), name: z.string(), year: z.number().int() }),
  items: z.array(panelSummary),
  /** Approved 一级 candidates of the campaign, and how many are in no panel yet. */
  candidates: z.number().int().describe('本年度经省级确认的一级申报人数'),
  unassigned: z.number().int().describe('尚未分组的人数'),
});
export type PanelSummary = z.infer<typeof panelSummary>;

export const panelBody = z.object({
  name: z.string().trim().min(1, '请填写评审组名称').max(40).describe('评审组名称'),
  startsAt: z.iso.datetime({ offset: true }).describe('评审开始时间'),
  endsAt: z.iso.datetime({ offset: true }).describe('评审结束时间'),
  memberIds: z.array(idValue('专家编号')).min(1, '至少一名成员').max(25).describe('成员（专家编号）'),
  chairId: idValue('组长（须是成员之一）'),
});
export type PanelBody = z.input<typeof panelBody>;

const conflict = z.object({
  expertId: z.number().int(),
  expertName: z.string(),
  applicationId: z.number().int(),
  candidateName: z.string(),
  unitName: z.string(),
});
export type PanelConflict = z.infer<typeof conflict>;

const candidateRow = z.object({
  applicationId: z.number().int(),
  name: z.string(),
  idNumberMasked: z.string(),
  unitName: z.string(),
  jurisdictionName: z.string(),
  jobTypeName: z.string(),
  submitted: z.number().int().describe('已提交的评分表数'),
  expected: z.number().int().describe('应评的成员数'),
  result: z
    .object({ score: z.number(), passed: z.boolean(), memberCount: z.number().int() })
    .nullable()
    .describe('确认后的综合评审成绩'),
});

export const panelDetail = panelSummary.extend({
  memberList: z.array(member),
  candidateList: z.array(candidateRow),
  conflicts: z.array(conflict).describe('成员与考生同单位（须回避）的配对'),
  abilities: z.object({ edit: z.boolean(), reopen: z.boolean(), record: z.boolean() }),
});
export type PanelDetail = z.infer<typeof panelDetail>;

export const eligibleQuery = z.object({
  jurisdictionId: idParam('地区编号').optional(),
  jobTypeId: idParam('工种编号').optional(),
  unassigned: z.enum(['yes', 'no']).optional().describe('yes 仅未分组'),
});
export type EligibleQuery = z.output<typeof eligibleQuery>;
export const eligibleResponse = z.object({
  items: z.array(
    z.object({
      applicationId: z.number().int(),
      name: z.string(),
      idNumberMasked: z.string(),
      unitName: z.string(),
      jurisdictionId: z.number().int(),
      jurisdictionName: z.string(),
      jobTypeId: z.number().int(),
      jobTypeName: z.string(),
      panelId: z.number().int().nullable(),
      panelName: z.string().nullable(),
    }),
  ),
});
export type EligibleResponse = z.infer<typeof eligibleResponse>;

export const assignBody = z
  .object({
    applicationIds: z.array(idValue('考生（申请）编号')).max(500).optional().describe('按名单'),
    jurisdictionId: idValue('按地区：该地区尚未分组的一级考生').optional(),
    jobTypeId: idValue('按工种：该工种尚未分组的一级考生').optional(),
  })
  .refine((b) => b.applicationIds?.length || b.jurisdictionId || b.jobTypeId, '请选择考生、地区或工种');
export type AssignBody = z.input<typeof assignBody>;
export const assignResponse = z.object({ assigned: z.number().int() });

export const reasonBody = z.object({ reason: z.string().trim().min(1, '请填写原因').max(200).describe('原因') });
export type ReasonBody = z.input<typeof reasonBody>;

// ─── The expert's side (我的评审) ─────────────────────────────────────────────────────────────────────────

const sheetStatus = z.enum([...SHEET_STATUSES, 'none']).describe('none 未评分，draft 草稿，submitted 已提交');

export const myPanelsResponse = z.object({
  items: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      campaignName: z.string(),
      startsAt: iso,
      endsAt: iso,
      schedule,
      status: panelStatus,
      isChair: z.boolean(),
      absent: z.boolean(),
      criteria: z.array(criterion),
      passLine: z.number(),
      candidates: z.array(
        z.object({
          applicationId: z.number().int(),
          name: z.string(),
          unitName: z.string(),
          jobTypeName: z.string(),
          ownUnit: z.boolean().describe('本单位考生（回避，不评分）'),
          sheetStatus,
          total: z.number().nullable(),
          returnedReason: z.string().nullable(),
        }),
      ),
    }),
  ),
});
export type MyPanelsResponse = z.infer<typeof myPanelsResponse>;

export const sheetResponse = z.object({
  panel: z.object({
    id: z.number().int(),
    name: z.string(),
    schedule,
    status: panelStatus,
    startsAt: iso,
    endsAt: iso,
  }),
  criteria: z.array(criterion),
  candidate: z.object({
    applicationId: z.number().int(),
    name: z.string(),
    sex: z.string(),
    idNumberMasked: z.string().describe('身份证号（隐去中间位）'),
    unitName: z.string(),
    jurisdictionName: z.string(),
    jobTypeName: z.string(),
    education: z.enum(EDUCATION_LEVELS).or(z.string()),
    workStartMonth: z.string(),
    workYears: z.number().int().describe('工作年限'),
    currentGradeMonth: z.string().nullable().describe('二级取得时间'),
    appointedToGrade2Post: z.boolean().describe('聘任在二级岗位'),
    appraisals: z.array(z.string()).nullable().describe('近五年年度考核结果（最近一年在前；excellent 优秀 …）'),
    waiverAward: z.boolean().describe('取得二级后获奖（可免学历和考核条件）'),
    evidenceNote: z.string().nullable().describe('获奖与成果说明'),
  }),
  sheet: z.object({
    status: sheetStatus,
    scores: z.record(z.string(), z.number().nullable()),
    comment: z.string().nullable(),
    total: z.number().nullable(),
    submittedAt: iso.nullable(),
    returnedReason: z.string().nullable(),
  }),
  abilities: z.object({ save: z.boolean() }),
});
export type SheetResponse = z.infer<typeof sheetResponse>;

export const sheetBody = z.object({
  scores: z.record(z.string().max(32), z.number().nullable()).describe('各评审项目的得分（未评为 null）'),
  comment: z.string().trim().max(1000).nullish().describe('评语'),
  submit: z.boolean().optional().describe('true 提交（提交后不能再改，除非组长退回）；否则保存草稿'),
});
export type SheetBody = z.input<typeof sheetBody>;

// ─── The chair's view (组长确认) and the province's ───────────────────────────────────────────────────────

export const scoresResponse = z.object({
  panel: panelSummary,
  criteria: z.array(criterion),
  passLine: z.number(),
  members: z.array(
    z.object({ expertId: z.number().int(), name: z.string(), isChair: z.boolean(), absent: z.boolean() }),
  ),
  rows: z.array(
    z.object({
      applicationId: z.number().int(),
      name: z.string(),
      unitName: z.string(),
      jobTypeName: z.string(),
      cells: z.array(
        z.object({
          expertId: z.number().int(),
          status: sheetStatus.or(z.literal('own_unit')).describe('own_unit 回避'),
          total: z.number().nullable(),
          comment: z.string().nullable(),
          dropped: z.enum(['high', 'low']).nullable().describe('去掉的最高分 / 最低分'),
        }),
      ),
      /** The trimmed mean of what is submitted now (confirmed: the stored result). */
      score: z.number().nullable().describe('综合评审成绩（确认前为按已提交评分的预览）'),
      passed: z.boolean().nullable(),
      memberCount: z.number().int(),
    }),
  ),
  missing: z.number().int().describe('尚未提交的评分表数（不含缺席和回避）'),
  abilities: z.object({ confirm: z.boolean(), returnSheet: z.boolean(), markAbsent: z.boolean() }),
});
export type PanelScoresResponse = z.infer<typeof scoresResponse>;

export const returnBody = z.object({
  applicationId: idValue('考生（申请）编号'),
  expertId: idValue('成员（专家编号）'),
  reason: z.string().trim().min(1, '请填写退回原因').max(200).describe('退回原因'),
});
export type ReturnBody = z.input<typeof returnBody>;
export const absentBody = z.object({
  expertId: idValue('成员（专家编号）'),
  reason: z.string().trim().min(1, '请填写缺席原因').max(200).describe('缺席原因'),
});
export type AbsentBody = z.input<typeof absentBody>;
export const confirmResponse = z.object({
  confirmedAt: iso,
  results: z.array(
    z.object({
      applicationId: z.number().int(),
      score: z.number(),
      passed: z.boolean(),
      memberCount: z.number().int(),
    }),
  ),
});
export const okResponse = z.object({ ok: z.literal(true) });

// ─── The contract's remaining types (the web imports them with `import type`) ──────────────────────────────
export type Expert = z.infer<typeof expert>;
export type ExpertsResponse = z.infer<typeof expertsResponse>;
export type ExpertAccountResponse = z.infer<typeof expertAccountResponse>;
export type PanelsResponse = z.infer<typeof panelsResponse>;
