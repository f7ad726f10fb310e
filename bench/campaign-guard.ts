/**
 * `npx tsx bench/campaign-guard.ts`: the closed-campaign guard's cost on a hot statement (an update of one exam_attempts
 * row by id, a prepared statement, 5 × 2,000, median per statement) on PostgreSQL (BENCH_DATABASE_URL, default the local
 * server), without the guard, with 0029's static guard, and with 0028's EXECUTE guard once a campaign is
 * closed. Creates and drops a database of its own.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { openDatabase } from '../src/server/db/client.js';

const base = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const admin = new pg.Client({ connectionString: base });
await admin.connect();
const name = `gk_probe_${Date.now()}`;
await admin.query(`create database ${name}`);
const url = Object.assign(new URL(base), { pathname: `/${name}` }).toString();
try {
  const database = await openDatabase({ databaseUrl: url });
  await database.migrate();
  await database.close();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  // Minimal rows: a fake exam_attempts table-free probe: compare an UPDATE on exam_attempts with triggers on vs off.
  await c.query(`alter table exam_attempts disable trigger user`).catch(() => {});
  const run = async (label: string) => {
    const times: number[] = [];
    for (let r = 0; r < 5; r++) {
      const t = performance.now();
      for (let i = 0; i < 2000; i++)
        await c.query({
          name: 'u',
          text: 'update exam_attempts set updated_at = updated_at where id = $1',
          values: [i],
        });
      times.push((performance.now() - t) / 2000);
    }
    times.sort((a, b) => a - b);
    console.log(label, `median ${(times[2]! * 1000).toFixed(1)} µs per statement`);
  };
  await run('no guard');
  await c.query(`alter table exam_attempts enable trigger user`);
  await run('guard, no closed campaign');
  await c.query(`set session_replication_role = replica`);
  await c.query(
    `insert into campaigns (year, name, notice_number, notice_date, status, catalog_version_id, eligibility_settings, exam_settings, created_at, updated_at) values (2001, 'closed one', 'x', '2001-01-01', 'closed', 1, '{}', '{}', now(), now())`,
  );
  await c.query(`set session_replication_role = origin`);
  await run('guard (static, 0029), a closed campaign');
  const old = readFileSync('migrations/0028_campaign_close.sql', 'utf8');
  const fn = old.slice(
    old.indexOf('CREATE OR REPLACE FUNCTION gk_refuse_closed_campaign()'),
    old.indexOf('--> statement-breakpoint', old.indexOf('CREATE OR REPLACE FUNCTION gk_refuse_closed_campaign()')),
  );
  await c.query(fn);
  await c.end();
  await c2();
  async function c2() {
    const d = new pg.Client({ connectionString: url });
    await d.connect();
    const times: number[] = [];
    for (let r = 0; r < 5; r++) {
      const t = performance.now();
      for (let i = 0; i < 2000; i++)
        await d.query({
          name: 'u',
          text: 'update exam_attempts set updated_at = updated_at where id = $1',
          values: [i],
        });
      times.push((performance.now() - t) / 2000);
    }
    times.sort((a, b) => a - b);
    console.log('guard (EXECUTE, 0028), a closed campaign', `median ${(times[2]! * 1000).toFixed(1)} µs per statement`);
    await d.end();
  }
} finally {
  await admin.query(`drop database ${name} with (force)`);
  await admin.end();
}
