/**
 * The printed certificate (证书), A4 portrait, one per page: a double frame, the title, the holder's details, the
 * number, issue date and issuer, and the signed QR (certificate-token.ts) with where to verify it. Pure: plain objects
 * in, PDF bytes out. The Chinese font is the 申请表's (resolvePdfFont), the QR the 准考证's vector drawing (drawQr).
 */
import PDFDocument from 'pdfkit';
import { maskIdNumberPublic } from '../../../domain/masking.js';
import { AppError } from '../../platform/errors.js';
import { yieldToRequests } from '../../platform/jobs.js';
import { type PdfFont, resolvePdfFont } from '../applications/applications.pdf.js';
import { drawQr, gradeText } from '../tickets/tickets.pdf.js';

export interface PrintableCertificate {
  number: string;
  holderName: string;
  idNumber: string;
  jobTypeName: string;
  grade: number;
  issuedOn: string;
  issuer: string;
  qr: string;
}

export const CERTIFICATE_TITLE = '工勤技能岗位等级证书';
export const CERTIFICATE_SUBTITLE = '河南省机关事业单位';

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = 42;

type Doc = InstanceType<typeof PDFDocument>;

function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

function drawCertificate(doc: Doc, c: PrintableCertificate, verifyUrl: string | null): void {
  doc.addPage({ size: 'A4', margin: 0 });
  doc.font('cjk').fillColor('#000').strokeColor('#8b1a1a');
  doc
    .lineWidth(3)
    .rect(MARGIN, MARGIN, PAGE.width - 2 * MARGIN, PAGE.height - 2 * MARGIN)
    .stroke();
  doc
    .lineWidth(0.8)
    .rect(MARGIN + 8, MARGIN + 8, PAGE.width - 2 * MARGIN - 16, PAGE.height - 2 * MARGIN - 16)
    .stroke();
  doc.strokeColor('#000');
  const bodyX = MARGIN + 48;
  const bodyW = PAGE.width - 2 * bodyX;
  doc.fontSize(16).text(CERTIFICATE_SUBTITLE, bodyX, 120, { width: bodyW, align: 'center', lineBreak: false });
  doc.fontSize(30).lineWidth(0.6);
  doc.text(CERTIFICATE_TITLE, bodyX, 150, {
    width: bodyW,
    align: 'center',
    lineBreak: false,
    fill: true,
    stroke: true,
  });

  const rows: [string, string][] = [
    ['姓　　名', c.holderName],
    ['身份证号', maskIdNumberPublic(c.idNumber)],
    ['工　　种', c.jobTypeName],
    ['等　　级', gradeText(c.grade)],
    ['证书编号', c.number],
    ['发证日期', chineseDate(c.issuedOn)],
  ];
  let y = 250;
  for (const [label, value] of rows) {
    doc.fontSize(14).text(`${label}：`, bodyX + 30, y, { width: 100, lineBreak: false });
    let size = 15;
    doc.fontSize(size);
    while (size > 9 && doc.widthOfString(value) > bodyW - 170) {
      size -= 0.5;
      doc.fontSize(size);
    }
    doc.text(value, bodyX + 130, y, { width: bodyW - 160, lineBreak: false });
    doc
      .lineWidth(0.5)
      .moveTo(bodyX + 128, y + 20)
      .lineTo(bodyX + bodyW - 30, y + 20)
      .stroke();
    y += 40;
  }
  doc
    .fontSize(12.5)
    .text(
      `${c.grade === 1 ? '经理论考试和综合评审' : '经考核'}，该同志已达到机关事业单位工勤技能岗位${gradeText(c.grade)}的技术等级要求，特发此证。`,
      bodyX + 30,
      y + 12,
      { width: bodyW - 60, lineGap: 4 },
    );

  const qrSize = 130;
  const qrY = PAGE.height - MARGIN - 60 - qrSize - 24;
  drawQr(doc, c.qr, bodyX + 20, qrY, qrSize);
  doc.fontSize(8.5).text('扫码核验证书真伪', bodyX + 20, qrY + qrSize + 4, {
    width: qrSize,
    align: 'center',
    lineBreak: false,
  });
  doc
    .fontSize(8)
    .text(
      verifyUrl ? `或访问 ${verifyUrl} 输入证书编号` : '或在考核系统“证书核验”页输入证书编号',
      bodyX,
      qrY + qrSize + 18,
      {
        width: qrSize + 80,
        align: 'left',
        lineBreak: false,
      },
    );
  const sealX = bodyX + bodyW - 230;
  doc.fontSize(14).text(`发证机关：${c.issuer}`, sealX - 40, qrY + 40, { width: 270, align: 'right' });
  doc
    .fontSize(13)
    .text(chineseDate(c.issuedOn), sealX - 40, qrY + 80, { width: 270, align: 'right', lineBreak: false });
}

/** Every certificate, one A4 page each, in the order given; `onProgress` after each page. */
export async function renderCertificates(
  items: readonly PrintableCertificate[],
  options: { font?: PdfFont; title?: string; verifyUrl?: string | null; onProgress?: (done: number) => void } = {},
): Promise<Buffer> {
  const font = options.font ?? resolvePdfFont();
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    compress: true,
    info: { Title: options.title ?? CERTIFICATE_TITLE, Creator: 'gongkao', Producer: 'gongkao' },
  });
  try {
    doc.registerFont('cjk', font.path, font.family ?? '');
    doc.font('cjk');
  } catch (error) {
    doc.end();
    throw new AppError('PDF_FONT_MISSING', `无法加载 PDF 中文字体“${font.path}”：${(error as Error).message}`);
  }
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    for (const [i, c] of items.entries()) {
      drawCertificate(doc, c, options.verifyUrl ?? null);
      options.onProgress?.(i + 1);
      if (i % 20 === 19) await yieldToRequests();
    }
  } catch (error) {
    doc.end();
    await done.catch(() => undefined);
    throw error;
  }
  doc.end();
  return done;
}
