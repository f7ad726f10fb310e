/**
 * 考生归档材料: one candidate's archive as one PDF (issue 16 part 6). A summary first — the candidate, every review
 * decision (level, decision, opinion, seal, who, when), the exam arrangement, the scores with the verdict, and the
 * certificate — then the filed copy of the 申请表 and the 准考证 as printed, drawn by their own modules' renderers
 * into this document (applications.pdf.ts drawApplicationForm, tickets.pdf.ts drawTicketPage).
 *
 * Pure: plain objects in, PDF bytes out; the font is the one every PDF of the app embeds (resolvePdfFont).
 *
 * The certificate: `ArchiveInput.certificate` comes from the certificates module (certificatesForArchive); without one
 * the section prints 尚未发证.
 */

import PDFDocument from 'pdfkit';
import { GRADE_LABELS } from '../../../domain/eligibility.js';
import { type ResultSubject, SUBJECT_LABELS } from '../../../domain/items.js';
import { RESULT_TRACK_LABELS, trackOfGrade } from '../../../domain/result-tracks.js';
import { resultSubjectsOfGrade } from '../../../domain/scores.js';
import { AppError } from '../../platform/errors.js';
import {
  drawApplicationForm,
  type PdfFont,
  type PrintableApplication,
  resolvePdfFont,
} from '../applications/applications.pdf.js';
import type { ReviewEntry } from '../review/review.service.js';
import type { CandidateScores } from '../scores/scores.service.js';
import { cnSpan, drawTicketPage, type PrintableTicket } from '../tickets/tickets.pdf.js';

/** The certificate section's input (the certificates module's public data of the holder's certificate). */
export interface ArchiveCertificate {
  number: string;
  /** 'YYYY-MM-DD'. */
  issuedOn: string;
  status: 'valid' | 'revoked';
  issuer?: string | null;
  jobType?: string | null;
  grade?: number | null;
  revokedReason?: string | null;
  /** Set when this certificate replaces a lost one (补发). */
  reissueOf?: string | null;
}

export interface ArchiveInput {
  campaignName: string;
  /** When the archive was built (printed in the footer line of the summary). */
  generatedAt: Date;
  candidate: {
    name: string;
    idNumber: string;
    unitName: string;
    appliedJobType: string;
    appliedGrade: number;
  };
  /** The form as filed; null when the caller's scope does not reach it (never for a built archive). */
  application: PrintableApplication | null;
  decisions: readonly ReviewEntry[];
  tickets: readonly PrintableTicket[];
  scores: {
    row: CandidateScores | null;
    passLines: Readonly<Record<ResultSubject, number>>;
    releasedAt: string | null;
  };
  /** The certificate slot (see the header): printed when present. */
  certificate?: ArchiveCertificate | null;
}

export const ARCHIVE_TITLE = '河南省机关事业单位工勤技能岗位等级考核 考生归档材料';

type Doc = PDFKit.PDFDocument;

const MARGIN = 56;
const WIDTH = 595.28 - 2 * MARGIN;

const beijingDate = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
const beijingDateTime = (iso: string) =>
  new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

function gradeText(grade: number | null | undefined): string {
  return grade ? (GRADE_LABELS[grade as keyof typeof GRADE_LABELS] ?? String(grade)) : '';
}

function heading(doc: Doc, text: string): void {
  doc.moveDown(0.8);
  doc.fontSize(13).text(text, { width: WIDTH, lineBreak: false });
  const y = doc.y + 2;
  doc
    .lineWidth(0.6)
    .moveTo(MARGIN, y)
    .lineTo(MARGIN + WIDTH, y)
    .stroke();
  doc.y = y + 6;
  doc.fontSize(10.5);
}

function line(doc: Doc, text: string, indent = 0): void {
  doc.fontSize(10.5).text(text, MARGIN + indent, doc.y, { width: WIDTH - indent, lineGap: 2 });
}

function subjectLine(s: CandidateScores['subjects'][number], passLine: number): string {
  const label = SUBJECT_LABELS[s.subject] ?? s.subject;
  const result =
    s.status === 'scored'
      ? `${s.score} 分（合格线 ${passLine} 分，${s.passed ? '合格' : '不合格'}）`
      : s.status === 'absent'
        ? '缺考'
        : s.status === 'voided'
          ? `成绩无效（违纪第 ${s.voidTier} 级）`
          : '成绩待定';
  return `${label}：${result}${s.source === 'import' ? '（外地考试成绩导入）' : ''}`;
}

