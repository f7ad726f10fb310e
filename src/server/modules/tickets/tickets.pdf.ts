/**
 * The printed papers of exam day, on A4: the 准考证 (admission ticket) a candidate prints, and per room the door list
 * (门贴) and the sign-in sheet (签到表) staff print, and a test centre's whole set of them as one PDF.
 *
 * Pure: takes plain objects (the seating service gathers them), returns PDF bytes or writes them to a stream. The
 * Chinese font is the one the 申请表 uses (resolvePdfFont in applications.pdf.ts), embedded as a subset.
 *
 * A centre's set (40 rooms × 50 candidates, a photo each) is written page by page to a stream: pdfkit flushes each
 * page when the next begins, photos are passed as bytes (never registered by name, so pdfkit keeps none once drawn)
 * and rooms may come from an async iterable, so memory holds one room at a time whatever the centre's size.
 */
import type { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { AppError } from '../../platform/errors.js';
import { yieldToRequests } from '../../platform/jobs.js';
import { GRADE_LABELS } from '../applications/applications.import.js';
import { type PdfFont, resolvePdfFont } from '../applications/applications.pdf.js';

// ─── What the renderers take ─────────────────────────────────────────────────────────────────────────────

/** One subject sat in a session: 岗位技能, 职业道德, 职业能力, each with its own times. */
export interface TicketSubject {
  subject: string;
  start: Date | string;
  end: Date | string;
}

/** One session (场次) of the ticket: where it sits and what is sat in it. */
export interface TicketSession {
  /** The session's name as the timetable gives it, e.g. 第一场. */
  name: string;
  subjects: readonly TicketSubject[];
}

export interface PrintableTicket {
  /** The campaign's year, printed over the title (2017年度). */
  campaignYear?: number | null;
  name: string;
  /** In full: the ticket is the candidate's own. */
  idNumber: string;
  ticketNumber: string;
  jobType: string;
  grade: number;
  centreName: string;
  centreAddress: string;
  /** The room as posted on its door, e.g. 第02考场 (教学楼301). */
  roomName: string;
  seatLabel: string;
  sessions: readonly TicketSession[];
  /** The application's photo, JPEG or PNG; a box labelled 照片 when absent or unreadable. */
  photo?: Uint8Array | null;
  /** The signed token (ticket-token.ts) the QR code carries. */
  token: string;
  /** 考生须知, one entry a line: the campaign's text, DEFAULT_CANDIDATE_RULES when it has none. */
  rules?: readonly string[] | null;
}

export interface PrintableSeat {
  seatLabel: string;
  ticketNumber: string;
  name: string;
  idNumber: string;
  jobType: string;
  grade: number;
  photo?: Uint8Array | null;
}

/** One room in one session, with its seated candidates in seat order. */
export interface PrintableRoom {
  centreName: string;
  roomName: string;
  /** The session: its name and span (the first subject's start to the last's end). */
  sessionName: string;
  start: Date | string;
  end: Date | string;
  seats: readonly PrintableSeat[];
  /** In a centre's set: the room's 准考证, printed after its sign-in sheet (spares for who forgot theirs). */
  tickets?: readonly PrintableTicket[];
}

export interface PrintableCentre {
  centreName: string;
  /** The rooms (× sessions) in print order; an async iterable lets the caller load one room's photos at a time. */
  rooms: Iterable<PrintableRoom> | AsyncIterable<PrintableRoom>;
  /** How many rooms `rooms` yields, for progress. */
  roomCount: number;
}

export interface TicketPdfOptions {
  /** Default: resolvePdfFont(process.env). */
  font?: PdfFont;
  /**
   * The sign-in sheet prints ID numbers in full (staff check them against the card at the door); true masks them
   * as 4101**********1234 for a sheet that leaves the room.
   */
  maskIdNumbers?: boolean;
}

export interface CentreSetOptions extends TicketPdfOptions {
  /** Called after each room's door list and sign-in sheet; the rendering then lets other requests run. */
  onProgress?: (roomsDone: number, roomCount: number) => void;
}

export const TICKET_TITLE = '河南省机关事业单位工勤技能岗位等级考核';
export const TICKET_SUBTITLE = '准考证';

/** 考生须知 (rules.md §7): the default a campaign starts from and may edit. */
export const DEFAULT_CANDIDATE_RULES: readonly string[] = [
  '1. 考生须凭本人有效居民身份证原件和本准考证进入考场，二者缺一不得参加考试。',
  '2. 考生应提前30分钟到达考点，按准考证上的考场和座号就座，并将身份证、准考证放在桌面左上角以备查验。',
  '3. 考试开始15分钟后，考生不得进入考场；考试开始30分钟内不得交卷离场。',
  '4. 严禁携带手机、智能手表等通讯工具和电子设备以及书籍、资料进入考场；已带入的须关机后放在指定位置。',
  '5. 本考核为人机对话考试，考生须按屏幕提示作答，遇机器故障应举手示意，由监考人员处理，不得自行重启或操作他人机器。',
  '6. 考生应遵守考场纪律，服从监考人员管理；违纪违规者按规定分别给予该科成绩无效、当次考试成绩无效直至取消考试资格的处理。',
  '7. 考试成绩凭身份证号和准考证号在网上查询。请妥善保管本准考证。',
];

// ─── Layout (PDF points; A4 is 595.28 × 841.89) ─────────────────────────────────────────────────────────
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN_X = 50;
const BODY_W = PAGE.width - 2 * MARGIN_X;
const BOTTOM = PAGE.height - 50;
const LINE_GAP = 1.5;

type Doc = PDFKit.PDFDocument;

const BEIJING = 'Asia/Shanghai';
const dateFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: BEIJING,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});
const timeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: BEIJING,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const asDate = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));

