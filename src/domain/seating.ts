// Seating (编排考场): every confirmed candidate gets a session (场次), a room (考场) and a seat (座位) within their
// seating jurisdiction (rules.md §7), and officials move or swap candidates by hand. Pure: no I/O, no clock, no
// randomness; the same input (in any order) gives the same output.
//
// ─── The seat map this module reads ───────────────────────────────────────────────────────────────────────
// A room is `rows × cols` seats, numbered row-major from 1 (row 1: 1…cols, row 2: cols+1…), the number printed in
// the 准考证号 (ticket-number.ts) and shown as `3排5座`. Seats out of use (no PC, broken) are listed by number;
// spare seats (备用机位, kept free for a machine failure on exam day, rules.md §7) are either listed by number or, when
// the list is absent, chosen by `spareSeats` from the room's share (default 5 %, rounded up, so every usable room
// keeps at least one). The test-centre module's seat map (seat-map.ts: labels, capacity, adjacency) maps onto this
// one by giving its rows and columns, the row-major numbers of the seats it marks out of use and of those it marks
// spare; two seats are side by side when they are in one row with adjacent columns (an out-of-use seat between
// two others still counts as a seat, so those two are not side by side).
//
// ─── The automatic run (`seatCandidates`) ──────────────────────────────────────────────────────────────────
// 1. Candidates not eligible (training not completed where the campaign asks for it, a ban, …) are reported, not
//    seated. A jurisdiction without rooms or a campaign without sessions reports its candidates too.
// 2. Pinned assignments (candidates already notified) stay where they are, spare seats included; a pinned seat
//    that no longer exists (room or session gone, seat out of use, another jurisdiction now, two pinned on one
//    seat) is reported and its candidate seated anew. With `moveNotified` they are treated as previous ones, and
//    every notified candidate who ends up elsewhere is reported (PINNED_MOVED): a new notice is due.
// 3. Previous assignments (an earlier run, manual moves) stay where they are if the seat still exists, is in use,
//    is not spare, lies in the candidate's jurisdiction and is not taken: a re-run moves nobody who still fits.
//    `fresh` ignores them (a new layout).
// 4. Everyone else, per jurisdiction, in groups of one job type × grade, largest group first (then job type id,
//    grade): sessions are filled strictly in order (nobody goes to session s+1 while session s has a free seat in
//    that jurisdiction). Within the current session a group goes whole into the first room (centre code, room
//    code, id) with room for it; when none has, into the room with the most free seats, and the rest follows
//    the same way. In a room a group takes the free seats in row-major order, so it sits contiguously.
// 5. Seat by seat the candidate comes from the group's unit with the most candidates left that is not the unit
//    of the left or right neighbour (ties: lower unit id, then lower application id): no two candidates of one
//    unit side by side wherever the group's mix allows it; where it does not, `counts.unitNeighbours` says how
//    many such pairs are left.
//
// ─── Ticket numbers and sessions ───────────────────────────────────────────────────────────────────────────
// A 考场 is one room in one session; `examRoomNumbers` numbers them within each centre through the sessions in
// order (01, 02, …), the 考场号 the ticket number carries, so a room used in two sessions has two numbers. The
// service stores them and passes them back, so a number once given (and printed) never changes.

export const DEFAULT_SPARE_SHARE = 0.05;
/** Seat numbers are three digits in the ticket number. */
export const MAX_SEATS_PER_ROOM = 999;
/** 考场号 are two digits in the ticket number. */
export const MAX_EXAM_ROOMS_PER_CENTRE = 99;

// ─── Input and output ──────────────────────────────────────────────────────────────────────────────────────

export interface SeatMap {
  rows: number;
  cols: number;
  /** Row-major seat numbers (from 1) with no usable PC. */
  outOfUse?: readonly number[];
  /** Row-major seat numbers kept free as spares; when absent, `spareSeats` chooses them from `spareShare`. */
  spare?: readonly number[];
  /** Share of usable seats kept spare when `spare` is absent; default DEFAULT_SPARE_SHARE (0.05). */
  spareShare?: number;
}

export interface SeatingRoom {
  id: number;
  /** The jurisdiction's code (the caller's key, e.g. its 行政区划代码). */
  jurisdiction: string;
  /** 考点 code, e.g. '01'; rooms are taken in (centreCode, roomCode, id) order. */
  centreCode: string;
  /** The room's own code within the centre, e.g. '03' or '机房3'. */
  roomCode: string;
  seatMap: SeatMap;
}

export interface SeatingSession {
  id: number;
  /** Sessions are filled in (order, id) order. */
  order: number;
  /**
   * The grades the session serves (domain/sessions.ts `sessionGrades`: those that sit every subject it holds, so a
   * 一级 session of 职业道德 and 专业基础知识 serves grade 1 alone); absent: every grade.
   */
  grades?: readonly number[];
}

/** Does the session serve a candidate of this grade? */
export function sessionServes(session: SeatingSession, grade: number): boolean {
  return session.grades === undefined || session.grades.includes(grade);
}

export const INELIGIBLE_REASONS = {
  TRAINING_NOT_COMPLETED: '未完成培训（本年度要求培训合格后方可参加考试）',
  BANNED: '处于禁考期',
  WITHHELD: '暂不安排考试',
} as const;
export type IneligibleReason = keyof typeof INELIGIBLE_REASONS;

