import { describe, expect, it } from 'vitest';
import {
  BLUEPRINT_PROBLEM_CODES,
  type Blueprint,
  type BlueprintCell,
  checkCampaignSufficiency,
  checkSufficiency,
  defaultBlueprint,
  describeCell,
  drawOrder,
  isNestedIn,
  type PoolItem,
  validateBlueprint,
} from './blueprint.js';
import type { ItemType } from './items.js';

function cell(
  type: ItemType,
  count: number,
  points: number,
  knowledgePoint: string | null = null,
  min = 1,
  max = 5,
): BlueprintCell {
  return { type, knowledgePoint, difficulty: { min, max }, count, points };
}

function buildBlueprint(overrides: Partial<Blueprint> = {}): Blueprint {
  return { ...defaultBlueprint('ethics'), ...overrides };
}

/** `n` items of one kind, ids from `firstId`. */
function items(n: number, type: ItemType, knowledgePoint: string, difficulty: number, firstId: number): PoolItem[] {
  return Array.from({ length: n }, (_, i) => ({
    id: firstId + i,
    version: 1,
    type,
    knowledgePoint,
    difficulty,
    optionCount: type === 'true_false' ? 0 : 4,
  }));
}

const codes = (bp: Blueprint) => validateBlueprint(bp).map((p) => p.code);

