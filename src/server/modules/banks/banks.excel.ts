/**
 * Question banks from and to Excel (docs/api-banks.md, "Excel"): the template in the layout Chinese banks use
 * (domain `bank-sheet.ts`), the import (read and counted in the request, parsed and written by a background job)
 * and the bank manager's export, the only way answer keys leave the server. An export imports back unchanged.
 */
import ExcelJS from 'exceljs';
import {
  BANK_SHEET_COLUMNS,
  BANK_SHEET_EXAMPLES,
  BANK_SHEET_NAME,
  BANK_SHEET_NOTES,
  type BankColumn,
  isBlankRow,
  itemToRow,
  matchHeaders,
  parseItemRow,
  REQUIRED_BANK_COLUMNS,
  type SheetCell,
  type SheetProblem,
} from '../../../domain/bank-sheet.js';
import { ITEM_STATUS_LABELS, ITEM_TYPE_LABELS, type ItemContent, type ItemStatus } from '../../../domain/items.js';
import type { AppDeps } from '../../deps.js';
import { recordAudit } from '../../platform/audit.js';
import type { ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { PROGRESS_EVERY_ROWS, type ProgressReporter, yieldToRequests } from '../../platform/jobs.js';
import { unsealJson } from '../../platform/sealed.js';
import { inScopedTx } from '../../platform/tx.js';
import { restoreText, reversibleText, writeXlsx } from '../../platform/xlsx.js';
import { readSheetRows, type SheetInfo, tooManyRows } from '../../platform/xlsx-read.js';
import type { BankImportMode } from './banks.excel.schemas.js';
import * as repo from './banks.repository.js';
import { assertPermission, contentKeyOf, insertDraftItems, itemContext, type SealedItem } from './banks.service.js';

/** Rows one import reads, and items one export writes: a bank of 5,000 items is ordinary. */
export const MAX_BANK_SHEET_ROWS = 10_000;
/** A job result lists at most this many problems; past that, the first of each bad row (so every bad row shows). */
export const MAX_LISTED_PROBLEMS = 10_000;
const INSERT_BATCH = PROGRESS_EVERY_ROWS;
const HELP_SHEET = '填写说明';
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// ─── The workbook: template and export share one layout ─────────────────────────────────────────────────

const WIDTHS: Partial<Record<BankColumn, number>> = { 题型: 10, 题干: 48, 答案: 10, 难度: 8, 知识点: 18, 解析: 36 };

/**
 * The bank's workbook: sheet 试题 with the header row (required columns in bold red) and one row per item, and the
 * sheet 填写说明 with the notes and an example table. Every column but 难度 is formatted as text, so Excel keeps
 * what people type (1.10, 001) as typed. Written through writeXlsx (texts that would start a formula are
 * neutralised; the import restores them).
 */
export async function buildBankWorkbook(
  items: readonly ItemContent[],
  onRow?: (rows: number) => void,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '河南省机关事业单位工勤技能岗位等级考核系统';
  const sheet = workbook.addWorksheet(BANK_SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
  const help = workbook.addWorksheet(HELP_SHEET);

  sheet.columns = BANK_SHEET_COLUMNS.map((column) => ({
    header: column,
    key: column,
    width: WIDTHS[column] ?? 20,
    style: column === '难度' ? {} : { numFmt: '@' },
  }));
  const header = sheet.getRow(1);
  header.eachCell((cell) => {
    const required = REQUIRED_BANK_COLUMNS.includes(String(cell.value) as BankColumn);
    cell.font = { bold: true, color: required ? { argb: 'FFC00000' } : undefined };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
  });
  // A drop-down for 题型 (other words banks write are read too, so it only warns).
  (sheet as unknown as ValidationSheet).dataValidations.add(`A2:A${MAX_BANK_SHEET_ROWS + 1}`, {
    type: 'list',
    allowBlank: true,
    formulae: [`"${Object.values(ITEM_TYPE_LABELS).join(',')}"`],
    showErrorMessage: true,
    errorStyle: 'warning',
    errorTitle: '题型',
    error: '题型应为单选题、多选题或判断题',
  });
  items.forEach((item, i) => {
    const row = itemToRow(item);
    sheet.addRow(
      Object.fromEntries(
        Object.entries(row).map(([column, v]) => [column, typeof v === 'string' ? reversibleText(v) : v]),
      ),
    );
    if ((i + 1) % PROGRESS_EVERY_ROWS === 0) onRow?.(i + 1);
  });

  // The notes span the example table's columns, which take the data sheet's widths.
  help.columns = BANK_SHEET_COLUMNS.map((column) => ({ width: WIDTHS[column] ?? 20 }));
  const note = (text: string, font?: Partial<ExcelJS.Font>) => {
    const added = help.addRow([text]);
    help.mergeCells(added.number, 1, added.number, BANK_SHEET_COLUMNS.length);
    if (font) added.font = font;
  };
  note('题库导入说明', { bold: true, size: 14 });
  for (const [i, line] of BANK_SHEET_NOTES.entries()) note(`${i + 1}. ${line}`);
  note(
    `${BANK_SHEET_NOTES.length + 1}. 一次最多导入 ${MAX_BANK_SHEET_ROWS} 行（文件不超过 10 MB）；导入的试题为草稿，须由另一名题库管理员审核通过后才能组卷。`,
  );
  help.addRow([]);
  note('示例（请在“试题”工作表中填写，本表内容不会导入）：', { bold: true });
  help.addRow([...BANK_SHEET_COLUMNS]).font = { bold: true };
  for (const example of BANK_SHEET_EXAMPLES) {
    help.addRow(BANK_SHEET_COLUMNS.map((c) => example[c])).alignment = { wrapText: true, vertical: 'top' };
  }
  return writeXlsx(workbook);
}

// ExcelJS keeps data validations by address (a range is one entry); its typings omit the collection.
type ValidationSheet = { dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void } };

/** `GET /api/banks/template.xlsx`: the blank template (its examples are on the 填写说明 sheet). */
export async function getBankTemplate(ctx: ServiceContext): Promise<{ file: Buffer; fileName: string }> {
  assertPermission(ctx.actor, 'bank.read');
  return { file: await buildBankWorkbook([]), fileName: '题库导入模板.xlsx' };
}

// ─── Reading a file (in the request) ────────────────────────────────────────────────────────────────────

/** A filled template's data rows, read and counted, not yet checked: what the import job receives. */
export interface BankSheet {
  rows: { rowNumber: number; cells: Partial<Record<BankColumn, SheetCell>> }[];
}

/** A cell as the domain reads it: text (rich text joined, a formula by its result), a number, or empty. */
function sheetCell(cell: ExcelJS.Cell): SheetCell {
  const value = cell.value;
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return restoreText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return restoreText(value.richText.map((t) => t.text).join(''));
    if ('error' in value) return null;
    if ('result' in value) {
      const r = value.result;
      if (typeof r === 'number') return r;
      if (typeof r === 'string') return restoreText(r);
      if (typeof r === 'boolean') return r ? 'TRUE' : 'FALSE';
      if (r instanceof Date) return r.toISOString().slice(0, 10);
      return null;
    }
    if ('text' in value && typeof value.text === 'string') return restoreText(value.text);
  }
  return String(cell.text ?? '');
}

