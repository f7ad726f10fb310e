// The public API of the domain: pure rules, no I/O. The server and the web import from here.

export {
  addMonths,
  compareIso,
  daysInMonth,
  formatIsoDate,
  formatIsoMonth,
  isIsoDate,
  isIsoMonth,
  isLeapYear,
  parseIsoDate,
  parseIsoMonth,
} from './calendar.js';
export {
  type CreditCodeResult,
  makeCreditCode,
  normalizeCreditCode,
  validateCreditCode,
} from './credit-code.js';
export {
  APPRAISAL_LABELS,
  APPRAISAL_RESULTS,
  type AppliedGrade,
  type Appraisal,
  assessEligibility,
  type CampaignRules,
  checkEligibility,
  countWorkYears,
  type DraftEligibilityInput,
  EDUCATION_LABELS,
  EDUCATION_LEVELS,
  type Education,
  type EligibilityAssessment,
  type EligibilityInput,
  type EligibilityOutcome,
  type EligibilityResult,
  type EligibilitySettings,
  type EligibilityVerdict,
  GRADE_LABELS,
  type HeldGrade,
  isVehicleJobType,
  missingFields,
  resolveCampaignRules,
} from './eligibility.js';
export {
  FINDING_CODES,
  FINDING_FIELDS,
  type Finding,
  type FindingCode,
  type FindingField,
  makeFinding,
  type Severity,
  type Verdict,
  verdictOf,
} from './findings.js';
export {
  HENAN_PROVINCE_CODE,
  type IdCardInfo,
  type IdCardResult,
  idCheckCharacter,
  makeIdNumber,
  normalizeIdNumber,
  PROVINCE_CODES,
  parseIdCard,
  type Sex,
} from './id-card.js';
export {
  checkPassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  type PasswordCheck,
  type PasswordContext,
} from './password-policy.js';
export {
  formatRetirementAge,
  type RetirementGroup,
  type RetirementSchedule,
  retirementSchedule,
  type StatutoryRetirement,
  statutoryRetirement,
} from './retirement.js';
