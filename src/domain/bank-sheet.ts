// The question-bank workbook (题库导入模板) as pure data: one item per row, in the layout Chinese banks use, and
// what each cell may say. The server reads and writes the xlsx; this file turns a row into an item and back.
//
// Images do not travel through the sheet: it carries text, and pictures are attached in the item editor.

import {
  DIFFICULTY_LABELS,
  ITEM_TYPE_LABELS,
  type ItemContent,
  type ItemField,
  type ItemProblemCode,
  type ItemType,
  OPTION_LETTERS,
  type OptionLetter,
  TRUE_FALSE_LABELS,
  validateItem,
} from './items.js';

export const OPTION_COLUMNS = ['选项A', '选项B', '选项C', '选项D', '选项E', '选项F'] as const;
export const BANK_SHEET_COLUMNS = [
  '题型',
  '题干',
  ...OPTION_COLUMNS,
  '答案',
  '难度',
  '知识点',
  '解析',
  '来源',
] as const;
export type BankColumn = (typeof BANK_SHEET_COLUMNS)[number];
/** Columns the header row must have; 选项C…F, 解析 and 来源 may be left out. */
export const REQUIRED_BANK_COLUMNS: readonly BankColumn[] = [
  '题型',
  '题干',
  '选项A',
  '选项B',
  '答案',
  '难度',
  '知识点',
];
export const BANK_SHEET_NAME = '试题';

export type SheetCell = string | number | null;

export interface SheetProblem {
  /** 1-based row number in the sheet (the header is row 1). */
  row: number;
  column: BankColumn;
  code: ItemProblemCode | SheetProblemCode;
  message: string;
}

export const SHEET_PROBLEM_CODES = {
  SHEET_COLUMN_MISSING: 'A required column is missing from the header row.',
  SHEET_COLUMN_DUPLICATE: 'A column appears twice in the header row.',
  SHEET_TYPE_UNKNOWN: 'The 题型 cell names no known type.',
  SHEET_ANSWER_UNREADABLE: 'The 答案 cell cannot be read as option letters or 正确/错误.',
  SHEET_DIFFICULTY_UNREADABLE: 'The 难度 cell is neither 1-5 nor 易/较易/中等/较难/难.',
  SHEET_OPTION_GAP: 'An option is empty while a later one is filled.',
  SHEET_TRUE_FALSE_OPTIONS: 'A true/false row has options other than 正确/错误 (or 对/错).',
} as const;
export type SheetProblemCode = keyof typeof SHEET_PROBLEM_CODES;

// What banks write for each type (normalised: no spaces, full-width letters folded).
const TYPE_WORDS: Readonly<Record<string, ItemType>> = {
  单选: 'single',
  单选题: 'single',
  单项选择: 'single',
  单项选择题: 'single',
  SINGLE: 'single',
  多选: 'multiple',
  多选题: 'multiple',
  多项选择: 'multiple',
  多项选择题: 'multiple',
  不定项选择题: 'multiple',
  MULTIPLE: 'multiple',
  判断: 'true_false',
  判断题: 'true_false',
  是非题: 'true_false',
  TRUE_FALSE: 'true_false',
};

const TRUE_WORDS = new Set(['对', '正确', '√', '✓', '✔', 'T', 'TRUE', 'Y', '是']);
const FALSE_WORDS = new Set(['错', '错误', '×', '✗', '✘', 'X', 'F', 'FALSE', 'N', '否']);

const DIFFICULTY_WORDS: Readonly<Record<string, number>> = {
  易: 1,
  容易: 1,
  简单: 1,
  较易: 2,
  较容易: 2,
  较简单: 2,
  中: 3,
  中等: 3,
  一般: 3,
  较难: 4,
  较困难: 4,
  难: 5,
  困难: 5,
};

/** Full-width Latin letters and digits to ASCII, upper case, no whitespace. */
function fold(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, '')
    .toUpperCase();
}

/** A cell as text: numbers as written, line ends as \n, outer whitespace trimmed. */
function text(cell: SheetCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  return String(cell).replace(/\r\n?/g, '\n').trim();
}

/** The item type a 题型 cell names, or null. */
export function parseItemType(cell: SheetCell): ItemType | null {
  return TYPE_WORDS[fold(text(cell))] ?? null;
}

/** A 难度 cell as 1-5 (digits or 易…难), or null. Problems beyond that (e.g. 7) are validateItem's to report. */
export function parseDifficulty(cell: SheetCell): number | null {
  const raw = fold(text(cell));
  if (raw === '') return null;
  if (/^\d+(\.0+)?$/.test(raw)) return Number(raw);
  return DIFFICULTY_WORDS[raw] ?? null;
}

/** Choice answers as written (ABD, A,B,D, A、B、D, A B D, ａｂｄ): ascending distinct letters, or null. */
export function parseChoiceAnswer(cell: SheetCell): string | null {
  const letters = fold(text(cell)).replace(/[,，、;；/|.。]/g, '');
  if (letters === '' || !/^[A-F]+$/.test(letters)) return null;
  return OPTION_LETTERS.filter((letter) => letters.includes(letter)).join('');
}

