// Blueprints (组卷规则): what a paper of one subject is made of, and whether the approved items can make it.
//
// rules.md §7 [default]: 100 points per subject, 60 minutes, pass at 60, 100 items (50 single, 50 multiple
// choice). Every number is the blueprint's, with those defaults.
//
// Cells and how they may overlap. A cell draws `count` items of one type, of one knowledge point or any, within a
// difficulty band. Two cells of one type either share no item (different knowledge points, or bands apart) or are
// nested: the outer one's knowledge point is "any" or the same, and its band contains the inner one's (say 10 单选
// of 安全用电 and 40 单选 of any point). Partial overlaps are refused: they would let two cells compete for the
// same items with no order that is always fair. Inner cells draw first (DRAW ORDER: a named knowledge point before
// "any", then the narrower band, then the order written), so an outer cell can use exactly its matching items
// less the counts of the cells nested inside it: that is its availability, and it is exact, not an estimate.

import {
  ITEM_TYPE_LABELS,
  ITEM_TYPES,
  type ItemType,
  isJobTypeSubject,
  JOB_TYPE_SUBJECT_GRADES,
  SUBJECTS,
  type Subject,
} from './items.js';

export const PAPER_TOTAL_POINTS = 100;
export const DEFAULT_DURATION_MINUTES = 60;
export const DEFAULT_PASS_LINE = 60;
export const DEFAULT_DIFFICULTY_TOLERANCE = 0.3;
export const MAX_PAPER_ITEMS = 300;
export const MIN_DURATION_MINUTES = 10;
export const MAX_DURATION_MINUTES = 240;

/**
 * Job-type papers are per job type and grade: 岗位技能 五级 to 二级, 专业基础知识 一级 (rules.md §6: 一级 sits 职业道德 and
 * 专业基础知识, then the panel review).
 */
export type ExamGrade = 5 | 4 | 3 | 2 | 1;

export interface DifficultyBand {
  min: number;
  max: number;
}

export interface BlueprintCell {
  type: ItemType;
  /** null: any knowledge point. */
  knowledgePoint: string | null;
  difficulty: DifficultyBand;
  count: number;
  /** Points per item; at most two decimals. */
  points: number;
}

export interface Blueprint {
  subject: Subject;
  /** 岗位技能 and 专业基础知识 only: the job type and grade the paper is for. */
  jobTypeId: number | null;
  grade: ExamGrade | null;
  durationMinutes: number;
  passLine: number;
  shuffleItems: boolean;
  shuffleOptions: boolean;
  /**
   * The mean difficulty parallel papers aim at; null: what the pool gives on average (the expected mean of a
   * draw), so that the tolerance only keeps papers alike.
   */
  targetDifficulty: number | null;
  /** A paper's mean difficulty (weighted by points) stays within target ± this. */
  difficultyTolerance: number;
  cells: BlueprintCell[];
}

/** A subject's default blueprint (rules.md §7): 50 single and 50 multiple choice of any point, 1 point each. */
export function defaultBlueprint(subject: Subject, jobTypeId: number | null = null, grade: ExamGrade | null = null) {
  const any = { knowledgePoint: null, difficulty: { min: 1, max: 5 }, count: 50, points: 1 };
  return {
    subject,
    jobTypeId: isJobTypeSubject(subject) ? jobTypeId : null,
    grade: isJobTypeSubject(subject) ? grade : null,
    durationMinutes: DEFAULT_DURATION_MINUTES,
    passLine: DEFAULT_PASS_LINE,
    shuffleItems: true,
    shuffleOptions: true,
    targetDifficulty: null,
    difficultyTolerance: DEFAULT_DIFFICULTY_TOLERANCE,
    cells: [
      { type: 'single', ...any },
      { type: 'multiple', ...any },
    ],
  } satisfies Blueprint;
}