/** 2017年6月10日 (Beijing). */
export function cnDay(value: Date | string): string {
  const parts = Object.fromEntries(dateFormat.formatToParts(asDate(value)).map((p) => [p.type, p.value]));
  return `${parts.year}年${parts.month}月${parts.day}日`;
}

/** 09:00 (Beijing). */
export function cnTime(value: Date | string): string {
  return timeFormat.format(asDate(value));
}

/** 2017年6月10日 09:00—10:00 (the end's day too when it differs). */
export function cnSpan(start: Date | string, end: Date | string): string {
  const endDay = cnDay(end);
  return `${cnDay(start)} ${cnTime(start)}—${endDay === cnDay(start) ? '' : `${endDay} `}${cnTime(end)}`;
}

export function gradeText(grade: number): string {
  return GRADE_LABELS[grade as keyof typeof GRADE_LABELS] ?? String(grade);
}

function maskForSheet(idNumber: string): string {
  const chars = [...idNumber];
  if (chars.length <= 8) return '*'.repeat(chars.length);
  return `${chars.slice(0, 4).join('')}${'*'.repeat(chars.length - 8)}${chars.slice(-4).join('')}`;
}

// ─── The document ────────────────────────────────────────────────────────────────────────────────────────

function openDocument(title: string, font: PdfFont): Doc {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    compress: true,
    info: { Title: title, Creator: 'gongkao', Producer: 'gongkao' },
  });
  try {
    // Opened here (not at first use) so that a font problem is told apart from a drawing problem.
    doc.registerFont('cjk', font.path, font.family ?? '');
    doc.font('cjk');
  } catch (error) {
    doc.end();
    throw new AppError('PDF_FONT_MISSING', `无法加载 PDF 中文字体“${font.path}”：${(error as Error).message}`);
  }
  return doc;
}

/** Draws into a fresh document and collects the bytes (one ticket, one room: small). */
async function toBuffer(title: string, options: TicketPdfOptions, draw: (doc: Doc) => void): Promise<Buffer> {
  const doc = openDocument(title, options.font ?? resolvePdfFont());
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    draw(doc);
  } catch (error) {
    doc.end();
    await done.catch(() => undefined);
    throw error;
  }
  doc.end();
  return done;
}

function hline(doc: Doc, x1: number, x2: number, y: number): void {
  doc.moveTo(x1, y).lineTo(x2, y).stroke();
}

function vline(doc: Doc, x: number, y1: number, y2: number): void {
  doc.moveTo(x, y1).lineTo(x, y2).stroke();
}

