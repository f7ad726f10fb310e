import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiFromPage,
  DEMO_PASSWORD,
  launchBrowser,
  newPage,
  screenshot,
  settle,
  signInUi,
  signOut,
} from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function menuText(page: Page): Promise<string> {
  const menu = page.getByTestId('main-menu');
  // Every role's menu has 首页; wait for it so the list is complete before reading it.
  await menu.getByText('首页').waitFor();
  return (await menu.textContent()) ?? '';
}

describe('each role signs in, sees its own menu, and every page of it reads uncut at 1366×768', () => {
  const cases: Array<[string, string[], string[]]> = [
    [
      'province',
      ['首页', '组织机构', '账号管理', '审计日志', '场次安排', '培训管理', '考场编排'],
      ['题库管理', '组卷规则'],
    ],
    [
      'zhengzhou',
      ['首页', '组织机构', '账号管理', '审计日志', '考点管理', '机位检测', '培训管理', '考场编排'],
      ['场次安排'],
    ],
    ['zz-jyj', ['首页', '组织机构'], ['账号管理', '审计日志', '培训管理', '考场编排']],
    ['zz-yizhong', ['首页', '组织机构'], ['账号管理', '审计日志']],
    ['proctor', ['首页'], ['组织机构', '账号管理', '审计日志']],
    ['410102198503152016', ['首页'], ['组织机构', '账号管理', '审计日志', '题库管理']],
    ['bank', ['首页', '题库管理', '组卷规则'], ['组织机构', '账号管理', '审计日志', '报名管理', '考场编排']],
    [
      'zz-kd',
      ['首页', '考点管理', '机位检测', '考场编排'],
      ['组织机构', '账号管理', '审计日志', '报名管理', '考核年度'],
    ],
  ];
  it.each(cases)('%s', async (username, shown, hidden) => {
    const { context, page } = await newPage(browser);
    try {
      await signInUi(page, username);
      await page.waitForURL((url) => url.pathname === '/');
      const items = await menuText(page);
      for (const label of shown) expect(items).toContain(label);
      for (const label of hidden) expect(items).not.toContain(label);
      await expect(page.getByTestId('demo-banner').textContent()).resolves.toContain('演示环境');
      await page.getByText('您好，').waitFor();
      await screenshot(page, `home-${username}`);
      // Every page of the role's menu, as it opens: each screenshot fails the test on text cut at 1366×768.
      const links = await page
        .getByTestId('main-menu')
        .locator('a[href^="/"]')
        .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? '/'));
      expect(links.length).toBeGreaterThan(0);
      for (const href of links.filter((h) => h !== '/')) {
        await page.getByTestId('main-menu').locator(`a[href="${href}"]`).click();
        await page.waitForURL((url) => url.pathname === href);
        await page.locator('h3, h4').first().waitFor();
        await settle(page);
        await screenshot(page, `menu-${username}${href.replaceAll('/', '-')}`);
      }
      // A page outside the role's menu answers 403, not the page.
      if (hidden.includes('账号管理')) {
        await page.goto('/accounts');
        await page.waitForURL(/\/403$/);
      }
    } finally {
      await context.close();
    }
  });
});

