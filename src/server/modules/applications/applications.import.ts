/**
 * Applications from Excel (docs/api-registration.md, "Import"): the template with the 申请表's columns and
 * drop-downs, the pure parser that checks every cell's format and reports `{ row, column, message }` in Chinese,
 * and the import itself (one transaction, one audit row per application), run as a background job.
 */
import ExcelJS from 'exceljs';
import {
  APPRAISAL_LABELS,
  type AppliedGrade,
  type Appraisal,
  EDUCATION_LABELS,
  EDUCATION_LEVELS,
  type Education,
  GRADE_LABELS,
  parseIdCard,
} from '../../../domain/index.js';
import { RETIREMENT_GROUP_LABELS } from '../../../domain/labels.js';
import type { Tx } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { recordAuditEntries } from '../../platform/audit.js';
import { chinaDate } from '../../platform/clock.js';
import type { Actor, ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { PROGRESS_EVERY_ROWS, type ProgressReporter } from '../../platform/jobs.js';
import { holdCountersExclusively, inScopedTx, inSystemTx } from '../../platform/tx.js';
import { readSheetRows, type SheetInfo, tooManyRows } from '../../platform/xlsx-read.js';
import { listVersionJobTypes } from '../catalog/catalog.service.js';
import type { ApplicationInsert, ApplicationRow, JobTypeRow, Registrant, UnitRef } from './applications.repository.js';
import { findRegistrants, findUnit, insertApplicationsSkippingDuplicates } from './applications.repository.js';
import { type ApplicationInput, applicationInput } from './applications.schemas.js';
import { auditSnapshot, duplicateError, type PreparedApplication, prepareApplication } from './applications.service.js';
import { assertRegistrationOpen, type CampaignRow, findCampaign, registrationOpen } from './registration-window.js';

// ─── The form's vocabulary, shared by the template, the parser, the export and the printed form ──────────
// The rules' own table (src/domain/eligibility.ts), also read by the audit viewer.
export { APPRAISAL_LABELS, EDUCATION_LABELS, RETIREMENT_GROUP_LABELS };
export const NO_GRADE_LABEL = '无';
export { GRADE_LABELS };

/** The template's columns, in the form's order, then what the rules need, then contact and remarks. */
export const APPLICATION_COLUMNS = [
  '姓名',
  '身份证号',
  '文化程度',
  '参加工作时间',
  '转正定级时间',
  '现岗位工种',
  '现岗位等级',
  '现等级取得时间',
  '现等级所属工种',
  '现岗位工种年限',
  '申报工种',
  '申报等级',
  '女性退休年龄基准',
  '公车改革变更工种',
  '申请破格',
  '证明材料说明',
  '聘任二级岗位',
  '近五年年度考核',
  '奖励免除条件',
  '联系电话',
  '备注',
] as const;
export type ApplicationColumn = (typeof APPLICATION_COLUMNS)[number];
const REQUIRED_COLUMNS: readonly ApplicationColumn[] = [
  '姓名',
  '身份证号',
  '文化程度',
  '参加工作时间',
  '现岗位等级',
  '申报工种',
  '申报等级',
];

export const MAX_APPLICATION_ROWS = 5000;
const DATA_SHEET = '申请表';
/** Marks the template's example row, which is refused if left in. */
const EXAMPLE_MARK = '（示例，导入前请删除此行）';
const JOB_TYPE_SHEET = '工种目录';
const JOB_TYPE_RANGE_NAME = '申报工种列表';

/** What the template and the parser need of the campaign's catalogue. */
export interface CatalogJobType {
  id: number;
  code: string;
  name: string;
  category?: string;
  /** Grades offered, 5 五级 … 1 一级. */
  grades: readonly number[];
}

export interface TemplateCampaign {
  year: number;
  name: string;
}

export interface ImportRowError {
  row: number;
  column: string;
  message: string;
}

export interface ParsedApplicationRow {
  /** The worksheet's row number (the header is row 1). */
  row: number;
  input: ApplicationInput;
}

export interface ParsedApplications {
  rows: ParsedApplicationRow[];
  errors: ImportRowError[];
  /** Non-empty data rows in the file. */
  total: number;
}

/** The column of each ApplicationInput field, for errors found after parsing. */
const COLUMNS_BY_FIELD: Readonly<Record<keyof ApplicationInput, ApplicationColumn>> = {
  name: '姓名',
  idNumber: '身份证号',
  education: '文化程度',
  workStartMonth: '参加工作时间',
  regularizedMonth: '转正定级时间',
  currentJobType: '现岗位工种',
  currentGrade: '现岗位等级',
  currentGradeMonth: '现等级取得时间',
  currentGradeJobType: '现等级所属工种',
  yearsInCurrentJobType: '现岗位工种年限',
  appliedJobTypeId: '申报工种',
  appliedGrade: '申报等级',
  retirementGroup: '女性退休年龄基准',
  vehicleReformTransfer: '公车改革变更工种',
  exceptionalPromotion: '申请破格',
  evidenceNote: '证明材料说明',
  appointedToGrade2Post: '聘任二级岗位',
  appraisals: '近五年年度考核',
  waiverAward: '奖励免除条件',
  waiverAwardKind: '奖励免除条件',
  phone: '联系电话',
  remarks: '备注',
};
const columnOfField = (field: string): string => COLUMNS_BY_FIELD[field as keyof ApplicationInput] ?? field;

const col = (name: ApplicationColumn): number => APPLICATION_COLUMNS.indexOf(name) + 1;
const letter = (name: ApplicationColumn): string => {
  let n = col(name);
  let s = '';
  while (n > 0) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
};

const HELD_GRADE_CHOICES = [NO_GRADE_LABEL, GRADE_LABELS[5], GRADE_LABELS[4], GRADE_LABELS[3], GRADE_LABELS[2]];
const APPLIED_GRADE_CHOICES = [GRADE_LABELS[5], GRADE_LABELS[4], GRADE_LABELS[3], GRADE_LABELS[2], GRADE_LABELS[1]];
const YES_NO = ['是', '否'];

// ExcelJS keeps data validations by address (a range is one entry); its typings omit the collection.
type ValidationSheet = { dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void } };

