import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFromPage, demoCampaign, launchBrowser, newPage, screenshot, settle, signIn } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('证书 (issue 16 part 5): from released scores to a verified certificate', () => {
  it('the province issues through the page, and /verify checks the signature in the browser and the status online', async () => {
    let number = '';
    {
      const { context, page } = await newPage(browser);
      try {
        await signIn(page, 'province');
        const campaign = await demoCampaign(page);
        // The scores page switches between the two result tracks (结果批次): 一级 has no 示例 candidates.
        await page.goto('/scores');
        const trackSwitch = page.getByTestId('score-track');
        await trackSwitch.waitFor();
        await page.getByText('一级', { exact: true }).click();
        await expect.poll(async () => (await page.locator('.ant-alert').first().textContent()) ?? '').toContain('一级');
        await settle(page);
        await screenshot(page, 'scores-grade1');
        await page.getByText(/^五级至二级/).click();
        await expect
          .poll(async () => (await page.locator('.ant-alert').first().textContent()) ?? '')
          .toContain('五级至二级');
        await settle(page);
        await screenshot(page, 'scores');
        // The demo compiles the 示例 scores; releasing them (once) makes their 合格 candidates issuable.
        const scores = await apiFromPage(page, 'GET', `/api/campaigns/${campaign.id}/scores/overview`);
        if (!scores.body.releasedAt) {
          const released = await apiFromPage(page, 'POST', `/api/campaigns/${campaign.id}/scores/release`);
          expect(released.status, JSON.stringify(released.body)).toBe(200);
        }
        await page.goto('/certificates');
        const overview = page.getByTestId('certificates-overview');
        await overview.waitFor();
        // Each result track's release and 公示 state.
        await expect
          .poll(async () => (await page.getByTestId('certificates-tracks').textContent()) ?? '')
          .toContain('一级（高级技师）：成绩未发布');
        await settle(page);
        const issue = page.getByTestId('certificates-issue');
        if (await issue.isEnabled()) {
          await issue.click();
          await page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
          await expect
            .poll(async () => (await page.getByTestId('certificates-issue-job').textContent()) ?? '', {
              timeout: 20_000,
            })
            .toContain('发证完成');
        }
        await expect
          .poll(async () => (await overview.textContent()) ?? '', { timeout: 20_000 })
          .toContain('待发证 0 人');
        const list = await apiFromPage(page, 'GET', `/api/campaigns/${campaign.id}/certificates?q=周丽娟`);
        expect(list.status).toBe(200);
        const cert = list.body.items.find((i: { status: string }) => i.status === 'valid');
        expect(cert, '周丽娟 (示例, passed) holds a valid certificate').toBeTruthy();
        number = cert.number;
        await page.getByTestId('certificates-table').getByText(number).waitFor();
        await screenshot(page, 'certificates');
      } finally {
        await context.close();
      }
    }

    const { context, page } = await newPage(browser);
    try {
      await page.goto('/login');
      await page.getByTestId('login-verify').click();
      await page.waitForURL(/\/verify$/);
      await page.getByTestId('verify-input').fill(number);
      await page.getByTestId('verify-submit').click();
      const result = page.getByTestId('verify-result');
      await result.waitFor();
      expect(await page.getByTestId('verify-signature').textContent()).toBe('签名有效');
      expect(await page.getByTestId('verify-status').textContent()).toBe('证书有效');
      expect(await result.textContent()).toContain('410105********0828');
      await screenshot(page, 'verify');

      // A pasted QR text with one claim changed is refused by the browser's check.
      const qr = await page.evaluate(
        async (n) => ((await (await fetch(`/api/public/certificates/${n}`)).json()) as { qr: string }).qr,
        number,
      );
      const [prefix, payload, signature] = qr.split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
      const forged = Buffer.from(JSON.stringify({ ...claims, grade: 2 }), 'utf8').toString('base64url');
      await page.getByTestId('verify-input').fill(`${prefix}.${forged}.${signature}`);
      await page.getByTestId('verify-submit').click();
      await expect.poll(async () => page.getByTestId('verify-signature').textContent()).toBe('签名无效');
    } finally {
      await context.close();
    }
  });
});
