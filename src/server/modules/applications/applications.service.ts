/**
 * Applications (申请表), unit side: create, save, submit, confirm, delete, evaluate, read and list.
 * Every change runs in one scoped transaction (row-level security) and writes one audit row (entity
 * `application`); the verdict and findings are recomputed and stored with every save.
 *
 * For the Excel import and the PDF printing (other modules), two functions are exported:
 *
 *   prepareApplication({ campaign, unit, jobType, input, today }): PrepareResult
 *     Pure: validates and derives one application, returning either `{ ok: true, values, evaluation }` where
 *     `values` is the row to insert minus what the caller decides (source, status, applicantAccountId, createdBy,
 *     submittedAt, createdAt, updatedAt), or `{ ok: false, errors: [{ field, code, message }] }` for what refuses a
 *     save: an invalid ID card (ID_NUMBER_INVALID, the finding's message) or a job type outside the campaign's
 *     catalogue / without the applied grade (JOB_TYPE_INVALID). An ineligible verdict is NOT an error: findings are
 *     stored. Field formats (months, enums) are the caller's Zod job. The caller looks up `jobType` in the
 *     campaign's catalogue (by id or by name), `unit` with `findUnit` (applications.repository.ts), and checks
 *     the window (`assertRegistrationOpen`, registration-window.ts) and duplicates (the unique index
 *     `applications_campaign_id_number_key`, after every other check, and `duplicateError`), then inserts with
 *     `insertApplication` (repository) and audits.
 *
 *   presentApplication(view, files, viewer, writable): Application
 *     The API shape of one application (docs/api-registration.md), with abilities for the viewer. `view` is
 *     what `findApplicationView` returns (names resolved), `files` from `listFiles`, `writable` whether the
 *     campaign is open and its registration window open for the application's jurisdiction.
 */

import {
  type AppliedGrade,
  type Appraisal,
  assessEligibility,
  checkEligibility,
  type DraftEligibilityInput,
  type Education,
  type EligibilityInput,
  type EligibilityOutcome,
  type EligibilityResult,
  type EligibilitySettings,
  type Finding,
  GRADE_LABELS,
  grade1EvidenceProblems,
  type HeldGrade,
  normalizeIdNumber,
  verdictOf,
  type WaiverAwardKind,
} from '../../../domain/index.js';
import { maskIdNumber } from '../../../domain/masking.js';
import { formatChineseDate, PHASE_LABELS, phaseWindow, returnedEditPhaseOf } from '../../../domain/timetable.js';
import type { Tx } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { type AuditEntry, recordAudit } from '../../platform/audit.js';
import { chinaDate } from '../../platform/clock.js';
import type { Actor, ServiceContext } from '../../platform/context.js';
import { AppError, type ErrorCode, uniqueViolation } from '../../platform/errors.js';
import { hasPermission, type Permission } from '../../platform/permissions.js';
import { inScopedTx, inSystemTx } from '../../platform/tx.js';
import * as campaignsService from '../campaigns/campaigns.service.js';
import { settleNotificationsFor } from '../notifications/notifications.service.js';
import { findNode } from '../org/org.service.js';
import type {
  ApplicationInsert,
  ApplicationRow,
  ApplicationStatus,
  ApplicationView,
  FileMeta,
  JobTypeRow,
  SortColumn,
  UnitRef,
} from './applications.repository.js';
import * as repo from './applications.repository.js';
import type { ApplicationInput } from './applications.schemas.js';
import { assertRegistrationOpen, type CampaignRow, findCampaign, registrationOpen } from './registration-window.js';

// ─── Pure: preparation and presentation ────────────────────────────────────────────────────────────────────

export interface PrepareError {
  field: string;
  code: Extract<ErrorCode, 'ID_NUMBER_INVALID' | 'JOB_TYPE_INVALID' | 'VALIDATION_FAILED'>;
  message: string;
}

/** The row to insert, minus what the caller decides (source, status, accounts, timestamps). */
export type PreparedApplication = Omit<
  ApplicationInsert,
  | 'id'
  | 'source'
  | 'status'
  | 'applicantAccountId'
  | 'createdBy'
  | 'submittedAt'
  | 'createdAt'
  | 'updatedAt'
  | 'version'
>;

export type PrepareResult =
  | { ok: true; values: PreparedApplication; evaluation: EligibilityResult }
  | { ok: false; errors: PrepareError[] };

export interface PrepareArgs {
  campaign: Pick<CampaignRow, 'id' | 'year' | 'noticeDate' | 'eligibilitySettings' | 'catalogVersionId'>;
  unit: Pick<UnitRef, 'id' | 'path' | 'departmentId' | 'jurisdictionId'>;
  /** The applied job type as looked up by the caller; null when none was found. */
  jobType: JobTypeRow | null;
  input: ApplicationInput;
  /** Beijing date, `chinaDate(clock.now())`. */
  today: string;
}

/** The campaign's eligibility settings (jsonb), keeping only well-typed keys. */
export function eligibilitySettingsOf(campaign: Pick<CampaignRow, 'eligibilitySettings'>): EligibilitySettings {
  const raw = (campaign.eligibilitySettings ?? {}) as Record<string, unknown>;
  const settings: EligibilitySettings = {};
  if (typeof raw.workYearsCutoffYear === 'number') settings.workYearsCutoffYear = raw.workYearsCutoffYear;
  if (typeof raw.gradeObtainedByYear === 'number') settings.gradeObtainedByYear = raw.gradeObtainedByYear;
  if (typeof raw.regularizedBy === 'string') settings.regularizedBy = raw.regularizedBy;
  return settings;
}

