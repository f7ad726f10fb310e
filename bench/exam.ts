/**
 * `npm run bench:exam [-- --candidates 5000 --processes 1 --think-ms 10000]`: exam day under load, over HTTP
 * against the real server (src/server/main.ts) on PostgreSQL.
 *
 * Creates its own database gk_bench_exam_<random> on BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres), migrates, builds (not timed, bench/exam-data.ts) N seated candidates
 * with a sealed 100-item paper per subject, starts P app processes on it, and sets the session's start to the next
 * whole minute after --sign-in-seconds (default 60). Over those seconds every simulated candidate signs in (with a
 * token of its own, as the client) and reads the state; in the opening's first second all fetch their papers, then
 * answers the 100 items with think time (uniform 0.5–1.5 × --think-ms), each answer saved as its own request with
 * an increasing seq; about one answer in ten is followed by a change of an earlier one, one in twenty by a resend
 * of an earlier (stale) change, and a few by an answer the item cannot take (refused on purpose, 400); a heartbeat
 * every 15 s unless a save was acknowledged within them, as the client does (the first at a random point of the first
 * 15 s); then the hand-in. Each room's 100 PCs sign in from an address of their own (a centre behind one NAT). Afterwards every stored answer is
 * compared with the last one sent for its item. Then, with the servers stopped, the first --raw-rows changes sent
 * are replayed from one process over as many connections as the servers' pools: once through the server's own save
 * statement (delivery.repository saveAnswers: token binding, checks, upsert; no HTTP), once as the bare upsert (a
 * prepared `insert … on conflict … where seq <`), the ceiling. The database is dropped in any case.
 *
 * The last line is JSON: {"candidates", "requests", "errors", "lostAnswers", "saveP50Ms", "saveP99Ms",
 * "startP99Ms", "savesPerSec", "rawUpsertsPerSec"}. Target on 2 cores: N = 5,000 with 0 errors, 0 lost answers,
 * save p99 under 300 ms.
 */
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { Subject } from '../src/domain/items.js';
import { openDatabase } from '../src/server/db/client.js';
import { saveAnswers as saveAnswersStatement } from '../src/server/modules/delivery/delivery.repository.js';
import { tokenHash } from '../src/server/modules/delivery/delivery.service.js';
import { runExamBench } from './exam-bench.js';
import { openSessionAt } from './exam-data.js';
import {
  freePort,
  machineCpuSeconds,
  postgresBackendsCpu,
  postgresCpuBetween,
  processCpuSeconds,
  startServer,
  stopServer,
} from './exam-server.js';
import {
  type AnswerChange,
  ExamHttp,
  invalidAnswer,
  type PaperResponse,
  percentile,
  type Reply,
  randomAnswer,
  rng,
  round1,
  Samples,
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
    'sign-in-seconds': { type: 'string' },
    subjects: { type: 'string' },
    minutes: { type: 'string' },
    sockets: { type: 'string' },
    pool: { type: 'string' },
    'raw-rows': { type: 'string' },
    'server-cpu-prof': { type: 'string' },
  },
});
const N = Number(values.candidates ?? 5000);
const P = Number(values.processes ?? 1);
const THINK_MS = Number(values['think-ms'] ?? 10_000);
/** Candidates sign in over this many seconds before the opening (they sit down and wait for it), then all start. */
const SIGN_IN_SECONDS = Number(values['sign-in-seconds'] ?? 60);
const SUBJECTS = Number(values.subjects ?? 1);
const ITEMS = 100;
/** The subject's length: four times what the answering should take, so a slow server shows as latency, not refusals. */
const MINUTES = Number(values.minutes ?? Math.ceil((ITEMS * THINK_MS * 1.2 * 4) / 60_000) + 2);
const SOCKETS = Number(values.sockets ?? 500);
const POOL = Number(values.pool ?? 10);
const RAW_ROWS = Number(values['raw-rows'] ?? 50_000);
if (
  ![N, P, THINK_MS, SUBJECTS, MINUTES, SOCKETS, POOL, RAW_ROWS].every((n) => Number.isInteger(n) && n > 0) ||
  SUBJECTS > 3
) {
  console.error(
    'usage: npm run bench:exam -- [--candidates 5000] [--processes 1] [--think-ms 10000] [--subjects 1] ' +
      '[--minutes M] [--sockets 500] [--pool 10] [--raw-rows 50000] [--server-cpu-prof DIR]',
  );
  process.exit(2);
}
const HEARTBEAT_MS = 15_000;
/** Shares of answers followed by a change of an earlier item, a stale resend, an answer refused on purpose. */
const P_CHANGE = 0.1;
const P_STALE = 0.05;
const P_INVALID = 0.003;