export interface SeatingCandidate {
  applicationId: number;
  /** Where the candidate sits: `seatingJurisdiction` (computed by the caller). */
  siteJurisdiction: string;
  unitId: number;
  jobTypeId: number;
  grade: number;
  /** False leaves the candidate out, reported with `ineligibleReason`. */
  eligible: boolean;
  ineligibleReason?: IneligibleReason;
  /**
   * The person (e.g. the ID number): moves and swaps never put two applications of one person in one session. The
   * automatic run does not look at it: a person has one application per campaign (rules.md), so it cannot clash.
   */
  personKey?: string;
}

export interface SeatAssignment {
  applicationId: number;
  sessionId: number;
  roomId: number;
  /** Row-major seat number from 1. */
  seat: number;
}

export type AssignmentSource = 'pinned' | 'previous' | 'new';

export interface PlacedAssignment extends SeatAssignment {
  /** e.g. 3排5座. */
  label: string;
  source: AssignmentSource;
}

export interface SeatingInput {
  candidates: readonly SeatingCandidate[];
  sessions: readonly SeatingSession[];
  rooms: readonly SeatingRoom[];
  /** Already notified: never moved unless `moveNotified`. */
  pinned?: readonly SeatAssignment[];
  /** An earlier run's or manual assignments: kept where they still fit, unless `fresh`. */
  previous?: readonly SeatAssignment[];
  /** Notified candidates are kept only as previous ones are (not on spare seats; not at all with `fresh`). */
  moveNotified?: boolean;
  /** Ignore previous assignments: a new layout (notified candidates stay unless `moveNotified`). */
  fresh?: boolean;
}

export const UNSEATED_CODES = {
  NOT_ELIGIBLE: '不符合安排座位的条件',
  NO_SESSIONS: '尚未设置考试场次（或没有考该等级科目的场次）',
  NO_ROOMS: '本地区尚未设置考场',
  NO_CAPACITY: '本地区考场座位不足',
} as const;
export type UnseatedCode = keyof typeof UNSEATED_CODES;

export const PINNED_PROBLEM_CODES = {
  PINNED_SEAT_GONE: '已通知的座位已不存在（场次、考场或座位已删除或停用），已重新安排',
  PINNED_OTHER_JURISDICTION: '已通知的座位不在考生的考试地区，已重新安排',
  PINNED_SEAT_CLASH: '已通知的座位与另一名已通知考生相同，已重新安排',
  PINNED_MOVED: '已通知的考生按要求重新安排了座位',
  PINNED_NOT_ELIGIBLE: '已通知的考生现不符合安排座位的条件，座位已收回',
  PINNED_WRONG_SESSION: '已通知的场次不考该考生的科目（等级不符），已重新安排',
} as const;
export type PinnedProblemCode = keyof typeof PINNED_PROBLEM_CODES;

export interface Unseated {
  applicationId: number;
  jurisdiction: string;
  code: UnseatedCode;
  message: string;
  ineligibleReason?: IneligibleReason;
}

export interface PinnedProblem {
  applicationId: number;
  code: PinnedProblemCode;
  message: string;
  /** The seat the candidate was notified of. */
  was: SeatAssignment;
  /** Whether the run found another seat (then a new notice is due; PINNED_NOT_ELIGIBLE: never). */
  reseated: boolean;
}

export interface SessionCapacity {
  sessionId: number;
  /** Usable seats less the spare ones. */
  available: number;
  seated: number;
}

export interface JurisdictionCapacity {
  jurisdiction: string;
  /** Eligible candidates sitting here. */
  needed: number;
  available: number;
  seated: number;
  /** needed − seated. */
  shortfall: number;
  sessions: SessionCapacity[];
}

export interface SeatingCounts {
  candidates: number;
  eligible: number;
  seated: number;
  unseated: number;
  pinnedKept: number;
  previousKept: number;
  placed: number;
  /** Pairs of candidates of one unit side by side in a row, after the run. */
  unitNeighbours: number;
  /** Job type × grade groups of this run's new placements that ended up in more than one 考场. */
  splitGroups: number;
}

export interface SeatingResult {
  /** In (jurisdiction, session order, room order, seat) order. */
  assignments: PlacedAssignment[];
  unseated: Unseated[];
  pinnedProblems: PinnedProblem[];
  capacity: JurisdictionCapacity[];
  counts: SeatingCounts;
}

// ─── Where a candidate sits ────────────────────────────────────────────────────────────────────────────────

/** Job type categories whose candidates sit where they are located (rules.md §7). */
export const LOCAL_EXAM_CATEGORIES: readonly string[] = ['技术监督类', '测绘类'];

export function isLocalExamCategory(category: string): boolean {
  const name = category.trim();
  return LOCAL_EXAM_CATEGORIES.some((c) => name === c || name === c.replace(/类$/, ''));
}

/**
 * The jurisdiction a candidate sits in: the one that reviews the application (省直/中央驻豫 at the province), except
 * for the 技术监督 and 测绘 categories (or a job type flagged 本地考试), who sit where they are located when that is
 * known. `category` is the job type's category name or the job type's row ({ category, localExam }).
 */