/** Whether the job type belongs to the campaign's catalogue and offers the grade; the refusal otherwise. */
export function checkJobType(
  campaign: Pick<CampaignRow, 'catalogVersionId'>,
  jobType: JobTypeRow | null,
  appliedGrade: AppliedGrade,
): PrepareError | null {
  if (!jobType || jobType.versionId !== campaign.catalogVersionId) {
    return { field: 'appliedJobTypeId', code: 'JOB_TYPE_INVALID', message: '申报工种不在本年度的工种目录中' };
  }
  if (!jobType.grades.includes(appliedGrade)) {
    return {
      field: 'appliedGrade',
      code: 'JOB_TYPE_INVALID',
      message: `工种「${jobType.name}」不设${GRADE_LABELS[appliedGrade]}，请核对申报等级`,
    };
  }
  return null;
}

const orUndefined = <T>(value: T | null | undefined): T | undefined => (value === null ? undefined : value);

/** The rules' input for a form being filled: what is empty stays empty (see assessEligibility). */
function draftEligibilityInput(
  campaign: PrepareArgs['campaign'],
  input: Partial<ApplicationInput>,
  appliedJobType: string | undefined,
): DraftEligibilityInput {
  return {
    ...eligibilityInput(campaign, input, appliedJobType ?? '', { education: 'postgraduate', appliedGrade: 5 }),
    name: input.name,
    idNumber: input.idNumber,
    education: input.education,
    workStartMonth: input.workStartMonth,
    appliedJobType,
    appliedGrade: input.appliedGrade,
  };
}

function eligibilityInput(
  campaign: PrepareArgs['campaign'],
  input: Partial<ApplicationInput>,
  appliedJobType: string,
  fallback: { education: Education; appliedGrade: AppliedGrade },
): EligibilityInput {
  return {
    campaignYear: campaign.year,
    cutoffDate: campaign.noticeDate,
    settings: eligibilitySettingsOf(campaign),
    name: input.name ?? '',
    idNumber: input.idNumber ?? '',
    education: input.education ?? fallback.education,
    workStartMonth: input.workStartMonth ?? '',
    regularizedMonth: orUndefined(input.regularizedMonth),
    currentJobType: orUndefined(input.currentJobType) || undefined,
    currentGrade: input.currentGrade ?? null,
    currentGradeMonth: orUndefined(input.currentGradeMonth),
    currentGradeJobType: orUndefined(input.currentGradeJobType) || undefined,
    yearsInCurrentJobType: orUndefined(input.yearsInCurrentJobType),
    appliedJobType,
    appliedGrade: input.appliedGrade ?? fallback.appliedGrade,
    retirementGroup: orUndefined(input.retirementGroup),
    vehicleReformTransfer: orUndefined(input.vehicleReformTransfer),
    exceptionalPromotion: orUndefined(input.exceptionalPromotion),
    appointedToGrade2Post: orUndefined(input.appointedToGrade2Post),
    appraisals: orUndefined(input.appraisals),
    waiverAward: orUndefined(input.waiverAward),
  };
}

/** The first ID-card error among findings (GB 11643 codes), which refuses a save. */
export function idCardError(findings: readonly Finding[]): Finding | undefined {
  return findings.find((f) => f.severity === 'error' && f.field === 'idNumber' && f.code.startsWith('ID_'));
}

/** See the comment at the top of this file. */
export function prepareApplication(args: PrepareArgs): PrepareResult {
  const { campaign, unit, jobType, input, today } = args;
  const errors: PrepareError[] = [];
  const jobTypeError = checkJobType(campaign, jobType, input.appliedGrade);
  if (jobTypeError) errors.push(jobTypeError);
  const evaluation = checkEligibility(
    eligibilityInput(campaign, input, jobType?.name ?? '', {
      education: input.education,
      appliedGrade: input.appliedGrade,
    }),
    today,
  );
  const idError = idCardError(evaluation.findings);
  if (idError) errors.push({ field: 'idNumber', code: 'ID_NUMBER_INVALID', message: idError.message });
  if (evaluation.workYears === undefined) {
    errors.push({
      field: 'workStartMonth',
      code: 'VALIDATION_FAILED',
      message: '参加工作时间应为“年-月”格式，如 1995-07',
    });
  }
  if (errors.length > 0 || !jobType || !evaluation.sex || !evaluation.birthDate || evaluation.workYears === undefined) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    evaluation,
    values: {
      campaignId: campaign.id,
      unitId: unit.id,
      orgPath: unit.path,
      departmentId: unit.departmentId,
      jurisdictionId: unit.jurisdictionId,
      idNumber: normalizeIdNumber(input.idNumber),
      name: input.name.trim(),
      sex: evaluation.sex,
      birthDate: evaluation.birthDate,
      education: input.education,
      workStartMonth: input.workStartMonth,
      workYears: evaluation.workYears,
      regularizedMonth: input.regularizedMonth ?? null,
      currentJobType: input.currentJobType || null,
      currentGrade: input.currentGrade,
      currentGradeMonth: input.currentGradeMonth ?? null,
      currentGradeJobType: input.currentGradeJobType || null,
      yearsInCurrentJobType: input.yearsInCurrentJobType ?? null,
      appliedJobTypeId: jobType.id,
      appliedGrade: input.appliedGrade,
      retirementGroup: input.retirementGroup ?? 'worker',
      vehicleReformTransfer: input.vehicleReformTransfer ?? false,
      exceptionalPromotion: input.exceptionalPromotion ?? false,
      evidenceNote: input.evidenceNote || null,
      appointedToGrade2Post: input.appointedToGrade2Post ?? false,
      appraisals: input.appraisals && input.appraisals.length > 0 ? input.appraisals : null,
      waiverAward: input.waiverAward ?? false,
      // The award's kind means something only with the waiver claimed on a 一级 application.
      waiverAwardKind: input.appliedGrade === 1 && input.waiverAward === true ? (input.waiverAwardKind ?? null) : null,
      phone: input.phone || null,
      remarks: input.remarks || null,
      verdict: evaluation.verdict,
      findings: evaluation.findings,
      statutoryRetirementDate: evaluation.statutoryRetirementDate ?? null,
    },
  };
}

