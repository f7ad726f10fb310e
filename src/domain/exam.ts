// Exam day (考试作答与监考): the clocks of a candidate's subjects, what time given does to them, when a subject
// accepts saves and a hand-in, when the server submits it, how objective answers are checked and scored, and the
// tables of violations and incidents. Pure: instants are Date values the caller reads from its clock (the server's,
// never the PC's). See docs/api-exam-day.md.
import { type ItemType, OPTION_LETTERS, type Subject } from './items.js';
import { parseTime, type SessionSubject } from './sessions.js';

/** Beijing time has no daylight saving: UTC+8 all year. */
const BEIJING_OFFSET_MS = 8 * 3600_000;

/** The instant of `minutes` after midnight (Beijing time) of `date` ('YYYY-MM-DD'); minutes may pass 24:00. */
export function beijingInstant(date: string, minutes: number): Date {
  const midnightUtc = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(midnightUtc)) throw new RangeError(`not a date: ${date}`);
  return new Date(midnightUtc - BEIJING_OFFSET_MS + minutes * 60_000);
}

/** The Beijing date ('YYYY-MM-DD') of an instant. */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

export interface SubjectWindow {
  subject: Subject;
  /** 1-based order within the session. */
  position: number;
  opensAt: Date;
  deadlineAt: Date;
}

/**
 * Each subject's window as the session plans it: subject k opens at the start plus the durations and breaks before
 * it (domain/sessions.ts sessionTimeline), every instant moved by `shiftSeconds` (time the room was given before the
 * attempt existed: a pause already given back, a room's extra time).
 */
export function subjectWindows(
  session: { date: string; startTime: string; subjects: readonly SessionSubject[] },
  shiftSeconds = 0,
): SubjectWindow[] {
  const start = parseTime(session.startTime);
  if (start === null) throw new RangeError(`not a time of day: ${session.startTime}`);
  const shift = shiftSeconds * 1000;
  let at = start;
  return session.subjects.map((s, i) => {
    const opensAt = new Date(beijingInstant(session.date, at).getTime() + shift);
    const deadlineAt = new Date(beijingInstant(session.date, at + s.durationMinutes).getTime() + shift);
    at += s.durationMinutes + s.breakAfterMinutes;
    return { subject: s.subject, position: i + 1, opensAt, deadlineAt };
  });
}

/** What the clock rules need of a subject of an attempt. */
export interface SubjectClock {
  opensAt: Date;
  deadlineAt: Date;
  submittedAt: Date | null;
}

/** The most time a proctor may give at once (minutes): more is no correction but a new session. */
export const MAX_GIVEN_MINUTES = 240;

/** Is `seconds` time that may be given (a whole, positive number of seconds up to MAX_GIVEN_MINUTES)? */
export function isGivableTime(seconds: number): boolean {
  return Number.isInteger(seconds) && seconds > 0 && seconds <= MAX_GIVEN_MINUTES * 60;
}

/**
 * Time given (to a candidate, to a room, or back after a pause): the first subject not yet submitted, when it has
 * opened (even past its deadline while the server has not yet submitted it), gets `seconds` more; every subject
 * after it opens and closes `seconds` later, so the breaks keep their length and no two subjects overlap; submitted
 * subjects stay as they were. Never takes time away (a non-positive amount is a RangeError: see isGivableTime).
 */
export function giveTime<T extends SubjectClock>(subjects: readonly T[], seconds: number, now: Date): T[] {
  if (!Number.isInteger(seconds) || seconds <= 0) throw new RangeError(`time given must be positive: ${seconds}`);
  const ms = seconds * 1000;
  let first = true;
  return subjects.map((s) => {
    if (s.submittedAt) return s;
    const extendOnly = first && s.opensAt.getTime() <= now.getTime();
    first = false;
    if (extendOnly) return { ...s, deadlineAt: new Date(s.deadlineAt.getTime() + ms) };
    return {
      ...s,
      opensAt: new Date(s.opensAt.getTime() + ms),
      deadlineAt: new Date(s.deadlineAt.getTime() + ms),
    };
  });
}

export const SUBJECT_STATES = ['upcoming', 'open', 'submitted'] as const;
export type SubjectState = (typeof SUBJECT_STATES)[number];
export const SUBJECT_STATE_LABELS: Readonly<Record<SubjectState, string>> = {
  upcoming: '未开始',
  open: '作答中',
  submitted: '已交卷',
};

/** The time that counts: while a room is paused its clock stands at the pause. */
function effectiveNow(now: Date, pausedAt: Date | null): number {
  return (pausedAt && pausedAt.getTime() < now.getTime() ? pausedAt : now).getTime();
}