/** Text in a cell, vertically centred, shrunk (down to 6.5 pt) until it fits, cut with … only as a last resort. */
function cell(
  doc: Doc,
  text: string,
  x: number,
  y: number,
  w: number,
  h: number,
  options: { size?: number; align?: 'center' | 'left'; pad?: number } = {},
): void {
  if (!text) return;
  const pad = options.pad ?? 4;
  const innerW = w - 2 * pad;
  const innerH = h - 2 * pad;
  let size = options.size ?? 10.5;
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

/** A faux-bold title line (filled and thinly stroked: one embedded face only, as the 申请表 does). */
function title(doc: Doc, text: string, y: number, size: number): void {
  doc.fontSize(size).lineWidth(0.45).strokeColor('#000');
  doc.text(text, MARGIN_X, y, { width: BODY_W, align: 'center', lineBreak: false, fill: true, stroke: true });
}

/** The photo fitted in its box, or the box labelled 照片 (an unreadable photo must not stop a batch). */
function photo(doc: Doc, bytes: Uint8Array | null | undefined, x: number, y: number, w: number, h: number): void {
  if (bytes?.length) {
    try {
      doc.image(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), x, y, {
        fit: [w, h],
        align: 'center',
        valign: 'center',
      });
      return;
    } catch {
      // The labelled box follows.
    }
  }
  doc.fontSize(9).text('照片', x, y + h / 2 - 6, { width: w, align: 'center', lineBreak: false });
}

/**
 * The QR code of `text`, drawn as vector squares (crisp at any printer's resolution): the module matrix is the
 * `qrcode` library's for exactly this text, error correction M, with the standard four-module quiet zone.
 */
export function drawQr(doc: Doc, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 4;
  const unit = size / (n + 2 * quiet);
  doc.save();
  doc.rect(x, y, size, size).fill('#fff');
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!qr.modules.get(row, col)) {
        col++;
        continue;
      }
      const from = col;
      while (col < n && qr.modules.get(row, col)) col++;
      // A hair of overlap so that neighbouring squares print as one dark area, never with seams.
      doc.rect(x + (quiet + from) * unit, y + (quiet + row) * unit, (col - from) * unit + 0.05, unit + 0.05);
    }
  }
  doc.fill('#000');
  doc.restore();
}

// ─── 准考证 ───────────────────────────────────────────────────────────────────────────────────────────────

const TICKET_LABEL_W = 78;
const TICKET_PHOTO_W = 118;
const TICKET_ROW_H = 28;

