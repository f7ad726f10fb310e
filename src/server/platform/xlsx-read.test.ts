import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { hostileWorkbook } from '../../../test/setup/hostile-xlsx.js';
import { readSheetRows } from './xlsx-read.js';

async function readAll(file: Buffer, options: Parameters<typeof readSheetRows>[1] = {}) {
  const rows: { number: number; texts: string[]; values: unknown[] }[] = [];
  for await (const { number, row } of readSheetRows(file, options)) {
    const texts: string[] = [];
    const values: unknown[] = [];
    for (let c = 1; c <= row.cellCount; c++) {
      texts.push(row.getCell(c).text);
      values.push(row.getCell(c).value);
    }
    rows.push({ number, texts, values });
  }
  return rows;
}

describe('reading a worksheet streaming', () => {
  it('gives the cells as the whole-workbook loader does: rich text, dates, formulas, numbers, gaps', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').addRow(['not this one']);
    const sheet = wb.addWorksheet('数据');
    sheet.addRow(['姓名', '日期', '公式', '数字']);
    sheet.getRow(3).values = [
      { richText: [{ text: '张' }, { text: '三', font: { bold: true } }] },
      new Date(Date.UTC(1990, 4, 1)),
      { formula: 'A1&"x"', result: '姓名x' },
      -12.5,
    ];
    sheet.getCell('B3').numFmt = 'yyyy-mm-dd';
    sheet.addRow(['line_x000D_ break', '', '', '0371-1234567']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());

    const rows = await readAll(file, { pick: (sheets) => sheets.find((s) => s.name === '数据') });
    expect(rows.map((r) => r.number)).toEqual([1, 3, 4]);
    expect(rows[0]!.texts).toEqual(['姓名', '日期', '公式', '数字']);
    expect(rows[1]!.texts[0]).toBe('张三');
    expect(rows[1]!.values[1]).toEqual(new Date(Date.UTC(1990, 4, 1)));
    expect(rows[1]!.values[2]).toMatchObject({ formula: 'A1&"x"', result: '姓名x' });
    expect(rows[1]!.values[3]).toBe(-12.5);
    expect(rows[2]!.texts[0]).toBe('line\r break');
    expect(rows[2]!.texts[3]).toBe('0371-1234567');
    // The first sheet by default.
    expect((await readAll(file))[0]!.texts).toEqual(['not this one']);
  });

  it('refuses what is not an xlsx, or a cut-off one, as IMPORT_FILE_INVALID', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('a').addRow(['x']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    for (const bad of [Buffer.from('not a workbook'), Buffer.alloc(0), file.subarray(0, file.length - 30)]) {
      await expect(readAll(bad)).rejects.toMatchObject({ code: 'IMPORT_FILE_INVALID' });
    }
    // A corrupted deflate stream inside a well-formed zip.
    const corrupt = Buffer.from(file);
    corrupt.fill(0x55, 200, 400);
    await expect(readAll(corrupt)).rejects.toMatchObject({ code: expect.stringMatching(/^IMPORT_/) });
  });

  it('refuses a million shared strings at the limit, in bounded memory', async () => {
    const file = await hostileWorkbook({
      header: ['a'],
      row: ['b'],
      rows: 3,
      extraStrings: 1_000_000,
      stringLength: 30,
    });
    global.gc?.();
    const before = process.memoryUsage().rss;
    const started = Date.now();
    await expect(readAll(file)).rejects.toMatchObject({ code: 'IMPORT_TOO_LARGE', status: 413 });
    const ms = Date.now() - started;
    const grown = process.memoryUsage().rss - before;
    console.log(
      `1,000,000 shared strings (${(file.length / 1e6).toFixed(1)} MB): refused in ${ms} ms, RSS +${(grown / 1e6).toFixed(0)} MB`,
    );
    expect(grown).toBeLessThan(300e6);
  });

  it('refuses a zip bomb (a small file inflating past the limit) without holding it', async () => {
    // A gigabyte of blank space in the sheet deflates to about a megabyte.
    const file = await hostileWorkbook({ header: ['a'], row: ['b'], rows: 10, padding: 1 << 30 });
    expect(file.length).toBeLessThan(2e6);
    const started = Date.now();
    await expect(readAll(file)).rejects.toMatchObject({
      code: 'IMPORT_TOO_LARGE',
      message: expect.stringContaining('32 MB'),
    });
    console.log(`zip bomb (${(file.length / 1e6).toFixed(1)} MB): refused in ${Date.now() - started} ms`);
  });
});