export const BLUEPRINT_PROBLEM_CODES = {
  BLUEPRINT_SUBJECT_INVALID: 'The subject is not skill, ethics, ability or basics.',
  BLUEPRINT_JOB_TYPE_REQUIRED:
    '岗位技能 needs a job type and a grade (五级 to 二级); 专业基础知识 a job type and 一级.',
  BLUEPRINT_JOB_TYPE_NOT_ALLOWED: '职业道德 and 职业能力 are common to all: no job type or grade.',
  BLUEPRINT_DURATION_INVALID: `The duration is not an integer from ${MIN_DURATION_MINUTES} to ${MAX_DURATION_MINUTES} minutes.`,
  BLUEPRINT_PASS_LINE_INVALID: 'The pass line is not an integer from 1 to 100.',
  BLUEPRINT_TOLERANCE_INVALID: 'The difficulty tolerance is not a number above 0 and at most 4.',
  BLUEPRINT_TARGET_INVALID: 'The target difficulty is not a number from 1 to 5.',
  BLUEPRINT_NO_CELLS: 'The blueprint has no cells.',
  BLUEPRINT_CELL_TYPE_INVALID: 'A cell names no known item type.',
  BLUEPRINT_CELL_COUNT_INVALID: 'A cell count is not a positive integer.',
  BLUEPRINT_CELL_POINTS_INVALID: 'Points per item are not positive with at most two decimals.',
  BLUEPRINT_CELL_BAND_INVALID: 'A difficulty band is not integers min <= max within 1-5.',
  BLUEPRINT_CELL_KNOWLEDGE_POINT_INVALID: 'A named knowledge point is empty or longer than 100 characters.',
  BLUEPRINT_CELL_DUPLICATE: 'Two cells name the same type, knowledge point and band.',
  BLUEPRINT_CELLS_OVERLAP: 'Two cells overlap partially (neither disjoint nor nested).',
  BLUEPRINT_TOTAL_POINTS: 'The points do not total exactly 100.',
  BLUEPRINT_TOO_MANY_ITEMS: `More than ${MAX_PAPER_ITEMS} items in a paper.`,
  BLUEPRINT_CELL_SHORT: 'A cell has fewer approved items available than it needs.',
  BLUEPRINT_DIFFICULTY_UNREACHABLE: "The pool's expected mean difficulty lies outside target ± tolerance.",
  BLUEPRINT_TOLERANCE_TOO_TIGHT: "The tolerance is below one standard deviation of a paper's mean difficulty.",
  POOL_DUPLICATE_ITEM: 'The pool holds one item id twice (two versions, or a repeated row).',
} as const;
export type BlueprintProblemCode = keyof typeof BLUEPRINT_PROBLEM_CODES;

export interface BlueprintProblem {
  code: BlueprintProblemCode;
  message: string;
  /** The cell concerned (0-based index into `cells`), if one is. */
  cell?: number;
  /** The other cell of a duplicate or overlap. */
  otherCell?: number;
}

/** A cell in words, for messages and the sufficiency table: 单选题·安全用电·难度1–2. */
export function describeCell(cell: BlueprintCell): string {
  const type = ITEM_TYPE_LABELS[cell.type] ?? String(cell.type);
  const point = cell.knowledgePoint === null ? '不限知识点' : cell.knowledgePoint;
  const { min, max } = cell.difficulty;
  return `${type}·${point}·难度${min === max ? min : `${min}–${max}`}`;
}

function cellName(index: number, cell: BlueprintCell): string {
  return `第${index + 1}条规则（${describeCell(cell)}）`;
}

const pointsKey = (cell: BlueprintCell) => (cell.knowledgePoint === null ? null : cell.knowledgePoint.trim());

/** Do `a` and `b` draw from pools that share items? */
export function cellsOverlap(a: BlueprintCell, b: BlueprintCell): boolean {
  if (a.type !== b.type) return false;
  const ka = pointsKey(a);
  const kb = pointsKey(b);
  if (ka !== null && kb !== null && ka !== kb) return false;
  return a.difficulty.min <= b.difficulty.max && b.difficulty.min <= a.difficulty.max;
}

/** Is `inner` nested in `outer` (every item `inner` may take, `outer` may take too), and not the same cell? */
export function isNestedIn(inner: BlueprintCell, outer: BlueprintCell): boolean {
  if (inner.type !== outer.type) return false;
  const ki = pointsKey(inner);
  const ko = pointsKey(outer);
  if (ko !== null && ki !== ko) return false;
  const same =
    ki === ko && inner.difficulty.min === outer.difficulty.min && inner.difficulty.max === outer.difficulty.max;
  return !same && outer.difficulty.min <= inner.difficulty.min && inner.difficulty.max <= outer.difficulty.max;
}