export function seatingJurisdiction(
  candidate: { reviewJurisdiction: string; locatedJurisdiction?: string | null },
  category: string | { category: string; localExam?: boolean },
): string {
  const local =
    typeof category === 'string'
      ? isLocalExamCategory(category)
      : category.localExam === true || isLocalExamCategory(category.category);
  const located = candidate.locatedJurisdiction?.trim();
  return local && located ? located : candidate.reviewJurisdiction;
}

/**
 * Where a unit is located, read from its 统一社会信用代码 (GB 32100: characters 3–8 are the registering authority's
 * 行政区划代码): the jurisdiction whose code is that region (a 省直管县 such as 巩义 410181), else the city of its
 * first four digits (410102 → 410100). Null when the code names no jurisdiction in `jurisdictionCodes` (the
 * province itself, another province, a malformed code). `seatingJurisdiction` takes it as `locatedJurisdiction`.
 */
export function locatedJurisdictionCode(
  creditCode: string | null | undefined,
  jurisdictionCodes: ReadonlySet<string>,
): string | null {
  const region = creditCode?.trim().slice(2, 8) ?? '';
  if (!/^\d{6}$/.test(region)) return null;
  if (jurisdictionCodes.has(region)) return region;
  const city = `${region.slice(0, 4)}00`;
  return city !== region && jurisdictionCodes.has(city) ? city : null;
}

// ─── Seat maps ─────────────────────────────────────────────────────────────────────────────────────────────

const NO_SEAT = 0;
const USABLE = 1;
const SPARE = 2;

function checkMap(map: SeatMap): void {
  const { rows, cols } = map;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) {
    throw new RangeError(`seat map needs whole rows and cols ≥ 1, got ${rows} × ${cols}`);
  }
  if (rows * cols > MAX_SEATS_PER_ROOM) throw new RangeError(`a room has at most ${MAX_SEATS_PER_ROOM} seats`);
  const share = map.spareShare ?? DEFAULT_SPARE_SHARE;
  if (!(share >= 0 && share < 1)) throw new RangeError(`spare share must be in [0, 1), got ${share}`);
}

export function seatRowCol(map: Pick<SeatMap, 'cols'>, seat: number): { row: number; col: number } {
  return { row: Math.floor((seat - 1) / map.cols) + 1, col: ((seat - 1) % map.cols) + 1 };
}

export function seatNumberAt(map: Pick<SeatMap, 'cols'>, row: number, col: number): number {
  return (row - 1) * map.cols + col;
}

/** How a seat is shown: 3排5座. */
export function seatLabel(map: Pick<SeatMap, 'cols'>, seat: number): string {
  const { row, col } = seatRowCol(map, seat);
  return `${row}排${col}座`;
}

/**
 * The spare seats of a room: the listed ones (those in use), or else ⌈usable × share⌉ seats spread through the
 * room: each round takes, from rows chosen evenly among the rows that still have a free usable seat
 * (row index ⌊(j + ½) · m / t⌋ for the j-th of t seats over m rows), the rightmost usable seat not yet spare;
 * a second round (more spares than rows) takes the next seat to the left, and so on.
 */
export function spareSeats(map: SeatMap): number[] {
  checkMap(map);
  const n = map.rows * map.cols;
  const out = new Set((map.outOfUse ?? []).filter((s) => Number.isInteger(s) && s >= 1 && s <= n));
  if (map.spare) return [...new Set(map.spare)].filter((s) => s >= 1 && s <= n && !out.has(s)).sort((a, b) => a - b);
  const usable = n - out.size;
  let remaining = Math.min(usable, Math.ceil(usable * (map.spareShare ?? DEFAULT_SPARE_SHARE) - 1e-9));
  const spare = new Set<number>();
  // The next candidate column per row, from the right.
  const nextCol = new Array<number>(map.rows + 1).fill(map.cols);
  const takeFromRow = (row: number): number | null => {
    for (let col = nextCol[row]!; col >= 1; col--) {
      const seat = seatNumberAt(map, row, col);
      if (!out.has(seat) && !spare.has(seat)) {
        nextCol[row] = col - 1;
        return seat;
      }
    }
    nextCol[row] = 0;
    return null;
  };
  while (remaining > 0) {
    const open: number[] = [];
    for (let row = 1; row <= map.rows; row++) {
      for (let col = nextCol[row]!; col >= 1; col--) {
        const seat = seatNumberAt(map, row, col);
        if (!out.has(seat) && !spare.has(seat)) {
          open.push(row);
          break;
        }
      }
    }
    if (open.length === 0) break;
    const take = Math.min(remaining, open.length);
    for (let j = 0; j < take; j++) {
      const seat = takeFromRow(open[Math.floor(((j + 0.5) * open.length) / take)]!);
      if (seat !== null) spare.add(seat);
    }
    remaining -= take;
  }
  return [...spare].sort((a, b) => a - b);
}

/** Per seat number (index 1…rows·cols): NO_SEAT, USABLE or SPARE. */
function seatKinds(map: SeatMap): Uint8Array {
  checkMap(map);
  const n = map.rows * map.cols;
  const kinds = new Uint8Array(n + 1).fill(USABLE);
  kinds[0] = NO_SEAT;
  for (const s of map.outOfUse ?? []) if (Number.isInteger(s) && s >= 1 && s <= n) kinds[s] = NO_SEAT;
  for (const s of spareSeats(map)) kinds[s] = SPARE;
  return kinds;
}

