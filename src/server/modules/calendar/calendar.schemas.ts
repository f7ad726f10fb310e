/** The working-day calendar's contract (工作日历): public holidays and adjusted working days, kept by the province. */
import { z } from 'zod';
import { isIsoDate } from '../../../domain/calendar.js';
import { CALENDAR_DAY_KINDS } from '../../../domain/working-days.js';
import { intQuery } from '../../platform/params.schemas.js';

const isoDate = z
  .string()
  .refine(isIsoDate, '须为日期 YYYY-MM-DD')
  .refine((d) => d >= '2000-01-01' && d <= '2100-12-31', '日期须在 2000 年至 2100 年之间');

export const calendarQuery = z.object({ year: intQuery(2000, 2100).optional().describe('年份（默认今年）') });
export const dateParams = z.object({ date: isoDate.describe('日期 YYYY-MM-DD') });
export const calendarDayBody = z.object({
  kind: z.enum(CALENDAR_DAY_KINDS).describe('holiday 放假 / workday 调休上班'),
  name: z.string().trim().min(1, '请填写节日名称').max(40).describe('节日名称，例如 国庆节'),
});

const day = z.object({
  date: z.string(),
  kind: z.enum(CALENDAR_DAY_KINDS),
  name: z.string(),
  weekday: z.number().int().describe('0 星期日 … 6 星期六'),
});
export const calendarResponse = z.object({
  year: z.number().int(),
  days: z.array(day),
  abilities: z.object({ manage: z.boolean() }),
});
export const calendarDayResponse = day;

export type CalendarDayBody = z.input<typeof calendarDayBody>;
export type CalendarResponse = z.infer<typeof calendarResponse>;
export type CalendarQuery = z.output<typeof calendarQuery>;
