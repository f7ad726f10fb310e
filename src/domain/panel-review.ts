// 综合评审 (the panel review of 一级 candidates, rules.md §6; issue 17 part 3). Pure: the campaign's criteria, a
// member's score sheet → weighted total, the panel score (去掉一个最高分和一个最低分 when five or more members
// scored), the pass line, the schedule and the own-unit rule. The server asks these; the web shows the live total
// with the same function.
//
// Rounding: every figure is in hundredths, rounded half up (四舍五入到 0.01 分). Totals and means are computed
// exactly in integers (BigInt for the weighted sum), never in binary floating point, so 84.125 → 84.13 always.

/** One criterion (评审项目) of the campaign's panel review. */
export interface PanelCriterion {
  /** Stable code within the campaign ('c1', 'performance', …): the sheets' scores are keyed by it. */
  key: string;
  /** 名称, e.g. 工作业绩. */
  name: string;
  /** 权重 in whole per cent; a campaign's weights sum to exactly 100. */
  weight: number;
  /** 满分 of this criterion's score sheet (the member scores 0..max, at most two decimals). */
  max: number;
}

/** The panel review's settings of a campaign. */
export interface PanelSettings {
  criteria: PanelCriterion[];
  /** 合格线 of the panel score (0–100); default 60. */
  passLine: number;
}

export const DEFAULT_PANEL_PASS_LINE = 60;
/** rules.md §6 names no criteria: a default the province edits per campaign. */
export const DEFAULT_PANEL_CRITERIA: readonly PanelCriterion[] = [
  { key: 'performance', name: '工作业绩', weight: 30, max: 100 },
  { key: 'skill', name: '技术技能水平', weight: 30, max: 100 },
  { key: 'innovation', name: '技术革新与传技带徒', weight: 20, max: 100 },
  { key: 'defence', name: '现场答辩', weight: 20, max: 100 },
];
export const MAX_PANEL_CRITERIA = 10;
/** Five or more scores: drop one highest and one lowest (去掉一个最高分和一个最低分). */
export const TRIM_FROM = 5;

export function defaultPanelSettings(): PanelSettings {
  return { criteria: DEFAULT_PANEL_CRITERIA.map((c) => ({ ...c })), passLine: DEFAULT_PANEL_PASS_LINE };
}

export interface PanelProblem {
  code: 'PANEL_CRITERIA_INVALID' | 'PANEL_SHEET_INVALID';
  field: string;
  message: string;
}

const KEY = /^[a-z][a-z0-9_]{0,31}$/;
const isHundredths = (v: number) => Number.isFinite(v) && Math.abs(Math.round(v * 100) - v * 100) < 1e-6;

/** Every problem of a criteria list (empty when usable): 1..10 criteria, unique keys and names, weights sum 100. */
export function validateCriteria(criteria: readonly PanelCriterion[]): PanelProblem[] {
  const problems: PanelProblem[] = [];
  const bad = (field: string, message: string) => problems.push({ code: 'PANEL_CRITERIA_INVALID', field, message });
  if (criteria.length === 0) bad('criteria', '至少设置一个评审项目');
  if (criteria.length > MAX_PANEL_CRITERIA) bad('criteria', `评审项目最多 ${MAX_PANEL_CRITERIA} 个`);
  const keys = new Set<string>();
  const names = new Set<string>();
  for (const [i, c] of criteria.entries()) {
    const at = `criteria.${i}`;
    if (!KEY.test(c.key)) bad(`${at}.key`, `第 ${i + 1} 项的代码须以小写字母开头，只含小写字母、数字和 _`);
    else if (keys.has(c.key)) bad(`${at}.key`, `评审项目代码「${c.key}」重复`);
    keys.add(c.key);
    const name = c.name.trim();
    if (!name) bad(`${at}.name`, `第 ${i + 1} 项未填写名称`);
    else if (names.has(name)) bad(`${at}.name`, `评审项目「${name}」重复`);
    names.add(name);
    if (!Number.isInteger(c.weight) || c.weight < 1 || c.weight > 100) {
      bad(`${at}.weight`, `「${name || i + 1}」的权重须为 1–100 的整数（百分比）`);
    }
    if (!Number.isInteger(c.max) || c.max < 1 || c.max > 1000) {
      bad(`${at}.max`, `「${name || i + 1}」的满分须为 1–1000 的整数`);
    }
  }
  const sum = criteria.reduce((n, c) => n + (Number.isFinite(c.weight) ? c.weight : 0), 0);
  if (criteria.length > 0 && sum !== 100) bad('criteria', `各评审项目的权重合计须为 100%，现为 ${sum}%`);
  return problems;
}

