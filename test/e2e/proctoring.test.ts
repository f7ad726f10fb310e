import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CANDIDATES, demoCandidateIdNumber } from '../../src/server/db/seed-candidates.js';
import { apiFromPage, fetchBytesFromPage, launchBrowser, newPage, screenshot, settle, signIn } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface Seat {
  applicationId: number;
  seatLabel: string;
  name: string;
  ticketNumber: string;
  state: string;
  remainingMs: number | null;
}

// The demo's `proctor` (郑州考点监考员) runs a room of today's 示例 session (the demo seeds the session on the day it
// runs, its papers, and the assignment). A 示例考生 of that room signs in through the candidates' API as their PC
// would; the proctor admits them, pauses and resumes the room, records an incident and prints the 场次报告.
describe('监考台 (issue 15, proctor side)', () => {
  it('admits a candidate, pauses and resumes the room, records an incident and prints the report', async () => {
    const { context, page } = await newPage(browser);
    try {
      await signIn(page, 'proctor');
      await page.getByRole('menuitem', { name: '监考' }).click();
      await page.waitForURL(/\/proctor$/);
      const mine = await apiFromPage(page, 'GET', '/api/proctoring/my-rooms');
      expect(mine.status).toBe(200);
      const room = (mine.body.items as { today: boolean; roomId: number; session: { id: number } }[]).find(
        (r) => r.today,
      );
      expect(room, 'the demo assigns `proctor` to a room of a session today').toBeTruthy();
      const roomCard = page.getByTestId(`my-room-${room!.session.id}-${room!.roomId}`);
      await roomCard.waitFor();
      await screenshot(page, 'proctor-my-rooms');
      await roomCard.getByTestId('open-console').click();
      await page.waitForURL(new RegExp(`/proctor/sessions/${room!.session.id}/rooms/${room!.roomId}$`));
      await page.getByTestId('proctor-map').waitFor();

      // A candidate of the room signs in at their PC (the candidates' API, no cookie).
      const url = `/api/proctoring/sessions/${room!.session.id}/rooms/${room!.roomId}`;
      const live = await apiFromPage(page, 'GET', url);
      const seats = live.body.seats as Seat[];
      const seat = seats.find((s) => s.state === 'not_signed_in' && DEMO_CANDIDATES.some((c) => c.name === s.name));
      expect(seat, 'a 示例考生 of the room has not signed in yet').toBeTruthy();
      const idNumber = demoCandidateIdNumber(DEMO_CANDIDATES.find((c) => c.name === seat!.name)!);
      const signedIn = await page.evaluate(
        async ({ ticketNumber, idNumber }) => {
          const res = await fetch('/api/exam/sign-in', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ ticketNumber, idNumber }),
          });
          return res.status;
        },
        { ticketNumber: seat!.ticketNumber, idNumber },
      );
      expect(signedIn).toBe(200);

      // The console sees them waiting within a poll, and admits them.
      const seatButton = page.getByTestId(`seat-${seat!.seatLabel}`);
      await expect.poll(async () => seatButton.getAttribute('aria-label'), { timeout: 15_000 }).toContain('待入场');
      await seatButton.focus();
      await page.keyboard.press('Enter');
      await page.getByTestId('seat-panel').getByText(seat!.name).first().waitFor();
      await page.getByTestId('act-admit').click();
      await page.getByTestId('ticket-scan').waitFor();
      await screenshot(page, 'proctor-admit');
      await page.getByTestId('action-ok').click();
      await expect
        .poll(async () => page.getByTestId('panel-state').textContent(), { timeout: 15_000 })
        .toMatch(/已入场|作答中/);

      // Pause: the clock stands still; resume: the paused time comes back.
      await page.getByTestId('room-pause').click();
      await page.getByTestId('action-ok').click();
      await expect.poll(async () => page.getByTestId('room-status').textContent()).toContain('暂停中');
      const frozen = (await apiFromPage(page, 'GET', url)).body.seats.find(
        (s: Seat) => s.applicationId === seat!.applicationId,
      ).remainingMs as number | null;
      await page.waitForTimeout(2500);
      await screenshot(page, 'proctor-paused');
      await page.getByTestId('room-resume').click();
      await page.getByTestId('action-ok').click();
      await expect.poll(async () => page.getByTestId('room-status').textContent()).toContain('考试进行中');
      const after = (await apiFromPage(page, 'GET', url)).body.seats.find(
        (s: Seat) => s.applicationId === seat!.applicationId,
      ).remainingMs as number | null;
      if (frozen !== null && after !== null) {
        // Given back to the second (the paused seconds, rounded up), less the moment since the resume.
        expect(Math.abs(after - frozen)).toBeLessThan(3000);
      }

      // An incident, recorded from the room's toolbar.
      await page.getByTestId('room-incident').click();
      await page.getByTestId('action-reason').fill('配电箱跳闸，约两分钟恢复');
      await page.getByTestId('action-ok').click();
      await page.getByTestId('event-list').getByText('配电箱跳闸，约两分钟恢复').waitFor();
      await settle(page);
      await screenshot(page, 'proctor-console');

      // The 场次报告 prints.
      const report = await fetchBytesFromPage(page, `${url}/report.pdf`);
      expect(report.status).toBe(200);
      expect(report.contentType).toBe('application/pdf');
      expect(await page.getByTestId('room-report').getAttribute('href')).toBe(`${url}/report.pdf`);
    } finally {
      await context.close();
    }
  });
});
