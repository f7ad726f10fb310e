// Eligibility to apply for a skill grade (rules.md §1, §2 and §6).
// 五级 to 二级: 豫人社工考〔2013〕1号, applied by 豫人社办函〔2017〕11号; 一级: 豫人社办〔2021〕27号.
// Every per-year cut-off is a campaign setting whose default is the formula in rules.md ([default]).

import { addMonths, compareIso, parseIsoMonth, requireIsoDate } from './calendar.js';
import {
  type Finding,
  type FindingCode,
  type FindingField,
  makeFinding,
  type Severity,
  verdictOf,
} from './findings.js';
import { parseIdCard, type Sex } from './id-card.js';
import { formatRetirementAge, type RetirementGroup, statutoryRetirement } from './retirement.js';

export const EDUCATION_LEVELS = [
  'junior_high_or_below',
  'senior_high',
  'vocational_secondary',
  'college',
  'bachelor',
  'postgraduate',
] as const;
export type Education = (typeof EDUCATION_LEVELS)[number];

export const EDUCATION_LABELS: Readonly<Record<Education, string>> = {
  junior_high_or_below: '初中及以下',
  senior_high: '高中（含职高）',
  vocational_secondary: '中专/技校/职专',
  college: '大专',
  bachelor: '本科',
  postgraduate: '研究生',
};

export const APPRAISAL_RESULTS = ['excellent', 'competent', 'basically_competent', 'incompetent'] as const;
export type Appraisal = (typeof APPRAISAL_RESULTS)[number];

export const APPRAISAL_LABELS: Readonly<Record<Appraisal, string>> = {
  excellent: '优秀',
  competent: '合格',
  basically_competent: '基本合格',
  incompetent: '不合格',
};

/** Grades one may hold when applying (nobody holding 一级 applies). */
export type HeldGrade = 5 | 4 | 3 | 2;
export type AppliedGrade = 5 | 4 | 3 | 2 | 1;

export const GRADE_LABELS: Readonly<Record<AppliedGrade, string>> = {
  5: '五级（初级工）',
  4: '四级（中级工）',
  3: '三级（高级工）',
  2: '二级（技师）',
  1: '一级（高级技师）',
};

const GRADE_SHORT: Readonly<Record<AppliedGrade, string>> = { 5: '五级', 4: '四级', 3: '三级', 2: '二级', 1: '一级' };

export interface EligibilitySettings {
  /** Work years are counted up to and including this year; default Y. */
  workYearsCutoffYear?: number;
  /** "Five years at the grade": the current grade must have been obtained in this year or earlier; default Y − 5. */
  gradeObtainedByYear?: number;
  /** 五级: regularised (转正定级) by this date; default `${Y}-09-30`. */
  regularizedBy?: string;
}

export interface EligibilityInput {
  /** 考核年度 Y. */
  campaignYear: number;
  /** The campaign notice's date ('YYYY-MM-DD'); default `${Y}-01-01`. */
  cutoffDate?: string;
  settings?: EligibilitySettings;
  name: string;
  idNumber: string;
  sex?: Sex;
  /** 出生年月 as typed on the form, 'YYYY-MM'; checked against the ID card. */
  birthMonth?: string;
  education: Education;
  /** 参加工作时间, 'YYYY-MM'. */
  workStartMonth: string;
  /** 转正定级时间, 'YYYY-MM' (needed for 五级; may be a month still to come, up to the cut-off). */
  regularizedMonth?: string;
  /** 现岗位工种; when absent, taken to be the applied job type. */
  currentJobType?: string;
  currentGrade: HeldGrade | null;
  /** 现等级取得时间, 'YYYY-MM'. */
  currentGradeMonth?: string;
  /** The job type the current grade was obtained in; default currentJobType. */
  currentGradeJobType?: string;
  /** 现岗位工种年限. */
  yearsInCurrentJobType?: number;
  appliedJobType: string;
  appliedGrade: AppliedGrade;
  /** Women only: statutory base 50 (worker, default) or 55 (cadre). */
  retirementGroup?: RetirementGroup;
  /** Job type changed through the official-car reform (公车改革). */
  vehicleReformTransfer?: boolean;
  /** Applies for 破格 (exceptional) promotion. */
  exceptionalPromotion?: boolean;
  /** 一级: appointed to a 二级 post. */
  appointedToGrade2Post?: boolean;
  /** 一级: the last five annual appraisals, newest first (only the first five are read). */
  appraisals?: readonly Appraisal[];
  /** 一级: an award after 二级 that waives the education and appraisal conditions. */
  waiverAward?: boolean;
}

export type EligibilityVerdict = 'eligible' | 'ineligible' | 'needs_review';

