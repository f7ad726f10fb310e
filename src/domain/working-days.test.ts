import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  isWorkingDay,
  periodEnd,
  weekdayOf,
  workCalendar,
  workingDayLimit,
  workingDaysBetween,
} from './working-days.js';

const empty = workCalendar([]);
// 2026 National Day: 10-01 (Thu) to 10-08 off; Sunday 09-27 and Saturday 10-10 worked (a test calendar).
const national = workCalendar([
  ...['01', '02', '03', '04', '05', '06', '07', '08'].map((d) => ({ date: `2026-10-${d}`, kind: 'holiday' as const })),
  { date: '2026-09-27', kind: 'workday' },
  { date: '2026-10-10', kind: 'workday' },
]);
// New Year: 2027-01-01 (Fri) off.
const newYear = workCalendar([{ date: '2027-01-01', kind: 'holiday' }]);

describe('working days', () => {
  it('knows weekdays', () => {
    expect(weekdayOf('2026-09-25')).toBe(5);
    expect(isWorkingDay('2026-09-26', empty)).toBe(false);
    expect(isWorkingDay('2026-09-27', national)).toBe(true);
    expect(isWorkingDay('2026-10-01', national)).toBe(false);
  });

  it('steps over a weekend', () => {
    // Friday + 1 → Monday; Friday + 5 → next Friday.
    expect(addWorkingDays('2026-09-18', 1, empty)).toBe('2026-09-21');
    expect(addWorkingDays('2026-09-18', 5, empty)).toBe('2026-09-25');
    expect(addWorkingDays('2026-09-19', 1, empty)).toBe('2026-09-21');
    expect(addWorkingDays('2026-09-18', 0, empty)).toBe('2026-09-18');
    expect(workingDaysBetween('2026-09-18', '2026-09-21', empty)).toBe(1);
  });

  it('steps over a holiday and counts an adjusted working day', () => {
    // Friday 09-25: Sunday 09-27 worked (1), 09-28 (2), 09-29 (3), 09-30 (4), then 10-01..08 off, Fri 10-09 (5).
    expect(addWorkingDays('2026-09-25', 5, national)).toBe('2026-10-09');
    // Saturday 10-10 is worked, Sunday 10-11 not: the 6th is 10-10, the 7th Monday 10-12.
    expect(addWorkingDays('2026-09-25', 6, national)).toBe('2026-10-10');
    expect(addWorkingDays('2026-09-25', 7, national)).toBe('2026-10-12');
    expect(workingDaysBetween('2026-09-25', '2026-10-12', national)).toBe(7);
    expect(workingDaysBetween('2026-09-30', '2026-10-08', national)).toBe(0);
  });

  it('crosses the year end', () => {
    // Wednesday 2026-12-30: 12-31 (1), 01-01 off, weekend, Monday 01-04 (2), 01-05 (3).
    expect(addWorkingDays('2026-12-30', 3, newYear)).toBe('2027-01-05');
    expect(workingDaysBetween('2026-12-30', '2027-01-05', newYear)).toBe(3);
  });

  it('ends a period counting its first day', () => {
    // Published Monday 09-21 for 5 working days: ends Friday 09-25.
    expect(periodEnd('2026-09-21', 5, empty)).toBe('2026-09-25');
    // Published on Saturday: the period starts Monday.
    expect(periodEnd('2026-09-19', 1, empty)).toBe('2026-09-21');
    // Published Wednesday 09-30 for 3: 09-30, 10-09, 10-10 (worked Saturday).
    expect(periodEnd('2026-09-30', 3, national)).toBe('2026-10-10');
  });

  it('counts a limit used, left and overdue', () => {
    expect(workingDayLimit('2026-09-25', '2026-10-09', 7, national)).toEqual({
      used: 5,
      remaining: 2,
      dueOn: '2026-10-12',
      overdue: false,
    });
    expect(workingDayLimit('2026-09-25', '2026-10-13', 7, national)).toMatchObject({ used: 8, overdue: true });
  });

  it('agrees: n working days after a date are n working days apart', () => {
    for (const from of ['2026-09-20', '2026-09-25', '2026-09-30', '2026-12-28']) {
      for (let n = 0; n < 15; n++) {
        expect(workingDaysBetween(from, addWorkingDays(from, n, national), national)).toBe(n);
      }
    }
  });
});
