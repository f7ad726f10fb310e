// The review chain (资格审查) as a pure state machine: who holds an application, what each level may do with
// it, where it goes next, which reasons exist and when each level's time runs out.
//
// 豫人社办函〔2017〕11号 二(二): units pre-review against personnel files (资格初审), supervising departments review
// and aggregate (审核汇总) and report to the HR bureau of the jurisdiction (资格审查); the province reviews the
// jurisdictions' materials and aggregates the province's data (三月十五日至三十一日). rules.md §9: the province
// reviews 省直单位 and 中央驻豫单位 itself, so their applications skip the jurisdiction level.

import type { Phase, ReviewTrack } from './timetable.js';

export const APPLICATION_STATUSES = [
  'draft',
  'awaiting_unit',
  'submitted',
  'unit_approved',
  'department_approved',
  'jurisdiction_approved',
  'province_confirmed',
  'returned',
  'rejected',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const STATUS_LABELS: Record<ApplicationStatus, string> = {
  draft: '草稿',
  awaiting_unit: '待单位确认',
  submitted: '待单位审核',
  unit_approved: '单位已审核',
  department_approved: '主管部门已审核',
  jurisdiction_approved: '资格审查合格',
  province_confirmed: '省级已确认',
  returned: '退回修改',
  rejected: '审核不通过',
};

/** Who may hold an application: the applicant (online registration) and the four reviewing levels. */
export const STAGES = ['applicant', 'unit', 'department', 'jurisdiction', 'province'] as const;
export type Stage = (typeof STAGES)[number];
export type ReviewLevel = Exclude<Stage, 'applicant'>;
export const REVIEW_LEVELS = ['unit', 'department', 'jurisdiction', 'province'] as const satisfies ReviewLevel[];

export const LEVEL_LABELS: Record<Stage, string> = {
  applicant: '申报人',
  unit: '单位',
  department: '主管部门',
  jurisdiction: '市县人社部门',
  province: '省工考办',
};

/** What each level's decision is called on the form and in the lists. */
export const LEVEL_REVIEW_NAMES: Record<ReviewLevel, string> = {
  unit: '单位资格初审',
  department: '主管部门审核',
  // As the timetable names the phase (市县资格审查); the page title 资格审查 is the whole chain's.
  jurisdiction: '市县资格审查',
  province: '省级审查确认',
};

export const REVIEW_ACTIONS = ['approve', 'return', 'reject'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];
export const ACTION_LABELS: Record<ReviewAction, string> = { approve: '通过', return: '退回修改', reject: '不通过' };

/** Why an application goes back for correction (退回修改). */
export const RETURN_REASONS = {
  INFO_ERROR: '个人信息填写有误（出生年月、工作时间、文化程度等与档案不符）',
  JOB_TYPE_GRADE: '申报工种或等级有误',
  MATERIALS_MISSING: '证明材料不全或扫描件不清晰',
  PHOTO: '照片不符合要求',
  OPINION_MISSING: '审核意见、盖章或日期缺失',
  OTHER: '其他原因',
} as const;
export type ReturnReason = keyof typeof RETURN_REASONS;

/** Why an application is refused for good (审核不通过). */
export const REJECT_REASONS = {
  WORK_YEARS: '工作年限不符合申报条件',
  GRADE_TENURE: '现等级取得时间或任职年限不符合申报条件',
  EDUCATION: '文化程度不符合申报条件',
  RETIREMENT: '已达到或临近法定退休年龄',
  JOB_TYPE_MISMATCH: '申报工种与现岗位工种不符',
  NOT_WORKER_POST: '不属于工勤技能岗位人员',
  FALSE_INFORMATION: '提供虚假信息或材料',
  DUPLICATE: '重复申报',
  OTHER: '其他原因',
} as const;
export type RejectReason = keyof typeof REJECT_REASONS;

/** Which reason codes an action takes (approvals take none). */
export function reasonsFor(action: ReviewAction): Readonly<Record<string, string>> | null {
  if (action === 'return') return RETURN_REASONS;
  if (action === 'reject') return REJECT_REASONS;
  return null;
}

/** The review columns of an application that the state machine reads. */
export interface ReviewState {
  status: ApplicationStatus;
  /** While returned: the level it went back to. */
  returnedTo: Stage | null;
  source: 'unit' | 'import' | 'online';
  departmentBatchId: number | null;
  jurisdictionBatchId: number | null;
  /** 省直单位 and 中央驻豫单位: the province reviews instead of a jurisdiction. */
  reviewedByProvince: boolean;
}

/** The level above `level` for this application (the department's is the province for 省直/中央驻豫). */
export function levelAbove(level: ReviewLevel, reviewedByProvince: boolean): ReviewLevel | null {
  switch (level) {
    case 'unit':
      return 'department';
    case 'department':
      return reviewedByProvince ? 'province' : 'jurisdiction';
    case 'jurisdiction':
      return 'province';
    case 'province':
      return null;
  }
}

/** The level a return from `level` sends the application back to: the level below. */
export function levelBelow(level: ReviewLevel, state: Pick<ReviewState, 'source' | 'reviewedByProvince'>): Stage {
  switch (level) {
    case 'unit':
      // The unit sends an online registration back to the applicant; its own entry back to its own editor.
      return state.source === 'online' ? 'applicant' : 'unit';
    case 'department':
      return 'unit';
    case 'jurisdiction':
      return 'department';
    case 'province':
      return state.reviewedByProvince ? 'department' : 'jurisdiction';
  }
}

/**
 * Who holds the application now: whose move it is. Null when nobody does (a draft not yet submitted is its
 * author's, shown as the unit or the applicant; confirmed and rejected ones are finished).
 */
export function holderOf(state: ReviewState): Stage | null {
  switch (state.status) {
    case 'draft':
      return state.source === 'online' ? 'applicant' : 'unit';
    case 'awaiting_unit':
    case 'submitted':
      return 'unit';
    case 'unit_approved':
      return 'department';
    case 'department_approved':
      if (state.departmentBatchId === null) return 'department';
      return state.reviewedByProvince ? 'province' : 'jurisdiction';
    case 'jurisdiction_approved':
      return state.jurisdictionBatchId === null ? 'jurisdiction' : 'province';
    case 'returned':
      return state.returnedTo;
    case 'province_confirmed':
    case 'rejected':
      return null;
  }
}

/** Short description of where the application is, for the applicant and the unit. */
export function describePosition(state: ReviewState): string {
  const holder = holderOf(state);
  switch (state.status) {
    case 'draft':
      return '草稿，尚未提交';
    case 'awaiting_unit':
      return '已提交，等待单位确认';
    case 'submitted':
      return '等待单位资格初审';
    case 'unit_approved':
      return '单位已初审通过，等待主管部门审核';
    case 'department_approved':
      if (state.departmentBatchId === null) return '主管部门已审核通过，等待主管部门汇总上报';
      return state.reviewedByProvince ? '已上报，等待省工考办审查' : '已上报，等待市县人社部门资格审查';
    case 'jurisdiction_approved':
      return state.jurisdictionBatchId === null
        ? '资格审查合格，等待市县人社部门汇总上报'
        : '已上报，等待省工考办审查确认';
    case 'province_confirmed':
      return '省工考办已确认，报名资格审查完成';
    case 'returned':
      return `已退回${holder ? LEVEL_LABELS[holder] : ''}修改`;
    case 'rejected':
      return '审核不通过';
  }
}

/** The status an approval at `level` leads to. */
function approvedStatus(level: ReviewLevel): ApplicationStatus {
  switch (level) {
    case 'unit':
      return 'unit_approved';
    case 'department':
      return 'department_approved';
    case 'jurisdiction':
      return 'jurisdiction_approved';
    case 'province':
      // 省直/中央驻豫 too: the province's review is both the qualification review and the confirmation.
      return 'province_confirmed';
  }
}

/** Statuses in which `level` holds an application it may decide on (not counting returns sent to it). */
function decidable(level: ReviewLevel, state: ReviewState, action: ReviewAction): boolean {
  switch (level) {
    case 'unit':
      // An online registration awaiting confirmation may be sent back to the applicant or refused; it is
      // approved only after the unit confirmed it (confirm moves it to submitted).
      return state.status === 'submitted' || (state.status === 'awaiting_unit' && action !== 'approve');
    case 'department':
      return state.status === 'unit_approved';
    case 'jurisdiction':
      return state.status === 'department_approved' && state.departmentBatchId !== null && !state.reviewedByProvince;
    case 'province':
      return (
        (state.status === 'jurisdiction_approved' && state.jurisdictionBatchId !== null) ||
        (state.status === 'department_approved' && state.departmentBatchId !== null && state.reviewedByProvince)
      );
  }
}

export type TransitionRefusal =
  | 'REVIEW_NOT_YOUR_TURN'
  | 'REVIEW_FINISHED'
  | 'REVIEW_NOT_SUBMITTED'
  | 'REVIEW_AWAITING_CORRECTION';

export type TransitionResult =
  | {
      ok: true;
      status: ApplicationStatus;
      returnedTo: Stage | null;
      /** Batch columns after the move (a return clears the batches of the levels it goes back past). */
      departmentBatchId: number | null;
      jurisdictionBatchId: number | null;
    }
  | { ok: false; code: TransitionRefusal; message: string };

/** The move `action` by `level` makes from `state`, or why it is refused (a coded, Chinese reason). */
export function transition(state: ReviewState, level: ReviewLevel, action: ReviewAction): TransitionResult {
  const holder = holderOf(state);
  if (state.status === 'province_confirmed' || state.status === 'rejected') {
    return {
      ok: false,
      code: 'REVIEW_FINISHED',
      message: `该申请${STATUS_LABELS[state.status]}，审核已经结束`,
    };
  }
  if (state.status === 'draft') {
    return { ok: false, code: 'REVIEW_NOT_SUBMITTED', message: '该申请尚未提交，不能审核' };
  }
  const returnedHere = state.status === 'returned' && state.returnedTo === level;
  // A return to the unit (its own entry) or to the applicant waits for the correction and a new submission;
  // the unit may still refuse it for good.
  if (returnedHere && level === 'unit' && action !== 'reject') {
    return {
      ok: false,
      code: 'REVIEW_AWAITING_CORRECTION',
      message: '该申请已退回修改，请修改后重新提交再审核',
    };
  }
  if (!returnedHere && !decidable(level, state, action)) {
    if (state.status === 'returned') {
      return {
        ok: false,
        code: 'REVIEW_AWAITING_CORRECTION',
        message: `该申请已退回${state.returnedTo ? LEVEL_LABELS[state.returnedTo] : ''}修改，等待其处理`,
      };
    }
    return {
      ok: false,
      code: 'REVIEW_NOT_YOUR_TURN',
      message: `该申请当前${describePosition(state)}，${holder ? `应由${LEVEL_LABELS[holder]}处理` : '不能由您审核'}`,
    };
  }
  switch (action) {
    case 'approve':
      return {
        ok: true,
        status: approvedStatus(level),
        returnedTo: null,
        departmentBatchId: level === 'unit' || level === 'department' ? null : state.departmentBatchId,
        // The province's confirmation keeps the batches it came up in, for the record.
        jurisdictionBatchId: level === 'province' ? state.jurisdictionBatchId : null,
      };
    case 'reject':
      return {
        ok: true,
        status: 'rejected',
        returnedTo: null,
        departmentBatchId: state.departmentBatchId,
        jurisdictionBatchId: state.jurisdictionBatchId,
      };
    case 'return': {
      const to = levelBelow(level, state);
      return {
        ok: true,
        status: 'returned',
        returnedTo: to,
        // Back below the department: its batch no longer holds the application; likewise the jurisdiction's.
        departmentBatchId: to === 'jurisdiction' ? state.departmentBatchId : null,
        jurisdictionBatchId: null,
      };
    }
  }
}

/** Which level an official's role reviews at. */
export function levelOfRole(role: string): ReviewLevel | null {
  switch (role) {
    case 'unit_officer':
      return 'unit';
    case 'department_reviewer':
      return 'department';
    case 'jurisdiction_admin':
      return 'jurisdiction';
    case 'province_admin':
      return 'province';
    default:
      return null;
  }
}

// ─── Overruling the eligibility verdict ─────────────────────────────────────────────────────────────────

export type Verdict = 'eligible' | 'needs_review' | 'ineligible';

/**
 * Approving over a verdict other than eligible needs a written reason (at least a few characters); over
 * ineligible it is also flagged in the statistics. Returns the refusal message, or null when allowed.
 */
export function overruleRefusal(verdict: Verdict, reason: string | null | undefined): string | null {
  if (verdict === 'eligible') return null;
  const text = reason?.trim() ?? '';
  if (text.length >= MIN_OVERRULE_REASON) return null;
  return verdict === 'ineligible'
    ? `系统判定该申请「不符合条件」，如仍要通过，须填写不少于${MIN_OVERRULE_REASON}个字的理由（将在统计中标注）`
    : `系统判定该申请「需人工核实」，通过前须填写不少于${MIN_OVERRULE_REASON}个字的核实意见`;
}

export const MIN_OVERRULE_REASON = 4;

/** The stronger of two overrules (ineligible > needs_review > none). */
export function strongerOverrule(a: string | null, b: Verdict): string | null {
  if (b === 'eligible') return a;
  if (b === 'ineligible' || a === 'ineligible') return 'ineligible';
  return 'needs_review';
}

// ─── Deadlines ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * The timetable phase whose end is each level's deadline (2017: units by 02-28, departments and
 * jurisdictions by 03-20, the province by 03-31). A unit correcting a returned application works to the
 * jurisdictions' deadline: the return came from above, and the chain must still finish by then.
 *
 * 一级 applications (track `grade1`) run through the same chain in their own windows (rules.md §6, §8: 一级 is
 * evaluated September to November, months after the spring review is over): the unit to the end of 一级申报和单位初审,
 * every reviewing level — and a unit correcting a return — to the end of 一级资格审查.
 */
