/**
 * `npm run bench:seating [-- --candidates 100000 --runs 1]`: the seating run (编排考场) for a province-sized
 * campaign on PostgreSQL, through the real service as the background job runs it (row-level security, one
 * transaction: load, seatCandidates, 考场号, ticket numbers, multi-row writes, the run row and its audit row).
 *
 * Creates its own database gk_bench_seating_<random> on BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres), migrates, and loads with bulk SQL (not timed): the demo campaign and
 * its sample catalogue, a department and 10 units in each of the 30 jurisdictions, N confirmed candidates spread
 * over them (20 job types, grades 5–3; one job type in 25 is 技术监督, sitting where its unit is located), two
 * sessions, and centres of 12 rooms (8 × 10 seats, 5 % spare) — two per jurisdiction, four at the province for the
 * 省直 and 中央驻豫 candidates — enough for everyone. Then, per run, it times `runSeating` and checks that every
 * candidate holds one seat with a distinct seat and ticket number. Between runs the seats, 考场号 and runs are
 * deleted (every run writes everything). The database is dropped in any case. The last line is
 * {"candidates": N, "seated": N, "seconds": S} (the median of the runs). Target: under 30 s.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { makeCreditCode, makeIdNumber } from '../src/domain/index.js';
import { loadConfig } from '../src/server/config.js';
import { openDatabase, resultRows } from '../src/server/db/client.js';
import { ensureReferenceOrg } from '../src/server/db/seed.js';
import { seedDemoCampaign } from '../src/server/db/seed-campaign.js';
import type { AppDeps } from '../src/server/deps.js';
import { runSeating } from '../src/server/modules/seating/seating.service.js';
import { FixedClock } from '../src/server/platform/clock.js';
import type { Actor } from '../src/server/platform/context.js';
import { SYSTEM_META } from '../src/server/platform/context.js';
import { inSystemTx } from '../src/server/platform/tx.js';
import { withDatabase } from '../test/setup/integration-global.js';
import { admin, baseUrl, log, secs } from './support.js';

const { values } = parseArgs({ options: { candidates: { type: 'string' }, runs: { type: 'string' } } });
const CANDIDATES = Number(values.candidates ?? 100_000);
const RUNS = Number(values.runs ?? process.env.RUNS ?? 1);
if (![CANDIDATES, RUNS].every((n) => Number.isInteger(n) && n > 0)) {
  console.error('usage: npm run bench:seating -- [--candidates 100000] [--runs 1]');
  process.exit(2);
}
const dbName = `gk_bench_seating_${randomBytes(4).toString('hex')}`;
const UNITS_PER_JURISDICTION = 10;
const JOB_TYPES = 20;
const ROOMS_PER_CENTRE = 12;
const ROWS = 8;
const COLUMNS = 10;

const ints = (xs: readonly number[]) => `{${xs.join(',')}}`;
const texts = (xs: readonly string[]) => `{${xs.join(',')}}`;

await admin(`CREATE DATABASE ${dbName}`);
console.log(`database ${dbName} on ${new URL(baseUrl).host}`);
let line: string | null = null;
try {
  const database = openDatabase({ databaseUrl: withDatabase(baseUrl, dbName), poolSize: 4 });
  try {
    await database.migrate();
    const db = database.db;
    const clock = new FixedClock('2017-06-20T10:00:00+08:00');
    const t0 = performance.now();
    console.log('setup (not timed):');
    const province = await ensureReferenceOrg(db, clock);
    const { campaignId } = await seedDemoCampaign(db, clock);
    const now = clock.now().toISOString();

    const setup = await inSystemTx(db, async (tx) => {
      const jurisdictions = resultRows<{ id: number; path: string; code: string | null }>(
        await tx.execute(sql`select id, path, code from org_nodes where kind = 'jurisdiction' order by sort_order, id`),
      ).map((j) => ({ ...j, id: Number(j.id) }));
      // A department and its units per jurisdiction; credit codes carry the jurisdiction's region (410000 for 省直).
      const units: { id: number; path: string; departmentId: number; jurisdictionId: number }[] = [];
      let serial = 0;
      for (const j of jurisdictions) {
        const ids = resultRows<{ id: number }>(
          await tx.execute(
            sql`select nextval(pg_get_serial_sequence('org_nodes', 'id'))::int as id from generate_series(1, ${1 + UNITS_PER_JURISDICTION})`,
          ),
        ).map((r) => Number(r.id));
        const region = j.code ?? '410300';
        const code = (kind: string) => makeCreditCode(`${kind}${region}G${String(++serial).padStart(8, '0')}`);
        const departmentPath = `${j.path}${ids[0]}/`;
        const rows = [
          {
            id: ids[0]!,
            parent: j.id,
            kind: 'department',
            name: `基准主管部门${j.id}`,
            code: code('11'),
            path: departmentPath,
            depth: 2,
          },
          ...ids.slice(1).map((id, k) => ({
            id,
            parent: ids[0]!,
            kind: 'unit',
            name: `基准单位${j.id}-${k + 1}`,
            code: code('12'),
            path: `${departmentPath}${id}/`,
            depth: 3,
          })),
        ];
        await tx.execute(sql`
          insert into org_nodes (id, parent_id, kind, name, code, path, depth, created_at, updated_at)
          select v.id, v.parent, v.kind::org_kind, v.name, v.code, v.path, v.depth, ${now}::timestamptz, ${now}::timestamptz
          from unnest(${ints(rows.map((r) => r.id))}::int[], ${ints(rows.map((r) => r.parent))}::int[],
                      ${texts(rows.map((r) => r.kind))}::text[], ${texts(rows.map((r) => r.name))}::text[],
                      ${texts(rows.map((r) => r.code))}::text[], ${texts(rows.map((r) => r.path))}::text[],
                      ${ints(rows.map((r) => r.depth))}::int[]) as v(id, parent, kind, name, code, path, depth)`);
        for (const r of rows.slice(1)) {
          units.push({ id: r.id, path: r.path, departmentId: ids[0]!, jurisdictionId: j.id });
        }
      }
      const types = resultRows<{ id: number; local_exam: boolean; grades: number[] }>(
        await tx.execute(sql`
          select j.id, j.local_exam, j.grades from job_types j join campaigns c on c.catalog_version_id = j.version_id
          where c.id = ${campaignId} order by j.local_exam, j.id`),
      );
      const ordinary = types.filter((t) => !t.local_exam).slice(0, JOB_TYPES - 1);
      const local = types.find((t) => t.local_exam)!;
      const [account] = resultRows<{ id: number }>(
        await tx.execute(sql`
          insert into accounts (username, display_name, role, org_node_id, org_path, password_hash,
            must_change_password, created_at, updated_at)
          values ('bench_province', '省工考办（基准）', 'province_admin', ${province.id}, ${province.path}, 'x', false,
            ${now}::timestamptz, ${now}::timestamptz)
          returning id`),
      );
      return {
        jurisdictions,
        units,
        ordinary: ordinary.map((t) => Number(t.id)),
        local: Number(local.id),
        accountId: Number(account!.id),
      };
    });
    log(t0, `${setup.jurisdictions.length} jurisdictions, ${setup.units.length} units`);

    // ─── Candidates ───
    await inSystemTx(db, async (tx) => {
      for (let i = 0; i < CANDIDATES; i += 5000) {
        const n = Math.min(5000, CANDIDATES - i);
        const rows = Array.from({ length: n }, (_, k) => {
          const x = i + k;
          const unit = setup.units[x % setup.units.length]!;
          const year = 1965 + (x % 30);
          const month = String((Math.floor(x / 30) % 12) + 1).padStart(2, '0');
          const day = String((Math.floor(x / 360) % 28) + 1).padStart(2, '0');
          const seq = String(Math.floor(x / 10_080) % 1000).padStart(3, '0');
          return {
            unit,
            idNumber: makeIdNumber(`410105${year}${month}${day}${seq}`),
            jobTypeId: x % 25 === 0 ? setup.local : setup.ordinary[x % setup.ordinary.length]!,
            grade: 5 - (x % 3),
          };
        });
        await tx.execute(sql`
          insert into applications (campaign_id, unit_id, org_path, department_id, jurisdiction_id, source, status,
            id_number, name, sex, birth_date, education, work_start_month, work_years, regularized_month,
            current_job_type, applied_job_type_id, applied_grade, verdict, findings, submitted_at, created_at,
            updated_at)
          select ${campaignId}, v.unit_id, v.org_path, v.department_id, v.jurisdiction_id, 'unit', 'province_confirmed',
            v.id_number, '考生' || v.i, 'male', to_date(substr(v.id_number, 7, 8), 'YYYYMMDD'), 'senior_high',
            '2005-07', 12, '2006-07', '工勤', v.job_type_id, v.grade, 'eligible', '[]'::jsonb, ${now}::timestamptz,
            ${now}::timestamptz, ${now}::timestamptz
          from unnest(${ints(rows.map((r) => r.unit.id))}::int[], ${texts(rows.map((r) => r.unit.path))}::text[],
                      ${ints(rows.map((r) => r.unit.departmentId))}::int[],
                      ${ints(rows.map((r) => r.unit.jurisdictionId))}::int[], ${texts(rows.map((r) => r.idNumber))}::text[],
                      ${ints(rows.map((r) => r.jobTypeId))}::int[], ${ints(rows.map((r) => r.grade))}::int[])
               with ordinality as v(unit_id, org_path, department_id, jurisdiction_id, id_number, job_type_id, grade, i)`);
      }
    });
    log(t0, `${CANDIDATES} confirmed candidates`);

    // ─── Sessions, centres and rooms ───
    await inSystemTx(db, async (tx) => {
      for (const [name, start] of [
        ['第一场', '08:30'],
        ['第二场', '14:00'],
      ] as const) {
        await tx.execute(sql`
          insert into exam_sessions (campaign_id, name, session_date, start_time, subjects, late_entry_minutes,
            earliest_hand_in_minutes, created_at, updated_at)
          values (${campaignId}, ${name}, '2017-07-15', ${start},
            '[{"subject":"skill","durationMinutes":90,"breakAfterMinutes":0}]'::jsonb, 15, 30, ${now}::timestamptz,
            ${now}::timestamptz)`);
      }
      const places = [
        ...setup.jurisdictions.filter((j) => j.code).map((j) => ({ ...j, centres: 2 })),
        { id: province.id, path: province.path, code: province.code, centres: 4 },
      ];
      for (const place of places) {
        for (let c = 1; c <= place.centres; c++) {
          const [centre] = resultRows<{ id: number }>(
            await tx.execute(sql`
              insert into test_centres (org_node_id, org_path, name, code, address, created_at, updated_at)
              values (${place.id}, ${place.path}, ${`基准考点${place.id}-${c}`}, ${String(c).padStart(2, '0')}, '某路 1 号',
                ${now}::timestamptz, ${now}::timestamptz)
              returning id`),
          );
          await tx.execute(sql`
            insert into exam_rooms (centre_id, org_path, code, name, seat_rows, seat_columns, spare_per_mille,
              created_at, updated_at)
            select ${centre!.id}, ${place.path}, lpad(g::text, 2, '0'), '机房' || g, ${ROWS}, ${COLUMNS}, 50,
              ${now}::timestamptz, ${now}::timestamptz
            from generate_series(1, ${ROOMS_PER_CENTRE}) g`);
        }
      }
    });
    await db.execute(sql`analyze`);
    log(t0, 'two sessions; centres with 12 rooms of 8 × 10 seats (5 % spare)');

    const deps: AppDeps = {
      db,
      dbKind: database.kind,
      clock,
      config: { ...loadConfig({}), demoMode: false, logLevel: 'silent' },
      contentKey: null,
      signingKey: null,
    };
    const actor: Actor = {
      accountId: setup.accountId,
      username: 'bench_province',
      displayName: '省工考办（基准）',
      role: 'province_admin',
      orgNodeId: province.id,
      orgPath: province.path,
      orgNodeName: province.name,
    };
    const times: number[] = [];
    let seated = 0;
    for (let run = 1; run <= RUNS; run++) {
      if (run > 1) {
        await inSystemTx(db, async (tx) => {
          await tx.execute(sql`delete from seat_assignments`);
          await tx.execute(sql`delete from exam_room_numbers`);
          await tx.execute(sql`delete from seating_runs`);
        });
        await db.execute(sql`vacuum analyze seat_assignments, exam_room_numbers`);
      }
      const started = performance.now();
      const result = await runSeating(deps, { actor, meta: SYSTEM_META }, campaignId);
      const seconds = secs(started);
      times.push(seconds);
      console.log(`run ${run}: ${seconds.toFixed(1)} s ${JSON.stringify(result.counts)}`);
      const [check] = await inSystemTx(db, async (tx) =>
        resultRows<{ n: number; seats: number; tickets: number }>(
          await tx.execute(sql`
            select count(*)::int as n, count(distinct (session_id, room_id, seat))::int as seats,
                   count(distinct ticket_number)::int as tickets
            from seat_assignments where campaign_id = ${campaignId}`),
        ),
      );
      seated = Number(check!.n);
      if (seated !== result.counts.seated || Number(check!.seats) !== seated || Number(check!.tickets) !== seated) {
        throw new Error(`seats written ${JSON.stringify(check)} do not match the run's ${result.counts.seated}`);
      }
    }
    const sorted = [...times].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    console.log(
      `seating: ${times.map((s) => s.toFixed(1)).join(' s, ')} s; median ${median.toFixed(1)} s (target < 30 s: ${median < 30 ? 'met' : 'MISSED'})`,
    );
    line = `{"candidates": ${CANDIDATES}, "seated": ${seated}, "seconds": ${median.toFixed(1)}}`;
  } finally {
    await database.close();
  }
} finally {
  await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  console.log(`dropped ${dbName}`);
}
if (line) console.log(line);
else process.exitCode = 1;
