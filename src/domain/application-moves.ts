// Every legal change of an application's place in its lifecycle — status, the level it was returned to, whether a
// department's or a jurisdiction's 汇总上报 batch holds it — and who may make it. The database refuses any other
// change (migration 0013's trigger checks each update against the table application_moves, which migrate() fills
// from allApplicationMoves()), so a service bug or a hand-written UPDATE cannot skip a level or reopen a decision.
//
// Three sources, one list: the review chain's decisions (transition() in review.ts, enumerated over every state),
// the registration moves (submit, confirm, resubmit), and the 汇总上报 batches (a batch taking an application).

import { type ApplicationStatus, levelOfRole, REVIEW_ACTIONS, type Stage, transition } from './review.js';
import type { Role } from './roles.js';

/** Where an application stands, as far as moves are concerned. */
export interface MoveState {
  status: ApplicationStatus;
  returnedTo: Stage | null;
  /** Held by a department's batch (department_batch_id set). */
  departmentBatch: boolean;
  /** Held by a jurisdiction's batch (jurisdiction_batch_id set). */
  jurisdictionBatch: boolean;
}

export interface ApplicationMove {
  role: Role;
  /** Registered online by the applicant (source 'online'): the unit's returns go back to the applicant. */
  online: boolean;
  from: MoveState;
  to: MoveState;
}

const REVIEW_ROLES = ['unit_officer', 'department_reviewer', 'jurisdiction_admin', 'province_admin'] as const;

const state = (
  status: ApplicationStatus,
  returnedTo: Stage | null = null,
  departmentBatch = false,
  jurisdictionBatch = false,
): MoveState => ({ status, returnedTo, departmentBatch, jurisdictionBatch });

/** The registration moves (applications.service): the unit submits, confirms and resubmits; the applicant submits. */
const REGISTRATION_MOVES: readonly ApplicationMove[] = [false, true].flatMap((online) => [
  // The unit submits its draft, or what was returned to it, for its own pre-review.
  ...(online ? [] : [{ role: 'unit_officer' as const, online, from: state('draft'), to: state('submitted') }]),
  { role: 'unit_officer' as const, online, from: state('returned', 'unit'), to: state('submitted') },
  // The unit confirms an online registration.
  ...(online ? [{ role: 'unit_officer' as const, online, from: state('awaiting_unit'), to: state('submitted') }] : []),
  // The applicant submits their online registration, or resubmits what the unit returned to them.
  ...(online
    ? [
        { role: 'applicant' as const, online, from: state('draft'), to: state('awaiting_unit') },
        { role: 'applicant' as const, online, from: state('returned', 'applicant'), to: state('awaiting_unit') },
      ]
    : []),
]);

/** 汇总上报 (review.batches): a department's batch takes what it approved; a jurisdiction's what it found qualified. */
const BATCH_MOVES: readonly ApplicationMove[] = [false, true].flatMap((online) => [
  {
    role: 'department_reviewer' as const,
    online,
    from: state('department_approved'),
    to: state('department_approved', null, true),
  },
  {
    role: 'jurisdiction_admin' as const,
    online,
    from: state('jurisdiction_approved', null, true),
    to: state('jurisdiction_approved', null, true, true),
  },
]);

const sameState = (a: MoveState, b: MoveState) =>
  a.status === b.status &&
  a.returnedTo === b.returnedTo &&
  a.departmentBatch === b.departmentBatch &&
  a.jurisdictionBatch === b.jurisdictionBatch;

/** The review chain's decisions from one state, by every reviewing role and action (transition() in review.ts). */
function reviewMovesFrom(from: MoveState, online: boolean): ApplicationMove[] {
  const out: ApplicationMove[] = [];
  for (const role of REVIEW_ROLES) {
    const level = levelOfRole(role)!;
    // 省直单位 and 中央驻豫单位 (reviewed by the province) or not: the table holds the moves of both.
    for (const reviewedByProvince of [false, true])
      for (const action of REVIEW_ACTIONS) {
        const result = transition(
          {
            status: from.status,
            returnedTo: from.returnedTo,
            source: online ? 'online' : 'unit',
            departmentBatchId: from.departmentBatch ? 1 : null,
            jurisdictionBatchId: from.jurisdictionBatch ? 1 : null,
            reviewedByProvince,
          },
          level,
          action,
        );
        if (!result.ok) continue;
        out.push({
          role,
          online,
          from,
          to: {
            status: result.status,
            returnedTo: result.returnedTo,
            departmentBatch: result.departmentBatchId !== null,
            jurisdictionBatch: result.jurisdictionBatchId !== null,
          },
        });
      }
  }
  return out;
}

export function moveKey(m: ApplicationMove): string {
  const s = (x: MoveState) => `${x.status}/${x.returnedTo ?? '-'}/${+x.departmentBatch}${+x.jurisdictionBatch}`;
  return `${m.role}|${+m.online}|${s(m.from)}>${s(m.to)}`;
}

/**
 * Every legal move, each once, in a stable order: all moves from every state an application can reach, starting
 * from the states it can be created in (CREATIONS) and following review decisions, registration moves and batches.
 */
export function allApplicationMoves(): ApplicationMove[] {
  const moves = new Map<string, ApplicationMove>();
  const seen = new Set<string>();
  const queue: { state: MoveState; online: boolean }[] = CREATIONS.map((c) => ({
    state: state(c.status),
    online: c.online,
  }));
  while (queue.length > 0) {
    const { state: from, online } = queue.shift()!;
    const key = `${+online}|${from.status}/${from.returnedTo}/${+from.departmentBatch}${+from.jurisdictionBatch}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const fixed = [...REGISTRATION_MOVES, ...BATCH_MOVES].filter((m) => m.online === online && sameState(m.from, from));
    for (const m of [...reviewMovesFrom(from, online), ...fixed]) {
      moves.set(moveKey(m), m);
      queue.push({ state: m.to, online });
    }
  }
  return [...moves.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, m]) => m);
}

/**
 * What an application may be created as, and by whom: a unit (by hand or by import) as a draft or submitted at
 * once; an applicant online as a draft or submitted to the unit (applications.service insertOne).
 */
export const CREATIONS: readonly { role: Role; online: boolean; status: ApplicationStatus }[] = [
  { role: 'unit_officer', online: false, status: 'draft' },
  { role: 'unit_officer', online: false, status: 'submitted' },
  { role: 'applicant', online: true, status: 'draft' },
  { role: 'applicant', online: true, status: 'awaiting_unit' },
];