export function deadlinePhase(level: ReviewLevel, hasBeenReturned: boolean, track: ReviewTrack = 'regular'): Phase {
  if (track === 'grade1') return level === 'unit' && !hasBeenReturned ? 'grade1_registration' : 'grade1_review';
  switch (level) {
    case 'unit':
      return hasBeenReturned ? 'jurisdiction_review' : 'registration';
    case 'department':
    case 'jurisdiction':
      return 'jurisdiction_review';
    case 'province':
      return 'province_review';
  }
}

/** Default wording of an opinion when the reviewer writes none. */
export function defaultOpinion(level: ReviewLevel, action: ReviewAction): string {
  if (action === 'approve') {
    switch (level) {
      case 'unit':
        return '经核对人事档案，情况属实，符合申报条件，同意申报。';
      case 'department':
        return '经审核，符合申报条件，同意上报。';
      case 'jurisdiction':
        return '经资格审查，符合申报条件。';
      case 'province':
        return '经审查，同意确认。';
    }
  }
  return action === 'return' ? '请按退回原因修改后重新提交。' : '经审核，不符合申报条件。';
}

/**
 * The seal (盖章) an opinion carries unless the reviewer names another: the organisation itself, except that a
 * jurisdiction's qualification review is sealed by its HR bureau (郑州市 → 郑州市人力资源和社会保障局).
 */
export function defaultSealName(level: ReviewLevel, orgName: string): string {
  if (level === 'jurisdiction' && orgName && !orgName.includes('人力资源')) return `${orgName}人力资源和社会保障局`;
  return orgName;
}

// ─── 汇总上报 batch numbers ─────────────────────────────────────────────────────────────────────────────────

/** Region code in batch numbers of 省直单位 and 中央驻豫单位, which have none: the province's. */
export const PROVINCE_REGION_CODE = '410000';

/**
 * One shape for every batch number, whoever sends it: `{year}-{the jurisdiction's 行政区划代码}-{serial}`, e.g.
 * 2017-410100-00003. The serial is the batch's own id (province-wide, so two senders never collide and the number
 * is known before the insert); a department's number names its jurisdiction, as the jurisdiction's does.
 */
export function batchNumber(year: number, regionCode: string | null, serial: number): string {
  return `${year}-${regionCode?.trim() || PROVINCE_REGION_CODE}-${String(serial).padStart(5, '0')}`;
}
