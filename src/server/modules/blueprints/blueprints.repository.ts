import { and, asc, eq, sql } from 'drizzle-orm';
import { resultRows, type Tx } from '../../db/client.js';
import { blueprints, jobTypes } from '../../db/schema.js';

// Only gk_bank (题库管理员) may run these: blueprints, banks, pools and papers admit no other role (db/schema.ts,
// migrations 0017 and 0020), and gk_exam_candidates is executable by gk_bank alone.

export type BlueprintRow = typeof blueprints.$inferSelect;
export type Subject = BlueprintRow['subject'];

export interface CandidateGroup {
  jobTypeId: number;
  grade: number;
  count: number;
}

/** The campaign's confirmed candidates, counted per job type and grade (nothing personal). */
export async function candidateGroups(
  tx: Tx,
  campaignId: number,
  filter: { jobTypeId?: number; grade?: number } = {},
): Promise<CandidateGroup[]> {
  const result = await tx.execute(sql`
    select c.job_type_id as "jobTypeId", c.grade, count(*)::int as count
    from gk_exam_candidates(${campaignId}) c
    where (${filter.jobTypeId ?? null}::int is null or c.job_type_id = ${filter.jobTypeId ?? null}::int)
      and (${filter.grade ?? null}::int is null or c.grade = ${filter.grade ?? null}::int)
    group by c.job_type_id, c.grade`);
  return resultRows<CandidateGroup>(result).map((r) => ({
    jobTypeId: Number(r.jobTypeId),
    grade: Number(r.grade),
    count: Number(r.count),
  }));
}

export interface JobTypeInfo {
  id: number;
  versionId: number;
  code: string;
  name: string;
  grades: number[];
}

export async function jobTypesByIds(tx: Tx, ids: readonly number[]): Promise<JobTypeInfo[]> {
  if (ids.length === 0) return [];
  return tx
    .select({
      id: jobTypes.id,
      versionId: jobTypes.versionId,
      code: jobTypes.code,
      name: jobTypes.name,
      grades: jobTypes.grades,
    })
    .from(jobTypes)
    .where(sql`${jobTypes.id} = any(${`{${ids.join(',')}}`}::int[])`);
}

export async function listBlueprints(tx: Tx, campaignId: number): Promise<BlueprintRow[]> {
  return tx.select().from(blueprints).where(eq(blueprints.campaignId, campaignId)).orderBy(asc(blueprints.id));
}

export async function findBlueprint(tx: Tx, id: number): Promise<BlueprintRow | null> {
  const rows = await tx.select().from(blueprints).where(eq(blueprints.id, id));
  return rows[0] ?? null;
}

/** The row, locked until the transaction ends: publish, withdraw, edit and delete queue behind each other. */
export async function lockBlueprint(tx: Tx, id: number): Promise<BlueprintRow | null> {
  const rows = await tx.select().from(blueprints).where(eq(blueprints.id, id)).for('update');
  return rows[0] ?? null;
}

export async function findBlueprintByScope(
  tx: Tx,
  scope: { campaignId: number; subject: Subject; jobTypeId: number | null; grade: number | null },
): Promise<BlueprintRow | null> {
  const rows = await tx
    .select()
    .from(blueprints)
    .where(
      and(
        eq(blueprints.campaignId, scope.campaignId),
        eq(blueprints.subject, scope.subject),
        sql`coalesce(${blueprints.jobTypeId}, 0) = ${scope.jobTypeId ?? 0}`,
        sql`coalesce(${blueprints.grade}, 0) = ${scope.grade ?? 0}`,
      ),
    );
  return rows[0] ?? null;
}

export async function insertBlueprint(tx: Tx, row: typeof blueprints.$inferInsert): Promise<BlueprintRow> {
  const [inserted] = await tx.insert(blueprints).values(row).returning();
  return inserted!;
}

/** Writes the change and bumps the revision. */
export async function updateBlueprint(
  tx: Tx,
  id: number,
  fields: Partial<
    Pick<BlueprintRow, 'definition' | 'status' | 'publishedAt' | 'publishedBy' | 'publishedByName' | 'updatedAt'>
  >,
): Promise<BlueprintRow> {
  const [row] = await tx
    .update(blueprints)
    .set({ ...fields, revision: sql`${blueprints.revision} + 1` })
    .where(eq(blueprints.id, id))
    .returning();
  return row!;
}

export async function deleteBlueprint(tx: Tx, id: number): Promise<void> {
  await tx.delete(blueprints).where(eq(blueprints.id, id));
}

/** Per blueprint: the pools drawn from it (paper generation runs) and the papers drawn. */
export async function usage(
  tx: Tx,
  blueprintIds: readonly number[],
): Promise<Map<number, { pools: number; papers: number }>> {
  const found = new Map<number, { pools: number; papers: number }>();
  if (blueprintIds.length === 0) return found;
  const result = await tx.execute(sql`
    select pp.blueprint_id as "blueprintId", count(distinct pp.id)::int as pools, count(p.id)::int as papers
    from paper_pools pp left join papers p on p.pool_id = pp.id
    where pp.blueprint_id = any(${`{${blueprintIds.join(',')}}`}::int[])
    group by pp.blueprint_id`);
  for (const r of resultRows<{ blueprintId: number; pools: number; papers: number }>(result)) {
    found.set(Number(r.blueprintId), { pools: Number(r.pools), papers: Number(r.papers) });
  }
  return found;
}

/** A bank's approved items counted by type, 知识点 and difficulty: all a sufficiency check needs of them. */
export interface ProfileRow {
  subject: Subject;
  jobTypeId: number | null;
  /** The bank's grade (null: a 职业道德 or 职业能力 bank for every grade). */
  grade: number | null;
  type: 'single' | 'multiple' | 'true_false';
  knowledgePoint: string;
  difficulty: number;
  count: number;
}

/**
 * The approved pools of the given banks, counted, in one statement: every bank of the given common subjects (职业道德,
 * 职业能力), and the job-type banks (岗位技能, 专业基础知识) of the given job types. The rows are those banks.service's approvedPool loads (one approved
 * version per item, in the bank of the scope), grouped instead of listed: blueprints.test.ts holds them equal.
 */
export async function poolProfiles(
  tx: Tx,
  filter: { subjects: readonly Subject[]; jobTypeIds: readonly number[] },
): Promise<ProfileRow[]> {
  const common = filter.subjects.filter((s) => s !== 'skill' && s !== 'basics');
  const result = await tx.execute(sql`
    select b.subject, b.job_type_id as "jobTypeId", b.grade, v.type, v.knowledge_point as "knowledgePoint",
           v.difficulty, count(*)::int as count
    from question_banks b
    join bank_items i on i.bank_id = b.id
    join bank_item_versions v on v.item_id = i.id and v.status = 'approved'
    where (b.subject::text = any(${`{${common.join(',')}}`}::text[]))
       or (b.subject::text in ('skill', 'basics') and b.job_type_id = any(${`{${filter.jobTypeIds.join(',')}}`}::int[]))
    group by b.subject, b.job_type_id, b.grade, v.type, v.knowledge_point, v.difficulty`);
  return resultRows<ProfileRow>(result).map((r) => ({
    subject: r.subject,
    jobTypeId: r.jobTypeId === null ? null : Number(r.jobTypeId),
    grade: r.grade === null ? null : Number(r.grade),
    type: r.type,
    knowledgePoint: r.knowledgePoint,
    difficulty: Number(r.difficulty),
    count: Number(r.count),
  }));
}
