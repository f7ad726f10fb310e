/**
 * `npm run bench:exam:faults [-- --candidates 300 --subjects 2 --minutes 2 --think-ms 600]`: exam day while the
 * server crashes. The data and servers as in bench/exam.ts; the simulated clients behave like the real client's
 * journal: every change gets the next seq and stays in the journal until a save's ackSeq covers it; the journal is
 * flushed (up to 200 changes a request) after each answer and retried with backoff while the server does not
 * answer (refused, reset, 5xx), while the candidate goes on answering; sign-in, state and paper are retried the same
 * way; the hand-in carries what is left in the journal and is retried until answered. Twice during the exam
 * (--kill-at, seconds after the opening; by default 40 % into the first subject's answering and 40 % into the
 * second's, or 75 % into a single subject's) every app process is killed with SIGKILL and started again after
 * --down-ms. At the end every acknowledged change must be in the database (the stored row's seq at least the
 * acknowledged one, the same answer when equal), every last change sent stored, and every candidate finished
 * (every subject handed in by the candidate).
 *
 * The last line is JSON: {"candidates", "kills", "acknowledgedLost", "finished"}.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { Subject } from '../src/domain/items.js';
import { runExamBench } from './exam-bench.js';
import { openSessionAt } from './exam-data.js';
import { freePort, startServer, stopServer } from './exam-server.js';
import {
  type AnswerChange,
  ExamHttp,
  type PaperResponse,
  type Reply,
  randomAnswer,
  rng,
  type SignInResponse,
  type StateResponse,
  sleep,
} from './exam-sim.js';
import { log } from './support.js';

const { values } = parseArgs({
  options: {
    candidates: { type: 'string' },
    processes: { type: 'string' },
    'think-ms': { type: 'string' },
    subjects: { type: 'string' },
    minutes: { type: 'string' },
    'down-ms': { type: 'string' },
    'kill-at': { type: 'string' },
  },
});
const N = Number(values.candidates ?? 300);
const P = Number(values.processes ?? 1);
const THINK_MS = Number(values['think-ms'] ?? 600);
const SUBJECTS = Number(values.subjects ?? 2);
const MINUTES = Number(values.minutes ?? 2);
const DOWN_MS = Number(values['down-ms'] ?? 2000);
const ITEMS = 100;
/** How long answering a subject takes on average (think time, plus the changes of earlier answers). */
const ANSWERING_MS = ITEMS * THINK_MS * 1.05;
const KILL_AT = values['kill-at']
  ? values['kill-at'].split(',').map((s) => Number(s) * 1000)
  : SUBJECTS >= 2
    ? [0.4 * ANSWERING_MS, MINUTES * 60_000 + 0.4 * ANSWERING_MS]
    : [0.4 * ANSWERING_MS, 0.75 * ANSWERING_MS];
if (
  ![N, P, THINK_MS, SUBJECTS, MINUTES, DOWN_MS].every((n) => Number.isInteger(n) && n > 0) ||
  SUBJECTS > 3 ||
  KILL_AT.some((t) => !Number.isFinite(t) || t < 0)
) {
  console.error(
    'usage: npm run bench:exam:faults -- [--candidates 300] [--processes 1] [--think-ms 600] [--subjects 2] ' +
      '[--minutes 2] [--down-ms 2000] [--kill-at s1,s2]',
  );
  process.exit(2);
}
if (ANSWERING_MS * 1.3 + DOWN_MS * KILL_AT.length + 20_000 > MINUTES * 60_000) {
  console.error(`--minutes ${MINUTES} is too short for 100 items at --think-ms ${THINK_MS} with the server down`);
  process.exit(2);
}
const HEARTBEAT_MS = 15_000;
const P_CHANGE = 0.1;
const t0 = performance.now();

/** Did the server not answer (down, reset, timed out, 5xx)? Then the client retries. */
const unanswered = (reply: Reply) => reply.status === 0 || reply.status >= 500;
const ok = (reply: Reply) => reply.status >= 200 && reply.status < 300;

interface Change extends AnswerChange {
  subject: number;
}

