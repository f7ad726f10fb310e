/**
 * The 场次报告 (session report) of one room in one session, on A4: counts, time given, pauses, violations and
 * incidents, the proctors, and the lines they sign. Pure: takes a plain object (the service gathers it) and returns
 * PDF bytes. Same Chinese font as the 申请表 and the 准考证 (resolvePdfFont), Beijing times as the tickets print them.
 */
import PDFDocument from 'pdfkit';
import { AppError } from '../../platform/errors.js';
import { type PdfFont, resolvePdfFont } from '../applications/applications.pdf.js';
import { cnDay, cnSpan, cnTime } from '../tickets/tickets.pdf.js';

export interface ReportRow {
  seatLabel: string;
  ticketNumber: string;
  name: string;
}

export interface SessionReport {
  title: string;
  centreName: string;
  roomTitle: string;
  sessionName: string;
  start: Date;
  end: Date;
  counts: {
    seated: number;
    signedIn: number;
    admitted: number;
    absent: number;
    finished: number;
    stopped: number;
    notSignedIn: number;
  };
  pausedSeconds: number;
  pausedNow: Date | null;
  roomExtraSeconds: number;
  stoppedAt: Date | null;
  stopReason: string | null;
  timeGiven: (ReportRow & { seconds: number })[];
  absentees: ReportRow[];
  violations: (ReportRow & { type: string; tier: string; at: Date; note: string })[];
  incidents: { type: string; startedAt: Date; endedAt: Date | null; note: string }[];
  proctors: string[];
  printedAt: Date;
}

const PAGE_W = 595.28;
const MARGIN = 50;
const BODY_W = PAGE_W - 2 * MARGIN;

function minutes(seconds: number): string {
  if (seconds <= 0) return '无';
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return s === 0 ? `${m} 分钟` : `${m} 分 ${s} 秒`;
}

type Doc = PDFKit.PDFDocument;

function heading(doc: Doc, text: string): void {
  doc.moveDown(0.6);
  doc.fontSize(12.5).text(text, { width: BODY_W, lineGap: 2 });
  doc
    .moveTo(MARGIN, doc.y + 1)
    .lineTo(PAGE_W - MARGIN, doc.y + 1)
    .lineWidth(0.6)
    .stroke();
  doc.moveDown(0.3);
  doc.fontSize(10.5);
}

function line(doc: Doc, text: string): void {
  doc.fontSize(10.5).text(text, { width: BODY_W, lineGap: 2 });
}

export function renderSessionReport(report: SessionReport, font: PdfFont = resolvePdfFont()): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    compress: true,
    info: { Title: `场次报告 ${report.centreName} ${report.roomTitle}`, Creator: 'gongkao', Producer: 'gongkao' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    doc.registerFont('cjk', font.path, font.family ?? '');
    doc.font('cjk');
  } catch (error) {
    doc.end();
    throw new AppError('PDF_FONT_MISSING', `无法加载 PDF 中文字体“${font.path}”：${(error as Error).message}`);
  }
  doc.fontSize(13).text(report.title, { width: BODY_W, align: 'center' });
  doc.moveDown(0.2);
  doc.fontSize(20).text('场次报告', { width: BODY_W, align: 'center' });
  doc.moveDown(0.4);
  line(doc, `考点：${report.centreName}`);
  line(doc, `考场：${report.roomTitle}`);
  line(doc, `场次：${report.sessionName}　${cnSpan(report.start, report.end)}`);

  const c = report.counts;
  heading(doc, '一、考生人数');
  line(
    doc,
    `编排 ${c.seated} 人，登录 ${c.signedIn} 人，入场 ${c.admitted} 人，缺考 ${c.absent} 人，未登录 ${c.notSignedIn} 人。`,
  );
  line(doc, `全部交卷 ${c.finished} 人，考试终止 ${c.stopped} 人。`);
  if (report.absentees.length > 0) {
    line(doc, `缺考：${report.absentees.map((r) => `${r.seatLabel} ${r.name}（${r.ticketNumber}）`).join('；')}`);
  }

  heading(doc, '二、暂停与延长时间');
  line(
    doc,
    `考场暂停累计 ${minutes(report.pausedSeconds)}（已补给考生）${report.pausedNow ? `；自 ${cnTime(report.pausedNow)} 起暂停中` : ''}。`,
  );
  line(doc, `全考场延长 ${minutes(report.roomExtraSeconds)}。`);
  if (report.timeGiven.length === 0) line(doc, '个别考生延时：无。');
  for (const r of report.timeGiven) {
    line(doc, `${r.seatLabel}　${r.name}（${r.ticketNumber}）　延时 ${minutes(r.seconds)}`);
  }
  if (report.stoppedAt) {
    line(
      doc,
      `本场考试于 ${cnDay(report.stoppedAt)} ${cnTime(report.stoppedAt)} 终止，另行安排（${report.stopReason ?? ''}）。`,
    );
  }

  heading(doc, `三、违纪情况（${report.violations.length} 起）`);
  if (report.violations.length === 0) line(doc, '无。');
  report.violations.forEach((v, i) => {
    line(
      doc,
      `${i + 1}. ${cnTime(v.at)}　${v.seatLabel} ${v.name}（${v.ticketNumber}）　${v.type}，${v.tier}。${v.note}`,
    );
  });

  heading(doc, `四、异常情况（${report.incidents.length} 起）`);
  if (report.incidents.length === 0) line(doc, '无。');
  report.incidents.forEach((e, i) => {
    const span = e.endedAt ? `${cnTime(e.startedAt)}—${cnTime(e.endedAt)}` : `${cnTime(e.startedAt)} 起（未结束）`;
    line(doc, `${i + 1}. ${e.type}　${span}。${e.note}`);
  });

  heading(doc, '五、监考员');
  line(doc, report.proctors.length > 0 ? report.proctors.join('、') : '（未安排）');

  doc.moveDown(2);
  line(doc, '监考员签名：____________________　____________________　日期：____________');
  doc.moveDown(1.2);
  line(doc, '考点负责人签名：____________________　　　　　　　　　　日期：____________');
  doc.moveDown(1.5);
  doc
    .fontSize(8.5)
    .fillColor('#555')
    .text(`打印时间：${cnDay(report.printedAt)} ${cnTime(report.printedAt)}`, {
      width: BODY_W,
      align: 'right',
    });
  doc.end();
  return done;
}
