import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PASS_LINE,
  examSubjectResult,
  examSubjectsOfGrade,
  gradePasses,
  isValidScore,
  passLinesOf,
  passRate,
  requiredSubjectsByGrade,
  resultSubjectsOfGrade,
  type SubjectResult,
  subjectPasses,
} from './scores.js';

const scored = (score: number): SubjectResult => ({ status: 'scored', score });
const lines = passLinesOf(null);

describe('pass lines', () => {
  it('defaults to 60 in each subject', () => {
    expect(lines).toEqual({ skill: 60, ethics: 60, ability: 60, basics: 60, panel: 60 });
    expect(DEFAULT_PASS_LINE).toBe(60);
  });
  it('reads the campaign setting and ignores unusable values', () => {
    expect(passLinesOf({ passLines: { skill: 70, ethics: '65', ability: 120, panel: 75 } })).toEqual({
      skill: 70,
      ethics: 60,
      ability: 60,
      basics: 60,
      panel: 75,
    });
    expect(passLinesOf({ passLines: { skill: 0 } }).skill).toBe(0);
    expect(passLinesOf('x')).toEqual(lines);
  });
  it("falls back on the exam subjects' 合格分数 (the settings page) when the full score is 100", () => {
    const settings = {
      subjects: [
        { code: 'basics', fullScore: 100, passScore: 65 },
        { code: 'skill', fullScore: 150, passScore: 90 },
      ],
      passLines: { panel: 70 },
    };
    expect(passLinesOf(settings)).toEqual({ skill: 60, ethics: 60, ability: 60, basics: 65, panel: 70 });
    expect(passLinesOf({ ...settings, passLines: { basics: 62 } }).basics).toBe(62);
  });
});

describe('subjectPasses', () => {
  it('59.99 fails, 60 passes, 60.01 passes', () => {
    expect(subjectPasses(scored(59.99), 60)).toBe(false);
    expect(subjectPasses(scored(60), 60)).toBe(true);
    expect(subjectPasses(scored(60.01), 60)).toBe(true);
  });
  it('compares in hundredths (a sum of doubles just under the line still counts as reached)', () => {
    expect(subjectPasses(scored(0.1 + 0.2 + 59.7), 60)).toBe(true);
    expect(subjectPasses(scored(72.5), 72.51)).toBe(false);
  });
  it('absent, voided and pending never pass', () => {
    expect(subjectPasses({ status: 'absent' }, 0)).toBe(false);
    expect(subjectPasses({ status: 'voided', tier: 1 }, 0)).toBe(false);
    expect(subjectPasses({ status: 'pending' }, 0)).toBe(false);
  });
});

