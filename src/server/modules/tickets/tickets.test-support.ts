/**
 * Sample tickets, rooms and centres for the renderers' tests and benchmarks (and, until the seating service feeds
 * them, for trying the layouts): plausible Henan data, one photo per candidate.
 */

import { execFileSync } from 'node:child_process';
import jsQR from 'jsqr';
import { randomSigningKey, type SigningKey } from '../../platform/signing.js';
import { jpegBytes } from '../applications/applications.test-support.js';
import { signTicket } from './ticket-token.js';
import type { PrintableCentre, PrintableRoom, PrintableSeat, PrintableTicket } from './tickets.pdf.js';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['建国', '秀英', '志强', '丽娟', '海涛', '红梅', '卫东', '晓燕', '国庆', '春生'];
const JOB_TYPES = ['汽车驾驶员', '电工', '计算机信息处理员', '收发员', '保育员', '中式烹调师'];

/** Seventeen digits and their ISO 7064 MOD 11-2 check character (ID numbers and 准考证号 alike). */
function withCheck(body: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, c, i) => s + Number(c) * weights[i]!, 0);
  return body + '10X98765432'[sum % 11];
}

/** A GB 11643 number: district 410105, the given birth date, a sequence and the right check digit. */
export function sampleIdNumber(serial: number, birth = '19800101'): string {
  return withCheck(`410105${birth}${String(serial % 1000).padStart(3, '0')}`);
}

/** A 准考证号 as domain/ticket-number.ts writes it: year, 行政区划代码, centre, 考场, seat, check character. */
export function sampleTicketNumber(room: number, seat: number, centre = 2): string {
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  return withCheck(`2017410100${pad(centre, 2)}${pad(room, 2)}${pad(seat, 3)}`);
}

/** A 2-inch photo's worth of JPEG bytes (pdfkit reads only the header; ~20 KB like a real upload). */
export const samplePhoto = (size = 20_000): Buffer => jpegBytes(295, 413, size);

export const SAMPLE_SESSION_START = '2017-06-10T09:00:00+08:00';

export function sampleTicket(
  over: Partial<PrintableTicket> = {},
  key: SigningKey = randomSigningKey(),
): PrintableTicket {
  const base: Omit<PrintableTicket, 'token'> = {
    campaignYear: 2017,
    name: '王建国',
    idNumber: '41010519800101123X',
    ticketNumber: sampleTicketNumber(3, 15),
    jobType: '汽车驾驶员',
    grade: 4,
    centreName: '郑州市第一职业中等专业学校考点',
    centreAddress: '郑州市金水区文化路 88 号',
    roomName: '第03考场（实训楼 301）',
    seatLabel: '015',
    sessions: [
      {
        name: '第一场',
        subjects: [
          { subject: '岗位技能', start: '2017-06-10T09:00:00+08:00', end: '2017-06-10T10:00:00+08:00' },
          { subject: '职业道德', start: '2017-06-10T10:20:00+08:00', end: '2017-06-10T11:20:00+08:00' },
        ],
      },
      {
        name: '第二场',
        subjects: [{ subject: '职业能力', start: '2017-06-10T14:30:00+08:00', end: '2017-06-10T15:30:00+08:00' }],
      },
    ],
    photo: samplePhoto(),
    ...over,
  };
  const token =
    over.token ??
    signTicket(
      key,
      {
        ticketNumber: base.ticketNumber,
        applicationId: 42,
        name: base.name,
        idNumber: base.idNumber,
        sessionId: 7,
        sessionStart: SAMPLE_SESSION_START,
        centreCode: '4101-02',
        roomCode: '03',
        seatLabel: base.seatLabel,
      },
      new Date('2017-05-20T02:00:00Z'),
    );
  return { ...base, token };
}

export function sampleSeat(room: number, seat: number, withPhoto: boolean | Buffer = true): PrintableSeat {
  const n = room * 100 + seat;
  return {
    seatLabel: String(seat).padStart(3, '0'),
    ticketNumber: sampleTicketNumber(room, seat),
    name: `${SURNAMES[n % SURNAMES.length]}${GIVEN[Math.floor(n / 10) % GIVEN.length]}`,
    idNumber: sampleIdNumber(n),
    jobType: JOB_TYPES[n % JOB_TYPES.length]!,
    grade: 2 + (n % 4),
    photo: withPhoto === true ? samplePhoto() : withPhoto || null,
  };
}

export function sampleRoom(room = 3, seats = 30, withPhotos: boolean | Buffer = true): PrintableRoom {
  return {
    centreName: '郑州市第一职业中等专业学校考点',
    roomName: `第${String(room).padStart(2, '0')}考场`,
    sessionName: '第一场',
    start: '2017-06-10T09:00:00+08:00',
    end: '2017-06-10T11:20:00+08:00',
    seats: Array.from({ length: seats }, (_, i) => sampleSeat(room, i + 1, withPhotos)),
  };
}

/** A centre whose rooms are built one at a time as the renderer asks for them (as the service will load them). */
export function sampleCentre(rooms: number, seatsPerRoom: number, photo: boolean | Buffer = true): PrintableCentre {
  return {
    centreName: '郑州市第一职业中等专业学校考点',
    roomCount: rooms,
    rooms: (async function* () {
      for (let r = 1; r <= rooms; r++) yield sampleRoom(r, seatsPerRoom, photo);
    })(),
  };
}

// ─── Reading the PDFs back (poppler-utils: pdftotext, pdfinfo, pdfimages, pdftoppm) ─────────────────────────

export const poppler = (tool: string, ...args: string[]) => execFileSync(tool, args, { encoding: 'utf8' });

/** The PDF's text without white space (a long line may wrap anywhere). */
export const flatText = (file: string) => poppler('pdftotext', '-raw', '-enc', 'UTF-8', file, '-').replace(/\s+/g, '');
export const pageCount = (file: string) => Number(/Pages:\s+(\d+)/.exec(poppler('pdfinfo', file))?.[1]);
export const imageCount = (file: string) => poppler('pdfimages', '-list', file).trim().split('\n').length - 2;

/** Renders the lower right of page 1 (where the QR code sits) at 200 dpi and reads the code with jsQR. */
export function readQr(file: string): string | null {
  const dpi = 200;
  const px = (pt: number) => Math.round((pt * dpi) / 72);
  const pgm = execFileSync('pdftoppm', [
    ...['-r', String(dpi), '-gray', '-f', '1', '-l', '1'],
    ...['-x', String(px(370)), '-y', String(px(400)), '-W', String(px(225)), '-H', String(px(440))],
    file,
  ]);
  // Binary PGM (P5): "P5\n<w> <h>\n<max>\n" then one byte a pixel.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 40).toString('latin1'));
  if (!header) throw new Error('pdftoppm gave no PGM');
  const [w, h] = [Number(header[1]), Number(header[2])];
  const gray = pgm.subarray(header[0].length);
  const rgba = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < w * h; i++) {
    rgba[4 * i] = rgba[4 * i + 1] = rgba[4 * i + 2] = gray[i]!;
    rgba[4 * i + 3] = 255;
  }
  return jsQR(rgba, w, h)?.data ?? null;
}
