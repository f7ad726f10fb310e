// A test room's seat map (考场座位图): seats in rows × columns as the room is laid out, some out of use, a share
// kept spare for a PC that fails on the day. Pure rules; the seating (domain/seating.ts) uses `capacity` and
// `adjacent`, the room editor and the seat-check page use the labels.
//
// Labels: a row letter (A = the row nearest the front) and a two-digit column number counted from the left as
// seen from the front: 'A01', 'C08'. Rows go up to 26 (A–Z), columns up to 99. The form '01-03' (row 1, column 3)
// is accepted as input and normalised to 'A03'.
//
// Spare seats (备用机位): a room keeps ceil(usable × spareShare) usable seats free. Which seats those are is the
// seating's choice (seating.ts `spareSeats`: spread through the room, the rightmost usable seat of evenly chosen
// rows); `defaultSpareSeats` asks it, so the room editor shows the seats the seating will keep free. The room only
// records the share. `capacity` is therefore the number of candidates a room takes.

import { MAX_SEATS_PER_ROOM, spareSeats } from './seating.js';

export const MAX_ROWS = 26;
export const MAX_COLUMNS = 99;
export const DEFAULT_SPARE_SHARE = 0.05;

export interface SeatMap {
  rows: number;
  columns: number;
  /** Labels of seats out of use (broken PC, pillar), normalised. */
  outOfUse: readonly string[];
  /** Share of usable seats kept spare, 0 ≤ share < 1 (default 0.05). */
  spareShare: number;
}

export interface Seat {
  label: string;
  row: number; // 1-based
  column: number; // 1-based
}

const LETTER_LABEL = /^([A-Z])(\d{1,2})$/;
const NUMBER_LABEL = /^(\d{1,2})-(\d{1,2})$/;

/** The label of a seat (1-based row and column): seatLabel(1, 3) = 'A03'. */
export function seatLabel(row: number, column: number): string {
  return `${String.fromCharCode(64 + row)}${String(column).padStart(2, '0')}`;
}

/** Reads 'A03', 'a3' or '01-03' into a seat; null if it is no label at all. Does not check a room's bounds. */
export function parseSeatLabel(input: string): Seat | null {
  const text = input.trim().toUpperCase();
  let row: number;
  let column: number;
  const letter = LETTER_LABEL.exec(text);
  const numbers = NUMBER_LABEL.exec(text);
  if (letter) {
    row = letter[1]!.charCodeAt(0) - 64;
    column = Number(letter[2]);
  } else if (numbers) {
    row = Number(numbers[1]);
    column = Number(numbers[2]);
  } else return null;
  if (row < 1 || row > MAX_ROWS || column < 1 || column > MAX_COLUMNS) return null;
  return { label: seatLabel(row, column), row, column };
}

/** A seat of this map, or null if the label is no label or lies outside the room. */
export function seatIn(map: Pick<SeatMap, 'rows' | 'columns'>, label: string): Seat | null {
  const seat = parseSeatLabel(label);
  return seat && seat.row <= map.rows && seat.column <= map.columns ? seat : null;
}

/**
 * The seating's row-major seat number (domain/seating.ts, printed in the 准考证号) of a label of this map: row r,
 * column c → (r − 1) · columns + c, so A01 = 1 and the first seat of row B = columns + 1. Null if the label is
 * unreadable or outside the room. The one place labels become numbers.
 */
export function seatNumberOfLabel(map: Pick<SeatMap, 'rows' | 'columns'>, label: string): number | null {
  const seat = seatIn(map, label);
  return seat ? (seat.row - 1) * map.columns + seat.column : null;
}

/** The label of a row-major seat number of this map (1 → A01); null outside 1 … rows · columns. */
export function labelOfSeatNumber(map: Pick<SeatMap, 'rows' | 'columns'>, n: number): string | null {
  if (!Number.isInteger(n) || n < 1 || n > map.rows * map.columns) return null;
  return seatLabel(Math.floor((n - 1) / map.columns) + 1, ((n - 1) % map.columns) + 1);
}

/** Every seat of the room in label order (row by row, left to right), out-of-use ones included. */
export function allSeats(map: Pick<SeatMap, 'rows' | 'columns'>): Seat[] {
  const seats: Seat[] = [];
  for (let row = 1; row <= map.rows; row++)
    for (let column = 1; column <= map.columns; column++) seats.push({ label: seatLabel(row, column), row, column });
  return seats;
}