function listValidation(sheet: ExcelJS.Worksheet, column: ApplicationColumn, formula: string, hint: string): void {
  const range = `${letter(column)}2:${letter(column)}${MAX_APPLICATION_ROWS + 1}`;
  (sheet as unknown as ValidationSheet).dataValidations.add(range, {
    type: 'list',
    allowBlank: !REQUIRED_COLUMNS.includes(column),
    formulae: [formula],
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: column,
    error: hint,
    showInputMessage: true,
    promptTitle: column,
    prompt: hint,
  });
}

const quoted = (choices: readonly string[]) => `"${choices.join(',')}"`;

/**
 * The downloadable template for a campaign: the columns of 申请表 (required ones in bold red), drop-downs for
 * 文化程度, the grades, 申报工种 (the campaign's catalogue, on a hidden sheet referenced by a named range) and the
 * 是/否 flags, text format for the ID number, months and phone (so Excel keeps 2005.10 and 18 digits as typed),
 * an example row, and a 填写说明 sheet.
 */
export async function buildApplicationTemplate(
  campaign: TemplateCampaign,
  jobTypes: readonly CatalogJobType[],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '河南省机关事业单位工勤技能岗位等级考核系统';
  const sheet = workbook.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  const help = workbook.addWorksheet('填写说明');
  const catalogue = workbook.addWorksheet(JOB_TYPE_SHEET, { state: 'hidden' });

  const wide: Partial<Record<ApplicationColumn, number>> = {
    身份证号: 22,
    申报工种: 20,
    现岗位工种: 16,
    现等级所属工种: 16,
    证明材料说明: 30,
    近五年年度考核: 26,
    备注: 30,
  };
  sheet.columns = APPLICATION_COLUMNS.map((header) => ({ header, key: header, width: wide[header] ?? 14 }));
  const headerRow = sheet.getRow(1);
  headerRow.font = { bold: true };
  for (const column of REQUIRED_COLUMNS)
    headerRow.getCell(col(column)).font = { bold: true, color: { argb: 'FFC00000' } };
  headerRow.height = 20;
  for (const column of [
    '身份证号',
    '参加工作时间',
    '转正定级时间',
    '现等级取得时间',
    '联系电话',
  ] as const satisfies readonly ApplicationColumn[]) {
    sheet.getColumn(col(column)).numFmt = '@';
  }

  const jobTypeNames = [...new Set(jobTypes.map((j) => j.name))];
  catalogue.columns = [
    { header: '工种名称', width: 24 },
    { header: '工种代码', width: 12 },
    { header: '工种类别', width: 16 },
    { header: '可申报等级', width: 30 },
  ];
  for (const j of jobTypes) {
    catalogue.addRow([
      j.name,
      j.code,
      j.category ?? '',
      [...j.grades].map((g) => GRADE_LABELS[g as keyof typeof GRADE_LABELS] ?? String(g)).join('、'),
    ]);
  }
  if (jobTypeNames.length > 0) {
    workbook.definedNames.add(`'${JOB_TYPE_SHEET}'!$A$2:$A$${jobTypes.length + 1}`, JOB_TYPE_RANGE_NAME);
    listValidation(sheet, '申报工种', JOB_TYPE_RANGE_NAME, '请从下拉列表中选择本年度工种目录中的工种');
  }
  listValidation(sheet, '文化程度', quoted(Object.values(EDUCATION_LABELS)), '请从下拉列表中选择文化程度');
  listValidation(sheet, '现岗位等级', quoted(HELD_GRADE_CHOICES), '尚无等级请选“无”');
  listValidation(sheet, '申报等级', quoted(APPLIED_GRADE_CHOICES), '请从下拉列表中选择申报等级');
  listValidation(
    sheet,
    '女性退休年龄基准',
    quoted(Object.values(RETIREMENT_GROUP_LABELS)),
    '仅女性填写，不填为50岁（工人）',
  );
  for (const flag of ['公车改革变更工种', '申请破格', '聘任二级岗位', '奖励免除条件'] as const) {
    listValidation(sheet, flag, quoted(YES_NO), '请选择“是”或“否”，不填为“否”');
  }

  const example = jobTypes.find((j) => j.grades.includes(4)) ?? jobTypes[0];
  const exampleRow = sheet.addRow({
    姓名: `张三${EXAMPLE_MARK}`,
    身份证号: '410102198001011234',
    文化程度: EDUCATION_LABELS.senior_high,
    参加工作时间: '2000-07',
    转正定级时间: '2001-07',
    现岗位工种: example?.name ?? '',
    现岗位等级: GRADE_LABELS[5],
    现等级取得时间: `${campaign.year - 6}-10`,
    现岗位工种年限: 16,
    申报工种: example?.name ?? '',
    申报等级: GRADE_LABELS[4],
    公车改革变更工种: '否',
    申请破格: '否',
    联系电话: '13800000000',
  });
  exampleRow.font = { color: { argb: 'FF808080' }, italic: true };

  const years = Array.from({ length: 5 }, (_, i) => campaign.year - 1 - i).join('、');
  help.getColumn(1).width = 110;
  for (const line of [
    `${campaign.name}　申请表批量导入说明`,
    '',
    `1. 在“${DATA_SHEET}”工作表中每行填写一名申报人员，第1行为表头，请勿改动列名和顺序。红色列名为必填项。第2行为示例，导入前请删除。`,
    '2. 姓名须与本人身份证一致；身份证号须为18位第二代居民身份证号，请以文本格式填写（本模板已设为文本）。性别、出生年月、工作年限由系统根据身份证号和参加工作时间计算，无须填写。',
    `3. 年月填写为“年-月”，如 2005-07（也可写 2005.07、2005/07、2005年7月，或使用 Excel 日期）。`,
    `4. 文化程度：${Object.values(EDUCATION_LABELS).join('、')}。`,
    `5. 现岗位等级：${HELD_GRADE_CHOICES.join('、')}；已有等级的须填写现等级取得时间。现等级所属工种不填时视为与现岗位工种相同。`,
    `6. 申报工种须为本年度工种目录（${jobTypes.length} 个工种，见下拉列表）中的工种，且该工种设有所申报的等级；申报等级：${APPLIED_GRADE_CHOICES.join('、')}。`,
    '7. 女性退休年龄基准：50岁（工人，默认）或55岁（干部），仅女性填写。',
    '8. 公车改革变更工种、申请破格、聘任二级岗位、奖励免除条件：填“是”或“否”，不填为“否”。申请破格或公车改革变更工种的，请在“证明材料说明”中写明所依据的证书或文件。',
    `9. 近五年年度考核（申报一级时填写）：${years}年的考核结果，最近一年在前，用顿号分隔，如“优秀、合格、优秀、合格、合格”；可填优秀、合格、基本合格、不合格。`,
    '10. 同一身份证号在同一考核年度只能报名一次：表内重复或已由其他单位报名的，将逐行列出，不会导入。',
    `11. 一次最多导入 ${MAX_APPLICATION_ROWS} 行（文件不超过 10 MB），超过时整个文件不予导入，请分批导入。可选择“全部无误才导入”或“只导入无误的行”；资格条件审核结果（如不符合申报条件）会随申请一并保存，供审核时参考，不影响导入。`,
  ]) {
    help.addRow([line]);
  }
  help.getRow(1).font = { bold: true, size: 14 };
  help.getColumn(1).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ─── Parsing ────────────────────────────────────────────────────────────────────────────────────────────

/** A cell's value as text: rich text joined, formulas by their result, dates kept as dates. */
type CellValue = string | number | boolean | Date | null;

function cellValue(cell: ExcelJS.Cell): CellValue {
  const value = cell.value;
  if (value === null || value === undefined) return null;
  if (value instanceof Date || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('result' in value) {
      const r = value.result;
      if (r === undefined || r === null || (typeof r === 'object' && !(r instanceof Date))) return null;
      return r as CellValue;
    }
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('error' in value) return null;
  }
  return String(cell.text ?? '');
}

/** NFKC folds full-width digits, letters and brackets (common with Chinese input methods); spaces trimmed. */
const norm = (s: string): string => s.normalize('NFKC').trim();
const asText = (v: CellValue): string => {
  if (v === null) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return norm(String(v));
};

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(message: string): Parsed<T> => ({ ok: false, message });

// Excel's day 0 is 1899-12-30 (the 1900 leap-year bug included).
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

function monthFromParts(year: number, month: number, label: string, maxYear: number): Parsed<string> {
  if (month < 1 || month > 12) return bad(`${label}的月份应在1至12之间`);
  if (year < 1930 || year > maxYear) return bad(`${label}的年份${year}不合理，请核对`);
  return ok(`${year}-${String(month).padStart(2, '0')}`);
}

/**
 * A month: 2005-07, 2005.07, 2005/7, 2005年7月, 200507, a date (2005-07-01) or an Excel date. A number such as
 * 2005.1 is refused: Excel has already turned 2005.10 into 2005.1, so October and January look alike.
 */
export function parseMonth(v: CellValue, label: string, maxYear: number): Parsed<string | null> {
  if (v === null || v === '') return ok(null);
  if (v instanceof Date) return monthFromParts(v.getUTCFullYear(), v.getUTCMonth() + 1, label, maxYear);
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 193001 && v <= 210012) {
      return monthFromParts(Math.floor(v / 100), v % 100, label, maxYear);
    }
    if (Number.isInteger(v) && v >= 10959 && v <= 80000) {
      // An Excel serial date typed in a cell formatted as a number (10959 = 1930-01-01).
      const d = new Date(EXCEL_EPOCH_MS + v * 86_400_000);
      return monthFromParts(d.getUTCFullYear(), d.getUTCMonth() + 1, label, maxYear);
    }
    const text = String(v);
    if (/^\d{4}\.\d{2}$/.test(text))
      return monthFromParts(Number(text.slice(0, 4)), Number(text.slice(5)), label, maxYear);
    return bad(`${label}“${text}”无法识别（Excel 可能已把 2005.10 变成 2005.1），请以文本填写“年-月”，如 2005-10`);
  }
  const text = asText(v).replace(/\s+/g, '');
  let m = /^(\d{4})[-./年](\d{1,2})(?:月|[-./]\d{1,2}日?)?$/.exec(text);
  if (m) return monthFromParts(Number(m[1]), Number(m[2]), label, maxYear);
  m = /^(\d{4})(\d{2})$/.exec(text);
  if (m) return monthFromParts(Number(m[1]), Number(m[2]), label, maxYear);
  if (/^\d{4}年?$/.test(text)) return bad(`${label}须填写到月，如 ${text.slice(0, 4)}-07`);
  return bad(`${label}“${text}”格式不正确，应为“年-月”，如 2005-07`);
}

