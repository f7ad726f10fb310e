import ExcelJS from 'exceljs';
import type { AppDeps } from '../../deps.js';
import { recordAudit } from '../../platform/audit.js';
import type { ServiceContext } from '../../platform/context.js';
import { AppError, uniqueViolation } from '../../platform/errors.js';
import { inScopedTx } from '../../platform/tx.js';
import { readSheetRows, tooManyRows } from '../../platform/xlsx-read.js';
import type { NewJobType } from './catalog.repository.js';
import * as repo from './catalog.repository.js';
import { assertProvinceManager, presentVersion } from './catalog.service.js';

export const CATALOG_COLUMNS = ['工种代码', '工种名称', '工种类别', '可申报等级', '本地考试'] as const;
export const MAX_CATALOG_ROWS = 2000;
/** 技术监督 and 测绘 categories sit the exam where they are located (rules.md §7): 本地考试 defaults to 是. */
export const LOCAL_EXAM_CATEGORIES = ['技术监督类', '测绘类'];

export interface CatalogRowError {
  row: number;
  column: string;
  message: string;
}

const GRADE_WORDS: Record<string, number> = {
  五级: 5,
  初级工: 5,
  初级: 5,
  四级: 4,
  中级工: 4,
  中级: 4,
  三级: 3,
  高级工: 3,
  二级: 2,
  技师: 2,
  一级: 1,
  高级技师: 1,
};

function gradeOf(word: string): number | undefined {
  // 五级（初级工） → 五级; a bare digit 5…1.
  const core = word.replace(/[（(].*[)）]$/, '').trim();
  if (/^[1-5]$/.test(core)) return Number(core);
  return GRADE_WORDS[core];
}

/**
 * 可申报等级: a list such as 五级,四级,三级,二级 or 5,4,3 or 初级工、中级工, or a range 五级至二级 / 5-2.
 * Returns the grades from 5 down to 1, or a Chinese message.
 */
export function parseGrades(text: string): { ok: true; grades: number[] } | { ok: false; message: string } {
  const tokens = text.split(/[,，、;；\s]+/).filter(Boolean);
  if (tokens.length === 0) return { ok: false, message: '可申报等级不能为空，例如“五级,四级,三级,二级”' };
  const grades = new Set<number>();
  for (const token of tokens) {
    const range = /^(.+?)(?:至|到|~|～|—|-)(.+)$/.exec(token);
    if (range) {
      const a = gradeOf(range[1]!);
      const b = gradeOf(range[2]!);
      if (a === undefined || b === undefined) return { ok: false, message: `无法识别等级“${token}”` };
      for (let g = Math.min(a, b); g <= Math.max(a, b); g++) grades.add(g);
      continue;
    }
    const g = gradeOf(token);
    if (g === undefined) {
      return { ok: false, message: `无法识别等级“${token}”，请填写五级、四级、三级、二级、一级（或 5…1）` };
    }
    grades.add(g);
  }
  return { ok: true, grades: [...grades].sort((x, y) => y - x) };
}

const YES = new Set(['是', 'Y', 'YES', 'TRUE', '1']);
const NO = new Set(['否', 'N', 'NO', 'FALSE', '0']);

/** The downloadable template: the five columns, a 是/否 drop-down, and the instructions with examples. */
export async function buildCatalogTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('工种目录');
  sheet.columns = CATALOG_COLUMNS.map((header) => ({
    header,
    width: header === '工种名称' || header === '可申报等级' ? 28 : 16,
  }));
  sheet.getRow(1).font = { bold: true };
  for (let r = 2; r <= MAX_CATALOG_ROWS + 1; r++) {
    sheet.getCell(`E${r}`).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: ['"是,否"'],
      showErrorMessage: true,
      errorTitle: '本地考试',
      error: '请选择“是”或“否”',
    };
  }
  const help = workbook.addWorksheet('填写说明');
  for (const line of [
    '1. 每行一个工种，在“工种目录”工作表中填写，第1行为表头，请勿改动。',
    '2. 工种代码、工种名称在同一目录中不能重复；工种类别例如“交通运输类”“技术监督类”。',
    '3. 可申报等级：用逗号分隔，例如“五级,四级,三级,二级”，也可写“5,4,3,2”、“初级工,中级工”或“五级至一级”。',
    `4. 本地考试：填“是”或“否”；不填时，${LOCAL_EXAM_CATEGORIES.join('、')}为“是”，其他为“否”。`,
    `5. 一次最多 ${MAX_CATALOG_ROWS} 行（文件不超过 10 MB）。所有行无误时才会建立目录版本；有错误时逐行列出，不导入任何数据。`,
    '示例：JT01 | 汽车驾驶员 | 交通运输类 | 五级,四级,三级,二级,一级 | 否',
    '示例：JD01 | 计量检定工 | 技术监督类 | 五级至一级 | 是',
  ]) {
    help.addRow([line]);
  }
  help.getColumn(1).width = 100;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function cellText(row: ExcelJS.Row, index: number): string {
  const value = row.getCell(index).value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object' && 'richText' in value) {
    return value.richText
      .map((t) => t.text)
      .join('')
      .trim();
  }
  return String(row.getCell(index).text ?? value).trim();
}

export interface ParsedCatalogue {
  types: NewJobType[];
  errors: CatalogRowError[];
  total: number;
}

