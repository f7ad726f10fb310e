import { and, eq, inArray } from 'drizzle-orm';
import { addDays } from '../../domain/timetable.js';
import type { AppDeps } from '../deps.js';
import { createSession } from '../modules/sessions/sessions.service.js';
import {
  addSitting,
  createClass,
  enrolCandidates,
  getRoster,
  recordAttendance,
} from '../modules/training/training.service.js';
import type { Actor, ServiceContext } from '../platform/context.js';
import { actorOf } from '../platform/sessions.js';
import { inSystemTx } from '../platform/tx.js';
import { DEMO_SEED_META } from './demo-accounts.js';
import { accounts, campaignPhases, campaigns, examSessions, jobTypes, orgNodes, trainingClasses } from './schema.js';

export const DEMO_SESSION_NAMES = ['示例 第一场', '示例 第二场'] as const;
export const DEMO_CLASS_NAME = '示例 保育员四级培训班';

export interface DemoSessionsTrainingResult {
  sessions: number;
  classCreated: boolean;
  enrolled: number;
}

const SUBJECTS = [
  { subject: 'skill' as const, durationMinutes: 60, breakAfterMinutes: 20 },
  { subject: 'ethics' as const, durationMinutes: 60, breakAfterMinutes: 20 },
  { subject: 'ability' as const, durationMinutes: 60, breakAfterMinutes: 0 },
];

/**
 * The demo's sessions and training (示例): two sessions on the first two days of the exam phase, planned by
 * `province`; one class in 郑州市 by `zhengzhou` for 保育员 四级 with the jurisdiction's confirmed 示例考生 of that job type
 * (its 电工 stay free for a class of their own, as the journey builds), two sittings and their attendance. Through the real services (audited as the demo accounts). Idempotent: each part
 * is skipped once its 示例 rows exist; nothing happens while the campaign has no confirmed candidates or is closed.
 */
export async function seedDemoSessionsTraining(deps: AppDeps, campaignId: number): Promise<DemoSessionsTrainingResult> {
  const loaded = await inSystemTx(deps.db, async (tx) => {
    const phases = await tx.select().from(campaignPhases).where(eq(campaignPhases.campaignId, campaignId));
    const sessions = await tx
      .select({ name: examSessions.name })
      .from(examSessions)
      .where(and(eq(examSessions.campaignId, campaignId), inArray(examSessions.name, [...DEMO_SESSION_NAMES])));
    const classes = await tx
      .select({ id: trainingClasses.id })
      .from(trainingClasses)
      .where(and(eq(trainingClasses.campaignId, campaignId), eq(trainingClasses.name, DEMO_CLASS_NAME)));
    const rows = await tx
      .select({ account: accounts, nodeName: orgNodes.name })
      .from(accounts)
      .leftJoin(orgNodes, eq(orgNodes.id, accounts.orgNodeId))
      .where(inArray(accounts.username, ['province', 'zhengzhou']));
    const types = await tx
      .select({ id: jobTypes.id, name: jobTypes.name })
      .from(jobTypes)
      .innerJoin(campaigns, eq(campaigns.catalogVersionId, jobTypes.versionId))
      .where(and(eq(campaigns.id, campaignId), eq(jobTypes.name, '保育员')));
    return { phases, sessions, classes, rows, types };
  });
  const actors = new Map<string, Actor>(loaded.rows.map((r) => [r.account.username, actorOf(r.account, r.nodeName)]));
  const as = (username: string): ServiceContext => {
    const actor = actors.get(username);
    if (!actor) throw new Error(`demo seed: account ${username} not found`);
    return { actor, meta: DEMO_SEED_META };
  };
  const exam = loaded.phases.find((p) => p.phase === 'exam');
  const training = loaded.phases.find((p) => p.phase === 'training');
  const result: DemoSessionsTrainingResult = { sessions: 0, classCreated: false, enrolled: 0 };
  if (!exam || !training) return result;

  if (loaded.sessions.length === 0) {
    for (const [i, name] of DEMO_SESSION_NAMES.entries()) {
      await createSession(deps, as('province'), campaignId, {
        name,
        date: addDays(exam.startsOn, i),
        startTime: '08:30',
        subjects: SUBJECTS,
        lateEntryMinutes: 15,
        earliestHandInMinutes: 30,
        capacityNote: '示例：演示数据',
      });
      result.sessions++;
    }
  }

  if (loaded.classes.length === 0) {
    const startsOn = training.startsOn;
    const cls = await createClass(deps, as('zhengzhou'), campaignId, {
      name: DEMO_CLASS_NAME,
      startsOn,
      endsOn: addDays(startsOn, 13),
      place: '示例：郑州市职业技能公共实训中心 201 教室',
      teacher: '示例：李老师',
      jobTypeIds: loaded.types.map((t) => t.id),
      grades: [4],
      capacity: 40,
    });
    result.classCreated = true;
    result.enrolled = (await enrolCandidates(deps, as('zhengzhou'), cls.id, { filter: {} })).added;
    const first = await addSitting(deps, as('zhengzhou'), cls.id, { date: startsOn, topic: '示例：安全操作规程' });
    const second = await addSitting(deps, as('zhengzhou'), cls.id, {
      date: addDays(startsOn, 7),
      topic: '示例：职业道德',
    });
    const roster = await getRoster(deps, as('zhengzhou'), cls.id, 1, 200);
    const ids = roster.items.map((r) => r.applicationId);
    if (ids.length > 0) {
      await recordAttendance(
        deps,
        as('zhengzhou'),
        cls.id,
        first.id,
        ids.map((applicationId) => ({ applicationId, status: 'present' as const })),
      );
      // The last one missed the second sitting: the class page shows one candidate short of completion.
      await recordAttendance(
        deps,
        as('zhengzhou'),
        cls.id,
        second.id,
        ids.map((applicationId, i) => ({
          applicationId,
          status: i === ids.length - 1 ? ('absent' as const) : ('present' as const),
        })),
      );
    }
  }
  return result;
}