const EDUCATION_ALIASES: Readonly<Record<string, Education>> = {
  ...Object.fromEntries(EDUCATION_LEVELS.map((level) => [norm(EDUCATION_LABELS[level]), level])),
  初中: 'junior_high_or_below',
  小学: 'junior_high_or_below',
  高中: 'senior_high',
  职高: 'senior_high',
  职业高中: 'senior_high',
  中专: 'vocational_secondary',
  技校: 'vocational_secondary',
  技工学校: 'vocational_secondary',
  职专: 'vocational_secondary',
  职业中专: 'vocational_secondary',
  中等专业学校: 'vocational_secondary',
  大专: 'college',
  专科: 'college',
  大学专科: 'college',
  高职: 'college',
  本科: 'bachelor',
  大学本科: 'bachelor',
  大学: 'bachelor',
  研究生: 'postgraduate',
  硕士: 'postgraduate',
  硕士研究生: 'postgraduate',
  博士: 'postgraduate',
  博士研究生: 'postgraduate',
};

export function parseEducation(v: CellValue): Parsed<Education | null> {
  const text = asText(v).replace(/\s+/g, '');
  if (!text) return ok(null);
  const found = EDUCATION_ALIASES[text];
  return found ? ok(found) : bad(`文化程度“${text}”无法识别，请填写：${Object.values(EDUCATION_LABELS).join('、')}`);
}

