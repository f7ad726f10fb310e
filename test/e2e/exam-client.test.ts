// The candidate's exam client (issue 15, the seat): sign-in, answering by keyboard and mouse, a reload mid-exam,
// the network gone and back, the recovery file, and the hand-in's confirmation. The journey runs its own server on
// a fixed clock (the exam is "now" whatever day the tests run) over a database of its own, with a seated and
// published candidate whose papers the delivery module's fixtures write (their keys are known).
import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import type { Database } from '../../src/server/db/client.js';
import {
  attemptAnswers,
  attemptSubjects,
  examAttempts,
  examRoomStates,
  testCentres,
} from '../../src/server/db/schema.js';
import { ensureReferenceOrg } from '../../src/server/db/seed.js';
import type { AppDeps } from '../../src/server/deps.js';
import { sweepDeadlines } from '../../src/server/modules/delivery/delivery.service.js';
import {
  type ExamFixture,
  insertExamBanks,
  PAPER_KEYS,
  seatedExam,
  TINY_PNG,
} from '../../src/server/modules/delivery/delivery.test-support.js';
import { FixedClock } from '../../src/server/platform/clock.js';
import { openRecoveryCiphertext, randomRecoveryKey } from '../../src/server/platform/recovery-key.js';
import { randomContentKey } from '../../src/server/platform/sealed.js';
import { randomSigningKey } from '../../src/server/platform/signing.js';
import { inSystemTx } from '../../src/server/platform/tx.js';
import type { TestApp } from '../setup/harness.js';
import { launchBrowser, newPage, screenshot } from './browser.js';
import { openTemplateCopy } from './template-db.js';

const DATE = '2026-06-13';
/** 09:00 the session starts with 职业道德 (60 minutes, hand-in from 09:30); the journey is at 09:40. */
const NOW = `${DATE}T09:40:00+08:00`;
/** The failed requests of a page taken offline (Playwright's setOffline). */
const OFFLINE_ERRORS = [/net::ERR_INTERNET_DISCONNECTED/, /Failed to fetch/];

let browser: Browser;
let t: TestApp;
let serverUrl: string;
let database: Database;
let exam: ExamFixture;