/**
 * A true/false answer as 'T'/'F', or null. Banks write 对/错, 正确/错误, √/×, T/F; some lay 判断题 out as a choice
 * between 选项A 正确 and 选项B 错误 and answer with the letter, which is read through those options.
 */
export function parseTrueFalseAnswer(cell: SheetCell, optionTexts: readonly string[] = []): 'T' | 'F' | null {
  const raw = fold(text(cell));
  if (TRUE_WORDS.has(raw)) return 'T';
  if (FALSE_WORDS.has(raw)) return 'F';
  const index = raw.length === 1 ? OPTION_LETTERS.indexOf(raw as OptionLetter) : -1;
  const chosen = index >= 0 ? optionTexts[index] : undefined;
  if (chosen === undefined) return null;
  return parseTrueFalseAnswer(chosen);
}

const FIELD_COLUMNS: Readonly<Record<ItemField, BankColumn>> = {
  type: '题型',
  stem: '题干',
  options: '选项A',
  answer: '答案',
  difficulty: '难度',
  knowledgePoint: '知识点',
  source: '来源',
  explanation: '解析',
};

export type ParsedRow = { ok: true; item: ItemContent } | { ok: false; problems: SheetProblem[] };

/**
 * One data row (cells keyed by header) as an item, or every problem it has with its row, column and reason.
 * A row with every cell empty is not an item: the caller skips it (see isBlankRow).
 */
export function parseItemRow(cells: Readonly<Partial<Record<string, SheetCell>>>, rowNumber: number): ParsedRow {
  const problems: SheetProblem[] = [];
  const add = (column: BankColumn, code: ItemProblemCode | SheetProblemCode, message: string) =>
    problems.push({ row: rowNumber, column, code, message });

  const typeCell = text(cells.题型);
  const type = parseItemType(typeCell);
  if (type === null) {
    add(
      '题型',
      'SHEET_TYPE_UNKNOWN',
      typeCell === '' ? '题型不能为空' : `无法识别的题型“${typeCell}”，应为单选题、多选题或判断题`,
    );
  }

  // Options: the filled ones, which must come first (A, B, … without a gap).
  const optionTexts = OPTION_COLUMNS.map((column) => text(cells[column]));
  let last = -1;
  optionTexts.forEach((value, i) => {
    if (value !== '') last = i;
  });
  for (let i = 0; i < last; i++) {
    if (optionTexts[i] === '') {
      add(OPTION_COLUMNS[i]!, 'SHEET_OPTION_GAP', `${OPTION_COLUMNS[i]}为空，但其后还有选项`);
    }
  }
  let options = optionTexts.slice(0, last + 1).map((value) => ({ text: value, image: null }));

  const answerCell = text(cells.答案);
  let answer = '';
  if (type === 'true_false') {
    if (options.length > 0) {
      const pair = options.map((option) => parseTrueFalseAnswer(option.text)).join('');
      if (pair === 'TF' || pair === 'FT') options = [];
      else add('选项A', 'SHEET_TRUE_FALSE_OPTIONS', '判断题不设选项；如填写，只能是“正确”“错误”两项');
    }
    const parsed = parseTrueFalseAnswer(answerCell, optionTexts);
    if (parsed !== null) answer = parsed;
    else if (answerCell !== '')
      add('答案', 'SHEET_ANSWER_UNREADABLE', `无法识别的判断题答案“${answerCell}”，应为正确或错误`);
  } else if (type !== null) {
    const parsed = parseChoiceAnswer(answerCell);
    if (parsed !== null) answer = parsed;
    else if (answerCell !== '') {
      add('答案', 'SHEET_ANSWER_UNREADABLE', `无法识别的答案“${answerCell}”，应为选项字母（如 A 或 ABD）`);
    }
  }

  const difficultyCell = text(cells.难度);
  const difficulty = parseDifficulty(difficultyCell);
  if (difficulty === null) {
    add(
      '难度',
      'SHEET_DIFFICULTY_UNREADABLE',
      difficultyCell === '' ? '难度不能为空' : `无法识别的难度“${difficultyCell}”，应为1至5或易、较易、中等、较难、难`,
    );
  }

  const item: ItemContent = {
    type: type ?? 'single',
    stem: text(cells.题干),
    stemImage: null,
    options,
    answer,
    difficulty: difficulty ?? 3,
    knowledgePoint: text(cells.知识点),
    source: text(cells.来源),
    explanation: text(cells.解析),
  };
  const reported = new Set(problems.map((p) => p.column));
  for (const problem of validateItem(item)) {
    // What the sheet could not read is reported once, as unreadable, not again as the item's gap.
    if (problem.field === 'type' && type === null) continue;
    if (problem.field === 'difficulty' && difficulty === null) continue;
    if (problem.field === 'answer' && (type === null || reported.has('答案'))) continue;
    if (problem.field === 'options' && type === null) continue;
    if (problem.code === 'ITEM_OPTIONS_NOT_ALLOWED' && reported.has('选项A')) continue;
    const column = problem.option
      ? OPTION_COLUMNS[OPTION_LETTERS.indexOf(problem.option)]!
      : FIELD_COLUMNS[problem.field];
    add(column, problem.code, problem.message);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, item };
}