/** The seats a candidate may sit at or that may serve as spare: all but those out of use, in label order. */
export function usableSeats(map: SeatMap): Seat[] {
  const out = new Set(map.outOfUse);
  return allSeats(map).filter((seat) => !out.has(seat.label));
}

/** How many usable seats are kept spare: ceil(usable × share). */
export function spareCount(map: SeatMap): number {
  const usable = usableSeats(map).length;
  return Math.min(usable, Math.ceil(usable * map.spareShare - 1e-9));
}

/**
 * The seats the seating keeps spare (seating.ts `spareSeats`, in label order). A room of more than 999 seats, which
 * a ticket number cannot hold and the seating leaves out, keeps its last `spareCount` usable seats.
 */
export function defaultSpareSeats(map: SeatMap): string[] {
  if (map.rows * map.columns > MAX_SEATS_PER_ROOM) {
    const usable = usableSeats(map);
    return usable.slice(usable.length - spareCount(map)).map((seat) => seat.label);
  }
  const outOfUse = map.outOfUse.flatMap((label) => seatNumberOfLabel(map, label) ?? []);
  const numbers = spareSeats({ rows: map.rows, cols: map.columns, outOfUse, spareShare: map.spareShare });
  return numbers.map((n) => labelOfSeatNumber(map, n)!);
}

/** How many candidates the room takes: usable seats − spare seats. */
export function capacity(map: SeatMap): number {
  return usableSeats(map).length - spareCount(map);
}

/**
 * Whether two seats sit side by side in one row (columns differ by one). Seats in different rows, or the same
 * seat, are not adjacent. Labels in either form; an unreadable label is adjacent to nothing.
 */
export function adjacent(a: string, b: string): boolean {
  const x = parseSeatLabel(a);
  const y = parseSeatLabel(b);
  return !!x && !!y && x.row === y.row && Math.abs(x.column - y.column) === 1;
}

export const SEAT_MAP_PROBLEMS = {
  SEAT_MAP_SIZE: '座位行数须为 1–26，列数须为 1–99',
  SEAT_LABEL_INVALID: '座位号格式不正确（如 A03 或 01-03）',
  SEAT_OUTSIDE_ROOM: '座位不在本考场的座位图内',
  SPARE_SHARE_INVALID: '备用机位比例须在 0% 到 50% 之间',
  ROOM_NO_CAPACITY: '考场没有可用座位',
} as const;
export type SeatMapProblemCode = keyof typeof SEAT_MAP_PROBLEMS;

export interface SeatMapProblem {
  code: SeatMapProblemCode;
  message: string;
}

/**
 * Checks and normalises a seat map as entered: out-of-use labels read in either form, deduplicated, sorted in
 * label order. Returns the first problem found, or the normalised map.
 */
export function normaliseSeatMap(
  input: SeatMap,
): { ok: true; map: SeatMap } | { ok: false; problem: SeatMapProblem; label?: string } {
  const fail = (code: SeatMapProblemCode, label?: string) => {
    const message = label ? `${SEAT_MAP_PROBLEMS[code]}：${label}` : SEAT_MAP_PROBLEMS[code];
    return { ok: false as const, problem: { code, message }, ...(label ? { label } : {}) };
  };
  const { rows, columns, spareShare } = input;
  if (!Number.isInteger(rows) || !Number.isInteger(columns) || rows < 1 || columns < 1) return fail('SEAT_MAP_SIZE');
  if (rows > MAX_ROWS || columns > MAX_COLUMNS) return fail('SEAT_MAP_SIZE');
  if (!Number.isFinite(spareShare) || spareShare < 0 || spareShare > 0.5) return fail('SPARE_SHARE_INVALID');
  const out = new Map<string, Seat>();
  for (const raw of input.outOfUse) {
    const seat = parseSeatLabel(raw);
    if (!seat) return fail('SEAT_LABEL_INVALID', raw);
    if (seat.row > rows || seat.column > columns) return fail('SEAT_OUTSIDE_ROOM', seat.label);
    out.set(seat.label, seat);
  }
  const outOfUse = [...out.values()].sort((a, b) => a.row - b.row || a.column - b.column).map((s) => s.label);
  const map = { rows, columns, outOfUse, spareShare };
  if (capacity(map) < 1) return fail('ROOM_NO_CAPACITY');
  return { ok: true, map };
}
