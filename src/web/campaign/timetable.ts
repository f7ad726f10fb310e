import type { CampaignJurisdiction, CampaignPhase, CampaignPhaseKey } from '../api/types';

/** Dates are Beijing 'YYYY-MM-DD' strings, so they compare as text. */
export function phaseState(phase: Pick<CampaignPhase, 'startsOn' | 'endsOn'>, today: string) {
  if (today < phase.startsOn) return 'upcoming' as const;
  if (today > phase.endsOn) return 'past' as const;
  return 'current' as const;
}

/** The phases under way today (windows overlap: 市县审查 and 省级审查 share the second half of March). */
export function currentPhases(phases: readonly CampaignPhase[], today: string): CampaignPhase[] {
  return phases.filter((p) => phaseState(p, today) === 'current');
}

/** The next phase to begin after today, if any. */
export function nextPhase(phases: readonly CampaignPhase[], today: string): CampaignPhase | undefined {
  return [...phases].filter((p) => p.startsOn > today).sort((a, b) => a.startsOn.localeCompare(b.startsOn))[0];
}

/** A jurisdiction's own end of a phase (its extension, when later than the campaign's). */
export function effectiveEnd(phase: CampaignPhase, jurisdiction: CampaignJurisdiction | undefined): string {
  const ext = jurisdiction?.extensions.find((e) => e.phase === phase.phase);
  return ext && ext.endsOn > phase.endsOn ? ext.endsOn : phase.endsOn;
}

export function phaseByKey(phases: readonly CampaignPhase[], key: CampaignPhaseKey): CampaignPhase | undefined {
  return phases.find((p) => p.phase === key);
}
