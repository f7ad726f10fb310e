import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';

export const DEMO_PASSWORD = 'Demo#2017';
export const SCREENSHOT_DIR = path.resolve('test-results', 'screenshots');

/** Debian's Chromium, headless, with the flags this closed network needs. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export function baseUrl(): string {
  return inject('baseUrl');
}

/**
 * A page at 1366×768 in Chinese. Its console must stay clean: a Content-Security-Policy violation, a script
 * error, or an HTTP error the app did not expect (a 401/404 where "nothing yet" is the normal answer) fails the
 * journey when its context closes. A journey that provokes a refusal on purpose (a wrong password, a duplicate)
 * names the statuses it expects in `expectedStatuses`.
 */
export async function newPage(
  browser: Browser,
  options: {
    expectedStatuses?: readonly number[];
    /** Console errors a journey provokes on purpose (the exam client taken offline: its failed requests). */
    expectedErrors?: readonly RegExp[];
    /** A server of the journey's own (the exam client's, on a clock of its own) instead of the shared one. */
    baseURL?: string;
  } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: options.baseURL ?? baseUrl(),
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
  });
  // A two-core CI machine running a server, a database and Chromium together is slow: give actions room.
  context.setDefaultTimeout(45_000);
  const page = await context.newPage();
  const problems: string[] = [];
  pageProblems.set(page, problems);
  // API requests in flight, so that a journey can wait for a page to settle (quiet) before it signs out.
  let inFlight = 0;
  page.on('request', (r) => {
    if (r.url().includes('/api/')) inFlight++;
  });
  const done = (r: { url(): string }) => {
    if (r.url().includes('/api/')) inFlight--;
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  pendingRequests.set(page, () => inFlight);
  const expected = new Set(options.expectedStatuses ?? []);
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    const status = /status of (\d{3})/.exec(text)?.[1];
    if (status && expected.has(Number(status))) return;
    if (options.expectedErrors?.some((re) => re.test(text))) return;
    problems.push(`${page.url()}: ${text}${message.location().url ? ` (${message.location().url})` : ''}`);
  });
  page.on('pageerror', (error) => problems.push(`${page.url()}: uncaught ${error.message}`));
  const close = context.close.bind(context);
  context.close = async (closeOptions) => {
    await close(closeOptions);
    if (problems.length > 0) throw new Error(`console errors or clipped text:\n${problems.join('\n')}`);
  };
  return { context, page };
}

