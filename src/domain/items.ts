// Items (试题) of the question banks (题库): their types, content, checks and lifecycle.
//
// rules.md §7: three computer-based subjects per candidate, 100 points each. An item lives in one bank (the
// subject, and for 岗位技能 the job type × grade); the bank is the database's container, not part of the content.
//
// Answer encoding, one string for every type so that scoring compares canonical strings the same way for all:
// - single / multiple choice: the correct option letters in ascending order, no separators ('B', 'ABD');
// - true/false (判断题): 'T' (正确) or 'F' (错误). A true/false item has no options; the exam client shows 正确/错误.

export const ITEM_TYPES = ['single', 'multiple', 'true_false'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];
export const ITEM_TYPE_LABELS: Readonly<Record<ItemType, string>> = {
  single: '单选题',
  multiple: '多选题',
  true_false: '判断题',
};

/**
 * The exam subjects (考试科目): what has banks, blueprints, papers and session slots. Grades 五 to 二 sit 岗位技能 (per
 * job type × grade), 职业道德 and 职业能力 (rules.md §7); 一级 sits 职业道德 and 专业基础知识 (per job type, grade 1),
 * then a panel review (rules.md §6). Order matters: lists, columns and default sessions follow it.
 */
export const SUBJECTS = ['skill', 'ethics', 'ability', 'basics'] as const;
export type Subject = (typeof SUBJECTS)[number];
/**
 * The result subjects (成绩科目): the exam subjects and 综合评审, a 一级 candidate's panel-review score, which comes from
 * the panel module and never from a bank, blueprint or paper. The database enum `item_subject` holds all of them.
 */
export const RESULT_SUBJECTS = [...SUBJECTS, 'panel'] as const;
export type ResultSubject = (typeof RESULT_SUBJECTS)[number];
export const SUBJECT_LABELS: Readonly<Record<ResultSubject, string>> = {
  skill: '岗位技能',
  ethics: '职业道德',
  ability: '职业能力',
  basics: '专业基础知识',
  panel: '综合评审',
};

/** Subjects whose banks and blueprints are per job type × grade: 岗位技能 (五级 to 二级), 专业基础知识 (一级). */
export const JOB_TYPE_SUBJECTS = ['skill', 'basics'] as const;
export type JobTypeSubject = (typeof JOB_TYPE_SUBJECTS)[number];
export function isJobTypeSubject(subject: string): subject is JobTypeSubject {
  return subject === 'skill' || subject === 'basics';
}
/** The grades a job-type subject's bank or blueprint may name. */
export const JOB_TYPE_SUBJECT_GRADES: Readonly<Record<JobTypeSubject, readonly number[]>> = {
  skill: [5, 4, 3, 2],
  basics: [1],
};

export function isResultSubject(subject: string): subject is ResultSubject {
  return (RESULT_SUBJECTS as readonly string[]).includes(subject);
}

const GRADE1_EXAM_SUBJECTS: readonly Subject[] = ['ethics', 'basics'];
const GRADE2_5_EXAM_SUBJECTS: readonly Subject[] = ['skill', 'ethics', 'ability'];

/**
 * The exam subjects a grade sits: 五级 to 二级 岗位技能, 职业道德, 职业能力 (rules.md §7); 一级 职业道德 and 专业基础知识
 * (rules.md §6). Any other number sits nothing.
 */
export function examSubjectsOfGrade(grade: number): readonly Subject[] {
  if (grade === 1) return GRADE1_EXAM_SUBJECTS;
  return grade >= 2 && grade <= 5 ? GRADE2_5_EXAM_SUBJECTS : [];
}

export const OPTION_LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export type OptionLetter = (typeof OPTION_LETTERS)[number];

export const DIFFICULTIES = [1, 2, 3, 4, 5] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];
export const DIFFICULTY_LABELS: Readonly<Record<Difficulty, string>> = {
  1: '易',
  2: '较易',
  3: '中等',
  4: '较难',
  5: '难',
};

export const TRUE_FALSE_LABELS: Readonly<Record<'T' | 'F', string>> = { T: '正确', F: '错误' };

/** How many options each type takes (true/false: none). */
export const OPTION_COUNTS: Readonly<Record<ItemType, { min: number; max: number }>> = {
  single: { min: 2, max: 6 },
  multiple: { min: 3, max: 6 },
  true_false: { min: 0, max: 0 },
};