/** The form's fields that must be filled before any verdict is given (rules.md §5; names as in EligibilityInput). */
const ALWAYS_REQUIRED = ['name', 'idNumber', 'education', 'workStartMonth', 'appliedJobType', 'appliedGrade'] as const;
type AlwaysRequired = (typeof ALWAYS_REQUIRED)[number];

/**
 * A form as it is being filled: the always-required fields may still be empty (`currentGrade` undefined reads
 * as 无). `checkEligibility` takes the complete form; `assessEligibility` takes this.
 */
export type DraftEligibilityInput = Omit<EligibilityInput, AlwaysRequired | 'currentGrade'> &
  Partial<Pick<EligibilityInput, AlwaysRequired | 'currentGrade'>>;

/**
 * The live outcome of a form: 'incomplete' while a required field is empty (`missing` names them), otherwise the
 * verdict `checkEligibility` gives. Incomplete is not ineligible: an empty field raises no finding of its own.
 */
export type EligibilityOutcome = EligibilityVerdict | 'incomplete';

export interface EligibilityAssessment extends Omit<EligibilityResult, 'verdict'> {
  verdict: EligibilityOutcome;
  /** Required fields still empty, in the form's order; empty exactly when the verdict is not 'incomplete'. */
  missing: FindingField[];
}

export interface EligibilityResult {
  verdict: EligibilityVerdict;
  /** True only for verdict 'eligible'. */
  eligible: boolean;
  /** Present when the ID number is valid. */
  statutoryRetirementDate?: string;
  statutoryRetirementMonth?: string;
  /** Present when the work-start month is a valid month. */
  workYears?: number;
  /** From the ID card, when valid. */
  birthDate?: string;
  sex?: Sex;
  findings: Finding[];
}

export interface CampaignRules {
  campaignYear: number;
  cutoffDate: string;
  workYearsCutoffYear: number;
  gradeObtainedByYear: number;
  regularizedBy: string;
}

const RULE_2013 = '豫人社工考〔2013〕1号';
const RULE_2017 = '豫人社办函〔2017〕11号';
const RULE_2021 = '豫人社办〔2021〕27号';

const EDUCATION_SENIOR_HIGH_OR_ABOVE: ReadonlySet<Education> = new Set<Education>([
  'senior_high',
  'vocational_secondary',
  'college',
  'bachelor',
  'postgraduate',
]);

// 豫人社办〔2021〕27号: 合格 or better.
const APPRAISAL_PASSING: ReadonlySet<Appraisal> = new Set<Appraisal>(['excellent', 'competent']);

// 豫人社工考〔2013〕1号: work-years routes to 四级 and 三级.
const WORK_YEARS_FOR_GRADE: Readonly<Record<4 | 3, number>> = { 4: 10, 3: 18 };
const GRADE5_MAX_WORK_YEARS_EXCLUSIVE = 10;
// 豫人社办〔2021〕27号
const GRADE1_MIN_WORK_YEARS = 25;
const GRADE1_APPRAISAL_YEARS = 5;
const GRADE1_MIN_EXCELLENT = 2;
// [manual] 二级 education may be relaxed to 初中 for highly skilled men ≥ 50 / women ≥ 45 (age in year Y).
const RELAXATION_AGE: Readonly<Record<Sex, number>> = { male: 50, female: 45 };
// Child labour is unlawful below 16 (劳动法 §15), but 1970s rural and apprenticeship records do show earlier
// starts, so an early start is only a warning for the reviewer to check against the personnel file.
const MIN_WORK_AGE_YEARS = 16;
// Months before 1900 can only be typing errors.
const EARLIEST_MONTH_YEAR = 1900;

// 豫人社办函〔2017〕11号: drivers and vehicle mechanics (汽车驾驶员、汽车维修工等) moved by the official-car reform.
const VEHICLE_JOB_TYPES: readonly string[] = ['汽车驾驶员', '汽车维修工'];

/** A driver or vehicle-mechanic job type, as named in the 2017 notice (catalogue names vary by version). */
export function isVehicleJobType(jobType: string): boolean {
  const name = jobType.trim();
  return VEHICLE_JOB_TYPES.includes(name) || name.includes('驾驶员') || name.includes('汽车维修');
}

function requireYear(value: number, what: string): number {
  if (!Number.isInteger(value) || value < EARLIEST_MONTH_YEAR || value > 9999) {
    throw new RangeError(`${what} must be a four-digit year, got ${value}`);
  }
  return value;
}

