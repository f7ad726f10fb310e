import { and, eq, sql } from 'drizzle-orm';
import { type AppliedGrade, GRADE_LABELS } from '../../domain/eligibility.js';
import { SUBJECT_LABELS } from '../../domain/items.js';
import { itemContext, type SealedItem } from '../modules/banks/banks.service.js';
import { type AuditEntry, recordAuditEntries } from '../platform/audit.js';
import type { Clock } from '../platform/clock.js';
import { SYSTEM_META } from '../platform/context.js';
import { type ContentKey, sealJson } from '../platform/sealed.js';
import { inSystemTx } from '../platform/tx.js';
import { type Db, resultRows, type Tx } from './client.js';
import { SAMPLE_BANKS, SAMPLE_BLUEPRINT_BANKS, type SampleBank, sampleBlueprintDefinition } from './sample-banks.js';
import {
  accounts,
  bankItems,
  bankItemVersions,
  blueprints,
  campaigns,
  jobTypes,
  orgNodes,
  questionBanks,
} from './schema.js';

/** The two demo bank managers: `bank` writes the sample items, `bank2` approves them (四眼原则). */
export const SAMPLE_AUTHOR = 'bank';
export const SAMPLE_APPROVER = 'bank2';

export interface SampleBanksResult {
  banks: number;
  items: number;
  blueprints: number;
}

