import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AppliedGrade,
  assessEligibility,
  checkEligibility,
  countWorkYears,
  type DraftEligibilityInput,
  EDUCATION_LEVELS,
  type EligibilityInput,
  type EligibilityResult,
  isVehicleJobType,
  missingFields,
  resolveCampaignRules,
} from './eligibility.js';
import { FINDING_CODES, FINDING_FIELDS, type Finding } from './findings.js';
import { makeIdNumber } from './id-card.js';

// Campaign 2017 as in 豫人社办函〔2017〕11号: notice dated 2017-01-20, registration in February.
const TODAY = '2017-02-10';
const MAN_1980 = makeIdNumber('41010219800515123'); // born 1980-05-15, 17th digit 3 → male

/** A man born 1980-05-15, 8 work years, 五级 in 汽车驾驶员 since 2012-06, applying for 四级: eligible. */
function buildInput(overrides: Partial<EligibilityInput> = {}): EligibilityInput {
  return {
    campaignYear: 2017,
    cutoffDate: '2017-01-20',
    name: '张三',
    idNumber: MAN_1980,
    sex: 'male',
    birthMonth: '1980-05',
    education: 'senior_high',
    workStartMonth: '2010-07',
    regularizedMonth: '2011-07',
    currentJobType: '汽车驾驶员',
    currentGrade: 5,
    currentGradeMonth: '2012-06',
    yearsInCurrentJobType: 6,
    appliedJobType: '汽车驾驶员',
    appliedGrade: 4,
    ...overrides,
  };
}

/** A person born on `birthDate` ('YYYYMMDD'), male unless told otherwise. */
function idFor(birth: string, sex: 'male' | 'female' = 'male'): string {
  return makeIdNumber(`410102${birth}12${sex === 'male' ? '3' : '4'}`);
}

function run(overrides: Partial<EligibilityInput> = {}, today = TODAY): EligibilityResult {
  return checkEligibility(buildInput(overrides), today);
}

function codes(result: EligibilityResult): string[] {
  return result.findings.map((f) => f.code);
}

function finding(result: EligibilityResult, code: string): Finding | undefined {
  return result.findings.find((f) => f.code === code);
}

const GRADE5: Partial<EligibilityInput> = {
  appliedGrade: 5,
  currentGrade: null,
  currentGradeMonth: undefined,
  workStartMonth: '2015-07',
  regularizedMonth: '2016-07',
  yearsInCurrentJobType: 1,
};
const GRADE2: Partial<EligibilityInput> = {
  appliedGrade: 2,
  currentGrade: 3,
  currentGradeMonth: '2012-03',
  workStartMonth: '2000-07',
};
// Born 1970-03-10, 26 work years, 二级 since 2011, appointed, two 优秀 in five years.
const GRADE1: Partial<EligibilityInput> = {
  idNumber: idFor('19700310'),
  birthMonth: '1970-03',
  appliedGrade: 1,
  currentGrade: 2,
  currentGradeMonth: '2011-06',
  workStartMonth: '1992-07',
  appointedToGrade2Post: true,
  appraisals: ['excellent', 'competent', 'excellent', 'competent', 'competent'],
};

describe('checkEligibility: the baseline', () => {
  it('finds the sample applicant eligible, with the derived facts', () => {
    expect(run()).toEqual({
      verdict: 'eligible',
      eligible: true,
      // Born after 1976-08: retires at 63 (2024 reform).
      statutoryRetirementDate: '2043-05-15',
      statutoryRetirementMonth: '2043-05',
      workYears: 8,
      birthDate: '1980-05-15',
      sex: 'male',
      findings: [],
    });
  });

  it('gives every finding a documented code and a known field', () => {
    const messy = run({ name: '', sex: 'female', birthMonth: '1981-01', workStartMonth: '2018-01', currentGrade: 4 });
    expect(messy.findings.length).toBeGreaterThan(3);
    for (const f of messy.findings) {
      expect(Object.keys(FINDING_CODES)).toContain(f.code);
      expect(FINDING_FIELDS).toContain(f.field);
    }
  });
});