export const STEM_MAX_LENGTH = 2000;
export const OPTION_MAX_LENGTH = 500;
export const KNOWLEDGE_POINT_MAX_LENGTH = 100;
export const SOURCE_MAX_LENGTH = 200;
export const EXPLANATION_MAX_LENGTH = 2000;
/** An image reference is an opaque key of a stored file (an upload id or a content hash), never a URL. */
const IMAGE_REF = /^[A-Za-z0-9._:-]{1,128}$/;

export interface ItemOption {
  text: string;
  /** Reference to a stored image shown with (or instead of) the text. */
  image: string | null;
}

/** What an item says: one version of it. */
export interface ItemContent {
  type: ItemType;
  stem: string;
  stemImage: string | null;
  /** Options in letter order A, B, …; empty for true/false. */
  options: ItemOption[];
  /** See the answer encoding above. */
  answer: string;
  difficulty: number;
  /** 知识点 */
  knowledgePoint: string;
  /** 来源 (a textbook, a regulation); may be empty. */
  source: string;
  /** 解析; may be empty. */
  explanation: string;
}

export const ITEM_FIELDS = [
  'type',
  'stem',
  'options',
  'answer',
  'difficulty',
  'knowledgePoint',
  'source',
  'explanation',
] as const;
export type ItemField = (typeof ITEM_FIELDS)[number];

/** Every code validateItem raises, documented once. Codes are stable: imports and clients key on them. */
export const ITEM_PROBLEM_CODES = {
  ITEM_TYPE_INVALID: 'The type is not single, multiple or true_false.',
  ITEM_STEM_REQUIRED: 'The stem is empty.',
  ITEM_STEM_TOO_LONG: `The stem is longer than ${STEM_MAX_LENGTH} characters.`,
  ITEM_IMAGE_INVALID: 'An image reference is not an opaque key (letters, digits, . _ : -, at most 128).',
  ITEM_OPTIONS_COUNT: 'Single choice needs 2-6 options, multiple choice 3-6.',
  ITEM_OPTIONS_NOT_ALLOWED: 'A true/false item carries options.',
  ITEM_OPTION_EMPTY: 'An option has neither text nor image.',
  ITEM_OPTION_TOO_LONG: `An option is longer than ${OPTION_MAX_LENGTH} characters.`,
  ITEM_OPTION_DUPLICATE: 'Two options say the same (same text, no image).',
  ITEM_ANSWER_REQUIRED: 'The answer is empty.',
  ITEM_ANSWER_FORMAT: "The answer is not canonical: ascending distinct letters A-F, or 'T'/'F' for true/false.",
  ITEM_ANSWER_NOT_AN_OPTION: 'The answer names a letter beyond the last option.',
  ITEM_ANSWER_COUNT: 'Single choice needs exactly one answer letter, multiple choice at least two.',
  ITEM_DIFFICULTY_INVALID: 'The difficulty is not an integer from 1 to 5.',
  ITEM_KNOWLEDGE_POINT_REQUIRED: 'The knowledge point is empty.',
  ITEM_KNOWLEDGE_POINT_TOO_LONG: `The knowledge point is longer than ${KNOWLEDGE_POINT_MAX_LENGTH} characters.`,
  ITEM_SOURCE_TOO_LONG: `The source is longer than ${SOURCE_MAX_LENGTH} characters.`,
  ITEM_EXPLANATION_TOO_LONG: `The explanation is longer than ${EXPLANATION_MAX_LENGTH} characters.`,
} as const;
export type ItemProblemCode = keyof typeof ITEM_PROBLEM_CODES;

export interface ItemProblem {
  code: ItemProblemCode;
  field: ItemField;
  /** The option concerned, when the problem is one option's. */
  option?: OptionLetter;
  message: string;
}

