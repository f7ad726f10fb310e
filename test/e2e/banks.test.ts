import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BANK_SHEET_COLUMNS } from '../../src/domain/bank-sheet.js';
import {
  apiFromPage,
  fetchBytesFromPage,
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

describe('题库管理 (issue 13, point 7)', () => {
  it('bank writes a 职业道德 item and previews it without its answer; bank2 views it (audited) and approves it', async () => {
    const bankName = `职业道德题库${RUN_TAG}`;
    const stem = `${RUN_TAG}：下列哪一项不属于工勤技能岗位人员应当遵守的职业道德？`;
    const options = ['爱岗敬业', '诚实守信', '办事公道', '损公肥私'];
    const point = `职业道德基本规范${RUN_TAG}`;
    const explanation = '损公肥私违背职业道德，其余三项均为职业道德的基本要求。';
    // 403: the author's own approval, asked of the server directly to read its refusal; 409: the stale save.
    const { context, page } = await newPage(browser, { expectedStatuses: [403, 409] });
    try {
      await signIn(page, 'bank');
      await page.getByTestId('main-menu').getByText('题库管理').click();
      await page.waitForURL((url) => url.pathname === '/banks');
      await settle(page);
      await screenshot(page, 'banks-list');
      // 演示环境: the sample banks are there, and the sample bank to import is one click away (an Excel file).
      expect(await page.getByTestId('banks-table').textContent()).toContain('示例题库');
      const sample = page.getByTestId('bank-sample-download');
      expect(await sample.textContent()).toContain('下载示例题库');
      const file = await fetchBytesFromPage(page, (await sample.getAttribute('href')) ?? '');
      expect(file.status).toBe(200);
      expect(file.contentType).toContain('spreadsheetml');
      expect(file.bytes.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');

      // 新建题库. 岗位技能 asks for a job type of the campaign's catalogue and one of its grades (tried, not saved: a
      // job type × grade has one bank, and reruns share the database).
      const table = page.getByTestId('banks-table');
      await page.getByTestId('bank-create').click();
      await pickOption(page, 'subject', '岗位技能');
      expect(await page.locator('#grade').isDisabled()).toBe(true);
      await pickOption(page, 'jobTypeId', '汽车驾驶员（交通运输类）');
      await pickOption(page, 'grade', '三级（高级工）');
      await screenshot(page, 'banks-create-skill');
      // 职业道德 has one bank for every grade: created on a database without one, else (the demo's sample bank)
      // renamed for this run.
      const existing = await apiFromPage(page, 'GET', '/api/banks');
      const ethics = existing.body.items.find((b: { subject: string }) => b.subject === 'ethics');
      if (!ethics) {
        await pickOption(page, 'subject', '职业道德');
        expect(await page.locator('#jobTypeId').count()).toBe(0);
        await page.locator('#name').fill(bankName);
        await screenshot(page, 'banks-create');
        await page.getByTestId('bank-create-ok').click();
      } else {
        await page.getByRole('button', { name: /^取\s?消$/ }).click();
        await table.getByRole('button', { name: `修改题库名称：${ethics.name}` }).click();
        await page.locator('#name').fill(bankName);
        await page.getByRole('button', { name: /^保\s?存$/ }).click();
      }
      await table.getByRole('link', { name: bankName }).click();
      await page.waitForURL(/\/banks\/\d+$/);
      const bankId = Number(/\/banks\/(\d+)$/.exec(page.url())?.[1]);
      await page.getByRole('heading', { name: new RegExp(bankName) }).waitFor();
      await settle(page);
      await screenshot(page, 'bank-items-empty');

      // The editor: nothing red before it is touched.
      await page.getByTestId('item-create').click();
      await page.waitForURL(/\/banks\/\d+\/items\/new$/);
      await page.locator('#item-stem').waitFor();
      expect(await page.locator('.ant-form-item-has-error').count()).toBe(0);
      await page.locator('#item-stem').fill(stem);
      for (const [i, text] of options.entries()) {
        await page.locator(`#item-option-${'ABCD'[i]}`).fill(text);
      }
      // A live check of the domain, on the option that causes it.
      await page.locator('#item-option-B').fill('爱岗敬业');
      await page.getByText('选项B与选项A内容相同').waitFor();
      expect(await page.locator('.ant-form-item-has-error').count()).toBe(1);
      await page.locator('#item-option-B').fill(options[1]!);
      await expect.poll(() => page.locator('.ant-form-item-has-error').count()).toBe(0);
      await page.getByTestId('item-answer').getByText('D', { exact: true }).click();
      await page.locator('#item-kp').fill(point);
      await page.locator('#item-explanation').fill(explanation);

      // The candidate's preview: the stem and every option, nothing of the answer or the 解析.
      const preview = (await page.getByTestId('item-preview').textContent()) ?? '';
      expect(preview).toContain(stem);
      for (const [i, text] of options.entries()) expect(preview).toContain(`${'ABCD'[i]}. ${text}`);
      expect(preview).not.toContain('答案');
      expect(preview).not.toContain(explanation);
      expect(await page.getByTestId('item-preview').locator('input:checked').count()).toBe(0);
      const key = (await page.getByTestId('item-key').textContent()) ?? '';
      expect(key).toContain('正确答案D');
      expect(key).toContain(explanation);
      await screenshot(page, 'bank-item-editor');

      await page.getByTestId('item-save').click();
      await page.waitForURL(/\/bank-items\/\d+$/);
      const itemId = Number(/\/bank-items\/(\d+)$/.exec(page.url())?.[1]);
      await expect.poll(() => page.getByTestId('item-status').textContent()).toBe('草稿');
      // One's own version: the server's abilities say no approval.
      await expect.poll(() => page.getByTestId('approve-1').isDisabled()).toBe(true);
      // The reason reaches keyboard users: the disabled button's wrapper takes focus and shows it.
      await page.getByTestId('approve-1').locator('xpath=..').focus();
      await page.getByRole('tooltip').filter({ hasText: '不能审核自己编写或修改的试题' }).waitFor();
      await page.keyboard.press('Tab');
      const own = await apiFromPage(page, 'POST', `/api/bank-items/${itemId}/versions/1/approve`);
      expect(own.status).toBe(403);
      expect(own.body.error.code).toBe('ITEM_APPROVE_OWN');
      expect(own.body.error.message).toContain('不能审核自己编写或修改的试题');
      await settle(page);
      await screenshot(page, 'bank-item-draft');

      // Editing while someone else changed the item: the save is refused as stale, and 重新加载 shows their text.
      await page.getByRole('button', { name: '修改' }).click();
      await page.waitForURL(new RegExp(`/bank-items/${itemId}/edit$`));
      await expect.poll(() => page.locator('#item-stem').inputValue()).toBe(stem);
      const theirs = '爱岗敬业、诚实守信、办事公道是职业道德的基本要求，损公肥私与之相悖。';
      const history = await apiFromPage(page, 'GET', `/api/bank-items/${itemId}/versions`);
      const other = await apiFromPage(page, 'PATCH', `/api/bank-items/${itemId}`, {
        type: 'single',
        stem,
        options: options.map((text) => ({ text, image: null })),
        answer: 'D',
        difficulty: 3,
        knowledgePoint: point,
        explanation: theirs,
        version: 1,
        revision: history.body.items[0].revision,
      });
      expect(other.status, JSON.stringify(other.body)).toBe(200);
      await page.locator('#item-source').fill('职业道德读本');
      await page.getByTestId('item-save').click();
      await page.getByTestId('item-stale').waitFor();
      await screenshot(page, 'bank-item-stale');
      await page.getByTestId('item-stale').getByRole('button', { name: '重新加载' }).click();
      await expect.poll(() => page.locator('#item-explanation').inputValue()).toBe(theirs);
      expect(await page.getByTestId('item-stale').count()).toBe(0);
      await page.locator('#item-source').fill('职业道德读本');
      await page.getByTestId('item-save').click();
      await page.waitForURL(new RegExp(`/bank-items/${itemId}$`));
      await expect.poll(() => page.getByTestId('item-status').textContent()).toBe('草稿');
      await signOut(page);

      // bank2 opens the bank and the item, views the content (audited), approves it.
      await signIn(page, 'bank2');
      await page.getByTestId('main-menu').getByText('题库管理').click();
      await page.waitForURL((url) => url.pathname === '/banks');
      await page.getByTestId('banks-table').getByRole('link', { name: bankName }).click();
      await page.waitForURL(new RegExp(`/banks/${bankId}$`));
      // The bank holds the sample items too: find this one by its 知识点 (the filter goes into the address).
      await page.getByLabel('知识点').fill(point);
      await page.getByRole('button', { name: /^查\s?询$/ }).click();
      await page.waitForURL(/[?&]kp=/);
      const items = page.getByTestId('items-table');
      await items.getByRole('link', { name: point }).click();
      await page.waitForURL(new RegExp(`/bank-items/${itemId}$`));
      expect(await page.getByTestId('item-content').count()).toBe(0);
      await page.getByTestId('view-1').click();
      await page.getByTestId('item-content').waitFor();
      const shown = (await page.getByTestId('item-content').textContent()) ?? '';
      expect(shown).toContain(stem);
      expect(shown).toContain('已记入审计日志');
      expect(shown).toContain(theirs);
      expect(shown).toContain('职业道德读本');
      await settle(page);
      await screenshot(page, 'bank-item-content');
      await page.getByTestId('approve-1').click();
      await expect.poll(() => page.getByTestId('item-status').textContent()).toBe('已审核');
      await settle(page);
      await screenshot(page, 'bank-item-approved');

      // The bank's list, filtered in the address, shows it 已审核.
      await page.goto(`/banks/${bankId}?status=approved&kp=${encodeURIComponent(point)}`);
      await items.getByRole('link', { name: point }).waitFor();
      expect(await items.textContent()).toContain('已审核');
      await settle(page);
      await screenshot(page, 'bank-items-approved');
    } finally {
      await context.close();
    }
  });

  it('bank downloads the template and imports a sheet with one bad row (good rows); bank2 approves them from 待审核试题', async () => {
    const point = `导入${RUN_TAG}`;
    const { context, page } = await newPage(browser);
    try {
      await signIn(page, 'bank');
      const banks = await apiFromPage(page, 'GET', '/api/banks');
      const bank = banks.body.items.find((b: { subject: string }) => b.subject === 'ethics');
      expect(bank, 'the first journey leaves a 职业道德 bank').toBeTruthy();
      await page.goto(`/banks/${bank.id}`);
      await page.getByRole('heading', { name: new RegExp(bank.name) }).waitFor();

      // 下载模板: an xlsx whose 试题 sheet has the banks' columns.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('bank-template').click()]);
      expect(download.suggestedFilename()).toBe('题库导入模板.xlsx');
      const template = new ExcelJS.Workbook();
      await template.xlsx.readFile(await download.path());
      const headers: string[] = [];
      template
        .getWorksheet('试题')!
        .getRow(1)
        .eachCell((cell) => {
          headers.push(String(cell.value));
        });
      expect(headers).toEqual([...BANK_SHEET_COLUMNS]);

      // A sheet written here: rows 2 and 4 good, row 3 a 题型 no bank knows.
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('试题');
      sheet.addRow(headers);
      const at = (cells: Record<string, string | number>) => headers.map((h) => cells[h] ?? null);
      sheet.addRow(
        at({
          题型: '单选题',
          题干: `${RUN_TAG}：工作中发现安全隐患，应当（　　）。`,
          选项A: '及时报告',
          选项B: '视而不见',
          答案: 'A',
          难度: '易',
          知识点: point,
        }),
      );
      sheet.addRow(at({ 题型: '填空题', 题干: `${RUN_TAG}：填空`, 答案: 'A', 难度: 2, 知识点: point }));
      sheet.addRow(
        at({ 题型: '判断题', 题干: `${RUN_TAG}：诚实守信是职业道德的基本要求。`, 答案: '对', 难度: 1, 知识点: point }),
      );
      const file = Buffer.from(await book.xlsx.writeBuffer());

      await page.getByTestId('bank-import').click();
      const dialog = page.locator('.ant-modal').filter({ hasText: '导入 Excel' });
      await dialog.locator('input[type=file]').setInputFiles({
        name: '职业道德试题.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: file,
      });
      await dialog.getByText('职业道德试题.xlsx').waitFor();
      await dialog.getByText('只导入正确的行').click();
      await screenshot(page, 'bank-import-dialog');
      await dialog.getByTestId('bank-import-start').click();
      const result = dialog.getByTestId('bank-import-result');
      await result.waitFor({ timeout: 60_000 });
      expect(await result.textContent()).toContain('共 3 行：导入 2 道试题（草稿），1 行有错误未导入');
      const errors = dialog.getByTestId('bank-import-errors');
      const headerCells = await errors.locator('thead th').allTextContents();
      expect(headerCells).toEqual(['行号', '列', '原因']);
      const cells = await errors.locator('tbody tr').first().locator('td').allTextContents();
      expect(cells).toEqual(['3', '题型', '无法识别的题型“填空题”，应为单选题、多选题或判断题']);
      await settle(page);
      await screenshot(page, 'bank-import-result');
      await dialog.getByRole('button', { name: /^关\s闭$/ }).click();
      // The bank holds the sample items too: the imported ones are found by their 知识点.
      await page.getByLabel('知识点').fill(point);
      await page.getByRole('button', { name: /^查\s?询$/ }).click();
      await page.getByTestId('items-table').getByRole('link', { name: point }).first().waitFor();
      await signOut(page);

      // bank2: 待审核试题, narrowed to this import's 知识点, approves the whole filter.
      await signIn(page, 'bank2');
      await page.getByTestId('main-menu').getByText('待审核试题').click();
      await page.waitForURL((url) => url.pathname === '/bank-queue');
      await page.getByTestId('queue-kp').fill(point);
      await page.getByTestId('queue-kp').press('Enter');
      const table = page.getByTestId('queue-table');
      await expect.poll(() => table.locator('tbody tr.ant-table-row').count()).toBe(2);
      expect(await table.textContent()).toContain(bank.name);
      await settle(page);
      await screenshot(page, 'bank-queue');
      await page.getByTestId('queue-approve-filter').click();
      const confirm = page.getByTestId('queue-confirm');
      await confirm.waitFor();
      const words = (await confirm.textContent()) ?? '';
      expect(words).toContain('将审核通过筛选出的全部 2 道试题');
      expect(words).toContain(`知识点「${point}」`);
      expect(words).toContain('本人编写或修改的版本一律跳过');
      await page.getByTestId('queue-approve-ok').click({ trial: true });
      await screenshot(page, 'bank-queue-confirm');
      await page.getByTestId('queue-approve-ok').click();
      await expect.poll(() => page.getByTestId('queue-result-title').textContent()).toBe('审核通过 2 道');
      await page.getByTestId('queue-result-close').click();
      await expect.poll(() => table.locator('tbody tr.ant-table-row').count()).toBe(0);
      const approved = await apiFromPage(
        page,
        'GET',
        `/api/banks/${bank.id}/items?status=approved&knowledgePoint=${encodeURIComponent(point)}`,
      );
      expect(approved.body.total).toBe(2);
      await settle(page);
    } finally {
      await context.close();
    }
  });
});
