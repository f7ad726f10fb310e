import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/setup/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ publicRatePerMinute: 1000 });
});
afterAll(async () => {
  await t.close();
});

// 1970-05-12, male (17th digit 1): born after 1965-01, so the 2025 reform applies: n = 64 months after 1965-01, delay floor(64/4)+1 = 17 months → 2031-10.
const base = {
  campaignYear: 2017,
  cutoffDate: '2017-01-20',
  name: '张三',
  idNumber: '41010219700512101X',
  education: 'senior_high',
  workStartMonth: '1995-07',
  currentJobType: '汽车驾驶员',
  currentGrade: 5,
  currentGradeMonth: '2010-11',
  appliedJobType: '汽车驾驶员',
  appliedGrade: 4,
} as const;

const check = (payload: unknown) =>
  t.app.inject({ method: 'POST', url: '/api/public/eligibility-check', payload: payload as object });

describe('POST /api/public/eligibility-check', () => {
  it('answers a verdict with the statutory retirement date and no findings for a clean case', async () => {
    const res = await check(base);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      verdict: 'eligible',
      missing: [],
      eligible: true,
      statutoryRetirementMonth: '2031-10',
      statutoryRetirementDate: '2031-10-12',
      workYears: 23,
      campaignYear: 2017,
      findings: [],
    });
  });

  it('explains an ineligible case in Chinese, citing the rule, next to its field', async () => {
    const res = await check({ ...base, workStartMonth: '2009-03', currentGradeMonth: '2013-11' });
    const body = res.json();
    expect(body.verdict).toBe('ineligible');
    const finding = body.findings.find((f: { code: string }) => f.code === 'GRADE4_NOT_QUALIFIED');
    expect(finding).toMatchObject({ severity: 'error', field: 'appliedGrade' });
    expect(finding.message).toContain('豫人社工考〔2013〕1号');
  });

  it('treats exactly ten work years as enough for 四级 and nine as not', async () => {
    const ten = await check({ ...base, currentGrade: null, currentGradeMonth: undefined, workStartMonth: '2008-12' });
    expect(ten.json().verdict).toBe('eligible');
    const nine = await check({ ...base, currentGrade: null, currentGradeMonth: undefined, workStartMonth: '2009-01' });
    expect(nine.json().verdict).toBe('ineligible');
  });

  it('refuses someone who reached retirement age on the notice date', async () => {
    // Woman worker (base 50) born 1967-01-20 reaches 50 on 2017-01-20, the 2017 notice date.
    const res = await check({
      ...base,
      idNumber: '410102196701201027',
      currentGrade: null,
      currentGradeMonth: undefined,
    });
    const body = res.json();
    expect(body.statutoryRetirementDate).toBe('2017-01-20');
    expect(body.verdict).toBe('ineligible');
    expect(body.findings.map((f: { code: string }) => f.code)).toContain('RETIREMENT_AGE_REACHED');
  });

  it('sends a 破格 case to review', async () => {
    const res = await check({ ...base, currentGradeMonth: '2015-03', exceptionalPromotion: true });
    expect(res.json().verdict).toBe('needs_review');
  });

  it('flags a sex that disagrees with the ID card', async () => {
    const res = await check({ ...base, sex: 'female' });
    expect(res.json().findings).toContainEqual(expect.objectContaining({ code: 'SEX_MISMATCH', field: 'sex' }));
  });

  it('refuses a 15-digit ID number with a clear message', async () => {
    const res = await check({ ...base, idNumber: '410102700512101' });
    const finding = res.json().findings[0];
    expect(finding).toMatchObject({ code: 'ID_15_DIGIT', severity: 'error', field: 'idNumber' });
    expect(finding.message).toMatch(/15位|15 位/);
  });

  it.each([
    [{ ...base, education: 'phd' }, 'education'],
    [{ ...base, workStartMonth: '1995-13' }, 'workStartMonth'],
    [{ ...base, appliedGrade: 6 }, 'appliedGrade'],
    [{ ...base, name: 7 }, 'name'],
    [{ ...base, appraisals: ['great'] }, 'appraisals'],
  ])('answers malformed input with 400 naming the field (%#)', async (payload, field) => {
    const res = await check(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.json().error.message).toContain(field);
    expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('answers a form with required fields left out as incomplete, naming them, without red findings', async () => {
    const { name: _n, appliedGrade: _g, appliedJobType: _j, ...partial } = base;
    const res = await check({ ...partial, education: undefined, idNumber: '410102195701201014' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.verdict).toBe('incomplete');
    expect(body.eligible).toBe(false);
    expect(body.missing).toEqual(['name', 'education', 'appliedJobType', 'appliedGrade']);
    // What the filled fields show is kept, on the field that causes it: the retirement on the ID number.
    expect(body.findings.map((f: { field?: string }) => f.field)).not.toContain('birthMonth');
    for (const f of body.findings) expect(body.missing).not.toContain(f.field);
    expect((await check({ ...base, name: '  ' })).json()).toMatchObject({ verdict: 'incomplete', missing: ['name'] });
  });

  it('refuses a notice date outside the campaign year', async () => {
    const res = await check({ ...base, cutoffDate: '2010-01-20' });
    expect(res.statusCode).toBe(400);
  });

  it('needs no sign-in but is rate-limited', async () => {
    const limited = await buildTestApp({ publicRatePerMinute: 3 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) {
        codes.push(
          (await limited.app.inject({ method: 'POST', url: '/api/public/eligibility-check', payload: base }))
            .statusCode,
        );
      }
      expect(codes).toEqual([200, 200, 200, 429]);
    } finally {
      await limited.close();
    }
  });
});
