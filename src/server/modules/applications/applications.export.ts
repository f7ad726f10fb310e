/**
 * The list of applications as an Excel file (`GET /api/applications/export`, docs/api-registration.md): the
 * list's filters and order, the 申请表's columns in the form's order, then what the reviewers need. ID numbers
 * are masked exactly as in the list (full for the unit, 4101**********2016 for the levels above).
 *
 * Also the loading shared with batch printing: applications by the list's filters, with the names they show.
 */
import ExcelJS from 'exceljs';
import type { AppliedGrade } from '../../../domain/index.js';
import { VERDICT_LONG_LABELS as VERDICT_LABELS } from '../../../domain/labels.js';
import { maskIdNumber } from '../../../domain/masking.js';
import { STATUS_LABELS } from '../../../domain/review.js';
import type { Tx } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import type { Actor, ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { yieldToRequests } from '../../platform/jobs.js';
import { inScopedTx } from '../../platform/tx.js';
import { writeXlsx } from '../../platform/xlsx.js';
import { findNode } from '../org/org.service.js';
import {
  APPRAISAL_LABELS,
  EDUCATION_LABELS,
  GRADE_LABELS,
  NO_GRADE_LABEL,
  RETIREMENT_GROUP_LABELS,
} from './applications.import.js';
import type { ApplicationRow, ApplicationStatus, OutputApplication, SortColumn } from './applications.repository.js';
import * as repo from './applications.repository.js';
import { seesFullIdNumber } from './applications.service.js';

/** An export holds at most this many rows; narrower filters (a department, a job type) for more. */
export const MAX_EXPORT_ROWS = 20_000;
/** Rows between progress reports (and pauses for other requests) while an export is written. */
export const EXPORT_PROGRESS_ROWS = 500;

export { STATUS_LABELS, VERDICT_LABELS };
export const SOURCE_LABELS: Readonly<Record<ApplicationRow['source'], string>> = {
  unit: '单位录入',
  import: '批量导入',
  online: '网上报名',
};

/** What the export prints of an application: the Application shape (docs/api-registration.md) or a part of it. */
export interface ExportableApplication {
  name: string;
  idNumber: string;
  sex: string;
  birthDate: string;
  education: string;
  workStartMonth: string;
  workYears: number;
  regularizedMonth: string | null;
  currentJobType: string | null;
  currentGrade: number | null;
  currentGradeMonth: string | null;
  currentGradeJobType: string | null;
  yearsInCurrentJobType: number | null;
  appliedJobType: string;
  appliedJobTypeCategory: string;
  appliedGrade: number;
  retirementGroup: string;
  vehicleReformTransfer: boolean;
  exceptionalPromotion: boolean;
  evidenceNote: string | null;
  appointedToGrade2Post: boolean;
  appraisals: readonly string[] | null;
  waiverAward: boolean;
  unitName: string;
  departmentName: string;
  jurisdictionName: string;
  verdict: string;
  findings: readonly { severity: string; message: string }[];
  statutoryRetirementDate: string | null;
  status: ApplicationStatus;
  source: ApplicationRow['source'];
  phone: string | null;
  remarks: string | null;
  submittedAt: string | null;
}

const yesNo = (value: boolean) => (value ? '是' : '否');
const grade = (value: number | null) =>
  value === null ? NO_GRADE_LABEL : (GRADE_LABELS[value as AppliedGrade] ?? String(value));
const SEVERITY_PREFIX: Readonly<Record<string, string>> = {
  error: '【不符合】',
  review: '【须审核】',
  warning: '【提醒】',
};

/** [header, width, value] in the form's order (rules.md §5), then the rules' extra fields, then the review's. */
const EXPORT_COLUMNS: readonly [string, number, (a: ExportableApplication) => string | number | null][] = [
  ['姓名', 10, (a) => a.name],
  ['性别', 6, (a) => (a.sex === 'male' ? '男' : '女')],
  ['出生年月', 10, (a) => a.birthDate.slice(0, 7)],
  ['文化程度', 14, (a) => EDUCATION_LABELS[a.education as keyof typeof EDUCATION_LABELS] ?? a.education],
  ['参加工作时间', 12, (a) => a.workStartMonth],
  ['工作年限', 8, (a) => a.workYears],
  ['身份证号', 21, (a) => a.idNumber],
  ['现岗位工种', 14, (a) => a.currentJobType],
  ['现岗位等级', 14, (a) => grade(a.currentGrade)],
  ['现等级取得时间', 12, (a) => a.currentGradeMonth],
  ['现岗位工种年限', 10, (a) => a.yearsInCurrentJobType],
  ['申报工种', 16, (a) => a.appliedJobType],
  ['申报考核等级', 16, (a) => grade(a.appliedGrade)],
  ['工种类别', 12, (a) => a.appliedJobTypeCategory],
  ['转正定级时间', 12, (a) => a.regularizedMonth],
  ['现等级所属工种', 14, (a) => a.currentGradeJobType],
  [
    '女性退休年龄基准',
    12,
    (a) =>
      a.sex === 'female'
        ? (RETIREMENT_GROUP_LABELS[a.retirementGroup as keyof typeof RETIREMENT_GROUP_LABELS] ?? a.retirementGroup)
        : null,
  ],
  ['公车改革变更工种', 10, (a) => yesNo(a.vehicleReformTransfer)],
  ['申请破格', 8, (a) => yesNo(a.exceptionalPromotion)],
  ['证明材料说明', 24, (a) => a.evidenceNote],
  ['聘任二级岗位', 10, (a) => yesNo(a.appointedToGrade2Post)],
  [
    '近五年年度考核',
    20,
    (a) => a.appraisals?.map((x) => APPRAISAL_LABELS[x as keyof typeof APPRAISAL_LABELS] ?? x).join('、') ?? null,
  ],
  ['奖励免除条件', 10, (a) => yesNo(a.waiverAward)],
  ['单位', 26, (a) => a.unitName],
  ['主管部门', 22, (a) => a.departmentName],
  ['地区', 14, (a) => a.jurisdictionName],
  ['资格审核结论', 12, (a) => (VERDICT_LABELS as Record<string, string>)[a.verdict] ?? a.verdict],
  [
    '审核提示',
    50,
    (a) =>
      a.findings
        .filter((f) => f.severity !== 'ok')
        .map((f) => `${SEVERITY_PREFIX[f.severity] ?? ''}${f.message}`)
        .join('\n') || null,
  ],
  ['法定退休日期', 12, (a) => a.statutoryRetirementDate],
  ['状态', 12, (a) => STATUS_LABELS[a.status] ?? a.status],
  ['来源', 10, (a) => SOURCE_LABELS[a.source] ?? a.source],
  ['提交时间', 18, (a) => (a.submittedAt ? beijingTime(a.submittedAt) : null)],
  ['联系电话', 14, (a) => a.phone],
  ['备注', 24, (a) => a.remarks],
];

function beijingTime(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** The xlsx of a list: a 序号 column, the columns above, a frozen bold header and a filter on it. */
export async function buildApplicationsExport(
  items: readonly ExportableApplication[],
  title = '申报人员名单',
  /** Given, hears the rows written every EXPORT_PROGRESS_ROWS, and other requests run in between. */
  onProgress?: (rows: number) => void,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '河南省机关事业单位工勤技能岗位等级考核系统';
  const sheet = workbook.addWorksheet(title.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }] });
  sheet.columns = [{ header: '序号', width: 6 }, ...EXPORT_COLUMNS.map(([header, width]) => ({ header, width }))];
  // Text, so that Excel shows 18-digit ID numbers and 2005-07 as they are.
  for (const header of ['身份证号', '出生年月', '参加工作时间', '现等级取得时间', '转正定级时间', '联系电话']) {
    sheet.getColumn(EXPORT_COLUMNS.findIndex(([h]) => h === header) + 2).numFmt = '@';
  }
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: EXPORT_COLUMNS.length + 1 } };
  for (const [i, item] of items.entries()) {
    sheet.addRow([i + 1, ...EXPORT_COLUMNS.map(([, , value]) => value(item) ?? null)]);
    if (onProgress && (i + 1) % EXPORT_PROGRESS_ROWS === 0) {
      onProgress(i + 1);
      await yieldToRequests();
    }
  }
  const findingsColumn = sheet.getColumn(EXPORT_COLUMNS.findIndex(([h]) => h === '审核提示') + 2);
  findingsColumn.alignment = { wrapText: true, vertical: 'top' };
  return writeXlsx(workbook);
}

