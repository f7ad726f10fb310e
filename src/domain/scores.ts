// Results (成绩): pass lines, a subject's result (a score, absent, voided by a violation's tier, or not yet in), and
// whether a grade is passed (rules.md §7: grades 五 to 二 sit three subjects of 100 points; 60 in each by default;
// the grade is passed when all three pass). Pure: the server and the web read the labels and rules from here.
import { SUBJECTS, type Subject } from './items.js';

/** rules.md §7 [default]: 60 points in each subject. */
export const DEFAULT_PASS_LINE = 60;

/** 合格线 per subject. */
export type PassLines = Readonly<Record<Subject, number>>;

/**
 * The campaign's pass lines from its stored `examSettings.passLines` (`{"skill": 60, "ethics": 60, "ability": 60}`);
 * a missing or unusable value (not a number between 0 and 100) falls back to 60.
 */
export function passLinesOf(examSettings: unknown): PassLines {
  const settings = (examSettings && typeof examSettings === 'object' ? examSettings : {}) as { passLines?: unknown };
  const stored = (settings.passLines && typeof settings.passLines === 'object' ? settings.passLines : {}) as Partial<
    Record<Subject, unknown>
  >;
  const line = (v: unknown) =>
    typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 100 ? v : DEFAULT_PASS_LINE;
  return { skill: line(stored.skill), ethics: line(stored.ethics), ability: line(stored.ability) };
}

/** The subjects a grade sits (rules.md §7): 五级 to 二级 all three; 一级 is an evaluation, no exam here. */
export function subjectsOfGrade(grade: number): readonly Subject[] {
  return grade >= 2 && grade <= 5 ? SUBJECTS : [];
}

/** 成绩状态 of one subject. */
export const RESULT_STATUSES = ['scored', 'absent', 'voided', 'pending'] as const;
export type ResultStatus = (typeof RESULT_STATUSES)[number];
export const RESULT_STATUS_LABELS: Readonly<Record<ResultStatus, string>> = {
  scored: '有成绩',
  absent: '缺考',
  voided: '成绩无效',
  pending: '暂无成绩',
};

/** One subject's result. A voided subject keeps the tier that voided it (domain/exam.ts VIOLATION_TIERS). */
export type SubjectResult =
  | { status: 'scored'; score: number }
  | { status: 'absent' }
  | { status: 'voided'; tier: number }
  | { status: 'pending' };

/**
 * Does the subject pass its line? Only a score does, and a score passes when it reaches the line (60 passes, 59.99
 * does not). Scores are in hundredths, so the comparison is made in hundredths to stay exact.
 */
export function subjectPasses(result: SubjectResult, line: number): boolean {
  if (result.status !== 'scored') return false;
  return Math.round(result.score * 100) >= Math.round(line * 100);
}

/** The grade's verdict: passed when every subject it sits has a result that passes its line. */
export function gradePasses(
  grade: number,
  results: ReadonlyMap<Subject, SubjectResult> | Partial<Record<Subject, SubjectResult>>,
  lines: PassLines,
): boolean {
  const subjects = subjectsOfGrade(grade);
  if (subjects.length === 0) return false;
  const get = (s: Subject) =>
    results instanceof Map ? results.get(s) : (results as Partial<Record<Subject, SubjectResult>>)[s];
  return subjects.every((s) => {
    const r = get(s);
    return r !== undefined && subjectPasses(r, lines[s]);
  });
}

/**
 * The result of an exam subject from what exam day stored: the attempt absent (缺考) or the subject never handed in
 * counts absent once the sitting is over; a violation of tier ≥ 1 that reaches the subject voids it (the highest
 * tier wins); a stopped subject (the room's session stopped for rescheduling) has no result yet.
 */
export function examSubjectResult(input: {
  attemptStatus: 'waiting' | 'admitted' | 'finished' | 'absent' | 'stopped';
  submitKind: 'candidate' | 'deadline' | 'proctor' | 'stopped' | null;
  score: number | null;
  voidTier: number | null;
}): SubjectResult {
  if (input.voidTier !== null && input.voidTier >= 1) return { status: 'voided', tier: input.voidTier };
  if (input.attemptStatus === 'absent') return { status: 'absent' };
  if (input.submitKind === 'stopped' || input.attemptStatus === 'stopped') return { status: 'pending' };
  if (input.submitKind === null || input.score === null) return { status: 'pending' };
  return { status: 'scored', score: input.score };
}

/** A score as entered (an import row): 0 to 100 points in hundredths at most. */
export function isValidScore(score: number): boolean {
  return Number.isFinite(score) && score >= 0 && score <= 100 && Math.abs(score * 100 - Math.round(score * 100)) < 1e-6;
}

/** Pass rate in per cent with one decimal (0 when nobody has a result). */
export function passRate(passed: number, total: number): number {
  return total === 0 ? 0 : Math.round((passed / total) * 1000) / 10;
}

/** How the score tables group candidates: by jurisdiction (地区), unit (单位), job type (工种) or grade (等级). */
export const GROUPINGS = ['jurisdiction', 'unit', 'job_type', 'grade'] as const;
export type Grouping = (typeof GROUPINGS)[number];
