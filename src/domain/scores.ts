// Results (成绩): pass lines, a subject's result (a score, absent, voided by a violation's tier, or not yet in), and
// whether a grade is passed. rules.md §7: grades 五 to 二 sit three subjects of 100 points, 60 in each by default, the
// grade passed when all three pass. rules.md §6: 一级 sits two computer-based papers (职业道德, 专业基础知识) and a panel
// review (综合评审, scored by the panel module into the same table); passed when all three reach their lines. Pure:
// the server and the web read the labels and rules from here.
import { examSubjectsOfGrade, RESULT_SUBJECTS, type ResultSubject } from './items.js';

export { examSubjectsOfGrade } from './items.js';

/** rules.md §7 [default]: 60 points in each subject (综合评审 too, until a notice says otherwise). */
export const DEFAULT_PASS_LINE = 60;

/** 合格线 per result subject. */
export type PassLines = Readonly<Record<ResultSubject, number>>;

/**
 * The campaign's pass lines: `examSettings.passLines` (`{"skill": 60, …, "basics": 60, "panel": 60}`) where it names
 * a subject, else the 合格分数 of the exam subject of that code in `examSettings.subjects` (what the campaign's
 * settings page edits) when its full score is 100, else 60. An unusable value (not a number from 0 to 100) is
 * skipped.
 */
export function passLinesOf(examSettings: unknown): PassLines {
  const settings = (examSettings && typeof examSettings === 'object' ? examSettings : {}) as {
    passLines?: unknown;
    subjects?: unknown;
  };
  const stored = (settings.passLines && typeof settings.passLines === 'object' ? settings.passLines : {}) as Partial<
    Record<ResultSubject, unknown>
  >;
  const subjects = (Array.isArray(settings.subjects) ? settings.subjects : []) as {
    code?: unknown;
    fullScore?: unknown;
    passScore?: unknown;
  }[];
  const usable = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 100;
  const line = (s: ResultSubject) => {
    if (usable(stored[s])) return stored[s];
    const subject = subjects.find((x) => x && x.code === s);
    return subject && subject.fullScore === 100 && usable(subject.passScore) ? subject.passScore : DEFAULT_PASS_LINE;
  };
  return Object.fromEntries(RESULT_SUBJECTS.map((s) => [s, line(s)])) as Record<ResultSubject, number>;
}

const GRADE1_RESULT_SUBJECTS: readonly ResultSubject[] = [...examSubjectsOfGrade(1), 'panel'];

/**
 * The subjects whose results decide a grade: its exam subjects (`examSubjectsOfGrade`), and for 一级 the panel
 * review (综合评审) as well. The one source of every verdict, the SQL ones included (`requiredSubjectsByGrade`).
 */
export function resultSubjectsOfGrade(grade: number): readonly ResultSubject[] {
  return grade === 1 ? GRADE1_RESULT_SUBJECTS : examSubjectsOfGrade(grade);
}

/** Per grade 1…5 its result subjects, for the SQL verdicts (a `values` list of grade × subject). */
export function requiredSubjectsByGrade(): { grade: number; subject: ResultSubject }[] {
  return [1, 2, 3, 4, 5].flatMap((grade) => resultSubjectsOfGrade(grade).map((subject) => ({ grade, subject })));
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

/**
 * The grade's verdict: passed when every result subject of the grade has a result that passes its line. A 一级
 * candidate without a panel result is not passed (the panel review is pending).
 */
export function gradePasses(
  grade: number,
  results: ReadonlyMap<ResultSubject, SubjectResult> | Partial<Record<ResultSubject, SubjectResult>>,
  lines: PassLines,
): boolean {
  const subjects = resultSubjectsOfGrade(grade);
  if (subjects.length === 0) return false;
  const get = (s: ResultSubject) =>
    results instanceof Map ? results.get(s) : (results as Partial<Record<ResultSubject, SubjectResult>>)[s];
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
