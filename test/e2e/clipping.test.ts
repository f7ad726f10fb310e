import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clippedText, launchBrowser } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The check every screenshot runs, tried on pages made to be cut and pages made not to be. */
describe('the clipped-text check', () => {
  it('finds an ellipsis, hidden overflow below, and a table wider than its frame', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    try {
      await page.setContent(`
        <span style="display:inline-block;width:60px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis">全部组织机构（可选辖区、主管部门或单位）</span>
        <div style="width:80px;height:20px;overflow:hidden">第一行文字较长会换行到第二行第三行</div>
        <div class="ant-table"><div class="ant-table-content" style="width:200px;overflow:auto">
          <table style="width:600px"><tr><th>姓名</th><th>创建日期</th></tr></table></div></div>`);
      const found = await clippedText(page);
      expect(found).toHaveLength(3);
      expect(found[0]).toContain('at the right: «全部组织机构');
      expect(found[1]).toContain('at the bottom: «第一行');
      expect(found[2]).toContain('table wider than its frame (600 > 200 px): 姓名|创建日期');
    } finally {
      await page.close();
    }
  });

  it('finds a page wider than the window', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    try {
      await page.setContent('<body style="margin:0"><div style="width:1500px">一行很宽的表单</div></body>');
      expect(await clippedText(page)).toEqual(['page wider than the window (1500 > 1366 px)']);
    } finally {
      await page.close();
    }
  });

  it('passes text that fits, text cut with its whole on hover, and hidden measuring copies', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    try {
      await page.setContent(`
        <span style="display:inline-block;width:400px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis">全部组织机构</span>
        <span title="郑州市第一中学（郑州市教育局）" style="display:inline-block;width:40px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis">郑州市第一中学（郑州市教育局）</span>
        <div aria-hidden="true" style="width:20px;overflow:hidden;white-space:nowrap">测量用的隐藏副本</div>
        <div class="ant-table"><div class="ant-table-content" style="width:800px;overflow:auto">
          <table style="width:600px"><tr><th>姓名</th></tr></table></div></div>`);
      expect(await clippedText(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
