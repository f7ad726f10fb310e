import {
  createCipheriv,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
} from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildTestApp, signIn as signInAccount, type TestApp } from '../../../../test/setup/harness.js';
import {
  attemptAnswers,
  attemptSubjects,
  auditLog,
  examAttempts,
  examRoomStates,
  examSessions,
  orgNodes,
  papers,
} from '../../db/schema.js';
import { inSystemTx } from '../../platform/tx.js';
import { openPaperForDelivery } from '../papers/papers.service.js';
import { samplePhoto } from '../tickets/tickets.test-support.js';
import { RECOVERY_INFO } from './delivery.schemas.js';
import { mergeRecovery, scheduleDeadlineSweeps, submitAttemptSubjects, sweepDeadlines } from './delivery.service.js';
import {
  type ExamBank,
  type ExamFixture,
  insertExamBanks,
  PAPER_ITEM_COUNT,
  PAPER_KEYS,
  PAPER_POINTS,
  seatedExam,
  TINY_PNG,
} from './delivery.test-support.js';

let t: TestApp;
let bank: ExamBank;
let day = 0;

/** A fresh day for each fixture (the sweeper of one test never meets another's open subjects before their time). */
function nextDate(): string {
  day++;
  const d = new Date(Date.UTC(2031, 0, 1) + day * 86_400_000);
  return d.toISOString().slice(0, 10);
}

const minutes = (n: number) => n * 60_000;

async function exam(options: Partial<Parameters<typeof seatedExam>[2]> = {}): Promise<ExamFixture> {
  const fixture = await seatedExam(t, bank, { count: 2, date: nextDate(), ...options });
  // Sit 20 minutes before the start by default.
  t.clock.set(new Date(fixture.startsAt.getTime() - minutes(20)));
  return fixture;
}

function post(url: string, payload: unknown, token?: string, headers: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url,
    payload: payload as never,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
}
function get(url: string, token?: string) {
  return t.app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });
}

async function signIn(c: { ticketNumber: string; idNumber: string }, expected = 200) {
  const res = await post('/api/exam/sign-in', { ticketNumber: c.ticketNumber, idNumber: c.idNumber });
  expect(res.statusCode, res.body).toBe(expected);
  return res.json() as { token: string; status: 'active' | 'pending' };
}

async function admit(fixture: ExamFixture) {
  await inSystemTx(t.database.db, (tx) =>
    tx
      .update(examAttempts)
      .set({ status: 'admitted', admittedAt: t.clock.now() })
      .where(and(eq(examAttempts.sessionId, fixture.sessionId), eq(examAttempts.status, 'waiting'))),
  );
}

/** Signed in, admitted, the first subject open for 5 minutes. */
async function sitting(options: Partial<Parameters<typeof seatedExam>[2]> = {}) {
  const fixture = await exam(options);
  const token = (await signIn(fixture.candidates[0]!)).token;
  await admit(fixture);
  t.clock.set(new Date(fixture.startsAt.getTime() + minutes(5)));
  return { fixture, token };
}

function save(token: string, changes: { position: number; answer: string; flagged?: boolean; seq: number }[]) {
  return post(
    '/api/exam/answers',
    { subject: 'ethics', changes: changes.map((c) => ({ flagged: false, ...c })) },
    token,
  );
}

async function storedAnswers(fixture: ExamFixture, subject = 'ethics') {
  return inSystemTx(t.database.db, async (tx) => {
    const rows = await tx
      .select({ position: attemptAnswers.position, answer: attemptAnswers.answer, seq: attemptAnswers.seq })
      .from(attemptAnswers)
      .innerJoin(attemptSubjects, eq(attemptSubjects.id, attemptAnswers.attemptSubjectId))
      .innerJoin(examAttempts, eq(examAttempts.id, attemptSubjects.attemptId))
      .where(and(eq(examAttempts.sessionId, fixture.sessionId), sql`${attemptSubjects.subject} = ${subject}`))
      .orderBy(attemptAnswers.position);
    return rows;
  });
}

async function subjectRow(fixture: ExamFixture, subject = 'ethics', candidate = 0) {
  return inSystemTx(t.database.db, async (tx) => {
    const [row] = await tx
      .select({ s: attemptSubjects, status: examAttempts.status })
      .from(attemptSubjects)
      .innerJoin(examAttempts, eq(examAttempts.id, attemptSubjects.attemptId))
      .where(
        and(
          eq(examAttempts.sessionId, fixture.sessionId),
          eq(examAttempts.ticketNumber, fixture.candidates[candidate]!.ticketNumber),
          sql`${attemptSubjects.subject} = ${subject}`,
        ),
      );
    return row!;
  });
}

beforeAll(async () => {
  t = await buildTestApp();
  bank = await insertExamBanks(t);
});

afterAll(async () => {
  await t?.close();
});

