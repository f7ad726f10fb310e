/**
 * 综合评审记录: one panel's record on landscape A4 — the campaign, the panel, its schedule, the criteria and the pass
 * line; per candidate each member's weighted total (the dropped highest and lowest marked, 回避 and 缺席 shown), the
 * panel score and the conclusion; the chair's confirmation; a signature line (签名) and date for every member. Pure:
 * plain objects in, PDF bytes out; the Chinese font is the 申请表's (resolvePdfFont).
 */
import PDFDocument from 'pdfkit';
import { AppError } from '../../platform/errors.js';
import { type PdfFont, resolvePdfFont } from '../applications/applications.pdf.js';

export interface RecordInput {
  campaignName: string;
  panelName: string;
  startsAt: Date;
  endsAt: Date;
  criteria: Array<{ name: string; weight: number; max: number }>;
  passLine: number;
  members: Array<{ expertId: number; name: string; isChair: boolean; absent: boolean }>;
  rows: Array<{
    name: string;
    unitName: string;
    jobTypeName: string;
    cells: Array<{
      expertId: number;
      status: 'none' | 'draft' | 'submitted' | 'own_unit';
      total: number | null;
      dropped: 'high' | 'low' | null;
    }>;
    score: number | null;
    passed: boolean | null;
  }>;
  confirmed: boolean;
  confirmedAt: Date | null;
  confirmedBy: string | null;
  printedAt: Date;
  font?: PdfFont;
}

type Doc = InstanceType<typeof PDFDocument>;
const PAGE_W = 841.89;
const PAGE_H = 595.28;
const MX = 36;
const BODY_W = PAGE_W - 2 * MX;
const TOP = 40;
const BOTTOM = PAGE_H - 36;
const ROW_H = 28;

