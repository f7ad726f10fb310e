import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiFromPage,
  demoCampaign,
  dropdownOf,
  ensureCampaignOpen,
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
  await ensureCampaignOpen(browser);
});
afterAll(async () => {
  await browser?.close();
});

const addDays = (iso: string, days: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

describe('场次安排与培训 (issue 14)', () => {
  it('the province adds a session and sees its timeline', async () => {
    const { context, page } = await newPage(browser);
    try {
      await signIn(page, 'province');
      const campaign = await demoCampaign(page);
      const list = await apiFromPage(page, 'GET', `/api/campaigns/${campaign.id}/sessions`);
      expect(list.status).toBe(200);
      const date = addDays(list.body.examWindow.startsOn as string, 2);

      await page.getByTestId('main-menu').getByText('场次安排').click();
      await page.waitForURL((url) => url.pathname === '/sessions');
      await page.getByText('示例 第一场').first().waitFor();
      await page.getByRole('button', { name: /新增场次/ }).click();
      const form = page.getByTestId('session-form');
      await form.getByLabel('场次名称').fill(`第三场${RUN_TAG}`);
      await form.getByLabel('考试日期').fill(date);
      await form.getByLabel('开考时间').fill('09:00');
      await page.getByTestId('session-check').getByText('安排可以保存').waitFor();
      await page.getByRole('button', { name: /保\s*存/ }).click();

      const timeline = page.getByTestId(`timeline-${date}`);
      await timeline.waitFor();
      await expect(timeline.textContent()).resolves.toContain('岗位技能 09:00—10:00');
      await expect(timeline.textContent()).resolves.toContain('职业能力 12:00—13:00');
      await settle(page);
      await screenshot(page, 'sessions-timeline');

      // The province sees every jurisdiction's classes and creates one for a jurisdiction it picks.
      await page.getByTestId('main-menu').getByText('培训管理').click();
      await page.waitForURL((url) => url.pathname === '/training');
      await page.getByRole('link', { name: '示例 保育员四级培训班' }).waitFor();
      await page.getByRole('button', { name: /新建培训班/ }).click();
      await page.locator('#jurisdictionId').click();
      await dropdownOf(page, 'jurisdictionId').getByText('洛阳市', { exact: true }).waitFor();
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: /取\s*消/ }).click();
      await settle(page);
      await signOut(page);
    } finally {
      await context.close();
    }
  });

  it('郑州市 creates a class, adds its 电工 candidates, records attendance with the keyboard', async () => {
    const { context, page } = await newPage(browser);
    try {
      await signIn(page, 'zhengzhou');
      const campaign = await demoCampaign(page);
      const detail = await apiFromPage(page, 'GET', `/api/campaigns/${campaign.id}`);
      const training = (detail.body.phases as { phase: string; startsOn: string }[]).find(
        (p) => p.phase === 'training',
      )!;
      const name = `电工四级培训班${RUN_TAG}`;

      await page.getByTestId('main-menu').getByText('培训管理').click();
      await page.waitForURL((url) => url.pathname === '/training');
      await page.getByText('示例 保育员四级培训班').waitFor();
      await page.getByRole('button', { name: /新建培训班/ }).click();
      const form = page.getByTestId('class-form');
      await form.getByLabel('培训班名称').fill(name);
      await form.getByLabel('开始日期').fill(training.startsOn);
      await form.getByLabel('结束日期').fill(addDays(training.startsOn, 20));
      await form.getByLabel('培训地点').fill('郑州市职业技能公共实训中心 305 教室');
      await form.getByLabel('授课教师').fill('张老师');
      await page.locator('#jobTypeIds').click();
      await page.keyboard.type('电工');
      await dropdownOf(page, 'jobTypeIds').getByText('电工', { exact: true }).click();
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: /保\s*存/ }).click();

      await page.getByRole('link', { name }).click();
      await page.waitForURL(/\/training\/\d+$/);
      await page.getByRole('button', { name: /加入学员/ }).click();
      await page.getByTestId('enrol-all').getByText('按筛选全部加入（2 人）').waitFor();
      await page.getByTestId('enrol-all').click();
      await page.getByText('已加入 2 名学员').waitFor();

      await page.getByLabel('课次日期').fill(training.startsOn);
      await page.getByRole('button', { name: /新增课次/ }).click();
      await page.getByText('课次已新增').waitFor();

      // Keyboard: the first cell takes 出勤 with Space; ArrowDown to the second, Space twice for 缺勤.
      const first = page.locator('[data-cell="0-0"]');
      await first.focus();
      await page.keyboard.press('Space');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Space');
      await page.keyboard.press('Space');
      await expect(page.locator('[data-cell="1-0"]').getAttribute('aria-label')).resolves.toMatch(/缺勤$/);
      await page.getByRole('button', { name: /保存考勤/ }).click();
      await page.getByText('考勤已保存').waitFor();
      const grid = page.getByTestId('attendance-grid');
      await grid.getByText('已完成（1 次）').waitFor();
      await grid.getByText('培训出勤 0/1 次，未达到要求的 1 次').waitFor();
      await settle(page);
      await screenshot(page, 'training-class-attendance');

      // The printable roster (A4).
      const classId = /\/training\/(\d+)$/.exec(page.url())![1];
      await page.goto(`/training/${classId}/print`);
      await page.getByText(`${name} 学员名单`).waitFor();
      await expect(page.locator('.gk-tp-sheet tbody tr').count()).resolves.toBe(2);
      await settle(page);
      await screenshot(page, 'training-roster-print');
    } finally {
      await context.close();
    }
  });
});
