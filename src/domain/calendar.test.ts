import { describe, expect, it } from 'vitest';
import {
  addMonths,
  compareIso,
  daysInMonth,
  isIsoDate,
  isIsoMonth,
  isLeapYear,
  monthFromIndex,
  monthIndex,
  monthOf,
  requireIsoMonth,
} from './calendar.js';

describe('calendar', () => {
  it('knows the Gregorian leap years', () => {
    expect([1900, 2000, 2016, 2017, 2100].map(isLeapYear)).toEqual([false, true, true, false, false]);
    expect([1, 2, 4, 12].map((m) => daysInMonth(2016, m))).toEqual([31, 29, 30, 31]);
  });

  it('validates ISO dates and months', () => {
    expect(isIsoDate('2016-02-29')).toBe(true);
    expect(isIsoDate('2017-02-29')).toBe(false);
    expect(isIsoDate('2017-2-1')).toBe(false);
    expect(isIsoMonth('2017-12')).toBe(true);
    expect(isIsoMonth('2017-13')).toBe(false);
    expect(isIsoMonth('2017-00')).toBe(false);
    expect(isIsoMonth('201712')).toBe(false);
  });

  it('does month arithmetic through indices', () => {
    expect(monthFromIndex(monthIndex({ year: 2017, month: 12 }) + 1)).toEqual({ year: 2018, month: 1 });
    expect(monthOf('2017-01-20')).toBe('2017-01');
    expect(addMonths('2017-11', 3)).toBe('2018-02');
    expect(addMonths('2017-01', -1)).toBe('2016-12');
    expect(() => addMonths('2017-1', 1)).toThrow(RangeError);
    expect(requireIsoMonth('2017-01', 'x')).toEqual({ year: 2017, month: 1 });
    expect(() => requireIsoMonth('2017-1', 'x')).toThrow(RangeError);
  });

  it('compares ISO strings in calendar order', () => {
    expect(compareIso('2017-01-20', '2017-01-21')).toBe(-1);
    expect(compareIso('2017-01-20', '2017-01-20')).toBe(0);
    expect(compareIso('2017-02', '2017-01')).toBe(1);
  });
});