await runExamBench(
  'exam_faults',
  t0,
  { candidates: N, subjects: SUBJECTS, subjectMinutes: MINUTES },
  async ({ databaseUrl, database, key, data, servers }) => {
    const ports: number[] = [];
    for (let i = 0; i < P; i++) ports.push(await freePort());
    const start = (port: number) => startServer({ databaseUrl, bankKey: key.key.toString('hex'), port });
    servers.push(...(await Promise.all(ports.map(start))));
    log(t0, `${P} app process${P > 1 ? 'es' : ''} on port${P > 1 ? 's' : ''} ${ports.join(', ')}, round-robin`);
    const opening = await openSessionAt(database.db, data.sessionId, 8_000);
    log(
      t0,
      `the session opens at ${opening.toISOString()}; SIGKILL planned at ` +
        `${KILL_AT.map((t) => `+${(t / 1000).toFixed(0)} s`).join(' and ')}, each down ${DOWN_MS} ms`,
    );

    // A request unanswered for 30 s is given up and retried: long enough that the start's spike on a busy machine
    // does not make a client sign in twice (a second sign-in waits for the proctor: see the report's note).
    const httpClient = new ExamHttp(ports, 200, 30_000);
    const refusals = new Map<string, number>();
    const refuse = (what: string, reply: Reply) => {
      const k = `${what} ${reply.status} ${reply.code ?? ''}`.trim();
      refusals.set(k, (refusals.get(k) ?? 0) + 1);
    };
    let retries = 0;
    let finished = 0;
    let pendingClients = 0;
    /** Per candidate: the highest acknowledged change and the last change sent, per subject and position. */
    const acknowledged = new Map<string, Change>();
    const lastSent = new Map<string, Change>();

    /** Repeats a request while the server does not answer, with backoff (250 ms doubling to 3 s, jittered). */
    const persist = async <T>(fn: () => Promise<Reply<T>>, random: () => number): Promise<Reply<T>> => {
      for (let attempt = 0; ; attempt++) {
        const reply = await fn();
        if (!unanswered(reply)) return reply;
        retries++;
        await sleep(Math.min(3000, 250 * 2 ** attempt) * (0.5 + random()));
      }
    };

    const runCandidate = async (index: number): Promise<void> => {
      const c = data.candidates[index]!;
      const random = rng(index + 1);
      await sleep(opening.getTime() - Date.now() + random() * 2000);
      const signIn = await persist(
        () =>
          httpClient.request<SignInResponse>('POST', '/api/exam/sign-in', {
            ticketNumber: c.ticketNumber,
            idNumber: c.idNumber,
          }),
        random,
      );
      if (!ok(signIn)) return refuse('sign-in', signIn);
      if (signIn.body.status !== 'active') {
        pendingClients++;
        return refuse('sign-in answered pending', signIn);
      }
      const token = signIn.body.token;
      const journal: Change[] = [];
      let online = true;
      let done = false;
      let heartbeat: NodeJS.Timeout | undefined;
      const beat = async () => {
        if (done) return;
        const reply = await httpClient.request(
          'POST',
          '/api/exam/heartbeat',
          { unsaved: journal.length, online },
          token,
        );
        if (!ok(reply) && !unanswered(reply)) refuse('heartbeat', reply);
        if (!done) heartbeat = setTimeout(beat, HEARTBEAT_MS);
      };
      heartbeat = setTimeout(beat, random() * HEARTBEAT_MS);
      const acknowledge = (sent: readonly Change[], ackSeq: number) => {
        for (const change of sent) {
          if (change.seq > ackSeq) continue;
          const k = `${index}|${change.subject}|${change.position}`;
          const before = acknowledged.get(k);
          if (!before || before.seq < change.seq) acknowledged.set(k, change);
        }
        for (let i = journal.length - 1; i >= 0; i--) if (journal[i]!.seq <= ackSeq) journal.splice(i, 1);
      };
      try {
        const state = await persist(
          () => httpClient.request<StateResponse>('GET', '/api/exam/state', undefined, token),
          random,
        );
        if (!ok(state)) return refuse('state', state);
        let seq = 0;
        const subjects = [...state.body.subjects].sort((a, b) => a.position - b.position);
        for (const [k, subject] of subjects.entries()) {
          await sleep(Date.parse(subject.opensAt) - Date.now() + random() * 1000);
          const paper = await persist(
            () =>
              httpClient.request<PaperResponse>('GET', `/api/exam/subjects/${subject.subject}/paper`, undefined, token),
            random,
          );
          if (!ok(paper)) return refuse('paper', paper);
          const items = paper.body.items;
          // The journal's flush: one at a time, everything unacknowledged of this subject, retried with backoff.
          let flushing: Promise<void> | null = null;
          let failedFlush: Reply | null = null;
          const flush = (): Promise<void> => {
            flushing ??= (async () => {
              for (let attempt = 0; journal.length > 0 && !failedFlush; ) {
                const batch = journal.filter((j) => j.subject === k).slice(0, 200);
                if (batch.length === 0) break;
                const reply = await httpClient.request<{ ackSeq: number }>(
                  'POST',
                  '/api/exam/answers',
                  {
                    subject: subject.subject as Subject,
                    changes: batch.map(({ position, answer, flagged, seq }) => ({ position, answer, flagged, seq })),
                  },
                  token,
                );
                if (ok(reply)) {
                  online = true;
                  attempt = 0;
                  acknowledge(batch, reply.body.ackSeq);
                } else if (unanswered(reply)) {
                  online = false;
                  retries++;
                  await sleep(Math.min(3000, 250 * 2 ** attempt++) * (0.5 + random()));
                } else {
                  failedFlush = reply;
                  refuse('save', reply);
                }
              }
            })().finally(() => {
              flushing = null;
            });
            return flushing;
          };
          const answer = (position: number, value: string) => {
            const change: Change = { subject: k, position, answer: value, flagged: random() < 0.05, seq: ++seq };
            journal.push(change);
            lastSent.set(`${index}|${k}|${position}`, change);
            void flush();
          };
          for (const item of items) {
            await sleep(THINK_MS * (0.5 + random()));
            answer(item.position, randomAnswer(item, random));
            if (random() < P_CHANGE && item.position > 1) {
              await sleep((THINK_MS / 2) * random());
              const earlier = items[Math.floor(random() * (item.position - 1))]!;
              answer(earlier.position, random() < 0.2 ? '' : randomAnswer(earlier, random));
            }
          }
          // The hand-in carries what the journal still holds (the flush in flight may answer first).
          await flushing;
          if (failedFlush) return;
          const rest = journal.filter((j) => j.subject === k);
          if (rest.length > 200) await flush();
          const last = journal.filter((j) => j.subject === k);
          const submit = await persist(
            () =>
              httpClient.request(
                'POST',
                `/api/exam/subjects/${subject.subject}/submit`,
                { changes: last.map(({ position, answer, flagged, seq }) => ({ position, answer, flagged, seq })) },
                token,
              ),
            random,
          );
          if (!ok(submit)) return refuse('submit', submit);
          acknowledge(last, Number.MAX_SAFE_INTEGER);
        }
        finished++;
      } finally {
        done = true;
        clearTimeout(heartbeat);
      }
    };

    // ─── The crashes ───
    let kills = 0;
    const killer = (async () => {
      for (const at of KILL_AT) {
        await sleep(opening.getTime() + at - Date.now());
        await Promise.all(servers.map((s) => stopServer(s, 'SIGKILL')));
        kills++;
        log(t0, `SIGKILL ${kills}: pid ${servers.map((s) => s.pid).join(', ')} killed`);
        await sleep(DOWN_MS);
        servers.splice(0, servers.length, ...(await Promise.all(ports.map(start))));
        log(t0, `restarted as pid ${servers.map((s) => s.pid).join(', ')}`);
      }
    })();
    const progress = setInterval(
      () => log(t0, `${httpClient.requests} requests, ${retries} retries, ${finished} finished`),
      15_000,
    );
    await Promise.all(data.candidates.map((_, i) => runCandidate(i)));
    clearInterval(progress);
    await killer;
    httpClient.close();
    log(t0, `simulation done: ${finished}/${N} candidates handed in every subject; ${retries} retries`);

    // ─── Every acknowledged change in the database ───
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    let acknowledgedLost = 0;
    let lastLost = 0;
    let finishedInDb = 0;
    try {
      const appOf = new Map(data.candidates.map((c, i) => [c.applicationId, i]));
      const subjectIndex = new Map(data.subjects.map((s, i) => [s, i]));
      const stored = await client.query<{
        application_id: number;
        subject: string;
        position: number;
        answer: string;
        flagged: boolean;
        seq: number;
      }>(
        `select e.application_id, s.subject, a.position, a.answer, a.flagged, a.seq
         from attempt_answers a join attempt_subjects s on s.id = a.attempt_subject_id
           join exam_attempts e on e.id = s.attempt_id
         where e.session_id = $1`,
        [data.sessionId],
      );
      const byKey = new Map(
        stored.rows.map((r) => [
          `${appOf.get(r.application_id)}|${subjectIndex.get(r.subject as Subject)}|${r.position}`,
          r,
        ]),
      );
      for (const [k, change] of acknowledged) {
        const row = byKey.get(k);
        if (
          !row ||
          row.seq < change.seq ||
          (row.seq === change.seq && (row.answer !== change.answer || row.flagged !== change.flagged))
        ) {
          acknowledgedLost++;
        }
      }
      for (const [k, change] of lastSent) {
        const row = byKey.get(k);
        if (!row || row.seq !== change.seq || row.answer !== change.answer || row.flagged !== change.flagged) {
          lastLost++;
        }
      }
      const done = await client.query<{ n: number }>(
        `select count(*)::int as n from exam_attempts e where e.session_id = $1 and e.status = 'finished'
           and not exists (select 1 from attempt_subjects s where s.attempt_id = e.id
             and (s.submitted_at is null or s.submit_kind <> 'candidate'))
           and (select count(*) from attempt_subjects s where s.attempt_id = e.id) = $2`,
        [data.sessionId, SUBJECTS],
      );
      finishedInDb = done.rows[0]!.n;
      log(
        t0,
        `checked ${acknowledged.size} acknowledged changes (the newest per item) against ${stored.rows.length} stored ` +
          `answers: ${acknowledgedLost} lost; last changes sent not stored as sent: ${lastLost}; ` +
          `${finishedInDb} attempts finished with every subject handed in by the candidate`,
      );
    } finally {
      await client.end();
    }
    if (refusals.size > 0) console.log(`refusals (unexpected): ${JSON.stringify(Object.fromEntries(refusals))}`);
    if (pendingClients > 0) console.log(`${pendingClients} sign-ins answered pending (a lost sign-in answer)`);
    const finishedAll = Math.min(finished, finishedInDb);
    const met = kills === KILL_AT.length && acknowledgedLost === 0 && lastLost === 0 && finishedAll === N;
    console.log(
      `target (${KILL_AT.length} kills, 0 acknowledged answers lost, every candidate finished): ${met ? 'met' : 'MISSED'}`,
    );
    return JSON.stringify({ candidates: N, kills, acknowledgedLost, finished: finishedAll });
  },
);