/** Seats a room offers to the automatic run: usable and not spare. */
export function seatCapacity(map: SeatMap): number {
  const kinds = seatKinds(map);
  let count = 0;
  for (let s = 1; s < kinds.length; s++) if (kinds[s] === USABLE) count++;
  return count;
}

// ─── The automatic run ─────────────────────────────────────────────────────────────────────────────────────

interface Sitting {
  session: SeatingSession;
  sessionIndex: number;
  room: SeatingRoom;
  cols: number;
  kinds: Uint8Array;
  /** Candidate index + 1 per seat, 0 when free. */
  occupant: Int32Array;
  free: number;
  /** No free usable seat before this one. */
  cursor: number;
}

const byNumber = (a: number, b: number) => a - b;
const compareStrings = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function sortedSessions(sessions: readonly SeatingSession[]): SeatingSession[] {
  return [...sessions].sort((a, b) => a.order - b.order || a.id - b.id);
}

function compareRooms(a: SeatingRoom, b: SeatingRoom): number {
  return (
    compareStrings(a.jurisdiction, b.jurisdiction) ||
    compareStrings(a.centreCode, b.centreCode) ||
    compareStrings(a.roomCode, b.roomCode) ||
    a.id - b.id
  );
}

/** A max-heap of a group's units by candidates left (ties: lower unit id). */
class UnitHeap {
  private readonly heap: number[] = [];
  constructor(
    private readonly left: Int32Array,
    private readonly unitIds: Int32Array,
  ) {}
  private better(a: number, b: number): boolean {
    return this.left[a]! > this.left[b]! || (this.left[a]! === this.left[b]! && this.unitIds[a]! < this.unitIds[b]!);
  }
  get size(): number {
    return this.heap.length;
  }
  push(u: number): void {
    const h = this.heap;
    h.push(u);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.better(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }
  pop(): number {
    const h = this.heap;
    const top = h[0];
    const last = h.pop() as number;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < h.length && this.better(h[l]!, h[best]!)) best = l;
        if (r < h.length && this.better(h[r]!, h[best]!)) best = r;
        if (best === i) break;
        [h[i], h[best]] = [h[best]!, h[i]!];
        i = best;
      }
    }
    return top!;
  }
}

/** One job type × grade group waiting for seats: its units' queues of candidate indices. */
class Group {
  readonly units: number[][];
  private readonly left: Int32Array;
  private readonly unitIds: Int32Array;
  private readonly next: Int32Array;
  private readonly heap: UnitHeap;
  remaining: number;
  readonly sittings = new Set<Sitting>();

  constructor(
    readonly key: readonly [number, number],
    members: number[],
    unitOf: (c: number) => number,
  ) {
    const byUnit = new Map<number, number[]>();
    for (const c of members) {
      const u = unitOf(c);
      let list = byUnit.get(u);
      if (!list) {
        list = [];
        byUnit.set(u, list);
      }
      list.push(c);
    }
    const unitIds = [...byUnit.keys()].sort(byNumber);
    this.units = unitIds.map((u) => byUnit.get(u) as number[]);
    this.left = Int32Array.from(this.units, (list) => list.length);
    this.unitIds = Int32Array.from(unitIds);
    this.next = new Int32Array(this.units.length);
    this.heap = new UnitHeap(this.left, this.unitIds);
    for (let u = 0; u < this.units.length; u++) this.heap.push(u);
    this.remaining = members.length;
  }

  /** The next candidate, avoiding the units `a` and `b` when the group allows it. */
  take(a: number, b: number): number {
    const held: number[] = [];
    let chosen = -1;
    while (this.heap.size > 0) {
      const u = this.heap.pop();
      const unit = this.unitIds[u];
      if ((unit === a || unit === b) && held.length < 2) {
        held.push(u);
        continue;
      }
      chosen = u;
      break;
    }
    if (chosen < 0) chosen = held.shift() as number; // only forbidden units are left
    for (const u of held) this.heap.push(u);
    const candidate = this.units[chosen]![this.next[chosen]!++]!;
    this.left[chosen]!--;
    if (this.left[chosen]! > 0) this.heap.push(chosen);
    this.remaining--;
    return candidate;
  }
}