/** Beijing time, 'YYYY-MM-DD HH:mm'. */
export function beijing(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

const points = (v: number) => v.toFixed(2);

export async function renderPanelRecord(input: RecordInput): Promise<Buffer> {
  const font = input.font ?? resolvePdfFont();
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    autoFirstPage: false,
    compress: true,
    info: { Title: `综合评审记录：${input.panelName}`, Creator: 'gongkao', Producer: 'gongkao' },
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
  draw(doc, input);
  doc.end();
  return done;
}

function newPage(doc: Doc): void {
  doc.addPage({ size: 'A4', layout: 'landscape', margin: 0 });
  doc.font('cjk').fillColor('#000');
}

interface Column {
  title: string;
  width: number;
}

function columns(input: RecordInput): Column[] {
  const fixed: Column[] = [
    { title: '序号', width: 30 },
    { title: '姓名', width: 56 },
    { title: '单位', width: 150 },
    { title: '工种', width: 70 },
  ];
  const tail: Column[] = [
    { title: '综合成绩', width: 62 },
    { title: '结论', width: 44 },
  ];
  const used = [...fixed, ...tail].reduce((n, c) => n + c.width, 0);
  const each = Math.max(40, Math.min(90, (BODY_W - used) / Math.max(1, input.members.length)));
  const members = input.members.map((m) => ({ title: `${m.name}${m.isChair ? '（组长）' : ''}`, width: each }));
  return [...fixed, ...members, ...tail];
}

function cellText(cell: RecordInput['rows'][number]['cells'][number], absent: boolean): [string, string] {
  if (cell.status === 'own_unit') return ['回避', ''];
  if (absent) return ['缺席', ''];
  if (cell.status !== 'submitted' || cell.total === null) return ['未提交', ''];
  return [points(cell.total), cell.dropped === 'high' ? '去掉最高分' : cell.dropped === 'low' ? '去掉最低分' : ''];
}

function draw(doc: Doc, input: RecordInput): void {
  newPage(doc);
  let y = TOP;
  doc.fontSize(18).text('综合评审记录', MX, y, { width: BODY_W, align: 'center' });
  y = doc.y + 6;
  doc.fontSize(10.5);
  doc.text(
    `${input.campaignName}　｜　${input.panelName}　｜　评审时间：${beijing(input.startsAt)} 至 ${beijing(input.endsAt)}`,
    MX,
    y,
    { width: BODY_W, align: 'center' },
  );
  y = doc.y + 6;
  const criteria = input.criteria.map((c) => `${c.name}（权重 ${c.weight}%，满分 ${c.max}）`).join('；');
  doc.fontSize(9.5).text(`评审项目：${criteria}。合格线：${input.passLine} 分。`, MX, y, { width: BODY_W });
  y = doc.y + 8;
  const cols = columns(input);
  y = header(doc, cols, y);
  const absent = new Map(input.members.map((m) => [m.expertId, m.absent]));
  for (const [i, row] of input.rows.entries()) {
    if (y + ROW_H > BOTTOM) {
      newPage(doc);
      y = header(doc, cols, TOP);
    }
    const cells: Array<[string, string]> = [
      [String(i + 1), ''],
      [row.name, ''],
      [row.unitName, ''],
      [row.jobTypeName, ''],
      ...row.cells.map((c) => cellText(c, absent.get(c.expertId) ?? false)),
      [row.score === null ? '—' : points(row.score), ''],
      [row.passed === null ? '—' : row.passed ? '合格' : '不合格', ''],
    ];
    line(doc, cols, y, cells, false);
    y += ROW_H;
  }
  if (input.rows.length === 0) {
    doc.fontSize(10).text('（本组没有考生）', MX, y + 6, { width: BODY_W, align: 'center' });
    y += ROW_H;
  }
  y += 8;
  const notes = [
    '注：每名成员的分数为其各评审项目得分按权重折算的加权总分（百分制）。五名及以上成员评分时，去掉一个最高分和一个最低分（同分者只去掉其中一个），取其余成员的平均分；不足五名时取全部成员的平均分。结果四舍五入保留两位小数，达到合格线为合格。成员与考生同单位的须回避（标“回避”）。',
  ];
  if (y + 90 > BOTTOM) {
    newPage(doc);
    y = TOP;
  }
  doc.fontSize(8.5).text(notes[0]!, MX, y, { width: BODY_W, lineGap: 2 });
  y = doc.y + 10;
  doc.fontSize(10.5);
  const confirmation = input.confirmed
    ? `组长确认：${input.confirmedBy ?? ''}　　确认时间：${input.confirmedAt ? beijing(input.confirmedAt) : ''}`
    : '组长确认：（尚未确认，本记录仅供核对）';
  doc.text(confirmation, MX, y, { width: BODY_W });
  y = doc.y + 14;
  // A signature line and a date for every member, three per row.
  const perRow = 3;
  const slot = BODY_W / perRow;
  for (const [i, m] of input.members.entries()) {
    if (i % perRow === 0 && i > 0) y += 30;
    if (y + 30 > BOTTOM) {
      newPage(doc);
      y = TOP;
    }
    const x = MX + (i % perRow) * slot;
    doc.fontSize(10).text(`${m.name}${m.isChair ? '（组长）' : ''} 签名：`, x, y, { width: slot, lineBreak: false });
    const lineX = x + doc.widthOfString(`${m.name}${m.isChair ? '（组长）' : ''} 签名：`) + 2;
    doc
      .lineWidth(0.5)
      .moveTo(lineX, y + 12)
      .lineTo(lineX + 80, y + 12)
      .stroke();
    doc.text('日期：', lineX + 86, y, { lineBreak: false });
    doc
      .moveTo(lineX + 116, y + 12)
      .lineTo(Math.min(x + slot - 8, lineX + 186), y + 12)
      .stroke();
  }
  y += 36;
  if (y + 14 <= BOTTOM) {
    doc
      .fontSize(8)
      .fillColor('#555')
      .text(`打印时间：${beijing(input.printedAt)}`, MX, y, { width: BODY_W, align: 'right' });
  }
}

function header(doc: Doc, cols: Column[], y: number): number {
  line(
    doc,
    cols,
    y,
    cols.map((c) => [c.title, ''] as [string, string]),
    true,
  );
  return y + ROW_H;
}

function line(doc: Doc, cols: Column[], y: number, cells: Array<[string, string]>, bold: boolean): void {
  let x = MX;
  doc.lineWidth(0.5).strokeColor('#000');
  for (const [i, c] of cols.entries()) {
    doc.rect(x, y, c.width, ROW_H).stroke();
    const [text, note] = cells[i] ?? ['', ''];
    let size = bold ? 9.5 : 9;
    doc.fontSize(size);
    while (size > 5.5 && doc.widthOfString(text) > c.width - 4) {
      size -= 0.5;
      doc.fontSize(size);
    }
    const top = note ? y + 4 : y + (ROW_H - size) / 2 - 1;
    doc.fillColor('#000').text(text, x + 2, top, { width: c.width - 4, align: 'center', lineBreak: false });
    if (note) {
      doc
        .fontSize(6.5)
        .fillColor('#a00')
        .text(note, x + 2, y + ROW_H - 11, {
          width: c.width - 4,
          align: 'center',
          lineBreak: false,
        });
      doc.fillColor('#000');
    }
    x += c.width;
  }
}
