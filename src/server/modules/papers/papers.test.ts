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
import { type Blueprint, defaultBlueprint } from '../../../domain/blueprint.js';
import type { Subject } from '../../../domain/items.js';
import { displayedToOriginal, type PaperItem } from '../../../domain/paper.js';
import { resultRows } from '../../db/client.js';
import { auditLog, bankItemVersions, blueprints, jobTypes, orgNodes, paperPools, papers } from '../../db/schema.js';
import { seedDemoCampaign } from '../../db/seed-campaign.js';
import type { Actor } from '../../platform/context.js';
import type { Role } from '../../platform/permissions.js';
import { unsealJson } from '../../platform/sealed.js';
import { inScopedTx, inSystemTx } from '../../platform/tx.js';
import { insertApplications } from '../review/review.test-support.js';
import * as repo from './papers.repository.js';
import { generatePapers, paperContext, paperSeed, paperSeedKey } from './papers.service.js';
import { fixtureStem, insertBankWithItems, insertBlueprint, spreadItems } from './papers.test-support.js';

let t: TestApp;
let bank1: Client;
let bank2: Client;
let bankActor: Actor;
let bank2Id: number;
let campaignId: number;
let unit: { id: number; path: string };
let departmentId: number;
let jurisdictionId: number;
let jobA: number;
let jobB: number;
let jobC: number;
let skillA4Bank: { bankId: number; itemIds: number[] };
/** Confirmed candidates by scope. */
const cands: { a4: number[]; a3: number[]; b4: number[]; c4: number[] } = { a4: [], a3: [], b4: [], c4: [] };
let notConfirmed: number;

// 10 single × 4 points + 10 multiple × 6 points = 100.
function smallBlueprint(subject: Subject, jobTypeId: number | null, grade: 5 | 4 | 3 | 2 | null): Blueprint {
  return {
    ...defaultBlueprint(subject, jobTypeId, grade),
    difficultyTolerance: 0.6,
    cells: [
      { type: 'single', knowledgePoint: null, difficulty: { min: 1, max: 5 }, count: 10, points: 4 },
      { type: 'multiple', knowledgePoint: null, difficulty: { min: 1, max: 5 }, count: 10, points: 6 },
    ],
  };
}

const now = () => t.clock.now();

async function candidates(jobTypeId: number, count: number, grade: number, status = 'province_confirmed') {
  const ids = await insertApplications(t, {
    campaignId,
    unit,
    departmentId,
    jurisdictionId,
    jobTypeId,
    count,
    status: status as 'province_confirmed',
  });
  await inSystemTx(t.database.db, (tx) =>
    tx.execute(sql`update applications set applied_grade = ${grade} where id = any(${`{${ids.join(',')}}`}::int[])`),
  );
  return ids;
}

