import { describe, expect, it } from 'vitest';
import {
  adjacent,
  allSeats,
  capacity,
  defaultSpareSeats,
  labelOfSeatNumber,
  normaliseSeatMap,
  parseSeatLabel,
  seatIn,
  seatLabel,
  seatNumberOfLabel,
  spareCount,
  usableSeats,
} from './seat-map.js';

const room = (outOfUse: string[] = [], spareShare = 0.05) => ({ rows: 6, columns: 8, outOfUse, spareShare });

describe('seat labels', () => {
  it('labels by row letter and two-digit column and reads both forms', () => {
    expect(seatLabel(1, 3)).toBe('A03');
    expect(seatLabel(26, 99)).toBe('Z99');
    expect(parseSeatLabel('a3')).toEqual({ label: 'A03', row: 1, column: 3 });
    expect(parseSeatLabel(' 02-10 ')).toEqual({ label: 'B10', row: 2, column: 10 });
    for (const bad of ['', 'A', 'A0', 'A100', '00-01', '27-01', 'AA01', '1-', 'A-1'])
      expect(parseSeatLabel(bad)).toBeNull();
  });

  it('finds a seat only inside the room', () => {
    expect(seatIn(room(), 'F08')?.label).toBe('F08');
    expect(seatIn(room(), 'G01')).toBeNull();
    expect(seatIn(room(), 'A09')).toBeNull();
  });
});

describe('capacity and spare seats', () => {
  it('keeps ceil(5 %) of the usable seats spare', () => {
    expect(allSeats(room())).toHaveLength(48);
    expect(spareCount(room())).toBe(3); // ceil(2.4)
    expect(capacity(room())).toBe(45);
    const broken = room(['A01', 'C05']);
    expect(usableSeats(broken)).toHaveLength(46);
    expect(capacity(broken)).toBe(46 - 3);
    // The seating's spare seats (spread through the room), not a block at the back.
    expect(defaultSpareSeats(broken)).toEqual(['B08', 'D08', 'F08']);
    // An out-of-use seat where a spare would go: the next usable one to its left.
    expect(defaultSpareSeats(room(['D08']))).toEqual(['B08', 'D07', 'F08']);
    // Too big for a ticket number (the seating leaves it out): the last usable seats.
    expect(defaultSpareSeats({ rows: 26, columns: 40, outOfUse: [], spareShare: 0.01 })).toHaveLength(11);
    expect(capacity(room([], 0))).toBe(48);
    expect(capacity({ rows: 2, columns: 10, outOfUse: [], spareShare: 0.05 })).toBe(19); // exactly 1 spare
  });

  it('treats adjacency as side by side in one row', () => {
    expect(adjacent('A01', 'A02')).toBe(true);
    expect(adjacent('01-02', 'A01')).toBe(true);
    expect(adjacent('A01', 'A03')).toBe(false);
    expect(adjacent('A01', 'B01')).toBe(false);
    expect(adjacent('A01', 'A01')).toBe(false);
    expect(adjacent('x', 'A01')).toBe(false);
  });
});

describe('normaliseSeatMap', () => {
  it('normalises, deduplicates and sorts the seats out of use', () => {
    const result = normaliseSeatMap(room(['c5', '01-01', 'A01']));
    expect(result).toEqual({ ok: true, map: room(['A01', 'C05']) });
  });

  it('refuses bad sizes, labels, seats outside and shares with stable codes', () => {
    const code = (input: Parameters<typeof normaliseSeatMap>[0]) => {
      const r = normaliseSeatMap(input);
      return r.ok ? 'ok' : r.problem.code;
    };
    expect(code({ ...room(), rows: 0 })).toBe('SEAT_MAP_SIZE');
    expect(code({ ...room(), rows: 27 })).toBe('SEAT_MAP_SIZE');
    expect(code({ ...room(), columns: 1.5 })).toBe('SEAT_MAP_SIZE');
    expect(code(room(['?']))).toBe('SEAT_LABEL_INVALID');
    expect(code(room(['G01']))).toBe('SEAT_OUTSIDE_ROOM');
    expect(code(room([], 0.6))).toBe('SPARE_SHARE_INVALID');
    expect(code(room([], -0.1))).toBe('SPARE_SHARE_INVALID');
    expect(code({ rows: 1, columns: 1, outOfUse: ['A01'], spareShare: 0 })).toBe('ROOM_NO_CAPACITY');
    const r = normaliseSeatMap(room(['G01']));
    expect(!r.ok && r.problem.message).toContain('G01');
  });
});

describe("seat numbers (the seating's row-major numbering)", () => {
  it('converts labels to row-major numbers and back, in both label forms', () => {
    const map = { rows: 6, columns: 8 };
    expect(seatNumberOfLabel(map, 'A01')).toBe(1);
    expect(seatNumberOfLabel(map, 'A03')).toBe(3);
    expect(seatNumberOfLabel(map, 'B01')).toBe(9);
    expect(seatNumberOfLabel(map, '03-05')).toBe(21);
    expect(seatNumberOfLabel(map, 'F08')).toBe(48);
    expect(labelOfSeatNumber(map, 1)).toBe('A01');
    expect(labelOfSeatNumber(map, 9)).toBe('B01');
    expect(labelOfSeatNumber(map, 48)).toBe('F08');
  });

  it('answers null outside the room or for no label', () => {
    const map = { rows: 6, columns: 8 };
    expect(seatNumberOfLabel(map, 'G01')).toBeNull();
    expect(seatNumberOfLabel(map, 'A09')).toBeNull();
    expect(seatNumberOfLabel(map, '??')).toBeNull();
    expect(labelOfSeatNumber(map, 0)).toBeNull();
    expect(labelOfSeatNumber(map, 49)).toBeNull();
    expect(labelOfSeatNumber(map, 1.5)).toBeNull();
  });

  it('round-trips every seat of every size', () => {
    for (const [rows, columns] of [
      [1, 1],
      [3, 7],
      [26, 38],
    ] as const) {
      const map = { rows, columns };
      for (let n = 1; n <= rows * columns; n++) expect(seatNumberOfLabel(map, labelOfSeatNumber(map, n)!)).toBe(n);
    }
  });
});
