import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAccount,
  buildNode,
  buildTestApp,
  type Client,
  expectPermissionDenied,
  findJurisdiction,
  signIn,
  type TestApp,
} from '../../../../test/setup/harness.js';
import { type Blueprint, checkSufficiency } from '../../../domain/blueprint.js';
import type { ItemType } from '../../../domain/items.js';
import {
  applications,
  auditLog,
  bankItems,
  bankItemVersions,
  blueprints,
  jobTypes,
  orgNodes,
  paperPools,
  papers,
} from '../../db/schema.js';
import { seedDemoCampaign } from '../../db/seed-campaign.js';
import type { Actor } from '../../platform/context.js';
import type { Role } from '../../platform/permissions.js';
import { inScopedTx, inSystemTx } from '../../platform/tx.js';
import { approvedPool } from '../banks/banks.service.js';
import * as repo from './blueprints.repository.js';

let t: TestApp;
let bank1: Client;
let bank2: Client;
let manager: Actor;
let campaignId: number;
/** A job type offering 五级 to 二级, with confirmed candidates at 四级 and 三级. */
let jobType: { id: number; name: string; grades: number[] };
/** A job type with candidates only at 一级 (no computer-based paper) and one with none at all. */
let otherJobTypeId: number;
let grade1JobType: typeof jobTypes.$inferSelect;
let unit: typeof orgNodes.$inferSelect;
let department: typeof orgNodes.$inferSelect;
let zz: typeof orgNodes.$inferSelect;
const banks: Record<string, number> = {};
let serial = 0;

type Cell = {
  type: ItemType;
  knowledgePoint: string | null;
  difficulty: { min: number; max: number };
  count: number;
  points: number;
};

function definition(cells: Cell[], overrides: Record<string, unknown> = {}) {
  return {
    durationMinutes: 60,
    passLine: 60,
    shuffleItems: true,
    shuffleOptions: true,
    targetDifficulty: null,
    difficultyTolerance: 0.3,
    cells,
    ...overrides,
  };
}

const cell = (
  type: ItemType,
  knowledgePoint: string | null,
  count: number,
  points: number,
  min = 1,
  max = 5,
): Cell => ({
  type,
  knowledgePoint,
  difficulty: { min, max },
  count,
  points,
});

/** Approved items written directly (fast; the API's lifecycle has its own tests). Content is a placeholder. */
async function approvedItems(bankId: number, n: number, type: ItemType, knowledgePoint: string, difficulty = 3) {
  await inSystemTx(t.database.db, async (tx) => {
    const now = t.clock.now();
    for (let k = 0; k < n; k++) {
      const [item] = await tx
        .insert(bankItems)
        .values({ bankId, currentVersion: 1, createdBy: manager.accountId, createdAt: now, updatedAt: now })
        .returning();
      await tx.insert(bankItemVersions).values({
        itemId: item!.id,
        version: 1,
        status: 'approved',
        type,
        knowledgePoint,
        difficulty: typeof difficulty === 'number' ? difficulty : 3,
        optionCount: type === 'true_false' ? 0 : 4,
        content: Buffer.from('placeholder'),
        authorId: manager.accountId,
        approverId: manager.accountId + 100000,
        approvedAt: now,
        createdAt: now,
        updatedAt: now,
      });
    }
  });
}

/** An item written and approved through the API: bank1 writes, bank2 approves. */
async function approveThroughApi(bankId: number, knowledgePoint: string) {
  serial++;
  const created = await bank1.post(`/api/banks/${bankId}/items`, {
    type: 'single',
    stem: `遇到安全隐患时应当如何处理（${serial}）`,
    options: [
      { text: '立即报告', image: null },
      { text: '视而不见', image: null },
      { text: '自行离开', image: null },
    ],
    answer: 'A',
    difficulty: 3,
    knowledgePoint,
  });
  expect(created.statusCode, created.body).toBe(200);
  const approved = await bank2.post(`/api/bank-items/${created.json().item.itemId}/versions/1/approve`);
  expect(approved.statusCode, approved.body).toBe(200);
}

/** Confirmed applications written directly (the review chain has its own tests); answers their ids. */
async function confirmed(jobTypeId: number, grade: number, n: number): Promise<number[]> {
  return inSystemTx(t.database.db, async (tx) => {
    const now = t.clock.now();
    const ids: number[] = [];
    for (let k = 0; k < n; k++) {
      serial++;
      const [row] = await tx
        .insert(applications)
        .values({
          campaignId,
          unitId: unit.id,
          orgPath: unit.path,
          departmentId: department.id,
          jurisdictionId: zz.id,
          source: 'unit',
          status: 'province_confirmed',
          idNumber: `41010219800101${String(serial).padStart(4, '0')}`,
          name: `考生${serial}`,
          sex: 'male',
          birthDate: '1980-01-01',
          education: 'high_school',
          workStartMonth: '2000-01',
          workYears: 17,
          appliedJobTypeId: jobTypeId,
          appliedGrade: grade,
          verdict: 'eligible',
          findings: [],
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: applications.id });
      ids.push(row!.id);
    }
    return ids;
  });
}