describe('sign-in', () => {
  it('creates the attempt with a subject per session subject and answers an active token', async () => {
    const fixture = await exam();
    const c = fixture.candidates[0]!;
    const res = await signIn({ ticketNumber: ` ${c.ticketNumber} `, idNumber: c.idNumber.toLowerCase() });
    expect(res.status).toBe('active');
    expect(res.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const state = await get('/api/exam/state', res.token);
    expect(state.statusCode, state.body).toBe(200);
    const body = state.json();
    expect(body.status).toBe('waiting');
    expect(body.clientStatus).toBe('active');
    expect(body.candidate.ticketNumber).toBe(c.ticketNumber);
    expect(body.candidate.idNumberMasked).not.toBe(c.idNumber);
    expect(body.subjects.map((s: { subject: string }) => s.subject)).toEqual(['ethics', 'ability']);
    expect(body.subjects[0].opensAt).toBe(fixture.startsAt.toISOString());
    expect(body.subjects[0].deadlineAt).toBe(new Date(fixture.startsAt.getTime() + minutes(60)).toISOString());
    expect(body.subjects[1].opensAt).toBe(new Date(fixture.startsAt.getTime() + minutes(80)).toISOString());
    expect(body.subjects[0].itemCount).toBe(PAPER_ITEM_COUNT);
    expect(body.subjects[0].state).toBe('upcoming');
  });

  it('refuses a wrong pair saying only that nothing matches, and a seat not yet published', async () => {
    const fixture = await exam();
    const [a, b] = fixture.candidates;
    const wrong = await post('/api/exam/sign-in', { ticketNumber: a!.ticketNumber, idNumber: b!.idNumber });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('EXAM_CREDENTIALS');
    const unknown = await post('/api/exam/sign-in', { ticketNumber: '999999999999999999', idNumber: a!.idNumber });
    expect(unknown.json().error).toEqual(wrong.json().error);
    const hidden = await exam({ published: false });
    const res = await post('/api/exam/sign-in', hidden.candidates[0]);
    expect(res.json().error.code).toBe('EXAM_CREDENTIALS');
  });

  it('refuses another day and after the late-entry limit, but not an admitted candidate signing in again', async () => {
    const fixture = await exam();
    const c = fixture.candidates[0]!;
    t.clock.set(new Date(fixture.startsAt.getTime() - 86_400_000));
    expect((await post('/api/exam/sign-in', c)).json().error.code).toBe('EXAM_NO_SESSION_TODAY');
    t.clock.set(new Date(fixture.startsAt.getTime() + minutes(16)));
    const late = await post('/api/exam/sign-in', c);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('EXAM_TOO_LATE');
    // Nothing was created by the refusal.
    const rows = await inSystemTx(t.database.db, (tx) =>
      tx.select().from(examAttempts).where(eq(examAttempts.sessionId, fixture.sessionId)),
    );
    expect(rows).toHaveLength(0);

    t.clock.set(new Date(fixture.startsAt.getTime() + minutes(10)));
    const first = await signIn(c);
    await admit(fixture);
    t.clock.set(new Date(fixture.startsAt.getTime() + minutes(40)));
    const again = await signIn(c);
    expect(again.status).toBe('pending');
    expect(first.status).toBe('active');
  });

  it('a candidate who signed in but was not admitted cannot sign in again after the late-entry limit', async () => {
    const fixture = await exam();
    const c = fixture.candidates[0]!;
    await signIn(c);
    t.clock.set(new Date(fixture.startsAt.getTime() + minutes(16)));
    expect((await post('/api/exam/sign-in', c)).json().error.code).toBe('EXAM_TOO_LATE');
  });

  it('a second client waits as pending; once it takes over, the old token is refused', async () => {
    const fixture = await exam();
    const c = fixture.candidates[0]!;
    const first = await signIn(c);
    const second = await signIn(c);
    expect(second.status).toBe('pending');
    const pendingState = await get('/api/exam/state', second.token);
    expect(pendingState.json().clientStatus).toBe('pending');
    await admit(fixture);
    t.clock.set(new Date(fixture.startsAt.getTime() + minutes(1)));
    const refused = await save(second.token, [{ position: 1, answer: 'A', seq: 1 }]);
    expect(refused.json().error.code).toBe('EXAM_CLIENT_PENDING');
    // The proctor lets the second client take over (the proctoring module's statement).
    await inSystemTx(t.database.db, (tx) =>
      tx
        .update(examAttempts)
        .set({ clientTokenHash: sql`${examAttempts.pendingTokenHash}`, pendingTokenHash: null, pendingSince: null })
        .where(eq(examAttempts.sessionId, fixture.sessionId)),
    );
    const old = await save(first.token, [{ position: 1, answer: 'A', seq: 2 }]);
    expect(old.statusCode).toBe(401);
    expect(old.json().error.code).toBe('EXAM_CLIENT_REPLACED');
    expect((await get('/api/exam/state', first.token)).json().error.code).toBe('EXAM_CLIENT_REPLACED');
    expect((await save(second.token, [{ position: 1, answer: 'A', seq: 3 }])).statusCode).toBe(200);
  });

  it('a retried sign-in with the same client token is the same client (its first answer was lost), not a second PC', async () => {
    const fixture = await exam();
    const c = fixture.candidates[0]!;
    const clientToken = randomBytes(32).toString('base64url');
    const first = await post('/api/exam/sign-in', { ...c, clientToken });
    expect(first.json()).toEqual({ token: clientToken, status: 'active' });
    const retry = await post('/api/exam/sign-in', { ...c, clientToken });
    expect(retry.json()).toEqual({ token: clientToken, status: 'active' });
    expect((await get('/api/exam/state', clientToken)).json().clientStatus).toBe('active');
    // Another PC's token waits; its own retry stays pending, and the first client stays active.
    const other = randomBytes(32).toString('base64url');
    expect((await post('/api/exam/sign-in', { ...c, clientToken: other })).json().status).toBe('pending');
    expect((await post('/api/exam/sign-in', { ...c, clientToken: other })).json().status).toBe('pending');
    expect((await get('/api/exam/state', clientToken)).json().clientStatus).toBe('active');
    // A token another candidate's attempt carries is refused, not a 500; a malformed one is a 400.
    const taken = await post('/api/exam/sign-in', { ...fixture.candidates[1]!, clientToken });
    expect(taken.statusCode, taken.body).toBe(409);
    expect(taken.json().error.code).toBe('EXAM_CLIENT_TOKEN_TAKEN');
    expect((await post('/api/exam/sign-in', { ...c, clientToken: 'short' })).statusCode).toBe(400);
  });

  it('concurrent sign-ins of one candidate make one attempt, one active client', async () => {
    const fixture = await exam();
    const c = fixture.candidates[0]!;
    const results = await Promise.all([1, 2, 3, 4].map(() => post('/api/exam/sign-in', c)));
    for (const r of results) expect(r.statusCode, r.body).toBe(200);
    expect(results.filter((r) => r.json().status === 'active')).toHaveLength(1);
    const rows = await inSystemTx(t.database.db, (tx) =>
      tx.select().from(examAttempts).where(eq(examAttempts.sessionId, fixture.sessionId)),
    );
    expect(rows).toHaveLength(1);
  });

  it('admits automatically when the campaign says so; refuses without a paper', async () => {
    const auto = await exam({ settings: { autoAdmit: true } });
    const { token } = await signIn(auto.candidates[0]!);
    expect((await get('/api/exam/state', token)).json().status).toBe('admitted');
    const bare = await exam({ papers: false });
    const res = await post('/api/exam/sign-in', bare.candidates[0]);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('EXAM_PAPER_MISSING');
  });

  it('limits sign-ins per ticket number, not per address: a room of 100 PCs behind one address signs in', async () => {
    const fixture = await exam({ count: 100 });
    const results = await Promise.all(
      fixture.candidates.map((c) =>
        t.app.inject({
          method: 'POST',
          url: '/api/exam/sign-in',
          payload: c,
          remoteAddress: '10.1.2.3',
        }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(fixture.candidates.map(() => 200));
    const c = fixture.candidates[0]!;
    const wrong = { ticketNumber: c.ticketNumber, idNumber: fixture.candidates[1]!.idNumber };
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) {
      codes.push((await t.app.inject({ method: 'POST', url: '/api/exam/sign-in', payload: wrong })).statusCode);
    }
    // One sign-in above, then nine more tries pass the limiter; the rest are refused for this ticket only.
    expect(codes.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect((await post('/api/exam/sign-in', fixture.candidates[2])).statusCode).toBe(200);
  });

  it('refuses requests without a well-formed bearer token before any lookup', async () => {
    expect((await get('/api/exam/state')).json().error.code).toBe('EXAM_AUTH_REQUIRED');
    expect((await get('/api/exam/state', 'short')).statusCode).toBe(401);
    const unknown = await get('/api/exam/state', 'A'.repeat(43));
    expect(unknown.json().error.code).toBe('EXAM_CLIENT_REPLACED');
    const cross = await post('/api/exam/heartbeat', { unsaved: 0, online: true }, 'A'.repeat(43), {
      origin: 'https://evil.example',
    });
    expect(cross.json().error.code).toBe('ORIGIN_FORBIDDEN');
  });
});

describe('state and paper', () => {
  it('shows the photo; the paper is refused before admission and before opening, and never has a key', async () => {
    const fixture = await exam({ photo: samplePhoto(2000) });
    const { token } = await signIn(fixture.candidates[0]!);
    const state = (await get('/api/exam/state', token)).json();
    expect(state.candidate.photo).toMatch(/^data:image\/jpeg;base64,/);
    const before = await get('/api/exam/subjects/ethics/paper', token);
    expect(before.json().error.code).toBe('EXAM_NOT_ADMITTED');
    await admit(fixture);
    const early = await get('/api/exam/subjects/ethics/paper', token);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('EXAM_SUBJECT_NOT_OPEN');
    t.clock.set(fixture.startsAt);
    const res = await get('/api/exam/subjects/ethics/paper', token);
    expect(res.statusCode, res.body).toBe(200);
    const paper = res.json();
    expect(paper.items).toHaveLength(PAPER_ITEM_COUNT);
    expect(paper.totalPoints).toBe(PAPER_POINTS);
    expect(paper.items[0].options.map((o: { letter: string }) => o.letter)).toEqual(['A', 'B', 'C', 'D']);
    // Item 2 shows its options reversed (DCBA): the bank's option A is shown as D.
    expect(paper.items[1].options[3].text).toBe('第2题选项A');
    expect(paper.items[1].stemImage).toBe(`data:image/png;base64,${TINY_PNG.toString('base64')}`);
    expect(paper.items[4].options).toEqual([]);
    expect(res.body).not.toMatch(/"(answer|key|explanation)"\s*:\s*"[A-F]/);
    expect(res.body).not.toContain('解析');
    for (const item of paper.items)
      expect(Object.keys(item).sort()).toEqual(['options', 'points', 'position', 'stem', 'stemImage', 'type']);
    expect(paper.answers).toEqual([]);
    const started = await subjectRow(fixture);
    expect(started.s.startedAt).not.toBeNull();
    // The second subject is not open yet.
    expect((await get('/api/exam/subjects/ability/paper', token)).json().error.code).toBe('EXAM_SUBJECT_NOT_OPEN');
  });
});

describe('the opening herd', () => {
  // PostgreSQL only: the statements a request sends are counted there (PGlite is in-process).
  it.runIf(Boolean(process.env.TEST_DATABASE_URL))(
    'papers asked for together read and unseal each shared item version once, not once per seat',
    async () => {
      const fixture = await exam({ count: 6 });
      const ids = await inSystemTx(t.database.db, (tx) =>
        tx
          .select({ id: papers.id })
          .from(papers)
          .where(and(eq(papers.campaignId, fixture.campaignId), eq(papers.subject, 'ethics'))),
      );
      expect(ids.length).toBe(6);
      // A key object of its own: an empty cache, as in a process just started.
      const deps = { ...t.deps, contentKey: { ...t.deps.contentKey! } };
      const before = t.database.statementCount()!;
      const opened = await Promise.all(ids.map((p) => openPaperForDelivery(deps, t.database.db, p.id)));
      const statements = t.database.statementCount()! - before;
      expect(opened.every((o) => o.items.length === PAPER_ITEM_COUNT)).toBe(true);
      // Six paper rows, the versions once, the pictures once (each seat alone read versions and pictures again).
      expect(statements).toBeLessThanOrEqual(6 + 2);
    },
  );
});

describe("the client's paths in few statements", () => {
  it('state and paper resume with the saved answers and counts; on PostgreSQL each path stays within its statements', async () => {
    const { fixture, token } = await sitting({ photo: samplePhoto(1500) });
    const counted = async (request: () => ReturnType<typeof get>) => {
      const before = t.database.statementCount();
      const res = await request();
      expect(res.statusCode, res.body).toBeLessThan(300);
      return { res, statements: before === null ? null : t.database.statementCount()! - before };
    };
    const paper = await counted(() => get('/api/exam/subjects/ethics/paper', token));
    expect(paper.res.json().answers).toEqual([]);
    const saved = await counted(() =>
      save(token, [
        { position: 2, answer: 'B', seq: 1 },
        { position: 1, answer: 'A', flagged: true, seq: 2 },
        { position: 3, answer: '', seq: 3 },
      ]),
    );
    const state = await counted(() => get('/api/exam/state', token));
    const ethics = state.res.json().subjects.find((s: { subject: string }) => s.subject === 'ethics');
    // The empty answer is stored but not counted as answered.
    expect(ethics.answeredCount).toBe(2);
    expect(state.res.json().candidate.photo).toMatch(/^data:image\/jpeg;base64,/);
    const resumed = await counted(() => get('/api/exam/subjects/ethics/paper', token));
    expect(resumed.res.json().answers).toEqual([
      { position: 1, answer: 'A', flagged: true, seq: 2 },
      { position: 2, answer: 'B', flagged: false, seq: 1 },
      { position: 3, answer: '', flagged: false, seq: 3 },
    ]);
    expect((await subjectRow(fixture)).s.startedAt).not.toBeNull();
    const beat = await counted(() => post('/api/exam/heartbeat', { unsaved: 0, online: true }, token));
    if (process.env.TEST_DATABASE_URL) {
      // The bound attempt, then one statement each; the item versions come from the process's cache after the first.
      expect(resumed.statements).toBe(2);
      expect(state.statements).toBe(2);
      expect(saved.statements).toBe(1);
      expect(beat.statements).toBeLessThanOrEqual(2);
      expect(paper.statements).toBeLessThanOrEqual(4);
    }
  });
});

describe('saves', () => {
  it('keeps the highest seq per item: stale saves ignored, resends idempotent, reordering harmless', async () => {
    const { fixture, token } = await sitting();
    const first = await save(token, [
      { position: 1, answer: 'A', seq: 1 },
      { position: 1, answer: 'B', seq: 2 },
      { position: 3, answer: 'ACE', seq: 3 },
    ]);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().ackSeq).toBe(3);
    expect(first.json().serverTime).toBe(t.clock.now().toISOString());
    // A stale save (seq 1) arrives late: acknowledged, ignored.
    const stale = await save(token, [{ position: 1, answer: 'C', seq: 1 }]);
    expect(stale.statusCode).toBe(200);
    expect(stale.json().ackSeq).toBe(1);
    // A resend of the first batch changes nothing.
    await save(token, [
      { position: 3, answer: 'ACE', seq: 3 },
      { position: 1, answer: 'B', seq: 2 },
    ]);
    expect(await storedAnswers(fixture)).toEqual([
      { position: 1, answer: 'B', seq: 2 },
      { position: 3, answer: 'ACE', seq: 3 },
    ]);
    // Newer ones win, a cleared answer is stored as ''.
    await save(token, [
      { position: 3, answer: '', seq: 5 },
      { position: 5, answer: 'T', seq: 4, flagged: true },
    ]);
    expect(await storedAnswers(fixture)).toEqual([
      { position: 1, answer: 'B', seq: 2 },
      { position: 3, answer: '', seq: 5 },
      { position: 5, answer: 'T', seq: 4 },
    ]);
    const paper = (await get('/api/exam/subjects/ethics/paper', token)).json();
    expect(paper.answers).toContainEqual({ position: 5, answer: 'T', flagged: true, seq: 4 });
  });

  it('refuses an answer the item does not take, with 400 and nothing written', async () => {
    const { fixture, token } = await sitting();
    const cases = [
      [{ position: 1, answer: 'AB', seq: 1 }], // two letters for a single choice
      [{ position: 1, answer: 'E', seq: 1 }], // a fifth option of four
      [{ position: 5, answer: 'A', seq: 1 }], // a letter for true/false
      [{ position: 7, answer: 'A', seq: 1 }], // beyond the paper
      [
        { position: 2, answer: 'A', seq: 1 },
        { position: 3, answer: 'ACF', seq: 2 }, // option F of five
      ],
    ];
    for (const changes of cases) {
      const res = await save(token, changes);
      expect(res.statusCode, JSON.stringify(changes)).toBe(400);
      expect(res.json().error.code).toBe('EXAM_ANSWER_INVALID');
    }
    for (const bad of ['CA', 'AA', 'X', 'a']) {
      const res = await save(token, [{ position: 3, answer: bad, seq: 1 }]);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await save(token, [])).statusCode).toBe(400);
    expect(await storedAnswers(fixture)).toEqual([]);
  });

  it('takes saves until the deadline plus the grace, then refuses: the subject is closed', async () => {
    const { fixture, token } = await sitting();
    const deadline = fixture.startsAt.getTime() + minutes(60);
    t.clock.set(new Date(deadline + 29_000));
    expect((await save(token, [{ position: 1, answer: 'B', seq: 1 }])).statusCode).toBe(200);
    t.clock.set(new Date(deadline + 30_000));
    const late = await save(token, [{ position: 2, answer: 'D', seq: 2 }]);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('EXAM_SUBJECT_CLOSED');
    expect((await get('/api/exam/subjects/ethics/paper', token)).json().error.code).toBe('EXAM_SUBJECT_CLOSED');
    expect(await storedAnswers(fixture)).toEqual([{ position: 1, answer: 'B', seq: 1 }]);
  });
});

describe('heartbeat', () => {
  it('records the last contact and the unsaved count and answers the compact state', async () => {
    const { fixture, token } = await sitting();
    const res = await post('/api/exam/heartbeat', { unsaved: 3, online: true }, token);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.status).toBe('admitted');
    expect(body.subjects[0]).toMatchObject({ subject: 'ethics', state: 'open' });
    expect(body.pausedAt).toBeNull();
    const row = await subjectRow(fixture);
    const attempt = await inSystemTx(t.database.db, async (tx) => {
      const [a] = await tx.select().from(examAttempts).where(eq(examAttempts.id, row.s.attemptId));
      return a!;
    });
    expect(attempt.unsavedCount).toBe(3);
    expect(attempt.lastSeenAt?.toISOString()).toBe(t.clock.now().toISOString());
  });
});

describe('a save is a sign of life', () => {
  it('records last contact and the unsaved count (at most every 10 s) and answers the deadline and the pause', async () => {
    const { fixture, token } = await sitting();
    const attempt = async () => {
      const row = await subjectRow(fixture);
      return inSystemTx(t.database.db, async (tx) => {
        const [a] = await tx.select().from(examAttempts).where(eq(examAttempts.id, row.s.attemptId));
        return a!;
      });
    };
    const first = await post(
      '/api/exam/answers',
      { subject: 'ethics', changes: [{ position: 1, answer: 'A', flagged: false, seq: 1 }], unsaved: 2 },
      token,
    );
    expect(first.statusCode, first.body).toBe(200);
    const row = await subjectRow(fixture);
    expect(first.json()).toMatchObject({ ackSeq: 1, deadlineAt: row.s.deadlineAt.toISOString(), pausedAt: null });
    const seenAt = t.clock.now().toISOString();
    expect((await attempt()).lastSeenAt?.toISOString()).toBe(seenAt);
    expect((await attempt()).unsavedCount).toBe(2);

    // 5 s later with the same count: not written again (the record is fresh enough).
    t.clock.set(new Date(t.clock.now().getTime() + 5000));
    await save(token, [{ position: 2, answer: 'B', seq: 2 }]);
    // The count changed (omitted: 0), so it is written, with the time.
    expect((await attempt()).unsavedCount).toBe(0);
    expect((await attempt()).lastSeenAt?.toISOString()).toBe(t.clock.now().toISOString());
    t.clock.set(new Date(t.clock.now().getTime() + 5000));
    const quiet = t.clock.now();
    await save(token, [{ position: 3, answer: 'C', seq: 3 }]);
    expect((await attempt()).lastSeenAt?.toISOString()).toBe(new Date(quiet.getTime() - 5000).toISOString());
    t.clock.set(new Date(t.clock.now().getTime() + 11_000));
    await save(token, [{ position: 4, answer: 'D', seq: 4 }]);
    expect((await attempt()).lastSeenAt?.toISOString()).toBe(t.clock.now().toISOString());

    // The room pauses: the next save says so (the client then asks for the state), and time given moves the deadline.
    await inSystemTx(t.database.db, (tx) =>
      tx.insert(examRoomStates).values({
        sessionId: fixture.sessionId,
        roomId: fixture.roomId,
        centreId: fixture.centreId,
        centrePath: '/',
        pausedAt: t.clock.now(),
        createdAt: t.clock.now(),
        updatedAt: t.clock.now(),
      }),
    );
    const later = new Date(row.s.deadlineAt.getTime() + minutes(3));
    await inSystemTx(t.database.db, (tx) =>
      tx.update(attemptSubjects).set({ deadlineAt: later }).where(eq(attemptSubjects.id, row.s.id)),
    );
    const during = await save(token, [{ position: 5, answer: 'T', seq: 5 }]);
    expect(during.statusCode, during.body).toBe(200);
    expect(during.json()).toMatchObject({ deadlineAt: later.toISOString(), pausedAt: t.clock.now().toISOString() });
  });

  // PostgreSQL only: PGlite is one connection, so a second transaction waits for the first whatever the statement.
  it.runIf(Boolean(process.env.TEST_DATABASE_URL))(
    'does not wait for the attempt row when a proctor holds it: the save is stored, the contact is recorded later',
    async () => {
      const { fixture, token } = await sitting();
      const row = await subjectRow(fixture);
      t.clock.set(new Date(t.clock.now().getTime() + 60_000));
      let release: () => void = () => undefined;
      const held = new Promise<void>((r) => {
        release = r;
      });
      let locked: () => void = () => undefined;
      const isLocked = new Promise<void>((r) => {
        locked = r;
      });
      const holder = inSystemTx(t.database.db, async (tx) => {
        await tx.execute(sql`select id from exam_attempts where id = ${row.s.attemptId} for update`);
        locked();
        await held;
      });
      await isLocked;
      try {
        const res = await save(token, [{ position: 1, answer: 'A', seq: 1 }]);
        expect(res.statusCode, res.body).toBe(200);
      } finally {
        release();
        await holder;
      }
      expect(await storedAnswers(fixture)).toEqual([{ position: 1, answer: 'A', seq: 1 }]);
    },
  );
});

describe('submit', () => {
  it('refuses before the earliest hand-in and while paused; stores the final changes with the submit; idempotent', async () => {
    const { fixture, token } = await sitting();
    const early = await post(
      '/api/exam/subjects/ethics/submit',
      { changes: [{ position: 1, answer: 'B', flagged: false, seq: 1 }] },
      token,
    );
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('EXAM_TOO_EARLY');
    expect(early.json().error.message).toContain('09:30');
    // A refused hand-in stores none of its changes (one transaction).
    expect(await storedAnswers(fixture)).toEqual([]);
    t.clock.set(new Date(fixture.startsAt.getTime() + minutes(31)));
    await inSystemTx(t.database.db, (tx) =>
      tx.insert(examRoomStates).values({
        sessionId: fixture.sessionId,
        roomId: fixture.roomId,
        centreId: fixture.centreId,
        centrePath: '/',
        pausedAt: t.clock.now(),
        createdAt: t.clock.now(),
        updatedAt: t.clock.now(),
      }),
    );
    const paused = await post('/api/exam/subjects/ethics/submit', {}, token);
    expect(paused.json().error.code).toBe('EXAM_PAUSED');
    await inSystemTx(t.database.db, (tx) =>
      tx.update(examRoomStates).set({ pausedAt: null }).where(eq(examRoomStates.sessionId, fixture.sessionId)),
    );
    await save(token, [
      { position: 1, answer: 'B', seq: 1 },
      { position: 2, answer: 'A', seq: 2 },
    ]);
    // The final changes: position 2 corrected, 3 to 6 answered (3 and 5 right, 4 and 6 wrong), a stale one ignored.
    const res = await post(
      '/api/exam/subjects/ethics/submit',
      {
        changes: [
          { position: 2, answer: PAPER_KEYS[1], flagged: false, seq: 3 },
          { position: 3, answer: PAPER_KEYS[2], flagged: false, seq: 4 },
          { position: 4, answer: 'A', flagged: false, seq: 5 },
          { position: 5, answer: PAPER_KEYS[4], flagged: false, seq: 6 },
          { position: 6, answer: 'T', flagged: false, seq: 7 },
          { position: 1, answer: 'C', flagged: false, seq: 1 },
        ],
      },
      token,
    );
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json();
    expect(result).toMatchObject({ subject: 'ethics', submitKind: 'candidate', answeredCount: 6, itemCount: 6 });
    // 1 (B) + 1 (D) + 2 (AC) + 1 (T) = 5.
    expect(PAPER_KEYS.slice(0, 3)).toEqual(['B', 'D', 'AC']);
    expect(result.score).toBe(5);
    const again = await post('/api/exam/subjects/ethics/submit', { changes: [] }, token);
    expect(again.json()).toEqual(result);
    const row = await subjectRow(fixture);
    expect(row.s.score).toBe(5);
    expect(row.status).toBe('admitted');
    const late = await save(token, [{ position: 4, answer: 'B', seq: 9 }]);
    expect(late.json().error.code).toBe('EXAM_SUBJECT_CLOSED');
    const audit = await inSystemTx(t.database.db, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'exam.submit'), eq(auditLog.entityId, String(row.s.id)))),
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorAccountId).toBeNull();
    // The last subject's submit finishes the attempt.
    t.clock.set(new Date(fixture.startsAt.getTime() + minutes(80 + 31)));
    const second = await post('/api/exam/subjects/ability/submit', null, token);
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().score).toBe(0);
    expect((await subjectRow(fixture, 'ability')).status).toBe('finished');
    expect((await post('/api/exam/sign-in', fixture.candidates[0])).json().error.code).toBe('EXAM_FINISHED');
  });

  it("past the grace, before the sweeper, a hand-in is the server's: kind deadline, late changes not stored", async () => {
    const { fixture, token } = await sitting();
    await save(token, [{ position: 1, answer: 'B', seq: 1 }]);
    t.clock.set(new Date(fixture.startsAt.getTime() + minutes(61)));
    const res = await post(
      '/api/exam/subjects/ethics/submit',
      { changes: [{ position: 2, answer: 'D', flagged: false, seq: 2 }] },
      token,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ submitKind: 'deadline', answeredCount: 1, score: 1 });
    expect(await storedAnswers(fixture)).toEqual([{ position: 1, answer: 'B', seq: 1 }]);
  });

  it('hides the score when the campaign does not show it', async () => {
    const { fixture, token } = await sitting({ settings: { showScoreOnSubmit: false } });
    t.clock.set(new Date(fixture.startsAt.getTime() + minutes(31)));
    await save(token, [{ position: 1, answer: 'B', seq: 1 }]);
    const res = await post('/api/exam/subjects/ethics/submit', {}, token);
    expect(res.json().score).toBeNull();
    expect((await subjectRow(fixture)).s.score).toBe(1);
    const state = (await get('/api/exam/state', token)).json();
    expect(state.subjects[0]).toMatchObject({ state: 'submitted', score: null, answeredCount: 1 });
  });

  it('a save racing a submit is either in the score or refused, never lost silently', async () => {
    const { fixture, token } = await sitting();
    t.clock.set(new Date(fixture.startsAt.getTime() + minutes(31)));
    const [saved, submitted] = await Promise.all([
      save(token, [{ position: 1, answer: 'B', seq: 1 }]),
      post('/api/exam/subjects/ethics/submit', {}, token),
    ]);
    expect(submitted.statusCode, submitted.body).toBe(200);
    const row = await subjectRow(fixture);
    if (saved.statusCode === 200) {
      // The save came first: the submit (FOR UPDATE) waited for it and counted it.
      expect(submitted.json().score).toBe(1);
      expect(row.s.answeredCount).toBe(1);
    } else {
      expect(saved.json().error.code).toBe('EXAM_SUBJECT_CLOSED');
      expect(submitted.json().score).toBe(0);
      expect(await storedAnswers(fixture)).toEqual([]);
    }
  });
});