/** Seats every eligible candidate it can; see the rules at the top of this file. */
export function seatCandidates(input: SeatingInput): SeatingResult {
  const candidates = [...input.candidates].sort((a, b) => a.applicationId - b.applicationId);
  const indexOf = new Map<number, number>();
  candidates.forEach((c, i) => {
    if (indexOf.has(c.applicationId)) throw new RangeError(`candidate ${c.applicationId} given twice`);
    indexOf.set(c.applicationId, i);
  });
  const sessions = sortedSessions(input.sessions);
  const rooms = [...input.rooms].sort(compareRooms);

  // Sittings per jurisdiction, session-major.
  const sittingsOf = new Map<string, Sitting[]>();
  const sittingByKey = new Map<string, Sitting>();
  const kindsOfRoom = new Map<number, Uint8Array>();
  for (const room of rooms) kindsOfRoom.set(room.id, seatKinds(room.seatMap));
  sessions.forEach((session, sessionIndex) => {
    for (const room of rooms) {
      const kinds = kindsOfRoom.get(room.id) as Uint8Array;
      let free = 0;
      for (let s = 1; s < kinds.length; s++) if (kinds[s] === USABLE) free++;
      const sitting: Sitting = {
        session,
        sessionIndex,
        room,
        cols: room.seatMap.cols,
        kinds,
        occupant: new Int32Array(kinds.length),
        free,
        cursor: 1,
      };
      let list = sittingsOf.get(room.jurisdiction);
      if (!list) {
        list = [];
        sittingsOf.set(room.jurisdiction, list);
      }
      list.push(sitting);
      sittingByKey.set(`${session.id}:${room.id}`, sitting);
    }
  });

  const placedAt = new Array<{ sitting: Sitting; seat: number; source: AssignmentSource } | undefined>(
    candidates.length,
  );
  const occupy = (c: number, sitting: Sitting, seat: number, source: AssignmentSource) => {
    sitting.occupant[seat] = c + 1;
    if (sitting.kinds[seat] === USABLE) sitting.free--;
    placedAt[c] = { sitting, seat, source };
  };

  const unseated: Unseated[] = [];
  const pinnedProblems: PinnedProblem[] = [];
  const eligible = new Uint8Array(candidates.length);
  candidates.forEach((c, i) => {
    if (c.eligible) eligible[i] = 1;
    else {
      const reason = c.ineligibleReason;
      unseated.push({
        applicationId: c.applicationId,
        jurisdiction: c.siteJurisdiction,
        code: 'NOT_ELIGIBLE',
        message: reason ? `${UNSEATED_CODES.NOT_ELIGIBLE}：${INELIGIBLE_REASONS[reason]}` : UNSEATED_CODES.NOT_ELIGIBLE,
        ...(reason ? { ineligibleReason: reason } : {}),
      });
    }
  });

  // Where a kept assignment may stay: null, or why not.
  const check = (a: SeatAssignment, c: number, allowSpare: boolean): PinnedProblemCode | null => {
    const sitting = sittingByKey.get(`${a.sessionId}:${a.roomId}`);
    if (!sitting || !Number.isInteger(a.seat) || a.seat < 1 || a.seat >= sitting.kinds.length) {
      return 'PINNED_SEAT_GONE';
    }
    const kind = sitting.kinds[a.seat];
    if (kind === NO_SEAT || (kind === SPARE && !allowSpare)) return 'PINNED_SEAT_GONE';
    if (!sessionServes(sitting.session, candidates[c]!.grade)) return 'PINNED_WRONG_SESSION';
    if (sitting.room.jurisdiction !== candidates[c]!.siteJurisdiction) return 'PINNED_OTHER_JURISDICTION';
    if (sitting.occupant[a.seat] !== 0) return 'PINNED_SEAT_CLASH';
    return null;
  };
  const pinnedProblem = (a: SeatAssignment, code: PinnedProblemCode): PinnedProblem => ({
    applicationId: a.applicationId,
    code,
    message: PINNED_PROBLEM_CODES[code],
    was: { applicationId: a.applicationId, sessionId: a.sessionId, roomId: a.roomId, seat: a.seat },
    reseated: false,
  });
  const keep = (list: readonly SeatAssignment[], source: AssignmentSource, report: boolean) => {
    // One entry per candidate (the first in a total order, so the input's order does not matter).
    const sorted = [...list].sort(
      (a, b) =>
        a.applicationId - b.applicationId || a.sessionId - b.sessionId || a.roomId - b.roomId || a.seat - b.seat,
    );
    const seen = new Set<number>();
    for (const a of sorted) {
      const c = indexOf.get(a.applicationId);
      if (c === undefined || placedAt[c] || seen.has(c)) continue;
      seen.add(c);
      if (!eligible[c]) {
        if (report) pinnedProblems.push(pinnedProblem(a, 'PINNED_NOT_ELIGIBLE'));
        continue;
      }
      const problem = check(a, c, source === 'pinned');
      if (problem === null) {
        occupy(c, sittingByKey.get(`${a.sessionId}:${a.roomId}`) as Sitting, a.seat, source);
      } else if (report) {
        pinnedProblems.push(pinnedProblem(a, problem));
      }
    }
  };
  const previous = input.fresh ? [] : (input.previous ?? []);
  if (input.moveNotified) keep(input.fresh ? [] : [...(input.pinned ?? []), ...previous], 'previous', false);
  else {
    keep(input.pinned ?? [], 'pinned', true);
    keep(previous, 'previous', false);
  }

  // New placements, per jurisdiction.
  const waiting = new Map<string, number[]>();
  candidates.forEach((c, i) => {
    if (!eligible[i] || placedAt[i]) return;
    let list = waiting.get(c.siteJurisdiction);
    if (!list) {
      list = [];
      waiting.set(c.siteJurisdiction, list);
    }
    list.push(i);
  });
  const unitOf = (c: number) => candidates[c]!.unitId;
  const unitAt = (sitting: Sitting, seat: number): number => {
    const occ = sitting.occupant[seat]!;
    return occ === 0 ? Number.NaN : candidates[occ - 1]!.unitId;
  };
  let splitGroups = 0;

  for (const jurisdiction of [...waiting.keys()].sort(compareStrings)) {
    const members = waiting.get(jurisdiction) as number[];
    const sittings = sittingsOf.get(jurisdiction) ?? [];
    const groupsByKey = new Map<string, number[]>();
    for (const c of members) {
      const key = `${candidates[c]!.jobTypeId}:${candidates[c]!.grade}`;
      let list = groupsByKey.get(key);
      if (!list) {
        list = [];
        groupsByKey.set(key, list);
      }
      list.push(c);
    }
    const groups = [...groupsByKey.values()]
      .map((list) => new Group([candidates[list[0]!]!.jobTypeId, candidates[list[0]!]!.grade], list, unitOf))
      .sort((a, b) => b.remaining - a.remaining || a.key[0] - b.key[0] || a.key[1] - b.key[1]);

    // Free seats per session, and the sittings of each session.
    const bySession: Sitting[][] = sessions.map(() => []);
    for (const s of sittings) bySession[s.sessionIndex]!.push(s);
    const freeOf = bySession.map((list) => list.reduce((sum, s) => sum + s.free, 0));

    for (const group of groups) {
      // The first session (in order) that serves the group's grade and has a free seat: sessions fill strictly in
      // order for each grade (一级 candidates go to the 一级 sessions, the others to theirs).
      const grade = group.key[1];
      let current = 0;
      while (group.remaining > 0) {
        while (current < bySession.length && (freeOf[current] === 0 || !sessionServes(sessions[current]!, grade))) {
          current++;
        }
        if (current >= bySession.length) break;
        const list = bySession[current]!;
        let target: Sitting | undefined = list.find((s) => s.free >= group.remaining);
        if (!target) {
          for (const s of list) if (!target || s.free > target.free) target = s;
        }
        const sitting = target as Sitting;
        group.sittings.add(sitting);
        const { kinds, occupant, cols } = sitting;
        let seat = sitting.cursor;
        while (group.remaining > 0 && sitting.free > 0) {
          while (kinds[seat] !== USABLE || occupant[seat] !== 0) seat++;
          const col = (seat - 1) % cols;
          const leftUnit = col > 0 ? unitAt(sitting, seat - 1) : Number.NaN;
          const rightUnit = col < cols - 1 ? unitAt(sitting, seat + 1) : Number.NaN;
          const c = group.take(leftUnit, rightUnit);
          occupy(c, sitting, seat, 'new');
          freeOf[current]!--;
          seat++;
        }
        // No free usable seat is left before `seat` (the group took every one from the cursor on).
        sitting.cursor = seat;
      }
      if (group.sittings.size > 1) splitGroups++;
      // Those left over: no capacity (or no rooms, or no sessions).
      if (group.remaining > 0) {
        const code: UnseatedCode = !sessions.some((x) => sessionServes(x, grade))
          ? 'NO_SESSIONS'
          : sittings.length === 0
            ? 'NO_ROOMS'
            : 'NO_CAPACITY';
        for (let u = 0; u < group.units.length; u++) {
          for (const c of group.units[u]!) {
            if (placedAt[c]) continue;
            unseated.push({
              applicationId: candidates[c]!.applicationId,
              jurisdiction,
              code,
              message: UNSEATED_CODES[code],
            });
          }
        }
      }
    }
  }

  for (const p of pinnedProblems) {
    const c = indexOf.get(p.applicationId) as number;
    p.reseated = placedAt[c] !== undefined;
  }
  if (input.moveNotified) {
    // Whoever was notified and now sits elsewhere needs a new notice.
    const seen = new Set<number>();
    for (const a of input.pinned ?? []) {
      const c = indexOf.get(a.applicationId);
      if (c === undefined || seen.has(c) || !eligible[c]) continue;
      seen.add(c);
      const now = placedAt[c];
      if (now && now.sitting.session.id === a.sessionId && now.sitting.room.id === a.roomId && now.seat === a.seat) {
        continue;
      }
      pinnedProblems.push({ ...pinnedProblem(a, 'PINNED_MOVED'), reseated: now !== undefined });
    }
  }

  // Output in (jurisdiction, session, room, seat) order.
  const allSittings = [...sittingsOf.keys()]
    .sort(compareStrings)
    .flatMap((j) => (sittingsOf.get(j) as Sitting[]).slice());
  const assignments: PlacedAssignment[] = [];
  let unitNeighbours = 0;
  for (const sitting of allSittings) {
    const { occupant, cols } = sitting;
    for (let seat = 1; seat < occupant.length; seat++) {
      const occ = occupant[seat];
      if (occ === 0) continue;
      const c = occ! - 1;
      assignments.push({
        applicationId: candidates[c]!.applicationId,
        sessionId: sitting.session.id,
        roomId: sitting.room.id,
        seat,
        label: seatLabel({ cols }, seat),
        source: (placedAt[c] as { source: AssignmentSource }).source,
      });
      if ((seat - 1) % cols < cols - 1 && occupant[seat + 1] !== 0) {
        if (candidates[occupant[seat + 1]! - 1]!.unitId === candidates[c]!.unitId) unitNeighbours++;
      }
    }
  }

  // Capacity per jurisdiction (every jurisdiction with candidates or rooms).
  const jurisdictions = new Set<string>([...sittingsOf.keys()]);
  for (const c of candidates) jurisdictions.add(c.siteJurisdiction);
  const capacity: JurisdictionCapacity[] = [...jurisdictions].sort(compareStrings).map((jurisdiction) => {
    const sittings = sittingsOf.get(jurisdiction) ?? [];
    const perSession = sessions.map((session) => ({ sessionId: session.id, available: 0, seated: 0 }));
    for (const s of sittings) {
      const row = perSession[s.sessionIndex]!;
      for (let seat = 1; seat < s.kinds.length; seat++) {
        if (s.kinds[seat] === USABLE) row.available++;
        if (s.occupant[seat] !== 0) row.seated++;
      }
    }
    let needed = 0;
    for (let i = 0; i < candidates.length; i++) {
      if (eligible[i] && candidates[i]!.siteJurisdiction === jurisdiction) needed++;
    }
    const available = perSession.reduce((sum, r) => sum + r.available, 0);
    const seated = perSession.reduce((sum, r) => sum + r.seated, 0);
    return { jurisdiction, needed, available, seated, shortfall: needed - seated, sessions: perSession };
  });

  unseated.sort((a, b) => a.applicationId - b.applicationId);
  pinnedProblems.sort((a, b) => a.applicationId - b.applicationId);
  const count = (source: AssignmentSource) => assignments.filter((a) => a.source === source).length;
  const eligibleCount = eligible.reduce((sum, e) => sum + e, 0);
  return {
    assignments,
    unseated,
    pinnedProblems,
    capacity,
    counts: {
      candidates: candidates.length,
      eligible: eligibleCount,
      seated: assignments.length,
      unseated: unseated.length,
      pinnedKept: count('pinned'),
      previousKept: count('previous'),
      placed: count('new'),
      unitNeighbours,
      splitGroups,
    },
  };
}

