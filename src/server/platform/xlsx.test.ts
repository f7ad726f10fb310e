import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { restoreText, reversibleText, safeCell, safeText, writeXlsx } from './xlsx.js';

describe('neutralising texts that would become formulas', () => {
  it('prefixes an apostrophe to texts starting with = + - @ tab or CR, and only those', () => {
    for (const text of ['=HYPERLINK("http://x","y")', '+SUM(1,1)', '-1+1', '@cmd', '\t=1', '\r=1', '=']) {
      expect(safeText(text)).toBe(`'${text}`);
    }
    for (const text of ['0371-12345678', '张三', 'a=b', ' =1', "'=1", '', '＝1', '\n=1']) {
      expect(safeText(text)).toBe(text);
    }
  });

  it('restoreText undoes the neutralisation of a text written through reversibleText, whatever the text', () => {
    for (const text of ['=1', '+1', '-5℃', '@x', "'=1", "''+x", "'", "'a", 'a', '']) {
      expect(restoreText(safeText(reversibleText(text)))).toBe(text);
    }
    expect(safeText(reversibleText("'=1"))).toBe("''=1");
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("'", '=', '+', '-', '@', '\t', 'a', '题') }), (text) => {
        expect(restoreText(safeText(reversibleText(text)))).toBe(text);
      }),
    );
    // What people type: an apostrophe before an ordinary character stays.
    expect(restoreText("'0371")).toBe("'0371");
  });

  it('leaves numbers, dates, booleans, formulas and empty cells alone; rich text and hyperlink texts are checked', () => {
    const date = new Date();
    for (const value of [-1, 0, 3.5, date, true, null, { formula: 'SUM(A1:A2)', result: 3 }]) {
      expect(safeCell(value)).toBe(value);
    }
    expect(safeCell({ richText: [{ text: '=1+' }, { text: '1' }] })).toEqual({
      richText: [{ text: "'=1+" }, { text: '1' }],
    });
    expect(safeCell({ text: '@x', hyperlink: 'http://x' })).toEqual({ text: "'@x", hyperlink: 'http://x' });
  });

  it('writeXlsx neutralises every sheet, merged cells once', async () => {
    const wb = new ExcelJS.Workbook();
    const a = wb.addWorksheet('a');
    a.addRow(['=1+1', -5, '0371-1', '+x']);
    a.mergeCells('A3:C3');
    a.getCell('A3').value = '-merged';
    wb.addWorksheet('b').addRow(['@b']);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load((await writeXlsx(wb)) as unknown as ArrayBuffer);
    expect(back.getWorksheet('a')!.getRow(1).values).toEqual([undefined, "'=1+1", -5, '0371-1', "'+x"]);
    expect(back.getWorksheet('a')!.getCell('A3').value).toBe("'-merged");
    expect(back.getWorksheet('b')!.getCell('A1').value).toBe("'@b");
  });
});
