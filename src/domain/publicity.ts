// Publicity (公示) of the qualified persons and score review (复核), issue 16 parts 3 and 4: the campaign's periods in
// working days (domain/working-days.ts), the states of an objection and of a review, their labels. Pure.

/**
 * The periods, in working days. Each is a campaign setting (`examSettings.publicityDays` …) with these defaults:
 * - publicityDays: 5 [default]: neither rules.md nor the 2017 notice gives the length; 5 working days is the usual
 *   公示 of Henan's personnel results.
 * - reviewWindowDays: 10 (rules.md §7: the 2017 window was about 10 working days), counted after the release day.
 * - reviewLimitDays: 7 (rules.md §7: answered within 7 working days), counted after the day it was filed.
 */
export const DEFAULT_PUBLICITY_DAYS = 5;
export const DEFAULT_REVIEW_WINDOW_DAYS = 10;
export const DEFAULT_REVIEW_LIMIT_DAYS = 7;

export interface ResultPeriods {
  publicityDays: number;
  reviewWindowDays: number;
  reviewLimitDays: number;
}

/** The campaign's periods from its stored exam settings; a missing or unusable value (not 1–60) takes the default. */
export function resultPeriodsOf(examSettings: unknown): ResultPeriods {
  const s = (examSettings && typeof examSettings === 'object' ? examSettings : {}) as Record<string, unknown>;
  const days = (v: unknown, fallback: number) =>
    typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 60 ? v : fallback;
  return {
    publicityDays: days(s.publicityDays, DEFAULT_PUBLICITY_DAYS),
    reviewWindowDays: days(s.reviewWindowDays, DEFAULT_REVIEW_WINDOW_DAYS),
    reviewLimitDays: days(s.reviewLimitDays, DEFAULT_REVIEW_LIMIT_DAYS),
  };
}

/** The publicity's state on a day: not published, running (公示中), or ended (公示期满). */
export type PublicityState = 'unpublished' | 'running' | 'ended';
export const PUBLICITY_STATE_LABELS: Readonly<Record<PublicityState, string>> = {
  unpublished: '未公示',
  running: '公示中',
  ended: '公示期满',
};
export function publicityState(list: { startsOn: string; endsOn: string } | null, today: string): PublicityState {
  if (!list) return 'unpublished';
  return today > list.endsOn ? 'ended' : 'running';
}

export const OBJECTION_SOURCES = ['online', 'staff'] as const;
export type ObjectionSource = (typeof OBJECTION_SOURCES)[number];
export const OBJECTION_SOURCE_LABELS: Readonly<Record<ObjectionSource, string>> = {
  online: '网上提交',
  staff: '工作人员登记',
};

export const OBJECTION_STATUSES = ['pending', 'investigating', 'upheld', 'dismissed'] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];
export const OBJECTION_STATUS_LABELS: Readonly<Record<ObjectionStatus, string>> = {
  pending: '待调查',
  investigating: '调查中',
  upheld: '异议成立（已取消合格资格）',
  dismissed: '异议不成立',
};
export const isObjectionOpen = (s: ObjectionStatus) => s === 'pending' || s === 'investigating';

export const REVIEW_FILERS = ['applicant', 'unit'] as const;
export type ReviewFiler = (typeof REVIEW_FILERS)[number];
export const REVIEW_FILER_LABELS: Readonly<Record<ReviewFiler, string>> = { applicant: '考生本人', unit: '所在单位' };

export const SCORE_REVIEW_STATUSES = ['pending', 'decided'] as const;
export type ScoreReviewStatus = (typeof SCORE_REVIEW_STATUSES)[number];
export const SCORE_REVIEW_STATUS_LABELS: Readonly<Record<ScoreReviewStatus, string>> = {
  pending: '待复核',
  decided: '已答复',
};

export const SCORE_REVIEW_OUTCOMES = ['upheld', 'corrected'] as const;
export type ScoreReviewOutcome = (typeof SCORE_REVIEW_OUTCOMES)[number];
export const SCORE_REVIEW_OUTCOME_LABELS: Readonly<Record<ScoreReviewOutcome, string>> = {
  upheld: '维持原成绩',
  corrected: '更正成绩',
};

/** The outcome the re-score suggests: 更正 when the stored answers score differently from the released score. */
export function suggestedOutcome(original: number | null, rescored: number): ScoreReviewOutcome {
  return original !== null && Math.round(original * 100) === Math.round(rescored * 100) ? 'upheld' : 'corrected';
}
