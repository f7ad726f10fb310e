import { and, count, eq, isNull, sql } from 'drizzle-orm';
import type { AppDeps } from '../deps.js';
import { recordAudit } from '../platform/audit.js';
import type { Clock } from '../platform/clock.js';
import { SYSTEM_META } from '../platform/context.js';
import { hashPassword } from '../platform/passwords.js';
import { ROLE_LABELS } from '../platform/permissions.js';
import { inSystemTx } from '../platform/tx.js';
import { type Db, resultRows, type Tx } from './client.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-accounts.js';
import { DEMO_DEPARTMENTS, JURISDICTIONS, PROVINCE } from './reference-org.js';
import { accounts, orgNodes } from './schema.js';
import { type DemoPapersResult, type SampleBanksResult, seedDemoPapers, seedSampleBanks } from './seed-banks.js';
import { ensureWorkCalendar } from './seed-calendar.js';
import { seedDemoCampaign } from './seed-campaign.js';
import {
  type DemoCandidatesResult,
  linkDemoCandidateAccounts,
  seedDemoCandidates,
  seedDemoGrade1ExamCandidate,
} from './seed-candidates.js';
import { ensureDemoCentres } from './seed-centres.js';
import { type DemoExamDayResult, seedDemoExamDay, seedDemoGrade1ExamDay } from './seed-exam-day.js';
import { type DemoGrade1Result, seedDemoGrade1Candidate } from './seed-grade1.js';
import { type DemoPanelResult, seedDemoGrade1Applicants, seedDemoPanel } from './seed-panels.js';
import { type DemoScoresResult, seedDemoScores } from './seed-scores.js';
import { type DemoSeatingResult, seedDemoSeating } from './seed-seating.js';
import {
  type DemoSessionsTrainingResult,
  seedDemoGrade1Session,
  seedDemoSessionsTraining,
} from './seed-sessions-training.js';

type NodeRow = typeof orgNodes.$inferSelect;

/** The node's id is taken first because its path ends with it. */
async function nextNodeId(tx: Tx): Promise<number> {
  const result = await tx.execute(sql`select nextval(pg_get_serial_sequence('org_nodes', 'id')) as id`);
  return Number(resultRows<{ id: string | number }>(result)[0]!.id);
}

async function ensureChild(
  tx: Tx,
  parent: NodeRow | null,
  values: Pick<NodeRow, 'kind' | 'name' | 'code'> &
    Partial<Pick<NodeRow, 'jurisdictionType' | 'reviewedByProvince' | 'sortOrder'>>,
  now: Date,
): Promise<NodeRow> {
  const existing = await tx
    .select()
    .from(orgNodes)
    .where(and(parent ? eq(orgNodes.parentId, parent.id) : isNull(orgNodes.parentId), eq(orgNodes.name, values.name)));
  if (existing[0]) return existing[0];
  const id = await nextNodeId(tx);
  const path = `${parent?.path ?? '/'}${id}/`;
  const [node] = await tx
    .insert(orgNodes)
    .values({
      id,
      parentId: parent?.id ?? null,
      path,
      depth: (parent?.depth ?? -1) + 1,
      createdAt: now,
      updatedAt: now,
      ...values,
    })
    .returning();
  await recordAudit(
    tx,
    null,
    SYSTEM_META,
    {
      entityType: 'org_node',
      entityId: id,
      orgNodeId: id,
      orgPath: path,
      action: 'org.seed',
      summary: `初始化机构「${values.name}」`,
      after: { name: values.name, kind: values.kind, code: values.code },
    },
    now,
  );
  return node!;
}

/** The province and its 30 jurisdictions: reference data every installation needs. Idempotent. */
export async function ensureReferenceOrg(db: Db, clock: Clock): Promise<NodeRow> {
  return inSystemTx(db, async (tx) => {
    const now = clock.now();
    const province = await ensureChild(tx, null, { kind: 'province', name: PROVINCE.name, code: PROVINCE.code }, now);
    let order = 0;
    for (const j of JURISDICTIONS) {
      await ensureChild(
        tx,
        province,
        {
          kind: 'jurisdiction',
          name: j.name,
          code: j.code,
          jurisdictionType: j.type,
          reviewedByProvince: j.type === 'provincial_units' || j.type === 'central_units',
          sortOrder: ++order,
        },
        now,
      );
    }
    await ensureWorkCalendar(tx, now);
    return province;
  });
}

export async function accountCount(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(accounts);
  return Number(row?.n ?? 0);
}

