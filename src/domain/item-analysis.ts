/**
 * Item analysis (试题分析, issue 17 part 5): after a sitting, per item version its difficulty (share correct), its
 * discrimination (point-biserial correlation of the item with the rest score, the subject's score minus the item's
 * own points) and how often each of the bank's options was chosen; per subject the KR-20 reliability, the score
 * distribution, mean and standard deviation; items outside the campaign's bounds flagged for the bank managers.
 *
 * Streaming: `ItemAnalysis.add` takes one finished subject (its paper and answers) at a time and keeps only sums
 * (counts, Σy, Σy², Σxy per item; Σt, Σt² of the number correct; a count per distinct score), so 100,000 attempts of
 * 100 items are 10 million additions and memory is per item, not per attempt.
 *
 * Papers differ per candidate (drawn from a pool, options shuffled), so an item's statistics are over the candidates
 * whose paper held it, and option rates are per the bank's original letters (the displayed letters mapped back
 * through the paper's option order, as paper.ts displayedToOriginal does). KR-20 generalises to drawn papers as k/(k−1)·(1 − E[Σ pᵢqᵢ]/σ²): the expected
 * Σ pᵢqᵢ over a candidate's own items, i.e. Σᵢ (nᵢ/N)·pᵢqᵢ; with one fixed form it is the textbook formula. KR-20
 * is of the number correct (items scored 0/1); mean, sd and the distribution are of the score (points).
 * Variances are population variances (divided by N), as in the textbook KR-20.
 */

/** One item of a candidate's paper, in the order shown. */
export interface AnalysisItem {
  itemId: number;
  version: number;
  points: number;
  /** The key in the letters as shown to this candidate (scoring's key). */
  key: string;
  /** The original letters in the order shown ('' for true/false), as on the paper. */
  optionOrder: string;
}

export interface ItemAnalysisBounds {
  /** Below: too hard. */
  minP: number;
  /** Above: too easy. */
  maxP: number;
  /** Below: discriminates too little. */
  minDiscrimination: number;
}

export const DEFAULT_ITEM_ANALYSIS_BOUNDS: Readonly<ItemAnalysisBounds> = {
  minP: 0.2,
  maxP: 0.95,
  minDiscrimination: 0.15,
};

/** Fewer finished attempts than this: the statistics are shaky and the page says so. */
export const FEW_ATTEMPTS = 30;

/** Reads the bounds from a campaign's stored `examSettings.itemAnalysis` (any of them may be missing). */
export function itemAnalysisBounds(stored: unknown): ItemAnalysisBounds {
  const s = (stored && typeof stored === 'object' ? stored : {}) as Partial<Record<keyof ItemAnalysisBounds, unknown>>;
  const share = (v: unknown, fallback: number) =>
    typeof v === 'number' && Number.isFinite(v) && v >= -1 && v <= 1 ? v : fallback;
  return {
    minP: share(s.minP, DEFAULT_ITEM_ANALYSIS_BOUNDS.minP),
    maxP: share(s.maxP, DEFAULT_ITEM_ANALYSIS_BOUNDS.maxP),
    minDiscrimination: share(s.minDiscrimination, DEFAULT_ITEM_ANALYSIS_BOUNDS.minDiscrimination),
  };
}

export const ITEM_FLAGS = ['too_hard', 'too_easy', 'low_discrimination'] as const;
export type ItemFlag = (typeof ITEM_FLAGS)[number];
export const ITEM_FLAG_LABELS: Readonly<Record<ItemFlag, string>> = {
  too_hard: '过难',
  too_easy: '过易',
  low_discrimination: '区分度低',
};

export function itemFlags(p: number, discrimination: number | null, bounds: ItemAnalysisBounds): ItemFlag[] {
  const flags: ItemFlag[] = [];
  if (p < bounds.minP) flags.push('too_hard');
  if (p > bounds.maxP) flags.push('too_easy');
  if (discrimination !== null && discrimination < bounds.minDiscrimination) flags.push('low_discrimination');
  return flags;
}

