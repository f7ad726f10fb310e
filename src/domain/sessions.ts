// Exam sessions (场次): one day's sitting of the computer-based subjects, in order, with breaks between them. A
// session is for the grades that sit every subject it holds (`sessionGrades`): 五级 to 二级 (岗位技能, 职业道德, 职业能力)
// or 一级 (职业道德, 专业基础知识, rules.md §6); 专业基础知识 never shares a session with 岗位技能 or 职业能力, and a session
// holding it falls in the timetable's 一级考评 phase (rules.md §8: September to November).
// Pure rules: a session's timeline and the checks the province's plan must pass (rules.md §7: late entry 15
// minutes, earliest hand-in 30 minutes; the timetable's 人机对话考试 phase, rules.md §8). Times are Beijing
// wall-clock times 'HH:MM' on a Beijing date; a session never runs past midnight.

import { compareIso } from './calendar.js';
import { examSubjectsOfGrade, SUBJECT_LABELS, SUBJECTS, type Subject } from './items.js';
import { describeWindow, type PhaseWindow } from './timetable.js';

export const DEFAULT_LATE_ENTRY_MINUTES = 15;
export const DEFAULT_EARLIEST_HAND_IN_MINUTES = 30;
export const DEFAULT_SUBJECT_MINUTES = 60;
/** A subject lasts at most a working day; a break at most half a day. */
export const MAX_SUBJECT_MINUTES = 480;
export const MAX_BREAK_MINUTES = 240;

export interface SessionSubject {
  subject: Subject;
  durationMinutes: number;
  /** The break after this subject; the last subject's break is ignored for the session's end. */
  breakAfterMinutes: number;
}

export interface SessionPlan {
  date: string;
  /** 'HH:MM', Beijing time. */
  startTime: string;
  subjects: SessionSubject[];
  lateEntryMinutes: number;
  earliestHandInMinutes: number;
}

export interface TimelineEntry {
  subject: Subject;
  label: string;
  startsAt: string;
  endsAt: string;
  /** The break after it, 0 for the last subject. */
  breakAfterMinutes: number;
}

export interface SessionTimeline {
  startsAt: string;
  endsAt: string;
  subjects: TimelineEntry[];
}

export const SESSION_PROBLEM_CODES = {
  SESSION_TIME_INVALID: '开考时间须为 00:00 至 23:59 之间的时间（时:分）',
  SESSION_SUBJECTS_INVALID: '场次的考试科目不正确',
  SESSION_LIMITS_INVALID: '迟到限制或最早交卷时间不正确',
  SESSION_PAST_MIDNIGHT: '场次不能跨过午夜',
  SESSION_OUTSIDE_EXAM_PHASE: '场次日期不在考核年度的人机对话考试阶段（一级：一级考评阶段）内',
  SESSION_OVERLAP: '与同一天的其他场次时间重叠',
} as const;
export type SessionProblemCode = keyof typeof SESSION_PROBLEM_CODES;

