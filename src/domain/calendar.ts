// Tiny calendar helpers for ISO dates ('YYYY-MM-DD') and months ('YYYY-MM').
// The domain never reads the clock and never needs time zones: a birth date, a work-start month or a notice
// date is a calendar label, so plain integer arithmetic is exact and avoids Date's UTC/local pitfalls.

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export interface CalendarMonth {
  year: number;
  month: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  // Gregorian rule: every 4th year, except centuries not divisible by 400 (1900 was not a leap year, 2000 was).
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isValidCalendarDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** Parses 'YYYY-MM-DD' into its parts, or undefined when the text is not a real calendar date. */
export function parseIsoDate(text: string): CalendarDate | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return isValidCalendarDate(year, month, day) ? { year, month, day } : undefined;
}

/** Parses 'YYYY-MM' into its parts, or undefined when the text is not a real month. */
export function parseIsoMonth(text: string): CalendarMonth | undefined {
  const match = ISO_MONTH.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  return month >= 1 && month <= 12 ? { year, month } : undefined;
}

export function isIsoDate(text: string): boolean {
  return parseIsoDate(text) !== undefined;
}

export function isIsoMonth(text: string): boolean {
  return parseIsoMonth(text) !== undefined;
}

/** Parses a date the caller guarantees (campaign settings, "today"); a bad one is a programming error. */
export function requireIsoDate(text: string, what: string): CalendarDate {
  const parsed = parseIsoDate(text);
  if (!parsed) throw new RangeError(`${what} must be an ISO date 'YYYY-MM-DD', got '${text}'`);
  return parsed;
}

export function requireIsoMonth(text: string, what: string): CalendarMonth {
  const parsed = parseIsoMonth(text);
  if (!parsed) throw new RangeError(`${what} must be an ISO month 'YYYY-MM', got '${text}'`);
  return parsed;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

export function formatIsoDate(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

export function formatIsoMonth(year: number, month: number): string {
  return `${pad(year, 4)}-${pad(month, 2)}`;
}

/** Months since year 0, so that month differences are plain subtraction. */
export function monthIndex(value: CalendarMonth): number {
  return value.year * 12 + (value.month - 1);
}

export function monthFromIndex(index: number): CalendarMonth {
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** 'YYYY-MM' plus `count` months (negative counts go back). */
export function addMonths(month: string, count: number): string {
  const result = monthFromIndex(monthIndex(requireIsoMonth(month, 'month')) + count);
  return formatIsoMonth(result.year, result.month);
}

/** The 'YYYY-MM' month of an ISO date or month string (no validation: both formats start with it). */
export function monthOf(isoDate: string): string {
  return isoDate.slice(0, 7);
}

/** Calendar order of two ISO strings of the same format; zero-padded ISO text sorts like the dates it names. */
export function compareIso(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