const GRADE_WORDS: Readonly<Record<string, number>> = {
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

/** 五级（初级工）, 五级, 初级工 or 5; null for 无 (held grade only). */
export function parseGrade(v: CellValue, label: string, allowNone: boolean): Parsed<number | null> {
  const text = asText(v).replace(/\s+/g, '');
  if (!text || ['无', '没有', '暂无', '/', '-'].includes(text)) {
    return allowNone ? ok(null) : bad(`请填写${label}`);
  }
  const full = /^(.+?)\((.+)\)$/.exec(text);
  let grade: number | undefined;
  if (/^[1-5]$/.test(text)) grade = Number(text);
  else if (full) {
    const a = GRADE_WORDS[full[1]!];
    const b = GRADE_WORDS[full[2]!];
    grade = a !== undefined && (b === undefined || a === b) ? a : undefined;
  } else grade = GRADE_WORDS[text];
  const choices = allowNone ? HELD_GRADE_CHOICES : APPLIED_GRADE_CHOICES;
  if (grade === undefined) return bad(`${label}“${text}”无法识别，请填写：${choices.join('、')}`);
  if (allowNone && grade === 1) return bad('现岗位等级已为一级（高级技师），无须申报');
  return ok(grade);
}

const YES = new Set(['是', 'Y', 'YES', 'TRUE', '1', '√', '✓']);
const NO = new Set(['否', 'N', 'NO', 'FALSE', '0', '×', '无']);

export function parseYesNo(v: CellValue, label: string): Parsed<boolean> {
  if (typeof v === 'boolean') return ok(v);
  const text = asText(v).toUpperCase();
  if (!text || NO.has(text)) return ok(false);
  if (YES.has(text)) return ok(true);
  return bad(`${label}须填“是”或“否”`);
}

function parseRetirementGroup(v: CellValue): Parsed<'worker' | 'cadre' | null> {
  const text = asText(v).replace(/\s+/g, '');
  if (!text) return ok(null);
  if (/^50(岁)?(\(工人\))?$|^工人$|^WORKER$/i.test(text)) return ok('worker');
  if (/^55(岁)?(\(干部\))?$|^干部$|^CADRE$/i.test(text)) return ok('cadre');
  return bad('女性退休年龄基准须填“50岁（工人）”或“55岁（干部）”');
}

const APPRAISAL_ALIASES: Readonly<Record<string, Appraisal>> = {
  优秀: 'excellent',
  合格: 'competent',
  称职: 'competent',
  基本合格: 'basically_competent',
  基本称职: 'basically_competent',
  不合格: 'incompetent',
  不称职: 'incompetent',
};

function parseAppraisals(v: CellValue): Parsed<Appraisal[] | null> {
  const text = asText(v);
  if (!text) return ok(null);
  const tokens = text.split(/[,，、;；/\s]+/).filter(Boolean);
  const out: Appraisal[] = [];
  for (const token of tokens) {
    const found = APPRAISAL_ALIASES[token];
    if (!found) return bad(`年度考核结果“${token}”无法识别，请填写优秀、合格、基本合格或不合格，用顿号分隔`);
    out.push(found);
  }
  if (out.length > 10) return bad('近五年年度考核最多填写10个结果');
  return ok(out);
}

function parseYears(v: CellValue, label: string): Parsed<number | null> {
  if (v === null || v === '') return ok(null);
  const text = typeof v === 'number' ? String(v) : asText(v).replace(/\s+|年$/g, '');
  if (!text) return ok(null);
  if (!/^\d{1,2}$/.test(text) || Number(text) > 60) return bad(`${label}须为0至60之间的整数（年）`);
  return ok(Number(text));
}

function parseText(v: CellValue, label: string, max: number): Parsed<string | null> {
  const text = v instanceof Date ? asText(v) : v === null ? '' : String(v).trim();
  if (!text) return ok(null);
  if ([...text].length > max) return bad(`${label}不能超过${max}字`);
  return ok(text);
}

/** What a catalogue lookup needs: a job type by name (or by code), with the grades it offers. */
function catalogueIndex(jobTypes: readonly CatalogJobType[]): Map<string, CatalogJobType> {
  const index = new Map<string, CatalogJobType>();
  for (const j of jobTypes) index.set(`code:${norm(j.code).toUpperCase()}`, j);
  for (const j of jobTypes) index.set(`name:${norm(j.name)}`, j);
  return index;
}

export interface ParseOptions {
  /** Today in Beijing ('YYYY-MM-DD') for the ID-card checks; default the system clock. */
  today?: string;
}

/** The data sheet by its name in the template, else the first visible sheet (a file saved under another name). */
function pickDataSheet<S extends SheetInfo>(sheets: readonly S[]): S | undefined {
  return sheets.find((s) => s.name === DATA_SHEET) ?? sheets.find((s) => s.state === 'visible');
}

/** A filled template's data rows, read and counted, not yet checked: what the import job receives. */
export interface ApplicationSheet {
  rows: { rowNumber: number; values: Map<ApplicationColumn, CellValue> }[];
}

/**
 * Reads a filled template's data sheet: header by name (columns may be moved; unknown columns are ignored), the
 * non-empty rows collected by column. The sheet is read streaming (platform/xlsx-read.ts). Throws
 * IMPORT_FILE_INVALID for an unreadable file or a missing required column, and IMPORT_TOO_MANY_ROWS at the first
 * data row past MAX_APPLICATION_ROWS, without reading further. The import route calls it before it starts the
 * job, so a file that would fail anyway is refused in the request (400 / 413), not as a failed job.
 */
export async function readApplicationSheet(buffer: Buffer): Promise<ApplicationSheet> {
  const columnOf = new Map<ApplicationColumn, number>();
  let headerChecked = false;
  const checkHeader = (row: ExcelJS.Row | null) => {
    headerChecked = true;
    row?.eachCell((cell, colNumber) => {
      const header = asText(cellValue(cell)).replace(/[\s*＊]/g, '') as ApplicationColumn;
      if ((APPLICATION_COLUMNS as readonly string[]).includes(header) && !columnOf.has(header)) {
        columnOf.set(header, colNumber);
      }
    });
    const missing = REQUIRED_COLUMNS.filter((c) => !columnOf.has(c));
    if (missing.length > 0) {
      throw new AppError(
        'IMPORT_FILE_INVALID',
        `第1行缺少必填列：${missing.join('、')}。请使用下载的模板，不要改动表头`,
      );
    }
  };

  const rows: ApplicationSheet['rows'] = [];
  for await (const { number: rowNumber, row } of readSheetRows(buffer, { pick: pickDataSheet })) {
    if (!headerChecked) checkHeader(rowNumber === 1 ? row : null);
    if (rowNumber === 1) continue;
    const values = new Map<ApplicationColumn, CellValue>();
    let empty = true;
    for (const [column, index] of columnOf) {
      const v = cellValue(row.getCell(index));
      if (v !== null && !(typeof v === 'string' && v.trim() === '')) empty = false;
      values.set(column, v);
    }
    if (empty) continue;
    if (rows.length === MAX_APPLICATION_ROWS) throw tooManyRows(MAX_APPLICATION_ROWS);
    rows.push({ rowNumber, values });
  }
  if (!headerChecked) checkHeader(null);
  return { rows };
}

/**
 * Checks a filled template (a file, or the rows `readApplicationSheet` read from one) column by column. A row with
 * any error is left out of `rows` and all its errors are listed; rows repeating an ID number of an earlier row are
 * errors too.
 */
export async function parseApplicationWorkbook(
  input: Buffer | ApplicationSheet,
  jobTypes: readonly CatalogJobType[],
  options: ParseOptions = {},
): Promise<ParsedApplications> {
  const today = options.today ?? chinaDate(new Date());
  const maxYear = Number(today.slice(0, 4)) + 1;
  const dataRows = (Buffer.isBuffer(input) ? await readApplicationSheet(input) : input).rows;
  const total = dataRows.length;

  const catalogue = catalogueIndex(jobTypes);
  const rows: ParsedApplicationRow[] = [];
  const errors: ImportRowError[] = [];
  const firstRowOfId = new Map<string, number>();

  for (const { rowNumber, values } of dataRows) {
    const rowErrors: ImportRowError[] = [];
    const get = (c: ApplicationColumn): CellValue => values.get(c) ?? null;
    const take = <T>(column: ApplicationColumn, parsed: Parsed<T>): T | undefined => {
      if (parsed.ok) return parsed.value;
      rowErrors.push({ row: rowNumber, column, message: parsed.message });
      return undefined;
    };
    const required = <T>(column: ApplicationColumn, value: T | null | undefined, message: string): T | undefined => {
      if (value === null) rowErrors.push({ row: rowNumber, column, message });
      return value ?? undefined;
    };

    const name = required('姓名', take('姓名', parseText(get('姓名'), '姓名', 30)), '请填写姓名');
    if (name?.includes(EXAMPLE_MARK)) {
      errors.push({ row: rowNumber, column: '姓名', message: '这是模板中的示例行，请删除后再导入' });
      continue;
    }

    let idNumber: string | undefined;
    const rawId = get('身份证号');
    if (typeof rawId === 'number') {
      rowErrors.push({
        row: rowNumber,
        column: '身份证号',
        message: '身份证号被 Excel 存成了数字（18位数字会被截断），请将该列设为文本格式后重新填写',
      });
    } else {
      const idText = asText(rawId);
      if (!idText) rowErrors.push({ row: rowNumber, column: '身份证号', message: '请填写身份证号' });
      else {
        const card = parseIdCard(idText, today);
        if (!card.ok) rowErrors.push({ row: rowNumber, column: '身份证号', message: card.error.message });
        else {
          idNumber = card.idNumber;
          const first = firstRowOfId.get(card.idNumber);
          if (first !== undefined) {
            rowErrors.push({ row: rowNumber, column: '身份证号', message: `与第${first}行的身份证号重复` });
          } else firstRowOfId.set(card.idNumber, rowNumber);
        }
      }
    }

    const education = required('文化程度', take('文化程度', parseEducation(get('文化程度'))), '请选择文化程度');
    const workStartMonth = required(
      '参加工作时间',
      take('参加工作时间', parseMonth(get('参加工作时间'), '参加工作时间', maxYear)),
      '请填写参加工作时间，如 2005-07',
    );
    const regularizedMonth = take('转正定级时间', parseMonth(get('转正定级时间'), '转正定级时间', maxYear + 1));
    const currentJobType = take('现岗位工种', parseText(get('现岗位工种'), '现岗位工种', 50));
    const currentGrade = take('现岗位等级', parseGrade(get('现岗位等级'), '现岗位等级', true));
    const currentGradeMonth = take('现等级取得时间', parseMonth(get('现等级取得时间'), '现等级取得时间', maxYear));
    const currentGradeJobType = take('现等级所属工种', parseText(get('现等级所属工种'), '现等级所属工种', 50));
    const yearsInCurrentJobType = take('现岗位工种年限', parseYears(get('现岗位工种年限'), '现岗位工种年限'));
    const appliedGrade = take('申报等级', parseGrade(get('申报等级'), '申报等级', false));
    const retirementGroup = take('女性退休年龄基准', parseRetirementGroup(get('女性退休年龄基准')));
    const vehicleReformTransfer = take('公车改革变更工种', parseYesNo(get('公车改革变更工种'), '公车改革变更工种'));
    const exceptionalPromotion = take('申请破格', parseYesNo(get('申请破格'), '申请破格'));
    const evidenceNote = take('证明材料说明', parseText(get('证明材料说明'), '证明材料说明', 500));
    const appointedToGrade2Post = take('聘任二级岗位', parseYesNo(get('聘任二级岗位'), '聘任二级岗位'));
    const appraisals = take('近五年年度考核', parseAppraisals(get('近五年年度考核')));
    const waiverAward = take('奖励免除条件', parseYesNo(get('奖励免除条件'), '奖励免除条件'));
    const phone = take('联系电话', parseText(get('联系电话'), '联系电话', 20));
    if (phone && !/^[0-9+\-() ]{5,20}$/.test(phone)) {
      rowErrors.push({ row: rowNumber, column: '联系电话', message: '联系电话只能包含数字、空格和 +-()' });
    }
    const remarks = take('备注', parseText(get('备注'), '备注', 500));

    if (currentGrade !== undefined && currentGrade !== null && currentGradeMonth === null) {
      rowErrors.push({ row: rowNumber, column: '现等级取得时间', message: '已有等级的须填写现等级取得时间' });
    }

    // 申报工种: in the campaign's catalogue (by name, or by code), offering the applied grade.
    let appliedJobTypeId: number | undefined;
    const jobText = asText(get('申报工种'));
    if (!jobText) rowErrors.push({ row: rowNumber, column: '申报工种', message: '请填写申报工种' });
    else {
      const jobType = catalogue.get(`name:${jobText}`) ?? catalogue.get(`code:${jobText.toUpperCase()}`);
      if (!jobType) {
        rowErrors.push({
          row: rowNumber,
          column: '申报工种',
          message: `“${jobText}”不在本年度工种目录中，请从下拉列表中选择`,
        });
      } else {
        appliedJobTypeId = jobType.id;
        if (typeof appliedGrade === 'number' && !jobType.grades.includes(appliedGrade)) {
          const offered = [...jobType.grades].map((g) => GRADE_LABELS[g as keyof typeof GRADE_LABELS] ?? g);
          rowErrors.push({
            row: rowNumber,
            column: '申报等级',
            message: `工种“${jobType.name}”不设${GRADE_LABELS[appliedGrade as keyof typeof GRADE_LABELS]}，可申报：${offered.join('、')}`,
          });
        }
      }
    }

    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      continue;
    }
    const input: ApplicationInput = {
      idNumber: idNumber!,
      name: name!,
      education: education!,
      workStartMonth: workStartMonth!,
      regularizedMonth: regularizedMonth ?? null,
      currentJobType: currentJobType ?? null,
      currentGrade: (currentGrade ?? null) as ApplicationInput['currentGrade'],
      currentGradeMonth: currentGradeMonth ?? null,
      currentGradeJobType: currentGradeJobType ?? null,
      yearsInCurrentJobType: yearsInCurrentJobType ?? null,
      appliedJobTypeId: appliedJobTypeId!,
      appliedGrade: appliedGrade as ApplicationInput['appliedGrade'],
      retirementGroup: retirementGroup ?? null,
      vehicleReformTransfer: vehicleReformTransfer ?? false,
      exceptionalPromotion: exceptionalPromotion ?? false,
      evidenceNote: evidenceNote ?? null,
      appointedToGrade2Post: appointedToGrade2Post ?? false,
      appraisals: appraisals ?? null,
      waiverAward: waiverAward ?? false,
      phone: phone ?? null,
      remarks: remarks ?? null,
    };
    // The form's own contract as the last word, so that an imported row is one the form would accept.
    const checked = applicationInput.safeParse(input);
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        const field = String(issue.path[0] ?? '');
        errors.push({ row: rowNumber, column: columnOfField(field), message: issue.message });
      }
      continue;
    }
    rows.push({ row: rowNumber, input: checked.data });
  }
  return { rows, errors, total };
}