// ─── The 一级 session (issue 17 part 2) ───────────────────────────────────────────────────────────────────

export const DEMO_GRADE1_SESSION_NAME = '示例 一级场次';

/**
 * The demo's 一级 session (示例): 职业道德 then 专业基础知识, two weeks into the campaign's 一级考评 phase (rules.md §8:
 * September to November), planned by `province` through the sessions service. The seating run puts the 一级 示例考生
 * there and nobody else (a session serves the grades that sit all its subjects). Idempotent: skipped once it exists.
 */
export async function seedDemoGrade1Session(deps: AppDeps, campaignId: number): Promise<{ created: boolean }> {
  const loaded = await inSystemTx(deps.db, async (tx) => {
    const phases = await tx.select().from(campaignPhases).where(eq(campaignPhases.campaignId, campaignId));
    const [existing] = await tx
      .select({ id: examSessions.id })
      .from(examSessions)
      .where(and(eq(examSessions.campaignId, campaignId), eq(examSessions.name, DEMO_GRADE1_SESSION_NAME)));
    const [row] = await tx
      .select({ account: accounts, nodeName: orgNodes.name })
      .from(accounts)
      .leftJoin(orgNodes, eq(orgNodes.id, accounts.orgNodeId))
      .where(eq(accounts.username, 'province'));
    return { phase: phases.find((p) => p.phase === 'grade1_evaluation'), existing, row };
  });
  if (!loaded.phase || loaded.existing || !loaded.row) return { created: false };
  await createSession(
    deps,
    { actor: actorOf(loaded.row.account, loaded.row.nodeName), meta: DEMO_SEED_META },
    campaignId,
    {
      name: DEMO_GRADE1_SESSION_NAME,
      date: addDays(loaded.phase.startsOn, 14),
      startTime: '09:00',
      subjects: [
        { subject: 'ethics', durationMinutes: 60, breakAfterMinutes: 20 },
        { subject: 'basics', durationMinutes: 60, breakAfterMinutes: 0 },
      ],
      lateEntryMinutes: 15,
      earliestHandInMinutes: 30,
      capacityNote: '示例：一级（高级技师）理论考试，演示数据',
    },
  );
  return { created: true };
}
