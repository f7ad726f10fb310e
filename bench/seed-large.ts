/**
 * A province-sized data set for load tests and benchmarks (`npm run seed:large`, `npm run bench:review`):
 * the 30 jurisdictions with about 15 supervising departments each and about 10 units per department, one
 * seeded reviewer account per node (with an unusable random password), the sample catalogue, an OPEN campaign
 * and N applications spread over job types, grades, verdicts and every state of the review chain, with the
 * history a real chain leaves behind: approval rows for every level passed, return and rejection rows with
 * reason codes, 汇总上报 batches for the states that imply one, overruled verdicts and earlier returns.
 *
 * Built with multi-row INSERTs (1,000 rows a statement, one transaction a chunk) as the owner role, the approval
 * rows with one INSERT … SELECT, then VACUUM ANALYZE so that the statistics' index-only scans find a fresh
 * visibility map. Deterministic for a given size (a seeded generator). Expects a database with no applications
 * in the chosen year's campaign; the reference org (and a demo seed, if any) may be there.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, getTableColumns, getTableName, inArray, sql } from 'drizzle-orm';
import { makeCreditCode, makeIdNumber } from '../src/domain/index.js';
import {
  batchNumber,
  defaultOpinion,
  REJECT_REASONS,
  RETURN_REASONS,
  type RejectReason,
  type ReturnReason,
  type ReviewLevel,
  type Stage,
} from '../src/domain/review.js';
import { defaultEligibilitySettings, defaultExamSettings, templatePhases } from '../src/domain/timetable.js';
import type { Db, Tx } from '../src/server/db/client.js';
import { resultRows } from '../src/server/db/client.js';
import {
  accounts,
  applicationReviews,
  applications,
  campaignJurisdictions,
  campaignPhases,
  campaigns,
  jobTypes,
  orgNodes,
  reviewBatches,
} from '../src/server/db/schema.js';
import { ensureReferenceOrg } from '../src/server/db/seed.js';
import { ensureSampleCatalogue } from '../src/server/db/seed-campaign.js';
import { recordAudit } from '../src/server/platform/audit.js';
import { chinaDate } from '../src/server/platform/clock.js';
import { SYSTEM_META } from '../src/server/platform/context.js';
import { hashPassword } from '../src/server/platform/passwords.js';
import { inSystemTx } from '../src/server/platform/tx.js';

export interface SeedLargeProgress {
  phase: 'org' | 'applications' | 'approvals' | 'batches' | 'vacuum' | 'done';
  done: number;
  total: number;
}

export interface SeedLargeOptions {
  applications: number;
  /** The campaign's year; defaults to the Beijing year of `now`. */
  campaignYear?: number;
  /** When the seed happens (created_at of the org and accounts); defaults to the real time. */
  now?: Date;
  /** Departments per jurisdiction and units per department, on average (defaults 15 and 10). */
  departmentsPerJurisdiction?: number;
  unitsPerDepartment?: number;
  onProgress?: (progress: SeedLargeProgress) => void;
}

export interface SeedLargeResult {
  campaignId: number;
  provinceId: number;
  jurisdictions: number;
  departments: number;
  units: number;
  applications: number;
  reviews: number;
  batches: number;
  /** The jurisdiction with online registration switched on (洛阳市). */
  onlineJurisdictionId: number;
}

const CHUNK = 2000;
/** The prefix of every seeded reviewer account: `lg_<node id>`. */
export const LARGE_ACCOUNT_PREFIX = 'lg_';
export const LARGE_ONLINE_JURISDICTION = '洛阳市';

type NodeRow = typeof orgNodes.$inferSelect;
type ApplicationInsert = typeof applications.$inferInsert;
type ReviewInsert = typeof applicationReviews.$inferInsert;
type Verdict = 'eligible' | 'needs_review' | 'ineligible';
type Source = 'unit' | 'import' | 'online';

// ─── A small deterministic generator ────────────────────────────────────────────────────────────────────────

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  }
}

// ─── Names ──────────────────────────────────────────────────────────────────────────────────────────────────

// biome-ignore format: a table
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭',
  '马', '罗', '梁', '宋', '郑', '谢', '韩', '唐', '冯', '于', '董', '萧', '程', '曹', '袁', '邓', '许', '傅', '沈', '曾', '彭', '吕',
  '苏', '卢', '蒋', '蔡', '贾', '丁', '魏', '薛', '叶', '阎'];
// biome-ignore format: a table
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀', '霞',
  '平', '刚', '桂', '英', '华', '建', '国', '红', '志', '海', '峰', '辉', '玲', '鹏', '亮', '波', '宁', '斌', '凯', '浩', '婷', '雪',
  '慧', '鑫', '林', '晨', '阳', '瑞', '博', '宇', '佳', '文', '春', '德', '成', '兰', '新', '利', '俊', '飞', '振'];

function personName(rng: Random): string {
  const given = rng.float() < 0.35 ? rng.pick(GIVEN) : rng.pick(GIVEN) + rng.pick(GIVEN);
  return rng.pick(SURNAMES) + given;
}

// biome-ignore format: a table
const CITY_BUREAUS = ['教育局', '卫生健康委员会', '交通运输局', '农业农村局', '水利局', '自然资源和规划局', '住房和城乡建设局',
  '文化广电和旅游局', '民政局', '林业局', '市场监督管理局', '生态环境局', '公安局', '财政局', '人力资源和社会保障局', '城市管理局',
  '机关事务管理局', '统计局', '应急管理局', '退役军人事务局', '司法局', '审计局'];
// biome-ignore format: a table
const PROVINCIAL_DEPARTMENTS = ['河南省教育厅', '河南省卫生健康委员会', '河南省交通运输厅', '河南省农业农村厅', '河南省水利厅',
  '河南省自然资源厅', '河南省住房和城乡建设厅', '河南省文化和旅游厅', '河南省民政厅', '河南省林业局', '河南省市场监督管理局',
  '河南省生态环境厅', '河南省公安厅', '河南省财政厅', '河南省人力资源和社会保障厅机关服务中心', '河南省机关事务管理局',
  '河南省统计局', '河南省应急管理厅', '河南省广播电视局', '河南省体育局'];
