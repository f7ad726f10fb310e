import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIsoDate, monthIndex, parseIsoMonth } from './calendar.js';
import type { Sex } from './id-card.js';
import { formatRetirementAge, type RetirementGroup, retirementSchedule, statutoryRetirement } from './retirement.js';

describe('statutoryRetirement: the official checks (rules.md §3)', () => {
  it('woman on base 55 born 1971-04 retires 2026-08', () => {
    // n = 15 months after 1970-01; delay = floor(15 / 4) + 1 = 4; 2026-04 + 4 months.
    expect(statutoryRetirement('1971-04-10', 'female', 'cadre')).toMatchObject({
      month: '2026-08',
      delayMonths: 4,
      ageMonths: 55 * 12 + 4,
      rule: 'reform2025',
    });
  });

  it('man born 1965-12 retires 2026-03', () => {
    // n = 11; delay = floor(11 / 4) + 1 = 3; 2025-12 + 3 months.
    expect(statutoryRetirement('1965-12-01', 'male')).toMatchObject({ month: '2026-03', delayMonths: 3 });
  });

  it('man born 1976-09 or later retires at 63', () => {
    // n = 140; floor(140 / 4) + 1 = 36 = the cap.
    expect(statutoryRetirement('1976-09-01', 'male').ageMonths).toBe(63 * 12);
    expect(statutoryRetirement('1990-06-15', 'male').ageMonths).toBe(63 * 12);
    expect(statutoryRetirement('1976-08-31', 'male').ageMonths).toBe(63 * 12 - 1);
  });
});

describe('statutoryRetirement: boundaries', () => {
  it.each<[string, Sex, RetirementGroup, string, number, 'pre2025' | 'reform2025']>([
    // birth date, sex, group, retirement month, delay months, rule
    ['1964-12-15', 'male', 'worker', '2024-12', 0, 'pre2025'],
    ['1965-01-15', 'male', 'worker', '2025-02', 1, 'reform2025'],
    ['1965-04-15', 'male', 'worker', '2025-05', 1, 'reform2025'],
    ['1965-05-15', 'male', 'worker', '2025-07', 2, 'reform2025'],
    ['1965-01-15', 'male', 'cadre', '2025-02', 1, 'reform2025'], // men ignore the group
    ['1974-12-15', 'female', 'worker', '2024-12', 0, 'pre2025'],
    ['1975-01-15', 'female', 'worker', '2025-02', 1, 'reform2025'],
    ['1975-02-15', 'female', 'worker', '2025-03', 1, 'reform2025'],
    ['1975-03-15', 'female', 'worker', '2025-05', 2, 'reform2025'],
    ['1984-10-15', 'female', 'worker', '2039-09', 59, 'reform2025'],
    ['1984-11-15', 'female', 'worker', '2039-11', 60, 'reform2025'], // cap: 55 years
    ['1995-06-15', 'female', 'worker', '2050-06', 60, 'reform2025'],
    ['1969-12-15', 'female', 'cadre', '2024-12', 0, 'pre2025'],
    ['1970-01-15', 'female', 'cadre', '2025-02', 1, 'reform2025'],
    ['1981-08-15', 'female', 'cadre', '2039-07', 35, 'reform2025'], // n = 139 → floor(139 / 4) + 1 = 35
    ['1981-09-15', 'female', 'cadre', '2039-09', 36, 'reform2025'], // n = 140 → 36, the cap: 58 years
    ['1957-01-20', 'male', 'worker', '2017-01', 0, 'pre2025'],
    ['1967-01-20', 'female', 'worker', '2017-01', 0, 'pre2025'],
  ])('%s %s %s → %s (+%i months)', (birth, sex, group, month, delay, rule) => {
    const result = statutoryRetirement(birth, sex, group);
    expect(result.month).toBe(month);
    expect(result.delayMonths).toBe(delay);
    expect(result.rule).toBe(rule);
  });

  it('defaults a woman to the worker base (50)', () => {
    expect(statutoryRetirement('1970-06-01', 'female').month).toBe('2020-06');
    expect(retirementSchedule('female').baseYears).toBe(50);
  });

  it('dates the retirement on the birth day-of-month, clamped to the month end', () => {
    expect(statutoryRetirement('1957-01-20', 'male').date).toBe('2017-01-20');
    // Born 31 Jan 1965: +60 years +1 month = Feb 2025, which has 28 days.
    expect(statutoryRetirement('1965-01-31', 'male').date).toBe('2025-02-28');
    // Born 31 Mar 1965 (+1 month) → 30 Apr 2025.
    expect(statutoryRetirement('1965-03-31', 'male').date).toBe('2025-04-30');
    // Born 29 Feb 1964 → 29 Feb 2024 (leap) but 28 Feb for a woman worker in 2014 (common year).
    expect(statutoryRetirement('1964-02-29', 'male').date).toBe('2024-02-29');
    expect(statutoryRetirement('1964-02-29', 'female').date).toBe('2014-02-28');
  });

  it('throws on a date that is not a real date (a caller bug)', () => {
    expect(() => statutoryRetirement('1980-02-30', 'male')).toThrow(RangeError);
    expect(() => statutoryRetirement('1980-02', 'male')).toThrow(RangeError);
  });

  it('formats the age for messages', () => {
    expect(formatRetirementAge(720)).toBe('60岁');
    expect(formatRetirementAge(603)).toBe('50岁3个月');
  });
});