export interface SessionProblem {
  code: SessionProblemCode;
  message: string;
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** 'HH:MM' → minutes after midnight, or null when it is no time of day. */
export function parseTime(value: string): number | null {
  const m = TIME.exec(value);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** Minutes after midnight → 'HH:MM' (24:00 and beyond wrap into the next day's digits with a 次日 prefix). */
export function formatTime(minutes: number): string {
  const day = Math.floor(minutes / 1440);
  const m = minutes - day * 1440;
  const text = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return day > 0 ? `次日${text}` : text;
}

/** The session's minutes after midnight: start and end (the end of its last subject). */
export function sessionSpan(plan: Pick<SessionPlan, 'startTime' | 'subjects'>): { start: number; end: number } | null {
  const start = parseTime(plan.startTime);
  if (start === null) return null;
  let at = start;
  plan.subjects.forEach((s, i) => {
    at += s.durationMinutes + (i < plan.subjects.length - 1 ? s.breakAfterMinutes : 0);
  });
  return { start, end: at };
}

/** Each subject's start and end and the whole session's; throws RangeError on a start time that is no time. */
export function sessionTimeline(plan: Pick<SessionPlan, 'startTime' | 'subjects'>): SessionTimeline {
  const start = parseTime(plan.startTime);
  if (start === null) throw new RangeError(`not a time of day: ${plan.startTime}`);
  let at = start;
  const subjects = plan.subjects.map((s, i) => {
    const last = i === plan.subjects.length - 1;
    const entry: TimelineEntry = {
      subject: s.subject,
      label: SUBJECT_LABELS[s.subject],
      startsAt: formatTime(at),
      endsAt: formatTime(at + s.durationMinutes),
      breakAfterMinutes: last ? 0 : s.breakAfterMinutes,
    };
    at += s.durationMinutes + entry.breakAfterMinutes;
    return entry;
  });
  return { startsAt: formatTime(start), endsAt: formatTime(at), subjects };
}

/** Another session of the campaign, for the overlap check. */
export interface OtherSession {
  name: string;
  date: string;
  startTime: string;
  subjects: SessionSubject[];
}

export interface SessionContext {
  /** The campaign's 人机对话考试 window. */
  examWindow: PhaseWindow;
  /** The campaign's 一级考评 window: where a session of 一级 subjects (专业基础知识) falls. */
  grade1Window?: PhaseWindow;
  /** The campaign's other sessions (without the one being edited). */
  others: readonly OtherSession[];
}

const isWhole = (n: number) => Number.isInteger(n);

/** Checks a session's plan; empty when it may be saved. Messages in Chinese, codes stable. */
export function validateSession(plan: SessionPlan, context: SessionContext): SessionProblem[] {
  const problems: SessionProblem[] = [];
  const add = (code: SessionProblemCode, message: string) => problems.push({ code, message });

  const start = parseTime(plan.startTime);
  if (start === null) add('SESSION_TIME_INVALID', `开考时间「${plan.startTime}」不正确，应为“时:分”，如 08:30`);

  if (plan.subjects.length === 0) add('SESSION_SUBJECTS_INVALID', '场次至少要安排一个考试科目');
  const seen = new Set<Subject>();
  for (const s of plan.subjects) {
    if (!SUBJECTS.includes(s.subject)) {
      add('SESSION_SUBJECTS_INVALID', `考试科目「${String(s.subject)}」不存在`);
      continue;
    }
    const label = SUBJECT_LABELS[s.subject];
    if (seen.has(s.subject)) add('SESSION_SUBJECTS_INVALID', `科目「${label}」在同一场次中重复`);
    seen.add(s.subject);
    if (!isWhole(s.durationMinutes) || s.durationMinutes < 1 || s.durationMinutes > MAX_SUBJECT_MINUTES) {
      add('SESSION_SUBJECTS_INVALID', `科目「${label}」的考试时长须为 1 至 ${MAX_SUBJECT_MINUTES} 分钟`);
    }
    if (!isWhole(s.breakAfterMinutes) || s.breakAfterMinutes < 0 || s.breakAfterMinutes > MAX_BREAK_MINUTES) {
      add('SESSION_SUBJECTS_INVALID', `科目「${label}」之后的休息时间须为 0 至 ${MAX_BREAK_MINUTES} 分钟`);
    }
  }

  if (!isWhole(plan.lateEntryMinutes) || plan.lateEntryMinutes < 0) {
    add('SESSION_LIMITS_INVALID', '迟到限制须为不小于 0 的整数分钟');
  }
  if (!isWhole(plan.earliestHandInMinutes) || plan.earliestHandInMinutes < 0) {
    add('SESSION_LIMITS_INVALID', '最早交卷时间须为不小于 0 的整数分钟');
  }
  for (const s of plan.subjects) {
    if (!SUBJECTS.includes(s.subject)) continue;
    const label = SUBJECT_LABELS[s.subject];
    if (plan.lateEntryMinutes >= s.durationMinutes) {
      add('SESSION_LIMITS_INVALID', `迟到限制（${plan.lateEntryMinutes} 分钟）须短于科目「${label}」的考试时长`);
    }
    if (plan.earliestHandInMinutes >= s.durationMinutes) {
      add(
        'SESSION_LIMITS_INVALID',
        `最早交卷时间（${plan.earliestHandInMinutes} 分钟）须短于科目「${label}」的考试时长`,
      );
    }
  }
  if (problems.length === 0 && sessionGrades(plan.subjects).length === 0) {
    add('SESSION_SUBJECTS_INVALID', '专业基础知识（一级）不能与岗位技能、职业能力安排在同一场次');
  }
  if (problems.length > 0) return problems;

  const span = sessionSpan(plan)!;
  if (span.end > 1440) add('SESSION_PAST_MIDNIGHT', `场次结束于${formatTime(span.end)}，不能跨过午夜`);

  const grade1 = isGrade1Session(plan.subjects);
  const window = grade1 && context.grade1Window ? context.grade1Window : context.examWindow;
  if (compareIso(plan.date, window.startsOn) < 0 || compareIso(plan.date, window.endsOn) > 0) {
    add(
      'SESSION_OUTSIDE_EXAM_PHASE',
      grade1
        ? `一级（专业基础知识）场次日期须在一级考评阶段（${describeWindow(window)}）内`
        : `场次日期须在人机对话考试阶段（${describeWindow(window)}）内`,
    );
  }

  for (const other of context.others) {
    if (other.date !== plan.date) continue;
    const o = sessionSpan(other);
    if (!o) continue;
    // Half-open spans: one session may start the minute the other ends.
    if (span.start < o.end && o.start < span.end) {
      add('SESSION_OVERLAP', `与同日场次「${other.name}」（${formatTime(o.start)}—${formatTime(o.end)}）时间重叠`);
    }
  }
  return problems;
}

/** The grades (1…5) that sit every subject of the session: a candidate of another grade is never seated in it. */
export function sessionGrades(subjects: readonly { subject: Subject }[]): number[] {
  return [1, 2, 3, 4, 5].filter((g) => {
    const sits = examSubjectsOfGrade(g);
    return subjects.every((s) => sits.includes(s.subject));
  });
}

/** A session of 一级 subjects: it holds 专业基础知识 (a session of 职业道德 alone serves every grade). */
export function isGrade1Session(subjects: readonly { subject: Subject }[]): boolean {
  return subjects.some((s) => s.subject === 'basics');
}

/**
 * Each subject's default duration: the published blueprint's if any, else the campaign's exam settings', else
 * 60 minutes; the subjects of a grade (五级 to 二级 by default, 1: 一级) in the order of SUBJECTS with a 30-minute
 * break between them.
 */
export function defaultSessionSubjects(
  durations: Partial<Record<Subject, number>>,
  breakMinutes = 30,
  grade = 2,
): SessionSubject[] {
  const subjects = SUBJECTS.filter((s) => examSubjectsOfGrade(grade).includes(s));
  return subjects.map((subject, i) => ({
    subject,
    durationMinutes: durations[subject] ?? DEFAULT_SUBJECT_MINUTES,
    breakAfterMinutes: i < subjects.length - 1 ? breakMinutes : 0,
  }));
}