describe('validateBlueprint', () => {
  it('accepts the default: 50 single and 50 multiple choice, 1 point each, 60 minutes, pass at 60', () => {
    const bp = defaultBlueprint('ability');
    expect(bp).toMatchObject({ durationMinutes: 60, passLine: 60, difficultyTolerance: 0.3 });
    expect(validateBlueprint(bp)).toEqual([]);
    expect(validateBlueprint(defaultBlueprint('skill', 12, 4))).toEqual([]);
  });

  it('accepts nested cells and fractional points that total 100', () => {
    const bp = buildBlueprint({
      cells: [
        cell('single', 40, 1),
        cell('single', 10, 1, '安全用电', 1, 3),
        cell('multiple', 20, 1.5),
        cell('true_false', 40, 0.5),
      ],
    });
    expect(validateBlueprint(bp)).toEqual([]);
  });

  it.each([
    ['points totalling 99', [cell('single', 99, 1)], 'BLUEPRINT_TOTAL_POINTS'],
    ['a count of zero', [cell('single', 0, 1), cell('multiple', 100, 1)], 'BLUEPRINT_CELL_COUNT_INVALID'],
    ['a fractional count', [cell('single', 2.5, 40)], 'BLUEPRINT_CELL_COUNT_INVALID'],
    ['a third of a point', [cell('single', 300, 1 / 3)], 'BLUEPRINT_CELL_POINTS_INVALID'],
    ['negative points', [cell('single', 100, -1)], 'BLUEPRINT_CELL_POINTS_INVALID'],
    ['a band upside down', [cell('single', 100, 1, null, 4, 2)], 'BLUEPRINT_CELL_BAND_INVALID'],
    ['a band below 1', [cell('single', 100, 1, null, 0, 3)], 'BLUEPRINT_CELL_BAND_INVALID'],
    ['an empty knowledge point', [cell('single', 100, 1, ' ')], 'BLUEPRINT_CELL_KNOWLEDGE_POINT_INVALID'],
    ['no cells', [], 'BLUEPRINT_NO_CELLS'],
    ['400 items', [cell('single', 400, 0.25)], 'BLUEPRINT_CELL_COUNT_INVALID'],
  ])('refuses %s', (_label, cells, code) => {
    expect(codes(buildBlueprint({ cells }))).toContain(code);
  });

  it('refuses a duplicate cell, naming both', () => {
    const bp = buildBlueprint({ cells: [cell('single', 50, 1, '安全'), cell('single', 50, 1, ' 安全 ')] });
    expect(validateBlueprint(bp)).toEqual([
      { code: 'BLUEPRINT_CELL_DUPLICATE', message: expect.stringContaining('重复'), cell: 1, otherCell: 0 },
    ]);
  });

  it('refuses cells that overlap without nesting', () => {
    const partial = [cell('single', 50, 1, null, 1, 3), cell('single', 50, 1, null, 3, 5)];
    expect(codes(buildBlueprint({ cells: partial }))).toEqual(['BLUEPRINT_CELLS_OVERLAP']);
    // A named point with a wider band than an "any" cell: neither contains the other.
    const crossed = [cell('single', 50, 1, null, 1, 2), cell('single', 50, 1, '安全', 1, 5)];
    expect(codes(buildBlueprint({ cells: crossed }))).toEqual(['BLUEPRINT_CELLS_OVERLAP']);
    // Disjoint: other point, other band, or other type.
    const apart = [
      cell('single', 25, 1, '安全'),
      cell('single', 25, 1, '消防'),
      cell('multiple', 25, 1, null, 1, 2),
      cell('multiple', 25, 1, null, 3, 5),
    ];
    expect(codes(buildBlueprint({ cells: apart }))).toEqual([]);
  });

  it.each([
    ['岗位技能 without a job type', { subject: 'skill' as const }, 'BLUEPRINT_JOB_TYPE_REQUIRED'],
    [
      '岗位技能 for 一级',
      { subject: 'skill' as const, jobTypeId: 3, grade: 1 as never },
      'BLUEPRINT_JOB_TYPE_REQUIRED',
    ],
    ['职业道德 with a grade', { grade: 4 as const }, 'BLUEPRINT_JOB_TYPE_NOT_ALLOWED'],
    ['a 5-minute exam', { durationMinutes: 5 }, 'BLUEPRINT_DURATION_INVALID'],
    ['a pass line of 0', { passLine: 0 }, 'BLUEPRINT_PASS_LINE_INVALID'],
    ['a zero tolerance', { difficultyTolerance: 0 }, 'BLUEPRINT_TOLERANCE_INVALID'],
    ['a target of 6', { targetDifficulty: 6 }, 'BLUEPRINT_TARGET_INVALID'],
  ])('refuses %s', (_label, overrides, code) => {
    expect(codes(buildBlueprint(overrides))).toEqual([code]);
  });

  it('documents every code and speaks Chinese', () => {
    const bp = buildBlueprint({ cells: [cell('single', 0, 0, '', 9, 1)], passLine: 0 });
    for (const problem of validateBlueprint(bp)) {
      expect(BLUEPRINT_PROBLEM_CODES[problem.code]).toBeTruthy();
      expect(problem.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('nesting and draw order', () => {
  it('draws a named point before any, and a narrow band before a wide one', () => {
    const cells = [
      cell('single', 30, 1),
      cell('single', 10, 1, null, 4, 5),
      cell('single', 10, 1, '安全', 1, 3),
      cell('multiple', 50, 1),
    ];
    expect(isNestedIn(cells[2]!, cells[0]!)).toBe(true);
    expect(isNestedIn(cells[1]!, cells[0]!)).toBe(true);
    expect(isNestedIn(cells[0]!, cells[2]!)).toBe(false);
    expect(isNestedIn(cells[0]!, cells[0]!)).toBe(false);
    expect(drawOrder(cells)).toEqual([2, 1, 0, 3]);
  });

  it('describes a cell in words', () => {
    expect(describeCell(cell('single', 1, 1, '安全用电', 1, 2))).toBe('单选题·安全用电·难度1–2');
    expect(describeCell(cell('true_false', 1, 1, null, 3, 3))).toBe('判断题·不限知识点·难度3');
  });
});

describe('checkSufficiency', () => {
  const pool = [
    ...items(60, 'single', '安全', 2, 1),
    ...items(60, 'single', '消防', 4, 101),
    ...items(80, 'multiple', '安全', 3, 201),
  ];

  it('says what each cell needs and has', () => {
    const report = checkSufficiency(defaultBlueprint('ethics'), pool);
    expect(report.ok).toBe(true);
    expect(report.cells).toEqual([
      expect.objectContaining({ cell: 0, needed: 50, matching: 120, reserved: 0, available: 120, sufficient: true }),
      expect.objectContaining({ cell: 1, needed: 50, matching: 80, reserved: 0, available: 80, sufficient: true }),
    ]);
    // Single: half 2s and half 4s → 3; multiple: all 3s.
    expect(report.expectedMean).toBe(3);
    expect(report.target).toBe(3);
    expect(report.meanRange).toEqual({ min: 2.5, max: 3.5 });
    expect(report.meanStdDev).toBeGreaterThan(0);
    expect(report.meanStdDev).toBeLessThan(0.1);
  });

  it('refuses a cell with too few items, with needed and available', () => {
    const bp = buildBlueprint({ cells: [cell('single', 50, 1), cell('multiple', 25, 2)] });
    const report = checkSufficiency(
      bp,
      items(49, 'single', '安全', 3, 1).concat(items(30, 'multiple', '安全', 3, 100)),
    );
    expect(report.ok).toBe(false);
    expect(report.cells[0]).toMatchObject({ needed: 50, available: 49, sufficient: false });
    expect(report.problems).toEqual([
      { code: 'BLUEPRINT_CELL_SHORT', cell: 0, message: expect.stringContaining('需要50道已审核试题，可用49道') },
    ]);
  });

  it('counts items that nested cells take first against the outer cell', () => {
    // 40 single of any point and 10 of 安全: the 10 come out of the 45 安全 items first, leaving 35 + 0 for "any".
    const bp = buildBlueprint({
      cells: [cell('single', 40, 1), cell('single', 10, 1, '安全'), cell('multiple', 50, 1)],
    });
    const report = checkSufficiency(bp, [...items(45, 'single', '安全', 3, 1), ...items(50, 'multiple', '甲', 3, 100)]);
    expect(report.cells[0]).toMatchObject({ needed: 40, matching: 45, reserved: 10, available: 35, sufficient: false });
    expect(report.cells[1]).toMatchObject({ needed: 10, matching: 45, reserved: 0, available: 45, sufficient: true });
    expect(report.problems.map((p) => p.code)).toEqual(['BLUEPRINT_CELL_SHORT']);
    expect(report.problems[0]!.message).toContain('其中10道由更具体的规则先行抽取');
  });

  it('refuses a pool that holds an item twice', () => {
    const report = checkSufficiency(defaultBlueprint('ethics'), [...pool, { ...pool[0]!, version: 2 }]);
    expect(report.problems.map((p) => p.code)).toEqual(['POOL_DUPLICATE_ITEM']);
  });

  it('refuses a target difficulty the pool cannot reach', () => {
    const report = checkSufficiency(buildBlueprint({ targetDifficulty: 4.5 }), pool);
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.code)).toEqual(['BLUEPRINT_DIFFICULTY_UNREACHABLE']);
    expect(report.problems[0]!.message).toContain('预计为3');
    expect(checkSufficiency(buildBlueprint({ targetDifficulty: 3.2 }), pool).ok).toBe(true);
  });

  it('refuses a tolerance tighter than the spread of small papers', () => {
    // Two items of 50 points from a pool of 1s and 5s: a paper's mean is 1, 3 or 5.
    const bp = buildBlueprint({ cells: [cell('single', 2, 50)] });
    const report = checkSufficiency(bp, [...items(10, 'single', '甲', 1, 1), ...items(10, 'single', '甲', 5, 11)]);
    expect(report.problems.map((p) => p.code)).toEqual(['BLUEPRINT_TOLERANCE_TOO_TIGHT']);
    expect(checkSufficiency({ ...bp, difficultyTolerance: 2 }, [...items(20, 'single', '甲', 3, 1)]).ok).toBe(true);
  });

  it('gives the expected mean of nested draws exactly', () => {
    // Inner: 10 of 安全 (all 1s). Outer "any": 10 from 20 安全 1s and 20 消防 5s, less the 10 taken: 10 1s, 20 5s.
    const bp = buildBlueprint({ cells: [cell('single', 10, 5), cell('single', 10, 5, '安全')] });
    const report = checkSufficiency(bp, [...items(20, 'single', '安全', 1, 1), ...items(20, 'single', '消防', 5, 21)]);
    const outerMean = (10 * 1 + 20 * 5) / 30;
    expect(report.expectedMean).toBeCloseTo((10 * 1 + 10 * outerMean) / 20, 3);
  });

  it('checks a whole campaign at once', () => {
    const result = checkCampaignSufficiency([
      { key: 'ethics', blueprint: defaultBlueprint('ethics'), pool },
      { key: 'skill:12:4', blueprint: defaultBlueprint('skill', 12, 4), pool: pool.slice(0, 10) },
    ]);
    expect(result.ok).toBe(false);
    expect(result.reports.map((r) => [r.key, r.report.ok])).toEqual([
      ['ethics', true],
      ['skill:12:4', false],
    ]);
  });
});
