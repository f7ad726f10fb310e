import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_ACTION_GROUPS,
  AUDIT_ACTION_LABELS,
  AUDIT_ENTITY_LABELS,
  auditActionLabel,
  auditFieldLabel,
  auditValueLabel,
} from './audit-labels.js';
import { REVIEW_ACTIONS } from './review.js';

const SERVER = path.resolve(import.meta.dirname, '../server');
/** The province-sized data set writes its own audit row (`npm run seed:large`), from beside the benchmarks. */
const SEED_LARGE = path.resolve(import.meta.dirname, '../../bench/seed-large.ts');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** Actions built from a template (`review.${plan.action}`), with every value the template can take. */
const TEMPLATE_EXPANSIONS: Readonly<Record<string, readonly string[]>> = {
  'review.': REVIEW_ACTIONS.map((a) => `review.${a}`),
};

/**
 * Every action and entity type the server writes to the audit log: the dotted string literals on `action:` lines
 * (including both arms of a conditional) and the literals on `entityType:` lines, in src/server outside tests and
 * in bench/seed-large.ts.
 */
function collectAuditCodes() {
  const actions = new Set<string>();
  const entities = new Set<string>();
  const unknownTemplates: string[] = [];
  for (const file of [...sourceFiles(SERVER), SEED_LARGE]) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const action = /\baction:\s*(.*)$/.exec(line)?.[1];
      if (action !== undefined) {
        for (const m of action.matchAll(/'([a-z_]+\.[a-z_]+)'/g)) if (m[1]) actions.add(m[1]);
        for (const m of action.matchAll(/`([a-z_]+\.)\$\{/g)) {
          const expansion = m[1] ? TEMPLATE_EXPANSIONS[m[1]] : undefined;
          if (expansion) for (const a of expansion) actions.add(a);
          else unknownTemplates.push(`${path.relative(SERVER, file)}: ${line.trim()}`);
        }
      }
      const entity = /\bentityType:\s*'([a-z_]+)'/.exec(line)?.[1];
      if (entity) entities.add(entity);
    }
  }
  return { actions, entities, unknownTemplates };
}

describe('audit labels', () => {
  const found = collectAuditCodes();

  it('finds the audit codes in the server (the scan itself works)', () => {
    expect(found.actions.size).toBeGreaterThan(40);
    expect(found.actions).toContain('campaign.open');
    expect(found.actions).toContain('review.approve');
    expect(found.entities).toContain('application');
    expect(found.unknownTemplates).toEqual([]);
  });

  it('labels every action the server writes, and no action it does not', () => {
    const labelled = Object.keys(AUDIT_ACTION_LABELS);
    expect([...found.actions].filter((a) => !labelled.includes(a))).toEqual([]);
    expect(labelled.filter((a) => !found.actions.has(a))).toEqual([]);
  });

  it('labels every entity type the server writes', () => {
    const labelled = Object.keys(AUDIT_ENTITY_LABELS);
    expect([...found.entities].filter((e) => !labelled.includes(e))).toEqual([]);
    expect(labelled.filter((e) => !found.entities.has(e))).toEqual([]);
  });

  it('groups each action once, in Chinese', () => {
    const all = AUDIT_ACTION_GROUPS.flatMap((g) => Object.keys(g.actions));
    expect(new Set(all).size).toBe(all.length);
    for (const label of Object.values(AUDIT_ACTION_LABELS)) expect(label).toMatch(/^[\u4e00-\u9fff]/);
  });

  it('translates fields and coded values, reusing the domain tables', () => {
    expect(auditActionLabel('campaign.open')).toBe('开放考核年度');
    expect(auditActionLabel('unknown.thing')).toBe('unknown.thing');
    expect(auditFieldLabel('status')).toBe('状态');
    expect(auditValueLabel('campaign', 'status', 'open')).toBe('进行中');
    expect(auditValueLabel('application', 'status', 'submitted')).toBe('待单位审核');
    expect(auditValueLabel('review_batch', 'status', 'returned')).toBe('已整批退回');
    expect(auditValueLabel('account', 'role', 'unit_officer')).toBe('单位经办人');
    expect(auditValueLabel('org_node', 'active', false)).toBe('停用');
    expect(auditValueLabel('application', 'appliedGrade', 4)).toBe('四级（中级工）');
    expect(auditValueLabel('application', 'vehicleReformTransfer', true)).toBe('是');
    expect(auditValueLabel('application', 'returnedTo', 'unit')).toBe('单位');
    expect(auditValueLabel('application', 'name', '张伟')).toBeUndefined();
  });
});

describe('audit labels of the banks', () => {
  it('names item statuses, types, subjects and difficulties in words', () => {
    expect(auditValueLabel('bank_item', 'status', 'draft')).toBe('草稿');
    expect(auditValueLabel('bank_item', 'type', 'true_false')).toBe('判断题');
    expect(auditValueLabel('question_bank', 'subject', 'ethics')).toBe('职业道德');
    expect(auditValueLabel('bank_item', 'difficulty', 5)).toBe('难');
    expect(auditActionLabel('bank_item.view')).toBe('查看试题内容');
  });
});