beforeAll(async () => {
  browser = await launchBrowser();
  // A copy of the database global set-up migrated (its keys are not needed: this journey seals its own papers).
  database = openTemplateCopy('migrated').database;
  const clock = new FixedClock(NOW);
  const deps: AppDeps = {
    db: database.db,
    dbKind: database.kind,
    clock,
    config: { ...loadConfig({}), demoMode: false, logLevel: 'warn', loginRatePerMinute: 1000 },
    contentKey: randomContentKey(),
    signingKey: randomSigningKey(),
    recoveryKey: randomRecoveryKey(),
  };
  const province = await ensureReferenceOrg(database.db, clock);
  const { app, routeAccess } = await buildApp(deps, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  serverUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  t = {
    app,
    routeAccess,
    deps,
    clock,
    database,
    provinceId: province.id,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
  const bank = await insertExamBanks(t);
  exam = await seatedExam(t, bank, {
    count: 3,
    date: DATE,
    settings: { autoAdmit: true, showScoreOnSubmit: true },
    photo: TINY_PNG,
  });
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** The answers the server holds for the candidate's subject, position → answer (flag as `!`). */
async function serverAnswers(applicationId: number, subject: string): Promise<Record<number, string>> {
  return inSystemTx(database.db, async (tx) => {
    const rows = await tx
      .select({ position: attemptAnswers.position, answer: attemptAnswers.answer, flagged: attemptAnswers.flagged })
      .from(attemptAnswers)
      .innerJoin(attemptSubjects, eq(attemptSubjects.id, attemptAnswers.attemptSubjectId))
      .innerJoin(examAttempts, eq(examAttempts.id, attemptSubjects.attemptId))
      .where(and(eq(examAttempts.applicationId, applicationId), eq(attemptSubjects.subject, subject as 'ethics')));
    return Object.fromEntries(rows.map((r) => [r.position, `${r.answer}${r.flagged ? '!' : ''}`]));
  });
}

/** The room's pause as the proctor's console would set it (that console is another module's). */
async function setRoomPause(pausedAt: Date | null) {
  await inSystemTx(database.db, async (tx) => {
    const [centre] = await tx
      .select({ orgPath: testCentres.orgPath })
      .from(testCentres)
      .where(eq(testCentres.id, exam.centreId));
    await tx
      .insert(examRoomStates)
      .values({
        sessionId: exam.sessionId,
        roomId: exam.roomId,
        centreId: exam.centreId,
        centrePath: centre!.orgPath,
        pausedAt,
        pauseReason: pausedAt ? '停电' : null,
        createdAt: t.clock.now(),
        updatedAt: t.clock.now(),
      })
      .onConflictDoUpdate({
        target: [examRoomStates.sessionId, examRoomStates.roomId],
        set: { pausedAt, pauseReason: pausedAt ? '停电' : null },
      });
  });
}

async function signInAtSeat(page: Page, ticketNumber: string, idNumber: string) {
  await page.goto('/exam/');
  await page.getByTestId('exam-ticket').fill(ticketNumber);
  await page.getByTestId('exam-id').fill(idNumber);
  await page.getByTestId('exam-signin').click();
}

const itemTitle = (page: Page) => page.locator('#exam-item-title');
const pressed = (page: Page, letter: string) => page.getByTestId(`exam-option-${letter}`).getAttribute('aria-pressed');

/** Goes to item `n` through the answer sheet. */
async function goTo(page: Page, n: number) {
  await page.getByTestId('exam-sheet').locator(`[data-position="${n}"]`).click();
  await expect.poll(() => itemTitle(page).textContent()).toContain(`第 ${n} 题`);
}

describe('考生作答 (issue 15: the seat)', () => {
  it('signs in, answers, survives a reload and an outage, and hands in after the confirmation', async () => {
    const candidate = exam.candidates[0]!;
    const { context, page } = await newPage(browser, { baseURL: serverUrl, expectedErrors: OFFLINE_ERRORS });
    try {
      // 08:50, before the opening: the seat shows who sits here, the rules and the countdown to 09:00.
      t.clock.set(`${DATE}T08:50:00+08:00`);
      await signInAtSeat(page, candidate.ticketNumber, candidate.idNumber);
      await page.getByTestId('exam-candidate').waitFor();
      expect(await page.getByTestId('exam-seat').textContent()).toBe('A01');
      expect(await page.locator('img.exam-photo').count()).toBe(1);
      expect(await page.getByTestId('exam-lobby-status').textContent()).toContain('入场审核已通过');
      await expect.poll(() => page.getByTestId('exam-opening-countdown').textContent()).toMatch(/^(09:5\d|10:00)$/);
      expect(await page.textContent('body')).toContain('考生须知');
      await screenshot(page, 'exam-client-lobby');

      // 09:40 (the clock moved on; a reload measures it again): the paper, 20 minutes left.
      t.clock.set(NOW);
      await page.reload();
      await itemTitle(page).waitFor();
      expect(await itemTitle(page).textContent()).toContain('第 1 题');
      expect(await page.getByTestId('exam-keys').textContent()).toContain('M 标记');
      // 09:40 at the server: 20 minutes left, whatever this PC's clock says.
      await expect.poll(() => page.getByTestId('exam-timer').textContent()).toMatch(/剩余时间(19:5\d|20:00)/);

      // Item 1 by keyboard (its key letter), item 2 by mouse, item 3 (multiple) by two letters and a flag.
      await page.keyboard.press(PAPER_KEYS[0]!);
      expect(await pressed(page, PAPER_KEYS[0]!)).toBe('true');
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => itemTitle(page).textContent()).toContain('第 2 题');
      await page.getByTestId(`exam-option-${PAPER_KEYS[1]}`).click();
      await page.keyboard.press('ArrowRight');
      for (const letter of PAPER_KEYS[2]!) await page.keyboard.press(letter.toLowerCase());
      await page.keyboard.press('m');
      expect(await pressed(page, PAPER_KEYS[2]![0]!)).toBe('true');
      expect(await pressed(page, PAPER_KEYS[2]![1]!)).toBe('true');
      // (The summary also reads so before a change is noted: the item's own 已保存 first.)
      await expect.poll(() => page.getByTestId('exam-item-save').textContent()).toBe('已保存');
      await expect.poll(() => page.getByTestId('exam-save-summary').textContent()).toBe('答案已全部保存');
      await screenshot(page, 'exam-client-answering');
      expect(await serverAnswers(candidate.applicationId, 'ethics')).toEqual({
        1: PAPER_KEYS[0],
        2: PAPER_KEYS[1],
        3: `${PAPER_KEYS[2]}!`,
      });

      // A reload mid-exam: every answer and flag is there again, at the item the candidate was on.
      await page.reload();
      await itemTitle(page).waitFor();
      expect(await itemTitle(page).textContent()).toContain('第 3 题');
      expect(await page.getByTestId('exam-item').textContent()).toContain('已标记');
      await goTo(page, 1);
      expect(await pressed(page, PAPER_KEYS[0]!)).toBe('true');
      await goTo(page, 2);
      expect(await pressed(page, PAPER_KEYS[1]!)).toBe('true');

      // The network goes: answers go on, each shows it is kept on this PC only.
      await context.setOffline(true);
      await goTo(page, 4);
      for (const letter of PAPER_KEYS[3]!) await page.getByTestId(`exam-option-${letter}`).click();
      await expect.poll(() => page.getByTestId('exam-item-save').textContent()).toBe('离线保存中');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press(PAPER_KEYS[4] === 'T' ? 't' : 'f');
      await expect.poll(() => page.getByTestId('exam-item-save').textContent()).toBe('离线保存中');
      await expect.poll(() => page.getByTestId('exam-save-summary').textContent()).toContain('网络中断');
      await screenshot(page, 'exam-client-offline');
      expect(Object.keys(await serverAnswers(candidate.applicationId, 'ethics'))).toHaveLength(3);

      // A reload while the network is down (F5, or the browser restarted): the page comes from this PC (the service
      // worker keeps it), the paper from IndexedDB, the unsaved answers from the journal; none of it from the server.
      expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.state)).toBe('activated');
      expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
      await page.reload();
      await expect.poll(() => itemTitle(page).textContent()).toContain('第');
      await goTo(page, 4);
      for (const letter of PAPER_KEYS[3]!) expect(await pressed(page, letter)).toBe('true');
      expect(await page.getByTestId('exam-item-save').textContent()).toBe('离线保存中');
      await goTo(page, 1);
      expect(await pressed(page, PAPER_KEYS[0]!)).toBe('true');
      expect(await page.getByTestId('exam-item-save').textContent()).toBe('已保存');
      await expect.poll(() => page.getByTestId('exam-save-summary').textContent()).toContain('网络中断');

      // The recovery file holds the unsaved changes, readable with the server's key only.
      const downloading = page.waitForEvent('download');
      await page.getByTestId('exam-recovery').first().click();
      const download = await downloading;
      expect(download.suggestedFilename()).toMatch(new RegExp(`^恢复文件-${candidate.ticketNumber}-.*\\.gkr$`));
      const file = JSON.parse(readFileSync((await download.path())!, 'utf8'));
      expect(file).toMatchObject({ v: 1, ticketNumber: candidate.ticketNumber, sessionId: exam.sessionId });
      const plain = JSON.parse(
        openRecoveryCiphertext(
          t.deps.recoveryKey!,
          Buffer.from(file.ephemeralPublicKey, 'base64url'),
          Buffer.from(file.iv, 'base64url'),
          Buffer.from(file.ciphertext, 'base64url'),
        ).toString('utf8'),
      );
      expect(plain.journal.map((e: { position: number; answer: string }) => [e.position, e.answer]).slice(-2)).toEqual([
        [4, PAPER_KEYS[3]],
        [5, PAPER_KEYS[4]],
      ]);

      // Back online: the journal goes out by itself, and the server holds everything.
      await context.setOffline(false);
      await expect
        .poll(() => page.getByTestId('exam-save-summary').textContent(), { timeout: 40_000 })
        .toBe('答案已全部保存');
      expect(await page.getByTestId('exam-item-save').textContent()).toBe('已保存');
      expect(await serverAnswers(candidate.applicationId, 'ethics')).toEqual({
        1: PAPER_KEYS[0],
        2: PAPER_KEYS[1],
        3: `${PAPER_KEYS[2]}!`,
        4: PAPER_KEYS[3],
        5: PAPER_KEYS[4],
      });

      // The hand-in: the confirmation names the unanswered item and the flagged one.
      await page.getByTestId('exam-submit').click();
      const confirm = page.getByTestId('exam-confirm');
      await confirm.waitFor();
      expect(await page.getByTestId('exam-confirm-unanswered').textContent()).toContain('第 6 题');
      expect(await page.getByTestId('exam-confirm-flagged').textContent()).toContain('第 3 题');
      await screenshot(page, 'exam-client-confirm');
      await page.getByTestId('exam-confirm-ok').click();
      // The break before 职业能力, with the score of 职业道德 (items 1–5 right: 1 + 1 + 2 + 2 + 1).
      await page.getByTestId('exam-last-result').waitFor();
      expect(await page.getByTestId('exam-last-result').textContent()).toContain('得分 7 分');
      expect(await page.getByTestId('exam-lobby-status').textContent()).toContain('休息时间');
      expect(await page.getByTestId('exam-opening-countdown').textContent()).toMatch(/^(3\d|40):\d\d$/);
      await screenshot(page, 'exam-client-break');
    } finally {
      await context.close();
    }
  });

  it('is readable at 1024×768 and refuses a hand-in before the earliest time', async () => {
    const candidate = exam.candidates[1]!;
    // 09:10: the subject is open (late entry until 09:15), the earliest hand-in (09:30) not yet come.
    t.clock.set(`${DATE}T09:10:00+08:00`);
    const { context, page } = await newPage(browser, { baseURL: serverUrl });
    try {
      await page.setViewportSize({ width: 1024, height: 768 });
      await signInAtSeat(page, candidate.ticketNumber, candidate.idNumber);
      await itemTitle(page).waitFor();
      expect(await page.getByTestId('exam-submit').isDisabled()).toBe(true);
      expect(await page.getByTestId('exam-earliest').textContent()).toContain('09:30 后可以交卷');
      // Larger text on demand, kept across a reload.
      await page.getByTestId('exam-large').click();
      await page.reload();
      await itemTitle(page).waitFor();
      expect(await page.evaluate(() => document.documentElement.classList.contains('exam-large'))).toBe(true);
      await screenshot(page, 'exam-client-1024-large');

      // The proctor pauses the room (power cut) at 09:08: the seat shows 考场暂停 and the time left stands at 52:00.
      await setRoomPause(new Date(`${DATE}T09:08:00+08:00`));
      await page.reload();
      await page.getByTestId('exam-paused').waitFor();
      expect(await page.getByTestId('exam-paused').textContent()).toContain('考场暂停');
      expect(await page.getByTestId('exam-timer').textContent()).toBe('已暂停52:00');
      await page.waitForTimeout(1500);
      expect(await page.getByTestId('exam-timer').textContent()).toBe('已暂停52:00');
      expect(await page.getByTestId('exam-option-A').isDisabled()).toBe(true);
      await screenshot(page, 'exam-client-paused');
      // Resumed: the heartbeat brings it back (every 15 s) without a reload.
      await setRoomPause(null);
      await page.getByTestId('exam-paused').waitFor({ state: 'detached', timeout: 30_000 });
      expect(await page.getByTestId('exam-option-A').isDisabled()).toBe(false);
    } finally {
      await context.close();
      t.clock.set(NOW);
    }
  });

  it('resends the journal after a reload, stops input at the deadline and shows the server’s hand-in', async () => {
    const candidate = exam.candidates[2]!;
    t.clock.set(`${DATE}T09:10:00+08:00`);
    // The saves refused on purpose below fail as aborted requests.
    const { context, page } = await newPage(browser, { baseURL: serverUrl, expectedErrors: [/net::ERR_FAILED/] });
    try {
      await signInAtSeat(page, candidate.ticketNumber, candidate.idNumber);
      await itemTitle(page).waitFor();
      await page.keyboard.press(PAPER_KEYS[0]!);
      // Saved: the item's own 已保存 (the summary reads 答案已全部保存 also before the key is noted).
      await expect.poll(() => page.getByTestId('exam-item-save').textContent()).toBe('已保存');
      await expect.poll(() => page.getByTestId('exam-save-summary').textContent()).toBe('答案已全部保存');

      // Saves cannot get through (the page itself still loads): a change waits in the journal, a reload finds it
      // there, unsaved, and sends it once the way is open again.
      await page.route('**/api/exam/answers', (route) => route.abort());
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press(PAPER_KEYS[1]!);
      await expect.poll(() => page.getByTestId('exam-item-save').textContent()).toBe('离线保存中');
      await page.reload();
      await itemTitle(page).waitFor();
      expect(await itemTitle(page).textContent()).toContain('第 2 题');
      expect(await pressed(page, PAPER_KEYS[1]!)).toBe('true');
      await expect.poll(() => page.getByTestId('exam-item-save').textContent()).toBe('离线保存中');
      expect(await serverAnswers(candidate.applicationId, 'ethics')).toEqual({ 1: PAPER_KEYS[0] });
      await page.unroute('**/api/exam/answers');
      await expect.poll(() => page.getByTestId('exam-item-save').textContent(), { timeout: 40_000 }).toBe('已保存');
      expect(await serverAnswers(candidate.applicationId, 'ethics')).toEqual({ 1: PAPER_KEYS[0], 2: PAPER_KEYS[1] });

      // 10:00:05, inside the grace: the time is up, the seat takes no more input and waits for the hand-in.
      t.clock.set(`${DATE}T10:00:05+08:00`);
      await page.reload();
      await page.getByTestId('exam-deadline').waitFor();
      expect(await page.getByTestId('exam-timer').textContent()).toBe('剩余时间00:00');
      expect(await page.getByTestId('exam-option-A').isDisabled()).toBe(true);
      await page.keyboard.press('m');
      expect(await page.getByTestId('exam-item').textContent()).not.toContain('已标记');
      expect(await page.getByTestId('exam-submit').isDisabled()).toBe(true);
      await screenshot(page, 'exam-client-deadline');

      // The grace over, the server hands in without the client; the seat shows it and the score (items 1, 2 right).
      t.clock.set(`${DATE}T10:00:40+08:00`);
      expect(await sweepDeadlines(t.deps, t.clock.now())).toBeGreaterThan(0);
      await page.getByTestId('exam-last-result').waitFor({ timeout: 20_000 });
      expect(await page.getByTestId('exam-last-result').textContent()).toContain('到时自动交卷');
      expect(await page.getByTestId('exam-last-result').textContent()).toContain('得分 2 分');
    } finally {
      await context.close();
      t.clock.set(NOW);
    }
  });
});
