/**
 * The certificates' SQL. Officials' work (issue, list, print, revoke) runs in their scoped transaction, so row-level
 * security on certificates (org_path) and on score_results / applications keeps each office to its subtree; the
 * public verification reads one certificate by number in a system transaction.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { ResultTrack } from '../../../domain/result-tracks.js';
import type { PassLines } from '../../../domain/scores.js';
import type { Tx } from '../../db/client.js';
import { resultRows } from '../../db/client.js';
import { certificates } from '../../db/schema.js';
import { gradePassedSql, SCORE_ROW } from '../../db/verdict.js';

export type CertificateRow = typeof certificates.$inferSelect;
export type NewCertificate = typeof certificates.$inferInsert;

export interface CampaignRef {
  id: number;
  name: string;
  year: number;
  status: string;
  examSettings: unknown;
  /** When each result track was released (score_states per track); null while not. */
  released: Record<ResultTrack, Date | null>;
}

export async function findCampaign(tx: Tx, id: number): Promise<CampaignRef | null> {
  const rows = resultRows<{
    id: number;
    name: string;
    year: number;
    status: string;
    exam_settings: unknown;
    regular: string | Date | null;
    grade1: string | Date | null;
  }>(
    await tx.execute(sql`
      select c.id, c.name, c.year, c.status, c.exam_settings,
        (select s.released_at from score_states s where s.campaign_id = c.id and s.track = 'regular') as regular,
        (select s.released_at from score_states s where s.campaign_id = c.id and s.track = 'grade1') as grade1
      from campaigns c where c.id = ${id}`),
  );
  const r = rows[0];
  const d = (v: string | Date | null) => (v === null ? null : new Date(v));
  return r
    ? {
        id: Number(r.id),
        name: r.name,
        year: Number(r.year),
        status: r.status,
        examSettings: r.exam_settings,
        released: { regular: d(r.regular), grade1: d(r.grade1) },
      }
    : null;
}

export interface NodeRef {
  id: number;
  name: string;
  kind: string;
  path: string;
}

/** An org node as the transaction sees it (its subtree and ancestors under row-level security). */
export async function findNode(tx: Tx, id: number): Promise<NodeRef | null> {
  const rows = resultRows<NodeRef>(await tx.execute(sql`select id, name, kind, path from org_nodes where id = ${id}`));
  const r = rows[0];
  return r ? { ...r, id: Number(r.id) } : null;
}

/** 发证机关: the province node's name (河南省人力资源和社会保障厅; every official reads their ancestors). */
export async function provinceName(tx: Tx): Promise<string> {
  const rows = resultRows<{ name: string }>(
    await tx.execute(sql`select name from org_nodes where kind = 'province' order by id limit 1`),
  );
  return rows[0]?.name ?? '河南省人力资源和社会保障厅';
}

export interface QualifiedCandidate {
  applicationId: number;
  name: string;
  idNumber: string;
  jobTypeId: number;
  jobTypeName: string;
  grade: number;
  jurisdictionId: number;
  unitId: number;
  orgPath: string;
  /** The jurisdiction's 行政区划代码; 410000 for 省直 and 中央驻豫 (whose nodes have none). */
  regionCode: string;
  /** Whether any certificate (valid or revoked) was issued for this application. */
  hasCertificate: boolean;
}

/**
 * 可发证考生: who may hold a certificate of this campaign, within `pathPrefix` (and the transaction's subtree).
 *
 * THE eligibility rule for issuing, in one place: the candidate's result track is released (score_states of the
 * track of their grade: 一级 or 五级至二级), and the candidate's grade verdict is passed (every result subject of the
 * grade scored at or above its pass line: 五级 to 二级 three exam subjects, 一级 职业道德, 专业基础知识 and the panel's
 * 综合评审; db/verdict.ts, as domain/scores.ts gradePasses and the score table's `passed` say). The lead will join
 * this with the publicity (公示)
 * list: a person struck there after an objection is to be excluded here, so every issue path reads this function.
 * `missingOnly` keeps those who never had a certificate of it (a revoked one counts as had: revocation is deliberate,
 * a lost one is reissued explicitly). `tracks` keeps the candidates of those result tracks only (the ones whose
 * publicity does not hold certificates); `ignoreRelease` counts the passers of unreleased tracks too (how many wait).
 */
