// Admission ticket numbers (准考证号, rules.md §7: results are looked up with ID number + ticket number).
//
// Structure, 18 characters, written without spaces; a person reads it left to right as where they sit:
//
//   2026 410100 01 03 017 1     (written 202641010001030171)
//   │    │      │  │  │   └ check character, ISO 7064 MOD 11-2 over the first 17 digits (as the ID card's:
//   │    │      │  │  │     weights 2^(17-i) mod 11, characters '10X98765432'), so 0–9 or X
//   │    │      │  │  └ seat number within the room, 001–999, row-major (row 1 seat 1 = 001, then along the row)
//   │    │      │  └ 考场号 within the centre, 01–99: one 考场 is one room in one session (场次), numbered through the
//   │    │      │    centre's sessions in order (seating.ts `examRoomNumbers`), so a room used in two sessions is two
//   │    │      │    考场 with two numbers, as in other computer-based exams
//   │    │      └ centre code (考点号) within the jurisdiction, 01–99
//   │    └ the seating jurisdiction's 行政区划代码, as in batch numbers (review.ts `batchNumber`):
//   │      郑州 410100, 济源 419001, …; 省直单位 and 中央驻豫单位 sit under 410000 (PROVINCE_REGION_CODE)
//   └ campaign year
//
// Unique: distinct (year, jurisdiction, centre, 考场, seat) give distinct first 17 digits, and a 考场's seat holds one
// candidate, so within a campaign the number names one candidate (and across campaigns the year differs).
//
// Why a check character: the score lookup takes the number typed by hand; a single wrong digit or two swapped
// neighbours would name another real seat (another candidate's number), and MOD 11-2 catches every single-digit
// error and every transposition of adjacent digits, so the lookup can say 准考证号有误 instead of 查无成绩.

export const TICKET_NUMBER_LENGTH = 18;

const CHECK_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';

export interface TicketParts {
  /** Campaign year, 2000–2099. */
  year: number;
  /** 6-digit 行政区划代码 of the seating jurisdiction (410000 for 省直/中央驻豫). */
  regionCode: string;
  /** 考点 number within the jurisdiction, 1–99. */
  centre: number;
  /** 考场号 within the centre (a room in one session), 1–99. */
  room: number;
  /** Seat number within the room, row-major from 1, 1–999. */
  seat: number;
}

export const TICKET_PROBLEM_CODES = {
  TICKET_FORMAT: '准考证号应为18位：17位数字加1位校验码（数字或X）',
  TICKET_CHECK: '准考证号校验码不符，请核对是否输错',
  TICKET_YEAR: '准考证号中的年度不正确',
  TICKET_REGION: '准考证号中的地区代码不正确',
  TICKET_CENTRE: '准考证号中的考点号不正确',
  TICKET_ROOM: '准考证号中的考场号不正确',
  TICKET_SEAT: '准考证号中的座位号不正确',
} as const;

export type TicketProblemCode = keyof typeof TICKET_PROBLEM_CODES;

export type TicketDecodeResult =
  | { ok: true; parts: TicketParts; ticketNumber: string }
  | { ok: false; code: TicketProblemCode; message: string };

/** The MOD 11-2 check character for 17 digits (same as the ID card's). Throws on anything but 17 digits. */
export function ticketCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError(`expected 17 digits, got '${first17}'`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHECK_WEIGHTS[i]! * (first17.charCodeAt(i) - 48);
  return CHECK_CHARACTERS.charAt(sum % 11);
}

function partProblem(parts: TicketParts): TicketProblemCode | null {
  if (!Number.isInteger(parts.year) || parts.year < 2000 || parts.year > 2099) return 'TICKET_YEAR';
  // 行政区划代码: 410000, 410100, 419001, …; six digits, never starting with 0.
  if (typeof parts.regionCode !== 'string' || !/^[1-9]\d{5}$/.test(parts.regionCode)) return 'TICKET_REGION';
  if (!Number.isInteger(parts.centre) || parts.centre < 1 || parts.centre > 99) return 'TICKET_CENTRE';
  if (!Number.isInteger(parts.room) || parts.room < 1 || parts.room > 99) return 'TICKET_ROOM';
  if (!Number.isInteger(parts.seat) || parts.seat < 1 || parts.seat > 999) return 'TICKET_SEAT';
  return null;
}

/** Builds the 18-character number. Throws RangeError (naming the code) on parts out of range: a caller's bug. */
export function encodeTicketNumber(parts: TicketParts): string {
  const problem = partProblem(parts);
  if (problem) throw new RangeError(`${problem}: ${TICKET_PROBLEM_CODES[problem]}`);
  const first17 =
    String(parts.year) +
    parts.regionCode +
    String(parts.centre).padStart(2, '0') +
    String(parts.room).padStart(2, '0') +
    String(parts.seat).padStart(3, '0');
  return first17 + ticketCheckCharacter(first17);
}

/** What people type: full-width digits folded (NFKC), spaces and hyphens dropped, x upper-cased. */
export function normalizeTicketNumber(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\s-]+/g, '')
    .toUpperCase();
}

/** Reads a typed number back into its parts, refusing a malformed one with a stable code and a Chinese message. */
export function decodeTicketNumber(raw: string): TicketDecodeResult {
  const fail = (code: TicketProblemCode): TicketDecodeResult => ({
    ok: false,
    code,
    message: TICKET_PROBLEM_CODES[code],
  });
  const value = normalizeTicketNumber(raw);
  if (!/^\d{17}[\dX]$/.test(value)) return fail('TICKET_FORMAT');
  if (ticketCheckCharacter(value.slice(0, 17)) !== value.charAt(17)) return fail('TICKET_CHECK');
  const parts: TicketParts = {
    year: Number(value.slice(0, 4)),
    regionCode: value.slice(4, 10),
    centre: Number(value.slice(10, 12)),
    room: Number(value.slice(12, 14)),
    seat: Number(value.slice(14, 17)),
  };
  const problem = partProblem(parts);
  if (problem) return fail(problem);
  return { ok: true, parts, ticketNumber: value };
}