/** Is every cell of the row empty (a blank line between items)? */
export function isBlankRow(cells: Readonly<Partial<Record<string, SheetCell>>>): boolean {
  return BANK_SHEET_COLUMNS.every((column) => text(cells[column]) === '');
}

/** An item as a row of the sheet, the way parseItemRow reads it back (images are not exported). */
export function itemToRow(item: ItemContent): Record<BankColumn, string | number> {
  const row = {
    题型: ITEM_TYPE_LABELS[item.type],
    题干: item.stem,
    答案: item.type === 'true_false' ? TRUE_FALSE_LABELS[item.answer === 'T' ? 'T' : 'F'] : item.answer,
    难度: item.difficulty,
    知识点: item.knowledgePoint,
    解析: item.explanation,
    来源: item.source,
  } as Record<BankColumn, string | number>;
  OPTION_COLUMNS.forEach((column, i) => {
    row[column] = item.options[i]?.text ?? '';
  });
  return row;
}

export interface HeaderMatch {
  /** Column index (0-based) of each known header found. */
  columns: Partial<Record<BankColumn, number>>;
  problems: SheetProblem[];
}

/** Reads the header row: where each known column is, and which required ones are missing or doubled. */
export function matchHeaders(headers: readonly SheetCell[], rowNumber = 1): HeaderMatch {
  const columns: Partial<Record<BankColumn, number>> = {};
  const problems: SheetProblem[] = [];
  headers.forEach((cell, index) => {
    const name = fold(text(cell)) as BankColumn;
    if (!(BANK_SHEET_COLUMNS as readonly string[]).includes(name)) return;
    if (columns[name] !== undefined) {
      problems.push({ row: rowNumber, column: name, code: 'SHEET_COLUMN_DUPLICATE', message: `表头“${name}”重复` });
    } else {
      columns[name] = index;
    }
  });
  for (const column of REQUIRED_BANK_COLUMNS) {
    if (columns[column] === undefined) {
      problems.push({ row: rowNumber, column, code: 'SHEET_COLUMN_MISSING', message: `缺少“${column}”列` });
    }
  }
  return { columns, problems };
}

/** Example rows of the blank template, one per type, each readable by parseItemRow. */
export const BANK_SHEET_EXAMPLES: readonly Record<BankColumn, string | number>[] = [
  {
    题型: '单选题',
    题干: '发现有人触电时，首先应当（　　）。',
    选项A: '立即用手将触电者拉开',
    选项B: '迅速切断电源',
    选项C: '立即拨打报警电话',
    选项D: '进行人工呼吸',
    选项E: '',
    选项F: '',
    答案: 'B',
    难度: 1,
    知识点: '安全用电',
    解析: '应先切断电源，使触电者脱离带电体，再施救。',
    来源: '示例',
  },
  {
    题型: '多选题',
    题干: '职业道德的基本要求包括（　　）。',
    选项A: '爱岗敬业',
    选项B: '诚实守信',
    选项C: '办事公道',
    选项D: '追求个人利益最大化',
    选项E: '',
    选项F: '',
    答案: 'A、B、C',
    难度: '较易',
    知识点: '职业道德基本规范',
    解析: '',
    来源: '示例',
  },
  {
    题型: '判断题',
    题干: '工勤技能岗位人员只要工作年限满十年即可申报任何等级。',
    选项A: '',
    选项B: '',
    选项C: '',
    选项D: '',
    选项E: '',
    选项F: '',
    答案: '错误',
    难度: '中等',
    知识点: '等级考核政策',
    解析: '各等级有不同的申报条件。',
    来源: '示例',
  },
];

/** The template's notes sheet (填写说明), one line each. */
export const BANK_SHEET_NOTES: readonly string[] = [
  '每行一道试题；第一行为表头，请勿修改表头文字。',
  '题型：单选题、多选题、判断题（也可写单选、多选、判断、单项选择题、多项选择题）。',
  '选项：单选题2至6项，多选题3至6项，从选项A起连续填写；判断题不填选项。',
  '答案：选择题填选项字母，多选可写 ABD、A,B,D 或 A、B、D；判断题填正确/错误（对/错、√/×亦可）。',
  `难度：1至5的整数，或${Object.values(DIFFICULTY_LABELS).join('、')}（1为易，5为难）。`,
  '知识点必填；解析、来源可不填。图片请在导入后于试题编辑页上传。',
];