describe('五级 (豫人社工考〔2013〕1号)', () => {
  it('is open to a regularised newcomer holding no grade', () => {
    expect(run(GRADE5)).toMatchObject({ verdict: 'eligible', findings: [] });
  });

  it('accepts regularisation still to come, up to the September cut-off, with a warning', () => {
    const result = run({ ...GRADE5, regularizedMonth: '2017-09' });
    expect(result.verdict).toBe('eligible');
    expect(codes(result)).toEqual(['REGULARIZED_PENDING']);
  });

  it('refuses regularisation after 2017-09-30', () => {
    const result = run({ ...GRADE5, regularizedMonth: '2017-10' });
    expect(codes(result)).toEqual(['GRADE5_NOT_REGULARIZED']);
    expect(finding(result, 'GRADE5_NOT_REGULARIZED')?.message).toContain('2017年9月30日');
  });

  it('takes the regularisation cut-off from the campaign settings', () => {
    expect(codes(run({ ...GRADE5, regularizedMonth: '2017-07', settings: { regularizedBy: '2017-06-30' } }))).toEqual([
      'GRADE5_NOT_REGULARIZED',
    ]);
  });

  it('needs the regularisation month', () => {
    expect(codes(run({ ...GRADE5, regularizedMonth: undefined }))).toEqual(['REGULARIZED_MONTH_REQUIRED']);
    expect(codes(run({ ...GRADE5, regularizedMonth: ' ' }))).toEqual(['REGULARIZED_MONTH_REQUIRED']);
    expect(codes(run({ ...GRADE5, regularizedMonth: '2016/07' }))).toEqual(['MONTH_FORMAT']);
  });

  it('refuses regularisation before the work start', () => {
    expect(codes(run({ ...GRADE5, regularizedMonth: '2015-06' }))).toEqual(['REGULARIZED_BEFORE_WORK_START']);
  });

  it.each([
    ['2009-01', 9, []],
    ['2008-12', 10, ['GRADE5_WORK_YEARS_TOO_MANY']],
  ])('work start %s (%i years) → %j', (workStartMonth, years, expected) => {
    const result = run({ ...GRADE5, workStartMonth, regularizedMonth: '2010-01' });
    expect(result.workYears).toBe(years);
    expect(codes(result)).toEqual(expected);
  });

  it('points people with 10 or 18 work years to the grade they may apply for', () => {
    const ten = run({ ...GRADE5, workStartMonth: '2008-01', regularizedMonth: '2009-01' });
    expect(finding(ten, 'GRADE5_WORK_YEARS_TOO_MANY')?.message).toContain('申报四级');
    expect(finding(ten, 'GRADE5_WORK_YEARS_TOO_MANY')?.message).not.toContain('三级');
    const eighteen = run({ ...GRADE5, workStartMonth: '2000-01', regularizedMonth: '2001-01' });
    expect(finding(eighteen, 'GRADE5_WORK_YEARS_TOO_MANY')?.message).toContain('或三级');
  });

  it('refuses anyone already holding a grade', () => {
    expect(codes(run({ ...GRADE5, currentGrade: 5, currentGradeMonth: '2016-08' }))).toEqual(['GRADE_NOT_HIGHER']);
  });
});

describe('四级: 五级 held five years in the job type, or 10 work years', () => {
  it.each([
    ['2012-12', []], // obtained in Y − 5: passes
    ['2013-01', ['GRADE4_NOT_QUALIFIED']], // Y − 4: fails
  ])('五级 obtained %s → %j', (currentGradeMonth, expected) => {
    expect(codes(run({ currentGradeMonth }))).toEqual(expected);
  });

  it.each([
    ['2008-12', 10, []],
    ['2009-01', 9, ['GRADE4_NOT_QUALIFIED']],
  ])('no grade, work start %s (%i years) → %j', (workStartMonth, years, expected) => {
    const result = run({ workStartMonth, currentGrade: null, currentGradeMonth: undefined });
    expect(result.workYears).toBe(years);
    expect(codes(result)).toEqual(expected);
  });

  it('takes the work-years route when the grade is too recent', () => {
    expect(run({ workStartMonth: '2008-03', currentGradeMonth: '2015-06' })).toMatchObject({
      verdict: 'eligible',
      findings: [],
    });
  });

  it('says what is required and what was found, citing the rule', () => {
    const result = run({ currentGradeMonth: '2014-06' });
    expect(finding(result, 'GRADE4_NOT_QUALIFIED')).toEqual({
      code: 'GRADE4_NOT_QUALIFIED',
      severity: 'error',
      field: 'appliedGrade',
      message:
        '申报四级须取得五级满5年（2012年及以前取得）或工作年限满10年（2008年及以前参加工作）（豫人社工考〔2013〕1号）；五级于2014年取得，未满5年，工作年限8年',
    });
    const none = run({ currentGrade: null, currentGradeMonth: undefined });
    expect(finding(none, 'GRADE4_NOT_QUALIFIED')?.message).toContain('未取得等级');
  });

  it('takes both cut-off years from the campaign settings', () => {
    expect(codes(run({ currentGradeMonth: '2013-06', settings: { gradeObtainedByYear: 2013 } }))).toEqual([]);
    const noGrade = { currentGrade: null, currentGradeMonth: undefined, workStartMonth: '2008-06' } as const;
    const counted = run({ ...noGrade, settings: { workYearsCutoffYear: 2016 } });
    expect(counted.workYears).toBe(9);
    expect(codes(counted)).toEqual(['GRADE4_NOT_QUALIFIED']);
  });

  it.each([4, 3, 2] as const)('refuses 四级 to a holder of grade %i', (currentGrade) => {
    expect(codes(run({ currentGrade }))).toEqual(['GRADE_NOT_HIGHER']);
  });
});

describe('三级: 四级 held five years in the job type, or 18 work years', () => {
  const grade3 = { appliedGrade: 3, currentGrade: 4, currentGradeMonth: '2012-06' } as const;

  it.each([
    ['2012-12', []],
    ['2013-01', ['GRADE3_NOT_QUALIFIED']],
  ])('四级 obtained %s → %j', (currentGradeMonth, expected) => {
    expect(codes(run({ ...grade3, currentGradeMonth }))).toEqual(expected);
  });

  it.each([
    ['2000-12', 18, []],
    ['2001-01', 17, ['GRADE3_NOT_QUALIFIED']],
  ])('no grade, work start %s (%i years) → %j: grades may be skipped', (workStartMonth, years, expected) => {
    const result = run({ ...grade3, workStartMonth, currentGrade: null, currentGradeMonth: undefined });
    expect(result.workYears).toBe(years);
    expect(codes(result)).toEqual(expected);
  });

  it('does not count 五级 towards 三级', () => {
    const result = run({ ...grade3, workStartMonth: '2001-01', currentGrade: 5, currentGradeMonth: '2005-01' });
    expect(finding(result, 'GRADE3_NOT_QUALIFIED')?.message).toContain('现等级为五级');
  });
});

