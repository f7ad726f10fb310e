/**
 * `GET /api/statistics/review.xlsx`: the statistics as the workbook 汇总全省报名信息数据 (docs/api-review.md), one
 * sheet per breakdown — 按地区汇总, 工种类别×等级, 工种明细, 审核状态, 资格审查结论, 退回与不通过原因. Each sheet: a
 * title line (campaign, node, time), a bold header row, the rows, and a 合计 row.
 */
import ExcelJS from 'exceljs';
import { VERDICT_LONG_LABELS } from '../../../domain/labels.js';
import { APPLICATION_STATUSES, LEVEL_LABELS, STATUS_LABELS } from '../../../domain/review.js';
import { writeXlsx } from '../../platform/xlsx.js';
import type { ReviewStatistics } from './statistics.schemas.js';
import { GRADE_LABELS, GRADES } from './statistics.service.js';

export const WORKBOOK_TITLE = '汇总全省报名信息数据';
export const SHEET_NAMES = {
  byChild: '按地区汇总',
  byCategory: '工种类别×等级',
  byJobType: '工种明细',
  byStatus: '审核状态',
  byVerdict: '资格审查结论',
  reasons: '退回与不通过原因',
} as const;
export const TOTAL_LABEL = '合计';
/** The header row of every sheet (row 1 is the title line). */
export const HEADER_ROW = 2;

export const VERDICT_LABELS = VERDICT_LONG_LABELS;
const CHILD_LABELS: Record<ReviewStatistics['childKind'], string> = {
  jurisdiction: '地区',
  department: '主管部门',
  unit: '单位',
};
const VERDICTS = ['eligible', 'needs_review', 'ineligible'] as const;

