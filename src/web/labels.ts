import { CAMPAIGN_STATUS_LABELS as DOMAIN_CAMPAIGN_STATUS_LABELS } from '../domain/timetable';
import type {
  ApplicationFileKind,
  ApplicationSource,
  ApplicationStatus,
  CampaignPhaseKey,
  CampaignStatus,
  JurisdictionType,
  OrgKind,
  Role,
} from './api/types';

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

/** The timetable's phases (rules.md §8), in order. */
export const PHASE_LABELS: Record<CampaignPhaseKey, string> = {
  registration: '单位报名和资格初审',
  jurisdiction_review: '市县资格审查',
  province_review: '省级审查汇总',
  training: '培训',
  exam: '人机对话考试',
  grade1_evaluation: '一级考评',
};
export const PHASE_ORDER = Object.keys(PHASE_LABELS) as CampaignPhaseKey[];

/** The domain's table (src/domain/timetable.ts), shared with the audit log's labels. */
export const CAMPAIGN_STATUS_LABELS: Record<CampaignStatus, string> = DOMAIN_CAMPAIGN_STATUS_LABELS;
export const CAMPAIGN_STATUS_COLORS: Record<CampaignStatus, string> = {
  draft: 'default',
  open: 'green',
  closed: 'purple',
};

export const APPLICATION_STATUS_LABELS: Record<ApplicationStatus, string> = {
  draft: '草稿',
  awaiting_unit: '待单位确认',
  submitted: '已提交',
  unit_approved: '单位已审核',
  department_approved: '主管部门已审核',
  jurisdiction_approved: '市县已审查',
  province_confirmed: '省级已确认',
  returned: '已退回',
  rejected: '未通过',
};
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

export const SOURCE_LABELS: Record<ApplicationSource, string> = {
  unit: '单位录入',
  import: '批量导入',
  online: '网上报名',
};

export const VERDICT_COLORS = { eligible: 'green', ineligible: 'red', needs_review: 'orange' } as const;
export const VERDICT_SHORT = { eligible: '符合', ineligible: '不符合', needs_review: '须审核' } as const;

export const FILE_KIND_LABELS: Record<ApplicationFileKind, string> = {
  photo: '2寸免冠照片',
  grade_certificate: '现等级证书',
  graduation_certificate: '毕业证书',
  evidence: '其他证明材料',
};

export const SEX_LABELS = { male: '男', female: '女' } as const;