/**
 * Upcoming before it opens, submitted once handed in, open otherwise (past the deadline too, until the server
 * submits it at the grace's end).
 */
export function subjectState(s: SubjectClock, now: Date, pausedAt: Date | null = null): SubjectState {
  if (s.submittedAt) return 'submitted';
  return effectiveNow(now, pausedAt) < s.opensAt.getTime() ? 'upcoming' : 'open';
}

/** Milliseconds left to answer (0 when none); frozen at the pause while the room is paused. */
export function remainingMs(s: SubjectClock, now: Date, pausedAt: Date | null = null): number {
  if (s.submittedAt) return 0;
  const at = effectiveNow(now, pausedAt);
  const from = Math.max(at, s.opensAt.getTime());
  return Math.max(0, s.deadlineAt.getTime() - from);
}

/** The earliest hand-in (rules.md §7: not earlier than 30 minutes after the start, the session's setting). */
export function earliestHandInAt(s: Pick<SubjectClock, 'opensAt'>, earliestHandInMinutes: number): Date {
  return new Date(s.opensAt.getTime() + earliestHandInMinutes * 60_000);
}

/** Does the subject take saves now? From its opening until the deadline plus the grace for saves in flight. */
export function acceptsSaves(s: SubjectClock, now: Date, graceSeconds: number): boolean {
  if (s.submittedAt) return false;
  const t = now.getTime();
  return t >= s.opensAt.getTime() && t < s.deadlineAt.getTime() + graceSeconds * 1000;
}

/** Is the subject due for the server's submit: open, past its deadline and grace, and its room not paused? */
export function isDue(s: SubjectClock, now: Date, graceSeconds: number, pausedAt: Date | null): boolean {
  if (s.submittedAt || pausedAt) return false;
  return now.getTime() >= s.deadlineAt.getTime() + graceSeconds * 1000;
}

export const CANDIDATE_SUBMIT_REFUSALS = {
  EXAM_SUBJECT_NOT_OPEN: '本科目尚未开考',
  EXAM_TOO_EARLY: '未到允许交卷的时间',
  EXAM_PAUSED: '考场暂停中，暂不能交卷',
} as const;
export type CandidateSubmitRefusal = keyof typeof CANDIDATE_SUBMIT_REFUSALS;

/**
 * May the candidate hand in now? Not before the subject opens, not before the earliest hand-in, not while the room
 * is paused. A subject already submitted is no refusal: submitting is idempotent and answers the first result.
 */
export function candidateSubmitRefusal(
  s: SubjectClock,
  now: Date,
  earliestHandInMinutes: number,
  pausedAt: Date | null,
): CandidateSubmitRefusal | null {
  if (s.submittedAt) return null;
  if (pausedAt) return 'EXAM_PAUSED';
  if (now.getTime() < s.opensAt.getTime()) return 'EXAM_SUBJECT_NOT_OPEN';
  if (now.getTime() < earliestHandInAt(s, earliestHandInMinutes).getTime()) return 'EXAM_TOO_EARLY';
  return null;
}

/** The last instant a candidate not yet admitted may sign in: the first subject's opening plus the late-entry limit. */
export function lateEntryEndsAt(firstOpensAt: Date, lateEntryMinutes: number): Date {
  return new Date(firstOpensAt.getTime() + lateEntryMinutes * 60_000);
}

/** rules.md §7: an outage not fixed within 45 minutes stops the session for rescheduling (a campaign setting). */
export const DEFAULT_OUTAGE_LIMIT_MINUTES = 45;
/** Saves in flight at the deadline are still taken for this long; then the server submits. */
export const DEFAULT_SUBMIT_GRACE_SECONDS = 30;

/** The campaign's exam-day settings (`examSettings`, docs/api-exam-day.md "Campaign settings"), defaults filled. */
export interface ExamDaySettings {
  /** Signed-in candidates are admitted without the proctor's check. */
  autoAdmit: boolean;
  /** The candidate sees the subject's score on hand-in (Henan: yes, rules.md §7). */
  showScoreOnSubmit: boolean;
  outageLimitMinutes: number;
  submitGraceSeconds: number;
}