/** The sheet 试题 by its name, else the first visible sheet (a bank's own file under another name). */
function pickItemSheet(sheets: readonly SheetInfo[]): SheetInfo | undefined {
  return sheets.find((s) => s.name === BANK_SHEET_NAME) ?? sheets.find((s) => s.state === 'visible');
}

/**
 * Reads a bank workbook's item sheet: the header by name (columns may be moved; unknown ones are ignored), the
 * non-blank rows by column. Throws IMPORT_FILE_INVALID for an unreadable file or a header lacking a required column
 * (or naming one twice), and IMPORT_TOO_MANY_ROWS at the first data row past MAX_BANK_SHEET_ROWS. The import route
 * calls it before starting the job, so a file that would fail anyway is refused in the request (400 / 413).
 */
export async function readBankSheet(buffer: Buffer): Promise<BankSheet> {
  let columns: Partial<Record<BankColumn, number>> | null = null;
  const checkHeader = (row: ExcelJS.Row | null) => {
    const headers: SheetCell[] = [];
    row?.eachCell((cell, colNumber) => {
      headers[colNumber - 1] = sheetCell(cell);
    });
    const match = matchHeaders(Array.from(headers, (h) => h ?? null));
    if (match.problems.length > 0) {
      throw new AppError(
        'IMPORT_FILE_INVALID',
        `第1行表头有误：${match.problems.map((p) => p.message).join('；')}。请使用下载的模板，不要改动表头`,
      );
    }
    return match.columns;
  };
  const rows: BankSheet['rows'] = [];
  for await (const { number: rowNumber, row } of readSheetRows(buffer, {
    pick: pickItemSheet,
    maxSheetBytes: 64 * 1024 * 1024,
    maxSharedStringChars: 20_000_000,
  })) {
    if (columns === null) {
      columns = checkHeader(rowNumber === 1 ? row : null);
      if (rowNumber === 1) continue;
    }
    const cells: Partial<Record<BankColumn, SheetCell>> = {};
    for (const [column, index] of Object.entries(columns) as [BankColumn, number][]) {
      cells[column] = sheetCell(row.getCell(index + 1));
    }
    if (isBlankRow(cells)) continue;
    if (rows.length === MAX_BANK_SHEET_ROWS) throw tooManyRows(MAX_BANK_SHEET_ROWS);
    rows.push({ rowNumber, cells });
  }
  if (columns === null) checkHeader(null);
  return { rows };
}