/** The campaign's cut-offs with defaults filled in. Bad settings are configuration errors and throw. */
export function resolveCampaignRules(
  input: Pick<EligibilityInput, 'campaignYear' | 'cutoffDate' | 'settings'>,
): CampaignRules {
  const y = requireYear(input.campaignYear, 'campaignYear');
  const rules: CampaignRules = {
    campaignYear: y,
    cutoffDate: input.cutoffDate ?? `${y}-01-01`,
    workYearsCutoffYear: requireYear(input.settings?.workYearsCutoffYear ?? y, 'workYearsCutoffYear'),
    gradeObtainedByYear: requireYear(input.settings?.gradeObtainedByYear ?? y - 5, 'gradeObtainedByYear'),
    regularizedBy: input.settings?.regularizedBy ?? `${y}-09-30`,
  };
  requireIsoDate(rules.cutoffDate, 'cutoffDate');
  requireIsoDate(rules.regularizedBy, 'regularizedBy');
  return rules;
}

/** 豫人社工考〔2013〕1号 as printed in 2017 ("10年以上（2008年12月之前参加工作）"): calendar years, inclusive. */
export function countWorkYears(workStartMonth: string, cutoffYear: number): number {
  const start = parseIsoMonth(workStartMonth);
  if (!start) throw new RangeError(`workStartMonth must be 'YYYY-MM', got '${workStartMonth}'`);
  return Math.max(0, cutoffYear - start.year + 1);
}

function cnMonth(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}

function cnDate(date: string): string {
  return `${cnMonth(date)}${Number(date.slice(8, 10))}日`;
}

interface Person {
  birthDate: string;
  birthMonth: string;
  sex: Sex;
}

type GradeRoute =
  | { status: 'met'; viaVehicleReform: boolean }
  /** Right grade, obtained in time, but in another job type without the 公车改革 basis: a human decides. */
  | { status: 'job_type_changed' }
  | { status: 'not_met'; reason: string }
  /** The grade month is missing or malformed: already reported, nothing more to say. */
  | { status: 'unknown' };

/** The evaluation of one application; methods add findings in the order of the rules. */
class Evaluation {
  readonly findings: Finding[] = [];
  readonly rules: CampaignRules;
  readonly todayMonth: string;
  person: Person | undefined;
  workStart: string | undefined;
  workYears: number | undefined;
  gradeMonth: string | undefined;
  appliedJobType = '';
  gradeJobType = '';
  /** 二级 with 初中: review only if nothing else fails, so decided last. */
  educationRelaxationPending = false;
  retirement: { date: string; month: string } | undefined;

  constructor(
    readonly input: DraftEligibilityInput,
    today: string,
  ) {
    requireIsoDate(today, 'today');
    this.rules = resolveCampaignRules(input);
    this.todayMonth = today.slice(0, 7);
  }

  add(code: FindingCode, message: string, field?: FindingField, severity?: Severity): void {
    this.findings.push(makeFinding(code, message, field, severity));
  }

  /** A month field: undefined when absent; a MONTH_FORMAT error when present but not a sane month. */
  readMonth(value: string | undefined, field: FindingField, label: string, required = false): string | undefined {
    const text = value?.trim() ?? '';
    if (text === '') {
      if (required) this.add('MONTH_FORMAT', `请填写${label}（年月）`, field);
      return undefined;
    }
    const parsed = parseIsoMonth(text);
    if (!parsed || parsed.year < EARLIEST_MONTH_YEAR) {
      this.add(
        'MONTH_FORMAT',
        `${label}“${text}”不是有效的年月（应为YYYY-MM，且不早于${EARLIEST_MONTH_YEAR}年）`,
        field,
      );
      return undefined;
    }
    return text;
  }

  checkName(): void {
    const name = this.input.name?.trim() ?? '';
    if (name === '') {
      this.add('NAME_REQUIRED', '请填写姓名（须与本人身份证一致）', 'name');
      return;
    }
    // Names on ID cards are letters of any script (incl. rare Han characters) and the middle dot of
    // transliterated minority names; digits and other symbols are typing errors.
    if (!/^[\p{L}\p{M}·・•．. ]+$/u.test(name)) {
      this.add('NAME_FORMAT', '姓名含有数字或符号，须填写本人身份证上的姓名（豫人社办函〔2017〕11号附件说明）', 'name');
    }
  }

