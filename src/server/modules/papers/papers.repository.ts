import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Subject } from '../../../domain/items.js';
import { type Db, resultRows, type Tx } from '../../db/client.js';
import { copyBinaryRows } from '../../db/copy-binary.js';
import { blueprints, paperPools, papers } from '../../db/schema.js';

// Only gk_bank (题库管理员) may run these: blueprints, pools and papers admit no other role (migration 0020), and
// gk_exam_candidates / gk_exam_candidate are granted to gk_bank alone.

export type BlueprintRow = typeof blueprints.$inferSelect;
export type PoolRow = typeof paperPools.$inferSelect;
export type PaperRow = typeof papers.$inferSelect;
export type PaperInsert = typeof papers.$inferInsert;
export type PoolInsert = typeof paperPools.$inferInsert;

/**
 * One generation per campaign at a time, across processes: a transaction-scoped advisory lock, tried, never
 * waited for (a second run is refused rather than holding a connection for the first one's minute).
 */
export async function tryLockCampaignGeneration(tx: Tx, campaignId: number): Promise<boolean> {
  const result = await tx.execute(
    sql`select pg_try_advisory_xact_lock(hashtext('gk.papers.generate'), ${campaignId}::int) as locked`,
  );
  return resultRows<{ locked: boolean }>(result)[0]?.locked === true;
}

export interface CandidateRow {
  applicationId: number;
  jobTypeId: number;
  grade: number;
}

/** The campaign's confirmed candidates (五级 to 二级), by application id. */
export async function listCandidates(tx: Tx, campaignId: number): Promise<CandidateRow[]> {
  const result = await tx.execute(sql`
    select application_id as "applicationId", job_type_id as "jobTypeId", grade
    from gk_exam_candidates(${campaignId}) order by application_id`);
  return resultRows<CandidateRow>(result).map((r) => ({
    applicationId: Number(r.applicationId),
    jobTypeId: Number(r.jobTypeId),
    grade: Number(r.grade),
  }));
}

export interface CandidateIdentity extends CandidateRow {
  name: string;
  idNumberMasked: string;
  unitName: string;
}

/** One confirmed candidate's masked identity, or null (not confirmed in this campaign, or no such application). */
export async function findCandidate(
  tx: Tx,
  campaignId: number,
  applicationId: number,
): Promise<CandidateIdentity | null> {
  const result = await tx.execute(sql`
    select application_id as "applicationId", name, id_number_masked as "idNumberMasked", unit_name as "unitName",
           job_type_id as "jobTypeId", grade
    from gk_exam_candidate(${campaignId}, ${applicationId})`);
  const row = resultRows<CandidateIdentity>(result)[0];
  return row
    ? { ...row, applicationId: Number(row.applicationId), jobTypeId: Number(row.jobTypeId), grade: Number(row.grade) }
    : null;
}

export async function listBlueprints(tx: Tx, campaignId: number): Promise<BlueprintRow[]> {
  return tx.select().from(blueprints).where(eq(blueprints.campaignId, campaignId));
}

/**
 * The blueprints a generation draws from, locked against change until it commits (publishing, withdrawing and
 * editing update the row, so they wait for the papers, and a withdrawal then sees them).
 */
export async function lockBlueprints(tx: Tx, ids: readonly number[]): Promise<BlueprintRow[]> {
  if (ids.length === 0) return [];
  return tx
    .select()
    .from(blueprints)
    .where(inArray(blueprints.id, [...ids]))
    .for('share');
}

/** Which candidates already have which subject's paper (sitting 1). */
export async function listPaperKeys(
  tx: Tx,
  campaignId: number,
): Promise<{ applicationId: number; subject: Subject }[]> {
  return tx
    .select({ applicationId: papers.applicationId, subject: papers.subject })
    .from(papers)
    .where(and(eq(papers.campaignId, campaignId), eq(papers.sitting, 1)));
}

export async function findPoolByDigest(tx: Tx, blueprintId: number, digest: string): Promise<{ id: number } | null> {
  const rows = await tx
    .select({ id: paperPools.id })
    .from(paperPools)
    .where(and(eq(paperPools.blueprintId, blueprintId), eq(paperPools.digest, digest)));
  return rows[0] ?? null;
}

