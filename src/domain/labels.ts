// Words for coded values that the server (audit log, sheets) and the web (tags, filters) both show: one table each.

import type { Verdict } from './findings.js';
import type { RetirementGroup } from './retirement.js';

/** The four levels of the org tree. */
export const ORG_KINDS = ['province', 'jurisdiction', 'department', 'unit'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const ORG_KIND_LABELS: Readonly<Record<OrgKind, string>> = {
  province: '省',
  jurisdiction: '辖区',
  department: '主管部门',
  unit: '单位',
};

/** What kind of jurisdiction (辖区) a node is. */
export const JURISDICTION_TYPES = ['city', 'county', 'provincial_units', 'central_units'] as const;
export type JurisdictionType = (typeof JURISDICTION_TYPES)[number];

export const JURISDICTION_TYPE_LABELS: Readonly<Record<JurisdictionType, string>> = {
  city: '省辖市',
  county: '省直管县',
  provincial_units: '省直单位',
  central_units: '中央驻豫单位',
};

/** How an application came in. */
export const APPLICATION_SOURCES = ['unit', 'import', 'online'] as const;
export type ApplicationSource = (typeof APPLICATION_SOURCES)[number];

export const SOURCE_LABELS: Readonly<Record<ApplicationSource, string>> = {
  unit: '单位录入',
  import: '批量导入',
  online: '网上报名',
};

/** The system's eligibility verdict, in short (tags, filters, summaries). */
export const VERDICTS = ['eligible', 'needs_review', 'ineligible'] as const satisfies readonly Verdict[];
export const VERDICT_LABELS: Readonly<Record<Verdict, string>> = {
  eligible: '符合',
  ineligible: '不符合',
  needs_review: '须审核',
};

/** The verdict in full, where it stands alone (sheets, exports, a reviewer's message). */
export const VERDICT_LONG_LABELS: Readonly<Record<Verdict, string>> = {
  eligible: '符合条件',
  needs_review: '需人工核实',
  ineligible: '不符合条件',
};

/** The files attached to an application. */
export const APPLICATION_FILE_KINDS = [
  'photo',
  'grade_certificate',
  'graduation_certificate',
  'evidence',
  // 一级 (豫人社办〔2021〕27号): a 年度考核登记表 per appraisal year, and the award (or patent) documents.
  'appraisal_form',
  'award_certificate',
] as const;
export type ApplicationFileKind = (typeof APPLICATION_FILE_KINDS)[number];
export const FILE_KIND_LABELS: Readonly<Record<ApplicationFileKind, string>> = {
  photo: '2寸免冠照片',
  grade_certificate: '现等级证书',
  graduation_certificate: '毕业证书',
  evidence: '其他证明材料',
  appraisal_form: '年度考核登记表',
  award_certificate: '获奖证书/专利证书',
};

/** A 汇总上报 batch's status. */
export const BATCH_STATUSES = ['submitted', 'returned'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];
export const BATCH_STATUS_LABELS: Readonly<Record<BatchStatus, string>> = {
  submitted: '已上报',
  returned: '已整批退回',
};

export const RETIREMENT_GROUP_LABELS: Readonly<Record<RetirementGroup, string>> = {
  worker: '50岁（工人）',
  cadre: '55岁（干部）',
};
