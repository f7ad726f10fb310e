/**
 * The application form (申请表) of docs/api-registration.md: the form's values as antd holds them, the
 * conversions to ApplicationInputBody, what is derived from the ID card, where findings go, and the client-side
 * checks of uploaded files. No React here.
 */
import dayjs, { type Dayjs } from 'dayjs';
import type { WaiverAwardKind } from '../../domain/grade1-evidence';
import type { Application, ApplicationFileKind, ApplicationInputBody, JobType } from '../api/types';
import {
  APPRAISAL_YEARS,
  type AppliedGrade,
  type Appraisal,
  asAppraisal,
  type Education,
  FIELD_LABELS,
  type Finding,
  type HeldGradeChoice,
  type RetirementGroup,
  type Sex,
  sexFromIdNumber,
} from '../self-check/model';

export interface ApplicationFormValues {
  idNumber?: string;
  name?: string;
  education?: Education;
  workStartMonth?: Dayjs | null;
  regularizedMonth?: Dayjs | null;
  currentJobType?: string;
  /** 0 stands for 无 (sent as null). */
  currentGrade?: HeldGradeChoice;
  currentGradeMonth?: Dayjs | null;
  currentGradeJobType?: string;
  yearsInCurrentJobType?: number | null;
  appliedJobTypeId?: number;
  appliedGrade?: AppliedGrade;
  retirementGroup?: RetirementGroup;
  vehicleReformTransfer?: boolean;
  exceptionalPromotion?: boolean;
  evidenceNote?: string;
  appointedToGrade2Post?: boolean;
  appraisals?: (Appraisal | undefined)[];
  waiverAward?: boolean;
  waiverAwardKind?: WaiverAwardKind;
  phone?: string;
  remarks?: string;
}

/** Labels of the form's fields (contract names), in the form's order; also the labels of findings. */
export const APP_FIELD_LABELS: Readonly<Record<string, string>> = {
  ...FIELD_LABELS,
  appliedJobTypeId: '申报工种',
  waiverAwardKind: '奖励类别',
  evidenceNote: '破格/变更工种依据说明',
  phone: '联系电话',
  remarks: '备注',
  workYears: '工作年限',
};

/**
 * Where a finding is shown: the rules name `appliedJobType` (the form has the catalogue's id), and the
 * derived 性别 and 出生年月 are checked against the ID card, so those show under it.
 */
export const FINDING_FIELD_ALIASES: Readonly<Record<string, string>> = {
  appliedJobType: 'appliedJobTypeId',
  sex: 'idNumber',
  birthMonth: 'idNumber',
};