export async function insertPool(tx: Tx, values: PoolInsert): Promise<{ id: number }> {
  const [row] = await tx.insert(paperPools).values(values).returning({ id: paperPools.id });
  return row!;
}

/** Writes papers; one a candidate already has (unique per application, subject and sitting) is skipped. */
export async function insertPapers(tx: Tx, rows: readonly PaperInsert[]): Promise<number> {
  if (rows.length === 0) return 0;
  const written = await tx
    .insert(papers)
    .values([...rows])
    .onConflictDoNothing({ target: [papers.applicationId, papers.subject, papers.sitting] })
    .returning({ id: papers.id });
  return written.length;
}

export interface ScopeCount {
  jobTypeId: number;
  grade: number;
  candidates: number;
  skill: number;
  ethics: number;
  ability: number;
  basics: number;
}

/** Candidates and their papers (sitting 1) per job type × grade (一级: 职业道德 and 专业基础知识 only). */
export async function countByScope(tx: Tx, campaignId: number): Promise<ScopeCount[]> {
  const result = await tx.execute(sql`
    select c.job_type_id as "jobTypeId", c.grade, count(*)::int as candidates,
           count(sk.id)::int as skill, count(et.id)::int as ethics, count(ab.id)::int as ability,
           count(ba.id)::int as basics
    from gk_exam_candidates(${campaignId}) c
    left join papers sk on sk.application_id = c.application_id and sk.subject = 'skill' and sk.sitting = 1
    left join papers et on et.application_id = c.application_id and et.subject = 'ethics' and et.sitting = 1
    left join papers ab on ab.application_id = c.application_id and ab.subject = 'ability' and ab.sitting = 1
    left join papers ba on ba.application_id = c.application_id and ba.subject = 'basics' and ba.sitting = 1
    group by c.job_type_id, c.grade
    order by c.job_type_id, c.grade desc`);
  return resultRows<ScopeCount>(result).map((r) => ({
    jobTypeId: Number(r.jobTypeId),
    grade: Number(r.grade),
    candidates: Number(r.candidates),
    skill: Number(r.skill),
    ethics: Number(r.ethics),
    ability: Number(r.ability),
    basics: Number(r.basics),
  }));
}

export interface PaperFilter {
  subject?: Subject;
  jobTypeId?: number;
  grade?: number;
  applicationId?: number;
  page: number;
  pageSize: number;
}

export interface PaperListRow {
  id: number;
  applicationId: number;
  subject: Subject;
  sitting: number;
  jobTypeId: number | null;
  grade: number | null;
  itemCount: number;
  meanDifficulty: number;
  createdAt: Date;
}

/** A page of a campaign's papers (metadata only), with the candidate's job type and grade. */
export async function listPapers(
  tx: Tx,
  campaignId: number,
  filter: PaperFilter,
): Promise<{ items: PaperListRow[]; total: number }> {
  const conditions: SQL[] = [sql`p.campaign_id = ${campaignId}`];
  if (filter.subject) conditions.push(sql`p.subject = ${filter.subject}`);
  if (filter.jobTypeId !== undefined) conditions.push(sql`c.job_type_id = ${filter.jobTypeId}`);
  if (filter.grade !== undefined) conditions.push(sql`c.grade = ${filter.grade}`);
  if (filter.applicationId !== undefined) conditions.push(sql`p.application_id = ${filter.applicationId}`);
  const where = sql.join(conditions, sql` and `);
  const from = sql`papers p left join gk_exam_candidates(${campaignId}) c on c.application_id = p.application_id`;
  const rows = resultRows<PaperListRow & { total: number }>(
    await tx.execute(sql`
      select p.id, p.application_id as "applicationId", p.subject, p.sitting, c.job_type_id as "jobTypeId", c.grade,
             p.item_count as "itemCount", p.mean_difficulty as "meanDifficulty", p.created_at as "createdAt",
             count(*) over ()::int as total
      from ${from}
      where ${where}
      order by p.application_id, p.subject, p.sitting
      limit ${filter.pageSize} offset ${(filter.page - 1) * filter.pageSize}`),
  );
  let total = rows[0]?.total;
  if (total === undefined) {
    // Past the last page: count alone.
    const counted = resultRows<{ n: number }>(
      await tx.execute(sql`select count(*)::int as n from ${from} where ${where}`),
    );
    total = counted[0]?.n ?? 0;
  }
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      applicationId: Number(r.applicationId),
      subject: r.subject,
      sitting: Number(r.sitting),
      jobTypeId: r.jobTypeId === null ? null : Number(r.jobTypeId),
      grade: r.grade === null ? null : Number(r.grade),
      itemCount: Number(r.itemCount),
      meanDifficulty: Number(r.meanDifficulty),
      createdAt: new Date(r.createdAt),
    })),
    total: Number(total),
  };
}

