import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import {
  FIELD_LABELS,
  type Finding,
  formatCnDate,
  incompleteTitle,
  parseFieldError,
  placeFindings,
  type SelfCheckValues,
  sexFromIdNumber,
  showsRetirementGroup,
  statusOf,
  toRequest,
  visibleFields,
} from './model';

const base: SelfCheckValues = {
  campaignYear: 2017,
  name: ' 王建国 ',
  idNumber: '41010219750715001x',
  sex: '',
  education: 'senior_high',
  workStartMonth: dayjs('1995-07-01'),
  currentGrade: 0,
  appliedJobType: '汽车驾驶员',
  appliedGrade: 3,
  retirementGroup: 'worker',
  appraisals: [],
};

describe('toRequest', () => {
  it('sends months as YYYY-MM, trims text, and omits empty optional fields', () => {
    expect(toRequest(base)).toEqual({
      campaignYear: 2017,
      name: '王建国',
      idNumber: '41010219750715001X',
      education: 'senior_high',
      workStartMonth: '1995-07',
      currentGrade: null,
      appliedJobType: '汽车驾驶员',
      appliedGrade: 3,
    });
  });

  it('leaves out required fields that are still empty, so the server can name them', () => {
    const request = toRequest({ campaignYear: 2017, name: ' ', currentGrade: 0, appraisals: [] });
    expect(request).toEqual({ campaignYear: 2017, currentGrade: null });
  });

  it('sends the notice date as YYYY-MM-DD and the optional fields that are filled', () => {
    const request = toRequest({
      ...base,
      cutoffDate: dayjs('2017-01-20'),
      sex: 'female',
      birthMonth: dayjs('1975-07-01'),
      regularizedMonth: dayjs('1996-07-01'),
      currentJobType: ' 保育员 ',
      yearsInCurrentJobType: 0,
      vehicleReformTransfer: true,
      exceptionalPromotion: false,
    });
    expect(request).toMatchObject({
      cutoffDate: '2017-01-20',
      sex: 'female',
      birthMonth: '1975-07',
      regularizedMonth: '1996-07',
      currentJobType: '保育员',
      yearsInCurrentJobType: 0,
      retirementGroup: 'worker',
      vehicleReformTransfer: true,
    });
    expect(request).not.toHaveProperty('exceptionalPromotion');
  });

  it('sends the grade month and job type only when a grade is held', () => {
    const values = { ...base, currentGradeMonth: dayjs('2010-12-01'), currentGradeJobType: '汽车维修工' };
    expect(toRequest(values)).not.toHaveProperty('currentGradeMonth');
    expect(toRequest({ ...values, currentGrade: 4 })).toMatchObject({
      currentGrade: 4,
      currentGradeMonth: '2010-12',
      currentGradeJobType: '汽车维修工',
    });
  });

  it('sends the retirement base only for women or when the sex is unknown', () => {
    const man = { ...base, idNumber: '410102197507150013', retirementGroup: 'cadre' as const };
    expect(toRequest(man)).not.toHaveProperty('retirementGroup');
    expect(toRequest({ ...man, sex: 'female' })).toMatchObject({ retirementGroup: 'cadre' });
    expect(toRequest({ ...man, idNumber: '4101' })).toMatchObject({ retirementGroup: 'cadre' });
  });

  it('sends the 一级 fields only for 一级, appraisals newest first without blanks', () => {
    const values: SelfCheckValues = {
      ...base,
      appointedToGrade2Post: true,
      appraisals: ['excellent', undefined, 'competent'],
      waiverAward: true,
    };
    expect(toRequest(values)).not.toHaveProperty('appraisals');
    expect(toRequest({ ...values, appliedGrade: 1 })).toMatchObject({
      appliedGrade: 1,
      appointedToGrade2Post: true,
      appraisals: ['excellent', 'competent'],
      waiverAward: true,
    });
  });
});

describe('findings', () => {
  const findings: Finding[] = [
    { code: 'A', severity: 'warning', message: 'a', field: 'appliedGrade' },
    { code: 'B', severity: 'error', message: 'b', field: 'name' },
    { code: 'C', severity: 'review', message: 'c' },
    { code: 'D', severity: 'error', message: 'd', field: 'appraisals' },
    { code: 'E', severity: 'review', message: 'e', field: 'appliedGrade' },
  ];

  it('places findings by their field in form order, the rest in the verdict box', () => {
    const placed = placeFindings(findings, visibleFields(base));
    expect([...placed.byField.keys()]).toEqual(['name', 'appliedGrade']);
    expect(placed.byField.get('appliedGrade')?.map((f) => f.code)).toEqual(['A', 'E']);
    expect(placed.unplaced.map((f) => f.code)).toEqual(['C', 'D']);
    expect(placeFindings(findings, visibleFields({ ...base, appliedGrade: 1 })).byField.has('appraisals')).toBe(true);
  });

  it('marks a field error for any error, warning for review and warning', () => {
    expect(statusOf([findings[0]!, findings[1]!])).toBe('error');
    expect(statusOf([findings[0]!, findings[4]!])).toBe('warning');
  });
});

describe('helpers', () => {
  it('reads the sex from the 17th digit', () => {
    expect(sexFromIdNumber('410102197507150013')).toBe('male');
    expect(sexFromIdNumber('41030319760309002X')).toBe('female');
    expect(sexFromIdNumber('410303')).toBeUndefined();
    expect(showsRetirementGroup({ sex: '', idNumber: '410102197507150013' })).toBe(false);
    expect(showsRetirementGroup({ sex: 'female', idNumber: '410102197507150013' })).toBe(true);
  });

  it('formats dates the Chinese way', () => {
    expect(formatCnDate('2038-03-05')).toBe('2038年3月5日');
  });

  it('takes the field out of a 400 message', () => {
    expect(parseFieldError('字段「workStartMonth」：参加工作时间应为“年-月”格式，如 1995-07')).toEqual({
      field: 'workStartMonth',
      message: '参加工作时间应为“年-月”格式，如 1995-07',
    });
    expect(parseFieldError('字段「appraisals.0」：无效选项')).toEqual({ field: 'appraisals', message: '无效选项' });
    expect(parseFieldError('请求过于频繁，请 30 秒后再试')).toBeNull();
  });
});

describe('incompleteTitle', () => {
  it('names the missing fields in Chinese, in the order given', () => {
    expect(incompleteTitle(['appliedJobType', 'appliedGrade'], FIELD_LABELS)).toBe(
      '信息不完整：尚缺 申报工种、申报等级',
    );
    expect(incompleteTitle([], FIELD_LABELS)).toBe('信息不完整');
  });
});
