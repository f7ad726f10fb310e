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
import {
  auditLog,
  bankImages,
  bankItems,
  bankItemVersions,
  jobTypes,
  orgNodes,
  questionBanks,
} from '../../db/schema.js';
import { ensureSampleCatalogue } from '../../db/seed-campaign.js';
import type { Actor } from '../../platform/context.js';
import type { Role } from '../../platform/permissions.js';
import { inScopedTx, inSystemTx } from '../../platform/tx.js';
import * as repo from './banks.repository.js';

let t: TestApp;
let bank1: Client;
let bank2: Client;
let bank1Id: number;
let bank2Id: number;
let ethicsBankId: number;
let jobTypeId: number;
let jobTypeGrade: number;
let counter = 0;

const STEM = '机动车在高速公路上行驶，遇有雾天能见度小于50米时，最高车速不得超过多少';

function singleItem(overrides: Record<string, unknown> = {}) {
  counter++;
  return {
    type: 'single',
    stem: `${STEM}（${counter}）`,
    options: [
      { text: '每小时20公里', image: null },
      { text: '每小时30公里', image: null },
      { text: '每小时40公里', image: null },
      { text: '每小时60公里', image: null },
    ],
    answer: 'A',
    difficulty: 3,
    knowledgePoint: '恶劣天气驾驶',
    source: '《道路交通安全法实施条例》第八十一条',
    explanation: '能见度小于50米时，车速不得超过每小时20公里，并从最近的出口尽快驶离高速公路。',
    ...overrides,
  };
}

async function provinceNode() {
  const [row] = await t.database.db.select().from(orgNodes).where(eq(orgNodes.id, t.provinceId));
  return row!;
}

async function createItem(c: Client = bank1, body: Record<string, unknown> = singleItem()) {
  const res = await c.post(`/api/banks/${ethicsBankId}/items`, body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().item as { itemId: number; version: number; status: string };
}

/** The newest version's revision, as an editor reads it when it opens (the history is metadata, not audited). */
async function revisionOf(c: Client, itemId: number): Promise<number> {
  const res = await c.get(`/api/bank-items/${itemId}/versions`);
  return res.json().items[0].revision;
}

async function auditRows(action: string, entityId: number) {
  return inSystemTx(t.database.db, (tx) =>
    tx
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, action), eq(auditLog.entityId, String(entityId)))),
  );
}

beforeAll(async () => {
  t = await buildTestApp();
  const province = await provinceNode();
  const a = await buildAccount(t, province, 'bank_manager');
  const b = await buildAccount(t, province, 'bank_manager');
  bank1Id = a.id;
  bank2Id = b.id;
  bank1 = await signIn(t, a.username);
  bank2 = await signIn(t, b.username);
  const jobType = await inSystemTx(t.database.db, async (tx) => {
    const version = await ensureSampleCatalogue(tx, t.clock.now());
    const [row] = await tx.select().from(jobTypes).where(eq(jobTypes.versionId, version.id)).limit(1);
    return row!;
  });
  jobTypeId = jobType.id;
  jobTypeGrade = jobType.grades[0]!;
  const res = await bank1.post('/api/banks', { subject: 'ethics', name: '职业道德题库（测试）' });
  expect(res.statusCode, res.body).toBe(200);
  ethicsBankId = res.json().id;
});
afterAll(async () => {
  await t.close();
});

