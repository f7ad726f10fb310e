/**
 * The data of a finished sitting at province scale, for the benchmarks that read it (bench/item-analysis.ts): the
 * same structure bench/scoring.ts builds inline (the demo campaign, one unit, N confirmed candidates, a 职业道德
 * bank of 300 sealed items, one sealed 100-item paper per candidate, one session, N finished attempts of one subject,
 * 100 saved answers each: about 70 % right, 5 % blank), loaded with bulk SQL. Extracted from bench/scoring.ts
 * without changing it (another branch is changing that file); scoring.ts can import this instead at merge.
 */
import { sql } from 'drizzle-orm';
import { defaultBlueprint } from '../src/domain/blueprint.js';
import { makeCreditCode, makeIdNumber } from '../src/domain/index.js';
import type { ItemType } from '../src/domain/items.js';
import type { PaperItem } from '../src/domain/paper.js';
import { type Db, resultRows } from '../src/server/db/client.js';
import { ensureReferenceOrg } from '../src/server/db/seed.js';
import { seedDemoCampaign } from '../src/server/db/seed-campaign.js';
import { paperContext } from '../src/server/modules/papers/papers.service.js';
import {
  type FixtureItem,
  insertBankWithItems,
  insertBlueprint,
} from '../src/server/modules/papers/papers.test-support.js';
import type { Clock } from '../src/server/platform/clock.js';
import { type ContentKey, sealJson } from '../src/server/platform/sealed.js';
import { inSystemTx } from '../src/server/platform/tx.js';
import { log } from './support.js';

export const BANK_ITEMS = 300;
export const PAPER_ITEMS = 100;

/** Item n (1-based) of the bench bank: 40 % single, 50 % multiple, 10 % true/false; four options. */
export const typeOf = (n: number): ItemType => (n % 10 < 4 ? 'single' : n % 10 < 9 ? 'multiple' : 'true_false');
const bankItems: FixtureItem[] = Array.from({ length: BANK_ITEMS }, (_, i) => ({
  type: typeOf(i + 1),
  difficulty: ((i * 7) % 5) + 1,
  knowledgePoint: `知识点${i % 10}`,
  optionCount: 4,
}));
/** The bank item (1-based) at `position` of candidate c's paper: distinct within a paper (positions × 3 mod 300). */
const itemAt = (c: number, position: number) => ((c * 37 + position * 3 - 1) % BANK_ITEMS) + 1;

