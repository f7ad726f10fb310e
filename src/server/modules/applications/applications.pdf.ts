/**
 * The printed 申请表: 河南省机关事业单位工勤技能岗位等级考核申请表, the annex of 豫人社办函〔2017〕11号
 * (/work/shared/reference/notice-2017.txt, rules.md §5), on A4, with the grid, labels and 说明 of the annex.
 * "此表一式三份": every application prints as three pages, each marked with the copy's keeper.
 *
 * Pure: takes plain objects (no database), returns the PDF bytes. The Chinese font is embedded as a subset
 * (only the glyphs used), so a one-application PDF stays small (see applications.pdf.test.ts).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { APPRAISAL_LABELS } from '../../../domain/eligibility.js';
import { WAIVER_AWARD_LABELS } from '../../../domain/grade1-evidence.js';
import type { Tx } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import type { ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { yieldToRequests } from '../../platform/jobs.js';
import { hasPermission } from '../../platform/permissions.js';
import { inScopedTx } from '../../platform/tx.js';
import { loadByFilter } from './applications.export.js';
import { EDUCATION_LABELS, GRADE_LABELS } from './applications.import.js';
import type { ApplicationStatus, PrintedOpinions } from './applications.repository.js';
import * as repo from './applications.repository.js';
import { loadPhotos, type OutputApplication } from './applications.repository.js';
import { requireAnyPermission } from './applications.service.js';

/** 审核意见 as given by a level of the review chain (the latest approval of that level; empty until then). */
export interface PrintableOpinion {
  opinion?: string | null;
  reviewerName?: string | null;
  /** The sealing organisation's name, printed before （盖章）. */
  sealName?: string | null;
  /** 'YYYY-MM-DD'. */
  date?: string | null;
}

/** One application as the form prints it: the 申请表 fields, the photo and the two opinions. */
export interface PrintableApplication {
  name: string;
  sex: 'male' | 'female';
  /** 'YYYY-MM' (or a 'YYYY-MM-DD' birth date: only the month prints). */
  birthMonth: string;
  /** An EDUCATION_LEVELS code or already a label. */
  education: string;
  workStartMonth: string;
  workYears: number;
  idNumber: string;
  currentJobType: string | null;
  currentGrade: number | null;
  currentGradeMonth: string | null;
  yearsInCurrentJobType: number | null;
  appliedJobType: string;
  appliedGrade: number;
  remarks: string | null;
  /** The 2-inch photo, JPEG (or PNG); a box labelled 照片 when absent or unreadable. */
  photo?: Uint8Array | null;
  unitOpinion?: PrintableOpinion | null;
  departmentOpinion?: PrintableOpinion | null;
  /** 人社部门资格审查意见: the jurisdiction's, or the province's for 省直单位 and 中央驻豫单位. */
  jurisdictionOpinion?: PrintableOpinion | null;
  /** 省工考办确认: one line under the opinions. */
  provinceConfirmation?: PrintableOpinion | null;
}

/** 此表一式三份，政府人力资源社会保障部门、所在单位及主管部门各一份。 */
export const COPY_LABELS = ['人社部门存档', '单位存档', '主管部门存档'] as const;
export type CopyLabel = (typeof COPY_LABELS)[number];

export const FORM_TITLE = '河南省机关事业单位工勤技能岗位等级考核申请表';
export const FORM_NOTES = [
  '说明：1. 姓名一栏须填写本人身份证上的姓名。',
  '2. 此表一式三份，政府人力资源社会保障部门、所在单位及主管部门各一份。',
] as const;

export interface PdfFont {
  path: string;
  /** The font's PostScript name inside a collection (.ttc/.otc). */
  family?: string;
}

export interface RenderOptions {
  /** Default: resolvePdfFont(process.env). */
  font?: PdfFont;
  /** Which copies to print, in order; default all three. */
  copies?: readonly CopyLabel[];
  /** Document title in the PDF's properties. */
  title?: string;
  /**
   * Called after each application's pages are drawn. Given, the rendering also lets other requests run between
   * applications (a batch of 500 takes seconds; see platform/jobs.ts).
   */
  onProgress?: (done: number) => void;
}

