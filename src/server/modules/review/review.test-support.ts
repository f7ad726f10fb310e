// Fast fixtures for the review tests (and the batches' tests): many applications in one statement, the accounts
// of a whole chain, and a department's or jurisdiction's 汇总上报 written directly (the batches module is
// tested on its own).

import { eq, sql } from 'drizzle-orm';
import { buildAccount, buildNode, findJurisdiction, type TestApp } from '../../../../test/setup/harness.js';
import { makeIdNumber } from '../../../domain/index.js';
import type { ApplicationStatus } from '../../../domain/review.js';
import { resultRows } from '../../db/client.js';
import { orgNodes, reviewBatchApplications, reviewBatches } from '../../db/schema.js';
import { inSystemTx } from '../../platform/tx.js';

type NodeRow = Awaited<ReturnType<typeof findJurisdiction>>;

export interface Chain {
  province: NodeRow;
  jurisdiction: NodeRow;
  department: NodeRow;
  unit: NodeRow;
  accounts: { unit: string; department: string; jurisdiction: string; province: string };
}

/** A department and a unit under a jurisdiction, with an officer at every level (the province's included). */
export async function buildChain(t: TestApp, jurisdictionName: string, names: { unit?: string } = {}): Promise<Chain> {
  const jurisdiction = await findJurisdiction(t, jurisdictionName);
  const province = await inSystemTx(t.database.db, async (tx) => {
    const [row] = await tx.select().from(orgNodes).where(eq(orgNodes.id, t.provinceId));
    return row!;
  });
  const department = await buildNode(t, jurisdiction, 'department');
  const unit = await buildNode(t, department, 'unit', names.unit);
  const [u, d, j, p] = await Promise.all([
    buildAccount(t, unit, 'unit_officer'),
    buildAccount(t, department, 'department_reviewer'),
    buildAccount(t, jurisdiction, 'jurisdiction_admin'),
    buildAccount(t, province, 'province_admin'),
  ]);
  return {
    province,
    jurisdiction,
    department,
    unit,
    accounts: { unit: u.username, department: d.username, jurisdiction: j.username, province: p.username },
  };
}

let serial = 0;

export interface BulkApplications {
  campaignId: number;
  unit: Pick<NodeRow, 'id' | 'path'>;
  departmentId: number;
  jurisdictionId: number;
  jobTypeId: number;
  count: number;
  status?: ApplicationStatus;
  verdict?: 'eligible' | 'needs_review' | 'ineligible';
  source?: 'unit' | 'import' | 'online';
  applicantAccountId?: number | null;
  departmentBatchId?: number | null;
  jurisdictionBatchId?: number | null;
  returnCount?: number;
  namePrefix?: string;
}

/**
 * Inserts `count` applications for 四级 汽车驾驶员 in one statement (valid, distinct ID numbers; eligible by
 * default) and returns their ids in order. Bypasses the services: for review tests that need many rows fast.
 */
