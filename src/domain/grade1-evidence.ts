// 一级 (高级技师) applications: the award kinds that waive the education and appraisal conditions, and the
// evidence an application must carry before it is submitted (豫人社办〔2021〕27号; rules.md §6).

/** Awards obtained after 二级 that waive the education and appraisal conditions (rules.md §6, in its order). */
export const WAIVER_AWARD_KINDS = [
  'city_commendation',
  'may_day_medal',
  'city_technical_expert',
  'city_contest_prize',
  'patents',
] as const;
export type WaiverAwardKind = (typeof WAIVER_AWARD_KINDS)[number];

export const WAIVER_AWARD_LABELS: Readonly<Record<WaiverAwardKind, string>> = {
  city_commendation: '市级及以上政府表彰',
  may_day_medal: '五一劳动奖章',
  city_technical_expert: '市级及以上技术能手',
  city_contest_prize: '市级及以上技能竞赛三等奖以上',
  patents: '发明专利一项或实用新型专利两项（排名前五）',
};

/** How many annual appraisals 一级 reads: the last five. */
export const GRADE1_APPRAISAL_YEARS = 5;

/**
 * The years of the appraisals a 一级 application for campaign year Y reads, newest first: Y−1 … Y−5 (the
 * appraisal of year Y itself is made at its end, after the evaluation). `appraisals[i]` is the result of year
 * `appraisalYears(Y)[i]`.
 */
export function appraisalYears(campaignYear: number): number[] {
  return Array.from({ length: GRADE1_APPRAISAL_YEARS }, (_, i) => campaignYear - 1 - i);
}

export type Grade1EvidenceCode =
  | 'GRADE1_AWARD_KIND_REQUIRED'
  | 'GRADE1_AWARD_DOCUMENT_MISSING'
  | 'GRADE1_APPRAISAL_SCANS_MISSING';

export interface Grade1EvidenceProblem {
  code: Grade1EvidenceCode;
  /** The form field or file kind the problem is about. */
  field: 'waiverAwardKind' | 'award_certificate' | 'appraisal_form';
  message: string;
}

export interface Grade1EvidenceInput {
  campaignYear: number;
  appliedGrade: number;
  waiverAward: boolean;
  waiverAwardKind: string | null;
  files: readonly { kind: string; appraisalYear: number | null }[];
}

/**
 * What a 一级 application still lacks before it may be submitted (empty for other grades, and when nothing is
 * missing):
 * - claiming the award waiver: the award's kind, and at least one 获奖证书/专利证书 scan;
 * - otherwise: a 年度考核登记表 scan for each of the five appraisal years (Y−1 … Y−5).
 * With the waiver the appraisal scans are not required (the waiver is what lifts that condition); the reviewers
 * judge the award from its document. Whether the claims are true is the eligibility check's and the reviewers'
 * business, not this one's: it only makes sure the evidence is there to judge.
 */
export function grade1EvidenceProblems(input: Grade1EvidenceInput): Grade1EvidenceProblem[] {
  if (input.appliedGrade !== 1) return [];
  const problems: Grade1EvidenceProblem[] = [];
  if (input.waiverAward) {
    if (!input.waiverAwardKind || !(WAIVER_AWARD_KINDS as readonly string[]).includes(input.waiverAwardKind)) {
      problems.push({
        code: 'GRADE1_AWARD_KIND_REQUIRED',
        field: 'waiverAwardKind',
        message: '申请以奖励免除学历和年度考核条件的，须选择奖励类别',
      });
    }
    if (!input.files.some((f) => f.kind === 'award_certificate')) {
      problems.push({
        code: 'GRADE1_AWARD_DOCUMENT_MISSING',
        field: 'award_certificate',
        message: '申请以奖励免除学历和年度考核条件的，须上传获奖证书或专利证书扫描件',
      });
    }
    return problems;
  }
  const have = new Set(input.files.filter((f) => f.kind === 'appraisal_form').map((f) => f.appraisalYear));
  const missing = appraisalYears(input.campaignYear).filter((y) => !have.has(y));
  if (missing.length > 0) {
    problems.push({
      code: 'GRADE1_APPRAISAL_SCANS_MISSING',
      field: 'appraisal_form',
      message: `申报一级须上传近5年的年度考核登记表扫描件，尚缺${missing.map((y) => `${y}年`).join('、')}`,
    });
  }
  return problems;
}