// Debian/Ubuntu fonts-noto-cjk: 宋体-like serif first (official forms are set in 宋体), the sans as fallback.
// One face only: each embedded CJK subset carries ~55 KB of shared CFF subroutines, so the title is set in a
// stroked (faux-bold) regular rather than a second, bold font.
const NOTO_DIR = '/usr/share/fonts/opentype/noto';
const DEFAULT_FONTS: readonly PdfFont[] = [
  { path: `${NOTO_DIR}/NotoSerifCJK-Regular.ttc`, family: 'NotoSerifCJKsc-Regular' },
  { path: `${NOTO_DIR}/NotoSansCJK-Regular.ttc`, family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
];

/**
 * The font to embed: `PDF_FONT_PATH` (a .ttf/.otf, or a .ttc/.otc with `PDF_FONT_FAMILY` naming the face, e.g.
 * NotoSerifCJKsc-Regular; Noto CJK collections need no family), else the first Debian default present.
 * Throws PDF_FONT_MISSING (in Chinese) when none exists.
 */
export function resolvePdfFont(env: NodeJS.ProcessEnv = process.env): PdfFont {
  const configured = env.PDF_FONT_PATH?.trim();
  if (configured) {
    if (!existsSync(configured)) {
      throw new AppError(
        'PDF_FONT_MISSING',
        `找不到 PDF 中文字体文件“${configured}”（PDF_FONT_PATH），请联系系统管理员`,
      );
    }
    const family = env.PDF_FONT_FAMILY?.trim() || notoFamily(configured);
    if (/\.(ttc|otc)$/i.test(configured) && !family) {
      throw new AppError(
        'PDF_FONT_MISSING',
        `字体文件“${configured}”是字体集，请用 PDF_FONT_FAMILY 指定其中的字体名（如 NotoSerifCJKsc-Regular）`,
      );
    }
    return family ? { path: configured, family } : { path: configured };
  }
  const found = DEFAULT_FONTS.find((f) => existsSync(f.path));
  if (!found) {
    throw new AppError(
      'PDF_FONT_MISSING',
      '服务器未安装中文字体，无法生成 PDF。请安装 fonts-noto-cjk，或用 PDF_FONT_PATH 指定字体文件',
    );
  }
  return found;
}

/** NotoSerifCJK-Regular.ttc → NotoSerifCJKsc-Regular (the Simplified Chinese face of the collection). */
function notoFamily(file: string): string | undefined {
  const m = /^Noto(Sans|Serif)CJK-(\w+)\.ttc$/i.exec(path.basename(file));
  return m ? `Noto${m[1]}CJKsc-${m[2]}` : undefined;
}

// ─── Layout (PDF points; A4 is 595.28 × 841.89) ─────────────────────────────────────────────────────────
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN_X = 50;
const TABLE_X = MARGIN_X;
const TABLE_W = PAGE.width - 2 * MARGIN_X; // 495.28
// Eight columns as in the annex (label, value × 4; a label column fits four characters of 五号) and, on the
// right of the first four rows, the photo column (a 2-inch photo is 35 × 49 mm = 99 × 139 pt).
const COLS = [48, 54, 48, 46, 48, 52, 48, 44] as const;
const PHOTO_W = TABLE_W - COLS.reduce((s, w) => s + w, 0); // 107.28
const TOP_ROW_H = 38; // × 4 = 152 ≥ the photo's 139 + padding
// Three opinion boxes, the province's confirmation line and 备注 keep each copy on one A4 page.
const OPINION_H = 124;
const CONFIRM_H = 34;
const REMARKS_H = 60;
const LABEL_SIZE = 10.5; // 五号
const VALUE_SIZE = 10.5;
const LINE_GAP = 1.5;

const colX = (index: number): number => TABLE_X + COLS.slice(0, index).reduce((s, w) => s + w, 0);
const span = (from: number, to: number): number => COLS.slice(from, to + 1).reduce((s, w) => s + w, 0);

type Doc = PDFKit.PDFDocument;

function cnMonth(value: string | null | undefined): string {
  if (!value) return '';
  const m = /^(\d{4})-(\d{2})/.exec(value);
  return m ? `${m[1]}.${m[2]}` : value;
}

function cnDate(value: string | null | undefined): string | null {
  const m = value ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : null;
}

function gradeLabel(grade: number | null): string {
  if (grade === null) return '无';
  return GRADE_LABELS[grade as keyof typeof GRADE_LABELS] ?? String(grade);
}

function years(value: number | null): string {
  return value === null || value === undefined ? '' : `${value}年`;
}

/** The form's values, formatted as printed. */
export function formValues(a: PrintableApplication) {
  return {
    name: a.name,
    sex: a.sex === 'male' ? '男' : '女',
    birthMonth: cnMonth(a.birthMonth),
    education: EDUCATION_LABELS[a.education as keyof typeof EDUCATION_LABELS] ?? a.education,
    workStartMonth: cnMonth(a.workStartMonth),
    workYears: years(a.workYears),
    idNumber: a.idNumber,
    currentJobType: a.currentJobType ?? '',
    currentGrade: gradeLabel(a.currentGrade),
    currentGradeMonth: cnMonth(a.currentGradeMonth),
    yearsInCurrentJobType: years(a.yearsInCurrentJobType),
    appliedJobType: a.appliedJobType,
    appliedGrade: gradeLabel(a.appliedGrade),
    remarks: a.remarks ?? '',
  };
}

/** Text centred in a cell, shrunk (down to 6.5 pt) until it fits, cut with … only as a last resort. */
function cellText(
  doc: Doc,
  text: string,
  x: number,
  y: number,
  w: number,
  h: number,
  options: { size?: number; align?: 'center' | 'left'; pad?: number } = {},
): void {
  if (!text) return;
  const pad = options.pad ?? 3;
  const innerW = w - 2 * pad;
  const innerH = h - 2 * pad;
  let size = options.size ?? VALUE_SIZE;
  doc.fontSize(size);
  while (size > 6.5 && doc.heightOfString(text, { width: innerW, lineGap: LINE_GAP }) > innerH) {
    size -= 0.5;
    doc.fontSize(size);
  }
  const height = Math.min(doc.heightOfString(text, { width: innerW, lineGap: LINE_GAP }), innerH);
  doc.text(text, x + pad, y + (h - height) / 2, {
    width: innerW,
    height: innerH,
    align: options.align ?? 'center',
    lineGap: LINE_GAP,
    ellipsis: true,
  });
}

/** A label of the annex, one line per entry (the annex breaks 参加工作 / 时间 and the like). */
function label(doc: Doc, lines: readonly string[], x: number, y: number, w: number, h: number): void {
  // Line by line: pdfkit measures a "\n" as a glyph, which would wrap a four-character line early.
  let size = LABEL_SIZE;
  doc.fontSize(size);
  while (size > 7 && Math.max(...lines.map((l) => doc.widthOfString(l))) > w - 4) {
    size -= 0.5;
    doc.fontSize(size);
  }
  const lineH = doc.currentLineHeight(true) + LINE_GAP;
  const top = y + (h - lines.length * lineH + LINE_GAP) / 2;
  lines.forEach((line, i) => {
    doc.text(line, x, top + i * lineH, { width: w, align: 'center', lineBreak: false });
  });
}

/** A vertical label (单位审核意见 and 主管部门审核意见 read top to bottom in the annex). */
function verticalLabel(doc: Doc, text: string, x: number, y: number, w: number, h: number): void {
  const chars = [...text];
  // Ten characters (人社部门资格审查意见) close up to fit the box.
  const lineH = Math.min(LABEL_SIZE + 5, (h - 8) / chars.length);
  doc.fontSize(Math.min(LABEL_SIZE, lineH - 1));
  const top = y + (h - chars.length * lineH) / 2;
  chars.forEach((ch, i) => {
    doc.text(ch, x, top + i * lineH + 2.5, { width: w, align: 'center', lineBreak: false });
  });
}

/**
 * The photo, or a box labelled 照片. `src` is a data URL: pdfkit keys its image registry by string, so the
 * three copies of a form share one embedded image.
 */
function photoBox(doc: Doc, src: string | null, x: number, y: number, w: number, h: number): void {
  const photoW = 99;
  const photoH = 139;
  if (src) {
    try {
      doc.image(src, x + (w - photoW) / 2, y + (h - photoH) / 2, {
        fit: [photoW, photoH],
        align: 'center',
        valign: 'center',
      });
      return;
    } catch {
      // An unreadable photo must not stop a batch print: the empty box follows.
    }
  }
  doc.fontSize(LABEL_SIZE).text('照片', x, y + h / 2 - LABEL_SIZE / 2 - 2, { width: w, align: 'center' });
}

function opinionBox(
  doc: Doc,
  opinion: PrintableOpinion | null | undefined,
  x: number,
  y: number,
  w: number,
  h: number,
): void {
  const pad = 8;
  const size = VALUE_SIZE;
  if (opinion?.opinion) {
    doc.fontSize(size).text(opinion.opinion, x + pad, y + pad, {
      width: w - 2 * pad,
      height: h - 2 * pad - 3 * (size + 6),
      align: 'left',
      lineGap: LINE_GAP,
      ellipsis: true,
    });
  }
  const dateLine = cnDate(opinion?.date) ?? '年　　月　　日';
  const sealLine = `${opinion?.sealName ?? ''}（盖章）`;
  const right = x + w - pad - 14;
  const rightW = 200;
  const baseY = y + h - pad - 2 * (size + 8);
  doc.fontSize(size);
  doc.text(sealLine, right - rightW, baseY, { width: rightW, align: 'right', lineBreak: false });
  doc.text(dateLine, right - rightW, baseY + size + 8, { width: rightW, align: 'right', lineBreak: false });
  if (opinion?.reviewerName) {
    doc.text(`审核人：${opinion.reviewerName}`, x + pad, baseY + size + 8, { width: 160, lineBreak: false });
  }
}

/** 省工考办确认: the confirmation on one line, the seal and date at the right. */
function confirmationLine(
  doc: Doc,
  confirmation: PrintableOpinion | null | undefined,
  x: number,
  y: number,
  w: number,
  h: number,
): void {
  const pad = 8;
  const size = VALUE_SIZE;
  const right = `${confirmation?.sealName ?? ''}（盖章）${cnDate(confirmation?.date) ?? '年　　月　　日'}`;
  doc.fontSize(size);
  const rightW = Math.min(doc.widthOfString(right) + 2, w - 2 * pad);
  const textY = y + (h - size) / 2 - 1;
  if (confirmation?.opinion) {
    doc.text(confirmation.opinion, x + pad, textY, {
      width: w - 3 * pad - rightW,
      height: size + 4,
      lineBreak: false,
      ellipsis: true,
    });
  }
  doc.text(right, x + w - pad - rightW, textY, { width: rightW, align: 'right', lineBreak: false });
}

function drawPage(doc: Doc, a: PrintableApplication, copy: CopyLabel, photo: string | null): void {
  const v = formValues(a);
  // Copy label, top right.
  doc.font('cjk').fontSize(10.5);
  doc.text(copy, TABLE_X, 44, { width: TABLE_W, align: 'right', lineBreak: false });
  // Title: 二号-ish, one line, faux bold (filled and thinly stroked).
  doc.fontSize(19).lineWidth(0.45).strokeColor('#000');
  doc.text(FORM_TITLE, TABLE_X, 70, { width: TABLE_W, align: 'center', lineBreak: false, fill: true, stroke: true });

  const top = 112;
  const rowY = (i: number) => top + i * TOP_ROW_H;
  const photoX = TABLE_X + TABLE_W - PHOTO_W;

  // Row 1: 姓名 | 性别 | 出生年月 | 文化程度
  label(doc, ['姓　名'], colX(0), rowY(0), COLS[0], TOP_ROW_H);
  cellText(doc, v.name, colX(1), rowY(0), COLS[1], TOP_ROW_H);
  label(doc, ['性　别'], colX(2), rowY(0), COLS[2], TOP_ROW_H);
  cellText(doc, v.sex, colX(3), rowY(0), COLS[3], TOP_ROW_H);
  label(doc, ['出生', '年月'], colX(4), rowY(0), COLS[4], TOP_ROW_H);
  cellText(doc, v.birthMonth, colX(5), rowY(0), COLS[5], TOP_ROW_H);
  label(doc, ['文化', '程度'], colX(6), rowY(0), COLS[6], TOP_ROW_H);
  cellText(doc, v.education, colX(7), rowY(0), COLS[7], TOP_ROW_H);
  // Row 2: 参加工作时间 | 工作年限 | 身份证号 (spans three)
  label(doc, ['参加工作', '时　间'], colX(0), rowY(1), COLS[0], TOP_ROW_H);
  cellText(doc, v.workStartMonth, colX(1), rowY(1), COLS[1], TOP_ROW_H);
  label(doc, ['工作', '年限'], colX(2), rowY(1), COLS[2], TOP_ROW_H);
  cellText(doc, v.workYears, colX(3), rowY(1), COLS[3], TOP_ROW_H);
  label(doc, ['身份', '证号'], colX(4), rowY(1), COLS[4], TOP_ROW_H);
  cellText(doc, v.idNumber, colX(5), rowY(1), span(5, 7), TOP_ROW_H);
  // Row 3: 现岗位工种 | 现岗位等级 | 现等级取得时间 | 现岗位工种年限
  label(doc, ['现岗位', '工　种'], colX(0), rowY(2), COLS[0], TOP_ROW_H);
  cellText(doc, v.currentJobType, colX(1), rowY(2), COLS[1], TOP_ROW_H);
  label(doc, ['现岗位', '等　级'], colX(2), rowY(2), COLS[2], TOP_ROW_H);
  cellText(doc, v.currentGrade.replace('（', '\n（'), colX(3), rowY(2), COLS[3], TOP_ROW_H);
  label(doc, ['现等级', '取得时间'], colX(4), rowY(2), COLS[4], TOP_ROW_H);
  cellText(doc, v.currentGradeMonth, colX(5), rowY(2), COLS[5], TOP_ROW_H);
  label(doc, ['现岗位', '工种年限'], colX(6), rowY(2), COLS[6], TOP_ROW_H);
  cellText(doc, v.yearsInCurrentJobType, colX(7), rowY(2), COLS[7], TOP_ROW_H);
  // Row 4: 申报工种 (spans three) | 申报考核等级 (spans three)
  label(doc, ['申报工种'], colX(0), rowY(3), COLS[0], TOP_ROW_H);
  cellText(doc, v.appliedJobType, colX(1), rowY(3), span(1, 3), TOP_ROW_H);
  label(doc, ['申报考核', '等　级'], colX(4), rowY(3), COLS[4], TOP_ROW_H);
  cellText(doc, v.appliedGrade, colX(5), rowY(3), span(5, 7), TOP_ROW_H);
  // The photo, right of rows 1–4.
  photoBox(doc, photo, photoX, rowY(0), PHOTO_W, 4 * TOP_ROW_H);

  // Rows 5–7: the opinions and 备注, label column then one wide cell.
  const unitY = rowY(4);
  const deptY = unitY + OPINION_H;
  const hrY = deptY + OPINION_H;
  const confirmY = hrY + OPINION_H;
  const remarksY = confirmY + CONFIRM_H;
  const bottom = remarksY + REMARKS_H;
  const wideX = colX(1);
  const wideW = TABLE_X + TABLE_W - wideX;
  verticalLabel(doc, '单位审核意见', colX(0), unitY, COLS[0], OPINION_H);
  opinionBox(doc, a.unitOpinion, wideX, unitY, wideW, OPINION_H);
  verticalLabel(doc, '主管部门审核意见', colX(0), deptY, COLS[0], OPINION_H);
  opinionBox(doc, a.departmentOpinion, wideX, deptY, wideW, OPINION_H);
  verticalLabel(doc, '人社部门资格审查意见', colX(0), hrY, COLS[0], OPINION_H);
  opinionBox(doc, a.jurisdictionOpinion, wideX, hrY, wideW, OPINION_H);
  label(doc, ['省工考办', '确　认'], colX(0), confirmY, COLS[0], CONFIRM_H);
  confirmationLine(doc, a.provinceConfirmation, wideX, confirmY, wideW, CONFIRM_H);
  verticalLabel(doc, '备注', colX(0), remarksY, COLS[0], REMARKS_H);
  cellText(doc, v.remarks, wideX, remarksY, wideW, REMARKS_H, { align: 'left', pad: 8 });

  // The grid.
  doc.lineWidth(0.8).strokeColor('#000');
  doc.rect(TABLE_X, top, TABLE_W, bottom - top).stroke();
  for (let i = 1; i <= 4; i++) hline(doc, TABLE_X, i === 4 ? TABLE_X + TABLE_W : photoX, rowY(i));
  hline(doc, TABLE_X, TABLE_X + TABLE_W, deptY);
  hline(doc, TABLE_X, TABLE_X + TABLE_W, hrY);
  hline(doc, TABLE_X, TABLE_X + TABLE_W, confirmY);
  hline(doc, TABLE_X, TABLE_X + TABLE_W, remarksY);
  vline(doc, photoX, top, rowY(4)); // left edge of the photo column
  vline(doc, colX(1), top, bottom); // label column, all rows
  for (const [col, rows] of [
    [2, [0, 1, 2]],
    [3, [0, 1, 2]],
    [4, [0, 1, 2, 3]],
    [5, [0, 1, 2, 3]],
    [6, [0, 2]],
    [7, [0, 2]],
  ] as const) {
    for (const r of rows) vline(doc, colX(col), rowY(r), rowY(r + 1));
  }

  // 说明, under the table.
  doc.fontSize(10.5);
  let noteY = bottom + 10;
  for (const [i, line] of FORM_NOTES.entries()) {
    // The second line aligns under the first item's text, as in the annex.
    const indent = i === 0 ? 0 : doc.widthOfString('说明：');
    doc.text(line, TABLE_X + indent, noteY, { width: TABLE_W - indent, lineBreak: false });
    noteY += 18;
  }
}

function hline(doc: Doc, x1: number, x2: number, y: number): void {
  doc.moveTo(x1, y).lineTo(x2, y).stroke();
}

function vline(doc: Doc, x: number, y1: number, y2: number): void {
  doc.moveTo(x, y1).lineTo(x, y2).stroke();
}

/** Renders the 申请表 of each application, three copies (pages) each unless options.copies says otherwise. */
export async function renderApplicationsPdf(
  items: readonly PrintableApplication[],
  options: RenderOptions = {},
): Promise<Buffer> {
  const font = options.font ?? resolvePdfFont();
  const copies = options.copies ?? COPY_LABELS;
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    compress: true,
    info: { Title: options.title ?? FORM_TITLE, Creator: 'gongkao', Producer: 'gongkao' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    // Opening the font here (not at first use) tells a font problem apart from a drawing problem.
    doc.registerFont('cjk', font.path, font.family ?? '');
    doc.font('cjk');
  } catch (error) {
    doc.end();
    await done.catch(() => undefined);
    throw new AppError('PDF_FONT_MISSING', `无法加载 PDF 中文字体“${font.path}”：${(error as Error).message}`);
  }
  try {
    let done = 0;
    for (const item of items) {
      const photo = item.photo?.length ? `data:image/jpeg;base64,${Buffer.from(item.photo).toString('base64')}` : null;
      for (const copy of copies) {
        doc.addPage({ size: 'A4', margin: 0 });
        drawPage(doc, item, copy, photo);
      }
      if (options.onProgress) {
        options.onProgress(++done);
        await yieldToRequests();
      }
    }
    if (items.length === 0) {
      doc.addPage({ size: 'A4', margin: 0 });
      doc.font('cjk').fontSize(12).text('没有可打印的申请表', MARGIN_X, 100, { width: TABLE_W, align: 'center' });
    }
  } catch (error) {
    doc.end();
    await done.catch(() => undefined);
    throw error;
  }
  doc.end();
  return done;
}

// ─── For other modules (archives), in the caller's document and transaction ───────────────────────────────

/**
 * Draws one copy of an application's form as a new page of the caller's document, which must have registered the
 * CJK font as 'cjk' (resolvePdfFont). The archive (modules/archives) files the 人社部门存档 copy.
 */
export function drawApplicationForm(doc: Doc, item: PrintableApplication, copy: CopyLabel = COPY_LABELS[0]): void {
  const photo = item.photo?.length ? `data:image/jpeg;base64,${Buffer.from(item.photo).toString('base64')}` : null;
  doc.addPage({ size: 'A4', margin: 0 });
  drawPage(doc, item, copy, photo);
}

/**
 * The printable forms (fields, photo, printed opinions) of these applications as the caller's transaction reaches
 * them (row-level security: an id outside the caller's subtree is simply absent).
 */
export async function loadPrintableApplications(
  tx: Tx,
  ids: readonly number[],
): Promise<Map<number, PrintableApplication>> {
  const views = await repo.loadApplicationsByIds(tx, ids);
  const reached = views.map((v) => v.row.id);
  const photos = await loadPhotos(tx, reached);
  const opinions = await repo.findLatestApprovals(tx, reached);
  return new Map(
    views.map((v) => [v.row.id, printableOf(v, photos.get(v.row.id) ?? null, opinions.get(v.row.id) ?? null)]),
  );
}

// ─── Printing stored applications (applications.print.routes.ts) ─────────────────────────────────────────

/** A batch prints at most this many applications (three pages each). */
export const MAX_PRINT_APPLICATIONS = 500;

/**
 * 一级's own claims, printed in 备注 (the 2017 form has no fields for them): the 二级 post, the five appraisals
 * newest first, the award waiving conditions. The scans themselves are with the application online.
 */
export function grade1Note(
  r: Pick<
    OutputApplication['row'],
    'appliedGrade' | 'appointedToGrade2Post' | 'appraisals' | 'waiverAward' | 'waiverAwardKind'
  >,
): string | null {
  if (r.appliedGrade !== 1) return null;
  const parts = [r.appointedToGrade2Post ? '已聘任二级岗位' : '未聘任二级岗位'];
  const appraisals = (Array.isArray(r.appraisals) ? r.appraisals : []) as string[];
  if (appraisals.length > 0) {
    parts.push(
      `近五年考核（由近及远）${appraisals.map((x) => APPRAISAL_LABELS[x as keyof typeof APPRAISAL_LABELS] ?? x).join('、')}`,
    );
  }
  if (r.waiverAward) {
    const kind = WAIVER_AWARD_LABELS[r.waiverAwardKind as keyof typeof WAIVER_AWARD_LABELS];
    parts.push(`以奖励免除学历和考核条件${kind ? `（${kind}）` : ''}`);
  }
  return `一级：${parts.join('，')}`;
}

/**
 * The form's fields of a stored application and its opinions: the latest approval of each level
 * (findLatestApprovals). The 人社部门 box holds the jurisdiction's, or for 省直单位 and 中央驻豫单位 (reviewed by
 * the province, no jurisdiction level) the province's.
 */
export function printableOf(
  a: OutputApplication,
  photo: Uint8Array | null,
  opinions: PrintedOpinions | null = null,
): PrintableApplication {
  const r = a.row;
  return {
    name: r.name,
    sex: r.sex === 'male' ? 'male' : 'female',
    birthMonth: r.birthDate.slice(0, 7),
    education: r.education,
    workStartMonth: r.workStartMonth,
    workYears: r.workYears,
    idNumber: r.idNumber,
    currentJobType: r.currentJobType,
    currentGrade: r.currentGrade,
    currentGradeMonth: r.currentGradeMonth,
    yearsInCurrentJobType: r.yearsInCurrentJobType,
    appliedJobType: a.appliedJobType ?? '',
    appliedGrade: r.appliedGrade,
    remarks: [grade1Note(r), r.remarks].filter(Boolean).join('；') || null,
    photo,
    unitOpinion: opinions?.unit ?? null,
    departmentOpinion: opinions?.department ?? null,
    jurisdictionOpinion: opinions?.jurisdiction ?? opinions?.province ?? null,
    provinceConfirmation: opinions?.province ?? null,
  };
}

/**
 * One application's form (`GET /api/applications/:id/print.pdf`): the officials who may read it and the
 * applicant who registered online (who prints it for the unit's seal). The full ID number is printed: the
 * form is the official record. Row-level security decides visibility; an applicant's draft is hidden from
 * officials, as in the list.
 */
export async function printApplication(
  deps: AppDeps,
  ctx: ServiceContext,
  id: number,
): Promise<{ pdf: Buffer; fileName: string }> {
  requireAnyPermission(ctx.actor, ['application.read', 'application.self']);
  const font = resolvePdfFont();
  const { view, photos, opinions } = await inScopedTx(deps.db, ctx.actor, async (tx) => {
    const found = await repo.findApplicationView(tx, id, {
      hideOnlineDrafts: !hasPermission(ctx.actor.role, 'application.self'),
    });
    if (!found) throw new AppError('NOT_FOUND', '申请不存在或不在您的管辖范围内');
    return {
      view: found,
      photos: await loadPhotos(tx, [id]),
      opinions: await repo.findLatestApprovals(tx, [id]),
    };
  });
  const pdf = await renderApplicationsPdf([printableOf(view, photos.get(id) ?? null, opinions.get(id) ?? null)], {
    font,
    title: `${FORM_TITLE}（${view.row.name}）`,
  });
  return { pdf, fileName: `申请表-${view.row.name}-${view.row.idNumber.slice(-4)}.pdf` };
}

export interface BatchPrintFilter {
  campaignId: number;
  /** A unit (or a department or jurisdiction) in the actor's scope. */
  unitId: number;
  status?: ApplicationStatus;
}

/**
 * A unit's forms in one PDF, ordered by unit then name: the work of a batch-print job
 * (`POST /api/applications/print-jobs`). `onProgress` hears the total once loaded, then each form drawn.
 */
export async function printApplications(
  deps: AppDeps,
  ctx: ServiceContext,
  filter: BatchPrintFilter,
  onProgress?: (progress: { processed: number; total?: number }) => void,
): Promise<{ pdf: Buffer; fileName: string; count: number }> {
  const font = resolvePdfFont();
  const { items, photos, opinions, nodeName } = await inScopedTx(deps.db, ctx.actor, async (tx) => {
    const list = await loadByFilter(
      tx,
      ctx.actor,
      { ...filter, sort: 'unitName', order: 'asc' },
      MAX_PRINT_APPLICATIONS,
      '打印',
    );
    const ids = list.map((a) => a.row.id);
    const node = (await repo.findNodeNames(tx, [filter.unitId])).get(filter.unitId) ?? '';
    return {
      items: list,
      photos: await loadPhotos(tx, ids),
      opinions: await repo.findLatestApprovals(tx, ids),
      nodeName: node,
    };
  });
  onProgress?.({ processed: 0, total: items.length });
  const pdf = await renderApplicationsPdf(
    items.map((a) => printableOf(a, photos.get(a.row.id) ?? null, opinions.get(a.row.id) ?? null)),
    {
      font,
      title: `${FORM_TITLE}（${nodeName}）`,
      // Every form when few, else about every 2 %: progress is a write to the database.
      onProgress: (done) => {
        if (done === items.length || done % Math.max(1, Math.ceil(items.length / 50)) === 0) {
          onProgress?.({ processed: done });
        }
      },
    },
  );
  return { pdf, fileName: `申请表-${nodeName || filter.unitId}.pdf`, count: items.length };
}