export async function insertApplications(t: TestApp, spec: BulkApplications): Promise<number[]> {
  const ids: string[] = [];
  const base = ++serial * 100_000;
  for (let i = 0; i < spec.count; i++) {
    // Birth dates spread over 1970–1989 and sequence numbers keep the numbers distinct across calls.
    const n = base + i;
    const year = 1970 + (n % 20);
    const day = String((Math.floor(n / 20) % 28) + 1).padStart(2, '0');
    const month = String((Math.floor(n / 560) % 12) + 1).padStart(2, '0');
    const seq = String(Math.floor(n / 6720) % 1000).padStart(3, '0');
    ids.push(makeIdNumber(`410105${year}${month}${day}${seq}`));
  }
  const status = spec.status ?? 'submitted';
  const now = t.clock.now().toISOString();
  const prefix = spec.namePrefix ?? '申报人';
  const rows = await inSystemTx(t.database.db, async (tx) =>
    resultRows<{ id: number }>(
      await tx.execute(sql`
        insert into applications (campaign_id, unit_id, org_path, department_id, jurisdiction_id,
          applicant_account_id, source, status, id_number, name, sex, birth_date, education, work_start_month,
          work_years, regularized_month, current_job_type, applied_job_type_id, applied_grade, verdict, findings,
          submitted_at, return_count, department_batch_id, jurisdiction_batch_id, created_at, updated_at)
        select ${spec.campaignId}, ${spec.unit.id}, ${spec.unit.path}, ${spec.departmentId}, ${spec.jurisdictionId},
          ${spec.applicantAccountId ?? null}::int, ${spec.source ?? 'unit'}::application_source,
          ${status}::application_status, v.id_number,
          ${prefix} || translate(v.i::text, '0123456789', '〇一二三四五六七八九'), 'male',
          to_date(substr(v.id_number, 7, 8), 'YYYYMMDD'), 'senior_high', '2005-07', 12, '2006-07', '汽车驾驶员',
          ${spec.jobTypeId}, 4, ${spec.verdict ?? 'eligible'},
          ${spec.verdict && spec.verdict !== 'eligible' ? JSON.stringify([{ code: 'TEST', severity: spec.verdict === 'ineligible' ? 'error' : 'review', message: '测试发现' }]) : '[]'}::jsonb,
          ${status === 'draft' ? null : now}::timestamptz, ${spec.returnCount ?? 0},
          ${spec.departmentBatchId ?? null}::int, ${spec.jurisdictionBatchId ?? null}::int,
          ${now}::timestamptz, ${now}::timestamptz
        from unnest(${`{${ids.join(',')}}`}::text[]) with ordinality as v(id_number, i)
        order by v.i
        returning id`),
    ),
  );
  return rows.map((r) => Number(r.id)).sort((x, y) => x - y);
}

/**
 * A 汇总上报 batch written directly: marks the applications as sent up by `level` (department_batch_id or
 * jurisdiction_batch_id) and returns the batch id.
 */
export async function sendUp(
  t: TestApp,
  args: {
    campaignId: number;
    level: 'department' | 'jurisdiction';
    from: Pick<NodeRow, 'id' | 'path'>;
    toId: number;
    applicationIds: readonly number[];
  },
): Promise<number> {
  return inSystemTx(t.database.db, async (tx) => {
    const now = t.clock.now();
    const [batch] = await tx
      .insert(reviewBatches)
      .values({
        campaignId: args.campaignId,
        batchNo: `T-${args.level}-${args.from.id}-${++serial}`,
        level: args.level,
        fromNodeId: args.from.id,
        fromPath: args.from.path,
        toNodeId: args.toId,
        applicationCount: args.applicationIds.length,
        summary: {},
        submittedBy: 0,
        submittedByName: '测试',
        submittedAt: now,
      })
      .returning({ id: reviewBatches.id });
    if (args.applicationIds.length > 0) {
      await tx
        .insert(reviewBatchApplications)
        .values(args.applicationIds.map((applicationId) => ({ batchId: batch!.id, applicationId })));
    }
    const column = args.level === 'department' ? sql`department_batch_id` : sql`jurisdiction_batch_id`;
    await tx.execute(
      sql`update applications set ${column} = ${batch!.id} where id = any(${`{${args.applicationIds.join(',')}}`}::int[])`,
    );
    return batch!.id;
  });
}

/** The review columns of an application, read as the system. */
export async function reviewColumns(t: TestApp, id: number) {
  return inSystemTx(t.database.db, async (tx) => {
    const rows = resultRows<{
      status: ApplicationStatus;
      returned_to: string | null;
      return_count: number;
      reject_reason: string | null;
      overruled_verdict: string | null;
      department_batch_id: number | null;
      jurisdiction_batch_id: number | null;
      version: number;
    }>(
      await tx.execute(
        sql`select status, returned_to, return_count, reject_reason, overruled_verdict, department_batch_id,
              jurisdiction_batch_id, version from applications where id = ${id}`,
      ),
    );
    return rows[0]!;
  });
}