function drawTicket(doc: Doc, t: PrintableTicket): void {
  doc.addPage({ size: 'A4', margin: 0 });
  doc.font('cjk').fillColor('#000');
  if (t.campaignYear) {
    doc.fontSize(12).text(`${t.campaignYear}年度`, MARGIN_X, 48, { width: BODY_W, align: 'center', lineBreak: false });
  }
  title(doc, TICKET_TITLE, 66, 18);
  title(doc, '准　考　证', 92, 22);

  // The fields, with the photo at the right of the first five rows.
  const top = 132;
  const rows: [string, string][] = [
    ['姓　　名', t.name],
    ['身份证号', t.idNumber],
    ['准考证号', t.ticketNumber],
    ['报考工种', t.jobType],
    ['报考等级', gradeText(t.grade)],
    ['考　　点', t.centreName],
    ['考点地址', t.centreAddress],
    ['考　　场', t.roomName],
    ['座　　号', t.seatLabel],
  ];
  const photoRows = 5;
  const photoX = MARGIN_X + BODY_W - TICKET_PHOTO_W;
  const valueX = MARGIN_X + TICKET_LABEL_W;
  rows.forEach(([label, value], i) => {
    const y = top + i * TICKET_ROW_H;
    const right = i < photoRows ? photoX : MARGIN_X + BODY_W;
    cell(doc, label, MARGIN_X, y, TICKET_LABEL_W, TICKET_ROW_H);
    cell(doc, value, valueX, y, right - valueX, TICKET_ROW_H, { align: 'left', pad: 8, size: 12 });
  });
  const tableBottom = top + rows.length * TICKET_ROW_H;
  photo(doc, t.photo, photoX + 9, top + 4, TICKET_PHOTO_W - 18, photoRows * TICKET_ROW_H - 8);
  doc.lineWidth(0.8).strokeColor('#000');
  doc.rect(MARGIN_X, top, BODY_W, tableBottom - top).stroke();
  for (let i = 1; i < rows.length; i++) {
    hline(
      doc,
      MARGIN_X,
      i <= photoRows ? (i === photoRows ? MARGIN_X + BODY_W : photoX) : MARGIN_X + BODY_W,
      top + i * TICKET_ROW_H,
    );
  }
  vline(doc, valueX, top, tableBottom);
  vline(doc, photoX, top, top + photoRows * TICKET_ROW_H);

  // 考试科目及时间: one row per subject, the session named in its first row.
  let y = tableBottom + 16;
  doc.fontSize(12).text('考试科目及时间', MARGIN_X, y, { width: BODY_W, lineBreak: false });
  y += 20;
  const cols = [80, 150, BODY_W - 230];
  const headH = 22;
  const rowH = 22;
  const subjects = t.sessions.flatMap((s) => s.subjects.map((sub, i) => ({ session: i === 0 ? s.name : '', ...sub })));
  const sessionTop = y;
  cell(doc, '场　次', MARGIN_X, y, cols[0]!, headH);
  cell(doc, '科　目', MARGIN_X + cols[0]!, y, cols[1]!, headH);
  cell(doc, '考试时间', MARGIN_X + cols[0]! + cols[1]!, y, cols[2]!, headH);
  y += headH;
  for (const s of subjects) {
    hline(doc, MARGIN_X, MARGIN_X + BODY_W, y);
    cell(doc, s.session, MARGIN_X, y, cols[0]!, rowH);
    cell(doc, s.subject, MARGIN_X + cols[0]!, y, cols[1]!, rowH);
    cell(doc, cnSpan(s.start, s.end), MARGIN_X + cols[0]! + cols[1]!, y, cols[2]!, rowH);
    y += rowH;
  }
  doc.lineWidth(0.8);
  doc.rect(MARGIN_X, sessionTop, BODY_W, y - sessionTop).stroke();
  vline(doc, MARGIN_X + cols[0]!, sessionTop, y);
  vline(doc, MARGIN_X + cols[0]! + cols[1]!, sessionTop, y);

  // 考生须知 at the left, the QR code at the right.
  y += 18;
  const qrSize = 150;
  const qrX = MARGIN_X + BODY_W - qrSize;
  const rulesW = BODY_W - qrSize - 18;
  doc.fontSize(12).text('考生须知', MARGIN_X, y, { width: rulesW, lineBreak: false });
  const rules = t.rules?.length ? t.rules : DEFAULT_CANDIDATE_RULES;
  const rulesText = rules.join('\n');
  const rulesTop = y + 20;
  let size = 9.5;
  doc.fontSize(size);
  while (size > 7 && doc.heightOfString(rulesText, { width: rulesW, lineGap: 2 }) > BOTTOM - rulesTop) {
    size -= 0.5;
    doc.fontSize(size);
  }
  doc.text(rulesText, MARGIN_X, rulesTop, { width: rulesW, height: BOTTOM - rulesTop, lineGap: 2, ellipsis: true });
  drawQr(doc, t.token, qrX, y, qrSize);
  doc.fontSize(9).text('准考证验证码（考务人员扫码核验）', qrX - 20, y + qrSize + 4, {
    width: qrSize + 40,
    align: 'center',
    lineBreak: false,
  });
}

/**
 * One 准考证 as a new page of the caller's document (the archive, modules/archives), which must have registered the
 * CJK font as 'cjk'.
 */
export function drawTicketPage(doc: Doc, ticket: PrintableTicket): void {
  drawTicket(doc, ticket);
}

/** The 准考证 of one candidate: one A4 page. */
export function renderTicketPdf(ticket: PrintableTicket, options: TicketPdfOptions = {}): Promise<Buffer> {
  return toBuffer(`${TICKET_TITLE}${TICKET_SUBTITLE}`, options, (doc) => drawTicket(doc, ticket));
}

