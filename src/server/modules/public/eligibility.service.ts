import type { z } from 'zod';
import { assessEligibility } from '../../../domain/index.js';
import type { AppDeps } from '../../deps.js';
import { chinaDate } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import type { eligibilityCheckBody } from './eligibility.schemas.js';

/**
 * The public self-check: the same rules the application form and the reviewers use, for anyone, without
 * storing anything; a form with required fields still empty is answered 'incomplete'. Until campaigns exist the year defaults to the current (Beijing) year.
 */
export function runSelfCheck(deps: AppDeps, input: z.infer<typeof eligibilityCheckBody>) {
  const today = chinaDate(deps.clock.now());
  const campaignYear = input.campaignYear ?? Number(today.slice(0, 4));
  if (
    input.cutoffDate &&
    !input.cutoffDate.startsWith(`${campaignYear - 1}`) &&
    !input.cutoffDate.startsWith(`${campaignYear}`)
  ) {
    throw new AppError('VALIDATION_FAILED', '字段「cutoffDate」：通知日期应在考核年度或其前一年');
  }
  let result: ReturnType<typeof assessEligibility>;
  try {
    result = assessEligibility({ ...input, campaignYear }, today);
  } catch (error) {
    // The domain throws RangeError only for settings that are not real dates or years.
    if (error instanceof RangeError) throw new AppError('VALIDATION_FAILED', '考核年度或通知日期不是有效日期');
    throw error;
  }
  return {
    verdict: result.verdict,
    missing: result.missing,
    eligible: result.eligible,
    statutoryRetirementDate: result.statutoryRetirementDate ?? null,
    statutoryRetirementMonth: result.statutoryRetirementMonth ?? null,
    workYears: result.workYears ?? null,
    campaignYear,
    findings: result.findings,
  };
}
