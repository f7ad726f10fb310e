// Statutory retirement age (rules.md §3).
// Before 2025: men 60, women workers 50, women cadres 55. From 2025-01-01 the ages rise month by month
// (全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定, 2024-09-13, and its annexed tables).

import {
  type CalendarMonth,
  daysInMonth,
  formatIsoDate,
  formatIsoMonth,
  monthFromIndex,
  monthIndex,
  requireIsoDate,
} from './calendar.js';
import type { Sex } from './id-card.js';

/** Worker-grade staff are workers (工人); a woman on the cadre base (55) is a per-person setting. */
export type RetirementGroup = 'worker' | 'cadre';

export interface RetirementSchedule {
  /** Retirement age before the reform, in years. */
  baseYears: number;
  /** The first birth month whose retirement is delayed. */
  firstDelayedMonth: CalendarMonth;
  /** One more month of delay for every `intervalMonths` months of birth after the first delayed month. */
  intervalMonths: number;
  /** The largest delay, in months. */
  capMonths: number;
}

// 2024-09-13 decision, annexes 1-3.
const MEN: RetirementSchedule = {
  baseYears: 60,
  firstDelayedMonth: { year: 1965, month: 1 },
  intervalMonths: 4,
  capMonths: 36,
};
const WOMEN_BASE_55: RetirementSchedule = {
  baseYears: 55,
  firstDelayedMonth: { year: 1970, month: 1 },
  intervalMonths: 4,
  capMonths: 36,
};
const WOMEN_BASE_50: RetirementSchedule = {
  baseYears: 50,
  firstDelayedMonth: { year: 1975, month: 1 },
  intervalMonths: 2,
  capMonths: 60,
};

/** The schedule that applies: men share one whatever their group; women default to the worker base (50). */
export function retirementSchedule(sex: Sex, group: RetirementGroup = 'worker'): RetirementSchedule {
  if (sex === 'male') return MEN;
  return group === 'cadre' ? WOMEN_BASE_55 : WOMEN_BASE_50;
}

export interface StatutoryRetirement {
  /** The month of statutory retirement, 'YYYY-MM'. */
  month: string;
  /** The day the person reaches the statutory age, 'YYYY-MM-DD' (see statutoryRetirement). */
  date: string;
  /** The statutory age in months (base years × 12 + delay). */
  ageMonths: number;
  delayMonths: number;
  /** 'reform2025' when the 2024 decision delays this person at all, otherwise the old ages apply. */
  rule: 'pre2025' | 'reform2025';
}

/**
 * Statutory retirement of a person born on `birthDate` ('YYYY-MM-DD').
 *
 * n = months from the first delayed birth month to the birth month;
 * delay = n < 0 ? 0 : min(floor(n / interval) + 1, cap); month = birth month + base × 12 + delay.
 *
 * The decision tables give only a month. The date within it is the day the person reaches the age: the birth
 * day-of-month in the retirement month, clamped to that month's last day (born on the 31st → the 30th of a
 * 30-day month; born 29 February → 28 February in a common year). That is how age is counted for every other
 * legal purpose, and it makes "reached retirement age before the notice date" a plain date comparison.
 */
export function statutoryRetirement(
  birthDate: string,
  sex: Sex,
  group: RetirementGroup = 'worker',
): StatutoryRetirement {
  const birth = requireIsoDate(birthDate, 'birthDate');
  const schedule = retirementSchedule(sex, group);
  const birthIndex = monthIndex(birth);
  const n = birthIndex - monthIndex(schedule.firstDelayedMonth);
  const delayMonths = n < 0 ? 0 : Math.min(Math.floor(n / schedule.intervalMonths) + 1, schedule.capMonths);
  const ageMonths = schedule.baseYears * 12 + delayMonths;
  const retirement = monthFromIndex(birthIndex + ageMonths);
  const day = Math.min(birth.day, daysInMonth(retirement.year, retirement.month));
  return {
    month: formatIsoMonth(retirement.year, retirement.month),
    date: formatIsoDate(retirement.year, retirement.month, day),
    ageMonths,
    delayMonths,
    rule: delayMonths > 0 ? 'reform2025' : 'pre2025',
  };
}

/** The statutory age in Chinese for messages: "60岁", "63岁", "50岁2个月". */
export function formatRetirementAge(ageMonths: number): string {
  const years = Math.floor(ageMonths / 12);
  const months = ageMonths % 12;
  return months === 0 ? `${years}岁` : `${years}岁${months}个月`;
}