// ─── The import (a background job) ──────────────────────────────────────────────────────────────────────

export interface BankImportRequest {
  bankId: number;
  mode: BankImportMode;
  fileName: string;
  sheet: BankSheet;
}

export interface BankImportProblem {
  row: number;
  column: string;
  code: string;
  message: string;
}

/** The job's result (docs/api-banks.md): counts, and every bad row with its column, code and reason. */
export interface BankImportResult {
  mode: BankImportMode;
  /** Non-blank data rows in the file. */
  total: number;
  /** Items written (drafts). */
  imported: number;
  /** Rows with at least one problem (never written). */
  rejected: number;
  errors: BankImportProblem[];
}

const COLUMN_ORDER = new Map<string, number>(BANK_SHEET_COLUMNS.map((c, i) => [c, i]));

/** Problems by row and column; past MAX_LISTED_PROBLEMS the first of each row, and a line saying what was left. */
function listProblems(problems: SheetProblem[]): BankImportProblem[] {
  const sorted = problems
    .map(({ row, column, code, message }) => ({ row, column, code, message }))
    .sort((a, b) => a.row - b.row || (COLUMN_ORDER.get(a.column) ?? 99) - (COLUMN_ORDER.get(b.column) ?? 99));
  if (sorted.length <= MAX_LISTED_PROBLEMS) return sorted;
  const firsts = sorted.filter((p, i) => i === 0 || sorted[i - 1]!.row !== p.row);
  return [
    ...firsts,
    {
      row: 0,
      column: '',
      code: 'IMPORT_PROBLEMS_NOT_LISTED',
      message: `另有 ${sorted.length - firsts.length} 处错误未列出（每行只列第一处），请先修正以上错误后重新导入`,
    },
  ];
}

/** Checked in the request before the file is read: rights, the key, the bank. */
export async function checkBankImport(deps: AppDeps, ctx: ServiceContext, bankId: number): Promise<void> {
  assertPermission(ctx.actor, 'bank.manage');
  contentKeyOf(deps);
  await inScopedTx(deps.db, ctx.actor, async (tx) => {
    if (!(await repo.findBank(tx, bankId))) throw new AppError('NOT_FOUND', '题库不存在');
  });
}

/**
 * Parses every row with the domain's parseItemRow (which applies validateItem), then writes the good ones as
 * drafts by the importer in ONE transaction through insertDraftItems (the editor's own path), in batches, with
 * progress; `all_or_nothing` writes nothing when any row is bad. One audit row `bank.import` (counts, bank, file
 * name; never content) per import, written with the items or, when nothing is written, on its own.
 */
export async function importBankItems(
  deps: AppDeps,
  ctx: ServiceContext,
  request: BankImportRequest,
  progress?: ProgressReporter,
): Promise<BankImportResult> {
  assertPermission(ctx.actor, 'bank.manage');
  const key = contentKeyOf(deps);
  const total = request.sheet.rows.length;
  // Two passes over the rows: checking (first half of the bar), writing (second half).
  progress?.report({ processed: 0, total: total * 2 });
  const problems: SheetProblem[] = [];
  const good: ItemContent[] = [];
  let rejected = 0;
  for (const [i, { rowNumber, cells }] of request.sheet.rows.entries()) {
    const parsed = parseItemRow(cells, rowNumber);
    if (parsed.ok) good.push(parsed.item);
    else {
      rejected++;
      problems.push(...parsed.problems);
    }
    if ((i + 1) % PROGRESS_EVERY_ROWS === 0) {
      progress?.report({ processed: i + 1 });
      await yieldToRequests();
    }
  }
  const write = good.length > 0 && (request.mode === 'good_rows' || rejected === 0) ? good : [];
  progress?.report({ processed: total + rejected });

  const imported = await inScopedTx(deps.db, ctx.actor, async (tx) => {
    const now = deps.clock.now();
    const bank = await repo.findBank(tx, request.bankId);
    if (!bank) throw new AppError('NOT_FOUND', '题库不存在');
    for (let i = 0; i < write.length; i += INSERT_BATCH) {
      await insertDraftItems(tx, key, ctx.actor, bank.id, write.slice(i, i + INSERT_BATCH), now);
      progress?.report({ processed: total + rejected + Math.min(write.length, i + INSERT_BATCH) });
    }
    const fileName = request.fileName.slice(0, 200);
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'question_bank',
        entityId: bank.id,
        action: 'bank.import',
        summary:
          `从 Excel「${fileName}」导入试题到题库「${bank.name}」：共 ${total} 行，导入 ${write.length} 道（草稿）` +
          (rejected > 0 ? `，${rejected} 行有误未导入` : '') +
          (rejected > 0 && write.length === 0 && good.length > 0 ? '（全部无误才导入，本次未导入）' : ''),
        orgNodeId: ctx.actor.orgNodeId,
        orgPath: ctx.actor.orgPath,
        after: { bankId: bank.id, fileName, mode: request.mode, total, imported: write.length, rejected },
      },
      now,
    );
    return write.length;
  });
  return { mode: request.mode, total, imported, rejected, errors: listProblems(problems) };
}

