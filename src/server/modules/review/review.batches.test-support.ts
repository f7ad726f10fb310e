// Test factories for 汇总上报: applications created through the applications API (so they are real, derived and
// audited), then moved to a review state with a system transaction, as if the levels below had decided.
import { eq, inArray } from 'drizzle-orm';
import type { Client, TestApp } from '../../../../test/setup/harness.js';
import type { ApplicationStatus, Stage } from '../../../domain/review.js';
import { applications, orgNodes } from '../../db/schema.js';
import type { Actor } from '../../platform/context.js';
import type { Role } from '../../platform/permissions.js';
import { inSystemTx } from '../../platform/tx.js';
import { type CampaignFixture, form } from '../applications/applications.test-support.js';

type NodeRow = typeof orgNodes.$inferSelect;

/** Creates and submits one application per spec through POST /api/applications; returns their ids in order. */
export async function submittedApplications(
  client: Client,
  c: CampaignFixture,
  unitId: number,
  specs: readonly Record<string, unknown>[],
): Promise<number[]> {
  const ids: number[] = [];
  for (const spec of specs) {
    const res = await client.post('/api/applications', {
      campaignId: c.campaignId,
      unitId,
      ...form(c, spec),
      submit: true,
    });
    if (res.statusCode !== 201) throw new Error(`create application failed: ${res.statusCode} ${res.body}`);
    ids.push(res.json<{ id: number }>().id);
  }
  return ids;
}

export interface ReviewStatePatch {
  status?: ApplicationStatus;
  returnedTo?: Stage | null;
  departmentBatchId?: number | null;
  jurisdictionBatchId?: number | null;
  verdict?: 'eligible' | 'needs_review' | 'ineligible';
  overruledVerdict?: 'needs_review' | 'ineligible' | null;
}

/** Sets review columns directly (as the system), standing in for the decisions of the levels below. */
export async function setReviewState(t: TestApp, ids: readonly number[], patch: ReviewStatePatch): Promise<void> {
  await inSystemTx(t.database.db, async (tx) => {
    await tx
      .update(applications)
      .set(patch)
      .where(inArray(applications.id, [...ids]));
  });
}

export async function applicationRows(t: TestApp, ids: readonly number[]) {
  const rows = await inSystemTx(t.database.db, (tx) =>
    tx
      .select()
      .from(applications)
      .where(inArray(applications.id, [...ids])),
  );
  return [...rows].sort((a, b) => a.id - b.id);
}

export async function provinceNode(t: TestApp): Promise<NodeRow> {
  const rows = await inSystemTx(t.database.db, (tx) => tx.select().from(orgNodes).where(eq(orgNodes.id, t.provinceId)));
  return rows[0]!;
}

/** The Actor a service would see for an account (for calling repositories under inScopedTx in tests). */
export function actorFor(account: { id: number; username: string }, node: NodeRow, role: Role): Actor {
  return {
    accountId: account.id,
    username: account.username,
    displayName: `测试${role}`,
    role,
    orgNodeId: node.id,
    orgPath: node.path,
    orgNodeName: node.name,
  };
}