describe('banks', () => {
  it('creates banks: 岗位技能 per job type × grade, the others without a job type', async () => {
    const skill = await bank1.post('/api/banks', {
      subject: 'skill',
      name: '岗位技能题库（测试）',
      jobTypeId,
      grade: jobTypeGrade,
    });
    expect(skill.statusCode, skill.body).toBe(200);
    expect(skill.json()).toMatchObject({ subject: 'skill', jobTypeId, grade: jobTypeGrade, itemCount: 0 });
    expect(skill.json().jobTypeName).toBeTruthy();

    const noJobType = await bank1.post('/api/banks', { subject: 'skill', name: '缺工种', grade: 3 });
    expect(noJobType.statusCode).toBe(400);
    expect(noJobType.json().error.code).toBe('BANK_SCOPE_INVALID');
    const ethicsWithJobType = await bank1.post('/api/banks', { subject: 'ethics', name: '多余工种', jobTypeId });
    expect(ethicsWithJobType.json().error.code).toBe('BANK_SCOPE_INVALID');
    const twice = await bank2.post('/api/banks', {
      subject: 'skill',
      name: '另一个名称',
      jobTypeId,
      grade: jobTypeGrade,
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('BANK_TAKEN');

    const renamed = await bank2.patch(`/api/banks/${skill.json().id}`, { name: '岗位技能题库（改名）' });
    expect(renamed.json().name).toBe('岗位技能题库（改名）');
    expect(await auditRows('bank.update', skill.json().id)).toHaveLength(1);

    const list = await bank2.get('/api/banks');
    expect(list.json().items.map((b: { id: number }) => b.id)).toEqual(
      expect.arrayContaining([ethicsBankId, skill.json().id]),
    );
  });

  it('a province admin creates bank-manager accounts at the province only', async () => {
    const province = await provinceNode();
    const admin = await buildAccount(t, province, 'province_admin');
    const c = await signIn(t, admin.username);
    const created = await c.post('/api/accounts', {
      username: `bank${Date.now().toString(36)}`,
      displayName: '题库管理员',
      role: 'bank_manager',
      orgNodeId: province.id,
    });
    expect(created.statusCode, created.body).toBe(201);
    const zz = await findJurisdiction(t, '郑州市');
    const zzAdmin = await buildAccount(t, zz, 'jurisdiction_admin');
    const refused = await (await signIn(t, zzAdmin.username)).post('/api/accounts', {
      username: `bankzz${Date.now().toString(36)}`,
      displayName: '题库管理员',
      role: 'bank_manager',
      orgNodeId: zz.id,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('ACCOUNT_ROLE_NOT_ALLOWED');
  });
});

describe('items: lifecycle and versions', () => {
  it('create → approval by a second manager (never the author) → retire', async () => {
    const item = await createItem(bank1);
    expect(item).toMatchObject({ version: 1, status: 'draft' });
    expect(await auditRows('bank_item.create', item.itemId)).toHaveLength(1);

    const own = await bank1.post(`/api/bank-items/${item.itemId}/versions/1/approve`);
    expect(own.statusCode).toBe(403);
    expect(own.json().error).toMatchObject({
      code: 'ITEM_APPROVE_OWN',
      message: '不能审核自己编写或修改的试题，须由他人审核',
    });

    const approved = await bank2.post(`/api/bank-items/${item.itemId}/versions/1/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    // The names as they were, stored on the version (bank managers cannot read other accounts).
    expect(approved.json().item).toMatchObject({
      status: 'approved',
      approverId: bank2Id,
      authorId: bank1Id,
      authorName: '测试bank_manager',
      approverName: '测试bank_manager',
    });
    expect((await bank2.post(`/api/bank-items/${item.itemId}/versions/1/approve`)).json().error.code).toBe(
      'ITEM_ALREADY_APPROVED',
    );

    const retired = await bank1.post(`/api/bank-items/${item.itemId}/versions/1/retire`);
    expect(retired.json().item.status).toBe('retired');
    const again = await bank2.post(`/api/bank-items/${item.itemId}/versions/1/approve`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('ITEM_RETIRED_FINAL');
    const edit = await bank1.patch(`/api/bank-items/${item.itemId}`, {
      ...singleItem(),
      version: 1,
      revision: await revisionOf(bank1, item.itemId),
    });
    expect(edit.json().error.code).toBe('ITEM_RETIRED_FINAL');
    expect(await auditRows('bank_item.approve', item.itemId)).toHaveLength(1);
    expect(await auditRows('bank_item.retire', item.itemId)).toHaveLength(1);
  });

  it('edits a version no paper used in place, back to draft', async () => {
    const item = await createItem(bank1);
    await bank2.post(`/api/bank-items/${item.itemId}/versions/1/approve`);
    // Created (revision 1) and approved (2): the editor opens it at revision 2.
    const opened = await revisionOf(bank2, item.itemId);
    expect(opened).toBe(2);
    const edited = await bank2.patch(`/api/bank-items/${item.itemId}`, {
      ...singleItem({ stem: '修改后的题干', difficulty: 4 }),
      version: 1,
      revision: opened,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ mode: 'in_place', item: { version: 1, status: 'draft', difficulty: 4 } });
    // The edit's author is the new author: the first author may now approve it, the editor may not.
    expect(edited.json().item).toMatchObject({ authorId: bank2Id, approverId: null, approverName: null });
    const view = await bank1.get(`/api/bank-items/${item.itemId}/versions/1`);
    expect(view.json().stem).toBe('修改后的题干');
    const versions = await bank1.get(`/api/bank-items/${item.itemId}/versions`);
    expect(versions.json().items).toHaveLength(1);
    expect(await auditRows('bank_item.update', item.itemId)).toHaveLength(1);

    const stale = await bank1.patch(`/api/bank-items/${item.itemId}`, { ...singleItem(), version: 2, revision: 3 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('ITEM_VERSION_STALE');
    // Another manager who opened the same version before bank2's edit in place (revision 2) is refused too, not
    // allowed to overwrite bank2's change unawares; on the current revision the edit goes through.
    const overwrite = await bank1.patch(`/api/bank-items/${item.itemId}`, {
      ...singleItem({ stem: '覆盖他人的修改' }),
      version: 1,
      revision: opened,
    });
    expect(overwrite.statusCode).toBe(409);
    expect(overwrite.json().error.code).toBe('ITEM_VERSION_STALE');
    expect((await bank1.get(`/api/bank-items/${item.itemId}/versions/1`)).json().stem).toBe('修改后的题干');
    const onCurrent = await bank1.patch(`/api/bank-items/${item.itemId}`, {
      ...singleItem({ stem: '在最新内容上修改' }),
      version: 1,
      revision: await revisionOf(bank1, item.itemId),
    });
    expect(onCurrent.statusCode, onCurrent.body).toBe(200);
  });

  it('editing a used version makes version 2; version 1 stays as it was and serves until 2 is approved', async () => {
    const original = singleItem();
    const item = await createItem(bank1, original);
    await bank2.post(`/api/bank-items/${item.itemId}/versions/1/approve`);
    // Paper generation (not built yet) marks the versions it drew.
    await inSystemTx(t.database.db, (tx) =>
      tx
        .update(bankItemVersions)
        .set({ usedAt: t.clock.now() })
        .where(and(eq(bankItemVersions.itemId, item.itemId), eq(bankItemVersions.version, 1))),
    );
    const before = await inSystemTx(t.database.db, (tx) =>
      tx.select().from(bankItemVersions).where(eq(bankItemVersions.itemId, item.itemId)),
    );

    const edited = await bank2.patch(`/api/bank-items/${item.itemId}`, {
      ...singleItem({ stem: '第二版题干', answer: 'B' }),
      version: 1,
      revision: await revisionOf(bank2, item.itemId),
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({
      mode: 'new_version',
      item: { version: 2, status: 'draft', authorId: bank2Id },
    });
    expect(await auditRows('bank_item.new_version', item.itemId)).toHaveLength(1);

    // Version 1: the same row, byte for byte, still approved, and its content opens as the paper saw it.
    const v1Row = await inSystemTx(t.database.db, (tx) =>
      tx
        .select()
        .from(bankItemVersions)
        .where(and(eq(bankItemVersions.itemId, item.itemId), eq(bankItemVersions.version, 1))),
    );
    expect(v1Row[0]).toEqual(before[0]);
    const v1 = await bank1.get(`/api/bank-items/${item.itemId}/versions/1`);
    expect(v1.json()).toMatchObject({
      status: 'approved',
      stem: original.stem,
      answer: 'A',
      explanation: original.explanation,
    });
    const v2 = await bank1.get(`/api/bank-items/${item.itemId}/versions/2`);
    expect(v2.json()).toMatchObject({ status: 'draft', stem: '第二版题干', answer: 'B' });

    // The list shows the newest version; editing a stale version is refused.
    const list = await bank1.get(`/api/banks/${ethicsBankId}/items?pageSize=200`);
    const listed = list.json().items.find((i: { itemId: number }) => i.itemId === item.itemId);
    expect(listed).toMatchObject({ version: 2, status: 'draft' });
    expect(listed).not.toHaveProperty('stem');
    expect(listed).not.toHaveProperty('answer');

    // Approving version 2 (by someone who did not write it) retires version 1.
    const approved = await bank1.post(`/api/bank-items/${item.itemId}/versions/2/approve`);
    expect(approved.json()).toMatchObject({ mode: 'approved', supersededVersion: 1 });
    const history = (await bank2.get(`/api/bank-items/${item.itemId}/versions`)).json().items;
    expect(history.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [2, 'approved'],
      [1, 'retired'],
    ]);
    // Retired, but still readable for a 复核 of the papers that drew it.
    expect((await bank1.get(`/api/bank-items/${item.itemId}/versions/1`)).json().stem).toBe(original.stem);
  });

  it('lists metadata with server-side filters and paging', async () => {
    await createItem(bank1, singleItem({ knowledgePoint: '职业守则', difficulty: 1 }));
    await createItem(bank1, singleItem({ knowledgePoint: '职业守则', difficulty: 5 }));
    await createItem(bank1, {
      ...singleItem({ type: 'true_false', options: [], answer: 'T', knowledgePoint: '职业守则' }),
    });
    const byPoint = await bank1.get(
      `/api/banks/${ethicsBankId}/items?knowledgePoint=${encodeURIComponent('职业守则')}`,
    );
    expect(byPoint.json().total).toBe(3);
    const hard = await bank1.get(
      `/api/banks/${ethicsBankId}/items?knowledgePoint=${encodeURIComponent('职业守则')}&difficulty=5`,
    );
    expect(hard.json().total).toBe(1);
    const tf = await bank1.get(`/api/banks/${ethicsBankId}/items?type=true_false`);
    expect(tf.json().items.every((i: { type: string }) => i.type === 'true_false')).toBe(true);
    const page = await bank1.get(`/api/banks/${ethicsBankId}/items?pageSize=2&page=1`);
    expect(page.json().items).toHaveLength(2);
    expect(page.json().total).toBeGreaterThan(2);
    const mine = byPoint.json().items[0];
    expect(mine.abilities).toEqual({ edit: true, approve: false, retire: true });
    const theirs = (
      await bank2.get(`/api/banks/${ethicsBankId}/items?knowledgePoint=${encodeURIComponent('职业守则')}`)
    ).json().items[0];
    expect(theirs.abilities).toEqual({ edit: true, approve: true, retire: true });
  });
});

describe('bad input', () => {
  it('answers 400 with the domain’s code and Chinese message, never a 500', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [singleItem({ stem: '   ' }), 'ITEM_STEM_REQUIRED', '题干不能为空'],
      [singleItem({ answer: 'AB' }), 'ITEM_ANSWER_COUNT', '单选题只能有一个正确答案'],
      [singleItem({ answer: 'E' }), 'ITEM_ANSWER_NOT_AN_OPTION', '答案中的E不是本题的选项'],
      [singleItem({ difficulty: 2.5 }), 'ITEM_DIFFICULTY_INVALID', '难度应为1至5的整数（1易，5难）'],
      [
        singleItem({ type: 'true_false', answer: 'T' }),
        'ITEM_OPTIONS_NOT_ALLOWED',
        '判断题不设选项（作答时显示“正确”“错误”）',
      ],
      [singleItem({ knowledgePoint: '' }), 'ITEM_KNOWLEDGE_POINT_REQUIRED', '知识点不能为空'],
    ];
    for (const [body, code, message] of cases) {
      const res = await bank1.post(`/api/banks/${ethicsBankId}/items`, body);
      expect(res.statusCode, code).toBe(400);
      expect(res.json().error).toMatchObject({ code, message });
    }
    const item = await createItem(bank1);
    const badEdit = await bank1.patch(`/api/bank-items/${item.itemId}`, {
      ...singleItem({ answer: 'Z' }),
      version: 1,
      revision: 1,
    });
    expect(badEdit.statusCode).toBe(400);
    expect(badEdit.json().error.code).toBe('ITEM_ANSWER_FORMAT');
    const wrongShape = await bank1.post(`/api/banks/${ethicsBankId}/items`, { ...singleItem(), type: 'essay' });
    expect(wrongShape.statusCode).toBe(400);
    expect(wrongShape.json().error.code).toBe('VALIDATION_FAILED');
    expect((await bank1.get('/api/bank-items/999999/versions/1')).statusCode).toBe(404);
    expect((await bank1.post('/api/banks/999999/items', singleItem())).statusCode).toBe(404);
  });

  it('answers CONTENT_KEY_MISSING when the server has no content key', async () => {
    const item = await createItem(bank1);
    const key = t.deps.contentKey;
    t.deps.contentKey = null;
    try {
      const view = await bank1.get(`/api/bank-items/${item.itemId}/versions/1`);
      expect(view.statusCode).toBe(503);
      expect(view.json().error.code).toBe('CONTENT_KEY_MISSING');
      expect((await bank1.post(`/api/banks/${ethicsBankId}/items`, singleItem())).json().error.code).toBe(
        'CONTENT_KEY_MISSING',
      );
      // Metadata needs no key.
      expect((await bank1.get(`/api/banks/${ethicsBankId}/items`)).statusCode).toBe(200);
    } finally {
      t.deps.contentKey = key;
    }
  });
});

describe('secrecy', () => {
  it('stores ciphertext only: no stem, option, answer or explanation in any column', async () => {
    const body = singleItem();
    const item = await createItem(bank1, body);
    const [row] = await inSystemTx(t.database.db, (tx) =>
      tx.select().from(bankItemVersions).where(eq(bankItemVersions.itemId, item.itemId)),
    );
    expect(row!.content.subarray(0, 3).toString('latin1')).toBe('GK1');
    const bytes = row!.content.toString('utf8');
    for (const text of [body.stem as string, '每小时20公里', body.explanation as string, '道路交通安全法']) {
      expect(bytes).not.toContain(text);
      expect(row!.content.includes(Buffer.from(text, 'utf8'))).toBe(false);
    }
    // The whole row as the database stores it, every column as text.
    const raw = await inSystemTx(t.database.db, (tx) =>
      tx.execute(sql`select row_to_json(v)::text as j from bank_item_versions v where v.item_id = ${item.itemId}`),
    );
    const json = JSON.stringify(raw);
    expect(json).not.toContain('机动车在高速公路上');
    expect(json).not.toContain('每小时20公里');
  });

  it('writes an audit row for every view of an item’s content', async () => {
    const item = await createItem(bank1);
    await bank1.get(`/api/bank-items/${item.itemId}/versions/1`);
    await bank2.get(`/api/bank-items/${item.itemId}/versions/1`);
    await bank1.get(`/api/bank-items/${item.itemId}/versions/1`);
    const rows = await auditRows('bank_item.view', item.itemId);
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => r.actorAccountId).sort()).toEqual([bank1Id, bank1Id, bank2Id].sort());
    // Audit rows name the item, never its content.
    expect(JSON.stringify(rows)).not.toContain(STEM);
    // Listing and history are metadata and write nothing.
    await bank1.get(`/api/bank-items/${item.itemId}/versions`);
    expect(await auditRows('bank_item.view', item.itemId)).toHaveLength(3);
  });

  describe('no other role reaches a bank, through any route or below the services', async () => {
    const OTHER_ROLES: Role[] = [
      'province_admin',
      'jurisdiction_admin',
      'department_reviewer',
      'unit_officer',
      'proctor',
      'applicant',
    ];
    const others: { role: Role; client: Client; actor: Actor }[] = [];
    let itemId: number;

    beforeAll(async () => {
      const province = await provinceNode();
      const zz = await findJurisdiction(t, '郑州市');
      const department = await buildNode(t, zz, 'department');
      const unit = await buildNode(t, department, 'unit');
      const nodeOf: Record<string, typeof province> = {
        province_admin: province,
        jurisdiction_admin: zz,
        department_reviewer: department,
        unit_officer: unit,
        proctor: province,
        applicant: unit,
      };
      for (const role of OTHER_ROLES) {
        const node = nodeOf[role]!;
        const account = await buildAccount(t, node, role);
        others.push({
          role,
          client: await signIn(t, account.username),
          actor: {
            accountId: account.id,
            username: account.username,
            displayName: '',
            role,
            orgNodeId: node.id,
            orgPath: role === 'applicant' ? null : node.path,
            orgNodeName: node.name,
          },
        });
      }
      itemId = (await createItem(bank1)).itemId;
      await bank2.post(`/api/bank-items/${itemId}/versions/1/approve`);
    });

    it('answers 403 on every bank route', async () => {
      const routes: ['GET' | 'POST' | 'PATCH', string, unknown?][] = [
        ['GET', '/api/banks'],
        ['POST', '/api/banks', { subject: 'ability', name: '越权题库' }],
        ['PATCH', `/api/banks/${ethicsBankId}`, { name: '越权' }],
        ['GET', `/api/banks/${ethicsBankId}/items`],
        ['POST', `/api/banks/${ethicsBankId}/items`, singleItem()],
        ['PATCH', `/api/bank-items/${itemId}`, { ...singleItem(), version: 1, revision: 1 }],
        ['GET', `/api/bank-items/${itemId}/versions`],
        ['GET', `/api/bank-items/${itemId}/versions/1`],
        ['POST', `/api/bank-items/${itemId}/versions/1/approve`],
        ['POST', `/api/bank-items/${itemId}/versions/1/retire`],
        ['POST', '/api/bank-images', {}],
        ['GET', '/api/bank-images/any-key'],
        ['POST', `/api/banks/${ethicsBankId}/qti-import`, {}],
        ['POST', `/api/banks/${ethicsBankId}/qti-export`],
        ['GET', '/api/banks/template.xlsx'],
        ['GET', '/api/banks/sample.xlsx'],
        ['POST', `/api/banks/${ethicsBankId}/import`, {}],
        ['POST', `/api/banks/${ethicsBankId}/export`, {}],
        ['GET', '/api/bank-items/queue'],
        ['POST', '/api/bank-items/approve', { items: [{ itemId, version: 1 }] }],
      ];
      // Every bank route is in this list.
      const bankRoutes = t.routeAccess.filter((r) => r.url.startsWith('/api/bank'));
      expect(bankRoutes).toHaveLength(routes.length);
      for (const { role, client } of others) {
        for (const [method, url, body] of routes) {
          const res = await client.request(method, url, body);
          expect(res.statusCode, `${role} ${method} ${url}`).toBe(403);
          expect(res.json().error.code).toBe('FORBIDDEN');
        }
      }
      expect(await auditRows('bank_item.view', itemId)).toHaveLength(0);
    });

    it('is refused by the database itself: unfiltered reads and writes under each role’s transaction', async () => {
      for (const { role, actor } of others) {
        const db = t.database.db;
        await expectPermissionDenied(inScopedTx(db, actor, (tx) => repo.listBanks(tx)));
        await expectPermissionDenied(inScopedTx(db, actor, (tx) => tx.select().from(questionBanks)));
        await expectPermissionDenied(inScopedTx(db, actor, (tx) => tx.select().from(bankItems)));
        await expectPermissionDenied(inScopedTx(db, actor, (tx) => tx.select().from(bankItemVersions)));
        await expectPermissionDenied(inScopedTx(db, actor, (tx) => tx.select().from(bankImages)));
        await expectPermissionDenied(inScopedTx(db, actor, (tx) => repo.listVersions(tx, itemId)));
        await expectPermissionDenied(inScopedTx(db, actor, (tx) => repo.findVersion(tx, itemId, 1)));
        await expectPermissionDenied(
          inScopedTx(db, actor, (tx) =>
            repo.updateVersion(tx, itemId, 1, { status: 'retired', updatedAt: new Date() }),
          ),
        );
        await expectPermissionDenied(
          inScopedTx(db, actor, (tx) =>
            repo.insertBank(tx, {
              subject: 'ability',
              name: `越权${role}`,
              createdBy: actor.accountId,
              createdAt: new Date(),
              updatedAt: new Date(),
            }),
          ),
        );
      }
      // The bank manager's own transaction reads them (and no other organisation's accounts: no subtree).
      const manager: Actor = {
        accountId: bank1Id,
        username: '',
        displayName: '',
        role: 'bank_manager',
        orgNodeId: t.provinceId,
        orgPath: (await provinceNode()).path,
        orgNodeName: '',
      };
      const visible = await inScopedTx(t.database.db, manager, (tx) => tx.select().from(bankItemVersions));
      expect(visible.length).toBeGreaterThan(0);
      const scope = await inScopedTx(t.database.db, manager, (tx) =>
        tx.execute(sql`select gk_scope() as scope, current_user as role`),
      );
      expect(JSON.stringify(scope)).toContain('#none#');
      expect(JSON.stringify(scope)).toContain('gk_bank');
    });
  });
});
