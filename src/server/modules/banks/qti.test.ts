// The QTI 3.0 reader and writer alone (no database): fixture packages written as other tools write them
// (test/fixtures/qti), and our own items written and read back.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ItemContent, validateItem } from '../../../domain/items.js';
import { readItem, readManifest, resolvePath } from './qti-read.js';
import { itemXml, manifestXml } from './qti-write.js';
import { htmlText, parseXml, textToHtml } from './qti-xml.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../../../test/fixtures/qti');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

/** Every item of a fixture package, read as the import reads it. */
function readPackage(name: string) {
  const items = readManifest(fixture(`${name}/imsmanifest.xml`));
  return items.map((m) => {
    let xml: string;
    try {
      xml = fixture(`${name}/${m.href}`);
    } catch {
      return { id: m.identifier, result: { ok: false as const, reason: '文件不存在' } };
    }
    return { id: m.identifier, result: readItem(xml, m) };
  });
}
const ok = (r: ReturnType<typeof readPackage>[number]) => {
  if (!r.result.ok) throw new Error(`${r.id}: ${r.result.reason}`);
  return r.result.item;
};

describe('QTI 3.0 packages from other tools', () => {
  it('reads prefixed namespaces, LOM metadata, match_correct without .xml, and leaves tests out', () => {
    const [single, multiple, ...rest] = readPackage('prefixed');
    expect(rest).toHaveLength(0);
    expect(ok(single!).content).toEqual({
      type: 'single',
      stem: '从业人员发现事故隐患或者其他不安全因素，应当立即向谁报告？',
      stemImage: null,
      options: [
        { text: '所在地人民政府', image: null },
        { text: '现场安全生产管理人员或者本单位负责人', image: null },
        { text: '新闻媒体', image: null },
        { text: '工会组织', image: null },
      ],
      answer: 'B',
      difficulty: 2,
      knowledgePoint: '安全生产',
      source: '《安全生产法》第五十七条',
      explanation: '',
    });
    expect(ok(single!).notes).toEqual([]);
    // A body paragraph before the interaction is the stem; answers sorted whatever order the package lists them in.
    expect(ok(multiple!).content).toMatchObject({
      type: 'multiple',
      stem: '下列火灾中，可以使用干粉灭火器扑救的有：',
      answer: 'AD',
      difficulty: 5,
      knowledgePoint: '消防器材',
    });
  });

  it('strips inline markup to text with its line breaks, leaves feedback out of stem and options, takes pictures and 解析', () => {
    const [gauge, ppe] = readPackage('markup-feedback');
    const item = ok(gauge!);
    expect(item.content.stem).toBe(
      '观察下图所示的压力表， 其读数最接近：\n请选择一项（单位：MPa）\n读数以指针所指刻度为准。',
    );
    expect(item.content.stemImage).toBe('../images/gauge.png');
    expect(item.content.options).toEqual([
      { text: '0.2 MPa', image: null },
      { text: '0.4 MPa', image: null },
      { text: '', image: '../images/valve.png' },
    ]);
    expect(item.content.answer).toBe('B');
    expect(item.content.explanation).toBe('指针位于 0.4 刻度处。\n读数时视线应与表盘垂直。');
    // No LOM: the defaults, said as notes.
    expect(item.content).toMatchObject({ difficulty: 3, knowledgePoint: '未分类', source: '' });
    expect(item.notes).toEqual(['未标注难度，按 3（中等）导入', '未标注知识点，按“未分类”导入']);
    expect(ok(ppe!).content).toMatchObject({
      type: 'multiple',
      stem: '电焊作业时应当佩戴的劳动防护用品有：\n（按《劳动防护用品配备标准》）',
      answer: 'ABC',
      explanation: '防护用品应齐全。',
    });
  });

  it('takes explicit processing that scores the correct response and any URI of match_correct; refuses other scoring', () => {
    const byId = Object.fromEntries(readPackage('explicit-rp').map((r) => [r.id, r.result]));
    expect(byId['rp-explicit']).toMatchObject({
      ok: true,
      item: { content: { type: 'multiple', answer: 'BC', knowledgePoint: '职业道德规范', difficulty: 4 } },
    });
    // A foreign 正确/错误 single choice stays a single choice.
    expect(byId['rp-v2-uri']).toMatchObject({
      ok: true,
      item: { content: { type: 'single', stem: '诚实守信是职业道德的基本要求之一。', answer: 'A' } },
    });
    expect(byId['rp-map-response']).toEqual({
      ok: false,
      reason: '评分规则为 map_response.xml，本系统只支持“全部答对得分”（match_correct）',
    });
    expect(byId['rp-other']).toMatchObject({ ok: false, reason: expect.stringContaining('评分规则不是') });
  });

  it('refuses, item by item and with a reason, whatever the model cannot hold', () => {
    const reasons = Object.fromEntries(readPackage('mixed').map((r) => [r.id, r.result.ok ? 'ok' : r.result.reason]));
    expect(reasons).toEqual({
      good: 'ok',
      'text-entry': expect.stringContaining('填空（文本输入）题（qti-text-entry-interaction）'),
      'extended-text': expect.stringContaining('问答'),
      order: expect.stringContaining('排序'),
      match: expect.stringContaining('匹配'),
      hotspot: expect.stringContaining('图形热点'),
      'two-interactions': '一道试题含有 2 个作答区，本系统每题只能有一个',
      'seven-options': '有 7 个选项，本系统最多 6 个',
      'two-stem-images': '题干含有 2 张图片，本系统每题题干最多 1 张',
      mathml: '含有数学公式（MathML），本系统的试题只能是文字和图片',
      qti21: '这是 QTI 2.x 的试题，只支持 QTI 3.0（qti-assessment-item）',
      missing: '文件不存在',
    });
  });

  it('refuses a DTD entity bomb as bad XML instead of expanding it', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><manifest>&lol2;</manifest>`;
    expect(() => readManifest(bomb)).toThrow(/XML/);
  });

  it('resolves paths inside the package only', () => {
    expect(resolvePath('items/a.xml', '../images/x.png')).toBe('images/x.png');
    expect(resolvePath('a.xml', 'img/x%20y.png')).toBe('img/x y.png');
    expect(resolvePath('items/a.xml', '../../etc/passwd')).toBeNull();
    expect(resolvePath('a.xml', 'http://example.com/x.png')).toBeNull();
    expect(resolvePath('a.xml', '/abs.png')).toBeNull();
    expect(resolvePath('a.xml', 'data:image/png;base64,AAAA')).toBeNull();
  });
});

// ─── Our own items, written and read back ──────────────────────────────────────────────────────────────

const textArb = (max: number) =>
  fc
    .array(
      fc.constantFrom('甲', '乙', 'a', 'Z', '1', ' ', '  ', '\t', '\n', '<', '&', '"', "'", '>', '\u00a0', '　', '·'),
      {
        minLength: 1,
        maxLength: max,
      },
    )
    .map((parts) => parts.join('').trim())
    .filter((s) => s !== '');

const itemArb: fc.Arbitrary<ItemContent> = fc
  .record({
    kind: fc.constantFrom('single', 'multiple', 'true_false'),
    stem: textArb(40),
    stemImage: fc.option(fc.constantFrom('img-1', 'img-2'), { nil: null }),
    options: fc.uniqueArray(textArb(12), { minLength: 3, maxLength: 6 }),
    optionImages: fc.array(fc.option(fc.constantFrom('img-3', 'img-4'), { nil: null }), { minLength: 6, maxLength: 6 }),
    answerBits: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
    difficulty: fc.integer({ min: 1, max: 5 }),
    knowledgePoint: textArb(10).map((s) => s.replace(/\n/g, '')),
    source: fc.option(textArb(10), { nil: '' }),
    explanation: fc.option(textArb(40), { nil: '' }),
  })
  .map((r) => {
    const options =
      r.kind === 'true_false' ? [] : r.options.map((text, i) => ({ text, image: r.optionImages[i] ?? null }));
    let answer: string;
    if (r.kind === 'true_false') answer = r.answerBits[0] ? 'T' : 'F';
    else if (r.kind === 'single')
      answer = 'ABCDEF'[r.answerBits.indexOf(true) >= 0 ? r.answerBits.indexOf(true) % options.length : 0]!;
    else {
      const letters = options.map((_, i) => 'ABCDEF'[i]!).filter((_, i) => r.answerBits[i]);
      answer = letters.length >= 2 ? letters.join('') : 'AB';
    }
    return {
      type: r.kind,
      stem: r.stem,
      stemImage: r.stemImage,
      options,
      answer,
      difficulty: r.difficulty,
      knowledgePoint: r.knowledgePoint.trim() || '知识点',
      source: r.source,
      explanation: r.explanation,
    } satisfies ItemContent;
  })
  .filter((c) => validateItem(c).length === 0);

describe('our export reads back as it was', () => {
  it('keeps text exactly: line breaks, runs of spaces, tabs, spaces at a line’s ends, markup characters', () => {
    fc.assert(
      fc.property(textArb(60), (text) => {
        const html = `<p xmlns="http://www.w3.org/1999/xhtml">${textToHtml(text)}</p>`;
        expect(htmlText(parseXml(html))).toBe(text);
      }),
    );
  });

  it('writes an item and its manifest metadata that read back into the same content', () => {
    const images = new Map([
      ['img-1', 'images/img-1.png'],
      ['img-2', 'images/img-2.png'],
      ['img-3', 'images/img-3.gif'],
      ['img-4', 'images/img-4.webp'],
    ]);
    const back = new Map([...images].map(([k, v]) => [`../${v}`, k]));
    fc.assert(
      fc.property(itemArb, (content) => {
        const item = { identifier: 'item-1', title: '试题 1', content };
        const manifest = manifestXml('PKG', '题库', [{ ...item, file: 'items/item-1.xml', images: [] }], []);
        const [meta] = readManifest(manifest);
        const read = readItem(itemXml(item, images), meta!);
        if (!read.ok) throw new Error(read.reason);
        const c = read.item.content;
        expect({
          ...c,
          stemImage: c.stemImage && back.get(c.stemImage),
          options: c.options.map((o) => ({ ...o, image: o.image && back.get(o.image) })),
        }).toEqual(content);
        expect(read.item.notes).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