describe('二级: 三级 held five years in the job type and 高中 or above; no work-years route', () => {
  it.each(EDUCATION_LEVELS.filter((e) => e !== 'junior_high_or_below'))('accepts education %s', (education) => {
    expect(run({ ...GRADE2, education })).toMatchObject({ verdict: 'eligible', findings: [] });
  });

  it.each([
    ['2012-12', []],
    ['2013-01', ['GRADE2_REQUIRES_GRADE3']],
  ])('三级 obtained %s → %j', (currentGradeMonth, expected) => {
    expect(codes(run({ ...GRADE2, currentGradeMonth }))).toEqual(expected);
  });

  it('has no work-years route', () => {
    const result = run({ ...GRADE2, workStartMonth: '1996-07', currentGrade: null, currentGradeMonth: undefined });
    expect(result.workYears).toBe(22);
    expect(codes(result)).toEqual(['GRADE2_REQUIRES_GRADE3']);
  });

  it('refuses 初中 below the relaxation age', () => {
    // Born 1968: 49 in 2017.
    const result = run({
      ...GRADE2,
      idNumber: idFor('19680101'),
      birthMonth: '1968-01',
      education: 'junior_high_or_below',
    });
    expect(codes(result)).toEqual(['GRADE2_EDUCATION']);
  });

  it.each([
    ['man aged 50 in Y', idFor('19671231'), '1967-12', 'male'],
    ['woman aged 45 in Y', idFor('19721231', 'female'), '1972-12', 'female'],
  ] as const)('sends a %s with 初中 to a reviewer', (_label, idNumber, birthMonth, sex) => {
    const result = run({ ...GRADE2, idNumber, birthMonth, sex, education: 'junior_high_or_below' });
    expect(result.verdict).toBe('needs_review');
    expect(result.eligible).toBe(false);
    expect(result.findings).toEqual([
      expect.objectContaining({ code: 'GRADE2_EDUCATION_RELAXATION', severity: 'review', field: 'education' }),
    ]);
  });

  it('refuses a woman aged 44 in Y with 初中', () => {
    const result = run({
      ...GRADE2,
      idNumber: idFor('19730101', 'female'),
      birthMonth: '1973-01',
      sex: 'female',
      education: 'junior_high_or_below',
    });
    expect(codes(result)).toEqual(['GRADE2_EDUCATION']);
  });

  it('relaxes education only when everything else is met', () => {
    const result = run({
      ...GRADE2,
      idNumber: idFor('19600101'),
      birthMonth: '1960-01',
      workStartMonth: '1980-01',
      education: 'junior_high_or_below',
      currentGradeMonth: '2014-01',
    });
    expect(codes(result)).toEqual(['GRADE2_REQUIRES_GRADE3', 'GRADE2_EDUCATION']);
  });

  it('cannot judge the relaxation without a valid ID card', () => {
    const result = run({ ...GRADE2, idNumber: '410102196001011231', education: 'junior_high_or_below' });
    expect(codes(result)).toEqual(['ID_CHECKSUM', 'GRADE2_EDUCATION']);
  });
});

