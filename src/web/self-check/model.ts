/**
 * The public self-check (资格自测): the request and response of `POST /api/public/eligibility-check`
 * (src/server/modules/public/eligibility.schemas.ts), the form's choices, and the pure conversions between
 * the form's values and the request. No React here, so it is unit-tested on its own.
 */
import type { Dayjs } from 'dayjs';
import {
  APPRAISAL_LABELS,
  APPRAISAL_RESULTS,
  type AppliedGrade,
  type Appraisal,
  EDUCATION_LABELS,
  EDUCATION_LEVELS,
  type Education,
  GRADE_LABELS,
  type HeldGrade,
} from '../../domain/eligibility';
import type { Severity } from '../../domain/findings';
import type { Sex } from '../../domain/id-card';
import type { RetirementGroup } from '../../domain/retirement';
import type { EligibilityCheckBody, Finding, LiveVerdict } from '../../server/modules/public/eligibility.schemas';

// The domain's words and the contract's shapes, re-exported for the pages that import them from here.
export type { AppliedGrade, Appraisal, Education, HeldGrade } from '../../domain/eligibility';
export type { Verdict } from '../../domain/findings';
export type { EligibilityCheckResponse } from '../../server/modules/public/eligibility.schemas';
export type { Finding, LiveVerdict, RetirementGroup, Severity, Sex };
export { GRADE_LABELS };
/** The request of the self-check: the domain's eligibility input, every field optional (the contract's body). */
export type EligibilityCheckRequest = EligibilityCheckBody;

export const EDUCATION_OPTIONS = EDUCATION_LEVELS.map((value) => ({ value, label: EDUCATION_LABELS[value] }));

export const APPRAISAL_OPTIONS = APPRAISAL_RESULTS.map((value) => ({ value, label: APPRAISAL_LABELS[value] }));

/** The one a stored value names, if it is one (the contract sends the results as plain strings). */
export function asAppraisal(value: string | null | undefined): Appraisal | undefined {
  return APPRAISAL_RESULTS.find((a) => a === value);
}

/** The 现岗位等级 select: 0 stands for 无 (sent as null), since a select option cannot hold null. */
export type HeldGradeChoice = 0 | HeldGrade;

export const HELD_GRADE_OPTIONS: { value: HeldGradeChoice; label: string }[] = [
  { value: 0, label: '无' },
  { value: 5, label: GRADE_LABELS[5] },
  { value: 4, label: GRADE_LABELS[4] },
  { value: 3, label: GRADE_LABELS[3] },
  { value: 2, label: GRADE_LABELS[2] },
];

export const APPLIED_GRADE_OPTIONS: { value: AppliedGrade; label: string }[] = ([5, 4, 3, 2, 1] as const).map((g) => ({
  value: g,
  label: GRADE_LABELS[g],
}));

/** Job types named in Henan notices, plus a few from other provinces' catalogues (rules.md §10): a sample only. */
export const SAMPLE_JOB_TYPES: readonly string[] = [
  '汽车驾驶员',
  '汽车维修工',
  '办公设备维修工',
  '保管工',
  '保育员',
  '护理员',
  '防疫员',
  '农业技术员',
  '图书资料员',
  '药工',
  '动物检疫员',
  '环境噪声监测工',
  '花卉工',
  '公路养护工',
  '印刷工',
  '电工',
  '车工',
  '钳工',
  '焊工',
  '中式烹调师',
];

/** The form's values as antd holds them (pickers hold Dayjs; empty inputs hold undefined, null or ''). */
export interface SelfCheckValues {
  campaignYear?: number | null;
  cutoffDate?: Dayjs | null;
  name?: string;
  idNumber?: string;
  /** '' is the radio's 不填 choice. */
  sex?: Sex | '';
  birthMonth?: Dayjs | null;
  education?: Education;
  workStartMonth?: Dayjs | null;
  regularizedMonth?: Dayjs | null;
  currentJobType?: string;
  currentGrade?: HeldGradeChoice;
  currentGradeMonth?: Dayjs | null;
  currentGradeJobType?: string;
  yearsInCurrentJobType?: number | null;
  appliedJobType?: string;
  appliedGrade?: AppliedGrade;
  retirementGroup?: RetirementGroup;
  vehicleReformTransfer?: boolean;
  exceptionalPromotion?: boolean;
  appointedToGrade2Post?: boolean;
  /** Newest first; a year left blank is undefined. */
  appraisals?: (Appraisal | undefined)[];
  waiverAward?: boolean;
}