// ─── The import (a background job: see platform/jobs.ts and applications.print.routes.ts) ───────────────

export type ImportMode = 'all_or_nothing' | 'good_rows';

export interface ImportRequest {
  campaignId: number;
  unitId: number;
  mode: ImportMode;
  /** Save as submitted (true) or as drafts. */
  submit: boolean;
  /** The file's rows, read in the request (readApplicationSheet). */
  sheet: ApplicationSheet;
}

/** The job's result: `{ total, imported, errors }` (docs/api-registration.md, Import). */
export interface ImportResult {
  total: number;
  imported: number;
  errors: ImportRowError[];
}

/** Rows written per INSERT statement (and between progress reports). */
const INSERT_BATCH = PROGRESS_EVERY_ROWS;
/** A job result lists at most this many errors (a 5,000-row file of the wrong kind would list 100,000). */
export const MAX_LISTED_ERRORS = 1000;

export interface ImportTarget {
  campaign: CampaignRow;
  unit: UnitRef;
}

/** The unit must be a unit in the actor's scope, and active; NOT_FOUND otherwise (as the form does). */
async function unitInScope(tx: Tx, actor: Actor, unitId: number): Promise<UnitRef> {
  const unit = await findUnit(tx, unitId);
  if (!unit || actor.orgPath === null || !unit.path.startsWith(actor.orgPath)) {
    throw new AppError('NOT_FOUND', '单位不存在或不在您的管辖范围内');
  }
  if (!unit.active) throw new AppError('ORG_INACTIVE', `单位「${unit.name}」已停用，不能报名`);
  return unit;
}