export async function qualifiedCandidates(
  tx: Tx,
  campaignId: number,
  lines: PassLines,
  options: {
    pathPrefix?: string | undefined;
    missingOnly?: boolean;
    tracks?: readonly ResultTrack[];
    ignoreRelease?: boolean;
  } = {},
): Promise<QualifiedCandidate[]> {
  const within = options.pathPrefix ? sql`and starts_with(r.org_path, ${options.pathPrefix})` : sql``;
  const trackOf = sql`(case when r.grade = 1 then 'grade1' else 'regular' end)`;
  const inTracks = options.tracks ? sql`and ${trackOf} = any(${`{${options.tracks.join(',')}}`}::text[])` : sql``;
  const released = options.ignoreRelease
    ? sql``
    : sql`and exists (select 1 from score_states s where s.campaign_id = ${campaignId} and s.released_at is not null
          and s.track = (case when p.grade = 1 then 'grade1' else 'regular' end))`;
  const missing = options.missingOnly
    ? sql`and not exists (select 1 from certificates c where c.application_id = a.id)`
    : sql``;
  const rows = resultRows<{
    application_id: number;
    name: string;
    id_number: string;
    job_type_id: number;
    job_type_name: string;
    grade: number;
    jurisdiction_id: number;
    unit_id: number;
    org_path: string;
    region_code: string;
    has_certificate: boolean;
  }>(
    await tx.execute(sql`
      with passed as (
        select r.application_id, r.grade from score_results r
        where r.campaign_id = ${campaignId} ${within}
          ${inTracks}
        group by r.application_id, r.grade
        having ${gradePassedSql(SCORE_ROW, lines)}
      )
      select a.id as application_id, a.name, a.id_number, a.applied_job_type_id as job_type_id,
        j.name as job_type_name, p.grade, a.jurisdiction_id, a.unit_id, a.org_path,
        coalesce(nullif(trim(jn.code), ''), '410000') as region_code,
        exists (select 1 from certificates c where c.application_id = a.id) as has_certificate
      from passed p join applications a on a.id = p.application_id
        join job_types j on j.id = a.applied_job_type_id
        join org_nodes jn on jn.id = a.jurisdiction_id
      where true
        ${released}
        ${missing}
      order by 10, a.org_path, a.id`),
  );
  return rows.map((r) => ({
    applicationId: Number(r.application_id),
    name: r.name,
    idNumber: r.id_number,
    jobTypeId: Number(r.job_type_id),
    jobTypeName: r.job_type_name,
    grade: Number(r.grade),
    jurisdictionId: Number(r.jurisdiction_id),
    unitId: Number(r.unit_id),
    orgPath: r.org_path,
    regionCode: r.region_code,
    hasCertificate: Boolean(r.has_certificate),
  }));
}

/**
 * Takes `count` serials of (year, region) and returns the first: the counter row is created or counted up by one
 * upsert, which holds its row lock until the transaction ends, so a concurrent batch waits and then takes the next
 * range (and a rolled-back batch gives its range back). Null when the 99999 serials of the year would run out.
 */
export async function takeSerials(tx: Tx, year: number, regionCode: string, count: number): Promise<number | null> {
  try {
    const rows = resultRows<{ last: number }>(
      await tx.execute(sql`
        insert into certificate_serials (year, region_code, last) values (${year}, ${regionCode}, ${count})
        on conflict (year, region_code) do update set last = certificate_serials.last + excluded.last
        returning last`),
    );
    return Number(rows[0]!.last) - count + 1;
  } catch (error) {
    if ((error as { code?: string }).code === '23514') return null;
    throw error;
  }
}

export async function insertCertificates(tx: Tx, rows: readonly NewCertificate[]): Promise<CertificateRow[]> {
  const out: CertificateRow[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    out.push(
      ...(await tx
        .insert(certificates)
        .values(rows.slice(i, i + 500))
        .returning()),
    );
  }
  return out;
}