describe('job type (豫人社办函〔2017〕11号)', () => {
  it('sends an application outside the current job type to a reviewer', () => {
    const result = run({ currentJobType: '保管工', currentGradeJobType: '汽车驾驶员' });
    expect(result.verdict).toBe('needs_review');
    expect(result.findings).toEqual([
      expect.objectContaining({ code: 'JOB_TYPE_NOT_CURRENT', severity: 'review', field: 'appliedJobType' }),
    ]);
  });

  it('takes a missing current job type to be the applied one, and compares trimmed names', () => {
    expect(run({ currentJobType: undefined }).findings).toEqual([]);
    expect(run({ currentJobType: ' 汽车驾驶员 ', appliedJobType: '汽车驾驶员  ' }).findings).toEqual([]);
  });

  it('refuses an empty applied job type', () => {
    expect(codes(run({ appliedJobType: '  ' }))).toEqual(['APPLIED_JOB_TYPE_REQUIRED']);
  });

  it('sends a grade obtained in another job type to a reviewer when the work-years route fails', () => {
    const result = run({ currentJobType: '保管工', appliedJobType: '保管工', currentGradeJobType: '电工' });
    expect(result.verdict).toBe('needs_review');
    expect(result.findings).toEqual([
      expect.objectContaining({ code: 'JOB_TYPE_CHANGED', severity: 'review', field: 'currentGradeJobType' }),
    ]);
  });

  it('needs no reviewer when the work-years route passes anyway', () => {
    const result = run({
      currentJobType: '保管工',
      appliedJobType: '保管工',
      currentGradeJobType: '电工',
      workStartMonth: '2007-07',
    });
    expect(result).toMatchObject({ verdict: 'eligible', findings: [] });
  });

  it('refuses outright when the grade in the other job type is too recent as well', () => {
    const result = run({
      currentJobType: '保管工',
      appliedJobType: '保管工',
      currentGradeJobType: '电工',
      currentGradeMonth: '2014-01',
    });
    expect(codes(result)).toEqual(['GRADE4_NOT_QUALIFIED']);
  });

  it('defaults the grade’s job type to the current job type', () => {
    const result = run({ currentJobType: '电工', appliedJobType: '保管工' });
    expect(codes(result)).toEqual(['JOB_TYPE_NOT_CURRENT', 'JOB_TYPE_CHANGED']);
  });

  it.each([
    ['汽车驾驶员', '保管工'],
    ['汽车维修工', '汽车驾驶员'],
    ['汽车驾驶员', '办公设备维修工'],
  ])('counts a %s grade for %s after the official-car reform, with a warning', (former, now) => {
    const result = run({
      currentJobType: now,
      appliedJobType: now,
      currentGradeJobType: former,
      vehicleReformTransfer: true,
    });
    expect(result.verdict).toBe('eligible');
    expect(result.findings).toEqual([
      expect.objectContaining({
        code: 'VEHICLE_REFORM_GRADE_COUNTED',
        severity: 'warning',
        field: 'vehicleReformTransfer',
      }),
    ]);
  });

  it('does not extend the reform rule to other job types or undeclared transfers', () => {
    const base = { currentJobType: '保管工', appliedJobType: '保管工' };
    expect(codes(run({ ...base, currentGradeJobType: '电工', vehicleReformTransfer: true }))).toEqual([
      'JOB_TYPE_CHANGED',
    ]);
    expect(codes(run({ ...base, currentGradeJobType: '汽车驾驶员', vehicleReformTransfer: false }))).toEqual([
      'JOB_TYPE_CHANGED',
    ]);
  });

  it('still needs the five years after a reform transfer', () => {
    const result = run({
      currentJobType: '保管工',
      appliedJobType: '保管工',
      currentGradeJobType: '汽车驾驶员',
      vehicleReformTransfer: true,
      currentGradeMonth: '2014-01',
    });
    expect(codes(result)).toEqual(['GRADE4_NOT_QUALIFIED']);
  });

  it.each([
    ['汽车驾驶员', true],
    ['汽车维修工', true],
    [' 小型汽车驾驶员 ', true],
    ['汽车维修电工', true],
    ['电工', false],
    ['保管工', false],
  ])('isVehicleJobType(%s) = %s', (name, expected) => {
    expect(isVehicleJobType(name)).toBe(expected);
  });
});

describe('破格 (exceptional promotion): [manual]', () => {
  it('sends an otherwise eligible application to a reviewer', () => {
    const result = run({ exceptionalPromotion: true });
    expect(result.verdict).toBe('needs_review');
    expect(codes(result)).toEqual(['EXCEPTIONAL_PROMOTION']);
  });

  it.each([
    ['四级', { currentGradeMonth: '2015-01' }, 'GRADE4_NOT_QUALIFIED'],
    ['三级', { appliedGrade: 3, currentGrade: 4, currentGradeMonth: '2015-01' }, 'GRADE3_NOT_QUALIFIED'],
    ['二级', { ...GRADE2, currentGradeMonth: '2015-01' }, 'GRADE2_REQUIRES_GRADE3'],
  ] as const)('turns the failed grade route for %s into a review', (_label, overrides, code) => {
    const result = run({ ...overrides, exceptionalPromotion: true });
    expect(result.verdict).toBe('needs_review');
    expect(finding(result, code)?.severity).toBe('review');
    expect(finding(result, 'EXCEPTIONAL_PROMOTION')?.severity).toBe('review');
  });

  it('does not soften other refusals', () => {
    expect(run({ currentGrade: 4, exceptionalPromotion: true }).verdict).toBe('ineligible');
    const grade2 = run({ ...GRADE2, education: 'junior_high_or_below', exceptionalPromotion: true });
    expect(finding(grade2, 'GRADE2_EDUCATION')?.severity).toBe('error');
    const grade1 = run({ ...GRADE1, currentGradeMonth: '2014-01', exceptionalPromotion: true });
    expect(finding(grade1, 'GRADE1_REQUIRES_GRADE2')?.severity).toBe('error');
  });
});

