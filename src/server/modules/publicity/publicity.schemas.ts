/** The publicity's contract (合格人员公示): publishing, the list, objections (异议), the notice of qualified persons. */
import { z } from 'zod';
import { isIsoDate } from '../../../domain/calendar.js';
import { OBJECTION_SOURCES, OBJECTION_STATUSES } from '../../../domain/publicity.js';
import { idParam, idValue, intQuery, pageQuery } from '../../platform/params.schemas.js';
import { trackField } from '../scores/scores.schemas.js';

/** 结果批次 of a publicity: each track (五级至二级, 一级) is publicised on its own; default regular. */
export const trackQuery = z.object({ track: trackField.optional() });

export const campaignParams = z.object({ id: idParam('考核年度编号') });
export const publicCampaignParams = z.object({ campaignId: idParam('考核年度编号') });
export const objectionParams = z.object({ id: idParam('异议编号') });

const state = z
  .enum(['unpublished', 'running', 'ended'])
  .describe('unpublished 未公示，running 公示中，ended 公示期满');
const period = z.object({
  startsOn: z.string().describe('公示开始日期'),
  endsOn: z.string().describe('公示结束日期（含）'),
  workingDays: z.number().int().describe('公示期（工作日）'),
  contact: z.string().describe('受理异议的联系方式'),
  publishedAt: z.string(),
});

export const overviewResponse = z.object({
  campaign: z.object({ id: z.number().int(), name: z.string(), year: z.number().int() }),
  today: z.string(),
  track: trackField.describe('本概况的结果批次'),
  trackLabel: z.string().describe('五级至二级 / 一级（高级技师）'),
  tracks: z
    .array(
      z.object({
        track: trackField,
        label: z.string(),
        releasedAt: z.string().nullable(),
        state,
      }),
    )
    .describe('两个结果批次各自的成绩发布和公示状态'),
  releasedAt: z.string().nullable().describe('该批次的成绩发布时间'),
  state,
  period: period.nullable(),
  defaultWorkingDays: z.number().int().describe('本考核年度设置的公示期（工作日）'),
  qualified: z.number().int().describe('合格人数（未公示时为当前成绩表中的合格人数；公示后为公示名单人数）'),
  struck: z.number().int().describe('因异议成立取消的人数'),
  openObjections: z.number().int().describe('未处理完的异议数'),
  abilities: z.object({ publish: z.boolean(), manage: z.boolean(), notice: z.boolean() }),
});

export const publishBody = z.object({
  startsOn: z
    .string()
    .refine(isIsoDate, '须为日期 YYYY-MM-DD')
    .refine((d) => d <= '2100-12-31', '日期须在 2100 年之前')
    .optional()
    .describe('公示开始日期（默认今天）'),
  workingDays: z.number().int().min(1).max(60).optional().describe('公示期（工作日，默认取考核年度设置）'),
  contact: z.string().trim().min(1, '请填写受理异议的联系方式').max(200).describe('受理异议的单位和电话'),
  track: trackField.optional().describe('公示哪个结果批次的合格人员（默认 regular 五级至二级）'),
});

export const entriesQuery = z.object({
  page: pageQuery().optional(),
  pageSize: intQuery(1, 100).optional().describe('每页条数（默认 20，最多 100）'),
  q: z.string().max(40).optional().describe('姓名或单位（包含）'),
  struck: z.enum(['yes', 'no']).optional().describe('yes 仅已取消，no 仅在列（公众页面总是 no）'),
  track: trackField.optional().describe('结果批次（官员列表不填为两个批次；公众页面默认 regular）'),
});
export type EntriesQuery = z.output<typeof entriesQuery>;

const entry = z.object({
  applicationId: z.number().int().describe('名单中的人员编号（提出异议时填写）'),
  name: z.string(),
  idNumberMasked: z.string().describe('身份证号（隐去中间 8 位）'),
  jurisdictionName: z.string(),
  unitName: z.string(),
  jobTypeName: z.string(),
  grade: z.number().int(),
  struck: z.boolean().describe('因异议成立已取消合格资格'),
  struckReason: z.string().nullable(),
});
export const entriesResponse = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(entry),
});