/** Serialises the batches of one campaign (two at once would both see the same candidates missing). */
export async function lockCampaignIssue(tx: Tx, campaignId: number): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('gk.certificates'), ${campaignId}::int)`);
}

export interface CertificateFilter {
  pathPrefix?: string | undefined;
  status?: 'valid' | 'revoked' | undefined;
  grade?: number | undefined;
  /** Number, name or ID number (contains). */
  q?: string | undefined;
}

function whereOf(campaignId: number, f: CertificateFilter) {
  const where = [sql`c.campaign_id = ${campaignId}`];
  if (f.pathPrefix) where.push(sql`starts_with(c.org_path, ${f.pathPrefix})`);
  if (f.status) where.push(sql`c.status = ${f.status}`);
  if (f.grade !== undefined) where.push(sql`c.grade = ${f.grade}`);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    where.push(sql`(c.number like ${like} or c.holder_name like ${like} or c.id_number like ${like})`);
  }
  return sql.join(where, sql` and `);
}

export interface ListedCertificate {
  id: number;
  number: string;
  holderName: string;
  idNumber: string;
  jobTypeName: string;
  grade: number;
  issuedOn: string;
  status: string;
  revokeReason: string | null;
  revokedAt: Date | null;
  replacesId: number | null;
  replacedById: number | null;
  jurisdictionId: number;
  jurisdictionName: string;
  unitName: string;
}

export async function listCertificates(
  tx: Tx,
  campaignId: number,
  filter: CertificateFilter,
  page: { offset: number; limit: number },
): Promise<{ total: number; rows: ListedCertificate[] }> {
  const where = whereOf(campaignId, filter);
  const [count] = resultRows<{ n: number }>(
    await tx.execute(sql`select count(*)::int as n from certificates c where ${where}`),
  );
  const rows = resultRows<{
    id: number;
    number: string;
    holder_name: string;
    id_number: string;
    job_type_name: string;
    grade: number;
    issued_on: string | Date;
    status: string;
    revoke_reason: string | null;
    revoked_at: string | Date | null;
    replaces_id: number | null;
    replaced_by_id: number | null;
    jurisdiction_id: number;
    jurisdiction_name: string | null;
    unit_name: string | null;
  }>(
    await tx.execute(sql`
      select c.id, c.number, c.holder_name, c.id_number, c.job_type_name, c.grade, c.issued_on::text as issued_on,
        c.status, c.revoke_reason, c.revoked_at, c.replaces_id,
        (select n.id from certificates n where n.replaces_id = c.id limit 1) as replaced_by_id,
        c.jurisdiction_id, j.name as jurisdiction_name, u.name as unit_name
      from certificates c left join org_nodes j on j.id = c.jurisdiction_id left join org_nodes u on u.id = c.unit_id
      where ${where}
      order by c.number limit ${page.limit} offset ${page.offset}`),
  );
  return {
    total: Number(count?.n ?? 0),
    rows: rows.map((r) => ({
      id: Number(r.id),
      number: r.number,
      holderName: r.holder_name,
      idNumber: r.id_number,
      jobTypeName: r.job_type_name,
      grade: Number(r.grade),
      issuedOn: String(r.issued_on).slice(0, 10),
      status: r.status,
      revokeReason: r.revoke_reason,
      revokedAt: r.revoked_at === null ? null : new Date(r.revoked_at),
      replacesId: r.replaces_id === null ? null : Number(r.replaces_id),
      replacedById: r.replaced_by_id === null ? null : Number(r.replaced_by_id),
      jurisdictionId: Number(r.jurisdiction_id),
      jurisdictionName: r.jurisdiction_name ?? '',
      unitName: r.unit_name ?? '',
    })),
  };
}

/** Valid and revoked certificates of the campaign within the prefix. */
export async function countCertificates(
  tx: Tx,
  campaignId: number,
  pathPrefix: string | undefined,
): Promise<{ valid: number; revoked: number }> {
  const rows = resultRows<{ valid: number; revoked: number }>(
    await tx.execute(sql`
      select count(*) filter (where c.status = 'valid')::int as valid,
        count(*) filter (where c.status = 'revoked')::int as revoked
      from certificates c where ${whereOf(campaignId, { pathPrefix })}`),
  );
  return { valid: Number(rows[0]?.valid ?? 0), revoked: Number(rows[0]?.revoked ?? 0) };
}

export async function findCertificate(tx: Tx, id: number, lock = false): Promise<CertificateRow | null> {
  const query = tx.select().from(certificates).where(eq(certificates.id, id)).limit(1);
  const rows = lock ? await query.for('update') : await query;
  return rows[0] ?? null;
}

export async function revokeCertificate(tx: Tx, id: number, reason: string, now: Date, by: number): Promise<void> {
  await tx.execute(sql`
    update certificates set status = 'revoked', revoke_reason = ${reason}, revoked_at = ${now.toISOString()}::timestamptz,
      revoked_by = ${by}
    where id = ${id}`);
}

/** The valid certificates of the campaign within the prefix, in number order (the print job's pages). */
export async function certificatesToPrint(
  tx: Tx,
  campaignId: number,
  pathPrefix: string | undefined,
): Promise<CertificateRow[]> {
  return tx
    .select()
    .from(certificates)
    .where(
      sql`${certificates.campaignId} = ${campaignId} and ${certificates.status} = 'valid' ${
        pathPrefix ? sql`and starts_with(${certificates.orgPath}, ${pathPrefix})` : sql``
      }`,
    )
    .orderBy(certificates.number);
}

/** One certificate by number, for the public verification (system transaction). */
export async function findByNumber(tx: Tx, number: string): Promise<CertificateRow | null> {
  const rows = await tx.select().from(certificates).where(eq(certificates.number, number)).limit(1);
  return rows[0] ?? null;
}

/**
 * The certificates of these applications in a campaign, the newest last (a 补发 after the one it replaces), with the
 * number each replaced; read in the caller's transaction (its scope).
 */
export async function certificatesOfApplications(
  tx: Tx,
  campaignId: number,
  applicationIds: readonly number[],
): Promise<(CertificateRow & { replacesNumber: string | null })[]> {
  if (applicationIds.length === 0) return [];
  const rows = await tx
    .select()
    .from(certificates)
    .where(and(eq(certificates.campaignId, campaignId), inArray(certificates.applicationId, [...applicationIds])))
    .orderBy(asc(certificates.id));
  const numbers = new Map(rows.map((r) => [r.id, r.number]));
  return rows.map((r) => ({
    ...r,
    replacesNumber: r.replacesId === null ? null : (numbers.get(r.replacesId) ?? null),
  }));
}
