// Exam day as the demo plays it (issue 15, README 考试日演示): a newcomer's demo database (seeded on the real clock,
// as a first `npm start` does), then the app served on the morning of 示例 第一场, a few minutes before it opens
// (`APP_TODAY=<date>T08:25 npm start`), on a clock that runs and that the journey moves on instead of waiting. Two
// windows side by side: a 示例考生 at the seat (/exam/) and the demo's `proctor` at the console; then the candidate's
// spare PC (换机), the 场次报告 and `zhengzhou`'s 巡视.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import type { Database } from '../../src/server/db/client.js';
import { attemptAnswers, attemptSubjects, examAttempts, examSessions } from '../../src/server/db/schema.js';
import { DEMO_CANDIDATES, demoCandidateIdNumber } from '../../src/server/db/seed-candidates.js';
import { demoExamDay } from '../../src/server/db/seed-exam-day.js';
import type { AppDeps } from '../../src/server/deps.js';
import { OffsetClock, systemClock } from '../../src/server/platform/clock.js';
import { inSystemTx } from '../../src/server/platform/tx.js';
import { apiFromPage, fetchBytesFromPage, launchBrowser, newPage, screenshot, settle, signIn } from './browser.js';
import { openTemplateCopy } from './template-db.js';

let browser: Browser;
let dataDir: string;
let database: Database;
let close: () => Promise<void>;
let serverUrl: string;
/** The app's clock: it runs, and the journey moves it on (the minutes it would otherwise wait). */
const clock = new OffsetClock(0);
let day: { sessionId: number; date: string; startTime: string; command: string };