  // rules.md §4: name, sex and birth month on the form must agree with the card.
  checkIdentity(today: string): void {
    const id = parseIdCard(this.input.idNumber ?? '', today);
    const formBirthMonth = this.readMonth(this.input.birthMonth, 'birthMonth', '出生年月');
    if (!id.ok) {
      this.findings.push(id.error);
      return;
    }
    this.findings.push(...id.warnings);
    this.person = { birthDate: id.birthDate, birthMonth: id.birthMonth, sex: id.sex };
    const sexLabel = (sex: Sex) => (sex === 'male' ? '男' : '女');
    if (this.input.sex !== undefined && this.input.sex !== id.sex) {
      this.add(
        'SEX_MISMATCH',
        `性别（${sexLabel(this.input.sex)}）与身份证号不一致（身份证号第17位为${id.idNumber.charAt(16)}，应为${sexLabel(id.sex)}）`,
        'sex',
      );
    }
    if (formBirthMonth !== undefined && formBirthMonth !== id.birthMonth) {
      this.add(
        'BIRTH_MONTH_MISMATCH',
        `出生年月（${cnMonth(formBirthMonth)}）与身份证号中的出生日期（${cnDate(id.birthDate)}）不一致`,
        'birthMonth',
      );
    }
  }

  checkWorkHistory(): void {
    const workStart = this.readMonth(this.input.workStartMonth, 'workStartMonth', '参加工作时间', true);
    if (workStart === undefined) return;
    this.workStart = workStart;
    if (workStart > this.todayMonth) {
      this.add('WORK_START_IN_FUTURE', `参加工作时间（${cnMonth(workStart)}）晚于当前月份`, 'workStartMonth');
    }
    const person = this.person;
    if (person) {
      if (workStart < person.birthMonth) {
        this.add('WORK_START_BEFORE_BIRTH', `参加工作时间（${cnMonth(workStart)}）早于出生年月`, 'workStartMonth');
      } else if (workStart < addMonths(person.birthMonth, MIN_WORK_AGE_YEARS * 12)) {
        this.add(
          'WORK_START_BEFORE_AGE_16',
          `参加工作时间（${cnMonth(workStart)}）时未满${MIN_WORK_AGE_YEARS}周岁，请根据人事档案核实（${RULE_2017}：严格审核工作年限）`,
          'workStartMonth',
        );
      }
    }
    this.workYears = countWorkYears(workStart, this.rules.workYearsCutoffYear);
  }

  checkRegularized(): string | undefined {
    const regularized = this.readMonth(this.input.regularizedMonth, 'regularizedMonth', '转正定级时间');
    if (regularized !== undefined && this.workStart !== undefined && regularized < this.workStart) {
      this.add(
        'REGULARIZED_BEFORE_WORK_START',
        `转正定级时间（${cnMonth(regularized)}）早于参加工作时间（${cnMonth(this.workStart)}）`,
        'regularizedMonth',
      );
    }
    return regularized;
  }

  checkCurrentGrade(): void {
    const currentGrade = this.input.currentGrade ?? null;
    const gradeMonth = this.readMonth(this.input.currentGradeMonth, 'currentGradeMonth', '现等级取得时间');
    if (currentGrade === null) {
      if (gradeMonth !== undefined) {
        this.add('CURRENT_GRADE_MONTH_IGNORED', '未填写现岗位等级，现等级取得时间不予采用', 'currentGradeMonth');
      }
      return;
    }
    if ((this.input.currentGradeMonth?.trim() ?? '') === '') {
      this.add(
        'CURRENT_GRADE_MONTH_REQUIRED',
        `已填写现岗位等级（${GRADE_SHORT[currentGrade]}），请填写现等级取得时间`,
        'currentGradeMonth',
      );
      return;
    }
    if (gradeMonth === undefined) return;
    this.gradeMonth = gradeMonth;
    if (gradeMonth > this.todayMonth) {
      this.add(
        'CURRENT_GRADE_MONTH_IN_FUTURE',
        `现等级取得时间（${cnMonth(gradeMonth)}）晚于当前月份`,
        'currentGradeMonth',
      );
    } else if (this.workStart !== undefined && gradeMonth < this.workStart) {
      this.add(
        'CURRENT_GRADE_BEFORE_WORK_START',
        `现等级取得时间（${cnMonth(gradeMonth)}）早于参加工作时间（${cnMonth(this.workStart)}）`,
        'currentGradeMonth',
      );
    }
  }

  checkYearsInJobType(): void {
    const years = this.input.yearsInCurrentJobType;
    if (years === undefined) return;
    if (!Number.isFinite(years) || years < 0) {
      this.add('YEARS_IN_JOB_TYPE_INVALID', '现岗位工种年限应为不小于0的数字', 'yearsInCurrentJobType');
    } else if (this.workYears !== undefined && years > this.workYears) {
      this.add(
        'YEARS_IN_JOB_TYPE_EXCEEDS_WORK_YEARS',
        `现岗位工种年限（${years}年）超过工作年限（${this.workYears}年），请核实`,
        'yearsInCurrentJobType',
      );
    }
  }

