import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  confirmRefusal,
  DEFAULT_PANEL_CRITERIA,
  isOwnUnit,
  type MemberTotal,
  type PanelCriterion,
  panelPassed,
  panelScore,
  panelSettingsOf,
  scheduleState,
  sheetTotal,
  validateCriteria,
  validateSheet,
} from './panel-review.js';

const totals = (...values: number[]): MemberTotal[] => values.map((total, i) => ({ memberId: i + 1, total }));

describe('criteria', () => {
  it('accepts the defaults and refuses weights that do not sum to 100, duplicates, bad maxima', () => {
    expect(validateCriteria(DEFAULT_PANEL_CRITERIA)).toEqual([]);
    const c = (key: string, name: string, weight: number, max = 100): PanelCriterion => ({ key, name, weight, max });
    expect(validateCriteria([c('a', '甲', 50), c('b', '乙', 40)]).map((p) => p.message)).toEqual([
      '各评审项目的权重合计须为 100%，现为 90%',
    ]);
    expect(validateCriteria([c('a', '甲', 50), c('a', '乙', 50)])[0]!.field).toBe('criteria.1.key');
    expect(validateCriteria([c('a', '甲', 50), c('b', '甲', 50)])[0]!.message).toContain('重复');
    expect(validateCriteria([c('a', '甲', 100, 0)])[0]!.field).toBe('criteria.0.max');
    expect(validateCriteria([c('a', '甲', 99.5), c('b', '乙', 0.5)]).length).toBeGreaterThan(0);
    expect(validateCriteria([])[0]!.message).toBe('至少设置一个评审项目');
  });

  it('reads stored settings, falling back to the defaults', () => {
    expect(panelSettingsOf(null)).toEqual({ criteria: DEFAULT_PANEL_CRITERIA, passLine: 60 });
    expect(panelSettingsOf({ passLine: 75, criteria: [{ key: 'x', name: '答辩', weight: 100, max: 50 }] })).toEqual({
      passLine: 75,
      criteria: [{ key: 'x', name: '答辩', weight: 100, max: 50 }],
    });
    expect(panelSettingsOf({ passLine: 120 }).passLine).toBe(60);
  });
});

describe('a member sheet', () => {
  const criteria: PanelCriterion[] = [
    { key: 'a', name: '工作业绩', weight: 30, max: 100 },
    { key: 'b', name: '技能', weight: 50, max: 40 },
    { key: 'c', name: '答辩', weight: 20, max: 30 },
  ];

  it('weights each score by its maximum and rounds the total half up to hundredths once', () => {
    // 80/100×30 + 30/40×50 + 20/30×20 = 24 + 37.5 + 13.333… = 74.8333… → 74.83
    expect(sheetTotal(criteria, { a: 80, b: 30, c: 20 })).toBe(74.83);
    expect(sheetTotal(criteria, { a: 100, b: 40, c: 30 })).toBe(100);
    expect(sheetTotal(criteria, { a: 0, b: 0, c: 0 })).toBe(0);
    // 0.25 → 84.125 exactly (a half): half up to 84.13, not binary 84.12.
    expect(sheetTotal([{ key: 'x', name: 'x', weight: 100, max: 400 }], { x: 336.5 })).toBe(84.13);
    expect(sheetTotal(criteria, { a: 80, b: 30 })).toBeNull();
  });

  it('refuses scores outside 0..max, with more than two decimals, unknown keys; a submitted sheet is complete', () => {
    expect(validateSheet(criteria, { a: 101 }, false)[0]!.message).toBe('「工作业绩」的得分须在 0–100 之间');
    expect(validateSheet(criteria, { b: -1 }, false)[0]!.field).toBe('scores.b');
    expect(validateSheet(criteria, { a: 10.005 }, false)[0]!.message).toContain('两位小数');
    expect(validateSheet(criteria, { z: 1 }, false)[0]!.message).toBe('没有评审项目「z」');
    expect(validateSheet(criteria, { a: 10 }, false)).toEqual([]);
    expect(validateSheet(criteria, { a: 10 }, true).map((p) => p.field)).toEqual(['scores.b', 'scores.c']);
    expect(validateSheet(criteria, { a: 10.25, b: 40, c: 0 }, true)).toEqual([]);
  });

  it('a total is always within 0..100', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 3, maxLength: 3 }), (raw) => {
        const scores = { a: Math.min(raw[0]!, 10_000) / 100, b: (raw[1]! % 4001) / 100, c: (raw[2]! % 3001) / 100 };
        const total = sheetTotal(criteria, scores)!;
        return total >= 0 && total <= 100 && Number.isInteger(Math.round(total * 100));
      }),
    );
  });
});