describe('jurisdiction isolation in the browser', () => {
  it('a 郑州 admin sees no 洛阳 node in the tree, and the API refuses 洛阳 reads and changes', async () => {
    const { context, page } = await newPage(browser, { expectedStatuses: [404] });
    try {
      // Find a 洛阳 unit's id as the province admin would see it.
      await signInUi(page, 'province');
      await page.waitForURL((url) => url.pathname === '/');
      const root = await apiFromPage(page, 'GET', '/api/org/nodes');
      const provinceId = root.body.items[0].id;
      const cities = await apiFromPage(page, 'GET', `/api/org/nodes?parentId=${provinceId}&q=洛阳`);
      const luoyang = cities.body.items[0];
      const units = await apiFromPage(page, 'GET', `/api/org/nodes?parentId=${luoyang.id}&subtree=true&kind=unit`);
      const lyUnit = units.body.items[0];
      expect(lyUnit.name).toContain('洛阳');
      await signOut(page);

      await signInUi(page, 'zhengzhou');
      await page.waitForURL((url) => url.pathname === '/');
      await page.goto('/org');
      await page.getByRole('tree').getByText('郑州市').first().waitFor();
      // The menu of other routes is reachable, the data is not: the page shows only 郑州's subtree.
      await page.getByRole('table').getByText('郑州市教育局').first().waitFor();
      expect(await page.locator('.gk-content').textContent()).not.toContain('洛阳');
      await screenshot(page, 'org-zhengzhou');

      const read = await apiFromPage(page, 'GET', `/api/org/nodes/${lyUnit.id}`);
      expect(read.status).toBe(404);
      const change = await apiFromPage(page, 'PATCH', `/api/org/nodes/${lyUnit.id}`, { name: '被郑州改名' });
      expect(change.status).toBe(404);
      const deactivate = await apiFromPage(page, 'POST', `/api/org/nodes/${lyUnit.id}/deactivate`);
      expect(deactivate.status).toBe(404);
      const children = await apiFromPage(page, 'GET', `/api/org/nodes?parentId=${luoyang.id}`);
      expect(children.status).toBe(404);
    } finally {
      await context.close();
    }
  });
});

describe('sign-in protection', () => {
  it('slows guessing after five wrong passwords and says so, with the same words for a name that is no account', async () => {
    const { context, page } = await newPage(browser, { expectedStatuses: [401, 429] });
    try {
      const answers: string[] = [];
      for (const username of ['ly-ysfw', 'no-such-user']) {
        for (let i = 1; i <= 5; i++) {
          await signInUi(page, username, `Wrong#Pass${i}`);
          await page.getByRole('alert').first().waitFor();
          answers.push((await page.getByRole('alert').first().textContent()) ?? '');
        }
        // The sixth attempt from this address waits, even with the right password.
        await signInUi(page, username, DEMO_PASSWORD);
        await page.getByText(/请 \d+ 秒后再试/).waitFor();
        expect(new URL(page.url()).pathname).toBe('/login');
        answers.push((await page.getByRole('alert').first().textContent()) ?? '');
      }
      // The same words for both names; the seconds to wait count down, so they may differ by the journey's pace.
      const words = answers.map((a) => a.replace(/请 \d+ 秒后再试/, '请 N 秒后再试'));
      expect(words.slice(0, 6)).toEqual(words.slice(6));
      expect(answers[0]).toBe('用户名或密码错误');
      expect(answers[5]).toMatch(/请 \d+ 秒后再试/);
      await screenshot(page, 'login-throttled');
    } finally {
      await context.close();
    }
  });

  it('the helpdesk issues an applicant a reset code, and the applicant sets a new password with it', async () => {
    const { context, page } = await newPage(browser);
    const applicant = '410105199212013036';
    try {
      await signInUi(page, 'zhengzhou');
      await page.waitForURL((url) => url.pathname === '/');
      await page.goto('/accounts');
      await page.getByPlaceholder(/用户名或姓名/).fill(applicant);
      await page.getByPlaceholder(/用户名或姓名/).press('Enter');
      const row = page.getByRole('row', { name: new RegExp(applicant) });
      await row.getByRole('button', { name: '签发重置码' }).click();
      // No 编辑: the applicant's name and phone are their own.
      expect(await row.getByRole('button', { name: '编辑' }).count()).toBe(0);
      await page.getByRole('button', { name: '签发重置码' }).last().click();
      const code = (await page.getByTestId('reset-code').textContent())?.trim() ?? '';
      expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      await screenshot(page, 'accounts-reset-code');
      await page.getByRole('button', { name: '我已记下，关闭' }).click();
      await signOut(page);

      await page.getByTestId('login-forgot').click();
      await page.waitForURL(/\/reset-password/);
      await page.getByLabel('身份证号').fill(applicant);
      await page.getByLabel('重置码').fill(code.toLowerCase());
      await page.getByLabel('新密码', { exact: true }).fill('Zhaolei#2017new');
      await page.getByLabel('确认新密码').fill('Zhaolei#2017new');
      await page.getByRole('button', { name: '设置新密码' }).click();
      await page.getByText('新密码已设置').waitFor();
      await screenshot(page, 'reset-password-done');
      await signInUi(page, applicant, 'Zhaolei#2017new');
      await page.waitForURL((url) => url.pathname === '/');
      await expect(page.getByTestId('header-user').textContent()).resolves.toContain('赵磊');
    } finally {
      await context.close();
    }
  });

  it('an account an admin created must change its initial password before anything else', async () => {
    const { context, page } = await newPage(browser);
    try {
      await signInUi(page, 'zhengzhou');
      await page.waitForURL((url) => url.pathname === '/');
      const own = await apiFromPage(page, 'GET', '/api/org/nodes');
      const zz = own.body.items[0];
      const username = `e2e${Date.now().toString(36)}`;
      const created = await apiFromPage(page, 'POST', '/api/accounts', {
        username,
        displayName: '新监考员',
        role: 'proctor',
        orgNodeId: zz.id,
      });
      expect(created.status).toBe(201);
      await signOut(page);
      await page.waitForURL(/\/login/);

      await signInUi(page, username, created.body.initialPassword);
      await page.waitForURL(/\/change-password/);
      await page.goto('/');
      await page.waitForURL(/\/change-password/);
      await page.getByTestId('cp-current').waitFor();
      await screenshot(page, 'forced-change-password');
      await page.getByTestId('cp-current').fill(created.body.initialPassword);
      await page.getByTestId('cp-new').fill('Proctor#2017new');
      await page.getByTestId('cp-confirm').fill('Proctor#2017new');
      await page.getByTestId('cp-submit').click();
      await page.waitForURL((url) => url.pathname === '/');
      await expect(page.getByTestId('header-user').textContent()).resolves.toContain('新监考员');
    } finally {
      await context.close();
    }
  });
});

