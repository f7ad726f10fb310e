import { and, eq, sql } from 'drizzle-orm';
import type { AppDeps } from '../deps.js';
import { bulkApprove } from '../modules/banks/banks.queue.service.js';
import { createBank, insertDraftItems } from '../modules/banks/banks.service.js';
import { campaignCheck, createBlueprint, publishBlueprint } from '../modules/blueprints/blueprints.service.js';
import { generatePapers, papersSummary } from '../modules/papers/papers.service.js';
import { recordAudit } from '../platform/audit.js';
import type { ServiceContext } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { actorOf } from '../platform/sessions.js';
import { inScopedTx, inSystemTx } from '../platform/tx.js';
import type { Tx } from './client.js';
import { DEMO_SEED_META } from './demo-accounts.js';
import { SAMPLE_BANKS, SAMPLE_BLUEPRINT_BANKS, type SampleBank, sampleBlueprintDefinition } from './sample-banks.js';
import { accounts, campaigns, jobTypes } from './schema.js';

/** The two demo bank managers: `bank` writes the sample items, `bank2` approves them (四眼原则). */
export const SAMPLE_AUTHOR = 'bank';
export const SAMPLE_APPROVER = 'bank2';

export interface SampleBanksResult {
  banks: number;
  items: number;
  blueprints: number;
}

/** The job type a sample bank names, in the campaign's catalogue (the sample catalogue in the demo). */
async function jobTypeIdOf(tx: Tx, catalogVersionId: number, bank: SampleBank): Promise<number | null | undefined> {
  if (bank.jobTypeName === null) return null;
  const [row] = await tx
    .select({ id: jobTypes.id, grades: jobTypes.grades })
    .from(jobTypes)
    .where(and(eq(jobTypes.versionId, catalogVersionId), eq(jobTypes.name, bank.jobTypeName)));
  return row && bank.grade !== null && row.grades.includes(bank.grade) ? row.id : undefined;
}

/**
 * The demo's sample banks (sample-banks.ts), made by the banks services as the demo's bank managers would make them:
 * `bank` creates each bank (createBank) and writes its items as drafts through the one path items come into being
 * (insertDraftItems: sealed under the content key as `item:<id>:v1`, option counts stored), with one audit row for the
 * lot; `bank2` approves them from the approval queue (bulkApprove: one audit row per item, the four-eyes rule asked of
 * the domain and held by the database). Then `bank` writes the campaign's demo blueprints (createBlueprint), drafts
 * ready to publish, for 职业道德, 职业能力 and each 岗位技能 job type × grade of the demo's candidates (汽车驾驶员 四级
 * included, which stays short of items until its bank is imported and approved). Idempotent: a bank whose subject,
 * job type and grade (or name) is taken, and a blueprint of a scope that has one, are left as they are.
 */