function beijingTime(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

const percent = (n: number, total: number) => (total === 0 ? 0 : Math.round((n / total) * 10000) / 10000);

export function statisticsFileName(stats: ReviewStatistics): string {
  return stats.node.kind === 'province' ? `${WORKBOOK_TITLE}.xlsx` : `${stats.node.name}报名信息汇总.xlsx`;
}

export async function buildStatisticsWorkbook(stats: ReviewStatistics): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '河南省机关事业单位工勤技能岗位等级考核系统';
  workbook.title = WORKBOOK_TITLE;
  workbook.subject = `${stats.campaign.name} ${stats.node.name}`;
  const caption = `${WORKBOOK_TITLE}　${stats.campaign.name}　${stats.node.name}　统计时间 ${beijingTime(stats.generatedAt)}`;

  const sheet = (name: string, columns: { header: string; width: number }[]) => {
    const ws = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: HEADER_ROW }] });
    ws.columns = columns.map((c) => ({ width: c.width }));
    ws.addRow([caption]);
    ws.mergeCells(1, 1, 1, columns.length);
    ws.getRow(1).font = { bold: true, size: 13 };
    const header = ws.addRow(columns.map((c) => c.header));
    header.font = { bold: true };
    header.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
    return ws;
  };
  const totalRow = (ws: ExcelJS.Worksheet, values: (string | number | null)[]) => {
    ws.addRow(values).font = { bold: true };
  };
  const sum = <T>(items: readonly T[], f: (item: T) => number) => items.reduce((s, item) => s + f(item), 0);

  // 按地区汇总: one row per child, statuses and verdicts across.
  {
    const ws = sheet(SHEET_NAMES.byChild, [
      { header: CHILD_LABELS[stats.childKind], width: 30 },
      { header: '申请总数', width: 10 },
      ...APPLICATION_STATUSES.map((s) => ({ header: STATUS_LABELS[s], width: 12 })),
      ...VERDICTS.map((v) => ({ header: VERDICT_LABELS[v], width: 11 })),
    ]);
    for (const c of stats.byChild) {
      ws.addRow([
        c.name,
        c.total,
        ...APPLICATION_STATUSES.map((s) => c.byStatus[s]),
        ...VERDICTS.map((v) => c.byVerdict[v]),
      ]);
    }
    totalRow(ws, [
      TOTAL_LABEL,
      sum(stats.byChild, (c) => c.total),
      ...APPLICATION_STATUSES.map((s) => sum(stats.byChild, (c) => c.byStatus[s])),
      ...VERDICTS.map((v) => sum(stats.byChild, (c) => c.byVerdict[v])),
    ]);
  }

  // 工种类别×等级.
  {
    const ws = sheet(SHEET_NAMES.byCategory, [
      { header: '工种类别', width: 16 },
      ...GRADES.map((g) => ({ header: GRADE_LABELS[g], width: 14 })),
      { header: TOTAL_LABEL, width: 10 },
    ]);
    for (const c of stats.byCategory) ws.addRow([c.category, ...GRADES.map((g) => c.byGrade[`${g}`]), c.total]);
    totalRow(ws, [
      TOTAL_LABEL,
      ...GRADES.map((g) => sum(stats.byCategory, (c) => c.byGrade[`${g}`])),
      sum(stats.byCategory, (c) => c.total),
    ]);
  }

  // 工种明细.
  {
    const ws = sheet(SHEET_NAMES.byJobType, [
      { header: '工种类别', width: 16 },
      { header: '工种', width: 20 },
      ...GRADES.map((g) => ({ header: GRADE_LABELS[g], width: 14 })),
      { header: TOTAL_LABEL, width: 10 },
    ]);
    for (const t of stats.byJobType) {
      ws.addRow([t.category, t.jobType, ...GRADES.map((g) => t.byGrade[`${g}`]), t.total]);
    }
    totalRow(ws, [
      TOTAL_LABEL,
      null,
      ...GRADES.map((g) => sum(stats.byJobType, (t) => t.byGrade[`${g}`])),
      sum(stats.byJobType, (t) => t.total),
    ]);
  }

  // 审核状态, with the share of all applications and the earlier returns below the total.
  {
    const ws = sheet(SHEET_NAMES.byStatus, [
      { header: '审核状态', width: 18 },
      { header: '人数', width: 10 },
      { header: '占比', width: 10 },
    ]);
    const total = stats.totals.applications;
    for (const s of APPLICATION_STATUSES) {
      ws.addRow([STATUS_LABELS[s], stats.totals.byStatus[s], percent(stats.totals.byStatus[s], total)]);
    }
    totalRow(ws, [TOTAL_LABEL, total, total === 0 ? 0 : 1]);
    ws.addRow(['其中曾被退回修改', stats.totals.everReturned, percent(stats.totals.everReturned, total)]);
    ws.getColumn(3).numFmt = '0.00%';
  }

  // 资格审查结论: the system's verdicts and how many of them reviewers approved over (改判通过).
  {
    const ws = sheet(SHEET_NAMES.byVerdict, [
      { header: '系统判定结论', width: 16 },
      { header: '人数', width: 10 },
      { header: '其中审核通过（改判）', width: 20 },
    ]);
    for (const v of VERDICTS) {
      ws.addRow([VERDICT_LABELS[v], stats.totals.byVerdict[v], v === 'eligible' ? null : stats.totals.overruled[v]]);
    }
    totalRow(ws, [
      TOTAL_LABEL,
      sum(VERDICTS, (v) => stats.totals.byVerdict[v]),
      stats.totals.overruled.needs_review + stats.totals.overruled.ineligible,
    ]);
  }

  // 退回与不通过原因: every return and rejection decision by level and reason.
  {
    const ws = sheet(SHEET_NAMES.reasons, [
      { header: '处理', width: 12 },
      { header: '审核层级', width: 16 },
      { header: '原因', width: 60 },
      { header: '次数', width: 10 },
    ]);
    for (const r of stats.returnsByReason) ws.addRow(['退回修改', LEVEL_LABELS[r.level], r.label, r.count]);
    totalRow(ws, ['退回修改', TOTAL_LABEL, null, sum(stats.returnsByReason, (r) => r.count)]);
    for (const r of stats.rejectionsByReason) ws.addRow(['审核不通过', LEVEL_LABELS[r.level], r.label, r.count]);
    totalRow(ws, ['审核不通过', TOTAL_LABEL, null, sum(stats.rejectionsByReason, (r) => r.count)]);
  }

  return writeXlsx(workbook);
}
