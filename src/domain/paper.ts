// Papers (试卷): one per candidate and subject, drawn from the published blueprint with a stored seed, so that a
// score review (复核) years later rebuilds it item for item.
//
// The same (blueprint, pool, seed, algorithm version) always gives the same paper, whatever order the pool comes
// in (it is sorted by item id and version first). The PRNG is pure-rand's xoroshiro128+ and its uniformInt (the
// generator fast-check itself uses), pinned to one exact version in package.json: an upgrade that changes their
// output, or any change below that changes a paper, needs a new PAPER_ALGORITHM_VERSION with the old code kept,
// because stored papers name the version they were drawn with. The golden test in paper.test.ts catches it.
//
// Algorithm version 1, one attempt:
// 1. Cells in draw order (blueprint.ts: inner cells first). Each draws its count from its matching items by a
//    partial Fisher–Yates shuffle over the cell's index buffer, skipping items an earlier cell of this paper took
//    (they are swapped out of range); the buffer's swaps are undone afterwards, so every paper starts from the
//    same canonical buffer and nothing is copied per paper.
// 2. The paper's mean difficulty, weighted by points, must lie within target ± tolerance; if not, the next attempt
//    runs with the seed's generator jumped once more (2^64 steps ahead: pure-rand's way to independent streams),
//    at most MAX_DRAW_ATTEMPTS times, then a coded refusal names the cells pulling the mean away.
// 3. Items are grouped by type (单选, 多选, 判断 as ITEM_TYPES) and, if shuffleItems, shuffled within each group;
//    otherwise ordered by cell as written, then by item id.
// 4. If shuffleOptions, each choice item's options get a Fisher–Yates permutation, in paper order; true/false
//    items never (they have no options).

import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';
import {
  analysePool,
  type Blueprint,
  type BlueprintProblem,
  describeCell,
  PAPER_TOTAL_POINTS,
  type PoolItem,
  pointsInHundredths,
} from './blueprint.js';
import { ITEM_TYPES, type ItemType, OPTION_LETTERS, type Subject } from './items.js';

export const PAPER_ALGORITHM_VERSION = 1;
export const PAPER_ALGORITHM_VERSIONS: readonly number[] = [1];
export const MAX_DRAW_ATTEMPTS = 50;

// ─── Seeds ─────────────────────────────────────────────────────────────────────────────────────────────
//
// A seed is an integer 0 ≤ seed < 2^48 (a JSON number and a PostgreSQL bigint; 10,000 candidates collide with
// probability ~2e-7, where 32 bits would give two identical papers ~1% of the time). The server derives it as
//   seed = seedFromDigest(HMAC-SHA256(campaign secret, paperSeedMessage({campaignId, applicationId, subject})))
// and stores it with the paper. The secret stays on the server, so nobody can compute a candidate's paper from
// the pool and an application id before the exam; the stored seed, not the secret, is what a rebuild needs.

export const SEED_BITS = 48;
export const MAX_SEED = 2 ** SEED_BITS - 1;

export function isPaperSeed(seed: unknown): seed is number {
  return typeof seed === 'number' && Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED;
}

/** The message the campaign secret signs for one candidate × subject; `sitting` > 1 for a re-sit's new paper. */
export function paperSeedMessage(input: {
  campaignId: number;
  applicationId: number;
  subject: Subject;
  sitting?: number;
}): string {
  return `gongkao/paper-seed/v1|campaign=${input.campaignId}|application=${input.applicationId}|subject=${input.subject}|sitting=${input.sitting ?? 1}`;
}

/** The seed in a digest (HMAC-SHA256 of paperSeedMessage): its first 6 bytes, big-endian. */
export function seedFromDigest(digest: Uint8Array): number {
  if (digest.length < 6) throw new RangeError('seedFromDigest: a digest of at least 6 bytes is needed');
  let seed = 0;
  for (let i = 0; i < 6; i++) seed = seed * 256 + digest[i]!;
  return seed;
}

/**
 * The seed's generator: xoroshiro128+ with the state pure-rand's own `xoroshiro128plus(seed)` builds from 32 bits,
 * widened to 48 (the upper 16 bits take the places the library fills with constants), so for seeds below 2^32 it
 * is exactly the library's generator.
 */
export function paperRandom(seed: number): JumpableRandomGenerator {
  const hi = Math.floor(seed / 2 ** 32);
  const lo = seed >>> 0;
  return xoroshiro128plusFromState([~hi, ~lo, lo | 0, hi]);
}

// ─── Papers ────────────────────────────────────────────────────────────────────────────────────────────

