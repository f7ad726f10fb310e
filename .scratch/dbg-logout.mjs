import { chromium } from 'playwright-core';

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const page = await browser.newPage({ baseURL: 'http://localhost:3999' });
const t0 = Date.now();
page.on('request', (r) => {
  if (r.url().includes('/api/'))
    console.log(
      Date.now() - t0,
      'REQ',
      r.method(),
      r.url().replace('http://localhost:3999', ''),
      'at',
      page.url().replace('http://localhost:3999', ''),
    );
});
page.on('response', (r) => {
  if (r.url().includes('/api/'))
    console.log(Date.now() - t0, 'RES', r.status(), r.url().replace('http://localhost:3999', ''));
});
page.on('console', (m) => console.log(Date.now() - t0, 'CONSOLE', m.type(), m.text()));
await page.goto('/login');
await page.getByTestId('login-username').fill('province');
await page.getByTestId('login-password').fill('Demo#2017');
await page.getByTestId('login-submit').click();
await page.waitForURL((u) => u.pathname === '/');
await page.waitForLoadState('networkidle');
console.log('--- logout');
await page.getByTestId('logout').click();
await page.waitForURL(/\/login/);
await page.waitForTimeout(1500);
await browser.close();