describe('一级 (豫人社办〔2021〕27号)', () => {
  it('accepts a complete application', () => {
    expect(run(GRADE1)).toMatchObject({ verdict: 'eligible', workYears: 26, findings: [] });
  });

  it.each([
    ['1993-12', 25, []],
    ['1994-01', 24, ['GRADE1_WORK_YEARS']],
  ])('work start %s (%i years) → %j', (workStartMonth, years, expected) => {
    const result = run({ ...GRADE1, workStartMonth });
    expect(result.workYears).toBe(years);
    expect(codes(result)).toEqual(expected);
  });

  it.each([
    ['二级 obtained in Y − 4', { currentGradeMonth: '2013-01' }, ['GRADE1_REQUIRES_GRADE2']],
    ['holds 三级 only', { currentGrade: 3 }, ['GRADE1_REQUIRES_GRADE2']],
    ['二级 in another job type', { currentGradeJobType: '电工' }, ['JOB_TYPE_CHANGED']],
    ['not appointed to a 二级 post', { appointedToGrade2Post: false }, ['GRADE1_NOT_APPOINTED']],
    ['appointment not stated', { appointedToGrade2Post: undefined }, ['GRADE1_NOT_APPOINTED']],
    ['初中 education', { education: 'junior_high_or_below' }, ['GRADE1_EDUCATION']],
    ['no appraisals', { appraisals: undefined }, ['GRADE1_APPRAISALS_INCOMPLETE']],
    [
      'four appraisals',
      { appraisals: ['excellent', 'excellent', 'competent', 'competent'] },
      ['GRADE1_APPRAISALS_INCOMPLETE'],
    ],
    [
      'one 优秀 only',
      { appraisals: ['excellent', 'competent', 'competent', 'competent', 'competent'] },
      ['GRADE1_APPRAISALS'],
    ],
    [
      'a 基本合格',
      { appraisals: ['excellent', 'excellent', 'basically_competent', 'competent', 'competent'] },
      ['GRADE1_APPRAISALS'],
    ],
    [
      'a 不合格',
      { appraisals: ['excellent', 'excellent', 'competent', 'competent', 'incompetent'] },
      ['GRADE1_APPRAISALS'],
    ],
    [
      'a bad sixth year (only the last five count)',
      { appraisals: ['excellent', 'excellent', 'competent', 'competent', 'competent', 'incompetent'] },
      [],
    ],
  ] as const)('%s → %j', (_label, overrides, expected) => {
    expect(codes(run({ ...GRADE1, ...overrides }))).toEqual(expected);
  });

  it('has no 初中 relaxation, whatever the age', () => {
    const result = run({
      ...GRADE1,
      idNumber: idFor('19600101'),
      birthMonth: '1960-01',
      workStartMonth: '1980-01',
      education: 'junior_high_or_below',
    });
    expect(codes(result)).toEqual(['GRADE1_EDUCATION']);
  });

  it('lets an award waive education and appraisals, with a warning to check it', () => {
    const result = run({
      ...GRADE1,
      education: 'junior_high_or_below',
      appraisals: ['competent', 'competent', 'competent', 'competent', 'basically_competent'],
      waiverAward: true,
    });
    expect(result.verdict).toBe('eligible');
    expect(result.findings).toEqual([expect.objectContaining({ code: 'GRADE1_AWARD_WAIVER', severity: 'warning' })]);
    expect(result.findings[0]?.message).toContain('文化程度、年度考核');
    expect(codes(run({ ...GRADE1, appraisals: [], waiverAward: true }))).toEqual(['GRADE1_AWARD_WAIVER']);
  });

  it('says nothing about an award that waives nothing, and the award waives nothing else', () => {
    expect(run({ ...GRADE1, waiverAward: true }).findings).toEqual([]);
    expect(
      codes(run({ ...GRADE1, waiverAward: true, workStartMonth: '1995-01', appointedToGrade2Post: false })),
    ).toEqual(['GRADE1_WORK_YEARS', 'GRADE1_NOT_APPOINTED']);
  });

  it('excludes those of retirement age by 31 December of the year before, and warns for year Y', () => {
    const old = { ...GRADE1, workStartMonth: '1976-07', currentGradeMonth: '2010-01' };
    const reached = run({ ...old, idNumber: idFor('19561231'), birthMonth: '1956-12' });
    expect(reached.statutoryRetirementDate).toBe('2016-12-31');
    expect(codes(reached)).toEqual(['RETIREMENT_AGE_REACHED']);
    // Retiring 2017-01-01, before the 2017-01-20 notice: the 一级 cut-off, not the notice date, applies.
    const during = run({ ...old, idNumber: idFor('19570101'), birthMonth: '1957-01' });
    expect(codes(during)).toEqual(['RETIREMENT_DURING_YEAR']);
    expect(during.verdict).toBe('eligible');
  });
});