/** The order cells draw in: every cell after those nested inside it (see DRAW ORDER above). */
export function drawOrder(cells: readonly BlueprintCell[]): number[] {
  const width = (c: BlueprintCell) => c.difficulty.max - c.difficulty.min;
  return cells
    .map((_, i) => i)
    .sort((a, b) => {
      const ca = cells[a]!;
      const cb = cells[b]!;
      const anyA = ca.knowledgePoint === null ? 1 : 0;
      const anyB = cb.knowledgePoint === null ? 1 : 0;
      return anyA - anyB || width(ca) - width(cb) || a - b;
    });
}

const isInt = (n: unknown, min: number, max: number): n is number =>
  typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;

/** Points as hundredths, or null when not positive with at most two decimals. */
export function pointsInHundredths(points: number): number | null {
  if (typeof points !== 'number' || !Number.isFinite(points) || points <= 0) return null;
  const hundredths = Math.round(points * 100);
  return Math.abs(points * 100 - hundredths) < 1e-6 ? hundredths : null;
}

/** Every problem of the blueprint itself (not of the pool), coded and in Chinese; empty when it is sound. */
export function validateBlueprint(bp: Blueprint): BlueprintProblem[] {
  const problems: BlueprintProblem[] = [];
  const add = (code: BlueprintProblemCode, message: string, cell?: number, otherCell?: number) =>
    problems.push({
      code,
      message,
      ...(cell === undefined ? {} : { cell }),
      ...(otherCell === undefined ? {} : { otherCell }),
    });

  if (!(SUBJECTS as readonly string[]).includes(bp.subject)) {
    add('BLUEPRINT_SUBJECT_INVALID', '科目应为岗位技能、职业道德、职业能力或专业基础知识');
  } else if (isJobTypeSubject(bp.subject)) {
    const grades = JOB_TYPE_SUBJECT_GRADES[bp.subject];
    if (!isInt(bp.jobTypeId, 1, Number.MAX_SAFE_INTEGER) || !grades.includes(bp.grade as number)) {
      add(
        'BLUEPRINT_JOB_TYPE_REQUIRED',
        bp.subject === 'skill'
          ? '岗位技能的组卷规则须指定工种和等级（五级至二级）'
          : '专业基础知识的组卷规则须指定工种，等级为一级',
      );
    }
  } else if (bp.jobTypeId !== null || bp.grade !== null) {
    add('BLUEPRINT_JOB_TYPE_NOT_ALLOWED', '职业道德、职业能力为公共科目，不区分工种和等级');
  }
  if (!isInt(bp.durationMinutes, MIN_DURATION_MINUTES, MAX_DURATION_MINUTES)) {
    add(
      'BLUEPRINT_DURATION_INVALID',
      `考试时长应为${MIN_DURATION_MINUTES}至${MAX_DURATION_MINUTES}分钟的整数（默认${DEFAULT_DURATION_MINUTES}分钟）`,
    );
  }
  if (!isInt(bp.passLine, 1, PAPER_TOTAL_POINTS)) {
    add('BLUEPRINT_PASS_LINE_INVALID', `合格分数线应为1至${PAPER_TOTAL_POINTS}的整数（默认${DEFAULT_PASS_LINE}分）`);
  }
  const tolerance = bp.difficultyTolerance;
  if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance <= 0 || tolerance > 4) {
    add('BLUEPRINT_TOLERANCE_INVALID', '平均难度允许偏差应大于0且不超过4（如0.3）');
  }
  const target = bp.targetDifficulty;
  if (target !== null && (typeof target !== 'number' || !Number.isFinite(target) || target < 1 || target > 5)) {
    add('BLUEPRINT_TARGET_INVALID', '目标平均难度应在1至5之间，或不设（按题库平均）');
  }

  if (bp.cells.length === 0) add('BLUEPRINT_NO_CELLS', '组卷规则至少应有一条抽题规则');
  let totalHundredths = 0;
  let totalItems = 0;
  const sound: boolean[] = bp.cells.map((cell, i) => {
    const name = `第${i + 1}条规则`;
    let ok = true;
    if (!(ITEM_TYPES as readonly string[]).includes(cell.type)) {
      add('BLUEPRINT_CELL_TYPE_INVALID', `${name}的题型应为单选题、多选题或判断题`, i);
      ok = false;
    }
    if (!isInt(cell.count, 1, MAX_PAPER_ITEMS)) {
      add('BLUEPRINT_CELL_COUNT_INVALID', `${name}的题量应为正整数`, i);
      ok = false;
    }
    const hundredths = pointsInHundredths(cell.points);
    if (hundredths === null) {
      add('BLUEPRINT_CELL_POINTS_INVALID', `${name}的每题分值应大于0，最多两位小数`, i);
      ok = false;
    }
    const { min, max } = cell.difficulty;
    if (!isInt(min, 1, 5) || !isInt(max, 1, 5) || min > max) {
      add('BLUEPRINT_CELL_BAND_INVALID', `${name}的难度范围应在1至5之间，且下限不大于上限`, i);
      ok = false;
    }
    const point = cell.knowledgePoint;
    if (point !== null && (point.trim() === '' || [...point.trim()].length > 100)) {
      add('BLUEPRINT_CELL_KNOWLEDGE_POINT_INVALID', `${name}的知识点不能为空，也不能超过100个字；不限知识点请留空`, i);
      ok = false;
    }
    if (hundredths !== null && isInt(cell.count, 1, MAX_PAPER_ITEMS)) {
      totalHundredths += hundredths * cell.count;
      totalItems += cell.count;
    }
    return ok;
  });
  if (sound.every(Boolean) && bp.cells.length > 0) {
    if (totalHundredths !== PAPER_TOTAL_POINTS * 100) {
      add('BLUEPRINT_TOTAL_POINTS', `试卷总分应为${PAPER_TOTAL_POINTS}分，现为${totalHundredths / 100}分`);
    }
    if (totalItems > MAX_PAPER_ITEMS) {
      add('BLUEPRINT_TOO_MANY_ITEMS', `每份试卷最多${MAX_PAPER_ITEMS}道题，现为${totalItems}道`);
    }
  }

  for (let i = 0; i < bp.cells.length; i++) {
    for (let j = i + 1; j < bp.cells.length; j++) {
      if (!sound[i] || !sound[j]) continue;
      const a = bp.cells[i]!;
      const b = bp.cells[j]!;
      if (!cellsOverlap(a, b)) continue;
      if (isNestedIn(a, b) || isNestedIn(b, a)) continue;
      if (
        pointsKey(a) === pointsKey(b) &&
        a.difficulty.min === b.difficulty.min &&
        a.difficulty.max === b.difficulty.max
      ) {
        add('BLUEPRINT_CELL_DUPLICATE', `${cellName(j, b)}与${cellName(i, a)}重复，请合并为一条`, j, i);
      } else {
        add(
          'BLUEPRINT_CELLS_OVERLAP',
          `${cellName(i, a)}与${cellName(j, b)}部分重叠：两条规则应互不相交，或一条完全包含另一条`,
          i,
          j,
        );
      }
    }
  }
  return problems;
}

