import { describe, expect, it } from 'vitest';
import {
  editPlan,
  examSubjectsOfGrade,
  ITEM_PROBLEM_CODES,
  ITEM_TYPE_LABELS,
  ITEM_TYPES,
  type ItemContent,
  isCanonicalAnswer,
  isJobTypeSubject,
  itemTransition,
  JOB_TYPE_SUBJECT_GRADES,
  RESULT_SUBJECTS,
  SUBJECT_LABELS,
  SUBJECTS,
  validateItem,
} from './items.js';

function buildItem(overrides: Partial<ItemContent> = {}): ItemContent {
  return {
    type: 'single',
    stem: '发现有人触电时，首先应当（　　）。',
    stemImage: null,
    options: ['立即用手拉开', '迅速切断电源', '拨打报警电话', '进行人工呼吸'].map((text) => ({ text, image: null })),
    answer: 'B',
    difficulty: 2,
    knowledgePoint: '安全用电',
    source: '',
    explanation: '',
    ...overrides,
  };
}

const options = (...texts: string[]) => texts.map((text) => ({ text, image: null }));
const codes = (item: ItemContent) => validateItem(item).map((p) => p.code);

describe('item words', () => {
  it('labels every type and subject in Chinese', () => {
    expect(ITEM_TYPES.map((t) => ITEM_TYPE_LABELS[t])).toEqual(['单选题', '多选题', '判断题']);
    expect(SUBJECTS.map((s) => SUBJECT_LABELS[s])).toEqual(['岗位技能', '职业道德', '职业能力', '专业基础知识']);
    expect(RESULT_SUBJECTS.map((s) => SUBJECT_LABELS[s])).toEqual([
      '岗位技能',
      '职业道德',
      '职业能力',
      '专业基础知识',
      '综合评审',
    ]);
  });
  it('job-type subjects: 岗位技能 五级 to 二级, 专业基础知识 一级; 一级 sits 职业道德 and 专业基础知识', () => {
    expect(SUBJECTS.filter(isJobTypeSubject)).toEqual(['skill', 'basics']);
    expect(JOB_TYPE_SUBJECT_GRADES).toEqual({ skill: [5, 4, 3, 2], basics: [1] });
    expect(examSubjectsOfGrade(1)).toEqual(['ethics', 'basics']);
    expect(examSubjectsOfGrade(3)).toEqual(['skill', 'ethics', 'ability']);
    expect(examSubjectsOfGrade(6)).toEqual([]);
  });
});

