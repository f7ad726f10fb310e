import ExcelJS from 'exceljs';
import { validateCreditCode } from '../../../domain/credit-code.js';
import type { AppDeps } from '../../deps.js';
import { recordAudit } from '../../platform/audit.js';
import type { ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { inScopedTx } from '../../platform/tx.js';
import { readSheetRows, tooManyRows } from '../../platform/xlsx-read.js';
import type { OrgNodeRow } from './org.repository.js';
import * as repo from './org.repository.js';
import { insertChild, KIND_LABELS, nodeAbilities, takenCodes } from './org.service.js';

export const IMPORT_COLUMNS = ['类型', '名称', '统一社会信用代码', '上级主管部门', '联系人', '联系电话'] as const;
const KIND_BY_LABEL: Record<string, 'department' | 'unit'> = { 主管部门: 'department', 单位: 'unit' };
export const MAX_IMPORT_ROWS = 5000;

export type ImportMode = 'all_or_nothing' | 'good_rows';

export interface ImportRowError {
  row: number;
  column: string;
  message: string;
}

export interface ImportResult {
  total: number;
  imported: number;
  skipped: number;
  errors: ImportRowError[];
}

interface ParsedRow {
  row: number;
  kind: 'department' | 'unit';
  name: string;
  code: string | null;
  departmentName: string;
  contactName: string | null;
  contactPhone: string | null;
}

/** The downloadable template: the columns, a drop-down for 类型, an example and the instructions. */
export async function buildImportTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('机构导入');
  sheet.columns = IMPORT_COLUMNS.map((header) => ({ header, width: header === '名称' ? 36 : 22 }));
  sheet.getRow(1).font = { bold: true };
  sheet.addRow(['主管部门', '某市某某局（示例，导入前请删除）', '', '', '张三', '0371-12345678']);
  sheet.addRow([
    '单位',
    '某市某某中心（示例，导入前请删除）',
    '12410100MB0000000X',
    '某市某某局（示例，导入前请删除）',
    '',
    '',
  ]);
  for (let r = 2; r <= MAX_IMPORT_ROWS + 1; r++) {
    sheet.getCell(`A${r}`).dataValidation = {
      type: 'list',
      allowBlank: false,
      formulae: ['"主管部门,单位"'],
      showErrorMessage: true,
      errorTitle: '类型',
      error: '请选择“主管部门”或“单位”',
    };
  }
  const help = workbook.addWorksheet('填写说明');
  for (const line of [
    '1. 每行一个机构。类型填“主管部门”或“单位”。',
    '2. 单位必须填写统一社会信用代码（18位，按 GB 32100-2015 校验）；主管部门可不填。',
    '3. 单位须填写“上级主管部门”，可以是系统中已有的主管部门，也可以是本表中的主管部门。',
    '4. 在主管部门下导入时，“上级主管部门”可以留空，表中只能有单位。',
    `5. 一次最多 ${MAX_IMPORT_ROWS} 行（文件不超过 10 MB），超过时整个文件不予导入，请分批导入。导入时可选择“全部无误才导入”或“只导入无误的行”。`,
  ]) {
    help.addRow([line]);
  }
  help.getColumn(1).width = 90;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function cellText(row: ExcelJS.Row, index: number): string {
  const cell = row.getCell(index);
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object' && 'richText' in value)
    return value.richText
      .map((t) => t.text)
      .join('')
      .trim();
  return String(cell.text ?? value).trim();
}

/**
 * Reads the first sheet row by row (platform/xlsx-read.ts): the header is checked on row 1, and the file is refused
 * at the first data row past MAX_IMPORT_ROWS, without reading the rest.
 */
async function readRows(file: Buffer): Promise<{ rows: ParsedRow[]; errors: ImportRowError[]; total: number }> {
  const rows: ParsedRow[] = [];
  const errors: ImportRowError[] = [];
  let total = 0;
  let headerChecked = false;
  const checkHeader = (row: ExcelJS.Row | null) => {
    headerChecked = true;
    const header = row ? IMPORT_COLUMNS.map((_, i) => cellText(row, i + 1)) : [];
    if (header[0] !== '类型' || header[1] !== '名称') {
      throw new AppError('IMPORT_FILE_INVALID', `第1行须为表头：${IMPORT_COLUMNS.join('、')}。请使用下载的模板`);
    }
  };
  for await (const { number: rowNumber, row } of readSheetRows(file)) {
    if (!headerChecked) checkHeader(rowNumber === 1 ? row : null);
    if (rowNumber === 1) continue;
    const values = IMPORT_COLUMNS.map((_, i) => cellText(row, i + 1));
    if (values.every((v) => v === '')) continue;
    total++;
    if (total > MAX_IMPORT_ROWS) throw tooManyRows(MAX_IMPORT_ROWS);
    const [kindLabel = '', name = '', rawCode = '', departmentName = '', contactName = '', contactPhone = ''] = values;
    const kind = KIND_BY_LABEL[kindLabel];
    const rowErrors: ImportRowError[] = [];
    if (!kind) rowErrors.push({ row: rowNumber, column: '类型', message: '类型须为“主管部门”或“单位”' });
    if (!name) rowErrors.push({ row: rowNumber, column: '名称', message: '名称不能为空' });
    else if (name.length > 100) rowErrors.push({ row: rowNumber, column: '名称', message: '名称不能超过100字' });
    let code: string | null = null;
    if (rawCode) {
      const checked = validateCreditCode(rawCode.toUpperCase());
      if (checked.ok) code = checked.code;
      else rowErrors.push({ row: rowNumber, column: '统一社会信用代码', message: checked.message });
    } else if (kind === 'unit') {
      rowErrors.push({ row: rowNumber, column: '统一社会信用代码', message: '单位须填写统一社会信用代码' });
    }
    if (contactPhone && !/^[0-9+\-() ]{5,20}$/.test(contactPhone)) {
      rowErrors.push({ row: rowNumber, column: '联系电话', message: '联系电话格式不正确' });
    }
    if (rowErrors.length > 0 || !kind) {
      errors.push(...rowErrors);
      continue;
    }
    rows.push({
      row: rowNumber,
      kind,
      name,
      code,
      departmentName,
      contactName: contactName || null,
      contactPhone: contactPhone || null,
    });
  }
  if (!headerChecked) checkHeader(null);
  return { rows, errors, total };
}

/**
 * Imports departments and units below a jurisdiction (or units below a department) from the template.
 * Every bad row is reported with its row number, column and reason; with all_or_nothing nothing is written
 * when any row is bad, with good_rows the good ones are written. Either way in one transaction.
 */
export async function importOrgNodes(
  deps: AppDeps,
  ctx: ServiceContext,
  parentId: number,
  mode: ImportMode,
  file: Buffer,
): Promise<ImportResult> {
  const parsed = await readRows(file);
  const errors = [...parsed.errors];
  const taken = await takenCodes(
    deps,
    parsed.rows.flatMap((r) => (r.code ? [r.code] : [])),
  );

  const result = await inScopedTx(deps.db, ctx.actor, async (tx) => {
    const parent = await repo.findNode(tx, parentId);
    if (!parent?.path.startsWith(ctx.actor.orgPath ?? '#')) {
      throw new AppError('NOT_FOUND', '导入位置不存在或不在您的管辖范围内');
    }
    if (!nodeAbilities(ctx.actor, parent).import) throw new AppError('FORBIDDEN', '您不能在此机构下导入');

    const existingDepartments = new Map<string, OrgNodeRow>();
    if (parent.kind === 'jurisdiction') {
      for (const d of await repo.findDepartmentsUnder(tx, parent.id)) existingDepartments.set(d.name, d);
    }
    const seenCodes = new Map<string, number>();
    const seenNames = new Map<string, number>();
    const fileDepartments = new Map<string, ParsedRow>();
    const good: ParsedRow[] = [];
    const fail = (row: ParsedRow, column: string, message: string) => errors.push({ row: row.row, column, message });

    for (const row of parsed.rows) {
      let ok = true;
      if (row.code) {
        const first = seenCodes.get(row.code);
        if (first) {
          fail(row, '统一社会信用代码', `与第${first}行的统一社会信用代码重复`);
          ok = false;
        } else if (taken.has(row.code)) {
          fail(row, '统一社会信用代码', '该统一社会信用代码已被系统中的其他机构使用');
          ok = false;
        } else seenCodes.set(row.code, row.row);
      }
      if (parent.kind === 'department') {
        if (row.kind !== 'unit') {
          fail(row, '类型', `在主管部门「${parent.name}」下只能导入单位`);
          ok = false;
        } else if (row.departmentName && row.departmentName !== parent.name) {
          fail(row, '上级主管部门', `在「${parent.name}」下导入时，上级主管部门须留空或填「${parent.name}」`);
          ok = false;
        }
      } else if (row.kind === 'unit' && !row.departmentName) {
        fail(row, '上级主管部门', '单位须填写上级主管部门');
        ok = false;
      }
      const parentKey = row.kind === 'department' || parent.kind === 'department' ? '' : row.departmentName;
      const nameKey = `${parentKey}\u0000${row.name}`;
      const firstName = seenNames.get(nameKey);
      if (firstName) {
        fail(row, '名称', `与第${firstName}行重名`);
        ok = false;
      } else seenNames.set(nameKey, row.row);
      if (ok && row.kind === 'department') {
        if (existingDepartments.has(row.name)) {
          fail(row, '名称', `「${parent.name}」下已有主管部门「${row.name}」`);
          ok = false;
        } else fileDepartments.set(row.name, row);
      }
      if (ok) good.push(row);
    }

    // Units name their department: one already in the system, or one of this file's good rows.
    const importable: ParsedRow[] = [];
    for (const row of good) {
      if (row.kind === 'unit' && parent.kind === 'jurisdiction') {
        const existing = existingDepartments.get(row.departmentName);
        if (!existing && !fileDepartments.has(row.departmentName)) {
          fail(row, '上级主管部门', `主管部门「${row.departmentName}」不存在，也不在本表的无误行中`);
          continue;
        }
        if (existing && !existing.active) {
          fail(row, '上级主管部门', `主管部门「${row.departmentName}」已停用`);
          continue;
        }
      }
      importable.push(row);
    }

    errors.sort((a, b) => a.row - b.row);
    if (mode === 'all_or_nothing' && errors.length > 0) return { imported: 0 };

    const now = deps.clock.now();
    const createdDepartments = new Map<string, OrgNodeRow>();
    let imported = 0;
    for (const row of importable.filter((r) => r.kind === 'department')) {
      createdDepartments.set(row.name, await createImported(row, parent));
      imported++;
    }
    for (const row of importable.filter((r) => r.kind === 'unit')) {
      const under =
        parent.kind === 'department'
          ? parent
          : (createdDepartments.get(row.departmentName) ?? existingDepartments.get(row.departmentName))!;
      const clash = await repo.findChildByName(tx, under.id, row.name);
      if (clash) {
        errors.push({ row: row.row, column: '名称', message: `「${under.name}」下已有单位「${row.name}」` });
        if (mode === 'all_or_nothing') throw new ImportAborted();
        continue;
      }
      await createImported(row, under);
      imported++;
    }
    return { imported };

    async function createImported(row: ParsedRow, under: OrgNodeRow): Promise<OrgNodeRow> {
      const node = await insertChild(tx, under, { ...row, code: row.code }, now);
      await recordAudit(
        tx,
        ctx.actor,
        ctx.meta,
        {
          entityType: 'org_node',
          entityId: node.id,
          orgNodeId: node.id,
          orgPath: node.path,
          action: 'org.import',
          summary: `导入${KIND_LABELS[node.kind]}「${node.name}」（上级：${under.name}，第${row.row}行）`,
          after: { name: node.name, kind: node.kind, code: node.code },
        },
        now,
      );
      return node;
    }
  }).catch((error: unknown) => {
    if (error instanceof ImportAborted) return { imported: 0 };
    throw error;
  });

  errors.sort((a, b) => a.row - b.row);
  return { total: parsed.total, imported: result.imported, skipped: parsed.total - result.imported, errors };
}

class ImportAborted extends Error {}
