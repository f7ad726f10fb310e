import fc from 'fast-check';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { describe, expect, it } from 'vitest';
import {
  type Blueprint,
  type BlueprintCell,
  cellMatches,
  checkSufficiency,
  defaultBlueprint,
  type PoolItem,
  pointsInHundredths,
} from './blueprint.js';
import { ITEM_TYPES, type ItemType, OPTION_LETTERS } from './items.js';
import {
  displayedToOriginal,
  drawPaper,
  drawPrepared,
  isPaperSeed,
  MAX_SEED,
  originalToDisplayed,
  PAPER_ALGORITHM_VERSION,
  type Paper,
  paperRandom,
  paperSeedMessage,
  prepareDraw,
  seedFromDigest,
} from './paper.js';

function cell(type: ItemType, count: number, points: number, knowledgePoint: string | null = null, min = 1, max = 5) {
  return { type, knowledgePoint, difficulty: { min, max }, count, points } satisfies BlueprintCell;
}

/** A deterministic pool: item i has a type, one of `points` knowledge points and a difficulty from its id. */
function buildPool(size: number, points = ['安全', '消防', '法规', '礼仪']): PoolItem[] {
  return Array.from({ length: size }, (_, i) => {
    const type = ITEM_TYPES[i % 3]!;
    return {
      id: 1000 + i * 7,
      version: 1 + (i % 2),
      type,
      knowledgePoint: points[(i >> 2) % points.length]!,
      difficulty: 1 + ((i * 13) % 5),
      optionCount: type === 'true_false' ? 0 : 4 + (i % 3),
    };
  });
}

const MIXED: Blueprint = {
  ...defaultBlueprint('skill', 12, 4),
  cells: [
    cell('single', 30, 1),
    cell('single', 10, 1, '安全', 1, 3),
    cell('multiple', 20, 1.5, null, 2, 5),
    cell('multiple', 10, 1.5, '消防', 3, 4),
    cell('true_false', 30, 0.5),
  ],
};

function expectOk(result: ReturnType<typeof drawPaper>): Paper {
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.paper;
}

/** Every property a drawn paper must have. */
function checkPaper(paper: Paper, bp: Blueprint, pool: readonly PoolItem[]) {
  const byKey = new Map(pool.map((item) => [`${item.id}@${item.version}`, item]));
  // No item twice.
  expect(new Set(paper.items.map((i) => i.itemId)).size).toBe(paper.items.length);
  // Each cell gets exactly its count, each item from the cell's pool, with the cell's points.
  bp.cells.forEach((c, index) => {
    const drawn = paper.items.filter((i) => i.cell === index);
    expect(drawn).toHaveLength(c.count);
    for (const entry of drawn) {
      const item = byKey.get(`${entry.itemId}@${entry.version}`)!;
      expect(item).toBeDefined();
      expect(cellMatches(c, item)).toBe(true);
      expect(entry.points).toBe(c.points);
      expect(entry.difficulty).toBe(item.difficulty);
    }
  });
  // Points total 100.
  expect(paper.items.reduce((s, i) => s + pointsInHundredths(i.points)!, 0)).toBe(10000);
  expect(paper.totalPoints).toBe(100);
  // Grouped by type in the order single, multiple, true/false.
  const typeOrder = paper.items.map((i) => ITEM_TYPES.indexOf(i.type));
  expect(typeOrder).toEqual([...typeOrder].sort((a, b) => a - b));
  // Options: a permutation of the item's letters (identity when not shuffled), none for true/false.
  for (const entry of paper.items) {
    const item = byKey.get(`${entry.itemId}@${entry.version}`)!;
    const letters = OPTION_LETTERS.slice(0, item.optionCount).join('');
    if (entry.type === 'true_false') expect(entry.optionOrder).toBe('');
    else if (bp.shuffleOptions) expect([...entry.optionOrder].sort().join('')).toBe(letters);
    else expect(entry.optionOrder).toBe(letters);
  }
}

