import { describe, expect, it } from 'vitest';
import { FINDING_CODES, type Finding, makeFinding, verdictOf } from './findings.js';

const f = (severity: Finding['severity']): Finding => ({ code: 'X', severity, message: '' });

describe('verdictOf', () => {
  it.each([
    [[], 'eligible'],
    [[f('warning')], 'eligible'],
    [[f('warning'), f('review')], 'needs_review'],
    [[f('review'), f('error')], 'ineligible'],
    [[f('error')], 'ineligible'],
  ] as const)('%j → %s', (findings, verdict) => {
    expect(verdictOf(findings)).toBe(verdict);
  });
});

describe('makeFinding', () => {
  it('takes the code’s usual severity, with an override and an optional field', () => {
    expect(makeFinding('GRADE4_NOT_QUALIFIED', 'm')).toEqual({
      code: 'GRADE4_NOT_QUALIFIED',
      severity: 'error',
      message: 'm',
    });
    expect(makeFinding('GRADE4_NOT_QUALIFIED', 'm', 'appliedGrade', 'review')).toEqual({
      code: 'GRADE4_NOT_QUALIFIED',
      severity: 'review',
      message: 'm',
      field: 'appliedGrade',
    });
  });

  it('documents every code in UPPER_SNAKE case', () => {
    for (const [code, info] of Object.entries(FINDING_CODES)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      expect(info.meaning.length).toBeGreaterThan(0);
    }
  });
});