describe('retirement (豫人社办函〔2017〕11号 一（三）)', () => {
  const senior = {
    workStartMonth: '1985-07',
    appliedGrade: 3,
    currentGrade: null,
    currentGradeMonth: undefined,
  } as const;

  it.each([
    [
      'man reaching 60 on the notice date',
      idFor('19570120'),
      '1957-01',
      'male',
      '2017-01-20',
      ['RETIREMENT_AGE_REACHED'],
    ],
    ['man reaching 60 the day after', idFor('19570121'), '1957-01', 'male', '2017-01-21', ['RETIREMENT_DURING_YEAR']],
    ['man reaching 60 on 31 December', idFor('19571231'), '1957-12', 'male', '2017-12-31', ['RETIREMENT_DURING_YEAR']],
    ['man reaching 60 next year', idFor('19580101'), '1958-01', 'male', '2018-01-01', []],
    [
      'woman worker reaching 50 on the notice date',
      idFor('19670120', 'female'),
      '1967-01',
      'female',
      '2017-01-20',
      ['RETIREMENT_AGE_REACHED'],
    ],
  ] as const)('%s', (_label, idNumber, birthMonth, sex, date, expected) => {
    const result = run({ ...senior, idNumber, birthMonth, sex });
    expect(result.statutoryRetirementDate).toBe(date);
    expect(codes(result)).toEqual(expected);
  });

  it('puts a woman on the cadre base at 55', () => {
    const result = run({
      ...senior,
      idNumber: idFor('19670120', 'female'),
      birthMonth: '1967-01',
      sex: 'female',
      retirementGroup: 'cadre',
    });
    expect(result.statutoryRetirementDate).toBe('2022-01-20');
    expect(result.findings).toEqual([]);
  });

  it("puts the finding on the ID number, whose birth date it rests on, not on the form's 出生年月", () => {
    const reached = run({ ...senior, idNumber: idFor('19570120'), birthMonth: undefined });
    expect(finding(reached, 'RETIREMENT_AGE_REACHED')?.field).toBe('idNumber');
    const during = run({ ...senior, idNumber: idFor('19570121'), birthMonth: undefined });
    expect(finding(during, 'RETIREMENT_DURING_YEAR')?.field).toBe('idNumber');
  });

  it('refuses on the notice date and the message names the date and the age', () => {
    const result = run({ ...senior, idNumber: idFor('19570120'), birthMonth: '1957-01' });
    expect(finding(result, 'RETIREMENT_AGE_REACHED')?.message).toContain('2017年1月20日');
    expect(finding(result, 'RETIREMENT_AGE_REACHED')?.message).toContain('60岁');
  });

  it('defaults the notice date to 1 January of Y', () => {
    const base = { ...senior, cutoffDate: undefined };
    expect(codes(run({ ...base, idNumber: idFor('19570101'), birthMonth: '1957-01' }))).toEqual([
      'RETIREMENT_AGE_REACHED',
    ]);
    expect(codes(run({ ...base, idNumber: idFor('19570102'), birthMonth: '1957-01' }))).toEqual([
      'RETIREMENT_DURING_YEAR',
    ]);
  });

  it('applies the 2025 reform: a man born 1965-12-10 retires 2026-03-10', () => {
    const campaign2026 = { ...senior, campaignYear: 2026, cutoffDate: '2026-03-10', workStartMonth: '1985-07' };
    const onDate = run({ ...campaign2026, idNumber: idFor('19651210'), birthMonth: '1965-12' }, '2026-03-20');
    expect(onDate.statutoryRetirementDate).toBe('2026-03-10');
    expect(codes(onDate)).toEqual(['RETIREMENT_AGE_REACHED']);
    expect(finding(onDate, 'RETIREMENT_AGE_REACHED')?.message).toContain('60岁3个月');
    const dayAfter = run({ ...campaign2026, idNumber: idFor('19651211'), birthMonth: '1965-12' }, '2026-03-20');
    expect(codes(dayAfter)).toEqual(['RETIREMENT_DURING_YEAR']);
  });
});

describe('identity against the ID card (rules.md §4)', () => {
  it('refuses an invalid ID number and skips every age check', () => {
    const result = run({ idNumber: '410102198005151230', sex: 'female', birthMonth: '1999-01' });
    expect(codes(result)).toEqual(['ID_CHECKSUM']);
    expect(result.birthDate).toBeUndefined();
    expect(result.sex).toBeUndefined();
    expect(result.statutoryRetirementDate).toBeUndefined();
    expect(result.statutoryRetirementMonth).toBeUndefined();
  });

  it('refuses a 15-digit number', () => {
    expect(codes(run({ idNumber: '410102800515123' }))).toEqual(['ID_15_DIGIT']);
  });

  it('only warns about an ID number from another province', () => {
    const result = run({ idNumber: makeIdNumber('11010519800515123') });
    expect(result.verdict).toBe('eligible');
    expect(codes(result)).toEqual(['ID_NOT_HENAN']);
  });

  it('refuses a sex or birth month that disagrees with the card', () => {
    expect(run({ sex: 'female' }).findings).toEqual([
      expect.objectContaining({ code: 'SEX_MISMATCH', severity: 'error', field: 'sex' }),
    ]);
    expect(run({ birthMonth: '1980-06' }).findings).toEqual([
      expect.objectContaining({ code: 'BIRTH_MONTH_MISMATCH', severity: 'error', field: 'birthMonth' }),
    ]);
  });

  it('accepts a form without sex and birth month, and refuses a malformed birth month', () => {
    expect(run({ sex: undefined, birthMonth: undefined }).findings).toEqual([]);
    expect(run({ birthMonth: '1980-5' }).findings).toEqual([
      expect.objectContaining({ code: 'MONTH_FORMAT', field: 'birthMonth' }),
    ]);
  });

  it.each([
    ['', ['NAME_REQUIRED']],
    ['  ', ['NAME_REQUIRED']],
    ['张三3', ['NAME_FORMAT']],
    ['张三@', ['NAME_FORMAT']],
    ['阿依古丽·买买提', []],
    ['𠀀明', []],
    ['Zhang San', []],
  ])('name %j → %j', (name, expected) => {
    expect(codes(run({ name }))).toEqual(expected);
  });
});