// ─── The export (a background job) ──────────────────────────────────────────────────────────────────────

export interface BankExportFilter {
  /** The newest version's status, as the bank's list filters it. */
  status?: ItemStatus;
}

const tooManyItems = (n: number) =>
  new AppError(
    'BANK_EXPORT_TOO_LARGE',
    `符合条件的试题有 ${n} 道，一次最多导出 ${MAX_BANK_SHEET_ROWS} 道（与一次导入的上限相同），请按状态分批导出`,
  );

/** Checked in the request before the job starts: rights, the key, the bank, the count (answers it). */
export async function checkBankExport(
  deps: AppDeps,
  ctx: ServiceContext,
  bankId: number,
  filter: BankExportFilter,
): Promise<number> {
  assertPermission(ctx.actor, 'bank.manage');
  contentKeyOf(deps);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    if (!(await repo.findBank(tx, bankId))) throw new AppError('NOT_FOUND', '题库不存在');
    const { total } = await repo.listItems(tx, bankId, { status: filter.status, page: 1, pageSize: 1 });
    if (total > MAX_BANK_SHEET_ROWS) throw tooManyItems(total);
    return total;
  });
}

/** A file name people recognise, without characters file systems refuse. */
const safeFileName = (name: string) => name.replace(/[\\/:*?"<>|\r\n\t]/g, '_').slice(0, 80);

/**
 * The bank's items (each as its newest version, filtered by status like the list) in the template's layout, answers
 * and 解析 included: reads the content and writes the audit row `bank.export` (bank, filter, count) in one
 * transaction, then opens each item and writes the workbook with progress. Images do not travel through the sheet.
 */
export async function exportBankItems(
  deps: AppDeps,
  ctx: ServiceContext,
  bankId: number,
  filter: BankExportFilter,
  onProgress?: (progress: { processed: number; total?: number }) => void,
): Promise<{ file: Buffer; fileName: string; count: number }> {
  assertPermission(ctx.actor, 'bank.manage');
  const key = contentKeyOf(deps);
  const { bank, rows } = await inScopedTx(deps.db, ctx.actor, async (tx) => {
    const now = deps.clock.now();
    const found = await repo.findBank(tx, bankId);
    if (!found) throw new AppError('NOT_FOUND', '题库不存在');
    const page = await repo.listItems(tx, bankId, {
      status: filter.status,
      page: 1,
      pageSize: MAX_BANK_SHEET_ROWS + 1,
    });
    if (page.total > MAX_BANK_SHEET_ROWS) throw tooManyItems(page.total);
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'question_bank',
        entityId: bankId,
        action: 'bank.export',
        summary:
          `导出题库「${found.name}」的试题（含答案、解析）到 Excel：` +
          `${filter.status ? `${ITEM_STATUS_LABELS[filter.status]}，` : ''}${page.items.length} 道`,
        orgNodeId: ctx.actor.orgNodeId,
        orgPath: ctx.actor.orgPath,
        after: { bankId, status: filter.status ?? null, count: page.items.length },
      },
      now,
    );
    return { bank: found, rows: page.items };
  });
  // Opening and writing: half of the bar each.
  onProgress?.({ processed: 0, total: rows.length * 2 });
  const items: ItemContent[] = [];
  for (const [i, row] of rows.entries()) {
    const sealed = unsealJson<SealedItem>(key, itemContext(row.itemId, row.version), row.content);
    items.push({
      type: row.type,
      stem: sealed.stem,
      stemImage: sealed.stemImage,
      options: sealed.options,
      answer: sealed.answer,
      difficulty: row.difficulty,
      knowledgePoint: row.knowledgePoint,
      source: sealed.source,
      explanation: sealed.explanation,
    });
    if ((i + 1) % PROGRESS_EVERY_ROWS === 0) {
      onProgress?.({ processed: i + 1 });
      await yieldToRequests();
    }
  }
  const file = await buildBankWorkbook(items, (n) => onProgress?.({ processed: rows.length + n }));
  const status = filter.status ? `（${ITEM_STATUS_LABELS[filter.status]}）` : '';
  return { file, fileName: `${safeFileName(bank.name)}${status}试题.xlsx`, count: rows.length };
}
