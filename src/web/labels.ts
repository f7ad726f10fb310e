import type { JurisdictionType, OrgKind, Role } from './api/types';

export const ROLE_LABELS: Record<Role, string> = {
  province_admin: '省工考办管理员',
  jurisdiction_admin: '市/县工考办管理员',
  department_reviewer: '主管部门审核员',
  unit_officer: '单位经办人',
  proctor: '监考员',
  applicant: '考生/申报人',
};

export function roleLabel(role: string | null | undefined): string {
  if (!role) return '—';
  return (ROLE_LABELS as Record<string, string>)[role] ?? role;
}

export const ORG_KIND_LABELS: Record<OrgKind, string> = {
  province: '省',
  jurisdiction: '辖区',
  department: '主管部门',
  unit: '单位',
};

/** The long form, for help text and tooltips. */
export const ORG_KIND_DESCRIPTIONS: Record<OrgKind, string> = {
  province: '省',
  jurisdiction: '省辖市/省直管县/省直单位/中央驻豫单位',
  department: '主管部门',
  unit: '单位',
};

export const JURISDICTION_TYPE_LABELS: Record<JurisdictionType, string> = {
  city: '省辖市',
  county: '省直管县',
  provincial_units: '省直单位',
  central_units: '中央驻豫单位',
};

export function orgKindLabel(kind: OrgKind, jurisdictionType?: JurisdictionType | null): string {
  if (kind === 'jurisdiction' && jurisdictionType) return JURISDICTION_TYPE_LABELS[jurisdictionType];
  return ORG_KIND_LABELS[kind];
}

/** What the `code` column means for a node of this kind. */
export function orgCodeLabel(kind: OrgKind): string {
  return kind === 'province' || kind === 'jurisdiction' ? '行政区划代码' : '统一社会信用代码';
}

/**
 * Which roles an account bound to a node of this kind may be created with (the brief's rule; the server
 * decides in the end). Applicants register themselves and province administrators are set up by script.
 */
export const CREATABLE_ROLES_BY_KIND: Record<OrgKind, readonly Role[]> = {
  province: ['proctor'],
  jurisdiction: ['jurisdiction_admin', 'proctor'],
  department: ['department_reviewer'],
  unit: ['unit_officer'],
};

export const ACCOUNT_ROLE_FILTER_OPTIONS: Role[] = [
  'province_admin',
  'jurisdiction_admin',
  'department_reviewer',
  'unit_officer',
  'proctor',
  'applicant',
];
