import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BANK_SHEET_COLUMNS,
  BANK_SHEET_EXAMPLES,
  type BankColumn,
  isBlankRow,
  itemToRow,
  matchHeaders,
  parseChoiceAnswer,
  parseDifficulty,
  parseItemRow,
  parseItemType,
  parseTrueFalseAnswer,
  type SheetCell,
} from './bank-sheet.js';
import { type ItemContent, OPTION_LETTERS, validateItem } from './items.js';

function row(overrides: Partial<Record<BankColumn, SheetCell>> = {}): Partial<Record<BankColumn, SheetCell>> {
  return {
    题型: '单选题',
    题干: '发现有人触电时，首先应当（　　）。',
    选项A: '立即用手拉开',
    选项B: '迅速切断电源',
    选项C: '拨打报警电话',
    选项D: '进行人工呼吸',
    答案: 'B',
    难度: 2,
    知识点: '安全用电',
    解析: '先断电。',
    ...overrides,
  };
}

describe('reading cells', () => {
  it.each([
    ['单选', 'single'],
    ['单选题', 'single'],
    ['单项选择题', 'single'],
    [' 单 选 题 ', 'single'],
    ['多选', 'multiple'],
    ['多选题', 'multiple'],
    ['多项选择题', 'multiple'],
    ['判断', 'true_false'],
    ['判断题', 'true_false'],
    ['问答题', null],
    [null, null],
  ] as const)('reads 题型 %s', (cell, type) => {
    expect(parseItemType(cell)).toBe(type);
  });

  it.each(['ABD', 'A,B,D', 'A，B，D', 'A、B、D', 'A B D', 'abd', 'ＡＢＤ', 'DBA', 'A;B;D', 'ABDD'])(
    'reads the choice answer %s as ABD',
    (cell) => {
      expect(parseChoiceAnswer(cell)).toBe('ABD');
    },
  );

  it.each(['', 'AG', '正确', '1'])('cannot read %s as a choice answer', (cell) => {
    expect(parseChoiceAnswer(cell)).toBeNull();
  });

  it.each([
    ['对', 'T'],
    ['正确', 'T'],
    ['√', 'T'],
    ['T', 'T'],
    ['t', 'T'],
    ['错', 'F'],
    ['错误', 'F'],
    ['×', 'F'],
    ['F', 'F'],
    ['不知道', null],
  ] as const)('reads the true/false answer %s', (cell, answer) => {
    expect(parseTrueFalseAnswer(cell)).toBe(answer);
  });

  it('reads a letter through the 正确/错误 options it names', () => {
    expect(parseTrueFalseAnswer('A', ['正确', '错误'])).toBe('T');
    expect(parseTrueFalseAnswer('B', ['正确', '错误'])).toBe('F');
    expect(parseTrueFalseAnswer('A', ['错误', '正确'])).toBe('F');
    expect(parseTrueFalseAnswer('A')).toBeNull();
    expect(parseTrueFalseAnswer('C', ['对', '错'])).toBeNull();
  });

  it.each([
    [3, 3],
    ['3', 3],
    ['3.0', 3],
    ['易', 1],
    ['较易', 2],
    ['中等', 3],
    ['较难', 4],
    ['难', 5],
    ['7', 7],
    ['很难', null],
    [null, null],
  ] as const)('reads 难度 %s', (cell, difficulty) => {
    expect(parseDifficulty(cell)).toBe(difficulty);
  });
});

