/** The calendar's SQL (work_calendar_days: every signed-in role reads, the province writes). */
import { and, asc, eq, gte, lte } from 'drizzle-orm';
import type { CalendarDay, CalendarDayKind } from '../../../domain/working-days.js';
import type { Tx } from '../../db/client.js';
import { workCalendarDays } from '../../db/schema.js';

export async function listDays(tx: Tx, from?: string, to?: string): Promise<CalendarDay[]> {
  const where = [from ? gte(workCalendarDays.date, from) : undefined, to ? lte(workCalendarDays.date, to) : undefined];
  const rows = await tx
    .select({ date: workCalendarDays.date, kind: workCalendarDays.kind, name: workCalendarDays.name })
    .from(workCalendarDays)
    .where(and(...where))
    .orderBy(asc(workCalendarDays.date));
  return rows.map((r) => ({ date: r.date, kind: r.kind as CalendarDayKind, name: r.name }));
}

export async function findDay(tx: Tx, date: string): Promise<CalendarDay | null> {
  const rows = await listDays(tx, date, date);
  return rows[0] ?? null;
}

export async function upsertDay(tx: Tx, day: CalendarDay, by: number, now: Date): Promise<void> {
  await tx
    .insert(workCalendarDays)
    .values({ ...day, updatedBy: by, updatedAt: now })
    .onConflictDoUpdate({
      target: workCalendarDays.date,
      set: { kind: day.kind, name: day.name, updatedBy: by, updatedAt: now },
    });
}

export async function deleteDay(tx: Tx, date: string): Promise<number> {
  const rows = await tx
    .delete(workCalendarDays)
    .where(eq(workCalendarDays.date, date))
    .returning({ date: workCalendarDays.date });
  return rows.length;
}