describe('seeds', () => {
  it('takes the first six bytes of the digest, big-endian', () => {
    expect(seedFromDigest(new Uint8Array([0, 0, 0, 0, 1, 2, 99]))).toBe(258);
    expect(seedFromDigest(new Uint8Array(32).fill(255))).toBe(MAX_SEED);
    expect(MAX_SEED).toBe(2 ** 48 - 1);
    expect(() => seedFromDigest(new Uint8Array(5))).toThrow(RangeError);
  });

  it('knows a seed', () => {
    expect([0, 1, MAX_SEED].every(isPaperSeed)).toBe(true);
    expect([-1, 1.5, MAX_SEED + 1, Number.NaN, '3'].some(isPaperSeed)).toBe(false);
  });

  it('names campaign, application, subject and sitting in the signed message', () => {
    expect(paperSeedMessage({ campaignId: 3, applicationId: 1207, subject: 'ethics' })).toBe(
      'gongkao/paper-seed/v1|campaign=3|application=1207|subject=ethics|sitting=1',
    );
    expect(paperSeedMessage({ campaignId: 3, applicationId: 1207, subject: 'ethics', sitting: 2 })).toContain(
      'sitting=2',
    );
  });

  it('is pure-rand’s own xoroshiro128+ below 2^32, and uses the upper 16 bits too', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const ours = paperRandom(seed);
        const theirs = xoroshiro128plus(seed);
        for (let i = 0; i < 5; i++) expect(ours.next()).toBe(theirs.next());
      }),
    );
    const a = paperRandom(5);
    const b = paperRandom(5 + 2 ** 40);
    expect([a.next(), a.next()]).not.toEqual([b.next(), b.next()]);
  });
});

