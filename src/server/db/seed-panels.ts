import { and, eq, inArray, isNull } from 'drizzle-orm';
import { makeIdNumber } from '../../domain/id-card.js';
import { DEFAULT_PANEL_CRITERIA, DEFAULT_PANEL_PASS_LINE } from '../../domain/panel-review.js';
import type { AppDeps } from '../deps.js';
import { createApplication, submitApplication } from '../modules/applications/applications.service.js';
import {
  assignCandidates,
  createExpert,
  createPanel,
  saveSettings,
  saveSheet,
} from '../modules/panels/panels.service.js';
import { submitBatch } from '../modules/review/review.batches.service.js';
import { bulkDecide } from '../modules/review/review.service.js';
import type { Actor, ServiceContext } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { actorOf } from '../platform/sessions.js';
import { inSystemTx } from '../platform/tx.js';
import { DEMO_SEED_META } from './demo-accounts.js';
import { accounts, applications, campaigns, experts, jobTypes, orgNodes, panels } from './schema.js';
import { uploadDemoGrade1Evidence } from './seed-grade1.js';

/**
 * The demo's 综合评审 (issue 17 part 3), in two separate steps the lead may merge with other seeds:
 *
 * 1. `seedDemoGrade1Applicants`: three 一级 (高级技师) sample applicants (示例), registered by their units and carried
 *    through the whole review chain to 省级已确认 by the demo accounts with the real services (as seed-candidates.ts).
 * 2. `seedDemoPanel`: five sample experts (示例) at demo units, linked to the demo accounts expert1–expert5; the
 *    campaign's criteria (the defaults) and pass line; 示例评审组 with expert1 as 组长, a schedule from five days ago
 *    to thirty days ahead, the three applicants assigned; expert2–4 have submitted their sheets, so expert5 and the
 *    chair score, and the chair confirms. Everything through the panels service as `province` and the experts.
 */
export interface DemoGrade1Applicant {
  unit: string;
  name: string;
  id17: string;
  jobType: '汽车驾驶员' | '电工';
  workStartMonth: string;
  grade2Month: string;
  evidenceNote: string;
}

export const DEMO_GRADE1_APPLICANTS: readonly DemoGrade1Applicant[] = [
  {
    unit: 'zz-zxyy',
    name: '孟庆山',
    id17: '41010219700312051',
    jobType: '电工',
    workStartMonth: '1988-07',
    grade2Month: '2009-10',
    evidenceNote: '示例：2019年获郑州市技术能手称号；安全行车30万公里无事故',
  },
  {
    unit: 'ly-glzx',
    name: '许建设',
    id17: '41030319710826033',
    jobType: '电工',
    workStartMonth: '1989-03',
    grade2Month: '2010-11',
    evidenceNote: '示例：带徒5名，其中3名取得三级；参与编写本单位车辆安全操作规程',
  },
  {
    unit: 'zz-cdc',
    name: '杜文博',
    id17: '41010519720503017',
    jobType: '电工',
    workStartMonth: '1990-08',
    grade2Month: '2011-06',
    evidenceNote: '示例：主持配电室节能改造，获市级技术革新三等奖',
  },
];

const CHAIN: Readonly<Record<string, { department: string; jurisdiction: string }>> = {
  'zz-zxyy': { department: 'zz-wjw', jurisdiction: 'zhengzhou' },
  'zz-cdc': { department: 'zz-wjw', jurisdiction: 'zhengzhou' },
  'ly-glzx': { department: 'ly-jtj', jurisdiction: 'luoyang' },
};

/** The sample experts: demo account, name, ID number's first 17 digits, work unit (a demo unit's name). */
const DEMO_EXPERTS = [
  { username: 'expert1', name: '张振华', id17: '41010519650214013', unit: '郑州市第一中学', title: '高级技师（一级）' },
  {
    username: 'expert2',
    name: '李卫东',
    id17: '41030219680709035',
    unit: '洛阳市道路运输服务中心',
    title: '高级技师（一级）',
  },
  { username: 'expert3', name: '王淑芬', id17: '41010319700118026', unit: '郑州市实验幼儿园', title: '高级讲师' },
  { username: 'expert4', name: '赵国强', id17: '41030519661123057', unit: '洛阳市农业技术推广站', title: '高级工程师' },
  {
    username: 'expert5',
    name: '陈立新',
    id17: '41010219690905071',
    unit: '河南省公路工程试验检测中心',
    title: '高级技师（一级）',
  },
] as const;

export const DEMO_PANEL_NAME = '示例评审组';