/**
 * What is checked before the import is accepted (the request answers 4xx rather than starting a job that would
 * fail): the campaign exists, the unit is the actor's and active, and its registration window is open.
 */
export async function checkImportTarget(
  deps: AppDeps,
  ctx: ServiceContext,
  campaignId: number,
  unitId: number,
): Promise<ImportTarget> {
  return inScopedTx(deps.db, ctx.actor, async (tx) => {
    const campaign = await findCampaign(tx, campaignId);
    if (!campaign) throw new AppError('NOT_FOUND', '考核年度不存在');
    const unit = await unitInScope(tx, ctx.actor, unitId);
    // A file may hold 五级–二级 rows (spring registration) or 一级 rows (their own window): either open will do
    // here, and each row is checked against its own grade's window in the job.
    const day = chinaDate(deps.clock.now());
    if (!(await registrationOpen(tx, campaign, unit.jurisdictionId, 1, day))) {
      await assertRegistrationOpen(deps, tx, campaign, unit.jurisdictionId, 5);
    }
    return { campaign, unit };
  });
}

/** The campaign's whole catalogue (job types are readable by every signed-in role). */
export async function campaignJobTypes(tx: Tx, campaign: Pick<CampaignRow, 'catalogVersionId'>): Promise<JobTypeRow[]> {
  const { items } = await listVersionJobTypes(tx, campaign.catalogVersionId, { page: 1, pageSize: 100_000 });
  return items;
}