// ─── Sufficiency: can the approved items make this paper, for every candidate? ─────────────────────────

/** What a blueprint needs to know of an approved item version. */
export interface PoolItem {
  id: number;
  version: number;
  type: ItemType;
  knowledgePoint: string;
  difficulty: number;
  /** Number of options (0 for true/false). */
  optionCount: number;
}

/** Does `item` fall in `cell`? */
export function cellMatches(cell: BlueprintCell, item: PoolItem): boolean {
  return (
    item.type === cell.type &&
    (cell.knowledgePoint === null || cell.knowledgePoint.trim() === item.knowledgePoint.trim()) &&
    item.difficulty >= cell.difficulty.min &&
    item.difficulty <= cell.difficulty.max
  );
}

/** The pool sorted by item id and version, so that its order as given never matters; null if an id repeats. */
export function sortPool(pool: readonly PoolItem[]): { sorted: PoolItem[]; duplicate: number | null } {
  const sorted = [...pool].sort((a, b) => a.id - b.id || a.version - b.version);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.id === sorted[i - 1]!.id) return { sorted, duplicate: sorted[i]!.id };
  }
  return { sorted, duplicate: null };
}

export interface CellSufficiency {
  cell: number;
  label: string;
  needed: number;
  /** Approved items matching the cell. */
  matching: number;
  /** Of those, how many the cells nested inside it take first. */
  reserved: number;
  /** matching − reserved: what this cell can draw from. */
  available: number;
  sufficient: boolean;
  /** Mean difficulty of the matching items (null when none). */
  meanDifficulty: number | null;
}

