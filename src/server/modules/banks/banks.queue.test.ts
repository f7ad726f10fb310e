import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildTestApp, signIn, type TestApp } from '../../../../test/setup/harness.js';
import { auditLog, bankItemVersions, orgNodes } from '../../db/schema.js';
import { inScopedTx, inSystemTx } from '../../platform/tx.js';
import * as queueRepo from './banks.queue.repository.js';
import {
  bankContents,
  buildManager,
  createBank,
  importFile,
  type Manager,
  row,
  workbook,
} from './banks.test-support.js';

let t: TestApp;
let bank1: Manager;
let bank2: Manager;

beforeAll(async () => {
  t = await buildTestApp();
  bank1 = await buildManager(t);
  bank2 = await buildManager(t);
});
afterAll(async () => {
  await t.close();
});

const item = (n: number, cells: Parameters<typeof row>[0] = {}) =>
  row({
    题型: '单选题',
    题干: `第${n}题`,
    选项A: '甲',
    选项B: '乙',
    答案: 'A',
    难度: 3,
    知识点: '队列',
    ...cells,
  });

/** A bank with `rows` imported by `by`; answers the bank and its items' ids in order. */
async function bankWith(by: Manager, rows: ReturnType<typeof row>[]) {
  const bank = await createBank(by.client);
  const job = await importRows(by, bank.id, rows);
  expect(job.result?.imported).toBe(rows.length);
  const ids = (await bankContents(t, by.actor, bank.id)).map((s) => s.row.itemId);
  return { bank, ids };
}

async function importRows(by: Manager, bankId: number, rows: ReturnType<typeof row>[]) {
  return importFile(t, by.client, bankId, await workbook(rows), 'all_or_nothing');
}

async function approveAudits(itemId: number) {
  return inSystemTx(t.database.db, (tx) =>
    tx
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'bank_item.approve'), eq(auditLog.entityId, String(itemId)))),
  );
}

async function statusOf(itemId: number, version = 1) {
  const [v] = await inSystemTx(t.database.db, (tx) =>
    tx
      .select()
      .from(bankItemVersions)
      .where(and(eq(bankItemVersions.itemId, itemId), eq(bankItemVersions.version, version))),
  );
  return v!;
}

