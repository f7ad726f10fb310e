/**
 * The shapes of the API: the server's contracts (its modules' `*.schemas.ts`), imported with `import type` so
 * that nothing of the server reaches the bundle, and re-exported here so the pages import from one place.
 * Roles, permissions, statuses and the other enums are the domain's (src/domain). Only what is the web's own
 * (a type of its own making, not a shape of the wire) is declared here.
 */

import type { ImportJobResult, Job } from '../../server/modules/jobs/jobs.schemas';

export type { ApplicationStatus } from '../../domain/review';
export type { Permission, Role } from '../../domain/roles';
export type { Phase as CampaignPhaseKey } from '../../domain/timetable';
export type {
  Account,
  AccountListQuery,
  AccountListResponse,
  CreateAccountBody,
  CreateAccountResponse,
  ResetPasswordResponse,
  UpdateAccountBody,
} from '../../server/modules/accounts/accounts.schemas';
export type {
  Application,
  ApplicationFile,
  ApplicationFileKind,
  ApplicationInputBody,
  ApplicationListItem,
  ApplicationListQuery,
  ApplicationListResponse,
  ApplicationSource,
  BatchPrintBody,
  BulkSubmitBody,
  BulkSubmitResponse,
  CreateApplicationBody,
  EvaluateBody,
  EvaluateResponse,
  OutputFilterBody,
  UpdateApplicationBody,
} from '../../server/modules/applications/applications.schemas';
export type { AuditEntry, AuditListQuery, AuditListResponse } from '../../server/modules/audit/audit.schemas';
export type {
  LoginResponse,
  Me,
  RedeemResetCodeBody,
  SessionResponse,
} from '../../server/modules/auth/auth.schemas';
export type { BankExportBody, BankImportMode } from '../../server/modules/banks/banks.excel.schemas';
export type {
  BankQueueItem,
  BankQueueQuery,
  BankQueueResponse,
  BulkApproveBody,
  BulkApproveResponse,
} from '../../server/modules/banks/banks.queue.schemas';
export type {
  Bank,
  BankItemChange,
  BankItemContent,
  BankItemListQuery,
  BankItemMeta,
  BankItemPage,
  BankItemVersions,
  BanksResponse,
  CreateBankBody,
  ItemContentBody,
  UpdateBankBody,
  UpdateItemBody,
} from '../../server/modules/banks/banks.schemas';
export type {
  Campaign,
  CampaignJurisdiction,
  CampaignListResponse,
  CampaignPhase,
  CampaignStatus,
  CampaignSummary,
  CampaignTemplate,
  CreateCampaignBody,
  EligibilitySettings,
  ExamSettings,
  ExamSubject,
  ExtensionBody,
  UpdateCampaignBody,
  WindowExtension,
} from '../../server/modules/campaigns/campaigns.schemas';
export type {
  CatalogImportResult,
  CatalogVersion,
  CatalogVersionsResponse,
  JobType,
  JobTypeListQuery,
  JobTypePage,
} from '../../server/modules/catalog/catalog.schemas';
export type {
  BankImportJobResult,
  ImportJobResult,
  JobFileResult,
  JobStarted,
} from '../../server/modules/jobs/jobs.schemas';
export type {
  CreateOrgNodeBody,
  ImportMode,
  ImportRowError,
  JurisdictionType,
  OrgAbilities,
  OrgAncestor,
  OrgImportResult,
  OrgKind,
  OrgNode,
  OrgNodeListQuery,
  OrgNodeListResponse,
  OrgNodeSummary,
  UpdateOrgNodeBody,
} from '../../server/modules/org/org.schemas';
export type {
  MyCreateBody,
  MyUpdateBody,
  RegionsResponse,
  RegistrationUnit,
  RegistrationUnitsResponse,
  SignUpBody,
  SignUpResponse,
} from '../../server/modules/registration/registration.schemas';
export type { DemoAccount, PublicConfig } from '../../server/modules/system/system.schemas';

import type { ApplicationListQuery } from '../../server/modules/applications/applications.schemas';

export type ApplicationSort = NonNullable<ApplicationListQuery['sort']>;

/**
 * A background job whose result the caller knows the kind of (an import's counts, or a file's name and size):
 * the contract's job with its `result` union narrowed by the caller.
 */
export type BackgroundJob<R = ImportJobResult> = Omit<Job, 'result'> & { result: R | null };
