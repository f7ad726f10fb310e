// Findings: what the rules found about an application, each with a stable code, a severity and a Chinese
// message for the applicant and the reviewer.
//
// Severity semantics (rules.md, legend):
// - error:   a rule is not met; the application is refused (verdict 'ineligible').
// - review:  the rule exists but its details are unknown ([manual]) or a self-declared fact needs a human
//            decision; the application goes to a reviewer (verdict 'needs_review').
// - warning: the applicant or reviewer should know something, but it changes nothing (verdict unchanged).

export type Severity = 'error' | 'warning' | 'review';

/** The form fields a finding may point at (the application form of 豫人社办函〔2017〕11号 plus system fields). */
export const FINDING_FIELDS = [
  'idNumber',
  'name',
  'sex',
  'birthMonth',
  'education',
  'workStartMonth',
  'regularizedMonth',
  'currentJobType',
  'currentGrade',
  'currentGradeMonth',
  'currentGradeJobType',
  'yearsInCurrentJobType',
  'appliedJobType',
  'appliedGrade',
  'retirementGroup',
  'vehicleReformTransfer',
  'exceptionalPromotion',
  'appointedToGrade2Post',
  'appraisals',
  'waiverAward',
] as const;

export type FindingField = (typeof FINDING_FIELDS)[number];

export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  /** The form field the finding concerns, one of FINDING_FIELDS; absent when it concerns the whole form. */
  field?: string;
}

interface FindingCodeInfo {
  /** The severity the code is normally raised with (破格 turns some grade-route errors into review). */
  severity: Severity;
  /** One line for developers and the API documentation; the applicant sees the Chinese message instead. */
  meaning: string;
}

