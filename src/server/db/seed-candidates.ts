import { readFileSync } from 'node:fs';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Education } from '../../domain/eligibility.js';
import { makeIdNumber } from '../../domain/id-card.js';
import type { AppDeps } from '../deps.js';
import { uploadFile } from '../modules/applications/applications.files.js';
import { createApplication, submitApplication } from '../modules/applications/applications.service.js';
import { openCampaign } from '../modules/campaigns/campaigns.service.js';
import { submitBatch } from '../modules/review/review.batches.service.js';
import { bulkDecide } from '../modules/review/review.service.js';
import type { Actor, ServiceContext } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { actorOf } from '../platform/sessions.js';
import { inSystemTx } from '../platform/tx.js';
import { DEMO_ACCOUNTS, DEMO_SEED_META } from './demo-accounts.js';
import { accounts, applications, campaigns, jobTypes, orgNodes } from './schema.js';
import { uploadDemoGrade1Evidence } from './seed-grade1.js';

/**
 * The demo's confirmed candidates (示例考生): people the province has confirmed (`province_confirmed`), so that a bank
 * manager has someone to build papers for. Names and ID numbers are made up (valid check characters, GB 11643); each
 * form's 备注 says so. They sit in demo units the browser journeys do not count, for the job types × grades of the
 * sample banks: 电工 and 保育员 四级 (seeded banks) and 汽车驾驶员 四级 (the bank the demo imports).
 */
export interface DemoCandidate {
  /** The unit officer who registers them; the review chain above follows from the unit. */
  unit: string;
  name: string;
  /** The first 17 digits of the ID number; the check character is computed. */
  id17: string;
  education: Education;
  workStartMonth: string;
  /** 五级 held since. */
  grade5Month: string;
  jobType: '电工' | '保育员' | '汽车驾驶员';
  phone: string;
}

/** The n-th sample photo (six drawn portraits marked 示例照片, 300×400 JPEG), in turn. */
function samplePhoto(n: number): Buffer {
  return readFileSync(new URL(`./sample-photos/photo-${(n % 6) + 1}.jpg`, import.meta.url));
}

export const DEMO_CANDIDATES: readonly DemoCandidate[] = [
  {
    unit: 'zz-cdc',
    name: '刘建军',
    id17: '41010519820716031',
    education: 'vocational_secondary',
    workStartMonth: '2003-07',
    grade5Month: '2009-11',
    jobType: '电工',
    phone: '13800000101',
  },
  {
    unit: 'zz-cdc',
    name: '高红霞',
    id17: '41010219870923042',
    education: 'senior_high',
    workStartMonth: '2006-08',
    grade5Month: '2011-06',
    jobType: '电工',
    phone: '13800000102',
  },
  {
    unit: 'ly-dyz',
    name: '马志强',
    id17: '41030519800305015',
    education: 'vocational_secondary',
    workStartMonth: '2001-09',
    grade5Month: '2008-10',
    jobType: '电工',
    phone: '13800000103',
  },
  {
    unit: 'ly-glzx',
    name: '杨伟',
    id17: '41031119841128057',
    education: 'college',
    workStartMonth: '2005-07',
    grade5Month: '2010-12',
    jobType: '电工',
    phone: '13800000104',
  },
  {
    unit: 'zz-youeryuan',
    name: '李静',
    id17: '41010319850419024',
    education: 'college',
    workStartMonth: '2005-09',
    grade5Month: '2010-06',
    jobType: '保育员',
    phone: '13800000105',
  },
  {
    unit: 'zz-youeryuan',
    name: '王雪梅',
    id17: '41010419840607068',
    education: 'vocational_secondary',
    workStartMonth: '2003-09',
    grade5Month: '2009-06',
    jobType: '保育员',
    phone: '13800000106',
  },
  {
    unit: 'zz-youeryuan',
    name: '陈晓燕',
    id17: '41010219860212036',
    education: 'senior_high',
    workStartMonth: '2005-03',
    grade5Month: '2011-05',
    jobType: '保育员',
    phone: '13800000107',
  },
  {
    unit: 'zz-youeryuan',
    name: '周丽娟',
    id17: '41010519830830082',
    education: 'vocational_secondary',
    workStartMonth: '2002-09',
    grade5Month: '2008-06',
    jobType: '保育员',
    phone: '13800000108',
  },
  {
    unit: 'ly-ysfw',
    name: '张国庆',
    id17: '41030219791001013',
    education: 'senior_high',
    workStartMonth: '1999-03',
    grade5Month: '2007-09',
    jobType: '汽车驾驶员',
    phone: '13800000109',
  },
  {
    unit: 'ly-ysfw',
    name: '孙海涛',
    id17: '41030319830514077',
    education: 'vocational_secondary',
    workStartMonth: '2003-05',
    grade5Month: '2010-04',
    jobType: '汽车驾驶员',
    phone: '13800000110',
  },
  {
    unit: 'ly-glzx',
    name: '赵永刚',
    id17: '41030719810222039',
    education: 'senior_high',
    workStartMonth: '2000-11',
    grade5Month: '2008-12',
    jobType: '汽车驾驶员',
    phone: '13800000111',
  },
  {
    unit: 'sz-jcz',
    name: '郭明亮',
    id17: '41010519780918051',
    education: 'senior_high',
    workStartMonth: '1998-07',
    grade5Month: '2006-08',
    jobType: '汽车驾驶员',
    phone: '13800000112',
  },
];