// ─── 考场号 ─────────────────────────────────────────────────────────────────────────────────────────────

export interface ExamRoomNumber {
  sessionId: number;
  roomId: number;
  /** 1…99 within the room's jurisdiction and centre. */
  examRoom: number;
}

/**
 * The 考场号 of every (session, room): numbers already given (`existing`, as stored) are kept, so a printed ticket
 * number never changes when a room or session is added later; each new pair gets the lowest number not yet used in
 * its jurisdiction's centre, pairs taken sessions first (in order), then rooms (room code, id). The number of a
 * pair that no longer exists (its room deleted) is free again: its candidates were seated anew and notified
 * (PINNED_SEAT_GONE), so their old tickets are void. Throws RangeError when a centre would need more than 99.
 */
export function examRoomNumbers(
  sessions: readonly SeatingSession[],
  rooms: readonly SeatingRoom[],
  existing: readonly ExamRoomNumber[] = [],
): ExamRoomNumber[] {
  const sorted = [...rooms].sort(compareRooms);
  const roomById = new Map(rooms.map((r) => [r.id, r]));
  const centreOf = (room: SeatingRoom) => `${room.jurisdiction}\u0000${room.centreCode}`;
  const used = new Map<string, Set<number>>();
  const kept = new Map<string, number>();
  for (const e of existing) {
    const room = roomById.get(e.roomId);
    if (!room) continue;
    const centre = centreOf(room);
    let set = used.get(centre);
    if (!set) {
      set = new Set();
      used.set(centre, set);
    }
    set.add(e.examRoom);
    kept.set(`${e.sessionId}:${e.roomId}`, e.examRoom);
  }
  const out: ExamRoomNumber[] = [];
  for (const session of sortedSessions(sessions)) {
    for (const room of sorted) {
      const given = kept.get(`${session.id}:${room.id}`);
      if (given !== undefined) {
        out.push({ sessionId: session.id, roomId: room.id, examRoom: given });
        continue;
      }
      const centre = centreOf(room);
      let set = used.get(centre);
      if (!set) {
        set = new Set();
        used.set(centre, set);
      }
      let n = 1;
      while (set.has(n)) n++;
      if (n > MAX_EXAM_ROOMS_PER_CENTRE) {
        throw new RangeError(`centre ${room.centreCode} of ${room.jurisdiction} needs more than 99 考场`);
      }
      set.add(n);
      out.push({ sessionId: session.id, roomId: room.id, examRoom: n });
    }
  }
  return out;
}