export function exportable(a: OutputApplication, viewer: Actor): ExportableApplication {
  const r = a.row;
  return {
    ...r,
    idNumber: seesFullIdNumber(viewer, r) ? r.idNumber : maskIdNumber(r.idNumber),
    appliedJobType: a.appliedJobType ?? '',
    appliedJobTypeCategory: a.appliedJobTypeCategory ?? '',
    appraisals: (r.appraisals as string[] | null) ?? null,
    unitName: a.unitName ?? '',
    departmentName: a.departmentName ?? '',
    jurisdictionName: a.jurisdictionName ?? '',
    findings: (r.findings as { severity: string; message: string }[] | null) ?? [],
    submittedAt: r.submittedAt ? r.submittedAt.toISOString() : null,
  };
}

// ─── Loading (shared with batch printing) ───────────────────────────────────────────────────────────────

export interface OutputFilter {
  campaignId?: number;
  /** A unit, department or jurisdiction in the actor's scope: the applications below it. */
  unitId?: number;
  jobTypeId?: number;
  grade?: number;
  verdict?: 'eligible' | 'ineligible' | 'needs_review';
  status?: ApplicationStatus;
  q?: string;
  sort: SortColumn;
  order: 'asc' | 'desc';
}

/** The subtree a filter's unitId names, checked against the actor's scope (undefined: the whole scope). */
async function outputPath(tx: Tx, actor: Actor, unitId: number | undefined): Promise<string | undefined> {
  if (unitId === undefined) return undefined;
  const node = await findNode(tx, unitId);
  if (!node || actor.orgPath === null || !node.path.startsWith(actor.orgPath)) {
    throw new AppError('NOT_FOUND', '机构不存在或不在您的管辖范围内');
  }
  return node.path;
}