async function account(tx: Tx, username: string) {
  const [row] = await tx
    .select({ id: accounts.id, displayName: accounts.displayName })
    .from(accounts)
    .where(eq(accounts.username, username));
  return row ?? null;
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

/** `n` ids of a serial column, taken first so that each version's sealed content can name its item. */
async function nextIds(tx: Tx, table: string, n: number): Promise<number[]> {
  const result = await tx.execute(
    sql`select nextval(pg_get_serial_sequence(${table}, 'id')) as id from generate_series(1, ${n})`,
  );
  return resultRows<{ id: string | number }>(result).map((r) => Number(r.id));
}

/**
 * The demo's sample banks (sample-banks.ts), as if `bank` had written every item and `bank2` had approved it: the
 * content sealed exactly as the banks service seals it (`item:<id>:v1`), option counts stored, the four-eyes
 * check of the database satisfied. And the campaign's demo blueprints, drafts ready to publish, for 职业道德,
 * 职业能力 and each 岗位技能 job type × grade of the demo's candidates (汽车驾驶员 四级 included, which stays short of
 * items until its bank is imported and approved). Idempotent: a bank of the same subject, job type and grade (or
 * name), and a blueprint of the same scope, is left as it is. One audit row per bank and per blueprint (by the
 * system: the demo accounts did not sign in), never with content.
 */
export async function seedSampleBanks(
  db: Db,
  clock: Clock,
  key: ContentKey,
  campaignId: number,
): Promise<SampleBanksResult> {
  return inSystemTx(db, async (tx) => {
    const now = clock.now();
    const result: SampleBanksResult = { banks: 0, items: 0, blueprints: 0 };
    const author = await account(tx, SAMPLE_AUTHOR);
    const approver = await account(tx, SAMPLE_APPROVER);
    const [campaign] = await tx.select().from(campaigns).where(eq(campaigns.id, campaignId));
    const [province] = await tx.select().from(orgNodes).where(eq(orgNodes.kind, 'province'));
    if (!author || !approver || !campaign || !province) return result;
    const place = { orgNodeId: province.id, orgPath: province.path };
    const audit: AuditEntry[] = [];

    for (const sample of SAMPLE_BANKS) {
      const jobTypeId = await jobTypeIdOf(tx, campaign.catalogVersionId, sample);
      if (jobTypeId === undefined) continue;
      const [clash] = await tx
        .select({ id: questionBanks.id })
        .from(questionBanks)
        .where(
          sql`(${questionBanks.subject} = ${sample.subject} and coalesce(${questionBanks.jobTypeId}, 0) = ${jobTypeId ?? 0} and coalesce(${questionBanks.grade}, 0) = ${sample.grade ?? 0}) or ${questionBanks.name} = ${sample.name}`,
        );
      if (clash) continue;
      const [bank] = await tx
        .insert(questionBanks)
        .values({
          subject: sample.subject,
          name: sample.name,
          jobTypeId,
          grade: sample.grade,
          createdBy: author.id,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: questionBanks.id });
      const ids = await nextIds(tx, 'bank_items', sample.items.length);
      await tx.insert(bankItems).values(
        ids.map((id) => ({
          id,
          bankId: bank!.id,
          currentVersion: 1,
          createdBy: author.id,
          createdAt: now,
          updatedAt: now,
        })),
      );
      await tx.insert(bankItemVersions).values(
        sample.items.map((item, i) => {
          const sealed: SealedItem = {
            stem: item.stem,
            stemImage: item.stemImage,
            options: item.options,
            answer: item.answer,
            explanation: item.explanation,
            source: item.source,
          };
          return {
            itemId: ids[i]!,
            version: 1,
            status: 'approved' as const,
            type: item.type,
            knowledgePoint: item.knowledgePoint,
            difficulty: item.difficulty,
            optionCount: item.options.length,
            content: sealJson(key, itemContext(ids[i]!, 1), sealed),
            authorId: author.id,
            authorName: author.displayName,
            approverId: approver.id,
            approverName: approver.displayName,
            approvedAt: now,
            // Written once and approved once, as through the service.
            revision: 2,
            createdAt: now,
            updatedAt: now,
          };
        }),
      );
      audit.push({
        entityType: 'question_bank',
        entityId: bank!.id,
        action: 'bank.seed',
        summary: `初始化示例题库「${sample.name}」：${sample.items.length} 道已审核试题（演示数据，编写：${author.displayName}，审核：${approver.displayName}）`,
        ...place,
        after: {
          subject: sample.subject,
          name: sample.name,
          jobTypeId,
          grade: sample.grade,
          itemCount: sample.items.length,
          itemIds: { first: ids[0], last: ids.at(-1) },
        },
      });
      result.banks++;
      result.items += sample.items.length;
    }

    for (const sample of SAMPLE_BLUEPRINT_BANKS) {
      const jobTypeId = await jobTypeIdOf(tx, campaign.catalogVersionId, sample);
      if (jobTypeId === undefined) continue;
      const [exists] = await tx
        .select({ id: blueprints.id })
        .from(blueprints)
        .where(
          sql`${blueprints.campaignId} = ${campaign.id} and ${blueprints.subject} = ${sample.subject} and coalesce(${blueprints.jobTypeId}, 0) = ${jobTypeId ?? 0} and coalesce(${blueprints.grade}, 0) = ${sample.grade ?? 0}`,
        );
      if (exists) continue;
      const definition = sampleBlueprintDefinition(sample);
      const [row] = await tx
        .insert(blueprints)
        .values({
          campaignId: campaign.id,
          subject: sample.subject,
          jobTypeId,
          grade: sample.grade,
          status: 'draft',
          definition,
          revision: 1,
          createdBy: author.id,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: blueprints.id });
      const scope =
        sample.jobTypeName === null ? '' : `·${sample.jobTypeName}${GRADE_LABELS[sample.grade as AppliedGrade]}`;
      audit.push({
        entityType: 'blueprint',
        entityId: row!.id,
        action: 'blueprint.seed',
        summary: `初始化示例组卷规则（草稿）：${campaign.name}·${SUBJECT_LABELS[sample.subject]}${scope}`,
        ...place,
        after: { campaignId: campaign.id, subject: sample.subject, jobTypeId, grade: sample.grade, status: 'draft' },
      });
      result.blueprints++;
    }

    if (audit.length > 0) await recordAuditEntries(tx, null, SYSTEM_META, audit, now);
    return result;
  });
}
