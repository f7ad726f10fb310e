import { describe, expect, it } from 'vitest';
import {
  type AnalysisItem,
  correlation,
  DEFAULT_ITEM_ANALYSIS_BOUNDS,
  ItemAnalysis,
  itemAnalysisBounds,
  itemFlags,
} from './item-analysis.js';

/*
 * The hand-computed data set: 6 candidates × 4 items of 1 point each.
 *   item 1: single, options ABCD, key A        item 2: single, key B
 *   item 3: multiple, key AC                   item 4: true/false, key T (everyone right)
 * Candidates 1–3 see the options as ABCD, 4–6 as DCBA (shown A = original D, B = C, C = B, D = A).
 *
 *        shown answers (1 2 3 4)   original          right   total  rest score per item (total − own)
 *   c1   A  B  AC  T               A  B  AC  T       1 1 1 1   4     3 3 3 3
 *   c2   A  B  A   T               A  B  A   T       1 1 0 1   3     2 2 3 2
 *   c3   A  C  AC  T               A  C  AC  T       1 0 1 1   3     2 3 2 2
 *   c4   D  C  D   T               A  B  A   T       1 1 0 1   3     2 2 3 2
 *   c5   D  A  AB  T               A  D  CD  T       1 0 0 1   2     1 2 2 1
 *   c6   A  -  B   T               D  -  C   T       0 0 0 1   1     1 1 1 0
 *
 * Item 1: x = 1 1 1 1 1 0, y = 3 2 2 2 1 1: n=6 Σx=5 Σy=11 Σy²=23 Σxy=10
 *   r = (6·10 − 5·11) / √((6·5 − 25)(6·23 − 121)) = 5/√(5·17) = 5/√85 = 0.542326
 * Item 2: x = 1 1 0 1 0 0, y = 3 2 3 2 2 1: Σx=3 Σy=13 Σy²=31 Σxy=7
 *   r = (42 − 39) / √((18 − 9)(186 − 169)) = 3/√153 = 0.242536
 * Item 3: x = 1 0 1 0 0 0, y = 3 3 2 3 2 1: Σx=2 Σy=14 Σy²=36 Σxy=5
 *   r = (30 − 28) / √((12 − 4)(216 − 196)) = 2/√160 = 0.158114
 * Item 4: everyone right: the item does not vary, r undefined → null.
 * p = 5/6, 1/2, 1/3, 1.
 * KR-20: totals 4 3 3 3 2 1, mean 16/6, σ² = 48/6 − (16/6)² = 8/9; Σpq = 5/36 + 9/36 + 8/36 + 0 = 11/18;
 *   KR-20 = 4/3 · (1 − (11/18)/(8/9)) = 4/3 · 5/16 = 5/12 = 0.416667. sd = √(8/9) = 0.942809.
 * Option rates (original letters): item 1 A 5/6, D 1/6; item 2 B 3/6, C 1/6, D 1/6, blank 1/6;
 *   item 3 A 4/6, C 4/6, D 1/6 (a multiple choice counts each letter chosen); item 4 T 1.
 */
const ABCD = 'ABCD';
const DCBA = 'DCBA';
function paperOf(order: string): AnalysisItem[] {
  // Keys in the letters as shown: original A shown as D under DCBA, B as C, AC as BD.
  const shown = (original: string) =>
    order === ABCD
      ? original
      : [...original]
          .map((l) => 'ABCD'[order.indexOf(l)])
          .sort()
          .join('');
  return [
    { itemId: 1, version: 1, points: 1, key: shown('A'), optionOrder: order },
    { itemId: 2, version: 1, points: 1, key: shown('B'), optionOrder: order },
    { itemId: 3, version: 2, points: 1, key: shown('AC'), optionOrder: order },
    { itemId: 4, version: 1, points: 1, key: 'T', optionOrder: '' },
  ];
}
const answersOf = (...a: string[]) => new Map(a.map((x, i) => [i + 1, x] as [number, string]).filter(([, x]) => x));
const DATA: [string, Map<number, string>][] = [
  [ABCD, answersOf('A', 'B', 'AC', 'T')],
  [ABCD, answersOf('A', 'B', 'A', 'T')],
  [ABCD, answersOf('A', 'C', 'AC', 'T')],
  [DCBA, answersOf('D', 'C', 'D', 'T')],
  [DCBA, answersOf('D', 'A', 'AB', 'T')],
  [DCBA, answersOf('A', '', 'B', 'T')],
];

function analysed() {
  const a = new ItemAnalysis();
  for (const [order, answers] of DATA) a.add(paperOf(order), answers);
  return a;
}