function drawSummary(doc: Doc, a: ArchiveInput): void {
  doc.addPage({ size: 'A4', margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN } });
  doc.font('cjk').fillColor('#000');
  doc.fontSize(15).text(ARCHIVE_TITLE, MARGIN, MARGIN, { width: WIDTH, align: 'center' });
  doc.fontSize(11).text(a.campaignName, { width: WIDTH, align: 'center' });
  doc.moveDown(0.6);

  heading(doc, '考生信息');
  const c = a.candidate;
  line(doc, `姓名：${c.name}　　身份证号：${c.idNumber}`);
  line(doc, `工作单位：${c.unitName}`);
  line(doc, `申报工种：${c.appliedJobType}　　申报等级：${gradeText(c.appliedGrade)}`);

  heading(doc, '一、资格审查意见');
  if (a.decisions.length === 0) line(doc, '（无审查记录）');
  for (const [i, d] of a.decisions.entries()) {
    line(doc, `${i + 1}. ${d.decidedOn}　${d.levelLabel}　${d.orgName}：${d.actionLabel}`);
    const who = [`审核人：${d.reviewerName}`, d.sealName ? `${d.sealName}（盖章）` : null].filter(Boolean).join('　');
    line(doc, who, 16);
    if (d.reasonLabel) line(doc, `原因：${d.reasonLabel}`, 16);
    if (d.opinion) line(doc, `意见：${d.opinion}`, 16);
    if (d.overruleReason) line(doc, `改变下级结论的理由：${d.overruleReason}`, 16);
  }

  heading(doc, '二、考试安排（准考证）');
  if (a.tickets.length === 0) line(doc, '（未编排考场）');
  for (const t of a.tickets) {
    line(doc, `准考证号：${t.ticketNumber}`);
    for (const s of t.sessions) {
      for (const [j, sub] of s.subjects.entries()) {
        line(
          doc,
          `${j === 0 ? `场次：${s.name}　` : ''}${sub.subject}：${cnSpan(sub.start, sub.end)}`,
          j === 0 ? 0 : 16,
        );
      }
    }
    line(doc, `考点：${t.centreName}（${t.centreAddress}）`);
    line(doc, `考场：${t.roomName}　　座号：${t.seatLabel}`);
  }

  heading(doc, '三、考试成绩');
  const row = a.scores.row;
  if (!row) {
    line(doc, '（尚无成绩）');
  } else {
    for (const s of row.subjects) line(doc, subjectLine(s, a.scores.passLines[s.subject]));
    // A subject the grade needs with no result yet: 一级's 综合评审 before the panel's score is in.
    for (const s of resultSubjectsOfGrade(row.grade)) {
      if (!row.subjects.some((x) => x.subject === s)) line(doc, `${SUBJECT_LABELS[s]}：暂无成绩`);
    }
    line(doc, `考核结论：${row.passed ? '合格' : '不合格'}`);
    // Each result track is released on its own: the time printed is the candidate's track's.
    const track = RESULT_TRACK_LABELS[trackOfGrade(a.candidate.appliedGrade)];
    line(
      doc,
      a.scores.releasedAt
        ? `成绩发布时间（${track}）：${beijingDateTime(a.scores.releasedAt)}`
        : `成绩尚未发布（${track}）`,
    );
  }

  heading(doc, '四、证书');
  const cert = a.certificate;
  if (!cert) {
    line(doc, '（尚未发证）');
  } else {
    line(doc, `证书编号：${cert.number}　　发证日期：${cert.issuedOn}`);
    if (cert.jobType || cert.grade) line(doc, `工种：${cert.jobType ?? ''}　　等级：${gradeText(cert.grade)}`);
    if (cert.issuer) line(doc, `发证机关：${cert.issuer}`);
    if (cert.reissueOf) line(doc, `补发（原证书编号 ${cert.reissueOf}）`);
    line(
      doc,
      `状态：${cert.status === 'valid' ? '有效' : `已注销${cert.revokedReason ? `（${cert.revokedReason}）` : ''}`}`,
    );
  }

  heading(doc, '附件');
  line(doc, `1. 申请表（人社部门存档联）${a.application ? '' : '：不在您的管辖范围内，未附'}`);
  line(doc, `2. 准考证${a.tickets.length ? `（${a.tickets.length} 份）` : '：未编排'}`);
  doc.moveDown(1);
  doc.fontSize(9).text(`本归档材料由系统于 ${beijingDate(a.generatedAt)} 生成。`, { width: WIDTH, align: 'right' });
}

export interface ArchiveRenderOptions {
  font?: PdfFont;
}

/** One candidate's archive: the summary, then the form, then the ticket(s). */
export async function renderArchivePdf(input: ArchiveInput, options: ArchiveRenderOptions = {}): Promise<Buffer> {
  const font = options.font ?? resolvePdfFont();
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    compress: true,
    info: { Title: `${ARCHIVE_TITLE}（${input.candidate.name}）`, Creator: 'gongkao', Producer: 'gongkao' },
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
    await done.catch(() => undefined);
    throw new AppError('PDF_FONT_MISSING', `无法加载 PDF 中文字体“${font.path}”：${(error as Error).message}`);
  }
  try {
    drawSummary(doc, input);
    if (input.application) drawApplicationForm(doc, input.application);
    for (const ticket of input.tickets) drawTicketPage(doc, ticket);
  } catch (error) {
    doc.end();
    await done.catch(() => undefined);
    throw error;
  }
  doc.end();
  return done;
}