async function auditRows(action: string, entityId: number) {
  return inSystemTx(t.database.db, (tx) =>
    tx
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, action), eq(auditLog.entityId, String(entityId)))),
  );
}

async function campaignCheck(query = '') {
  const res = await bank1.get(`/api/blueprints?campaignId=${campaignId}${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function create(body: Record<string, unknown>) {
  const res = await bank1.post('/api/blueprints', { campaignId, ...body });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

beforeAll(async () => {
  t = await buildTestApp();
  const [province] = await t.database.db.select().from(orgNodes).where(eq(orgNodes.id, t.provinceId));
  const a = await buildAccount(t, province!, 'bank_manager');
  const b = await buildAccount(t, province!, 'bank_manager');
  bank1 = await signIn(t, a.username);
  bank2 = await signIn(t, b.username);
  manager = {
    accountId: a.id,
    username: a.username,
    displayName: '测试bank_manager',
    role: 'bank_manager',
    orgNodeId: province!.id,
    orgPath: province!.path,
    orgNodeName: province!.name,
  };
  campaignId = (await seedDemoCampaign(t.database.db, t.clock)).campaignId;
  const types = await inSystemTx(t.database.db, (tx) => tx.select().from(jobTypes));
  const full = types.filter((j) => [2, 3, 4, 5].every((g) => j.grades.includes(g)));
  jobType = full[0]!;
  otherJobTypeId = full[1]!.id;
  zz = await findJurisdiction(t, '郑州市');
  department = await buildNode(t, zz, 'department');
  unit = await buildNode(t, department, 'unit');
  await confirmed(jobType.id, 4, 3);
  await confirmed(jobType.id, 3, 2);
  // 一级 candidates (职业道德 + 专业基础知识) join in the last describe, so that the earlier counts stay 五–二's.
  grade1JobType = types.find((j) => j.grades.includes(1) && j.id !== jobType.id)!;

  for (const [key, body] of Object.entries({
    ethics: { subject: 'ethics', name: '职业道德（全部等级）' },
    ethics4: { subject: 'ethics', name: '职业道德（四级）', grade: 4 },
    ability: { subject: 'ability', name: '职业能力' },
    skill4: { subject: 'skill', name: '岗位技能四级', jobTypeId: jobType.id, grade: 4 },
    skill3: { subject: 'skill', name: '岗位技能三级', jobTypeId: jobType.id, grade: 3 },
  })) {
    const res = await bank1.post('/api/banks', body);
    expect(res.statusCode, res.body).toBe(200);
    banks[key] = res.json().id;
  }
});
afterAll(async () => {
  await t?.close();
});

describe('the campaign check', () => {
  it('lists 职业道德, 职业能力 and every job type × grade with confirmed candidates, missing a blueprint', async () => {
    const check = await campaignCheck();
    expect(check.candidates).toBe(5);
    expect(check.ready).toBe(false);
    expect(check.canCreate).toBe(true);
    const scopes = check.items.map((i: { key: string; state: string; candidates: number }) => [
      i.key,
      i.state,
      i.candidates,
    ]);
    expect(scopes).toEqual([
      ['ethics', 'missing', 5],
      ['ability', 'missing', 5],
      [`skill:${jobType.id}:4`, 'missing', 3],
      [`skill:${jobType.id}:3`, 'missing', 2],
    ]);
    expect(check.items[0].grades).toEqual([
      { grade: 4, candidates: 3 },
      { grade: 3, candidates: 2 },
    ]);
    expect(check.items[2].jobTypeName).toBe(jobType.name);
    expect(check.summary).toEqual({ scopes: 4, missing: 4, short: 0, draft: 0, published: 0 });
  });
});

describe('creating and editing', () => {
  it('creates from the campaign’s default (50 + 50 items, 60 minutes, pass 60), once per scope, audited', async () => {
    const created = await create({ subject: 'ability' });
    expect(created.blueprint).toMatchObject({
      subject: 'ability',
      status: 'draft',
      revision: 1,
      itemCount: 100,
      totalPoints: 100,
      abilities: { edit: true, delete: true, publish: true, withdraw: false },
    });
    expect(created.blueprint.definition).toMatchObject({ durationMinutes: 60, passLine: 60, targetDifficulty: null });
    expect(created.blueprint.definition.cells).toEqual([cell('single', null, 50, 1), cell('multiple', null, 50, 1)]);
    // No items yet: both cells short, for each grade of the candidates.
    expect(created.sufficiency.canPublish).toBe(false);
    expect(created.sufficiency.grades.map((g: { grade: number }) => g.grade)).toEqual([4, 3]);
    expect(created.sufficiency.grades[0].report.cells[0]).toMatchObject({
      needed: 50,
      available: 0,
      sufficient: false,
    });
    expect(await auditRows('blueprint.create', created.blueprint.id)).toHaveLength(1);

    const twice = await bank2.post('/api/blueprints', { campaignId, subject: 'ability' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('BLUEPRINT_TAKEN');
  });

  it('refuses a scope that is not the campaign’s: no job type, a grade the job type lacks, a job type for ethics', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ subject: 'skill', grade: 4 }, 400, 'BLUEPRINT_JOB_TYPE_REQUIRED'],
      [{ subject: 'skill', jobTypeId: jobType.id, grade: 1 }, 400, 'BLUEPRINT_JOB_TYPE_REQUIRED'],
      [{ subject: 'ethics', jobTypeId: jobType.id }, 400, 'BLUEPRINT_JOB_TYPE_NOT_ALLOWED'],
      [{ subject: 'skill', jobTypeId: 999999, grade: 4 }, 400, 'BLUEPRINT_SCOPE_INVALID'],
    ];
    for (const [body, status, code] of cases) {
      const res = await bank1.post('/api/blueprints', { campaignId, ...body });
      expect(res.statusCode, code).toBe(status);
      expect(res.json().error.code).toBe(code);
    }
    expect((await bank1.post('/api/blueprints', { campaignId: 999999, subject: 'ethics' })).statusCode).toBe(404);
  });

  it('edits a draft on its revision; a stale edit is refused and changes nothing', async () => {
    const created = await create({
      subject: 'skill',
      jobTypeId: jobType.id,
      grade: 3,
      definition: definition([cell('single', null, 20, 5)]),
    });
    const id = created.blueprint.id;
    const edited = await bank1.patch(`/api/blueprints/${id}`, {
      revision: 1,
      definition: definition([cell('single', '  安全操作 ', 10, 5), cell('single', null, 10, 5)], {
        durationMinutes: 90,
      }),
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().blueprint).toMatchObject({ revision: 2, definition: { durationMinutes: 90 } });
    // A named 知识点 is stored trimmed (cells match items on it).
    expect(edited.json().blueprint.definition.cells[0].knowledgePoint).toBe('安全操作');
    const audit = await auditRows('blueprint.update', id);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.summary).toContain(jobType.name);

    const stale = await bank2.patch(`/api/blueprints/${id}`, {
      revision: 1,
      definition: definition([cell('single', null, 20, 5)]),
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('BLUEPRINT_STALE');
    expect((await bank1.get(`/api/blueprints/${id}`)).json().blueprint.definition.durationMinutes).toBe(90);
  });

  it('answers the domain’s code, Chinese message and cell for an unsound blueprint; duplicates and overlaps refused', async () => {
    const created = await create({
      subject: 'skill',
      jobTypeId: jobType.id,
      grade: 4,
      definition: definition([cell('single', null, 20, 5)]),
    });
    const id = created.blueprint.id;
    const cases: [Cell[], Record<string, unknown>, string, RegExp, number | undefined][] = [
      [[cell('single', null, 20, 4.95)], {}, 'BLUEPRINT_TOTAL_POINTS', /试卷总分应为100分，现为99分/, undefined],
      [
        [cell('single', '安全', 10, 5), cell('single', '安全', 10, 5)],
        {},
        'BLUEPRINT_CELL_DUPLICATE',
        /第2条规则（单选题·安全·难度1–5）与第1条规则（单选题·安全·难度1–5）重复/,
        1,
      ],
      [
        [cell('single', null, 10, 5, 1, 3), cell('single', null, 10, 5, 2, 5)],
        {},
        'BLUEPRINT_CELLS_OVERLAP',
        /部分重叠/,
        0,
      ],
      [
        [cell('single', null, 0, 5), cell('single', '安全', 20, 5)],
        {},
        'BLUEPRINT_CELL_COUNT_INVALID',
        /第1条规则的题量应为正整数/,
        0,
      ],
      [[cell('single', null, 20, 5)], { durationMinutes: 5 }, 'BLUEPRINT_DURATION_INVALID', /考试时长/, undefined],
      [[], {}, 'BLUEPRINT_NO_CELLS', /至少应有一条/, undefined],
    ];
    for (const [cells, overrides, code, message, cellIndex] of cases) {
      const res = await bank1.patch(`/api/blueprints/${id}`, { revision: 1, definition: definition(cells, overrides) });
      expect(res.statusCode, code).toBe(400);
      const error = res.json().error;
      expect(error.code).toBe(code);
      expect(error.message).toMatch(message);
      expect(error.field).toBe(cellIndex === undefined ? undefined : `definition.cells.${cellIndex}`);
      expect(error.problems[0]).toMatchObject({ code, ...(cellIndex === undefined ? {} : { cell: cellIndex }) });
    }
    // Nested cells are fine: 5 of a named point inside 15 of any point.
    const nested = await bank1.patch(`/api/blueprints/${id}`, {
      revision: 1,
      definition: definition([cell('single', '安全', 5, 5), cell('single', null, 15, 5)]),
    });
    expect(nested.statusCode, nested.body).toBe(200);
    // Bad shapes are the contract's (400 VALIDATION_FAILED), never a 500.
    const shape = await bank1.patch(`/api/blueprints/${id}`, { revision: 2, definition: { cells: 'x' } });
    expect(shape.statusCode).toBe(400);
    expect(shape.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('deletes a draft on its revision, audited', async () => {
    const created = await create({ subject: 'skill', jobTypeId: otherJobTypeId, grade: 5 });
    const id = created.blueprint.id;
    const stale = await bank1.request('DELETE', `/api/blueprints/${id}?revision=7`);
    expect(stale.json().error.code).toBe('BLUEPRINT_STALE');
    const deleted = await bank1.request('DELETE', `/api/blueprints/${id}?revision=1`);
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect((await bank1.get(`/api/blueprints/${id}`)).statusCode).toBe(404);
    expect(await auditRows('blueprint.delete', id)).toHaveLength(1);
  });
});

describe('sufficiency and publishing', () => {
  let ethicsId: number;

  it('checks an unsaved definition per candidate grade: needed, matching, reserved by nested cells, available', async () => {
    // 职业道德: 12 single of 职业守则 and 20 of 法律法规 for every grade, 3 more 职业守则 in the 四级 bank.
    await approvedItems(banks.ethics!, 12, 'single', '职业守则');
    await approvedItems(banks.ethics!, 20, 'single', '法律法规', 2);
    await approvedItems(banks.ethics4!, 3, 'single', '职业守则', 4);
    const res = await bank1.post('/api/blueprints/check', {
      campaignId,
      subject: 'ethics',
      definition: definition([cell('single', '职业守则', 14, 4), cell('single', null, 22, 2)]),
    });
    expect(res.statusCode, res.body).toBe(200);
    const { candidates, sufficiency } = res.json();
    expect(candidates).toBe(5);
    const [four, three] = sufficiency.grades;
    expect(four).toMatchObject({ grade: 4, candidates: 3, poolItems: 35 });
    expect(four.report.cells).toEqual([
      expect.objectContaining({ needed: 14, matching: 15, reserved: 0, available: 15, sufficient: true }),
      expect.objectContaining({ needed: 22, matching: 35, reserved: 14, available: 21, sufficient: false }),
    ]);
    expect(three).toMatchObject({ grade: 3, candidates: 2, poolItems: 32 });
    expect(three.report.cells[0]).toMatchObject({ needed: 14, available: 12, sufficient: false, meanDifficulty: 3 });
    expect(sufficiency).toMatchObject({ ok: false, canPublish: false });
    // Nothing is stored by a check.
    expect((await campaignCheck()).items[0].blueprint).toBeNull();
  });

  it('counts the pools exactly as approvedPool lists them', async () => {
    const bp: Blueprint = {
      ...definition([cell('single', '职业守则', 5, 10), cell('single', null, 5, 10)]),
      subject: 'ethics',
      jobTypeId: null,
      grade: null,
    } as Blueprint;
    const res = await bank1.post('/api/blueprints/check', { campaignId, subject: 'ethics', definition: bp });
    for (const g of res.json().sufficiency.grades) {
      const pool = await inScopedTx(t.database.db, manager, (tx) =>
        approvedPool(t.deps.contentKey!, tx, { subject: 'ethics', jobTypeId: null, grade: g.grade }),
      );
      expect(g.report).toEqual(JSON.parse(JSON.stringify(checkSufficiency(bp, pool))));
      expect(g.poolItems).toBe(pool.length);
    }
  });

  it('refuses to publish while a cell is short for any candidate grade, naming it; publishes once items are approved', async () => {
    const created = await create({
      subject: 'ethics',
      definition: definition([cell('single', '职业守则', 14, 5), cell('single', null, 15, 2)]),
    });
    ethicsId = created.blueprint.id;
    expect(created.sufficiency.grades[0].report.ok).toBe(true);
    const refused = await bank1.post(`/api/blueprints/${ethicsId}/publish`, { revision: 1 });
    expect(refused.statusCode).toBe(409);
    const error = refused.json().error;
    expect(error.code).toBe('BLUEPRINT_CELL_SHORT');
    expect(error.message).toBe(
      '不能发布：三级考生：第1条规则（单选题·职业守则·难度1–5）需要14道已审核试题，可用12道（符合条件12道）',
    );
    expect(error.problems).toEqual([expect.objectContaining({ code: 'BLUEPRINT_CELL_SHORT', cell: 0, grade: 3 })]);
    expect(error.field).toBe('definition.cells.0');

    const check = await campaignCheck();
    const ethics = check.items.find((i: { key: string }) => i.key === 'ethics');
    expect(ethics).toMatchObject({ state: 'short', blueprint: { id: ethicsId, status: 'draft' } });
    expect(ethics.sufficiency.grades.map((g: { grade: number; ok: boolean }) => [g.grade, g.ok])).toEqual([
      [4, true],
      [3, false],
    ]);
    expect(ethics.sufficiency.grades[1].shortCells).toEqual([
      { cell: 0, label: '单选题·职业守则·难度1–5', needed: 14, available: 12 },
    ]);

    // Two more 职业守则 items for every grade, written by one manager and approved by the other.
    await approveThroughApi(banks.ethics!, '职业守则');
    await approveThroughApi(banks.ethics!, '职业守则');
    const published = await bank1.post(`/api/blueprints/${ethicsId}/publish`, { revision: 1 });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json().blueprint).toMatchObject({
      status: 'published',
      revision: 2,
      publishedByName: '测试bank_manager',
      abilities: { edit: false, delete: false, publish: false, withdraw: true },
    });
    const audit = await auditRows('blueprint.publish', ethicsId);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ status: 'published', toleranceConfirmed: false });
    expect((await campaignCheck()).items[0].state).toBe('published');
  });

  it('keeps a published blueprint as it is: no edit, no delete, no second publish', async () => {
    const edit = await bank1.patch(`/api/blueprints/${ethicsId}`, {
      revision: 2,
      definition: definition([cell('single', null, 25, 4)]),
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.code).toBe('BLUEPRINT_PUBLISHED');
    expect((await bank1.request('DELETE', `/api/blueprints/${ethicsId}?revision=2`)).json().error.code).toBe(
      'BLUEPRINT_PUBLISHED',
    );
    expect((await bank1.post(`/api/blueprints/${ethicsId}/publish`, { revision: 2 })).json().error.code).toBe(
      'BLUEPRINT_ALREADY_PUBLISHED',
    );
  });

  it('withdraws while no paper was drawn; refuses once a paper exists; keeps a draft a pool names', async () => {
    const withdrawn = await bank2.post(`/api/blueprints/${ethicsId}/withdraw`, { revision: 2 });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json().blueprint).toMatchObject({ status: 'draft', revision: 3, publishedAt: null });
    expect(await auditRows('blueprint.withdraw', ethicsId)).toHaveLength(1);
    expect((await bank2.post(`/api/blueprints/${ethicsId}/withdraw`, { revision: 3 })).json().error.code).toBe(
      'BLUEPRINT_NOT_PUBLISHED',
    );
    const again = await bank1.post(`/api/blueprints/${ethicsId}/publish`, { revision: 3 });
    expect(again.statusCode, again.body).toBe(200);

    // Paper generation (another module) drew one paper from it.
    const [applicationId] = await confirmed(jobType.id, 4, 1);
    await inSystemTx(t.database.db, async (tx) => {
      const now = t.clock.now();
      const [pool] = await tx
        .insert(paperPools)
        .values({
          campaignId,
          blueprintId: ethicsId,
          blueprintRevision: 4,
          grade: 4,
          algorithmVersion: 1,
          blueprint: {},
          items: [],
          itemCount: 0,
          digest: 'test',
          createdAt: now,
        })
        .returning();
      await tx.insert(papers).values({
        campaignId,
        applicationId: applicationId!,
        subject: 'ethics',
        poolId: pool!.id,
        seed: 1,
        algorithmVersion: 1,
        attempt: 1,
        itemCount: 34,
        meanDifficulty: 3,
        content: Buffer.from('sealed'),
        createdBy: manager.accountId,
        createdAt: now,
      });
    });
    const detail = await bank1.get(`/api/blueprints/${ethicsId}`);
    expect(detail.json().blueprint).toMatchObject({ papers: 1, abilities: { withdraw: false, delete: false } });
    const refused = await bank1.post(`/api/blueprints/${ethicsId}/withdraw`, { revision: 4 });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({
      code: 'BLUEPRINT_HAS_PAPERS',
      message: '已按此规则生成了1份试卷，不能撤回发布',
    });
    expect((await bank1.get(`/api/blueprints/${ethicsId}`)).json().blueprint.status).toBe('published');

    // A draft a generation run drew from (its pool names it) is kept: the pool must still say what it was.
    const skill4 = (await campaignCheck()).items.find((i: { key: string }) => i.key === `skill:${jobType.id}:4`);
    await inSystemTx(t.database.db, (tx) =>
      tx.insert(paperPools).values({
        campaignId,
        blueprintId: skill4.blueprint.id,
        blueprintRevision: skill4.blueprint.revision,
        grade: 4,
        algorithmVersion: 1,
        blueprint: {},
        items: [],
        itemCount: 0,
        digest: 'test',
        createdAt: t.clock.now(),
      }),
    );
    expect((await bank1.get(`/api/blueprints/${skill4.blueprint.id}`)).json().blueprint.abilities.delete).toBe(false);
    const kept = await bank1.request(
      'DELETE',
      `/api/blueprints/${skill4.blueprint.id}?revision=${skill4.blueprint.revision}`,
    );
    expect(kept.statusCode).toBe(409);
    expect(kept.json().error.code).toBe('BLUEPRINT_IN_USE');
  });

  it('refuses an unreachable target difficulty; a tolerance tighter than the spread needs a confirm', async () => {
    // 岗位技能 三级: 10 items of difficulty 1 and 10 of difficulty 5.
    await approvedItems(banks.skill3!, 10, 'single', '安全操作', 1);
    await approvedItems(banks.skill3!, 10, 'single', '安全操作', 5);
    const check = await campaignCheck('&filter=attention');
    const skill3 = check.items.find((i: { key: string }) => i.key === `skill:${jobType.id}:3`);
    expect(skill3.blueprint.status).toBe('draft');
    const { id, revision } = skill3.blueprint;
    const edit = (overrides: Record<string, unknown>, rev: number) =>
      bank1.patch(`/api/blueprints/${id}`, {
        revision: rev,
        definition: definition([cell('single', '安全操作', 10, 10)], overrides),
      });
    const hard = await edit({ targetDifficulty: 5, difficultyTolerance: 0.5 }, revision);
    expect(hard.statusCode, hard.body).toBe(200);
    const unreachable = await bank1.post(`/api/blueprints/${id}/publish`, { revision: revision + 1 });
    expect(unreachable.statusCode).toBe(409);
    expect(unreachable.json().error.code).toBe('BLUEPRINT_DIFFICULTY_UNREACHABLE');
    expect(unreachable.json().error.message).toContain('超出目标5±0.5');

    const tight = await edit({ targetDifficulty: null, difficultyTolerance: 0.05 }, revision + 1);
    expect(tight.json().sufficiency).toMatchObject({ ok: false, canPublish: true, needsConfirm: true });
    const warned = await bank1.post(`/api/blueprints/${id}/publish`, { revision: revision + 2 });
    expect(warned.statusCode).toBe(409);
    expect(warned.json().error.code).toBe('BLUEPRINT_TOLERANCE_TOO_TIGHT');
    expect(warned.json().error.message).toContain('请确认后再发布');
    const confirmed = await bank1.post(`/api/blueprints/${id}/publish`, {
      revision: revision + 2,
      confirmTolerance: true,
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const audit = await auditRows('blueprint.publish', id);
    expect(audit[0]!.after).toMatchObject({ toleranceConfirmed: true });
    expect(audit[0]!.summary).toContain('已确认');
  });

  it('gives the 知识点 of a scope’s pool with counts per type and difficulty', async () => {
    const res = await bank1.get(`/api/blueprints/knowledge-points?campaignId=${campaignId}&subject=ethics`);
    expect(res.statusCode, res.body).toBe(200);
    const kp = res.json();
    expect(kp.grades).toEqual([4, 3]);
    // Every grade's banks together: 14 + 3 职业守则, 20 法律法规.
    expect(kp.total).toBe(37);
    expect(kp.items.map((i: { knowledgePoint: string; total: number }) => [i.knowledgePoint, i.total])).toEqual([
      ['法律法规', 20],
      ['职业守则', 17],
    ]);
    expect(kp.items[1].byType.single).toEqual([0, 0, 14, 3, 0]);
    expect(kp.byType.multiple).toEqual([0, 0, 0, 0, 0]);
    const skill = await bank1.get(
      `/api/blueprints/knowledge-points?campaignId=${campaignId}&subject=skill&jobTypeId=${jobType.id}&grade=3`,
    );
    expect(skill.json()).toMatchObject({ grades: [3], total: 20 });
    expect(skill.json().items[0].byType.single).toEqual([10, 0, 0, 0, 10]);
  });

  it('sums up the campaign: states, filters and paging on the server', async () => {
    const check = await campaignCheck();
    expect(check.summary).toMatchObject({ scopes: 4, published: 2 });
    const attention = await campaignCheck('&filter=attention');
    expect(attention.items.every((i: { state: string }) => i.state !== 'published')).toBe(true);
    const page = await campaignCheck('&pageSize=1&page=2');
    expect(page.items).toHaveLength(1);
    expect(page.total).toBe(4);
    expect(page.items[0].key).toBe('ability');
  });
});

describe('only the bank manager', () => {
  const OTHER_ROLES: Role[] = ['province_admin', 'jurisdiction_admin', 'unit_officer', 'proctor', 'applicant'];

  it('answers 403 on every blueprint route to every other role', async () => {
    const [province] = await t.database.db.select().from(orgNodes).where(eq(orgNodes.id, t.provinceId));
    const nodes: Record<string, typeof unit> = {
      province_admin: province!,
      jurisdiction_admin: zz,
      unit_officer: unit,
      proctor: province!,
      applicant: unit,
    };
    const id = (await campaignCheck()).items[0].blueprint.id;
    const routes: ['GET' | 'POST' | 'PATCH' | 'DELETE', string, unknown?][] = [
      ['GET', `/api/blueprints?campaignId=${campaignId}`],
      ['POST', '/api/blueprints', { campaignId, subject: 'ethics' }],
      [
        'POST',
        '/api/blueprints/check',
        { campaignId, subject: 'ethics', definition: definition([cell('single', null, 10, 10)]) },
      ],
      ['GET', `/api/blueprints/knowledge-points?campaignId=${campaignId}&subject=ethics`],
      ['GET', `/api/blueprints/${id}`],
      ['PATCH', `/api/blueprints/${id}`, { revision: 1, definition: definition([cell('single', null, 10, 10)]) }],
      ['DELETE', `/api/blueprints/${id}?revision=1`],
      ['POST', `/api/blueprints/${id}/publish`, { revision: 1 }],
      ['POST', `/api/blueprints/${id}/withdraw`, { revision: 1 }],
    ];
    expect(t.routeAccess.filter((r) => r.url.startsWith('/api/blueprints'))).toHaveLength(routes.length);
    for (const role of OTHER_ROLES) {
      const account = await buildAccount(t, nodes[role]!, role);
      const client = await signIn(t, account.username);
      for (const [method, url, body] of routes) {
        const res = await client.request(method, url, body);
        expect(res.statusCode, `${role} ${method} ${url}`).toBe(403);
        expect(res.json().error.code).toBe('FORBIDDEN');
      }
      // Below the services, the database refuses the tables and the candidates' function to them.
      const actor: Actor = {
        accountId: account.id,
        username: account.username,
        displayName: '',
        role,
        orgNodeId: nodes[role]!.id,
        orgPath: role === 'applicant' ? null : nodes[role]!.path,
        orgNodeName: '',
      };
      await expectPermissionDenied(inScopedTx(t.database.db, actor, (tx) => repo.listBlueprints(tx, campaignId)));
      await expectPermissionDenied(inScopedTx(t.database.db, actor, (tx) => tx.select().from(blueprints)));
      await expectPermissionDenied(inScopedTx(t.database.db, actor, (tx) => repo.candidateGroups(tx, campaignId)));
      await expectPermissionDenied(
        inScopedTx(t.database.db, actor, (tx) => repo.poolProfiles(tx, { subjects: ['ethics'], jobTypeIds: [] })),
      );
    }
  });

  it('holds no item content: a blueprint row and its audit rows carry only rules and counts', async () => {
    const raw = await inSystemTx(t.database.db, (tx) =>
      tx.execute(sql`select row_to_json(b)::text as j from blueprints b`),
    );
    const text = JSON.stringify(raw);
    expect(text).not.toContain('遇到安全隐患');
    expect(text).not.toContain('立即报告');
  });
});

describe('一级: 专业基础知识 per job type × 一级, 职业道德 common', () => {
  it('refuses a 专业基础知识 bank or blueprint without a job type or with a grade other than 一级', async () => {
    const noJobType = await bank1.post('/api/banks', { subject: 'basics', name: '专业基础知识（无工种）' });
    expect(noJobType.statusCode).toBe(400);
    expect(noJobType.json().error.code).toBe('BANK_SCOPE_INVALID');
    const grade3 = await bank1.post('/api/banks', {
      subject: 'basics',
      name: '专业基础知识三级',
      jobTypeId: grade1JobType.id,
      grade: 3,
    });
    expect(grade3.statusCode).toBe(400);
    expect(grade3.json().error.code).toBe('BANK_SCOPE_INVALID');
    const skill1 = await bank1.post('/api/banks', {
      subject: 'skill',
      name: '岗位技能一级',
      jobTypeId: grade1JobType.id,
      grade: 1,
    });
    expect(skill1.json().error.code).toBe('BANK_SCOPE_INVALID');
    for (const body of [
      { subject: 'basics' },
      { subject: 'basics', jobTypeId: grade1JobType.id, grade: 2 },
      { subject: 'skill', jobTypeId: grade1JobType.id, grade: 1 },
    ]) {
      const res = await bank1.post('/api/blueprints', { campaignId, ...body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('BLUEPRINT_JOB_TYPE_REQUIRED');
    }
    // 综合评审 is no bank's, blueprint's or paper's subject: the contracts refuse it, and so does the database.
    expect((await bank1.post('/api/banks', { subject: 'panel', name: '综合评审' })).statusCode).toBe(400);
    expect((await bank1.post('/api/blueprints', { campaignId, subject: 'panel' })).statusCode).toBe(400);
    await expect(
      inSystemTx(t.database.db, (tx) =>
        tx.execute(sql`insert into question_banks (subject, name, created_by, created_at, updated_at)
          values ('panel', '综合评审', 1, now(), now())`),
      ),
    ).rejects.toThrow();
    await expect(
      inSystemTx(t.database.db, (tx) =>
        tx.execute(sql`insert into question_banks (subject, name, created_by, created_at, updated_at)
          values ('basics', '专业基础知识（无工种）', 1, now(), now())`),
      ),
    ).rejects.toThrow();
  });

  it('lists a 专业基础知识 scope for a 一级 candidate; 职业道德 counts 一级, 职业能力 does not', async () => {
    const bank = await bank1.post('/api/banks', {
      subject: 'basics',
      name: `专业基础知识·${grade1JobType.name}`,
      jobTypeId: grade1JobType.id,
    });
    expect(bank.statusCode, bank.body).toBe(200);
    expect(bank.json()).toMatchObject({ subject: 'basics', grade: 1, jobTypeId: grade1JobType.id });
    const before = await campaignCheck();
    const countOf = (c: typeof before, key: string) =>
      (c.items.find((i: { key: string }) => i.key === key) as { candidates: number }).candidates;
    await confirmed(grade1JobType.id, 1, 2);

    const check = await campaignCheck();
    expect(check.candidates).toBe(before.candidates + 2);
    const byKey = new Map(check.items.map((i: { key: string }) => [i.key, i]));
    const basics = byKey.get(`basics:${grade1JobType.id}:1`) as { state: string; candidates: number; label: string };
    expect(basics).toMatchObject({ subject: 'basics', grade: 1, state: 'missing', candidates: 2 });
    expect(countOf(check, 'ethics')).toBe(countOf(before, 'ethics') + 2);
    expect(countOf(check, 'ability')).toBe(countOf(before, 'ability'));
    expect(check.ready).toBe(false);

    const created = await create({ subject: 'basics', jobTypeId: grade1JobType.id });
    expect(created.blueprint).toMatchObject({ subject: 'basics', jobTypeId: grade1JobType.id, grade: 1 });
    expect(created.sufficiency.grades.map((g: { grade: number }) => g.grade)).toEqual([1]);
    expect(created.sufficiency.grades[0].candidates).toBe(2);
    expect(await auditRows('blueprint.create', created.blueprint.id)).toHaveLength(1);
  });
});

describe('a closed campaign', () => {
  it('keeps its blueprints as they are: readable, no change', async () => {
    await inSystemTx(t.database.db, (tx) =>
      tx.execute(sql`update campaigns set status = 'closed' where id = ${campaignId}`),
    );
    const check = await campaignCheck();
    expect(check.canCreate).toBe(false);
    const ability = check.items.find((i: { key: string }) => i.key === 'ability');
    const detail = (await bank1.get(`/api/blueprints/${ability.blueprint.id}`)).json();
    expect(detail.blueprint.abilities).toEqual({ edit: false, delete: false, publish: false, withdraw: false });
    const edit = await bank1.patch(`/api/blueprints/${ability.blueprint.id}`, {
      revision: ability.blueprint.revision,
      definition: definition([cell('single', null, 10, 10)]),
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.code).toBe('CAMPAIGN_CLOSED');
    expect(
      (
        await bank1.post('/api/blueprints', { campaignId, subject: 'skill', jobTypeId: otherJobTypeId, grade: 2 })
      ).json().error.code,
    ).toBe('CAMPAIGN_CLOSED');
  });
});