/** Pearson's r from sums; null when either variable does not vary (or fewer than two pairs). */
export function correlation(
  n: number,
  sumX: number,
  sumX2: number,
  sumY: number,
  sumY2: number,
  sumXY: number,
): number | null {
  if (n < 2) return null;
  const vx = n * sumX2 - sumX * sumX;
  const vy = n * sumY2 - sumY * sumY;
  // Relative tolerance: sums of equal values cancel exactly only in exact arithmetic.
  if (vx <= 1e-9 * Math.max(1, n * sumX2) || vy <= 1e-9 * Math.max(1, n * sumY2)) return null;
  const r = (n * sumXY - sumX * sumY) / Math.sqrt(vx * vy);
  return Math.max(-1, Math.min(1, r));
}

export interface ItemStatistics {
  itemId: number;
  version: number;
  /** Candidates whose paper held the item. */
  attempts: number;
  correct: number;
  /** Difficulty: share correct. */
  p: number;
  /** Point-biserial with the rest score; null when undefined (everyone right or wrong, or rest scores all equal). */
  discrimination: number | null;
  /** Per original letter (A–F, or T/F): the share of candidates who chose it (a multiple choice counts each letter). */
  optionRates: Record<string, number>;
  /** Share of candidates who left it blank. */
  blankRate: number;
  flags: ItemFlag[];
}

export interface HistogramBin {
  from: number;
  to: number;
  count: number;
}

export interface SubjectStatistics {
  attempts: number;
  /** Items per paper (the mean, should papers differ in length). */
  itemsPerPaper: number;
  /** The highest score a paper allowed (sum of points; the largest seen). */
  maxScore: number;
  mean: number | null;
  sd: number | null;
  /** KR-20 of the number correct; null with fewer than two attempts, one item, or no variance. */
  kr20: number | null;
  histogram: HistogramBin[];
}

interface ItemSums {
  itemId: number;
  version: number;
  n: number;
  correct: number;
  sumY: number;
  sumY2: number;
  sumXY: number;
  blank: number;
  choices: Map<string, number>;
}

const round = (x: number, digits = 4) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** The streaming accumulator of one campaign subject. */
export class ItemAnalysis {
  private readonly items = new Map<string, ItemSums>();
  private attempts = 0;
  private sumItems = 0;
  private sumT = 0;
  private sumT2 = 0;
  private sumScore = 0;
  private sumScore2 = 0;
  private maxScore = 0;
  /** Count per score in hundredths (scores are discrete: at most 10,001 keys for a paper of 100 points). */
  private readonly scores = new Map<number, number>();

  /** One finished subject: its paper's items in the order shown and its answers (position 1-based → letters shown). */
  add(paper: readonly AnalysisItem[], answers: ReadonlyMap<number, string>): void {
    const n = paper.length;
    const right = new Uint8Array(n);
    let hundredths = 0;
    let maxHundredths = 0;
    let numberCorrect = 0;
    for (let i = 0; i < n; i++) {
      const item = paper[i]!;
      const answer = answers.get(i + 1) ?? '';
      const points = Math.round(item.points * 100);
      maxHundredths += points;
      if (answer !== '' && answer === item.key) {
        right[i] = 1;
        hundredths += points;
        numberCorrect++;
      }
    }
    const score = hundredths / 100;
    for (let i = 0; i < n; i++) {
      const item = paper[i]!;
      const id = `${item.itemId}:${item.version}`;
      let sums = this.items.get(id);
      if (!sums) {
        sums = {
          itemId: item.itemId,
          version: item.version,
          n: 0,
          correct: 0,
          sumY: 0,
          sumY2: 0,
          sumXY: 0,
          blank: 0,
          choices: new Map(),
        };
        this.items.set(id, sums);
      }
      const x = right[i]!;
      const y = x === 1 ? (hundredths - Math.round(item.points * 100)) / 100 : score;
      sums.n++;
      sums.correct += x;
      sums.sumY += y;
      sums.sumY2 += y * y;
      if (x === 1) sums.sumXY += y;
      const answer = answers.get(i + 1) ?? '';
      if (answer === '') {
        sums.blank++;
        continue;
      }
      // Each displayed letter counted under its original letter (displayedToOriginal, without its allocations: this
      // runs once per answer); an answer naming a letter the item does not show is not counted at all.
      const order = item.optionOrder;
      if (order === '') {
        if (answer === 'T' || answer === 'F') sums.choices.set(answer, (sums.choices.get(answer) ?? 0) + 1);
        continue;
      }
      let valid = true;
      for (let k = 0; k < answer.length; k++) {
        const at = answer.charCodeAt(k) - 65;
        if (at < 0 || at >= order.length) valid = false;
      }
      if (!valid) continue;
      for (let k = 0; k < answer.length; k++) {
        const letter = order[answer.charCodeAt(k) - 65]!;
        sums.choices.set(letter, (sums.choices.get(letter) ?? 0) + 1);
      }
    }
    this.attempts++;
    this.sumItems += n;
    this.sumT += numberCorrect;
    this.sumT2 += numberCorrect * numberCorrect;
    this.sumScore += score;
    this.sumScore2 += score * score;
    if (maxHundredths / 100 > this.maxScore) this.maxScore = maxHundredths / 100;
    this.scores.set(hundredths, (this.scores.get(hundredths) ?? 0) + 1);
  }

