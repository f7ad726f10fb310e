import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PASS_LINE,
  examSubjectResult,
  gradePasses,
  isValidScore,
  passLinesOf,
  passRate,
  type SubjectResult,
  subjectPasses,
  subjectsOfGrade,
} from './scores.js';

const scored = (score: number): SubjectResult => ({ status: 'scored', score });
const lines = passLinesOf(null);

describe('pass lines', () => {
  it('defaults to 60 in each subject', () => {
    expect(lines).toEqual({ skill: 60, ethics: 60, ability: 60 });
    expect(DEFAULT_PASS_LINE).toBe(60);
  });
  it('reads the campaign setting and ignores unusable values', () => {
    expect(passLinesOf({ passLines: { skill: 70, ethics: '65', ability: 120 } })).toEqual({
      skill: 70,
      ethics: 60,
      ability: 60,
    });
    expect(passLinesOf({ passLines: { skill: 0 } }).skill).toBe(0);
    expect(passLinesOf('x')).toEqual(lines);
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
  it('grades 五 to 二 sit three subjects; 一级 sits none here', () => {
    for (const g of [2, 3, 4, 5]) expect(subjectsOfGrade(g)).toEqual(['skill', 'ethics', 'ability']);
    expect(subjectsOfGrade(1)).toEqual([]);
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
  it('never passes 一级 (no exam subjects)', () => {
    expect(gradePasses(1, { skill: scored(100), ethics: scored(100), ability: scored(100) }, lines)).toBe(false);
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