describe('item analysis on the hand-computed data set', () => {
  it('difficulty, discrimination with the rest score, option rates', () => {
    const items = analysed().itemStatistics();
    expect(items.map((i) => [i.itemId, i.version, i.attempts, i.correct])).toEqual([
      [1, 1, 6, 5],
      [2, 1, 6, 3],
      [3, 2, 6, 2],
      [4, 1, 6, 6],
    ]);
    expect(items.map((i) => i.p)).toEqual([0.8333, 0.5, 0.3333, 1]);
    expect(items[0]!.discrimination).toBeCloseTo(5 / Math.sqrt(85), 4);
    expect(items[1]!.discrimination).toBeCloseTo(3 / Math.sqrt(153), 4);
    expect(items[2]!.discrimination).toBeCloseTo(2 / Math.sqrt(160), 4);
    expect(items[3]!.discrimination).toBeNull();
    expect(items[0]!.optionRates).toEqual({ A: 0.8333, D: 0.1667 });
    expect(items[1]!.optionRates).toEqual({ B: 0.5, C: 0.1667, D: 0.1667 });
    expect(items[1]!.blankRate).toBe(0.1667);
    expect(items[2]!.optionRates).toEqual({ A: 0.6667, C: 0.6667, D: 0.1667 });
    expect(items[3]!.optionRates).toEqual({ T: 1 });
    expect(items[3]!.blankRate).toBe(0);
  });

  it('KR-20, mean, sd and the distribution of the subject', () => {
    const s = analysed().subjectStatistics();
    expect(s.attempts).toBe(6);
    expect(s.itemsPerPaper).toBe(4);
    expect(s.maxScore).toBe(4);
    expect(s.mean).toBeCloseTo(16 / 6, 4);
    expect(s.sd).toBeCloseTo(Math.sqrt(8 / 9), 4);
    expect(s.kr20).toBeCloseTo(5 / 12, 4);
    expect(s.histogram).toEqual([
      { from: 0, to: 1, count: 0 },
      { from: 1, to: 2, count: 1 },
      { from: 2, to: 3, count: 1 },
      { from: 3, to: 4, count: 4 },
    ]);
  });

  it('flags from the bounds: defaults, then the campaign’s own', () => {
    expect(
      analysed()
        .itemStatistics()
        .map((i) => i.flags),
    ).toEqual([[], [], [], ['too_easy']]);
    const strict = itemAnalysisBounds({ minDiscrimination: 0.2, minP: 0.4 });
    expect(strict).toEqual({ minP: 0.4, maxP: 0.95, minDiscrimination: 0.2 });
    expect(
      analysed()
        .itemStatistics(strict)
        .map((i) => i.flags),
    ).toEqual([[], [], ['too_hard', 'low_discrimination'], ['too_easy']]);
    expect(itemAnalysisBounds(null)).toEqual(DEFAULT_ITEM_ANALYSIS_BOUNDS);
    expect(itemAnalysisBounds({ minP: 'x', maxP: 7 })).toEqual(DEFAULT_ITEM_ANALYSIS_BOUNDS);
    expect(itemFlags(0.1, null, DEFAULT_ITEM_ANALYSIS_BOUNDS)).toEqual(['too_hard']);
  });

  it('undefined statistics are null, never NaN', () => {
    expect(correlation(1, 1, 1, 3, 9, 3)).toBeNull();
    expect(correlation(3, 3, 3, 6, 14, 6)).toBeNull();
    const one = new ItemAnalysis();
    one.add(paperOf(ABCD), answersOf('A'));
    const s = one.subjectStatistics();
    expect(s.kr20).toBeNull();
    expect(s.sd).toBe(0);
    expect(one.itemStatistics().every((i) => i.discrimination === null)).toBe(true);
    const none = new ItemAnalysis().subjectStatistics();
    expect(none).toMatchObject({ attempts: 0, mean: null, sd: null, kr20: null, histogram: [] });
  });

  it('points count in the rest score: an item of 2 points', () => {
    const a = new ItemAnalysis();
    const paper = (): AnalysisItem[] => [
      { itemId: 1, version: 1, points: 2, key: 'A', optionOrder: 'AB' },
      { itemId: 2, version: 1, points: 1, key: 'T', optionOrder: '' },
    ];
    a.add(paper(), answersOf('A', 'T')); // total 3; rest for item 2 = 2
    a.add(paper(), answersOf('B', 'T')); // total 1; rest for item 2 = 0
    a.add(paper(), answersOf('B', 'F')); // total 0; rest for item 2 = 0
    // item 2: x = 1 1 0, y = 2 0 0: r = (3·2 − 2·2)/√((6−4)(12−4)) = 2/4 = 0.5
    expect(a.itemStatistics()[1]!.discrimination).toBe(0.5);
    expect(a.subjectStatistics().mean).toBeCloseTo(4 / 3, 4);
  });
});