describe('审计日志 (audit log)', () => {
  it('speaks Chinese: actions, objects and changed fields in words, and the action filter is a select', async () => {
    const { context, page } = await newPage(browser);
    try {
      await signInUi(page, 'province');
      await page.waitForURL((url) => url.pathname === '/');
      await page.goto('/audit');
      const firstAction = page.getByTestId('audit-action').first();
      await firstAction.waitFor();
      const actions = await page.getByTestId('audit-action').allTextContents();
      expect(actions.length).toBeGreaterThan(0);
      // No code such as auth.login or campaign.open is shown as the action.
      for (const text of actions) expect(text).toMatch(/^[\u4e00-\u9fff]/);

      // The 动作 filter is a select with Chinese options; choosing 登录 sends the code and shows only sign-ins.
      const filter = page.getByTestId('audit-action-filter');
      expect(await filter.getAttribute('class')).toContain('ant-select');
      await filter.click();
      await page.keyboard.type('登录');
      await page
        .locator('.ant-select-dropdown:visible .ant-select-item-option')
        .getByText('登录', { exact: true })
        .click();
      await page
        .getByRole('button', { name: '查 询' })
        .or(page.getByRole('button', { name: '查询' }))
        .click();
      await expect
        .poll(async () => [...new Set(await page.getByTestId('audit-action').allTextContents())], { timeout: 10_000 })
        .toEqual(['登录']);
      // The object is named as people name it.
      expect(await page.locator('.ant-table-tbody').textContent()).toContain('账号 province');
      await screenshot(page, 'audit-log');

      // The detail names the changed fields and coded values in words (状态, not status).
      await filter.click();
      await page.keyboard.type('初始化考核年度');
      await page
        .locator('.ant-select-dropdown:visible .ant-select-item-option')
        .getByText('初始化考核年度', { exact: true })
        .click();
      await page
        .getByRole('button', { name: '查 询' })
        .or(page.getByRole('button', { name: '查询' }))
        .click();
      await page.getByTestId('audit-action').getByText('初始化考核年度').first().waitFor();
      await page.locator('.ant-table-row-expand-icon').first().click();
      const diff = page.locator('.ant-table-expanded-row');
      await diff.getByText('记录编号').waitFor();
      const diffText = (await diff.textContent()) ?? '';
      expect(diffText).toContain('状态');
      expect(diffText).toContain('时间安排');
      expect(diffText).not.toContain('status');
      await screenshot(page, 'audit-log-detail');
    } finally {
      await context.close();
    }
  });
});