  // rules.md §2, job type: one applies in the job type one works in now (现岗位工种).
  checkJobTypes(): void {
    this.appliedJobType = this.input.appliedJobType?.trim() ?? '';
    const current = this.input.currentJobType?.trim() || undefined;
    if (this.appliedJobType === '') {
      this.add('APPLIED_JOB_TYPE_REQUIRED', '请填写申报工种', 'appliedJobType');
    } else if (current !== undefined && current !== this.appliedJobType) {
      this.add(
        'JOB_TYPE_NOT_CURRENT',
        `申报工种（${this.appliedJobType}）与现岗位工种（${current}）不一致；应申报现从事岗位工种，须人工审核（${RULE_2013}）`,
        'appliedJobType',
      );
    }
    this.gradeJobType = this.input.currentGradeJobType?.trim() || current || this.appliedJobType;
  }

  /** Whether the held grade satisfies "holds grade `required` in the applied job type, obtained ≤ Y − 5". */
  evaluateGradeRoute(required: HeldGrade): GradeRoute {
    const held = this.input.currentGrade ?? null;
    if (held !== required) {
      const holding = held === null ? '未取得等级' : `现等级为${GRADE_SHORT[held]}`;
      return { status: 'not_met', reason: holding };
    }
    if (this.gradeMonth === undefined) return { status: 'unknown' };
    const obtainedYear = Number(this.gradeMonth.slice(0, 4));
    if (obtainedYear > this.rules.gradeObtainedByYear) {
      return { status: 'not_met', reason: `${GRADE_SHORT[held]}于${obtainedYear}年取得，未满5年` };
    }
    // Without an applied job type there is nothing to compare with; that error is already reported.
    if (this.appliedJobType === '') return { status: 'unknown' };
    if (this.gradeJobType === this.appliedJobType) return { status: 'met', viaVehicleReform: false };
    // 豫人社办函〔2017〕11号: drivers and mechanics whose job type changed through the official-car reform apply
    // in the job type they now do, their former grade counting. The former job type is the one that must be a
    // vehicle job type; the new one is whatever post the reform moved them to.
    if (this.input.vehicleReformTransfer === true && isVehicleJobType(this.gradeJobType)) {
      return { status: 'met', viaVehicleReform: true };
    }
    return { status: 'job_type_changed' };
  }

  applyGradeRoute(route: GradeRoute, code: FindingCode, requirement: string, severity: Severity, detail = ''): void {
    switch (route.status) {
      case 'met':
        if (route.viaVehicleReform) {
          this.add(
            'VEHICLE_REFORM_GRADE_COUNTED',
            `因公车改革变更工种，原${this.gradeJobType}工种等级计入申报${this.appliedJobType}工种（${RULE_2017}），请审核工种变更证明材料`,
            'vehicleReformTransfer',
          );
        }
        return;
      case 'job_type_changed':
        this.add(
          'JOB_TYPE_CHANGED',
          `现等级系在${this.gradeJobType}工种取得，与申报工种（${this.appliedJobType}）不同；除因公车改革变更工种的汽车驾驶员、汽车维修工外，变更工种后原等级是否认可须人工审核（${RULE_2017}）`,
          'currentGradeJobType',
        );
        return;
      case 'unknown':
        return;
      case 'not_met':
        this.add(code, `${requirement}；${route.reason}${detail}`, 'appliedGrade', severity);
        return;
    }
  }

  /** 破格: what it waives is unknown ([manual]), so a failed grade route goes to a reviewer instead of refusing. */
  gradeRouteSeverity(): Severity {
    return this.input.exceptionalPromotion === true ? 'review' : 'error';
  }

  checkGrade5(regularized: string | undefined): void {
    const deadline = this.rules.regularizedBy;
    if (regularized === undefined) {
      if ((this.input.regularizedMonth?.trim() ?? '') === '') {
        this.add(
          'REGULARIZED_MONTH_REQUIRED',
          `申报五级须填写转正定级时间（须于${cnDate(deadline)}前转正定级）`,
          'regularizedMonth',
        );
      }
    } else if (regularized > deadline.slice(0, 7)) {
      // Only the month is known: a person regularised in the deadline's month counts as in time.
      this.add(
        'GRADE5_NOT_REGULARIZED',
        `申报五级须于${cnDate(deadline)}前转正定级，转正定级时间为${cnMonth(regularized)}（${RULE_2013}）`,
        'regularizedMonth',
      );
    } else if (regularized > this.todayMonth) {
      this.add(
        'REGULARIZED_PENDING',
        `转正定级时间（${cnMonth(regularized)}）尚未到来，须于${cnDate(deadline)}前办理转正定级`,
        'regularizedMonth',
      );
    }
    if (this.workYears !== undefined && this.workYears >= GRADE5_MAX_WORK_YEARS_EXCLUSIVE) {
      this.add(
        'GRADE5_WORK_YEARS_TOO_MANY',
        `申报五级须工作年限不满10年；工作年限${this.workYears}年，可按工作年限申报四级${this.workYears >= WORK_YEARS_FOR_GRADE[3] ? '或三级' : ''}（${RULE_2013}）`,
        'appliedGrade',
      );
    }
  }

