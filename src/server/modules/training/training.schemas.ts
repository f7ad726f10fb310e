import { z } from 'zod';
import { isIsoDate } from '../../../domain/calendar.js';
import { ATTENDANCE_STATUSES } from '../../../domain/training.js';
import { idParam, idValue, intQuery } from '../../platform/params.schemas.js';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式须为 YYYY-MM-DD')
  .refine(isIsoDate, '不是有效的日期');
const text = (max: number, label: string) =>
  z.string().trim().min(1, `请填写${label}`).max(max, `${label}不超过 ${max} 个字`);

export const campaignParams = z.object({ id: idParam('考核年度编号') });
export const classParams = z.object({ classId: idParam('培训班编号') });
export const sittingParams = classParams.extend({ sittingId: idParam('课次编号') });
export const enrolmentParams = classParams.extend({ applicationId: idParam('申请（考生）编号') });

const page = { page: intQuery(1, 100_000).default(1), pageSize: intQuery(1, 200).default(20) };
export const classListQuery = z.object({ jurisdictionId: idParam('辖区编号').optional(), ...page });
export const pageQuery = z.object(page);
export const candidateQuery = z.object({
  jobTypeId: idParam('工种编号').optional(),
  grade: intQuery(1, 5).optional().describe('申报等级'),
  ...page,
});

export const settingsBody = z.object({
  trainingRequiredForSeating: z.boolean().describe('完成培训方可编排考场'),
  requiredShare: z.number().min(0.01).max(1).describe('须出勤的课次比例（默认 0.8）'),
});
export const settingsSchema = settingsBody.extend({ abilities: z.object({ update: z.boolean() }) });

export const classBody = z.object({
  jurisdictionId: idValue('辖区编号（省工考办须填写；市县默认本辖区）').optional(),
  name: text(60, '培训班名称'),
  startsOn: isoDate.describe('开始日期'),
  endsOn: isoDate.describe('结束日期'),
  place: text(100, '培训地点'),
  teacher: text(60, '授课教师'),
  jobTypeIds: z.array(idValue('工种编号')).min(1, '至少选择一个工种').max(200).describe('面向的工种'),
  grades: z.array(z.number().int().min(1).max(5)).min(1, '至少选择一个等级').max(5).describe('面向的等级'),
  capacity: z.number().int().min(1, '人数上限至少为 1').max(2000).describe('人数上限'),
});

const classSummary = z.object({
  id: z.number().int(),
  campaignId: z.number().int(),
  jurisdictionId: z.number().int(),
  jurisdictionName: z.string(),
  name: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  place: z.string(),
  teacher: z.string(),
  jobTypeIds: z.array(z.number().int()),
  grades: z.array(z.number().int()),
  capacity: z.number().int(),
  enrolled: z.number().int(),
  sittings: z.number().int(),
});
export const classListResponse = z.object({
  items: z.array(classSummary),
  total: z.number().int(),
  abilities: z.object({ create: z.boolean() }),
});
const sittingSchema = z.object({ id: z.number().int(), date: z.string(), topic: z.string().nullable() });
export const classSchema = classSummary.extend({
  sittingList: z.array(sittingSchema),
  requiredShare: z.number(),
  trainingRequiredForSeating: z.boolean(),
  abilities: z.object({ update: z.boolean(), delete: z.boolean() }),
});

const statusSchema = z.enum(ATTENDANCE_STATUSES).describe('present 出勤 / absent 缺勤 / excused 请假');
const person = {
  applicationId: z.number().int(),
  name: z.string(),
  idNumberMasked: z.string(),
  unitName: z.string(),
  jobTypeName: z.string(),
  grade: z.number().int(),
};
export const rosterResponse = z.object({
  total: z.number().int(),
  items: z.array(
    z.object({
      ...person,
      attendance: z.record(z.string(), statusSchema).describe('课次编号 → 考勤'),
      completed: z.boolean(),
      attended: z.number().int(),
      required: z.number().int(),
      reasonText: z.string().nullable(),
    }),
  ),
});
export const candidatesResponse = z.object({
  total: z.number().int(),
  items: z.array(z.object({ ...person, jobTypeId: z.number().int(), classId: z.number().int().nullable() })),
});

export const enrolBody = z
  .object({
    applicationIds: z.array(idValue('申请编号')).min(1).max(2000).optional().describe('逐个加入'),
    filter: z
      .object({ jobTypeId: idValue('工种编号').optional(), grade: z.number().int().min(1).max(5).optional() })
      .optional()
      .describe('按工种×等级批量加入本辖区尚未参加培训班的已确认考生'),
  })
  .refine(
    (b) => (b.applicationIds === undefined) !== (b.filter === undefined),
    '须且只能给出 applicationIds 或 filter 之一',
  );
export const enrolResponse = z.object({ added: z.number().int() });

export const sittingBody = z.object({
  date: isoDate.describe('课次日期'),
  topic: z.string().trim().max(100, '内容不超过 100 个字').nullable().optional(),
});
export const sittingResponse = sittingSchema;

export const attendanceBody = z.object({
  records: z
    .array(z.object({ applicationId: idValue('申请编号'), status: statusSchema }))
    .min(1)
    .max(2000)
    .describe('本课次的考勤'),
});
export const okResponse = z.object({ ok: z.literal(true) });

export type TrainingSettingsView = z.infer<typeof settingsSchema>;
export type TrainingClassBody = z.infer<typeof classBody>;
export type TrainingClassList = z.infer<typeof classListResponse>;
export type TrainingClass = z.infer<typeof classSchema>;
export type TrainingRoster = z.infer<typeof rosterResponse>;
export type TrainingCandidates = z.infer<typeof candidatesResponse>;
export type AttendanceBody = z.infer<typeof attendanceBody>;