export async function seedSampleBanks(deps: AppDeps, campaignId: number): Promise<SampleBanksResult> {
  const result: SampleBanksResult = { banks: 0, items: 0, blueprints: 0 };
  const key = deps.contentKey;
  const loaded = await inSystemTx(deps.db, async (tx) => {
    const people = await tx
      .select()
      .from(accounts)
      .where(sql`${accounts.username} in (${SAMPLE_AUTHOR}, ${SAMPLE_APPROVER})`);
    const [campaign] = await tx.select().from(campaigns).where(eq(campaigns.id, campaignId));
    const jobTypeIds = campaign
      ? await Promise.all(SAMPLE_BLUEPRINT_BANKS.map((b) => jobTypeIdOf(tx, campaign.catalogVersionId, b)))
      : [];
    return { people, campaign, jobTypeIds };
  });
  const { campaign } = loaded;
  const account = (username: string) => loaded.people.find((p) => p.username === username);
  const author = account(SAMPLE_AUTHOR);
  const approver = account(SAMPLE_APPROVER);
  if (!key || !author || !approver || !campaign) return result;
  const as = (row: typeof author): ServiceContext => ({ actor: actorOf(row, null), meta: DEMO_SEED_META });
  const writer = as(author);
  const jobTypeOf = (bank: SampleBank) => loaded.jobTypeIds[SAMPLE_BLUEPRINT_BANKS.indexOf(bank)];

  for (const sample of SAMPLE_BANKS) {
    const jobTypeId = jobTypeOf(sample);
    if (jobTypeId === undefined) continue;
    let bankId: number;
    try {
      ({ id: bankId } = await createBank(deps, writer, {
        subject: sample.subject,
        name: sample.name,
        jobTypeId,
        grade: sample.grade,
      }));
    } catch (error) {
      if (error instanceof AppError && error.code === 'BANK_TAKEN') continue;
      throw error;
    }
    await inScopedTx(deps.db, writer.actor, async (tx) => {
      const now = deps.clock.now();
      const written = await insertDraftItems(tx, key, writer.actor, bankId, sample.items, now);
      await recordAudit(
        tx,
        writer.actor,
        writer.meta,
        {
          entityType: 'question_bank',
          entityId: bankId,
          action: 'bank.seed',
          summary: `在示例题库「${sample.name}」写入 ${written.length} 道示例试题（草稿，演示数据）`,
          orgNodeId: writer.actor.orgNodeId,
          orgPath: writer.actor.orgPath,
          after: {
            bankId,
            itemCount: written.length,
            itemIds: { first: written[0]?.itemId, last: written.at(-1)?.itemId },
          },
        },
        now,
      );
    });
    const approved = await bulkApprove(deps, as(approver), {
      filter: { bankId },
      expectedCount: sample.items.length,
    });
    if (approved.succeeded !== sample.items.length) {
      throw new Error(`demo seed: ${SAMPLE_APPROVER} approved ${approved.succeeded} of ${sample.items.length} items`);
    }
    result.banks++;
    result.items += sample.items.length;
  }

  for (const sample of SAMPLE_BLUEPRINT_BANKS) {
    const jobTypeId = jobTypeOf(sample);
    if (jobTypeId === undefined) continue;
    try {
      await createBlueprint(deps, writer, {
        campaignId: campaign.id,
        subject: sample.subject,
        jobTypeId,
        grade: sample.grade,
        definition: sampleBlueprintDefinition(sample),
      });
      result.blueprints++;
    } catch (error) {
      if (error instanceof AppError && error.code === 'BLUEPRINT_TAKEN') continue;
      throw error;
    }
  }
  return result;
}

export interface DemoPapersResult {
  /** Blueprints published now (drafts whose pools serve them; the 汽车驾驶员 one waits for its bank). */
  published: number;
  /** Papers generated now, all scopes together. */
  papers: number;
}

/**
 * The demo's papers for exam day (示例): `bank` publishes every draft blueprint that its approved items can serve
 * (publishBlueprint refuses the 汽车驾驶员四级 one while its bank is empty, which stays the papers walk-through's
 * point) and generates the papers of each published scope (generatePapers with a scope, as 生成本项 does), so that
 * the demo's 电工 and 保育员 candidates can sit the demo session while the 汽车驾驶员 candidates wait for their
 * bank. Through the services as `bank` (audited as it). Idempotent: nothing is published or generated twice.
 */
export async function seedDemoPapers(deps: AppDeps, campaignId: number): Promise<DemoPapersResult> {
  const result: DemoPapersResult = { published: 0, papers: 0 };
  if (!deps.contentKey) return result;
  const [author] = await inSystemTx(deps.db, (tx) =>
    tx.select().from(accounts).where(eq(accounts.username, SAMPLE_AUTHOR)),
  );
  if (!author) return result;
  const ctx: ServiceContext = { actor: actorOf(author, null), meta: DEMO_SEED_META };
  const check = await campaignCheck(deps, ctx, { campaignId, filter: 'draft', page: 1, pageSize: 100 });
  for (const scope of check.items) {
    if (scope.blueprint?.status !== 'draft') continue;
    try {
      await publishBlueprint(deps, ctx, scope.blueprint.id, {
        revision: scope.blueprint.revision,
        confirmTolerance: true,
      });
      result.published++;
    } catch (error) {
      // A pool that cannot serve its blueprint (the empty 汽车驾驶员 bank) is the demo's to fix, not the seed's.
      if (error instanceof AppError && error.code.startsWith('BLUEPRINT_')) continue;
      throw error;
    }
  }
  const summary = await papersSummary(deps, ctx, campaignId);
  for (const row of summary.rows) {
    if (row.candidates <= row.papers || row.blueprint?.status !== 'published') continue;
    const scope = { subject: row.subject, jobTypeId: row.jobTypeId, grade: row.grade };
    const generated = await generatePapers(deps, ctx, campaignId, { scope });
    result.papers += Object.values(generated.generated).reduce((n, k) => n + k, 0);
  }
  return result;
}