  // 豫人社工考〔2013〕1号: 四级 and 三级 have a grade route and a work-years route; either suffices.
  checkGrade4or3(grade: 4 | 3): void {
    const years = WORK_YEARS_FOR_GRADE[grade];
    // The work-years route lets a person skip grades; the route taken is not reported.
    if (this.workYears !== undefined && this.workYears >= years) return;
    const lower = (grade + 1) as HeldGrade;
    const route = this.evaluateGradeRoute(lower);
    // Without a valid work-start month the work-years route cannot be judged; that error is already reported.
    if (this.workYears === undefined && route.status === 'not_met') return;
    const lastStartYear = this.rules.workYearsCutoffYear - years + 1;
    const requirement = `申报${GRADE_SHORT[grade]}须取得${GRADE_SHORT[lower]}满5年（${this.rules.gradeObtainedByYear}年及以前取得）或工作年限满${years}年（${lastStartYear}年及以前参加工作）（${RULE_2013}）`;
    const code: FindingCode = grade === 4 ? 'GRADE4_NOT_QUALIFIED' : 'GRADE3_NOT_QUALIFIED';
    this.applyGradeRoute(route, code, requirement, this.gradeRouteSeverity(), `，工作年限${this.workYears}年`);
  }

  // 豫人社工考〔2013〕1号 and 豫人社办〔2021〕27号: 技工学校、职业中专或高中（含职高）及以上.
  hasSeniorHighEducation(): boolean {
    return this.input.education !== undefined && EDUCATION_SENIOR_HIGH_OR_ABOVE.has(this.input.education);
  }

  // 豫人社工考〔2013〕1号: 二级 needs all of 三级 held five years in the job type and the education; no
  // work-years route.
  checkGrade2(): void {
    const requirement = `申报二级须取得三级满5年（${this.rules.gradeObtainedByYear}年及以前取得，且为申报工种）（${RULE_2013}）`;
    this.applyGradeRoute(this.evaluateGradeRoute(3), 'GRADE2_REQUIRES_GRADE3', requirement, this.gradeRouteSeverity());
    // An education not yet chosen is missing, not too low.
    if (this.input.education === undefined || this.hasSeniorHighEducation()) return;
    const person = this.person;
    if (
      this.input.education === 'junior_high_or_below' &&
      person !== undefined &&
      this.rules.campaignYear - Number(person.birthDate.slice(0, 4)) >= RELAXATION_AGE[person.sex]
    ) {
      this.educationRelaxationPending = true;
      return;
    }
    this.add('GRADE2_EDUCATION', grade2EducationMessage(), 'education');
  }

  // 豫人社办〔2021〕27号 (rules.md §6).
  checkGrade1(): void {
    const { input, rules } = this;
    if (this.workYears !== undefined && this.workYears < GRADE1_MIN_WORK_YEARS) {
      this.add(
        'GRADE1_WORK_YEARS',
        `申报一级须工作年限满25年（${rules.workYearsCutoffYear - GRADE1_MIN_WORK_YEARS + 1}年及以前参加工作）；工作年限${this.workYears}年（${RULE_2021}）`,
        'workStartMonth',
      );
    }
    // 破格 belongs to 五级–二级 (豫人社工考〔2013〕1号); 一级 has its own waiver, so its errors stay errors.
    const requirement = `申报一级须取得二级满5年（${rules.gradeObtainedByYear}年及以前取得，且为申报工种）（${RULE_2021}）`;
    this.applyGradeRoute(this.evaluateGradeRoute(2), 'GRADE1_REQUIRES_GRADE2', requirement, 'error');
    if (input.appointedToGrade2Post !== true) {
      this.add('GRADE1_NOT_APPOINTED', `申报一级须聘任在二级（技师）岗位（${RULE_2021}）`, 'appointedToGrade2Post');
    }

    const waived: string[] = [];
    const waiver = input.waiverAward === true;
    if (input.education !== undefined && !this.hasSeniorHighEducation()) {
      if (waiver) waived.push('文化程度');
      else
        this.add(
          'GRADE1_EDUCATION',
          `申报一级须具有技工学校、职业中专或高中（含职高）及以上文化程度（${RULE_2021}）`,
          'education',
        );
    }
    const appraisalProblem = this.checkAppraisals();
    if (appraisalProblem !== undefined) {
      if (waiver) waived.push('年度考核');
      else this.add(appraisalProblem.code, appraisalProblem.message, 'appraisals');
    }
    if (waived.length > 0) {
      this.add(
        'GRADE1_AWARD_WAIVER',
        `取得二级后获得的表彰奖励免除${waived.join('、')}条件（${RULE_2021}），请审核奖励证书`,
        'waiverAward',
      );
    }
  }