async function waitForJob(client: Client, jobId: string) {
  for (let i = 0; i < 400; i++) {
    const res = await client.get(`/api/jobs/${jobId}`);
    expect(res.statusCode, res.body).toBe(200);
    const job = res.json();
    if (job.status === 'done' || job.status === 'failed') return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('job did not finish');
}

async function generate(client: Client = bank1, body?: unknown) {
  const res = await client.post(`/api/campaigns/${campaignId}/papers/generate`, body);
  expect(res.statusCode, res.body).toBe(202);
  const job = await waitForJob(client, res.json().jobId);
  expect(job.status, JSON.stringify(job)).toBe('done');
  return job;
}

async function allPapers() {
  return inSystemTx(t.database.db, (tx) => tx.select().from(papers).where(eq(papers.campaignId, campaignId)));
}

const itemsOf = (p: typeof papers.$inferSelect) =>
  unsealJson<PaperItem[]>(t.deps.contentKey, paperContext(p.applicationId, p.subject, p.sitting), p.content);

async function auditRows(action: string) {
  return inSystemTx(t.database.db, (tx) => tx.select().from(auditLog).where(eq(auditLog.action, action)));
}

async function setBlueprintStatus(subject: Subject, status: 'draft' | 'published') {
  await inSystemTx(t.database.db, (tx) =>
    tx
      .update(blueprints)
      .set({ status })
      .where(and(eq(blueprints.campaignId, campaignId), eq(blueprints.subject, subject))),
  );
}

beforeAll(async () => {
  t = await buildTestApp();
  const [province] = await t.database.db.select().from(orgNodes).where(eq(orgNodes.id, t.provinceId));
  const a = await buildAccount(t, province!, 'bank_manager');
  const b = await buildAccount(t, province!, 'bank_manager');
  bank1 = await signIn(t, a.username);
  bank2 = await signIn(t, b.username);
  bank2Id = b.id;
  bankActor = {
    accountId: a.id,
    username: a.username,
    displayName: '测试题库管理员',
    role: 'bank_manager',
    orgNodeId: province!.id,
    orgPath: province!.path,
    orgNodeName: province!.name,
  };
  ({ campaignId } = await seedDemoCampaign(t.database.db, t.clock));
  const jurisdiction = await findJurisdiction(t, '郑州市');
  const department = await buildNode(t, jurisdiction, 'department');
  const u = await buildNode(t, department, 'unit');
  unit = u;
  departmentId = department.id;
  jurisdictionId = jurisdiction.id;
  const types = await inSystemTx(t.database.db, (tx) => tx.select().from(jobTypes).orderBy(jobTypes.id));
  const withGrades = types.filter((j) => j.grades.includes(4) && j.grades.includes(3));
  jobA = withGrades[0]!.id;
  jobB = withGrades[1]!.id;
  jobC = withGrades[2]!.id;

  cands.a4 = await candidates(jobA, 3, 4);
  cands.a3 = await candidates(jobA, 2, 3);
  cands.b4 = await candidates(jobB, 2, 4);
  notConfirmed = (await candidates(jobA, 1, 4, 'jurisdiction_approved'))[0]!;

  const common = { authorId: a.id, approverId: b.id, now: now() };
  const pool = () => spreadItems({ single: 25, multiple: 25, true_false: 5 });
  skillA4Bank = await insertBankWithItems(t.database.db, t.deps.contentKey!, {
    ...common,
    subject: 'skill',
    name: '岗位技能A四级',
    jobTypeId: jobA,
    grade: 4,
    items: pool(),
  });
  await insertBankWithItems(t.database.db, t.deps.contentKey!, {
    ...common,
    subject: 'skill',
    name: '岗位技能A三级',
    jobTypeId: jobA,
    grade: 3,
    items: pool(),
  });
  await insertBankWithItems(t.database.db, t.deps.contentKey!, {
    ...common,
    subject: 'skill',
    name: '岗位技能B四级',
    jobTypeId: jobB,
    grade: 4,
    items: pool(),
  });
  await insertBankWithItems(t.database.db, t.deps.contentKey!, {
    ...common,
    subject: 'ethics',
    name: '职业道德',
    items: pool(),
  });
  await insertBankWithItems(t.database.db, t.deps.contentKey!, {
    ...common,
    subject: 'ability',
    name: '职业能力（全部等级）',
    items: spreadItems({ single: 15, multiple: 15 }),
  });
  // 四级 candidates draw from the common bank and this one too.
  await insertBankWithItems(t.database.db, t.deps.contentKey!, {
    ...common,
    subject: 'ability',
    name: '职业能力（四级）',
    grade: 4,
    items: spreadItems({ single: 10, multiple: 10 }),
  });
  for (const [subject, jobTypeId, grade] of [
    ['skill', jobA, 4],
    ['skill', jobA, 3],
    ['skill', jobB, 4],
    ['ability', null, null],
  ] as const) {
    await insertBlueprint(t.database.db, {
      campaignId,
      blueprint: smallBlueprint(subject, jobTypeId, grade),
      createdBy: a.id,
      now: now(),
    });
  }
});

afterAll(async () => {
  await t.close();
});

describe('generation is refused before anything is written', () => {
  it('while a blueprint is missing or unpublished, naming each', async () => {
    const res = await bank1.post(`/api/campaigns/${campaignId}/papers/generate`);
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error.code).toBe('PAPERS_BLUEPRINTS_NOT_READY');
    expect(res.json().error.message).toContain('职业道德（未建立）');

    await insertBlueprint(t.database.db, {
      campaignId,
      blueprint: smallBlueprint('ethics', null, null),
      status: 'draft',
      createdBy: bankActor.accountId,
      now: now(),
    });
    await setBlueprintStatus('ability', 'draft');
    const draft = await bank1.post(`/api/campaigns/${campaignId}/papers/generate`);
    expect(draft.statusCode).toBe(409);
    expect(draft.json().error.message).toContain('职业道德（未发布）');
    expect(draft.json().error.message).toContain('职业能力（未发布）');
    await setBlueprintStatus('ethics', 'published');
    await setBlueprintStatus('ability', 'published');

    // The job refuses too (a run that slipped past the request's check writes nothing).
    await setBlueprintStatus('ethics', 'draft');
    await expect(generatePapers(t.deps, { actor: bankActor, meta: SYSTEM }, campaignId)).rejects.toMatchObject({
      code: 'PAPERS_BLUEPRINTS_NOT_READY',
    });
    await setBlueprintStatus('ethics', 'published');
    expect(await allPapers()).toHaveLength(0);
  });

  it('while a pool cannot serve its blueprint, naming it', async () => {
    const [row] = await inSystemTx(t.database.db, (tx) =>
      tx
        .select()
        .from(blueprints)
        .where(and(eq(blueprints.campaignId, campaignId), eq(blueprints.jobTypeId, jobB))),
    );
    const definition = row!.definition as Blueprint;
    const greedy = {
      ...definition,
      cells: [
        { ...definition.cells[0]!, count: 40, points: 1 },
        { ...definition.cells[1]!, count: 10, points: 6 },
      ],
    };
    await inSystemTx(t.database.db, (tx) =>
      tx.update(blueprints).set({ definition: greedy }).where(eq(blueprints.id, row!.id)),
    );
    const res = await bank1.post(`/api/campaigns/${campaignId}/papers/generate`);
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error.code).toBe('PAPERS_DRAW_REFUSED');
    expect(res.json().error.message).toMatch(
      /岗位技能·.+·四级：组卷规则无法使用：第1条规则.*需要40道已审核试题，可用25道/,
    );
    await inSystemTx(t.database.db, (tx) =>
      tx.update(blueprints).set({ definition }).where(eq(blueprints.id, row!.id)),
    );
    expect(await allPapers()).toHaveLength(0);
  });

  it('for a campaign without confirmed candidates, and for nobody but a bank manager', async () => {
    const other = await inSystemTx(t.database.db, async (tx) => {
      const rows = resultRows<{ id: number }>(
        await tx.execute(sql`insert into campaigns (year, name, notice_number, notice_date, catalog_version_id,
          eligibility_settings, exam_settings, created_at, updated_at)
          select 2016, '2016年度', notice_number, notice_date, catalog_version_id, eligibility_settings, exam_settings,
            created_at, updated_at from campaigns where id = ${campaignId} returning id`),
      );
      return Number(rows[0]!.id);
    });
    const res = await bank1.post(`/api/campaigns/${other}/papers/generate`);
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error.code).toBe('PAPERS_NO_CANDIDATES');
    expect((await bank1.post('/api/campaigns/999999/papers/generate')).statusCode).toBe(404);
  });
});