const t0 = performance.now();

/** The upsert the server's save runs (delivery.repository.ts), for the ceiling. */
const UPSERT = `
  insert into attempt_answers (attempt_subject_id, position, answer, flagged, seq, saved_at, source)
  values ($1, $2, $3, $4, $5, now(), 'client')
  on conflict (attempt_subject_id, position) do update
    set answer = excluded.answer, flagged = excluded.flagged, seq = excluded.seq, saved_at = excluded.saved_at,
        source = excluded.source
    where attempt_answers.seq < excluded.seq`;

interface Sent {
  candidate: number;
  subject: number;
  position: number;
  answer: string;
  flagged: boolean;
  seq: number;
}

/**
 * The source address of a candidate's sign-in: each room of 100 seats is a test centre's network behind one address
 * (127.x.y.z, all loopback on Linux), as the server's per-address sign-in limit sees them.
 */
function roomAddress(index: number): string {
  const room = Math.floor(index / 100);
  return `127.1.${Math.floor(room / 250)}.${(room % 250) + 1}`;
}

await runExamBench(
  'exam',
  t0,
  { candidates: N, subjects: SUBJECTS, subjectMinutes: MINUTES },
  async ({ dbName, databaseUrl, database, key, data, servers }) => {
    // ─── The servers ───
    const ports: number[] = [];
    for (let i = 0; i < P; i++) ports.push(await freePort());
    /** The operators' token: each progress line shows what /api/metrics says while the exam runs (issue 18). */
    const metricsToken = randomBytes(24).toString('base64url');
    servers.push(
      ...(await Promise.all(
        ports.map((port) =>
          startServer({
            databaseUrl,
            bankKey: key.key.toString('hex'),
            port,
            env: { DB_POOL_SIZE: String(POOL), METRICS_TOKEN: metricsToken },
            // A V8 CPU profile per app process, written when it stops (open it in Chrome's DevTools).
            nodeArgs: values['server-cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${values['server-cpu-prof']}`] : [],
          }),
        ),
      )),
    );
    log(
      t0,
      `${P} app process${P > 1 ? 'es' : ''} (pid ${servers.map((s) => s.pid).join(', ')}) on port${P > 1 ? 's' : ''} ` +
        `${ports.join(', ')}, DB_POOL_SIZE=${POOL} each; requests spread round-robin by the simulator ` +
        `(a real deployment puts a load balancer in front), at most ${SOCKETS} keep-alive connections per process`,
    );
    const opening = await openSessionAt(database.db, data.sessionId, 8_000 + SIGN_IN_SECONDS * 1000);
    log(
      t0,
      `the session opens at ${opening.toISOString()}: ${N} candidates sign in over the ${SIGN_IN_SECONDS} s before ` +
        'it (--sign-in-seconds), and all fetch their papers in its first second',
    );

    // ─── The simulation ───
    const httpClient = new ExamHttp(ports, SOCKETS, 120_000);
    const saveMs = new Samples();
    const startMs = new Samples();
    const paperMs = new Samples();
    const heartbeatMs = new Samples();
    const signInMs = new Samples();
    const stateMs = new Samples();
    /** Seats whose sign-in and state answered only after the opening (their start includes that wait). */
    let lateForPaper = 0;
    const errors = new Map<string, number>();
    let errorCount = 0;
    let provoked = 0;
    let saves = 0;
    let firstSave = Number.POSITIVE_INFINITY;
    let lastSave = 0;
    let finished = 0;
    const sent: Sent[] = [];
    const tokens: (string | undefined)[] = new Array(N);
    /** The last change sent per candidate, subject and position: what the database must hold. */
    const expected = new Map<string, Sent>();
    /** The last change answered 2xx, per candidate, subject and position. */
    const acknowledged = new Map<string, Sent>();

    const fail = (what: string, reply: Reply) => {
      errorCount++;
      const k = `${what} ${reply.status} ${reply.code ?? ''}`.trim();
      errors.set(k, (errors.get(k) ?? 0) + 1);
    };
    const ok = (reply: Reply) => reply.status >= 200 && reply.status < 300;

    const runCandidate = async (index: number): Promise<void> => {
      const c = data.candidates[index]!;
      const random = rng(index + 1);
      await sleep(opening.getTime() - 1000 - random() * SIGN_IN_SECONDS * 1000 - Date.now());
      const signIn = await httpClient.request<SignInResponse>(
        'POST',
        '/api/exam/sign-in',
        { ticketNumber: c.ticketNumber, idNumber: c.idNumber, clientToken: randomBytes(32).toString('base64url') },
        undefined,
        roomAddress(index),
      );
      signInMs.push(signIn.ms);
      if (!ok(signIn) || signIn.body.status !== 'active') return fail('sign-in', signIn);
      const token = signIn.body.token;
      tokens[index] = token;
      let done = false;
      let heartbeat: NodeJS.Timeout | undefined;
      /** As the client: a beat only when no save was acknowledged within the last beat (a save is a sign of life). */
      let lastAck = Number.NEGATIVE_INFINITY;
      const beat = async () => {
        if (done) return;
        const since = performance.now() - lastAck;
        if (since < HEARTBEAT_MS) {
          // Due 15 s after the last acknowledged save (the client checks every 2 s; the simulator sets its timer).
          heartbeat = setTimeout(beat, HEARTBEAT_MS - since);
          return;
        }
        const reply = await httpClient.request('POST', '/api/exam/heartbeat', { unsaved: 0, online: true }, token);
        heartbeatMs.push(reply.ms);
        if (!ok(reply)) fail('heartbeat', reply);
        if (!done) heartbeat = setTimeout(beat, HEARTBEAT_MS);
      };
      heartbeat = setTimeout(beat, random() * HEARTBEAT_MS);
      try {
        const state = await httpClient.request<StateResponse>('GET', '/api/exam/state', undefined, token);
        stateMs.push(state.ms);
        if (!ok(state)) return fail('state', state);
        if (Date.now() > opening.getTime()) lateForPaper++;
        let seq = 0;
        const subjects = [...state.body.subjects].sort((a, b) => a.position - b.position);
        for (const [k, subject] of subjects.entries()) {
          await sleep(Date.parse(subject.opensAt) + random() * 1000 - Date.now());
          const fetched = performance.now();
          const paper = await httpClient.request<PaperResponse>(
            'GET',
            `/api/exam/subjects/${subject.subject}/paper`,
            undefined,
            token,
          );
          paperMs.push(paper.ms);
          // The start: from the opening until the paper is on the screen (the seat asks at a random moment of the
          // opening's first second, as the client does).
          if (k === 0) startMs.push(Date.now() - opening.getTime());
          if (!ok(paper)) return fail('paper', paper);
          void fetched;
          const items = paper.body.items;
          const history: Sent[] = [];
          const save = async (change: AnswerChange, record?: Sent) => {
            const at = performance.now();
            const reply = await httpClient.request(
              'POST',
              '/api/exam/answers',
              { subject: subject.subject as Subject, changes: [change] },
              token,
            );
            saveMs.push(reply.ms);
            firstSave = Math.min(firstSave, at);
            lastSave = Math.max(lastSave, performance.now());
            if (!ok(reply)) return fail('save', reply);
            lastAck = performance.now();
            saves++;
            if (record) acknowledged.set(`${index}|${k}|${record.position}`, record);
          };
          const answer = async (position: number, value: string) => {
            const change = { position, answer: value, flagged: random() < 0.05, seq: ++seq };
            const record: Sent = { candidate: index, subject: k, ...change };
            sent.push(record);
            history.push(record);
            expected.set(`${index}|${k}|${position}`, record);
            await save(change, record);
          };
          for (const item of items) {
            await sleep(THINK_MS * (0.5 + random()));
            if (random() < P_INVALID) {
              const reply = await httpClient.request(
                'POST',
                '/api/exam/answers',
                {
                  subject: subject.subject,
                  changes: [{ position: item.position, answer: invalidAnswer(item), flagged: false, seq: ++seq }],
                },
                token,
              );
              if (reply.status === 400 && reply.code === 'EXAM_ANSWER_INVALID') provoked++;
              else fail('invalid answer (expected 400 EXAM_ANSWER_INVALID)', reply);
            }
            await answer(item.position, randomAnswer(item, random));
            if (random() < P_CHANGE && item.position > 1) {
              await sleep((THINK_MS / 2) * random());
              const earlier = items[Math.floor(random() * (item.position - 1))]!;
              await answer(earlier.position, random() < 0.2 ? '' : randomAnswer(earlier, random));
            }
            if (random() < P_STALE && history.length > 1) {
              const old = history[Math.floor(random() * (history.length - 1))]!;
              await save({ position: old.position, answer: old.answer, flagged: old.flagged, seq: old.seq });
            }
          }
          const submit = await httpClient.request('POST', `/api/exam/subjects/${subject.subject}/submit`, {}, token);
          if (!ok(submit)) return fail('submit', submit);
        }
        finished++;
      } finally {
        done = true;
        clearTimeout(heartbeat);
      }
    };

    // The candidates start now: each sleeps until its own sign-in moment within --sign-in-seconds before the
    // opening. The measured phase (CPU) starts at the opening; reading it must not hold the candidates back
    // (an earlier version awaited the opening before starting them, so every sign-in fell in the opening's second).
    const run = Promise.all(data.candidates.map((_, i) => runCandidate(i)));
    await sleep(opening.getTime() - Date.now() - 20);
    const cpu0 = {
      self: process.cpuUsage(),
      servers: servers.map((s) => processCpuSeconds(s.pid) ?? 0),
      postgres: postgresBackendsCpu(dbName),
      machine: machineCpuSeconds(),
    };
    const progress = setInterval(() => {
      log(
        t0,
        `${httpClient.requests} requests, ${saves} saves, ${finished} finished, ${errorCount} errors` +
          `${errors.size ? ` ${JSON.stringify(Object.fromEntries(errors))}` : ''}, save p99 so far ` +
          `${round1(percentile(saveMs.values().subarray(Math.max(0, saveMs.length - 20_000)), 0.99))} ms (last 20,000)`,
      );
      void scrapeMetrics(ports, metricsToken).then((line) => log(t0, line));
    }, 30_000);
    const run0 = performance.now();
    await run;
    clearInterval(progress);
    const measuredSeconds = (performance.now() - run0) / 1000;
    const wall = (performance.now() - t0) / 1000;
    const self = process.cpuUsage(cpu0.self);
    const cpu = {
      loadGenerator: (self.user + self.system) / 1e6,
      servers: servers.map((s, i) => (processCpuSeconds(s.pid) ?? 0) - cpu0.servers[i]!),
      postgres: postgresCpuBetween(cpu0.postgres, postgresBackendsCpu(dbName)),
      machine: machineCpuSeconds(),
    };
    const elapsed = cpu.machine.total - cpu0.machine.total;
    const busy = cpu.machine.busy - cpu0.machine.busy;
    httpClient.close();
    log(t0, `simulation done: ${finished}/${N} candidates finished every subject`);

    // ─── Every stored answer against the last one sent ───
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    let lostAnswers = 0;
    let rawPerSec = 0;
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
      // An item is right when its row is the last change sent; or, when that one got no 2xx (a request that
      // failed: counted among the errors, and the candidate stops there), the last change acknowledged; and has
      // no row only when nothing of it was acknowledged.
      const same = (row: (typeof stored.rows)[number], want: Sent | undefined) =>
        want !== undefined && want.answer === row.answer && want.flagged === row.flagged && want.seq === row.seq;
      const seen = new Set<string>();
      let unexpected = 0;
      let unacknowledgedLast = 0;
      for (const row of stored.rows) {
        const k = `${appOf.get(row.application_id)}|${subjectIndex.get(row.subject as Subject)}|${row.position}`;
        seen.add(k);
        const want = expected.get(k);
        if (!want) unexpected++;
        else if (!same(row, want) && !(acknowledged.get(k) !== want && same(row, acknowledged.get(k)))) lostAnswers++;
      }
      for (const [k, want] of expected) {
        if (acknowledged.get(k) !== want) unacknowledgedLast++;
        if (!seen.has(k) && acknowledged.has(k)) lostAnswers++;
      }
      const submitted = await client.query<{ n: number; candidate: number }>(
        `select count(*)::int as n, count(*) filter (where s.submit_kind = 'candidate')::int as candidate
         from attempt_subjects s join exam_attempts e on e.id = s.attempt_id
         where e.session_id = $1 and s.submitted_at is not null`,
        [data.sessionId],
      );
      log(
        t0,
        `checked ${stored.rows.length} stored answers against ${expected.size} last changes sent ` +
          `(${unacknowledgedLast} of them not answered 2xx): ${lostAnswers} lost or different, ${unexpected} ` +
          `unexpected; ${submitted.rows[0]!.n} subjects submitted ` +
          `(${submitted.rows[0]!.candidate} by the candidate)`,
      );
      if (unexpected > 0) lostAnswers += unexpected;

      // ─── The ceiling: the same upserts straight into PostgreSQL ───
      await Promise.all(servers.map((s) => stopServer(s)));
      const ids = await client.query<{ application_id: number; subject: string; id: number }>(
        `select e.application_id, s.subject, s.id from attempt_subjects s join exam_attempts e on e.id = s.attempt_id
         where e.session_id = $1`,
        [data.sessionId],
      );
      const subjectIds = new Map(
        ids.rows.map((r) => [`${appOf.get(r.application_id)}|${subjectIndex.get(r.subject as Subject)}`, r.id]),
      );
      const clearAnswers = async () => {
        await client.query(
          `delete from attempt_answers where attempt_subject_id in
             (select s.id from attempt_subjects s join exam_attempts e on e.id = s.attempt_id where e.session_id = $1)`,
          [data.sessionId],
        );
        await client.query('vacuum analyze attempt_answers');
      };
      const replay = sent.slice(0, RAW_ROWS);
      const connections = POOL * P;
      /** Runs `one` over the replayed changes on `connections` workers; answers changes per second. */
      const replayRate = async (one: (s: Sent) => Promise<void>) => {
        let next = 0;
        const r0 = performance.now();
        await Promise.all(
          Array.from({ length: connections }, async () => {
            for (let s = replay[next++]; s; s = replay[next++]) await one(s);
          }),
        );
        return replay.length / ((performance.now() - r0) / 1000);
      };

      // The server's whole save statement (token binding, checks, upsert: delivery.repository saveAnswers) from
      // this process, without HTTP and Node's request handling: the subjects reopened for it, answers cleared.
      await client.query(
        `update attempt_subjects s set submitted_at = null, submit_kind = null, score = null
         from exam_attempts e where e.id = s.attempt_id and e.session_id = $1`,
        [data.sessionId],
      );
      await client.query(`update exam_attempts set status = 'admitted' where session_id = $1`, [data.sessionId]);
      await clearAnswers();
      const statementDb = openDatabase({ databaseUrl, poolSize: connections });
      let statementPerSec = 0;
      try {
        const hashes = tokens.map((t) => (t ? tokenHash(t) : ''));
        await Promise.all(Array.from({ length: connections }, () => statementDb.db.execute(sql`select 1`)));
        const refused = new Map<string, number>();
        statementPerSec = await replayRate(async (s) => {
          const { outcome } = await saveAnswersStatement(
            statementDb.db,
            hashes[s.candidate]!,
            data.subjects[s.subject]!,
            [{ position: s.position, answer: s.answer, flagged: s.flagged, seq: s.seq }],
            new Date(),
          );
          if (outcome !== 'ok') refused.set(outcome, (refused.get(outcome) ?? 0) + 1);
        });
        log(
          t0,
          `the server's save statement (saveAnswers) replayed for ${replay.length} of the ${sent.length} changes ` +
            `over ${connections} connections from one process: ${Math.round(statementPerSec)} saves/s` +
            `${refused.size ? ` (refused: ${JSON.stringify(Object.fromEntries(refused))})` : ''}`,
        );
      } finally {
        await statementDb.close();
      }

      // The ceiling: the bare upsert of the same rows, a prepared statement.
      await clearAnswers();
      const pool = new pg.Pool({ connectionString: databaseUrl, max: connections });
      try {
        await Promise.all(Array.from({ length: connections }, () => pool.query('select 1')));
        rawPerSec = await replayRate(async (s) => {
          await pool.query({
            name: 'upsert',
            text: UPSERT,
            values: [subjectIds.get(`${s.candidate}|${s.subject}`), s.position, s.answer, s.flagged, s.seq],
          });
        });
        log(
          t0,
          `ceiling: the same changes as single upserts (prepared) over ${connections} connections from one ` +
            `process: ${Math.round(rawPerSec)} upserts/s`,
        );
      } finally {
        await pool.end();
      }
    } finally {
      await client.end();
    }

    // ─── Report ───
    const saveP50 = percentile(saveMs.values(), 0.5);
    const saveP99 = percentile(saveMs.values(), 0.99);
    const startP99 = percentile(startMs.values(), 0.99);
    const savesPerSec = saves / Math.max(1e-9, (lastSave - firstSave) / 1000);
    console.log(
      `\nrequests ${httpClient.requests}: ${saves} saves (p50 ${round1(saveP50)} ms, p99 ${round1(saveP99)} ms, ` +
        `max ${round1(percentile(saveMs.values(), 1))} ms), ${heartbeatMs.length} heartbeats (p99 ` +
        `${round1(percentile(heartbeatMs.values(), 0.99))} ms), ${provoked} refused on purpose`,
    );
    console.log(
      `start at the opening (the paper on the screen, from the opening): p50 ${round1(percentile(startMs.values(), 0.5))} ms, p99 ` +
        `${round1(startP99)} ms, max ${round1(percentile(startMs.values(), 1))} ms; paper alone p99 ` +
        `${round1(percentile(paperMs.values(), 0.99))} ms; before it, sign-in p50 ` +
        `${round1(percentile(signInMs.values(), 0.5))} ms, p99 ${round1(percentile(signInMs.values(), 0.99))} ms, ` +
        `state p99 ${round1(percentile(stateMs.values(), 0.99))} ms; ${lateForPaper} seats had no state by the opening`,
    );
    console.log(`saves per second (first save to last): ${round1(savesPerSec)}`);
    console.log(`errors: ${errorCount}${errors.size ? ` ${JSON.stringify(Object.fromEntries(errors))}` : ''}`);
    const share = (s: number) => `${round1(s)} s (${Math.round((s / measuredSeconds) * 100)} % of one core)`;
    console.log(
      `CPU over the run (${round1(measuredSeconds)} s wall): load generator ${share(cpu.loadGenerator)}, ` +
        `app process${P > 1 ? 'es' : ''} ${cpu.servers.map(share).join(', ')}, PostgreSQL (this database's backends) ${share(cpu.postgres)}; ` +
        `the machine was busy ${round1(busy)} of ${round1(elapsed)} core-seconds ` +
        `on ${cpus().length} cores (${Math.round((busy / elapsed) * 100)} %, other work on the machine included)`,
    );
    const met = errorCount === 0 && lostAnswers === 0 && saveP99 < 300;
    console.log(
      `target (0 errors, 0 lost answers, save p99 < 300 ms): ${met ? 'met' : 'MISSED'}; ${round1(wall)} s in all`,
    );
    return JSON.stringify({
      candidates: N,
      requests: httpClient.requests,
      errors: errorCount,
      lostAnswers,
      saveP50Ms: round1(saveP50),
      saveP99Ms: round1(saveP99),
      startP99Ms: round1(startP99),
      savesPerSec: round1(savesPerSec),
      rawUpsertsPerSec: Math.round(rawPerSec),
    });
  },
);

