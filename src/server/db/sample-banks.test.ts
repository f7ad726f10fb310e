// The demo's sample banks and blueprints, checked by the domain's own rules (no database: pure data).
import { describe, expect, it } from 'vitest';
import { BANK_SHEET_COLUMNS, itemToRow, parseItemRow } from '../../domain/bank-sheet.js';
import { type Blueprint, checkSufficiency, type PoolItem, validateBlueprint } from '../../domain/blueprint.js';
import { type ItemContent, OPTION_COUNTS, validateItem } from '../../domain/items.js';
import {
  SAMPLE_BANKS,
  SAMPLE_BLUEPRINT_BANKS,
  SAMPLE_IMPORT_BANK,
  SAMPLE_MARK,
  type SampleBank,
  sampleBlueprintDefinition,
} from './sample-banks.js';
import { SAMPLE_CATALOGUE } from './sample-catalogue.js';

const poolOf = (items: readonly ItemContent[]): PoolItem[] =>
  items.map((item, i) => ({
    id: i + 1,
    version: 1,
    type: item.type,
    knowledgePoint: item.knowledgePoint,
    difficulty: item.difficulty,
    optionCount: item.options.length,
  }));

const blueprintOf = (bank: SampleBank): Blueprint => ({
  subject: bank.subject,
  jobTypeId: bank.subject === 'skill' || bank.subject === 'basics' ? 1 : null,
  grade: bank.grade,
  ...sampleBlueprintDefinition(bank),
});

describe.each(SAMPLE_BLUEPRINT_BANKS.map((bank) => [bank.name, bank] as const))('%s', (_name, bank) => {
  it('is marked as a sample and names a job type and grade of the sample catalogue (岗位技能, 专业基础知识)', () => {
    expect(bank.name).toContain(SAMPLE_MARK);
    if (bank.subject === 'basics') expect(bank.grade).toBe(1);
    if (bank.subject === 'skill' || bank.subject === 'basics') {
      const jobType = SAMPLE_CATALOGUE.jobTypes.find((t) => t.name === bank.jobTypeName);
      expect(jobType?.grades).toContain(bank.grade);
    } else {
      expect(bank.jobTypeName).toBeNull();
      expect(bank.grade).toBeNull();
    }
  });

  it('holds about 45 valid items (专业基础知识 60): each type, 3–5 knowledge points, every difficulty, with 解析 and 来源', () => {
    expect(bank.items.length).toBeGreaterThanOrEqual(40);
    expect(bank.items.length).toBeLessThanOrEqual(bank.subject === 'basics' ? 100 : 50);
    for (const item of bank.items) {
      expect(validateItem(item), item.stem).toEqual([]);
      expect(item.explanation.trim(), item.stem).not.toBe('');
      expect(item.source.trim(), item.stem).not.toBe('');
      // Options are the type's own: 4 or 5 for choices, none for 判断.
      const { min, max } = OPTION_COUNTS[item.type];
      expect(item.options.length).toBeGreaterThanOrEqual(item.type === 'true_false' ? min : 4);
      expect(item.options.length).toBeLessThanOrEqual(max);
    }
    const byType = (type: ItemContent['type']) => bank.items.filter((i) => i.type === type).length;
    expect(byType('single')).toBeGreaterThanOrEqual(15);
    expect(byType('multiple')).toBeGreaterThanOrEqual(13);
    expect(byType('true_false')).toBeGreaterThanOrEqual(11);
    const points = new Set(bank.items.map((i) => i.knowledgePoint));
    expect(points.size).toBeGreaterThanOrEqual(3);
    expect(points.size).toBeLessThanOrEqual(5);
    expect(points).toContain(bank.featuredKnowledgePoint);
    expect(new Set(bank.items.map((i) => i.difficulty))).toEqual(new Set([1, 2, 3, 4, 5]));
    // No item twice, and no answer letter always the same (a bank whose answers are all B teaches nothing).
    expect(new Set(bank.items.map((i) => i.stem)).size).toBe(bank.items.length);
    const singleAnswers = new Set(bank.items.filter((i) => i.type === 'single').map((i) => i.answer));
    expect(singleAnswers.size).toBeGreaterThan(1);
    const judged = new Set(bank.items.filter((i) => i.type === 'true_false').map((i) => i.answer));
    expect(judged).toEqual(new Set(['T', 'F']));
  });

  it('makes its demo blueprint: sound, 100 points, every cell with room to spare, parallel papers alike', () => {
    const blueprint = blueprintOf(bank);
    expect(validateBlueprint(blueprint)).toEqual([]);
    const report = checkSufficiency(blueprint, poolOf(bank.items));
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    for (const cell of report.cells) expect(cell.available, cell.label).toBeGreaterThan(cell.needed);
  });
});

describe('the sample bank to import', () => {
  it('is not seeded, and every item goes through the bank sheet and back unchanged', () => {
    expect(SAMPLE_BANKS.map((b) => b.name)).not.toContain(SAMPLE_IMPORT_BANK.name);
    SAMPLE_IMPORT_BANK.items.forEach((item, i) => {
      const row = itemToRow(item);
      expect(Object.keys(row).sort()).toEqual([...BANK_SHEET_COLUMNS].sort());
      const parsed = parseItemRow(row, i + 2);
      expect(parsed).toEqual({ ok: true, item });
    });
  });

  it('has no blueprint cell short of items until it is imported and approved', () => {
    const report = checkSufficiency(blueprintOf(SAMPLE_IMPORT_BANK), []);
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.code)).toContain('BLUEPRINT_CELL_SHORT');
  });
});

describe('the seeded banks', () => {
  it('are 职业道德 and 职业能力 for every grade, two 岗位技能 job types at 四级 and 电工 一级 专业基础知识', () => {
    expect(SAMPLE_BANKS.map((b) => [b.subject, b.jobTypeName, b.grade])).toEqual([
      ['ethics', null, null],
      ['ability', null, null],
      ['skill', '电工', 4],
      ['skill', '保育员', 4],
      ['basics', '电工', 1],
    ]);
  });
});
