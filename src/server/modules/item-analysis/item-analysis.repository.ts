/**
 * The item analysis' SQL. The computation reads exam day's finished subjects and their saved answers in a system
 * transaction (no bank manager's role reads attempts; the service checks the permission first) and writes the
 * results there; the reads and reviews run in the bank manager's transaction (gk_bank, the only role the two tables
 * admit).
 */
import { sql } from 'drizzle-orm';
import type { HistogramBin, ItemAnalysisBounds, ItemFlag, ItemStatistics } from '../../../domain/item-analysis.js';
import type { Subject } from '../../../domain/items.js';
import type { Tx } from '../../db/client.js';
import { resultRows } from '../../db/client.js';

export interface FinishedSubject {
  id: number;
  paperId: number;
}

/** The finished subjects of a campaign subject (handed in, not stopped), in id order. */
export async function finishedSubjects(tx: Tx, campaignId: number, subject: Subject): Promise<FinishedSubject[]> {
  const rows = resultRows<{ id: number; paper_id: number }>(
    await tx.execute(sql`
      select s.id, s.paper_id from attempt_subjects s
      join exam_attempts e on e.id = s.attempt_id
      where e.campaign_id = ${campaignId} and s.subject = ${subject}
        and s.submitted_at is not null and s.submit_kind <> 'stopped'
      order by s.id`),
  );
  return rows.map((r) => ({ id: Number(r.id), paperId: Number(r.paper_id) }));
}

/** The subjects of a campaign that have finished attempts. */
export async function subjectsWithAttempts(tx: Tx, campaignId: number): Promise<{ subject: Subject; count: number }[]> {
  const rows = resultRows<{ subject: Subject; count: number }>(
    await tx.execute(sql`
      select s.subject, count(*)::int as count from attempt_subjects s
      join exam_attempts e on e.id = s.attempt_id
      where e.campaign_id = ${campaignId} and s.submitted_at is not null and s.submit_kind <> 'stopped'
      group by s.subject order by s.subject`),
  );
  return rows.map((r) => ({ subject: r.subject, count: Number(r.count) }));
}

/**
 * The saved answers of a batch of subjects (position → answer), one string per subject from the database
 * ('3=AC,1=B,…': positions are numbers and answers letters, so neither separator can occur inside).
 */
export async function answersOfSubjects(tx: Tx, ids: readonly number[]): Promise<Map<number, Map<number, string>>> {
  const out = new Map<number, Map<number, string>>();
  if (ids.length === 0) return out;
  const rows = resultRows<{ id: number; answers: string }>(
    await tx.execute(sql`
      select attempt_subject_id as id, string_agg(position::text || '=' || answer, ',') as answers
      from attempt_answers where attempt_subject_id = any(${`{${ids.join(',')}}`}::int[]) and answer <> ''
      group by attempt_subject_id`),
  );
  for (const r of rows) {
    const answers = new Map<number, string>();
    for (const pair of r.answers.split(',')) {
      const at = pair.indexOf('=');
      answers.set(Number(pair.slice(0, at)), pair.slice(at + 1));
    }
    out.set(Number(r.id), answers);
  }
  return out;
}

export interface RunRow {
  campaignId: number;
  subject: Subject;
  attempts: number;
  itemsPerPaper: number;
  maxScore: number;
  mean: number | null;
  sd: number | null;
  kr20: number | null;
  histogram: HistogramBin[];
  bounds: ItemAnalysisBounds;
  computedAt: Date;
  computedBy: number;
}

/** Writes a campaign subject's results: the summary replaced, items upserted (reviews kept), vanished items deleted. */
export async function writeResults(tx: Tx, run: RunRow, items: readonly ItemStatistics[]): Promise<void> {
  await tx.execute(sql`
    insert into item_analysis_runs (campaign_id, subject, attempts, items_per_paper, max_score, mean, sd, kr20,
      histogram, bounds, computed_at, computed_by)
    values (${run.campaignId}, ${run.subject}, ${run.attempts}, ${run.itemsPerPaper}, ${run.maxScore}, ${run.mean},
      ${run.sd}, ${run.kr20}, ${JSON.stringify(run.histogram)}::jsonb, ${JSON.stringify(run.bounds)}::jsonb,
      ${run.computedAt}, ${run.computedBy})
    on conflict (campaign_id, subject) do update set attempts = excluded.attempts,
      items_per_paper = excluded.items_per_paper, max_score = excluded.max_score, mean = excluded.mean,
      sd = excluded.sd, kr20 = excluded.kr20, histogram = excluded.histogram, bounds = excluded.bounds,
      computed_at = excluded.computed_at, computed_by = excluded.computed_by`);
  await tx.execute(sql`
    delete from item_statistics where campaign_id = ${run.campaignId} and subject = ${run.subject}
      and (item_id, version) not in (
        select * from unnest(${`{${items.map((i) => i.itemId).join(',')}}`}::int[],
          ${`{${items.map((i) => i.version).join(',')}}`}::int[]))`);
  const BATCH = 1000;
  for (let from = 0; from < items.length; from += BATCH) {
    const batch = items.slice(from, from + BATCH);
    await tx.execute(sql`
      insert into item_statistics (campaign_id, subject, item_id, version, attempts, correct, p, discrimination,
        option_rates, blank_rate, flags)
      select ${run.campaignId}, ${run.subject}::item_subject, v.item_id, v.version, v.attempts, v.correct, v.p,
        v.discrimination, v.option_rates, v.blank_rate,
        coalesce(array(select jsonb_array_elements_text(v.flags)), '{}')
      from jsonb_to_recordset(${JSON.stringify(
        batch.map((i) => ({
          item_id: i.itemId,
          version: i.version,
          attempts: i.attempts,
          correct: i.correct,
          p: i.p,
          discrimination: i.discrimination,
          option_rates: i.optionRates,
          blank_rate: i.blankRate,
          flags: i.flags,
        })),
      )}::jsonb) as v(item_id int, version int, attempts int, correct int, p float8, discrimination float8,
        option_rates jsonb, blank_rate float8, flags jsonb)
      on conflict (campaign_id, subject, item_id, version) do update set attempts = excluded.attempts,
        correct = excluded.correct, p = excluded.p, discrimination = excluded.discrimination,
        option_rates = excluded.option_rates, blank_rate = excluded.blank_rate, flags = excluded.flags`);
  }
}