describe('work history and current grade', () => {
  it.each([
    ['2017-03', ['WORK_START_IN_FUTURE', 'CURRENT_GRADE_BEFORE_WORK_START']],
    ['1980-04', ['WORK_START_BEFORE_BIRTH']],
    ['1996-04', ['WORK_START_BEFORE_AGE_16']],
    ['1996-05', []],
  ])('work start %s → %j', (workStartMonth, expected) => {
    const result = run({ workStartMonth, regularizedMonth: undefined, yearsInCurrentJobType: undefined });
    expect(codes(result)).toEqual(expected);
  });

  it('reports an unreadable work start once, without guessing at the routes', () => {
    expect(codes(run({ workStartMonth: '2010/07' }))).toEqual(['MONTH_FORMAT']);
    expect(codes(run({ workStartMonth: '2010/07', currentGradeMonth: '2015-01' }))).toEqual(['MONTH_FORMAT']);
    expect(codes(run({ workStartMonth: '' }))).toEqual(['MONTH_FORMAT']);
    expect(codes(run({ workStartMonth: '1899-12' }))).toEqual(['MONTH_FORMAT']);
    expect(run({ workStartMonth: '' }).workYears).toBeUndefined();
    expect(finding(run({ workStartMonth: '' }), 'MONTH_FORMAT')?.field).toBe('workStartMonth');
  });

  it('counts work years inclusively in calendar years', () => {
    expect(countWorkYears('2008-12', 2017)).toBe(10);
    expect(countWorkYears('2017-01', 2017)).toBe(1);
    expect(countWorkYears('2018-01', 2017)).toBe(0);
    expect(() => countWorkYears('2008', 2017)).toThrow(RangeError);
  });

  it.each([
    ['missing', { currentGradeMonth: undefined }, ['CURRENT_GRADE_MONTH_REQUIRED']],
    ['malformed', { currentGradeMonth: '2012' }, ['MONTH_FORMAT']],
    ['in the future', { currentGradeMonth: '2017-03' }, ['CURRENT_GRADE_MONTH_IN_FUTURE', 'GRADE4_NOT_QUALIFIED']],
    ['before the work start', { currentGradeMonth: '2010-06' }, ['CURRENT_GRADE_BEFORE_WORK_START']],
    ['given without a grade', { ...GRADE5, currentGradeMonth: '2016-01' }, ['CURRENT_GRADE_MONTH_IGNORED']],
  ] as const)('current grade month %s → %j', (_label, overrides, expected) => {
    expect(codes(run(overrides))).toEqual(expected);
  });

  it.each([
    [undefined, []],
    [8, []],
    [9, ['YEARS_IN_JOB_TYPE_EXCEEDS_WORK_YEARS']],
    [-1, ['YEARS_IN_JOB_TYPE_INVALID']],
    [Number.NaN, ['YEARS_IN_JOB_TYPE_INVALID']],
  ])('years in the current job type %s → %j', (yearsInCurrentJobType, expected) => {
    expect(codes(run({ yearsInCurrentJobType }))).toEqual(expected);
  });
});

describe('configuration errors throw', () => {
  it.each([
    ['a fractional campaign year', { campaignYear: 2017.5 }],
    ['a malformed notice date', { cutoffDate: '2017-13-01' }],
    ['a malformed regularisation cut-off', { settings: { regularizedBy: '2017-09-31' } }],
    ['a non-integer cut-off year', { settings: { gradeObtainedByYear: Number.NaN } }],
    ['an unknown grade', { appliedGrade: 6 as AppliedGrade, currentGrade: null }],
  ])('%s', (_label, overrides) => {
    expect(() => run(overrides)).toThrow(RangeError);
  });

  it('throws on a malformed today', () => {
    expect(() => run({}, '2017-02-30')).toThrow(RangeError);
  });

  it('resolves the campaign defaults from Y', () => {
    expect(resolveCampaignRules({ campaignYear: 2017 })).toEqual({
      campaignYear: 2017,
      cutoffDate: '2017-01-01',
      workYearsCutoffYear: 2017,
      gradeObtainedByYear: 2012,
      regularizedBy: '2017-09-30',
    });
  });
});

