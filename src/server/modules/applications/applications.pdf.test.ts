import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  COPY_LABELS,
  FORM_NOTES,
  FORM_TITLE,
  type PrintableApplication,
  renderApplicationsPdf,
  resolvePdfFont,
} from './applications.pdf.js';

// The printed 申请表 checked through poppler-utils (pdftotext, pdfinfo, pdffonts, pdfimages), as a reader sees it.
const dir = mkdtempSync(path.join(tmpdir(), 'gk-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function save(pdf: Buffer): string {
  const file = path.join(dir, `form-${counter++}.pdf`);
  writeFileSync(file, pdf);
  return file;
}
const poppler = (tool: string, ...args: string[]) => execFileSync(tool, args, { encoding: 'utf8' });
/** The text in drawing order with all white space removed, so that labels broken over two lines read whole. */
const flatText = (file: string) => poppler('pdftotext', '-raw', '-enc', 'UTF-8', file, '-').replace(/\s+/g, '');
const pageCount = (file: string) => Number(/Pages:\s+(\d+)/.exec(poppler('pdfinfo', file))?.[1]);
const pageText = (file: string, page: number) =>
  poppler('pdftotext', '-raw', '-f', String(page), '-l', String(page), file, '-').replace(/\s+/g, '');

// A 2 × 2 grey baseline JPEG (331 bytes): pdfkit embeds JPEG data as it is, scaled into the 2-inch box.
const TINY_JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAACAAIBAREA/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/9oACAEBAAA/ACv/2Q==',
  'base64',
);

const sample: PrintableApplication = {
  name: '欧阳娜娜',
  sex: 'female',
  birthMonth: '1975-03',
  education: 'vocational_secondary',
  workStartMonth: '1995-07',
  workYears: 23,
  idNumber: '41010219750315202X',
  currentJobType: '办公设备维修工',
  currentGrade: 4,
  currentGradeMonth: '2010-10',
  yearsInCurrentJobType: 12,
  appliedJobType: '办公设备维修工',
  appliedGrade: 3,
  remarks: '已取得计算机操作证书',
};

// The annex's labels (notice-2017.txt), read with the annex's line breaks and spacing taken out.
const LABELS = [
  '姓名',
  '性别',
  '出生年月',
  '文化程度',
  '参加工作时间',
  '工作年限',
  '身份证号',
  '现岗位工种',
  '现岗位等级',
  '现等级取得时间',
  '现岗位工种年限',
  '申报工种',
  '申报考核等级',
  '单位审核意见',
  '主管部门审核意见',
  '备注',
];