// biome-ignore format: a table
const CENTRAL_DEPARTMENTS = ['河南省气象局', '国家统计局河南调查总队', '河南省通信管理局', '河南省地震局', '河南黄河河务局',
  '国家税务总局河南省税务局', '河南省邮政管理局', '郑州海关', '河南煤矿安全监察局', '中国地质调查局郑州矿产综合利用研究所',
  '国家粮食和物资储备局河南局', '河南省烟草专卖局', '国家知识产权局专利局郑州代办处', '中国人民银行郑州中心支行',
  '黄河水利委员会水文局', '国家林业和草原局郑州专员办', '交通运输部公路科学研究院河南分院', '河南出入境边防检查站'];
// biome-ignore format: a table
const UNIT_SUFFIXES = ['机关服务中心', '信息中心', '培训中心', '综合执法支队', '后勤服务中心', '档案馆', '监测站', '研究所',
  '管理站', '事务中心', '保障中心', '车辆管理所', '技术推广站', '勘察设计院', '质量检测中心', '宣传教育中心'];

// ─── Review chain scenarios ─────────────────────────────────────────────────────────────────────────────────

type Scenario =
  | 'draft'
  | 'awaiting_unit'
  | 'submitted'
  | 'unit_approved'
  | 'department_approved'
  | 'department_batched'
  | 'jurisdiction_approved'
  | 'jurisdiction_batched'
  | 'province_confirmed'
  | 'returned_applicant'
  | 'returned_unit_by_unit'
  | 'returned_unit'
  | 'returned_department'
  | 'returned_jurisdiction'
  | 'rejected_unit'
  | 'rejected_department'
  | 'rejected_jurisdiction'
  | 'rejected_province';

const SCENARIO_WEIGHTS: readonly (readonly [Scenario, number])[] = [
  ['draft', 3],
  ['awaiting_unit', 1],
  ['submitted', 8],
  ['unit_approved', 9],
  ['department_approved', 5],
  ['department_batched', 10],
  ['jurisdiction_approved', 5],
  ['jurisdiction_batched', 9],
  ['province_confirmed', 30],
  ['returned_applicant', 0.5],
  ['returned_unit_by_unit', 1.5],
  ['returned_unit', 2.5],
  ['returned_department', 2],
  ['returned_jurisdiction', 1.5],
  ['rejected_unit', 1.5],
  ['rejected_department', 1.5],
  ['rejected_jurisdiction', 1],
  ['rejected_province', 1],
];
const ALL_SCENARIOS = SCENARIO_WEIGHTS.map(([s]) => s);
/** Scenarios that need an online registration (the applicant's own). */
const ONLINE_ONLY = new Set<Scenario>(['awaiting_unit', 'returned_applicant']);
/** Scenarios that pass the jurisdiction level, which 省直/中央驻豫 skip. */
const NEEDS_JURISDICTION = new Set<Scenario>([
  'jurisdiction_approved',
  'jurisdiction_batched',
  'returned_jurisdiction',
  'rejected_jurisdiction',
]);

/** Decision dates within the campaign year: registration in February, the reviews in March. */
const LEVEL_DAY: Record<ReviewLevel, string> = {
  unit: '02-24',
  department: '03-04',
  jurisdiction: '03-14',
  province: '03-24',
};

const VERDICTS: readonly (readonly [Verdict, number])[] = [
  ['eligible', 80],
  ['needs_review', 14],
  ['ineligible', 6],
];
const GRADE_WEIGHTS: readonly (readonly [number, number])[] = [
  [5, 26],
  [4, 36],
  [3, 24],
  [2, 11],
  [1, 3],
];
const RETURN_CODES = Object.keys(RETURN_REASONS) as ReturnReason[];
const REJECT_CODES = Object.keys(REJECT_REASONS) as RejectReason[];

// ─── The org and its accounts ───────────────────────────────────────────────────────────────────────────────

interface Jurisdiction {
  node: NodeRow;
  reviewedByProvince: boolean;
  online: boolean;
  addressCodes: string[];
  accountId: number;
  accountName: string;
  batchId: number;
}
interface Department {
  id: number;
  name: string;
  code: string;
  path: string;
  jurisdiction: Jurisdiction;
  accountId: number;
  accountName: string;
  batchId: number;
}
interface Unit {
  id: number;
  name: string;
  path: string;
  department: Department;
  accountId: number;
  accountName: string;
  weight: number;
}

async function nextIds(tx: Tx, table: string, column: string, n: number): Promise<number[]> {
  if (n === 0) return [];
  const result = await tx.execute(
    sql`select nextval(pg_get_serial_sequence(${table}, ${column}))::int as id from generate_series(1, ${n}) order by 1`,
  );
  return resultRows<{ id: number }>(result).map((r) => Number(r.id));
}

/**
 * A multi-row INSERT with the rows as one jsonb parameter (jsonb_populate_recordset over the table's row type): far
 * cheaper, on both sides, than a statement with one bind parameter per value (tens of thousands a chunk). Only the
 * columns the first row names are written; the others keep their defaults.
 */
async function insertJsonRows(
  tx: Tx,
  table: typeof applications | typeof applicationReviews,
  rows: readonly Record<string, unknown>[],
  returning?: string,
) {
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  const keys = Object.keys(rows[0] ?? {}).filter((k) => columns[k] !== undefined && rows[0]![k] !== undefined);
  const names = keys.map((k) => `"${columns[k]!.name}"`).join(', ');
  const json = JSON.stringify(
    rows.map((row) => Object.fromEntries(keys.map((k) => [columns[k]!.name, row[k] ?? null]))),
  );
  const tableName = getTableName(table);
  return tx.execute(
    sql`insert into ${sql.raw(`"${tableName}"`)} (${sql.raw(names)}) select ${sql.raw(names)}
      from jsonb_populate_recordset(null::${sql.raw(`"${tableName}"`)}, ${json}::jsonb)
      ${returning ? sql.raw(`returning ${returning}`) : sql``}`,
  );
}

async function insertChunked<T>(items: readonly T[], size: number, write: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += size) await write(items.slice(i, i + size));
}

/** The jurisdiction's weight in the province (bigger cities register more staff). */
function jurisdictionWeight(name: string, type: string | null): number {
  if (name === '郑州市') return 3;
  if (['洛阳市', '南阳市', '周口市', '商丘市', '新乡市', '信阳市', '驻马店市'].includes(name)) return 1.8;
  if (type === 'county') return 0.45;
  if (type === 'provincial_units') return 1.5;
  if (type === 'central_units') return 0.6;
  return 1;
}

function addressCodesOf(code: string | null): string[] {
  if (!code) return ['410102', '410103', '410105', '410104'];
  if (code.endsWith('00'))
    return [1, 2, 3, 4, 5, 21, 22].map((d) => `${code.slice(0, 4)}${String(d).padStart(2, '0')}`);
  return [code];
}

