import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiFromPage,
  CAMPAIGN_YEAR,
  launchBrowser,
  newPage,
  pickOption,
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

/** A campaign of its own (a later year), so that no other journey's blueprints or candidates meet this one's. */
async function ownCampaign(page: Page, year: number): Promise<number> {
  const list = await apiFromPage(page, 'GET', '/api/campaigns');
  const existing = list.body.items.find((c: { year: number }) => c.year === year);
  if (existing) return existing.id;
  const versions = await apiFromPage(page, 'GET', '/api/catalog/versions');
  const created = await apiFromPage(page, 'POST', '/api/campaigns', {
    year,
    name: `${year}年度工勤技能岗位等级考核（组卷规则演练）`,
    noticeNumber: `豫人社工考〔${year}〕9号`,
    noticeDate: `${year}-01-05`,
    catalogVersionId: versions.body.items[0].id,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id;
}

/** A 单选题 of this run's 知识点, written by the signed-in manager; answers its id. */
async function writeItem(page: Page, bankId: number, point: string, n: number): Promise<number> {
  const res = await apiFromPage(page, 'POST', `/api/banks/${bankId}/items`, {
    type: 'single',
    stem: `${RUN_TAG}：工勤技能岗位人员在工作中发现安全隐患，首先应当怎样做？（${n}）`,
    options: [
      { text: '立即报告并采取防范措施', image: null },
      { text: '等下班后再说', image: null },
      { text: '自行离开现场', image: null },
    ],
    answer: 'A',
    difficulty: 3,
    knowledgePoint: point,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.item.itemId;
}

describe('组卷规则 (issue 13, point 4)', () => {
  it('bank builds a 职业能力 blueprint, sees a short cell, is refused, and publishes once enough items are approved', async () => {
    const year = CAMPAIGN_YEAR + 3;
    const point = `安全生产${RUN_TAG}`;
    // 409: publishing with a short cell, refused with the reasons shown.
    const { context, page } = await newPage(browser, { expectedStatuses: [409] });
    const second = await newPage(browser);
    try {
      await signIn(page, 'province');
      await ownCampaign(page, year);
      await signOut(page);

      // Beforehand, through the API: a 职业能力 bank (for every grade) and three items of this run's 知识点,
      // written by bank and approved by bank2.
      await signIn(page, 'bank');
      await signIn(second.page, 'bank2');
      const banks = await apiFromPage(page, 'GET', '/api/banks');
      let bankId = banks.body.items.find(
        (b: { subject: string; grade: number | null }) => b.subject === 'ability' && b.grade === null,
      )?.id;
      if (!bankId) {
        const created = await apiFromPage(page, 'POST', '/api/banks', {
          subject: 'ability',
          name: `职业能力题库${RUN_TAG}`,
        });
        expect(created.status, JSON.stringify(created.body)).toBe(200);
        bankId = created.body.id;
      }
      const items: number[] = [];
      for (let n = 1; n <= 4; n++) items.push(await writeItem(page, bankId, point, n));
      for (const itemId of items.slice(0, 3)) {
        const approved = await apiFromPage(second.page, 'POST', `/api/bank-items/${itemId}/versions/1/approve`);
        expect(approved.status, JSON.stringify(approved.body)).toBe(200);
      }

      // 组卷规则: the campaign check of the chosen campaign — no candidates yet, 职业道德 and 职业能力 still need one.
      await page.getByTestId('main-menu').getByText('组卷规则').click();
      await page.waitForURL((url) => url.pathname === '/blueprints');
      await page.getByRole('combobox', { name: '考核年度' }).click();
      await page.locator('.ant-select-dropdown:visible').getByText(`${year}年度`, { exact: false }).click();
      await expect
        .poll(async () => (await page.getByTestId('blueprint-summary').textContent()) ?? '')
        .toContain(`${year}年度工勤技能岗位等级考核（组卷规则演练）`);
      const table = page.getByTestId('blueprints-table');
      await table.getByRole('button', { name: '新建组卷规则：职业能力' }).waitFor();
      expect(await table.textContent()).toContain('未建规则');
      expect(await page.getByTestId('blueprint-summary').textContent()).toContain('已确认考生 0 人');
      await settle(page);
      await screenshot(page, 'blueprints-campaign-check');

      // 新建: the default (50 单选 + 50 多选 of any 知识点) opens in the editor.
      await table.getByRole('button', { name: '新建组卷规则：职业能力' }).click();
      await page.waitForURL(/\/blueprints\/\d+$/);
      const blueprintId = Number(/\/blueprints\/(\d+)$/.exec(page.url())?.[1]);
      await expect.poll(() => page.getByTestId('blueprint-totals').textContent()).toBe('合计 100 题，总分 100 分');

      // Four 单选题 of this run's 知识点 at 25 points: the second cell goes, the totals and the live check follow.
      await page.getByRole('button', { name: '删除第2条规则' }).click();
      await pickOption(page, 'bp-cell-1-kp', `${point}（单选题3题）`);
      await page.locator('#bp-cell-1-count').fill('4');
      await page.locator('#bp-cell-1-points').fill('25');
      await page.locator('#bp-cell-1-points').press('Tab');
      await expect.poll(() => page.getByTestId('blueprint-totals').textContent()).toBe('合计 4 题，总分 100 分');
      const sufficiency = page.getByTestId('blueprint-sufficiency');
      await expect
        .poll(async () => (await sufficiency.locator('tbody tr').first().textContent()) ?? '')
        .toContain('缺1题');
      expect(await page.getByTestId('blueprint-blocking').textContent()).toContain(
        `第1条规则（单选题·${point}·难度1–5）需要4道已审核试题，可用3道`,
      );
      expect(await sufficiency.locator('tr.gk-bp-row-short').count()).toBe(1);
      await settle(page);
      await screenshot(page, 'blueprint-editor-short');

      // 保存, then 发布: refused, the short cell named.
      await page.getByTestId('blueprint-save').click();
      await expect.poll(() => page.getByTestId('blueprint-publish').isDisabled()).toBe(false);
      await page.getByTestId('blueprint-publish').click();
      await page.getByTestId('blueprint-error').waitFor();
      expect(await page.getByTestId('blueprint-error').textContent()).toContain(
        `不能发布：第1条规则（单选题·${point}·难度1–5）需要4道已审核试题，可用3道`,
      );
      await settle(page);
      await screenshot(page, 'blueprint-publish-refused');

      // bank2 approves the fourth item; 发布 goes through, and the campaign check shows it.
      const approved = await apiFromPage(second.page, 'POST', `/api/bank-items/${items[3]}/versions/1/approve`);
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
      await page.getByTestId('blueprint-publish').click();
      await page.getByText('已发布，不能修改；尚未生成试卷，撤回发布后可以修改').waitFor();
      expect(await page.getByTestId('blueprint-withdraw').isDisabled()).toBe(false);
      expect(await page.locator('#bp-cell-1-count').isDisabled()).toBe(true);
      await settle(page);
      await screenshot(page, 'blueprint-published');

      await page.getByRole('link', { name: '返回组卷规则' }).click();
      await page.waitForURL((url) => url.pathname === '/blueprints');
      const row = table.locator('tr', { hasText: '职业能力' });
      await expect.poll(async () => (await row.textContent()) ?? '').toContain('已发布');
      expect(await row.textContent()).toContain('充足');
      await row.getByRole('link', { name: '查看组卷规则：职业能力' }).waitFor();
      const check = await apiFromPage(page, 'GET', `/api/blueprints/${blueprintId}`);
      expect(check.body.blueprint).toMatchObject({ status: 'published', itemCount: 4, totalPoints: 100 });
      await settle(page);
      await screenshot(page, 'blueprints-published');
      await settle(second.page);
    } finally {
      await second.context.close();
      await context.close();
    }
  });
});