  checkAppraisals(): { code: FindingCode; message: string } | undefined {
    const recent = (this.input.appraisals ?? []).slice(0, GRADE1_APPRAISAL_YEARS);
    const rule = `申报一级须近5年年度考核均为合格及以上且至少2次优秀（${RULE_2021}）`;
    if (recent.length < GRADE1_APPRAISAL_YEARS) {
      return {
        code: 'GRADE1_APPRAISALS_INCOMPLETE',
        message: `${rule}；请填写近5年年度考核结果（已填${recent.length}年）`,
      };
    }
    const failing = recent.filter((a) => !APPRAISAL_PASSING.has(a)).length;
    const excellent = recent.filter((a) => a === 'excellent').length;
    if (failing > 0 || excellent < GRADE1_MIN_EXCELLENT) {
      return { code: 'GRADE1_APPRAISALS', message: `${rule}；优秀${excellent}次，基本合格或不合格${failing}次` };
    }
    return undefined;
  }

  // rules.md §1 (豫人社办函〔2017〕11号 一（三）) and §6: people past statutory retirement age are excluded. The
  // findings name the ID number: the birth date they rest on is the card's, never the form's 出生年月.
  checkRetirement(): { date: string; month: string } | undefined {
    const person = this.person;
    if (person === undefined) return undefined;
    const retirement = statutoryRetirement(person.birthDate, person.sex, this.input.retirementGroup ?? 'worker');
    const y = this.rules.campaignYear;
    // Reaching the age on the notice date itself counts as reached: the person is of retirement age for the
    // whole of that day, so the notice "下发前已达到退休年龄" covers them. 一级 has its own cut-off, 31 December of
    // the year before (豫人社办〔2021〕27号), which replaces the 五级–二级 notice date.
    const isGrade1 = this.input.appliedGrade === 1;
    const cutoff = isGrade1 ? `${y - 1}-12-31` : this.rules.cutoffDate;
    const age = formatRetirementAge(retirement.ageMonths);
    if (compareIso(retirement.date, cutoff) <= 0) {
      const source = isGrade1 ? `${RULE_2021}：截至${cnDate(cutoff)}` : `${RULE_2017}：通知下发（${cnDate(cutoff)}）前`;
      this.add(
        'RETIREMENT_AGE_REACHED',
        `已于${cnDate(retirement.date)}达到法定退休年龄（${age}），不列入考核范围（${source}已达到退休年龄的人员不再列入考核范围）`,
        'idNumber',
      );
    } else if (compareIso(retirement.date, `${y}-12-31`) <= 0) {
      this.add(
        'RETIREMENT_DURING_YEAR',
        `将于${cnDate(retirement.date)}达到法定退休年龄（${age}）；请充分了解单位岗位空缺情况及聘用政策后决定是否申报（${RULE_2017}）`,
        'idNumber',
      );
    }
    return { date: retirement.date, month: retirement.month };
  }

  /** 二级 初中 relaxation is [manual] and only worth a reviewer's time when everything else is met. */
  resolveEducationRelaxation(): void {
    if (!this.educationRelaxationPending) return;
    if (this.findings.some((f) => f.severity === 'error')) {
      this.add('GRADE2_EDUCATION', grade2EducationMessage(), 'education');
    } else {
      const sex = this.person?.sex === 'female' ? '女性年满45周岁' : '男性年满50周岁';
      this.add(
        'GRADE2_EDUCATION_RELAXATION',
        `文化程度为初中及以下；${sex}的高技能人员申报二级，文化程度可放宽至初中，须人工审核技能水平及初中学历（${RULE_2013}）`,
        'education',
      );
    }
  }
}

function grade2EducationMessage(): string {
  return `申报二级须具有技工学校、职业中专或高中（含职高）及以上文化程度（${RULE_2013}）`;
}

/**
 * Checks an application against the eligibility rules as of `today` ('YYYY-MM-DD', passed by the caller).
 * Campaign settings that are not valid dates or years throw a RangeError: they are configuration, not input.
 */
export function checkEligibility(input: EligibilityInput, today: string): EligibilityResult {
  const ev = evaluate(input, today);
  const verdict = verdictOf(ev.findings);
  return resultOf(ev, verdict, ev.findings);
}

