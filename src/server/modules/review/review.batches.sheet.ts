/**
 * The 汇总表 of a 汇总上报 batch as an xlsx workbook, ready to print on A4:
 *   汇总表        title, batch number, sender, receiver and date; the summary by job type × grade with totals, the
 *                 eligibility verdicts, the units; a line for the seal and signature;
 *   申报人员名单   every application the batch was sent with (ID numbers masked), with its current status.
 */
import ExcelJS from 'exceljs';
import { type AppliedGrade, GRADE_LABELS } from '../../../domain/eligibility.js';
import { BATCH_STATUS_LABELS, VERDICT_LONG_LABELS } from '../../../domain/labels.js';
import { maskIdNumber } from '../../../domain/masking.js';
import { type ApplicationStatus, LEVEL_LABELS, STATUS_LABELS, type Stage } from '../../../domain/review.js';
import { chinaDate } from '../../platform/clock.js';
import { writeXlsx } from '../../platform/xlsx.js';
import type { Batch } from './review.batches.schemas.js';

/** One application of the batch, as listed. The ID number is masked here, whoever downloads the sheet. */
export interface BatchSheetLine {
  name: string;
  sex: string;
  idNumber: string;
  departmentName: string;
  unitName: string;
  category: string;
  jobType: string;
  grade: number;
  verdict: string;
  overruledVerdict: string | null;
  status: ApplicationStatus;
  returnedTo: Stage | null;
}

const VERDICT_LABELS: Readonly<Record<string, string>> = VERDICT_LONG_LABELS;
const GRADES = [5, 4, 3, 2, 1] as const;
const GRADE_SHORT: Readonly<Record<AppliedGrade, string>> = { 5: '五级', 4: '四级', 3: '三级', 2: '二级', 1: '一级' };

const thin: Partial<ExcelJS.Border> = { style: 'thin' };
const BOX: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };
const collator = new Intl.Collator('zh-Hans-CN');

