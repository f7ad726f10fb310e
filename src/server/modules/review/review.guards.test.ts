// The database guards the review chain's moves, not only its rows (issue 10): as the restricted role, with no
// service in between, a unit officer cannot confirm its own application for the province, put it into a batch,
// record a decision at another level or in another name, or write notices to another city. Each refusal is
// PostgreSQL's permission error (SQLSTATE 42501), not just any error.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, findJurisdiction, type TestApp } from '../../../../test/setup/harness.js';
import { allApplicationMoves, CREATIONS } from '../../../domain/application-moves.js';
import type { Tx } from '../../db/client.js';
import { applicationMoves, applicationReviews, applications, notifications, reviewBatches } from '../../db/schema.js';
import type { Actor } from '../../platform/context.js';
import { findPgError } from '../../platform/errors.js';
import { inScopedTx } from '../../platform/tx.js';
import { type CampaignFixture, openCampaign2017 } from '../applications/applications.test-support.js';
import { buildChain, type Chain, insertApplications } from './review.test-support.js';

let t: TestApp;
let c: CampaignFixture;
let chain: Chain;
let unitActor: Actor;

beforeAll(async () => {
  t = await buildTestApp();
  c = await openCampaign2017(t);
  chain = await buildChain(t, '郑州市');
  const [row] = await t.database.db
    .execute(sql`select id from accounts where username = ${chain.accounts.unit}`)
    .then((r) => (r as unknown as { rows: { id: number }[] }).rows);
  unitActor = {
    accountId: row!.id,
    username: chain.accounts.unit,
    displayName: '单位经办人',
    role: 'unit_officer',
    orgNodeId: chain.unit.id,
    orgPath: chain.unit.path,
    orgNodeName: chain.unit.name,
  };
});
afterAll(async () => {
  await t.close();
});

async function submitted(count = 1) {
  return insertApplications(t, {
    campaignId: c.campaignId,
    unit: chain.unit,
    departmentId: chain.department.id,
    jurisdictionId: chain.jurisdiction.id,
    jobTypeId: c.driverId,
    count,
  });
}

/** Runs fn as the unit officer and answers the SQLSTATE it failed with (or 'ok'). */
async function asUnit(fn: (tx: Tx) => Promise<unknown>): Promise<string> {
  try {
    await inScopedTx(t.database.db, unitActor, fn);
    return 'ok';
  } catch (error) {
    return findPgError(error)?.code ?? `not a database error: ${String(error)}`;
  }
}

const update = (id: number, set: Partial<typeof applications.$inferInsert>) => (tx: Tx) =>
  tx.update(applications).set(set).where(eq(applications.id, id));