export const DEMO_CANDIDATE_GRADE = 4;

export const demoCandidateIdNumber = (c: Pick<DemoCandidate, 'id17'>) => makeIdNumber(c.id17);

/** Who reviews above each demo unit (demo-accounts.ts): its department, then its jurisdiction (none for 省直). */
const CHAIN: Readonly<Record<string, { department: string; jurisdiction: string | null }>> = {
  'zz-cdc': { department: 'zz-wjw', jurisdiction: 'zhengzhou' },
  'zz-youeryuan': { department: 'zz-jyj', jurisdiction: 'zhengzhou' },
  'ly-dyz': { department: 'ly-nyj', jurisdiction: 'luoyang' },
  'ly-glzx': { department: 'ly-jtj', jurisdiction: 'luoyang' },
  'ly-ysfw': { department: 'ly-jtj', jurisdiction: 'luoyang' },
  'sz-jcz': { department: 'sz-jtt', jurisdiction: null },
};
const PROVINCE = 'province';

export interface DemoCandidatesResult {
  created: number;
  /** Why nothing was created, when a business rule said no (the campaign closed, another one open, …). */
  skipped: string | null;
}

function groupBy<T>(values: readonly T[], key: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) groups.set(key(value), [...(groups.get(key(value)) ?? []), value]);
  return groups;
}

/**
 * Registers the demo candidates and carries them through the whole review chain with the real services, each step
 * as the demo account whose step it is (unit → department and its 汇总上报 → jurisdiction and its 汇总上报 →
 * province), so that applications, review rows, opinions, batches, audit rows and notifications are exactly what
 * the system writes when people do it. Opens the demo campaign first (as `province`) if it is still a draft.
 * Idempotent: nothing happens once any of them is registered in the campaign.
 */