/** Submits what earlier tests' fixtures (on earlier days) left open, so that a sweep counts this test's only. */
async function sweepEarlier(fixture: ExamFixture) {
  await sweepDeadlines(t.deps, fixture.startsAt);
}

describe('the deadline sweeper', () => {
  it('submits without a client, counting answers saved before the grace ends, refusing later ones', async () => {
    const { fixture, token } = await sitting({ count: 3 });
    await sweepEarlier(fixture);
    const other = await signIn(fixture.candidates[1]!);
    await admit(fixture);
    const deadline = fixture.startsAt.getTime() + minutes(60);
    t.clock.set(new Date(deadline + 10_000));
    expect((await save(token, [{ position: 1, answer: 'B', seq: 1 }])).statusCode).toBe(200);
    // Not due before the grace's end.
    expect(await sweepDeadlines(t.deps, new Date(deadline + 29_000))).toBe(0);
    t.clock.set(new Date(deadline + 30_000));
    expect((await save(other.token, [{ position: 1, answer: 'B', seq: 1 }])).statusCode).toBe(409);
    // Two attempts (the third candidate never signed in), one subject due each; run twice at once.
    const counts = await Promise.all([sweepDeadlines(t.deps, t.clock.now()), sweepDeadlines(t.deps, t.clock.now())]);
    expect(counts[0]! + counts[1]!).toBe(2);
    const mine = await subjectRow(fixture, 'ethics', 0);
    expect(mine.s).toMatchObject({ submitKind: 'deadline', score: 1, answeredCount: 1 });
    const theirs = await subjectRow(fixture, 'ethics', 1);
    expect(theirs.s).toMatchObject({ submitKind: 'deadline', score: 0, answeredCount: 0 });
    expect((await subjectRow(fixture, 'ability', 0)).s.submittedAt).toBeNull();
    expect(await sweepDeadlines(t.deps, t.clock.now())).toBe(0);
    const state = (await get('/api/exam/state', token)).json();
    expect(state.subjects[0]).toMatchObject({ state: 'submitted', submitKind: 'deadline', score: 1 });
  });

  it('runs on an interval while the app is up and stops when it closes', async () => {
    const { fixture } = await sitting();
    await sweepEarlier(fixture);
    t.clock.set(new Date(fixture.startsAt.getTime() + minutes(61)));
    const app = Fastify({ logger: false });
    scheduleDeadlineSweeps(app, t.deps, 20);
    await app.ready();
    for (let i = 0; i < 200 && !(await subjectRow(fixture)).s.submittedAt; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await app.close();
    expect((await subjectRow(fixture)).s.submitKind).toBe('deadline');
    // Closed: the second subject's deadline passes and nobody submits it.
    t.clock.set(new Date(fixture.startsAt.getTime() + minutes(145)));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await subjectRow(fixture, 'ability')).s.submittedAt).toBeNull();
  });

  it('skips a paused room until it resumes', async () => {
    const { fixture } = await sitting();
    await sweepEarlier(fixture);
    const deadline = fixture.startsAt.getTime() + minutes(60);
    await inSystemTx(t.database.db, (tx) =>
      tx.insert(examRoomStates).values({
        sessionId: fixture.sessionId,
        roomId: fixture.roomId,
        centreId: fixture.centreId,
        centrePath: '/',
        pausedAt: new Date(deadline - minutes(10)),
        createdAt: t.clock.now(),
        updatedAt: t.clock.now(),
      }),
    );
    expect(await sweepDeadlines(t.deps, new Date(deadline + minutes(5)))).toBe(0);
    await inSystemTx(t.database.db, (tx) =>
      tx.update(examRoomStates).set({ pausedAt: null }).where(eq(examRoomStates.sessionId, fixture.sessionId)),
    );
    expect(await sweepDeadlines(t.deps, new Date(deadline + minutes(5)))).toBe(1);
  });
});

