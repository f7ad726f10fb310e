// The seating's SQL (seat_assignments, exam_room_numbers, seating_runs; migration 0024). No scope filter of its
// own: row-level security decides what a transaction reads and writes (the province all, a jurisdiction the seats
// of its centres and candidates, a 考点管理员 its centre's, a unit its staff's).
import { sql } from 'drizzle-orm';
import type { Subject } from '../../../domain/items.js';
import { containsPattern, resultRows, type Tx } from '../../db/client.js';

const intArray = (values: readonly number[]) => `{${values.join(',')}}`;
const nullableIntArray = (values: readonly (number | null)[]) =>
  `{${values.map((v) => (v === null ? 'NULL' : String(v))).join(',')}}`;
/** Text values here are paths, labels, ticket numbers and sources: no commas, quotes, braces or spaces. */
const textArray = (values: readonly string[]) => `{${values.join(',')}}`;

/** Rows written per statement. */
const WRITE_BATCH = 5000;

// ─── Loading a campaign for a run or a move ─────────────────────────────────────────────────────────────

export interface CandidateRow {
  application_id: number;
  unit_id: number;
  org_path: string;
  applicant_account_id: number | null;
  jurisdiction_id: number;
  job_type_id: number;
  grade: number;
  id_number: string;
  category: string;
  local_exam: boolean;
  unit_code: string | null;
}

/** The campaign's confirmed candidates (`province_confirmed`), all or the given ones. */
export async function confirmedCandidates(
  tx: Tx,
  campaignId: number,
  applicationIds?: readonly number[],
): Promise<CandidateRow[]> {
  const only = applicationIds ? sql`and a.id = any(${intArray(applicationIds)}::int[])` : sql``;
  const rows = resultRows<CandidateRow>(
    await tx.execute(sql`
      select a.id as application_id, a.unit_id, a.org_path, a.applicant_account_id, a.jurisdiction_id,
             a.applied_job_type_id as job_type_id, a.applied_grade as grade, a.id_number, j.category, j.local_exam,
             u.code as unit_code
      from applications a
      join job_types j on j.id = a.applied_job_type_id
      left join org_nodes u on u.id = a.unit_id
      where a.campaign_id = ${campaignId} and a.status = 'province_confirmed' ${only}`),
  );
  return rows.map((r) => ({
    ...r,
    application_id: Number(r.application_id),
    unit_id: Number(r.unit_id),
    jurisdiction_id: Number(r.jurisdiction_id),
    job_type_id: Number(r.job_type_id),
    grade: Number(r.grade),
    applicant_account_id: r.applicant_account_id === null ? null : Number(r.applicant_account_id),
  }));
}

export interface PlaceRow {
  id: number;
  kind: 'province' | 'jurisdiction';
  name: string;
  code: string | null;
  path: string;
  reviewed_by_province: boolean;
}