let creditCounter = 0;
function creditCode(kind: 'department' | 'unit', region: string | null): string {
  creditCounter++;
  // 11 机关 / 12 事业单位, the region, then 'G' and a counter: never the test factories' all-digit bodies.
  return makeCreditCode(
    `${kind === 'department' ? '11' : '12'}${region ?? '410000'}G${String(creditCounter).padStart(8, '0')}`,
  );
}

interface Org {
  province: NodeRow;
  jurisdictions: Jurisdiction[];
  departments: Department[];
  units: Unit[];
  provinceAccountId: number;
  provinceAccountName: string;
}

async function buildOrg(
  db: Db,
  rng: Random,
  now: Date,
  perJurisdiction: number,
  perDepartment: number,
  passwordHash: string,
): Promise<Org> {
  return inSystemTx(db, async (tx) => {
    const [province] = await tx.select().from(orgNodes).where(eq(orgNodes.kind, 'province'));
    if (!province) throw new Error('seedLarge: the reference org (province) is missing');
    const jurisdictionNodes = await tx
      .select()
      .from(orgNodes)
      .where(and(eq(orgNodes.kind, 'jurisdiction'), eq(orgNodes.parentId, province.id)))
      .orderBy(orgNodes.sortOrder, orgNodes.id);
    const existingNames = await tx
      .select({ parentId: orgNodes.parentId, name: orgNodes.name })
      .from(orgNodes)
      .where(
        inArray(
          orgNodes.parentId,
          jurisdictionNodes.map((j) => j.id),
        ),
      );
    const taken = new Set(existingNames.map((r) => `${r.parentId}|${r.name}`));

    // Departments.
    const departmentPlans: { jurisdiction: NodeRow; name: string }[] = [];
    for (const j of jurisdictionNodes) {
      const names =
        j.jurisdictionType === 'provincial_units'
          ? PROVINCIAL_DEPARTMENTS
          : j.jurisdictionType === 'central_units'
            ? CENTRAL_DEPARTMENTS
            : CITY_BUREAUS.map((b) => `${j.name}${b}`);
      const count = Math.min(names.length, Math.max(1, perJurisdiction + rng.int(-3, 3)));
      let made = 0;
      for (const name of names) {
        if (made >= count) break;
        if (taken.has(`${j.id}|${name}`)) continue;
        departmentPlans.push({ jurisdiction: j, name });
        made++;
      }
    }
    const departmentIds = await nextIds(tx, 'org_nodes', 'id', departmentPlans.length);
    const departmentRows = departmentPlans.map((p, i) => ({
      id: departmentIds[i]!,
      parentId: p.jurisdiction.id,
      kind: 'department' as const,
      name: p.name,
      code: creditCode('department', p.jurisdiction.code),
      path: `${p.jurisdiction.path}${departmentIds[i]}/`,
      depth: 2,
      sortOrder: i,
      createdAt: now,
      updatedAt: now,
    }));
    await insertChunked(departmentRows, CHUNK, (chunk) => tx.insert(orgNodes).values(chunk));

    // Units.
    const unitRows: (typeof orgNodes.$inferInsert & { id: number; path: string; name: string })[] = [];
    const unitCounts = departmentRows.map(() =>
      Math.max(1, Math.min(UNIT_SUFFIXES.length, perDepartment + rng.int(-3, 3))),
    );
    const unitIds = await nextIds(
      tx,
      'org_nodes',
      'id',
      unitCounts.reduce((s, n) => s + n, 0),
    );
    let u = 0;
    departmentRows.forEach((d, di) => {
      const jurisdiction = departmentPlans[di]!.jurisdiction;
      for (let k = 0; k < unitCounts[di]!; k++) {
        const id = unitIds[u++]!;
        unitRows.push({
          id,
          parentId: d.id,
          kind: 'unit',
          name: `${d.name}${UNIT_SUFFIXES[k]}`,
          code: creditCode('unit', jurisdiction.code),
          path: `${d.path}${id}/`,
          depth: 3,
          sortOrder: k,
          createdAt: now,
          updatedAt: now,
        });
      }
    });
    await insertChunked(unitRows, CHUNK, (chunk) => tx.insert(orgNodes).values(chunk));

    // One reviewer account per node, with a random password nobody knows (an administrator resets it).
    const accountRows: (typeof accounts.$inferInsert)[] = [];
    const accountFor = (node: { id: number; path: string }, role: typeof accounts.$inferInsert.role) => {
      accountRows.push({
        username: `${LARGE_ACCOUNT_PREFIX}${node.id}`,
        displayName: personName(rng),
        role,
        orgNodeId: node.id,
        orgPath: node.path,
        passwordHash,
        mustChangePassword: true,
        createdAt: now,
        updatedAt: now,
      });
    };
    accountFor(province, 'province_admin');
    for (const j of jurisdictionNodes) accountFor(j, 'jurisdiction_admin');
    for (const d of departmentRows) accountFor(d, 'department_reviewer');
    for (const unit of unitRows) accountFor(unit, 'unit_officer');
    const accountIds = new Map<number, { id: number; name: string }>();
    await insertChunked(accountRows, CHUNK, async (chunk) => {
      const rows = await tx
        .insert(accounts)
        .values(chunk)
        .returning({ id: accounts.id, nodeId: accounts.orgNodeId, name: accounts.displayName });
      for (const r of rows) accountIds.set(r.nodeId!, { id: r.id, name: r.name });
    });

    // Batch ids reserved up front (one 汇总上报 batch per department and per jurisdiction); unused ones are gaps.
    const batchIds = await nextIds(tx, 'review_batches', 'id', jurisdictionNodes.length + departmentRows.length);
    const jurisdictions = jurisdictionNodes.map(
      (node, i): Jurisdiction => ({
        node,
        reviewedByProvince: node.reviewedByProvince,
        online: node.name === LARGE_ONLINE_JURISDICTION,
        addressCodes: addressCodesOf(node.code),
        accountId: accountIds.get(node.id)!.id,
        accountName: accountIds.get(node.id)!.name,
        batchId: batchIds[i]!,
      }),
    );
    const byJurisdiction = new Map(jurisdictions.map((j) => [j.node.id, j]));
    const departments = departmentRows.map(
      (d, i): Department => ({
        id: d.id,
        name: d.name,
        code: d.code,
        path: d.path,
        jurisdiction: byJurisdiction.get(d.parentId)!,
        accountId: accountIds.get(d.id)!.id,
        accountName: accountIds.get(d.id)!.name,
        batchId: batchIds[jurisdictionNodes.length + i]!,
      }),
    );
    const byDepartment = new Map(departments.map((d) => [d.id, d]));
    const units = unitRows.map((row): Unit => {
      const department = byDepartment.get(row.parentId!)!;
      const j = department.jurisdiction;
      return {
        id: row.id,
        name: row.name,
        path: row.path,
        department,
        accountId: accountIds.get(row.id)!.id,
        accountName: accountIds.get(row.id)!.name,
        weight: jurisdictionWeight(j.node.name, j.node.jurisdictionType) * (0.4 + rng.float() * 1.2),
      };
    });
    return {
      province,
      jurisdictions,
      departments,
      units,
      provinceAccountId: accountIds.get(province.id)!.id,
      provinceAccountName: accountIds.get(province.id)!.name,
    };
  });
}