describe('申请表 PDF', () => {
  it('prints the annex: title, every label, the data, the 说明 and three copies with their labels', async () => {
    const pdf = await renderApplicationsPdf([sample]);
    const file = save(pdf);
    expect(pageCount(file)).toBe(3);
    expect(poppler('pdfinfo', file)).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);

    const text = flatText(file);
    expect(text).toContain(FORM_TITLE);
    for (const label of LABELS) expect(text, label).toContain(label);
    for (const value of [
      '欧阳娜娜',
      '女',
      '1975.03',
      '中专/技校/职专',
      '1995.07',
      '23年',
      '41010219750315202X',
      '办公设备维修工',
      '四级（中级工）',
      '2010.10',
      '12年',
      '三级（高级工）',
      '已取得计算机操作证书',
    ]) {
      expect(text, value).toContain(value);
    }
    for (const note of FORM_NOTES) expect(text).toContain(note.replace(/\s+/g, ''));
    // No photo: the box says 照片. Opinions empty: the seal and date lines wait for the pen.
    expect(text).toContain('照片');
    expect(text).toContain('（盖章）年月日');

    COPY_LABELS.forEach((copy, i) => {
      const page = pageText(file, i + 1);
      expect(page.startsWith(copy), `page ${i + 1} is ${copy}`).toBe(true);
      for (const other of COPY_LABELS.filter((c) => c !== copy)) expect(page).not.toContain(other);
      expect(page).toContain('欧阳娜娜');
    });

    // The Chinese font is embedded as a subset; the file stays small.
    const fonts = poppler('pdffonts', file);
    expect(fonts).toMatch(/[A-Z]{6}\+Noto\S*CJK\S*\s+CID Type 0C\s+Identity-H\s+yes\s+yes\s+yes/);
    expect(fonts.trim().split('\n')).toHaveLength(3); // header, rule, one font
    expect(pdf.length).toBeLessThan(150_000);
    console.info(`one application (3 pages): ${pdf.length} bytes`);
  });

  it('prints three pages per application in a batch, each person on their own pages', async () => {
    const second: PrintableApplication = {
      ...sample,
      name: '王建国',
      sex: 'male',
      idNumber: '410102196501011231',
      currentGrade: null,
      currentGradeMonth: null,
      appliedGrade: 5,
      appliedJobType: '汽车驾驶员',
      remarks: null,
    };
    const file = save(await renderApplicationsPdf([sample, second]));
    expect(pageCount(file)).toBe(6);
    for (const page of [1, 2, 3]) expect(pageText(file, page)).toContain('欧阳娜娜');
    for (const page of [4, 5, 6]) {
      const text = pageText(file, page);
      expect(text).toContain('王建国');
      expect(text).not.toContain('欧阳娜娜');
      expect(text).toContain('男');
      expect(text).toContain('五级（初级工）');
      expect(text).toMatch(/现岗位等级无/);
    }
    expect(pageText(file, 4).startsWith('人社部门存档')).toBe(true);
  });

  it('fills the opinion boxes when given (issue 5) and places the photo in its box', async () => {
    const file = save(
      await renderApplicationsPdf([
        {
          ...sample,
          photo: TINY_JPEG,
          unitOpinion: {
            opinion: '经审核，该同志符合申报条件，同意申报。',
            reviewerName: '李四',
            sealName: '郑州市第一人民医院',
            date: '2017-02-20',
          },
          departmentOpinion: { opinion: '同意。', sealName: '郑州市卫生局', date: '2017-03-02' },
        },
      ]),
    );
    const text = flatText(file);
    expect(text).toContain('经审核，该同志符合申报条件，同意申报。');
    expect(text).toContain('郑州市第一人民医院（盖章）2017年2月20日');
    expect(text).toContain('审核人：李四');
    expect(text).toContain('郑州市卫生局（盖章）2017年3月2日');
    expect(text).not.toContain('照片');
    const images = poppler('pdfimages', '-list', file).trim().split('\n').slice(2);
    expect(images).toHaveLength(3); // the photo on each copy…
    expect(images[0]).toMatch(/\s2\s+2\s+gray\s+1\s+8\s+jpeg/);
    const objectIds = new Set(images.map((line) => line.trim().split(/\s+/)[10])); // …embedded once
    expect(objectIds.size).toBe(1);
  });

  it('keeps printing with an unreadable photo (the empty 照片 box instead)', async () => {
    const file = save(await renderApplicationsPdf([{ ...sample, photo: Buffer.from('not an image') }]));
    expect(pageCount(file)).toBe(3);
    expect(flatText(file)).toContain('照片');
  });

  it('shrinks or cuts long values instead of spilling out of the grid', async () => {
    const file = save(
      await renderApplicationsPdf([
        { ...sample, appliedJobType: '化学检验工（含水质检验、环境监测）', remarks: '很长的备注。'.repeat(200) },
      ]),
    );
    expect(pageCount(file)).toBe(3);
    const text = flatText(file);
    expect(text).toContain('化学检验工（含水质检验、环境监测）');
    expect(text).toContain('…');
  });

  it('names the font problem in Chinese (PDF_FONT_MISSING) and finds the Debian default', async () => {
    expect(() => resolvePdfFont({ PDF_FONT_PATH: '/nonexistent/font.ttc' })).toThrowError(
      expect.objectContaining({ code: 'PDF_FONT_MISSING', message: expect.stringContaining('/nonexistent/font.ttc') }),
    );
    expect(resolvePdfFont({}).path).toMatch(/Noto(Serif|Sans)CJK/);
    const configured = resolvePdfFont({ PDF_FONT_PATH: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc' });
    expect(configured.family).toBe('NotoSansCJKsc-Regular');
    await expect(
      renderApplicationsPdf([sample], { font: { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc' } }),
    ).rejects.toMatchObject({ code: 'PDF_FONT_MISSING' });
  });
});