describe('drawPaper', () => {
  const pool = buildPool(900);

  it('draws a paper that keeps every rule', () => {
    expect(checkSufficiency(MIXED, pool).ok).toBe(true);
    const paper = expectOk(drawPaper(MIXED, pool, 123_456_789_012));
    checkPaper(paper, MIXED, pool);
    expect(paper).toMatchObject({ algorithmVersion: PAPER_ALGORITHM_VERSION, seed: 123_456_789_012 });
    expect(paper.items).toHaveLength(100);
  });

  it('gives the same paper for the same inputs, whatever order the pool comes in (a 复核 rebuild)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_SEED }), fc.integer(), (seed, shuffleSeed) => {
        const stored = expectOk(drawPaper(MIXED, pool, seed));
        const rng = xoroshiro128plus(shuffleSeed);
        const shuffled = pool.map((item) => ({ item, key: rng.next() }));
        shuffled.sort((a, b) => a.key - b.key);
        const rebuilt = expectOk(
          drawPaper(
            MIXED,
            shuffled.map((s) => s.item),
            seed,
            stored.algorithmVersion,
          ),
        );
        expect(rebuilt).toEqual(stored);
      }),
      { numRuns: 30 },
    );
  });

  it('gives the same paper from a prepared draw, in any order of seeds', () => {
    const prepared = prepareDraw(MIXED, pool);
    if (!prepared.ok) throw new Error(prepared.message);
    const seeds = [1, 2, 3, MAX_SEED, 77];
    const first = seeds.map((s) => drawPrepared(prepared.draw, s));
    const again = [...seeds].reverse().map((s) => drawPrepared(prepared.draw, s));
    expect(again.reverse()).toEqual(first);
    expect(first[0]).toEqual(drawPaper(MIXED, pool, 1));
  });

  it('draws other papers for other seeds', () => {
    const a = expectOk(drawPaper(MIXED, pool, 1));
    const b = expectOk(drawPaper(MIXED, pool, 2));
    expect(a.items.map((i) => i.itemId)).not.toEqual(b.items.map((i) => i.itemId));
  });

  it('keeps the order of the blueprint when items are not shuffled, and the options when they are not', () => {
    const bp = { ...MIXED, shuffleItems: false, shuffleOptions: false };
    const paper = expectOk(drawPaper(bp, pool, 99));
    checkPaper(paper, bp, pool);
    const keys = paper.items.map((i) => [ITEM_TYPES.indexOf(i.type), i.cell, i.itemId] as const);
    const sorted = [...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    expect(keys).toEqual(sorted);
  });

  it('keeps every rule for any blueprint and pool, or refuses with a code', () => {
    const poolArb = fc
      .uniqueArray(
        fc.record({
          id: fc.integer({ min: 1, max: 100_000 }),
          version: fc.integer({ min: 1, max: 3 }),
          type: fc.constantFrom(...ITEM_TYPES),
          knowledgePoint: fc.constantFrom('甲', '乙', '丙'),
          difficulty: fc.integer({ min: 1, max: 5 }),
          options: fc.integer({ min: 3, max: 6 }),
        }),
        { selector: (item) => item.id, minLength: 60, maxLength: 250 },
      )
      .map((items) =>
        items.map(({ options, ...item }) => ({ ...item, optionCount: item.type === 'true_false' ? 0 : options })),
      );
    // Cells that are pairwise disjoint or nested; N items of 100/N points split among the chosen cells.
    const shapes = [
      cell('single', 1, 1),
      cell('single', 1, 1, '甲', 1, 3),
      cell('multiple', 1, 1, null, 2, 5),
      cell('multiple', 1, 1, '乙', 4, 5),
      cell('true_false', 1, 1),
    ];
    const blueprintArb = fc
      .record({
        chosen: fc.subarray(shapes, { minLength: 1 }),
        total: fc.constantFrom(4, 5, 8, 10, 16, 20, 25),
        cuts: fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 5, maxLength: 5 }),
        shuffleItems: fc.boolean(),
        shuffleOptions: fc.boolean(),
        target: fc.constantFrom(null, null, 2.8, 3, 3.3),
        tolerance: fc.constantFrom(0.3, 1, 4),
      })
      .filter(({ chosen, total }) => chosen.length <= total)
      .map(({ chosen, total, cuts, shuffleItems, shuffleOptions, target, tolerance }) => {
        // Split `total` into chosen.length positive counts.
        const counts = chosen.map(() => 1);
        for (let r = total - chosen.length, i = 0; r > 0; r--, i++) counts[cuts[i % 5]! % chosen.length]! += 1;
        return {
          ...defaultBlueprint('ethics'),
          shuffleItems,
          shuffleOptions,
          targetDifficulty: target,
          difficultyTolerance: tolerance,
          cells: chosen.map((c, i) => ({ ...c, count: counts[i]!, points: 100 / total })),
        } satisfies Blueprint;
      });
    let drawn = 0;
    fc.assert(
      fc.property(blueprintArb, poolArb, fc.integer({ min: 0, max: MAX_SEED }), (bp, pool, seed) => {
        const result = drawPaper(bp, pool, seed);
        const report = checkSufficiency(bp, pool);
        if (!result.ok) {
          expect(['PAPER_BLUEPRINT_UNUSABLE', 'PAPER_DIFFICULTY_OUT_OF_TOLERANCE']).toContain(result.code);
          // A pool that passes the check never runs dry.
          if (result.code === 'PAPER_BLUEPRINT_UNUSABLE') expect(report.ok).toBe(false);
          return;
        }
        drawn++;
        checkPaper(result.paper, bp, pool);
        expect(Math.abs(result.paper.meanDifficulty - report.target!)).toBeLessThanOrEqual(
          bp.difficultyTolerance + 1e-3,
        );
        expect(drawPaper(bp, [...pool].reverse(), seed)).toEqual(result);
      }),
      { numRuns: 300 },
    );
    expect(drawn).toBeGreaterThan(50);
  });

  it('redraws until the mean difficulty is within tolerance, and a rebuild finds the same attempt', () => {
    // Pool of 1s and 5s, 4 items: means 1, 2, 3, 4, 5 with binomial weights; target 3 ± 0.3 needs two of each.
    const bp: Blueprint = { ...defaultBlueprint('ethics'), targetDifficulty: 3, cells: [cell('single', 4, 25)] };
    const pool = buildPool(60).map((item) => ({ ...item, type: 'single' as const, difficulty: item.id % 2 ? 1 : 5 }));
    const attempts = new Set<number>();
    for (let seed = 0; seed < 40; seed++) {
      const paper = expectOk(drawPaper(bp, pool, seed));
      expect(paper.meanDifficulty).toBe(3);
      attempts.add(paper.attempt);
      expect(drawPaper(bp, pool, seed)).toEqual({ ok: true, paper });
    }
    expect(Math.max(...attempts)).toBeGreaterThan(0);
  });

  it('refuses, naming cells, when no attempt meets the tolerance', () => {
    // One item of 100 points from 1s and 5s: the mean is 1 or 5, never 3 ± 0.5.
    const bp: Blueprint = {
      ...defaultBlueprint('ethics'),
      difficultyTolerance: 0.5,
      cells: [cell('single', 1, 100)],
    };
    const pool = buildPool(60).map((item) => ({ ...item, type: 'single' as const, difficulty: item.id % 2 ? 1 : 5 }));
    const result = drawPaper(bp, pool, 5);
    expect(result).toMatchObject({ ok: false, code: 'PAPER_DIFFICULTY_OUT_OF_TOLERANCE', cells: [0] });
    if (!result.ok) expect(result.message).toContain('第1条规则（单选题·不限知识点·难度1–5）');
  });

  it('refuses a blueprint the pool cannot serve, an unknown algorithm and a bad seed', () => {
    expect(drawPaper(MIXED, pool.slice(0, 50), 1)).toMatchObject({ ok: false, code: 'PAPER_BLUEPRINT_UNUSABLE' });
    const short = drawPaper(MIXED, pool.slice(0, 50), 1);
    if (!short.ok) expect(short.cells.length).toBeGreaterThan(0);
    expect(drawPaper(MIXED, pool, 1, 99)).toMatchObject({ ok: false, code: 'PAPER_ALGORITHM_UNKNOWN' });
    expect(drawPaper(MIXED, pool, -1)).toMatchObject({ ok: false, code: 'PAPER_SEED_INVALID' });
    expect(drawPaper(MIXED, pool, 2 ** 53)).toMatchObject({ ok: false, code: 'PAPER_SEED_INVALID' });
  });

  it('draws algorithm version 1 exactly as it always has (golden paper: change the version, not this)', () => {
    const small: Blueprint = {
      ...defaultBlueprint('ethics'),
      cells: [cell('single', 3, 20), cell('multiple', 1, 20, '安全'), cell('true_false', 1, 20)],
    };
    const paper = expectOk(drawPaper(small, buildPool(60), 20_170_120, 1));
    expect(paper.items.map((i) => `${i.itemId}@${i.version}:${i.optionOrder}`)).toEqual(GOLDEN);
    // Five items against ±0.3: the eighth attempt (seven jumps) is the first within tolerance.
    expect(paper.attempt).toBe(7);
  });
});