/** Reads the exam-day settings from a campaign's stored `examSettings` (any of them may be missing). */
export function examDaySettings(stored: unknown): ExamDaySettings {
  const s = (stored && typeof stored === 'object' ? stored : {}) as Partial<Record<keyof ExamDaySettings, unknown>>;
  const int = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : fallback);
  return {
    autoAdmit: s.autoAdmit === true,
    showScoreOnSubmit: s.showScoreOnSubmit !== false,
    outageLimitMinutes: int(s.outageLimitMinutes, DEFAULT_OUTAGE_LIMIT_MINUTES),
    submitGraceSeconds: int(s.submitGraceSeconds, DEFAULT_SUBMIT_GRACE_SECONDS),
  };
}

/** May the room's session be stopped: paused for at least the outage limit? */
export function mayStopForOutage(pausedAt: Date | null, now: Date, limitMinutes: number): boolean {
  return pausedAt !== null && now.getTime() - pausedAt.getTime() >= limitMinutes * 60_000;
}

// ─── Answers and scoring ────────────────────────────────────────────────────────────────────────────────────

/**
 * Is `answer` one the item can take, in the letters as shown: '' (cleared); for a single choice one letter among
 * the item's options; for a multiple choice one or more distinct letters among them in alphabetical order; 'T' or
 * 'F' for true/false.
 */
export function isValidAnswer(type: ItemType, optionCount: number, answer: string): boolean {
  if (answer === '') return true;
  if (type === 'true_false') return answer === 'T' || answer === 'F';
  const letters = OPTION_LETTERS.slice(0, optionCount).join('');
  if (type === 'single') return answer.length === 1 && letters.includes(answer);
  let last = -1;
  for (const ch of answer) {
    const i = letters.indexOf(ch);
    if (i <= last) return false;
    last = i;
  }
  return true;
}

/**
 * The anchored regular expression (POSIX and JavaScript alike) of the answers isValidAnswer takes for an item, so
 * that a database statement can check a save without opening the paper (attempt_subjects.answer_shapes).
 */
export function answerPattern(type: ItemType, optionCount: number): string {
  if (type === 'true_false') return '^[TF]?$';
  const letters = OPTION_LETTERS.slice(0, Math.max(0, Math.min(optionCount, OPTION_LETTERS.length)));
  if (letters.length === 0) return '^$';
  if (type === 'single') return `^[${letters[0]}-${letters[letters.length - 1]}]?$`;
  return `^${letters.map((l) => `${l}?`).join('')}$`;
}

/** One item of a paper as the scoring needs it: its points and its key in the letters as shown. */
export interface ScoringItem {
  points: number;
  key: string;
}

export interface SubjectScore {
  /** Sum of the points of the items answered exactly (a multiple choice counts only when every letter matches). */
  score: number;
  correct: number;
  answered: number;
  itemCount: number;
}

/** Scores objective answers (position → answer, positions 1-based); points are summed in hundredths, exactly. */
export function scoreAnswers(items: readonly ScoringItem[], answers: ReadonlyMap<number, string>): SubjectScore {
  let hundredths = 0;
  let correct = 0;
  let answered = 0;
  items.forEach((item, index) => {
    const answer = answers.get(index + 1) ?? '';
    if (answer === '') return;
    answered++;
    if (answer === item.key) {
      correct++;
      hundredths += Math.round(item.points * 100);
    }
  });
  return { score: hundredths / 100, correct, answered, itemCount: items.length };
}

// ─── Violations and incidents (违纪与异常情况) ────────────────────────────────────────────────────────────────

/** rules.md §7: violations in tiers. */
export const VIOLATION_TIERS = [1, 2, 3] as const;
export type ViolationTier = (typeof VIOLATION_TIERS)[number];
export const VIOLATION_TIER_LABELS: Readonly<Record<ViolationTier, string>> = {
  1: '当科成绩无效',
  2: '本次考试全部科目成绩无效',
  3: '全部成绩无效并禁考',
};

export const VIOLATION_TYPES = [
  'impersonation',
  'cheating_material',
  'communication',
  'device',
  'disorder',
  'other',
] as const;
export type ViolationType = (typeof VIOLATION_TYPES)[number];
export const VIOLATION_TYPE_LABELS: Readonly<Record<ViolationType, string>> = {
  impersonation: '替考',
  cheating_material: '携带、查看与考试有关的资料',
  communication: '交头接耳、传递信息',
  device: '使用通讯或电子设备',
  disorder: '扰乱考场秩序',
  other: '其他违纪',
};

export const INCIDENT_TYPES = ['power', 'network', 'machine', 'server', 'other'] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];
export const INCIDENT_TYPE_LABELS: Readonly<Record<IncidentType, string>> = {
  power: '停电',
  network: '网络中断',
  machine: '考试机故障',
  server: '系统故障',
  other: '其他异常',
};