export async function signInUi(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/**
 * A full-page screenshot, and at the same moment the clipped-text check: every screenshot is a page a person
 * reads at 1366×768, so any text cut there fails the journey (reported with the others when the context closes).
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // Animations finished, not caught half-way (a dialog fading in).
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true, animations: 'disabled' });
  for (const cut of await clippedText(page)) pageProblems.get(page)?.push(`${name}: ${cut}`);
}

const pageProblems = new WeakMap<Page, string[]>();

/**
 * Text a person cannot read in full on the page as it stands: an element whose own text overflows a box that
 * hides the overflow (an ellipsis, `overflow: hidden`), sideways or downwards, and a table wider than its frame
 * (a column under the fixed 操作 column, or off to the right). Cut text is allowed only where the whole text is
 * one hover away (a `title` on the element or an ancestor holding it, as antd sets on selected options), and in
 * content that is not shown (aria-hidden, antd's measuring copies). Runs in the page; answers one line each.
 */
export async function clippedText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const name = (el: Element) => {
      const testId = el.closest('[data-testid]')?.getAttribute('data-testid');
      const cls = [...el.classList]
        .filter((c) => !c.startsWith('css-'))
        .slice(0, 3)
        .join('.');
      return `${el.tagName.toLowerCase()}${cls ? `.${cls}` : ''}${testId ? ` in [data-testid=${testId}]` : ''}`;
    };
    const shown = (el: Element) => {
      const box = el.getBoundingClientRect();
      // Screen-reader-only text (a 1 px box) is hidden on purpose.
      return box.width > 1 && box.height > 1 && getComputedStyle(el).visibility !== 'hidden';
    };
    const hides = (v: string) => v === 'hidden' || v === 'clip';
    for (const el of document.body.querySelectorAll<HTMLElement>('*')) {
      const own = [...el.childNodes]
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent ?? '')
        .join('')
        .trim();
      if (!own || !shown(el)) continue;
      if (el.closest('[aria-hidden="true"], .ant-select-selection-search, .ant-typography-measure')) continue;
      const style = getComputedStyle(el);
      const cutSideways =
        (hides(style.overflowX) || style.textOverflow === 'ellipsis') && el.scrollWidth > el.clientWidth + 1;
      const cutBelow = hides(style.overflowY) && el.scrollHeight > el.clientHeight + 1;
      if (!cutSideways && !cutBelow) continue;
      const titled = el.closest('[title]')?.getAttribute('title') ?? '';
      if (titled.includes(own)) continue;
      found.push(`text cut ${cutSideways ? 'at the right' : 'at the bottom'}: «${own.slice(0, 40)}» (${name(el)})`);
    }
    const page = document.documentElement;
    if (page.scrollWidth > page.clientWidth + 1) {
      found.push(`page wider than the window (${page.scrollWidth} > ${page.clientWidth} px)`);
    }
    for (const frame of document.querySelectorAll<HTMLElement>('.ant-table-content, .ant-table-body')) {
      if (shown(frame) && frame.scrollWidth > frame.clientWidth + 1) {
        const header = [...(frame.closest('.ant-table')?.querySelectorAll('th') ?? [])]
          .map((th) => th.textContent?.trim())
          .filter(Boolean)
          .join('|');
        found.push(
          `table wider than its frame (${frame.scrollWidth} > ${frame.clientWidth} px): ${header.slice(0, 80)}`,
        );
      }
    }
    return found;
  });
}

/** The demo campaign's year: the current Beijing year. */
export const CAMPAIGN_YEAR = Number(
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()),
);

/**
 * A tag unique to this run, for names that must not meet an earlier run's records. Names on ID cards are letters
 * only (no digits), so it is made of Chinese characters.
 */
const TAG_CHARS = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥春夏秋冬梅兰竹菊松柏';
export const RUN_TAG = Array.from({ length: 3 }, () => TAG_CHARS[Math.floor(Math.random() * TAG_CHARS.length)]).join(
  '',
);

// ─── Valid ID numbers (GB 11643), unique within a run ─────────────────────────────────────────────────────

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
export const ID_CHECK = '10X98765432';

export function checkCharacter(first17: string): string {
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * ID_WEIGHTS[i]!, 0);
  return ID_CHECK[sum % 11]!;
}

const usedSequences = new Set<string>();
/** A valid ID number; the 3-digit sequence is random (odd for men, even for women) and unique in this run. */
export function makeIdNumber(region: string, birth: string, sex: 'male' | 'female'): string {
  for (;;) {
    const base = Math.floor(Math.random() * 50) * 2 + (sex === 'male' ? 1 : 0);
    const seq = `${Math.floor(Math.random() * 10)}${String(base).padStart(2, '0')}`;
    const first17 = `${region}${birth}${seq}`;
    if (usedSequences.has(first17)) continue;
    usedSequences.add(first17);
    return first17 + checkCharacter(first17);
  }
}

// ─── Acting in the page ──────────────────────────────────────────────────────────────────────────────────

/** Calls the API from inside the signed-in page, as the web app would (cookie + CSRF token). */
export async function apiFromPage(page: Page, method: string, url: string, body?: unknown) {
  return page.evaluate(
    async ({ method, url, body }) => {
      const csrf = await fetch('/api/auth/csrf').then((r) => r.json());
      const res = await fetch(url, {
        method,
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf.csrfToken },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: await res.json().catch(() => null) };
    },
    { method, url, body },
  );
}

