import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFromPage, launchBrowser, newPage, screenshot, settle, signIn, signOut } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Scores every candidate of 示例评审组 still to score on 我的评审, through the sheet. */
async function scoreAll(page: Page, marks: number[], shot?: string) {
  await page.goto('/my-review');
  await page.getByTestId('my-review-page').waitFor();
  await settle(page);
  for (let round = 0; round < 5; round++) {
    const open = page.locator('[data-testid^="score-open-"]', { hasNotText: '查' }).first();
    if ((await open.count()) === 0) break;
    await open.click();
    for (const [i, key] of ['performance', 'skill', 'innovation', 'defence'].entries()) {
      const input = page.locator(`input[data-testid="score-${key}"], [data-testid="score-${key}"] input`).first();
      await input.fill(String(marks[i]! - round));
    }
    await page.getByTestId('sheet-comment').fill('示例评语：技能扎实，答辩清楚。');
    await page
      .getByTestId('sheet-total')
      .getByText(/^\d+\.\d{2}$/)
      .waitFor();
    if (shot && round === 0) {
      await settle(page);
      await screenshot(page, shot);
    }
    await page.getByTestId('sheet-submit').click();
    await page.getByText('评分已提交').first().waitFor();
    await settle(page);
  }
}

describe('综合评审 (issue 17 part 3)', () => {
  it('expert5 and the chair expert1 score 示例评审组 in the browser; the chair confirms; the province sees it', async () => {
    const { context, page } = await newPage(browser);
    try {
      // expert5: three sheets, the first one photographed with its live total.
      await signIn(page, 'expert5');
      await scoreAll(page, [80, 78, 75, 82], 'panel-sheet');
      expect(await page.locator('[data-testid^="my-candidates-"]').getByText('已提交').count()).toBe(3);
      await signOut(page);

      // expert1, the chair: their own three, then the summary with the dropped highest and lowest, confirm.
      await signIn(page, 'expert1');
      await scoreAll(page, [90, 88, 85, 86]);
      const chair = page.locator('[data-testid^="chair-"]').first();
      await chair.getByTestId('chair-missing').getByText('尚未提交的评分表：0 份').waitFor();
      await expect.poll(() => chair.getByText('去最高').count()).toBe(3);
      await settle(page);
      await screenshot(page, 'panel-chair-before-confirm');
      await chair.locator('[data-testid^="confirm-"]').click();
      await page.getByText('评审结果已确认').first().waitFor();
      await chair.getByTestId('chair-missing').getByText('已确认').waitFor();
      await settle(page);
      await screenshot(page, 'panel-chair-confirmed');
      await signOut(page);

      // The province: the panel confirmed, its scores, the record.
      await signIn(page, 'province');
      await page.goto('/panels');
      await page.getByTestId('panels-page').waitFor();
      await page.getByTestId('panels-table').getByText('已确认').waitFor();
      await settle(page);
      await screenshot(page, 'panels-province');
      await page.getByTestId('panels-table').getByRole('link', { name: '示例评审组' }).click();
      await page.getByTestId('panel-detail').waitFor();
      await page.getByTestId('panel-scores').getByText('合格').first().waitFor();
      await settle(page);
      await screenshot(page, 'panel-detail');
      const panelId = Number(page.url().split('/').pop());
      const pdf = await apiFromPage(page, 'GET', `/api/panels/${panelId}/record.pdf`);
      expect(pdf.status).toBe(200);
      await page.goto('/experts');
      await page.getByTestId('experts-table').getByText('expert5').waitFor();
      await settle(page);
      await screenshot(page, 'experts');
    } finally {
      await context.close();
    }
  }, 240_000);
});
