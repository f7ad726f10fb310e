import { readFileSync } from 'node:fs';
import { and, eq, inArray } from 'drizzle-orm';
import type { Appraisal } from '../../domain/eligibility.js';
import { appraisalYears } from '../../domain/grade1-evidence.js';
import { makeIdNumber } from '../../domain/id-card.js';
import type { AppDeps } from '../deps.js';
import { uploadFile } from '../modules/applications/applications.files.js';
import { createApplication, submitApplication } from '../modules/applications/applications.service.js';
import { submitBatch } from '../modules/review/review.batches.service.js';
import { bulkDecide } from '../modules/review/review.service.js';
import type { ServiceContext } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { actorOf } from '../platform/sessions.js';
import { inSystemTx } from '../platform/tx.js';
import { DEMO_SEED_META } from './demo-accounts.js';
import { accounts, applications, campaigns, jobTypes, orgNodes } from './schema.js';

/**
 * The demo's 一级 (高级技师) candidate (示例考生, issue 17): a 洛阳 electrician of 51 with 30 work years and 二级 for 8
 * years (all counted back from the campaign year, so that the candidate is eligible in any year's demo), appointed
 * to a 二级 post, five appraisals with two 优秀, registered by `ly-ysfw` with a 年度考核登记表 for each of the five years and a
 * 获奖证书 (sample PDFs marked 示例 in sample-evidence/, drawn with pdfkit and Noto Serif CJK), submitted and approved
 * through the chain up to the province with the real services — so that 一级's later steps (theory papers, the
 * panel review) have someone to carry on with. Made-up name and ID number; its 备注 says so.
 */
export const DEMO_GRADE1_CANDIDATE = {
  unit: 'ly-ysfw',
  department: 'ly-jtj',
  jurisdiction: 'luoyang',
  name: '韩振华',
  education: 'vocational_secondary' as const,
  jobType: '电工',
  appraisals: ['excellent', 'competent', 'excellent', 'competent', 'competent'] as Appraisal[],
  award: '示例：2019年洛阳市职工职业技能竞赛电工项目三等奖（示例）',
  phone: '13800000121',
};

/** 洛阳市涧西区, born 12 April of Y − 51, a man. */
export const demoGrade1IdNumber = (campaignYear: number) => makeIdNumber(`410305${campaignYear - 51}0412031`);

const sample = (name: string) => readFileSync(new URL(`./sample-evidence/${name}`, import.meta.url));

/**
 * A demo 一级 application's evidence (the sample PDFs marked 示例): a 年度考核登记表 for each of the five years
 * and, when `award` is given, a 获奖证书 with that description. Uploaded as `ctx` (the registering unit).
 */
export async function uploadDemoGrade1Evidence(
  deps: AppDeps,
  ctx: ServiceContext,
  applicationId: number,
  campaignYear: number,
  award?: string,
): Promise<void> {
  for (const year of appraisalYears(campaignYear)) {
    await uploadFile(deps, ctx, applicationId, {
      kind: 'appraisal_form',
      fileName: `示例-${year}年度考核登记表.pdf`,
      data: sample('appraisal-form.pdf'),
      appraisalYear: String(year),
    });
  }
  if (award === undefined) return;
  await uploadFile(deps, ctx, applicationId, {
    kind: 'award_certificate',
    fileName: '示例-获奖证书.pdf',
    data: sample('award-certificate.pdf'),
    description: award,
  });
}

export interface DemoGrade1Result {
  created: number;
  /** Why nothing was created when a rule said no (the 一级 window of an older demo campaign is closed, …). */
  skipped: string | null;
}

/** Idempotent: nothing happens once the candidate is registered in the campaign. */
export async function seedDemoGrade1Candidate(deps: AppDeps, campaignId: number): Promise<DemoGrade1Result> {
  const c = DEMO_GRADE1_CANDIDATE;
  const usernames = [c.unit, c.department, c.jurisdiction, 'province'];
  const loaded = await inSystemTx(deps.db, async (tx) => {
    const [campaign] = await tx.select().from(campaigns).where(eq(campaigns.id, campaignId));
    const present = await tx
      .select({ id: applications.id })
      .from(applications)
      .where(
        and(
          eq(applications.campaignId, campaignId),
          eq(applications.idNumber, demoGrade1IdNumber(campaign?.year ?? 0)),
        ),
      );
    const rows = await tx
      .select({ account: accounts, nodeName: orgNodes.name })
      .from(accounts)
      .leftJoin(orgNodes, eq(orgNodes.id, accounts.orgNodeId))
      .where(inArray(accounts.username, usernames));
    const [jobType] = campaign
      ? await tx
          .select({ id: jobTypes.id })
          .from(jobTypes)
          .where(and(eq(jobTypes.versionId, campaign.catalogVersionId), eq(jobTypes.name, c.jobType)))
      : [];
    return { campaign, present: present.length > 0, rows, jobType };
  });
  const { campaign, jobType } = loaded;
  if (!campaign || loaded.present || !jobType) return { created: 0, skipped: null };
  if (campaign.status !== 'open') return { created: 0, skipped: `「${campaign.name}」未开放` };
  const as = (username: string): ServiceContext => {
    const row = loaded.rows.find((r) => r.account.username === username);
    if (!row) throw new Error(`demo seed: account ${username} not found`);
    return { actor: actorOf(row.account, row.nodeName), meta: DEMO_SEED_META };
  };
  const approve = async (username: string, id: number) => {
    const result = await bulkDecide(deps, as(username), { campaignId, ids: [id], action: 'approve' });
    if (result.succeeded !== 1) throw new Error(`demo seed: ${username} could not approve: ${JSON.stringify(result)}`);
  };
  try {
    const unit = as(c.unit);
    const application = await createApplication(deps, unit, {
      campaignId,
      unitId: unit.actor.orgNodeId ?? 0,
      idNumber: demoGrade1IdNumber(campaign.year),
      name: c.name,
      education: c.education,
      workStartMonth: `${campaign.year - 29}-07`,
      currentJobType: c.jobType,
      currentGrade: 2,
      currentGradeMonth: `${campaign.year - 8}-12`,
      appliedJobTypeId: jobType.id,
      appliedGrade: 1,
      appointedToGrade2Post: true,
      appraisals: c.appraisals,
      waiverAward: false,
      phone: c.phone,
      remarks: '示例考生（一级）：演示数据，姓名、身份证号和证明材料均为虚构',
    });
    await uploadFile(deps, unit, application.id, {
      kind: 'photo',
      fileName: '示例照片.jpg',
      data: readFileSync(new URL('./sample-photos/photo-3.jpg', import.meta.url)),
    });
    await uploadDemoGrade1Evidence(deps, unit, application.id, campaign.year, c.award);
    await submitApplication(deps, unit, application.id);
    const note = '示例数据：演示用一级汇总上报';
    await approve(c.unit, application.id);
    await approve(c.department, application.id);
    await submitBatch(deps, as(c.department), { campaignId, note });
    await approve(c.jurisdiction, application.id);
    await submitBatch(deps, as(c.jurisdiction), { campaignId, note });
    await approve('province', application.id);
    return { created: 1, skipped: null };
  } catch (error) {
    if (error instanceof AppError) return { created: 0, skipped: error.message };
    throw error;
  }
}