/** The editable fields of a stored application, as ApplicationInput (for partial updates and re-evaluation). */
export function inputOf(row: ApplicationRow): ApplicationInput {
  return {
    idNumber: row.idNumber,
    name: row.name,
    education: row.education as Education,
    workStartMonth: row.workStartMonth,
    regularizedMonth: row.regularizedMonth,
    currentJobType: row.currentJobType,
    currentGrade: row.currentGrade as HeldGrade | null,
    currentGradeMonth: row.currentGradeMonth,
    currentGradeJobType: row.currentGradeJobType,
    yearsInCurrentJobType: row.yearsInCurrentJobType,
    appliedJobTypeId: row.appliedJobTypeId,
    appliedGrade: row.appliedGrade as AppliedGrade,
    retirementGroup: row.retirementGroup as 'worker' | 'cadre',
    vehicleReformTransfer: row.vehicleReformTransfer,
    exceptionalPromotion: row.exceptionalPromotion,
    evidenceNote: row.evidenceNote,
    appointedToGrade2Post: row.appointedToGrade2Post,
    appraisals: row.appraisals as Appraisal[] | null,
    waiverAward: row.waiverAward,
    waiverAwardKind: row.waiverAwardKind as WaiverAwardKind | null,
    phone: row.phone,
    remarks: row.remarks,
  };
}

export interface ApplicationAbilities {
  edit: boolean;
  submit: boolean;
  confirm: boolean;
  delete: boolean;
}

const EDITABLE: readonly ApplicationStatus[] = ['draft', 'awaiting_unit', 'returned'];
const SUBMITTABLE: readonly ApplicationStatus[] = ['draft', 'returned'];

/** The unit (or a level above it) registering the person: application.manage within its scope. */
export function isUnitSide(actor: Actor, row: Pick<ApplicationRow, 'orgPath'>): boolean {
  return (
    hasPermission(actor.role, 'application.manage') && actor.orgPath !== null && row.orgPath.startsWith(actor.orgPath)
  );
}

export function isOwnApplication(actor: Actor, row: Pick<ApplicationRow, 'applicantAccountId'>): boolean {
  return hasPermission(actor.role, 'application.self') && row.applicantAccountId === actor.accountId;
}

/** What the viewer may do; `writable` is whether the campaign is open and its registration window open. */
export function applicationAbilities(
  actor: Actor,
  row: Pick<ApplicationRow, 'orgPath' | 'applicantAccountId' | 'status' | 'source' | 'returnedTo'>,
  writable: boolean,
): ApplicationAbilities {
  const none = { edit: false, submit: false, confirm: false, delete: false };
  if (!writable) return none;
  // A returned application is corrected by the level it went back to: the unit (returned_to = 'unit') or the
  // applicant (returned_to = 'applicant'); returns to a reviewing level are that level's (review module).
  const returnedElsewhere = (to: 'unit' | 'applicant') => row.status === 'returned' && row.returnedTo !== to;
  if (isUnitSide(actor, row)) {
    const onlineDraft = row.source === 'online' && row.status === 'draft';
    const blocked = onlineDraft || returnedElsewhere('unit');
    return {
      edit: EDITABLE.includes(row.status) && !blocked,
      submit: SUBMITTABLE.includes(row.status) && !blocked,
      confirm: row.status === 'awaiting_unit',
      delete: row.status === 'draft' && row.source !== 'online',
    };
  }
  if (isOwnApplication(actor, row)) {
    return {
      edit: EDITABLE.includes(row.status) && !returnedElsewhere('applicant'),
      submit: SUBMITTABLE.includes(row.status) && !returnedElsewhere('applicant'),
      confirm: false,
      delete: false,
    };
  }
  return none;
}

/** Full ID numbers for the unit and the applicant; masked (4101**********2016) for everyone else. */
export function seesFullIdNumber(actor: Actor, row: Pick<ApplicationRow, 'applicantAccountId'>): boolean {
  return actor.role === 'unit_officer' || isOwnApplication(actor, row);
}

