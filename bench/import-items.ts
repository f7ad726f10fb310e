/**
 * Import 5,000 items from an Excel file into a question bank, on PGlite (in memory) and on PostgreSQL, three runs each
 * on fresh databases, and print the medians: `npx tsx bench/import-items.ts [rows]`.
 *
 * Each run does what POST /api/banks/:id/import does: read and count the sheet (readBankSheet, in the request), then
 * the job's work (importBankItems): parse every row with the domain's parseItemRow, seal each item and write the
 * drafts in batches of 200 in one transaction under the bank manager's role, with the import's audit row.
 *
 * PostgreSQL: a database gk_bench_items_<random> on BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres), dropped afterwards; skipped (and said so) when the server cannot be
 * reached. The last line is JSON, the medians: {"pglite":{"rows":5000,"seconds":S},"postgresql":{"rows":5000,"seconds":S}}.
 */
import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { BANK_SHEET_COLUMNS, type BankColumn } from '../src/domain/bank-sheet.js';
import { loadConfig } from '../src/server/config.js';
import { type Database, openDatabase } from '../src/server/db/client.js';
import { accounts, questionBanks } from '../src/server/db/schema.js';
import { ensureReferenceOrg } from '../src/server/db/seed.js';
import type { AppDeps } from '../src/server/deps.js';
import { importBankItems, readBankSheet } from '../src/server/modules/banks/banks.excel.js';
import { FixedClock } from '../src/server/platform/clock.js';
import type { Actor } from '../src/server/platform/context.js';
import { randomContentKey } from '../src/server/platform/sealed.js';
import { inSystemTx } from '../src/server/platform/tx.js';
import { withDatabase } from '../test/setup/integration-global.js';
import { admin, baseUrl } from './support.js';

const ROWS = Number(process.argv[2] ?? 5000);
const RUNS = Number(process.env.RUNS ?? 3);

/** A bank's worth of items as banks write them: the three types, options, answers, difficulty words, 解析. */
async function buildWorkbook(rows: number): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('试题');
  sheet.addRow([...BANK_SHEET_COLUMNS]);
  const types = ['单选题', '多选题', '判断题'] as const;
  for (let i = 0; i < rows; i++) {
    const type = types[i % 3]!;
    const row: Partial<Record<BankColumn, string | number>> = {
      题型: type,
      题干: `第${i + 1}题：在机动车驾驶过程中，遇到下列情形时，驾驶人应当如何处置？（题号 ${i + 1}）`,
      答案: type === '单选题' ? 'B' : type === '多选题' ? 'A、C、D' : i % 2 === 0 ? '正确' : '错误',
      难度: (i % 5) + 1,
      知识点: `知识点${(i % 40) + 1}`,
      解析: '依据《道路交通安全法》及其实施条例的有关规定作答。',
      来源: '《道路交通安全法实施条例》',
    };
    if (type !== '判断题') {
      row.选项A = `减速慢行，注意观察（${i}）`;
      row.选项B = `立即停车，开启危险报警闪光灯（${i}）`;
      row.选项C = `鸣喇叭示意后通过（${i}）`;
      row.选项D = `按原速度通过（${i}）`;
    }
    sheet.addRow(BANK_SHEET_COLUMNS.map((c) => row[c] ?? null));
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function setUp(database: Database) {
  await database.migrate();
  const clock = new FixedClock('2017-02-10T09:00:00+08:00');
  const deps: AppDeps = {
    db: database.db,
    dbKind: database.kind,
    clock,
    config: { ...loadConfig({}), demoMode: false, logLevel: 'silent' },
    contentKey: randomContentKey(),
    signingKey: null,
  };
  const province = await ensureReferenceOrg(database.db, clock);
  const { actor, bankId } = await inSystemTx(database.db, async (tx) => {
    const now = clock.now();
    const [account] = await tx
      .insert(accounts)
      .values({
        username: `bench_bank_${randomBytes(3).toString('hex')}`,
        displayName: '基准测试',
        role: 'bank_manager',
        orgNodeId: province.id,
        orgPath: province.path,
        passwordHash: 'x',
        mustChangePassword: false,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const [bank] = await tx
      .insert(questionBanks)
      .values({
        subject: 'ethics',
        name: '职业道德题库（基准）',
        createdBy: account!.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const bankActor: Actor = {
      accountId: account!.id,
      username: account!.username,
      displayName: '基准测试',
      role: 'bank_manager',
      orgNodeId: province.id,
      orgPath: province.path,
      orgNodeName: province.name,
    };
    return { actor: bankActor, bankId: bank!.id };
  });
  return { deps, actor, bankId };
}

async function run(database: Database, file: Buffer): Promise<number> {
  try {
    const { deps, actor, bankId } = await setUp(database);
    const t0 = performance.now();
    const sheet = await readBankSheet(file);
    const result = await importBankItems(
      deps,
      { actor, meta: { ip: null, userAgent: 'bench', requestId: null } },
      { bankId, mode: 'all_or_nothing', fileName: 'bench.xlsx', sheet },
    );
    const seconds = (performance.now() - t0) / 1000;
    if (result.imported !== ROWS) throw new Error(`imported ${result.imported}: ${JSON.stringify(result.errors[0])}`);
    return seconds;
  } finally {
    await database.close();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const file = await buildWorkbook(ROWS);
console.log(`workbook: ${ROWS} rows, ${(file.length / 1024).toFixed(0)} KB`);
const results: Record<string, { rows: number; seconds: number }> = {};

const pglite: number[] = [];
for (let i = 1; i <= RUNS; i++) {
  pglite.push(await run(openDatabase({ dataDir: 'memory://' }), file));
  console.log(`pglite run ${i}: ${pglite.at(-1)!.toFixed(2)} s`);
}
results.pglite = { rows: ROWS, seconds: Number(median(pglite).toFixed(2)) };

let reachable = true;
await admin('select 1').catch((error: unknown) => {
  reachable = false;
  console.log(`PostgreSQL at ${new URL(baseUrl).host} not reachable (${String(error)}): skipped`);
});
if (reachable) {
  const postgres: number[] = [];
  for (let i = 1; i <= RUNS; i++) {
    const name = `gk_bench_items_${randomBytes(4).toString('hex')}`;
    await admin(`CREATE DATABASE ${name}`);
    try {
      postgres.push(await run(openDatabase({ databaseUrl: withDatabase(baseUrl, name), poolSize: 4 }), file));
      console.log(`postgresql run ${i}: ${postgres.at(-1)!.toFixed(2)} s`);
    } finally {
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  }
  results.postgresql = { rows: ROWS, seconds: Number(median(postgres).toFixed(2)) };
}
console.log(JSON.stringify(results));
