import { and, eq } from 'drizzle-orm';
import { demoCampaignTemplate } from '../../domain/timetable.js';
import { recordAudit } from '../platform/audit.js';
import { type Clock, chinaDate } from '../platform/clock.js';
import { SYSTEM_META } from '../platform/context.js';
import { inSystemTx } from '../platform/tx.js';
import type { Db, Tx } from './client.js';
import { SAMPLE_CATALOGUE } from './sample-catalogue.js';
import { campaignJurisdictions, campaignPhases, campaigns, catalogVersions, jobTypes, orgNodes } from './schema.js';

/** The jurisdiction that pilots online registration in the demo (the 2017 notice's 网上报名试点). */
export const DEMO_ONLINE_JURISDICTION = '洛阳市';

/** The sample catalogue (rules.md §10), created once. */
export async function ensureSampleCatalogue(tx: Tx, now: Date): Promise<typeof catalogVersions.$inferSelect> {
  const [existing] = await tx.select().from(catalogVersions).where(eq(catalogVersions.name, SAMPLE_CATALOGUE.name));
  if (existing) return existing;
  const [inserted] = await tx
    .insert(catalogVersions)
    .values({
      name: SAMPLE_CATALOGUE.name,
      title: SAMPLE_CATALOGUE.title,
      isSample: true,
      createdBy: null,
      createdAt: now,
      jobTypeCount: SAMPLE_CATALOGUE.jobTypes.length,
    })
    .returning();
  const version = inserted!;
  await tx.insert(jobTypes).values(SAMPLE_CATALOGUE.jobTypes.map((t) => ({ ...t, versionId: version.id })));
  const [province] = await tx.select().from(orgNodes).where(eq(orgNodes.kind, 'province'));
  await recordAudit(
    tx,
    null,
    SYSTEM_META,
    {
      entityType: 'catalog_version',
      entityId: version.id,
      orgNodeId: province?.id ?? null,
      orgPath: province?.path ?? null,
      action: 'catalog.seed',
      summary: `初始化示例工种目录「${version.name}」，共 ${version.jobTypeCount} 个工种`,
    },
    now,
  );
  return version;
}

/**
 * The demo's campaign for the current Beijing year: a draft (the province admin opens it in the demo) whose
 * registration runs from a week ago to 60 days ahead, online registration on for 洛阳市 only. Idempotent: an
 * existing campaign of that year is left as it is.
 */
export async function seedDemoCampaign(db: Db, clock: Clock): Promise<{ created: boolean; campaignId: number }> {
  return inSystemTx(db, async (tx) => {
    const now = clock.now();
    const template = demoCampaignTemplate(chinaDate(now));
    const catalogue = await ensureSampleCatalogue(tx, now);
    const [existing] = await tx.select().from(campaigns).where(eq(campaigns.year, template.year));
    if (existing) return { created: false, campaignId: existing.id };
    const [campaign] = await tx
      .insert(campaigns)
      .values({
        year: template.year,
        name: template.name,
        noticeNumber: template.noticeNumber,
        noticeDate: template.noticeDate,
        catalogVersionId: catalogue.id,
        eligibilitySettings: template.eligibilitySettings,
        examSettings: template.examSettings,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await tx.insert(campaignPhases).values(template.phases.map((p) => ({ ...p, campaignId: campaign!.id })));
    const [pilot] = await tx
      .select()
      .from(orgNodes)
      .where(and(eq(orgNodes.kind, 'jurisdiction'), eq(orgNodes.name, DEMO_ONLINE_JURISDICTION)));
    if (pilot) {
      await tx
        .insert(campaignJurisdictions)
        .values({ campaignId: campaign!.id, jurisdictionId: pilot.id, onlineRegistration: true });
    }
    const [province] = await tx.select().from(orgNodes).where(eq(orgNodes.kind, 'province'));
    await recordAudit(
      tx,
      null,
      SYSTEM_META,
      {
        entityType: 'campaign',
        entityId: campaign!.id,
        orgNodeId: province?.id ?? null,
        orgPath: province?.path ?? null,
        action: 'campaign.seed',
        summary: `初始化演示考核年度「${campaign!.name}」（网上报名试点：${DEMO_ONLINE_JURISDICTION}）`,
        after: { year: campaign!.year, status: campaign!.status, phases: template.phases },
      },
      now,
    );
    return { created: true, campaignId: campaign!.id };
  });
}