const GOLDEN = ['1084@1:DCBA', '1336@1:DCBA', '1273@2:DBAC', '1133@2:EACDB', '1035@2:'];

describe('answers through shuffled options', () => {
  it('maps the letters a candidate chose back to the item’s own letters, and the key forth', () => {
    const order = fc
      .integer({ min: 2, max: 6 })
      .chain((n) => fc.shuffledSubarray([...OPTION_LETTERS.slice(0, n)], { minLength: n, maxLength: n }));
    fc.assert(
      fc.property(
        order.chain((letters) => fc.tuple(fc.constant(letters.join('')), fc.subarray(letters))),
        ([optionOrder, original]) => {
          const key = OPTION_LETTERS.filter((l) => original.includes(l)).join('');
          const shown = originalToDisplayed(optionOrder, key)!;
          expect(displayedToOriginal(optionOrder, shown)).toBe(key);
          // The option displayed at position i is the original optionOrder[i].
          for (const letter of shown) expect(key).toContain(optionOrder[OPTION_LETTERS.indexOf(letter as 'A')]);
        },
      ),
    );
  });

  it('reads a worked example', () => {
    // Shown A is original C, B is A, C is D, D is B; the key AB is shown as B and D.
    expect(originalToDisplayed('CADB', 'AB')).toBe('BD');
    expect(displayedToOriginal('CADB', 'DB')).toBe('AB');
    expect(displayedToOriginal('CADB', 'E')).toBeNull();
    expect(originalToDisplayed('CADB', 'F')).toBeNull();
  });

  it('passes true/false answers through', () => {
    expect(displayedToOriginal('', 'T')).toBe('T');
    expect(originalToDisplayed('', 'F')).toBe('F');
    expect(displayedToOriginal('', 'A')).toBeNull();
  });
});

describe('drawing at scale', () => {
  it('draws 30,000 papers of 100 items from a pool of 5,000 (prints the time)', () => {
    const pool = Array.from({ length: 5000 }, (_, i) => ({
      id: i + 1,
      version: 1,
      type: (i % 2 ? 'multiple' : 'single') as ItemType,
      knowledgePoint: `知识点${i % 20}`,
      difficulty: 1 + (i % 5),
      optionCount: 4,
    }));
    const bp: Blueprint = {
      ...defaultBlueprint('skill', 1, 4),
      cells: [
        cell('single', 40, 1),
        cell('single', 10, 1, '知识点0'),
        cell('multiple', 40, 1),
        cell('multiple', 10, 1, '知识点1', 1, 3),
      ],
    };
    const started = performance.now();
    const prepared = prepareDraw(bp, pool);
    if (!prepared.ok) throw new Error(prepared.message);
    let items = 0;
    for (let seed = 0; seed < 30_000; seed++) {
      const result = drawPrepared(prepared.draw, seed * 7919);
      if (!result.ok) throw new Error(result.message);
      items += result.paper.items.length;
    }
    const ms = performance.now() - started;
    console.log(
      `30,000 papers of 100 items from a pool of 5,000: ${ms.toFixed(0)} ms (${((ms / 30_000) * 1000).toFixed(1)} µs per paper)`,
    );
    expect(items).toBe(3_000_000);
    expect(ms).toBeLessThan(60_000);
  });
});