// ─── Manual moves and swaps ────────────────────────────────────────────────────────────────────────────────
//
// Pure: each returns a new state or a coded refusal, and never changes the state it was given. The invariants
// the automatic run also keeps hold after any sequence of accepted moves and swaps: one seat per candidate, one
// candidate per seat of a session, seats in use and in the candidate's jurisdiction, spare seats only when the
// caller said so (a machine failure on exam day), and two applications of one person never in one session.

export interface SeatingState {
  candidates: readonly SeatingCandidate[];
  sessions: readonly SeatingSession[];
  rooms: readonly SeatingRoom[];
  assignments: readonly SeatAssignment[];
}

export interface SeatTarget {
  sessionId: number;
  roomId: number;
  seat: number;
}

export interface MoveOptions {
  /** Allow a spare seat (备用机位): only for a machine failure. */
  allowSpare?: boolean;
}

export const MOVE_REFUSAL_CODES = {
  SEATING_UNKNOWN_CANDIDATE: '考生不在本次编排范围内',
  SEATING_NOT_ELIGIBLE: '该考生不符合安排座位的条件',
  SEATING_NOT_SEATED: '该考生尚未安排座位',
  SEATING_SAME_CANDIDATE: '不能与自己调换座位',
  SEATING_NO_SESSION: '考试场次不存在',
  SEATING_NO_ROOM: '考场不存在',
  SEATING_NO_SEAT: '座位不存在',
  SEATING_SEAT_OUT_OF_USE: '该座位已停用',
  SEATING_SEAT_SPARE: '该座位为备用机位，仅在机器故障时可以使用',
  SEATING_SEAT_TAKEN: '该座位已有考生',
  SEATING_OTHER_JURISDICTION: '考场不在考生的考试地区',
  SEATING_SESSION_CLASH: '该考生本人在该场次已有其他考试安排',
  SEATING_WRONG_SESSION: '该场次不考该考生的科目（一级考生只能安排在一级场次，其他等级不能安排在一级场次）',
} as const;
export type MoveRefusalCode = keyof typeof MOVE_REFUSAL_CODES;