beforeAll(async () => {
  browser = await launchBrowser();
  dataDir = mkdtempSync(path.join(tmpdir(), 'gongkao-exam-day-e2e-'));
  // The newcomer's first start: the demo data, seeded on today's clock (a copy of global set-up's, seeded before
  // any journey ran), with the keys it was sealed under.
  const copy = openTemplateCopy('seeded');
  database = copy.database;
  const deps: AppDeps = {
    db: database.db,
    dbKind: database.kind,
    clock: systemClock,
    config: { ...loadConfig({}), demoMode: true, logLevel: 'warn', loginRatePerMinute: 1000 },
    contentKey: copy.contentKey,
    signingKey: copy.signingKey,
    recoveryKey: copy.recoveryKey,
  };
  const found = await demoExamDay(deps);
  if (!found) throw new Error('the demo has no 示例 第一场');
  day = found;
  expect(day.command).toBe(`APP_TODAY=${day.date}T08:25 npm start`);
  // Then the restart the README asks for: the morning of 示例 第一场, five minutes before it opens.
  clock.set(`${day.date}T08:25:00+08:00`);
  const { app } = await buildApp({ ...deps, clock }, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  serverUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  close = async () => {
    await app.close();
    await database.close();
  };
});

afterAll(async () => {
  await browser?.close();
  await close?.();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

interface LiveSeat {
  applicationId: number;
  seatLabel: string;
  name: string;
  ticketNumber: string;
  state: string;
}

/** The positions the server holds an answer for, of the candidate's 岗位技能. */
async function savedPositions(applicationId: number): Promise<number[]> {
  const rows = await inSystemTx(database.db, (tx) =>
    tx
      .select({ position: attemptAnswers.position })
      .from(attemptAnswers)
      .innerJoin(attemptSubjects, eq(attemptSubjects.id, attemptAnswers.attemptSubjectId))
      .innerJoin(examAttempts, eq(examAttempts.id, attemptSubjects.attemptId))
      .where(and(eq(examAttempts.applicationId, applicationId), eq(attemptSubjects.subject, 'skill'))),
  );
  return rows.map((r) => r.position).sort((a, b) => a - b);
}

async function signInAtSeat(page: Page, ticketNumber: string, idNumber: string) {
  await page.goto('/exam/');
  await page.getByTestId('exam-ticket').fill(ticketNumber);
  await page.getByTestId('exam-id').fill(idNumber);
  await page.getByTestId('exam-signin').click();
}

const itemTitle = (page: Page) => page.locator('#exam-item-title');
const timerSeconds = async (page: Page) => {
  const text = (await page.getByTestId('exam-timer').textContent()) ?? '';
  const m = /(\d+):(\d\d)(?::(\d\d))?$/.exec(text);
  if (!m) throw new Error(`no time in ${text}`);
  return m[3] ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : Number(m[1]) * 60 + Number(m[2]);
};

/** Runs one of the console's actions: the dialog, its reason (kept as proposed unless given), and its OK. */
async function act(page: Page, testId: string, reason?: string) {
  await page.getByTestId(testId).click();
  if (reason !== undefined) await page.getByTestId('action-reason').fill(reason);
  await confirm(page);
}

/** The dialog's OK, until the dialog is gone; a refusal the dialog shows fails the journey with its words. */
async function confirm(page: Page) {
  const ok = page.getByTestId('action-ok');
  await ok.click();
  for (let i = 0; i < 3; i++) {
    try {
      await ok.waitFor({ state: 'detached', timeout: 8000 });
      return;
    } catch {
      const error = page.getByTestId('action-error');
      if ((await error.count()) > 0) throw new Error(`the console refused: ${await error.textContent()}`);
      // A click during the dialog's opening animation may miss: once more.
      if (await ok.isEnabled()) await ok.click();
    }
  }
  await ok.waitFor({ state: 'detached' });
}

describe('考试日演示 (issue 15: the demo’s exam day, two windows)', () => {
  it('a 示例考生 sits 示例 第一场 while `proctor` admits, pauses, gives time, moves them to a spare PC and reports', async () => {
    const started = performance.now();
    const proctorWindow = await newPage(browser, { baseURL: serverUrl });
    // The first PC's token is refused once the second took over: its next call is a 401 by design.
    const seatWindow = await newPage(browser, { baseURL: serverUrl, expectedStatuses: [401] });
    const contexts: BrowserContext[] = [proctorWindow.context, seatWindow.context];
    try {
      const proctor = proctorWindow.page;
      // ── The proctor's window: 我的考场 lists today's room, the console opens it.
      await signIn(proctor, 'proctor');
      await proctor.goto('/proctor');
      const mine = await apiFromPage(proctor, 'GET', '/api/proctoring/my-rooms');
      const room = (mine.body.items as { today: boolean; roomId: number; session: { id: number } }[]).find(
        (r) => r.today && r.session.id === day.sessionId,
      );
      expect(room, 'the demo assigns `proctor` to a room of 示例 第一场').toBeTruthy();
      const roomCard = proctor.getByTestId(`my-room-${day.sessionId}-${room!.roomId}`);
      await roomCard.waitFor();
      await settle(proctor);
      await screenshot(proctor, 'exam-day-proctor-my-rooms');
      await roomCard.getByTestId('open-console').click();
      await proctor.waitForURL(new RegExp(`/proctor/sessions/${day.sessionId}/rooms/${room!.roomId}$`));
      await proctor.getByTestId('proctor-map').waitFor();
      const roomUrl = `/api/proctoring/sessions/${day.sessionId}/rooms/${room!.roomId}`;
      const seats = (await apiFromPage(proctor, 'GET', roomUrl)).body.seats as LiveSeat[];
      const seat = seats.find((s) => s.state === 'not_signed_in' && DEMO_CANDIDATES.some((c) => c.name === s.name));
      expect(seat, 'a 示例考生 of the room has not signed in yet').toBeTruthy();
      const candidate = DEMO_CANDIDATES.find((c) => c.name === seat!.name)!;
      expect(['电工', '保育员']).toContain(candidate.jobType);

      // ── The seat's window: sign-in with 准考证号 and ID number, then 等待入场审核.
      const exam = seatWindow.page;
      await signInAtSeat(exam, seat!.ticketNumber, demoCandidateIdNumber(candidate));
      await exam.getByTestId('exam-candidate').waitFor();
      expect(await exam.getByTestId('exam-lobby-status').textContent()).toContain('等待入场审核');
      expect(await exam.getByTestId('exam-seat').textContent()).toBe(seat!.seatLabel);
      await screenshot(exam, 'exam-day-seat-waiting');

      // ── The console sees them waiting within a poll; the proctor admits them.
      const seatButton = (label: string) => proctor.getByTestId(`seat-${label}`);
      // Picks a seat for the side panel (a click on the picked seat would drop the pick).
      const pick = async (label: string) => {
        const panel = proctor.getByTestId('seat-panel');
        if (!((await panel.count()) > 0 && ((await panel.textContent()) ?? '').includes(label))) {
          await seatButton(label).click();
        }
        await expect.poll(async () => panel.textContent()).toContain(`${label} ${seat!.name}`);
      };
      await expect
        .poll(async () => seatButton(seat!.seatLabel).getAttribute('aria-label'), { timeout: 15_000 })
        .toContain('待入场');
      await pick(seat!.seatLabel);
      await proctor.getByTestId('act-admit').click();
      await proctor.getByTestId('ticket-scan').waitFor();
      await screenshot(proctor, 'exam-day-proctor-admit');
      await proctor.getByTestId('action-ok').click();
      await expect
        .poll(async () => proctor.getByTestId('panel-state').textContent(), { timeout: 15_000 })
        .toMatch(/已入场/);

      // The seat learns of it at its next poll (5 s): admitted, the countdown to 08:30.
      await expect
        .poll(() => exam.getByTestId('exam-lobby-status').textContent(), { timeout: 15_000 })
        .toContain('入场审核已通过');
      await expect.poll(() => exam.getByTestId('exam-opening-countdown').textContent()).toMatch(/^0[45]:\d\d$/);
      await screenshot(exam, 'exam-day-seat-admitted');

      // ── 08:30:05: 岗位技能 opens by itself (the seat's clock is the server's, corrected by every answer).
      clock.set(`${day.date}T08:30:05+08:00`);
      await itemTitle(exam).waitFor({ timeout: 20_000 });
      expect(await itemTitle(exam).textContent()).toContain('第 1 题');
      // Three items answered, each with its first option (a single, a multiple or a true/false item alike).
      for (let n = 1; n <= 3; n++) {
        await exam.getByTestId('exam-item').locator('[data-testid^="exam-option-"]').first().click();
        await expect.poll(() => exam.getByTestId('exam-item-save').textContent()).toBe('已保存');
        if (n < 3) {
          await exam.getByTestId('exam-next').click();
          await expect.poll(() => itemTitle(exam).textContent()).toContain(`第 ${n + 1} 题`);
        }
      }
      await expect.poll(() => exam.getByTestId('exam-save-summary').textContent()).toBe('答案已全部保存');
      expect(await savedPositions(seat!.applicationId)).toEqual([1, 2, 3]);
      await screenshot(exam, 'exam-day-seat-answering');
      const deadlineBefore = (await exam.getByTestId('exam-timer').textContent()) ?? '';
      expect(deadlineBefore).toMatch(/剩余时间(5\d:\d\d|60:00)/);

      // ── A power cut: the proctor pauses the room; the seat shows 考场暂停 with the clock frozen (the heartbeat,
      // due 15 s after the seat's last save or beat, checked every 2 s: within 17 s, and a loaded CI's margin).
      await act(proctor, 'room-pause');
      await expect.poll(() => proctor.getByTestId('room-status').textContent()).toContain('暂停中');
      await exam.getByTestId('exam-paused').waitFor({ timeout: 40_000 });
      expect(await exam.getByTestId('exam-paused').textContent()).toContain('考场暂停');
      const frozen = await timerSeconds(exam);
      expect(await exam.getByTestId('exam-timer').textContent()).toContain('已暂停');
      // Three minutes of outage pass: the seat's time stands still.
      clock.advance(3 * 60_000);
      await exam.waitForTimeout(1200);
      expect(await timerSeconds(exam)).toBe(frozen);
      await screenshot(exam, 'exam-day-seat-paused');
      await screenshot(proctor, 'exam-day-proctor-paused');

      // Resumed: the paused minutes are given back (the seat's next answer from the server brings them).
      await act(proctor, 'room-resume');
      await expect.poll(() => proctor.getByTestId('room-status').textContent()).toContain('考试进行中');
      await exam.getByTestId('exam-paused').waitFor({ state: 'detached', timeout: 40_000 });
      // The three minutes are back: only the real seconds since the resume (the heartbeat's wait) are gone.
      // (Polled: the seat's clock ticks every 250 ms, so the first frame may still count from before the jump that
      // this journey makes the server's clock take.)
      await expect
        .poll(async () => frozen - (await timerSeconds(exam)), { interval: 250 })
        .toSatisfy((gone: number) => gone >= 0 && gone < 60);

      // ── Extra time for this candidate: 10 minutes, reaching the seat with the heartbeat.
      await pick(seat!.seatLabel);
      await proctor.getByTestId('act-time').click();
      await proctor.locator('#time-minutes').fill('10');
      await proctor.getByTestId('action-reason').fill('考生身体不适，补时 10 分钟');
      await confirm(proctor);
      const beforeGift = await timerSeconds(exam);
      await expect.poll(() => timerSeconds(exam), { timeout: 40_000, interval: 500 }).toBeGreaterThan(beforeGift + 500);

      // ── An incident, recorded from the room's toolbar (its start is the server's time, not the PC's).
      await proctor.getByTestId('room-incident').click();
      expect(await proctor.getByTestId('incident-start').inputValue()).toMatch(/^08:3\d$/);
      await proctor.getByTestId('action-reason').fill('配电箱跳闸，约三分钟恢复');
      await proctor.getByTestId('action-ok').click();
      await proctor.getByTestId('event-list').getByText('配电箱跳闸，约三分钟恢复').waitFor();

      // ── 换机: the PC fails; the candidate signs in at a spare PC (a third window) and waits for the proctor.
      const spare = await newPage(browser, { baseURL: serverUrl });
      contexts.push(spare.context);
      await spare.page.setViewportSize({ width: 1024, height: 768 });
      await signInAtSeat(spare.page, seat!.ticketNumber, demoCandidateIdNumber(candidate));
      await spare.page.getByTestId('exam-candidate').waitFor();
      expect(await spare.page.getByTestId('exam-lobby-status').textContent()).toContain('等待监考员确认换机');
      await screenshot(spare.page, 'exam-day-spare-pending');
      await expect
        .poll(async () => seatButton(seat!.seatLabel).getAttribute('aria-label'), { timeout: 15_000 })
        .toContain('换机');
      await pick(seat!.seatLabel);
      await act(proctor, 'act-takeover');
      // …and moves them to the spare seat the console proposes.
      await act(proctor, 'act-move');
      const moved = (await apiFromPage(proctor, 'GET', roomUrl)).body as {
        seats: LiveSeat[];
        room: { spare: string[] };
      };
      const target = moved.seats.find((s) => s.applicationId === seat!.applicationId)?.seatLabel;
      expect(moved.room.spare, 'the console proposes a spare seat').toContain(target);
      await seatButton(target!).getByText(seat!.name).waitFor({ timeout: 15_000 });
      await settle(proctor);
      await screenshot(proctor, 'exam-day-proctor-console');

      // The new window takes over with every answer saved before; the old one is told it was replaced.
      await itemTitle(spare.page).waitFor({ timeout: 20_000 });
      const sheet = spare.page.getByTestId('exam-sheet');
      for (const n of [1, 2, 3]) {
        expect(await sheet.locator(`[data-position="${n}"]`).getAttribute('aria-label')).toMatch(/已答/);
      }
      expect(await sheet.locator('[data-position="4"]').getAttribute('aria-label')).not.toMatch(/已答/);
      await screenshot(spare.page, 'exam-day-spare-1024');
      await spare.page.setViewportSize({ width: 1366, height: 768 });

      // ── 09:01 (hand-in from 09:00): the candidate hands in at the spare PC and sees the score.
      clock.set(`${day.date}T09:01:00+08:00`);
      await expect.poll(() => spare.page.getByTestId('exam-submit').isDisabled(), { timeout: 25_000 }).toBe(false);
      await spare.page.getByTestId('exam-submit').click();
      await spare.page.getByTestId('exam-confirm').waitFor();
      await screenshot(spare.page, 'exam-day-spare-confirm');
      await spare.page.getByTestId('exam-confirm-ok').click();
      await spare.page.getByTestId('exam-last-result').waitFor();
      expect(await spare.page.getByTestId('exam-last-result').textContent()).toMatch(/得分 \d+ 分/);
      await screenshot(spare.page, 'exam-day-spare-handed-in');

      // ── The 场次报告: the pause, the time given, the incident and the proctor.
      const report = await fetchBytesFromPage(proctor, `${roomUrl}/report.pdf`);
      expect(report.status).toBe(200);
      expect(report.contentType).toBe('application/pdf');
      const pdf = path.join(dataDir, 'report.pdf');
      writeFileSync(pdf, report.bytes);
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      expect(text).toContain('场次报告');
      expect(text).toContain('示例第一场');
      expect(text).toContain('郑州市职业技能鉴定考点（示例）');
      expect(text).toMatch(/考场暂停累计3分/);
      // The candidate's line counts the time given to them alone (the 10 minutes); the room's pause given back has
      // its own line above and is not counted twice.
      expect(text).toMatch(new RegExp(`${target}${seat!.name}（${seat!.ticketNumber}）延时10分`));
      expect(text).toContain('配电箱跳闸，约三分钟恢复');
      expect(text).toContain('五、监考员郑州考点监考员');
      expect(text).toContain('四、异常情况（1起）1.停电08:3');

      // ── 巡视 as `zhengzhou`: the room with its candidates' states and the open incident.
      const inspector = await newPage(browser, { baseURL: serverUrl });
      contexts.push(inspector.context);
      await signIn(inspector.page, 'zhengzhou');
      await inspector.page.goto('/inspection');
      const card = inspector.page.getByTestId(`inspection-room-${room!.roomId}`);
      await card.waitFor();
      await settle(inspector.page);
      expect(await card.textContent()).toContain('郑州市职业技能鉴定考点（示例）');
      expect(await card.textContent()).toContain('未结束异常 1');
      await screenshot(inspector.page, 'exam-day-inspection');

      console.log(`exam-day journey: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } finally {
      for (const c of contexts.reverse()) await c.close();
    }
  });
});

// The session row the demo's command names is the one the journey played.
it('names 示例 第一场 in the exam-day command', async () => {
  const [row] = await inSystemTx(database.db, (tx) =>
    tx.select().from(examSessions).where(eq(examSessions.id, day.sessionId)),
  );
  expect(row?.name).toBe('示例 第一场');
  expect(row?.startTime.slice(0, 5)).toBe('08:30');
});
