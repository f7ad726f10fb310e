import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiFromPage,
  demoCampaign,
  fetchBytesFromPage,
  launchBrowser,
  newPage,
  pickOption,
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

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SKILL_BANK = '汽车驾驶员四级题库（演练导入）';

interface Scope {
  subject: string;
  jobTypeName: string | null;
  grade: number | null;
  candidates: number;
  blueprint: { id: number; status: string; revision: number } | null;
}

/**
 * The demo's walk-through (issue 13, "Done when"): the sample 汽车驾驶员四级 bank imported from its Excel file,
 * approved by a second manager, every demo blueprint published, every confirmed candidate's papers generated, one
 * paper read (audited) and rebuilt from its seed.
 */
describe('从导入题库到生成试卷 (issue 13)', () => {
  it('bank imports the sample bank, bank2 approves it, bank publishes the blueprints and generates every paper', async () => {
    // 409: the 汽车驾驶员 blueprint's publish refused while its bank is still empty (the demo's point).
    const { context, page } = await newPage(browser, { expectedStatuses: [409] });
    try {
      await signIn(page, 'bank');
      const campaign = await demoCampaign(page);

      // Before the import, the campaign check names the 汽车驾驶员四级 blueprint as short and publishing it fails.
      await page.getByTestId('main-menu').getByText('组卷规则').click();
      await page.waitForURL((url) => url.pathname === '/blueprints');
      const scopesBefore = await apiFromPage(page, 'GET', `/api/blueprints?campaignId=${campaign.id}&pageSize=100`);
      expect(scopesBefore.status, JSON.stringify(scopesBefore.body)).toBe(200);
      const driver = (scopesBefore.body.items as Scope[]).find(
        (s) => s.subject === 'skill' && s.jobTypeName === '汽车驾驶员' && s.grade === 4,
      );
      expect(driver?.blueprint, 'the demo ships a draft 汽车驾驶员四级 blueprint').toBeTruthy();
      const table = page.getByTestId('blueprints-table');
      await table.getByRole('link', { name: '编辑组卷规则：岗位技能 · 汽车驾驶员 · 四级' }).waitFor();
      await settle(page);
      await screenshot(page, 'papers-blueprints-short');
      await table.getByRole('link', { name: '编辑组卷规则：岗位技能 · 汽车驾驶员 · 四级' }).click();
      await page.waitForURL(/\/blueprints\/\d+$/);
      await page.getByTestId('blueprint-publish').click();
      await expect.poll(() => page.getByTestId('blueprint-error').textContent()).toContain('可用0道');

      // 题库管理 → 下载示例题库 (the Excel file of the demo), 新建题库 汽车驾驶员 四级, 导入 Excel.
      await page.getByTestId('main-menu').getByText('题库管理').click();
      await page.waitForURL((url) => url.pathname === '/banks');
      const sampleLink = page.getByTestId('bank-sample-download');
      const sample = await fetchBytesFromPage(page, (await sampleLink.getAttribute('href')) ?? '');
      expect(sample.status).toBe(200);
      await page.getByTestId('bank-create').click();
      await pickOption(page, 'subject', '岗位技能');
      await pickOption(page, 'jobTypeId', '汽车驾驶员（交通运输类）');
      await pickOption(page, 'grade', '四级（中级工）');
      await page.locator('#name').fill(SKILL_BANK);
      await page.getByTestId('bank-create-ok').click();
      await page.getByTestId('banks-table').getByRole('link', { name: SKILL_BANK }).click();
      await page.waitForURL(/\/banks\/\d+$/);
      const bankId = Number(/\/banks\/(\d+)$/.exec(page.url())?.[1]);
      await page.getByTestId('bank-import').click();
      const dialog = page.locator('.ant-modal').filter({ hasText: '导入 Excel' });
      await dialog.locator('input[type=file]').setInputFiles({
        name: '示例题库-汽车驾驶员四级.xlsx',
        mimeType: XLSX,
        buffer: sample.bytes,
      });
      await dialog.getByText('全部正确才导入').click();
      await dialog.getByTestId('bank-import-start').click();
      const result = dialog.getByTestId('bank-import-result');
      await result.waitFor({ timeout: 60_000 });
      expect(await result.textContent()).toContain('导入完成：共 45 行，导入 45 道试题');
      await settle(page);
      await screenshot(page, 'papers-bank-imported');
      await dialog.getByRole('button', { name: /^关\s闭$/ }).click();
      await signOut(page);

      // bank2: 待审核试题 of that bank, the whole filter approved.
      await signIn(page, 'bank2');
      await page.goto(`/bank-queue?bank=${bankId}`);
      const queue = page.getByTestId('queue-table');
      await expect.poll(() => queue.locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);
      await page.getByTestId('queue-approve-filter').click();
      await expect.poll(() => page.getByTestId('queue-confirm').textContent()).toContain('45 道试题');
      await page.getByTestId('queue-approve-ok').click();
      await expect.poll(() => page.getByTestId('queue-result-title').textContent()).toBe('审核通过 45 道');
      await page.getByTestId('queue-result-close').click();
      await signOut(page);

      // bank: 组卷规则 — the 汽车驾驶员 blueprint published in the browser, the other drafts through the API.
      await signIn(page, 'bank');
      await page.goto(`/blueprints/${driver!.blueprint!.id}`);
      await page.getByTestId('blueprint-sufficiency').waitFor();
      await settle(page);
      await screenshot(page, 'papers-blueprint-ready');
      await page.getByTestId('blueprint-publish').click();
      await page.getByTestId('blueprint-withdraw').waitFor();
      const scopes = await apiFromPage(page, 'GET', `/api/blueprints?campaignId=${campaign.id}&pageSize=100`);
      for (const scope of scopes.body.items as Scope[]) {
        if (scope.candidates === 0 || scope.blueprint?.status !== 'draft') continue;
        const published = await apiFromPage(page, 'POST', `/api/blueprints/${scope.blueprint.id}/publish`, {
          revision: scope.blueprint.revision,
          confirmTolerance: true,
        });
        expect(published.status, JSON.stringify(published.body)).toBe(200);
      }

      // 试卷生成: what is missing (the seed generated the papers of the scopes it could publish, for exam day: the
      // 汽车驾驶员 candidates' 岗位技能 papers are left).
      await page.getByTestId('main-menu').getByText('试卷生成').click();
      await page.waitForURL((url) => url.pathname === '/papers');
      const summary = await apiFromPage(page, 'GET', `/api/campaigns/${campaign.id}/papers/summary`);
      expect(summary.status, JSON.stringify(summary.body)).toBe(200);
      expect(summary.body.candidates as number).toBeGreaterThanOrEqual(12);
      const missing = summary.body.missing as number;
      expect(missing).toBeGreaterThanOrEqual(4);
      await page.getByTestId('papers-generate').click();
      const done = page.getByTestId('paper-job-done');
      await done.waitFor({ timeout: 90_000 });
      expect(await done.textContent()).toContain(`已生成 ${missing} 份试卷`);
      await settle(page);
      await screenshot(page, 'papers-generated');
      await page.getByRole('button', { name: /^关\s闭$/ }).click();
      const papersTable = page.getByTestId('papers-table');
      await expect.poll(() => papersTable.textContent()).toContain('岗位技能');
      await settle(page);
      await screenshot(page, 'papers-list');

      // One paper, read as a review copy (audited) and rebuilt from its seed.
      await papersTable
        .getByRole('button', { name: /查看（记入审计日志）/ })
        .first()
        .click();
      await page.waitForURL(/\/papers\/\d+$/);
      await expect.poll(() => page.getByTestId('paper-item').count(), { timeout: 20_000 }).toBe(30);
      expect(await page.getByTestId('paper-copy').textContent()).toContain('****');
      await page.getByTestId('paper-verify').click();
      await expect.poll(() => page.getByTestId('paper-verify-result').textContent()).toContain('一致');
      await settle(page);
      await screenshot(page, 'paper-copy');
    } finally {
      await context.close();
    }
  });
});