export interface PaperItem {
  itemId: number;
  version: number;
  type: ItemType;
  /** The blueprint cell (0-based index) the item was drawn for. */
  cell: number;
  points: number;
  difficulty: number;
  /**
   * The original option letters in the order shown: 'CADB' shows option C as A, A as B, …; the identity
   * ('ABCD') when options are not shuffled, '' for true/false.
   */
  optionOrder: string;
}

export interface Paper {
  algorithmVersion: number;
  seed: number;
  /** Which attempt met the difficulty tolerance (0 = the first); a rebuild finds the same. */
  attempt: number;
  items: PaperItem[];
  totalPoints: number;
  /** Mean difficulty weighted by points: Σ points × difficulty / 100. */
  meanDifficulty: number;
}

export const PAPER_PROBLEM_CODES = {
  PAPER_ALGORITHM_UNKNOWN: 'The algorithm version is not one this code can run.',
  PAPER_SEED_INVALID: 'The seed is not an integer from 0 to 2^48 - 1.',
  PAPER_BLUEPRINT_UNUSABLE: 'The blueprint is unsound or the pool cannot serve it (see problems).',
  PAPER_DIFFICULTY_OUT_OF_TOLERANCE: 'No attempt met target ± tolerance; the cells named pull the mean away.',
} as const;
export type PaperProblemCode = keyof typeof PAPER_PROBLEM_CODES;

export interface PaperRefusal {
  ok: false;
  code: PaperProblemCode;
  message: string;
  /** The cells concerned (0-based). */
  cells: number[];
  /** For PAPER_BLUEPRINT_UNUSABLE: the sufficiency check's problems. */
  problems?: BlueprintProblem[];
}

export type DrawResult = { ok: true; paper: Paper } | PaperRefusal;

interface DrawCell {
  index: number;
  count: number;
  points: number;
  /** Positions in the sorted pool of the matching items, canonical (ascending) between draws. */
  buffer: Int32Array;
}

/**
 * A blueprint and pool made ready for drawing many papers: the pool sorted once, each cell's index buffer built
 * once. It holds scratch buffers, so it serves one draw at a time (JavaScript's single thread does that).
 */
export interface PreparedDraw {
  readonly algorithmVersion: number;
  readonly blueprint: Blueprint;
  readonly pool: readonly PoolItem[];
  readonly target: number;
  readonly tolerance: number;
  readonly cells: readonly DrawCell[];
  readonly cellExpected: readonly (number | null)[];
  readonly totalItems: number;
  /** Scratch: stamp per pool position of the attempt that took it. */
  readonly taken: Uint32Array;
  /** Scratch: swaps made in a cell's buffer, to undo them. */
  readonly swaps: Int32Array;
  /** Scratch: positions and cells chosen in the current attempt. */
  readonly chosen: Int32Array;
  readonly chosenCell: Int32Array;
  stamp: number;
}

/** Sorts the pool and checks the blueprint against it once, for drawing many papers. */
export function prepareDraw(
  blueprint: Blueprint,
  pool: readonly PoolItem[],
  algorithmVersion: number = PAPER_ALGORITHM_VERSION,
): { ok: true; draw: PreparedDraw } | PaperRefusal {
  if (!PAPER_ALGORITHM_VERSIONS.includes(algorithmVersion)) {
    return {
      ok: false,
      code: 'PAPER_ALGORITHM_UNKNOWN',
      message: `组卷算法版本${algorithmVersion}不存在（现有版本：${PAPER_ALGORITHM_VERSIONS.join('、')}）`,
      cells: [],
    };
  }
  const analysis = analysePool(blueprint, pool);
  // The tolerance-too-tight warning is for publishing; a paper whose draw meets the tolerance is still a paper.
  const blocking = analysis.report.problems.filter((p) => p.code !== 'BLUEPRINT_TOLERANCE_TOO_TIGHT');
  if (blocking.length > 0 || analysis.target === null) {
    return {
      ok: false,
      code: 'PAPER_BLUEPRINT_UNUSABLE',
      message: `组卷规则无法使用：${blocking.map((p) => p.message).join('；')}`,
      cells: [...new Set(blocking.flatMap((p) => (p.cell === undefined ? [] : [p.cell])))],
      problems: blocking,
    };
  }
  const cells = analysis.order.map((index) => {
    const cell = blueprint.cells[index]!;
    return { index, count: cell.count, points: cell.points, buffer: analysis.members[index]! };
  });
  const totalItems = cells.reduce((s, c) => s + c.count, 0);
  const longest = cells.reduce((m, c) => Math.max(m, c.buffer.length), 0);
  return {
    ok: true,
    draw: {
      algorithmVersion,
      blueprint,
      pool: analysis.sorted,
      target: analysis.target,
      tolerance: blueprint.difficultyTolerance,
      cells,
      cellExpected: analysis.cellExpected,
      totalItems,
      taken: new Uint32Array(analysis.sorted.length),
      // Each draw step makes at most one swap per buffer element skipped or chosen.
      swaps: new Int32Array(2 * (longest + 1)),
      chosen: new Int32Array(totalItems),
      chosenCell: new Int32Array(totalItems),
      stamp: 0,
    },
  };
}