async function actorsByUsername(deps: AppDeps, usernames: string[]): Promise<Map<string, Actor>> {
  const rows = await inSystemTx(deps.db, (tx) =>
    tx
      .select({ account: accounts, nodeName: orgNodes.name })
      .from(accounts)
      .leftJoin(orgNodes, eq(orgNodes.id, accounts.orgNodeId))
      .where(inArray(accounts.username, usernames)),
  );
  return new Map(rows.map((r) => [r.account.username, actorOf(r.account, r.nodeName)]));
}

function contextOf(actors: Map<string, Actor>, username: string): ServiceContext {
  const actor = actors.get(username);
  if (!actor) throw new Error(`demo seed: account ${username} not found`);
  return { actor, meta: DEMO_SEED_META };
}

export interface DemoGrade1Result {
  created: number;
  skipped: string | null;
}

/** Step 1: the 一级 sample applicants, confirmed by the province. Idempotent (nothing once any is registered). */
export async function seedDemoGrade1Applicants(deps: AppDeps, campaignId: number): Promise<DemoGrade1Result> {
  const idNumbers = DEMO_GRADE1_APPLICANTS.map((a) => makeIdNumber(a.id17));
  const loaded = await inSystemTx(deps.db, async (tx) => {
    const [campaign] = await tx.select().from(campaigns).where(eq(campaigns.id, campaignId));
    const present = await tx
      .select({ id: applications.id })
      .from(applications)
      .where(and(eq(applications.campaignId, campaignId), inArray(applications.idNumber, idNumbers)))
      .limit(1);
    const types = campaign
      ? await tx
          .select({ id: jobTypes.id, name: jobTypes.name })
          .from(jobTypes)
          .where(eq(jobTypes.versionId, campaign.catalogVersionId))
      : [];
    return { campaign, present: present.length > 0, types };
  });
  if (!loaded.campaign || loaded.present) return { created: 0, skipped: null };
  if (loaded.campaign.status !== 'open') return { created: 0, skipped: `「${loaded.campaign.name}」未开启报名` };
  const usernames = [
    ...new Set(DEMO_GRADE1_APPLICANTS.flatMap((a) => [a.unit, CHAIN[a.unit]!.department, CHAIN[a.unit]!.jurisdiction])),
  ];
  const actors = await actorsByUsername(deps, [...usernames, 'province']);
  const as = (u: string) => contextOf(actors, u);
  const approve = async (username: string, ids: number[]) => {
    const result = await bulkDecide(deps, as(username), { campaignId, ids, action: 'approve' });
    if (result.succeeded !== ids.length) {
      throw new Error(
        `demo seed: ${username} approved ${result.succeeded} of ${ids.length}: ${JSON.stringify(result.skipped)}`,
      );
    }
  };
  const created: Array<{ id: number; unit: string }> = [];
  try {
    for (const a of DEMO_GRADE1_APPLICANTS) {
      const jobTypeId = loaded.types.find((t) => t.name === a.jobType)?.id;
      if (!jobTypeId) throw new Error(`demo seed: job type ${a.jobType} not in the campaign's catalogue`);
      const application = await createApplication(deps, as(a.unit), {
        campaignId,
        unitId: actors.get(a.unit)?.orgNodeId ?? 0,
        idNumber: makeIdNumber(a.id17),
        name: a.name,
        education: 'senior_high',
        workStartMonth: a.workStartMonth,
        currentJobType: a.jobType,
        currentGrade: 2,
        currentGradeMonth: a.grade2Month,
        appliedJobTypeId: jobTypeId,
        appliedGrade: 1,
        appointedToGrade2Post: true,
        appraisals: ['excellent', 'competent', 'excellent', 'competent', 'competent'],
        evidenceNote: a.evidenceNote,
        phone: '13800000201',
        remarks: '示例考生（一级）：演示数据，姓名、身份证号等均为虚构',
      });
      await uploadDemoGrade1Evidence(deps, as(a.unit), application.id, loaded.campaign.year);
      await submitApplication(deps, as(a.unit), application.id);
      created.push({ id: application.id, unit: a.unit });
    }
    const group = (key: (a: (typeof created)[number]) => string) => {
      const map = new Map<string, number[]>();
      for (const a of created) map.set(key(a), [...(map.get(key(a)) ?? []), a.id]);
      return map;
    };
    for (const [unit, ids] of group((a) => a.unit)) await approve(unit, ids);
    const note = '示例数据：一级申报人汇总上报';
    for (const [department, ids] of group((a) => CHAIN[a.unit]!.department)) {
      await approve(department, ids);
      await submitBatch(deps, as(department), { campaignId, note });
    }
    for (const [jurisdiction, ids] of group((a) => CHAIN[a.unit]!.jurisdiction)) {
      await approve(jurisdiction, ids);
      await submitBatch(deps, as(jurisdiction), { campaignId, note });
    }
    await approve(
      'province',
      created.map((a) => a.id),
    );
    return { created: created.length, skipped: null };
  } catch (error) {
    if (error instanceof AppError) return { created: created.length, skipped: error.message };
    throw error;
  }
}

