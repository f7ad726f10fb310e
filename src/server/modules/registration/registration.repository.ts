import { and, asc, eq, ilike, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { containsPattern, type Tx } from '../../db/client.js';
import { accounts, campaignJurisdictions, orgNodes } from '../../db/schema.js';

const unit = alias(orgNodes, 'unit');
const department = alias(orgNodes, 'department');
const jurisdiction = alias(orgNodes, 'jurisdiction');

/** Active units in the jurisdictions where the campaign has online registration on (run as the system). */
export async function listOnlineUnits(tx: Tx, campaignId: number, q: string | undefined, limit: number) {
  const conditions = [
    eq(unit.kind, 'unit'),
    eq(unit.active, true),
    eq(department.active, true),
    eq(campaignJurisdictions.onlineRegistration, true),
  ];
  if (q) conditions.push(ilike(unit.name, containsPattern(q)));
  return tx
    .select({
      id: unit.id,
      name: unit.name,
      departmentName: department.name,
      jurisdictionName: jurisdiction.name,
    })
    .from(unit)
    .innerJoin(department, eq(department.id, unit.parentId))
    .innerJoin(jurisdiction, eq(jurisdiction.id, department.parentId))
    .innerJoin(
      campaignJurisdictions,
      and(eq(campaignJurisdictions.jurisdictionId, jurisdiction.id), eq(campaignJurisdictions.campaignId, campaignId)),
    )
    .where(and(...conditions))
    .orderBy(asc(jurisdiction.sortOrder), asc(jurisdiction.id), asc(unit.name), asc(unit.id))
    .limit(limit);
}

/** The jurisdictions where the campaign has online registration on, in the province's order (as the system). */
export async function listOnlineJurisdictions(tx: Tx, campaignId: number) {
  return tx
    .select({ id: jurisdiction.id, name: jurisdiction.name })
    .from(campaignJurisdictions)
    .innerJoin(jurisdiction, eq(jurisdiction.id, campaignJurisdictions.jurisdictionId))
    .where(and(eq(campaignJurisdictions.campaignId, campaignId), eq(campaignJurisdictions.onlineRegistration, true)))
    .orderBy(asc(jurisdiction.sortOrder), asc(jurisdiction.id));
}

export async function usernameTaken(tx: Tx, username: string): Promise<boolean> {
  const rows = await tx
    .select({ id: accounts.id })
    .from(accounts)
    .where(eq(sql`lower(${accounts.username})`, username.toLowerCase()));
  return rows.length > 0;
}

export async function insertApplicantAccount(tx: Tx, values: typeof accounts.$inferInsert): Promise<number> {
  const [row] = await tx.insert(accounts).values(values).returning({ id: accounts.id });
  return row!.id;
}

/**
 * Binds an applicant's account to the unit they registered with (run as the system; an applicant cannot change
 * their own account). The unit's jurisdiction office is then their helpdesk (unlock, reset code); the binding
 * never widens what the applicant sees (gk_applicant has no subtree).
 */
export async function bindApplicantToUnit(tx: Tx, accountId: number, unitId: number, unitPath: string) {
  await tx
    .update(accounts)
    .set({ orgNodeId: unitId, orgPath: unitPath })
    .where(and(eq(accounts.id, accountId), eq(accounts.role, 'applicant')));
}