export interface DemoSeedResult {
  /** New demo accounts. */
  created: number;
  /** The confirmed sample candidates registered and reviewed by the demo accounts (seed-candidates.ts). */
  candidates: DemoCandidatesResult;
  /** The 一级 示例考生 of the theory papers, his session (职业道德 + 专业基础知识) and its proctor (issue 17 part 2). */
  grade1Exam: { candidate: DemoCandidatesResult; session: { created: boolean }; examDay: DemoExamDayResult };
  /** The sample banks, items and draft blueprints (seed-banks.ts); null without a content key to seal them. */
  banks: SampleBanksResult | null;
  /** The sample sessions and training class (seed-sessions-training.ts). */
  sessionsTraining: DemoSessionsTrainingResult;
  /** The province's sample centre and the published seating of the demo campaign (seed-seating.ts). */
  seating: DemoSeatingResult;
  /** The blueprints `bank` could publish and the papers of their scopes, for the demo's exam day (seed-banks.ts). */
  papers: DemoPapersResult;
  /** The proctor's rooms in 示例 第一场, assigned by `zhengzhou` (seed-exam-day.ts). */
  examDay: DemoExamDayResult;
  /** Sample finished attempts with scores in 示例 第二场, compiled by `province` (seed-scores.ts). */
  scores: DemoScoresResult;
  /** The 一级 sample candidate with evidence files, confirmed through the whole review chain (seed-grade1.ts). */
  grade1: DemoGrade1Result;
  /** 一级 sample applicants confirmed by the province for 综合评审 (seed-panels.ts). */
  grade1Panel: DemoGrade1Result;
  /** 示例评审组 of 综合评审 (seed-panels.ts). */
  panel: DemoPanelResult;
}

/**
 * The demo: departments, units and one account per demo role (README lists them), the demo campaign, its confirmed
 * sample candidates and the sample question banks with their blueprints. Skips what exists. Takes the app's
 * dependencies because the candidates go through the review chain by the app's own services, and the banks are
 * sealed with its content key.
 */
export async function seedDemo(deps: AppDeps): Promise<DemoSeedResult> {
  const { db, clock } = deps;
  await ensureReferenceOrg(db, clock);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return inSystemTx(db, async (tx) => {
    const now = clock.now();
    const [province] = await tx.select().from(orgNodes).where(eq(orgNodes.kind, 'province'));
    const byName = async (parent: NodeRow, name: string) => {
      const [row] = await tx
        .select()
        .from(orgNodes)
        .where(and(eq(orgNodes.parentId, parent.id), eq(orgNodes.name, name)));
      if (!row) throw new Error(`demo seed: ${name} not found under ${parent.name}`);
      return row;
    };
    for (const d of DEMO_DEPARTMENTS) {
      const jurisdiction = await byName(province!, d.jurisdiction);
      const department = await ensureChild(tx, jurisdiction, { kind: 'department', name: d.name, code: d.code }, now);
      for (const [name, code] of d.units) await ensureChild(tx, department, { kind: 'unit', name, code }, now);
    }
    const centres = await ensureDemoCentres(tx, now, (name) => byName(province!, name));
    let created = 0;
    for (const a of DEMO_ACCOUNTS) {
      const [exists] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, a.username));
      if (exists) continue;
      let node = province!;
      for (const name of a.node) node = await byName(node, name);
      const [row] = await tx
        .insert(accounts)
        .values({
          username: a.username,
          displayName: a.displayName,
          role: a.role,
          orgNodeId: node.id,
          orgPath: node.path,
          centreId: a.centre ? (centres.get(a.centre) ?? null) : null,
          passwordHash,
          // Demo accounts are ready to use; accounts an admin creates must change their password first.
          mustChangePassword: false,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: accounts.id });
      await recordAudit(
        tx,
        null,
        SYSTEM_META,
        {
          entityType: 'account',
          entityId: row!.id,
          orgNodeId: node.id,
          orgPath: node.path,
          action: 'account.seed',
          summary: `初始化演示账号「${a.username}」（${ROLE_LABELS[a.role]}）`,
        },
        now,
      );
      created++;
    }
    return created;
  }).then(async (created) => {
    const { campaignId } = await seedDemoCampaign(db, clock);
    const candidates = await seedDemoCandidates(deps, campaignId);
    // 一级 (issue 17 part 2): a 一级 示例考生 and a session of his own, seated, given papers and a proctor below.
    const grade1Candidate = await seedDemoGrade1ExamCandidate(deps, campaignId);
    // The other 一级 示例 applicants (韩振华 with his evidence; the three of 示例评审组) before the seating too, so
    // that every 一级 candidate sits the theory papers in 示例 一级场次 and then meets the panel.
    const grade1 = await seedDemoGrade1Candidate(deps, campaignId);
    const grade1Panel = await seedDemoGrade1Applicants(deps, campaignId);
    await linkDemoCandidateAccounts(deps, campaignId);
    const banks = deps.contentKey ? await seedSampleBanks(deps, campaignId) : null;
    const sessionsTraining = await seedDemoSessionsTraining(deps, campaignId);
    const grade1Session = await seedDemoGrade1Session(deps, campaignId);
    const seating = await seedDemoSeating(deps, campaignId);
    const papers = await seedDemoPapers(deps, campaignId);
    const examDay = await seedDemoExamDay(deps, campaignId);
    const grade1ExamDay = await seedDemoGrade1ExamDay(deps, campaignId);
    const scores = await seedDemoScores(deps, campaignId);
    const panel = await seedDemoPanel(deps, campaignId);
    return {
      created,
      candidates,
      grade1Exam: { candidate: grade1Candidate, session: grade1Session, examDay: grade1ExamDay },
      banks,
      sessionsTraining,
      seating,
      papers,
      examDay,
      scores,
      grade1,
      grade1Panel,
      panel,
    };
  });
}