describe('parseItemRow', () => {
  it('reads the template’s examples', () => {
    for (const [i, example] of BANK_SHEET_EXAMPLES.entries()) {
      expect(parseItemRow(example, i + 2)).toMatchObject({ ok: true });
    }
  });

  it('reads a single-choice row into an item', () => {
    expect(parseItemRow(row({ 来源: '教材第3章' }), 2)).toEqual({
      ok: true,
      item: {
        type: 'single',
        stem: '发现有人触电时，首先应当（　　）。',
        stemImage: null,
        options: ['立即用手拉开', '迅速切断电源', '拨打报警电话', '进行人工呼吸'].map((text) => ({
          text,
          image: null,
        })),
        answer: 'B',
        difficulty: 2,
        knowledgePoint: '安全用电',
        source: '教材第3章',
        explanation: '先断电。',
      },
    });
  });

  it('reads a true/false row laid out as a choice between 正确 and 错误', () => {
    const parsed = parseItemRow(
      row({ 题型: '判断', 选项A: '正确', 选项B: '错误', 选项C: null, 选项D: null, 答案: 'B' }),
      5,
    );
    expect(parsed).toMatchObject({ ok: true, item: { type: 'true_false', options: [], answer: 'F' } });
  });

  it('reads a multiple-choice answer written with separators', () => {
    const parsed = parseItemRow(row({ 题型: '多项选择题', 答案: 'A、C、D', 难度: '较难' }), 3);
    expect(parsed).toMatchObject({ ok: true, item: { type: 'multiple', answer: 'ACD', difficulty: 4 } });
  });

  it.each([
    ['an unknown type', { 题型: '问答题' }, '题型', 'SHEET_TYPE_UNKNOWN'],
    ['an empty stem', { 题干: '' }, '题干', 'ITEM_STEM_REQUIRED'],
    ['two answers to a single choice', { 答案: 'AB' }, '答案', 'ITEM_ANSWER_COUNT'],
    ['an answer beyond the options', { 答案: 'E' }, '答案', 'ITEM_ANSWER_NOT_AN_OPTION'],
    ['an unreadable answer', { 答案: '第二个' }, '答案', 'SHEET_ANSWER_UNREADABLE'],
    ['an empty answer', { 答案: null }, '答案', 'ITEM_ANSWER_REQUIRED'],
    ['a gap in the options', { 选项C: '' }, '选项C', 'SHEET_OPTION_GAP'],
    ['two equal options', { 选项D: '立即用手拉开' }, '选项D', 'ITEM_OPTION_DUPLICATE'],
    ['difficulty 7', { 难度: 7 }, '难度', 'ITEM_DIFFICULTY_INVALID'],
    ['an unreadable difficulty', { 难度: '很难' }, '难度', 'SHEET_DIFFICULTY_UNREADABLE'],
    ['no difficulty', { 难度: null }, '难度', 'SHEET_DIFFICULTY_UNREADABLE'],
    ['no knowledge point', { 知识点: null }, '知识点', 'ITEM_KNOWLEDGE_POINT_REQUIRED'],
    ['a multiple choice with one answer', { 题型: '多选', 答案: 'A' }, '答案', 'ITEM_ANSWER_COUNT'],
    ['a true/false row with real options', { 题型: '判断题', 答案: '对' }, '选项A', 'SHEET_TRUE_FALSE_OPTIONS'],
    [
      'a true/false answer it cannot read',
      { 题型: '判断题', 选项A: null, 选项B: null, 选项C: null, 选项D: null, 答案: 'B' },
      '答案',
      'SHEET_ANSWER_UNREADABLE',
    ],
  ] as const)('reports %s with row, column and reason', (_label, overrides, column, code) => {
    const parsed = parseItemRow(row(overrides), 9);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toContainEqual({ row: 9, column, code, message: expect.stringMatching(/[\u4e00-\u9fff]/) });
  });

  it('reports every problem of a row once', () => {
    const parsed = parseItemRow(row({ 题型: '单选', 题干: null, 答案: '？', 难度: '很难', 知识点: '' }), 4);
    expect(parsed.ok ? [] : parsed.problems.map((p) => `${p.column}:${p.code}`)).toEqual([
      '答案:SHEET_ANSWER_UNREADABLE',
      '难度:SHEET_DIFFICULTY_UNREADABLE',
      '题干:ITEM_STEM_REQUIRED',
      '知识点:ITEM_KNOWLEDGE_POINT_REQUIRED',
    ]);
  });

  it('does not ask for answers or options of a row whose type it cannot read', () => {
    const parsed = parseItemRow(row({ 题型: '填空题', 答案: '电源' }), 4);
    expect(parsed.ok ? [] : parsed.problems.map((p) => p.code)).toEqual(['SHEET_TYPE_UNKNOWN']);
  });

  it('tells blank rows', () => {
    expect(isBlankRow({ 题型: ' ', 题干: null })).toBe(true);
    expect(isBlankRow(row())).toBe(false);
  });
});

