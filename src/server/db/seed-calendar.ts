/**
 * The working-day calendar's seed: China's public holidays (放假) and the weekend days worked instead (调休上班) for
 * 2026 and 2027, written once into an empty `work_calendar_days` (the province maintains it from then on, on the
 * 工作日历 page; its edits are never overwritten).
 *
 * NEEDS CONFIRMATION against the State Council's notices (国务院办公厅关于…部分节假日安排的通知):
 * - 2026: as recalled from 国办发明电〔2025〕7号 (published November 2025). Check every date before relying on it.
 * - 2027: the notice is published late in 2026. Only the statutory holidays themselves are seeded (13 days since
 *   2025: 元旦 1, 春节 4 from 除夕, 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3) on the lunar dates as computed; the bridging
 *   days and the weekend days worked must be added by the province when the notice appears.
 */
import { sql } from 'drizzle-orm';
import type { CalendarDay } from '../../domain/working-days.js';
import type { Tx } from './client.js';
import { workCalendarDays } from './schema.js';

const range = (from: string, to: string, name: string): CalendarDay[] => {
  const out: CalendarDay[] = [];
  for (
    let d = new Date(`${from}T00:00:00Z`);
    d <= new Date(`${to}T00:00:00Z`);
    d = new Date(d.getTime() + 86_400_000)
  ) {
    out.push({ date: d.toISOString().slice(0, 10), kind: 'holiday', name });
  }
  return out;
};
const worked = (date: string, name: string): CalendarDay => ({ date, kind: 'workday', name: `${name}调休上班` });

export const SEED_CALENDAR: readonly CalendarDay[] = [
  // 2026 (国办发明电〔2025〕7号, to be confirmed).
  ...range('2026-01-01', '2026-01-03', '元旦'),
  worked('2026-01-04', '元旦'),
  worked('2026-02-14', '春节'),
  ...range('2026-02-15', '2026-02-23', '春节'),
  worked('2026-02-28', '春节'),
  ...range('2026-04-04', '2026-04-06', '清明节'),
  ...range('2026-05-01', '2026-05-05', '劳动节'),
  worked('2026-05-09', '劳动节'),
  ...range('2026-06-19', '2026-06-21', '端午节'),
  worked('2026-09-20', '国庆节'),
  ...range('2026-09-25', '2026-09-27', '中秋节'),
  ...range('2026-10-01', '2026-10-07', '国庆节'),
  worked('2026-10-10', '国庆节'),
  // 2027: statutory days only (the State Council's arrangement is not yet known).
  ...range('2027-01-01', '2027-01-01', '元旦（待国务院通知确认）'),
  ...range('2027-02-05', '2027-02-08', '春节（待国务院通知确认）'),
  ...range('2027-04-05', '2027-04-05', '清明节（待国务院通知确认）'),
  ...range('2027-05-01', '2027-05-02', '劳动节（待国务院通知确认）'),
  ...range('2027-06-09', '2027-06-09', '端午节（待国务院通知确认）'),
  ...range('2027-09-15', '2027-09-15', '中秋节（待国务院通知确认）'),
  ...range('2027-10-01', '2027-10-03', '国庆节（待国务院通知确认）'),
];

/** Writes the seed calendar when the table is empty (reference data, idempotent). */
export async function ensureWorkCalendar(tx: Tx, now: Date): Promise<void> {
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(workCalendarDays);
  if (Number(row?.n ?? 0) > 0) return;
  await tx.insert(workCalendarDays).values(SEED_CALENDAR.map((d) => ({ ...d, updatedAt: now })));
}
