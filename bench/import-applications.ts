/**
 * Parse and import 5,000 applications from an Excel file on PGlite (in memory), three runs on fresh databases,
 * and print the median: `npx tsx bench/import-applications.ts [rows]`.
 *
 * Each run: parse the workbook, check every row (catalogue, ID card, duplicates in the file and in the campaign),
 * derive each application (prepareApplication), then insert in batches of 200 in one transaction with one audit
 * row per application — exactly what the background job of POST /api/applications/import does.
 */
import ExcelJS from 'exceljs';
import { makeIdNumber } from '../src/domain/index.js';
import { templatePhases } from '../src/domain/timetable.js';
import { loadConfig } from '../src/server/config.js';
import { openDatabase } from '../src/server/db/client.js';
import { accounts, campaignPhases, campaigns, catalogVersions, jobTypes, orgNodes } from '../src/server/db/schema.js';
import { ensureReferenceOrg } from '../src/server/db/seed.js';
import type { AppDeps } from '../src/server/deps.js';
import {
  APPLICATION_COLUMNS,
  importApplications,
  parseApplicationWorkbook,
  readApplicationSheet,
} from '../src/server/modules/applications/applications.import.js';
import { nextNodeId } from '../src/server/modules/org/org.repository.js';
import { verifyAuditChain } from '../src/server/platform/audit.js';
import { FixedClock } from '../src/server/platform/clock.js';
import type { Actor } from '../src/server/platform/context.js';
import { randomContentKey } from '../src/server/platform/sealed.js';
import { inSystemTx } from '../src/server/platform/tx.js';

const ROWS = Number(process.argv[2] ?? 5000);
const RUNS = Number(process.env.RUNS ?? 3);

async function buildWorkbook(rows: number): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('申请表');
  sheet.addRow([...APPLICATION_COLUMNS]);
  const start = Date.UTC(1965, 0, 1);
  for (let i = 0; i < rows; i++) {
    const birth = new Date(start + i * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
    const row: Record<string, string | number> = {
      姓名: `测试${i}`,
      身份证号: makeIdNumber(`410105${birth}${String(i % 2 === 0 ? 11 : 12).padStart(3, '0')}`),
      文化程度: '高中（含职高）',
      参加工作时间: `${1985 + (i % 25)}-07`,
      转正定级时间: `${1986 + (i % 25)}-07`,
      现岗位工种: '汽车驾驶员',
      现岗位等级: i % 3 === 0 ? '五级（初级工）' : '无',
      现等级取得时间: i % 3 === 0 ? '2010-10' : '',
      现岗位工种年限: 10,
      申报工种: '汽车驾驶员',
      申报等级: i % 3 === 0 ? '四级（中级工）' : '五级（初级工）',
      公车改革变更工种: '否',
      申请破格: '否',
      联系电话: '13800000000',
    };
    sheet.addRow(APPLICATION_COLUMNS.map((c) => row[c] ?? null));
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function setUp() {
  const database = openDatabase({ dataDir: 'memory://' });
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
  const fixture = await inSystemTx(database.db, async (tx) => {
    const now = clock.now();
    const all = await tx.select().from(orgNodes);
    const zhengzhou = all.find((n) => n.kind === 'jurisdiction' && n.name === '郑州市') ?? province;
    const node = async (parent: typeof zhengzhou, kind: 'department' | 'unit', name: string) => {
      const id = await nextNodeId(tx);
      const [row] = await tx
        .insert(orgNodes)
        .values({
          id,
          parentId: parent.id,
          kind,
          name,
          path: `${parent.path}${id}/`,
          depth: parent.depth + 1,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      return row!;
    };
    const department = await node(zhengzhou, 'department', '郑州市交通运输局');
    const unit = await node(department, 'unit', '郑州市公交公司');
    const [account] = await tx
      .insert(accounts)
      .values({
        username: 'bench',
        displayName: '基准测试',
        role: 'unit_officer',
        orgNodeId: unit.id,
        orgPath: unit.path,
        passwordHash: 'x',
        mustChangePassword: false,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const [version] = await tx
      .insert(catalogVersions)
      .values({ name: '豫人社工考〔2014〕2号', title: '基准', isSample: true, jobTypeCount: 1, createdAt: now })
      .returning();
    await tx.insert(jobTypes).values({
      versionId: version!.id,
      code: '14-001',
      name: '汽车驾驶员',
      category: '交通运输类',
      grades: [5, 4, 3, 2, 1],
    });
    const [campaign] = await tx
      .insert(campaigns)
      .values({
        year: 2017,
        name: '2017年全省机关事业单位工勤技能岗位等级考核',
        noticeNumber: '豫人社办函〔2017〕11号',
        noticeDate: '2017-01-20',
        status: 'open',
        catalogVersionId: version!.id,
        eligibilitySettings: {},
        examSettings: {},
        openedAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await tx.insert(campaignPhases).values(templatePhases(2017).map((p) => ({ campaignId: campaign!.id, ...p })));
    const actor: Actor = {
      accountId: account!.id,
      username: 'bench',
      displayName: '基准测试',
      role: 'unit_officer',
      orgNodeId: unit.id,
      orgPath: unit.path,
      orgNodeName: unit.name,
    };
    return { actor, unitId: unit.id, campaignId: campaign!.id };
  });
  return { database, deps, ...fixture };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const file = await buildWorkbook(ROWS);
console.log(`workbook: ${ROWS} rows, ${(file.length / 1024).toFixed(0)} KB`);
const parseTimes: number[] = [];
const totalTimes: number[] = [];
for (let run = 1; run <= RUNS; run++) {
  const { database, deps, actor, unitId, campaignId } = await setUp();
  const t0 = performance.now();
  const parsed = await parseApplicationWorkbook(
    file,
    [{ id: 1, code: '14-001', name: '汽车驾驶员', grades: [5, 4, 3, 2, 1] }],
    {
      today: '2017-02-10',
    },
  );
  parseTimes.push(performance.now() - t0);
  if (parsed.errors.length > 0) throw new Error(`parse errors: ${JSON.stringify(parsed.errors.slice(0, 3))}`);

  const t1 = performance.now();
  // As the route does: the sheet is read in the request, the rows go to the job.
  const sheet = await readApplicationSheet(file);
  const result = await importApplications(
    deps,
    { actor, meta: { ip: null, userAgent: 'bench', requestId: null } },
    { campaignId, unitId, mode: 'all_or_nothing', submit: false, sheet },
  );
  const total = performance.now() - t1;
  totalTimes.push(total);
  if (result.imported !== ROWS)
    throw new Error(`imported ${result.imported}: ${JSON.stringify(result.errors.slice(0, 3))}`);
  const chain = await verifyAuditChain(database.db);
  if (!chain.ok || chain.checked < ROWS) throw new Error(`audit chain: ${JSON.stringify(chain)}`);
  console.log(
    `run ${run}: parse only ${(parseTimes.at(-1)! / 1000).toFixed(2)} s; parse + check + import ${(total / 1000).toFixed(2)} s`,
  );
  await database.close();
}
console.log(
  `median of ${RUNS}: parse ${(median(parseTimes) / 1000).toFixed(2)} s; parse + import of ${ROWS} rows ${(median(totalTimes) / 1000).toFixed(2)} s (PGlite, in memory)`,
);