const SYSTEM = { ip: null, userAgent: 'test', requestId: null };

describe('generation', () => {
  it('gives every confirmed candidate one paper per subject: seeded, sealed, 100 points, no item twice', async () => {
    const job = await generate();
    const confirmed = [...cands.a4, ...cands.a3, ...cands.b4];
    expect(job.result).toMatchObject({
      campaignId,
      generated: { skill: 7, ethics: 7, ability: 7, basics: 0 },
      existing: 0,
      refusedCount: 0,
      refused: [],
      // Skill: A四级, A三级, B四级; ethics and ability: 四级 and 三级 each.
      pools: 7,
    });
    expect(job.total).toBe(21);
    expect(job.processed).toBe(21);

    const rows = await allPapers();
    expect(rows).toHaveLength(21);
    expect(rows.some((p) => p.applicationId === notConfirmed)).toBe(false);
    const seedKey = paperSeedKey(t.deps.contentKey!, campaignId);
    for (const id of confirmed) {
      for (const subject of ['skill', 'ethics', 'ability'] as const) {
        const mine = rows.filter((p) => p.applicationId === id && p.subject === subject);
        expect(mine).toHaveLength(1);
        const paper = mine[0]!;
        expect(paper.seed).toBe(paperSeed(seedKey, { campaignId, applicationId: id, subject }));
        expect(paper.jobId).toBe(job.id);
        const items = itemsOf(paper);
        expect(items).toHaveLength(20);
        expect(paper.itemCount).toBe(20);
        expect(new Set(items.map((i) => i.itemId)).size).toBe(20);
        expect(items.reduce((s, i) => s + i.points, 0)).toBe(100);
        expect(items.filter((i) => i.type === 'single')).toHaveLength(10);
        expect(items.every((i) => i.optionOrder.length >= 4)).toBe(true);
      }
    }
    // Seeds differ between candidates and subjects, and so do the papers.
    expect(new Set(rows.map((p) => p.seed)).size).toBe(21);

    // The content column holds ciphertext: neither item texts nor item ids in clear.
    for (const p of rows) {
      const bytes = Buffer.from(p.content);
      expect(bytes.subarray(0, 3).toString()).toBe('GK1');
      expect(bytes.includes(Buffer.from('itemId'))).toBe(false);
      expect(bytes.includes(Buffer.from('安全生产'))).toBe(false);
    }

    // Every drawn version is marked used, and no other.
    const drawn = new Set(rows.flatMap((p) => itemsOf(p).map((i) => `${i.itemId}:${i.version}`)));
    const used = await inSystemTx(t.database.db, (tx) =>
      tx
        .select({ itemId: bankItemVersions.itemId, version: bankItemVersions.version })
        .from(bankItemVersions)
        .where(sql`${bankItemVersions.usedAt} is not null`),
    );
    expect(new Set(used.map((u) => `${u.itemId}:${u.version}`))).toEqual(drawn);

    // A 四级 candidate's 职业能力 paper draws from the common bank and the 四级 bank.
    const pools = await inSystemTx(t.database.db, (tx) => tx.select().from(paperPools));
    expect(pools).toHaveLength(7);
    const ability4 = pools.find((p) => (p.blueprint as Blueprint).subject === 'ability' && p.grade === 4)!;
    const ability3 = pools.find((p) => (p.blueprint as Blueprint).subject === 'ability' && p.grade === 3)!;
    expect(ability4.itemCount).toBe(50);
    expect(ability3.itemCount).toBe(30);

    const audits = await auditRows('paper.generate');
    expect(audits).toHaveLength(1);
    expect(audits[0]!.entityId).toBe(String(campaignId));
    expect(audits[0]!.summary).toBe('生成试卷 21 份：岗位技能 7 份，职业道德 7 份，职业能力 7 份');
    expect(audits[0]!.after).toMatchObject({
      generated: { skill: 7, ethics: 7, ability: 7, basics: 0 },
      refusedCount: 0,
    });
    expect(JSON.stringify(audits[0])).not.toContain('安全生产责任制');
  });

  it('a rerun generates nothing, and writes no audit row', async () => {
    const job = await generate(bank2);
    expect(job.result).toMatchObject({
      generated: { skill: 0, ethics: 0, ability: 0, basics: 0 },
      existing: 21,
      pools: 0,
    });
    expect(await allPapers()).toHaveLength(21);
    expect(await auditRows('paper.generate')).toHaveLength(1);
  });

  it('reports candidates whose draw is refused and writes the others’ papers', async () => {
    cands.c4 = await candidates(jobC, 2, 4);
    const common = { authorId: bankActor.accountId, approverId: bank2Id, now: now() };
    // Two items of difficulty 1 and 5 and a paper of one of them: never within 3 ± 0.5.
    await insertBankWithItems(t.database.db, t.deps.contentKey!, {
      ...common,
      subject: 'skill',
      name: '岗位技能C四级',
      jobTypeId: jobC,
      grade: 4,
      items: [
        { type: 'single', difficulty: 1, knowledgePoint: '甲' },
        { type: 'single', difficulty: 5, knowledgePoint: '甲' },
      ],
    });
    await insertBlueprint(t.database.db, {
      campaignId,
      blueprint: {
        ...defaultBlueprint('skill', jobC, 4),
        targetDifficulty: 3,
        difficultyTolerance: 0.5,
        cells: [{ type: 'single', knowledgePoint: null, difficulty: { min: 1, max: 5 }, count: 1, points: 100 }],
      },
      createdBy: bankActor.accountId,
      now: now(),
    });
    const job = await generate();
    expect(job.result.generated).toEqual({ skill: 0, ethics: 2, ability: 2, basics: 0 });
    expect(job.result.refusedCount).toBe(2);
    expect(
      job.result.refused.map((r: { applicationId: number }) => r.applicationId).sort((x: number, y: number) => x - y),
    ).toEqual(cands.c4);
    expect(job.result.refused[0]).toMatchObject({ subject: 'skill', code: 'PAPER_DIFFICULTY_OUT_OF_TOLERANCE' });
    expect(job.result.refused[0].message).toContain('岗位技能·');
    const rows = await allPapers();
    expect(
      rows
        .filter((p) => cands.c4.includes(p.applicationId))
        .map((p) => p.subject)
        .sort(),
    ).toEqual(['ability', 'ability', 'ethics', 'ethics']);
    const audits = await auditRows('paper.generate');
    expect(audits).toHaveLength(2);
    expect(audits[1]!.summary).toBe('生成试卷 4 份：职业道德 2 份，职业能力 2 份；2 人次抽题未成功');
  });

  it('two runs at once write each paper once', async () => {
    const added = await candidates(jobB, 3, 4);
    const ctx = { actor: bankActor, meta: SYSTEM };
    const outcomes = await Promise.allSettled([
      generatePapers(t.deps, ctx, campaignId),
      generatePapers(t.deps, ctx, campaignId),
    ]);
    const done = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    for (const o of outcomes) {
      if (o.status === 'rejected') expect(o.reason).toMatchObject({ code: 'PAPERS_GENERATION_BUSY' });
    }
    const written = done.reduce((s, r) => s + r.generated.skill + r.generated.ethics + r.generated.ability, 0);
    expect(written).toBe(9);
    const rows = await allPapers();
    expect(rows.filter((p) => added.includes(p.applicationId))).toHaveLength(9);
  });
});

