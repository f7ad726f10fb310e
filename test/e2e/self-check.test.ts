import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage, pickOption, screenshot } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function typeMonth(page: Page, field: string, value: string) {
  await page.locator(`#${field}`).click();
  await page.locator(`#${field}`).fill(value);
  await page.keyboard.press('Enter');
}

describe('资格自测 (public self-check)', () => {
  it('reached from the sign-in page, it gives a verdict and shows each finding beside its field', async () => {
    const { context, page } = await newPage(browser);
    try {
      await page.goto('/login');
      await page.getByRole('link', { name: '资格自测' }).click();
      await page.waitForURL(/\/self-check$/);
      await page.getByTestId('self-check-form').waitFor();

      // Nothing is red before anyone has touched it.
      expect(await page.locator('.ant-form-item-has-error').count()).toBe(0);

      // Half a form (name and the ID number of a man born 1957-01-20): incomplete, not ineligible. The missing
      // fields are named in a neutral box and not marked red; the retirement found from the ID number sits on
      // the ID number, not on the empty optional 出生年月.
      await page.locator('#name').fill('李四');
      await page.locator('#idNumber').fill('410102195701201014');
      await page.getByTestId('self-check-submit').click();
      const verdict = page.getByTestId('self-check-verdict');
      await page.locator('[data-testid="self-check-verdict"][data-verdict="incomplete"]').waitFor();
      const incompleteText = (await verdict.textContent()) ?? '';
      expect(incompleteText).toContain('信息不完整：尚缺 文化程度、参加工作时间、申报工种、申报等级');
      expect(incompleteText).not.toContain('不符合申报条件');
      expect(await verdict.locator('.ant-alert-info').count()).toBe(1);
      expect(await page.locator('.ant-form-item-has-error').count()).toBe(1);
      expect(await page.getByTestId('self-check-finding-idNumber').textContent()).toContain('法定退休年龄');
      expect(await page.getByTestId('self-check-finding-birthMonth').count()).toBe(0);
      const gradeItem = page.locator('.ant-form-item', { has: page.locator('#appliedGrade') });
      expect(await gradeItem.getAttribute('class')).not.toContain('has-error');
      await screenshot(page, 'self-check-incomplete');

      // A clean case: 高中, worked since 1995 as a driver, applying for 三级 on work years (≥ 18).
      await page.locator('#name').fill('张三');
      await page.locator('#idNumber').fill('41010219700512101X');
      await pickOption(page, 'education', '高中（含职高）');
      await typeMonth(page, 'workStartMonth', '1995-07');
      await page.locator('#currentJobType').fill('汽车驾驶员');
      await page.locator('#appliedJobType').fill('汽车驾驶员');
      await pickOption(page, 'appliedGrade', '三级（高级工）');
      await page.getByTestId('self-check-submit').click();
      await page.locator('[data-testid="self-check-verdict"][data-verdict="eligible"]').waitFor();
      await verdict.getByText('符合申报条件', { exact: true }).first().waitFor();
      expect(await verdict.textContent()).toContain('法定退休日期');
      await screenshot(page, 'self-check-eligible');

      // The same person says 女 on the form: an error next to 性别, and the verdict turns.
      await page.locator('#sex').getByText('女').click();
      await page.getByTestId('self-check-submit').click();
      await verdict.getByText('不符合申报条件', { exact: true }).first().waitFor();
      const sexHelp = page.getByTestId('self-check-finding-sex');
      await sexHelp.waitFor();
      expect(await sexHelp.textContent()).toMatch(/身份证/);
      await screenshot(page, 'self-check-ineligible');
    } finally {
      await context.close();
    }
  });
});