/** One line of what the app processes' /api/metrics say (the operators' view of the run), or why it could not be read. */
async function scrapeMetrics(ports: readonly number[], token: string): Promise<string> {
  const parts: string[] = [];
  for (const port of ports) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/metrics`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (!res.ok) {
        parts.push(`:${port} answered ${res.status}`);
        continue;
      }
      const text = await res.text();
      const sum = (name: string, match: (labels: string) => boolean = () => true) => {
        let total = 0;
        for (const line of text.split('\n')) {
          const m = /^([a-z_]+)(\{[^}]*\})? ([0-9.e+-]+)$/.exec(line);
          if (m && m[1] === name && match(m[2] ?? '')) total += Number(m[3]);
        }
        return total;
      };
      const exam = (labels: string) => labels.includes('route="/api/exam/');
      parts.push(
        `:${port} exam requests ${sum('gk_http_requests_total', exam)} (5xx ${sum('gk_http_requests_total', (l) => exam(l) && l.includes('status_code="5'))}), ` +
          `attempts admitted ${sum('gk_exam_attempts_in_progress', (l) => l.includes('"admitted"'))}, ` +
          `pool ${sum('gk_db_pool_connections', (l) => l.includes('"total"')) - sum('gk_db_pool_connections', (l) => l.includes('"idle"'))}` +
          ` busy/${sum('gk_db_pool_connections', (l) => l.includes('"max"'))}, waiting ${sum('gk_db_pool_connections', (l) => l.includes('"waiting"'))}`,
      );
    } catch (error) {
      parts.push(`:${port} ${(error as Error).message}`);
    }
  }
  return `  /api/metrics ${parts.join('; ')}`;
}