describe('the panel score', () => {
  it('four members: the plain mean, nothing dropped', () => {
    expect(panelScore(totals(80, 70, 90, 61))).toEqual({ score: 75.25, count: 4, droppedHigh: null, droppedLow: null });
  });

  it('five members: one highest and one lowest dropped', () => {
    // Drop 95 (member 3) and 50 (member 5): (80 + 70 + 72) / 3 = 74
    expect(panelScore(totals(80, 70, 95, 72, 50))).toEqual({ score: 74, count: 5, droppedHigh: 3, droppedLow: 5 });
  });

  it('six and seven members', () => {
    // Drop 99 and 40: (81 + 77 + 85.5 + 60) / 4 = 75.875 → 75.88
    expect(panelScore(totals(81, 99, 77, 40, 85.5, 60))).toMatchObject({
      score: 75.88,
      droppedHigh: 2,
      droppedLow: 4,
    });
    expect(panelScore(totals(60, 61, 62, 63, 64, 65, 66)).score).toBe(63);
  });

  it('ties at the top and at the bottom: exactly one of the tied values is dropped (the first)', () => {
    // Tops 90, 90 → drop member 1's; bottoms 60, 60 → drop member 3's: (90 + 60 + 75) / 3 = 75
    expect(panelScore(totals(90, 90, 60, 60, 75))).toEqual({ score: 75, count: 5, droppedHigh: 1, droppedLow: 3 });
    // All equal: two of them dropped, the mean unchanged.
    expect(panelScore(totals(70, 70, 70, 70, 70))).toEqual({ score: 70, count: 5, droppedHigh: 1, droppedLow: 2 });
  });

  it('rounds the mean half up to hundredths', () => {
    // (80.01 + 80.02) / 2 = 80.015 → 80.02
    expect(panelScore(totals(80.01, 80.02)).score).toBe(80.02);
    // (70 + 70 + 71) / 3 = 70.333… → 70.33; (70 + 71 + 71) / 3 = 70.666… → 70.67
    expect(panelScore(totals(70, 70, 71)).score).toBe(70.33);
    expect(panelScore(totals(70, 71, 71)).score).toBe(70.67);
    expect(panelScore([]).score).toBeNull();
    expect(panelScore(totals(59.99)).score).toBe(59.99);
  });

  const member = fc.integer({ min: 0, max: 10_000 }).map((h) => h / 100);
  it('lies within [min, max] of the totals and ignores their order', () => {
    fc.assert(
      fc.property(fc.array(member, { minLength: 1, maxLength: 12 }), fc.integer(), (values, seed) => {
        const given = totals(...values);
        const { score } = panelScore(given);
        const shuffled = [...given].sort(
          (x, y) => ((x.memberId * 7919 + seed) % 13) - ((y.memberId * 7919 + seed) % 13),
        );
        return score! >= Math.min(...values) && score! <= Math.max(...values) && panelScore(shuffled).score === score;
      }),
    );
  });

  it('with five or more, the dropped ones hold the highest and the lowest value', () => {
    fc.assert(
      fc.property(fc.array(member, { minLength: 5, maxLength: 12 }), (values) => {
        const r = panelScore(totals(...values));
        return (
          values[r.droppedHigh! - 1] === Math.max(...values) &&
          values[r.droppedLow! - 1] === Math.min(...values) &&
          r.droppedHigh !== r.droppedLow
        );
      }),
    );
  });

  it('passes at or above the pass line', () => {
    expect(panelPassed(60, 60)).toBe(true);
    expect(panelPassed(59.99, 60)).toBe(false);
    expect(panelPassed(null, 0)).toBe(false);
  });
});

describe('rules around the sheets', () => {
  it('own unit, schedule, confirmation', () => {
    expect(isOwnUnit(5, 5)).toBe(true);
    expect(isOwnUnit(5, 6)).toBe(false);
    expect(isOwnUnit(null, 6)).toBe(false);
    const schedule = { startsAt: new Date('2026-12-01T00:00:00Z'), endsAt: new Date('2026-12-20T00:00:00Z') };
    expect(scheduleState(schedule, new Date('2026-11-30T23:59:59Z'))).toBe('before');
    expect(scheduleState(schedule, new Date('2026-12-06T00:00:00Z'))).toBe('open');
    expect(scheduleState(schedule, new Date('2026-12-20T00:00:01Z'))).toBe('ended');
    expect(confirmRefusal({ state: 'open', missing: 1, unscoredCandidates: 0 })).toBe('PANEL_SHEETS_OUTSTANDING');
    expect(confirmRefusal({ state: 'ended', missing: 1, unscoredCandidates: 0 })).toBeNull();
    expect(confirmRefusal({ state: 'ended', missing: 3, unscoredCandidates: 1 })).toBe('PANEL_CANDIDATE_UNSCORED');
    expect(confirmRefusal({ state: 'open', missing: 0, unscoredCandidates: 0 })).toBeNull();
  });
});