export async function findPaperWithPool(tx: Tx, id: number): Promise<{ paper: PaperRow; pool: PoolRow } | null> {
  const rows = await tx
    .select({ paper: papers, pool: paperPools })
    .from(papers)
    .innerJoin(paperPools, eq(paperPools.id, papers.poolId))
    .where(eq(papers.id, id));
  return rows[0] ?? null;
}

/** One paper row (without its pool snapshot, which is large). */
export async function findPaperRow(tx: Db | Tx, id: number): Promise<PaperRow | null> {
  const rows = await tx.select().from(papers).where(eq(papers.id, id));
  return rows[0] ?? null;
}

/** A candidate's papers of one sitting for the given subjects. */
export async function findCandidatePapers(
  tx: Tx,
  applicationId: number,
  subjects: readonly PaperRow['subject'][],
  sitting: number,
): Promise<PaperRow[]> {
  if (subjects.length === 0) return [];
  return tx
    .select()
    .from(papers)
    .where(
      and(eq(papers.applicationId, applicationId), inArray(papers.subject, [...subjects]), eq(papers.sitting, sitting)),
    );
}

/**
 * findPaperContents on a PostgreSQL server, outside any transaction (papers never change once drawn), by COPY in
 * binary: the sealed bytes cross as they are stored, with no base64 for the server to write and the process to read.
 */
export async function copyPaperContents(
  db: Db,
  ids: readonly number[],
): Promise<Pick<PaperRow, 'id' | 'applicationId' | 'subject' | 'sitting' | 'content'>[]> {
  if (ids.length === 0) return [];
  if (!ids.every((id) => Number.isSafeInteger(id))) throw new Error('copyPaperContents: ids must be integers');
  // COPY takes no parameters: the ids are written into the statement, integers only (checked above).
  const rows = await copyBinaryRows(
    db,
    `select id, application_id, subject::text, sitting::int, content from papers
     where id = any('{${ids.join(',')}}'::int[])`,
  );
  return rows.map(([id, applicationId, subject, sitting, content]) => ({
    id: id!.readInt32BE(0),
    applicationId: applicationId!.readInt32BE(0),
    subject: subject!.toString('utf8') as Subject,
    sitting: sitting!.readInt32BE(0),
    content: content!,
  }));
}

/**
 * The sealed contents of papers by id (the re-score's batches): only what unsealing needs, the content as base64
 * (a third less on the wire than bytea's hex text).
 */
export async function findPaperContents(
  tx: Tx,
  ids: readonly number[],
): Promise<Pick<PaperRow, 'id' | 'applicationId' | 'subject' | 'sitting' | 'content'>[]> {
  if (ids.length === 0) return [];
  const rows = resultRows<{ id: number; application_id: number; subject: Subject; sitting: number; content: string }>(
    await tx.execute(sql`
      select id, application_id, subject, sitting, encode(content, 'base64') as content from papers
      where id = any(${`{${ids.join(',')}}`}::int[])`),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    applicationId: Number(r.application_id),
    subject: r.subject,
    sitting: Number(r.sitting),
    content: Buffer.from(r.content, 'base64'),
  }));
}