export function presentFile(file: FileMeta) {
  return {
    id: file.id,
    kind: file.kind,
    fileName: file.fileName,
    mime: file.mime,
    size: file.size,
    width: file.width,
    height: file.height,
    appraisalYear: file.appraisalYear,
    description: file.description,
  };
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

/** See the comment at the top of this file. */
export function presentApplication(
  view: ApplicationView,
  files: readonly FileMeta[],
  viewer: Actor,
  writable: boolean,
) {
  const row = view.row;
  return {
    id: row.id,
    campaignId: row.campaignId,
    unitId: row.unitId,
    unitName: view.unitName ?? '',
    departmentName: view.departmentName ?? '',
    jurisdictionName: view.jurisdictionName ?? '',
    source: row.source,
    status: row.status,
    idNumber: row.idNumber,
    name: row.name,
    sex: row.sex as 'male' | 'female',
    birthDate: row.birthDate,
    birthMonth: row.birthDate.slice(0, 7),
    education: row.education as Education,
    workStartMonth: row.workStartMonth,
    workYears: row.workYears,
    regularizedMonth: row.regularizedMonth,
    currentJobType: row.currentJobType,
    currentGrade: row.currentGrade as HeldGrade | null,
    currentGradeMonth: row.currentGradeMonth,
    currentGradeJobType: row.currentGradeJobType,
    yearsInCurrentJobType: row.yearsInCurrentJobType,
    appliedJobTypeId: row.appliedJobTypeId,
    appliedJobType: view.appliedJobType ?? '',
    appliedJobTypeCategory: view.appliedJobTypeCategory ?? '',
    appliedGrade: row.appliedGrade as AppliedGrade,
    retirementGroup: row.retirementGroup as 'worker' | 'cadre',
    vehicleReformTransfer: row.vehicleReformTransfer,
    exceptionalPromotion: row.exceptionalPromotion,
    evidenceNote: row.evidenceNote,
    appointedToGrade2Post: row.appointedToGrade2Post,
    appraisals: (row.appraisals as string[] | null) ?? null,
    waiverAward: row.waiverAward,
    waiverAwardKind: row.waiverAwardKind as WaiverAwardKind | null,
    phone: row.phone,
    remarks: row.remarks,
    verdict: row.verdict as 'eligible' | 'ineligible' | 'needs_review',
    findings: row.findings as Finding[],
    statutoryRetirementDate: row.statutoryRetirementDate,
    submittedAt: iso(row.submittedAt),
    returnedTo: row.returnedTo,
    returnCount: row.returnCount,
    rejectReason: row.rejectReason,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
    files: files.map(presentFile),
    abilities: applicationAbilities(viewer, row, writable),
  };
}

export type Application = ReturnType<typeof presentApplication>;

/** What the audit trail keeps of an application: the form's fields, the ID number masked, no files. */
export function auditSnapshot(row: ApplicationRow) {
  return {
    status: row.status,
    source: row.source,
    unitId: row.unitId,
    idNumber: maskIdNumber(row.idNumber),
    name: row.name,
    education: row.education,
    workStartMonth: row.workStartMonth,
    regularizedMonth: row.regularizedMonth,
    currentJobType: row.currentJobType,
    currentGrade: row.currentGrade,
    currentGradeMonth: row.currentGradeMonth,
    currentGradeJobType: row.currentGradeJobType,
    yearsInCurrentJobType: row.yearsInCurrentJobType,
    appliedJobTypeId: row.appliedJobTypeId,
    appliedGrade: row.appliedGrade,
    retirementGroup: row.retirementGroup,
    vehicleReformTransfer: row.vehicleReformTransfer,
    exceptionalPromotion: row.exceptionalPromotion,
    evidenceNote: row.evidenceNote,
    appointedToGrade2Post: row.appointedToGrade2Post,
    appraisals: row.appraisals,
    waiverAward: row.waiverAward,
    waiverAwardKind: row.waiverAwardKind,
    phone: row.phone,
    remarks: row.remarks,
    verdict: row.verdict,
    version: row.version,
  };
}

/**
 * A person already registered in the campaign. Within the caller's own jurisdiction the message names the unit
 * (the caller's office can see it anyway); elsewhere it says only that the person is registered elsewhere and whom
 * to ask, so that registering an ID number tells nobody which unit in the province holds that person.
 */
export function duplicateError(
  registrant: Pick<repo.Registrant, 'unitName' | 'jurisdictionId'> | null,
  callerJurisdictionId: number,
): AppError {
  if (registrant && registrant.jurisdictionId === callerJurisdictionId) {
    return new AppError(
      'APPLICATION_DUPLICATE',
      `该申报人已由「${registrant.unitName}」报名，同一考核年度只能报名一次`,
    );
  }
  return new AppError(
    'APPLICATION_DUPLICATE',
    '该申报人本考核年度已在其他地区报名，同一考核年度只能报名一次；如确属本单位人员，请与本地工考办联系核实',
  );
}

/** Appends the audit row of an application change, by an official or by the applicant, in the caller's transaction. */
export async function auditApplication(tx: Tx, ctx: ServiceContext, entry: AuditEntry, now: Date): Promise<void> {
  await recordAudit(tx, ctx.actor, ctx.meta, entry, now);
}

// ─── Shared plumbing for the unit side and the applicant side (registration module) ────────────────────────

/**
 * The last day a returned application may be corrected and resubmitted: the end of `jurisdiction_review` for
 * its jurisdiction (extension applied; docs/api-review.md), for 一级 the end of `grade1_review`; null when the
 * timetable has no such phase.
 */
export async function returnedEditEnd(
  tx: Tx,
  campaignId: number,
  jurisdictionId: number,
  appliedGrade: number,
): Promise<string | null> {
  const { phases, extensions } = await campaignsService.findTimetable(tx, campaignId);
  const phase = returnedEditPhaseOf(appliedGrade);
  if (!phases.some((p) => p.phase === phase)) return null;
  return phaseWindow(phases, extensions, jurisdictionId, phase).endsOn;
}

type WindowRow = Pick<ApplicationRow, 'status' | 'jurisdictionId' | 'appliedGrade'>;

/**
 * Refuses unless the application may change today: the registration window of its grade, or for a returned
 * application the window running to the end of `jurisdiction_review` (一级: `grade1_review`), WINDOW_CLOSED
 * naming the date.
 */
export async function assertEditWindowOpen(
  deps: Pick<AppDeps, 'clock'>,
  tx: Tx,
  campaign: CampaignRow,
  row: WindowRow,
): Promise<void> {
  if (row.status !== 'returned') {
    await assertRegistrationOpen(deps, tx, campaign, row.jurisdictionId, row.appliedGrade);
    return;
  }
  if (campaign.status === 'closed') throw new AppError('CAMPAIGN_CLOSED', `「${campaign.name}」已结束`);
  if (campaign.status !== 'open') throw new AppError('CAMPAIGN_NOT_OPEN', `「${campaign.name}」尚未开放`);
  const end = await returnedEditEnd(tx, campaign.id, row.jurisdictionId, row.appliedGrade);
  const day = chinaDate(deps.clock.now());
  if (end === null || day > end) {
    throw new AppError(
      'WINDOW_CLOSED',
      `退回修改的申请须在${end ? formatChineseDate(end) : `${PHASE_LABELS[returnedEditPhaseOf(row.appliedGrade)]}结束`}前修改并重新提交，已经截止（今天是${formatChineseDate(day)}）`,
    );
  }
}

/** Whether the application may change today (for abilities; never throws). */
export async function editWindowOpen(
  deps: Pick<AppDeps, 'clock'>,
  tx: Tx,
  campaign: CampaignRow,
  row: WindowRow,
): Promise<boolean> {
  const day = chinaDate(deps.clock.now());
  if (row.status !== 'returned') return registrationOpen(tx, campaign, row.jurisdictionId, row.appliedGrade, day);
  if (campaign.status !== 'open') return false;
  const end = await returnedEditEnd(tx, campaign.id, row.jurisdictionId, row.appliedGrade);
  return end !== null && day <= end;
}

/** The statuses by which an application is handed in (by the unit, or online by the applicant). */
const HANDED_IN: readonly ApplicationStatus[] = ['submitted', 'awaiting_unit'];

/**
 * Refuses to hand in a 一级 application without the evidence its claims need (domain/grade1-evidence.ts):
 * GRADE1_EVIDENCE_MISSING naming what is missing.
 */
export async function assertGrade1Evidence(
  tx: Tx,
  campaign: Pick<CampaignRow, 'year'>,
  applicationId: number | null,
  values: { appliedGrade: number; waiverAward?: boolean; waiverAwardKind?: string | null },
): Promise<void> {
  if (values.appliedGrade !== 1) return;
  const files = applicationId === null ? [] : await repo.listFiles(tx, applicationId);
  const problems = grade1EvidenceProblems({
    campaignYear: campaign.year,
    appliedGrade: values.appliedGrade,
    waiverAward: values.waiverAward ?? false,
    waiverAwardKind: values.waiverAwardKind ?? null,
    files,
  });
  if (problems.length > 0) {
    throw new AppError(
      'GRADE1_EVIDENCE_MISSING',
      `${problems.map((p) => p.message).join('；')}${applicationId === null ? '（请先保存草稿，上传材料后再提交）' : ''}`,
    );
  }
}

export function today(deps: AppDeps): string {
  return chinaDate(deps.clock.now());
}

export function requireAnyPermission(actor: Actor, permissions: readonly Permission[]): void {
  if (!permissions.some((p) => hasPermission(actor.role, p))) throw new AppError('FORBIDDEN');
}

/** One application as loaded in a transaction, before names hidden from the viewer are filled in. */
export interface Loaded {
  view: ApplicationView;
  files: FileMeta[];
  writable: boolean;
}

export async function load(tx: Tx, deps: AppDeps, view: ApplicationView): Promise<Loaded> {
  const campaign = await findCampaign(tx, view.row.campaignId);
  const writable = campaign ? await editWindowOpen(deps, tx, campaign, view.row) : false;
  return { view, files: await repo.listFiles(tx, view.row.id), writable };
}

/**
 * Presents a loaded application. Applicants cannot read org_nodes under row-level security, so the unit,
 * department and jurisdiction names of their own application are looked up as the system (names only).
 */
export async function finish(deps: AppDeps, actor: Actor, loaded: Loaded): Promise<Application> {
  const { view } = loaded;
  if (view.unitName === null || view.departmentName === null || view.jurisdictionName === null) {
    const names = await inSystemTx(deps.db, (tx) =>
      repo.findNodeNames(tx, [view.row.unitId, view.row.departmentId, view.row.jurisdictionId]),
    );
    view.unitName ??= names.get(view.row.unitId) ?? null;
    view.departmentName ??= names.get(view.row.departmentId) ?? null;
    view.jurisdictionName ??= names.get(view.row.jurisdictionId) ?? null;
  }
  return presentApplication(view, loaded.files, actor, loaded.writable);
}

async function loadById(tx: Tx, deps: AppDeps, actor: Actor, id: number): Promise<Loaded> {
  const view = await repo.findApplicationView(tx, id, {
    hideOnlineDrafts: !hasPermission(actor.role, 'application.self'),
  });
  if (!view) throw new AppError('NOT_FOUND', '申请不存在或不在您的管辖范围内');
  return load(tx, deps, view);
}

/** Throws the first refusal of a preparation. */
export function requirePrepared(result: PrepareResult): Extract<PrepareResult, { ok: true }> {
  if (!result.ok) {
    const first = result.errors[0]!;
    throw new AppError(
      first.code,
      first.code === 'VALIDATION_FAILED' ? `字段「${first.field}」：${first.message}` : first.message,
    );
  }
  return result;
}

/**
 * Maps the unique index on (campaign, ID number) to APPLICATION_DUPLICATE (duplicateError). The index is the one
 * duplicate check: it fires only after the caller's rights, the campaign, the unit and the window were checked in
 * the same transaction, so nobody learns of a registration by trying a request they may not make.
 */
export async function mapDuplicate(
  deps: AppDeps,
  error: unknown,
  campaignId: number | null,
  idNumber: string | null,
  callerJurisdictionId: number | null,
): Promise<never> {
  if (
    uniqueViolation(error) === 'applications_campaign_id_number_key' &&
    campaignId !== null &&
    idNumber !== null &&
    callerJurisdictionId !== null
  ) {
    const found = await inSystemTx(deps.db, (tx) => repo.findRegistrant(tx, campaignId, normalizeIdNumber(idNumber)));
    throw duplicateError(found, callerJurisdictionId);
  }
  throw error;
}

export interface NewApplication {
  campaignId: number;
  input: ApplicationInput;
  source: ApplicationRow['source'];
  status: ApplicationStatus;
  applicantAccountId: number | null;
  /** Finds the unit inside the transaction (scoped for officials) or returns one looked up before. */
  resolveUnit(tx: Tx): Promise<UnitRef>;
}

/** Creates one application: window, job type, ID card, derivation, insert, audit. */
export async function insertOne(deps: AppDeps, ctx: ServiceContext, spec: NewApplication): Promise<Application> {
  const day = today(deps);
  let callerJurisdictionId: number | null = null;
  let loaded: Loaded;
  try {
    loaded = await inScopedTx(deps.db, ctx.actor, async (tx) => {
      const campaign = await findCampaign(tx, spec.campaignId);
      if (!campaign) throw new AppError('NOT_FOUND', '考核年度不存在');
      const unit = await spec.resolveUnit(tx);
      callerJurisdictionId = unit.jurisdictionId;
      await assertRegistrationOpen(deps, tx, campaign, unit.jurisdictionId, spec.input.appliedGrade);
      const jobType = await repo.findJobType(tx, spec.input.appliedJobTypeId);
      const prepared = requirePrepared(prepareApplication({ campaign, unit, jobType, input: spec.input, today: day }));
      if (HANDED_IN.includes(spec.status)) await assertGrade1Evidence(tx, campaign, null, prepared.values);
      const now = deps.clock.now();
      const submitted = spec.status === 'submitted';
      const row = await repo.insertApplication(tx, {
        ...prepared.values,
        source: spec.source,
        status: spec.status,
        applicantAccountId: spec.applicantAccountId,
        submittedAt: submitted ? now : null,
        createdBy: ctx.actor.accountId,
        createdAt: now,
        updatedAt: now,
      });
      await auditApplication(
        tx,
        ctx,
        {
          entityType: 'application',
          entityId: row.id,
          orgNodeId: row.unitId,
          orgPath: row.orgPath,
          action: 'application.create',
          summary: `${submitted ? '新增并提交' : spec.status === 'awaiting_unit' ? '网上报名并提交' : '新增'}「${row.name}」的申请（${unit.name}，${GRADE_LABELS[row.appliedGrade as AppliedGrade]}）`,
          after: auditSnapshot(row),
        },
        now,
      );
      const view = await repo.findApplicationView(tx, row.id, { hideOnlineDrafts: false });
      return load(tx, deps, view!);
    });
  } catch (error) {
    return mapDuplicate(deps, error, spec.campaignId, spec.input.idNumber, callerJurisdictionId);
  }
  return finish(deps, ctx.actor, loaded);
}

export interface ChangeSpec {
  /** The version the client edited; checked when given. */
  version?: number;
  /** Refuses unless the viewer may do this (the ability decides, with a precise message). */
  allowed(abilities: ApplicationAbilities, row: ApplicationRow): void;
  /** The new editable fields given the stored row (merge a patch with `mergeInput`), or null to keep them. */
  input(row: ApplicationRow): ApplicationInput | null;
  /** The unit, when it changes (applicants choose theirs). */
  unit?: UnitRef;
  status?: ApplicationStatus;
  action: string;
  summary(row: ApplicationRow): string;
}

/** Changes one application: lock, ability, window, version, re-derivation, update, audit. */
export async function changeOne(
  deps: AppDeps,
  ctx: ServiceContext,
  id: number,
  spec: ChangeSpec,
): Promise<Application> {
  const day = today(deps);
  let campaignId: number | null = null;
  let idNumber: string | null = null;
  let callerJurisdictionId: number | null = null;
  let loaded: Loaded;
  try {
    loaded = await inScopedTx(deps.db, ctx.actor, async (tx) => {
      const visible = await repo.findApplicationView(tx, id, {
        hideOnlineDrafts: !hasPermission(ctx.actor.role, 'application.self'),
      });
      const row = visible ? await repo.lockApplication(tx, id) : null;
      if (!row) throw new AppError('NOT_FOUND', '申请不存在或不在您的管辖范围内');
      campaignId = row.campaignId;
      const campaign = await findCampaign(tx, row.campaignId);
      if (!campaign) throw new AppError('NOT_FOUND', '考核年度不存在');
      // A closed campaign first: whatever the application's state, nothing of that year changes any more.
      if (campaign.status === 'closed') throw new AppError('CAMPAIGN_CLOSED', `「${campaign.name}」已结束，数据只读`);
      const unit = spec.unit ?? {
        id: row.unitId,
        path: row.orgPath,
        departmentId: row.departmentId,
        jurisdictionId: row.jurisdictionId,
      };
      spec.allowed(applicationAbilities(ctx.actor, row, true), row);
      const input = spec.input(row) ?? inputOf(row);
      // The window of the grade the application has after the change (一级 has its own).
      await assertEditWindowOpen(deps, tx, campaign, {
        status: row.status,
        jurisdictionId: unit.jurisdictionId,
        appliedGrade: input.appliedGrade,
      });
      if (spec.version !== undefined && spec.version !== row.version) {
        throw new AppError('STALE_VERSION', '该申请已被他人修改，请刷新后再保存');
      }
      idNumber = input.idNumber;
      callerJurisdictionId = unit.jurisdictionId;
      const jobType = await repo.findJobType(tx, input.appliedJobTypeId);
      const prepared = requirePrepared(prepareApplication({ campaign, unit, jobType, input, today: day }));
      const now = deps.clock.now();
      const status = spec.status ?? row.status;
      if (spec.status !== undefined && HANDED_IN.includes(spec.status)) {
        await assertGrade1Evidence(tx, campaign, id, prepared.values);
      }
      const updated = await repo.updateApplication(tx, id, row.version, {
        ...prepared.values,
        status,
        // A resubmission (unit: submitted; applicant: awaiting_unit) ends the return.
        returnedTo: status === 'returned' ? row.returnedTo : null,
        submittedAt: status === 'submitted' && row.status !== 'submitted' ? now : row.submittedAt,
        updatedAt: now,
      });
      if (!updated) throw new AppError('STALE_VERSION', '该申请已被他人修改，请刷新后再保存');
      await auditApplication(
        tx,
        ctx,
        {
          entityType: 'application',
          entityId: id,
          orgNodeId: updated.unitId,
          orgPath: updated.orgPath,
          action: spec.action,
          summary: spec.summary(updated),
          before: auditSnapshot(row),
          after: auditSnapshot(updated),
        },
        now,
      );
      // Submitted, resubmitted or confirmed: the notice that asked for it is done with.
      if (spec.status !== undefined) await settleNotificationsFor(tx, ctx.actor, [id], now);
      const view = await repo.findApplicationView(tx, id, { hideOnlineDrafts: false });
      return load(tx, deps, view!);
    });
  } catch (error) {
    return mapDuplicate(deps, error, campaignId, idNumber, callerJurisdictionId);
  }
  return finish(deps, ctx.actor, loaded);
}

/** The stored fields overlaid with a partial patch (absent keys keep their value, null clears). */
export function mergeInput(row: ApplicationRow, patch: Partial<ApplicationInput>): ApplicationInput {
  const merged: Record<string, unknown> = { ...inputOf(row) };
  for (const [key, value] of Object.entries(patch)) if (value !== undefined) merged[key] = value;
  return merged as unknown as ApplicationInput;
}

export const NOT_EDITABLE_MESSAGE: Partial<Record<ApplicationStatus, string>> = {
  submitted: '申请已提交，不能再修改',
  unit_approved: '申请已通过单位审核，不能再修改',
  department_approved: '申请已通过主管部门审核，不能再修改',
  jurisdiction_approved: '申请已通过资格审查，不能再修改',
  province_confirmed: '申请已经省工考办确认，不能再修改',
  rejected: '申请未通过审核，不能再修改',
  returned: '申请已退回其他环节处理，暂不能由您修改',
};

function refuseUnless(ok: boolean, row: ApplicationRow, what: string): void {
  if (ok) return;
  throw new AppError('APPLICATION_NOT_EDITABLE', NOT_EDITABLE_MESSAGE[row.status] ?? `当前状态下不能${what}`);
}

// ─── Unit side use cases ───────────────────────────────────────────────────────────────────────────────────

async function unitInScope(tx: Tx, actor: Actor, unitId: number): Promise<UnitRef> {
  const unit = await repo.findUnit(tx, unitId);
  if (!unit || actor.orgPath === null || !unit.path.startsWith(actor.orgPath)) {
    throw new AppError('NOT_FOUND', '单位不存在或不在您的管辖范围内');
  }
  if (!unit.active) throw new AppError('ORG_INACTIVE', `单位「${unit.name}」已停用，不能报名`);
  return unit;
}

export function createApplication(
  deps: AppDeps,
  ctx: ServiceContext,
  body: ApplicationInput & { campaignId: number; unitId: number; submit?: boolean },
) {
  const { campaignId, unitId, submit, ...input } = body;
  return insertOne(deps, ctx, {
    campaignId,
    input,
    source: 'unit',
    status: submit ? 'submitted' : 'draft',
    applicantAccountId: null,
    resolveUnit: (tx) => unitInScope(tx, ctx.actor, unitId),
  });
}

export async function updateApplicationFields(
  deps: AppDeps,
  ctx: ServiceContext,
  id: number,
  body: Partial<ApplicationInput> & { version: number },
) {
  const { version, ...patch } = body;
  // A changed ID number is checked against other units by the unique index (mapDuplicate, duplicateError).
  return changeOne(deps, ctx, id, {
    version,
    input: (row) => mergeInput(row, patch),
    allowed(abilities, row) {
      if (!isUnitSide(ctx.actor, row)) throw new AppError('FORBIDDEN', '只有报名单位可以修改申请');
      refuseUnless(abilities.edit, row, '修改');
    },
    action: 'application.update',
    summary: (row) => `修改「${row.name}」的申请`,
  });
}

function statusChange(
  deps: AppDeps,
  ctx: ServiceContext,
  id: number,
  version: number | undefined,
  which: 'submit' | 'confirm',
) {
  return changeOne(deps, ctx, id, {
    version,
    input: () => null,
    status: 'submitted',
    allowed(abilities, row) {
      if (!isUnitSide(ctx.actor, row)) throw new AppError('FORBIDDEN', '只有报名单位可以提交申请');
      if (which === 'confirm' && row.status !== 'awaiting_unit') {
        throw new AppError('APPLICATION_NOT_EDITABLE', '只能确认申报人网上提交、待单位确认的申请');
      }
      refuseUnless(abilities[which], row, which === 'submit' ? '提交' : '确认');
    },
    action: which === 'submit' ? 'application.submit' : 'application.confirm',
    summary: (row) => (which === 'submit' ? `提交「${row.name}」的申请` : `确认「${row.name}」网上报名的申请并提交`),
  });
}

export const submitApplication = (deps: AppDeps, ctx: ServiceContext, id: number, version?: number) =>
  statusChange(deps, ctx, id, version, 'submit');

export const confirmApplication = (deps: AppDeps, ctx: ServiceContext, id: number, version?: number) =>
  statusChange(deps, ctx, id, version, 'confirm');

export async function deleteApplication(deps: AppDeps, ctx: ServiceContext, id: number, version?: number) {
  await inScopedTx(deps.db, ctx.actor, async (tx) => {
    const visible = await repo.findApplicationView(tx, id, { hideOnlineDrafts: true });
    const row = visible ? await repo.lockApplication(tx, id) : null;
    if (!row) throw new AppError('NOT_FOUND', '申请不存在或不在您的管辖范围内');
    if (!isUnitSide(ctx.actor, row)) throw new AppError('FORBIDDEN', '只有报名单位可以删除申请');
    const campaign = await findCampaign(tx, row.campaignId);
    if (!campaign) throw new AppError('NOT_FOUND', '考核年度不存在');
    await assertRegistrationOpen(deps, tx, campaign, row.jurisdictionId, row.appliedGrade);
    if (version !== undefined && version !== row.version) {
      throw new AppError('STALE_VERSION', '该申请已被他人修改，请刷新后再操作');
    }
    if (!applicationAbilities(ctx.actor, row, true).delete) {
      throw new AppError('APPLICATION_NOT_EDITABLE', '只能删除单位填报的草稿');
    }
    const files = await repo.listFiles(tx, id);
    if (!(await repo.deleteDraftApplication(tx, id))) throw new AppError('CONFLICT');
    const now = deps.clock.now();
    await auditApplication(
      tx,
      ctx,
      {
        entityType: 'application',
        entityId: id,
        orgNodeId: row.unitId,
        orgPath: row.orgPath,
        action: 'application.delete',
        summary: `删除「${row.name}」的申请草稿`,
        before: { ...auditSnapshot(row), files: files.map(presentFile) },
      },
      now,
    );
  });
}

export async function getApplication(deps: AppDeps, ctx: ServiceContext, id: number) {
  requireAnyPermission(ctx.actor, ['application.read', 'application.self']);
  const loaded = await inScopedTx(deps.db, ctx.actor, (tx) => loadById(tx, deps, ctx.actor, id));
  return finish(deps, ctx.actor, loaded);
}

export interface ListInput {
  campaignId?: number;
  unitId?: number;
  jobTypeId?: number;
  grade?: number;
  verdict?: 'eligible' | 'ineligible' | 'needs_review';
  status?: ApplicationStatus;
  q?: string;
  sort: SortColumn;
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

export async function listApplications(deps: AppDeps, ctx: ServiceContext, input: ListInput) {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    let underPath: string | undefined;
    if (input.unitId !== undefined) {
      const node = await findNode(tx, input.unitId);
      if (!node || ctx.actor.orgPath === null || !node.path.startsWith(ctx.actor.orgPath)) {
        throw new AppError('NOT_FOUND', '机构不存在或不在您的管辖范围内');
      }
      underPath = node.path;
    }
    const { unitId: _unitId, q, ...rest } = input;
    const result = await repo.listApplications(tx, { ...rest, q: q?.trim() || undefined, underPath });
    return {
      items: result.items.map((item) => ({
        id: item.id,
        name: item.name,
        idNumber: seesFullIdNumber(ctx.actor, { applicantAccountId: null })
          ? item.idNumber
          : maskIdNumber(item.idNumber),
        sex: item.sex as 'male' | 'female',
        unitName: item.unitName ?? '',
        appliedJobType: item.appliedJobType ?? '',
        appliedGrade: item.appliedGrade as AppliedGrade,
        verdict: item.verdict as 'eligible' | 'ineligible' | 'needs_review',
        status: item.status,
        source: item.source,
        updatedAt: item.updatedAt.toISOString(),
      })),
      total: result.total,
    };
  });
}