/** The settings as stored (jsonb), or the defaults where missing or unusable. */
export function panelSettingsOf(stored: unknown): PanelSettings {
  const s = (stored && typeof stored === 'object' ? stored : {}) as Partial<PanelSettings>;
  const criteria = Array.isArray(s.criteria) ? (s.criteria as PanelCriterion[]) : null;
  const passLine =
    typeof s.passLine === 'number' && Number.isFinite(s.passLine) && s.passLine >= 0 && s.passLine <= 100
      ? s.passLine
      : DEFAULT_PANEL_PASS_LINE;
  return {
    criteria: criteria && validateCriteria(criteria).length === 0 ? criteria : defaultPanelSettings().criteria,
    passLine,
  };
}

/** A member's scores per criterion key; null (or missing) while not yet entered. */
export type SheetScores = Readonly<Record<string, number | null | undefined>>;

/**
 * Every problem of a sheet against the criteria: a score outside 0..max or with more than two decimals, an unknown
 * key; and, when `complete` (submitting), a criterion without a score.
 */
export function validateSheet(
  criteria: readonly PanelCriterion[],
  scores: SheetScores,
  complete: boolean,
): PanelProblem[] {
  const problems: PanelProblem[] = [];
  const bad = (field: string, message: string) => problems.push({ code: 'PANEL_SHEET_INVALID', field, message });
  const known = new Set(criteria.map((c) => c.key));
  for (const key of Object.keys(scores)) if (!known.has(key)) bad(`scores.${key}`, `没有评审项目「${key}」`);
  for (const c of criteria) {
    const v = scores[c.key];
    if (v === null || v === undefined) {
      if (complete) bad(`scores.${c.key}`, `「${c.name}」尚未评分`);
      continue;
    }
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > c.max) {
      bad(`scores.${c.key}`, `「${c.name}」的得分须在 0–${c.max} 之间`);
    } else if (!isHundredths(v)) {
      bad(`scores.${c.key}`, `「${c.name}」的得分最多保留两位小数`);
    }
  }
  return problems;
}

/** Integer hundredths of a score that has at most two decimals. */
const hundredths = (v: number) => Math.round(v * 100);

/** Half-up rounding of the non-negative fraction n / d to an integer, exactly. */
function roundHalfUp(n: bigint, d: bigint): bigint {
  return (2n * n + d) / (2n * d);
}

/**
 * 加权总分 of one complete sheet, 0–100 in hundredths: Σ score / max × weight, rounded half up once at the end.
 * Null while a criterion has no score.
 */
export function sheetTotal(criteria: readonly PanelCriterion[], scores: SheetScores): number | null {
  let denominator = 1n;
  for (const c of criteria) denominator *= BigInt(c.max);
  let numerator = 0n;
  for (const c of criteria) {
    const v = scores[c.key];
    if (v === null || v === undefined) return null;
    // hundredths(v) / 100 / max × weight, in units of 1/100 of a point: hundredths(v) × weight / max.
    numerator += BigInt(hundredths(v)) * BigInt(c.weight) * (denominator / BigInt(c.max));
  }
  return Number(roundHalfUp(numerator, denominator)) / 100;
}

/** One member's submitted total for a candidate. */
export interface MemberTotal {
  /** Whose (the expert's id): named in the result's dropped marks. */
  memberId: number;
  total: number;
}