/** Fetches a file from inside the page (the session's cookie), answering its status, type and bytes. */
export async function fetchBytesFromPage(page: Page, url: string) {
  const res = await page.evaluate(async (url) => {
    const r = await fetch(url);
    const bytes = new Uint8Array(await r.arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { status: r.status, contentType: r.headers.get('content-type') ?? '', base64: btoa(binary) };
  }, url);
  return { status: res.status, contentType: res.contentType, bytes: Buffer.from(res.base64, 'base64') };
}

/** Signs in through the form and waits for the home page. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD) {
  await signInUi(page, username, password);
  await page.waitForURL((url) => url.pathname === '/');
}

const pendingRequests = new WeakMap<Page, () => number>();

/** Waits until no API request has been in flight for `quietMs` (a page's queries, chained ones included). */
export async function settle(page: Page, quietMs = 400): Promise<void> {
  const inFlight = pendingRequests.get(page) ?? (() => 0);
  let quietSince = Date.now();
  for (;;) {
    if (inFlight() > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= quietMs) return;
    await page.waitForTimeout(50);
  }
}

/**
 * Signs out once the page has settled: a request still in flight when the session ends would be answered 401,
 * which the console check counts as an error.
 */
export async function signOut(page: Page) {
  await settle(page);
  await page.getByTestId('logout').click();
  await page.waitForURL(/\/login/);
}

/** The demo campaign of this year (the seed's draft, or opened by an earlier journey). */
export async function demoCampaign(page: Page): Promise<{ id: number; status: string; name: string }> {
  const list = await apiFromPage(page, 'GET', '/api/campaigns');
  expect(list.status).toBe(200);
  const campaign = list.body.items.find((c: { year: number }) => c.year === CAMPAIGN_YEAR);
  expect(campaign, `no ${CAMPAIGN_YEAR} campaign in the demo data`).toBeTruthy();
  return campaign;
}

/** Makes sure the demo campaign is open (as `province`, through the API), whatever ran before. */
export async function ensureCampaignOpen(browser: Browser): Promise<number> {
  const { context, page } = await newPage(browser);
  try {
    await signIn(page, 'province');
    const campaign = await demoCampaign(page);
    if (campaign.status === 'draft') {
      const opened = await apiFromPage(page, 'POST', `/api/campaigns/${campaign.id}/open`);
      expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    } else {
      expect(campaign.status).toBe('open');
    }
    return campaign.id;
  } finally {
    await context.close();
  }
}

// ─── antd selects ──────────────────────────────────────────────────────────────────────────────────────

/**
 * The open drop-down of the Select whose input has this id (its listbox is `${id}_list`), so that a drop-down
 * still fading out from the previous field (the grade lists share options) is never the one clicked.
 */
export function dropdownOf(page: Page, field: string): Locator {
  return page.locator('.ant-select-dropdown:visible', { has: page.locator(`[id="${field}_list"]`) });
}

/** Opens a Select by its Form.Item id and picks the option with this exact text. */
export async function pickOption(page: Page, field: string, option: string) {
  const select = page.locator(`#${field}`);
  await select.click();
  // On a loaded two-core machine a click can land while the drop-down is still sliding in and miss the option:
  // click again while it stays open (up to three times), then insist that it closed.
  for (let attempt = 0; attempt < 3; attempt++) {
    if (attempt > 0 && !(await dropdownOf(page, field).isVisible())) break; // closing, only slowly
    await dropdownOf(page, field).getByText(option, { exact: true }).click();
    const closed = await expect
      .poll(() => select.getAttribute('aria-expanded'), { timeout: 5_000 })
      .toBe('false')
      .then(
        () => true,
        () => false,
      );
    if (closed) return;
  }
  await expect.poll(() => select.getAttribute('aria-expanded'), { timeout: 5_000 }).toBe('false');
}