export function aliasFindings(findings: readonly Finding[]): Finding[] {
  return findings.map((f) => {
    const top = f.field?.split(/[.[]/)[0];
    const alias = top ? FINDING_FIELD_ALIASES[top] : undefined;
    return alias ? { ...f, field: alias } : f;
  });
}

/** The fields shown on screen for these values (conditional ones only when they apply). */
export function visibleAppFields(values: ApplicationFormValues, showRetirementGroup: boolean): Set<string> {
  const fields = new Set(Object.keys(APP_FIELD_LABELS));
  fields.delete('appliedJobType');
  fields.delete('sex');
  fields.delete('birthMonth');
  fields.delete('campaignYear');
  fields.delete('cutoffDate');
  if (!values.currentGrade) {
    fields.delete('currentGradeMonth');
    fields.delete('currentGradeJobType');
  }
  if (!showRetirementGroup) fields.delete('retirementGroup');
  if (values.appliedGrade !== 1) {
    fields.delete('appointedToGrade2Post');
    fields.delete('appraisals');
    fields.delete('waiverAward');
    fields.delete('waiverAwardKind');
  }
  return fields;
}

const ID_PATTERN = /^\d{17}[\dXx]$/;

/** 性别 and 出生日期 as the ID number states them (the server decides; this is for display while typing). */
export function derivedFromId(idNumber: string | undefined): { sex?: Sex; birthDate?: string } {
  const id = idNumber?.trim() ?? '';
  if (!ID_PATTERN.test(id)) return {};
  const y = id.slice(6, 10);
  const m = id.slice(10, 12);
  const d = id.slice(12, 14);
  const date = dayjs(`${y}-${m}-${d}`, 'YYYY-MM-DD');
  const birthDate = date.isValid() && date.format('YYYYMMDD') === `${y}${m}${d}` ? `${y}-${m}-${d}` : undefined;
  return { sex: sexFromIdNumber(id), birthDate };
}

/** 工作年限 counted in calendar years, inclusively (rules.md §2): Y − year(参加工作时间) + 1. */
export function workYearsFor(year: number, workStart: Dayjs | null | undefined): number | undefined {
  if (!workStart?.isValid()) return undefined;
  const n = year - workStart.year() + 1;
  return n >= 0 ? n : undefined;
}

function month(value: Dayjs | null | undefined): string | undefined {
  return value?.isValid() ? value.format('YYYY-MM') : undefined;
}

function text(value: string | undefined | null): string | undefined {
  const t = value?.trim();
  return t ? t : undefined;
}

/**
 * The input for these values. `clear` sends null for emptied optional fields (a PATCH must be able to clear
 * them); otherwise they are left out. Fields not on screen (grade-1 ones for other grades) are cleared too.
 */
export function toInput(
  values: ApplicationFormValues,
  options: { clear: boolean; showRetirementGroup: boolean },
): Partial<ApplicationInputBody> {
  const none = options.clear ? null : undefined;
  const input: Partial<ApplicationInputBody> = {};
  const set = <K extends keyof ApplicationInputBody>(key: K, value: ApplicationInputBody[K] | undefined | null) => {
    if (value === undefined || value === null) {
      if (none === null) (input as Record<string, unknown>)[key] = null;
      return;
    }
    input[key] = value;
  };
  const idNumber = text(values.idNumber);
  if (idNumber) input.idNumber = idNumber.toUpperCase();
  const name = text(values.name);
  if (name) input.name = name;
  if (values.education) input.education = values.education;
  const workStart = month(values.workStartMonth);
  if (workStart) input.workStartMonth = workStart;
  set('regularizedMonth', month(values.regularizedMonth));
  set('currentJobType', text(values.currentJobType));
  const grade = values.currentGrade ?? 0;
  input.currentGrade = grade === 0 ? null : grade;
  set('currentGradeMonth', grade === 0 ? undefined : month(values.currentGradeMonth));
  set('currentGradeJobType', grade === 0 ? undefined : text(values.currentGradeJobType));
  set(
    'yearsInCurrentJobType',
    typeof values.yearsInCurrentJobType === 'number' && Number.isFinite(values.yearsInCurrentJobType)
      ? values.yearsInCurrentJobType
      : undefined,
  );
  if (typeof values.appliedJobTypeId === 'number') input.appliedJobTypeId = values.appliedJobTypeId;
  if (values.appliedGrade) input.appliedGrade = values.appliedGrade;
  input.retirementGroup = options.showRetirementGroup ? (values.retirementGroup ?? 'worker') : 'worker';
  input.vehicleReformTransfer = !!values.vehicleReformTransfer;
  input.exceptionalPromotion = !!values.exceptionalPromotion;
  set('evidenceNote', text(values.evidenceNote));
  const grade1 = values.appliedGrade === 1;
  input.appointedToGrade2Post = grade1 && !!values.appointedToGrade2Post;
  input.waiverAward = grade1 && !!values.waiverAward;
  set('waiverAwardKind', input.waiverAward ? values.waiverAwardKind : undefined);
  const appraisals = grade1
    ? (values.appraisals ?? []).filter((a): a is Appraisal => a !== undefined && a !== null)
    : [];
  set('appraisals', appraisals.length > 0 ? appraisals : undefined);
  set('phone', text(values.phone));
  set('remarks', text(values.remarks));
  return input;
}

function parseMonth(value: string | null | undefined): Dayjs | undefined {
  if (!value) return undefined;
  const d = dayjs(`${value.slice(0, 7)}-01`, 'YYYY-MM-DD');
  return d.isValid() ? d : undefined;
}

/** The form's values for a saved application. */
export function fromApplication(a: Application): ApplicationFormValues {
  const appraisals = Array.from({ length: APPRAISAL_YEARS }, (_, i) => asAppraisal(a.appraisals?.[i]));
  return {
    idNumber: a.idNumber,
    name: a.name,
    education: a.education,
    workStartMonth: parseMonth(a.workStartMonth),
    regularizedMonth: parseMonth(a.regularizedMonth),
    currentJobType: a.currentJobType ?? undefined,
    currentGrade: a.currentGrade ?? 0,
    currentGradeMonth: parseMonth(a.currentGradeMonth),
    currentGradeJobType: a.currentGradeJobType ?? undefined,
    yearsInCurrentJobType: a.yearsInCurrentJobType ?? undefined,
    appliedJobTypeId: a.appliedJobTypeId,
    appliedGrade: a.appliedGrade,
    retirementGroup: a.retirementGroup ?? 'worker',
    vehicleReformTransfer: a.vehicleReformTransfer,
    exceptionalPromotion: a.exceptionalPromotion,
    evidenceNote: a.evidenceNote ?? undefined,
    appointedToGrade2Post: a.appointedToGrade2Post,
    appraisals,
    waiverAward: a.waiverAward,
    waiverAwardKind: a.waiverAwardKind ?? undefined,
    phone: a.phone ?? undefined,
    remarks: a.remarks ?? undefined,
  };
}

/** What the form needs before it can be saved at all (the server's required fields). */
export function missingRequired(input: Partial<ApplicationInputBody>, withIdentity: boolean): string[] {
  const missing: string[] = [];
  if (withIdentity && !input.name) missing.push('name');
  if (withIdentity && !input.idNumber) missing.push('idNumber');
  if (!input.education) missing.push('education');
  if (!input.workStartMonth) missing.push('workStartMonth');
  if (input.appliedJobTypeId === undefined) missing.push('appliedJobTypeId');
  if (!input.appliedGrade) missing.push('appliedGrade');
  return missing;
}

/** 申报等级 offered by the job type (all when it is not known yet). */
export function gradesOffered(jobType: JobType | undefined): AppliedGrade[] {
  const all: AppliedGrade[] = [5, 4, 3, 2, 1];
  if (!jobType) return all;
  return all.filter((g) => jobType.grades.includes(g));
}

// ─── Files (contract: photo JPEG ≤ 200 KB, 2-inch proportions; scans JPEG/PNG/PDF ≤ 5 MB) ───────────────

export const PHOTO_MAX_BYTES = 200 * 1024;
export const SCAN_MAX_BYTES = 5 * 1024 * 1024;
export const PHOTO_MIN = { width: 260, height: 360 } as const;
export const PHOTO_RATIO = { min: 0.65, max: 0.8 } as const;
export const SCAN_TYPES: readonly string[] = ['image/jpeg', 'image/png', 'application/pdf'];

export function isJpeg(file: { name: string; type: string }): boolean {
  return file.type === 'image/jpeg' || (!file.type && /\.jpe?g$/i.test(file.name));
}

/** The first thing wrong with a file before its pixels are known, or null. */
export function checkFileBasics(kind: ApplicationFileKind, file: { name: string; type: string; size: number }) {
  if (kind === 'photo') {
    if (!isJpeg(file)) return '照片须为 JPEG 格式（.jpg）';
    if (file.size > PHOTO_MAX_BYTES) return `照片不能超过 200 KB（当前 ${Math.ceil(file.size / 1024)} KB）`;
    return null;
  }
  const typeOk = SCAN_TYPES.includes(file.type) || (!file.type && /\.(jpe?g|png|pdf)$/i.test(file.name));
  if (!typeOk) return '扫描件须为 JPEG、PNG 或 PDF 格式';
  if (file.size > SCAN_MAX_BYTES) return `扫描件不能超过 5 MB（当前 ${(file.size / 1024 / 1024).toFixed(1)} MB）`;
  return null;
}

/** The photo's pixel checks: 2-inch proportions (width:height 0.65–0.8), at least 260×360. */
export function checkPhotoSize(width: number, height: number): string | null {
  if (width < PHOTO_MIN.width || height < PHOTO_MIN.height) {
    return `照片尺寸至少 260×360 像素（当前 ${width}×${height}），标准为 413×579`;
  }
  const ratio = width / height;
  if (ratio < PHOTO_RATIO.min || ratio > PHOTO_RATIO.max) {
    return `照片应为2寸竖版比例（宽:高 在 0.65–0.8 之间，当前 ${ratio.toFixed(2)}），标准为 413×579`;
  }
  return null;
}

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${Math.round(size / 1024)} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}
