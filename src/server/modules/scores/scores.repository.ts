/**
 * The results' SQL. The compile (成绩汇总) and the re-score run in system transactions (they read exam day's rows of
 * every centre and the saved answers, which no official's role reads); the lists, aggregates and exports run in the
 * official's scoped transaction, so row-level security on score_results limits them to the viewer's subtree.
 */
import { sql } from 'drizzle-orm';
import { RESULT_SUBJECTS, type ResultSubject, type Subject } from '../../../domain/items.js';
import type { ResultTrack } from '../../../domain/result-tracks.js';
import type { Grouping, PassLines } from '../../../domain/scores.js';
import type { Tx } from '../../db/client.js';
import { resultRows } from '../../db/client.js';
import { gradePassedSql, requiredCountSql, requiredSubjectSql, SCORE_ROW } from '../../db/verdict.js';

export interface CampaignRef {
  id: number;
  name: string;
  year: number;
  status: string;
  examSettings: unknown;
}

export async function findCampaign(tx: Tx, id: number): Promise<CampaignRef | null> {
  const rows = resultRows<{ id: number; name: string; year: number; status: string; exam_settings: unknown }>(
    await tx.execute(sql`select id, name, year, status, exam_settings from campaigns where id = ${id}`),
  );
  const r = rows[0];
  return r ? { id: r.id, name: r.name, year: r.year, status: r.status, examSettings: r.exam_settings } : null;
}

export interface ScoreState {
  compiledAt: Date | null;
  releasedAt: Date | null;
}

/**
 * The grades of a result track as a condition on a grade column (domain/result-tracks.ts: 一级 alone, or 五 to 二).
 * `column` is a trusted SQL fragment (`r.grade`, `a.applied_grade`).
 */
export function trackCondition(track: ResultTrack, column: ReturnType<typeof sql.raw>) {
  return track === 'grade1' ? sql`${column} = 1` : sql`${column} >= 2`;
}

/** The track of a row from its grade column, as SQL ('grade1' | 'regular'). */
export function trackOfGradeSql(column: ReturnType<typeof sql.raw>) {
  return sql`(case when ${column} = 1 then 'grade1' else 'regular' end)`;
}

export async function findState(tx: Tx, campaignId: number, track: ResultTrack, lock = false): Promise<ScoreState> {
  const rows = resultRows<{ compiled_at: string | Date | null; released_at: string | Date | null }>(
    await tx.execute(sql`
      select compiled_at, released_at from score_states where campaign_id = ${campaignId} and track = ${track}
      ${lock ? sql`for update` : sql``}`),
  );
  const r = rows[0];
  const d = (v: string | Date | null) => (v === null ? null : new Date(v));
  return r ? { compiledAt: d(r.compiled_at), releasedAt: d(r.released_at) } : { compiledAt: null, releasedAt: null };
}

/** Both tracks' states and whether each has candidates (confirmed applications or results of its grades). */
export async function findTrackStates(
  tx: Tx,
  campaignId: number,
): Promise<Record<ResultTrack, ScoreState & { candidates: number }>> {
  const rows = resultRows<{
    track: ResultTrack;
    compiled_at: string | Date | null;
    released_at: string | Date | null;
    candidates: number;
  }>(
    await tx.execute(sql`
      select t.track, s.compiled_at, s.released_at, (
          select count(*)::int from applications a
          where a.campaign_id = ${campaignId} and a.status = 'province_confirmed'
            and ${trackOfGradeSql(sql.raw('a.applied_grade'))} = t.track
        ) + (
          select count(distinct r.application_id)::int from score_results r
          join applications a on a.id = r.application_id
          where r.campaign_id = ${campaignId} and a.status <> 'province_confirmed'
            and ${trackOfGradeSql(sql.raw('r.grade'))} = t.track
        ) as candidates
      from (values ('regular'), ('grade1')) as t(track)
        left join score_states s on s.campaign_id = ${campaignId} and s.track = t.track`),
  );
  const d = (v: string | Date | null) => (v === null ? null : new Date(v));
  const empty = { compiledAt: null, releasedAt: null, candidates: 0 };
  const out: Record<ResultTrack, ScoreState & { candidates: number }> = { regular: empty, grade1: empty };
  for (const r of rows) {
    out[r.track] = { compiledAt: d(r.compiled_at), releasedAt: d(r.released_at), candidates: Number(r.candidates) };
  }
  return out;
}