/** The province and its jurisdictions (the places candidates sit in). */
export async function places(tx: Tx): Promise<PlaceRow[]> {
  const rows = resultRows<PlaceRow>(
    await tx.execute(sql`
      select id, kind, name, code, path, reviewed_by_province from org_nodes
      where kind in ('province', 'jurisdiction') order by sort_order, id`),
  );
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** Places by id, whatever the caller's scope (names only: the report names the jurisdictions it counts). */
export async function placeNames(tx: Tx, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = resultRows<{ id: number; name: string }>(
    await tx.execute(sql`select id, name from org_nodes where id = any(${intArray(ids)}::int[])`),
  );
  return new Map(rows.map((r) => [Number(r.id), r.name]));
}

export interface RoomRow {
  id: number;
  code: string;
  name: string;
  seat_rows: number;
  seat_columns: number;
  out_of_use: string[];
  spare_per_mille: number;
  active: boolean;
  centre_id: number;
  centre_code: string;
  centre_name: string;
  centre_address: string;
  centre_active: boolean;
  centre_node_id: number;
  centre_path: string;
}

const roomColumns = sql`
  r.id, r.code, r.name, r.seat_rows, r.seat_columns, r.out_of_use, r.spare_per_mille, r.active,
  c.id as centre_id, c.code as centre_code, c.name as centre_name, c.address as centre_address,
  c.active as centre_active, c.org_node_id as centre_node_id, c.org_path as centre_path`;

const presentRoom = (r: RoomRow): RoomRow => ({
  ...r,
  id: Number(r.id),
  centre_id: Number(r.centre_id),
  centre_node_id: Number(r.centre_node_id),
  seat_rows: Number(r.seat_rows),
  seat_columns: Number(r.seat_columns),
  spare_per_mille: Number(r.spare_per_mille),
});

/** Active rooms of active centres (the seating's rooms). */
export async function activeRooms(tx: Tx): Promise<RoomRow[]> {
  const rows = resultRows<RoomRow>(
    await tx.execute(sql`
      select ${roomColumns} from exam_rooms r join test_centres c on c.id = r.centre_id
      where r.active and c.active order by c.org_node_id, c.code, r.code, r.id`),
  );
  return rows.map(presentRoom);
}

/** Every room the caller sees, active or not. */
export async function visibleRooms(tx: Tx): Promise<RoomRow[]> {
  const rows = resultRows<RoomRow>(
    await tx.execute(sql`select ${roomColumns} from exam_rooms r join test_centres c on c.id = r.centre_id`),
  );
  return rows.map(presentRoom);
}

/** One room (active or not) with its centre, if the caller may see it. */
export async function findRoom(tx: Tx, roomId: number): Promise<RoomRow | null> {
  const rows = resultRows<RoomRow>(
    await tx.execute(sql`
      select ${roomColumns} from exam_rooms r join test_centres c on c.id = r.centre_id where r.id = ${roomId}`),
  );
  return rows[0] ? presentRoom(rows[0]) : null;
}

export interface SessionRow {
  id: number;
  name: string;
  session_date: string;
  start_time: string;
  /** [{subject, …}] in order: which grades the session serves (domain/sessions.ts sessionGrades). */
  subjects: { subject: Subject }[];
}

/** The campaign's sessions in date and start-time order. */
export async function sessions(tx: Tx, campaignId: number): Promise<SessionRow[]> {
  const rows = resultRows<SessionRow>(
    await tx.execute(sql`
      select id, name, session_date::text as session_date, start_time, subjects from exam_sessions
      where campaign_id = ${campaignId} order by session_date, start_time, id`),
  );
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export async function findSession(tx: Tx, sessionId: number): Promise<(SessionRow & { campaign_id: number }) | null> {
  const rows = resultRows<SessionRow & { campaign_id: number }>(
    await tx.execute(sql`
      select id, campaign_id, name, session_date::text as session_date, start_time, subjects from exam_sessions
      where id = ${sessionId}`),
  );
  return rows[0] ? { ...rows[0], id: Number(rows[0].id), campaign_id: Number(rows[0].campaign_id) } : null;
}

/** The campaign of a confirmed application the caller sees; null otherwise. */
export async function confirmedCampaignOf(tx: Tx, applicationId: number): Promise<number | null> {
  const rows = resultRows<{ campaign_id: number }>(
    await tx.execute(sql`
      select campaign_id from applications where id = ${applicationId} and status = 'province_confirmed'`),
  );
  return rows[0] ? Number(rows[0].campaign_id) : null;
}

export async function campaignYear(tx: Tx, campaignId: number): Promise<number | null> {
  const rows = resultRows<{ year: number }>(await tx.execute(sql`select year from campaigns where id = ${campaignId}`));
  return rows[0] ? Number(rows[0].year) : null;
}

export interface AssignmentRow {
  application_id: number;
  session_id: number;
  room_id: number;
  centre_id: number;
  seat: number;
  seat_label: string;
  ticket_number: string;
  org_path: string;
  applicant_account_id: number | null;
  centre_path: string;
  source: 'auto' | 'manual';
  notified: boolean;
}

/** The campaign's seats the caller sees (all of them, or the given candidates', or one room's in one session). */
export async function assignments(
  tx: Tx,
  campaignId: number,
  filter: { applicationIds?: readonly number[]; sessionId?: number; roomId?: number } = {},
): Promise<AssignmentRow[]> {
  const ids = filter.applicationIds ? sql`and application_id = any(${intArray(filter.applicationIds)}::int[])` : sql``;
  const session = filter.sessionId !== undefined ? sql`and session_id = ${filter.sessionId}` : sql``;
  const room = filter.roomId !== undefined ? sql`and room_id = ${filter.roomId}` : sql``;
  const rows = resultRows<AssignmentRow>(
    await tx.execute(sql`
      select application_id, session_id, room_id, centre_id, seat, seat_label, ticket_number, org_path,
             applicant_account_id, centre_path, source, notified_at is not null as notified
      from seat_assignments where campaign_id = ${campaignId} ${ids} ${session} ${room}`),
  );
  return rows.map((r) => ({
    ...r,
    application_id: Number(r.application_id),
    session_id: Number(r.session_id),
    room_id: Number(r.room_id),
    centre_id: Number(r.centre_id),
    seat: Number(r.seat),
    applicant_account_id: r.applicant_account_id === null ? null : Number(r.applicant_account_id),
  }));
}

export interface ExamRoomNumberRow {
  session_id: number;
  room_id: number;
  centre_id: number;
  number: string;
}

export async function examRoomNumbers(tx: Tx, campaignId: number): Promise<ExamRoomNumberRow[]> {
  const rows = resultRows<ExamRoomNumberRow>(
    await tx.execute(sql`
      select session_id, room_id, centre_id, number from exam_room_numbers where campaign_id = ${campaignId}`),
  );
  return rows.map((r) => ({
    ...r,
    session_id: Number(r.session_id),
    room_id: Number(r.room_id),
    centre_id: Number(r.centre_id),
  }));
}

// ─── Writing ────────────────────────────────────────────────────────────────────────────────────────────

/** Only the province writes 考场号 (policy). Rows already there are left alone (a number never changes). */
export async function insertExamRoomNumbers(
  tx: Tx,
  campaignId: number,
  rows: readonly ExamRoomNumberRow[],
  now: Date,
): Promise<void> {
  for (let i = 0; i < rows.length; i += WRITE_BATCH) {
    const batch = rows.slice(i, i + WRITE_BATCH);
    await tx.execute(sql`
      insert into exam_room_numbers (campaign_id, session_id, room_id, centre_id, number, created_at)
      select ${campaignId}, v.s, v.r, v.c, v.n, ${now.toISOString()}::timestamptz
      from unnest(${intArray(batch.map((r) => r.session_id))}::int[], ${intArray(batch.map((r) => r.room_id))}::int[],
                  ${intArray(batch.map((r) => r.centre_id))}::int[], ${textArray(batch.map((r) => r.number))}::text[])
           as v(s, r, c, n)
      on conflict (session_id, room_id) do nothing`);
  }
}

/** 考场号 of pairs that no longer exist (no seat points at them any more). */
export async function deleteExamRoomNumbers(
  tx: Tx,
  campaignId: number,
  rows: readonly Pick<ExamRoomNumberRow, 'session_id' | 'room_id'>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += WRITE_BATCH) {
    const b = rows.slice(i, i + WRITE_BATCH);
    await tx.execute(sql`
      delete from exam_room_numbers n using unnest(${intArray(b.map((r) => r.session_id))}::int[],
                                                 ${intArray(b.map((r) => r.room_id))}::int[]) as v(s, r)
      where n.campaign_id = ${campaignId} and n.session_id = v.s and n.room_id = v.r`);
  }
}

export interface AssignmentWrite {
  applicationId: number;
  sessionId: number;
  roomId: number;
  centreId: number;
  seat: number;
  seatLabel: string;
  ticketNumber: string;
  orgPath: string;
  applicantAccountId: number | null;
  centrePath: string;
  source: 'auto' | 'manual';
}

export async function deleteAssignments(tx: Tx, applicationIds: readonly number[]): Promise<void> {
  for (let i = 0; i < applicationIds.length; i += WRITE_BATCH) {
    const batch = applicationIds.slice(i, i + WRITE_BATCH);
    await tx.execute(sql`delete from seat_assignments where application_id = any(${intArray(batch)}::int[])`);
  }
}

/** New seats (never notified yet), in multi-row statements over unnest'ed arrays. */
export async function insertAssignments(
  tx: Tx,
  campaignId: number,
  rows: readonly AssignmentWrite[],
  now: Date,
  onBatch?: (written: number) => Promise<void> | void,
): Promise<void> {
  const at = now.toISOString();
  for (let i = 0; i < rows.length; i += WRITE_BATCH) {
    const b = rows.slice(i, i + WRITE_BATCH);
    await tx.execute(sql`
      insert into seat_assignments (application_id, campaign_id, session_id, room_id, centre_id, seat, seat_label,
        ticket_number, org_path, applicant_account_id, centre_path, source, notified_at, created_at, updated_at)
      select v.a, ${campaignId}, v.s, v.r, v.c, v.seat, v.label, v.ticket, v.op, v.acc, v.cp, v.src, null,
             ${at}::timestamptz, ${at}::timestamptz
      from unnest(${intArray(b.map((r) => r.applicationId))}::int[], ${intArray(b.map((r) => r.sessionId))}::int[],
                  ${intArray(b.map((r) => r.roomId))}::int[], ${intArray(b.map((r) => r.centreId))}::int[],
                  ${intArray(b.map((r) => r.seat))}::smallint[], ${textArray(b.map((r) => r.seatLabel))}::text[],
                  ${textArray(b.map((r) => r.ticketNumber))}::text[], ${textArray(b.map((r) => r.orgPath))}::text[],
                  ${nullableIntArray(b.map((r) => r.applicantAccountId))}::int[],
                  ${textArray(b.map((r) => r.centrePath))}::text[], ${textArray(b.map((r) => r.source))}::text[])
           as v(a, s, r, c, seat, label, ticket, op, acc, cp, src)`);
    await onBatch?.(Math.min(i + WRITE_BATCH, rows.length));
  }
}

/** Marks every seated, not yet notified seat of the campaign notified; answers how many. */
export async function markNotified(tx: Tx, campaignId: number, now: Date): Promise<number> {
  const rows = resultRows<{ n: number }>(
    await tx.execute(sql`
      with changed as (
        update seat_assignments set notified_at = ${now.toISOString()}::timestamptz, updated_at = ${now.toISOString()}::timestamptz
        where campaign_id = ${campaignId} and notified_at is null returning 1)
      select count(*)::int as n from changed`),
  );
  return Number(rows[0]?.n ?? 0);
}

export async function countUnnotified(tx: Tx, campaignId: number): Promise<number> {
  const rows = resultRows<{ n: number }>(
    await tx.execute(sql`
      select count(*)::int as n from seat_assignments where campaign_id = ${campaignId} and notified_at is null`),
  );
  return Number(rows[0]?.n ?? 0);
}

/** One run at a time per campaign (transaction-scoped advisory lock). */
export async function tryLockCampaignSeating(tx: Tx, campaignId: number): Promise<boolean> {
  const rows = resultRows<{ ok: boolean }>(
    await tx.execute(sql`select pg_try_advisory_xact_lock(hashtext('gk.seating'), ${campaignId}::int) as ok`),
  );
  return rows[0]?.ok === true;
}

/** Moves and swaps of a campaign wait for each other and for a run. */
export async function lockCampaignSeating(tx: Tx, campaignId: number): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('gk.seating'), ${campaignId}::int)`);
}

// ─── Runs ───────────────────────────────────────────────────────────────────────────────────────────────

export async function insertRun(
  tx: Tx,
  values: {
    campaignId: number;
    options: unknown;
    counts: unknown;
    report: unknown;
    startedBy: number;
    startedAt: Date;
    finishedAt: Date;
  },
): Promise<number> {
  const rows = resultRows<{ id: number }>(
    await tx.execute(sql`
      insert into seating_runs (campaign_id, options, counts, report, started_by, started_at, finished_at)
      values (${values.campaignId}, ${JSON.stringify(values.options)}::jsonb, ${JSON.stringify(values.counts)}::jsonb,
              ${JSON.stringify(values.report)}::jsonb, ${values.startedBy}, ${values.startedAt.toISOString()}::timestamptz,
              ${values.finishedAt.toISOString()}::timestamptz)
      returning id`),
  );
  return Number(rows[0]!.id);
}

export interface RunRow {
  id: number;
  options: { moveNotified: boolean; fresh: boolean };
  counts: Record<string, number>;
  report: unknown;
  started_at: Date | string;
  finished_at: Date | string;
  started_by_name: string | null;
}

export async function latestRun(tx: Tx, campaignId: number): Promise<RunRow | null> {
  const rows = resultRows<RunRow>(
    await tx.execute(sql`
      select r.id, r.options, r.counts, r.report, r.started_at, r.finished_at, a.display_name as started_by_name
      from seating_runs r left join accounts a on a.id = r.started_by
      where r.campaign_id = ${campaignId} order by r.id desc limit 1`),
  );
  return rows[0] ? { ...rows[0], id: Number(rows[0].id) } : null;
}

// ─── Reading for people ─────────────────────────────────────────────────────────────────────────────────

export interface PersonRow {
  application_id: number;
  name: string;
  id_number: string;
  unit_name: string | null;
  job_type_name: string;
  grade: number;
}

/** Names of the candidates the caller may see, of those given (applications under row-level security). */
export async function people(tx: Tx, applicationIds: readonly number[]): Promise<Map<number, PersonRow>> {
  if (applicationIds.length === 0) return new Map();
  const rows = resultRows<PersonRow>(
    await tx.execute(sql`
      select a.id as application_id, a.name, a.id_number, u.name as unit_name, j.name as job_type_name,
             a.applied_grade as grade
      from applications a join job_types j on j.id = a.applied_job_type_id left join org_nodes u on u.id = a.unit_id
      where a.id = any(${intArray(applicationIds)}::int[])`),
  );
  return new Map(rows.map((r) => [Number(r.application_id), { ...r, application_id: Number(r.application_id) }]));
}

export interface Totals {
  confirmed: number;
  seated: number;
  notified: number;
  unseated: number;
}

export async function totals(tx: Tx, campaignId: number): Promise<Totals> {
  const [row] = resultRows<Totals>(
    await tx.execute(sql`
      select
        (select count(*)::int from applications a
          where a.campaign_id = ${campaignId} and a.status = 'province_confirmed') as confirmed,
        (select count(*)::int from seat_assignments s where s.campaign_id = ${campaignId}) as seated,
        (select count(*)::int from seat_assignments s
          where s.campaign_id = ${campaignId} and s.notified_at is not null) as notified,
        (select count(*)::int from applications a
          where a.campaign_id = ${campaignId} and a.status = 'province_confirmed'
            and not exists (select 1 from seat_assignments s where s.application_id = a.id)) as unseated`),
  );
  return {
    confirmed: Number(row?.confirmed ?? 0),
    seated: Number(row?.seated ?? 0),
    notified: Number(row?.notified ?? 0),
    unseated: Number(row?.unseated ?? 0),
  };
}

export interface RoomUseRow {
  session_id: number;
  room_id: number;
  number: string;
  seated: number;
  notified: number;
}

/** Per 考场 (room × session with a 考场号) of the rooms the caller sees: seats taken and notified. */
export async function roomUse(tx: Tx, campaignId: number): Promise<RoomUseRow[]> {
  const rows = resultRows<RoomUseRow>(
    await tx.execute(sql`
      select n.session_id, n.room_id, n.number,
             count(s.application_id)::int as seated, count(s.notified_at)::int as notified
      from exam_room_numbers n
      join exam_rooms r on r.id = n.room_id
      left join seat_assignments s on s.session_id = n.session_id and s.room_id = n.room_id
      where n.campaign_id = ${campaignId}
      group by n.session_id, n.room_id, n.number`),
  );
  return rows.map((r) => ({
    ...r,
    session_id: Number(r.session_id),
    room_id: Number(r.room_id),
    seated: Number(r.seated),
    notified: Number(r.notified),
  }));
}

export interface ListedAssignmentRow {
  application_id: number;
  name: string | null;
  id_number: string | null;
  unit_name: string | null;
  job_type_name: string | null;
  grade: number | null;
  session_id: number;
  session_name: string;
  centre_id: number;
  centre_name: string;
  room_id: number;
  room_name: string;
  number: string | null;
  seat: number;
  seat_label: string;
  ticket_number: string;
  source: 'auto' | 'manual';
  notified_at: Date | string | null;
}

const listedFrom = sql`
  from seat_assignments s
  join exam_sessions es on es.id = s.session_id
  join exam_rooms r on r.id = s.room_id
  join test_centres c on c.id = s.centre_id
  left join exam_room_numbers n on n.session_id = s.session_id and n.room_id = s.room_id
  left join applications a on a.id = s.application_id
  left join org_nodes u on u.id = a.unit_id
  left join job_types j on j.id = a.applied_job_type_id`;

const listedColumns = sql`
  s.application_id, a.name, a.id_number, u.name as unit_name, j.name as job_type_name, a.applied_grade as grade,
  s.session_id, es.name as session_name, s.centre_id, c.name as centre_name, s.room_id, r.name as room_name,
  n.number, s.seat, s.seat_label, s.ticket_number, s.source, s.notified_at`;

export async function listAssignments(
  tx: Tx,
  campaignId: number,
  q: {
    page: number;
    pageSize: number;
    q?: string;
    sessionId?: number;
    centreId?: number;
    roomId?: number;
    notified?: boolean;
    applicationIds?: readonly number[];
  },
): Promise<{ total: number; rows: ListedAssignmentRow[] }> {
  const text = q.q?.trim();
  const search = text
    ? sql`and (a.name ilike ${containsPattern(text)} or s.ticket_number = ${text.toUpperCase()} or a.id_number = ${text.toUpperCase()})`
    : sql``;
  const where = sql`
    where s.campaign_id = ${campaignId} ${search}
      ${q.sessionId !== undefined ? sql`and s.session_id = ${q.sessionId}` : sql``}
      ${q.centreId !== undefined ? sql`and s.centre_id = ${q.centreId}` : sql``}
      ${q.roomId !== undefined ? sql`and s.room_id = ${q.roomId}` : sql``}
      ${q.notified === undefined ? sql`` : q.notified ? sql`and s.notified_at is not null` : sql`and s.notified_at is null`}
      ${q.applicationIds ? sql`and s.application_id = any(${intArray(q.applicationIds)}::int[])` : sql``}`;
  const [count] = resultRows<{ n: number }>(await tx.execute(sql`select count(*)::int as n ${listedFrom} ${where}`));
  const rows = resultRows<ListedAssignmentRow>(
    await tx.execute(sql`
      select ${listedColumns} ${listedFrom} ${where}
      order by es.session_date, es.start_time, s.session_id, c.code, n.number, s.seat
      limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`),
  );
  return {
    total: Number(count?.n ?? 0),
    rows: rows.map((r) => ({
      ...r,
      application_id: Number(r.application_id),
      session_id: Number(r.session_id),
      centre_id: Number(r.centre_id),
      room_id: Number(r.room_id),
      seat: Number(r.seat),
      grade: r.grade === null ? null : Number(r.grade),
    })),
  };
}
