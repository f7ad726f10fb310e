import { sql } from 'drizzle-orm';
import { resultRows, type Tx } from '../../db/client.js';

/**
 * The archives' own reads, in the caller's scoped transaction (row-level security on applications and seats decides
 * the reach; the explicit path condition lets the planner use applications_campaign_org_path_idx).
 */

export interface ArchiveCandidate {
  applicationId: number;
  campaignId: number;
  name: string;
  idNumber: string;
  orgPath: string;
  unitName: string;
  appliedJobType: string;
  appliedGrade: number;
  /** The candidate's (first) 准考证号; null when never seated. */
  ticketNumber: string | null;
}

type Raw = {
  application_id: number;
  campaign_id: number;
  name: string;
  id_number: string;
  org_path: string;
  unit_name: string;
  job_type: string;
  applied_grade: number;
  ticket_number: string | null;
};

const candidateOf = (r: Raw): ArchiveCandidate => ({
  applicationId: Number(r.application_id),
  campaignId: Number(r.campaign_id),
  name: r.name,
  idNumber: r.id_number,
  orgPath: r.org_path,
  unitName: r.unit_name,
  appliedJobType: r.job_type,
  appliedGrade: Number(r.applied_grade),
  ticketNumber: r.ticket_number,
});

const select = sql`
  select a.id as application_id, a.campaign_id, a.name, a.id_number, a.org_path, u.name as unit_name,
    j.name as job_type, a.applied_grade,
    (select min(s.ticket_number) from seat_assignments s where s.application_id = a.id) as ticket_number
  from applications a
  join org_nodes u on u.id = a.unit_id
  join job_types j on j.id = a.applied_job_type_id`;

/** Candidates (applications the province confirmed) of a campaign under a node's path, by ticket number then name. */
export async function listCandidates(tx: Tx, campaignId: number, path: string): Promise<ArchiveCandidate[]> {
  const rows = resultRows<Raw>(
    await tx.execute(sql`${select}
      where a.campaign_id = ${campaignId} and starts_with(a.org_path, ${path}) and a.status = 'province_confirmed'
      order by ticket_number nulls last, a.name, a.id`),
  );
  return rows.map(candidateOf);
}

/** One application as the archive names it, if the caller reaches it. */
export async function findCandidate(tx: Tx, applicationId: number): Promise<ArchiveCandidate | null> {
  const rows = resultRows<Raw>(await tx.execute(sql`${select} where a.id = ${applicationId}`));
  return rows[0] ? candidateOf(rows[0]) : null;
}
