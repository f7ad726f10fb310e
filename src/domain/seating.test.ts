import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  examRoomNumbers,
  isLocalExamCategory,
  locatedJurisdictionCode,
  MOVE_REFUSAL_CODES,
  moveCandidate,
  type SeatAssignment,
  type SeatingCandidate,
  type SeatingInput,
  type SeatingResult,
  type SeatingRoom,
  type SeatingState,
  type SeatMap,
  seatCandidates,
  seatCapacity,
  seatingJurisdiction,
  seatLabel,
  spareSeats,
  swapCandidates,
} from './seating.js';

const ZZ = '410100';
const KF = '410200';

function room(
  id: number,
  jurisdiction: string,
  rows: number,
  cols: number,
  extra: Partial<SeatMap> = {},
  centre = '01',
) {
  return {
    id,
    jurisdiction,
    centreCode: centre,
    roomCode: String(id).padStart(2, '0'),
    seatMap: { rows, cols, ...extra },
  } satisfies SeatingRoom;
}

function cand(applicationId: number, extra: Partial<SeatingCandidate> = {}): SeatingCandidate {
  return {
    applicationId,
    siteJurisdiction: ZZ,
    unitId: applicationId,
    jobTypeId: 1,
    grade: 4,
    eligible: true,
    ...extra,
  };
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
const oneSession = [{ id: 1, order: 1 }];

function seatOf(result: SeatingResult, applicationId: number) {
  return result.assignments.find((a) => a.applicationId === applicationId);
}

/** Invariants every result must keep. */
function checkInvariants(input: SeatingInput, result: SeatingResult) {
  const rooms = new Map(input.rooms.map((r) => [r.id, r]));
  const candidates = new Map(input.candidates.map((c) => [c.applicationId, c]));
  const seats = new Set<string>();
  const people = new Set<number>();
  const pinned = new Map((input.moveNotified ? [] : (input.pinned ?? [])).map((p) => [p.applicationId, p]));
  for (const a of result.assignments) {
    const key = `${a.sessionId}:${a.roomId}:${a.seat}`;
    expect(seats.has(key), `seat ${key} given twice`).toBe(false);
    seats.add(key);
    expect(people.has(a.applicationId), `candidate ${a.applicationId} seated twice`).toBe(false);
    people.add(a.applicationId);
    const r = rooms.get(a.roomId) as SeatingRoom;
    const c = candidates.get(a.applicationId) as SeatingCandidate;
    expect(c.eligible).toBe(true);
    expect(r.jurisdiction).toBe(c.siteJurisdiction);
    expect(r.seatMap.outOfUse ?? []).not.toContain(a.seat);
    expect(a.seat).toBeGreaterThanOrEqual(1);
    expect(a.seat).toBeLessThanOrEqual(r.seatMap.rows * r.seatMap.cols);
    const p = pinned.get(a.applicationId);
    const onPinnedSeat = p && p.sessionId === a.sessionId && p.roomId === a.roomId && p.seat === a.seat;
    if (!onPinnedSeat) expect(spareSeats(r.seatMap)).not.toContain(a.seat);
  }
  expect(result.counts.seated + result.counts.unseated).toBe(input.candidates.length);
  expect(new Set(result.unseated.map((u) => u.applicationId)).size).toBe(result.unseated.length);
  for (const u of result.unseated) expect(people.has(u.applicationId)).toBe(false);
}

describe('where a candidate sits (rules.md §7)', () => {
  it('sends 技术监督 and 测绘 where they are located, everyone else to the reviewing jurisdiction', () => {
    const person = { reviewJurisdiction: '410000', locatedJurisdiction: '410300' };
    expect(seatingJurisdiction(person, '技术监督类')).toBe('410300');
    expect(seatingJurisdiction(person, '测绘')).toBe('410300');
    expect(seatingJurisdiction(person, '交通运输类')).toBe('410000');
    expect(seatingJurisdiction(person, { category: '交通运输类', localExam: true })).toBe('410300');
    expect(seatingJurisdiction(person, { category: '交通运输类', localExam: false })).toBe('410000');
    expect(seatingJurisdiction({ reviewJurisdiction: '410000', locatedJurisdiction: null }, '测绘类')).toBe('410000');
    expect(isLocalExamCategory(' 技术监督类 ')).toBe(true);
    expect(isLocalExamCategory('技术')).toBe(false);
  });

  it('reads where a unit is located from its credit code', () => {
    const codes = new Set(['410100', '410300', '410181']);
    expect(locatedJurisdictionCode('12410102MB30170201', codes)).toBe('410100');
    expect(locatedJurisdictionCode('12410181MB30170201', codes)).toBe('410181');
    expect(locatedJurisdictionCode('12410300MB30170201', codes)).toBe('410300');
    expect(locatedJurisdictionCode('12410000MB30170201', codes)).toBeNull();
    expect(locatedJurisdictionCode('12420100MB30170201', codes)).toBeNull();
    expect(locatedJurisdictionCode('12AB', codes)).toBeNull();
    expect(locatedJurisdictionCode(null, codes)).toBeNull();
  });
});

describe('seat maps', () => {
  it('keeps 5 % spare, rounded up, spread over the rows from the right', () => {
    // 36 usable seats → ⌈1.8⌉ = 2 spares, rows 2 and 5, last column.
    expect(spareSeats({ rows: 6, cols: 6 })).toEqual([12, 30]);
    expect(seatCapacity({ rows: 6, cols: 6 })).toBe(34);
    // 40 usable → exactly 2.
    expect(spareSeats({ rows: 5, cols: 8 })).toHaveLength(2);
    // More spares than rows: a second round takes the next seat to the left.
    expect(spareSeats({ rows: 3, cols: 4, spareShare: 0.5 })).toEqual([3, 4, 7, 8, 11, 12]);
    expect(spareSeats({ rows: 3, cols: 4, spareShare: 0 })).toEqual([]);
  });

  it('never puts a spare on a seat out of use, and takes listed spares as they are', () => {
    // Seat 12 (row 2's last) is out of use: row 2 gives seat 11 instead; 35 usable → 2 spares.
    expect(spareSeats({ rows: 6, cols: 6, outOfUse: [12] })).toEqual([11, 30]);
    expect(seatCapacity({ rows: 6, cols: 6, outOfUse: [12] })).toBe(33);
    expect(spareSeats({ rows: 6, cols: 6, outOfUse: [3], spare: [3, 1, 1, 99] })).toEqual([1]);
    expect(seatCapacity({ rows: 2, cols: 2, outOfUse: [1, 2, 3, 4] })).toBe(0);
  });

  it('labels seats row-major', () => {
    expect(seatLabel({ cols: 6 }, 1)).toBe('1排1座');
    expect(seatLabel({ cols: 6 }, 6)).toBe('1排6座');
    expect(seatLabel({ cols: 6 }, 7)).toBe('2排1座');
  });

  it('refuses maps the ticket number cannot carry', () => {
    expect(() => seatCapacity({ rows: 40, cols: 25 })).toThrow(RangeError);
    expect(() => seatCapacity({ rows: 0, cols: 5 })).toThrow(RangeError);
    expect(() => seatCapacity({ rows: 2, cols: 5, spareShare: 1 })).toThrow(RangeError);
  });
});

describe('the automatic run', () => {
  it('respects capacity and keeps spare seats free, reporting who is left and why', () => {
    const input: SeatingInput = {
      candidates: range(1, 30).map((id) => cand(id)),
      sessions: oneSession,
      rooms: [room(1, ZZ, 5, 6)],
    };
    const result = seatCandidates(input);
    checkInvariants(input, result);
    expect(result.counts.seated).toBe(28);
    expect(result.unseated).toHaveLength(2);
    expect(result.unseated.every((u) => u.code === 'NO_CAPACITY' && u.message === '本地区考场座位不足')).toBe(true);
    expect(result.capacity).toEqual([
      {
        jurisdiction: ZZ,
        needed: 30,
        available: 28,
        seated: 28,
        shortfall: 2,
        sessions: [{ sessionId: 1, available: 28, seated: 28 }],
      },
    ]);
    const spare = spareSeats(input.rooms[0]!.seatMap);
    expect(result.assignments.some((a) => spare.includes(a.seat))).toBe(false);
  });

  it('seats every candidate in their own jurisdiction, even when another has room', () => {
    const input: SeatingInput = {
      candidates: [
        ...range(1, 10).map((id) => cand(id)),
        ...range(11, 3).map((id) => cand(id, { siteJurisdiction: KF })),
      ],
      sessions: oneSession,
      rooms: [room(1, ZZ, 2, 4, { spareShare: 0 }), room(2, KF, 10, 10)],
    };
    const result = seatCandidates(input);
    checkInvariants(input, result);
    expect(result.assignments.filter((a) => a.roomId === 1)).toHaveLength(8);
    expect(result.assignments.filter((a) => a.roomId === 2).map((a) => a.applicationId)).toEqual([11, 12, 13]);
    expect(result.unseated.map((u) => [u.applicationId, u.code])).toEqual([
      [9, 'NO_CAPACITY'],
      [10, 'NO_CAPACITY'],
    ]);
    const zz = result.capacity.find((c) => c.jurisdiction === ZZ);
    expect(zz).toMatchObject({ needed: 10, available: 8, shortfall: 2 });
  });

  it('names jurisdictions without rooms and campaigns without sessions', () => {
    const noRooms = seatCandidates({
      candidates: [cand(1, { siteJurisdiction: KF })],
      sessions: oneSession,
      rooms: [room(1, ZZ, 2, 2)],
    });
    expect(noRooms.unseated).toMatchObject([{ applicationId: 1, code: 'NO_ROOMS', jurisdiction: KF }]);
    expect(noRooms.capacity.find((c) => c.jurisdiction === KF)).toMatchObject({ needed: 1, available: 0 });
    const noSessions = seatCandidates({ candidates: [cand(1)], sessions: [], rooms: [room(1, ZZ, 2, 2)] });
    expect(noSessions.unseated).toMatchObject([{ code: 'NO_SESSIONS' }]);
  });

  it('leaves out those not eligible (the training switch), with the reason', () => {
    const input: SeatingInput = {
      candidates: [
        cand(1),
        cand(2, { eligible: false, ineligibleReason: 'TRAINING_NOT_COMPLETED' }),
        cand(3, { eligible: false }),
      ],
      sessions: oneSession,
      rooms: [room(1, ZZ, 3, 3)],
    };
    const result = seatCandidates(input);
    checkInvariants(input, result);
    expect(result.assignments.map((a) => a.applicationId)).toEqual([1]);
    expect(result.unseated).toEqual([
      {
        applicationId: 2,
        jurisdiction: ZZ,
        code: 'NOT_ELIGIBLE',
        message: '不符合安排座位的条件：未完成培训（本年度要求培训合格后方可参加考试）',
        ineligibleReason: 'TRAINING_NOT_COMPLETED',
      },
      { applicationId: 3, jurisdiction: ZZ, code: 'NOT_ELIGIBLE', message: '不符合安排座位的条件' },
    ]);
    expect(result.capacity[0]).toMatchObject({ needed: 1 });
  });

  it('fills sessions in order', () => {
    const input: SeatingInput = {
      candidates: range(1, 40).map((id) => cand(id, { jobTypeId: 1 + (id % 3) })),
      sessions: [
        { id: 7, order: 2 },
        { id: 5, order: 1 },
        { id: 9, order: 3 },
      ],
      rooms: [room(1, ZZ, 5, 6), room(2, ZZ, 2, 5, { spareShare: 0 })],
    };
    const result = seatCandidates(input);
    checkInvariants(input, result);
    const perSession = (id: number) => result.assignments.filter((a) => a.sessionId === id).length;
    expect([perSession(5), perSession(7), perSession(9)]).toEqual([38, 2, 0]);
    expect(result.capacity[0]!.sessions).toEqual([
      { sessionId: 5, available: 38, seated: 38 },
      { sessionId: 7, available: 38, seated: 2 },
      { sessionId: 9, available: 38, seated: 0 },
    ]);
  });

  it('groups one job type × grade in one room on contiguous seats where it fits', () => {
    // Groups of 10, 8 and 6 (job type 1 grade 4, job type 2 grade 4, job type 1 grade 3); rooms of 12 and 16.
    const candidates = [
      ...range(1, 10).map((id) => cand(id, { jobTypeId: 1, grade: 4 })),
      ...range(11, 8).map((id) => cand(id, { jobTypeId: 2, grade: 4 })),
      ...range(21, 6).map((id) => cand(id, { jobTypeId: 1, grade: 3 })),
    ];
    const input: SeatingInput = {
      candidates: [...candidates].reverse(),
      sessions: oneSession,
      rooms: [room(1, ZZ, 3, 4, { spareShare: 0 }), room(2, ZZ, 4, 4, { spareShare: 0, outOfUse: [6] })],
    };
    const result = seatCandidates(input);
    checkInvariants(input, result);
    expect(result.counts.splitGroups).toBe(0);
    const groupOf = (id: number) => `${id <= 10 ? 1 : id <= 18 ? 2 : 3}`;
    for (const group of ['1', '2', '3']) {
      const seats = result.assignments.filter((a) => groupOf(a.applicationId) === group);
      expect(new Set(seats.map((a) => a.roomId)).size).toBe(1);
      // Contiguous among the room's usable seats.
      const r = input.rooms.find((x) => x.id === seats[0]!.roomId) as SeatingRoom;
      const usable = range(1, r.seatMap.rows * r.seatMap.cols).filter((s) => !(r.seatMap.outOfUse ?? []).includes(s));
      const positions = seats.map((a) => usable.indexOf(a.seat)).sort((a, b) => a - b);
      expect(positions.at(-1)! - positions[0]!).toBe(positions.length - 1);
    }
    // Largest group first, into the first room that has room for it: 10 in room 1; 8 and 6 in room 2 (15 seats).
    expect(seatOf(result, 1)!.roomId).toBe(1);
    expect(seatOf(result, 11)!.roomId).toBe(2);
    expect(seatOf(result, 21)!.roomId).toBe(2);
  });

  it('splits a group only when no room holds it, and says so', () => {
    const input: SeatingInput = {
      candidates: range(1, 20).map((id) => cand(id)),
      sessions: oneSession,
      rooms: [room(1, ZZ, 3, 4, { spareShare: 0 }), room(2, ZZ, 3, 4, { spareShare: 0 })],
    };
    const result = seatCandidates(input);
    checkInvariants(input, result);
    expect(result.counts).toMatchObject({ seated: 20, splitGroups: 1 });
  });

  it('keeps candidates of one unit apart in a row where the room allows it', () => {
    // Unit 1: 6, unit 2: 4, on two rows of 5: A B A B A / A B A B A is possible.
    const candidates = range(1, 10).map((id) => cand(id, { unitId: id <= 6 ? 1 : 2 }));
    const input: SeatingInput = { candidates, sessions: oneSession, rooms: [room(1, ZZ, 2, 5, { spareShare: 0 })] };
    const result = seatCandidates(input);
    checkInvariants(input, result);
    expect(result.counts.unitNeighbours).toBe(0);
    const unitAt = (seat: number) =>
      seatOf(result, result.assignments.find((a) => a.seat === seat)!.applicationId)!.applicationId <= 6 ? 1 : 2;
    for (const seat of [1, 2, 3, 4, 6, 7, 8, 9]) expect(unitAt(seat)).not.toBe(unitAt(seat + 1));

    // Three units of 10 in one 6 × 5 room.
    const three = range(1, 30).map((id) => cand(id, { unitId: 100 + (id % 3) }));
    const wide = seatCandidates({
      candidates: three,
      sessions: oneSession,
      rooms: [room(1, ZZ, 6, 5, { spareShare: 0 })],
    });
    expect(wide.counts).toMatchObject({ seated: 30, unitNeighbours: 0 });
  });

  it('seats one unit side by side when the room leaves no other way, and counts it', () => {
    const candidates = range(1, 6).map((id) => cand(id, { unitId: 9 }));
    const input: SeatingInput = { candidates, sessions: oneSession, rooms: [room(1, ZZ, 1, 6, { spareShare: 0 })] };
    const result = seatCandidates(input);
    checkInvariants(input, result);
    expect(result.counts).toMatchObject({ seated: 6, unitNeighbours: 5 });
    // 7 of unit 1 and 3 of unit 2 in a row of 10: at least 3 pairs cannot be avoided; the run leaves 3.
    const mixed = range(1, 10).map((id) => cand(id, { unitId: id <= 7 ? 1 : 2 }));
    const row = seatCandidates({
      candidates: mixed,
      sessions: oneSession,
      rooms: [room(1, ZZ, 1, 10, { spareShare: 0 })],
    });
    expect(row.counts.unitNeighbours).toBe(3);
  });

  it('never moves a notified candidate, unless asked; reports a notified seat that is gone', () => {
    const rooms = [room(1, ZZ, 2, 5), room(2, ZZ, 2, 5)];
    const spare = spareSeats(rooms[0]!.seatMap)[0]!;
    const pinned: SeatAssignment[] = [
      { applicationId: 3, sessionId: 1, roomId: 2, seat: 9 },
      { applicationId: 4, sessionId: 1, roomId: 1, seat: spare }, // moved to a spare seat on purpose
      { applicationId: 5, sessionId: 1, roomId: 3, seat: 1 }, // room 3 was deleted
      { applicationId: 6, sessionId: 1, roomId: 2, seat: 9 }, // the same seat as 3
    ];
    const input: SeatingInput = { candidates: range(1, 8).map((id) => cand(id)), sessions: oneSession, rooms, pinned };
    const result = seatCandidates(input);
    checkInvariants(input, result);
    expect(seatOf(result, 3)).toMatchObject({ roomId: 2, seat: 9, source: 'pinned' });
    expect(seatOf(result, 4)).toMatchObject({ roomId: 1, seat: spare, source: 'pinned' });
    expect(result.pinnedProblems.map((p) => [p.applicationId, p.code, p.reseated])).toEqual([
      [5, 'PINNED_SEAT_GONE', true],
      [6, 'PINNED_SEAT_CLASH', true],
    ]);
    expect(result.counts).toMatchObject({ seated: 8, pinnedKept: 2, placed: 6 });

    const moved = seatCandidates({ ...input, moveNotified: true, fresh: true });
    checkInvariants({ ...input, moveNotified: true }, moved);
    expect(seatOf(moved, 4)!.seat).not.toBe(spare);
    expect(moved.pinnedProblems.map((p) => [p.applicationId, p.code])).toEqual(
      expect.arrayContaining([
        [4, 'PINNED_MOVED'],
        [5, 'PINNED_MOVED'],
      ]),
    );
    expect(moved.counts.pinnedKept).toBe(0);
  });

  it('takes a candidate not yet notified off a spare seat (a previous move), keeping a notified one there', () => {
    const rooms = [room(1, ZZ, 2, 5)];
    const spare = spareSeats(rooms[0]!.seatMap)[0]!;
    const onSpare = { applicationId: 1, sessionId: 1, roomId: 1, seat: spare };
    const rerun = seatCandidates({ candidates: [cand(1)], sessions: oneSession, rooms, previous: [onSpare] });
    expect(seatOf(rerun, 1)).toMatchObject({ seat: 1, source: 'new' });
    const pinned = seatCandidates({ candidates: [cand(1)], sessions: oneSession, rooms, pinned: [onSpare] });
    expect(seatOf(pinned, 1)).toMatchObject({ seat: spare, source: 'pinned' });
  });

  it('takes the seat back from a notified candidate no longer eligible, and says so', () => {
    const result = seatCandidates({
      candidates: [cand(1, { eligible: false, ineligibleReason: 'BANNED' }), cand(2)],
      sessions: oneSession,
      rooms: [room(1, ZZ, 2, 5)],
      pinned: [{ applicationId: 1, sessionId: 1, roomId: 1, seat: 1 }],
    });
    expect(result.pinnedProblems).toMatchObject([{ applicationId: 1, code: 'PINNED_NOT_ELIGIBLE', reseated: false }]);
    expect(result.unseated).toMatchObject([
      { applicationId: 1, code: 'NOT_ELIGIBLE', message: '不符合安排座位的条件：处于禁考期' },
    ]);
    expect(seatOf(result, 2)).toMatchObject({ seat: 1 });
  });

  it('a notified seat out of use now, or in another jurisdiction, is reported', () => {
    const rooms = [room(1, ZZ, 2, 5, { outOfUse: [2] }), room(2, KF, 2, 5)];
    const result = seatCandidates({
      candidates: [cand(1), cand(2)],
      sessions: oneSession,
      rooms,
      pinned: [
        { applicationId: 1, sessionId: 1, roomId: 1, seat: 2 },
        { applicationId: 2, sessionId: 1, roomId: 2, seat: 1 },
      ],
    });
    expect(result.pinnedProblems.map((p) => p.code)).toEqual(['PINNED_SEAT_GONE', 'PINNED_OTHER_JURISDICTION']);
    expect(result.assignments.every((a) => a.roomId === 1)).toBe(true);
  });

  it('a re-run keeps everyone who still fits where they are', () => {
    const rooms = [room(1, ZZ, 4, 5), room(2, ZZ, 4, 5)];
    const first = seatCandidates({
      candidates: range(1, 30).map((id) => cand(id, { jobTypeId: 1 + (id % 4), unitId: id % 5 })),
      sessions: oneSession,
      rooms,
    });
    const previous = first.assignments;
    const again = seatCandidates({
      candidates: range(1, 30).map((id) => cand(id, { jobTypeId: 1 + (id % 4), unitId: id % 5 })),
      sessions: oneSession,
      rooms,
      previous,
    });
    expect(again.assignments.map(({ source: _, ...a }) => a)).toEqual(previous.map(({ source: _, ...a }) => a));
    expect(again.counts.previousKept).toBe(30);

    // Five more candidates, one now out (training), a seat out of use: everyone else stays.
    const broken = previous.find((a) => a.applicationId === 10)!;
    const changedRooms = rooms.map((r) =>
      r.id === broken.roomId ? { ...r, seatMap: { ...r.seatMap, outOfUse: [broken.seat] } } : r,
    );
    const later = seatCandidates({
      candidates: [...range(1, 35).map((id) => cand(id, { jobTypeId: 1 + (id % 4), unitId: id % 5 }))].map((c) =>
        c.applicationId === 3 ? { ...c, eligible: false, ineligibleReason: 'TRAINING_NOT_COMPLETED' as const } : c,
      ),
      sessions: oneSession,
      rooms: changedRooms,
      previous,
    });
    for (const a of previous) {
      if (a.applicationId === 3 || a.applicationId === 10) continue;
      expect(seatOf(later, a.applicationId)).toMatchObject({ roomId: a.roomId, seat: a.seat, source: 'previous' });
    }
    expect(seatOf(later, 3)).toBeUndefined();
    expect(seatOf(later, 10)).toMatchObject({ source: 'new' });
    expect(seatOf(later, 10)!.seat === broken.seat && seatOf(later, 10)!.roomId === broken.roomId).toBe(false);
    expect(later.counts).toMatchObject({ seated: 34, previousKept: 28, placed: 6 });
  });
});

// ─── Properties ────────────────────────────────────────────────────────────────────────────────────────────

const jurisdictions = [ZZ, KF, '410300'];

const worldArb = fc
  .record({
    rooms: fc.array(
      fc.record({
        jurisdiction: fc.constantFrom(...jurisdictions),
        centre: fc.constantFrom('01', '02'),
        rows: fc.integer({ min: 1, max: 4 }),
        cols: fc.integer({ min: 1, max: 6 }),
        outOfUse: fc.array(fc.integer({ min: 1, max: 24 }), { maxLength: 4 }),
        spareShare: fc.constantFrom(0, 0.05, 0.2),
      }),
      { maxLength: 5 },
    ),
    sessions: fc.integer({ min: 0, max: 3 }),
    candidates: fc.array(
      fc.record({
        jurisdiction: fc.constantFrom(...jurisdictions),
        unitId: fc.integer({ min: 1, max: 4 }),
        jobTypeId: fc.integer({ min: 1, max: 3 }),
        grade: fc.integer({ min: 3, max: 5 }),
        out: fc.integer({ min: 0, max: 9 }),
        person: fc.integer({ min: 1, max: 60 }),
      }),
      { maxLength: 60 },
    ),
  })
  .map(({ rooms, sessions, candidates }) => ({
    rooms: rooms.map((r, i) => ({
      id: i + 1,
      jurisdiction: r.jurisdiction,
      centreCode: r.centre,
      roomCode: String(i + 1).padStart(2, '0'),
      seatMap: {
        rows: r.rows,
        cols: r.cols,
        outOfUse: r.outOfUse.filter((s) => s <= r.rows * r.cols),
        spareShare: r.spareShare,
      },
    })),
    sessions: range(1, sessions).map((id) => ({ id: id * 10, order: 4 - id })),
    candidates: candidates.map((c, i) => ({
      applicationId: 1000 + i,
      siteJurisdiction: c.jurisdiction,
      unitId: c.unitId,
      jobTypeId: c.jobTypeId,
      grade: c.grade,
      eligible: c.out !== 0,
      personKey: `p${c.person}`,
    })),
  }));

describe('seating properties', () => {
  it('keeps every invariant, fills sessions in order, and gives the same answer whatever the input order', () => {
    fc.assert(
      fc.property(worldArb, fc.integer(), (world, seed) => {
        const input: SeatingInput = world;
        const result = seatCandidates(input);
        checkInvariants(input, result);
        // Nobody in a later session while an earlier one has a free seat in their jurisdiction.
        const order = [...world.sessions].sort((a, b) => a.order - b.order).map((s) => s.id);
        for (const cap of result.capacity) {
          const sessions = cap.sessions;
          for (let i = 0; i + 1 < sessions.length; i++) {
            if (sessions[i + 1]!.seated > 0) expect(sessions[i]!.seated).toBe(sessions[i]!.available);
          }
          expect(sessions.map((s) => s.sessionId)).toEqual(order);
          // Unseated for capacity only when the jurisdiction is full.
          if (result.unseated.some((u) => u.jurisdiction === cap.jurisdiction && u.code === 'NO_CAPACITY')) {
            expect(cap.seated).toBe(cap.available);
          }
        }
        const shuffled = fc.sample(fc.shuffledSubarray(world.candidates, { minLength: world.candidates.length }), {
          numRuns: 1,
          seed,
        })[0]!;
        const again = seatCandidates({
          ...input,
          candidates: shuffled,
          rooms: [...world.rooms].reverse(),
          sessions: [...world.sessions].reverse(),
        });
        expect(again).toEqual(result);
        // A re-run with the result as previous moves nobody.
        const rerun = seatCandidates({ ...input, previous: result.assignments });
        expect(rerun.assignments.map(({ source: _, ...a }) => a)).toEqual(
          result.assignments.map(({ source: _, ...a }) => a),
        );
      }),
      { numRuns: 150 },
    );
  });

  it('manual moves and swaps keep one seat per candidate and one candidate per seat', () => {
    const opArb = fc.oneof(
      fc.record({
        kind: fc.constant('move' as const),
        who: fc.nat(),
        session: fc.nat(),
        room: fc.nat(),
        seat: fc.integer({ min: 0, max: 26 }),
        allowSpare: fc.boolean(),
      }),
      fc.record({ kind: fc.constant('swap' as const), a: fc.nat(), b: fc.nat(), allowSpare: fc.boolean() }),
    );
    fc.assert(
      fc.property(worldArb, fc.array(opArb, { maxLength: 30 }), (world, ops) => {
        fc.pre(world.candidates.length > 0 && world.rooms.length > 0 && world.sessions.length > 0);
        const seeded = seatCandidates(world);
        let state: SeatingState = {
          ...world,
          assignments: seeded.assignments.map(({ label: _, source: __, ...a }) => a),
        };
        const spareUsed = new Set<string>();
        for (const op of ops) {
          const before = JSON.stringify(state);
          const pick = (n: number) => world.candidates[n % world.candidates.length]!.applicationId;
          const result =
            op.kind === 'move'
              ? moveCandidate(
                  state,
                  pick(op.who),
                  {
                    sessionId: world.sessions[op.session % world.sessions.length]!.id,
                    roomId: world.rooms[op.room % world.rooms.length]!.id,
                    seat: op.seat,
                  },
                  { allowSpare: op.allowSpare },
                )
              : swapCandidates(state, pick(op.a), pick(op.b), { allowSpare: op.allowSpare });
          expect(JSON.stringify(state)).toBe(before); // never changes what it was given
          if (!result.ok) {
            expect(MOVE_REFUSAL_CODES[result.code]).toBe(result.message);
            continue;
          }
          if (op.allowSpare)
            for (const a of result.state.assignments) spareUsed.add(`${a.sessionId}:${a.roomId}:${a.seat}`);
          state = result.state;
        }
        // The invariants, checked on the final state (spare seats allowed where a move said so).
        const seats = new Set<string>();
        const people = new Set<number>();
        const personSessions = new Set<string>();
        const byId = new Map(world.candidates.map((c) => [c.applicationId, c]));
        const roomsById = new Map(world.rooms.map((r) => [r.id, r]));
        for (const a of state.assignments) {
          const key = `${a.sessionId}:${a.roomId}:${a.seat}`;
          expect(seats.has(key)).toBe(false);
          seats.add(key);
          expect(people.has(a.applicationId)).toBe(false);
          people.add(a.applicationId);
          const c = byId.get(a.applicationId)!;
          const r = roomsById.get(a.roomId)!;
          expect(c.eligible).toBe(true);
          expect(r.jurisdiction).toBe(c.siteJurisdiction);
          expect(r.seatMap.outOfUse).not.toContain(a.seat);
          if (spareSeats(r.seatMap).includes(a.seat)) expect(spareUsed.has(key)).toBe(true);
          const ps = `${c.personKey}:${a.sessionId}`;
          const movedHere = seeded.assignments.some(
            (s) => s.applicationId === a.applicationId && s.sessionId === a.sessionId,
          );
          // Two applications of one person share a session only if the run put them there (it does not look at persons).
          if (personSessions.has(ps) && !movedHere)
            throw new Error(`person ${c.personKey} twice in session ${a.sessionId}`);
          personSessions.add(ps);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('manual moves and swaps', () => {
  const rooms = [room(1, ZZ, 2, 5), room(2, KF, 2, 5)];
  const sessions = [
    { id: 1, order: 1 },
    { id: 2, order: 2 },
  ];
  const candidates = [
    cand(1, { personKey: 'A' }),
    cand(2, { personKey: 'A' }),
    cand(3),
    cand(4, { eligible: false }),
    cand(5, { siteJurisdiction: KF }),
  ];
  const spare = spareSeats(rooms[0]!.seatMap)[0]!; // seat 10 (the last of row 2)
  const state: SeatingState = {
    candidates,
    sessions,
    rooms,
    assignments: [
      { applicationId: 1, sessionId: 1, roomId: 1, seat: 1 },
      { applicationId: 2, sessionId: 2, roomId: 1, seat: 1 },
      { applicationId: 3, sessionId: 1, roomId: 1, seat: 2 },
      { applicationId: 5, sessionId: 1, roomId: 2, seat: 1 },
    ],
  };

  it('moves to a free seat and swaps two candidates', () => {
    const moved = moveCandidate(state, 3, { sessionId: 2, roomId: 1, seat: 7 });
    expect(moved.ok && moved.state.assignments.find((a) => a.applicationId === 3)).toEqual({
      applicationId: 3,
      sessionId: 2,
      roomId: 1,
      seat: 7,
    });
    expect(moved.ok && moved.state.assignments).toHaveLength(4);
    const swapped = swapCandidates(state, 1, 3);
    expect(swapped.ok && swapped.state.assignments.filter((a) => a.roomId === 1 && a.sessionId === 1)).toEqual([
      { applicationId: 1, sessionId: 1, roomId: 1, seat: 2 },
      { applicationId: 3, sessionId: 1, roomId: 1, seat: 1 },
    ]);
    expect(spare).toBe(10);
    expect(moveCandidate(state, 3, { sessionId: 1, roomId: 1, seat: spare }, { allowSpare: true }).ok).toBe(true);
  });

  it('refuses with coded Chinese reasons', () => {
    const code = (r: ReturnType<typeof moveCandidate>) => (r.ok ? 'ok' : `${r.code} ${r.message}`);
    expect(code(moveCandidate(state, 3, { sessionId: 1, roomId: 1, seat: 1 }))).toBe(
      'SEATING_SEAT_TAKEN 该座位已有考生',
    );
    expect(code(moveCandidate(state, 3, { sessionId: 1, roomId: 1, seat: spare }))).toBe(
      'SEATING_SEAT_SPARE 该座位为备用机位，仅在机器故障时可以使用',
    );
    const broken: SeatingState = { ...state, rooms: [room(1, ZZ, 2, 5, { outOfUse: [8] }), rooms[1]!] };
    expect(code(moveCandidate(broken, 3, { sessionId: 1, roomId: 1, seat: 8 }))).toBe(
      'SEATING_SEAT_OUT_OF_USE 该座位已停用',
    );
    expect(code(moveCandidate(state, 3, { sessionId: 1, roomId: 2, seat: 3 }))).toBe(
      'SEATING_OTHER_JURISDICTION 考场不在考生的考试地区',
    );
    expect(code(moveCandidate(state, 2, { sessionId: 1, roomId: 1, seat: 8 }))).toBe(
      'SEATING_SESSION_CLASH 该考生本人在该场次已有其他考试安排',
    );
    expect(code(moveCandidate(state, 1, { sessionId: 1, roomId: 1, seat: 11 }))).toMatch(/^SEATING_NO_SEAT/);
    expect(code(moveCandidate(state, 1, { sessionId: 1, roomId: 9, seat: 1 }))).toMatch(/^SEATING_NO_ROOM/);
    expect(code(moveCandidate(state, 1, { sessionId: 9, roomId: 1, seat: 1 }))).toMatch(/^SEATING_NO_SESSION/);
    expect(code(moveCandidate(state, 4, { sessionId: 1, roomId: 1, seat: 8 }))).toMatch(/^SEATING_NOT_ELIGIBLE/);
    expect(code(moveCandidate(state, 99, { sessionId: 1, roomId: 1, seat: 8 }))).toMatch(/^SEATING_UNKNOWN_CANDIDATE/);
    expect(code(swapCandidates(state, 1, 1))).toMatch(/^SEATING_SAME_CANDIDATE/);
    expect(code(swapCandidates(state, 1, 5))).toMatch(/^SEATING_OTHER_JURISDICTION/);
    expect(code(swapCandidates(state, 2, 3))).toMatch(/^SEATING_SESSION_CLASH/); // 2 into session 1, where 1 sits
    expect(code(swapCandidates(state, 1, 2))).toBe('ok'); // one person's two applications trade sessions
    const unseated: SeatingState = { ...state, candidates: [...candidates, cand(6)] };
    expect(code(swapCandidates(unseated, 1, 6))).toMatch(/^SEATING_NOT_SEATED/);
    expect(code(moveCandidate(unseated, 6, { sessionId: 1, roomId: 1, seat: 8 }))).toBe('ok');
  });
});

describe('考场号', () => {
  it('numbers each room × session within its centre, sessions in order', () => {
    const rooms = [room(1, ZZ, 2, 2), room(2, ZZ, 2, 2), room(3, ZZ, 2, 2, {}, '02'), room(4, KF, 2, 2)];
    const numbers = examRoomNumbers(
      [
        { id: 8, order: 2 },
        { id: 6, order: 1 },
      ],
      rooms,
    );
    const of = (sessionId: number, roomId: number) =>
      numbers.find((n) => n.sessionId === sessionId && n.roomId === roomId)!.examRoom;
    expect([of(6, 1), of(6, 2), of(8, 1), of(8, 2)]).toEqual([1, 2, 3, 4]);
    expect([of(6, 3), of(8, 3), of(6, 4), of(8, 4)]).toEqual([1, 2, 1, 2]);
    const many = range(1, 50).map((id) => room(id, ZZ, 1, 1));
    expect(() =>
      examRoomNumbers(
        [
          { id: 1, order: 1 },
          { id: 2, order: 2 },
        ],
        many,
      ),
    ).toThrow(RangeError);
    expect(examRoomNumbers([{ id: 1, order: 1 }], many)).toHaveLength(50);
  });

  it('keeps the numbers already given when rooms or sessions are added, and never gives one twice', () => {
    const sessions = [{ id: 1, order: 1 }];
    const first = examRoomNumbers(sessions, [room(2, ZZ, 2, 2), room(3, ZZ, 2, 2)]);
    expect(first.map((n) => [n.roomId, n.examRoom])).toEqual([
      [2, 1],
      [3, 2],
    ]);
    // Room 1 (sorting first) and a session before the first one are added; room 3 was removed meanwhile.
    const later = examRoomNumbers([{ id: 0, order: 0 }, ...sessions], [room(1, ZZ, 2, 2), room(2, ZZ, 2, 2)], first);
    const of = (sessionId: number, roomId: number) =>
      later.find((n) => n.sessionId === sessionId && n.roomId === roomId)!.examRoom;
    expect(of(1, 2)).toBe(1);
    expect([of(0, 1), of(0, 2), of(1, 1)]).toEqual([2, 3, 4]); // 2, the removed room's, is free again
    expect(new Set(later.map((n) => n.examRoom)).size).toBe(later.length);
  });
});

describe('seating at scale', () => {
  it('seats 100,000 candidates over 30 jurisdictions (prints the time)', () => {
    const jurisdictionCount = 30;
    const candidates: SeatingCandidate[] = [];
    for (let i = 0; i < 100_000; i++) {
      candidates.push({
        applicationId: i + 1,
        siteJurisdiction: String(410100 + (i % jurisdictionCount) * 100),
        unitId: 1 + ((i * 7919) % 4000),
        jobTypeId: 1 + ((i * 31) % 60),
        grade: 2 + (i % 4),
        eligible: i % 50 !== 0,
      });
    }
    // Per jurisdiction 40 rooms of 6 × 8 (46 seats after 2 spares), 2 sessions: 3,680 seats for ~3,267.
    const rooms: SeatingRoom[] = [];
    for (let j = 0; j < jurisdictionCount; j++) {
      for (let r = 0; r < 40; r++) {
        rooms.push(
          room(
            j * 100 + r + 1,
            String(410100 + j * 100),
            6,
            8,
            { outOfUse: r % 5 === 0 ? [1] : [] },
            String(1 + (r % 4)).padStart(2, '0'),
          ),
        );
      }
    }
    const sessions = [
      { id: 1, order: 1 },
      { id: 2, order: 2 },
    ];
    const started = performance.now();
    const result = seatCandidates({ candidates, sessions, rooms });
    const ms = performance.now() - started;
    console.log(
      `seating 100,000 candidates over 30 jurisdictions (1,200 rooms × 2 sessions): ${ms.toFixed(0)} ms; ` +
        `${result.counts.seated} seated, ${result.counts.unseated} not eligible, ${result.counts.splitGroups} groups split, ` +
        `${result.counts.unitNeighbours} same-unit neighbours`,
    );
    expect(result.counts.seated).toBe(98_000);
    expect(result.unseated.every((u) => u.code === 'NOT_ELIGIBLE')).toBe(true);
    expect(result.counts.unitNeighbours).toBe(0);
    expect(ms).toBeLessThan(10_000);
  });
});

describe('一级 sessions (sessions serve their grades)', () => {
  // Session 1 is 五–二's (岗位技能, 职业道德, 职业能力), session 2 一级's (职业道德, 专业基础知识).
  const sessions = [
    { id: 1, order: 1, grades: [2, 3, 4, 5] },
    { id: 2, order: 2, grades: [1] },
  ];
  const rooms = [room(1, ZZ, 2, 5)];

  it('seats 一级 candidates only in 一级 sessions and the others only in theirs, even with seats free', () => {
    const candidates = [cand(1), cand(2), cand(3, { grade: 1 }), cand(4, { grade: 1, jobTypeId: 2 })];
    const result = seatCandidates({ candidates, sessions, rooms });
    expect(result.unseated).toEqual([]);
    expect([1, 2].map((id) => seatOf(result, id)!.sessionId)).toEqual([1, 1]);
    expect([3, 4].map((id) => seatOf(result, id)!.sessionId)).toEqual([2, 2]);
  });

  it('reports NO_SESSIONS for a grade no session serves; keeps nobody in a session of another grade', () => {
    const only = [{ id: 1, order: 1, grades: [2, 3, 4, 5] }];
    const result = seatCandidates({ candidates: [cand(1), cand(3, { grade: 1 })], sessions: only, rooms });
    expect(seatOf(result, 1)?.sessionId).toBe(1);
    expect(result.unseated).toEqual([expect.objectContaining({ applicationId: 3, code: 'NO_SESSIONS' })]);

    const pinned = seatCandidates({
      candidates: [cand(3, { grade: 1 })],
      sessions,
      rooms,
      pinned: [{ applicationId: 3, sessionId: 1, roomId: 1, seat: 1 }],
    });
    expect(pinned.pinnedProblems).toEqual([
      expect.objectContaining({ applicationId: 3, code: 'PINNED_WRONG_SESSION', reseated: true }),
    ]);
    expect(seatOf(pinned, 3)?.sessionId).toBe(2);
  });

  it('refuses a manual move into a session of another grade', () => {
    const state: SeatingState = {
      candidates: [cand(1), cand(3, { grade: 1 })],
      sessions,
      rooms,
      assignments: [
        { applicationId: 1, sessionId: 1, roomId: 1, seat: 1 },
        { applicationId: 3, sessionId: 2, roomId: 1, seat: 1 },
      ],
    };
    expect(moveCandidate(state, 3, { sessionId: 1, roomId: 1, seat: 5 })).toMatchObject({
      ok: false,
      code: 'SEATING_WRONG_SESSION',
    });
    expect(moveCandidate(state, 1, { sessionId: 2, roomId: 1, seat: 5 })).toMatchObject({
      ok: false,
      code: 'SEATING_WRONG_SESSION',
    });
    expect(swapCandidates(state, 1, 3)).toMatchObject({ ok: false, code: 'SEATING_WRONG_SESSION' });
    expect(moveCandidate(state, 3, { sessionId: 2, roomId: 1, seat: 5 }).ok).toBe(true);
  });
});
