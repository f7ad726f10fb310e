import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiFromPage,
  ensureCampaignOpen,
  fetchBytesFromPage,
  launchBrowser,
  makeIdNumber,
  newPage,
  RUN_TAG,
  screenshot,
  signIn,
} from './browser.js';

/**
 * The review chain in a browser (docs/api-review.md): one application of 郑州市第一中学 goes through the unit's
 * pre-review, the department (which returns it once; the unit corrects and resubmits), the department's 汇总上报,
 * the jurisdiction's qualification review and 汇总上报, and the province's confirmation; the printed form then
 * carries every level's opinion, and the statistics count it.
 */

const OUT_DIR = path.resolve('test-results', 'review');

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
  mkdirSync(OUT_DIR, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

const NAME = `审核${RUN_TAG}`;

const OPINIONS = {
  unit: '经核对人事档案，出生年月、工作年限、文化程度属实，同意申报。',
  department: '经审核，材料齐全，符合申报条件，同意上报。',
  jurisdiction: '经资格审查，符合四级申报条件。',
  province: '经审查，同意确认。',
};

/** As one demo account, in a fresh browser context. */
async function as<T>(username: string, fn: (page: Page) => Promise<T>): Promise<T> {
  const { context, page } = await newPage(browser);
  try {
    await signIn(page, username);
    return await fn(page);
  } finally {
    await context.close();
  }
}

/** Finds the application in the workbench's 待审核 tab by name and opens it. */
async function openFromQueue(page: Page, id: number) {
  await page.goto(`/review?q=${encodeURIComponent(NAME)}`);
  const row = page.getByTestId('review-queue').locator('tr', { hasText: NAME });
  await row.waitFor();
  await row.getByText(NAME, { exact: true }).click();
  await page.waitForURL((url) => url.pathname === `/applications/${id}`);
  await page.getByTestId('review-panel').waitFor();
}

/** Clicks a decision button on the application page, fills the dialog and waits for the new position. */
async function decide(
  page: Page,
  action: 'approve' | 'return',
  fields: { reason?: string; opinion: string },
  position: string,
) {
  await page.getByTestId(`review-${action}`).click();
  const form = page.getByTestId('decision-form');
  await form.waitFor();
  if (fields.reason) {
    await page.getByTestId('decision-reason').click();
    await page.locator('.ant-select-dropdown:visible').getByText(fields.reason, { exact: true }).click();
  }
  // The journey's person is eligible: approving needs no reason, so no reason box is shown.
  if (action === 'approve') expect(await page.getByTestId('decision-overrule').count()).toBe(0);
  await page.getByTestId('decision-opinion').fill(fields.opinion);
  await page.getByTestId('decision-ok').click();
  await expect.poll(() => page.getByTestId('review-position').textContent(), { timeout: 30_000 }).toContain(position);
}

/** 汇总上报 on /review/batches: sends what is pending and lands on the new batch's summary sheet. */
async function sendBatch(page: Page, shot: string): Promise<number> {
  await page.goto('/review/batches');
  const pending = page.getByTestId('batch-pending');
  await pending.waitFor();
  const send = page.getByTestId('batch-send');
  await expect.poll(() => send.isEnabled(), { timeout: 30_000 }).toBe(true);
  await send.click();
  await page.getByRole('button', { name: '确认上报' }).click();
  await page.waitForURL(/\/review\/batches\/\d+$/);
  await page.getByTestId('batch-sheet').waitFor();
  await page.getByTestId('batch-applications').getByText(NAME).waitFor();
  await screenshot(page, shot);
  return Number(new URL(page.url()).pathname.split('/').pop());
}

describe('review journey', () => {
  it('carries one application through all four levels, with a return, to a form with every opinion', async () => {
    const campaignId = await ensureCampaignOpen(browser);
    const idNumber = makeIdNumber('410102', '19860214', 'female');

    // 郑州市第一中学 registers and submits (the form itself is covered by the registration journeys).
    const id = await as('zz-yizhong', async (page) => {
      const me = await apiFromPage(page, 'GET', '/api/auth/me');
      const campaign = await apiFromPage(page, 'GET', `/api/campaigns/${campaignId}`);
      const jobTypes = await apiFromPage(
        page,
        'GET',
        `/api/catalog/versions/${campaign.body.catalogVersionId}/job-types?q=${encodeURIComponent('保育员')}`,
      );
      const created = await apiFromPage(page, 'POST', '/api/applications', {
        campaignId,
        unitId: me.body.orgNodeId,
        idNumber,
        name: NAME,
        education: 'senior_high',
        workStartMonth: '2005-07',
        currentJobType: '保育员',
        currentGrade: 5,
        currentGradeMonth: '2015-06',
        appliedJobTypeId: jobTypes.body.items[0].id,
        appliedGrade: 4,
        phone: '13900000011',
        submit: true,
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body).toMatchObject({ status: 'submitted', verdict: 'eligible' });
      const appId = created.body.id as number;

      // The unit's pre-review (资格初审) in the workbench.
      await page.goto('/review');
      await page.getByTestId('review-head').waitFor();
      await openFromQueue(page, appId);
      await screenshot(page, 'review-unit-application');
      await decide(page, 'approve', { opinion: OPINIONS.unit }, '等待主管部门审核');
      return appId;
    });

    // 郑州市教育局 returns it for correction.
    await as('zz-jyj', async (page) => {
      await openFromQueue(page, id);
      // The unit's opinion is there for the department to read.
      await page.getByText('各级审核意见').click();
      await page.getByTestId('review-opinions').getByText(OPINIONS.unit).waitFor();
      await decide(
        page,
        'return',
        { reason: '证明材料不全或扫描件不清晰', opinion: '请核对现等级取得时间并补充等级证书扫描件。' },
        '已退回单位修改',
      );
      await screenshot(page, 'review-department-returned');
    });

    // The unit is told, reads the reason, corrects, resubmits and approves again.
    await as('zz-yizhong', async (page) => {
      await page.goto('/notifications');
      await page
        .getByText(/退回修改/)
        .first()
        .waitFor();
      await page.goto(`/applications/${id}`);
      const banner = page.getByTestId('review-return-banner');
      await banner.waitFor();
      expect(await banner.textContent()).toContain('请核对现等级取得时间并补充等级证书扫描件。');
      await screenshot(page, 'review-unit-sees-return');
      await page.locator('#phone').fill('13900000012');
      await page.getByTestId('app-save').click();
      await expect
        .poll(async () => (await apiFromPage(page, 'GET', `/api/applications/${id}`)).body.phone, { timeout: 30_000 })
        .toBe('13900000012');
      await page.getByTestId('app-submit').click();
      await expect
        .poll(() => page.getByTestId('review-position').textContent(), { timeout: 30_000 })
        .toContain('等待单位资格初审');
      await decide(page, 'approve', { opinion: OPINIONS.unit }, '等待主管部门审核');
    });

    // The department approves it in bulk (the ticked row) and sends its batch up.
    await as('zz-jyj', async (page) => {
      await page.goto(`/review?q=${encodeURIComponent(NAME)}`);
      const row = page.getByTestId('review-queue').locator('tr', { hasText: NAME });
      await row.waitFor();

      // Nothing ticked: bulk over the filter says how many and which, in words, and waits for the count typed.
      await page.getByTestId('bulk-approve').click();
      const words = page.getByTestId('bulk-filter-words');
      await words.waitFor();
      expect(await words.textContent()).toContain(`“待审核”中的申请；姓名或身份证号含“${NAME}”`);
      const ok = page.getByTestId('decision-ok');
      expect(await ok.isDisabled()).toBe(true);
      await page.getByTestId('bulk-confirm-count').fill('999');
      expect(await ok.isDisabled()).toBe(true);
      await page.getByTestId('bulk-confirm-count').fill('1');
      expect(await ok.isDisabled()).toBe(false);
      await screenshot(page, 'review-bulk-filter-confirm');
      await page.getByRole('button', { name: /取\s*消/ }).click();
      await page.getByTestId('bulk-filter-confirm').waitFor({ state: 'detached' });
      // On 全部 (rows of every state) bulk needs ticked rows: the buttons are off until then.
      await page.getByTestId('tab-all').click();
      await page.getByTestId('bulk-needs-selection').waitFor();
      expect(await page.getByTestId('bulk-approve').isDisabled()).toBe(true);
      await page.getByTestId('tab-pending').click();
      await row.waitFor();

      await row.locator('.ant-checkbox').click();
      await expect.poll(() => page.getByTestId('review-selected-count').textContent()).toContain('1');
      await page.getByTestId('bulk-approve').click();
      await page.getByTestId('decision-opinion').fill(OPINIONS.department);
      await page.getByTestId('decision-ok').click();
      const result = page.getByTestId('bulk-result-title');
      await result.waitFor();
      expect(await result.textContent()).toContain('1');
      await screenshot(page, 'review-department-bulk-result');
      await page.getByTestId('bulk-result-close').click();
      await sendBatch(page, 'review-department-batch');
    });

    // 郑州市 (the jurisdiction's HR bureau) reviews and sends to the province.
    await as('zhengzhou', async (page) => {
      // The demo's 市县资格审查 opens after registration: the page says early decisions are allowed, and why.
      await page.goto('/review');
      const early = page.getByTestId('review-early');
      await early.waitFor();
      expect(await early.textContent()).toContain('申请一到本级即可审核');
      await openFromQueue(page, id);
      // A reviewer above the unit can never change the files: no upload buttons, not even disabled ones.
      expect(await page.locator('[data-testid^="app-upload-"]').count()).toBe(0);
      await decide(page, 'approve', { opinion: OPINIONS.jurisdiction }, '资格审查合格');
      await sendBatch(page, 'review-jurisdiction-batch');
    });

    // The province confirms.
    await as('province', async (page) => {
      await openFromQueue(page, id);
      await decide(page, 'approve', { opinion: OPINIONS.province }, '省工考办已确认');
      await screenshot(page, 'review-province-confirmed');

      const detail = await apiFromPage(page, 'GET', `/api/applications/${id}/review`);
      expect(detail.body).toMatchObject({ status: 'province_confirmed', returnCount: 1, holder: null });
      expect(detail.body.history.map((h: { level: string; action: string }) => `${h.level}:${h.action}`)).toEqual([
        'unit:approve',
        'department:return',
        'unit:approve',
        'department:approve',
        'jurisdiction:approve',
        'province:approve',
      ]);

      // The statistics count it among the confirmed ones.
      const stats = await apiFromPage(page, 'GET', `/api/statistics/review?campaignId=${campaignId}`);
      expect(stats.status).toBe(200);
      expect(stats.body.totals.byStatus.province_confirmed).toBeGreaterThanOrEqual(1);
      expect(stats.body.returnsByReason.some((r: { reasonCode: string }) => r.reasonCode === 'MATERIALS_MISSING')).toBe(
        true,
      );
      await page.goto('/statistics');
      await page.getByText('省级已确认').first().waitFor();
      await screenshot(page, 'review-statistics-province');
    });

    // The printed form carries every level's opinion: the browser print view and the PDF.
    await as('zz-yizhong', async (page) => {
      await page.goto(`/applications/${id}/print`);
      const unit = page.getByTestId('print-opinion-unit').first();
      await unit.waitFor();
      expect(await unit.textContent()).toContain(OPINIONS.unit);
      expect(await unit.textContent()).toContain('郑州市第一中学（盖章）');
      expect(await page.getByTestId('print-opinion-department').first().textContent()).toContain(OPINIONS.department);
      expect(await page.getByTestId('print-opinion-jurisdiction').first().textContent()).toContain(
        OPINIONS.jurisdiction,
      );
      expect(await page.getByTestId('print-opinion-province').first().textContent()).toContain(OPINIONS.province);
      await screenshot(page, 'review-print-view');

      const pdf = await fetchBytesFromPage(page, `/api/applications/${id}/print.pdf`);
      expect(pdf.status).toBe(200);
      const file = path.join(OUT_DIR, `application-${id}.pdf`);
      writeFileSync(file, pdf.bytes);
      const text = execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8');
      const flat = text.replace(/\s+/g, '');
      for (const opinion of Object.values(OPINIONS)) expect(flat).toContain(opinion.replace(/\s+/g, ''));
      for (const seal of ['郑州市第一中学（盖章）', '郑州市教育局（盖章）', '郑州市人力资源和社会保障局（盖章）'])
        expect(flat).toContain(seal);
      expect(flat).toContain('郑州市教育局审核员');
    });
  });
});