/**
 * The required fields still empty in a form being filled, in the form's order: the six always required, plus
 * 转正定级时间 for 五级 and 现等级取得时间 when a grade is held (their absence is otherwise a finding).
 */
export function missingFields(input: DraftEligibilityInput): FindingField[] {
  const blank = (value: string | undefined) => (value?.trim() ?? '') === '';
  const missing: FindingField[] = [];
  if (blank(input.name)) missing.push('name');
  if (blank(input.idNumber)) missing.push('idNumber');
  if (input.education === undefined) missing.push('education');
  if (blank(input.workStartMonth)) missing.push('workStartMonth');
  if (input.appliedGrade === 5 && blank(input.regularizedMonth)) missing.push('regularizedMonth');
  if ((input.currentGrade ?? null) !== null && blank(input.currentGradeMonth)) missing.push('currentGradeMonth');
  if (blank(input.appliedJobType)) missing.push('appliedJobType');
  if (input.appliedGrade === undefined) missing.push('appliedGrade');
  return missing;
}

/**
 * The live check of a form while it is filled (the application form and the public self-check). Until every
 * required field is filled the outcome is 'incomplete' with the missing fields named; the findings are what the
 * filled fields already show, none of them about an empty required field, and none depending on an applied
 * grade not yet chosen. Once complete, verdict and findings are exactly those of `checkEligibility`.
 */
export function assessEligibility(input: DraftEligibilityInput, today: string): EligibilityAssessment {
  const missing = missingFields(input);
  const ev = evaluate(input, today);
  const skipped: ReadonlySet<string> = new Set(missing);
  const findings = ev.findings.filter((f) => f.field === undefined || !skipped.has(f.field));
  const verdict: EligibilityOutcome = missing.length > 0 ? 'incomplete' : verdictOf(findings);
  return { ...resultOf(ev, verdict, findings), verdict, missing };
}

function resultOf<V extends EligibilityOutcome>(
  ev: Evaluation,
  verdict: V,
  findings: Finding[],
): Omit<EligibilityResult, 'verdict'> & { verdict: V } {
  const result: Omit<EligibilityResult, 'verdict'> & { verdict: V } = {
    verdict,
    eligible: verdict === 'eligible',
    findings,
  };
  if (ev.retirement) {
    result.statutoryRetirementDate = ev.retirement.date;
    result.statutoryRetirementMonth = ev.retirement.month;
  }
  if (ev.workYears !== undefined) result.workYears = ev.workYears;
  if (ev.person) {
    result.birthDate = ev.person.birthDate;
    result.sex = ev.person.sex;
  }
  return result;
}

function evaluate(input: DraftEligibilityInput, today: string): Evaluation {
  const ev = new Evaluation(input, today);
  ev.checkName();
  ev.checkIdentity(today);
  ev.checkWorkHistory();
  const regularized = ev.checkRegularized();
  ev.checkCurrentGrade();
  ev.checkYearsInJobType();
  ev.checkJobTypes();

  const held = input.currentGrade ?? null;
  if (input.appliedGrade === undefined) {
    // No grade chosen yet: nothing that depends on it can be said (assessEligibility names it as missing).
  } else if (held !== null && input.appliedGrade >= held) {
    // 豫人社工考〔2013〕1号: a grade at or below the one held is refused, whatever the job type: the post grade
    // (岗位等级) belongs to the person, so a same-grade certificate in another job type would promote nobody.
    ev.add(
      'GRADE_NOT_HIGHER',
      `已取得${GRADE_LABELS[held]}，不能申报同级或更低等级（${GRADE_LABELS[input.appliedGrade]}）（${RULE_2013}）`,
      'appliedGrade',
    );
  } else {
    switch (input.appliedGrade) {
      case 5:
        ev.checkGrade5(regularized);
        break;
      case 4:
      case 3:
        ev.checkGrade4or3(input.appliedGrade);
        break;
      case 2:
        ev.checkGrade2();
        break;
      case 1:
        ev.checkGrade1();
        break;
      default: {
        const unknown: never = input.appliedGrade;
        throw new RangeError(`appliedGrade must be 1 to 5, got ${String(unknown)}`);
      }
    }
  }

  if (input.exceptionalPromotion === true) {
    ev.add(
      'EXCEPTIONAL_PROMOTION',
      '申请破格晋级：须人工审核破格条件（取得等级证书后获省部级劳动模范，厅级以上技术革新成果证书的主要完成人，或市级以上技能竞赛获奖名次）',
      'exceptionalPromotion',
    );
  }
  ev.retirement = ev.checkRetirement();
  ev.resolveEducationRelaxation();
  return ev;
}