function runOf(r: Record<string, unknown>): RunRow {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    campaignId: Number(r.campaign_id),
    subject: r.subject as Subject,
    attempts: Number(r.attempts),
    itemsPerPaper: Number(r.items_per_paper),
    maxScore: Number(r.max_score),
    mean: num(r.mean),
    sd: num(r.sd),
    kr20: num(r.kr20),
    histogram: r.histogram as HistogramBin[],
    bounds: r.bounds as ItemAnalysisBounds,
    computedAt: new Date(r.computed_at as string),
    computedBy: Number(r.computed_by),
  };
}

export async function listRuns(tx: Tx, campaignId: number): Promise<(RunRow & { flagged: number })[]> {
  const rows = resultRows<Record<string, unknown>>(
    await tx.execute(sql`
      select r.*, (select count(*)::int from item_statistics s where s.campaign_id = r.campaign_id
        and s.subject = r.subject and cardinality(s.flags) > 0) as flagged
      from item_analysis_runs r where r.campaign_id = ${campaignId} order by r.subject`),
  );
  return rows.map((r) => ({ ...runOf(r), flagged: Number(r.flagged) }));
}

export interface StatRow {
  itemId: number;
  version: number;
  attempts: number;
  correct: number;
  p: number;
  discrimination: number | null;
  optionRates: Record<string, number>;
  blankRate: number;
  flags: ItemFlag[];
  reviewedAt: Date | null;
  reviewerName: string | null;
  reviewNote: string | null;
  status: string | null;
  type: string | null;
  knowledgePoint: string | null;
  bankName: string | null;
}

export interface StatFilter {
  flaggedOnly: boolean;
  /** Reviewed items too (default: flagged and not yet reviewed only, when flaggedOnly). */
  page: number;
  pageSize: number;
}

const statSelect = sql`
  select s.item_id, s.version, s.attempts, s.correct, s.p, s.discrimination, s.option_rates, s.blank_rate, s.flags,
    s.reviewed_at, s.reviewer_name, s.review_note, v.status, v.type, v.knowledge_point, b.name as bank_name
  from item_statistics s
  left join bank_item_versions v on v.item_id = s.item_id and v.version = s.version
  left join bank_items i on i.id = s.item_id
  left join question_banks b on b.id = i.bank_id`;

function statOf(r: Record<string, unknown>): StatRow {
  return {
    itemId: Number(r.item_id),
    version: Number(r.version),
    attempts: Number(r.attempts),
    correct: Number(r.correct),
    p: Number(r.p),
    discrimination: r.discrimination === null ? null : Number(r.discrimination),
    optionRates: r.option_rates as Record<string, number>,
    blankRate: Number(r.blank_rate),
    flags: r.flags as ItemFlag[],
    reviewedAt: r.reviewed_at ? new Date(r.reviewed_at as string) : null,
    reviewerName: (r.reviewer_name as string | null) ?? null,
    reviewNote: (r.review_note as string | null) ?? null,
    status: (r.status as string | null) ?? null,
    type: (r.type as string | null) ?? null,
    knowledgePoint: (r.knowledge_point as string | null) ?? null,
    bankName: (r.bank_name as string | null) ?? null,
  };
}

export async function listStatistics(
  tx: Tx,
  campaignId: number,
  subject: Subject,
  filter: StatFilter | null,
): Promise<{ total: number; items: StatRow[] }> {
  const where = sql`where s.campaign_id = ${campaignId} and s.subject = ${subject} ${
    filter?.flaggedOnly ? sql`and cardinality(s.flags) > 0` : sql``
  }`;
  const total = resultRows<{ n: number }>(
    await tx.execute(sql`select count(*)::int as n from item_statistics s ${where}`),
  )[0]!.n;
  const page = filter ? sql`limit ${filter.pageSize} offset ${(filter.page - 1) * filter.pageSize}` : sql``;
  const rows = resultRows<Record<string, unknown>>(
    await tx.execute(
      sql`${statSelect} ${where} order by cardinality(s.flags) > 0 desc, s.reviewed_at is not null, s.item_id, s.version ${page}`,
    ),
  );
  return { total: Number(total), items: rows.map(statOf) };
}

export async function findStatistic(
  tx: Tx,
  campaignId: number,
  subject: Subject,
  itemId: number,
  version: number,
): Promise<StatRow | null> {
  const rows = resultRows<Record<string, unknown>>(
    await tx.execute(sql`${statSelect} where s.campaign_id = ${campaignId} and s.subject = ${subject}
      and s.item_id = ${itemId} and s.version = ${version} for update of s`),
  );
  return rows[0] ? statOf(rows[0]) : null;
}

export async function markReviewed(
  tx: Tx,
  key: { campaignId: number; subject: Subject; itemId: number; version: number },
  review: { at: Date; by: number; name: string; note: string },
): Promise<void> {
  await tx.execute(sql`
    update item_statistics set reviewed_at = ${review.at}, reviewed_by = ${review.by},
      reviewer_name = ${review.name}, review_note = ${review.note}
    where campaign_id = ${key.campaignId} and subject = ${key.subject} and item_id = ${key.itemId}
      and version = ${key.version}`);
}