function tooMany(total: number, limit: number, what: string): AppError {
  return new AppError(
    'OUTPUT_TOO_LARGE',
    `共 ${total} 人，一次最多${what} ${limit} 人，请按单位、主管部门或工种缩小范围后分批${what}`,
  );
}

/**
 * What a job that prints or exports would refuse, refused before it starts: a node outside the actor's scope,
 * more than `limit` applications. Answers how many there are.
 */
export async function checkOutput(
  deps: AppDeps,
  actor: Actor,
  filter: OutputFilter,
  limit: number,
  what: string,
): Promise<number> {
  return inScopedTx(deps.db, actor, async (tx) => {
    const underPath = await outputPath(tx, actor, filter.unitId);
    const { unitId: _unitId, q, ...rest } = filter;
    const list = await repo.listApplications(tx, {
      ...rest,
      q: q?.trim() || undefined,
      underPath,
      page: 1,
      pageSize: 1,
    });
    if (list.total > limit) throw tooMany(list.total, limit, what);
    return list.total;
  });
}

/**
 * The applications the list shows for these filters (same repository query: scope by row-level security, no
 * online drafts, same order), all of them up to `limit`; OUTPUT_TOO_LARGE beyond it.
 */
export async function loadByFilter(tx: Tx, actor: Actor, filter: OutputFilter, limit: number, what: string) {
  const underPath = await outputPath(tx, actor, filter.unitId);
  const { unitId: _unitId, q, ...rest } = filter;
  const list = await repo.listApplications(tx, {
    ...rest,
    q: q?.trim() || undefined,
    underPath,
    page: 1,
    pageSize: limit + 1,
  });
  if (list.total > limit) throw tooMany(list.total, limit, what);
  return repo.loadApplicationsByIds(
    tx,
    list.items.map((i) => i.id),
  );
}

/**
 * The export as the work of a job (`POST /api/applications/export-jobs`): loads the list, then writes the
 * workbook, telling `onProgress` the total once known and the rows written as it goes.
 */
export async function exportApplications(
  deps: AppDeps,
  ctx: ServiceContext,
  filter: OutputFilter,
  onProgress?: (progress: { processed: number; total?: number }) => void,
): Promise<{ file: Buffer; count: number }> {
  const items = await inScopedTx(deps.db, ctx.actor, (tx) =>
    loadByFilter(tx, ctx.actor, filter, MAX_EXPORT_ROWS, '导出'),
  );
  onProgress?.({ processed: 0, total: items.length });
  const file = await buildApplicationsExport(
    items.map((a) => exportable(a, ctx.actor)),
    undefined,
    (rows) => onProgress?.({ processed: rows }),
  );
  return { file, count: items.length };
}