describe('status', () => {
  it('summarises candidates, papers and blueprints per subject and scope', async () => {
    const res = await bank2.get(`/api/campaigns/${campaignId}/papers/summary`);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(s.candidates).toBe(12);
    const row = (subject: string, jobTypeId: number | null, grade: number | null) =>
      s.rows.find(
        (r: { subject: string; jobTypeId: number | null; grade: number | null }) =>
          r.subject === subject && r.jobTypeId === jobTypeId && r.grade === grade,
      );
    expect(row('skill', jobA, 4)).toMatchObject({ candidates: 3, papers: 3, blueprint: { status: 'published' } });
    expect(row('skill', jobA, 4).jobTypeName).toBeTruthy();
    expect(row('skill', jobC, 4)).toMatchObject({ candidates: 2, papers: 0 });
    expect(row('ethics', null, null)).toMatchObject({ candidates: 12, papers: 12 });
    expect(s.missing).toBe(2);
    expect(s.ready).toBe(true);
    expect(s.abilities.generate).toBe(true);
  });

  it('lists papers, paged and filtered on the server', async () => {
    const all = await bank1.get(`/api/campaigns/${campaignId}/papers?pageSize=5`);
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json().total).toBe(34);
    expect(all.json().items).toHaveLength(5);
    const skillA = await bank1.get(`/api/campaigns/${campaignId}/papers?subject=skill&jobTypeId=${jobA}&grade=4`);
    expect(skillA.json().total).toBe(3);
    expect(skillA.json().items[0]).toMatchObject({ subject: 'skill', jobTypeId: jobA, grade: 4, itemCount: 20 });
    expect(skillA.json().items[0]).not.toHaveProperty('seed');
    const one = await bank1.get(`/api/campaigns/${campaignId}/papers?applicationId=${cands.a3[0]}`);
    expect(one.json().items.map((p: { subject: string }) => p.subject)).toEqual(['skill', 'ethics', 'ability']);
    const past = await bank1.get(`/api/campaigns/${campaignId}/papers?page=99`);
    expect(past.json()).toEqual({ items: [], total: 34 });
  });
});