/** One attempt's selection into draw.chosen / chosenCell; false if a cell ran dry (the check should prevent it). */
function select(draw: PreparedDraw, rng: JumpableRandomGenerator): boolean {
  if (draw.stamp >= 0xffffffff) {
    draw.taken.fill(0);
    draw.stamp = 0;
  }
  const stamp = ++draw.stamp;
  const { taken, swaps, chosen, chosenCell } = draw;
  let k = 0;
  for (const cell of draw.cells) {
    const buffer = cell.buffer;
    let active = buffer.length;
    let swapCount = 0;
    let ok = true;
    for (let i = 0; i < cell.count && ok; ) {
      if (active <= i) {
        ok = false;
        break;
      }
      const j = uniformInt(rng, i, active - 1);
      const position = buffer[j]!;
      if (taken[position] === stamp) {
        // Taken by a cell nested in this one: move it out of range and draw again.
        active--;
        buffer[j] = buffer[active]!;
        buffer[active] = position;
        swaps[swapCount++] = j;
        swaps[swapCount++] = active;
        continue;
      }
      buffer[j] = buffer[i]!;
      buffer[i] = position;
      swaps[swapCount++] = i;
      swaps[swapCount++] = j;
      taken[position] = stamp;
      chosen[k] = position;
      chosenCell[k] = cell.index;
      k++;
      i++;
    }
    // Undo the swaps, last first: the buffer is canonical again for the next paper.
    for (let s = swapCount - 2; s >= 0; s -= 2) {
      const a = swaps[s]!;
      const b = swaps[s + 1]!;
      const t = buffer[a]!;
      buffer[a] = buffer[b]!;
      buffer[b] = t;
    }
    if (!ok) return false;
  }
  return true;
}