describe('待审核试题 (the queue)', () => {
  it('lists draft versions across banks, filtered and paged, with approve false for one’s own', async () => {
    const a = await createBank(bank1.client);
    const b = await createBank(bank2.client);
    await importRows(bank1, a.id, [
      item(1, { 知识点: '甲点' }),
      item(2, { 题型: '判断题', 选项A: '', 选项B: '', 答案: '对' }),
    ]);
    await importRows(bank2, b.id, [item(3, { 知识点: '甲点' })]);

    const all = await bank2.client.get(`/api/bank-items/queue?pageSize=200`);
    expect(all.statusCode, all.body).toBe(200);
    const mine = all.json().items.filter((i: { bankId: number }) => i.bankId === a.id || i.bankId === b.id);
    expect(mine).toHaveLength(3);
    const fromA = mine.find((i: { bankId: number }) => i.bankId === a.id);
    expect(fromA).toMatchObject({ bankName: a.name, status: 'draft', version: 1, authorId: bank1.id });
    expect(fromA.abilities.approve).toBe(true);
    expect(mine.find((i: { bankId: number }) => i.bankId === b.id).abilities.approve).toBe(false);
    expect(JSON.stringify(all.json())).not.toContain('第1题');
    expect(all.json().authors).toEqual(
      expect.arrayContaining([
        { id: bank1.id, name: '测试bank_manager' },
        { id: bank2.id, name: '测试bank_manager' },
      ]),
    );

    const byBank = await bank2.client.get(`/api/bank-items/queue?bankId=${a.id}`);
    expect(byBank.json()).toMatchObject({ total: 2, ownCount: 0 });
    const byType = await bank2.client.get(`/api/bank-items/queue?bankId=${a.id}&type=true_false`);
    expect(byType.json().total).toBe(1);
    const byPoint = await bank2.client.get(`/api/bank-items/queue?knowledgePoint=${encodeURIComponent('甲点')}`);
    expect(byPoint.json()).toMatchObject({ total: 2, ownCount: 1 });
    const byAuthor = await bank2.client.get(`/api/bank-items/queue?authorId=${bank2.id}&bankId=${b.id}`);
    expect(byAuthor.json()).toMatchObject({ total: 1, ownCount: 1 });
    const page2 = await bank2.client.get(`/api/bank-items/queue?bankId=${a.id}&pageSize=1&page=2`);
    expect(page2.json().items).toHaveLength(1);
    expect(page2.json().total).toBe(2);
  });

  it('approves ticked versions; one’s own, approved, unknown ones are skipped with reasons; one audit row each', async () => {
    const { ids } = await bankWith(bank1, [item(1), item(2), item(3)]);
    const { ids: own } = await bankWith(bank2, [item(4)]);
    expect((await bank2.client.post(`/api/bank-items/${ids[2]}/versions/1/approve`)).statusCode).toBe(200);

    const res = await bank2.client.post('/api/bank-items/approve', {
      items: [
        { itemId: ids[0], version: 1 },
        { itemId: ids[1], version: 1 },
        { itemId: ids[1], version: 1 },
        { itemId: ids[2], version: 1 },
        { itemId: own[0], version: 1 },
        { itemId: ids[0], version: 9 },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      matched: 5,
      succeeded: 2,
      skipped: [
        { itemId: ids[0], version: 9, code: 'NOT_FOUND', message: '试题或版本不存在' },
        { itemId: ids[2], version: 1, code: 'ITEM_ALREADY_APPROVED', message: '该试题已审核通过' },
        {
          itemId: own[0],
          version: 1,
          code: 'ITEM_APPROVE_OWN',
          message: '不能审核自己编写或修改的试题，须由他人审核',
        },
      ].sort((x, y) => x.itemId! - y.itemId! || x.version - y.version),
    });
    for (const id of [ids[0]!, ids[1]!]) {
      expect(await statusOf(id)).toMatchObject({ status: 'approved', approverId: bank2.id, revision: 2 });
      const audits = await approveAudits(id);
      expect(audits).toHaveLength(1);
      expect(audits[0]).toMatchObject({ actorAccountId: bank2.id, entityType: 'bank_item' });
      expect(audits[0]!.summary).toContain('批量审核');
    }
    expect((await statusOf(own[0]!)).status).toBe('draft');
    expect(await approveAudits(own[0]!)).toHaveLength(0);
  });

  it('approves the whole filter only at the count the client was shown; approving version 2 retires version 1', async () => {
    const { bank, ids } = await bankWith(bank1, [item(1), item(2)]);
    // Version 1 of the first item approved, drawn by a paper, then edited: version 2 is a draft.
    expect((await bank2.client.post(`/api/bank-items/${ids[0]}/versions/1/approve`)).statusCode).toBe(200);
    await inSystemTx(t.database.db, (tx) =>
      tx.update(bankItemVersions).set({ usedAt: new Date() }).where(eq(bankItemVersions.itemId, ids[0]!)),
    );
    const edit = await bank1.client.patch(`/api/bank-items/${ids[0]}`, {
      type: 'single',
      stem: '第1题（改）',
      options: [
        { text: '甲', image: null },
        { text: '乙', image: null },
      ],
      answer: 'B',
      difficulty: 3,
      knowledgePoint: '队列',
      version: 1,
      revision: (await statusOf(ids[0]!)).revision,
    });
    expect(edit.json().mode, edit.body).toBe('new_version');
    // bank2's own draft in the same filter.
    await importRows(bank2, bank.id, [item(3)]);
    const queue = await bank2.client.get(`/api/bank-items/queue?bankId=${bank.id}`);
    expect(queue.json()).toMatchObject({ total: 3, ownCount: 1 });

    const stale = await bank2.client.post('/api/bank-items/approve', { filter: { bankId: bank.id }, expectedCount: 2 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('BANK_QUEUE_CHANGED');
    expect(stale.json().error.message).toContain('现有 3 道');
    expect((await statusOf(ids[1]!)).status).toBe('draft');
    const noCount = await bank2.client.post('/api/bank-items/approve', { filter: { bankId: bank.id } });
    expect(noCount.statusCode).toBe(400);

    const res = await bank2.client.post('/api/bank-items/approve', { filter: { bankId: bank.id }, expectedCount: 3 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ matched: 3, succeeded: 2 });
    expect(res.json().skipped).toEqual([expect.objectContaining({ code: 'ITEM_APPROVE_OWN' })]);
    expect((await statusOf(ids[0]!, 2)).status).toBe('approved');
    expect((await statusOf(ids[0]!, 1)).status).toBe('retired');
    expect((await statusOf(ids[1]!)).status).toBe('approved');
    const audits = await approveAudits(ids[0]!);
    expect(audits.at(-1)!.after).toEqual({ status: 'approved', supersededVersions: [1] });
    expect(audits.at(-1)!.summary).toContain('原第1版停用');
    const left = await bank2.client.get(`/api/bank-items/queue?bankId=${bank.id}`);
    expect(left.json()).toMatchObject({ total: 1, ownCount: 1 });
  });

  it('approves 5,000 versions in one request, one transaction', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => item(i));
    const { bank } = await bankWith(bank1, rows);
    const tooMany = await bank2.client.post('/api/bank-items/approve', {
      items: Array.from({ length: 5001 }, (_, i) => ({ itemId: i + 1, version: 1 })),
    });
    expect(tooMany.statusCode).toBe(400);

    const started = performance.now();
    const res = await bank2.client.post('/api/bank-items/approve', {
      filter: { bankId: bank.id },
      expectedCount: 5000,
    });
    const seconds = (performance.now() - started) / 1000;
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ matched: 5000, succeeded: 5000, skipped: [] });
    expect(seconds).toBeLessThan(60);
    const [approved] = await inSystemTx(t.database.db, (tx) =>
      tx
        .select({ n: count() })
        .from(bankItemVersions)
        .where(and(eq(bankItemVersions.status, 'approved'), eq(bankItemVersions.approverId, bank2.id))),
    );
    expect(approved!.n).toBeGreaterThanOrEqual(5000);
    const list = await bank2.client.get(`/api/banks/${bank.id}/items?status=approved&pageSize=1`);
    expect(list.json().total).toBe(5000);
  }, 120_000);

  it('is the bank manager’s alone (403), and the database refuses an author’s approval whatever a service does', async () => {
    const [province] = await t.database.db.select().from(orgNodes).where(eq(orgNodes.id, t.provinceId));
    const admin = await buildAccount(t, province!, 'province_admin');
    const client = await signIn(t, admin.username);
    expect((await client.get('/api/bank-items/queue')).statusCode).toBe(403);
    const refused = await client.post('/api/bank-items/approve', { items: [{ itemId: 1, version: 1 }] });
    expect(refused.statusCode).toBe(403);

    const { ids } = await bankWith(bank1, [item(1)]);
    const error = await inScopedTx(t.database.db, bank1.actor, (tx) =>
      queueRepo.approveVersions(tx, [{ itemId: ids[0]!, version: 1 }], { id: bank1.id, name: '' }, new Date()),
    ).then(
      () => null,
      (e: unknown) => e,
    );
    expect(String((error as { cause?: unknown })?.cause ?? error)).toContain('bank_item_versions_four_eyes');
    expect((await statusOf(ids[0]!)).status).toBe('draft');
  });
});
