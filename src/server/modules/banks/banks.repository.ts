import { and, asc, count, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { Subject } from '../../../domain/items.js';
import { type Db, resultRows, type Tx } from '../../db/client.js';
import { bankItems, bankItemVersions, jobTypes, questionBanks } from '../../db/schema.js';

// Only gk_bank (题库管理员) may run these: the tables admit no other role (db/schema.ts, migration 0017).

export type BankRow = typeof questionBanks.$inferSelect;
export type BankItemRow = typeof bankItems.$inferSelect;
export type ItemVersionRow = typeof bankItemVersions.$inferSelect;
export type ItemVersionWithBank = ItemVersionRow & { bankId: number; currentVersion: number };
export type BankListRow = BankRow & {
  jobTypeName: string | null;
  catalogVersionId: number | null;
  itemCount: number;
  approvedCount: number;
};

export async function listBanks(tx: Tx): Promise<BankListRow[]> {
  const rows = await tx
    .select({
      bank: questionBanks,
      jobTypeName: jobTypes.name,
      catalogVersionId: jobTypes.versionId,
      itemCount: sql<number>`(select count(*)::int from bank_items i where i.bank_id = ${questionBanks.id})`,
      approvedCount: sql<number>`(select count(distinct v.item_id)::int from bank_items i join bank_item_versions v on v.item_id = i.id where i.bank_id = ${questionBanks.id} and v.status = 'approved')`,
    })
    .from(questionBanks)
    .leftJoin(jobTypes, eq(jobTypes.id, questionBanks.jobTypeId))
    .orderBy(asc(questionBanks.subject), asc(questionBanks.name), asc(questionBanks.id));
  return rows.map((r) => ({
    ...r.bank,
    jobTypeName: r.jobTypeName,
    catalogVersionId: r.catalogVersionId,
    itemCount: r.itemCount,
    approvedCount: r.approvedCount,
  }));
}

export async function findBank(tx: Tx, id: number): Promise<BankRow | null> {
  const rows = await tx.select().from(questionBanks).where(eq(questionBanks.id, id));
  return rows[0] ?? null;
}

/** A bank with the same subject, job type and grade, or the same name. */
export async function findClashingBank(
  tx: Tx,
  bank: Pick<BankRow, 'subject' | 'jobTypeId' | 'grade' | 'name'>,
  exceptId?: number,
): Promise<BankRow | null> {
  const rows = await tx
    .select()
    .from(questionBanks)
    .where(
      and(
        sql`((${questionBanks.subject} = ${bank.subject} and coalesce(${questionBanks.jobTypeId}, 0) = ${bank.jobTypeId ?? 0} and coalesce(${questionBanks.grade}, 0) = ${bank.grade ?? 0}) or ${questionBanks.name} = ${bank.name})`,
        exceptId === undefined ? undefined : sql`${questionBanks.id} <> ${exceptId}`,
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

export async function insertBank(tx: Tx, bank: typeof questionBanks.$inferInsert): Promise<BankRow> {
  const [row] = await tx.insert(questionBanks).values(bank).returning();
  return row!;
}

export async function updateBankName(tx: Tx, id: number, name: string, now: Date): Promise<BankRow> {
  const [row] = await tx
    .update(questionBanks)
    .set({ name, updatedAt: now })
    .where(eq(questionBanks.id, id))
    .returning();
  return row!;
}

/** The item row, locked for the change (versions are numbered under this lock). */
export async function lockItem(tx: Tx, id: number): Promise<BankItemRow | null> {
  const rows = await tx.select().from(bankItems).where(eq(bankItems.id, id)).for('update');
  return rows[0] ?? null;
}

export async function setCurrentVersion(tx: Tx, id: number, version: number, now: Date): Promise<void> {
  await tx.update(bankItems).set({ currentVersion: version, updatedAt: now }).where(eq(bankItems.id, id));
}

/** Rows written per INSERT (a version row binds about 15 parameters; PostgreSQL allows 65,535). */
const INSERT_CHUNK = 500;

/**
 * `n` fresh item ids from the items' sequence, in order: an item's content is sealed under its id before the row is
 * written (the seal binds the ciphertext to `item:<id>:v<n>`), so many items are written with two multi-row inserts.
 */
export async function nextItemIds(tx: Tx, n: number): Promise<number[]> {
  if (n === 0) return [];
  const result = await tx.execute(
    sql`select nextval(pg_get_serial_sequence('bank_items', 'id'))::int as id from generate_series(1, ${n}::int)`,
  );
  return resultRows<{ id: number }>(result).map((r) => Number(r.id));
}

/** Items with their ids taken from nextItemIds, and their versions, many rows per statement. */
export async function insertItemsWithVersions(
  tx: Tx,
  items: readonly (typeof bankItems.$inferInsert & { id: number })[],
  versions: readonly (typeof bankItemVersions.$inferInsert)[],
): Promise<ItemVersionRow[]> {
  for (let i = 0; i < items.length; i += INSERT_CHUNK) {
    await tx.insert(bankItems).values(items.slice(i, i + INSERT_CHUNK));
  }
  const written: ItemVersionRow[] = [];
  for (let i = 0; i < versions.length; i += INSERT_CHUNK) {
    written.push(
      ...(await tx
        .insert(bankItemVersions)
        .values(versions.slice(i, i + INSERT_CHUNK))
        .returning()),
    );
  }
  return written;
}

export async function insertVersion(tx: Tx, version: typeof bankItemVersions.$inferInsert): Promise<ItemVersionRow> {
  const [row] = await tx.insert(bankItemVersions).values(version).returning();
  return row!;
}

export async function updateVersion(
  tx: Tx,
  itemId: number,
  version: number,
  changes: Partial<typeof bankItemVersions.$inferInsert>,
): Promise<ItemVersionRow> {
  const [row] = await tx
    .update(bankItemVersions)
    .set({ ...changes, revision: sql`${bankItemVersions.revision} + 1` })
    .where(and(eq(bankItemVersions.itemId, itemId), eq(bankItemVersions.version, version)))
    .returning();
  return row!;
}

/** Retires the item's approved versions before `version` (approving a newer one supersedes them). */
export async function retireEarlierApproved(tx: Tx, itemId: number, version: number, now: Date): Promise<number[]> {
  const rows = await tx
    .update(bankItemVersions)
    .set({ status: 'retired', retiredAt: now, updatedAt: now })
    .where(
      and(
        eq(bankItemVersions.itemId, itemId),
        eq(bankItemVersions.status, 'approved'),
        sql`${bankItemVersions.version} < ${version}`,
      ),
    )
    .returning({ version: bankItemVersions.version });
  return rows.map((r) => r.version);
}

const versionWithBank = {
  version: bankItemVersions,
  bankId: bankItems.bankId,
  currentVersion: bankItems.currentVersion,
};

export async function findVersion(tx: Tx, itemId: number, version: number): Promise<ItemVersionWithBank | null> {
  const rows = await tx
    .select(versionWithBank)
    .from(bankItemVersions)
    .innerJoin(bankItems, eq(bankItems.id, bankItemVersions.itemId))
    .where(and(eq(bankItemVersions.itemId, itemId), eq(bankItemVersions.version, version)));
  const r = rows[0];
  return r ? { ...r.version, bankId: r.bankId, currentVersion: r.currentVersion } : null;
}

export async function listVersions(tx: Tx, itemId: number): Promise<ItemVersionWithBank[]> {
  const rows = await tx
    .select(versionWithBank)
    .from(bankItemVersions)
    .innerJoin(bankItems, eq(bankItems.id, bankItemVersions.itemId))
    .where(eq(bankItemVersions.itemId, itemId))
    .orderBy(desc(bankItemVersions.version));
  return rows.map((r) => ({ ...r.version, bankId: r.bankId, currentVersion: r.currentVersion }));
}

export interface ItemFilter {
  status?: ItemVersionRow['status'];
  type?: ItemVersionRow['type'];
  knowledgePoint?: string;
  difficulty?: number;
  page: number;
  pageSize: number;
}

/** A page of a bank's items, each as its newest version (metadata and sealed content; the service presents). */
export async function listItems(
  tx: Tx,
  bankId: number,
  filter: ItemFilter,
): Promise<{ items: ItemVersionWithBank[]; total: number }> {
  const conditions: (SQL | undefined)[] = [
    eq(bankItems.bankId, bankId),
    filter.status ? eq(bankItemVersions.status, filter.status) : undefined,
    filter.type ? eq(bankItemVersions.type, filter.type) : undefined,
    filter.knowledgePoint ? eq(bankItemVersions.knowledgePoint, filter.knowledgePoint) : undefined,
    filter.difficulty !== undefined ? eq(bankItemVersions.difficulty, filter.difficulty) : undefined,
  ];
  const where = and(...conditions);
  const join = and(eq(bankItemVersions.itemId, bankItems.id), eq(bankItemVersions.version, bankItems.currentVersion));
  const rows = await tx
    .select(versionWithBank)
    .from(bankItems)
    .innerJoin(bankItemVersions, join)
    .where(where)
    .orderBy(asc(bankItems.id))
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize);
  const totals = await tx.select({ n: count() }).from(bankItems).innerJoin(bankItemVersions, join).where(where);
  return {
    items: rows.map((r) => ({ ...r.version, bankId: r.bankId, currentVersion: r.currentVersion })),
    total: Number(totals[0]?.n ?? 0),
  };
}

/**
 * Which banks serve a paper: a 岗位技能 or 专业基础知识 bank of the job type × grade, or the subject's banks for every
 * grade or this one.
 */
export interface PoolScope {
  subject: Subject;
  /** 岗位技能 and 专业基础知识 only. */
  jobTypeId: number | null;
  /** The candidates' grade (1–5). */
  grade: number;
}

export interface ApprovedVersionRow {
  itemId: number;
  version: number;
  type: ItemVersionRow['type'];
  knowledgePoint: string;
  difficulty: number;
  optionCount: number | null;
  /** Only read when optionCount is null (a version written before migration 0020). */
  content: Buffer | null;
}

/**
 * The approved item versions a paper of this scope may draw, sorted by item id. An item has at most one approved
 * version (approving one retires the earlier). Content is fetched only for the rare version lacking option_count.
 */
export async function listApprovedPool(tx: Tx, scope: PoolScope): Promise<ApprovedVersionRow[]> {
  const bankCondition =
    scope.subject === 'skill' || scope.subject === 'basics'
      ? sql`b.subject = ${scope.subject} and b.job_type_id = ${scope.jobTypeId} and b.grade = ${scope.grade}`
      : sql`b.subject = ${scope.subject} and (b.grade is null or b.grade = ${scope.grade})`;
  const result = await tx.execute(sql`
    select v.item_id as "itemId", v.version, v.type, v.knowledge_point as "knowledgePoint", v.difficulty,
           v.option_count as "optionCount", case when v.option_count is null then v.content end as content
    from question_banks b
    join bank_items i on i.bank_id = b.id
    join bank_item_versions v on v.item_id = i.id and v.status = 'approved'
    where ${bankCondition}
    order by v.item_id, v.version`);
  return resultRows<ApprovedVersionRow>(result).map((r) => ({
    ...r,
    difficulty: Number(r.difficulty),
    optionCount: r.optionCount === null ? null : Number(r.optionCount),
  }));
}

// ─── Papers (the papers module, through banks.service) ─────────────────────────────────────────────────

/** An item version named by a paper. */
export interface VersionRef {
  itemId: number;
  version: number;
}

const intArray = (values: readonly number[]) => `{${values.join(',')}}`;

/**
 * Marks drawn versions used (set-based, one statement): only approved versions not yet used are written. Answers
 * how many were marked now and how many were approved and used already, so that the caller can tell a version
 * that stopped being approved while it was drawn (edited in place, retired) from one that is simply in use.
 */
export async function markVersionsUsed(
  tx: Tx,
  refs: readonly VersionRef[],
  now: Date,
): Promise<{ marked: number; alreadyUsed: number }> {
  if (refs.length === 0) return { marked: 0, alreadyUsed: 0 };
  const result = await tx.execute(sql`
    with drawn(item_id, version) as (
      select * from unnest(${intArray(refs.map((r) => r.itemId))}::int[], ${intArray(refs.map((r) => r.version))}::int[])
    ),
    marked as (
      update bank_item_versions v set used_at = ${now.toISOString()}::timestamptz
      from drawn d
      where v.item_id = d.item_id and v.version = d.version and v.used_at is null and v.status = 'approved'
      returning 1
    )
    select (select count(*) from marked)::int as marked,
           -- A filter, not a WHERE: the planner, expecting no used version, once scanned the table per row.
           (select count(*) filter (where v.used_at is not null and v.status = 'approved')
            from drawn d join bank_item_versions v on v.item_id = d.item_id and v.version = d.version)::int
             as "alreadyUsed"`);
  const row = resultRows<{ marked: number; alreadyUsed: number }>(result)[0];
  return { marked: Number(row?.marked ?? 0), alreadyUsed: Number(row?.alreadyUsed ?? 0) };
}

/** The versions named, with their sealed content (any status: a paper keeps pointing at what it drew). */
export async function findVersionsByRef(tx: Db | Tx, refs: readonly VersionRef[]): Promise<ItemVersionRow[]> {
  if (refs.length === 0) return [];
  const result = await tx.execute(sql`
    select v.item_id as "itemId", v.version, v.type, v.knowledge_point as "knowledgePoint", v.difficulty,
           v.content
    from unnest(${intArray(refs.map((r) => r.itemId))}::int[], ${intArray(refs.map((r) => r.version))}::int[])
      as d(item_id, version)
    join bank_item_versions v on v.item_id = d.item_id and v.version = d.version`);
  return resultRows<ItemVersionRow>(result).map((r) => ({ ...r, difficulty: Number(r.difficulty) }));
}
