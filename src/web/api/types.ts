/** Shapes of the JSON the server answers with (the contract in the brief; ids are integers). */

import type { Appraisal, Education, Finding, LiveVerdict, RetirementGroup, Sex, Verdict } from '../self-check/model';

export type Role =
  | 'province_admin'
  | 'jurisdiction_admin'
  | 'department_reviewer'
  | 'unit_officer'
  | 'proctor'
  | 'applicant';

export type Permission =
  | 'org.read'
  | 'org.manage'
  | 'account.read'
  | 'account.manage'
  | 'audit.read'
  | 'catalog.manage'
  | 'campaign.read'
  | 'campaign.manage'
  | 'application.read'
  | 'application.manage'
  | 'application.self'
  | 'review.act'
  | 'statistics.read';

export type OrgKind = 'province' | 'jurisdiction' | 'department' | 'unit';

export type JurisdictionType = 'city' | 'county' | 'provincial_units' | 'central_units';

export interface ApiErrorBody {
  error: { code: string; message: string };
}

export interface Paged<T> {
  items: T[];
  total: number;
}

export interface DemoAccount {
  username: string;
  role: Role;
  label: string;
}

export interface PublicConfig {
  appName: string;
  version: string;
  demoMode: boolean;
  demoAccounts?: DemoAccount[];
}

export interface Me {
  username: string;
  displayName: string;
  role: Role;
  /** Null for applicants, who are bound to no org node. */
  orgNodeId: number | null;
  orgNodeName: string | null;
  mustChangePassword: boolean;
  permissions: string[];
  /** The account's own phone (an applicant's from sign-up); absent in a partial session. */
  phone?: string | null;
}

export interface LoginResponse extends Me {
  csrfToken: string;
}

export interface OrgAbilities {
  update: boolean;
  createChild: boolean;
  deactivate: boolean;
  import: boolean;
}

export interface OrgAncestor {
  id: number;
  name: string;
  kind: OrgKind;
}

/** A node as listed by GET /api/org/nodes. */
export interface OrgNodeSummary {
  id: number;
  parentId: number | null;
  kind: OrgKind;
  name: string;
  /** Region code for province/jurisdiction, 统一社会信用代码 for department/unit. */
  code: string | null;
  contactName: string | null;
  contactPhone: string | null;
  active: boolean;
  childCount: number;
  /** Not promised by the contract for list items; used when present. */
  jurisdictionType?: JurisdictionType | null;
  abilities?: OrgAbilities;
}

/** A node as answered by GET /api/org/nodes/:id. */
export interface OrgNode extends OrgNodeSummary {
  ancestors: OrgAncestor[];
  abilities: OrgAbilities;
}

export interface OrgNodeListParams {
  parentId?: number;
  kind?: OrgKind;
  q?: string;
  includeInactive?: boolean;
  page?: number;
  pageSize?: number;
}

export interface CreateOrgNodeBody {
  parentId: number;
  kind: 'department' | 'unit';
  name: string;
  code?: string;
  contactName?: string;
  contactPhone?: string;
}

export interface UpdateOrgNodeBody {
  name?: string;
  code?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
}

export type ImportMode = 'all_or_nothing' | 'good_rows';

export interface ImportRowError {
  row: number;
  column: string | null;
  message: string;
}

export interface ImportResult {
  total: number;
  imported: number;
  skipped: number;
  errors: ImportRowError[];
}

// The server's contract, imported as types only (nothing of the server reaches the bundle).
import type { Account } from '../../server/modules/accounts/accounts.schemas';

export type { Account, ResetPasswordResponse } from '../../server/modules/accounts/accounts.schemas';