export async function seedDemoCandidates(deps: AppDeps, campaignId: number): Promise<DemoCandidatesResult> {
  const idNumbers = DEMO_CANDIDATES.map(demoCandidateIdNumber);
  const usernames = [...new Set(DEMO_CANDIDATES.flatMap((c) => [c.unit, ...Object.values(CHAIN[c.unit]!)]))]
    .filter((u): u is string => u !== null)
    .concat(PROVINCE);
  const loaded = await inSystemTx(deps.db, async (tx) => {
    const [campaign] = await tx.select().from(campaigns).where(eq(campaigns.id, campaignId));
    const present = await tx
      .select({ id: applications.id })
      .from(applications)
      .where(and(eq(applications.campaignId, campaignId), inArray(applications.idNumber, idNumbers)))
      .limit(1);
    const rows = await tx
      .select({ account: accounts, nodeName: orgNodes.name })
      .from(accounts)
      .leftJoin(orgNodes, eq(orgNodes.id, accounts.orgNodeId))
      .where(inArray(accounts.username, usernames));
    const types = campaign
      ? await tx
          .select({ id: jobTypes.id, name: jobTypes.name })
          .from(jobTypes)
          .where(eq(jobTypes.versionId, campaign.catalogVersionId))
      : [];
    return { campaign, present: present.length > 0, rows, types };
  });
  const { campaign } = loaded;
  if (!campaign || loaded.present) return { created: 0, skipped: null };
  if (campaign.status === 'closed') return { created: 0, skipped: `「${campaign.name}」已结束` };
  const actors = new Map<string, Actor>(loaded.rows.map((r) => [r.account.username, actorOf(r.account, r.nodeName)]));
  const as = (username: string): ServiceContext => {
    const actor = actors.get(username);
    if (!actor) throw new Error(`demo seed: account ${username} not found`);
    return { actor, meta: DEMO_SEED_META };
  };
  const jobTypeId = (name: string) => {
    const found = loaded.types.find((t) => t.name === name);
    if (!found) throw new Error(`demo seed: job type ${name} not in the campaign's catalogue`);
    return found.id;
  };
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
    if (campaign.status === 'draft') await openCampaign(deps, as(PROVINCE), campaignId);
    for (const c of DEMO_CANDIDATES) {
      const unit = actors.get(c.unit);
      const application = await createApplication(deps, as(c.unit), {
        campaignId,
        unitId: unit?.orgNodeId ?? 0,
        idNumber: demoCandidateIdNumber(c),
        name: c.name,
        education: c.education,
        workStartMonth: c.workStartMonth,
        currentJobType: c.jobType,
        currentGrade: 5,
        currentGradeMonth: c.grade5Month,
        appliedJobTypeId: jobTypeId(c.jobType),
        appliedGrade: DEMO_CANDIDATE_GRADE,
        phone: c.phone,
        remarks: '示例考生：演示数据，姓名、身份证号等均为虚构',
      });
      // A drawn 2-inch photo marked 示例照片 (sample-photos/), so that the proctor's admission has a face to compare.
      await uploadFile(deps, as(c.unit), application.id, {
        kind: 'photo',
        fileName: '示例照片.jpg',
        data: samplePhoto(created.length),
      });
      await submitApplication(deps, as(c.unit), application.id);
      created.push({ id: application.id, unit: c.unit });
    }
    const ids = (list: typeof created) => list.map((a) => a.id);
    for (const [unit, list] of groupBy(created, (a) => a.unit)) await approve(unit, ids(list));
    const note = '示例数据：演示用汇总上报';
    for (const [department, list] of groupBy(created, (a) => CHAIN[a.unit]!.department)) {
      await approve(department, ids(list));
      await submitBatch(deps, as(department), { campaignId, note });
    }
    const viaJurisdiction = created.filter((a) => CHAIN[a.unit]!.jurisdiction !== null);
    for (const [jurisdiction, list] of groupBy(viaJurisdiction, (a) => CHAIN[a.unit]!.jurisdiction!)) {
      await approve(jurisdiction, ids(list));
      await submitBatch(deps, as(jurisdiction), { campaignId, note });
    }
    await approve(PROVINCE, ids(created));
    return { created: created.length, skipped: null };
  } catch (error) {
    // A rule of the system said no (a window closed, another campaign open): the demo goes on without them.
    if (error instanceof AppError) return { created: created.length, skipped: error.message };
    throw error;
  }
}

/**
 * Makes each demo applicant marked `candidate` (demo-accounts.ts) the applicant of the 示例考生's application with
 * their ID number (the username), so that they see it and print their 准考证 (the unit registered it, so nobody
 * linked it). Answers how many were linked; linking twice changes nothing.
 */
export async function linkDemoCandidateAccounts(deps: Pick<AppDeps, 'db'>, campaignId: number): Promise<number> {
  const usernames = DEMO_ACCOUNTS.filter((a) => a.candidate).map((a) => a.username);
  if (usernames.length === 0) return 0;
  return inSystemTx(deps.db, async (tx) => {
    const people = await tx
      .select({ id: accounts.id, username: accounts.username })
      .from(accounts)
      .where(and(inArray(accounts.username, usernames), eq(accounts.role, 'applicant')));
    let linked = 0;
    for (const person of people) {
      const rows = await tx
        .update(applications)
        .set({ applicantAccountId: person.id })
        .where(
          and(
            eq(applications.campaignId, campaignId),
            eq(applications.idNumber, person.username),
            isNull(applications.applicantAccountId),
          ),
        )
        .returning({ id: applications.id });
      linked += rows.length;
    }
    return linked;
  });
}

// ─── The 一级 示例考生 (issue 17 part 2) ────────────────────────────────────────────────────────────────────
// Kept apart from DEMO_CANDIDATES (all 四级) so that it merges cleanly with other demo additions: one 一级 (高级技师)
// applicant for 电工 at 郑州市疾控中心 who meets rules.md §6 (work years ≥ 25, 二级 held ≥ 5 years and appointed to a
// 二级 post, 高中 or above, the last five appraisals 合格 or better with two 优秀), carried through the same review
// chain. He sits 职业道德 and 专业基础知识 in the demo's 一级 session; the 综合评审 comes from the panel review.

/**
 * The 一级 示例考生 of the campaign year Y: born Y−52, at work since Y−31, 二级 held since Y−10 (the demo campaign is the
 * current year's; tests run in 2017), so he meets the rules whatever the year.
 */
