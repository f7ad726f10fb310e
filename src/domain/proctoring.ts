// The proctor's view of a seat on exam day (监考): which state the candidate is in, what the proctor should notice
// (a client that stopped reporting, answers not yet saved, a second PC waiting to take over), and the room's counts
// for inspection. Pure; the server and the console both read the labels from here. See docs/api-exam-day.md.
import { type SubjectClock, subjectState } from './exam.js';

/**
 * 考生状态 as the proctor sees it: not signed in (no attempt), waiting for admission, admitted (no subject open
 * yet, or between subjects), answering a subject, finished, absent, stopped.
 */
export const LIVE_STATES = [
  'not_signed_in',
  'waiting',
  'admitted',
  'answering',
  'finished',
  'absent',
  'stopped',
] as const;
export type LiveState = (typeof LIVE_STATES)[number];
export const LIVE_STATE_LABELS: Readonly<Record<LiveState, string>> = {
  not_signed_in: '未登录',
  waiting: '待入场',
  admitted: '已入场',
  answering: '作答中',
  finished: '已交卷',
  absent: '缺考',
  stopped: '已终止',
};

/** A client that has not reported for this long (heartbeats come every 15 s) counts as 断线. */
export const DISCONNECTED_AFTER_SECONDS = 45;

export type AttemptStatus = 'waiting' | 'admitted' | 'finished' | 'absent' | 'stopped';

/** The state of a seated candidate from their attempt (null: never signed in) and its subjects. */
export function liveState(
  status: AttemptStatus | null,
  subjects: readonly SubjectClock[],
  now: Date,
  pausedAt: Date | null,
): LiveState {
  if (status === null) return 'not_signed_in';
  if (status !== 'admitted') return status;
  if (subjects.length > 0 && subjects.every((s) => s.submittedAt)) return 'finished';
  return subjects.some((s) => subjectState(s, now, pausedAt) === 'open') ? 'answering' : 'admitted';
}

/** The subject the candidate answers now: the first open one (null when none is). */
export function openSubjectOf<T extends SubjectClock>(
  subjects: readonly T[],
  now: Date,
  pausedAt: Date | null,
): T | null {
  return subjects.find((s) => subjectState(s, now, pausedAt) === 'open') ?? null;
}

/**
 * Seconds since the client last reported, when that is long enough to call it disconnected (null otherwise, and
 * for a candidate who has no client to watch: not signed in, finished, absent, stopped).
 */
export function disconnectedSeconds(lastSeenAt: Date | null, state: LiveState, now: Date): number | null {
  if (state !== 'waiting' && state !== 'admitted' && state !== 'answering') return null;
  if (lastSeenAt === null) return null;
  const seconds = Math.floor((now.getTime() - lastSeenAt.getTime()) / 1000);
  return seconds >= DISCONNECTED_AFTER_SECONDS ? seconds : null;
}

/** "3分12秒", "1小时5分": how long a client has been gone, a pause has lasted. */
export function durationText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h}小时${m}分`;
  if (m > 0) return `${m}分${s % 60}秒`;
  return `${s}秒`;
}

export type LiveCounts = Record<LiveState, number>;

/** Counts by state, every state present (zero when none). */
export function countStates(states: readonly LiveState[]): LiveCounts {
  const counts = Object.fromEntries(LIVE_STATES.map((s) => [s, 0])) as LiveCounts;
  for (const s of states) counts[s]++;
  return counts;
}
