/**
 * The demo's sample question banks (示例题库) and blueprints (组卷规则), as data. Every text was written for the demo
 * (sample-items/*.ts); none comes from a real exam bank, and every bank's name says 示例题库. seed-banks.ts writes
 * the seeded ones (approved, authored by `bank`, approved by `bank2`) and the draft blueprints; the 汽车驾驶员 bank
 * is not seeded but offered as an Excel file to import (GET /api/banks/sample.xlsx), which is the demo's point.
 */
import type { Blueprint, BlueprintCell, ExamGrade } from '../../domain/blueprint.js';
import type { ItemContent, Subject } from '../../domain/items.js';
import { ABILITY_ITEMS, ABILITY_KNOWLEDGE_POINTS } from './sample-items/ability.js';
import { CHILDCARE_ITEMS, CHILDCARE_KNOWLEDGE_POINTS } from './sample-items/childcare.js';
import { DRIVER_ITEMS, DRIVER_KNOWLEDGE_POINTS } from './sample-items/driver.js';
import { ELECTRICIAN_ITEMS, ELECTRICIAN_KNOWLEDGE_POINTS } from './sample-items/electrician.js';
import { ELECTRICIAN_BASICS_ITEMS, ELECTRICIAN_BASICS_KNOWLEDGE_POINTS } from './sample-items/electrician-basics.js';
import { ETHICS_ITEMS, ETHICS_KNOWLEDGE_POINTS } from './sample-items/ethics.js';

/** The mark every sample bank's name carries. */
export const SAMPLE_MARK = '示例题库';

export interface SampleBank {
  subject: Subject;
  name: string;
  /**
   * 岗位技能 and 专业基础知识: the job type's name in the sample catalogue (sample-catalogue.ts); null for the common
   * subjects.
   */
  jobTypeName: string | null;
  /** 岗位技能: the grade, 专业基础知识: 1; null for 职业道德 and 职业能力 (one bank for every grade). */
  grade: ExamGrade | null;
  items: readonly ItemContent[];
  /** The knowledge point the demo blueprint names in a cell of its own (the others draw from any point). */
  featuredKnowledgePoint: string;
}

export const SAMPLE_BANKS: readonly SampleBank[] = [
  {
    subject: 'ethics',
    name: `职业道德（${SAMPLE_MARK}）`,
    jobTypeName: null,
    grade: null,
    items: ETHICS_ITEMS,
    featuredKnowledgePoint: ETHICS_KNOWLEDGE_POINTS[0],
  },
  {
    subject: 'ability',
    name: `职业能力（${SAMPLE_MARK}）`,
    jobTypeName: null,
    grade: null,
    items: ABILITY_ITEMS,
    featuredKnowledgePoint: ABILITY_KNOWLEDGE_POINTS[0],
  },
  {
    subject: 'skill',
    name: `电工四级（${SAMPLE_MARK}）`,
    jobTypeName: '电工',
    grade: 4,
    items: ELECTRICIAN_ITEMS,
    featuredKnowledgePoint: ELECTRICIAN_KNOWLEDGE_POINTS[0],
  },
  {
    subject: 'skill',
    name: `保育员四级（${SAMPLE_MARK}）`,
    jobTypeName: '保育员',
    grade: 4,
    items: CHILDCARE_ITEMS,
    featuredKnowledgePoint: CHILDCARE_KNOWLEDGE_POINTS[0],
  },
  // 一级 (高级技师) sits 职业道德 (the common bank above) and 专业基础知识 of the job type (rules.md §6): the demo's
  // 一级 示例考生 applies for 电工.
  {
    subject: 'basics',
    name: `电工一级专业基础知识（${SAMPLE_MARK}）`,
    jobTypeName: '电工',
    grade: 1,
    items: ELECTRICIAN_BASICS_ITEMS,
    featuredKnowledgePoint: ELECTRICIAN_BASICS_KNOWLEDGE_POINTS[0],
  },
];

/** The bank the demo imports from Excel: the name to give it in 新建题库, and the file. */
export const SAMPLE_IMPORT_BANK: SampleBank & { fileName: string } = {
  subject: 'skill',
  name: `汽车驾驶员四级（${SAMPLE_MARK}）`,
  jobTypeName: '汽车驾驶员',
  grade: 4,
  items: DRIVER_ITEMS,
  featuredKnowledgePoint: DRIVER_KNOWLEDGE_POINTS[0],
  fileName: '示例题库-汽车驾驶员四级.xlsx',
};

/**
 * The demo blueprint of a bank: 10 单选 × 4 + 10 多选 × 4 + 10 判断 × 2 = 100 points, three of the 单选 drawn from
 * the featured knowledge point (a cell nested in the any-point one, to show how cells combine). A bank of about
 * 18 单选, 15 多选 and 12 判断 leaves room for papers to differ.
 */
export function sampleBlueprintCells(bank: Pick<SampleBank, 'featuredKnowledgePoint'>): BlueprintCell[] {
  const all = { min: 1, max: 5 };
  return [
    { type: 'single', knowledgePoint: bank.featuredKnowledgePoint, difficulty: all, count: 3, points: 4 },
    { type: 'single', knowledgePoint: null, difficulty: all, count: 7, points: 4 },
    { type: 'multiple', knowledgePoint: null, difficulty: all, count: 10, points: 4 },
    { type: 'true_false', knowledgePoint: null, difficulty: all, count: 10, points: 2 },
  ];
}

/** What the `blueprints.definition` column holds: the domain Blueprint without subject, job type and grade. */
export type BlueprintDefinition = Omit<Blueprint, 'subject' | 'jobTypeId' | 'grade'>;

export function sampleBlueprintDefinition(bank: Pick<SampleBank, 'featuredKnowledgePoint'>): BlueprintDefinition {
  return {
    durationMinutes: 60,
    passLine: 60,
    shuffleItems: true,
    shuffleOptions: true,
    targetDifficulty: null,
    difficultyTolerance: 0.3,
    cells: sampleBlueprintCells(bank),
  };
}

/** Every bank the demo has a blueprint for: the seeded ones and the one imported in the browser. */
export const SAMPLE_BLUEPRINT_BANKS: readonly SampleBank[] = [...SAMPLE_BANKS, SAMPLE_IMPORT_BANK];