/** Length in characters (code points), as a person counts them. */
function length(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

function isDifficulty(value: unknown): value is Difficulty {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5;
}

/** Is `answer` the canonical answer of an item of `type` (see the encoding above)? Option count not checked. */
export function isCanonicalAnswer(type: ItemType, answer: string): boolean {
  if (type === 'true_false') return answer === 'T' || answer === 'F';
  return /^A?B?C?D?E?F?$/.test(answer) && answer !== '';
}

/** The problems of one item's content, each coded and in Chinese; empty when the item may be saved. */
export function validateItem(content: ItemContent): ItemProblem[] {
  const problems: ItemProblem[] = [];
  const add = (code: ItemProblemCode, field: ItemField, message: string, option?: OptionLetter) =>
    problems.push(option === undefined ? { code, field, message } : { code, field, option, message });
  const type = content.type;
  if (!(ITEM_TYPES as readonly string[]).includes(type)) {
    add('ITEM_TYPE_INVALID', 'type', '题型应为单选题、多选题或判断题');
  }

  const stem = content.stem.trim();
  if (stem === '') add('ITEM_STEM_REQUIRED', 'stem', '题干不能为空');
  else if (length(stem) > STEM_MAX_LENGTH) add('ITEM_STEM_TOO_LONG', 'stem', `题干不能超过${STEM_MAX_LENGTH}个字`);
  if (content.stemImage !== null && !IMAGE_REF.test(content.stemImage)) {
    add('ITEM_IMAGE_INVALID', 'stem', '题干图片引用无效');
  }

  const options = content.options;
  const knownType = (ITEM_TYPES as readonly string[]).includes(type);
  if (type === 'true_false') {
    if (options.length > 0) add('ITEM_OPTIONS_NOT_ALLOWED', 'options', '判断题不设选项（作答时显示“正确”“错误”）');
  } else if (knownType) {
    const { min, max } = OPTION_COUNTS[type];
    if (options.length < min || options.length > max) {
      add(
        'ITEM_OPTIONS_COUNT',
        'options',
        `${ITEM_TYPE_LABELS[type]}应有${min}至${max}个选项，现有${options.length}个`,
      );
    }
    const seen = new Map<string, OptionLetter>();
    options.slice(0, OPTION_LETTERS.length).forEach((option, i) => {
      const letter = OPTION_LETTERS[i]!;
      const text = option.text.trim();
      if (text === '' && option.image === null) {
        add('ITEM_OPTION_EMPTY', 'options', `选项${letter}不能为空`, letter);
      } else if (length(text) > OPTION_MAX_LENGTH) {
        add('ITEM_OPTION_TOO_LONG', 'options', `选项${letter}不能超过${OPTION_MAX_LENGTH}个字`, letter);
      }
      if (option.image !== null && !IMAGE_REF.test(option.image)) {
        add('ITEM_IMAGE_INVALID', 'options', `选项${letter}的图片引用无效`, letter);
      }
      if (text !== '' && option.image === null) {
        const same = seen.get(text);
        if (same) add('ITEM_OPTION_DUPLICATE', 'options', `选项${letter}与选项${same}内容相同`, letter);
        else seen.set(text, letter);
      }
    });
  }

  if (knownType) checkAnswer(type, content.answer, options.length, add);

  if (!isDifficulty(content.difficulty)) {
    add('ITEM_DIFFICULTY_INVALID', 'difficulty', '难度应为1至5的整数（1易，5难）');
  }
  const point = content.knowledgePoint.trim();
  if (point === '') add('ITEM_KNOWLEDGE_POINT_REQUIRED', 'knowledgePoint', '知识点不能为空');
  else if (length(point) > KNOWLEDGE_POINT_MAX_LENGTH) {
    add('ITEM_KNOWLEDGE_POINT_TOO_LONG', 'knowledgePoint', `知识点不能超过${KNOWLEDGE_POINT_MAX_LENGTH}个字`);
  }
  if (length(content.source.trim()) > SOURCE_MAX_LENGTH) {
    add('ITEM_SOURCE_TOO_LONG', 'source', `来源不能超过${SOURCE_MAX_LENGTH}个字`);
  }
  if (length(content.explanation.trim()) > EXPLANATION_MAX_LENGTH) {
    add('ITEM_EXPLANATION_TOO_LONG', 'explanation', `解析不能超过${EXPLANATION_MAX_LENGTH}个字`);
  }
  return problems;
}

function checkAnswer(
  type: ItemType,
  answer: string,
  optionCount: number,
  add: (code: ItemProblemCode, field: ItemField, message: string) => void,
): void {
  if (answer.trim() === '') {
    add('ITEM_ANSWER_REQUIRED', 'answer', '答案不能为空');
    return;
  }
  if (type === 'true_false') {
    if (!isCanonicalAnswer(type, answer)) add('ITEM_ANSWER_FORMAT', 'answer', '判断题答案应为“正确”或“错误”');
    return;
  }
  if (!isCanonicalAnswer(type, answer)) {
    add('ITEM_ANSWER_FORMAT', 'answer', '答案应为按字母顺序排列、不重复的选项字母（如 A 或 ABD）');
    return;
  }
  const beyond = [...answer].filter((letter) => OPTION_LETTERS.indexOf(letter as OptionLetter) >= optionCount);
  if (beyond.length > 0) {
    add('ITEM_ANSWER_NOT_AN_OPTION', 'answer', `答案中的${beyond.join('、')}不是本题的选项`);
  }
  if (type === 'single' && answer.length !== 1) {
    add('ITEM_ANSWER_COUNT', 'answer', '单选题只能有一个正确答案');
  } else if (type === 'multiple' && answer.length < 2) {
    add('ITEM_ANSWER_COUNT', 'answer', '多选题应有两个或两个以上正确答案');
  }
}

// ─── Lifecycle: draft → approved → retired ──────────────────────────────────────────────────────────────
//
// An item is a sequence of versions (item id, version 1, 2, …); each version has its own status. Approval takes a
// second person (四眼原则): never the author of that version. A retired version is never approved again. The pool
// papers draw from is the approved versions; approving version n+1 retires the earlier approved version of the
// same item (`supersedesPrevious`), so a pool holds one version per item.

export const ITEM_STATUSES = ['draft', 'approved', 'retired'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];
export const ITEM_STATUS_LABELS: Readonly<Record<ItemStatus, string>> = {
  draft: '草稿',
  approved: '已审核',
  retired: '已停用',
};

export const ITEM_ACTIONS = ['approve', 'retire'] as const;
export type ItemAction = (typeof ITEM_ACTIONS)[number];
export const ITEM_ACTION_LABELS: Readonly<Record<ItemAction, string>> = { approve: '审核通过', retire: '停用' };

/** The columns of an item version that its lifecycle reads. */
export interface ItemVersionState {
  status: ItemStatus;
  version: number;
  /** Who wrote this version (created it, or made the edit that became it). */
  authorId: number;
}

export const ITEM_LIFECYCLE_CODES = {
  ITEM_APPROVE_OWN: 'The author of a version may not approve it: a second person must.',
  ITEM_ALREADY_APPROVED: 'The version is approved already.',
  ITEM_ALREADY_RETIRED: 'The version is retired already.',
  ITEM_RETIRED_FINAL: 'A retired version is never approved or edited again.',
} as const;
export type ItemLifecycleCode = keyof typeof ITEM_LIFECYCLE_CODES;

export type ItemTransitionResult =
  | { ok: true; status: ItemStatus; supersedesPrevious: boolean }
  | { ok: false; code: ItemLifecycleCode; message: string };

/** The status `action` by `actorId` leads to, or why it is refused (coded, in Chinese). */
export function itemTransition(item: ItemVersionState, action: ItemAction, actorId: number): ItemTransitionResult {
  switch (action) {
    case 'approve':
      if (item.status === 'retired') {
        return { ok: false, code: 'ITEM_RETIRED_FINAL', message: '该试题已停用，不能再审核通过；如需使用请另建新题' };
      }
      if (item.status === 'approved') return { ok: false, code: 'ITEM_ALREADY_APPROVED', message: '该试题已审核通过' };
      if (item.authorId === actorId) {
        return { ok: false, code: 'ITEM_APPROVE_OWN', message: '不能审核自己编写或修改的试题，须由他人审核' };
      }
      return { ok: true, status: 'approved', supersedesPrevious: item.version > 1 };
    case 'retire':
      if (item.status === 'retired') return { ok: false, code: 'ITEM_ALREADY_RETIRED', message: '该试题已停用' };
      return { ok: true, status: 'retired', supersedesPrevious: false };
  }
}

export type EditPlan =
  | {
      ok: true;
      /** in_place: overwrite this version; new_version: keep it untouched and write version + 1. */
      mode: 'in_place' | 'new_version';
      version: number;
      /** An edit always needs a second person's approval again. */
      status: 'draft';
    }
  | { ok: false; code: 'ITEM_RETIRED_FINAL'; message: string };

/**
 * How an edit of this version is stored. A version any paper has drawn is never changed: papers point at the
 * version they drew, so a score review (复核) years later shows what the candidate saw. Such an edit writes a new
 * version (a draft; the drawn one keeps serving until the new one is approved). An unused version is edited in
 * place and goes back to draft. The caller edits the newest version of an item; a retired one is not edited.
 */
export function editPlan(item: Pick<ItemVersionState, 'status' | 'version'>, usedByPapers: boolean): EditPlan {
  if (item.status === 'retired') {
    return { ok: false, code: 'ITEM_RETIRED_FINAL', message: '该试题已停用，不能修改；如需使用请另建新题' };
  }
  return usedByPapers
    ? { ok: true, mode: 'new_version', version: item.version + 1, status: 'draft' }
    : { ok: true, mode: 'in_place', version: item.version, status: 'draft' };
}