describe('matchHeaders', () => {
  it('finds the columns wherever they are', () => {
    const { columns, problems } = matchHeaders(['序号', ...BANK_SHEET_COLUMNS]);
    expect(problems).toEqual([]);
    expect(columns.题型).toBe(1);
    expect(columns.来源).toBe(BANK_SHEET_COLUMNS.length);
  });

  it('reports missing and doubled columns', () => {
    const { problems } = matchHeaders(['题型', '题干', '选项A', '选项B', '选项B', '难度', '知识点']);
    expect(problems.map((p) => `${p.column}:${p.code}`)).toEqual([
      '选项B:SHEET_COLUMN_DUPLICATE',
      '答案:SHEET_COLUMN_MISSING',
    ]);
  });

  it('reads headers written with spaces or full-width letters', () => {
    expect(matchHeaders(['题 型', '题干', '选项Ａ', '选项b', '答案', '难度', '知识点']).problems).toEqual([]);
  });
});

// Text as cells carry it: trimmed, no carriage returns, not empty.
const cellText = (max: number) =>
  fc
    .array(fc.constantFrom('甲', '乙', '电', '安', '全', 'A', 'b', '1', '（', '）', ' ', '\n', '，', '。', '√'), {
      minLength: 1,
      maxLength: max,
    })
    .map((chars) => chars.join('').trim())
    .filter((text) => text !== '');

const choiceItem = fc
  .record({
    type: fc.constantFrom('single' as const, 'multiple' as const),
    options: fc.uniqueArray(cellText(8), { minLength: 3, maxLength: 6 }),
    picks: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
  })
  .map(({ type, options, picks }) => {
    const letters = OPTION_LETTERS.slice(0, options.length);
    const chosen = letters.filter((_, i) => picks[i]);
    const answer =
      type === 'single' ? (chosen[0] ?? 'A') : chosen.length >= 2 ? chosen.join('') : letters.slice(0, 2).join('');
    return { type, options: options.map((text) => ({ text, image: null })), answer };
  });

const trueFalseItem = fc.constantFrom('T', 'F').map((answer) => ({ type: 'true_false' as const, options: [], answer }));

const anyItem: fc.Arbitrary<ItemContent> = fc
  .record({
    body: fc.oneof(choiceItem, trueFalseItem),
    stem: cellText(40),
    difficulty: fc.integer({ min: 1, max: 5 }),
    knowledgePoint: cellText(10),
    source: fc.oneof(fc.constant(''), cellText(10)),
    explanation: fc.oneof(fc.constant(''), cellText(30)),
  })
  .map(({ body, ...rest }) => ({ ...body, ...rest, stemImage: null }));

describe('itemToRow', () => {
  it('round-trips: export → import gives the same item', () => {
    fc.assert(
      fc.property(anyItem, (item) => {
        expect(validateItem(item)).toEqual([]);
        expect(parseItemRow(itemToRow(item), 2)).toEqual({ ok: true, item });
      }),
      { numRuns: 300 },
    );
  });

  it('writes true/false answers as 正确/错误 and leaves their options empty', () => {
    const row = itemToRow({
      type: 'true_false',
      stem: '判断',
      stemImage: null,
      options: [],
      answer: 'T',
      difficulty: 3,
      knowledgePoint: '政策',
      source: '',
      explanation: '',
    });
    expect(row).toMatchObject({ 题型: '判断题', 答案: '正确', 选项A: '', 选项F: '' });
  });
});
