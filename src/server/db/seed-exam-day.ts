// The demo's exam day (示例): `zhengzhou` assigns the demo's `proctor` to every room of 郑州市's centres where
// candidates sit in 示例 第一场, through the proctoring service (audited as `zhengzhou`), so that a newcomer who
// starts the demo on that morning (`APP_TODAY=<date>T08:25 npm start`, README) finds the proctor's room at /proctor
// and the candidates' seats at /exam/. Idempotent: a room that has the proctor already is skipped.
import { and, eq, inArray } from 'drizzle-orm';
import type { AppDeps } from '../deps.js';
import { assignProctor, sessionRooms } from '../modules/proctoring/proctoring.service.js';
import type { ServiceContext } from '../platform/context.js';
import { actorOf } from '../platform/sessions.js';
import { inSystemTx } from '../platform/tx.js';
import { DEMO_SEED_META } from './demo-accounts.js';
import { accounts, examSessions, orgNodes } from './schema.js';
import { DEMO_GRADE1_SESSION_NAME, DEMO_SESSION_NAMES } from './seed-sessions-training.js';

/** The session the demo's exam day runs (README's exam-day walk-through). */
export const DEMO_EXAM_DAY_SESSION = DEMO_SESSION_NAMES[0];

export interface DemoExamDayResult {
  /** Rooms `proctor` was assigned to now. */
  assigned: number;
}

type DemoSessionDay = { sessionId: number; date: string; startTime: string; command: string };

/** A demo session by name, with the command a newcomer runs for it (five minutes before it opens), or null. */
async function demoSessionDay(deps: AppDeps, name: string, campaignId?: number): Promise<DemoSessionDay | null> {
  const [session] = await inSystemTx(deps.db, (tx) =>
    tx
      .select({ id: examSessions.id, date: examSessions.sessionDate, startTime: examSessions.startTime })
      .from(examSessions)
      .where(
        and(
          eq(examSessions.name, name),
          ...(campaignId === undefined ? [] : [eq(examSessions.campaignId, campaignId)]),
        ),
      )
      .orderBy(examSessions.id),
  );
  if (!session) return null;
  const [hh, mm] = session.startTime.split(':').map(Number) as [number, number];
  const minutes = hh * 60 + mm - 5;
  const at = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return {
    sessionId: session.id,
    date: session.date,
    startTime: session.startTime.slice(0, 5),
    command: `APP_TODAY=${session.date}T${at} npm start`,
  };
}

/** `proctor` for every seated room of the session in 郑州市 (audited as `zhengzhou`, who assigns them). */
async function assignDemoProctor(deps: AppDeps, day: DemoSessionDay | null): Promise<DemoExamDayResult> {
  const result: DemoExamDayResult = { assigned: 0 };
  const rows = await inSystemTx(deps.db, (tx) =>
    tx
      .select({ account: accounts, nodeName: orgNodes.name })
      .from(accounts)
      .leftJoin(orgNodes, eq(orgNodes.id, accounts.orgNodeId))
      .where(inArray(accounts.username, ['zhengzhou', 'proctor'])),
  );
  const zhengzhou = rows.find((r) => r.account.username === 'zhengzhou');
  const proctor = rows.find((r) => r.account.username === 'proctor');
  if (!day || !zhengzhou || !proctor) return result;
  const ctx: ServiceContext = { actor: actorOf(zhengzhou.account, zhengzhou.nodeName), meta: DEMO_SEED_META };
  const rooms = await sessionRooms(deps, ctx, day.sessionId);
  for (const room of rooms.items) {
    if (room.seated === 0 || room.proctors.some((p) => p.accountId === proctor.account.id)) continue;
    await assignProctor(deps, ctx, day.sessionId, room.roomId, proctor.account.id);
    result.assigned++;
  }
  return result;
}

/** The session of the exam-day demo (示例 第一场), with the command a newcomer runs for it. */
export function demoExamDay(deps: AppDeps, campaignId?: number): Promise<DemoSessionDay | null> {
  return demoSessionDay(deps, DEMO_EXAM_DAY_SESSION, campaignId);
}

export async function seedDemoExamDay(deps: AppDeps, campaignId: number): Promise<DemoExamDayResult> {
  return assignDemoProctor(deps, await demoExamDay(deps, campaignId));
}

// ─── The 一级 session's exam day (issue 17 part 2) ────────────────────────────────────────────────────────

/** The 一级 session with the command a newcomer runs for it (README), or null. */
export function demoGrade1ExamDay(deps: AppDeps, campaignId?: number): Promise<DemoSessionDay | null> {
  return demoSessionDay(deps, DEMO_GRADE1_SESSION_NAME, campaignId);
}

/** `proctor` for every seated room of the 一级 session in 郑州市, as for 示例 第一场. */
export async function seedDemoGrade1ExamDay(deps: AppDeps, campaignId: number): Promise<DemoExamDayResult> {
  return assignDemoProctor(deps, await demoGrade1ExamDay(deps, campaignId));
}
