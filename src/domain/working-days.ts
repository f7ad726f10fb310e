// Working days (工作日) for the results' periods: the publicity (公示) lasts N working days, a score review (复核) is
// filed within N working days of the release and answered within N working days (rules.md §7). A working day is a
// Monday to Friday that is not a public holiday (放假), or a weekend day the State Council moved work to (调休上班).
// The calendar of holidays and adjusted working days is the province's (maintained in the database); these rules
// only read it. Pure: ISO dates ('YYYY-MM-DD', Beijing), no clock.
import { compareIso } from './calendar.js';
import { addDays } from './timetable.js';

/** 放假 (a day off, whatever weekday) or 调休上班 (a weekend day worked). */
export const CALENDAR_DAY_KINDS = ['holiday', 'workday'] as const;
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];
export const CALENDAR_DAY_KIND_LABELS: Readonly<Record<CalendarDayKind, string>> = {
  holiday: '放假',
  workday: '调休上班',
};

export interface CalendarDay {
  date: string;
  kind: CalendarDayKind;
  name: string;
}

/** The calendar as the rules read it: the dates off and the weekend dates worked. */
export interface WorkCalendar {
  readonly holidays: ReadonlySet<string>;
  readonly workdays: ReadonlySet<string>;
}

export function workCalendar(days: readonly Pick<CalendarDay, 'date' | 'kind'>[]): WorkCalendar {
  return {
    holidays: new Set(days.filter((d) => d.kind === 'holiday').map((d) => d.date)),
    workdays: new Set(days.filter((d) => d.kind === 'workday').map((d) => d.date)),
  };
}

/** 0 Sunday … 6 Saturday. */
export function weekdayOf(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export function isWeekend(iso: string): boolean {
  const w = weekdayOf(iso);
  return w === 0 || w === 6;
}

/** A working day: marked 调休上班, or a weekday not marked 放假. */
export function isWorkingDay(iso: string, calendar: WorkCalendar): boolean {
  if (calendar.workdays.has(iso)) return true;
  if (calendar.holidays.has(iso)) return false;
  return !isWeekend(iso);
}

/** Longest run of days off the rules step over before giving up (a broken calendar must not loop for ever). */
const MAX_DAYS_OFF = 60;

/**
 * The date `n` working days after `from` (`from` itself not counted: 0 answers `from`); weekends and holidays are
 * stepped over, adjusted working days count.
 */
export function addWorkingDays(from: string, n: number, calendar: WorkCalendar): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('working days must be a whole number ≥ 0');
  let date = from;
  let left = n;
  let off = 0;
  while (left > 0) {
    date = addDays(date, 1);
    if (isWorkingDay(date, calendar)) {
      left--;
      off = 0;
    } else if (++off > MAX_DAYS_OFF) {
      throw new RangeError(`more than ${MAX_DAYS_OFF} days off in a row after ${from}: check the calendar`);
    }
  }
  return date;
}

/**
 * The last day of a period of `n` working days that starts on `start` (counted when it is a working day): the
 * publicity published on Monday for 5 working days ends on Friday.
 */
export function periodEnd(start: string, n: number, calendar: WorkCalendar): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError('a period lasts at least one working day');
  return addWorkingDays(addDays(start, -1), n, calendar);
}

/** Working days in (from, to]: after `from`, up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: string, to: string, calendar: WorkCalendar): number {
  if (compareIso(to, from) <= 0) return 0;
  let count = 0;
  for (let date = addDays(from, 1); compareIso(date, to) <= 0; date = addDays(date, 1)) {
    if (isWorkingDay(date, calendar)) count++;
  }
  return count;
}

/** A time limit of `limit` working days counted from `from`: days used by `today`, days left, the due date, overdue. */
export function workingDayLimit(from: string, today: string, limit: number, calendar: WorkCalendar) {
  const used = workingDaysBetween(from, today, calendar);
  const dueOn = addWorkingDays(from, limit, calendar);
  return { used, remaining: Math.max(0, limit - used), dueOn, overdue: compareIso(today, dueOn) > 0 };
}
