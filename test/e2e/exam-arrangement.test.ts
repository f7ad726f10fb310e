// The whole of issue 14 in one walk, as its "Done when" says: a jurisdiction sets up a centre with a room, the
// province seats the candidates and publishes, and a candidate prints the 准考证 that names that room.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiFromPage,
  checkCharacter,
  demoCampaign,
  dropdownOf,
  fetchBytesFromPage,
  launchBrowser,
  newPage,
  RUN_TAG,
  screenshot,
  settle,
  signIn,
  signOut,
} from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

// 刘建军, a confirmed 示例考生 of a 郑州 unit with a demo account: his ID number is his username.
const LIU = `41010519820716031${checkCharacter('41010519820716031')}`;

/** The text of a PDF as pdftotext reads it, without line breaks and spaces (a long address may wrap). */
function pdfText(bytes: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gk-ticket-'));
  try {
    const file = path.join(dir, 'ticket.pdf');
    writeFileSync(file, bytes);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('从新建考点到打印准考证 (issue 14)', () => {
  it('郑州 sets up a centre, the province seats 刘建军 there and publishes, and he prints his ticket', async () => {
    const name = `链路考点${RUN_TAG}`;
    const address = `郑州市金水区示例大道${RUN_TAG}号`;
    const { context, page } = await newPage(browser);
    try {
      // 1. 郑州市 creates the centre and a room (6 × 8 seats by default).
      await signIn(page, 'zhengzhou');
      const centres = await apiFromPage(page, 'GET', '/api/centres?pageSize=100');
      expect(centres.status).toBe(200);
      const taken = new Set((centres.body.items as { code: string }[]).map((c) => c.code));
      const code = Array.from({ length: 89 }, (_, i) => String(i + 11)).find((c) => !taken.has(c))!;
      await page.getByTestId('main-menu').getByText('考点管理').click();
      await page.waitForURL((url) => url.pathname === '/centres');
      await settle(page);
      await page.getByTestId('centre-create').click();
      await page.getByTestId('centre-name').fill(name);
      await page.getByTestId('centre-code').fill(code);
      await page.getByTestId('centre-address').fill(address);
      await page.getByTestId('centre-save').click();
      await page.getByRole('link', { name }).click();
      await page.waitForURL(/\/centres\/\d+$/);
      await page.getByTestId('room-create').click();
      await page.getByTestId('room-code').fill('01');
      await page.getByTestId('room-name').fill('第一机房');
      await page.getByTestId('room-create-ok').click();
      await page.waitForURL(/\/rooms\/\d+$/);
      const roomId = Number(/\/rooms\/(\d+)$/.exec(page.url())?.[1]);
      await signOut(page);

      // 2. The province runs the seating: everyone seated before keeps the seat, the new room gets its 考场号.
      await signIn(page, 'province');
      const campaign = await demoCampaign(page);
      await page.getByTestId('main-menu').getByText('考场编排').click();
      await page.waitForURL((url) => url.pathname === '/seating');
      await settle(page);
      await page.getByTestId('seating-run').click();
      await page.getByTestId('seating-run-start').click();
      const done = page.getByTestId('seating-job-done');
      await done.waitFor({ timeout: 120_000 });
      expect(await done.textContent()).toMatch(/编排完成：已安排 \d+ 人/);
      await page.getByTestId('seating-run-close').click();
      await settle(page);
      const rooms = await apiFromPage(page, 'GET', `/api/campaigns/${campaign.id}/seating/rooms`);
      const newRoom = (rooms.body.rooms as { roomId: number; centreName: string; examRoomNumber: string }[]).find(
        (r) => r.roomId === roomId,
      );
      expect(newRoom?.centreName).toBe(name);
      expect(newRoom?.examRoomNumber).toMatch(/^\d{2}$/);

      // 3. 刘建军 (already notified of his seat) is moved into the new room, seat B03, with a reason.
      const before = await apiFromPage(
        page,
        'GET',
        `/api/campaigns/${campaign.id}/seating/assignments?q=${encodeURIComponent('刘建军')}`,
      );
      expect(before.body.items).toHaveLength(1);
      expect(before.body.items[0].notifiedAt).not.toBeNull();
      await page.getByTestId('seating-q').fill('刘建军');
      await page.getByTestId('seating-q').press('Enter');
      await settle(page);
      await page.getByRole('button', { name: '调整座位：刘建军' }).first().click();
      await page.getByTestId('move-notified').waitFor();
      // The room by its centre's name: type to filter the list, pick the one option left.
      await page.locator('#move_roomId').click();
      await page.locator('#move_roomId').fill(name);
      await dropdownOf(page, 'move_roomId').locator('.ant-select-item-option', { hasText: name }).click();
      await expect.poll(() => page.getByTestId('move-form').textContent()).toContain(name);
      await page.getByTestId('move-seat').fill('B03');
      await page.getByTestId('move-reason').fill('就近安排到新设考点');
      await page.getByTestId('move-confirm-notified').click();
      await screenshot(page, 'arrangement-move');
      await page.getByTestId('move-ok').click();
      await page.getByTestId('move-seat').waitFor({ state: 'detached' });
      const moved = await apiFromPage(
        page,
        'GET',
        `/api/campaigns/${campaign.id}/seating/assignments?q=${encodeURIComponent('刘建军')}`,
      );
      const seat = moved.body.items[0];
      expect(seat).toMatchObject({ centreName: name, roomId, seatLabel: 'B03', seat: 11, notifiedAt: null });
      expect(seat.ticketNumber).not.toBe(before.body.items[0].ticketNumber);

      // 4. 发布考场安排: the confirmation names the count the server then checks.
      const totals = (await apiFromPage(page, 'GET', `/api/campaigns/${campaign.id}/seating/rooms`)).body.totals;
      const expected = totals.seated - totals.notified;
      expect(expected).toBeGreaterThan(0);
      await page.getByTestId('seating-publish').click();
      expect(await page.getByTestId('seating-publish-confirm').textContent()).toContain(`将发布 ${expected} 名`);
      await page.getByTestId('seating-publish-ok').click();
      await page.getByText(`已发布 ${expected} 名考生的考场安排`).waitFor();
      await signOut(page);

      // 5. 刘建军 signs in and prints his 准考证: it names the new centre, its address, the room and the seat.
      await signIn(page, LIU);
      await page.goto('/my-application');
      const block = page.getByTestId(`my-ticket-${seat.applicationId}`);
      await block.waitFor();
      await settle(page);
      expect(await block.getByTestId('my-ticket-state').textContent()).toBe('可打印');
      await screenshot(page, 'arrangement-my-ticket');
      const download = page.waitForEvent('download');
      await block.getByTestId('my-ticket-download').click();
      expect((await download).suggestedFilename()).toBe(`准考证-刘建军-${seat.ticketNumber}.pdf`);
      const pdf = await fetchBytesFromPage(page, `/api/tickets/${seat.applicationId}.pdf`);
      expect(pdf.status).toBe(200);
      const text = pdfText(pdf.bytes);
      for (const field of ['刘建军', seat.ticketNumber, name, address, '第一机房', 'B03', newRoom!.examRoomNumber]) {
        expect(text, field).toContain(field);
      }
      await signOut(page);
    } finally {
      await context.close();
    }
  });
});