export const APPRAISAL_YEARS = 5;

/** Human labels of the request's fields, in the order the form shows them. */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  campaignYear: '考核年度',
  cutoffDate: '通知日期',
  name: '姓名',
  idNumber: '身份证号',
  sex: '性别',
  birthMonth: '出生年月',
  education: '文化程度',
  retirementGroup: '女性退休年龄基准',
  workStartMonth: '参加工作时间',
  regularizedMonth: '转正定级时间',
  currentJobType: '现岗位工种',
  yearsInCurrentJobType: '现岗位工种年限',
  currentGrade: '现岗位等级',
  currentGradeMonth: '现等级取得时间',
  currentGradeJobType: '现等级所属工种',
  appliedJobType: '申报工种',
  appliedGrade: '申报等级',
  vehicleReformTransfer: '因公车改革变更工种',
  exceptionalPromotion: '申请破格',
  appointedToGrade2Post: '已聘任在二级岗位',
  waiverAward: '取得二级后获得可免除条件的奖励',
  appraisals: '近五年年度考核',
};

const FIELD_ORDER: readonly string[] = Object.keys(FIELD_LABELS);

export const SEVERITY_WORDS: Readonly<Record<Severity, string>> = {
  error: '不符合',
  review: '须审核',
  warning: '提醒',
};

export const VERDICT_TITLES: Readonly<Record<LiveVerdict, string>> = {
  eligible: '符合申报条件',
  ineligible: '不符合申报条件',
  needs_review: '需要审核人员判断',
  incomplete: '信息不完整',
};

/** The headline of an incomplete form: 信息不完整：尚缺 申报工种、申报等级. */
export function incompleteTitle(missing: readonly string[], labels: Readonly<Record<string, string>>): string {
  if (missing.length === 0) return VERDICT_TITLES.incomplete;
  return `${VERDICT_TITLES.incomplete}：尚缺 ${missing.map((f) => labels[f] ?? f).join('、')}`;
}

/** The sex the ID number states (17th digit odd = male), when it looks like an 18-character number. */
export function sexFromIdNumber(idNumber: string | undefined): Sex | undefined {
  const id = idNumber?.trim() ?? '';
  if (!/^\d{17}[\dXx]$/.test(id)) return undefined;
  return Number(id.charAt(16)) % 2 === 1 ? 'male' : 'female';
}

/** 女性退休年龄基准 matters for women, and for anyone whose sex is not known from the form or the ID number. */
export function showsRetirementGroup(values: Pick<SelfCheckValues, 'sex' | 'idNumber'>): boolean {
  const sex = values.sex || sexFromIdNumber(values.idNumber);
  return sex !== 'male';
}

export function holdsGrade(values: Pick<SelfCheckValues, 'currentGrade'>): boolean {
  return values.currentGrade !== undefined && values.currentGrade !== 0;
}

/** The fields shown on screen for these values (conditional ones appear only when they apply). */
export function visibleFields(values: SelfCheckValues): Set<string> {
  const fields = new Set(Object.keys(FIELD_LABELS));
  if (!holdsGrade(values)) {
    fields.delete('currentGradeMonth');
    fields.delete('currentGradeJobType');
  }
  if (!showsRetirementGroup(values)) fields.delete('retirementGroup');
  if (values.appliedGrade !== 1) {
    fields.delete('appointedToGrade2Post');
    fields.delete('appraisals');
    fields.delete('waiverAward');
  }
  return fields;
}

function text(value: string | undefined): string | undefined {
  const t = value?.trim();
  return t ? t : undefined;
}

function month(value: Dayjs | null | undefined): string | undefined {
  return value?.isValid() ? value.format('YYYY-MM') : undefined;
}

/**
 * The request for these values: months as 'YYYY-MM', dates as 'YYYY-MM-DD', empty fields and fields not on
 * screen omitted. Required fields left empty are omitted too: the server answers 'incomplete' and names them.
 */