/** Several candidates' 准考证, one page each (a unit's batch). */
export function renderTicketsPdf(
  tickets: readonly PrintableTicket[],
  options: TicketPdfOptions & { title?: string } = {},
): Promise<Buffer> {
  return toBuffer(options.title ?? `${TICKET_TITLE}${TICKET_SUBTITLE}`, options, (doc) => {
    for (const ticket of tickets) drawTicket(doc, ticket);
  });
}

// ─── Per room: 门贴 and 签到表 ───────────────────────────────────────────────────────────────────────────

interface Column {
  header: string;
  width: number;
  align?: 'center' | 'left';
}

/**
 * A table that runs over as many pages as its rows need, each page with the room's heading and the column headers
 * again; `drawRow` fills one row's cells.
 */
function pagedTable(
  doc: Doc,
  heading: (doc: Doc, page: number) => number,
  columns: readonly Column[],
  rowH: number,
  count: number,
  drawRow: (index: number, x: number[], y: number) => void,
  footer?: (doc: Doc, y: number) => void,
): void {
  const xs: number[] = [];
  let acc = MARGIN_X;
  for (const c of columns) {
    xs.push(acc);
    acc += c.width;
  }
  const right = acc;
  const headH = 24;
  const footerH = footer ? 40 : 0;
  let index = 0;
  let page = 0;
  do {
    doc.addPage({ size: 'A4', margin: 0 });
    doc.font('cjk').fillColor('#000');
    const top = heading(doc, page++);
    columns.forEach((c, i) => {
      cell(doc, c.header, xs[i]!, top, c.width, headH, { size: 10.5 });
    });
    let y = top + headH;
    while (index < count && y + rowH <= BOTTOM - footerH) {
      hline(doc, MARGIN_X, right, y);
      drawRow(index++, xs, y);
      y += rowH;
    }
    doc.lineWidth(0.8).strokeColor('#000');
    doc.rect(MARGIN_X, top, right - MARGIN_X, y - top).stroke();
    for (const x of xs.slice(1)) vline(doc, x, top, y);
    if (footer && index >= count) footer(doc, y + 14);
  } while (index < count);
}

function roomHeading(doc: Doc, room: PrintableRoom, label: string, page: number): number {
  title(doc, label, 48, 20);
  doc.fontSize(16).text(`${room.roomName}`, MARGIN_X, 80, { width: BODY_W, align: 'center', lineBreak: false });
  doc.fontSize(10.5);
  doc.text(`考点：${room.centreName}`, MARGIN_X, 108, { width: BODY_W / 2, lineBreak: false, ellipsis: true });
  doc.text(`${room.sessionName}　${cnSpan(room.start, room.end)}`, MARGIN_X + BODY_W / 2, 108, {
    width: BODY_W / 2,
    align: 'right',
    lineBreak: false,
  });
  doc.text(`本考场 ${room.seats.length} 人${page > 0 ? `（续 ${page + 1}）` : ''}`, MARGIN_X, 124, {
    width: BODY_W,
    lineBreak: false,
  });
  return 142;
}

const DOOR_COLUMNS: readonly Column[] = [
  { header: '座号', width: 50 },
  { header: '准考证号', width: 140 },
  { header: '姓名', width: 95 },
  { header: '报考工种及等级', width: BODY_W - 285 },
];

function drawDoorList(doc: Doc, room: PrintableRoom): void {
  pagedTable(
    doc,
    (d, page) => roomHeading(d, room, '考场门贴', page),
    DOOR_COLUMNS,
    17,
    room.seats.length,
    (i, xs, y) => {
      const s = room.seats[i]!;
      const values = [s.seatLabel, s.ticketNumber, s.name, `${s.jobType}　${gradeText(s.grade)}`];
      values.forEach((v, c) => {
        cell(doc, v, xs[c]!, y, DOOR_COLUMNS[c]!.width, 17, { size: 10, pad: 2 });
      });
    },
  );
}

const SHEET_COLUMNS: readonly Column[] = [
  { header: '座号', width: 36 },
  { header: '照片', width: 50 },
  { header: '姓名', width: 64 },
  { header: '身份证号', width: 126 },
  { header: '准考证号', width: 116 },
  { header: '考生签名', width: BODY_W - 392 },
];
const SHEET_ROW_H = 58;

