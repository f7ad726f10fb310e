import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiFromPage,
  checkCharacter,
  fetchBytesFromPage,
  launchBrowser,
  newPage,
  screenshot,
  settle,
  signIn,
} from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

// 刘建军, a confirmed 示例考生 with a demo account (demo-accounts.ts): his ID number is his username.
const LIU = `41010519820716031${checkCharacter('41010519820716031')}`;

const STATE_TEXT: Record<string, string> = {
  printable: '可打印',
  not_published: '编排未发布',
  upcoming: '打印时间未到',
  ended: '打印时间已过',
};

describe('我的准考证 (issue 14, point 5)', () => {
  it('shows the applicant whether the ticket prints, and downloads it only when it does', async () => {
    const { context, page } = await newPage(browser);
    try {
      await signIn(page, LIU);
      await page.goto('/my-application');
      const card = page.getByTestId('my-tickets');
      await card.waitFor();
      await settle(page);
      // The page says what the server says: the seats, their state, the button enabled only when printable.
      const mine = await apiFromPage(page, 'GET', '/api/tickets/mine');
      expect(mine.status).toBe(200);
      const items = mine.body.items as { applicationId: number; state: string; printable: boolean; message: string }[];
      // The demo seats and publishes every 示例考生 (seed-seating.ts), and his printing window holds today.
      expect(items.length).toBeGreaterThan(0);
      expect(items.some((i) => i.printable)).toBe(true);
      for (const item of items) {
        const block = page.getByTestId(`my-ticket-${item.applicationId}`);
        expect(await block.getByTestId('my-ticket-state').textContent()).toBe(STATE_TEXT[item.state]);
        expect(await block.getByTestId('my-ticket-message').textContent()).toBe(item.message);
        const button = block.getByTestId('my-ticket-download');
        expect(await button.isDisabled()).toBe(!item.printable);
        const pdf = await fetchBytesFromPage(page, `/api/tickets/${item.applicationId}.pdf`);
        if (item.printable) {
          expect(pdf.contentType).toBe('application/pdf');
          const download = page.waitForEvent('download');
          await button.click();
          expect((await download).suggestedFilename()).toMatch(/^准考证-刘建军-\d{17}[\dX]\.pdf$/);
        } else {
          expect(pdf.status).toBe(409);
        }
      }
      await screenshot(page, 'my-tickets');
    } finally {
      await context.close();
    }
  });
});
