import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFromPage, demoCampaign, launchBrowser, newPage, screenshot, settle, signIn, signOut } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('公示 and 复核 (issue 16 parts 3, 4)', () => {
  it('province publishes, the public sees 周丽娟 masked, her unit files a review, 郑州 answers it', async () => {
    const { context, page } = await newPage(browser);
    try {
      await signIn(page, 'province');
      const campaign = await demoCampaign(page);
      // Scores released (the scores page's 发布成绩; here through the API: it is not this journey's subject).
      const overview = await apiFromPage(page, 'GET', `/api/campaigns/${campaign.id}/scores/overview`);
      if (!overview.body.releasedAt) {
        expect((await apiFromPage(page, 'POST', `/api/campaigns/${campaign.id}/scores/release`)).status).toBe(200);
      }
      await page.goto('/publicity-manage');
      await page.getByTestId('publicity-page').waitFor();
      await page.getByTestId('publicity-publish').click();
      await page.getByTestId('publicity-state').getByText('公示中').waitFor();
      await settle(page);
      await screenshot(page, 'publicity-manage');
      await page.goto('/calendar');
      await page.getByTestId('calendar-page').waitFor();
      await settle(page);
      await signOut(page);

      // The public page, from the sign-in page.
      await page.getByTestId('login-publicity').click();
      await page.getByTestId('publicity-public').waitFor();
      await page.getByTestId('publicity-search').locator('input').fill('周丽娟');
      await page.getByTestId('publicity-search').locator('input').press('Enter');
      await page.getByText('410105********0828').waitFor();
      expect(await page.getByText('410105198308300828').count()).toBe(0);
      // The list says its result track (五级至二级; 一级 is publicised on its own).
      expect(await page.getByTestId('publicity-public-track').textContent()).toBe('五级至二级');
      await settle(page);
      await screenshot(page, 'publicity-public');

      // Her unit files a review of 岗位技能.
      await signIn(page, 'zz-youeryuan');
      await page.goto('/score-reviews');
      await page.getByTestId('score-reviews-page').waitFor();
      await page.getByPlaceholder('本单位考生姓名或身份证号').fill('周丽娟');
      await page.getByPlaceholder('本单位考生姓名或身份证号').press('Enter');
      const file = page.locator('[data-testid^="file-review-"][data-testid$="-skill"]').first();
      await file.click();
      await page.getByTestId('review-reason').fill('示例：对岗位技能成绩有疑问');
      await page.getByTestId('review-file-submit').click();
      await page.getByTestId('reviews-table').getByText('待复核').waitFor();
      await settle(page);
      await screenshot(page, 'score-review-filed');
      await signOut(page);

      // 郑州's office processes it: the re-score from the seed, then the answer.
      await signIn(page, 'zhengzhou');
      await page.goto('/score-reviews');
      await page.locator('[data-testid^="process-review-"]').first().click();
      await page.getByTestId('review-check').click();
      await page.getByTestId('review-check-result').getByText('逐题一致', { exact: false }).waitFor();
      await page.getByTestId('review-note').fill('经复核，成绩无误（示例）');
      await page.getByTestId('review-decide').click();
      await page.getByTestId('reviews-table').getByText('维持原成绩').waitFor();
      await settle(page);
      await screenshot(page, 'score-review-answered');
    } finally {
      await context.close();
    }
  }, 180_000);
});
