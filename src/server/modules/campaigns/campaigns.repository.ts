import { and, asc, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { ResultTrack } from '../../../domain/result-tracks.js';
import { resultRows, type Tx } from '../../db/client.js';
import {
  campaignJurisdictions,
  campaignPhases,
  campaigns,
  campaignWindowExtensions,
  catalogVersions,
  orgNodes,
} from '../../db/schema.js';

export type CampaignRow = typeof campaigns.$inferSelect;
export type CampaignWithCatalog = CampaignRow & { catalogVersionName: string | null };
export type PhaseRow = typeof campaignPhases.$inferSelect;
export type ExtensionRow = typeof campaignWindowExtensions.$inferSelect;
export type CampaignPhaseName = PhaseRow['phase'];

const withCatalog = { ...getTableColumns(campaigns), catalogVersionName: catalogVersions.name };

export async function listCampaigns(tx: Tx): Promise<CampaignWithCatalog[]> {
  return tx
    .select(withCatalog)
    .from(campaigns)
    .leftJoin(catalogVersions, eq(catalogVersions.id, campaigns.catalogVersionId))
    .orderBy(desc(campaigns.year), desc(campaigns.id));
}

export async function findCampaign(tx: Tx, id: number): Promise<CampaignWithCatalog | null> {
  const rows = await tx
    .select(withCatalog)
    .from(campaigns)
    .leftJoin(catalogVersions, eq(catalogVersions.id, campaigns.catalogVersionId))
    .where(eq(campaigns.id, id));
  return rows[0] ?? null;
}

/** The campaign's own row, without its catalogue's name. */
export async function findCampaignRow(tx: Tx, id: number): Promise<CampaignRow | null> {
  const rows = await tx.select().from(campaigns).where(eq(campaigns.id, id));
  return rows[0] ?? null;
}

/** Locks the campaign row for the rest of the transaction (changes to one campaign run one after another). */
export async function lockCampaign(tx: Tx, id: number): Promise<CampaignRow | null> {
  const rows = await tx.select().from(campaigns).where(eq(campaigns.id, id)).for('update');
  return rows[0] ?? null;
}

export async function findCampaignByYear(tx: Tx, year: number): Promise<CampaignRow | null> {
  const rows = await tx.select().from(campaigns).where(eq(campaigns.year, year));
  return rows[0] ?? null;
}

export async function findOpenCampaign(tx: Tx): Promise<CampaignRow | null> {
  const rows = await tx.select().from(campaigns).where(eq(campaigns.status, 'open'));
  return rows[0] ?? null;
}

export async function insertCampaign(tx: Tx, values: typeof campaigns.$inferInsert): Promise<CampaignRow> {
  const [row] = await tx.insert(campaigns).values(values).returning();
  return row!;
}

export async function updateCampaign(
  tx: Tx,
  id: number,
  patch: Partial<Omit<typeof campaigns.$inferInsert, 'id' | 'createdAt'>>,
): Promise<CampaignRow | null> {
  const [row] = await tx.update(campaigns).set(patch).where(eq(campaigns.id, id)).returning();
  return row ?? null;
}

/**
 * What closing a campaign waits for: every result track that has candidates released (成绩发布, score_states per
 * track: a campaign without 一级 candidates waits for 五级至二级 alone), and no attempt still taking answers (an
 * attempt waiting or admitted with a subject not handed in). Read by the province, whose scope reaches every attempt.
 */
export async function closeReadiness(
  tx: Tx,
  id: number,
): Promise<{ tracks: { track: ResultTrack; releasedAt: Date | null; candidates: number }[]; openAttempts: number }> {
  // A track's candidates: confirmed applications of its grades, or anyone with a result of its grades.
  const trackOf = (column: string) => sql.raw(`(case when ${column} = 1 then 'grade1' else 'regular' end)`);
  const tracks = resultRows<{ track: ResultTrack; released_at: string | Date | null; candidates: number }>(
    await tx.execute(sql`
      select t.track, s.released_at,
        (select count(*)::int from applications a
          where a.campaign_id = ${id} and ${trackOf('a.applied_grade')} = t.track
            and (a.status = 'province_confirmed'
              or exists (select 1 from score_results r where r.application_id = a.id))) as candidates
      from (values ('regular'), ('grade1')) as t(track)
        left join score_states s on s.campaign_id = ${id} and s.track = t.track
      order by t.track desc`),
  );
  const rows = resultRows<{ open_attempts: number }>(
    await tx.execute(sql`
      select (select count(distinct a.id)::int from exam_attempts a join attempt_subjects t on t.attempt_id = a.id
          where a.campaign_id = ${id} and a.status in ('waiting', 'admitted') and t.submitted_at is null)
          as open_attempts`),
  );
  return {
    tracks: tracks.map((r) => ({
      track: r.track,
      releasedAt: r.released_at ? new Date(r.released_at) : null,
      candidates: Number(r.candidates),
    })),
    openAttempts: Number(rows[0]?.open_attempts ?? 0),
  };
}

/** A campaign's phase windows and per-jurisdiction extensions, in one statement (the review chain's deadlines). */
export async function findTimetable(
  tx: Tx,
  campaignId: number,
): Promise<{
  phases: Pick<PhaseRow, 'phase' | 'startsOn' | 'endsOn'>[];
  extensions: Pick<ExtensionRow, 'jurisdictionId' | 'phase' | 'endsOn'>[];
}> {
  const rows = resultRows<{
    jurisdiction_id: number | null;
    phase: CampaignPhaseName;
    starts_on: string | null;
    ends_on: string;
  }>(
    await tx.execute(sql`
      select null::int as jurisdiction_id, phase, starts_on::text as starts_on, ends_on::text as ends_on
        from campaign_phases where campaign_id = ${campaignId}
      union all
      select jurisdiction_id, phase, null, ends_on::text from campaign_window_extensions where campaign_id = ${campaignId}`),
  );
  return {
    phases: rows
      .filter((r) => r.jurisdiction_id === null)
      .map((r) => ({ phase: r.phase, startsOn: r.starts_on!, endsOn: r.ends_on })),
    extensions: rows
      .filter((r) => r.jurisdiction_id !== null)
      .map((r) => ({ jurisdictionId: r.jurisdiction_id!, phase: r.phase, endsOn: r.ends_on })),
  };
}

export async function findPhases(tx: Tx, campaignId: number): Promise<PhaseRow[]> {
  return tx.select().from(campaignPhases).where(eq(campaignPhases.campaignId, campaignId));
}

/** Writes the given phases' windows (insert or replace). */
export async function upsertPhases(
  tx: Tx,
  campaignId: number,
  phases: ReadonlyArray<Pick<PhaseRow, 'phase' | 'startsOn' | 'endsOn'>>,
): Promise<void> {
  for (const p of phases) {
    await tx
      .insert(campaignPhases)
      .values({ campaignId, ...p })
      .onConflictDoUpdate({
        target: [campaignPhases.campaignId, campaignPhases.phase],
        set: { startsOn: p.startsOn, endsOn: p.endsOn },
      });
  }
}

export async function findExtensions(tx: Tx, campaignId: number, jurisdictionId?: number): Promise<ExtensionRow[]> {
  const where =
    jurisdictionId === undefined
      ? eq(campaignWindowExtensions.campaignId, campaignId)
      : and(
          eq(campaignWindowExtensions.campaignId, campaignId),
          eq(campaignWindowExtensions.jurisdictionId, jurisdictionId),
        );
  return tx.select().from(campaignWindowExtensions).where(where);
}

export async function upsertExtension(tx: Tx, values: typeof campaignWindowExtensions.$inferInsert): Promise<void> {
  await tx
    .insert(campaignWindowExtensions)
    .values(values)
    .onConflictDoUpdate({
      target: [
        campaignWindowExtensions.campaignId,
        campaignWindowExtensions.jurisdictionId,
        campaignWindowExtensions.phase,
      ],
      set: { endsOn: values.endsOn, reason: values.reason, createdBy: values.createdBy, createdAt: values.createdAt },
    });
}

export interface JurisdictionSetting {
  jurisdictionId: number;
  name: string;
  path: string;
  onlineRegistration: boolean;
}

/** The jurisdictions the viewer can see (row-level security on org_nodes), with this campaign's switch. */
export async function listJurisdictionSettings(tx: Tx, campaignId: number): Promise<JurisdictionSetting[]> {
  const rows = await tx
    .select({
      jurisdictionId: orgNodes.id,
      name: orgNodes.name,
      path: orgNodes.path,
      onlineRegistration: campaignJurisdictions.onlineRegistration,
    })
    .from(orgNodes)
    .leftJoin(
      campaignJurisdictions,
      and(eq(campaignJurisdictions.jurisdictionId, orgNodes.id), eq(campaignJurisdictions.campaignId, campaignId)),
    )
    .where(eq(orgNodes.kind, 'jurisdiction'))
    .orderBy(asc(orgNodes.sortOrder), asc(orgNodes.id));
  return rows.map((r) => ({ ...r, onlineRegistration: r.onlineRegistration ?? false }));
}

export async function findOnlineRegistration(tx: Tx, campaignId: number, jurisdictionId: number): Promise<boolean> {
  const rows = await tx
    .select({ on: campaignJurisdictions.onlineRegistration })
    .from(campaignJurisdictions)
    .where(
      and(eq(campaignJurisdictions.campaignId, campaignId), eq(campaignJurisdictions.jurisdictionId, jurisdictionId)),
    );
  return rows[0]?.on ?? false;
}

export async function upsertOnlineRegistration(
  tx: Tx,
  campaignId: number,
  jurisdictionId: number,
  onlineRegistration: boolean,
): Promise<void> {
  await tx
    .insert(campaignJurisdictions)
    .values({ campaignId, jurisdictionId, onlineRegistration })
    .onConflictDoUpdate({
      target: [campaignJurisdictions.campaignId, campaignJurisdictions.jurisdictionId],
      set: { onlineRegistration },
    });
}

export async function findJurisdiction(tx: Tx, id: number): Promise<typeof orgNodes.$inferSelect | null> {
  const rows = await tx
    .select()
    .from(orgNodes)
    .where(and(eq(orgNodes.id, id), eq(orgNodes.kind, 'jurisdiction')));
  return rows[0] ?? null;
}