describe('statutoryRetirement: properties', () => {
  const groups: Array<[Sex, RetirementGroup]> = [
    ['male', 'worker'],
    ['female', 'cadre'],
    ['female', 'worker'],
  ];
  const who = fc.constantFrom(...groups);
  // Birth months 1930-01 to 2009-12, as month indices.
  const birthIndex = fc.integer({ min: 1930 * 12, max: 2009 * 12 + 11 });
  const day = fc.integer({ min: 1, max: 28 });
  const toDate = (index: number, d: number) => formatIsoDate(Math.floor(index / 12), (index % 12) + 1, d);
  const monthOfResult = (month: string) => {
    const parsed = parseIsoMonth(month);
    if (!parsed) throw new Error(`bad month ${month}`);
    return monthIndex(parsed);
  };

  it('is non-decreasing in the birth month', () => {
    fc.assert(
      fc.property(who, birthIndex, birthIndex, day, ([sex, group], a, b, d) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        const r1 = statutoryRetirement(toDate(early, d), sex, group);
        const r2 = statutoryRetirement(toDate(late, d), sex, group);
        expect(r1.month <= r2.month).toBe(true);
        expect(r1.delayMonths).toBeLessThanOrEqual(r2.delayMonths);
      }),
    );
  });

  it('never falls below the old age nor above the cap, and the month is birth + age', () => {
    fc.assert(
      fc.property(who, birthIndex, day, ([sex, group], index, d) => {
        const schedule = retirementSchedule(sex, group);
        const r = statutoryRetirement(toDate(index, d), sex, group);
        expect(r.ageMonths).toBeGreaterThanOrEqual(schedule.baseYears * 12);
        expect(r.delayMonths).toBeGreaterThanOrEqual(0);
        expect(r.delayMonths).toBeLessThanOrEqual(schedule.capMonths);
        expect(r.ageMonths).toBe(schedule.baseYears * 12 + r.delayMonths);
        expect(monthOfResult(r.month)).toBe(index + r.ageMonths);
        expect(r.date.slice(0, 7)).toBe(r.month);
        expect(r.rule).toBe(r.delayMonths > 0 ? 'reform2025' : 'pre2025');
      }),
    );
  });

  it('delays nobody born before the first delayed month, and everybody from it', () => {
    fc.assert(
      fc.property(who, birthIndex, day, ([sex, group], index, d) => {
        const schedule = retirementSchedule(sex, group);
        const r = statutoryRetirement(toDate(index, d), sex, group);
        const first = monthIndex(schedule.firstDelayedMonth);
        if (index < first) expect(r.delayMonths).toBe(0);
        else expect(r.delayMonths).toBeGreaterThan(0);
        // Consistency of the two rules: delayed people retire from 2025 on, the others before.
        expect(r.month >= '2025-01').toBe(r.rule === 'reform2025');
      }),
    );
  });

  it('keeps the birth day-of-month when the retirement month has it', () => {
    fc.assert(
      fc.property(who, birthIndex, day, ([sex, group], index, d) => {
        expect(Number(statutoryRetirement(toDate(index, d), sex, group).date.slice(8))).toBe(d);
      }),
    );
  });
});
