import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiFromPage,
  CAMPAIGN_YEAR,
  ensureCampaignOpen,
  fetchBytesFromPage,
  launchBrowser,
  makeIdNumber,
  newPage,
  pickOption,
  RUN_TAG,
  screenshot,
  signIn,
} from './browser.js';

/**
 * 一级 (高级技师) in a browser (issue 17): a 洛阳 unit officer fills in a 一级 application — the 一级 fields appear
 * once 一级 is chosen, the live check says eligible — saves it, is refused the submission until the five
 * 年度考核登记表 are uploaded, uploads them and a 获奖证书, submits; the unit pre-reviews; the department's reviewer
 * opens the application and sees the evidence, read-only, and opens a scan.
 */

const APPRAISAL = readFileSync(new URL('../../src/server/db/sample-evidence/appraisal-form.pdf', import.meta.url));
const AWARD = readFileSync(new URL('../../src/server/db/sample-evidence/award-certificate.pdf', import.meta.url));
const NAME = `一级${RUN_TAG}`;
const YEARS = [1, 2, 3, 4, 5].map((i) => CAMPAIGN_YEAR - i);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function as<T>(
  username: string,
  fn: (page: Page) => Promise<T>,
  expectedStatuses: readonly number[] = [],
): Promise<T> {
  const { context, page } = await newPage(browser, { expectedStatuses });
  try {
    await signIn(page, username);
    return await fn(page);
  } finally {
    await context.close();
  }
}

async function typeMonth(page: Page, field: string, value: string) {
  await page.locator(`#${field}`).click();
  await page.locator(`#${field}`).fill(value);
  await page.keyboard.press('Enter');
}

