// 题库: pictures in the item editor, and a QTI 3.0 package imported and exported in the browser (issue 13, points 1, 2).
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realPng } from '../../src/server/modules/banks/bank-images.test-support.js';
import { apiFromPage, launchBrowser, newPage, RUN_TAG, screenshot, settle, signIn } from './browser.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/qti');
let browser: Browser;
let dir: string;

/** A fixture package zipped into a file the file chooser can take. */
async function fixtureZipFile(name: string): Promise<string> {
  const zip = new JSZip();
  const add = (folder: string, prefix: string) => {
    for (const entry of readdirSync(folder)) {
      const full = path.join(folder, entry);
      if (statSync(full).isDirectory()) add(full, `${prefix}${entry}/`);
      else zip.file(`${prefix}${entry}`, readFileSync(full));
    }
  };
  add(path.join(FIXTURES, name), '');
  const file = path.join(dir, `${name}.zip`);
  writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return file;
}

beforeAll(async () => {
  browser = await launchBrowser();
  dir = mkdtempSync(path.join(tmpdir(), 'gongkao-qti-'));
});
afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('题库：图片与 QTI 试题包', () => {
  it('bank adds pictures to an item, imports a QTI package with its report, and exports the bank', async () => {
    const { context, page } = await newPage(browser);
    try {
      await signIn(page, 'bank');
      // A 职业能力 bank for every grade: created on a fresh database, reused on a used one.
      const banks = await apiFromPage(page, 'GET', '/api/banks');
      let bank = banks.body.items.find(
        (b: { subject: string; grade: number | null }) => b.subject === 'ability' && b.grade === null,
      );
      if (!bank) {
        const created = await apiFromPage(page, 'POST', '/api/banks', {
          subject: 'ability',
          name: `职业能力题库${RUN_TAG}`,
        });
        expect(created.status).toBe(200);
        bank = created.body;
      }
      await page.goto(`/banks/${bank.id}`);
      await page.getByTestId('qti-import').waitFor();
      await settle(page);
      await screenshot(page, 'bank-qti-buttons');

      // 导入 QTI: a package with markup, feedback and pictures, and one mixing unsupported interactions.
      await page.getByTestId('qti-import').click();
      await page
        .getByRole('dialog')
        .locator('input[type=file]')
        .setInputFiles(await fixtureZipFile('mixed'));
      await page.getByTestId('qti-import-start').click();
      await page.getByTestId('qti-import-result').waitFor();
      await expect(page.getByTestId('qti-import-result').textContent()).resolves.toContain('已导入 1 道');
      const failures = page.getByTestId('qti-import-failures');
      await expect(failures.textContent()).resolves.toContain('排序');
      await screenshot(page, 'bank-qti-import-report');
      await page
        .getByRole('dialog')
        .locator('input[type=file]')
        .setInputFiles(await fixtureZipFile('markup-feedback'));
      await page.getByTestId('qti-import-start').click();
      await page.getByTestId('qti-import-notes').waitFor();
      await expect(page.getByTestId('qti-import-notes').textContent()).resolves.toContain('未标注知识点');
      await screenshot(page, 'bank-qti-import-notes');
      await page.getByRole('button', { name: /^关\s闭$/ }).click();

      // 新建试题 with a picture in the stem and one in option A, keyboard-reachable buttons, alt text.
      await page.getByTestId('item-create').click();
      await page.locator('#item-stem').fill(`${RUN_TAG}：下图所示的安全标志表示什么？`);
      const stemPng = path.join(dir, 'sign.png');
      writeFileSync(stemPng, realPng(60, 40, 5));
      await page.getByTestId('item-stem-image-file').setInputFiles(stemPng);
      await page.getByRole('img', { name: '题干图片' }).first().waitFor();
      const optionPng = path.join(dir, 'option.png');
      writeFileSync(optionPng, realPng(30, 30, 6));
      await page.getByTestId('item-option-A-image-file').setInputFiles(optionPng);
      await page.getByRole('img', { name: '选项A图片' }).first().waitFor();
      await page.getByRole('button', { name: '为选项B上传图片' }).focus();
      for (const [letter, text] of [
        ['A', '禁止烟火'],
        ['B', '当心触电'],
        ['C', '必须戴安全帽'],
        ['D', '紧急出口'],
      ] as const) {
        await page.locator(`#item-option-${letter}`).fill(text);
      }
      await page.getByTestId('item-answer').getByText('A', { exact: true }).click();
      await page.locator('#item-kp').fill(`安全标志${RUN_TAG}`);
      // The preview shows the pictures as the candidate will see them.
      const preview = page.getByTestId('item-preview');
      await preview.getByRole('img', { name: '题干图片' }).waitFor();
      await preview.getByRole('img', { name: '选项A图片' }).waitFor();
      const loaded = await preview
        .getByRole('img', { name: '题干图片' })
        .evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth);
      expect(loaded).toBe(60);
      await screenshot(page, 'bank-item-images');
      await page.getByTestId('item-save').click();
      await page.waitForURL(/\/bank-items\/\d+$/);
      await settle(page);

      // 导出 QTI: a file job, offered for download when ready.
      await page.goto(`/banks/${bank.id}`);
      await page.getByTestId('qti-export').click();
      await page.getByTestId('file-job-download').waitFor();
      await screenshot(page, 'bank-qti-export');
    } finally {
      await context.close();
    }
  });
});
