import { describe, expect, it } from 'vitest';
import { appraisalYears, grade1EvidenceProblems, WAIVER_AWARD_KINDS, WAIVER_AWARD_LABELS } from './grade1-evidence.js';

const scans = (years: number[]) => years.map((y) => ({ kind: 'appraisal_form', appraisalYear: y }));
const base = { campaignYear: 2017, appliedGrade: 1, waiverAward: false, waiverAwardKind: null, files: [] };

describe('一级 evidence', () => {
  it('reads the five years before the campaign year, newest first', () => {
    expect(appraisalYears(2017)).toEqual([2016, 2015, 2014, 2013, 2012]);
  });

  it('asks nothing of the other grades', () => {
    for (const appliedGrade of [2, 3, 4, 5]) expect(grade1EvidenceProblems({ ...base, appliedGrade })).toEqual([]);
  });

  it('wants a 年度考核登记表 for each of the five years, naming the missing ones', () => {
    expect(grade1EvidenceProblems({ ...base, files: scans([2016, 2015, 2014, 2013, 2012]) })).toEqual([]);
    // Two pages of one year and a year outside the five count once or not at all.
    const problems = grade1EvidenceProblems({ ...base, files: scans([2016, 2016, 2014, 2011]) });
    expect(problems).toEqual([
      {
        code: 'GRADE1_APPRAISAL_SCANS_MISSING',
        field: 'appraisal_form',
        message: '申报一级须上传近5年的年度考核登记表扫描件，尚缺2015年、2013年、2012年',
      },
    ]);
    // Other kinds are no appraisal scans.
    expect(
      grade1EvidenceProblems({ ...base, files: [{ kind: 'evidence', appraisalYear: 2016 }] })[0]?.message,
    ).toContain('尚缺2016年、2015年、2014年、2013年、2012年');
  });

  it('with the award waiver wants the award kind and its document, and no appraisal scans', () => {
    const waiver = { ...base, waiverAward: true };
    expect(grade1EvidenceProblems(waiver).map((p) => p.code)).toEqual([
      'GRADE1_AWARD_KIND_REQUIRED',
      'GRADE1_AWARD_DOCUMENT_MISSING',
    ]);
    expect(grade1EvidenceProblems({ ...waiver, waiverAwardKind: 'nobel' }).map((p) => p.code)).toContain(
      'GRADE1_AWARD_KIND_REQUIRED',
    );
    expect(
      grade1EvidenceProblems({
        ...waiver,
        waiverAwardKind: 'may_day_medal',
        files: [{ kind: 'award_certificate', appraisalYear: null }],
      }),
    ).toEqual([]);
  });

  it('labels every award kind of rules.md §6', () => {
    expect(WAIVER_AWARD_KINDS.map((k) => WAIVER_AWARD_LABELS[k])).toHaveLength(5);
    expect(WAIVER_AWARD_LABELS.patents).toContain('排名前五');
  });
});