describe('the database guards the review chain', () => {
  it('holds the moves the domain defines, and no others', async () => {
    const rows = await t.database.db.select().from(applicationMoves);
    expect(rows.length).toBe(allApplicationMoves().length + CREATIONS.length);
    // A few the chain must have, and one it must not.
    const has = (role: string, from: string, to: string) =>
      rows.some((r) => r.role === role && r.fromStatus === from && r.toStatus === to);
    expect(has('unit_officer', 'submitted', 'unit_approved')).toBe(true);
    expect(has('department_reviewer', 'unit_approved', 'department_approved')).toBe(true);
    expect(has('province_admin', 'jurisdiction_approved', 'province_confirmed')).toBe(true);
    expect(has('unit_officer', 'submitted', 'province_confirmed')).toBe(false);
  });

  it('lets the unit make its own move, and refuses every move that is not its to make', async () => {
    const [id] = await submitted();
    expect(await asUnit(update(id!, { status: 'province_confirmed' }))).toBe('42501');
    expect(await asUnit(update(id!, { status: 'department_approved' }))).toBe('42501');
    expect(await asUnit(update(id!, { departmentBatchId: 1 }))).toBe('42501');
    expect(await asUnit(update(id!, { returnCount: 7 }))).toBe('42501');
    expect(await asUnit(update(id!, { rejectReason: 'OTHER' }))).toBe('42501');
    expect(await asUnit(update(id!, { overruledVerdict: 'ineligible' }))).toBe('42501');
    expect(await asUnit(update(id!, { campaignId: c.campaignId + 1 }))).toBe('42501');
    expect(await asUnit(update(id!, { source: 'online' }))).toBe('42501');
    // A rejection needs its reason; with it, the move is the unit's.
    expect(await asUnit(update(id!, { status: 'rejected' }))).toBe('42501');
    expect(await asUnit(update(id!, { status: 'rejected', rejectReason: 'OTHER' }))).toBe('ok');
    // Finished is finished.
    expect(await asUnit(update(id!, { status: 'submitted', rejectReason: null }))).toBe('42501');
    // Ordinary edits that move nothing pass.
    const [other] = await submitted();
    expect(await asUnit(update(other!, { phone: '13900000009' }))).toBe('ok');
    expect(await asUnit(update(other!, { status: 'unit_approved' }))).toBe('ok');
  });

  it('refuses to create an application already far along the chain', async () => {
    const [id] = await submitted();
    const [row] = await t.database.db.select().from(applications).where(eq(applications.id, id!));
    const { id: _id, ...copy } = row!;
    const create = (overrides: Partial<typeof applications.$inferInsert>) => (tx: Tx) =>
      tx.insert(applications).values({ ...copy, idNumber: `${copy.idNumber.slice(0, 14)}9999`, ...overrides });
    expect(await asUnit(create({ status: 'province_confirmed' }))).toBe('42501');
    expect(await asUnit(create({ status: 'draft', returnCount: 2 }))).toBe('42501');
  });

  it('records decisions only at the actor’s own level and in their own name', async () => {
    const [id] = await submitted();
    const review = (overrides: Partial<typeof applicationReviews.$inferInsert>) => (tx: Tx) =>
      tx.insert(applicationReviews).values({
        applicationId: id!,
        campaignId: c.campaignId,
        orgPath: chain.unit.path,
        level: 'unit',
        action: 'approve',
        fromStatus: 'submitted',
        toStatus: 'unit_approved',
        opinion: '同意',
        verdict: 'eligible',
        reviewerAccountId: unitActor.accountId,
        reviewerName: '单位经办人',
        orgNodeId: chain.unit.id,
        orgName: chain.unit.name,
        sealName: chain.unit.name,
        decidedOn: '2017-02-10',
        createdAt: t.clock.now(),
        ...overrides,
      });
    expect(await asUnit(review({ level: 'province' }))).toBe('42501');
    expect(await asUnit(review({ reviewerAccountId: unitActor.accountId + 1 }))).toBe('42501');
    expect(await asUnit(review({}))).toBe('ok');
  });

  it('sends notices only along the actor’s own line, and batches only from the actor’s own node', async () => {
    const ly = await findJurisdiction(t, '洛阳市');
    const notice = (recipientPath: string) => (tx: Tx) =>
      tx.insert(notifications).values({
        recipientPath,
        recipientRoles: ['jurisdiction_admin'],
        kind: 'review_pending',
        title: '伪造',
        body: '伪造',
        createdAt: t.clock.now(),
      });
    expect(await asUnit(notice(ly.path))).toBe('42501');
    expect(await asUnit(notice(chain.jurisdiction.path))).toBe('ok');
    const batch = (tx: Tx) =>
      tx.insert(reviewBatches).values({
        campaignId: c.campaignId,
        batchNo: `forged-${Date.now()}`,
        level: 'department',
        fromNodeId: chain.department.id,
        fromPath: chain.department.path,
        toNodeId: chain.jurisdiction.id,
        applicationCount: 0,
        summary: {},
        submittedBy: unitActor.accountId,
        submittedByName: '单位经办人',
        submittedAt: t.clock.now(),
      });
    expect(await asUnit(batch)).toBe('42501');
  });
});
