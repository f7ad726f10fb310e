import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import QRCode from 'qrcode';
import { afterAll, describe, expect, it } from 'vitest';
import { randomSigningKey } from '../../platform/signing.js';
import { verifyTicket } from './ticket-token.js';
import {
  DEFAULT_CANDIDATE_RULES,
  renderCentreSet,
  renderDoorList,
  renderSignInSheet,
  renderTicketPdf,
} from './tickets.pdf.js';
import {
  flatText,
  imageCount,
  pageCount,
  poppler,
  readQr,
  sampleCentre,
  samplePhoto,
  sampleRoom,
  sampleTicket,
  sampleTicketNumber,
} from './tickets.test-support.js';

// The printed papers checked through poppler-utils (pdftotext, pdfinfo, pdfimages, pdftoppm), as a reader sees them.
const dir = mkdtempSync(path.join(tmpdir(), 'gk-tickets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function save(pdf: Buffer): string {
  const file = path.join(dir, `doc-${counter++}.pdf`);
  writeFileSync(file, pdf);
  return file;
}

describe('准考证', () => {
  it('holds every field: title, name, full ID number, ticket number, job type and grade, centre, room, seat, times, rules', async () => {
    const ticket = sampleTicket();
    const file = save(await renderTicketPdf(ticket));
    expect(pageCount(file)).toBe(1);
    const text = flatText(file);
    for (const expected of [
      '2017年度',
      '河南省机关事业单位工勤技能岗位等级考核',
      '准考证',
      '王建国',
      '41010519800101123X',
      sampleTicketNumber(3, 15),
      '汽车驾驶员',
      '四级（中级工）',
      '郑州市第一职业中等专业学校考点',
      '郑州市金水区文化路88号',
      '第03考场（实训楼301）',
      '015',
      '第一场',
      '第二场',
      '岗位技能',
      '职业道德',
      '职业能力',
      '2017年6月10日09:00—10:00',
      '2017年6月10日10:20—11:20',
      '2017年6月10日14:30—15:30',
      '考生须知',
      '考试开始15分钟后，考生不得进入考场；考试开始30分钟内不得交卷离场。',
      '身份证原件和本准考证',
      '严禁携带手机',
    ]) {
      expect(text, expected).toContain(expected.replace(/\s+/g, ''));
    }
    expect(imageCount(file)).toBe(1); // the photo (the QR is drawn, not an image)
  });

  it('carries a QR code that reads back as exactly the signed token, which verifies', async () => {
    const key = randomSigningKey();
    const ticket = sampleTicket({}, key);
    const file = save(await renderTicketPdf(ticket));
    const read = readQr(file);
    expect(read).toBe(ticket.token);
    expect(verifyTicket(key, read!)).toMatchObject({ ok: true, claims: { ticketNumber: sampleTicketNumber(3, 15) } });
    // And the code in the PDF is the library's for this text: a different token reads back differently.
    const other = sampleTicket({}, randomSigningKey());
    expect(readQr(save(await renderTicketPdf(other)))).toBe(other.token);
    expect(QRCode.create(ticket.token, { errorCorrectionLevel: 'M' }).version).toBeLessThanOrEqual(20);
  });

  it('prints the campaign’s own 考生须知 when it has one, and a labelled box when there is no photo', async () => {
    const file = save(
      await renderTicketPdf(sampleTicket({ photo: null, rules: ['1. 本考点不设停车位，请乘坐公共交通。'] })),
    );
    const text = flatText(file);
    expect(text).toContain('本考点不设停车位');
    expect(text).not.toContain(DEFAULT_CANDIDATE_RULES[0]!.slice(3, 20));
    expect(text).toContain('照片');
    expect(imageCount(file)).toBe(0);
  });

  it('keeps a long centre name and address inside their cells', async () => {
    const file = save(
      await renderTicketPdf(
        sampleTicket({
          centreName: '河南省驻马店市驿城区人力资源和社会保障局职业技能鉴定中心第二考点（原市技工学校东校区）',
          centreAddress: '驻马店市驿城区开源大道与雪松路交叉口向东 500 米路北 河南省驻马店技师学院东校区 3 号实训楼',
        }),
      ),
    );
    expect(pageCount(file)).toBe(1);
    expect(flatText(file)).toContain('职业技能鉴定中心');
  });
});

describe('门贴 and 签到表', () => {
  it('the door list holds the centre, room, session and each seat with ticket number, name and job type', async () => {
    const room = sampleRoom(3, 30, false);
    const file = save(await renderDoorList(room));
    const text = flatText(file);
    expect(text).toContain('考场门贴');
    expect(text).toContain('第03考场');
    expect(text).toContain('郑州市第一职业中等专业学校考点');
    expect(text).toContain('2017年6月10日09:00—11:20');
    expect(text).toContain('本考场30人');
    for (const s of room.seats) {
      expect(text).toContain(`${s.seatLabel}${s.ticketNumber}${s.name}${s.jobType}`);
    }
    expect(pageCount(file)).toBe(1);
    // Fifty seats still print; the table runs over to a second page with its headers again when needed.
    const fifty = save(await renderDoorList(sampleRoom(4, 50, false)));
    expect(flatText(fifty)).toContain(sampleRoom(4, 50, false).seats[49]!.ticketNumber);
  });

  it('the sign-in sheet holds photo, name, full ID number, ticket number, seat and a signature column for staff', async () => {
    const room = sampleRoom(5, 24);
    const file = save(await renderSignInSheet(room));
    const text = flatText(file);
    expect(text).toContain('考生签到表');
    expect(text).toContain('考生签名');
    expect(text).toContain('监考员签名');
    for (const s of room.seats) {
      expect(text).toContain(s.name);
      expect(text).toContain(s.idNumber);
      expect(text).toContain(s.ticketNumber);
    }
    expect(imageCount(file)).toBe(24);
    expect(pageCount(file)).toBe(3); // ten rows a page, headers on each
    // Masked when asked (a sheet that leaves the room).
    const masked = flatText(save(await renderSignInSheet(room, { maskIdNumbers: true })));
    expect(masked).not.toContain(room.seats[0]!.idNumber);
    expect(masked).toContain(`4101**********${room.seats[0]!.idNumber.slice(-4)}`);
  });
});

describe('a centre’s set', () => {
  it('renders 40 rooms × 50 candidates with photos into one PDF, streamed, with progress', async () => {
    const file = path.join(dir, 'centre.pdf');
    const progress: number[] = [];
    const started = performance.now();
    // One photo object for all (each still embedded 2,000 times): the test's own data then adds nothing to memory.
    await renderCentreSet(sampleCentre(40, 50, samplePhoto()), createWriteStream(file), {
      onProgress: (done, total) => {
        expect(total).toBe(40);
        progress.push(done);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    const size = statSync(file).size;
    console.log(
      JSON.stringify({
        centreSet: { rooms: 40, candidates: 2000, seconds: Number(seconds.toFixed(2)) },
        pdfMB: Number((size / 1e6).toFixed(1)),
      }),
    );
    expect(progress).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    // Per room: the door list (2 pages for 50) and the sign-in sheet (5 pages of 10).
    const pages = pageCount(file);
    expect(pages).toBe(40 * 7);
    expect(imageCount(file)).toBe(2000);
    expect(seconds).toBeLessThan(60);
    const lastPage = poppler('pdftotext', '-f', String(pages), '-l', String(pages), file, '-');
    expect(lastPage.replace(/\s+/g, '')).toContain('第40考场');
    expect(readFileSync(file).subarray(-6).toString('latin1')).toContain('%%EOF');
  }, 120_000);

  it('holds back while a slow consumer has not taken the pages: what waits in memory stays about one room', async () => {
    let received = 0;
    const lags: number[] = [];
    let rendered = 0;
    // A consumer that takes each chunk a timer tick later (a slow disk or upload).
    const slow = new Writable({
      highWaterMark: 64 * 1024,
      write(chunk: Buffer, _encoding, callback) {
        setTimeout(() => {
          received += chunk.length;
          callback();
        }, 0);
      },
    });
    await renderCentreSet(sampleCentre(12, 50, samplePhoto()), slow, {
      onProgress: (done) => {
        // A room is ~1 MB of PDF (50 photos of 20 KB): rooms drawn so far minus bytes taken is what waits.
        rendered = done * 1.0e6;
        lags.push(rendered - received);
      },
    });
    expect(lags).toHaveLength(12);
    // Without the wait the lag would grow by a room each time (12 MB at the end).
    expect(Math.max(...lags)).toBeLessThan(3e6);
  }, 60_000);
});