// ─── Campaign ───────────────────────────────────────────────────────────────────────────────────────────────

async function openLargeCampaign(db: Db, year: number, now: Date, onlineJurisdictionId: number) {
  return inSystemTx(db, async (tx) => {
    const catalogue = await ensureSampleCatalogue(tx, now);
    const open = await tx.select().from(campaigns).where(eq(campaigns.status, 'open'));
    const [existing] = await tx.select().from(campaigns).where(eq(campaigns.year, year));
    if (open.some((c) => c.year !== year)) {
      throw new Error(`seedLarge: campaign ${open[0]!.year} is open; only one may be open (choose that year)`);
    }
    let campaignId: number;
    let catalogVersionId: number;
    if (existing) {
      const [{ n } = { n: 0 }] = resultRows<{ n: number }>(
        await tx.execute(sql`select count(*)::int as n from applications where campaign_id = ${existing.id}`),
      );
      if (Number(n) > 0) throw new Error(`seedLarge: the ${year} campaign already has ${n} applications`);
      await tx
        .update(campaigns)
        .set({ status: 'open', openedAt: existing.openedAt ?? now, updatedAt: now })
        .where(eq(campaigns.id, existing.id));
      campaignId = existing.id;
      catalogVersionId = existing.catalogVersionId;
    } else {
      const [row] = await tx
        .insert(campaigns)
        .values({
          year,
          name: `${year}年全省机关事业单位工勤技能岗位等级考核`,
          noticeNumber: `豫人社办函〔${year}〕11号`,
          noticeDate: `${year}-01-20`,
          status: 'open',
          catalogVersionId: catalogue.id,
          // Complete, as the campaigns service stores them: the campaign must read back through the API.
          eligibilitySettings: defaultEligibilitySettings(year),
          examSettings: defaultExamSettings(),
          openedAt: now,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      await tx.insert(campaignPhases).values(templatePhases(year).map((p) => ({ campaignId: row!.id, ...p })));
      campaignId = row!.id;
      catalogVersionId = catalogue.id;
    }
    await tx
      .insert(campaignJurisdictions)
      .values({ campaignId, jurisdictionId: onlineJurisdictionId, onlineRegistration: true })
      .onConflictDoUpdate({
        target: [campaignJurisdictions.campaignId, campaignJurisdictions.jurisdictionId],
        set: { onlineRegistration: true },
      });
    const types = await tx.select().from(jobTypes).where(eq(jobTypes.versionId, catalogVersionId)).orderBy(jobTypes.id);
    if (types.length === 0) throw new Error('seedLarge: the campaign has an empty catalogue');
    return { campaignId, types };
  });
}

// ─── Applications ───────────────────────────────────────────────────────────────────────────────────────────

interface BatchSummaryAcc {
  total: number;
  byJobType: Map<number, { grades: Record<string, number>; total: number }>;
  byVerdict: Record<Verdict, number>;
  overruled: { needs_review: number; ineligible: number };
  byUnit: Map<number, number>;
}

function newSummary(): BatchSummaryAcc {
  return {
    total: 0,
    byJobType: new Map(),
    byVerdict: { eligible: 0, needs_review: 0, ineligible: 0 },
    overruled: { needs_review: 0, ineligible: 0 },
    byUnit: new Map(),
  };
}

interface PlannedDecision {
  level: ReviewLevel;
  action: 'return' | 'reject';
  fromStatus: ApplicationInsert['status'] & string;
  returnedTo: Stage | null;
  reasonCode: string;
  decidedOn: string;
  reviewer: { accountId: number; name: string; nodeId: number; nodeName: string };
}

interface PlannedApplication {
  row: ApplicationInsert & { idNumber: string };
  decisions: PlannedDecision[];
}

function addDaysIso(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function beijing(iso: string, hour: number, minute: number): Date {
  return new Date(`${iso}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`);
}

class ApplicationPlanner {
  private readonly usedIds = new Set<string>();
  private readonly cumulative: number[] = [];
  private readonly onlineUnits: Unit[];
  private readonly provinceReviewedUnits: Unit[];
  private readonly jurisdictionReviewedUnits: Unit[];
  readonly summaries = new Map<number, { summary: BatchSummaryAcc; level: 'department' | 'jurisdiction' }>();

  constructor(
    private readonly rng: Random,
    private readonly org: Org,
    private readonly year: number,
    private readonly campaignId: number,
    private readonly types: (typeof jobTypes.$inferSelect)[],
  ) {
    let sum = 0;
    for (const unit of org.units) {
      sum += unit.weight;
      this.cumulative.push(sum);
    }
    this.onlineUnits = org.units.filter((u) => u.department.jurisdiction.online);
    this.provinceReviewedUnits = org.units.filter((u) => u.department.jurisdiction.reviewedByProvince);
    this.jurisdictionReviewedUnits = org.units.filter((u) => !u.department.jurisdiction.reviewedByProvince);
  }

  private randomUnit(): Unit {
    const r = this.rng.float() * this.cumulative[this.cumulative.length - 1]!;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return this.org.units[lo]!;
  }

  /** The i-th application: the first ones walk every scenario × verdict (and 省直 variants), then at random. */
  plan(i: number): PlannedApplication {
    const coverage = ALL_SCENARIOS.length * 3;
    let scenario: Scenario;
    let verdict: Verdict;
    let unit: Unit;
    if (i < coverage) {
      scenario = ALL_SCENARIOS[Math.floor(i / 3)]!;
      verdict = (['eligible', 'needs_review', 'ineligible'] as const)[i % 3]!;
      unit = ONLINE_ONLY.has(scenario)
        ? this.rng.pick(this.onlineUnits)
        : NEEDS_JURISDICTION.has(scenario)
          ? this.rng.pick(this.jurisdictionReviewedUnits)
          : this.rng.pick(this.org.units);
    } else if (i < coverage + 12) {
      // 省直/中央驻豫: sent up to the province, confirmed, returned by the province to the department.
      scenario = (['department_batched', 'province_confirmed', 'returned_department', 'rejected_province'] as const)[
        (i - coverage) % 4
      ]!;
      verdict = (['eligible', 'needs_review', 'ineligible'] as const)[Math.floor((i - coverage) / 4)]!;
      unit = this.rng.pick(this.provinceReviewedUnits);
    } else {
      unit = this.randomUnit();
      verdict = this.rng.weighted(VERDICTS);
      scenario = this.rng.weighted(SCENARIO_WEIGHTS);
      if (ONLINE_ONLY.has(scenario) && !unit.department.jurisdiction.online) scenario = 'submitted';
    }
    const j = unit.department.jurisdiction;
    if (j.reviewedByProvince && NEEDS_JURISDICTION.has(scenario)) {
      scenario =
        scenario === 'jurisdiction_approved'
          ? 'department_batched'
          : scenario === 'returned_jurisdiction'
            ? 'returned_department'
            : scenario === 'rejected_jurisdiction'
              ? 'rejected_province'
              : 'province_confirmed';
    }
    const source: Source = ONLINE_ONLY.has(scenario)
      ? 'online'
      : j.online && scenario !== 'draft' && this.rng.float() < 0.35
        ? 'online'
        : this.rng.float() < 0.2
          ? 'import'
          : 'unit';
    return this.build(i, unit, scenario, verdict, source);
  }

  private idNumber(j: Jurisdiction, birth: string, male: boolean): string {
    const address = this.rng.pick(j.addressCodes);
    let seq = this.rng.int(0, 499) * 2 + (male ? 1 : 0);
    for (let attempt = 0; attempt < 1000; attempt++) {
      const first17 = `${address}${birth.replaceAll('-', '')}${String(seq % 1000).padStart(3, '0')}`;
      if (!this.usedIds.has(first17)) {
        this.usedIds.add(first17);
        return makeIdNumber(first17);
      }
      seq += 2;
    }
    // A whole day's sequences taken: another address code of the same jurisdiction or a neighbouring day.
    return this.idNumber(j, addDaysIso(birth, 1), male);
  }

  private build(i: number, unit: Unit, scenario: Scenario, verdict: Verdict, source: Source): PlannedApplication {
    const rng = this.rng;
    const y = this.year;
    const d = unit.department;
    const j = d.jurisdiction;
    const rbp = j.reviewedByProvince;
    const type = rng.pick(this.types);
    const wanted = rng.weighted(GRADE_WEIGHTS);
    const grade = type.grades.includes(wanted) ? wanted : type.grades[type.grades.length - 1]!;
    const male = rng.float() < 0.68;
    const age = grade === 5 ? rng.int(22, 40) : grade === 1 ? rng.int(45, 57) : rng.int(28, 55);
    const birth = `${y - age}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
    const startYear = Math.min(y - 1, y - age + rng.int(18, 23));
    const workStartMonth = `${startYear}-${String(rng.int(7, 9)).padStart(2, '0')}`;
    const heldGrade = grade === 5 ? null : grade + 1;
    const heldYear = Math.max(startYear + 1, y - rng.int(5, 9));
    const findings =
      verdict === 'eligible'
        ? []
        : verdict === 'needs_review'
          ? [
              {
                code: 'JOB_TYPE_NOT_CURRENT',
                severity: 'review',
                message: '申报工种与现岗位工种不一致，须审核人员核实',
                field: 'appliedJobType',
              },
            ]
          : [
              {
                code: grade === 5 ? 'GRADE5_WORK_YEARS_TOO_MANY' : 'GRADE4_NOT_QUALIFIED',
                severity: 'error',
                message: grade === 5 ? '工作年限已满10年，应申报四级' : '现等级取得时间或工作年限不符合申报条件',
                field: grade === 5 ? 'workStartMonth' : 'currentGradeMonth',
              },
            ];
    const otherType = verdict === 'needs_review' ? rng.pick(this.types) : type;

    const created = `${y}-02-${String(rng.int(6, 16)).padStart(2, '0')}`;
    const submitted = scenario === 'draft' ? null : addDaysIso(created, rng.int(0, 3));
    // Which levels approved it, where it stands, what the last decision was.
    let status: ApplicationInsert['status'];
    let passed = 0;
    let returnedTo: Stage | null = null;
    let rejectReason: string | null = null;
    let departmentBatch = false;
    let jurisdictionBatch = false;
    const decisions: PlannedDecision[] = [];
    const reviewer = (level: ReviewLevel) =>
      level === 'unit'
        ? { accountId: unit.accountId, name: unit.accountName, nodeId: unit.id, nodeName: unit.name }
        : level === 'department'
          ? { accountId: d.accountId, name: d.accountName, nodeId: d.id, nodeName: d.name }
          : level === 'jurisdiction'
            ? { accountId: j.accountId, name: j.accountName, nodeId: j.node.id, nodeName: j.node.name }
            : {
                accountId: this.org.provinceAccountId,
                name: this.org.provinceAccountName,
                nodeId: this.org.province.id,
                nodeName: this.org.province.name,
              };
    const decide = (
      level: ReviewLevel,
      action: 'return' | 'reject',
      fromStatus: PlannedDecision['fromStatus'],
      to: Stage | null,
    ) => {
      const reasonCode = action === 'return' ? rng.pick(RETURN_CODES) : rng.pick(REJECT_CODES);
      decisions.push({
        level,
        action,
        fromStatus,
        returnedTo: to,
        reasonCode,
        decidedOn: addDaysIso(`${y}-${LEVEL_DAY[level]}`, rng.int(0, 3)),
        reviewer: reviewer(level),
      });
      return reasonCode;
    };
    const approvedFrom = (level: ReviewLevel): PlannedDecision['fromStatus'] =>
      level === 'unit'
        ? 'submitted'
        : level === 'department'
          ? 'unit_approved'
          : level === 'jurisdiction' || rbp
            ? 'department_approved'
            : 'jurisdiction_approved';
    switch (scenario) {
      case 'draft':
      case 'awaiting_unit':
      case 'submitted':
        status = scenario;
        break;
      case 'unit_approved':
        status = 'unit_approved';
        passed = 1;
        break;
      case 'department_approved':
      case 'department_batched':
        status = 'department_approved';
        passed = 2;
        departmentBatch = scenario === 'department_batched';
        break;
      case 'jurisdiction_approved':
      case 'jurisdiction_batched':
        status = 'jurisdiction_approved';
        passed = 3;
        departmentBatch = true;
        jurisdictionBatch = scenario === 'jurisdiction_batched';
        break;
      case 'province_confirmed':
        status = 'province_confirmed';
        passed = 4;
        departmentBatch = true;
        jurisdictionBatch = !rbp;
        break;
      case 'returned_applicant':
        status = 'returned';
        returnedTo = 'applicant';
        decide('unit', 'return', 'awaiting_unit', 'applicant');
        break;
      case 'returned_unit_by_unit':
        status = 'returned';
        returnedTo = source === 'online' ? 'applicant' : 'unit';
        decide('unit', 'return', 'submitted', returnedTo);
        break;
      case 'returned_unit':
        status = 'returned';
        returnedTo = 'unit';
        passed = 1;
        decide('department', 'return', 'unit_approved', 'unit');
        break;
      case 'returned_department':
        status = 'returned';
        returnedTo = 'department';
        passed = 2;
        decide(rbp ? 'province' : 'jurisdiction', 'return', 'department_approved', 'department');
        break;
      case 'returned_jurisdiction':
        status = 'returned';
        returnedTo = 'jurisdiction';
        passed = 3;
        departmentBatch = true;
        decide('province', 'return', 'jurisdiction_approved', 'jurisdiction');
        break;
      case 'rejected_unit':
        status = 'rejected';
        rejectReason = decide('unit', 'reject', 'submitted', null);
        break;
      case 'rejected_department':
        status = 'rejected';
        passed = 1;
        rejectReason = decide('department', 'reject', 'unit_approved', null);
        break;
      case 'rejected_jurisdiction':
        status = 'rejected';
        passed = 2;
        departmentBatch = true;
        rejectReason = decide('jurisdiction', 'reject', 'department_approved', null);
        break;
      case 'rejected_province':
        status = 'rejected';
        passed = rbp ? 2 : 3;
        departmentBatch = true;
        jurisdictionBatch = !rbp;
        rejectReason = decide('province', 'reject', approvedFrom('province'), null);
        break;
    }
    // Some went back once before (the unit returned its own entry, or to the applicant) and came through.
    let returnCount = decisions.filter((x) => x.action === 'return').length;
    if (passed > 0 && rng.float() < (returnCount > 0 ? 0.15 : 0.08)) {
      const earlier: PlannedDecision = {
        level: 'unit',
        action: 'return',
        fromStatus: source === 'online' ? 'awaiting_unit' : 'submitted',
        returnedTo: source === 'online' ? 'applicant' : 'unit',
        reasonCode: rng.pick(RETURN_CODES),
        decidedOn: `${y}-02-${String(rng.int(17, 20)).padStart(2, '0')}`,
        reviewer: reviewer('unit'),
      };
      decisions.unshift(earlier);
      returnCount++;
    }
    const overruled = passed > 0 && verdict !== 'eligible' ? verdict : null;
    const departmentBatchId = departmentBatch ? d.batchId : null;
    const jurisdictionBatchId = jurisdictionBatch ? j.batchId : null;
    if (departmentBatchId !== null)
      this.count(departmentBatchId, 'department', type.id, grade, verdict, overruled, unit.id);
    if (jurisdictionBatchId !== null)
      this.count(jurisdictionBatchId, 'jurisdiction', type.id, grade, verdict, overruled, unit.id);

    const lastDay = decisions.at(-1)?.decidedOn ?? (passed > 0 ? `${y}-${LEVEL_DAY[levelAt(passed, rbp)]}` : submitted);
    const name = personName(rng);
    return {
      row: {
        campaignId: this.campaignId,
        unitId: unit.id,
        orgPath: unit.path,
        departmentId: d.id,
        jurisdictionId: j.node.id,
        applicantAccountId: null,
        source,
        status,
        idNumber: this.idNumber(j, birth, male),
        name,
        sex: male ? 'male' : 'female',
        birthDate: birth,
        education: rng.pick(['senior_high', 'senior_high', 'vocational_secondary', 'college', 'junior_high_or_below']),
        workStartMonth,
        workYears: y - startYear,
        regularizedMonth: `${startYear + 1}-${workStartMonth.slice(5)}`,
        currentJobType: otherType.name,
        currentGrade: heldGrade,
        currentGradeMonth: heldGrade === null ? null : `${heldYear}-${String(rng.int(1, 12)).padStart(2, '0')}`,
        currentGradeJobType: heldGrade === null ? null : otherType.name,
        yearsInCurrentJobType: Math.min(y - startYear, rng.int(3, 25)),
        appliedJobTypeId: type.id,
        appliedGrade: grade,
        retirementGroup: 'worker',
        verdict,
        findings,
        statutoryRetirementDate: null,
        submittedAt: submitted ? beijing(submitted, 9 + (i % 8), i % 60) : null,
        returnedTo,
        returnCount,
        rejectReason,
        overruledVerdict: overruled,
        departmentBatchId,
        jurisdictionBatchId,
        createdBy: source === 'online' ? null : unit.accountId,
        phone: `13${String(800000000 + ((i * 7919) % 199999999)).padStart(9, '0')}`,
        createdAt: beijing(created, 9, i % 60),
        updatedAt: beijing(lastDay ?? created, 16, i % 60),
      },
      decisions,
    };
  }

  private count(
    batchId: number,
    level: 'department' | 'jurisdiction',
    jobTypeId: number,
    grade: number,
    verdict: Verdict,
    overruled: Verdict | null,
    unitId: number,
  ) {
    let entry = this.summaries.get(batchId);
    if (!entry) {
      entry = { summary: newSummary(), level };
      this.summaries.set(batchId, entry);
    }
    const s = entry.summary;
    s.total++;
    const jt = s.byJobType.get(jobTypeId) ?? { grades: { '5': 0, '4': 0, '3': 0, '2': 0, '1': 0 }, total: 0 };
    jt.grades[String(grade)] = (jt.grades[String(grade)] ?? 0) + 1;
    jt.total++;
    s.byJobType.set(jobTypeId, jt);
    s.byVerdict[verdict]++;
    if (overruled === 'needs_review' || overruled === 'ineligible') s.overruled[overruled]++;
    s.byUnit.set(unitId, (s.byUnit.get(unitId) ?? 0) + 1);
  }
}

function levelAt(rank: number, reviewedByProvince: boolean): ReviewLevel {
  if (rank >= 4 || (rank === 3 && reviewedByProvince)) return 'province';
  return (['unit', 'department', 'jurisdiction'] as const)[Math.max(0, rank - 1)]!;
}

// ─── The whole seed ─────────────────────────────────────────────────────────────────────────────────────────

export async function seedLarge(db: Db, options: SeedLargeOptions): Promise<SeedLargeResult> {
  const total = options.applications;
  if (!Number.isInteger(total) || total < 0) throw new Error('seedLarge: applications must be a whole number ≥ 0');
  const now = options.now ?? new Date();
  const year = options.campaignYear ?? Number(chinaDate(now).slice(0, 4));
  const progress = options.onProgress ?? (() => {});
  const rng = new Random(20170210 + total);

  const province = await ensureReferenceOrg(db, { now: () => now });
  const [already] = resultRows<{ n: number }>(
    await db.execute(
      sql`select count(*)::int as n from applications a join campaigns c on c.id = a.campaign_id where c.year = ${year}`,
    ),
  );
  if (Number(already?.n ?? 0) > 0) {
    throw new Error(`seedLarge: the ${year} campaign already has ${already?.n} applications; seed an empty database`);
  }
  progress({ phase: 'org', done: 0, total: 1 });
  // One unusable password for every seeded reviewer: random, never printed.
  const passwordHash = await hashPassword(randomBytes(24).toString('base64url'));
  const org = await buildOrg(
    db,
    rng,
    now,
    options.departmentsPerJurisdiction ?? 15,
    options.unitsPerDepartment ?? 10,
    passwordHash,
  );
  progress({ phase: 'org', done: 1, total: 1 });
  const online = org.jurisdictions.find((j) => j.online);
  if (!online) throw new Error(`seedLarge: ${LARGE_ONLINE_JURISDICTION} is missing from the reference org`);
  const { campaignId, types } = await openLargeCampaign(db, year, now, online.node.id);
  const typeById = new Map(types.map((t) => [t.id, t]));
  const planner = new ApplicationPlanner(rng, org, year, campaignId, types);

  let decisionsWritten = 0;
  for (let start = 0; start < total; start += CHUNK) {
    const planned: PlannedApplication[] = [];
    for (let i = start; i < Math.min(total, start + CHUNK); i++) planned.push(planner.plan(i));
    decisionsWritten += await inSystemTx(db, async (tx) => {
      // Online registrations belong to the applicant's own account (username = the ID number).
      const online = planned.filter((p) => p.row.source === 'online');
      if (online.length > 0) {
        const created = await tx
          .insert(accounts)
          .values(
            online.map((p) => ({
              username: p.row.idNumber,
              displayName: p.row.name,
              role: 'applicant' as const,
              passwordHash,
              mustChangePassword: false,
              createdAt: p.row.createdAt,
              updatedAt: p.row.createdAt,
            })),
          )
          .returning({ id: accounts.id, username: accounts.username });
        const byUsername = new Map(created.map((r) => [r.username, r.id]));
        for (const p of online) p.row.applicantAccountId = byUsername.get(p.row.idNumber) ?? null;
      }
      const inserted = resultRows<{ id: number; id_number: string }>(
        await insertJsonRows(
          tx,
          applications,
          planned.map((p) => p.row),
          'id, id_number',
        ),
      ).map((r) => ({ id: Number(r.id), idNumber: r.id_number }));
      const idOf = new Map(inserted.map((r) => [r.idNumber, r.id]));
      const reviews: ReviewInsert[] = [];
      for (const p of planned) {
        for (const decision of p.decisions) {
          const toStatus = decision.action === 'return' ? 'returned' : 'rejected';
          reviews.push({
            applicationId: idOf.get(p.row.idNumber)!,
            campaignId,
            orgPath: p.row.orgPath,
            applicantAccountId: p.row.applicantAccountId ?? null,
            level: decision.level,
            action: decision.action,
            fromStatus: decision.fromStatus,
            toStatus,
            returnedTo: decision.returnedTo,
            reasonCode: decision.reasonCode,
            opinion: defaultOpinion(decision.level, decision.action),
            verdict: p.row.verdict,
            overruleReason: null,
            batchId: null,
            reviewerAccountId: decision.reviewer.accountId,
            reviewerName: decision.reviewer.name,
            orgNodeId: decision.reviewer.nodeId,
            orgName: decision.reviewer.nodeName,
            sealName: decision.reviewer.nodeName,
            decidedOn: decision.decidedOn,
            createdAt: beijing(decision.decidedOn, 11, 0),
          });
        }
      }
      if (reviews.length > 0) await insertJsonRows(tx, applicationReviews, reviews);
      return reviews.length;
    });
    progress({ phase: 'applications', done: Math.min(total, start + CHUNK), total });
  }

  // Approvals, set-based: every level below the last decision (or up to the status reached) approved once.
  progress({ phase: 'approvals', done: 0, total: 1 });
  const approvals = await inSystemTx(db, async (tx) => {
    const result = await tx.execute(sql`
      insert into application_reviews (application_id, campaign_id, org_path, applicant_account_id, level, action,
        from_status, to_status, returned_to, reason_code, opinion, verdict, overrule_reason, batch_id,
        reviewer_account_id, reviewer_name, org_node_id, org_name, seal_name, decided_on, created_at)
      select a.id, a.campaign_id, a.org_path, a.applicant_account_id, l.level::review_stage, 'approve',
        (case when l.level = 'province' and j.reviewed_by_province then 'department_approved' else l.from_status end)::application_status,
        l.to_status::application_status, null, null, l.opinion, a.verdict,
        case when a.verdict <> 'eligible' and a.overruled_verdict is not null
          then '经核对人事档案和证明材料，情况属实，同意通过' end,
        null, r.id, r.display_name, n.id, n.name, n.name,
        (l.day::date + (a.id % 4))::date,
        (l.day || 'T10:00:00+08:00')::timestamptz + (a.id % 4) * interval '1 day' + (a.id % 360) * interval '1 minute'
      from applications a
      join org_nodes j on j.id = a.jurisdiction_id
      left join (
        select distinct on (application_id) application_id, level
        from application_reviews
        where campaign_id = ${campaignId} and action <> 'approve'
        order by application_id, created_at desc, id desc
      ) last on last.application_id = a.id
      join (values
        ('unit', 1, 'submitted', 'unit_approved', ${`${year}-${LEVEL_DAY.unit}`}, ${defaultOpinion('unit', 'approve')}),
        ('department', 2, 'unit_approved', 'department_approved', ${`${year}-${LEVEL_DAY.department}`}, ${defaultOpinion('department', 'approve')}),
        ('jurisdiction', 3, 'department_approved', 'jurisdiction_approved', ${`${year}-${LEVEL_DAY.jurisdiction}`}, ${defaultOpinion('jurisdiction', 'approve')}),
        ('province', 4, 'jurisdiction_approved', 'province_confirmed', ${`${year}-${LEVEL_DAY.province}`}, ${defaultOpinion('province', 'approve')})
      ) as l(level, rank, from_status, to_status, day, opinion)
        on l.rank <= case
          when a.status = 'unit_approved' then 1
          when a.status = 'department_approved' then 2
          when a.status = 'jurisdiction_approved' then 3
          when a.status = 'province_confirmed' then 4
          when a.status in ('returned', 'rejected') then
            (case last.level when 'unit' then 1 when 'department' then 2 when 'jurisdiction' then 3 when 'province' then 4 else 1 end) - 1
          else 0 end
        and not (l.level = 'jurisdiction' and j.reviewed_by_province)
      join org_nodes n on n.id = case l.level
        when 'unit' then a.unit_id when 'department' then a.department_id when 'jurisdiction' then a.jurisdiction_id
        else ${org.province.id} end
      join accounts r on r.username = ${LARGE_ACCOUNT_PREFIX} || n.id::text
      where a.campaign_id = ${campaignId}
    `);
    const counts = result as { rowCount?: number | null; affectedRows?: number };
    return counts.rowCount ?? counts.affectedRows ?? 0;
  });
  progress({ phase: 'approvals', done: 1, total: 1 });

  // The 汇总上报 batches the applications name.
  progress({ phase: 'batches', done: 0, total: planner.summaries.size });
  const byBatch = new Map<number, { from: Department | Jurisdiction; level: 'department' | 'jurisdiction' }>();
  for (const d of org.departments) byBatch.set(d.batchId, { from: d, level: 'department' });
  for (const j of org.jurisdictions) byBatch.set(j.batchId, { from: j, level: 'jurisdiction' });
  const unitNames = new Map(org.units.map((u) => [u.id, u.name]));
  const batchRows: (typeof reviewBatches.$inferInsert)[] = [];
  for (const [batchId, { summary }] of planner.summaries) {
    const { from, level } = byBatch.get(batchId)!;
    const isDepartment = level === 'department';
    const department = isDepartment ? (from as Department) : null;
    const jurisdiction = isDepartment ? (from as Department).jurisdiction : (from as Jurisdiction);
    const fromId = department ? department.id : jurisdiction.node.id;
    const fromPath = department ? department.path : jurisdiction.node.path;
    const toNodeId = department && !jurisdiction.reviewedByProvince ? jurisdiction.node.id : org.province.id;
    const day = `${year}-${isDepartment ? '03-08' : '03-18'}`;
    batchRows.push({
      id: batchId,
      campaignId,
      batchNo: batchNumber(year, jurisdiction.node.code, batchId),
      level,
      fromNodeId: fromId,
      fromPath,
      toNodeId,
      status: 'submitted',
      applicationCount: summary.total,
      summary: {
        total: summary.total,
        byJobType: [...summary.byJobType.entries()].map(([id, v]) => ({
          jobType: typeById.get(id)?.name ?? String(id),
          category: typeById.get(id)?.category ?? '',
          grades: v.grades,
          total: v.total,
        })),
        byVerdict: summary.byVerdict,
        overruled: summary.overruled,
        byUnit: [...summary.byUnit.entries()].map(([unitId, n]) => ({
          unitId,
          unitName: unitNames.get(unitId) ?? '',
          total: n,
        })),
      },
      note: null,
      submittedBy: department ? department.accountId : jurisdiction.accountId,
      submittedByName: department ? department.accountName : jurisdiction.accountName,
      submittedAt: beijing(day, 15, 0),
    });
  }
  await inSystemTx(db, async (tx) => {
    await insertChunked(batchRows, 200, (chunk) => tx.insert(reviewBatches).values(chunk));
    // Each batch's members, as sent: the applications that name it.
    await tx.execute(sql`
      insert into review_batch_applications (batch_id, application_id)
      select department_batch_id, id from applications where campaign_id = ${campaignId} and department_batch_id is not null
      union all
      select jurisdiction_batch_id, id from applications where campaign_id = ${campaignId} and jurisdiction_batch_id is not null
    `);
    await recordAudit(
      tx,
      null,
      SYSTEM_META,
      {
        entityType: 'campaign',
        entityId: campaignId,
        orgNodeId: province.id,
        orgPath: province.path,
        action: 'campaign.seed_large',
        summary: `生成压力测试数据：${org.departments.length} 个主管部门、${org.units.length} 个单位、${total} 份申请`,
        after: { applications: total, reviews: decisionsWritten + approvals, batches: batchRows.length },
      },
      now,
    );
  });
  progress({ phase: 'batches', done: batchRows.length, total: batchRows.length });

  progress({ phase: 'vacuum', done: 0, total: 1 });
  // Fresh planner statistics and visibility map: index-only scans need the latter (outside a transaction).
  for (const table of [
    'org_nodes',
    'accounts',
    'applications',
    'application_reviews',
    'review_batches',
    'review_batch_applications',
    // The statistics' counters: each chunk's statement updated the same rows (dead versions to clear).
    'application_counts',
    'application_type_counts',
    'review_reason_counts',
  ]) {
    await db.execute(sql.raw(`VACUUM ANALYZE ${table}`));
  }
  progress({ phase: 'vacuum', done: 1, total: 1 });
  const result: SeedLargeResult = {
    campaignId,
    provinceId: province.id,
    jurisdictions: org.jurisdictions.length,
    departments: org.departments.length,
    units: org.units.length,
    applications: total,
    reviews: decisionsWritten + approvals,
    batches: batchRows.length,
    onlineJurisdictionId: online.node.id,
  };
  progress({ phase: 'done', done: total, total });
  return result;
}
