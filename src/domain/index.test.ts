import { describe, expect, it } from 'vitest';
import * as domain from './index.js';

describe('the domain’s public API', () => {
  it('exports the rules through one entry point', () => {
    expect(
      [
        domain.parseIdCard,
        domain.makeIdNumber,
        domain.statutoryRetirement,
        domain.checkEligibility,
        domain.validateCreditCode,
        domain.makeCreditCode,
        domain.checkPassword,
        domain.verdictOf,
        domain.validateItem,
        domain.parseItemRow,
        domain.checkSufficiency,
        domain.drawPaper,
      ].every((fn) => typeof fn === 'function'),
    ).toBe(true);
    expect(Object.keys(domain.FINDING_CODES)).toContain('GRADE4_NOT_QUALIFIED');
  });

  it('checks a whole application end to end', () => {
    const result = domain.checkEligibility(
      {
        campaignYear: 2017,
        cutoffDate: '2017-01-20',
        name: '李四',
        idNumber: domain.makeIdNumber('41010519750301002'),
        sex: 'female',
        birthMonth: '1975-03',
        education: 'vocational_secondary',
        workStartMonth: '1995-09',
        currentJobType: '保育员',
        currentGrade: null,
        appliedJobType: '保育员',
        appliedGrade: 3,
      },
      '2017-02-10',
    );
    // 23 work years: straight to 三级 on the work-years route; a woman worker born 1975-03 retires at 50y2m.
    expect(result).toMatchObject({ verdict: 'eligible', workYears: 23, statutoryRetirementMonth: '2025-05' });
  });
});