describe('gradePasses', () => {
  it('grades 五 to 二 sit three subjects; 一级 two papers and the panel review', () => {
    for (const g of [2, 3, 4, 5]) {
      expect(examSubjectsOfGrade(g)).toEqual(['skill', 'ethics', 'ability']);
      expect(resultSubjectsOfGrade(g)).toEqual(['skill', 'ethics', 'ability']);
    }
    expect(examSubjectsOfGrade(1)).toEqual(['ethics', 'basics']);
    expect(resultSubjectsOfGrade(1)).toEqual(['ethics', 'basics', 'panel']);
    expect(resultSubjectsOfGrade(0)).toEqual([]);
    expect(resultSubjectsOfGrade(6)).toEqual([]);
    expect(
      requiredSubjectsByGrade()
        .filter((r) => r.grade === 1)
        .map((r) => r.subject),
    ).toEqual(['ethics', 'basics', 'panel']);
    expect(requiredSubjectsByGrade()).toHaveLength(15);
  });
  it('passes when all three pass, at the edges', () => {
    expect(gradePasses(4, { skill: scored(60), ethics: scored(60.01), ability: scored(100) }, lines)).toBe(true);
    expect(gradePasses(4, { skill: scored(60), ethics: scored(59.99), ability: scored(100) }, lines)).toBe(false);
  });
  it('fails with a subject missing, absent or voided', () => {
    expect(gradePasses(3, { skill: scored(90), ethics: scored(90) }, lines)).toBe(false);
    expect(gradePasses(3, { skill: scored(90), ethics: scored(90), ability: { status: 'absent' } }, lines)).toBe(false);
    const map = new Map<'skill' | 'ethics' | 'ability', SubjectResult>([
      ['skill', scored(90)],
      ['ethics', scored(90)],
      ['ability', { status: 'voided', tier: 2 }],
    ]);
    expect(gradePasses(3, map, lines)).toBe(false);
    map.set('ability', scored(61));
    expect(gradePasses(3, map, lines)).toBe(true);
  });
  it('uses each subject its own line', () => {
    const own = passLinesOf({ passLines: { skill: 70 } });
    expect(gradePasses(2, { skill: scored(69.99), ethics: scored(60), ability: scored(60) }, own)).toBe(false);
    expect(gradePasses(2, { skill: scored(70), ethics: scored(60), ability: scored(60) }, own)).toBe(true);
  });
  it('一级 passes on 职业道德, 专业基础知识 and 综合评审, each at its line', () => {
    const g1 = { ethics: scored(60), basics: scored(60), panel: scored(60) };
    expect(gradePasses(1, g1, lines)).toBe(true);
    expect(gradePasses(1, { ...g1, basics: scored(59.99) }, lines)).toBe(false);
    expect(gradePasses(1, { ...g1, panel: scored(59.99) }, lines)).toBe(false);
    expect(gradePasses(1, g1, passLinesOf({ passLines: { panel: 70 } }))).toBe(false);
  });
  it('一级 without the panel result is not passed (pending), nor with grade 五–二 subjects', () => {
    expect(gradePasses(1, { ethics: scored(100), basics: scored(100) }, lines)).toBe(false);
    expect(gradePasses(1, { ethics: scored(100), basics: scored(100), panel: { status: 'pending' } }, lines)).toBe(
      false,
    );
    expect(gradePasses(1, { skill: scored(100), ethics: scored(100), ability: scored(100) }, lines)).toBe(false);
  });
  it('grades 五–二 ignore 专业基础知识 and 综合评审', () => {
    const three = { skill: scored(80), ethics: scored(80), ability: scored(80) };
    expect(gradePasses(2, { ...three, basics: scored(0), panel: scored(0) }, lines)).toBe(true);
    expect(gradePasses(2, { ethics: scored(80), basics: scored(80), panel: scored(80) }, lines)).toBe(false);
    expect(gradePasses(0, three, lines)).toBe(false);
  });
});

describe('examSubjectResult', () => {
  const base = { attemptStatus: 'finished' as const, submitKind: 'candidate' as const, score: 75, voidTier: null };
  it('a handed-in subject has its score', () => {
    expect(examSubjectResult(base)).toEqual({ status: 'scored', score: 75 });
    expect(examSubjectResult({ ...base, submitKind: 'deadline', score: 0 })).toEqual({ status: 'scored', score: 0 });
  });
  it('a violation voids it whatever the score, keeping the tier', () => {
    expect(examSubjectResult({ ...base, voidTier: 1 })).toEqual({ status: 'voided', tier: 1 });
    expect(examSubjectResult({ ...base, attemptStatus: 'absent', voidTier: 3 })).toEqual({ status: 'voided', tier: 3 });
  });
  it('absent, stopped and not yet handed in', () => {
    expect(examSubjectResult({ ...base, attemptStatus: 'absent', submitKind: null, score: null })).toEqual({
      status: 'absent',
    });
    expect(examSubjectResult({ ...base, submitKind: 'stopped', score: null })).toEqual({ status: 'pending' });
    expect(examSubjectResult({ ...base, attemptStatus: 'admitted', submitKind: null, score: null })).toEqual({
      status: 'pending',
    });
  });
});

describe('isValidScore and passRate', () => {
  it('takes 0 to 100 in hundredths', () => {
    expect(isValidScore(0)).toBe(true);
    expect(isValidScore(100)).toBe(true);
    expect(isValidScore(59.99)).toBe(true);
    expect(isValidScore(60.001)).toBe(false);
    expect(isValidScore(-1)).toBe(false);
    expect(isValidScore(100.01)).toBe(false);
    expect(isValidScore(Number.NaN)).toBe(false);
  });
  it('rounds the rate to one decimal', () => {
    expect(passRate(1, 3)).toBe(33.3);
    expect(passRate(0, 0)).toBe(0);
    expect(passRate(2, 2)).toBe(100);
  });
});