describe('checkEligibility properties', () => {
  const grade = fc.constantFrom<AppliedGrade>(5, 4, 3, 2, 1);
  const held = fc.constantFrom<EligibilityInput['currentGrade']>(null, 5, 4, 3, 2);
  const year = fc.integer({ min: 1975, max: 2017 });
  const month = fc.integer({ min: 1, max: 12 }).map((m) => String(m).padStart(2, '0'));
  const ym = fc.tuple(year, month).map(([y, m]) => `${y}-${m}`);
  const input = fc.record({
    appliedGrade: grade,
    currentGrade: held,
    currentGradeMonth: fc.option(ym, { nil: undefined }),
    workStartMonth: ym,
    regularizedMonth: fc.option(ym, { nil: undefined }),
    education: fc.constantFrom(...EDUCATION_LEVELS),
    appliedJobType: fc.constantFrom('汽车驾驶员', '保管工', ''),
    currentGradeJobType: fc.option(fc.constantFrom('汽车驾驶员', '电工'), { nil: undefined }),
    vehicleReformTransfer: fc.boolean(),
    exceptionalPromotion: fc.boolean(),
    appointedToGrade2Post: fc.boolean(),
    waiverAward: fc.boolean(),
    appraisals: fc.array(fc.constantFrom('excellent', 'competent', 'basically_competent', 'incompetent'), {
      maxLength: 6,
    }),
    idNumber: fc.constantFrom(MAN_1980, idFor('19570120'), idFor('19700310', 'female'), '410102198005151230'),
  });

  it('never throws on user input, and the verdict always follows the findings', () => {
    fc.assert(
      fc.property(input, (overrides) => {
        const result = run({ ...overrides, sex: undefined, birthMonth: undefined });
        const severities = new Set(result.findings.map((f) => f.severity));
        const expected = severities.has('error')
          ? 'ineligible'
          : severities.has('review')
            ? 'needs_review'
            : 'eligible';
        expect(result.verdict).toBe(expected);
        expect(result.eligible).toBe(expected === 'eligible');
        for (const f of result.findings) {
          expect(Object.keys(FINDING_CODES)).toContain(f.code);
          expect(FINDING_FIELDS).toContain(f.field);
          expect(f.message).toMatch(/[\u4e00-\u9fff]/);
        }
      }),
    );
  });

  it('for 四级 without a grade, is eligible exactly from 10 work years', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1997, max: 2016 }), (startYear) => {
        const result = run({ workStartMonth: `${startYear}-06`, currentGrade: null, currentGradeMonth: undefined });
        expect(result.eligible).toBe(2017 - startYear + 1 >= 10);
      }),
    );
  });
});

describe('assessEligibility: a form being filled (incomplete is not ineligible)', () => {
  const campaign = { campaignYear: 2017, cutoffDate: '2017-01-20' };

  it('names every required field of an empty form and finds nothing wrong', () => {
    const result = assessEligibility(campaign, TODAY);
    expect(result.verdict).toBe('incomplete');
    expect(result.eligible).toBe(false);
    expect(result.missing).toEqual([
      'name',
      'idNumber',
      'education',
      'workStartMonth',
      'appliedJobType',
      'appliedGrade',
    ]);
    expect(result.findings).toEqual([]);
  });

  it('keeps what the filled fields show, and no finding about an empty field or the grade not yet chosen', () => {
    const partial: DraftEligibilityInput = {
      ...campaign,
      name: '张三',
      idNumber: idFor('19570120'),
      workStartMonth: '1980-07',
      currentGrade: 5,
    };
    const result = assessEligibility(partial, TODAY);
    expect(result.verdict).toBe('incomplete');
    expect(result.missing).toEqual(['education', 'currentGradeMonth', 'appliedJobType', 'appliedGrade']);
    // The retirement is already known from the ID number, and stays on it.
    expect(result.findings.map((f) => [f.code, f.field])).toEqual([['RETIREMENT_AGE_REACHED', 'idNumber']]);
    expect(result.statutoryRetirementDate).toBe('2017-01-20');
    expect(result.workYears).toBe(38);
  });

  it('asks for 转正定级时间 of 五级 and 现等级取得时间 of a held grade as missing, not as errors', () => {
    const draft = buildInput({ ...GRADE5, regularizedMonth: undefined });
    expect(checkEligibility(draft, TODAY).verdict).toBe('ineligible');
    const assessed = assessEligibility(draft, TODAY);
    expect(assessed.verdict).toBe('incomplete');
    expect(assessed.missing).toEqual(['regularizedMonth']);
    expect(assessed.findings.map((f) => f.code)).not.toContain('REGULARIZED_MONTH_REQUIRED');

    const held = assessEligibility(buildInput({ currentGradeMonth: ' ' }), TODAY);
    expect(held.missing).toEqual(['currentGradeMonth']);
    expect(held.findings.map((f) => f.code)).not.toContain('CURRENT_GRADE_MONTH_REQUIRED');
  });

  it('still reports a malformed value of a filled field as an error', () => {
    const result = assessEligibility({ ...campaign, idNumber: '410102198005151230', workStartMonth: '1995-13' }, TODAY);
    expect(result.verdict).toBe('incomplete');
    expect(result.findings.map((f) => [f.code, f.severity, f.field])).toEqual([
      ['ID_CHECKSUM', 'error', 'idNumber'],
      ['MONTH_FORMAT', 'error', 'workStartMonth'],
    ]);
  });

  it("gives exactly checkEligibility's verdict and findings once the form is complete", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<AppliedGrade>(5, 4, 3, 2, 1),
        fc.constantFrom<EligibilityInput['currentGrade']>(null, 5, 4, 3, 2),
        fc.constantFrom(...EDUCATION_LEVELS),
        fc.integer({ min: 1975, max: 2016 }),
        fc.constantFrom(MAN_1980, idFor('19570120'), idFor('19700310', 'female')),
        (appliedGrade, currentGrade, education, startYear, idNumber) => {
          const input = buildInput({
            appliedGrade,
            currentGrade,
            education,
            workStartMonth: `${startYear}-07`,
            idNumber,
          });
          const checked = checkEligibility(input, TODAY);
          const assessed = assessEligibility(input, TODAY);
          expect(assessed.missing).toEqual(missingFields(input));
          if (assessed.missing.length === 0) {
            expect(assessed).toEqual({ ...checked, missing: [] });
          } else {
            expect(assessed.verdict).toBe('incomplete');
          }
        },
      ),
    );
  });
});