// ─── Evaluate: the live check while the form is filled (writes nothing) ────────────────────────────────────

/** The contract's names for the domain's fields, where they differ (the form picks the job type by id). */
const CONTRACT_FIELDS: Readonly<Record<string, string>> = { appliedJobType: 'appliedJobTypeId' };

export async function evaluateApplication(
  deps: AppDeps,
  ctx: ServiceContext,
  body: Partial<ApplicationInput> & { campaignId: number },
) {
  requireAnyPermission(ctx.actor, ['application.read', 'application.self']);
  const { campaignId, ...input } = body;
  const { campaign, jobType } = await inScopedTx(deps.db, ctx.actor, async (tx) => ({
    campaign: await findCampaign(tx, campaignId),
    jobType: input.appliedJobTypeId === undefined ? null : await repo.findJobType(tx, input.appliedJobTypeId),
  }));
  if (!campaign) throw new AppError('NOT_FOUND', '考核年度不存在');
  const extra: Finding[] = [];
  if (input.appliedJobTypeId !== undefined && input.appliedGrade !== undefined) {
    const refusal = checkJobType(campaign, jobType, input.appliedGrade);
    if (refusal)
      extra.push({ code: 'JOB_TYPE_INVALID', severity: 'error', message: refusal.message, field: refusal.field });
  } else if (input.appliedJobTypeId !== undefined && (!jobType || jobType.versionId !== campaign.catalogVersionId)) {
    extra.push({
      code: 'JOB_TYPE_INVALID',
      severity: 'error',
      message: '申报工种不在本年度的工种目录中',
      field: 'appliedJobTypeId',
    });
  }
  // Empty fields stay empty: the domain names them as missing instead of finding fault with stand-ins.
  const result = assessEligibility(draftEligibilityInput(campaign, input, jobType?.name), today(deps));
  const missing = result.missing
    // A job type id that names nothing in the catalogue is filled (wrongly), as JOB_TYPE_INVALID says.
    .filter((field) => !(field === 'appliedJobType' && input.appliedJobTypeId !== undefined))
    .map((field) => CONTRACT_FIELDS[field] ?? field);
  const findings = [...result.findings, ...extra];
  const verdict: EligibilityOutcome = missing.length > 0 ? 'incomplete' : verdictOf(findings);
  return {
    verdict,
    missing,
    eligible: verdict === 'eligible',
    findings,
    statutoryRetirementDate: result.statutoryRetirementDate ?? null,
    workYears: result.workYears ?? null,
    sex: result.sex ?? null,
    birthDate: result.birthDate ?? null,
  };
}

// ─── For other modules (registration, review), in the caller's transaction ───────────────────────────────

export type { ApplicationView, PrintedOpinions, UnitRef } from './applications.repository.js';

/** An application with its unit's and job type's names, or null. */
export async function findApplicationView(
  tx: Tx,
  id: number,
  options: { hideOnlineDrafts: boolean },
): Promise<ApplicationView | null> {
  return repo.findApplicationView(tx, id, options);
}

/** An applicant's own application in a campaign, or null. */
export function findOwnApplicationView(
  tx: Tx,
  accountId: number,
  campaignId: number,
): ReturnType<typeof repo.findOwnApplicationView> {
  return repo.findOwnApplicationView(tx, accountId, campaignId);
}

/** A unit with its department and jurisdiction, or null. */
export async function findUnit(tx: Tx, unitId: number): Promise<UnitRef | null> {
  return repo.findUnit(tx, unitId);
}
