// The data of the exam-day benchmarks (`npm run bench:exam`, `npm run bench:exam:faults`): N seated, notified
// candidates of an open campaign that admits automatically, one session today (Beijing time) whose start is set
// just before the load begins, rooms of 10 × 10 seats in centres of one jurisdiction, and a sealed paper per
// candidate and subject drawn by the real paper generation from three small banks of sealed items.
//
// Bulk inserts as the owner (bench data, not demo data), except the papers, which papers.service draws and seals
// exactly as the 组卷 job does.
import { sql } from 'drizzle-orm';
import { defaultBlueprint, type ExamGrade } from '../src/domain/blueprint.js';
import { makeCreditCode } from '../src/domain/credit-code.js';
import { makeIdNumber } from '../src/domain/id-card.js';
import type { ItemType, Subject } from '../src/domain/items.js';
import { labelOfSeatNumber } from '../src/domain/seat-map.js';
import { encodeTicketNumber } from '../src/domain/ticket-number.js';
import { loadConfig } from '../src/server/config.js';
import { type Db, type DbKind, resultRows } from '../src/server/db/client.js';
import { ensureReferenceOrg } from '../src/server/db/seed.js';
import { seedDemoCampaign } from '../src/server/db/seed-campaign.js';
import type { AppDeps } from '../src/server/deps.js';
import { generatePapers } from '../src/server/modules/papers/papers.service.js';
import {
  type FixtureItem,
  insertBankWithItems,
  insertBlueprint,
} from '../src/server/modules/papers/papers.test-support.js';
import { type Clock, chinaDate } from '../src/server/platform/clock.js';
import { SYSTEM_META } from '../src/server/platform/context.js';
import type { ContentKey } from '../src/server/platform/sealed.js';
import { inSystemTx } from '../src/server/platform/tx.js';

/** The session's subjects, in this order (a bench with k subjects takes the first k). */
export const BENCH_SUBJECTS: readonly Subject[] = ['skill', 'ethics', 'ability'];
/** 10 × 10: a room of up to 100 seats, every seat used (no spares: nobody moves in the bench). */
const ROOM_ROWS = 10;
const ROOM_COLUMNS = 10;
const SEATS_PER_ROOM = ROOM_ROWS * ROOM_COLUMNS;
const ROOMS_PER_CENTRE = 20;
/** Items per bank: 45 % single, 45 % multiple, 10 % true/false, enough for the default 50 + 50 blueprint. */
const BANK_ITEMS = 300;

export interface BenchCandidate {
  applicationId: number;
  ticketNumber: string;
  idNumber: string;
  roomId: number;
}

export interface ExamBenchData {
  campaignId: number;
  sessionId: number;
  /** Beijing date of the session (today). */
  sessionDate: string;
  subjects: Subject[];
  subjectMinutes: number;
  candidates: BenchCandidate[];
  rooms: number;
  centres: number;
}

const ints = (xs: readonly number[]) => `{${xs.join(',')}}`;
const texts = (xs: readonly string[]) => `{${xs.join(',')}}`;

function bankItems(n: number, salt: number): FixtureItem[] {
  return Array.from({ length: n }, (_, i) => {
    const r = (i * 7919 + salt * 104729) % 100;
    const type: ItemType = r < 45 ? 'single' : r < 90 ? 'multiple' : 'true_false';
    const d = (i * 31 + salt * 17) % 20;
    const difficulty = d < 2 ? 1 : d < 7 ? 2 : d < 14 ? 3 : d < 18 ? 4 : 5;
    return { type, difficulty, knowledgePoint: `知识点${(i * 13 + salt) % 20}`, optionCount: 4 + (i % 3) };
  });
}

/**
 * Builds everything on a freshly migrated database. The session starts at 00:00 as a placeholder: `openSessionAt`
 * sets the real start once the servers are up.
 */
