import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFromPage, launchBrowser, newPage, screenshot, settle, signIn } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('试题分析 (issue 17 part 5)', () => {
  it('lets `bank` compute the finished 示例 attempts, warns that they are few, and marks an item reviewed', async () => {
    const { context, page } = await newPage(browser);
    try {
      await signIn(page, 'bank');
      await page.goto('/item-analysis');
      const compute = page.getByTestId('ia-compute');
      await compute.waitFor();
      await settle(page);
      await compute.click();
      await page.getByTestId('ia-summary').waitFor({ timeout: 30_000 });
      await page.getByTestId('ia-few').waitFor();
      expect(await page.getByTestId('ia-few').textContent()).toMatch(/^仅 \d+ 份答卷/);
      await page.getByTestId('ia-histogram').waitFor();
      await page.locator('[data-testid="ia-items"] tbody tr.ant-table-row').first().waitFor();
      await settle(page);
      await screenshot(page, 'item-analysis');

      // 标为已复核 on the first row, with a note: the row shows 已复核.
      const row = page.locator('[data-testid="ia-items"] tbody tr.ant-table-row').first();
      await row.getByRole('button', { name: '标为已复核' }).click();
      await page.getByTestId('ia-review-note').fill('题干与答案无误，保留（端到端测试）');
      await page.getByRole('button', { name: '标为已复核' }).last().click();
      await page.getByText('已标为已复核').waitFor();
      await row.getByText('已复核').waitFor();

      // Only flagged: the switch filters on the server.
      await page.getByTestId('ia-flagged').click();
      await settle(page);
      const campaigns = await apiFromPage(page, 'GET', '/api/campaigns');
      expect(campaigns.status).toBe(200);

      // Excel export downloads.
      const download = page.waitForEvent('download');
      await page.getByTestId('ia-export').click();
      expect((await download).suggestedFilename()).toMatch(/^试题分析-.+\.xlsx$/);
    } finally {
      await context.close();
    }
  });
});