describe('for the proctoring module', () => {
  it('submits by the proctor (scored) and for a stopped session (not scored)', async () => {
    const { fixture, token } = await sitting();
    await save(token, [{ position: 1, answer: 'B', seq: 1 }]);
    const ethics = await subjectRow(fixture, 'ethics');
    const ability = await subjectRow(fixture, 'ability');
    const done = await inSystemTx(t.database.db, (tx) =>
      submitAttemptSubjects(t.deps, tx, [ethics.s.id], 'proctor', t.clock.now()),
    );
    expect(done[0]).toMatchObject({ submitKind: 'proctor', score: 1, answeredCount: 1 });
    const stopped = await inSystemTx(t.database.db, (tx) =>
      submitAttemptSubjects(t.deps, tx, [ability.s.id, ethics.s.id], 'stopped', t.clock.now()),
    );
    expect(stopped.find((s) => s.subject === 'ability')).toMatchObject({ submitKind: 'stopped', score: null });
    expect(stopped.find((s) => s.subject === 'ethics')).toMatchObject({ submitKind: 'proctor', score: 1 });
  });

  it('merges a recovery file encrypted as the browser does, keeping higher seqs, re-scoring a submitted subject', async () => {
    const { fixture, token } = await sitting();
    const c = fixture.candidates[0]!;
    await save(token, [
      { position: 1, answer: 'A', seq: 5 },
      { position: 2, answer: 'A', seq: 6 },
    ]);
    await sweepEarlier(fixture);
    const deadline = fixture.startsAt.getTime() + minutes(60);
    expect(await sweepDeadlines(t.deps, new Date(deadline + 31_000))).toBe(1);
    expect((await subjectRow(fixture)).s.score).toBe(0);

    const keyRes = await get('/api/exam/recovery-key');
    expect(keyRes.statusCode).toBe(200);
    expect(keyRes.json().algorithm).toBe('X25519-HKDF-SHA256-AES-256-GCM');
    const serverPublic = Buffer.from(keyRes.json().publicKey, 'base64url');
    expect(serverPublic).toHaveLength(32);

    const journal = [
      { subject: 'ethics', position: 1, answer: 'B', flagged: false, seq: 7 }, // newer: merged (right)
      { subject: 'ethics', position: 2, answer: 'B', flagged: false, seq: 4 }, // older than stored 6: ignored
      { subject: 'ethics', position: 3, answer: 'AC', flagged: false, seq: 8 }, // new: merged (right)
      { subject: 'ethics', position: 9, answer: 'A', flagged: false, seq: 9 }, // outside the paper: left out
    ];
    const plaintext = JSON.stringify({
      ticketNumber: c.ticketNumber,
      sessionId: fixture.sessionId,
      createdAt: new Date().toISOString(),
      journal,
    });
    const file = encryptRecovery(serverPublic, c.ticketNumber, fixture.sessionId, plaintext);

    const merge = await inSystemTx(t.database.db, (tx) => mergeRecovery(t.deps, tx, file, t.clock.now()));
    expect(merge).toMatchObject({ entries: 4, merged: 2, ignored: 1 });
    expect(merge.rescored).toEqual([{ subject: 'ethics', score: 3, answeredCount: 3 }]);
    expect(await storedAnswers(fixture)).toEqual([
      { position: 1, answer: 'B', seq: 7 },
      { position: 2, answer: 'A', seq: 6 },
      { position: 3, answer: 'AC', seq: 8 },
    ]);
    expect((await subjectRow(fixture)).s.score).toBe(3);

    // A file altered in transit, or for another server's key, does not open.
    const altered = JSON.parse(file.toString());
    altered.ciphertext = `${altered.ciphertext.slice(0, -4)}AAAA`;
    await expect(
      inSystemTx(t.database.db, (tx) => mergeRecovery(t.deps, tx, Buffer.from(JSON.stringify(altered)), t.clock.now())),
    ).rejects.toMatchObject({ code: 'RECOVERY_FILE_INVALID' });
    const otherKey = generateKeyPairSync('x25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(12);
    const foreign = encryptRecovery(Buffer.from(otherKey), c.ticketNumber, fixture.sessionId, plaintext);
    await expect(
      inSystemTx(t.database.db, (tx) => mergeRecovery(t.deps, tx, foreign, t.clock.now())),
    ).rejects.toMatchObject({ code: 'RECOVERY_FILE_INVALID' });
  });
});

/** A .gkr file as the browser client writes it (docs/api-exam-day.md), with node:crypto. */
function encryptRecovery(serverPublic: Buffer, ticketNumber: string, sessionId: number, plaintext: string): Buffer {
  const ephemeral = generateKeyPairSync('x25519');
  const spkiPrefix = Buffer.from('302a300506032b656e032100', 'hex');
  const shared = diffieHellman({
    privateKey: ephemeral.privateKey,
    publicKey: createPublicKey({ key: Buffer.concat([spkiPrefix, serverPublic]), format: 'der', type: 'spki' }),
  });
  const iv = randomBytes(12);
  const key = Buffer.from(hkdfSync('sha256', shared, iv, RECOVERY_INFO, 32));
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  const ephemeralPublic = ephemeral.publicKey.export({ format: 'der', type: 'spki' }).subarray(12);
  return Buffer.from(
    JSON.stringify({
      v: 1,
      ticketNumber,
      sessionId,
      ephemeralPublicKey: Buffer.from(ephemeralPublic).toString('base64url'),
      iv: iv.toString('base64url'),
      ciphertext: ciphertext.toString('base64url'),
    }),
  );
}

describe('bad input', () => {
  it('answers malformed requests to every candidate route with a 4xx in the error shape, never a 5xx', async () => {
    const { token } = await sitting();
    const nested = JSON.stringify(JSON.parse(`${'['.repeat(200)}${']'.repeat(200)}`));
    const bodies = [
      '{',
      'null',
      '[]',
      '"x"',
      '{"subject":"ethics","changes":[{"position":"1","answer":"A","flagged":false,"seq":1}]}',
      '{"subject":"ethics","changes":[{"position":1,"answer":"A\\u0000","flagged":false,"seq":1}]}',
      '{"subject":"ethics","changes":[{"position":1,"answer":"A","flagged":false,"seq":99999999999}]}',
      '{"subject":"ethics","changes":[{"position":0,"answer":"A","flagged":false,"seq":1}]}',
      `{"subject":"ethics","changes":${nested}}`,
      `{"subject":"${'x'.repeat(100_000)}","changes":[]}`,
      '{"ticketNumber":{"$ne":1},"idNumber":"1"}',
      '{"unsaved":-1,"online":"yes"}',
      '{"changes":[{"position":1,"answer":"AB","flagged":false,"seq":1}]}',
    ];
    const routes = [
      ['POST', '/api/exam/answers'],
      ['POST', '/api/exam/heartbeat'],
      ['POST', '/api/exam/sign-in'],
      ['POST', '/api/exam/subjects/ethics/submit'],
      ['POST', '/api/exam/subjects/%00/submit'],
      ['POST', '/api/exam/subjects/skill%20/submit'],
    ] as const;
    for (const [method, url] of routes) {
      for (const payload of bodies) {
        for (const contentType of ['application/json', 'text/plain']) {
          const res = await t.app.inject({
            method,
            url,
            payload,
            headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
          });
          expect(res.statusCode, `${url} ${payload.slice(0, 80)} → ${res.body}`).toBeGreaterThanOrEqual(400);
          expect(res.statusCode, `${url} ${payload.slice(0, 80)} → ${res.body}`).toBeLessThan(500);
          expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
        }
      }
    }
    for (const url of ['/api/exam/subjects/nope/paper', '/api/exam/subjects/%FF/paper', '/api/exam/state?x=%00']) {
      const res = await get(url, token);
      expect(res.statusCode, `${url} → ${res.body}`).toBeLessThan(500);
    }
  });
});

describe('the session once candidates signed in', () => {
  it("keeps its date, times and subjects (the candidates' clocks were set from them): 409 SESSION_STARTED", async () => {
    const fixture = await exam();
    const [provinceNode] = await inSystemTx(t.database.db, (tx) =>
      tx.select().from(orgNodes).where(eq(orgNodes.id, t.provinceId)),
    );
    const account = await buildAccount(t, provinceNode!, 'province_admin');
    const province = await signInAccount(t, account.username);
    const [session] = await inSystemTx(t.database.db, (tx) =>
      tx.select().from(examSessions).where(eq(examSessions.id, fixture.sessionId)),
    );
    const input = {
      name: session!.name,
      date: session!.sessionDate,
      startTime: '10:00',
      subjects: session!.subjects,
      lateEntryMinutes: session!.lateEntryMinutes,
      earliestHandInMinutes: session!.earliestHandInMinutes,
    };
    await signIn(fixture.candidates[0]!);
    const res = await province.request(
      'PUT',
      `/api/campaigns/${fixture.campaignId}/sessions/${fixture.sessionId}`,
      input,
    );
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error.code).toBe('SESSION_STARTED');
    const [after] = await inSystemTx(t.database.db, (tx) =>
      tx.select().from(examSessions).where(eq(examSessions.id, fixture.sessionId)),
    );
    expect(after!.startTime).toBe(session!.startTime);
  });
});