export async function buildExamData(
  database: { db: Db; kind: DbKind },
  key: ContentKey,
  clock: Clock,
  options: { candidates: number; subjects: number; subjectMinutes: number; log: (what: string) => void },
): Promise<ExamBenchData> {
  const { db } = database;
  const N = options.candidates;
  const subjects = BENCH_SUBJECTS.slice(0, options.subjects);
  const province = await ensureReferenceOrg(db, clock);
  const { campaignId } = await seedDemoCampaign(db, clock);
  const now = clock.now();
  const nowIso = now.toISOString();
  const today = chinaDate(now);

  const setup = await inSystemTx(db, async (tx) => {
    // Open, admitting automatically: the bench has no proctor.
    const [campaign] = resultRows<{ year: number }>(
      await tx.execute(sql`
        update campaigns set status = 'open', opened_at = ${nowIso}::timestamptz,
          exam_settings = exam_settings || '{"autoAdmit": true}'::jsonb
        where id = ${campaignId} returning year`),
    );
    const [city] = resultRows<{ id: number; path: string; code: string }>(
      await tx.execute(sql`select id, path, code from org_nodes where kind = 'jurisdiction' and name = '郑州市'`),
    );
    const cityId = Number(city!.id);
    const ids = resultRows<{ id: number }>(
      await tx.execute(
        sql`select nextval(pg_get_serial_sequence('org_nodes', 'id'))::int as id from generate_series(1, 2)`,
      ),
    ).map((r) => Number(r.id));
    const departmentPath = `${city!.path}${ids[0]}/`;
    const unitPath = `${departmentPath}${ids[1]}/`;
    await tx.execute(sql`
      insert into org_nodes (id, parent_id, kind, name, code, path, depth, created_at, updated_at) values
        (${ids[0]}, ${cityId}, 'department', '郑州市基准主管部门', ${makeCreditCode('11410100G00000001')},
          ${departmentPath}, 2, ${nowIso}::timestamptz, ${nowIso}::timestamptz),
        (${ids[1]}, ${ids[0]}, 'unit', '郑州市基准单位', ${makeCreditCode('12410100G00000002')}, ${unitPath}, 3,
          ${nowIso}::timestamptz, ${nowIso}::timestamptz)`);
    const managers = resultRows<{ id: number; username: string }>(
      await tx.execute(sql`
        insert into accounts (username, display_name, role, org_node_id, org_path, password_hash,
          must_change_password, created_at, updated_at)
        select u, '题库管理员（基准）', 'bank_manager', ${province.id}, ${province.path}, 'x', false,
          ${nowIso}::timestamptz, ${nowIso}::timestamptz
        from unnest(array['bench_bank_1', 'bench_bank_2']) u
        returning id, username`),
    );
    // One job type and grade for everyone: one 岗位技能 bank serves all.
    const [jobType] = resultRows<{ id: number; grades: number[] }>(
      await tx.execute(sql`
        select j.id, j.grades from job_types j join campaigns c on c.catalog_version_id = j.version_id
        where c.id = ${campaignId} and not j.local_exam and 4 = any(j.grades) order by j.id limit 1`),
    );
    return {
      year: Number(campaign!.year),
      city: { id: cityId, path: city!.path, code: city!.code },
      departmentId: ids[0]!,
      unit: { id: ids[1]!, path: unitPath },
      authorId: Number(managers[0]!.id),
      approverId: Number(managers[1]!.id),
      jobTypeId: Number(jobType!.id),
    };
  });
  const grade: ExamGrade = 4;

  // ─── Candidates: confirmed applications ───
  const idNumbers = Array.from({ length: N }, (_, n) => {
    const year = 1965 + (n % 30);
    const month = String((Math.floor(n / 30) % 12) + 1).padStart(2, '0');
    const day = String((Math.floor(n / 360) % 28) + 1).padStart(2, '0');
    const seq = String(Math.floor(n / 10_080) % 1000).padStart(3, '0');
    return makeIdNumber(`410105${year}${month}${day}${seq}`);
  });
  const applicationIds: number[] = [];
  await inSystemTx(db, async (tx) => {
    for (let i = 0; i < N; i += 2000) {
      const slice = idNumbers.slice(i, i + 2000);
      const rows = resultRows<{ id: number }>(
        await tx.execute(sql`
          insert into applications (campaign_id, unit_id, org_path, department_id, jurisdiction_id, source, status,
            id_number, name, sex, birth_date, education, work_start_month, work_years, regularized_month,
            current_job_type, applied_job_type_id, applied_grade, verdict, findings, submitted_at, created_at,
            updated_at)
          select ${campaignId}, ${setup.unit.id}, ${setup.unit.path}, ${setup.departmentId}, ${setup.city.id},
            'unit', 'province_confirmed', v.id_number, '考生' || (${i} + v.i), 'male',
            to_date(substr(v.id_number, 7, 8), 'YYYYMMDD'), 'senior_high', '2005-07', 12, '2006-07', '工勤',
            ${setup.jobTypeId}, ${grade}, 'eligible', '[]'::jsonb, ${nowIso}::timestamptz, ${nowIso}::timestamptz,
            ${nowIso}::timestamptz
          from unnest(${texts(slice)}::text[]) with ordinality as v(id_number, i)
          order by v.i
          returning id`),
      );
      applicationIds.push(...rows.map((r) => Number(r.id)));
    }
  });
  options.log(`${N} confirmed candidates`);

  // ─── Banks, blueprints and papers (the real generation) ───
  const common = { authorId: setup.authorId, approverId: setup.approverId, now };
  for (const [i, subject] of BENCH_SUBJECTS.entries()) {
    await insertBankWithItems(db, key, {
      ...common,
      subject,
      name: `基准${subject}题库`,
      jobTypeId: subject === 'skill' ? setup.jobTypeId : null,
      grade: subject === 'skill' ? grade : null,
      items: bankItems(BANK_ITEMS, i + 1),
    });
    await insertBlueprint(db, {
      campaignId,
      blueprint: subject === 'skill' ? defaultBlueprint(subject, setup.jobTypeId, grade) : defaultBlueprint(subject),
      createdBy: setup.authorId,
      now,
    });
  }
  const deps: AppDeps = {
    db,
    dbKind: database.kind,
    clock,
    config: { ...loadConfig({}), demoMode: false, logLevel: 'silent' },
    contentKey: key,
    signingKey: null,
  };
  const generated = await generatePapers(
    deps,
    {
      actor: {
        accountId: setup.authorId,
        username: 'bench_bank_1',
        displayName: '题库管理员（基准）',
        role: 'bank_manager',
        orgNodeId: province.id,
        orgPath: province.path,
        orgNodeName: province.name,
      },
      meta: SYSTEM_META,
    },
    campaignId,
  );
  options.log(`3 banks of ${BANK_ITEMS} sealed items, papers drawn and sealed: ${JSON.stringify(generated.generated)}`);

  // ─── The session, centres, rooms, 考场号 and seats ───
  const rooms = Math.ceil(N / SEATS_PER_ROOM);
  const centres = Math.ceil(rooms / ROOMS_PER_CENTRE);
  const candidates: BenchCandidate[] = [];
  const sessionId = await inSystemTx(db, async (tx) => {
    const sessionSubjects = subjects.map((subject) => ({
      subject,
      durationMinutes: options.subjectMinutes,
      breakAfterMinutes: 0,
    }));
    const [session] = resultRows<{ id: number }>(
      await tx.execute(sql`
        insert into exam_sessions (campaign_id, name, session_date, start_time, subjects, late_entry_minutes,
          earliest_hand_in_minutes, created_at, updated_at)
        values (${campaignId}, '基准场次', ${today}, '00:00', ${JSON.stringify(sessionSubjects)}::jsonb, 15, 0,
          ${nowIso}::timestamptz, ${nowIso}::timestamptz)
        returning id`),
    );
    const sessionId = Number(session!.id);
    const roomIds: { id: number; centre: number; number: number }[] = [];
    for (let c = 1; c <= centres; c++) {
      const [centre] = resultRows<{ id: number }>(
        await tx.execute(sql`
          insert into test_centres (org_node_id, org_path, name, code, address, created_at, updated_at)
          values (${setup.city.id}, ${setup.city.path}, ${`基准考点${c}`}, ${String(c).padStart(2, '0')},
            '某路 1 号', ${nowIso}::timestamptz, ${nowIso}::timestamptz)
          returning id`),
      );
      const inCentre = Math.min(ROOMS_PER_CENTRE, rooms - (c - 1) * ROOMS_PER_CENTRE);
      const created = resultRows<{ id: number; code: string }>(
        await tx.execute(sql`
          insert into exam_rooms (centre_id, org_path, code, name, seat_rows, seat_columns, spare_per_mille,
            created_at, updated_at)
          select ${centre!.id}, ${setup.city.path}, lpad(g::text, 2, '0'), '机房' || g, ${ROOM_ROWS}, ${ROOM_COLUMNS},
            0, ${nowIso}::timestamptz, ${nowIso}::timestamptz
          from generate_series(1, ${inCentre}) g
          returning id, code`),
      );
      await tx.execute(sql`
        insert into exam_room_numbers (campaign_id, session_id, room_id, centre_id, number, created_at)
        select ${campaignId}, ${sessionId}, r.id, ${centre!.id}, r.code, ${nowIso}::timestamptz
        from exam_rooms r where r.centre_id = ${centre!.id}`);
      for (const r of created.sort((a, b) => a.code.localeCompare(b.code))) {
        roomIds.push({ id: Number(r.id), centre: c, number: Number(r.code) });
      }
    }
    const rows = applicationIds.map((applicationId, i) => {
      const room = roomIds[Math.floor(i / SEATS_PER_ROOM)]!;
      const seat = (i % SEATS_PER_ROOM) + 1;
      const ticketNumber = encodeTicketNumber({
        year: setup.year,
        regionCode: setup.city.code,
        centre: room.centre,
        room: room.number,
        seat,
      });
      candidates.push({ applicationId, ticketNumber, idNumber: idNumbers[i]!, roomId: room.id });
      return { applicationId, room, seat, label: labelOfSeatNumber({ rows: ROOM_ROWS, columns: ROOM_COLUMNS }, seat)! };
    });
    const centreIds = new Map(
      resultRows<{ id: number; centre_id: number }>(await tx.execute(sql`select id, centre_id from exam_rooms`)).map(
        (r) => [Number(r.id), Number(r.centre_id)],
      ),
    );
    for (let i = 0; i < rows.length; i += 5000) {
      const slice = rows.slice(i, i + 5000);
      await tx.execute(sql`
        insert into seat_assignments (application_id, campaign_id, session_id, room_id, centre_id, seat, seat_label,
          ticket_number, org_path, centre_path, source, notified_at, created_at, updated_at)
        select v.application_id, ${campaignId}, ${sessionId}, v.room_id, v.centre_id, v.seat, v.label, v.ticket,
          ${setup.unit.path}, ${setup.city.path}, 'auto', ${nowIso}::timestamptz, ${nowIso}::timestamptz,
          ${nowIso}::timestamptz
        from unnest(${ints(slice.map((r) => r.applicationId))}::int[], ${ints(slice.map((r) => r.room.id))}::int[],
          ${ints(slice.map((r) => centreIds.get(r.room.id)!))}::int[], ${ints(slice.map((r) => r.seat))}::int[],
          ${texts(slice.map((r) => r.label))}::text[],
          ${texts(candidates.slice(i, i + 5000).map((c) => c.ticketNumber))}::text[])
          as v(application_id, room_id, centre_id, seat, label, ticket)`);
    }
    return sessionId;
  });
  await db.execute(sql`analyze`);
  options.log(
    `session ${today} (${subjects.join(', ')}, ${options.subjectMinutes} min each), ${centres} centres, ${rooms} rooms of ${SEATS_PER_ROOM} seats, ${N} seats notified`,
  );
  return {
    campaignId,
    sessionId,
    sessionDate: today,
    subjects,
    subjectMinutes: options.subjectMinutes,
    candidates,
    rooms,
    centres,
  };
}

/**
 * The session's opening: the next whole minute (Beijing time) at least `leadMs` from now, written as its start
 * time, so that every candidate's first subject opens in the same second.
 */
export async function openSessionAt(db: Db, sessionId: number, leadMs: number): Promise<Date> {
  const at = new Date(Math.ceil((Date.now() + leadMs) / 60_000) * 60_000);
  const beijing = new Date(at.getTime() + 8 * 3600_000);
  if (beijing.getUTCHours() === 23 && beijing.getUTCMinutes() > 0) {
    throw new Error('the bench plans its session within today (Beijing time): run it before 23:00 Beijing time');
  }
  const hhmm = beijing.toISOString().slice(11, 16);
  await inSystemTx(db, (tx) =>
    tx.execute(
      sql`update exam_sessions set start_time = ${hhmm}, session_date = ${chinaDate(at)} where id = ${sessionId}`,
    ),
  );
  return at;
}