function drawSignInSheet(doc: Doc, room: PrintableRoom, mask: boolean): void {
  pagedTable(
    doc,
    (d, page) => roomHeading(d, room, '考生签到表', page),
    SHEET_COLUMNS,
    SHEET_ROW_H,
    room.seats.length,
    (i, xs, y) => {
      const s = room.seats[i]!;
      cell(doc, s.seatLabel, xs[0]!, y, SHEET_COLUMNS[0]!.width, SHEET_ROW_H);
      photo(doc, s.photo, xs[1]! + 5, y + 4, SHEET_COLUMNS[1]!.width - 10, SHEET_ROW_H - 8);
      cell(doc, s.name, xs[2]!, y, SHEET_COLUMNS[2]!.width, SHEET_ROW_H);
      cell(doc, mask ? maskForSheet(s.idNumber) : s.idNumber, xs[3]!, y, SHEET_COLUMNS[3]!.width, SHEET_ROW_H, {
        size: 10,
      });
      cell(doc, s.ticketNumber, xs[4]!, y, SHEET_COLUMNS[4]!.width, SHEET_ROW_H, { size: 10 });
    },
    (d, y) => {
      d.fontSize(10.5).text('应到　　人，实到　　人，缺考　　人。　　监考员签名：　　　　　　　　　　', MARGIN_X, y, {
        width: BODY_W,
        lineBreak: false,
      });
    },
  );
}

/** The 门贴 of one room in one session. */
export function renderDoorList(room: PrintableRoom, options: TicketPdfOptions = {}): Promise<Buffer> {
  return toBuffer(`考场门贴 ${room.centreName} ${room.roomName}`, options, (doc) => drawDoorList(doc, room));
}

/** The 签到表 of one room in one session (ID numbers in full unless options.maskIdNumbers). */
export function renderSignInSheet(room: PrintableRoom, options: TicketPdfOptions = {}): Promise<Buffer> {
  return toBuffer(`考生签到表 ${room.centreName} ${room.roomName}`, options, (doc) =>
    drawSignInSheet(doc, room, options.maskIdNumbers ?? false),
  );
}

/**
 * A centre's whole set, written to `out`: for each room, its door list, its sign-in sheet, then the tickets it
 * carries (`room.tickets`). Waits for `out` to
 * drain between rooms, so a slow consumer holds back the rendering instead of letting pages pile up in memory.
 * Resolves when `out` has received the last byte (a file stream: finished writing).
 */
export async function renderCentreSet(
  centre: PrintableCentre,
  out: Writable,
  options: CentreSetOptions = {},
): Promise<void> {
  const doc = openDocument(`考场门贴及签到表 ${centre.centreName}`, options.font ?? resolvePdfFont());
  const finished = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('close', resolve);
    out.on('error', reject);
    doc.on('error', reject);
  });
  doc.pipe(out);
  // Pages already drawn wait in pdfkit's buffer until `out` takes them: hold back until it has.
  const drained = async () => {
    while (out.writableNeedDrain || doc.readableLength > 1 << 20) {
      await new Promise<void>((resolve) => {
        out.once('drain', () => resolve());
        setTimeout(resolve, 50);
      });
    }
  };
  try {
    let done = 0;
    for await (const room of centre.rooms) {
      drawDoorList(doc, room);
      drawSignInSheet(doc, room, options.maskIdNumbers ?? false);
      for (const ticket of room.tickets ?? []) {
        drawTicket(doc, ticket);
        if (doc.readableLength > 1 << 20) await drained();
      }
      options.onProgress?.(++done, centre.roomCount);
      await drained();
      await yieldToRequests();
    }
    if (done === 0) {
      doc.addPage({ size: 'A4', margin: 0 });
      doc.font('cjk').fontSize(12).text('该考点没有已编排的考场', MARGIN_X, 100, { width: BODY_W, align: 'center' });
    }
  } catch (error) {
    finished.catch(() => undefined);
    doc.end();
    throw error;
  }
  doc.end();
  await finished;
}