export function demoGrade1Candidate(year: number) {
  return {
    unit: 'zz-cdc',
    name: '孙国栋',
    id17: `410105${year - 52}0312051`,
    education: 'senior_high' as Education,
    workStartMonth: `${year - 31}-07`,
    /** 二级 (技师) in 电工 held since. */
    grade2Month: `${year - 10}-11`,
    jobType: '电工' as const,
    phone: '13800000121',
  };
}

/**
 * Registers the 一级 示例考生 (above) and carries the application through the review chain with the real services, as
 * seedDemoCandidates does, in batches of its own. Idempotent: nothing happens once he is registered in the campaign.
 */
export async function seedDemoGrade1ExamCandidate(deps: AppDeps, campaignId: number): Promise<DemoCandidatesResult> {
  const [row] = await inSystemTx(deps.db, (tx) =>
    tx.select({ year: campaigns.year }).from(campaigns).where(eq(campaigns.id, campaignId)),
  );
  if (!row) return { created: 0, skipped: null };
  const c = demoGrade1Candidate(row.year);
  const idNumber = demoCandidateIdNumber(c);
  const chain = CHAIN[c.unit]!;
  const usernames = [c.unit, chain.department, chain.jurisdiction!, PROVINCE];
  const loaded = await inSystemTx(deps.db, async (tx) => {
    const [campaign] = await tx.select().from(campaigns).where(eq(campaigns.id, campaignId));
    const present = await tx
      .select({ id: applications.id })
      .from(applications)
      .where(and(eq(applications.campaignId, campaignId), eq(applications.idNumber, idNumber)))
      .limit(1);
    const rows = await tx
      .select({ account: accounts, nodeName: orgNodes.name })
      .from(accounts)
      .leftJoin(orgNodes, eq(orgNodes.id, accounts.orgNodeId))
      .where(inArray(accounts.username, usernames));
    const [type] = campaign
      ? await tx
          .select({ id: jobTypes.id })
          .from(jobTypes)
          .where(and(eq(jobTypes.versionId, campaign.catalogVersionId), eq(jobTypes.name, c.jobType)))
      : [];
    return { campaign, present: present.length > 0, rows, type };
  });
  const { campaign, type } = loaded;
  if (!campaign || !type || loaded.present) return { created: 0, skipped: null };
  if (campaign.status === 'closed') return { created: 0, skipped: `「${campaign.name}」已结束` };
  const actors = new Map<string, Actor>(loaded.rows.map((r) => [r.account.username, actorOf(r.account, r.nodeName)]));
  const as = (username: string): ServiceContext => {
    const actor = actors.get(username);
    if (!actor) throw new Error(`demo seed: account ${username} not found`);
    return { actor, meta: DEMO_SEED_META };
  };
  const approve = async (username: string, id: number) => {
    const result = await bulkDecide(deps, as(username), { campaignId, ids: [id], action: 'approve' });
    if (result.succeeded !== 1)
      throw new Error(`demo seed: ${username} refused the 一级 示例考生: ${JSON.stringify(result)}`);
  };
  try {
    if (campaign.status === 'draft') await openCampaign(deps, as(PROVINCE), campaignId);
    const application = await createApplication(deps, as(c.unit), {
      campaignId,
      unitId: actors.get(c.unit)?.orgNodeId ?? 0,
      idNumber,
      name: c.name,
      education: c.education,
      workStartMonth: c.workStartMonth,
      currentJobType: c.jobType,
      currentGrade: 2,
      currentGradeMonth: c.grade2Month,
      appliedJobTypeId: type.id,
      appliedGrade: 1,
      appointedToGrade2Post: true,
      appraisals: ['excellent', 'competent', 'excellent', 'competent', 'competent'],
      waiverAward: false,
      phone: c.phone,
      remarks: '示例考生（一级）：演示数据，姓名、身份证号等均为虚构',
    });
    await uploadFile(deps, as(c.unit), application.id, {
      kind: 'photo',
      fileName: '示例照片.jpg',
      data: samplePhoto(5),
    });
    await uploadDemoGrade1Evidence(deps, as(c.unit), application.id, campaign.year);
    await submitApplication(deps, as(c.unit), application.id);
    const note = '示例数据：演示用汇总上报（一级）';
    await approve(c.unit, application.id);
    await approve(chain.department, application.id);
    await submitBatch(deps, as(chain.department), { campaignId, note });
    await approve(chain.jurisdiction!, application.id);
    await submitBatch(deps, as(chain.jurisdiction!), { campaignId, note });
    await approve(PROVINCE, application.id);
    return { created: 1, skipped: null };
  } catch (error) {
    if (error instanceof AppError) return { created: 0, skipped: error.message };
    throw error;
  }
}
