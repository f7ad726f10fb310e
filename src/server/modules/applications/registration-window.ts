// The campaign and window checks the applications and registration modules need, in one place: a thin adapter
// over campaigns.service.ts (getOpenCampaign, assertRegistrationOpen, registrationWindowFor,
// onlineRegistrationFor), which decides with the domain's phaseWindow / isWithinWindow (domain/timetable.ts).

import { isWithinWindow } from '../../../domain/timetable.js';
import type { Tx } from '../../db/client.js';
import {
  assertRegistrationOpen,
  type CampaignRow,
  findCampaignRow,
  getOpenCampaign,
  onlineRegistrationFor,
  registrationWindowFor,
} from '../campaigns/campaigns.service.js';

export type { CampaignRow };

export {
  assertRegistrationOpen,
  findCampaignRow as findCampaign,
  getOpenCampaign as findOpenCampaign,
  onlineRegistrationFor as onlineRegistrationOn,
};

/** Whether applications of this jurisdiction and grade may change today (for abilities; never throws). */
export async function registrationOpen(
  tx: Tx,
  campaign: CampaignRow,
  jurisdictionId: number,
  appliedGrade: number,
  today: string,
) {
  if (campaign.status !== 'open') return false;
  try {
    return isWithinWindow(await registrationWindowFor(tx, campaign.id, jurisdictionId, appliedGrade), today);
  } catch (error) {
    // A timetable without a registration phase: nothing may change.
    if (error instanceof RangeError) return false;
    throw error;
  }
}
