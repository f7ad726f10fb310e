// The demo's scores (示例): a few seated candidates who have a paper for every subject of their session (电工 and
// 保育员 in 示例 第一场: 第二场's 汽车驾驶员 have no 岗位技能 papers until the bank walk-through) are given finished
// attempts (the last ones by 准考证号, never 刘建军, whom the exam-day walk-through signs in): each subject handed in with saved
// answers (some right, some wrong, from the paper's own keys) and the score domain/exam.ts scoreAnswers gives them,
// as exam day would have stored. Then `province` compiles the score table (成绩汇总, audited), so that after
// `npm start` the province sees scores at 成绩 and can release them, and the public lookup answers once released
// (README: demo). Idempotent: nothing is done when the campaign has results already.
import { and, eq, sql } from 'drizzle-orm';
import { scoreAnswers, subjectWindows } from '../../domain/exam.js';
import type { SessionSubject } from '../../domain/sessions.js';
import type { AppDeps } from '../deps.js';
import { paperKeysForDelivery } from '../modules/papers/papers.service.js';
import { compileScores } from '../modules/scores/scores.service.js';
import { actorOf } from '../platform/sessions.js';
import { inSystemTx } from '../platform/tx.js';
import { resultRows } from './client.js';
import { DEMO_SEED_META } from './demo-accounts.js';
import { accounts } from './schema.js';
import { DEMO_SESSION_NAMES } from './seed-sessions-training.js';

/** The exam-day walk-through's candidate (README), left to sit the exam. */
const WALKTHROUGH_ID_NUMBER = '41010519820716031X';
/** How many candidates get sample scores, and the share of items each answers right (one fails a subject). */
const RIGHT_PER_MILLE = [900, 780, 520, 700];

export interface DemoScoresResult {
  /** Candidates given sample finished attempts now. */
  candidates: number;
}

export async function seedDemoScores(deps: AppDeps, campaignId: number): Promise<DemoScoresResult> {
  if (!deps.contentKey) return { candidates: 0 };
  const seeded = await inSystemTx(deps.db, async (tx) => {
    const existing = resultRows<{ n: number }>(
      await tx.execute(sql`
        select (select count(*) from score_results where campaign_id = ${campaignId})
          + (select count(*) from score_states where campaign_id = ${campaignId}) as n`),
    );
    if (Number(existing[0]?.n ?? 0) > 0) return 0;
    const seats = resultRows<{
      application_id: number;
      session_id: number;
      room_id: number;
      centre_id: number;
      seat: number;
      seat_label: string;
      ticket_number: string;
      org_path: string;
      applicant_account_id: number | null;
      centre_path: string;
      subjects: SessionSubject[];
      session_date: string;
      start_time: string;
      papers: { subject: SessionSubject['subject']; id: number }[];
    }>(
      await tx.execute(sql`
        select sa.application_id, sa.session_id, sa.room_id, sa.centre_id, sa.seat, sa.seat_label, sa.ticket_number,
          sa.org_path, sa.applicant_account_id, sa.centre_path, es.subjects, es.session_date::text as session_date,
          es.start_time, (select coalesce(jsonb_agg(jsonb_build_object('subject', p.subject, 'id', p.id)), '[]')
            from papers p where p.application_id = sa.application_id and p.sitting = 1) as papers
        from seat_assignments sa join exam_sessions es on es.id = sa.session_id
          join applications a on a.id = sa.application_id
        where sa.campaign_id = ${campaignId} and es.name = any(${`{${DEMO_SESSION_NAMES.join(',')}}`}::text[])
          and a.id_number <> ${WALKTHROUGH_ID_NUMBER}
          and not exists (select 1 from exam_attempts e where e.application_id = sa.application_id)
        order by sa.ticket_number desc`),
    );
    let n = 0;
    const now = deps.clock.now().toISOString();
    for (const seat of seats) {
      if (n >= RIGHT_PER_MILLE.length) break;
      const paperOf = new Map(seat.papers.map((p) => [p.subject, Number(p.id)]));
      if (!seat.subjects.every((s) => paperOf.has(s.subject))) continue;
      const windows = subjectWindows({ date: seat.session_date, startTime: seat.start_time, subjects: seat.subjects });
      const [attempt] = resultRows<{ id: number }>(
        await tx.execute(sql`
          insert into exam_attempts (application_id, campaign_id, session_id, room_id, centre_id, seat, seat_label,
            ticket_number, org_path, applicant_account_id, centre_path, status, signed_in_at, admitted_at, created_at,
            updated_at)
          values (${seat.application_id}, ${campaignId}, ${seat.session_id}, ${seat.room_id}, ${seat.centre_id},
            ${seat.seat}, ${seat.seat_label}, ${seat.ticket_number}, ${seat.org_path}, ${seat.applicant_account_id},
            ${seat.centre_path}, 'finished', ${windows[0]!.opensAt.toISOString()}::timestamptz,
            ${windows[0]!.opensAt.toISOString()}::timestamptz, ${now}::timestamptz, ${now}::timestamptz)
          returning id`),
      );
      for (const w of windows) {
        const paperId = paperOf.get(w.subject)!;
        const keys = await paperKeysForDelivery(deps, tx, paperId);
        const answers = new Map<number, string>();
        keys.forEach((k, i) => {
          const right = (i * 379 + n * 131) % 1000 < RIGHT_PER_MILLE[n]!;
          answers.set(i + 1, right ? k.key : k.key === 'A' ? 'B' : k.key === 'T' ? 'F' : k.key === 'F' ? 'T' : 'A');
        });
        const score = scoreAnswers(keys, answers).score;
        const submittedAt = new Date(w.deadlineAt.getTime() - 12 * 60_000).toISOString();
        const maxScore = Math.round(keys.reduce((s, k) => s + k.points * 100, 0)) / 100;
        const [subject] = resultRows<{ id: number }>(
          await tx.execute(sql`
            insert into attempt_subjects (attempt_id, subject, position, paper_id, item_count, max_score, opens_at,
              deadline_at, started_at, submitted_at, submit_kind, answered_count, score, org_path,
              applicant_account_id, centre_path, centre_id)
            values (${attempt!.id}, ${w.subject}, ${w.position}, ${paperId}, ${keys.length}, ${maxScore},
              ${w.opensAt.toISOString()}::timestamptz, ${w.deadlineAt.toISOString()}::timestamptz,
              ${w.opensAt.toISOString()}::timestamptz, ${submittedAt}::timestamptz, 'candidate', ${keys.length},
              ${score}, ${seat.org_path}, ${seat.applicant_account_id}, ${seat.centre_path}, ${seat.centre_id})
            returning id`),
        );
        const positions = [...answers.keys()];
        await tx.execute(sql`
          insert into attempt_answers (attempt_subject_id, position, answer, seq, saved_at)
          select ${subject!.id}, v.p, v.a, v.p, ${submittedAt}::timestamptz
          from unnest(${`{${positions.join(',')}}`}::int[], ${`{${positions.map((p) => `"${answers.get(p)}"`).join(',')}}`}::text[]) as v(p, a)`);
      }
      n++;
    }
    return n;
  });
  if (seeded > 0) {
    const [province] = await inSystemTx(deps.db, (tx) =>
      tx
        .select()
        .from(accounts)
        .where(and(eq(accounts.username, 'province'), eq(accounts.role, 'province_admin'))),
    );
    if (province) await compileScores(deps, { actor: actorOf(province, '河南省'), meta: DEMO_SEED_META }, campaignId);
  }
  return { candidates: seeded };
}
