/**
 * 合格人员通知: the notice of qualified persons at the end of the publicity, in the style of the seed notice
 * (/work/shared/reference/notice-2017.txt): the issuer's heading, the document number, the title, the addressees
 * (各省辖市…), the body, the annex's name, the issuer and date; then the annex, the table of qualified persons by
 * jurisdiction. Pure: plain objects in, PDF bytes out; the Chinese font is the 申请表's (resolvePdfFont).
 */

import PDFDocument from 'pdfkit';
import { GRADE_LABELS } from '../../../domain/eligibility.js';
import { RESULT_TRACK_LABELS, type ResultTrack } from '../../../domain/result-tracks.js';
import { formatChineseDate } from '../../../domain/timetable.js';
import { AppError } from '../../platform/errors.js';
import { type PdfFont, resolvePdfFont } from '../applications/applications.pdf.js';

export const NOTICE_ISSUER = '河南省人力资源和社会保障厅';
export const NOTICE_ADDRESSEES = '各省辖市、省直管县（市）人力资源社会保障局，省直有关单位，中央驻豫有关单位：';

export interface NoticePerson {
  name: string;
  idNumberMasked: string;
  unitName: string;
  jobTypeName: string;
  grade: number;
}

export interface NoticeInput {
  year: number;
  /** The campaign's notice (豫人社办函〔2017〕11号), cited in the body. */
  campaignNoticeNumber: string;
  /** This notice's number, when the office has one (printed under the heading). */
  documentNumber?: string | null;
  publicity: { startsOn: string; endsOn: string };
  /** 'YYYY-MM-DD': the date printed above the issuer's name. */
  issuedOn: string;
  /** The result track the notice is of (default 五级至二级): notice-2017.txt (五) and (六) notify each on its own. */
  track?: ResultTrack;
  jurisdictions: { name: string; persons: NoticePerson[] }[];
  font?: PdfFont;
}

type Doc = InstanceType<typeof PDFDocument>;
const PAGE_W = 595.28;
const PAGE_H = 841.89;
const MX = 72;
const BODY_W = PAGE_W - 2 * MX;
const TOP = 72;
const BOTTOM = PAGE_H - 64;

export function noticeTitle(year: number, track: ResultTrack = 'regular'): string {
  return `关于公布${year}年全省机关事业单位工勤技能岗位${RESULT_TRACK_LABELS[track]}等级考核合格人员名单的通知`;
}

export function annexTitle(year: number, track: ResultTrack = 'regular'): string {
  return `${year}年全省机关事业单位工勤技能岗位${RESULT_TRACK_LABELS[track]}等级考核合格人员名单`;
}

export async function renderQualifiedNotice(input: NoticeInput): Promise<Buffer> {
  const font = input.font ?? resolvePdfFont();
  const title = noticeTitle(input.year, input.track);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    compress: true,
    info: { Title: title, Creator: 'gongkao', Producer: 'gongkao' },
  });
  try {
    doc.registerFont('cjk', font.path, font.family ?? '');
  } catch (error) {
    doc.end();
    throw new AppError('PDF_FONT_MISSING', `无法加载 PDF 中文字体“${font.path}”：${(error as Error).message}`);
  }
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  drawLetter(doc, input);
  drawAnnex(doc, input);
  doc.end();
  return done;
}

function newPage(doc: Doc): void {
  doc.addPage({ size: 'A4', margin: 0 });
  doc.font('cjk').fillColor('#000');
}