export interface SufficiencyReport {
  ok: boolean;
  cells: CellSufficiency[];
  /** The blueprint's own problems, the short cells and the difficulty checks. */
  problems: BlueprintProblem[];
  /** Expected mean difficulty of a paper (points-weighted), given uniform draws from this pool. */
  expectedMean: number | null;
  /** Bounds on any paper's mean difficulty: each cell's easiest and hardest items. */
  meanRange: { min: number; max: number } | null;
  /** Standard deviation of a paper's mean difficulty across candidates (an estimate, ignoring nesting). */
  meanStdDev: number | null;
  /** The mean papers aim at: the blueprint's target, or else the expected mean. */
  target: number | null;
  tolerance: number;
}

/** What checkSufficiency computes that the draw needs as well. */
export interface PoolAnalysis {
  report: SufficiencyReport;
  sorted: PoolItem[];
  /** For each cell, the positions in `sorted` of its matching items, ascending. */
  members: Int32Array[];
  order: number[];
  /** The target, unrounded (the report's is rounded for people). */
  target: number | null;
  /** Expected mean difficulty of each cell's draw (null when the cell cannot draw). */
  cellExpected: (number | null)[];
}

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

/** checkSufficiency with the sorted pool and each cell's members, for drawing papers. */
export function analysePool(bp: Blueprint, pool: readonly PoolItem[]): PoolAnalysis {
  const problems = validateBlueprint(bp);
  const { sorted, duplicate } = sortPool(pool);
  if (duplicate !== null) {
    problems.push({
      code: 'POOL_DUPLICATE_ITEM',
      message: `题库中试题${duplicate}出现了两次（同一试题只能有一个已审核版本参与组卷）`,
    });
  }
  const cells = bp.cells;
  const members = cells.map((cell) => {
    const positions: number[] = [];
    sorted.forEach((item, i) => {
      if (cellMatches(cell, item)) positions.push(i);
    });
    return Int32Array.from(positions);
  });
  const order = drawOrder(cells);
  const nested = cells.map((outer) => cells.flatMap((inner, j) => (isNestedIn(inner, outer) ? [j] : [])));

  // Expected mean of each cell's draw, inner cells first: what the outer cell draws from is its matching items
  // less those the inner cells took, whose expected difficulty is count × their own expected mean.
  const expected: (number | null)[] = cells.map(() => null);
  const sufficiency: CellSufficiency[] = [];
  for (const c of order) {
    const cell = cells[c]!;
    const diffs = Array.from(members[c]!, (i) => sorted[i]!.difficulty);
    const sum = diffs.reduce((s, d) => s + d, 0);
    const reserved = nested[c]!.reduce((s, j) => s + cells[j]!.count, 0);
    const available = diffs.length - reserved;
    const removed = nested[c]!.reduce((s, j) => s + cells[j]!.count * (expected[j] ?? 0), 0);
    expected[c] = available > 0 ? (sum - removed) / available : null;
    sufficiency[c] = {
      cell: c,
      label: describeCell(cell),
      needed: cell.count,
      matching: diffs.length,
      reserved,
      available: Math.max(0, available),
      sufficient: available >= cell.count,
      meanDifficulty: diffs.length > 0 ? round(sum / diffs.length) : null,
    };
  }
  sufficiency.forEach((s, c) => {
    if (s.sufficient) return;
    const taken = s.reserved > 0 ? `，其中${s.reserved}道由更具体的规则先行抽取` : '';
    problems.push({
      code: 'BLUEPRINT_CELL_SHORT',
      message: `${cellName(c, cells[c]!)}需要${s.needed}道已审核试题，可用${s.available}道（符合条件${s.matching}道${taken}）`,
      cell: c,
    });
  });

  const allSufficient = sufficiency.every((s) => s.sufficient) && cells.length > 0;
  let expectedMean: number | null = null;
  let meanRange: SufficiencyReport['meanRange'] = null;
  let meanStdDev: number | null = null;
  if (allSufficient) {
    let mean = 0;
    let low = 0;
    let high = 0;
    let variance = 0;
    cells.forEach((cell, c) => {
      const weight = cell.points / PAPER_TOTAL_POINTS;
      mean += weight * cell.count * expected[c]!;
      const diffs = Array.from(members[c]!, (i) => sorted[i]!.difficulty).sort((a, b) => a - b);
      low += weight * diffs.slice(0, cell.count).reduce((s, d) => s + d, 0);
      high += weight * diffs.slice(diffs.length - cell.count).reduce((s, d) => s + d, 0);
      // A sum of k draws without replacement from n items of variance σ²: k σ² (n − k) / (n − 1).
      const n = sufficiency[c]!.available;
      const mu = diffs.reduce((s, d) => s + d, 0) / diffs.length;
      const sigma2 = diffs.reduce((s, d) => s + (d - mu) ** 2, 0) / diffs.length;
      if (n > 1) variance += weight * weight * cell.count * sigma2 * ((n - cell.count) / (n - 1));
    });
    expectedMean = mean;
    meanRange = { min: round(low), max: round(high) };
    meanStdDev = Math.sqrt(variance);
  }

  const target = bp.targetDifficulty ?? expectedMean;
  const tolerance = bp.difficultyTolerance;
  if (
    expectedMean !== null &&
    bp.targetDifficulty !== null &&
    Math.abs(expectedMean - bp.targetDifficulty) > tolerance
  ) {
    problems.push({
      code: 'BLUEPRINT_DIFFICULTY_UNREACHABLE',
      message: `按当前题库，试卷平均难度预计为${round(expectedMean, 2)}（可能范围${meanRange!.min}–${meanRange!.max}），超出目标${bp.targetDifficulty}±${tolerance}；请调整目标难度、难度范围或补充试题`,
    });
  }
  if (meanStdDev !== null && meanStdDev > tolerance) {
    problems.push({
      code: 'BLUEPRINT_TOLERANCE_TOO_TIGHT',
      message: `各份试卷平均难度的波动（标准差约${round(meanStdDev, 2)}）大于允许偏差±${tolerance}，多数试卷将无法满足；请放宽允许偏差或增加题量`,
    });
  }

  return {
    report: {
      ok: problems.length === 0,
      cells: sufficiency,
      problems,
      expectedMean: expectedMean === null ? null : round(expectedMean),
      meanRange,
      meanStdDev: meanStdDev === null ? null : round(meanStdDev),
      target: target === null ? null : round(target),
      tolerance,
    },
    sorted,
    members,
    order,
    target,
    cellExpected: expected,
  };
}

/**
 * Can the approved items make this blueprint's papers for every candidate? Each cell names what it needs and what
 * it can use; publishing is refused unless `ok` (the blueprint is sound, every cell suffices, the target
 * difficulty is within reach and the tolerance not tighter than the papers' natural spread).
 */
export function checkSufficiency(bp: Blueprint, pool: readonly PoolItem[]): SufficiencyReport {
  return analysePool(bp, pool).report;
}

/** One campaign's blueprints checked at once; `key` is the caller's (e.g. 'skill:12:4', 'ethics'). */
export function checkCampaignSufficiency<K>(
  entries: readonly { key: K; blueprint: Blueprint; pool: readonly PoolItem[] }[],
): { ok: boolean; reports: { key: K; report: SufficiencyReport }[] } {
  const reports = entries.map(({ key, blueprint, pool }) => ({ key, report: checkSufficiency(blueprint, pool) }));
  return { ok: reports.every((r) => r.report.ok), reports };
}
