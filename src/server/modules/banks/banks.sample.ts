/**
 * The demo's sample bank to import (示例题库, 汽车驾驶员 四级): a workbook in the layout of the bank sheet
 * (domain/bank-sheet.ts), built from the sample items written for the demo (db/sample-banks.ts). Offered to bank
 * managers in demo mode only; a real installation has no use for it. Not bank content from the database, so its
 * download reads nothing sealed and writes no audit row.
 */
import ExcelJS from 'exceljs';
import { BANK_SHEET_COLUMNS, BANK_SHEET_NAME, BANK_SHEET_NOTES, itemToRow } from '../../../domain/bank-sheet.js';
import { SAMPLE_IMPORT_BANK } from '../../db/sample-banks.js';
import type { AppDeps } from '../../deps.js';
import type { ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { writeXlsx } from '../../platform/xlsx.js';
import { assertPermission } from './banks.service.js';

const WIDE = new Set<string>(['题干', '解析']);

export async function sampleBankWorkbook(
  deps: AppDeps,
  ctx: ServiceContext,
): Promise<{ file: Buffer; fileName: string }> {
  assertPermission(ctx.actor, 'bank.read');
  if (!deps.config.demoMode) throw new AppError('NOT_FOUND', '示例题库只在演示环境中提供');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(BANK_SHEET_NAME);
  sheet.columns = BANK_SHEET_COLUMNS.map((header) => ({
    header,
    key: header,
    width: WIDE.has(header) ? 60 : header.startsWith('选项') ? 24 : header === '来源' ? 36 : 12,
  }));
  sheet.getRow(1).font = { bold: true };
  for (const item of SAMPLE_IMPORT_BANK.items) sheet.addRow(itemToRow(item));
  const notes = workbook.addWorksheet('填写说明');
  notes.addRow([
    `本文件是演示用的示例题库：${SAMPLE_IMPORT_BANK.name}，共 ${SAMPLE_IMPORT_BANK.items.length} 道试题，为演示编写，不是真实考试题目。`,
  ]);
  notes.addRow([
    `演示步骤：新建题库（岗位技能·${SAMPLE_IMPORT_BANK.jobTypeName}·四级），导入本文件，再由另一名题库管理员审核通过。`,
  ]);
  for (const line of BANK_SHEET_NOTES) notes.addRow([line]);
  notes.getColumn(1).width = 110;
  return { file: await writeXlsx(workbook), fileName: SAMPLE_IMPORT_BANK.fileName };
}