/** Every code the domain raises, documented once. Codes are stable: clients and stored reviews key on them. */
export const FINDING_CODES = {
  // ID card, GB 11643-1999 (id-card.ts)
  ID_15_DIGIT: { severity: 'error', meaning: 'A 15-digit first-generation ID number; those cards expired in 2013.' },
  ID_FORMAT: { severity: 'error', meaning: 'Not 17 digits plus a digit or X (or empty).' },
  ID_ADDRESS_CODE: { severity: 'error', meaning: 'The first two digits are not a Chinese province-level code.' },
  ID_BIRTH_DATE: { severity: 'error', meaning: 'Digits 7-14 are not a real calendar date, or are before 1900.' },
  ID_BIRTH_FUTURE: { severity: 'error', meaning: 'The birth date in the ID number is after today.' },
  ID_CHECKSUM: { severity: 'error', meaning: 'The 18th (check) character does not match the first 17 digits.' },
  ID_NOT_HENAN: { severity: 'warning', meaning: 'The ID number was not issued in Henan (does not start with 41).' },

  // Identity on the form against the ID card (rules.md §4)
  NAME_REQUIRED: { severity: 'error', meaning: 'The name is empty.' },
  NAME_FORMAT: { severity: 'error', meaning: 'The name contains digits or symbols a name on an ID card cannot.' },
  SEX_MISMATCH: { severity: 'error', meaning: 'The sex on the form differs from the ID number (17th digit).' },
  BIRTH_MONTH_MISMATCH: { severity: 'error', meaning: 'The birth month on the form differs from the ID number.' },
  MONTH_FORMAT: { severity: 'error', meaning: "A month field is not a real 'YYYY-MM' month from 1900 on." },

  // Work history
  WORK_START_IN_FUTURE: { severity: 'error', meaning: 'The work-start month is after the current month.' },
  WORK_START_BEFORE_BIRTH: { severity: 'error', meaning: 'The work-start month is before the birth month.' },
  WORK_START_BEFORE_AGE_16: { severity: 'warning', meaning: 'Started work before the age of 16: check the file.' },
  REGULARIZED_MONTH_REQUIRED: { severity: 'error', meaning: '五级 needs the 转正定级 month, which is missing.' },
  REGULARIZED_BEFORE_WORK_START: { severity: 'error', meaning: 'Regularised before starting work.' },
  REGULARIZED_PENDING: { severity: 'warning', meaning: 'The 转正定级 month given is still to come.' },
  CURRENT_GRADE_MONTH_REQUIRED: { severity: 'error', meaning: 'A current grade is given without the month obtained.' },
  CURRENT_GRADE_MONTH_IN_FUTURE: { severity: 'error', meaning: 'The current grade was obtained after this month.' },
  CURRENT_GRADE_BEFORE_WORK_START: { severity: 'error', meaning: 'The current grade predates the work start.' },
  CURRENT_GRADE_MONTH_IGNORED: { severity: 'warning', meaning: 'A grade month is given but no current grade.' },
  YEARS_IN_JOB_TYPE_INVALID: { severity: 'error', meaning: 'Years in the current job type is negative or not finite.' },
  YEARS_IN_JOB_TYPE_EXCEEDS_WORK_YEARS: {
    severity: 'warning',
    meaning: 'Years in the current job type exceed the work years.',
  },

  // Grades and job types, 豫人社工考〔2013〕1号 and 豫人社办函〔2017〕11号 (rules.md §2)
  APPLIED_JOB_TYPE_REQUIRED: { severity: 'error', meaning: 'The applied job type is empty.' },
  GRADE_NOT_HIGHER: { severity: 'error', meaning: 'The applied grade is at or below the grade already held.' },
  GRADE5_NOT_REGULARIZED: { severity: 'error', meaning: '五级: not regularised by the cut-off (default Y-09-30).' },
  GRADE5_WORK_YEARS_TOO_MANY: { severity: 'error', meaning: '五级: 10 or more work years (apply for 四级 instead).' },
  GRADE4_NOT_QUALIFIED: {
    severity: 'error',
    meaning: '四级: neither 五级 obtained <= Y-5 in the job type nor 10 work years.',
  },
  GRADE3_NOT_QUALIFIED: {
    severity: 'error',
    meaning: '三级: neither 四级 obtained <= Y-5 in the job type nor 18 work years.',
  },
  GRADE2_REQUIRES_GRADE3: { severity: 'error', meaning: '二级: does not hold 三级 obtained <= Y-5 in the job type.' },
  GRADE2_EDUCATION: { severity: 'error', meaning: '二级: education below 技校/职专/高中.' },
  GRADE2_EDUCATION_RELAXATION: {
    severity: 'review',
    meaning: '二级: 初中 education, may be relaxed (men >= 50, women >= 45): manual.',
  },
  JOB_TYPE_NOT_CURRENT: { severity: 'review', meaning: 'The applied job type is not the current job type: manual.' },
  JOB_TYPE_CHANGED: {
    severity: 'review',
    meaning: 'The needed grade was obtained in another job type (not 公车改革): manual.',
  },
  VEHICLE_REFORM_GRADE_COUNTED: {
    severity: 'warning',
    meaning: 'A driver/mechanic grade counted for the new job type (公车改革): check the transfer papers.',
  },
  EXCEPTIONAL_PROMOTION: { severity: 'review', meaning: '破格 claimed: what it waives is unknown, manual.' },

  // 一级, 豫人社办〔2021〕27号 (rules.md §6)
  GRADE1_WORK_YEARS: { severity: 'error', meaning: '一级: fewer than 25 work years.' },
  GRADE1_REQUIRES_GRADE2: { severity: 'error', meaning: '一级: does not hold 二级 obtained <= Y-5 in the job type.' },
  GRADE1_NOT_APPOINTED: { severity: 'error', meaning: '一级: not appointed to a 二级 post.' },
  GRADE1_EDUCATION: { severity: 'error', meaning: '一级: education below 技校/职专/高中 and no award waiver.' },
  GRADE1_APPRAISALS_INCOMPLETE: { severity: 'error', meaning: '一级: fewer than 5 annual appraisals given.' },
  GRADE1_APPRAISALS: {
    severity: 'error',
    meaning: '一级: an appraisal below 合格, or fewer than 2 优秀, in the last 5 years.',
  },
  GRADE1_AWARD_WAIVER: {
    severity: 'warning',
    meaning: '一级: an award waives education/appraisals: check the certificate.',
  },

  // Retirement (rules.md §1, §3, §6)
  RETIREMENT_AGE_REACHED: {
    severity: 'error',
    meaning: 'Statutory retirement reached on or before the cut-off (notice date; 一级: Dec 31 of Y-1).',
  },
  RETIREMENT_DURING_YEAR: { severity: 'warning', meaning: 'Statutory retirement falls later in year Y.' },
} as const satisfies Record<string, FindingCodeInfo>;

export type FindingCode = keyof typeof FINDING_CODES;

/** Builds a finding with the code's usual severity; `severity` overrides it where a rule says so (破格). */
export function makeFinding(
  code: FindingCode,
  message: string,
  field?: FindingField,
  severity: Severity = FINDING_CODES[code].severity,
): Finding {
  return field === undefined ? { code, severity, message } : { code, severity, message, field };
}

export type Verdict = 'eligible' | 'ineligible' | 'needs_review';

/** Any error refuses; otherwise any review sends to a reviewer; warnings never change the verdict. */
export function verdictOf(findings: readonly Finding[]): Verdict {
  if (findings.some((f) => f.severity === 'error')) return 'ineligible';
  if (findings.some((f) => f.severity === 'review')) return 'needs_review';
  return 'eligible';
}