describe('一级 journey', () => {
  it('a unit registers a 一级 candidate with the evidence, and the department sees it', async () => {
    await ensureCampaignOpen(browser);
    const idNumber = makeIdNumber('410303', '19720518', 'male');

    const id = await as(
      'ly-ysfw',
      async (page) => {
        await page.goto('/applications/new');
        await page.getByTestId('app-form').waitFor();
        await page.locator('#name').fill(NAME);
        await page.locator('#idNumber').fill(idNumber);
        await pickOption(page, 'education', '中专/技校/职专');
        await typeMonth(page, 'workStartMonth', '1995-07');
        await page.locator('#currentJobType').fill('汽车驾驶员');
        await page.keyboard.press('Escape');
        await page
          .locator('.ant-form-item', { has: page.locator('#appliedJobTypeId') })
          .getByText('汽车驾驶员（交通运输类）')
          .waitFor();
        await pickOption(page, 'currentGrade', '二级（技师）');
        await typeMonth(page, 'currentGradeMonth', '2015-06');
        // The 一级 fields appear only once 一级 is chosen.
        expect(await page.getByText('已聘任在二级（技师）岗位').count()).toBe(0);
        await pickOption(page, 'appliedGrade', '一级（高级技师）');
        await page.getByText('已聘任在二级（技师）岗位').waitFor();
        // Not yet appointed, no appraisals: the live check names the 一级 conditions.
        await page.locator('[data-testid="app-verdict"][data-verdict="ineligible"]').waitFor();
        expect(await page.getByTestId('app-verdict').textContent()).toContain('已聘任在二级岗位【不符合】');
        await page.getByText('已聘任在二级（技师）岗位').click();
        const results = ['优秀', '合格', '优秀', '合格', '合格'];
        for (const [i, result] of results.entries()) {
          await pickOption(page, i === 0 ? 'appraisals' : `appraisals_${i}`, result);
        }
        await page.locator('[data-testid="app-verdict"][data-verdict="eligible"]').waitFor();
        // The award waiver asks for its kind.
        await page.getByText('取得二级后获得可免除学历和考核条件的奖励').click();
        await page.locator('#waiverAwardKind').waitFor();
        await screenshot(page, 'grade1-form-waiver-kind');
        await page.getByText('取得二级后获得可免除学历和考核条件的奖励').click();
        await page.locator('#phone').fill('13900000021');
        await screenshot(page, 'grade1-form-eligible');

        await page.getByTestId('app-save').click();
        await page.waitForURL(/\/applications\/\d+$/, { timeout: 60_000 });
        const appId = Number(new URL(page.url()).pathname.split('/').pop());
        const card = page.getByTestId('grade1-evidence');
        await card.waitFor();
        expect(await page.getByTestId('grade1-evidence-missing').textContent()).toContain(
          `尚缺${YEARS.map((y) => `${y}年`).join('、')}`,
        );
        // Submitting without the evidence is refused, and says what is missing.
        await page.getByTestId('app-submit').click();
        await expect
          .poll(() => page.getByTestId('app-error').textContent(), { timeout: 30_000 })
          .toContain('年度考核登记表');

        for (const year of YEARS) {
          const row = page.getByTestId(`grade1-appraisal-${year}`);
          await row.locator('input[type=file]').setInputFiles({
            name: `${year}年度考核登记表.pdf`,
            mimeType: 'application/pdf',
            buffer: APPRAISAL,
          });
          await row.getByText(`${year}年度考核登记表.pdf`).waitFor({ timeout: 30_000 });
        }
        await page.getByTestId('grade1-award-description').fill('2019年洛阳市职工技能竞赛汽车驾驶员三等奖（示例）');
        await card.locator('input[type=file]').last().setInputFiles({
          name: '获奖证书.pdf',
          mimeType: 'application/pdf',
          buffer: AWARD,
        });
        await card.getByText('获奖证书.pdf').waitFor({ timeout: 30_000 });
        await card.getByText('一级证明材料已齐全').waitFor();
        await screenshot(page, 'grade1-evidence-complete');

        await page.getByTestId('app-submit').click();
        await page.getByTestId('app-status').getByText('待单位审核', { exact: true }).waitFor({ timeout: 30_000 });
        const saved = await apiFromPage(page, 'GET', `/api/applications/${appId}`);
        expect(saved.body).toMatchObject({ status: 'submitted', appliedGrade: 1, verdict: 'eligible' });
        expect(saved.body.files.filter((f: { kind: string }) => f.kind === 'appraisal_form')).toHaveLength(5);
        // The unit's pre-review (the review journeys cover the workbench itself).
        const decided = await apiFromPage(page, 'POST', `/api/review/applications/${appId}/decide`, {
          action: 'approve',
        });
        expect(decided.status, JSON.stringify(decided.body)).toBe(200);
        return appId;
        // The refused submission without evidence (409 GRADE1_EVIDENCE_MISSING) is provoked on purpose.
      },
      [409],
    );

    await as('ly-jtj', async (page) => {
      await page.goto(`/applications/${id}`);
      await page.getByTestId('review-panel').waitFor();
      const card = page.getByTestId('grade1-evidence');
      await card.waitFor();
      for (const year of YEARS) await card.getByText(`${year}年度考核登记表.pdf`).waitFor();
      await card.getByText('（2019年洛阳市职工技能竞赛汽车驾驶员三等奖（示例））').waitFor();
      // Read-only for the reviewer: no upload, no delete.
      expect(await card.getByRole('button', { name: /上传/ }).count()).toBe(0);
      expect(await card.getByRole('button', { name: /删除/ }).count()).toBe(0);
      expect(await page.getByTestId('review-approve').isEnabled()).toBe(true);
      await card.scrollIntoViewIfNeeded();
      await screenshot(page, 'grade1-department-sees-evidence');
      const href = await card.getByText(`${YEARS[0]}年度考核登记表.pdf`).getAttribute('href');
      const file = await fetchBytesFromPage(page, href!);
      expect(file.status).toBe(200);
      expect(file.contentType).toBe('application/pdf');
    });
  });
});