export const publicListResponse = z.object({
  items: z.array(
    z.object({
      campaignId: z.number().int(),
      track: trackField,
      name: z.string().describe('标题：考核年度名称和结果批次'),
      state,
      startsOn: z.string(),
      endsOn: z.string(),
      contact: z.string(),
    }),
  ),
});

export const publicEntriesResponse = entriesResponse.extend({
  campaign: z.object({ id: z.number().int(), name: z.string() }),
  track: trackField,
  trackLabel: z.string(),
  state,
  startsOn: z.string(),
  endsOn: z.string(),
  contact: z.string(),
  items: z.array(entry.omit({ struck: true, struckReason: true })),
});

export const objectionBody = z.object({
  applicationId: idValue('异议所涉人员（公示名单中的人员编号）'),
  objectorName: z.string().trim().min(1, '请填写异议人姓名').max(40).describe('异议人姓名'),
  objectorContact: z.string().trim().min(5, '请填写联系电话或地址').max(100).describe('异议人联系方式'),
  content: z.string().trim().min(5, '请写明异议的事实和理由').max(2000).describe('异议内容'),
});

export const objectionsQuery = z.object({
  status: z.enum(OBJECTION_STATUSES).optional().describe('按状态筛选'),
  track: trackField.optional().describe('只看该结果批次人员的异议（不填为全部）'),
});

const objection = z.object({
  id: z.number().int(),
  applicationId: z.number().int(),
  personName: z.string(),
  unitName: z.string(),
  source: z.enum(OBJECTION_SOURCES),
  objectorName: z.string(),
  objectorContact: z.string(),
  content: z.string(),
  status: z.enum(OBJECTION_STATUSES),
  investigation: z.string().nullable(),
  resolution: z.string().nullable(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
});
export const objectionResponse = objection;
export const objectionsResponse = z.object({ items: z.array(objection) });
export const publishResponse = z.object({
  track: trackField,
  startsOn: z.string(),
  endsOn: z.string(),
  workingDays: z.number().int(),
  listed: z.number().int().describe('公示人数'),
});
export const publicObjectionResponse = z.object({
  id: z.number().int().describe('异议编号（查询处理结果时请告知）'),
  message: z.string(),
});

export const investigateBody = z.object({
  investigation: z.string().trim().min(1, '请填写调查情况').max(2000).describe('调查情况'),
});
export const resolveBody = z.object({
  outcome: z.enum(['upheld', 'dismissed']).describe('upheld 异议成立（取消其合格资格）/ dismissed 异议不成立'),
  reason: z.string().trim().min(2, '请填写处理理由').max(2000).describe('处理理由'),
  investigation: z.string().trim().max(2000).optional().describe('调查情况（可补充）'),
});

export const noticeQuery = z.object({
  documentNumber: z.string().trim().max(40).optional().describe('通知文号（可选，印在标题上方）'),
  track: trackField.optional().describe('哪个结果批次的合格人员通知（默认 regular 五级至二级）'),
});

export type OverviewResponse = z.infer<typeof overviewResponse>;
export type PublishBody = z.input<typeof publishBody>;
export type EntriesResponse = z.infer<typeof entriesResponse>;
export type PublicListResponse = z.infer<typeof publicListResponse>;
export type PublicEntriesResponse = z.infer<typeof publicEntriesResponse>;
export type ObjectionBody = z.input<typeof objectionBody>;
export type ObjectionResponse = z.infer<typeof objectionResponse>;
export type ObjectionsResponse = z.infer<typeof objectionsResponse>;
export type InvestigateBody = z.input<typeof investigateBody>;
export type ResolveBody = z.input<typeof resolveBody>;
export type EntriesQueryInput = z.input<typeof entriesQuery>;