export function toRequest(values: SelfCheckValues): EligibilityCheckRequest {
  const grade = values.currentGrade ?? 0;
  const held = grade === 0 ? null : grade;
  const appliedGrade = values.appliedGrade;
  const request: EligibilityCheckRequest = { currentGrade: held };
  const name = text(values.name);
  if (name) request.name = name;
  const idNumber = text(values.idNumber);
  if (idNumber) request.idNumber = idNumber.toUpperCase();
  if (values.education) request.education = values.education;
  const workStartMonth = month(values.workStartMonth);
  if (workStartMonth) request.workStartMonth = workStartMonth;
  const appliedJobType = text(values.appliedJobType);
  if (appliedJobType) request.appliedJobType = appliedJobType;
  if (appliedGrade) request.appliedGrade = appliedGrade;
  if (typeof values.campaignYear === 'number' && Number.isFinite(values.campaignYear)) {
    request.campaignYear = values.campaignYear;
  }
  if (values.cutoffDate?.isValid()) request.cutoffDate = values.cutoffDate.format('YYYY-MM-DD');
  if (values.sex) request.sex = values.sex;
  const birthMonth = month(values.birthMonth);
  if (birthMonth) request.birthMonth = birthMonth;
  const regularizedMonth = month(values.regularizedMonth);
  if (regularizedMonth) request.regularizedMonth = regularizedMonth;
  const currentJobType = text(values.currentJobType);
  if (currentJobType) request.currentJobType = currentJobType;
  if (held !== null) {
    const gradeMonth = month(values.currentGradeMonth);
    if (gradeMonth) request.currentGradeMonth = gradeMonth;
    const gradeJobType = text(values.currentGradeJobType);
    if (gradeJobType) request.currentGradeJobType = gradeJobType;
  }
  if (typeof values.yearsInCurrentJobType === 'number' && Number.isFinite(values.yearsInCurrentJobType)) {
    request.yearsInCurrentJobType = values.yearsInCurrentJobType;
  }
  if (showsRetirementGroup(values) && values.retirementGroup) request.retirementGroup = values.retirementGroup;
  if (values.vehicleReformTransfer) request.vehicleReformTransfer = true;
  if (values.exceptionalPromotion) request.exceptionalPromotion = true;
  if (appliedGrade === 1) {
    if (values.appointedToGrade2Post) request.appointedToGrade2Post = true;
    const appraisals = (values.appraisals ?? []).filter((a): a is Appraisal => a !== undefined && a !== null);
    if (appraisals.length > 0) request.appraisals = appraisals;
    if (values.waiverAward) request.waiverAward = true;
  }
  return request;
}

/** 'YYYY-MM-DD' as 2026年3月5日. */
export function formatCnDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 2, review: 1, warning: 0 };

/** The Form.Item status for a field's findings: error for any error, warning for review and warning. */
export function statusOf(findings: readonly Finding[]): 'error' | 'warning' {
  return findings.some((f) => f.severity === 'error') ? 'error' : 'warning';
}

/** Most serious first, keeping the server's order otherwise. */
export function bySeverity(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
}

export interface PlacedFindings {
  /** Findings shown next to their field, by field name, fields in the form's order. */
  byField: Map<string, Finding[]>;
  /** Findings without a field, or whose field is not on screen: listed in the verdict box. */
  unplaced: Finding[];
}

export function placeFindings(findings: readonly Finding[], onScreen: ReadonlySet<string>): PlacedFindings {
  const byField = new Map<string, Finding[]>();
  const unplaced: Finding[] = [];
  for (const finding of findings) {
    const field = finding.field ? topField(finding.field) : undefined;
    if (field && onScreen.has(field)) {
      const list = byField.get(field) ?? [];
      list.push(finding);
      byField.set(field, list);
    } else {
      unplaced.push(finding);
    }
  }
  const ordered = [...byField.entries()].sort(([a], [b]) => FIELD_ORDER.indexOf(a) - FIELD_ORDER.indexOf(b));
  return { byField: new Map(ordered), unplaced };
}

/** 'appraisals.0' → 'appraisals'. */
function topField(path: string): string {
  return path.split(/[.[]/)[0] ?? path;
}

/**
 * A 400's message names the field: `字段「workStartMonth」：参加工作时间应为…`. Returns the field (top level)
 * and the message without the technical name, or null when the message names no field.
 */
export function parseFieldError(message: string): { field: string; message: string } | null {
  const m = /^字段「([^」]+)」[：:]?\s*(.*)$/s.exec(message);
  if (!m?.[1]) return null;
  const field = topField(m[1]);
  const rest = m[2]?.trim() || '格式不正确';
  return { field, message: rest };
}