function drawLetter(doc: Doc, input: NoticeInput): void {
  newPage(doc);
  const total = input.jurisdictions.reduce((n, j) => n + j.persons.length, 0);
  let y = TOP + 10;
  doc.fillColor('#c00').fontSize(24).text(NOTICE_ISSUER, MX, y, { width: BODY_W, align: 'center' });
  y = doc.y + 10;
  doc.fillColor('#000').fontSize(12);
  if (input.documentNumber) {
    doc.text(input.documentNumber, MX, y, { width: BODY_W, align: 'center' });
    y = doc.y + 4;
  }
  doc
    .lineWidth(1.2)
    .strokeColor('#c00')
    .moveTo(MX, y)
    .lineTo(MX + BODY_W, y)
    .stroke();
  y += 22;
  doc
    .fontSize(17)
    .text(noticeTitle(input.year, input.track), MX + 20, y, { width: BODY_W - 40, align: 'center', lineGap: 4 });
  y = doc.y + 18;
  doc.fontSize(13).text(NOTICE_ADDRESSEES, MX, y, { width: BODY_W, lineGap: 6 });
  y = doc.y + 6;
  const body = [
    `根据河南省人力资源和社会保障厅《关于${input.year}年全省机关事业单位工勤技能岗位等级考核考务工作的通知》（${input.campaignNoticeNumber}）规定，${input.year}年全省机关事业单位工勤技能岗位${input.track === 'grade1' ? '一级（高级技师）考评已经结束。经考评' : '五级（初级工）至二级（技师）人机对话考试已经结束。经考试'}，并于${formatChineseDate(input.publicity.startsOn)}至${formatChineseDate(input.publicity.endsOn)}公示，${total}名人员考核合格，现将合格人员名单予以公布（见附件）。`,
    '请各地、各单位及时通知合格人员，并按照有关规定办理证书、归档材料等手续。',
  ];
  for (const p of body) {
    doc.text(`　　${p}`, MX, y, { width: BODY_W, lineGap: 8, align: 'justify' });
    y = doc.y + 6;
  }
  y += 10;
  doc.text(`附件：${annexTitle(input.year, input.track)}`, MX, y, { width: BODY_W, lineGap: 6 });
  y = Math.max(doc.y + 60, y + 80);
  doc.text(NOTICE_ISSUER, MX, y, { width: BODY_W - 20, align: 'right' });
  doc.text(formatChineseDate(input.issuedOn), MX, doc.y + 6, { width: BODY_W - 40, align: 'right' });
}

const COLUMNS = [
  { title: '序号', width: 34 },
  { title: '姓名', width: 56 },
  { title: '身份证号', width: 106 },
  { title: '单位', width: 134 },
  { title: '工种', width: 68 },
  { title: '等级', width: 53 },
] as const;
const ROW_H = 20;

function drawAnnex(doc: Doc, input: NoticeInput): void {
  newPage(doc);
  let y = TOP;
  doc.fontSize(13).text('附件', MX, y);
  y = doc.y + 10;
  doc.fontSize(16).text(annexTitle(input.year, input.track), MX, y, { width: BODY_W, align: 'center' });
  y = doc.y + 14;
  if (input.jurisdictions.length === 0) {
    doc.fontSize(12).text('（无合格人员）', MX, y, { width: BODY_W, align: 'center' });
    return;
  }
  for (const [index, j] of input.jurisdictions.entries()) {
    if (y + 24 + 2 * ROW_H > BOTTOM) {
      newPage(doc);
      y = TOP;
    }
    doc.fontSize(13).text(`${chineseOrdinal(index + 1)}、${j.name}（${j.persons.length}人）`, MX, y);
    y = doc.y + 6;
    y = header(doc, y);
    for (const [i, p] of j.persons.entries()) {
      if (y + ROW_H > BOTTOM) {
        newPage(doc);
        y = header(doc, TOP);
      }
      row(doc, y, [
        String(i + 1),
        p.name,
        p.idNumberMasked,
        p.unitName,
        p.jobTypeName,
        GRADE_LABELS[p.grade as keyof typeof GRADE_LABELS] ?? String(p.grade),
      ]);
      y += ROW_H;
    }
    y += 12;
  }
}

function header(doc: Doc, y: number): number {
  row(
    doc,
    y,
    COLUMNS.map((c) => c.title),
    true,
  );
  return y + ROW_H;
}

function row(doc: Doc, y: number, cells: readonly string[], bold = false): void {
  let x = MX;
  doc.lineWidth(0.5).strokeColor('#000');
  for (const [i, c] of COLUMNS.entries()) {
    doc.rect(x, y, c.width, ROW_H).stroke();
    const text = cells[i] ?? '';
    let size = bold ? 10.5 : 9.5;
    doc.fontSize(size);
    while (size > 6 && doc.widthOfString(text) > c.width - 6) {
      size -= 0.5;
      doc.fontSize(size);
    }
    doc.text(text, x + 3, y + (ROW_H - size) / 2 - 1, { width: c.width - 6, align: 'center', lineBreak: false });
    x += c.width;
  }
}

const DIGITS = '零一二三四五六七八九';
/** 1 → 一, 12 → 十二, 30 → 三十 (jurisdictions number at most a few dozen). */
export function chineseOrdinal(n: number): string {
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones === 0 ? '' : DIGITS[ones]}`;
}