export interface AccountListParams {
  orgNodeId?: number;
  role?: Role;
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface CreateAccountBody {
  username: string;
  displayName: string;
  role: Role;
  orgNodeId: number;
  phone?: string;
}

export interface CreateAccountResponse {
  account: Account;
  initialPassword: string;
}

export interface UpdateAccountBody {
  displayName?: string;
  active?: boolean;
  phone?: string;
}

export interface AuditEntry {
  id: number;
  createdAt: string;
  actorUsername: string | null;
  actorRole: string | null;
  orgNodeName: string | null;
  ip: string | null;
  userAgent: string | null;
  entityType: string;
  entityId: string | null;
  /** The object as people name it (2017年度考核, 申请：张伟（4101**********2016）, 账号 …), when known. */
  entityName: string | null;
  action: string;
  summary: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface AuditListParams {
  from?: string;
  to?: string;
  action?: string;
  entityType?: string;
  actor?: string;
  page?: number;
  pageSize?: number;
}

// ─── Registration (docs/api-registration.md): catalogue, campaigns, applications, online registration ──────

export interface CatalogVersion {
  id: number;
  /** 文号, e.g. 豫人社工考〔2014〕2号. */
  name: string;
  title: string;
  isSample: boolean;
  jobTypeCount: number;
  createdAt: string;
}

export interface JobType {
  id: number;
  code: string;
  name: string;
  category: string;
  /** Grades offered: 5 五级 … 1 一级. */
  grades: number[];
  localExam: boolean;
}

export interface JobTypeListParams {
  q?: string;
  category?: string;
  grade?: number;
  page?: number;
  pageSize?: number;
}

export interface JobTypePage extends Paged<JobType> {
  categories: string[];
}

export interface CatalogImportResult {
  version?: CatalogVersion;
  total: number;
  imported: number;
  errors: ImportRowError[];
}

export type CampaignStatus = 'draft' | 'open' | 'closed';

export type CampaignPhaseKey =
  | 'registration'
  | 'jurisdiction_review'
  | 'province_review'
  | 'training'
  | 'exam'
  | 'grade1_evaluation';

export interface CampaignSummary {
  id: number;
  year: number;
  name: string;
  noticeNumber: string;
  noticeDate: string;
  status: CampaignStatus;
  catalogVersionId: number;
  catalogVersionName: string | null;
}

export interface EligibilitySettings {
  workYearsCutoffYear: number;
  gradeObtainedByYear: number;
  /** 'YYYY-MM-DD' (转正定级 by, for 五级). */
  regularizedBy: string;
}

export interface ExamSubject {
  code: string;
  name: string;
  fullScore: number;
  passScore: number;
  durationMinutes: number;
  singleChoice: number;
  multipleChoice: number;
}

export interface ExamSettings {
  subjects: ExamSubject[];
  lateEntryMinutes: number;
  earliestHandInMinutes: number;
}

export interface CampaignPhase {
  phase: CampaignPhaseKey;
  label: string;
  startsOn: string;
  endsOn: string;
}

export interface WindowExtension {
  phase: CampaignPhaseKey;
  endsOn: string;
  reason: string;
}

export interface CampaignJurisdiction {
  jurisdictionId: number;
  name: string;
  onlineRegistration: boolean;
  extensions: WindowExtension[];
}

export interface Campaign extends CampaignSummary {
  eligibilitySettings: EligibilitySettings;
  examSettings: ExamSettings;
  phases: CampaignPhase[];
  jurisdictions: CampaignJurisdiction[];
  /** Today in Beijing ('YYYY-MM-DD'), from the server's clock. */
  today: string;
  abilities: { update: boolean; open: boolean; close: boolean };
}

/** GET /api/campaigns/template: a Campaign-shaped draft (no id yet; the newest catalogue, if any). */
export type CampaignTemplate = Omit<Campaign, 'id' | 'abilities' | 'catalogVersionId' | 'catalogVersionName'> & {
  id: number | null;
  catalogVersionId: number | null;
  catalogVersionName: string | null;
  abilities?: Campaign['abilities'];
};

export interface CampaignBody {
  year?: number;
  name?: string;
  noticeNumber?: string;
  noticeDate?: string;
  catalogVersionId?: number;
  eligibilitySettings?: EligibilitySettings;
  examSettings?: ExamSettings;
  phases?: { phase: CampaignPhaseKey; startsOn: string; endsOn: string }[];
}

export interface ExtensionBody {
  jurisdictionId: number;
  phase: CampaignPhaseKey;
  endsOn: string;
  reason: string;
}

export type ApplicationStatus =
  | 'draft'
  | 'awaiting_unit'
  | 'submitted'
  | 'unit_approved'
  | 'department_approved'
  | 'jurisdiction_approved'
  | 'province_confirmed'
  | 'returned'
  | 'rejected';

export type ApplicationSource = 'unit' | 'import' | 'online';

export type ApplicationFileKind = 'photo' | 'grade_certificate' | 'graduation_certificate' | 'evidence';

export interface ApplicationFile {
  id: number;
  kind: ApplicationFileKind;
  fileName: string;
  mime: string;
  size: number;
  width: number | null;
  height: number | null;
}

/** The fields a person types (sex, birth date and work years are derived on the server). */
export interface ApplicationInput {
  idNumber: string;
  name: string;
  education: Education;
  workStartMonth: string;
  regularizedMonth?: string | null;
  currentJobType?: string | null;
  currentGrade: 5 | 4 | 3 | 2 | null;
  currentGradeMonth?: string | null;
  currentGradeJobType?: string | null;
  yearsInCurrentJobType?: number | null;
  appliedJobTypeId: number;
  appliedGrade: 5 | 4 | 3 | 2 | 1;
  retirementGroup?: RetirementGroup;
  vehicleReformTransfer?: boolean;
  exceptionalPromotion?: boolean;
  evidenceNote?: string | null;
  appointedToGrade2Post?: boolean;
  appraisals?: Appraisal[] | null;
  waiverAward?: boolean;
  phone?: string | null;
  remarks?: string | null;
}

export interface Application {
  id: number;
  campaignId: number;
  unitId: number;
  unitName: string;
  departmentName: string;
  jurisdictionName: string;
  source: ApplicationSource;
  status: ApplicationStatus;
  idNumber: string;
  name: string;
  sex: Sex;
  birthDate: string;
  birthMonth: string;
  education: Education;
  workStartMonth: string;
  workYears: number;
  regularizedMonth: string | null;
  currentJobType: string | null;
  currentGrade: 5 | 4 | 3 | 2 | null;
  currentGradeMonth: string | null;
  currentGradeJobType: string | null;
  yearsInCurrentJobType: number | null;
  appliedJobTypeId: number;
  appliedJobType: string;
  appliedJobTypeCategory: string | null;
  appliedGrade: 5 | 4 | 3 | 2 | 1;
  retirementGroup: RetirementGroup;
  vehicleReformTransfer: boolean;
  exceptionalPromotion: boolean;
  evidenceNote: string | null;
  appointedToGrade2Post: boolean;
  appraisals: Appraisal[] | null;
  waiverAward: boolean;
  phone: string | null;
  remarks: string | null;
  verdict: Verdict;
  findings: Finding[];
  statutoryRetirementDate: string | null;
  submittedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  files: ApplicationFile[];
  abilities: { edit: boolean; submit: boolean; confirm: boolean; delete: boolean };
}

export interface ApplicationListItem {
  id: number;
  name: string;
  idNumber: string;
  sex: Sex;
  unitName: string;
  appliedJobType: string;
  appliedGrade: 5 | 4 | 3 | 2 | 1;
  verdict: Verdict;
  status: ApplicationStatus;
  source: ApplicationSource;
  updatedAt: string;
}

export type ApplicationSort = 'createdAt' | 'name' | 'appliedGrade' | 'verdict' | 'status' | 'unitName';

export interface ApplicationListParams {
  campaignId?: number;
  unitId?: number;
  jobTypeId?: number;
  grade?: number;
  verdict?: Verdict;
  status?: ApplicationStatus;
  q?: string;
  sort?: ApplicationSort;
  order?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}

export interface EvaluateResponse {
  verdict: LiveVerdict;
  /** Required fields still empty (contract names, form order); non-empty exactly when the verdict is 'incomplete'. */
  missing: string[];
  eligible: boolean;
  findings: Finding[];
  statutoryRetirementDate: string | null;
  workYears: number | null;
  sex: Sex | null;
  birthDate: string | null;
}

export type CreateApplicationBody = { campaignId: number; unitId: number; submit?: boolean } & ApplicationInput;

export type MyApplicationBody = { unitId: number; submit?: boolean } & Omit<ApplicationInput, 'idNumber' | 'name'>;

/** What a job that produced a file reports (batch print, export); the file is at GET /api/jobs/:id/file. */
export interface JobFileResult {
  fileName: string;
  size: number;
  count: number;
}

export interface ImportJobResult {
  total: number;
  imported: number;
  errors: ImportRowError[];
}

export interface BackgroundJob<R = ImportJobResult> {
  id: string;
  kind: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  result: R | null;
  /** Why a failed job failed (Chinese); beyond the contract's text. */
  message?: string | null;
  createdAt?: string;
  updatedAt?: string;
}

/** What any bulk action answers: how many matched and succeeded, and each skipped one with the server's reason. */
export interface BulkOutcome {
  matched: number;
  succeeded: number;
  skipped: { id: number; name: string; code: string; message: string }[];
}

/** 批量提交: ticked ids, or all the unit's drafts matching the list's filters. */
export interface BulkSubmitBody {
  campaignId: number;
  ids?: number[];
  filter?: { unitId?: number; jobTypeId?: number; grade?: number; verdict?: Verdict; q?: string };
}

/** The list's filters as the body of an export or batch-print job. */
export type OutputFilterBody = Omit<ApplicationListParams, 'page' | 'pageSize' | 'campaignId'> & { campaignId: number };

export interface RegistrationUnit {
  id: number;
  name: string;
  departmentName: string;
  jurisdictionName: string;
}

export interface SignUpBody {
  idNumber: string;
  name: string;
  phone: string;
  password: string;
}