  get count(): number {
    return this.attempts;
  }

  itemStatistics(bounds: ItemAnalysisBounds = DEFAULT_ITEM_ANALYSIS_BOUNDS): ItemStatistics[] {
    const out: ItemStatistics[] = [];
    for (const s of this.items.values()) {
      const p = s.correct / s.n;
      const r = correlation(s.n, s.correct, s.correct, s.sumY, s.sumY2, s.sumXY);
      const discrimination = r === null ? null : round(r);
      const optionRates: Record<string, number> = {};
      for (const [letter, count] of [...s.choices].sort(([a], [b]) => (a < b ? -1 : 1))) {
        optionRates[letter] = round(count / s.n);
      }
      out.push({
        itemId: s.itemId,
        version: s.version,
        attempts: s.n,
        correct: s.correct,
        p: round(p),
        discrimination,
        optionRates,
        blankRate: round(s.blank / s.n),
        flags: itemFlags(p, r, bounds),
      });
    }
    return out.sort((a, b) => a.itemId - b.itemId || a.version - b.version);
  }

  /** `bins` equal bins over [0, maxScore], the last one closed. */
  subjectStatistics(bins = 20): SubjectStatistics {
    const n = this.attempts;
    const histogram: HistogramBin[] = [];
    if (n === 0) return { attempts: 0, itemsPerPaper: 0, maxScore: 0, mean: null, sd: null, kr20: null, histogram };
    const mean = this.sumScore / n;
    const variance = Math.max(0, this.sumScore2 / n - mean * mean);
    const k = this.sumItems / n;
    const meanT = this.sumT / n;
    const varT = this.sumT2 / n - meanT * meanT;
    let sumPQ = 0;
    for (const s of this.items.values()) {
      const p = s.correct / s.n;
      sumPQ += (s.n / n) * p * (1 - p);
    }
    const kr20 = n >= 2 && k > 1 && varT > 1e-12 ? round((k / (k - 1)) * (1 - sumPQ / varT)) : null;
    const max = this.maxScore;
    const count = max > 0 ? Math.max(1, Math.min(bins, Math.ceil(max))) : 1;
    const width = max > 0 ? max / count : 1;
    for (let i = 0; i < count; i++)
      histogram.push({ from: round(i * width, 2), to: round((i + 1) * width, 2), count: 0 });
    for (const [hundredths, c] of this.scores) {
      const at = Math.min(count - 1, Math.max(0, Math.floor(hundredths / 100 / width)));
      histogram[at]!.count += c;
    }
    return {
      attempts: n,
      itemsPerPaper: round(k, 2),
      maxScore: max,
      mean: round(mean),
      sd: round(Math.sqrt(variance)),
      kr20,
      histogram,
    };
  }
}