/**
 * Reads and checks every row of the first sheet, streaming (platform/xlsx-read.ts): the header on row 1, the file
 * refused at the first data row past MAX_CATALOG_ROWS. Duplicates of code or name within the file are errors on the
 * later row.
 */
export async function parseCatalogFile(file: Buffer): Promise<ParsedCatalogue> {
  const types: NewJobType[] = [];
  const errors: CatalogRowError[] = [];
  const seenCodes = new Map<string, number>();
  const seenNames = new Map<string, number>();
  let total = 0;
  let headerChecked = false;
  const checkHeader = (row: ExcelJS.Row | null) => {
    headerChecked = true;
    const header = CATALOG_COLUMNS.map((_, i) => (row ? cellText(row, i + 1) : ''));
    if (header.some((h, i) => h !== CATALOG_COLUMNS[i])) {
      throw new AppError('IMPORT_FILE_INVALID', `第1行须为表头：${CATALOG_COLUMNS.join('、')}。请使用下载的模板`);
    }
  };
  for await (const { number: rowNumber, row } of readSheetRows(file)) {
    if (!headerChecked) checkHeader(rowNumber === 1 ? row : null);
    if (rowNumber === 1) continue;
    const values = CATALOG_COLUMNS.map((_, i) => cellText(row, i + 1));
    if (values.every((v) => v === '')) continue;
    total++;
    if (total > MAX_CATALOG_ROWS) throw tooManyRows(MAX_CATALOG_ROWS);
    const [rawCode = '', name = '', category = '', gradesText = '', localText = ''] = values;
    const fail = (column: string, message: string) => errors.push({ row: rowNumber, column, message });
    const before = errors.length;
    const code = rawCode.toUpperCase();
    if (!code) fail('工种代码', '工种代码不能为空');
    else if (!/^[A-Z0-9][A-Z0-9._-]{0,19}$/.test(code)) {
      fail('工种代码', '工种代码只能由字母、数字和 . _ - 组成，最长20位');
    } else if (seenCodes.has(code)) fail('工种代码', `与第${seenCodes.get(code)}行的工种代码“${code}”重复`);
    else seenCodes.set(code, rowNumber);
    if (!name) fail('工种名称', '工种名称不能为空');
    else if (name.length > 50) fail('工种名称', '工种名称不能超过50字');
    else if (seenNames.has(name)) fail('工种名称', `与第${seenNames.get(name)}行的工种名称“${name}”重复`);
    else seenNames.set(name, rowNumber);
    if (!category) fail('工种类别', '工种类别不能为空');
    else if (category.length > 30) fail('工种类别', '工种类别不能超过30字');
    const grades = parseGrades(gradesText);
    if (!grades.ok) fail('可申报等级', grades.message);
    let localExam = LOCAL_EXAM_CATEGORIES.includes(category);
    const local = localText.toUpperCase();
    if (YES.has(local)) localExam = true;
    else if (NO.has(local)) localExam = false;
    else if (local) fail('本地考试', '本地考试须填“是”或“否”');
    if (errors.length === before && grades.ok) types.push({ code, name, category, grades: grades.grades, localExam });
  }
  if (!headerChecked) checkHeader(null);
  if (total === 0) throw new AppError('CATALOG_IMPORT_INVALID', '文件中没有工种数据，请在模板第2行起填写');
  return { types, errors, total };
}

export interface CatalogImportInput {
  name: string;
  title: string;
  file: Buffer;
}

/**
 * Imports a catalogue version: all or nothing. Every bad row is reported (row, column, reason); the version
 * and its job types are written in one transaction, with one audit row, only when every row is valid.
 */
export async function importCatalog(deps: AppDeps, ctx: ServiceContext, input: CatalogImportInput) {
  assertProvinceManager(ctx.actor, 'catalog.manage', '只有省工考办可以导入工种目录');
  const parsed = await parseCatalogFile(input.file);
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    if (await repo.findVersionByName(tx, input.name)) {
      throw new AppError('CATALOG_NAME_TAKEN', `已有文号为“${input.name}”的工种目录`);
    }
    if (parsed.errors.length > 0) return { total: parsed.total, imported: 0, errors: parsed.errors };
    const now = deps.clock.now();
    const version = await repo.insertVersion(
      tx,
      { name: input.name, title: input.title, isSample: false, createdBy: ctx.actor.accountId, createdAt: now },
      parsed.types,
    );
    await recordAudit(
      tx,
      ctx.actor,
      ctx.meta,
      {
        entityType: 'catalog_version',
        entityId: version.id,
        orgNodeId: ctx.actor.orgNodeId,
        orgPath: ctx.actor.orgPath,
        action: 'catalog.import',
        summary: `导入工种目录「${version.name}」（${version.title}），共 ${parsed.types.length} 个工种`,
        after: { name: version.name, title: version.title, jobTypeCount: version.jobTypeCount },
      },
      now,
    );
    return { version: presentVersion(version), total: parsed.total, imported: parsed.types.length, errors: [] };
  }).catch((error: unknown) => {
    if (uniqueViolation(error) === 'catalog_versions_name_key') {
      throw new AppError('CATALOG_NAME_TAKEN', `已有文号为“${input.name}”的工种目录`);
    }
    throw error;
  });
}