async function paperOf(applicationId: number, subject: Subject) {
  const rows = await allPapers();
  return rows.find((p) => p.applicationId === applicationId && p.subject === subject)!;
}

describe('one paper', () => {
  it('shows the candidate and the items as shown, with the key in the letters shown; audited', async () => {
    const paper = await paperOf(cands.a4[0]!, 'skill');
    const res = await bank1.get(`/api/papers/${paper.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json();
    expect(view.candidate).toMatchObject({ applicationId: cands.a4[0], jobTypeId: jobA, grade: 4 });
    expect(view.candidate.name).toMatch(/^申报人/);
    expect(view.candidate.idNumberMasked).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    expect(view.candidate.jobTypeName).toBeTruthy();
    expect(view.candidate.unitName).toBeTruthy();
    expect(view.totalPoints).toBe(100);
    expect(view.durationMinutes).toBe(60);
    expect(view.items).toHaveLength(20);
    const stored = itemsOf(paper);
    view.items.forEach(
      (
        item: {
          position: number;
          itemId: number;
          version: number;
          stem: string;
          answer: string;
          options: { letter: string; originalLetter: string; text: string }[];
        },
        i: number,
      ) => {
        expect(item.position).toBe(i + 1);
        expect(item.itemId).toBe(stored[i]!.itemId);
        expect(item.version).toBe(stored[i]!.version);
        expect(item.options.map((o) => o.originalLetter).join('')).toBe(stored[i]!.optionOrder);
        expect(item.options.map((o) => o.letter).join('')).toBe('ABCDEF'.slice(0, item.options.length));
        // The option shown as A is the original option its letter names.
        expect(item.options[0]!.text).toContain(`选项${item.options[0]!.originalLetter}`);
        expect(item.stem).toContain('安全生产责任制');
      },
    );
    // The key shown maps back to the item's own key.
    const first = view.items[0];
    const original = displayedToOriginal(stored[0]!.optionOrder, first.answer);
    expect(original).toBeTruthy();
    const views = await auditRows('paper.view');
    expect(views.at(-1)).toMatchObject({ entityId: String(paper.id), actorRole: 'bank_manager' });
    expect(JSON.stringify(views.at(-1))).not.toContain('安全生产责任制');
  });

  it('rebuilds item for item from its seed and pool snapshot; audited', async () => {
    for (const [id, subject] of [
      [cands.a4[1]!, 'skill'],
      [cands.a3[0]!, 'ethics'],
      [cands.b4[1]!, 'ability'],
    ] as const) {
      const paper = await paperOf(id, subject);
      const res = await bank2.post(`/api/papers/${paper.id}/verify`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ paperId: paper.id, matches: true, itemCount: 20, differences: [] });
    }
    expect((await auditRows('paper.verify')).length).toBeGreaterThanOrEqual(3);
  });

  it('a tampered paper does not verify', async () => {
    const paper = await paperOf(cands.b4[0]!, 'skill');
    const items = itemsOf(paper);
    const swapped = [items[1]!, items[0]!, ...items.slice(2)];
    const { sealJson } = await import('../../platform/sealed.js');
    await inSystemTx(t.database.db, (tx) =>
      tx
        .update(papers)
        .set({ content: sealJson(t.deps.contentKey, paperContext(paper.applicationId, 'skill', 1), swapped) })
        .where(eq(papers.id, paper.id)),
    );
    const res = await bank1.post(`/api/papers/${paper.id}/verify`);
    expect(res.json().matches).toBe(false);
    expect(res.json().differences.map((d: { position: number }) => d.position)).toEqual([1, 2]);
    await inSystemTx(t.database.db, (tx) =>
      tx.update(papers).set({ content: paper.content }).where(eq(papers.id, paper.id)),
    );
  });

  it('after a used item is edited, old papers keep pointing at (and rebuilding) the version they drew', async () => {
    const paper = await paperOf(cands.a4[0]!, 'skill');
    const target = itemsOf(paper)[0]!;
    const versions = await bank1.get(`/api/bank-items/${target.itemId}/versions`);
    const current = versions.json().items[0];
    expect(current.usedAt).not.toBeNull();
    const content = (await bank1.get(`/api/bank-items/${target.itemId}/versions/${target.version}`)).json();
    const edit = await bank1.patch(`/api/bank-items/${target.itemId}`, {
      type: content.type,
      stem: '修改后的题干：新版本',
      options: content.options,
      answer: content.answer,
      difficulty: content.difficulty,
      knowledgePoint: content.knowledgePoint,
      source: content.source,
      explanation: content.explanation,
      version: current.version,
      revision: current.revision,
    });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(edit.json().mode).toBe('new_version');
    const approve = await bank2.post(`/api/bank-items/${target.itemId}/versions/${target.version + 1}/approve`);
    expect(approve.statusCode, approve.body).toBe(200);

    const view = (await bank1.get(`/api/papers/${paper.id}`)).json();
    expect(view.items[0]).toMatchObject({ itemId: target.itemId, version: target.version });
    expect(view.items[0].stem).toBe(fixtureStem(skillA4Bank.bankId, skillA4Bank.itemIds.indexOf(target.itemId) + 1));
    expect((await bank1.post(`/api/papers/${paper.id}/verify`)).json().matches).toBe(true);
  });
});

describe('secrecy', () => {
  async function actorOf(role: Role, node: { id: number; path: string; name: string }): Promise<Actor> {
    const account = await buildAccount(t, node as never, role);
    return {
      accountId: account.id,
      username: account.username,
      displayName: role,
      role,
      orgNodeId: node.id,
      orgPath: node.path,
      orgNodeName: node.name,
    };
  }

  it('the province admin and a jurisdiction admin are refused on every papers route', async () => {
    const [province] = await t.database.db.select().from(orgNodes).where(eq(orgNodes.id, t.provinceId));
    const jurisdiction = await findJurisdiction(t, '郑州市');
    const paper = await paperOf(cands.a4[0]!, 'skill');
    for (const [role, node] of [
      ['province_admin', province!],
      ['jurisdiction_admin', jurisdiction],
    ] as const) {
      const account = await buildAccount(t, node, role);
      const client = await signIn(t, account.username);
      for (const [method, url] of [
        ['POST', `/api/campaigns/${campaignId}/papers/generate`],
        ['GET', `/api/campaigns/${campaignId}/papers/summary`],
        ['GET', `/api/campaigns/${campaignId}/papers`],
        ['GET', `/api/papers/${paper.id}`],
        ['POST', `/api/papers/${paper.id}/verify`],
      ] as const) {
        const res = await client.request(method, url, method === 'POST' ? {} : undefined);
        expect(res.statusCode, `${role} ${method} ${url}: ${res.body}`).toBe(403);
      }
      // And the database refuses them whatever a service would do.
      const actor = await actorOf(role, node);
      await expectPermissionDenied(inScopedTx(t.database.db, actor, (tx) => repo.listPaperKeys(tx, campaignId)));
      await expectPermissionDenied(inScopedTx(t.database.db, actor, (tx) => repo.findPaperWithPool(tx, paper.id)));
      await expectPermissionDenied(inScopedTx(t.database.db, actor, (tx) => repo.listCandidates(tx, campaignId)));
      await expectPermissionDenied(inScopedTx(t.database.db, actor, (tx) => tx.select().from(paperPools).limit(1)));
    }
    // A bank manager reaches them.
    const keys = await inScopedTx(t.database.db, bankActor, (tx) => repo.listPaperKeys(tx, campaignId));
    expect(keys.length).toBe(34);
  });
});

// Last: it adds candidates that the counts above do not expect.
describe('generation by scope', () => {
  it('one scope at a time: its own papers only, while another scope still lacks its blueprint', async () => {
    // Two 三级 candidates of job type C, which has no 三级 blueprint: the whole campaign is refused, naming it.
    const added = await candidates(jobC, 2, 3);
    const all = await bank1.post(`/api/campaigns/${campaignId}/papers/generate`);
    expect(all.statusCode).toBe(409);
    expect(all.json().error.code).toBe('PAPERS_BLUEPRINTS_NOT_READY');
    const skillC3 = { subject: 'skill', jobTypeId: jobC, grade: 3 };
    const refused = await bank1.post(`/api/campaigns/${campaignId}/papers/generate`, { scope: skillC3 });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('三级（未建立）');
    expect(refused.json().error.message).not.toContain('职业道德');

    // 职业道德 alone: the two new candidates' papers, nobody else's, and the audit row names the scope.
    const job = await generate(bank1, { scope: { subject: 'ethics' } });
    expect(job.result.generated).toEqual({ skill: 0, ethics: 2, ability: 0, basics: 0 });
    const rows = (await allPapers()).filter((p) => added.includes(p.applicationId));
    expect(rows.map((p) => p.subject)).toEqual(['ethics', 'ethics']);
    const audits = await auditRows('paper.generate');
    expect(audits.at(-1)!.after).toMatchObject({ scope: { subject: 'ethics' } });

    // A scope with nobody in it is refused as such; a scope outside the contract is a 400.
    const empty = await bank1.post(`/api/campaigns/${campaignId}/papers/generate`, {
      scope: { subject: 'skill', jobTypeId: jobB, grade: 2 },
    });
    expect(empty.statusCode).toBe(409);
    expect(empty.json().error.code).toBe('PAPERS_NO_CANDIDATES');
    const bad = await bank1.post(`/api/campaigns/${campaignId}/papers/generate`, { scope: { subject: 'x' } });
    expect(bad.statusCode).toBe(400);
  });
});