/** The paper for `seed` from a prepared draw. */
export function drawPrepared(draw: PreparedDraw, seed: number): DrawResult {
  if (!isPaperSeed(seed)) return seedRefusal();
  const { pool, blueprint, chosen, chosenCell, totalItems } = draw;
  const cellPoints = blueprint.cells.map((c) => pointsInHundredths(c.points)!);
  const stream = paperRandom(seed);
  let lastMean = draw.target;
  for (let attempt = 0; attempt < MAX_DRAW_ATTEMPTS; attempt++) {
    const rng = stream.clone();
    stream.jump();
    if (!select(draw, rng)) {
      return { ok: false, code: 'PAPER_BLUEPRINT_UNUSABLE', message: '某条规则可用试题不足', cells: [] };
    }
    // Σ points × difficulty in hundredths of a point: an exact integer.
    let weighted = 0;
    for (let k = 0; k < totalItems; k++) weighted += cellPoints[chosenCell[k]!]! * pool[chosen[k]!]!.difficulty;
    const mean = weighted / (PAPER_TOTAL_POINTS * 100);
    lastMean = mean;
    if (Math.abs(mean - draw.target) > draw.tolerance + 1e-9) continue;
    return { ok: true, paper: assemble(draw, rng, seed, attempt, mean) };
  }
  const above = lastMean > draw.target;
  const pulling = draw.cellExpected.flatMap((e, c) =>
    e !== null && (above ? e > draw.target + draw.tolerance : e < draw.target - draw.tolerance) ? [c] : [],
  );
  const cells = pulling.length > 0 ? pulling : blueprint.cells.map((_, c) => c);
  return {
    ok: false,
    code: 'PAPER_DIFFICULTY_OUT_OF_TOLERANCE',
    message: `连续${MAX_DRAW_ATTEMPTS}次抽题，试卷平均难度均未落在${round(draw.target)}±${draw.tolerance}内（末次为${round(lastMean)}，偏${above ? '难' : '易'}）；请检查：${cells.map((c) => `第${c + 1}条规则（${describeCell(blueprint.cells[c]!)}）`).join('、')}`,
    cells,
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

function seedRefusal(): PaperRefusal {
  return { ok: false, code: 'PAPER_SEED_INVALID', message: '试卷种子应为0至2^48−1的整数', cells: [] };
}

/** Orders the chosen items and shuffles their options (steps 3 and 4). */
function assemble(draw: PreparedDraw, rng: JumpableRandomGenerator, seed: number, attempt: number, mean: number) {
  const { pool, blueprint, chosen, chosenCell, totalItems } = draw;
  const items: PaperItem[] = [];
  const optionCounts: number[] = [];
  for (const type of ITEM_TYPES) {
    const group: PaperItem[] = [];
    const counts: number[] = [];
    for (let k = 0; k < totalItems; k++) {
      const item = pool[chosen[k]!]!;
      if (item.type !== type) continue;
      const cell = chosenCell[k]!;
      group.push({
        itemId: item.id,
        version: item.version,
        type,
        cell,
        points: blueprint.cells[cell]!.points,
        difficulty: item.difficulty,
        optionOrder: '',
      });
      counts.push(type === 'true_false' ? 0 : Math.min(item.optionCount, OPTION_LETTERS.length));
    }
    if (blueprint.shuffleItems) {
      for (let i = group.length - 1; i > 0; i--) {
        const j = uniformInt(rng, 0, i);
        const t = group[i]!;
        group[i] = group[j]!;
        group[j] = t;
        const c = counts[i]!;
        counts[i] = counts[j]!;
        counts[j] = c;
      }
      items.push(...group);
      optionCounts.push(...counts);
    } else {
      const order = group
        .map((_, i) => i)
        .sort((a, b) => group[a]!.cell - group[b]!.cell || group[a]!.itemId - group[b]!.itemId);
      for (const i of order) {
        items.push(group[i]!);
        optionCounts.push(counts[i]!);
      }
    }
  }
  const letters: string[] = [];
  items.forEach((entry, index) => {
    const n = optionCounts[index]!;
    if (n === 0) return;
    letters.length = 0;
    for (let i = 0; i < n; i++) letters.push(OPTION_LETTERS[i]!);
    if (blueprint.shuffleOptions) {
      for (let i = n - 1; i > 0; i--) {
        const j = uniformInt(rng, 0, i);
        const t = letters[i]!;
        letters[i] = letters[j]!;
        letters[j] = t;
      }
    }
    entry.optionOrder = letters.join('');
  });
  return {
    algorithmVersion: draw.algorithmVersion,
    seed,
    attempt,
    items,
    totalPoints: PAPER_TOTAL_POINTS,
    meanDifficulty: Math.round(mean * 10000) / 10000,
  } satisfies Paper;
}

/**
 * The paper of one candidate and subject: the same inputs always give the same paper. For many papers of one
 * blueprint, prepareDraw once and drawPrepared per seed (the same result, without sorting the pool each time).
 */
export function drawPaper(
  blueprint: Blueprint,
  pool: readonly PoolItem[],
  seed: number,
  algorithmVersion: number = PAPER_ALGORITHM_VERSION,
): DrawResult {
  if (!isPaperSeed(seed)) return seedRefusal();
  const prepared = prepareDraw(blueprint, pool, algorithmVersion);
  if (!prepared.ok) return prepared;
  return drawPrepared(prepared.draw, seed);
}

// ─── Answers through the shuffled options ──────────────────────────────────────────────────────────────

/**
 * The original letters (ascending, canonical) of what a candidate chose among the displayed letters, or null if a
 * displayed letter is not on the item. True/false answers ('T'/'F', optionOrder '') pass through.
 */
export function displayedToOriginal(optionOrder: string, displayed: string): string | null {
  if (optionOrder === '') return displayed === 'T' || displayed === 'F' ? displayed : null;
  const original = new Set<string>();
  for (const letter of displayed) {
    const position = OPTION_LETTERS.indexOf(letter as (typeof OPTION_LETTERS)[number]);
    const source = position >= 0 ? optionOrder[position] : undefined;
    if (source === undefined) return null;
    original.add(source);
  }
  return OPTION_LETTERS.filter((letter) => original.has(letter)).join('');
}

/** The displayed letters (ascending) of original letters: the key shown to this candidate, e.g. in a 复核. */
export function originalToDisplayed(optionOrder: string, original: string): string | null {
  if (optionOrder === '') return original === 'T' || original === 'F' ? original : null;
  const shown = new Set<string>();
  for (const letter of original) {
    const position = optionOrder.indexOf(letter);
    if (position < 0) return null;
    shown.add(OPTION_LETTERS[position]!);
  }
  return OPTION_LETTERS.filter((letter) => shown.has(letter)).join('');
}
