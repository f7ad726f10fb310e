import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiFromPage,
  CAMPAIGN_YEAR,
  demoCampaign,
  dropdownOf,
  ensureCampaignOpen as ensureCampaignOpenIn,
  fetchBytesFromPage,
  ID_CHECK,
  launchBrowser,
  makeIdNumber,
  newPage,
  pickOption,
  RUN_TAG,
  screenshot,
  signIn,
  signOut,
} from './browser.js';

/**
 * Registration journeys (docs/api-registration.md): the province opens the demo campaign, a unit imports from
 * Excel and prints, a unit registers one person by hand (and a second unit is refused the same person), and an
 * applicant registers online in the pilot jurisdiction (洛阳市) and has the unit confirm.
 */

const OUT_DIR = path.resolve('test-results', 'registration');

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
  mkdirSync(OUT_DIR, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

// ─── Test data: valid ID numbers (GB 11643, browser.ts) and names unique to this run ──────────────────────

function wrongCheck(idNumber: string): string {
  const right = idNumber.charAt(17);
  const wrong = [...ID_CHECK].find((c) => c !== right)!;
  return idNumber.slice(0, 17) + wrong;
}

const personName = (surname: string, given: string) => `${surname}${given}${RUN_TAG}`;

const ensureCampaignOpen = () => ensureCampaignOpenIn(browser);

// ─── Helpers ──────────────────────────────────────────────────────────────────────────────────────────

/** A read-only input's value, once the form has caught up. */
async function expectValue(locator: Locator, value: string) {
  await expect.poll(() => locator.inputValue(), { timeout: 10_000 }).toBe(value);
}

async function typeMonth(page: Page, field: string, value: string) {
  await page.locator(`#${field}`).click();
  await page.locator(`#${field}`).fill(value);
  await page.keyboard.press('Enter');
}

/** A free-text AutoComplete (现岗位工种): typed, then its suggestion list closed. */
async function typeJobType(page: Page, field: string, value: string) {
  await page.locator(`#${field}`).fill(value);
  await page.keyboard.press('Escape');
}

/** The primary button of the open confirmation dialog (antd spaces two-character labels: 确 认). */
async function confirmDialog(page: Page) {
  const dialog = page.locator('.ant-modal-confirm:visible');
  await dialog.waitFor();
  await dialog.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
  await dialog.waitFor({ state: 'detached' });
}

function listRow(page: Page, name: string): Locator {
  return page.getByTestId('app-list').locator('tr.ant-table-row', { hasText: name });
}

async function expectNoHorizontalOverflow(page: Page, what: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${what}: the page is wider than the 1366 px window`).toBeLessThanOrEqual(0);
}

/** A full-page screenshot from the top (the sticky 演示环境 banner otherwise lands mid-page). */
async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

// ─── The import file ──────────────────────────────────────────────────────────────────────────────────

type ImportRow = Record<string, string | number>;

async function buildImportFile(headers: string[], rows: ImportRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('申请表');
  sheet.addRow(headers);
  for (const row of rows) {
    for (const key of Object.keys(row)) expect(headers, `template has no column ${key}`).toContain(key);
    sheet.addRow(headers.map((h) => row[h] ?? null));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The header row of the downloaded template's data sheet. */
async function templateHeaders(file: Buffer): Promise<string[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('申请表');
  expect(sheet, 'the template has a 申请表 sheet').toBeTruthy();
  const headers: string[] = [];
  sheet!.getRow(1).eachCell((cell) => {
    headers.push(String(cell.value));
  });
  return headers;
}

async function runImport(page: Page, fileName: string, file: Buffer) {
  const dialog = page.locator('.ant-modal').filter({ hasText: '批量导入报名' });
  await dialog.locator('input[type=file]').setInputFiles({
    name: fileName,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: file,
  });
  await dialog.getByText(fileName).waitFor();
  // A previous run's result stays until the new job starts: wait for it to go, so it is not read as this one's.
  const previous = await dialog
    .getByTestId('app-import-result')
    .elementHandle({ timeout: 100 })
    .catch(() => null);
  await dialog.getByTestId('app-import-start').click();
  if (previous) await page.waitForFunction((el) => !el.isConnected, previous);
  // The progress bar follows the background job; it ends 完成 with the result below it.
  await dialog.getByTestId('app-import-progress').waitFor();
  await dialog.locator('[data-testid="app-import-progress"][data-status="done"]').waitFor({ timeout: 30_000 });
  await expect(dialog.getByTestId('app-import-progress').textContent()).resolves.toContain('完成');
  const result = dialog.getByTestId('app-import-result');
  await result.waitFor();
  return { dialog, result };
}

// ─── Journeys ─────────────────────────────────────────────────────────────────────────────────────────

describe('registration journeys', () => {
  it('省工考办 sees the demo campaign open with its current phase (opening it in the browser when the seed left a draft)', async () => {
    const { context, page } = await newPage(browser);
    try {
      await signIn(page, 'province');
      await page.goto('/campaigns');
      const row = page.getByRole('row', { name: new RegExp(`^${CAMPAIGN_YEAR}`) });
      await row.waitFor();
      await row.getByRole('link').click();
      await page.waitForURL(/\/campaigns\/\d+$/);
      const status = page.getByTestId('campaign-status');
      await status.waitFor();
      if ((await status.textContent()) === '草稿') {
        await shot(page, 'campaign-draft');
        await page.getByTestId('campaign-open').click();
        const dialog = page.locator('.ant-modal-confirm:visible');
        await dialog.waitFor();
        await expect(dialog.textContent()).resolves.toContain(`开启${CAMPAIGN_YEAR}年度？`);
        await confirmDialog(page);
      }
      // Marked open, the 开启 button gone, today's phase (registration, a week in) shown as current.
      await page.getByTestId('campaign-status').getByText('进行中', { exact: true }).waitFor();
      expect(await page.getByTestId('campaign-open').count()).toBe(0);
      await page.getByTestId('campaign-close').waitFor();
      const phase = page.getByTestId('campaign-current-phase');
      await phase.waitFor();
      expect(await phase.textContent()).toContain('单位报名和资格初审');
      await page.getByTestId('campaign-timetable').getByText('进行中').first().waitFor();
      await expectNoHorizontalOverflow(page, 'campaign detail');
      await shot(page, 'campaign-open');

      // The list says so too.
      await page.goto('/campaigns');
      await page
        .getByRole('row', { name: new RegExp(`^${CAMPAIGN_YEAR}`) })
        .getByText('进行中')
        .waitFor();
      const campaign = await demoCampaign(page);
      expect(campaign.status).toBe('open');
    } finally {
      await context.close();
    }
  });

  it('a unit imports from Excel (all or nothing), fixes the file, imports again and prints one form', async () => {
    const campaignId = await ensureCampaignOpen();
    const { context, page } = await newPage(browser);
    try {
      await signIn(page, 'zz-yizhong');
      await page.goto('/applications');
      await page.waitForLoadState('networkidle');
      await page.getByTestId('app-import').click();
      const dialog = page.locator('.ant-modal').filter({ hasText: '批量导入报名' });
      await dialog.waitFor();

      // The template: downloaded from the dialog's link, and checked as an xlsx through the API.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        dialog.getByRole('link', { name: /下载导入模板/ }).click(),
      ]);
      const templatePath = path.join(OUT_DIR, 'import-template.xlsx');
      await download.saveAs(templatePath);
      expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
      expect(readFileSync(templatePath).subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
      const template = await fetchBytesFromPage(page, `/api/applications/import/template?campaignId=${campaignId}`);
      expect(template.status).toBe(200);
      expect(template.contentType).toContain('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(template.bytes.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
      const headers = await templateHeaders(template.bytes);
      expect(headers.slice(0, 2)).toEqual(['姓名', '身份证号']);
      expect(headers).toEqual(
        expect.arrayContaining(['文化程度', '参加工作时间', '现岗位等级', '申报工种', '申报等级']),
      );

      // Three people: row 2 good; row 3 a wrong check character; row 4 a job type not in the catalogue.
      const good = {
        name: personName('周', '建'),
        idNumber: makeIdNumber('410105', '19800412', 'male'),
      };
      const badId = { name: personName('吴', '敏'), idNumber: makeIdNumber('410102', '19920805', 'female') };
      const badJob = { name: personName('郑', '强'), idNumber: makeIdNumber('410104', '19780119', 'male') };
      const rows: ImportRow[] = [
        {
          // 汽车驾驶员 五级 since 2018 → 四级 in the same job type: eligible.
          姓名: good.name,
          身份证号: good.idNumber,
          文化程度: '高中（含职高）',
          参加工作时间: '2000-07',
          转正定级时间: '2001-07',
          现岗位工种: '汽车驾驶员',
          现岗位等级: '五级（初级工）',
          现等级取得时间: '2018-10',
          现岗位工种年限: 20,
          申报工种: '汽车驾驶员',
          申报等级: '四级（中级工）',
          联系电话: '13800000001',
        },
        {
          // No grade, 15 work years, applying for 三级: ineligible (but importable).
          姓名: badId.name,
          身份证号: wrongCheck(badId.idNumber),
          文化程度: '本科',
          参加工作时间: '2014-07',
          转正定级时间: '2015-07',
          现岗位工种: '图书资料员',
          现岗位等级: '无',
          申报工种: '图书资料员',
          申报等级: '三级（高级工）',
        },
        {
          // 电工 四级 since 2015, applying for 三级 in another job type: needs review.
          姓名: badJob.name,
          身份证号: badJob.idNumber,
          文化程度: '中专/技校/职专',
          参加工作时间: '1998-09',
          现岗位工种: '电工',
          现岗位等级: '四级（中级工）',
          现等级取得时间: '2015-06',
          申报工种: '飞机驾驶员',
          申报等级: '三级（高级工）',
        },
      ];
      await dialog.getByRole('radio', { name: '全部无误才导入' }).check();
      const first = await runImport(page, '报名-有误.xlsx', await buildImportFile(headers, rows));
      await expect(first.result.textContent()).resolves.toContain('本次没有导入任何数据');
      const errors = dialog.getByTestId('app-import-errors');
      await errors.waitFor();
      const heads = await errors.locator('thead th').allTextContents();
      expect(heads).toEqual(['行号', '列', '原因']);
      const errorRows = await errors
        .locator('tbody tr.ant-table-row')
        .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
      expect(errorRows.map(([row, column]) => [row, column])).toEqual([
        ['3', '身份证号'],
        ['4', '申报工种'],
      ]);
      expect(errorRows[0]![2]).toContain('校验位');
      expect(errorRows[1]![2]).toContain('飞机驾驶员');
      expect(errorRows[1]![2]).toContain('不在本年度工种目录中');
      await shot(page, 'import-errors');
      const none = await apiFromPage(page, 'GET', `/api/applications?campaignId=${campaignId}&q=${RUN_TAG}`);
      expect(none.body.total).toBe(0);

      // Fixed: the right check character, and a job type from the catalogue.
      rows[1]!.身份证号 = badId.idNumber;
      rows[2]!.申报工种 = '钳工';
      const second = await runImport(page, '报名-已修改.xlsx', await buildImportFile(headers, rows));
      await expect(second.result.textContent()).resolves.toContain('导入完成：共 3 行，已导入（草稿） 3 行');
      expect(await dialog.getByTestId('app-import-errors').count()).toBe(0);
      await shot(page, 'import-done');
      await dialog
        .locator('.ant-modal-footer')
        .getByRole('button', { name: /关\s*闭/ })
        .click();
      await dialog.waitFor({ state: 'detached' });

      // The list shows the three, as drafts from 批量导入, each with the verdict the server stored.
      const saved = await apiFromPage(page, 'GET', `/api/applications?campaignId=${campaignId}&q=${RUN_TAG}`);
      expect(saved.body.total).toBe(3);
      const verdicts = Object.fromEntries(
        saved.body.items.map((a: { name: string; verdict: string }) => [a.name, a.verdict]),
      );
      expect(verdicts).toEqual({
        [good.name]: 'eligible',
        [badId.name]: 'ineligible',
        [badJob.name]: 'needs_review',
      });
      const short: Record<string, string> = { eligible: '符合', ineligible: '不符合', needs_review: '须审核' };
      for (const person of [good, badId, badJob]) {
        const row = listRow(page, person.name);
        await row.waitFor();
        const text = (await row.textContent()) ?? '';
        expect(text).toContain(person.idNumber); // the unit sees full ID numbers
        expect(text).toContain('草稿');
        expect(text).toContain('批量导入');
        expect(await row.locator('.ant-tag').first().textContent()).toBe(short[verdicts[person.name]]);
      }
      await expectNoHorizontalOverflow(page, 'applications list');
      await shot(page, 'applications-imported');

      // 批量打印 and 导出 Excel run on the server as jobs: the dialog shows progress, then offers the file.
      for (const [button, title, suffix, magic] of [
        ['app-batch-print', '批量打印申请表', '.pdf', '%PDF-'],
        ['app-export', '导出 Excel', '.xlsx', 'PK\u0003\u0004'],
      ] as const) {
        await page.getByTestId(button).click();
        const jobDialog = page.locator('.ant-modal').filter({ hasText: title });
        await jobDialog.getByTestId('file-job-download').waitFor({ timeout: 60_000 });
        await expect(jobDialog.textContent()).resolves.toContain('文件已生成');
        if (button === 'app-batch-print') await shot(page, 'batch-print-ready');
        const [file] = await Promise.all([
          page.waitForEvent('download'),
          jobDialog.getByTestId('file-job-download').click(),
        ]);
        expect(file.suggestedFilename()).toMatch(new RegExp(`\\${suffix}$`));
        const saved = path.join(OUT_DIR, `job-output${suffix}`);
        await file.saveAs(saved);
        expect(readFileSync(saved).subarray(0, magic.length).toString('latin1')).toBe(magic);
        await jobDialog
          .locator('.ant-modal-footer')
          .getByRole('button', { name: /关\s*闭/ })
          .click();
        await jobDialog.waitFor({ state: 'detached' });
      }

      // Open the good one, then print it: the PDF from the API, and the browser's print view.
      await listRow(page, good.name).getByRole('link', { name: good.name }).click();
      await page.waitForURL(/\/applications\/\d+$/);
      const id = Number(new URL(page.url()).pathname.split('/').pop());
      await page.getByRole('heading', { name: new RegExp(`${good.name} 的申请表`) }).waitFor();
      await page.getByTestId('app-verdict').and(page.locator('[data-verdict="eligible"]')).waitFor();
      await expect(page.getByTestId('app-status').textContent()).resolves.toBe('草稿');
      await expect(page.locator('#idNumber').inputValue()).resolves.toBe(good.idNumber);
      await shot(page, 'application-imported-detail');

      const pdf = await fetchBytesFromPage(page, `/api/applications/${id}/print.pdf`);
      expect(pdf.status).toBe(200);
      expect(pdf.contentType).toContain('application/pdf');
      expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const pdfPath = path.join(OUT_DIR, `application-${id}.pdf`);
      writeFileSync(pdfPath, pdf.bytes);
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdfPath, '-'], { encoding: 'utf8' });
      const flat = text.replace(/\s+/g, '');
      expect(flat).toContain('河南省机关事业单位工勤技能岗位等级考核申请表');
      expect(flat).toContain(good.name);
      for (const copy of ['人社部门存档', '单位存档', '主管部门存档']) expect(flat).toContain(copy);

      await page.goto(`/applications/${id}/print`);
      const copies = page.locator('section.gk-pf-page');
      await copies.first().waitFor();
      expect(await copies.count()).toBe(3);
      expect(await copies.first().textContent()).toContain(good.name);
      // Laid out like the PDF: the title on one line, dates whole and inside their cells.
      const titleLines = await copies
        .first()
        .locator('.gk-pf-title')
        .evaluate((el) => el.getBoundingClientRect().height / Number.parseFloat(getComputedStyle(el).lineHeight));
      expect(titleLines).toBeLessThan(1.5);
      const dates = await copies
        .first()
        .locator('td.gk-pf-nowrap')
        .evaluateAll((tds) => tds.map((td) => ({ text: td.textContent, fits: td.scrollWidth <= td.clientWidth })));
      expect(dates.length).toBeGreaterThanOrEqual(2);
      for (const d of dates) expect(d, `${d.text} overflows its cell`).toMatchObject({ fits: true });
      await shot(page, 'application-print-view');

      // 批量提交: two ticked rows, then (nothing ticked) the rest of the filter's drafts, each after saying how many.
      await page.goto('/applications');
      await page.getByLabel('关键词').fill(RUN_TAG);
      await page.getByLabel('关键词').press('Enter');
      await listRow(page, badJob.name).waitFor();
      for (const person of [good, badId]) {
        await listRow(page, person.name).locator('.ant-checkbox').click();
      }
      await expect.poll(() => page.getByTestId('app-bulk-submit').textContent()).toContain('（2）');
      await page.getByTestId('app-bulk-submit').click();
      const ticked = page.locator('.ant-modal-confirm').filter({ hasText: '提交已勾选的 2 人的申请' });
      await ticked.getByRole('button', { name: '确定提交' }).click();
      const outcome = page.getByTestId('bulk-result-title');
      await outcome.waitFor();
      expect(await outcome.textContent()).toContain('提交成功 2 人');
      await page.getByTestId('bulk-result-close').click();
      await page.getByTestId('app-bulk-submit').click();
      const scope = page.getByTestId('bulk-submit-scope');
      await scope.waitFor();
      expect(await scope.textContent()).toContain(`姓名或身份证号含“${RUN_TAG}”`);
      expect(await scope.textContent()).toContain('全部 1 人的草稿');
      await shot(page, 'bulk-submit-confirm');
      await page.getByRole('button', { name: '确定提交 1 人' }).click();
      await expect.poll(() => outcome.textContent()).toContain('提交成功 1 人');
      await page.getByTestId('bulk-result-close').click();
      const after = await apiFromPage(page, 'GET', `/api/applications?campaignId=${campaignId}&q=${RUN_TAG}`);
      expect(after.body.items.map((a: { status: string }) => a.status)).toEqual([
        'submitted',
        'submitted',
        'submitted',
      ]);
    } finally {
      await context.close();
    }
  });

  it('a unit registers one person by hand; another unit is refused the same ID number', async () => {
    const campaignId = await ensureCampaignOpen();
    const name = personName('孙', '丽');
    const idNumber = makeIdNumber('410103', '19850320', 'female');
    const { context, page } = await newPage(browser);
    try {
      await signIn(page, 'zz-youeryuan');
      await page.goto('/applications');
      await page.waitForLoadState('networkidle');
      await page.getByTestId('app-new').click();
      await page.waitForURL(/\/applications\/new$/);
      await page.getByTestId('app-form').waitFor();
      await page.getByTestId('app-verdict-empty').waitFor();

      await page.locator('#name').fill(name);
      await page.locator('#idNumber').fill(idNumber);
      await expectValue(page.getByLabel('性别', { exact: true }), '女');
      await expectValue(page.getByLabel('出生年月', { exact: true }), '1985-03');
      // Half a form is incomplete, not ineligible: the live check names what is missing, nothing turns red.
      await page.locator('[data-testid="app-verdict"][data-verdict="incomplete"]').waitFor();
      expect(await page.getByTestId('app-verdict').textContent()).toContain('信息不完整：尚缺 文化程度');
      expect(await page.locator('.ant-form-item-has-error').count()).toBe(0);
      await pickOption(page, 'education', '高中（含职高）');
      await typeMonth(page, 'workStartMonth', '2005-07');
      await expectValue(page.getByLabel('工作年限', { exact: true }), `${CAMPAIGN_YEAR - 2005 + 1}年`);
      // 现岗位工种 in the catalogue fills 申报工种 by itself.
      await typeJobType(page, 'currentJobType', '保育员');
      await page
        .locator('.ant-form-item', { has: page.locator('#appliedJobTypeId') })
        .getByText('保育员（文教类）')
        .waitFor();
      await pickOption(page, 'currentGrade', '五级（初级工）');
      await typeMonth(page, 'currentGradeMonth', '2015-06');

      // 二级 from 五级: the live check says no, next to 申报等级.
      await pickOption(page, 'appliedGrade', '二级（技师）');
      const verdict = page.getByTestId('app-verdict');
      await page.locator('[data-testid="app-verdict"][data-verdict="ineligible"]').waitFor();
      expect(await verdict.textContent()).toContain('不符合申报条件');
      await shot(page, 'app-form-ineligible');

      // 四级 instead: eligible.
      await pickOption(page, 'appliedGrade', '四级（中级工）');
      await page.locator('[data-testid="app-verdict"][data-verdict="eligible"]').waitFor();
      expect(await verdict.textContent()).toContain('符合申报条件');
      await page.locator('#phone').fill('13900000002');
      await expectNoHorizontalOverflow(page, 'application form');
      await shot(page, 'app-form-eligible');

      await page.getByTestId('app-save').click();
      // The first save creates the record and moves to its address; under load that can take a while.
      await page.waitForURL(/\/applications\/\d+$/, { timeout: 60_000 });
      const id = Number(new URL(page.url()).pathname.split('/').pop());
      await page.getByTestId('app-status').getByText('草稿', { exact: true }).waitFor();
      await page.getByTestId('app-submit').click();
      await page.getByTestId('app-status').getByText('待单位审核', { exact: true }).waitFor();
      await page.getByText('该申请当前状态为“待单位审核”，不能修改。').waitFor();
      const saved = await apiFromPage(page, 'GET', `/api/applications/${id}`);
      expect(saved.body).toMatchObject({
        name,
        idNumber,
        sex: 'female',
        status: 'submitted',
        source: 'unit',
        verdict: 'eligible',
        unitName: '郑州市实验幼儿园',
        appliedJobType: '保育员',
        appliedGrade: 4,
        campaignId,
      });
      await shot(page, 'app-submitted');
    } finally {
      await context.close();
    }

    // 郑州市中心医院 tries the same person: refused (409), naming the unit that registered them.
    const other = await newPage(browser, { expectedStatuses: [409] });
    try {
      const p = other.page;
      await signIn(p, 'zz-zxyy');
      await p.goto('/applications/new');
      await p.getByTestId('app-form').waitFor();
      await p.locator('#name').fill(name);
      await p.locator('#idNumber').fill(idNumber);
      await pickOption(p, 'education', '高中（含职高）');
      await typeMonth(p, 'workStartMonth', '2005-07');
      await typeJobType(p, 'currentJobType', '护理员');
      await p
        .locator('.ant-form-item', { has: p.locator('#appliedJobTypeId') })
        .getByText('护理员（卫生类）')
        .waitFor();
      await pickOption(p, 'appliedGrade', '五级（初级工）');
      // The live check catches up with the chosen grade (no more "请填写申报等级").
      const gradeHelp = p.locator('.ant-form-item', { has: p.locator('#appliedGrade') });
      await expect.poll(() => gradeHelp.textContent(), { timeout: 10_000 }).not.toContain('请填写申报等级');
      await p.getByTestId('app-save').click();
      const error = p.getByTestId('app-error');
      await error.waitFor();
      expect(await error.textContent()).toContain('郑州市实验幼儿园');
      const idHelp = p.locator('.ant-form-item', { has: p.locator('#idNumber') }).locator('.ant-form-item-explain');
      await expect(idHelp.textContent()).resolves.toContain('郑州市实验幼儿园');
      expect(new URL(p.url()).pathname).toBe('/applications/new');
      await shot(p, 'app-duplicate-refused');

      // The API says the same, with its stable code.
      const me = await apiFromPage(p, 'GET', '/api/auth/me');
      const campaign = await apiFromPage(p, 'GET', `/api/campaigns/${campaignId}`);
      const jobTypes = await apiFromPage(
        p,
        'GET',
        `/api/catalog/versions/${campaign.body.catalogVersionId}/job-types?q=${encodeURIComponent('护理员')}`,
      );
      const direct = await apiFromPage(p, 'POST', '/api/applications', {
        campaignId,
        unitId: me.body.orgNodeId,
        idNumber,
        name,
        education: 'senior_high',
        workStartMonth: '2005-07',
        currentGrade: null,
        appliedJobTypeId: jobTypes.body.items[0].id,
        appliedGrade: 5,
      });
      expect(direct.status).toBe(409);
      expect(direct.body.error.code).toBe('APPLICATION_DUPLICATE');
      expect(direct.body.error.message).toContain('郑州市实验幼儿园');
      const mine = await apiFromPage(p, 'GET', `/api/applications?campaignId=${campaignId}&q=${idNumber}`);
      expect(mine.body.total).toBe(0);
    } finally {
      await other.context.close();
    }
  });

  it('an applicant registers online in 洛阳, the unit confirms, the applicant sees it submitted', async () => {
    await ensureCampaignOpen();
    const name = personName('刘', '洋');
    const idNumber = makeIdNumber('410303', '19790315', 'male');
    const password = 'Apply#2026ok';
    const { context, page } = await newPage(browser);
    let applicationId = 0;
    try {
      await page.goto('/login');
      await page.getByTestId('login-register').click();
      await page.waitForURL(/\/register$/);
      // Said at the door: which regions register online this year, and that others go through their unit.
      const regions = page.getByTestId('online-regions');
      await regions.waitFor();
      expect(await regions.textContent()).toMatch(/\d{4}年度开通网上报名的地区：.*洛阳市/);
      expect(await regions.textContent()).not.toContain('郑州市');
      expect(await regions.textContent()).toContain('请由所在单位统一报名');
      await page.getByTestId('reg-id').fill(idNumber);
      await page.getByTestId('reg-name').fill(name);
      await page.getByTestId('reg-phone').fill('13700000003');
      await page.getByTestId('reg-password').fill(password);
      await page.getByTestId('reg-confirm').fill(password);
      await shot(page, 'register');
      await page.getByTestId('reg-submit').click();
      await page.waitForURL(/\/my-application$/);
      await page.getByTestId('app-form').waitFor();
      await expect(page.locator('#name').inputValue()).resolves.toBe(name);
      await expect(page.locator('#idNumber').inputValue()).resolves.toBe(idNumber);
      // The phone given at sign-up is carried into 联系电话.
      await expect(page.locator('#phone').inputValue()).resolves.toBe('13700000003');

      // Online registration is off in 郑州: its units are not offered, in the picker or by the API.
      await page.locator('#unitId').click();
      await page.locator('#unitId').fill('郑州');
      await dropdownOf(page, 'unitId').getByText('没有找到单位；只能选择已开通网上报名地区的单位').waitFor();
      const zhengzhou = await apiFromPage(
        page,
        'GET',
        `/api/public/registration/units?q=${encodeURIComponent('郑州')}`,
      );
      expect(zhengzhou.status).toBe(200);
      expect(zhengzhou.body.items).toEqual([]);
      const all = await apiFromPage(page, 'GET', '/api/public/registration/units?q=');
      expect(all.body.items.length).toBeGreaterThan(0);
      for (const u of all.body.items) expect(u.jurisdictionName).toBe('洛阳市');

      await page.locator('#unitId').fill('农业技术推广站');
      await dropdownOf(page, 'unitId').getByText('洛阳市农业技术推广站', { exact: true }).click();
      await pickOption(page, 'education', '中专/技校/职专');
      await typeMonth(page, 'workStartMonth', '1998-08');
      await typeJobType(page, 'currentJobType', '农业技术员');
      await page
        .locator('.ant-form-item', { has: page.locator('#appliedJobTypeId') })
        .getByText('农业技术员（农林牧渔类）')
        .waitFor();
      await pickOption(page, 'currentGrade', '四级（中级工）');
      await typeMonth(page, 'currentGradeMonth', '2014-11');
      await pickOption(page, 'appliedGrade', '三级（高级工）');
      await page.locator('[data-testid="app-verdict"][data-verdict="eligible"]').waitFor();
      await expectNoHorizontalOverflow(page, 'my application');
      await shot(page, 'my-application-filled');

      await page.getByTestId('app-submit').click();
      await page.getByTestId('app-status').getByText('待单位确认', { exact: true }).waitFor();
      await page.getByText('申请表已提交给洛阳市农业技术推广站，等待单位确认').waitFor();
      const mine = await apiFromPage(page, 'GET', '/api/my/application');
      expect(mine.body).toMatchObject({ status: 'awaiting_unit', source: 'online', unitName: '洛阳市农业技术推广站' });
      applicationId = mine.body.id;
      expect(mine.body.phone).toBe('13700000003');
      await shot(page, 'my-application-awaiting');
      // Home: the applicant's unit and the application's status.
      await page.goto('/');
      await expect.poll(() => page.getByTestId('home-my-status').textContent()).toContain('待单位确认');
      expect(await page.locator('.ant-descriptions').textContent()).toContain('洛阳市农业技术推广站');
      await shot(page, 'home-applicant');
      await signOut(page);

      // The unit officer finds it under 待确认 and confirms.
      await signIn(page, 'ly-njz');
      await page.goto('/applications');
      await page.getByTestId('app-awaiting-tab').click();
      const row = listRow(page, name);
      await row.waitFor();
      expect(await row.textContent()).toContain('待单位确认');
      expect(await row.textContent()).toContain('网上报名');
      await shot(page, 'applications-awaiting');
      await row.getByTestId(`app-confirm-${applicationId}`).click();
      await confirmDialog(page);
      await page.getByText(`已确认「${name}」的网上报名`).waitFor();
      await row.waitFor({ state: 'detached' });
      const confirmed = await apiFromPage(page, 'GET', `/api/applications/${applicationId}`);
      expect(confirmed.body.status).toBe('submitted');
      await signOut(page);

      // The applicant sees it submitted, and can no longer change it.
      await signIn(page, idNumber, password);
      await page.goto('/my-application');
      await page.getByTestId('app-status').getByText('待单位审核', { exact: true }).waitFor();
      await page.getByText('该申请当前状态为“待单位审核”，不能修改。').waitFor();
      expect(await page.getByTestId('app-submit').count()).toBe(0);
      await shot(page, 'my-application-submitted');
    } finally {
      await context.close();
    }
  });
});