/** The import template of a campaign, with its catalogue's job types (`GET /api/applications/import/template`). */
export async function getApplicationTemplate(
  deps: AppDeps,
  ctx: ServiceContext,
  campaignId: number,
): Promise<{ file: Buffer; fileName: string }> {
  const { campaign, jobTypes } = await inScopedTx(deps.db, ctx.actor, async (tx) => {
    const found = await findCampaign(tx, campaignId);
    if (!found) throw new AppError('NOT_FOUND', '考核年度不存在');
    return { campaign: found, jobTypes: await campaignJobTypes(tx, found) };
  });
  const file = await buildApplicationTemplate(campaign, jobTypes);
  return { file, fileName: `${campaign.year}年申请表导入模板.xlsx` };
}

/**
 * Who already registered these people in the campaign, by ID number: the unit's name and jurisdiction. Run as the
 * system, after the caller's rights, unit and window were checked (checkImportTarget); what the caller is told
 * depends on the jurisdiction (duplicateError names the unit only within the caller's own).
 */
async function registrants(
  deps: AppDeps,
  campaignId: number,
  idNumbers: readonly string[],
): Promise<Map<string, Registrant>> {
  const found = new Map<string, Registrant>();
  if (idNumbers.length === 0) return found;
  await inSystemTx(deps.db, async (tx) => {
    for (let i = 0; i < idNumbers.length; i += 1000) {
      const rows = await findRegistrants(tx, campaignId, idNumbers.slice(i, i + 1000));
      for (const r of rows) found.set(r.idNumber, r);
    }
  });
  return found;
}

class ImportAborted extends Error {
  constructor(readonly conflicts: { row: number; idNumber: string }[]) {
    super('import aborted');
  }
}

function capErrors(errors: ImportRowError[]): ImportRowError[] {
  errors.sort((a, b) => a.row - b.row);
  if (errors.length <= MAX_LISTED_ERRORS) return errors;
  const rest = errors.length - MAX_LISTED_ERRORS;
  return [
    ...errors.slice(0, MAX_LISTED_ERRORS),
    { row: 0, column: '', message: `另有 ${rest} 处错误未列出，请先修正以上错误后重新导入` },
  ];
}

/**
 * Imports a filled template into a unit's registrations: parse and check every row (formats, catalogue, ID card,
 * duplicates in the file and in the campaign), derive each application with `prepareApplication` (the form's own
 * rules: findings are stored, not errors), then write the good rows in batches inside ONE transaction with one
 * audit row (`application.import`) each. `all_or_nothing` writes nothing when any row is bad; `good_rows` writes
 * the good ones. A person registered by someone else in between is caught by the unique index (ON CONFLICT DO
 * NOTHING) and reported like any duplicate.
 */