export interface DemoPanelResult {
  panelId: number | null;
  skipped: string | null;
}

/** Step 2: experts, criteria, 示例评审组 and three sheets per candidate. Idempotent (nothing once the panel exists). */
export async function seedDemoPanel(deps: AppDeps, campaignId: number): Promise<DemoPanelResult> {
  const [existing] = await inSystemTx(deps.db, (tx) =>
    tx
      .select({ id: panels.id })
      .from(panels)
      .where(and(eq(panels.campaignId, campaignId), eq(panels.name, DEMO_PANEL_NAME))),
  );
  if (existing) return { panelId: existing.id, skipped: null };
  const actors = await actorsByUsername(deps, ['province', ...DEMO_EXPERTS.map((e) => e.username)]);
  const province = contextOf(actors, 'province');
  try {
    // The experts: created as the province would, then linked to their demo accounts (which the seed made).
    const expertIds: number[] = [];
    for (const e of DEMO_EXPERTS) {
      const unit = await inSystemTx(deps.db, async (tx) => {
        const [row] = await tx.select({ id: orgNodes.id }).from(orgNodes).where(eq(orgNodes.name, e.unit));
        const [found] = await tx
          .select({ id: experts.id })
          .from(experts)
          .where(eq(experts.idNumber, makeIdNumber(e.id17)));
        return { unitId: row?.id, expertId: found?.id };
      });
      if (!unit.unitId) throw new Error(`demo seed: unit ${e.unit} not found`);
      const id =
        unit.expertId ??
        (
          await createExpert(deps, province, {
            name: e.name,
            idNumber: makeIdNumber(e.id17),
            workUnitId: unit.unitId,
            title: e.title,
            specialty: '示例专家：演示数据，姓名、身份证号等均为虚构',
          })
        ).id;
      const accountId = actors.get(e.username)?.accountId;
      if (!accountId) throw new Error(`demo seed: account ${e.username} not found`);
      await inSystemTx(deps.db, (tx) =>
        tx
          .update(experts)
          .set({ accountId })
          .where(and(eq(experts.id, id), isNull(experts.accountId))),
      );
      expertIds.push(id);
    }
    await saveSettings(deps, province, campaignId, {
      criteria: DEFAULT_PANEL_CRITERIA.map((c) => ({ ...c })),
      passLine: DEFAULT_PANEL_PASS_LINE,
    });
    const now = deps.clock.now().getTime();
    const day = 24 * 3600_000;
    const panel = await createPanel(deps, province, campaignId, {
      name: DEMO_PANEL_NAME,
      startsAt: new Date(now - 5 * day).toISOString(),
      endsAt: new Date(now + 30 * day).toISOString(),
      memberIds: expertIds,
      chairId: expertIds[0]!,
    });
    const idNumbers = DEMO_GRADE1_APPLICANTS.map((a) => makeIdNumber(a.id17));
    const candidateIds = await inSystemTx(deps.db, async (tx) =>
      (
        await tx
          .select({ id: applications.id })
          .from(applications)
          .where(and(eq(applications.campaignId, campaignId), inArray(applications.idNumber, idNumbers)))
      ).map((r) => r.id),
    );
    if (candidateIds.length) await assignCandidates(deps, province, panel.id, { applicationIds: candidateIds });
    // expert2–4 have scored every candidate (sample scores and comments).
    const sample = [
      { performance: 82, skill: 85, innovation: 78, defence: 80 },
      { performance: 76, skill: 80, innovation: 70, defence: 74 },
      { performance: 88, skill: 84, innovation: 82, defence: 86 },
    ];
    for (const [i, username] of ['expert2', 'expert3', 'expert4'].entries()) {
      for (const [j, applicationId] of candidateIds.entries()) {
        const base = sample[(i + j) % sample.length]!;
        await saveSheet(deps, contextOf(actors, username), panel.id, applicationId, {
          scores: Object.fromEntries(Object.entries(base).map(([k, v]) => [k, v - j * 3])),
          comment: '示例评语：业绩突出，技能全面，答辩思路清晰。',
          submit: true,
        });
      }
    }
    return { panelId: panel.id, skipped: null };
  } catch (error) {
    if (error instanceof AppError) return { panelId: null, skipped: error.message };
    throw error;
  }
}