export interface PanelScore {
  /** 综合评审成绩, hundredths, rounded half up; null without any total. */
  score: number | null;
  /** How many totals were given (before dropping). */
  count: number;
  /** With five or more totals: whose highest and lowest were dropped (exactly one each, ties included). */
  droppedHigh: number | null;
  droppedLow: number | null;
}

/**
 * The panel score of one candidate: the mean of the members' totals; with five or more, one highest and one lowest
 * are dropped first (of tied values exactly one is dropped: the first in the given order). Rounded half up to
 * hundredths.
 */
export function panelScore(totals: readonly MemberTotal[]): PanelScore {
  if (totals.length === 0) return { score: null, count: 0, droppedHigh: null, droppedLow: null };
  let droppedHigh: number | null = null;
  let droppedLow: number | null = null;
  let kept = totals.map((t, index) => ({ ...t, index }));
  if (totals.length >= TRIM_FROM) {
    let hi = kept[0]!;
    let lo = kept[0]!;
    for (const t of kept) {
      if (t.total > hi.total) hi = t;
      if (t.total < lo.total) lo = t;
    }
    // All equal: hi and lo are the same entry; drop two distinct ones.
    if (hi.index === lo.index) lo = kept.find((t) => t.index !== hi.index)!;
    droppedHigh = hi.memberId;
    droppedLow = lo.memberId;
    kept = kept.filter((t) => t.index !== hi.index && t.index !== lo.index);
  }
  const sum = kept.reduce((n, t) => n + BigInt(hundredths(t.total)), 0n);
  const score = Number(roundHalfUp(sum, BigInt(kept.length))) / 100;
  return { score, count: totals.length, droppedHigh, droppedLow };
}

export function panelPassed(score: number | null, passLine: number): boolean {
  return score !== null && score >= passLine;
}

/** 本单位回避: an expert never scores a candidate of their own work unit. */
export function isOwnUnit(expertUnitId: number | null, candidateUnitId: number): boolean {
  return expertUnitId !== null && expertUnitId === candidateUnitId;
}

/** Where now stands in a panel's 评审时间. */
export type ScheduleState = 'before' | 'open' | 'ended';
export const SCHEDULE_LABELS: Readonly<Record<ScheduleState, string>> = {
  before: '未到评审时间',
  open: '评审中',
  ended: '评审时间已结束',
};

export function scheduleState(schedule: { startsAt: Date; endsAt: Date }, now: Date): ScheduleState {
  if (now.getTime() < schedule.startsAt.getTime()) return 'before';
  if (now.getTime() > schedule.endsAt.getTime()) return 'ended';
  return 'open';
}

/** 评审组 status. */
export const PANEL_STATUSES = ['open', 'confirmed'] as const;
export type PanelStatus = (typeof PANEL_STATUSES)[number];
export const PANEL_STATUS_LABELS: Readonly<Record<PanelStatus, string>> = { open: '评审中', confirmed: '已确认' };

/** A score sheet's status. */
export const SHEET_STATUSES = ['draft', 'submitted'] as const;
export type SheetStatus = (typeof SHEET_STATUSES)[number];
export const SHEET_STATUS_LABELS: Readonly<Record<SheetStatus | 'none', string>> = {
  none: '未评分',
  draft: '草稿',
  submitted: '已提交',
};

/**
 * Whether the chair may confirm: every expected sheet (members not absent, candidates not of their own unit) is
 * submitted, or the schedule has ended (then what was not submitted is left out). Either way every candidate needs
 * at least one submitted total. Answers the refusal's code, or null.
 */
export function confirmRefusal(input: {
  state: ScheduleState;
  missing: number;
  unscoredCandidates: number;
}): 'PANEL_SHEETS_OUTSTANDING' | 'PANEL_CANDIDATE_UNSCORED' | null {
  if (input.missing > 0 && input.state !== 'ended') return 'PANEL_SHEETS_OUTSTANDING';
  if (input.unscoredCandidates > 0) return 'PANEL_CANDIDATE_UNSCORED';
  return null;
}