export async function buildFinishedSitting(db: Db, key: ContentKey, clock: Clock, ATTEMPTS: number, t0: number) {
  const province = await ensureReferenceOrg(db, clock);
  const { campaignId } = await seedDemoCampaign(db, clock);
  const now = clock.now().toISOString();

  const setup = await inSystemTx(db, async (tx) => {
    const [city] = resultRows<{ id: number; path: string }>(
      await tx.execute(sql`select id, path from org_nodes where kind = 'jurisdiction' and name = '郑州市'`),
    );
    const ids = resultRows<{ id: number }>(
      await tx.execute(
        sql`select nextval(pg_get_serial_sequence('org_nodes', 'id'))::int as id from generate_series(1, 2)`,
      ),
    ).map((r) => Number(r.id));
    const departmentPath = `${city!.path}${ids[0]}/`;
    const unitPath = `${departmentPath}${ids[1]}/`;
    await tx.execute(sql`
      insert into org_nodes (id, parent_id, kind, name, code, path, depth, created_at, updated_at) values
        (${ids[0]}, ${city!.id}, 'department', '郑州市基准主管部门', ${makeCreditCode('11410100G00000001')},
          ${departmentPath}, 2, ${now}::timestamptz, ${now}::timestamptz),
        (${ids[1]}, ${ids[0]}, 'unit', '郑州市基准单位', ${makeCreditCode('12410100G00000002')}, ${unitPath}, 3,
          ${now}::timestamptz, ${now}::timestamptz)`);
    const accounts = resultRows<{ id: number; username: string }>(
      await tx.execute(sql`
        insert into accounts (username, display_name, role, org_node_id, org_path, password_hash,
          must_change_password, created_at, updated_at)
        select u, r.d, r.role::account_role, ${province.id}, ${province.path}, 'x', false, ${now}::timestamptz,
          ${now}::timestamptz
        from (values ('bench_admin', '省级管理员（基准）', 'province_admin'), ('bench_bank_1', '题库（基准）', 'bank_manager'),
          ('bench_bank_2', '题库（基准）', 'bank_manager')) as r(u, d, role)
        returning id, username`),
    );
    const [jobType] = resultRows<{ id: number }>(
      await tx.execute(sql`
        select j.id from job_types j join campaigns c on c.catalog_version_id = j.version_id
        where c.id = ${campaignId} and not j.local_exam and 4 = any(j.grades) order by j.id limit 1`),
    );
    await tx.execute(
      sql`update campaigns set status = 'open', opened_at = ${now}::timestamptz where id = ${campaignId}`,
    );
    return {
      city: { id: Number(city!.id), path: city!.path },
      departmentId: ids[0]!,
      unit: { id: ids[1]!, path: unitPath },
      adminId: Number(accounts.find((a) => a.username === 'bench_admin')!.id),
      authorId: Number(accounts.find((a) => a.username === 'bench_bank_1')!.id),
      approverId: Number(accounts.find((a) => a.username === 'bench_bank_2')!.id),
      jobTypeId: Number(jobType!.id),
    };
  });

  // Candidates.
  await inSystemTx(db, async (tx) => {
    for (let i = 0; i < ATTEMPTS; i += 10_000) {
      const n = Math.min(10_000, ATTEMPTS - i);
      const idNumbers = Array.from({ length: n }, (_, k) => {
        const c = i + k;
        const day = String((c % 28) + 1).padStart(2, '0');
        const month = String((Math.floor(c / 28) % 12) + 1).padStart(2, '0');
        const year = 1965 + (Math.floor(c / 336) % 30);
        return makeIdNumber(`410105${year}${month}${day}${String(Math.floor(c / 10_080) % 1000).padStart(3, '0')}`);
      });
      await tx.execute(sql`
        insert into applications (campaign_id, unit_id, org_path, department_id, jurisdiction_id, source, status,
          id_number, name, sex, birth_date, education, work_start_month, work_years, regularized_month,
          current_job_type, applied_job_type_id, applied_grade, verdict, findings, submitted_at, created_at,
          updated_at)
        select ${campaignId}, ${setup.unit.id}, ${setup.unit.path}, ${setup.departmentId}, ${setup.city.id},
          'unit', 'province_confirmed', v.id_number, '考生' || (${i} + v.i), 'male',
          to_date(substr(v.id_number, 7, 8), 'YYYYMMDD'), 'senior_high', '2005-07', 12, '2006-07', '工勤',
          ${setup.jobTypeId}, 4, 'eligible', '[]'::jsonb, ${now}::timestamptz, ${now}::timestamptz,
          ${now}::timestamptz
        from unnest(${`{${idNumbers.join(',')}}`}::text[]) with ordinality as v(id_number, i)
        order by v.i`);
    }
  });
  log(t0, `${ATTEMPTS} confirmed candidates`);

  // The bank and a pool row (the papers are sealed here, as the generation seals them).
  const { itemIds } = await insertBankWithItems(db, key, {
    subject: 'ethics',
    name: '基准职业道德题库',
    items: bankItems,
    authorId: setup.authorId,
    approverId: setup.approverId,
    now: clock.now(),
  });
  const blueprintId = await insertBlueprint(db, {
    campaignId,
    blueprint: defaultBlueprint('ethics'),
    createdBy: setup.authorId,
    now: clock.now(),
  });
  const poolId = await inSystemTx(db, async (tx) => {
    const [pool] = resultRows<{ id: number }>(
      await tx.execute(sql`
        insert into paper_pools (campaign_id, blueprint_id, blueprint_revision, grade, algorithm_version, blueprint,
          items, item_count, digest, created_at)
        values (${campaignId}, ${blueprintId}, 1, 4, 1, '{}'::jsonb, '[]'::jsonb, ${BANK_ITEMS}, 'bench',
          ${now}::timestamptz)
        returning id`),
    );
    return Number(pool!.id);
  });
  const applications = await inSystemTx(db, async (tx) =>
    resultRows<{ id: number }>(
      await tx.execute(sql`select id from applications where campaign_id = ${campaignId} order by id`),
    ).map((r) => Number(r.id)),
  );
  const optionOrder = (n: number) => (typeOf(n) === 'true_false' ? '' : 'ABCD');
  for (let i = 0; i < applications.length; i += 1000) {
    const slice = applications.slice(i, i + 1000);
    const hex = slice.map((applicationId, k) => {
      const c = i + k;
      const items: PaperItem[] = Array.from({ length: PAPER_ITEMS }, (_, p) => {
        const n = itemAt(c, p + 1);
        return {
          itemId: itemIds[n - 1]!,
          version: 1,
          type: typeOf(n),
          cell: 0,
          points: typeOf(n) === 'true_false' ? 0.5 : 1,
          difficulty: bankItems[n - 1]!.difficulty,
          optionOrder: optionOrder(n),
        };
      });
      return `\\\\x${sealJson(key, paperContext(applicationId, 'ethics', 1), items).toString('hex')}`;
    });
    await inSystemTx(db, (tx) =>
      tx.execute(sql`
        insert into papers (campaign_id, application_id, subject, sitting, pool_id, seed, algorithm_version, attempt,
          item_count, mean_difficulty, content, created_by, created_at)
        select ${campaignId}, v.application_id, 'ethics', 1, ${poolId}, v.application_id, 1, 1, ${PAPER_ITEMS}, 3,
          v.content, ${setup.authorId}, ${now}::timestamptz
        from unnest(${`{${slice.join(',')}}`}::int[], ${`{${hex.join(',')}}`}::bytea[]) as v(application_id, content)`),
    );
  }
  log(t0, `${ATTEMPTS} sealed papers of ${PAPER_ITEMS} items`);

  // Session, one centre and room (attempts carry their own seat), finished attempts and their subjects.
  await inSystemTx(db, async (tx) => {
    const [session] = resultRows<{ id: number }>(
      await tx.execute(sql`
        insert into exam_sessions (campaign_id, name, session_date, start_time, subjects, late_entry_minutes,
          earliest_hand_in_minutes, created_at, updated_at)
        values (${campaignId}, '基准场次', '2026-07-20', '09:00',
          '[{"subject": "ethics", "durationMinutes": 60, "breakAfterMinutes": 0}]'::jsonb, 15, 30,
          ${now}::timestamptz, ${now}::timestamptz)
        returning id`),
    );
    const [centre] = resultRows<{ id: number }>(
      await tx.execute(sql`
        insert into test_centres (org_node_id, org_path, name, code, address, created_at, updated_at)
        values (${setup.city.id}, ${setup.city.path}, '基准考点', '01', '某路 1 号', ${now}::timestamptz,
          ${now}::timestamptz)
        returning id`),
    );
    const [room] = resultRows<{ id: number }>(
      await tx.execute(sql`
        insert into exam_rooms (centre_id, org_path, code, name, seat_rows, seat_columns, spare_per_mille,
          created_at, updated_at)
        values (${centre!.id}, ${setup.city.path}, '01', '机房1', 10, 10, 0, ${now}::timestamptz, ${now}::timestamptz)
        returning id`),
    );
    await tx.execute(sql`
      insert into exam_attempts (application_id, campaign_id, session_id, room_id, centre_id, seat, seat_label,
        ticket_number, org_path, centre_path, status, signed_in_at, admitted_at, created_at, updated_at)
      select a.id, ${campaignId}, ${session!.id}, ${room!.id}, ${centre!.id}, 1, 'A01', lpad(a.id::text, 18, '0'),
        a.org_path, ${setup.city.path}, 'finished', ${now}::timestamptz, ${now}::timestamptz, ${now}::timestamptz,
        ${now}::timestamptz
      from applications a where a.campaign_id = ${campaignId}`);
    await tx.execute(sql`
      insert into attempt_subjects (attempt_id, subject, position, paper_id, item_count, max_score, opens_at,
        deadline_at, started_at, submitted_at, submit_kind, answered_count, score, org_path, centre_path, centre_id)
      select e.id, 'ethics', 1, p.id, ${PAPER_ITEMS}, ${PAPER_ITEMS}, '2026-07-20T01:00:00Z', '2026-07-20T02:00:00Z',
        '2026-07-20T01:00:00Z', '2026-07-20T01:50:00Z', 'candidate', ${PAPER_ITEMS}, null, e.org_path,
        e.centre_path, e.centre_id
      from exam_attempts e join papers p on p.application_id = e.application_id and p.subject = 'ethics'
      where e.campaign_id = ${campaignId}`);
  });
  log(t0, `${ATTEMPTS} finished attempts`);

  // Answers: the key of item n (papers.test-support sealedItem: single n % 4, multiple AC, true/false by parity)
  // about 70 % of the time, another answer about 25 %, blank 3 %, never saved 2 %. (The plan PostgreSQL picks
  // writes them position by position across the attempts, so an attempt's answers lie spread over the table, as
  // exam day's interleaved saves leave them.)
  const candidateIndex = new Map(applications.map((id, c) => [id, c]));
  await inSystemTx(db, async (tx) => {
    await tx.execute(sql`
      create temp table bench_candidates (application_id int primary key, c int not null) on commit drop`);
    const apps = [...candidateIndex.keys()];
    for (let i = 0; i < apps.length; i += 20_000) {
      const slice = apps.slice(i, i + 20_000);
      await tx.execute(sql`
        insert into bench_candidates select * from unnest(${`{${slice.join(',')}}`}::int[],
          ${`{${slice.map((a) => candidateIndex.get(a)).join(',')}}`}::int[])`);
    }
    await tx.execute(sql`
      insert into attempt_answers (attempt_subject_id, position, answer, seq, saved_at)
      select s.id, g.p,
        case when h < 5 then ''
             when h < 75 then case when n % 10 < 4 then chr(65 + n % 4) when n % 10 < 9 then 'AC'
                                   when n % 2 = 0 then 'T' else 'F' end
             else case when n % 10 < 4 then chr(65 + (n + 1) % 4) when n % 10 < 9 then 'AB'
                       when n % 2 = 0 then 'F' else 'T' end end,
        g.p, ${now}::timestamptz
      from attempt_subjects s join exam_attempts e on e.id = s.attempt_id
        join bench_candidates b on b.application_id = e.application_id
        cross join lateral generate_series(1, ${PAPER_ITEMS}) as g(p)
        cross join lateral (select ((b.c * 37 + g.p * 3 - 1) % ${BANK_ITEMS}) + 1 as n,
          abs(hashint4(s.id * 1000 + g.p)::bigint) % 100 as h) x
      where e.campaign_id = ${campaignId} and x.h >= 2`);
  });
  await db.execute(sql`analyze`);
  log(t0, `about ${ATTEMPTS * (PAPER_ITEMS - 2)} saved answers`);

  return { province, campaignId, setup, itemIds };
}
