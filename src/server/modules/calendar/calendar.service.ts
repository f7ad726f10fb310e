/**
 * 工作日历: the province's calendar of public holidays (放假) and weekend days worked (调休上班). Every period counted in
 * working days (the publicity, the score review's window and time limit) reads it through workCalendarOf.
 */
import {
  type CalendarDay,
  isWeekend,
  type WorkCalendar,
  weekdayOf,
  workCalendar,
} from '../../../domain/working-days.js';
import type { Tx } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { recordAudit } from '../../platform/audit.js';
import { chinaDate } from '../../platform/clock.js';
import type { ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { inScopedTx } from '../../platform/tx.js';
import { assertProvinceManager, isProvinceManager } from '../catalog/catalog.service.js';
import * as repo from './calendar.repository.js';
import type { CalendarDayBody } from './calendar.schemas.js';

const REFUSAL = '只有省级管理员可以维护工作日历';

const present = (d: CalendarDay) => ({ ...d, weekday: weekdayOf(d.date) });

export async function listCalendar(deps: AppDeps, ctx: ServiceContext, year?: number) {
  const y = year ?? Number(chinaDate(deps.clock.now()).slice(0, 4));
  return inScopedTx(deps.db, ctx.actor, async (tx) => ({
    year: y,
    days: (await repo.listDays(tx, `${y}-01-01`, `${y}-12-31`)).map(present),
    abilities: { manage: isProvinceManager(ctx.actor, 'calendar.manage') },
  }));
}

/** Marks a date 放假 or 调休上班 (a new date or a change); one audit row. */
export async function setCalendarDay(deps: AppDeps, ctx: ServiceContext, date: string, body: CalendarDayBody) {
  assertProvinceManager(ctx.actor, 'calendar.manage', REFUSAL);
  const day: CalendarDay = { date, kind: body.kind, name: body.name.trim() };
  if (day.kind === 'workday' && !isWeekend(date)) {
    throw new AppError('CALENDAR_INVALID', `${date} 是工作日，不必标为调休上班`);
  }
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const now = deps.clock.now();
    const before = await repo.findDay(tx, date);
    await repo.upsertDay(tx, day, ctx.actor.accountId, now);
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'work_calendar_day',
        entityId: date,
        orgNodeId: ctx.actor.orgNodeId,
        orgPath: ctx.actor.orgPath,
        action: 'calendar.set',
        summary: `工作日历：${date} ${day.kind === 'holiday' ? '放假' : '调休上班'}（${day.name}）`,
        before: before ? { kind: before.kind, name: before.name } : null,
        after: { kind: day.kind, name: day.name },
      },
      now,
    );
    return present(day);
  });
}

export async function deleteCalendarDay(deps: AppDeps, ctx: ServiceContext, date: string) {
  assertProvinceManager(ctx.actor, 'calendar.manage', REFUSAL);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const now = deps.clock.now();
    const before = await repo.findDay(tx, date);
    if (!before || (await repo.deleteDay(tx, date)) === 0) throw new AppError('NOT_FOUND', '工作日历中没有该日期');
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'work_calendar_day',
        entityId: date,
        orgNodeId: ctx.actor.orgNodeId,
        orgPath: ctx.actor.orgPath,
        action: 'calendar.delete',
        summary: `工作日历：删除 ${date}（${before.name}），按平常的工作日或周末计`,
        before: { kind: before.kind, name: before.name },
      },
      now,
    );
    return { deleted: true };
  });
}

// ─── For other modules (publicity, score review) ────────────────────────────────────────────────────────

/** The whole calendar, in the caller's transaction (a few dozen rows a year). */
export async function workCalendarOf(tx: Tx): Promise<WorkCalendar> {
  return workCalendar(await repo.listDays(tx));
}