export type MoveResult = { ok: true; state: SeatingState } | { ok: false; code: MoveRefusalCode; message: string };

const refuse = (code: MoveRefusalCode): MoveResult => ({ ok: false, code, message: MOVE_REFUSAL_CODES[code] });

function findCandidate(state: SeatingState, applicationId: number): SeatingCandidate | undefined {
  return state.candidates.find((c) => c.applicationId === applicationId);
}

/** Why a candidate may not sit on a target seat (other occupants aside), or null. */
function seatProblem(
  state: SeatingState,
  candidate: SeatingCandidate,
  target: SeatTarget,
  options: MoveOptions,
  ignore: readonly number[],
): MoveRefusalCode | null {
  const session = state.sessions.find((s) => s.id === target.sessionId);
  if (!session) return 'SEATING_NO_SESSION';
  if (!sessionServes(session, candidate.grade)) return 'SEATING_WRONG_SESSION';
  const room = state.rooms.find((r) => r.id === target.roomId);
  if (!room) return 'SEATING_NO_ROOM';
  const kinds = seatKinds(room.seatMap);
  if (!Number.isInteger(target.seat) || target.seat < 1 || target.seat >= kinds.length) return 'SEATING_NO_SEAT';
  if (kinds[target.seat] === NO_SEAT) return 'SEATING_SEAT_OUT_OF_USE';
  if (room.jurisdiction !== candidate.siteJurisdiction) return 'SEATING_OTHER_JURISDICTION';
  if (kinds[target.seat] === SPARE && !options.allowSpare) return 'SEATING_SEAT_SPARE';
  if (candidate.personKey !== undefined) {
    const others = new Set(
      state.candidates
        .filter(
          (c) =>
            c.personKey === candidate.personKey &&
            c.applicationId !== candidate.applicationId &&
            !ignore.includes(c.applicationId),
        )
        .map((c) => c.applicationId),
    );
    if (state.assignments.some((a) => others.has(a.applicationId) && a.sessionId === target.sessionId)) {
      return 'SEATING_SESSION_CLASH';
    }
  }
  return null;
}

/** Moves one candidate (seated or not yet) to a free seat. */
export function moveCandidate(
  state: SeatingState,
  applicationId: number,
  target: SeatTarget,
  options: MoveOptions = {},
): MoveResult {
  const candidate = findCandidate(state, applicationId);
  if (!candidate) return refuse('SEATING_UNKNOWN_CANDIDATE');
  if (!candidate.eligible) return refuse('SEATING_NOT_ELIGIBLE');
  const problem = seatProblem(state, candidate, target, options, []);
  if (problem) return refuse(problem);
  const holder = state.assignments.find(
    (a) => a.sessionId === target.sessionId && a.roomId === target.roomId && a.seat === target.seat,
  );
  if (holder && holder.applicationId !== applicationId) return refuse('SEATING_SEAT_TAKEN');
  const moved: SeatAssignment = { applicationId, ...pickTarget(target) };
  const assignments = state.assignments.filter((a) => a.applicationId !== applicationId);
  assignments.push(moved);
  return { ok: true, state: { ...state, assignments } };
}

function pickTarget(t: SeatTarget): SeatTarget {
  return { sessionId: t.sessionId, roomId: t.roomId, seat: t.seat };
}

/** Swaps the seats of two seated candidates. */
export function swapCandidates(state: SeatingState, a: number, b: number, options: MoveOptions = {}): MoveResult {
  if (a === b) return refuse('SEATING_SAME_CANDIDATE');
  const ca = findCandidate(state, a);
  const cb = findCandidate(state, b);
  if (!ca || !cb) return refuse('SEATING_UNKNOWN_CANDIDATE');
  if (!ca.eligible || !cb.eligible) return refuse('SEATING_NOT_ELIGIBLE');
  const sa = state.assignments.find((x) => x.applicationId === a);
  const sb = state.assignments.find((x) => x.applicationId === b);
  if (!sa || !sb) return refuse('SEATING_NOT_SEATED');
  const problem = seatProblem(state, ca, sb, options, [b]) ?? seatProblem(state, cb, sa, options, [a]);
  if (problem) return refuse(problem);
  const assignments = state.assignments.map((x) =>
    x.applicationId === a
      ? { applicationId: a, ...pickTarget(sb) }
      : x.applicationId === b
        ? { applicationId: b, ...pickTarget(sa) }
        : x,
  );
  return { ok: true, state: { ...state, assignments } };
}