export async function importApplications(
  deps: AppDeps,
  ctx: ServiceContext,
  request: ImportRequest,
  progress?: ProgressReporter,
): Promise<ImportResult> {
  const day = chinaDate(deps.clock.now());
  // The unit as prepareApplication needs it; re-checked (scope, window) inside the writing transaction.
  const { campaign, catalogue, unit, windows } = await inScopedTx(deps.db, ctx.actor, async (tx) => {
    const found = await findCampaign(tx, request.campaignId);
    if (!found) throw new AppError('NOT_FOUND', '考核年度不存在');
    const inScope = await unitInScope(tx, ctx.actor, request.unitId);
    return {
      campaign: found,
      catalogue: await campaignJobTypes(tx, found),
      unit: inScope,
      windows: {
        regular: await registrationOpen(tx, found, inScope.jurisdictionId, 5, day),
        grade1: await registrationOpen(tx, found, inScope.jurisdictionId, 1, day),
      },
    };
  });
  const parsed = await parseApplicationWorkbook(request.sheet, catalogue, { today: day });
  // Progress runs over two passes of the rows: checking (first half of the bar) and writing (second half).
  // Checking yields to the event loop between batches, so polls are answered while it runs — on PGlite, whose one
  // connection the writing transaction then holds, this is the part of the progress the user sees move.
  const total = parsed.total;
  progress?.report({ processed: 0, total: total * 2 });

  const errors = [...parsed.errors];
  const existing = await registrants(
    deps,
    campaign.id,
    parsed.rows.map((r) => r.input.idNumber),
  );
  const jobTypeById = new Map(catalogue.map((j) => [j.id, j]));
  const good: { row: number; values: PreparedApplication }[] = [];
  let checked = 0;
  for (const { row, input } of parsed.rows) {
    if (++checked % PROGRESS_EVERY_ROWS === 0) {
      progress?.report({ processed: checked });
      await new Promise((resolve) => setImmediate(resolve));
    }
    const registeredBy = existing.get(input.idNumber);
    if (registeredBy !== undefined) {
      errors.push({ row, column: '身份证号', message: duplicateError(registeredBy, unit.jurisdictionId).message });
      continue;
    }
    const prepared = prepareApplication({
      campaign,
      unit,
      jobType: jobTypeById.get(input.appliedJobTypeId) ?? null,
      input,
      today: day,
    });
    if (!prepared.ok) {
      for (const e of prepared.errors) errors.push({ row, column: columnOfField(e.field), message: e.message });
      continue;
    }
    // 一级 has its own window, and its evidence (年度考核登记表, 获奖证书) is uploaded per application before it is
    // submitted: a 一级 row is imported as a draft only.
    const grade1 = input.appliedGrade === 1;
    if (!(grade1 ? windows.grade1 : windows.regular)) {
      errors.push({ row, column: '申报等级', message: grade1 ? '不在一级申报时间内' : '不在报名时间内' });
      continue;
    }
    if (grade1 && request.submit) {
      errors.push({
        row,
        column: '申报等级',
        message: '一级申请须先上传年度考核登记表或获奖证书扫描件再逐个提交，不能导入后直接提交（请导入为草稿）',
      });
      continue;
    }
    good.push({ row, values: prepared.values });
  }
  const rejectedRows = new Set(errors.map((e) => e.row)).size;
  if (good.length === 0 || (request.mode === 'all_or_nothing' && errors.length > 0)) {
    return { total: parsed.total, imported: 0, errors: capErrors(errors) };
  }

  let conflicts: { row: number; idNumber: string }[] = [];
  let imported = 0;
  try {
    imported = await inScopedTx(deps.db, ctx.actor, async (tx) => {
      const current = await unitInScope(tx, ctx.actor, request.unitId);
      for (const grade of new Set(good.map((g) => (g.values.appliedGrade === 1 ? 1 : 5)))) {
        await assertRegistrationOpen(deps, tx, campaign, current.jurisdictionId, grade);
      }
      const now = deps.clock.now();
      const status = request.submit ? 'submitted' : 'draft';
      // Applications first, in batches; then their audit rows in one short stretch under the audit chain's lock.
      const written: { row: number; app: ApplicationRow }[] = [];
      // More than one statement: hold the statistics' counters first (migration 0033).
      if (good.length > INSERT_BATCH) await holdCountersExclusively(tx);
      for (let i = 0; i < good.length; i += INSERT_BATCH) {
        const batch = good.slice(i, i + INSERT_BATCH);
        const values: ApplicationInsert[] = batch.map(({ values: v }) => ({
          ...v,
          source: 'import',
          status,
          applicantAccountId: null,
          submittedAt: request.submit ? now : null,
          createdBy: ctx.actor.accountId,
          createdAt: now,
          updatedAt: now,
        }));
        const inserted = await insertApplicationsSkippingDuplicates(tx, values);
        const byIdNumber = new Map(inserted.map((r) => [r.idNumber, r]));
        for (const { row, values: v } of batch) {
          const app = byIdNumber.get(v.idNumber);
          if (app) written.push({ row, app });
          else conflicts.push({ row, idNumber: v.idNumber });
        }
        if (conflicts.length > 0 && request.mode === 'all_or_nothing') throw new ImportAborted(conflicts);
        progress?.report({ processed: total + rejectedRows + written.length + conflicts.length });
      }
      await recordAuditEntries(
        tx,
        ctx.actor,
        ctx.meta,
        written.map(({ row, app }) => ({
          entityType: 'application',
          entityId: app.id,
          orgNodeId: app.unitId,
          orgPath: app.orgPath,
          action: 'application.import',
          summary: `导入${request.submit ? '并提交' : ''}「${app.name}」的申请（${current.name}，${GRADE_LABELS[app.appliedGrade as AppliedGrade]}，Excel 第${row}行）`,
          after: auditSnapshot(app),
        })),
        now,
      );
      return written.length;
    });
  } catch (error) {
    if (!(error instanceof ImportAborted)) throw error;
    conflicts = error.conflicts;
    imported = 0;
  }
  if (conflicts.length > 0) {
    const names = await registrants(
      deps,
      campaign.id,
      conflicts.map((c) => c.idNumber),
    );
    for (const c of conflicts) {
      errors.push({
        row: c.row,
        column: '身份证号',
        message: duplicateError(names.get(c.idNumber) ?? null, unit.jurisdictionId).message,
      });
    }
  }
  return { total: parsed.total, imported, errors: capErrors(errors) };
}
