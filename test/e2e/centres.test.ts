import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFromPage, launchBrowser, newPage, RUN_TAG, screenshot, settle, signIn } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('考点管理 and 机位检测 (issue 14, points 1 and 7)', () => {
  it('郑州 creates a centre and a room, edits its seat map, and a seat check run in the browser shows on the room', async () => {
    const { context, page } = await newPage(browser);
    try {
      await signIn(page, 'zhengzhou');
      await page.getByTestId('main-menu').getByText('考点管理').click();
      await page.waitForURL((url) => url.pathname === '/centres');
      // Waits for the row rather than reading once: on a loaded machine the page's chunk and its query can start
      // after settle()'s quiet window (the table then still says 暂无数据 under its spinner).
      await page.locator('.ant-table').getByText('郑州市职业技能鉴定考点（示例）').first().waitFor();
      await settle(page);
      await screenshot(page, 'centres-list');

      // 新建考点.
      const name = `测试考点${RUN_TAG}`;
      // A code no 郑州 centre has yet (codes are unique per jurisdiction; other journeys add centres too): the
      // highest free one, while the arrangement journey takes the lowest.
      const existing = await apiFromPage(page, 'GET', '/api/centres?pageSize=200');
      const taken = new Set((existing.body.items as { code: string }[]).map((c) => c.code));
      const code = Array.from({ length: 89 }, (_, i) => String(99 - i)).find((c) => !taken.has(c))!;
      await page.getByTestId('centre-create').click();
      await page.getByTestId('centre-name').fill(name);
      await page.getByTestId('centre-code').fill(code);
      await page.getByTestId('centre-address').fill('郑州市示例路 9 号');
      await screenshot(page, 'centres-create');
      await page.getByTestId('centre-save').click();
      await page.getByRole('link', { name }).click();
      await page.waitForURL(/\/centres\/\d+$/);

      // 新建考场 (6 × 8 by default) opens its seat map.
      await page.getByTestId('room-create').click();
      await page.getByTestId('room-code').fill('01');
      await page.getByTestId('room-name').fill('第一机房');
      await page.getByTestId('room-create-ok').click();
      await page.waitForURL(/\/rooms\/\d+$/);
      const roomId = Number(/\/rooms\/(\d+)$/.exec(page.url())?.[1]);
      const capacity = page.getByTestId('room-capacity');
      // 48 seats, 5 % spare = ceil(2.4) = 3.
      await expect.poll(() => capacity.textContent()).toContain('可容纳 45 人');
      // A click and the keyboard each take a seat out of use.
      await page.locator('[data-seat="A01"]').click();
      await page.locator('[data-seat="B02"]').focus();
      await page.keyboard.press('Space');
      await expect.poll(() => capacity.textContent()).toContain('可容纳 43 人');
      await screenshot(page, 'room-seat-map');
      await page.getByTestId('room-save').click();
      await expect.poll(() => page.getByTestId('room-save').isDisabled()).toBe(true);
      const saved = await apiFromPage(page, 'GET', `/api/rooms/${roomId}`);
      expect(saved.body.seatMap.outOfUse).toEqual(['A01', 'B02']);
      expect(saved.body.capacity).toBe(43);

      // 机位检测 on this PC, seat C03: the real browser measures, the server records.
      await page.getByTestId('room-seat-check').click();
      await page.waitForURL(/\/seat-check\?room=\d+/);
      await settle(page);
      // The seat by keyboard: type its label into the searchable list and press Enter.
      await page.locator('#check-seat').click();
      await page.locator('#check-seat').fill('C03');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('check-run').isDisabled()).toBe(false);
      await page.getByTestId('check-run').click();
      const result = page.getByTestId('check-result');
      await result.waitFor();
      // Headless Chromium at 1366×768 on this machine's clock: a pass.
      expect(await result.textContent()).toContain('座位 C03 检测通过');
      expect(await result.textContent()).toContain('Chrome');
      await screenshot(page, 'seat-check-result');

      // The room shows the seat checked.
      await page.goto(`/rooms/${roomId}`);
      await page.locator('[data-seat="C03"].gk-seat-ok').waitFor();
      const title = await page.locator('[data-seat="C03"]').getAttribute('title');
      expect(title).toContain('检测通过');
      expect(await page.getByTestId('room-figures').textContent()).toContain('检测通过 1');
      await settle(page);
      await screenshot(page, 'room-checked');
      // The centre's page counts it too.
      await page.goto(`/centres/${saved.body.centreId}`);
      await page.getByText('通过 1', { exact: true }).waitFor();
      await settle(page);
      await screenshot(page, 'centre-rooms');
    } finally {
      await context.close();
    }
  });
});
