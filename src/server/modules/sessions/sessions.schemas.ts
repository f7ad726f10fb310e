import { z } from 'zod';
import { isIsoDate } from '../../../domain/calendar.js';
import { SUBJECTS } from '../../../domain/items.js';
import { idParam } from '../../platform/params.schemas.js';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式须为 YYYY-MM-DD')
  .refine(isIsoDate, '不是有效的日期');

export const campaignParams = z.object({ id: idParam('考核年度编号') });
export const sessionParams = campaignParams.extend({ sessionId: idParam('场次编号') });

export const subjectSchema = z
  .enum(SUBJECTS)
  .describe('skill 岗位技能 / ethics 职业道德 / ability 职业能力 / basics 专业基础知识（一级）');

export const sessionSubjectSchema = z.object({
  subject: subjectSchema,
  durationMinutes: z.number().int().describe('考试时长（分钟）'),
  breakAfterMinutes: z.number().int().describe('该科目之后的休息时间（分钟；最后一科不计）'),
});

export const sessionBody = z.object({
  name: z.string().trim().min(1, '请填写场次名称').max(40, '场次名称不超过 40 个字').describe('场次名称，例如 第一场'),
  date: isoDate.describe('考试日期（北京时间）'),
  startTime: z.string().max(5).describe('开考时间，时:分（北京时间），例如 08:30'),
  subjects: z
    .array(sessionSubjectSchema)
    .max(3)
    .describe('按顺序排列的考试科目（五级至二级：岗位技能、职业道德、职业能力；一级：职业道德、专业基础知识）'),
  lateEntryMinutes: z.number().int().describe('开考后多少分钟不得入场（默认 15）'),
  earliestHandInMinutes: z.number().int().describe('开考后多少分钟方可交卷（默认 30）'),
  capacityNote: z.string().trim().max(200, '容量说明不超过 200 个字').nullable().optional().describe('容量说明'),
});

const timelineSchema = z.object({
  startsAt: z.string().describe('开考时间'),
  endsAt: z.string().describe('整场结束时间'),
  subjects: z.array(
    z.object({
      subject: subjectSchema,
      label: z.string(),
      startsAt: z.string(),
      endsAt: z.string(),
      breakAfterMinutes: z.number().int(),
    }),
  ),
});

export const sessionSchema = z.object({
  id: z.number().int(),
  campaignId: z.number().int(),
  name: z.string(),
  date: z.string(),
  startTime: z.string(),
  subjects: z.array(sessionSubjectSchema),
  lateEntryMinutes: z.number().int(),
  earliestHandInMinutes: z.number().int(),
  capacityNote: z.string().nullable(),
  timeline: timelineSchema,
  grades: z.array(z.number().int()).describe('本场次适用的申报等级（考全部科目的等级；含专业基础知识的为一级场次）'),
  abilities: z.object({ update: z.boolean(), delete: z.boolean() }),
});

export const sessionListResponse = z.object({
  items: z.array(sessionSchema),
  examWindow: z.object({ startsOn: z.string(), endsOn: z.string() }).describe('人机对话考试阶段'),
  grade1Window: z
    .object({ startsOn: z.string(), endsOn: z.string() })
    .nullable()
    .describe('一级考评阶段（一级场次的日期范围）'),
  defaults: z.object({
    subjects: z
      .array(sessionSubjectSchema)
      .describe('默认科目与时长：已发布组卷规则的时长，其次考试设置，再次 60 分钟'),
    grade1Subjects: z.array(sessionSubjectSchema).describe('一级场次的默认科目与时长（职业道德、专业基础知识）'),
    lateEntryMinutes: z.number().int(),
    earliestHandInMinutes: z.number().int(),
  }),
  abilities: z.object({ create: z.boolean() }),
});

export const validateResponse = z.object({
  problems: z.array(z.object({ code: z.string(), message: z.string() })).describe('空表示可以保存'),
  timeline: timelineSchema.nullable(),
});

export type SessionInputBody = z.infer<typeof sessionBody>;
export type ExamSession = z.infer<typeof sessionSchema>;
export type SessionList = z.infer<typeof sessionListResponse>;
export type SessionCheck = z.infer<typeof validateResponse>;