describe('validateItem', () => {
  it.each([
    ['a single choice', buildItem()],
    ['a single choice with two options', buildItem({ options: options('是', '否'), answer: 'A' })],
    ['a multiple choice', buildItem({ type: 'multiple', answer: 'ABD' })],
    ['a multiple choice with every option right', buildItem({ type: 'multiple', answer: 'ABCD' })],
    ['a true/false item', buildItem({ type: 'true_false', options: [], answer: 'F' })],
    [
      'an option that is only an image',
      buildItem({ options: [...options('甲', '乙'), { text: '', image: 'img:42' }] }),
    ],
    ['six options', buildItem({ options: options('1', '2', '3', '4', '5', '6'), answer: 'F' })],
  ])('accepts %s', (_label, item) => {
    expect(validateItem(item)).toEqual([]);
  });

  it.each([
    ['an empty stem', { stem: '  ' }, 'ITEM_STEM_REQUIRED', 'stem'],
    ['a stem too long', { stem: '字'.repeat(2001) }, 'ITEM_STEM_TOO_LONG', 'stem'],
    ['a URL as image', { stemImage: 'https://x.example/a.png' }, 'ITEM_IMAGE_INVALID', 'stem'],
    ['one option', { options: options('甲'), answer: 'A' }, 'ITEM_OPTIONS_COUNT', 'options'],
    ['seven options', { options: options('1', '2', '3', '4', '5', '6', '7') }, 'ITEM_OPTIONS_COUNT', 'options'],
    ['two equal options', { options: options('甲', '乙', '甲') }, 'ITEM_OPTION_DUPLICATE', 'options'],
    ['an empty option', { options: options('甲', '', '丙') }, 'ITEM_OPTION_EMPTY', 'options'],
    ['an empty answer', { answer: '' }, 'ITEM_ANSWER_REQUIRED', 'answer'],
    ['two answers to a single choice', { answer: 'AB' }, 'ITEM_ANSWER_COUNT', 'answer'],
    ['an answer beyond the options', { answer: 'E' }, 'ITEM_ANSWER_NOT_AN_OPTION', 'answer'],
    ['letters out of order', { type: 'multiple' as const, answer: 'BA' }, 'ITEM_ANSWER_FORMAT', 'answer'],
    ['a lower-case answer', { answer: 'b' }, 'ITEM_ANSWER_FORMAT', 'answer'],
    ['one answer to a multiple choice', { type: 'multiple' as const, answer: 'A' }, 'ITEM_ANSWER_COUNT', 'answer'],
    [
      'a multiple choice of two options',
      { type: 'multiple' as const, options: options('甲', '乙'), answer: 'AB' },
      'ITEM_OPTIONS_COUNT',
      'options',
    ],
    ['true/false with options', { type: 'true_false' as const, answer: 'T' }, 'ITEM_OPTIONS_NOT_ALLOWED', 'options'],
    [
      'true/false answered 正确',
      { type: 'true_false' as const, options: [], answer: '正确' },
      'ITEM_ANSWER_FORMAT',
      'answer',
    ],
    ['difficulty 0', { difficulty: 0 }, 'ITEM_DIFFICULTY_INVALID', 'difficulty'],
    ['difficulty 2.5', { difficulty: 2.5 }, 'ITEM_DIFFICULTY_INVALID', 'difficulty'],
    ['no knowledge point', { knowledgePoint: '' }, 'ITEM_KNOWLEDGE_POINT_REQUIRED', 'knowledgePoint'],
    ['a long explanation', { explanation: '析'.repeat(2001) }, 'ITEM_EXPLANATION_TOO_LONG', 'explanation'],
    ['a long source', { source: '源'.repeat(201) }, 'ITEM_SOURCE_TOO_LONG', 'source'],
    ['an unknown type', { type: 'essay' as never }, 'ITEM_TYPE_INVALID', 'type'],
  ] as const)('refuses %s', (_label, overrides, code, field) => {
    const problems = validateItem(buildItem(overrides as Partial<ItemContent>));
    expect(problems).toContainEqual(expect.objectContaining({ code, field }));
    for (const problem of problems) {
      expect(ITEM_PROBLEM_CODES[problem.code]).toBeTruthy();
      expect(problem.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('names the option at fault', () => {
    expect(validateItem(buildItem({ options: options('甲', '乙', '甲') }))).toEqual([
      { code: 'ITEM_OPTION_DUPLICATE', field: 'options', option: 'C', message: '选项C与选项A内容相同' },
    ]);
  });

  it('reports every problem at once', () => {
    expect(codes(buildItem({ stem: '', answer: '', difficulty: 9, knowledgePoint: ' ' }))).toEqual([
      'ITEM_STEM_REQUIRED',
      'ITEM_ANSWER_REQUIRED',
      'ITEM_DIFFICULTY_INVALID',
      'ITEM_KNOWLEDGE_POINT_REQUIRED',
    ]);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(codes(buildItem({ stem: '𠀀'.repeat(2000) }))).toEqual([]);
  });

  it('knows the canonical answers', () => {
    expect(['A', 'ABD', 'ABCDEF'].every((a) => isCanonicalAnswer('multiple', a))).toBe(true);
    expect(['', 'BA', 'AA', 'G', 'a'].some((a) => isCanonicalAnswer('multiple', a))).toBe(false);
    expect(isCanonicalAnswer('true_false', 'T') && isCanonicalAnswer('true_false', 'F')).toBe(true);
    expect(isCanonicalAnswer('true_false', 'A')).toBe(false);
  });
});

describe('itemTransition', () => {
  const draft = { status: 'draft' as const, version: 1, authorId: 7 };

  it('lets a second person approve a draft', () => {
    expect(itemTransition(draft, 'approve', 8)).toEqual({ ok: true, status: 'approved', supersedesPrevious: false });
  });

  it('never lets the author approve their own version', () => {
    expect(itemTransition(draft, 'approve', 7)).toMatchObject({ ok: false, code: 'ITEM_APPROVE_OWN' });
  });

  it('retires the earlier version when a new version is approved', () => {
    expect(itemTransition({ ...draft, version: 3 }, 'approve', 8)).toMatchObject({
      ok: true,
      supersedesPrevious: true,
    });
  });

  it('never approves a retired version again', () => {
    const retired = { ...draft, status: 'retired' as const };
    expect(itemTransition(retired, 'approve', 8)).toMatchObject({ ok: false, code: 'ITEM_RETIRED_FINAL' });
    expect(itemTransition(retired, 'retire', 8)).toMatchObject({ ok: false, code: 'ITEM_ALREADY_RETIRED' });
  });

  it('retires drafts and approved versions, and refuses a second approval', () => {
    expect(itemTransition(draft, 'retire', 7)).toMatchObject({ ok: true, status: 'retired' });
    const approved = { ...draft, status: 'approved' as const };
    expect(itemTransition(approved, 'retire', 7)).toMatchObject({ ok: true, status: 'retired' });
    expect(itemTransition(approved, 'approve', 8)).toMatchObject({ ok: false, code: 'ITEM_ALREADY_APPROVED' });
  });
});

describe('editPlan', () => {
  it('makes a new version of an item a paper has used, and edits an unused one in place', () => {
    const approved = { status: 'approved' as const, version: 2 };
    expect(editPlan(approved, true)).toEqual({ ok: true, mode: 'new_version', version: 3, status: 'draft' });
    expect(editPlan(approved, false)).toEqual({ ok: true, mode: 'in_place', version: 2, status: 'draft' });
    expect(editPlan({ status: 'draft', version: 1 }, false)).toMatchObject({ mode: 'in_place', status: 'draft' });
  });

  it('refuses to edit a retired item', () => {
    expect(editPlan({ status: 'retired', version: 1 }, false)).toMatchObject({ ok: false, code: 'ITEM_RETIRED_FINAL' });
  });
});