export async function markCompiled(tx: Tx, campaignId: number, track: ResultTrack, now: Date): Promise<void> {
  await tx.execute(sql`
    insert into score_states (campaign_id, track, compiled_at)
    values (${campaignId}, ${track}, ${now.toISOString()}::timestamptz)
    on conflict (campaign_id, track) do update set compiled_at = excluded.compiled_at`);
}

export async function markReleased(tx: Tx, campaignId: number, track: ResultTrack, now: Date, by: number) {
  await tx.execute(sql`
    update score_states set released_at = ${now.toISOString()}::timestamptz, released_by = ${by}
    where campaign_id = ${campaignId} and track = ${track}`);
}

/**
 * 成绩汇总: every exam subject of the campaign into score_results, one statement. The status mirrors
 * domain/scores.ts examSubjectResult: voided when a violation reaches the subject (tier 3: every sitting of the
 * candidate; tier 2: this sitting; tier 1: the subject open when it was recorded), absent when the proctor marked
 * the candidate absent (an absent candidate has no subjects of their own: the session's subjects are used), pending
 * when stopped or not yet handed in, scored otherwise. Imported rows (source 'import') are kept. Only the candidates
 * of `track` (their applied grade) are written: the other track's rows are never touched.
 */
export async function compileExamResults(
  tx: Tx,
  campaignId: number,
  track: ResultTrack,
  now: Date,
  by: number | null,
): Promise<number> {
  const at = now.toISOString();
  const rows = resultRows<{ n: number }>(
    await tx.execute(sql`
      with subjects as (
        select e.id as attempt_id, e.application_id, e.ticket_number, e.status as attempt_status, s.id as subject_id,
          s.subject, s.submit_kind, s.score, s.opens_at, s.deadline_at, s.submitted_at
        from exam_attempts e join attempt_subjects s on s.attempt_id = e.id
        where e.campaign_id = ${campaignId}
        union all
        select e.id, e.application_id, e.ticket_number, e.status, null, (x->>'subject')::item_subject, null, null,
          null, null, null
        from exam_attempts e join exam_sessions es on es.id = e.session_id
          cross join lateral jsonb_array_elements(es.subjects) x
        where e.campaign_id = ${campaignId} and e.status = 'absent'
          and not exists (select 1 from attempt_subjects s where s.attempt_id = e.id)
      ),
      violations as (
        select ev.attempt_id, ea.application_id, ev.tier, ev.started_at
        from exam_events ev join exam_attempts ea on ea.id = ev.attempt_id
        where ea.campaign_id = ${campaignId} and ev.kind = 'violation'
      ),
      judged as (
        select x.*, (
          select max(v.tier) from violations v
          where v.application_id = x.application_id and (
            v.tier = 3 or (v.tier = 2 and v.attempt_id = x.attempt_id)
            or (v.tier = 1 and v.attempt_id = x.attempt_id and x.opens_at is not null
                and v.started_at >= x.opens_at and v.started_at <= coalesce(x.submitted_at, x.deadline_at)))
        ) as void_tier
        from subjects x
      ),
      results as (
        select j.*, case
            when j.void_tier is not null then 'voided'
            when j.attempt_status = 'absent' then 'absent'
            when j.attempt_status = 'stopped' or j.submit_kind is null or j.submit_kind = 'stopped'
              or j.score is null then 'pending'
            else 'scored' end as status
        from judged j
      ),
      written as (
        insert into score_results (application_id, subject, campaign_id, status, score, void_tier, source,
          attempt_subject_id, ticket_number, org_path, applicant_account_id, jurisdiction_id, unit_id, job_type_id,
          grade, updated_by, updated_at)
        select r.application_id, r.subject, ${campaignId}, r.status,
          case when r.status = 'scored' then r.score end, r.void_tier, 'exam', r.subject_id, r.ticket_number,
          a.org_path, a.applicant_account_id, a.jurisdiction_id, a.unit_id, a.applied_job_type_id, a.applied_grade,
          ${by}, ${at}::timestamptz
        from results r join applications a on a.id = r.application_id
        where ${trackCondition(track, sql.raw('a.applied_grade'))}
        on conflict (application_id, subject) do update set
          status = excluded.status, score = excluded.score, void_tier = excluded.void_tier,
          attempt_subject_id = excluded.attempt_subject_id, ticket_number = excluded.ticket_number,
          org_path = excluded.org_path, applicant_account_id = excluded.applicant_account_id,
          jurisdiction_id = excluded.jurisdiction_id, unit_id = excluded.unit_id, job_type_id = excluded.job_type_id,
          grade = excluded.grade, updated_by = excluded.updated_by, updated_at = excluded.updated_at
        where score_results.source = 'exam'
          and ${trackCondition(track, sql.raw('score_results.grade'))}
        returning 1
      )
      select count(*)::int as n from written`),
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * 一级's 综合评审 into the score table (track grade1, after compileExamResults): each confirmed panel result
 * (panel_results, written by the panel's 组长) becomes the candidate's 'panel' row (source 'panel', scored), with
 * the ticket number of their theory papers (their seat's when they have no exam row yet); a row whose result was withdrawn (the province reopened the panel) is
 * deleted. Returns the rows written.
 */
export async function compilePanelResults(tx: Tx, campaignId: number, now: Date, by: number | null): Promise<number> {
  const at = now.toISOString();
  const rows = resultRows<{ n: number }>(
    await tx.execute(sql`
      with withdrawn as (
        delete from score_results r
        where r.campaign_id = ${campaignId} and r.source = 'panel'
          and not exists (select 1 from panel_results p where p.application_id = r.application_id
            and p.campaign_id = ${campaignId})
        returning 1
      ),
      written as (
        insert into score_results (application_id, subject, campaign_id, status, score, source, ticket_number,
          org_path, applicant_account_id, jurisdiction_id, unit_id, job_type_id, grade, updated_by, updated_at)
        select a.id, 'panel', ${campaignId}, 'scored', p.score, 'panel',
          coalesce(
            (select max(x.ticket_number) from score_results x where x.application_id = a.id and x.source = 'exam'),
            (select max(sa.ticket_number) from seat_assignments sa where sa.application_id = a.id)),
          a.org_path, a.applicant_account_id, a.jurisdiction_id, a.unit_id, a.applied_job_type_id, a.applied_grade,
          ${by}, ${at}::timestamptz
        from panel_results p join applications a on a.id = p.application_id
        where p.campaign_id = ${campaignId} and a.applied_grade = 1
        on conflict (application_id, subject) do update set
          status = excluded.status, score = excluded.score, ticket_number = excluded.ticket_number,
          org_path = excluded.org_path, applicant_account_id = excluded.applicant_account_id,
          jurisdiction_id = excluded.jurisdiction_id, unit_id = excluded.unit_id, job_type_id = excluded.job_type_id,
          grade = excluded.grade, updated_by = excluded.updated_by, updated_at = excluded.updated_at
        where score_results.source = 'panel'
        returning 1
      )
      select (select count(*) from written)::int + 0 * (select count(*) from withdrawn)::int as n`),
  );
  return Number(rows[0]?.n ?? 0);
}

// ─── Re-score ───────────────────────────────────────────────────────────────────────────────────────────────

export interface SubjectToScore {
  id: number;
  paperId: number;
  score: number | null;
}

/** The campaign's handed-in (not stopped) exam subjects of the track's candidates, by id. */
export async function subjectsToRescore(tx: Tx, campaignId: number, track: ResultTrack): Promise<SubjectToScore[]> {
  const rows = resultRows<{ id: number; paper_id: number; score: number | null }>(
    await tx.execute(sql`
      select s.id, s.paper_id, s.score from attempt_subjects s join exam_attempts e on e.id = s.attempt_id
        join applications a on a.id = e.application_id
      where e.campaign_id = ${campaignId} and s.submitted_at is not null and s.submit_kind <> 'stopped'
        and ${trackCondition(track, sql.raw('a.applied_grade'))}
      order by s.id`),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    paperId: Number(r.paper_id),
    score: r.score === null ? null : Number(r.score),
  }));
}

/**
 * The re-score's transaction on PostgreSQL: its batches' reads are estimated costly enough for the planner to
 * compile them (JIT, about 30 ms a batch, spent again on every batch) and to start parallel workers; a background
 * job runs beside exam-day traffic and takes one core at most.
 */
export async function settingsForRescore(tx: Tx): Promise<void> {
  await tx.execute(
    sql`select set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)`,
  );
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
      from attempt_answers where attempt_subject_id = any(${`{${ids.join(',')}}`}::int[])
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

/** Writes new scores (one statement per batch). */
export async function writeScores(tx: Tx, scores: readonly { id: number; score: number }[]): Promise<void> {
  if (scores.length === 0) return;
  await tx.execute(sql`
    update attempt_subjects s set score = v.score
    from unnest(${`{${scores.map((x) => x.id).join(',')}}`}::int[],
      ${`{${scores.map((x) => x.score).join(',')}}`}::float8[]) as v(id, score)
    where s.id = v.id`);
}

// ─── Reads (the official's scoped transaction) ──────────────────────────────────────────────────────────────

export interface ScoreFilter {
  jurisdictionId?: number | undefined;
  unitId?: number | undefined;
  jobTypeId?: number | undefined;
  grade?: number | undefined;
  /** Only the candidates of this result track (their grade). */
  track?: ResultTrack | undefined;
  /** 'passed' | 'failed'. */
  outcome?: 'passed' | 'failed' | undefined;
  /** Name, ID number or ticket number (contains). */
  q?: string | undefined;
  /** Only these applications (the archive). */
  applicationIds?: readonly number[] | undefined;
}

/**
 * One row per candidate: their subjects' results and whether the grade is passed (db/verdict.ts: 五级 to 二级 three
 * exam subjects; 一级 职业道德, 专业基础知识 and the panel's 综合评审).
 */
function candidatesQuery(campaignId: number, filter: ScoreFilter, lines: PassLines) {
  const where = [sql`r.campaign_id = ${campaignId}`];
  if (filter.jurisdictionId !== undefined) where.push(sql`r.jurisdiction_id = ${filter.jurisdictionId}`);
  if (filter.unitId !== undefined) where.push(sql`r.unit_id = ${filter.unitId}`);
  if (filter.jobTypeId !== undefined) where.push(sql`r.job_type_id = ${filter.jobTypeId}`);
  if (filter.grade !== undefined) where.push(sql`r.grade = ${filter.grade}`);
  if (filter.track !== undefined) where.push(trackCondition(filter.track, sql.raw('r.grade')));
  if (filter.applicationIds !== undefined) {
    where.push(sql`r.application_id = any(${`{${filter.applicationIds.map(Number).join(',')}}`}::int[])`);
  }
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(sql`(a.name like ${like} or a.id_number like ${like} or r.ticket_number like ${like})`);
  }
  const outcome =
    filter.outcome === 'passed' ? sql`where c.passed` : filter.outcome === 'failed' ? sql`where not c.passed` : sql``;
  return sql`
    with c as (
      select r.application_id, a.name, a.id_number, max(r.ticket_number) as ticket_number, r.org_path,
        r.jurisdiction_id, r.unit_id, r.job_type_id, r.grade,
        jsonb_object_agg(r.subject, jsonb_build_object('status', r.status, 'score', r.score, 'tier', r.void_tier,
          'source', r.source)) as subjects,
        ${gradePassedSql(SCORE_ROW, lines)} as passed,
        (count(*) filter (where ${requiredSubjectSql(SCORE_ROW.grade, SCORE_ROW.subject)}))::int as required
      from score_results r join applications a on a.id = r.application_id
      where ${sql.join(where, sql` and `)}
      group by r.application_id, a.name, a.id_number, r.org_path, r.jurisdiction_id, r.unit_id, r.job_type_id, r.grade
    )
    select * from c ${outcome}`;
}

export interface CandidateScoreRow {
  applicationId: number;
  name: string;
  idNumber: string;
  ticketNumber: string | null;
  orgPath: string;
  jurisdictionId: number;
  unitId: number;
  jobTypeId: number;
  grade: number;
  subjects: Partial<
    Record<
      ResultSubject,
      { status: string; score: number | null; tier: number | null; source: 'exam' | 'import' | 'panel' }
    >
  >;
  passed: boolean;
}

type RawCandidate = {
  application_id: number;
  name: string;
  id_number: string;
  ticket_number: string | null;
  org_path: string;
  jurisdiction_id: number;
  unit_id: number;
  job_type_id: number;
  grade: number;
  subjects: CandidateScoreRow['subjects'];
  passed: boolean;
};

const candidateOf = (r: RawCandidate): CandidateScoreRow => ({
  applicationId: Number(r.application_id),
  name: r.name,
  idNumber: r.id_number,
  ticketNumber: r.ticket_number,
  orgPath: r.org_path,
  jurisdictionId: Number(r.jurisdiction_id),
  unitId: Number(r.unit_id),
  jobTypeId: Number(r.job_type_id),
  grade: Number(r.grade),
  subjects: r.subjects,
  passed: Boolean(r.passed),
});

export async function listCandidates(
  tx: Tx,
  campaignId: number,
  filter: ScoreFilter,
  lines: PassLines,
  page: { offset: number; limit: number },
): Promise<{ total: number; rows: CandidateScoreRow[] }> {
  const base = candidatesQuery(campaignId, filter, lines);
  const [count] = resultRows<{ n: number }>(await tx.execute(sql`select count(*)::int as n from (${base}) t`));
  const rows = resultRows<RawCandidate>(
    await tx.execute(
      sql`select * from (${base}) t order by t.org_path, t.application_id limit ${page.limit} offset ${page.offset}`,
    ),
  );
  return { total: Number(count?.n ?? 0), rows: rows.map(candidateOf) };
}

/** The candidates among these applications, every row (the archive; row-level security decides the reach). */
export async function candidatesByIds(
  tx: Tx,
  campaignId: number,
  applicationIds: readonly number[],
  lines: PassLines,
): Promise<CandidateScoreRow[]> {
  if (applicationIds.length === 0) return [];
  const base = candidatesQuery(campaignId, { applicationIds }, lines);
  return resultRows<RawCandidate>(await tx.execute(base)).map(candidateOf);
}

const GROUP_COLUMN: Record<Grouping, ReturnType<typeof sql.raw>> = {
  jurisdiction: sql.raw('jurisdiction_id'),
  unit: sql.raw('unit_id'),
  job_type: sql.raw('job_type_id'),
  grade: sql.raw('grade'),
};

export interface AggregateRow {
  key: number;
  candidates: number;
  /** Candidates with every result subject of their grade in (scored, absent or voided: none pending or missing). */
  complete: number;
  passed: number;
  absent: number;
  voided: number;
}

/** Candidates per group with pass counts (the viewer's subtree only: row-level security). */
export async function aggregate(
  tx: Tx,
  campaignId: number,
  filter: ScoreFilter,
  lines: PassLines,
  by: Grouping,
): Promise<AggregateRow[]> {
  const column = GROUP_COLUMN[by];
  const rows = resultRows<{
    key: number;
    candidates: number;
    complete: number;
    passed: number;
    absent: number;
    voided: number;
  }>(
    await tx.execute(sql`
      with c as (${candidatesQuery(campaignId, filter, lines)})
      select c.${column} as key, count(*)::int as candidates,
        count(*) filter (where not exists (select 1 from jsonb_each(c.subjects) s where s.value->>'status' = 'pending')
          and c.required = ${requiredCountSql(sql.raw('c.grade'))})::int as complete,
        count(*) filter (where c.passed)::int as passed,
        count(*) filter (where exists (select 1 from jsonb_each(c.subjects) s where s.value->>'status' = 'absent'))::int
          as absent,
        count(*) filter (where exists (select 1 from jsonb_each(c.subjects) s where s.value->>'status' = 'voided'))::int
          as voided
      from c group by c.${column} order by c.${column}`),
  );
  return rows.map((r) => ({
    key: Number(r.key),
    candidates: Number(r.candidates),
    complete: Number(r.complete),
    passed: Number(r.passed),
    absent: Number(r.absent),
    voided: Number(r.voided),
  }));
}

export async function namesOf(tx: Tx, by: Grouping, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0 || by === 'grade') return new Map();
  const list = `{${ids.join(',')}}`;
  const rows = resultRows<{ id: number; name: string }>(
    await tx.execute(
      by === 'job_type'
        ? sql`select id, name from job_types where id = any(${list}::int[])`
        : sql`select id, name from org_nodes where id = any(${list}::int[])`,
    ),
  );
  return new Map(rows.map((r) => [Number(r.id), r.name]));
}

// ─── Import ─────────────────────────────────────────────────────────────────────────────────────────────────

export interface ImportCandidate {
  applicationId: number;
  idNumber: string;
  name: string;
  ticketNumber: string | null;
  localExam: boolean;
  orgPath: string;
  applicantAccountId: number | null;
  jurisdictionId: number;
  unitId: number;
  jobTypeId: number;
  grade: number | null;
}

/** The campaign's confirmed candidates with these ID numbers (the province reads all). */
export async function findCandidatesByIdNumber(
  tx: Tx,
  campaignId: number,
  idNumbers: readonly string[],
): Promise<Map<string, ImportCandidate>> {
  if (idNumbers.length === 0) return new Map();
  const rows = resultRows<{
    id: number;
    id_number: string;
    name: string;
    ticket_number: string | null;
    local_exam: boolean;
    org_path: string;
    applicant_account_id: number | null;
    jurisdiction_id: number;
    unit_id: number;
    applied_job_type_id: number;
    applied_grade: number | null;
  }>(
    await tx.execute(sql`
      select a.id, a.id_number, a.name, sa.ticket_number, j.local_exam, a.org_path, a.applicant_account_id,
        a.jurisdiction_id, a.unit_id, a.applied_job_type_id, a.applied_grade
      from applications a join job_types j on j.id = a.applied_job_type_id
        left join seat_assignments sa on sa.application_id = a.id
      where a.campaign_id = ${campaignId} and a.status = 'province_confirmed'
        and a.id_number = any(${`{${idNumbers.join(',')}}`}::text[])`),
  );
  return new Map(
    rows.map((r) => [
      r.id_number,
      {
        applicationId: Number(r.id),
        idNumber: r.id_number,
        name: r.name,
        ticketNumber: r.ticket_number,
        localExam: Boolean(r.local_exam),
        orgPath: r.org_path,
        applicantAccountId: r.applicant_account_id === null ? null : Number(r.applicant_account_id),
        jurisdictionId: Number(r.jurisdiction_id),
        unitId: Number(r.unit_id),
        jobTypeId: Number(r.applied_job_type_id),
        grade: r.applied_grade === null ? null : Number(r.applied_grade),
      },
    ]),
  );
}

export interface ImportedResult {
  candidate: ImportCandidate;
  subject: Subject;
  status: 'scored' | 'absent';
  score: number | null;
  ticketNumber: string;
}

export async function upsertImported(
  tx: Tx,
  campaignId: number,
  rows: readonly ImportedResult[],
  now: Date,
  by: number,
): Promise<void> {
  for (const r of rows) {
    const c = r.candidate;
    await tx.execute(sql`
      insert into score_results (application_id, subject, campaign_id, status, score, void_tier, source,
        attempt_subject_id, ticket_number, org_path, applicant_account_id, jurisdiction_id, unit_id, job_type_id,
        grade, updated_by, updated_at)
      values (${c.applicationId}, ${r.subject}, ${campaignId}, ${r.status}, ${r.score}, null, 'import', null,
        ${r.ticketNumber}, ${c.orgPath}, ${c.applicantAccountId}, ${c.jurisdictionId}, ${c.unitId}, ${c.jobTypeId},
        ${c.grade}, ${by}, ${now.toISOString()}::timestamptz)
      on conflict (application_id, subject) do update set status = excluded.status, score = excluded.score,
        void_tier = null, source = 'import', attempt_subject_id = null, ticket_number = excluded.ticket_number,
        updated_by = excluded.updated_by, updated_at = excluded.updated_at`);
  }
}

// ─── Public lookup (system transaction) ─────────────────────────────────────────────────────────────────────

export interface LookupRow {
  campaignId: number;
  name: string;
  grade: number;
  examSettings: unknown;
  subject: ResultSubject;
  status: string;
  score: number | null;
}

/**
 * The released results of the candidate with this ID number and ticket number (the newest released campaign): a
 * result is public once its own track (the candidate's grade) is released.
 */
export async function lookupReleased(tx: Tx, idNumber: string, ticketNumber: string): Promise<LookupRow[]> {
  const rows = resultRows<{
    campaign_id: number;
    name: string;
    grade: number;
    exam_settings: unknown;
    subject: ResultSubject;
    status: string;
    score: number | null;
  }>(
    await tx.execute(sql`
      with hit as (
        select r.campaign_id, r.application_id from score_results r
          join applications a on a.id = r.application_id
          join score_states st on st.campaign_id = r.campaign_id and st.released_at is not null
            and st.track = ${trackOfGradeSql(sql.raw('r.grade'))}
        where r.ticket_number = ${ticketNumber} and a.id_number = ${idNumber}
        order by st.released_at desc limit 1
      )
      select r.campaign_id, a.name, r.grade, c.exam_settings, r.subject, r.status, r.score
      from hit join score_results r on r.application_id = hit.application_id
        join applications a on a.id = r.application_id join campaigns c on c.id = r.campaign_id
      order by array_position(${`{${RESULT_SUBJECTS.join(',')}}`}::text[], r.subject::text)`),
  );
  return rows.map((r) => ({
    campaignId: Number(r.campaign_id),
    name: r.name,
    grade: Number(r.grade),
    examSettings: r.exam_settings,
    subject: r.subject,
    status: r.status,
    score: r.score === null ? null : Number(r.score),
  }));
}

// ─── For other modules: publicity and score review ──────────────────────────────────────────────────────────

export interface SubjectResultRow {
  applicationId: number;
  campaignId: number;
  subject: ResultSubject;
  status: string;
  score: number | null;
  source: 'exam' | 'import' | 'panel';
  attemptSubjectId: number | null;
  orgPath: string;
  applicantAccountId: number | null;
  jurisdictionId: number;
  unitId: number;
  grade: number;
  name: string;
}

/** One subject's result (the caller's transaction: row-level security decides whether it is seen). */
export async function findSubjectResult(
  tx: Tx,
  applicationId: number,
  subject: ResultSubject,
  lock = false,
): Promise<SubjectResultRow | null> {
  const rows = resultRows<{
    application_id: number;
    campaign_id: number;
    subject: ResultSubject;
    status: string;
    score: number | null;
    source: 'exam' | 'import' | 'panel';
    attempt_subject_id: number | null;
    org_path: string;
    applicant_account_id: number | null;
    jurisdiction_id: number;
    unit_id: number;
    grade: number;
    name: string;
  }>(
    await tx.execute(sql`
      select r.application_id, r.campaign_id, r.subject, r.status, r.score, r.source, r.attempt_subject_id, r.org_path,
        r.applicant_account_id, r.jurisdiction_id, r.unit_id, r.grade, a.name
      from score_results r join applications a on a.id = r.application_id
      where r.application_id = ${applicationId} and r.subject = ${subject}
      ${lock ? sql`for update of r` : sql``}`),
  );
  const r = rows[0];
  return r
    ? {
        applicationId: Number(r.application_id),
        campaignId: Number(r.campaign_id),
        subject: r.subject,
        status: r.status,
        score: r.score === null ? null : Number(r.score),
        source: r.source,
        attemptSubjectId: r.attempt_subject_id === null ? null : Number(r.attempt_subject_id),
        orgPath: r.org_path,
        applicantAccountId: r.applicant_account_id === null ? null : Number(r.applicant_account_id),
        jurisdictionId: Number(r.jurisdiction_id),
        unitId: Number(r.unit_id),
        grade: Number(r.grade),
        name: r.name,
      }
    : null;
}

/** The paper an exam subject was sat on (system transaction). */
export async function paperOfAttemptSubject(tx: Tx, attemptSubjectId: number): Promise<number | null> {
  const rows = resultRows<{ paper_id: number }>(
    await tx.execute(sql`select paper_id from attempt_subjects where id = ${attemptSubjectId}`),
  );
  return rows[0] ? Number(rows[0].paper_id) : null;
}

/** A reviewed subject's corrected score, in the exam's record and the score table together. */
export async function writeReviewedScore(
  tx: Tx,
  input: { applicationId: number; subject: Subject; attemptSubjectId: number; score: number; by: number; now: Date },
): Promise<void> {
  await tx.execute(sql`update attempt_subjects set score = ${input.score} where id = ${input.attemptSubjectId}`);
  await tx.execute(sql`
    update score_results set score = ${input.score}, updated_by = ${input.by},
      updated_at = ${input.now.toISOString()}::timestamptz
    where application_id = ${input.applicationId} and subject = ${input.subject} and status = 'scored'`);
}
