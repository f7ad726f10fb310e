/**
 * The words the pages show for coded values: the domain's tables (src/domain, pure, shared with the server's
 * sheets and the audit log), plus what is the web's own (tag colours, the long help texts).
 */
import { DIFFICULTY_LABELS as DIFFICULTY_WORDS } from '../domain/items';
import { JURISDICTION_TYPE_LABELS, ORG_KIND_LABELS } from '../domain/labels';
import { STATUS_LABELS } from '../domain/review';
import { ROLE_LABELS, ROLES, ROLES_BY_NODE_KIND } from '../domain/roles';
import { PHASES } from '../domain/timetable';
import type { ApplicationStatus, CampaignStatus, CreateAccountBody, JurisdictionType, OrgKind } from './api/types';

export {
  FILE_KIND_LABELS,
  JURISDICTION_TYPE_LABELS,
  ORG_KIND_LABELS,
  SOURCE_LABELS,
  VERDICT_LABELS as VERDICT_SHORT,
} from '../domain/labels';
export { ROLE_LABELS } from '../domain/roles';
export { CAMPAIGN_STATUS_LABELS, PHASE_LABELS } from '../domain/timetable';

export function roleLabel(role: string | null | undefined): string {
  if (!role) return '—';
  return (ROLE_LABELS as Record<string, string>)[role] ?? role;
}

/** The long form, for help text and tooltips. */
export const ORG_KIND_DESCRIPTIONS: Record<OrgKind, string> = {
  province: '省',
  jurisdiction: '省辖市/省直管县/省直单位/中央驻豫单位',
  department: '主管部门',
  unit: '单位',
};

export function orgKindLabel(kind: OrgKind, jurisdictionType?: JurisdictionType | null): string {
  if (kind === 'jurisdiction' && jurisdictionType) return JURISDICTION_TYPE_LABELS[jurisdictionType];
  return ORG_KIND_LABELS[kind];
}

/** What the `code` column means for a node of this kind. */
export function orgCodeLabel(kind: OrgKind): string {
  return kind === 'province' || kind === 'jurisdiction' ? '行政区划代码' : '统一社会信用代码';
}

type CreatableRole = CreateAccountBody['role'];
/** Applicants register themselves and province administrators are set up by script: the contract's roles. */
const CREATABLE: Readonly<Record<CreatableRole, true>> = {
  jurisdiction_admin: true,
  department_reviewer: true,
  unit_officer: true,
  proctor: true,
  bank_manager: true,
  centre_manager: true,
};
const isCreatable = (role: string): role is CreatableRole => role in CREATABLE;

/**
 * Which roles an account bound to a node of this kind may be created with: the domain's table, less the roles
 * nobody creates here (the server decides in the end).
 */
export const CREATABLE_ROLES_BY_KIND: Record<OrgKind, readonly CreatableRole[]> = {
  province: ROLES_BY_NODE_KIND.province.filter(isCreatable),
  jurisdiction: ROLES_BY_NODE_KIND.jurisdiction.filter(isCreatable),
  department: ROLES_BY_NODE_KIND.department.filter(isCreatable),
  unit: ROLES_BY_NODE_KIND.unit.filter(isCreatable),
};

export const ACCOUNT_ROLE_FILTER_OPTIONS = ROLES;

/** The timetable's phases (rules.md §8), in order. */
export const PHASE_ORDER = PHASES;

export const CAMPAIGN_STATUS_COLORS: Record<CampaignStatus, string> = {
  draft: 'default',
  open: 'green',
  closed: 'purple',
};

/** The review chain's words for an application's status (src/domain/review.ts). */
export const APPLICATION_STATUS_LABELS: Readonly<Record<ApplicationStatus, string>> = STATUS_LABELS;
export const APPLICATION_STATUS_COLORS: Record<ApplicationStatus, string> = {
  draft: 'default',
  awaiting_unit: 'orange',
  submitted: 'blue',
  unit_approved: 'cyan',
  department_approved: 'cyan',
  jurisdiction_approved: 'geekblue',
  province_confirmed: 'green',
  returned: 'gold',
  rejected: 'red',
};

export const VERDICT_COLORS = { eligible: 'green', ineligible: 'red', needs_review: 'orange' } as const;

export const SEX_LABELS = { male: '男', female: '女' } as const;

/** The question banks' words (src/domain/items.ts) and the web's colours for an item's status. */
export {
  DIFFICULTY_LABELS,
  ITEM_STATUS_LABELS,
  ITEM_TYPE_LABELS,
  SUBJECT_LABELS,
  TRUE_FALSE_LABELS,
} from '../domain/items';
export const ITEM_STATUS_COLORS = { draft: 'default', approved: 'green', retired: 'red' } as const;

/** A difficulty in words: 3（中等）. */
export function difficultyLabel(value: number): string {
  const word = (DIFFICULTY_WORDS as Record<number, string>)[value];
  return word ? `${value}（${word}）` : String(value);
}