function chineseDate(iso: string): string {
  const [y, m, d] = chinaDate(new Date(iso)).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

function statusText(line: Pick<BatchSheetLine, 'status' | 'returnedTo'>): string {
  const label = STATUS_LABELS[line.status];
  return line.status === 'returned' && line.returnedTo ? `${label}（退回${LEVEL_LABELS[line.returnedTo]}）` : label;
}

function verdictText(line: Pick<BatchSheetLine, 'verdict' | 'overruledVerdict'>): string {
  const label = VERDICT_LABELS[line.verdict] ?? line.verdict;
  return line.overruledVerdict ? `${label}（审核改判通过）` : label;
}

/** A merged title line across `columns` columns. */
function titleRow(sheet: ExcelJS.Worksheet, text: string, columns: number, size = 16): void {
  const row = sheet.addRow([text]);
  sheet.mergeCells(row.number, 1, row.number, columns);
  row.height = size + 12;
  row.getCell(1).font = { bold: true, size };
  row.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
}

function infoRow(sheet: ExcelJS.Worksheet, text: string, columns: number): void {
  const row = sheet.addRow([text]);
  sheet.mergeCells(row.number, 1, row.number, columns);
  row.getCell(1).alignment = { horizontal: 'left', vertical: 'middle', wrapText: true };
}

function tableRow(sheet: ExcelJS.Worksheet, values: (string | number)[], options: { header?: boolean } = {}) {
  const row = sheet.addRow(values);
  row.eachCell({ includeEmpty: true }, (cell) => {
    cell.border = BOX;
    cell.alignment = { vertical: 'middle', horizontal: typeof cell.value === 'number' ? 'center' : 'left' };
    if (options.header) {
      cell.font = { bold: true };
      cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
    }
  });
  return row;
}

function header(batch: Batch): string[] {
  return [
    `批次号：${batch.batchNo}　　上报单位：${batch.fromName}　　接收单位：${batch.toName}`,
    `上报日期：${chineseDate(batch.submittedAt)}　　上报人：${batch.submittedByName}　　申请人数：${batch.applicationCount} 人　　状态：${BATCH_STATUS_LABELS[batch.status]}`,
  ];
}

function printSetup(sheet: ExcelJS.Worksheet, orientation: 'portrait' | 'landscape'): void {
  sheet.pageSetup = {
    paperSize: 9, // A4
    orientation,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
  sheet.headerFooter = { oddFooter: '第 &P 页，共 &N 页' };
}

function summarySheet(workbook: ExcelJS.Workbook, batch: Batch): void {
  const sheet = workbook.addWorksheet('汇总表');
  const columns = 9;
  sheet.columns = [
    { width: 6 },
    { width: 16 },
    { width: 22 },
    { width: 8 },
    { width: 8 },
    { width: 8 },
    { width: 8 },
    { width: 8 },
    { width: 9 },
  ];
  printSetup(sheet, 'portrait');
  const s = batch.summary;
  titleRow(sheet, `工勤技能岗位等级考核申报${batch.level === 'department' ? '主管部门' : '市县'}汇总表`, columns);
  for (const line of header(batch)) infoRow(sheet, line, columns);
  if (batch.note) infoRow(sheet, `上报说明：${batch.note}`, columns);
  if (batch.status === 'returned') {
    infoRow(
      sheet,
      `退回：${batch.returnedByName ?? ''}于${batch.returnedAt ? chineseDate(batch.returnedAt) : ''}整批退回，原因：${batch.returnReason ?? ''}`,
      columns,
    );
  }
  sheet.addRow([]);

  tableRow(sheet, ['序号', '工种类别', '申报工种', ...GRADES.map((g) => GRADE_SHORT[g]), '合计'], { header: true });
  s.byJobType.forEach((job, i) => {
    tableRow(sheet, [i + 1, job.category, job.jobType, ...GRADES.map((g) => job.grades[String(g) as '5']), job.total]);
  });
  const totals = GRADES.map((g) => s.byJobType.reduce((sum, job) => sum + job.grades[String(g) as '5'], 0));
  const totalRow = tableRow(sheet, ['合计', '', '', ...totals, s.total]);
  sheet.mergeCells(totalRow.number, 1, totalRow.number, 3);
  totalRow.font = { bold: true };
  totalRow.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  sheet.addRow([]);

  tableRow(sheet, ['', '资格判定', '', '人数'], { header: true });
  const verdictRows: [string, number][] = [
    ['符合条件', s.byVerdict.eligible],
    ['需人工核实', s.byVerdict.needs_review],
    ['不符合条件', s.byVerdict.ineligible],
    ['其中审核改判通过：需人工核实', s.overruled.needs_review],
    ['其中审核改判通过：不符合条件', s.overruled.ineligible],
  ];
  for (const [label, n] of verdictRows) {
    const row = tableRow(sheet, ['', label, '', n]);
    sheet.mergeCells(row.number, 2, row.number, 3);
  }
  sheet.addRow([]);

  tableRow(sheet, ['序号', '单位', '', '人数'], { header: true });
  s.byUnit.forEach((unit, i) => {
    const row = tableRow(sheet, [i + 1, unit.unitName, '', unit.total]);
    sheet.mergeCells(row.number, 2, row.number, 3);
  });
  sheet.addRow([]);
  infoRow(sheet, `${batch.fromName}（盖章）　　　　　　经办人：　　　　　　　　日期：　　　年　　月　　日`, columns);
}

function listSheet(workbook: ExcelJS.Workbook, batch: Batch, lines: readonly BatchSheetLine[]): void {
  const headers: [string, number][] = [
    ['序号', 6],
    ['姓名', 10],
    ['性别', 6],
    ['身份证号', 21],
    ['主管部门', 20],
    ['单位', 24],
    ['工种类别', 12],
    ['申报工种', 16],
    ['申报等级', 16],
    ['资格判定', 14],
    ['当前状态', 22],
  ];
  const sheet = workbook.addWorksheet('申报人员名单');
  sheet.columns = headers.map(([, width]) => ({ width }));
  printSetup(sheet, 'landscape');
  titleRow(sheet, `申报人员名单（批次 ${batch.batchNo}）`, headers.length, 14);
  for (const line of header(batch)) infoRow(sheet, line, headers.length);
  const head = tableRow(
    sheet,
    headers.map(([h]) => h),
    { header: true },
  );
  // The header repeats on every printed page.
  sheet.pageSetup.printTitlesRow = `${head.number}:${head.number}`;
  sheet.views = [{ state: 'frozen', ySplit: head.number }];
  const sorted = [...lines].sort(
    (a, b) =>
      collator.compare(a.departmentName, b.departmentName) ||
      collator.compare(a.unitName, b.unitName) ||
      collator.compare(a.category, b.category) ||
      collator.compare(a.jobType, b.jobType) ||
      b.grade - a.grade ||
      collator.compare(a.name, b.name),
  );
  sorted.forEach((line, i) => {
    const row = tableRow(sheet, [
      i + 1,
      line.name,
      line.sex === 'male' ? '男' : '女',
      maskIdNumber(line.idNumber),
      line.departmentName,
      line.unitName,
      line.category,
      line.jobType,
      GRADE_LABELS[line.grade as AppliedGrade] ?? String(line.grade),
      verdictText(line),
      statusText(line),
    ]);
    row.getCell(4).numFmt = '@';
  });
}

export async function buildBatchSheet(batch: Batch, lines: readonly BatchSheetLine[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '河南省机关事业单位工勤技能岗位等级考核系统';
  workbook.created = new Date(batch.submittedAt);
  summarySheet(workbook, batch);
  listSheet(workbook, batch, lines);
  return writeXlsx(workbook);
}
