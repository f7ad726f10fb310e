import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgPolicy,
  pgRole,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { ITEM_STATUSES, ITEM_TYPES, RESULT_SUBJECTS, type Subject } from '../../domain/items.js';
import { ROLES } from '../../domain/roles.js';

/**
 * The restricted role every signed-in request runs as (SET LOCAL ROLE inside its transaction), so that
 * PostgreSQL row-level security applies even when the connecting user owns the tables or is a superuser.
 * Created by migration 0000 (roles are cluster-wide, so it must tolerate an existing role).
 */
export const gkApp = pgRole('gk_app').existing();
/**
 * The role an applicant's requests run as. It is a member of gk_app (so gk_app's grants and policies apply to it),
 * and gk_scope() is never a subtree for it: an applicant reaches only rows that name their own account
 * (gk_account_id()), whatever org node the account is bound to. Created by migration 0009.
 */
export const gkApplicant = pgRole('gk_applicant').existing();
/**
 * The role a 题库管理员's requests run as: a member of gk_app with no subtree (as applicants), and the only role
 * the bank tables admit (their policies name it; gk_app has no grant on them). Created by migration 0016.
 */
export const gkBank = pgRole('gk_bank').existing();

// Scope predicates. gk_scope() is the signed-in official's org path ('/1/5/'), or a value no path matches.
const inScope = (path: unknown) => sql`starts_with(${path}, gk_scope())`;
const strictlyBelowScope = (path: unknown) => sql`(starts_with(${path}, gk_scope()) and ${path} <> gk_scope())`;
const manageableAccount = (path: unknown, role: unknown) =>
  sql`(starts_with(${path}, gk_scope()) and (${path} <> gk_scope() or ${role}::text in ('proctor', 'bank_manager', 'centre_manager', 'panel_expert')))`;
const ancestorOfScope = (path: unknown) => sql`starts_with(gk_scope(), ${path})`;

export const orgKind = pgEnum('org_kind', ['province', 'jurisdiction', 'department', 'unit']);
export const jurisdictionType = pgEnum('jurisdiction_type', ['city', 'county', 'provincial_units', 'central_units']);
export const accountRole = pgEnum('account_role', ROLES);

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
};

/** The organisation tree: province → jurisdiction → supervising department (主管部门) → unit (单位). */
export const orgNodes = pgTable(
  'org_nodes',
  {
    id: serial('id').primaryKey(),
    parentId: integer('parent_id').references((): AnyPgColumn => orgNodes.id),
    kind: orgKind('kind').notNull(),
    name: text('name').notNull(),
    /** Region code (行政区划代码) for province and jurisdictions; 统一社会信用代码 for departments and units. */
    code: text('code'),
    /** Materialised path of ids, '/1/5/23/': the unit of jurisdiction scoping. Never changes once written. */
    path: text('path').notNull(),
    depth: integer('depth').notNull(),
    jurisdictionType: jurisdictionType('jurisdiction_type'),
    /** 省直单位 and 中央驻豫单位: the province reviews their applications itself (rules.md §9). */
    reviewedByProvince: boolean('reviewed_by_province').notNull().default(false),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    sortOrder: integer('sort_order').notNull().default(0),
    active: boolean('active').notNull().default(true),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('org_nodes_path_key').on(t.path),
    uniqueIndex('org_nodes_parent_name_key').on(t.parentId, t.name),
    uniqueIndex('org_nodes_credit_code_key').on(t.code).where(sql`${t.kind} in ('department', 'unit')`),
    index('org_nodes_parent_idx').on(t.parentId),
    check('org_nodes_parent_kind', sql`(${t.kind} = 'province') = (${t.parentId} is null)`),
    pgPolicy('org_nodes_select', {
      for: 'select',
      to: gkApp,
      using: sql`${inScope(t.path)} or ${ancestorOfScope(t.path)}`,
    }),
    pgPolicy('org_nodes_insert', { for: 'insert', to: gkApp, withCheck: strictlyBelowScope(t.path) }),
    pgPolicy('org_nodes_update', {
      for: 'update',
      to: gkApp,
      using: strictlyBelowScope(t.path),
      withCheck: strictlyBelowScope(t.path),
    }),
  ],
);

export const accounts = pgTable(
  'accounts',
  {
    id: serial('id').primaryKey(),
    /** Officials: a chosen name; applicants: their ID number (uppercase X). */
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    role: accountRole('role').notNull(),
    orgNodeId: integer('org_node_id').references(() => orgNodes.id),
    /** Copy of the bound node's path, so row-level security needs no join. */
    orgPath: text('org_path'),
    phone: text('phone'),
    passwordHash: text('password_hash').notNull(),
    mustChangePassword: boolean('must_change_password').notNull().default(true),
    failedLoginCount: integer('failed_login_count').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true, mode: 'date' }),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true, mode: 'date' }),
    /**
     * An applicant's password reset issued by an official (the helpdesk): the SHA-256 of a one-time code that lets
     * its holder choose a new password before it expires. The official never sees or sets a password.
     */
    resetCodeHash: text('reset_code_hash'),
    resetCodeExpiresAt: timestamp('reset_code_expires_at', { withTimezone: true, mode: 'date' }),
    resetCodeIssuedBy: integer('reset_code_issued_by'),
    /** A 考点管理员's test centre (and only theirs); null for every other role. */
    centreId: integer('centre_id').references((): AnyPgColumn => testCentres.id),
    active: boolean('active').notNull().default(true),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('accounts_username_key').on(sql`lower(${t.username})`),
    check('accounts_centre_manager_centre', sql`(${t.role}::text = 'centre_manager') = (${t.centreId} is not null)`),
    index('accounts_org_path_idx').on(t.orgPath),
    check(
      'accounts_official_bound',
      sql`${t.role} = 'applicant' or (${t.orgNodeId} is not null and ${t.orgPath} is not null)`,
    ),
    pgPolicy('accounts_select', {
      for: 'select',
      to: gkApp,
      using: sql`${inScope(t.orgPath)} or ${t.id} = gk_account_id()`,
    }),
    // Admins manage accounts of the levels below them, and proctors of their own node. Changes to one's own
    // account (password, sign-in bookkeeping) go through the platform's auth service, not through gk_app.
    pgPolicy('accounts_insert', { for: 'insert', to: gkApp, withCheck: manageableAccount(t.orgPath, t.role) }),
    pgPolicy('accounts_update', {
      for: 'update',
      to: gkApp,
      using: manageableAccount(t.orgPath, t.role),
      withCheck: manageableAccount(t.orgPath, t.role),
    }),
  ],
);

/**
 * Server-side sessions: the cookie holds a random token, the table its SHA-256. Only the platform reads it; the
 * restricted role may only delete the sessions of accounts it manages.
 */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    csrfToken: text('csrf_token').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => {
    // gk_app may only end (delete) the sessions of accounts it manages — an admin's password reset signs the
    // account out in the same transaction. It can read no column but account_id (migration 0011's grants); the
    // select policy exists because a DELETE … WHERE sees only rows the select policies let through.
    const managed = sql`exists (select 1 from accounts a where a.id = ${t.accountId} and ${manageableAccount(sql`a.org_path`, sql`a.role`)})`;
    return [
      index('sessions_account_idx').on(t.accountId),
      pgPolicy('sessions_managed_select', { for: 'select', to: gkApp, using: managed }),
      pgPolicy('sessions_end_managed', { for: 'delete', to: gkApp, using: managed }),
    ];
  },
);

/** The audit fields every row carries (audit_log and audit_pending). */
const auditFields = () => ({
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  actorAccountId: integer('actor_account_id'),
  actorUsername: text('actor_username'),
  actorRole: text('actor_role'),
  orgNodeId: integer('org_node_id'),
  orgPath: text('org_path'),
  ip: text('ip'),
  userAgent: text('user_agent'),
  requestId: text('request_id'),
  entityType: text('entity_type').notNull(),
  entityId: text('entity_id'),
  action: text('action').notNull(),
  summary: text('summary').notNull(),
  before: jsonb('before'),
  after: jsonb('after'),
});

/**
 * Append-only, hash-chained audit trail. Each row's hash covers its content and the previous row's hash;
 * audit_head holds the chain's tip. Rows arrive only through audit_pending's commit-time trigger (migration 0012),
 * which links a transaction's rows while its COMMIT runs: the chain's lock is held for microseconds inside the
 * server, never across a round trip.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ...auditFields(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    /**
     * 1: hash = sha256(prev_hash + "\n" + canonical JSON of the fields), computed by the app (rows before
     * migration 0012). 2: hash = sha256(prev_hash + "\n" + content_hash), content_hash = sha256(canonical JSON)
     * computed by the app, linked by the commit-time trigger.
     */
    hashScheme: smallint('hash_scheme').notNull().default(1),
  },
  (t) => [
    index('audit_log_created_idx').on(t.createdAt),
    index('audit_log_org_path_idx').on(t.orgPath),
    index('audit_log_entity_idx').on(t.entityType, t.entityId),
    pgPolicy('audit_log_select', { for: 'select', to: gkApp, using: inScope(t.orgPath) }),
  ],
);

/**
 * A transaction's audit rows until it commits: a deferred constraint trigger moves them into audit_log, chained,
 * during COMMIT (and a rolled-back transaction's rows vanish with it). A signed-in request may only insert rows
 * that name its own account as the actor; it can read none.
 */
export const auditPending = pgTable(
  'audit_pending',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    /** The inserting transaction (pg_current_xact_id()), so each commit links exactly its own rows. */
    txid: bigint('txid', { mode: 'number' }).notNull().default(sql`(pg_current_xact_id()::text)::bigint`),
    ...auditFields(),
    contentHash: text('content_hash').notNull(),
  },
  (t) => [
    index('audit_pending_txid_idx').on(t.txid, t.seq),
    pgPolicy('audit_pending_insert', {
      for: 'insert',
      to: gkApp,
      withCheck: sql`${t.actorAccountId} = gk_account_id()`,
    }),
  ],
);

export const auditHead = pgTable('audit_head', {
  id: integer('id').primaryKey(),
  lastId: bigint('last_id', { mode: 'number' }).notNull(),
  lastHash: text('last_hash').notNull(),
});

/**
 * Failed sign-ins, shared by every app process (platform/login-throttle.ts): per username and client address
 * (ip set), which slows guessing from that address with growing delays, and per username alone (ip '') for
 * names that are no account, so that an unknown name is answered exactly as a known one. Usernames are stored as
 * SHA-256 (a password typed into the name field stays out of the database). Only the platform touches it.
 */
export const loginFailures = pgTable(
  'login_failures',
  {
    usernameHash: text('username_hash').notNull(),
    ip: text('ip').notNull(),
    failures: integer('failures').notNull(),
    lastFailureAt: timestamp('last_failure_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** No attempt from this address (or, for ip '', for this unknown name) is checked before then. */
    blockedUntil: timestamp('blocked_until', { withTimezone: true, mode: 'date' }),
  },
  (t) => [primaryKey({ columns: [t.usernameHash, t.ip] }), index('login_failures_last_idx').on(t.lastFailureAt)],
);

/** Fixed-window counters for rate limits, shared by every app process. */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  windowStart: timestamp('window_start', { withTimezone: true, mode: 'date' }).notNull(),
  count: integer('count').notNull(),
});

// ─── Campaigns, job-type catalogue and applications (issue 4) ──────────────────────────────────────────────

/** Writable only when the request's scope is the province itself (省工考办); readable by every signed-in role. */
const provinceScope = sql`exists (select 1 from org_nodes p where p.kind = 'province' and p.path = gk_scope())`;
const provinceWrites = (name: string) => [
  pgPolicy(`${name}_select`, { for: 'select', to: gkApp, using: sql`true` }),
  pgPolicy(`${name}_insert`, { for: 'insert', to: gkApp, withCheck: provinceScope }),
  pgPolicy(`${name}_update`, { for: 'update', to: gkApp, using: provinceScope, withCheck: provinceScope }),
  pgPolicy(`${name}_delete`, { for: 'delete', to: gkApp, using: provinceScope }),
];

/** A version of the province's job-type catalogue (工种设置目录), e.g. 豫人社工考〔2014〕2号 with 289 types. */
export const catalogVersions = pgTable(
  'catalog_versions',
  {
    id: serial('id').primaryKey(),
    /** The document that published it, e.g. 豫人社工考〔2014〕2号. */
    name: text('name').notNull(),
    title: text('title').notNull(),
    /** Demo data built from rules.md §10, not the official list. */
    isSample: boolean('is_sample').notNull().default(false),
    jobTypeCount: integer('job_type_count').notNull().default(0),
    createdBy: integer('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [uniqueIndex('catalog_versions_name_key').on(t.name), ...provinceWrites('catalog_versions')],
);

/** One job type (工种) of a catalogue version, with the grades it offers and whether it sits its exam locally. */
export const jobTypes = pgTable(
  'job_types',
  {
    id: serial('id').primaryKey(),
    versionId: integer('version_id')
      .notNull()
      .references(() => catalogVersions.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** 工种类别, e.g. 交通运输类, 技术监督类, 测绘类. */
    category: text('category').notNull(),
    /** Grades offered: 5 五级 … 1 一级. */
    grades: integer('grades').array().notNull(),
    /** 技术监督 and 测绘 categories sit the exam where they are located (rules.md §7). */
    localExam: boolean('local_exam').notNull().default(false),
  },
  (t) => [
    uniqueIndex('job_types_version_code_key').on(t.versionId, t.code),
    uniqueIndex('job_types_version_name_key').on(t.versionId, t.name),
    index('job_types_version_category_idx').on(t.versionId, t.category),
    ...provinceWrites('job_types'),
  ],
);

export const campaignStatus = pgEnum('campaign_status', ['draft', 'open', 'closed']);
/** The timetable's phases (rules.md §8). */
export const campaignPhase = pgEnum('campaign_phase', [
  'registration',
  'jurisdiction_review',
  'province_review',
  'training',
  'exam',
  'grade1_evaluation',
  // 准考证打印 (issue 14): appended, since PostgreSQL adds enum values at the end.
  'ticket_printing',
  // 一级 applications' own windows (issue 17): 一级申报和单位初审, 一级资格审查.
  'grade1_registration',
  'grade1_review',
]);

/** One year's assessment (考核年度 Y). One is open at a time; past ones stay readable. */
export const campaigns = pgTable(
  'campaigns',
  {
    id: serial('id').primaryKey(),
    year: integer('year').notNull(),
    name: text('name').notNull(),
    /** 文号 of the notice, e.g. 豫人社办函〔2017〕11号, and its date: the retirement cut-off (rules.md §1). */
    noticeNumber: text('notice_number').notNull(),
    noticeDate: date('notice_date', { mode: 'string' }).notNull(),
    status: campaignStatus('status').notNull().default('draft'),
    catalogVersionId: integer('catalog_version_id')
      .notNull()
      .references(() => catalogVersions.id),
    /** {workYearsCutoffYear, gradeObtainedByYear, regularizedBy}: rules.md §2 defaults, editable. */
    eligibilitySettings: jsonb('eligibility_settings').notNull(),
    /** {subjects: [{code, name, fullScore, passScore, durationMinutes, singleChoice, multipleChoice}], …}. */
    examSettings: jsonb('exam_settings').notNull(),
    /** 培训 (issue 14): seating leaves out candidates who have not completed training when this is on. */
    trainingRequiredForSeating: boolean('training_required_for_seating').notNull().default(false),
    /** Share of a class's sittings to attend for training to count as completed (0 < share ≤ 1). */
    trainingRequiredShare: doublePrecision('training_required_share').notNull().default(0.8),
    openedAt: timestamp('opened_at', { withTimezone: true, mode: 'date' }),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('campaigns_year_key').on(t.year),
    uniqueIndex('campaigns_one_open_key').on(t.status).where(sql`${t.status} = 'open'`),
    ...provinceWrites('campaigns'),
  ],
);

/** A phase's window, in Beijing dates, inclusive at both ends. */
export const campaignPhases = pgTable(
  'campaign_phases',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    phase: campaignPhase('phase').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.phase] }),
    check('campaign_phases_order', sql`${t.startsOn} <= ${t.endsOn}`),
    ...provinceWrites('campaign_phases'),
  ],
);

/** Per jurisdiction and campaign: whether applicants register themselves online (the 2017 pilot). */
export const campaignJurisdictions = pgTable(
  'campaign_jurisdictions',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    jurisdictionId: integer('jurisdiction_id')
      .notNull()
      .references(() => orgNodes.id),
    onlineRegistration: boolean('online_registration').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.jurisdictionId] }), ...provinceWrites('campaign_jurisdictions')],
);

/** The province extends one phase's window for one jurisdiction (audited). */
export const campaignWindowExtensions = pgTable(
  'campaign_window_extensions',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    jurisdictionId: integer('jurisdiction_id')
      .notNull()
      .references(() => orgNodes.id),
    phase: campaignPhase('phase').notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    createdBy: integer('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.jurisdictionId, t.phase] }),
    ...provinceWrites('campaign_window_extensions'),
  ],
);

export const applicationStatus = pgEnum('application_status', [
  'draft',
  /** Registered online by the applicant; the unit has yet to confirm it. */
  'awaiting_unit',
  'submitted',
  'unit_approved',
  'department_approved',
  'jurisdiction_approved',
  'province_confirmed',
  'returned',
  'rejected',
]);

export const applicationSource = pgEnum('application_source', ['unit', 'import', 'online']);

/**
 * Who holds an application in the review chain (资格审查): the applicant (online registration), the unit's
 * pre-review (资格初审), the supervising department (审核汇总), the jurisdiction's HR bureau (资格审查) and the
 * province (审查汇总). A returned application names the level it went back to.
 */
export const reviewStage = pgEnum('review_stage', ['applicant', 'unit', 'department', 'jurisdiction', 'province']);

/** The review level of the transaction's role (review.ts levelOfRole), or null for roles that do not review. */
const actorReviewLevel = sql`(case gk_role() when 'unit_officer' then 'unit' when 'department_reviewer' then 'department' when 'jurisdiction_admin' then 'jurisdiction' when 'province_admin' then 'province' end)`;

/** Row-level security for rows that belong to a unit's subtree or to the applicant who registered online. */
const unitOrApplicant = (orgPath: unknown, applicantId: unknown) =>
  sql`starts_with(${orgPath}, gk_scope()) or ${applicantId} = gk_account_id()`;

/** 申请表: one per person per campaign. Derived fields (sex, birth date, work years) are computed, not typed. */
export const applications = pgTable(
  'applications',
  {
    id: serial('id').primaryKey(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => orgNodes.id),
    /** The unit's path, so row-level security needs no join. */
    orgPath: text('org_path').notNull(),
    departmentId: integer('department_id').notNull(),
    jurisdictionId: integer('jurisdiction_id').notNull(),
    applicantAccountId: integer('applicant_account_id').references(() => accounts.id),
    source: applicationSource('source').notNull(),
    status: applicationStatus('status').notNull().default('draft'),
    // 申请表 fields (rules.md §5) and what the rules need.
    idNumber: text('id_number').notNull(),
    name: text('name').notNull(),
    sex: text('sex').notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    education: text('education').notNull(),
    workStartMonth: text('work_start_month').notNull(),
    workYears: integer('work_years').notNull(),
    regularizedMonth: text('regularized_month'),
    currentJobType: text('current_job_type'),
    currentGrade: integer('current_grade'),
    currentGradeMonth: text('current_grade_month'),
    currentGradeJobType: text('current_grade_job_type'),
    yearsInCurrentJobType: integer('years_in_current_job_type'),
    appliedJobTypeId: integer('applied_job_type_id')
      .notNull()
      .references(() => jobTypes.id),
    appliedGrade: integer('applied_grade').notNull(),
    retirementGroup: text('retirement_group').notNull().default('worker'),
    vehicleReformTransfer: boolean('vehicle_reform_transfer').notNull().default(false),
    exceptionalPromotion: boolean('exceptional_promotion').notNull().default(false),
    /** What the 破格 or 公车改革 claim rests on (certificates, documents), for the reviewer. */
    evidenceNote: text('evidence_note'),
    appointedToGrade2Post: boolean('appointed_to_grade2_post').notNull().default(false),
    appraisals: jsonb('appraisals'),
    waiverAward: boolean('waiver_award').notNull().default(false),
    /** 一级: which award waives the conditions (domain/grade1-evidence.ts WAIVER_AWARD_KINDS); only with waiverAward. */
    waiverAwardKind: text('waiver_award_kind'),
    phone: text('phone'),
    remarks: text('remarks'),
    // The eligibility verdict as last computed, stored with each save and submission.
    verdict: text('verdict').notNull(),
    findings: jsonb('findings').notNull(),
    statutoryRetirementDate: date('statutory_retirement_date', { mode: 'string' }),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }),
    // The review chain (issue 5). See src/domain/review.ts for the state machine these columns carry.
    /** While status = 'returned': the level it went back to, which corrects it or passes it further down. */
    returnedTo: reviewStage('returned_to'),
    /** How often it has been returned for correction, at any level. */
    returnCount: integer('return_count').notNull().default(0),
    /** While status = 'rejected': the reason code (REJECT_REASONS in src/domain/review.ts). */
    rejectReason: text('reject_reason'),
    /** The strongest verdict a reviewer approved over with a written reason: 'needs_review' or 'ineligible'. */
    overruledVerdict: text('overruled_verdict'),
    /** The 汇总上报 batch the department sent it up in; null until then and again after a return. */
    departmentBatchId: integer('department_batch_id'),
    /** The batch the jurisdiction sent it to the province in. */
    jurisdictionBatchId: integer('jurisdiction_batch_id'),
    createdBy: integer('created_by'),
    /** Optimistic concurrency: a save names the version it edited. */
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('applications_campaign_id_number_key').on(t.campaignId, t.idNumber),
    index('applications_campaign_org_path_idx').on(t.campaignId, t.orgPath),
    index('applications_campaign_status_idx').on(t.campaignId, t.status),
    index('applications_applicant_idx').on(t.applicantAccountId),
    // Statistics and the review queue's filters read only these columns. Row-level security reads org_path and
    // applicant_account_id too, so with them in the index a subtree's figures are an index-only scan.
    index('applications_stats_idx').on(
      t.campaignId,
      t.jurisdictionId,
      t.status,
      t.appliedJobTypeId,
      t.appliedGrade,
      t.verdict,
      t.overruledVerdict,
      t.returnCount,
      t.source,
      t.departmentId,
      t.unitId,
      t.orgPath,
      t.applicantAccountId,
    ),
    index('applications_department_batch_idx').on(t.departmentBatchId),
    check(
      'applications_waiver_award_kind',
      sql`${t.waiverAwardKind} is null or (${t.waiverAward} and ${t.waiverAwardKind} in ('city_commendation', 'may_day_medal', 'city_technical_expert', 'city_contest_prize', 'patents'))`,
    ),
    index('applications_jurisdiction_batch_idx').on(t.jurisdictionBatchId),
    pgPolicy('applications_select', {
      for: 'select',
      to: gkApp,
      using: unitOrApplicant(t.orgPath, t.applicantAccountId),
    }),
    pgPolicy('applications_insert', {
      for: 'insert',
      to: gkApp,
      withCheck: unitOrApplicant(t.orgPath, t.applicantAccountId),
    }),
    pgPolicy('applications_update', {
      for: 'update',
      to: gkApp,
      using: unitOrApplicant(t.orgPath, t.applicantAccountId),
      withCheck: unitOrApplicant(t.orgPath, t.applicantAccountId),
    }),
    // Only drafts are ever deleted; anything submitted stays, with its history.
    pgPolicy('applications_delete', {
      for: 'delete',
      to: gkApp,
      using: sql`(${unitOrApplicant(t.orgPath, t.applicantAccountId)}) and ${t.status} = 'draft'`,
    }),
  ],
);

/**
 * Every legal change of an application's lifecycle columns (status, returned_to, whether a batch holds it) and the
 * role that may make it: src/domain/application-moves.ts allApplicationMoves(), written here by every migrate().
 * A trigger (migration 0014) refuses any other change made by a signed-in transaction. from_status 'new' is the
 * status an application may be created with; returned_to '-' is none.
 */
export const applicationMoves = pgTable(
  'application_moves',
  {
    role: accountRole('role').notNull(),
    online: boolean('online').notNull(),
    fromStatus: text('from_status').notNull(),
    fromReturnedTo: text('from_returned_to').notNull(),
    fromDepartmentBatch: boolean('from_department_batch').notNull(),
    fromJurisdictionBatch: boolean('from_jurisdiction_batch').notNull(),
    toStatus: text('to_status').notNull(),
    toReturnedTo: text('to_returned_to').notNull(),
    toDepartmentBatch: boolean('to_department_batch').notNull(),
    toJurisdictionBatch: boolean('to_jurisdiction_batch').notNull(),
  },
  (t) => [
    primaryKey({
      name: 'application_moves_pkey',
      columns: [
        t.role,
        t.online,
        t.fromStatus,
        t.fromReturnedTo,
        t.fromDepartmentBatch,
        t.fromJurisdictionBatch,
        t.toStatus,
        t.toReturnedTo,
        t.toDepartmentBatch,
        t.toJurisdictionBatch,
      ],
    }),
  ],
);

export const applicationFileKind = pgEnum('application_file_kind', [
  'photo',
  'grade_certificate',
  'graduation_certificate',
  'evidence',
  // 一级 (issue 17): 年度考核登记表 (one or more per appraisal year) and 获奖证书/专利证书.
  'appraisal_form',
  'award_certificate',
]);

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/** The 2-inch photo and the scans, kept in the database with the application (one backup, no shared disk). */
export const applicationFiles = pgTable(
  'application_files',
  {
    id: serial('id').primaryKey(),
    applicationId: integer('application_id')
      .notNull()
      .references(() => applications.id),
    kind: applicationFileKind('kind').notNull(),
    fileName: text('file_name').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    width: integer('width'),
    height: integer('height'),
    /** 年度考核登记表: the appraisal year the scan shows. */
    appraisalYear: integer('appraisal_year'),
    /** 获奖证书/专利证书: what the document is (奖项名称、授予机关、年份). */
    description: text('description'),
    sha256: text('sha256').notNull(),
    data: bytea('data').notNull(),
    createdBy: integer('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => {
    // Visible and writable exactly when the application is (its own policy filters the subquery).
    const applicationVisible = sql`exists (select 1 from applications a where a.id = ${t.applicationId})`;
    return [
      index('application_files_application_idx').on(t.applicationId),
      // Compared as text: the kinds were added to the enum in the same migration (one transaction on a fresh
      // database), where a new enum value may not yet be used as a literal.
      check(
        'application_files_appraisal_year',
        sql`(${t.kind}::text = 'appraisal_form') = (${t.appraisalYear} is not null)`,
      ),
      check(
        'application_files_description',
        sql`${t.kind}::text <> 'award_certificate' or ${t.description} is not null`,
      ),
      pgPolicy('application_files_select', { for: 'select', to: gkApp, using: applicationVisible }),
      pgPolicy('application_files_insert', { for: 'insert', to: gkApp, withCheck: applicationVisible }),
      pgPolicy('application_files_delete', { for: 'delete', to: gkApp, using: applicationVisible }),
    ];
  },
);

/** Long-running work (imports, exports, batch prints): progress any app process can report. */
export const backgroundJobs = pgTable(
  'background_jobs',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    accountId: integer('account_id').notNull(),
    orgPath: text('org_path'),
    status: text('status').notNull(),
    total: integer('total').notNull().default(0),
    processed: integer('processed').notNull().default(0),
    result: jsonb('result'),
    ...timestamps,
  },
  (t) => [
    index('background_jobs_account_idx').on(t.accountId),
    pgPolicy('background_jobs_own', {
      for: 'all',
      to: gkApp,
      using: sql`${t.accountId} = gk_account_id()`,
      withCheck: sql`${t.accountId} = gk_account_id()`,
    }),
  ],
);

/**
 * What a background job produced for download (a batch of printed forms, an export): kept beside its job, for
 * its owner only, until the maintenance sweep removes it (JOB_FILE_TTL_MS after the job ended).
 */
export const backgroundJobFiles = pgTable(
  'background_job_files',
  {
    jobId: text('job_id')
      .primaryKey()
      .references(() => backgroundJobs.id, { onDelete: 'cascade' }),
    accountId: integer('account_id').notNull(),
    fileName: text('file_name').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    data: bytea('data').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('background_job_files_account_idx').on(t.accountId),
    pgPolicy('background_job_files_own', {
      for: 'all',
      to: gkApp,
      using: sql`${t.accountId} = gk_account_id()`,
      withCheck: sql`${t.accountId} = gk_account_id()`,
    }),
  ],
);

// ─── The review chain (issue 5) ──────────────────────────────────────────────────────────────────────────

export const reviewAction = pgEnum('review_action', ['approve', 'return', 'reject']);

/**
 * Every decision of the review chain on one application: who (name, organisation, seal name), when, what, and
 * why. The latest approval of each level is the 审核意见 printed on the form. Append-only.
 */
export const applicationReviews = pgTable(
  'application_reviews',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    applicationId: integer('application_id')
      .notNull()
      .references(() => applications.id),
    campaignId: integer('campaign_id').notNull(),
    /** Copies of the application's path and applicant, so row-level security needs no join. */
    orgPath: text('org_path').notNull(),
    applicantAccountId: integer('applicant_account_id'),
    level: reviewStage('level').notNull(),
    action: reviewAction('action').notNull(),
    fromStatus: applicationStatus('from_status').notNull(),
    toStatus: applicationStatus('to_status').notNull(),
    /** For returns: the level it went back to. */
    returnedTo: reviewStage('returned_to'),
    /** RETURN_REASONS or REJECT_REASONS code; null for approvals. */
    reasonCode: text('reason_code'),
    /** 审核意见 or the reason, as written. */
    opinion: text('opinion').notNull(),
    /** The verdict when decided, and the written reason for approving over needs_review or ineligible. */
    verdict: text('verdict').notNull(),
    overruleReason: text('overrule_reason'),
    /** Set when the whole batch was returned (汇总上报 returned by the level above). */
    batchId: integer('batch_id'),
    reviewerAccountId: integer('reviewer_account_id').notNull(),
    reviewerName: text('reviewer_name').notNull(),
    orgNodeId: integer('org_node_id').notNull(),
    orgName: text('org_name').notNull(),
    sealName: text('seal_name').notNull(),
    /** The Beijing date the opinion is dated (年月日 on the form). */
    decidedOn: date('decided_on', { mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('application_reviews_application_idx').on(t.applicationId),
    // Returns and rejections by reason: a small part of all decisions.
    index('application_reviews_reasons_idx')
      .on(t.campaignId, t.action, t.level, t.reasonCode, t.orgPath, t.applicantAccountId)
      .where(sql`${t.action} <> 'approve'`),
    pgPolicy('application_reviews_select', {
      for: 'select',
      to: gkApp,
      using: unitOrApplicant(t.orgPath, t.applicantAccountId),
    }),
    // A decision is recorded by the deciding official, at their own level, on an application in their subtree.
    pgPolicy('application_reviews_insert', {
      for: 'insert',
      to: gkApp,
      withCheck: sql`${inScope(t.orgPath)} and ${t.reviewerAccountId} = gk_account_id() and ${t.level}::text = ${actorReviewLevel}`,
    }),
  ],
);

// ─── Statistics counters (issue 18 part 4) ─────────────────────────────────────────────────────────────────
// What the statistics show, maintained by triggers (migration 0033) in the same statement as every change of
// `applications` and `application_reviews`: one row per (campaign, org node, group) with its count `n`, so the
// figures cost what the groups cost, not what the rows cost. A node's row counts what lies in its subtree; the
// node's path carries row-level security as on the tables counted. Written only by the triggers (security definer)
// and by the recount's repair (`npm run stats:verify -- --repair`); gk_app reads. Rows whose count fell to zero stay
// (n = 0) and are skipped when read.

/**
 * Applications (online drafts not yet sent excepted, as in the lists) per campaign and org node at depth 1–3
 * (jurisdiction, department, unit) by status, verdict, overruled verdict and whether ever returned: byChild and
 * the totals.
 */
export const applicationCounts = pgTable(
  'application_counts',
  {
    campaignId: integer('campaign_id').notNull(),
    /** The node's depth: 1 jurisdiction, 2 department, 3 unit. */
    depth: smallint('depth').notNull(),
    nodeId: integer('node_id').notNull(),
    /** The node's path ('/1/5/'). */
    orgPath: text('org_path').notNull(),
    status: applicationStatus('status').notNull(),
    verdict: text('verdict').notNull(),
    overruledVerdict: text('overruled_verdict'),
    everReturned: boolean('ever_returned').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [
    unique('application_counts_key')
      .on(t.campaignId, t.depth, t.orgPath, t.status, t.verdict, t.overruledVerdict, t.everReturned)
      .nullsNotDistinct(),
    pgPolicy('application_counts_select', { for: 'select', to: gkApp, using: inScope(t.orgPath) }),
  ],
);

/** The same applications per campaign and org node at depth 0–3 by applied job type, grade and status. */
export const applicationTypeCounts = pgTable(
  'application_type_counts',
  {
    campaignId: integer('campaign_id').notNull(),
    /** 0 province, 1 jurisdiction, 2 department, 3 unit. */
    depth: smallint('depth').notNull(),
    nodeId: integer('node_id').notNull(),
    orgPath: text('org_path').notNull(),
    jobTypeId: integer('job_type_id').notNull(),
    grade: integer('grade').notNull(),
    status: applicationStatus('status').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [
    unique('application_type_counts_key').on(t.campaignId, t.orgPath, t.jobTypeId, t.grade, t.status),
    pgPolicy('application_type_counts_select', { for: 'select', to: gkApp, using: inScope(t.orgPath) }),
  ],
);

/** Return and rejection decisions (application_reviews, action ≠ approve) per campaign and org node at depth 0–3. */
export const reviewReasonCounts = pgTable(
  'review_reason_counts',
  {
    campaignId: integer('campaign_id').notNull(),
    depth: smallint('depth').notNull(),
    nodeId: integer('node_id').notNull(),
    orgPath: text('org_path').notNull(),
    action: reviewAction('action').notNull(),
    level: reviewStage('level').notNull(),
    reasonCode: text('reason_code'),
    n: integer('n').notNull(),
  },
  (t) => [
    unique('review_reason_counts_key').on(t.campaignId, t.orgPath, t.action, t.level, t.reasonCode).nullsNotDistinct(),
    pgPolicy('review_reason_counts_select', { for: 'select', to: gkApp, using: inScope(t.orgPath) }),
  ],
);

export const reviewBatchLevel = pgEnum('review_batch_level', ['department', 'jurisdiction']);
export const reviewBatchStatus = pgEnum('review_batch_status', ['submitted', 'returned']);

/**
 * 汇总上报: a department sends its approved applications up to the jurisdiction (or, for 省直单位 and 中央驻豫单位,
 * to the province) in one batch with a summary sheet; a jurisdiction sends its qualified ones to the province.
 * The receiving level may return the whole batch.
 */
export const reviewBatches = pgTable(
  'review_batches',
  {
    id: serial('id').primaryKey(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    /** 编号, e.g. 2017-410100-00003: year, the jurisdiction's region code (410000 for 省直/中央驻豫), the id. */
    batchNo: text('batch_no').notNull(),
    level: reviewBatchLevel('level').notNull(),
    fromNodeId: integer('from_node_id')
      .notNull()
      .references(() => orgNodes.id),
    /** The sender's path: visible to the sender and every level above it. */
    fromPath: text('from_path').notNull(),
    toNodeId: integer('to_node_id')
      .notNull()
      .references(() => orgNodes.id),
    status: reviewBatchStatus('status').notNull().default('submitted'),
    applicationCount: integer('application_count').notNull(),
    /** The summary sheet's figures: by job type and grade, verdicts, overrules. */
    summary: jsonb('summary').notNull(),
    note: text('note'),
    submittedBy: integer('submitted_by').notNull(),
    submittedByName: text('submitted_by_name').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }).notNull(),
    returnReason: text('return_reason'),
    returnedBy: integer('returned_by'),
    returnedByName: text('returned_by_name'),
    returnedAt: timestamp('returned_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('review_batches_no_key').on(t.batchNo),
    index('review_batches_campaign_idx').on(t.campaignId, t.level, t.status),
    pgPolicy('review_batches_select', { for: 'select', to: gkApp, using: inScope(t.fromPath) }),
    pgPolicy('review_batches_insert', {
      for: 'insert',
      to: gkApp,
      withCheck: sql`${t.fromPath} = gk_scope() and ${t.submittedBy} = gk_account_id()`,
    }),
    // The receiving level (an ancestor of the sender) returns it.
    pgPolicy('review_batches_update', {
      for: 'update',
      to: gkApp,
      using: strictlyBelowScope(t.fromPath),
      withCheck: strictlyBelowScope(t.fromPath),
    }),
  ],
);

/**
 * The applications a batch was sent up with, as sent: the 汇总表 lists them even after the receiver decided or
 * returned some (which clears the application's batch column). Visible and writable with the batch.
 */
export const reviewBatchApplications = pgTable(
  'review_batch_applications',
  {
    batchId: integer('batch_id')
      .notNull()
      .references(() => reviewBatches.id),
    applicationId: integer('application_id')
      .notNull()
      .references(() => applications.id),
  },
  (t) => {
    const batchVisible = sql`exists (select 1 from review_batches b where b.id = ${t.batchId})`;
    return [
      primaryKey({ columns: [t.batchId, t.applicationId] }),
      index('review_batch_applications_application_idx').on(t.applicationId),
      pgPolicy('review_batch_applications_select', { for: 'select', to: gkApp, using: batchVisible }),
      pgPolicy('review_batch_applications_insert', { for: 'insert', to: gkApp, withCheck: batchVisible }),
    ];
  },
);

/**
 * In-system notifications (站内消息): to an organisation (the accounts bound to that node whose role can act on
 * it read them) or to an applicant's account. Any service may write one to anybody (a department notifies its jurisdiction above it);
 * only the recipient reads and marks them.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    recipientNodeId: integer('recipient_node_id'),
    /** The recipient node's path; the scope must equal it (a unit's notice is not its department's). */
    recipientPath: text('recipient_path'),
    recipientAccountId: integer('recipient_account_id'),
    /**
     * With recipient_path: the roles at that node that can act on it (those holding the notification kind's
     * permission); the node's other accounts (a proctor at a jurisdiction office) neither see nor clear it.
     */
    recipientRoles: accountRole('recipient_roles').array(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** Where the web app opens it, e.g. /applications/12 or /review/batches/3. */
    link: text('link'),
    applicationId: integer('application_id'),
    batchId: integer('batch_id'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    readAt: timestamp('read_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => {
    const mine = sql`((${t.recipientPath} = gk_scope() and gk_role() = any(${t.recipientRoles}::text[])) or ${t.recipientAccountId} = gk_account_id())`;
    return [
      index('notifications_path_idx').on(t.recipientPath, t.createdAt),
      index('notifications_account_idx').on(t.recipientAccountId, t.createdAt),
      check('notifications_recipient', sql`(${t.recipientPath} is not null) or (${t.recipientAccountId} is not null)`),
      check('notifications_recipient_roles', sql`${t.recipientPath} is null or cardinality(${t.recipientRoles}) > 0`),
      pgPolicy('notifications_select', { for: 'select', to: gkApp, using: mine }),
      // A service writes notices for its actor: to org nodes on the actor's own line (its subtree, as when the
      // province returns a batch, or its ancestors, as when a department sends one up), or to the applicant of an
      // application the actor can see.
      pgPolicy('notifications_insert', {
        for: 'insert',
        to: gkApp,
        withCheck: sql`(${t.recipientPath} is not null and (starts_with(${t.recipientPath}, gk_scope()) or starts_with(gk_scope(), ${t.recipientPath}))) or (${t.recipientAccountId} is not null and exists (select 1 from applications a where a.applicant_account_id = ${t.recipientAccountId}))`,
      }),
      pgPolicy('notifications_update', { for: 'update', to: gkApp, using: mine, withCheck: mine }),
    ];
  },
);

// ─── Question banks (题库, issue 13) ───────────────────────────────────────────────────────────────────────
//
// Only gk_bank (题库管理员) reaches these tables: the policies below name it alone, and migration 0017 revokes
// gk_app's default grants, so every other role — the province admin included — is refused by the database.
// What an item says (stem, options, answer, explanation, source) is sealed (platform/sealed.ts) into `content`;
// the plain columns are the metadata blueprints draw by (type, knowledge point, difficulty, status).

// The exam subjects and 综合评审 ('panel', a 一级 result only: never a bank's, blueprint's or paper's subject, which
// the checks below refuse). 'basics' and 'panel' were added by ALTER TYPE … ADD VALUE, so constraints compare
// `subject::text`: every migration of a fresh database runs in one transaction, where a value added in it may not
// be used as an enum literal. Every table but score_results types its column as the exam `Subject` ($type).
export const itemSubject = pgEnum('item_subject', RESULT_SUBJECTS);
/** Job-type subjects (岗位技能 grades 2–5, 专业基础知识 grade 1), by text (see above). */
const jobTypeSubject = (subject: unknown) => sql`${subject}::text in ('skill', 'basics')`;
const notPanel = (subject: unknown) => sql`${subject}::text <> 'panel'`;
export const itemType = pgEnum('item_type', ITEM_TYPES);
export const itemStatus = pgEnum('item_status', ITEM_STATUSES);

const bankOnly = (name: string) =>
  pgPolicy(`${name}_bank`, { for: 'all', to: gkBank, using: sql`true`, withCheck: sql`true` });

/**
 * A bank (题库): 职业道德 and 职业能力 banks are shared by every job type (optionally per grade); a 岗位技能 bank is one
 * job type × grade, a 专业基础知识 bank one job type × 一级. Banks outlive campaigns (items are reused year after year), so a bank names no campaign; a
 * 岗位技能 bank names a job type of one catalogue version, and a campaign on that version draws from it.
 */
export const questionBanks = pgTable(
  'question_banks',
  {
    id: serial('id').primaryKey(),
    subject: itemSubject('subject').$type<Subject>().notNull(),
    name: text('name').notNull(),
    jobTypeId: integer('job_type_id').references(() => jobTypes.id),
    /** 5 五级 … 1 一级; required for 岗位技能, optional for the others (null: every grade). */
    grade: smallint('grade'),
    createdBy: integer('created_by').notNull(),
    ...timestamps,
  },
  (t) => [
    check(
      'question_banks_scope',
      sql`(${jobTypeSubject(t.subject)}) = (${t.jobTypeId} is not null) and (not (${jobTypeSubject(t.subject)}) or ${t.grade} is not null) and (${t.subject}::text <> 'basics' or ${t.grade} = 1)`,
    ),
    check('question_banks_subject', notPanel(t.subject)),
    check('question_banks_grade', sql`${t.grade} is null or ${t.grade} between 1 and 5`),
    uniqueIndex('question_banks_scope_key').on(
      t.subject,
      sql`coalesce(${t.jobTypeId}, 0)`,
      sql`coalesce(${t.grade}, 0)`,
    ),
    uniqueIndex('question_banks_name_key').on(t.name),
    bankOnly('question_banks'),
  ],
);

/** An item (试题): a sequence of versions; `current_version` is the newest. */
export const bankItems = pgTable(
  'bank_items',
  {
    id: serial('id').primaryKey(),
    bankId: integer('bank_id')
      .notNull()
      .references(() => questionBanks.id),
    currentVersion: integer('current_version').notNull(),
    createdBy: integer('created_by').notNull(),
    ...timestamps,
  },
  (t) => [index('bank_items_bank_idx').on(t.bankId, t.id), bankOnly('bank_items')],
);

/**
 * One version of an item. A version any paper drew (`used_at` set by paper generation) is never changed: an edit
 * writes version + 1 (domain `editPlan`). `content` is `sealJson(key, 'item:<id>:v<version>', {stem, stemImage,
 * options, answer, explanation, source})`; no column holds a stem, option, answer or explanation in clear.
 */
export const bankItemVersions = pgTable(
  'bank_item_versions',
  {
    itemId: integer('item_id')
      .notNull()
      .references(() => bankItems.id),
    version: integer('version').notNull(),
    status: itemStatus('status').notNull(),
    type: itemType('type').notNull(),
    knowledgePoint: text('knowledge_point').notNull(),
    difficulty: smallint('difficulty').notNull(),
    /**
     * How many options the item has (0 for true/false), so that papers are drawn without opening the content.
     * Null only on versions written before migration 0020; the pool loader opens those.
     */
    optionCount: smallint('option_count'),
    content: bytea('content').notNull(),
    authorId: integer('author_id').notNull(),
    /** The author's and approver's names as they were (bank managers cannot read other accounts). */
    authorName: text('author_name').notNull().default(''),
    approverId: integer('approver_id'),
    approverName: text('approver_name'),
    approvedAt: timestamp('approved_at', { withTimezone: true, mode: 'date' }),
    retiredAt: timestamp('retired_at', { withTimezone: true, mode: 'date' }),
    usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
    /**
     * Bumped by every change of the row (an edit in place, an approval, a retirement): an edit names the revision
     * it was made on, so two managers editing one version in place never overwrite each other unawares.
     */
    revision: integer('revision').notNull().default(1),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.itemId, t.version] }),
    check('bank_item_versions_difficulty', sql`${t.difficulty} between 1 and 5`),
    // 四眼原则 in the database too: a version is never approved by its author.
    check('bank_item_versions_four_eyes', sql`${t.approverId} is null or ${t.approverId} <> ${t.authorId}`),
    index('bank_item_versions_pool_idx').on(t.status, t.type, t.knowledgePoint, t.difficulty),
    bankOnly('bank_item_versions'),
  ],
);

/**
 * An image of an item's stem or option (stored like the application files: the type is read from the bytes, never
 * from a name). `id` is the opaque key an item's content names (items.ts IMAGE_REF); the bytes are sealed like the
 * content (context `image:<id>`), since a picture can give an item away. `sha256` is of the plain bytes, so that a
 * picture uploaded twice (a re-import) is stored once.
 */
export const bankImages = pgTable(
  'bank_images',
  {
    id: text('id').primaryKey(),
    sha256: text('sha256').notNull(),
    mimeType: text('mime_type').notNull(),
    byteSize: integer('byte_size').notNull(),
    width: integer('width'),
    height: integer('height'),
    content: bytea('content').notNull(),
    createdBy: integer('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [uniqueIndex('bank_images_sha256_key').on(t.sha256), bankOnly('bank_images')],
);

// ─── Blueprints (组卷规则) and papers (试卷), issue 13 ─────────────────────────────────────────────────────────
//
// Bank-only like the banks: a blueprint tells how a paper is made, a paper which items a candidate gets.

export const blueprintStatus = pgEnum('blueprint_status', ['draft', 'published']);

/**
 * A campaign's blueprint for one subject (岗位技能: one job type × grade). `definition` is the domain Blueprint
 * (domain/blueprint.ts) without subject, job type and grade, which are columns. Published blueprints do not change;
 * withdrawing one (back to draft) is allowed only while no paper was drawn from it.
 */
export const blueprints = pgTable(
  'blueprints',
  {
    id: serial('id').primaryKey(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    subject: itemSubject('subject').$type<Subject>().notNull(),
    jobTypeId: integer('job_type_id').references(() => jobTypes.id),
    grade: smallint('grade'),
    status: blueprintStatus('status').notNull().default('draft'),
    definition: jsonb('definition').notNull(),
    /** Bumped by every change (edit, publish, withdraw): an edit names the revision it was made on. */
    revision: integer('revision').notNull().default(1),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }),
    publishedBy: integer('published_by'),
    publishedByName: text('published_by_name'),
    createdBy: integer('created_by').notNull(),
    ...timestamps,
  },
  (t) => [
    check(
      'blueprints_scope',
      sql`(${jobTypeSubject(t.subject)}) = (${t.jobTypeId} is not null) and (${jobTypeSubject(t.subject)}) = (${t.grade} is not null) and (${t.subject}::text <> 'basics' or ${t.grade} = 1) and (${t.subject}::text <> 'skill' or ${t.grade} between 2 and 5)`,
    ),
    check('blueprints_grade', sql`${t.grade} is null or ${t.grade} between 1 and 5`),
    check('blueprints_subject', notPanel(t.subject)),
    uniqueIndex('blueprints_scope_key').on(
      t.campaignId,
      t.subject,
      sql`coalesce(${t.jobTypeId}, 0)`,
      sql`coalesce(${t.grade}, 0)`,
    ),
    bankOnly('blueprints'),
  ],
);

/**
 * What one generation drew from: the blueprint as it was and the approved pool (domain PoolItem[], sorted by id),
 * for one candidate grade (职业道德 and 职业能力 banks may be per grade). A score review rebuilds a paper from its
 * pool, seed and algorithm version, whatever the banks hold by then. `digest` (SHA-256 of the canonical JSON of
 * blueprint, pool and algorithm version) lets a later run reuse an identical pool.
 */
export const paperPools = pgTable(
  'paper_pools',
  {
    id: serial('id').primaryKey(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    blueprintId: integer('blueprint_id')
      .notNull()
      .references(() => blueprints.id),
    blueprintRevision: integer('blueprint_revision').notNull(),
    grade: smallint('grade').notNull(),
    algorithmVersion: smallint('algorithm_version').notNull(),
    blueprint: jsonb('blueprint').notNull(),
    items: jsonb('items').notNull(),
    itemCount: integer('item_count').notNull(),
    digest: text('digest').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [uniqueIndex('paper_pools_digest_key').on(t.blueprintId, t.digest), bankOnly('paper_pools')],
);

/**
 * A candidate's paper for one subject (and sitting: a re-sit gets a new paper). `content` is
 * `sealJson(key, 'paper:<applicationId>:<subject>:<sitting>', PaperItem[])`: which item versions, in which order,
 * with which option order. Papers reach no client until exam delivery releases them.
 */
export const papers = pgTable(
  'papers',
  {
    id: serial('id').primaryKey(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    applicationId: integer('application_id')
      .notNull()
      .references(() => applications.id),
    subject: itemSubject('subject').$type<Subject>().notNull(),
    sitting: smallint('sitting').notNull().default(1),
    poolId: integer('pool_id')
      .notNull()
      .references(() => paperPools.id),
    seed: bigint('seed', { mode: 'number' }).notNull(),
    algorithmVersion: smallint('algorithm_version').notNull(),
    attempt: smallint('attempt').notNull(),
    itemCount: smallint('item_count').notNull(),
    meanDifficulty: doublePrecision('mean_difficulty').notNull(),
    content: bytea('content').notNull(),
    /** The background job that drew it, if one did. */
    jobId: text('job_id'),
    createdBy: integer('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    uniqueIndex('papers_candidate_key').on(t.applicationId, t.subject, t.sitting),
    check('papers_subject', notPanel(t.subject)),
    index('papers_campaign_idx').on(t.campaignId, t.subject),
    index('papers_pool_idx').on(t.poolId),
    bankOnly('papers'),
  ],
);

// ─── Test centres (考点), rooms (考场) and seat checks (机位检测), issue 14 ─────────────────────────────────────
// A centre belongs to a jurisdiction (org_path = the jurisdiction's path). Its jurisdiction's officials change it
// (org_path = gk_scope(): the jurisdiction's own node, so not the province, which reads all); a 考点管理员 runs with
// no subtree (tx.ts) and reaches only the centre gk_centre_id() names (migration 0022).
const centreReadable = (path: unknown, centreId: unknown) =>
  sql`(starts_with(${path}, gk_scope()) or ${centreId} = gk_centre_id())`;
const centreWritable = (path: unknown, centreId: unknown) =>
  sql`(${path} = gk_scope() or ${centreId} = gk_centre_id())`;

export const testCentres = pgTable(
  'test_centres',
  {
    id: serial('id').primaryKey(),
    /** The jurisdiction (org node) the centre belongs to, and its path for row-level security. */
    orgNodeId: integer('org_node_id')
      .notNull()
      .references(() => orgNodes.id),
    orgPath: text('org_path').notNull(),
    name: text('name').notNull(),
    /** Two digits, unique within the jurisdiction; part of the 准考证号. */
    code: text('code').notNull(),
    address: text('address').notNull(),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    active: boolean('active').notNull().default(true),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('test_centres_code_key').on(t.orgNodeId, t.code),
    uniqueIndex('test_centres_name_key').on(t.orgNodeId, t.name),
    index('test_centres_org_path_idx').on(t.orgPath),
    check('test_centres_code_format', sql`${t.code} ~ '^[0-9]{2}$'`),
    pgPolicy('test_centres_select', { for: 'select', to: gkApp, using: centreReadable(t.orgPath, t.id) }),
    pgPolicy('test_centres_insert', { for: 'insert', to: gkApp, withCheck: sql`${t.orgPath} = gk_scope()` }),
    pgPolicy('test_centres_update', {
      for: 'update',
      to: gkApp,
      using: sql`${t.orgPath} = gk_scope()`,
      withCheck: sql`${t.orgPath} = gk_scope()`,
    }),
  ],
);

/**
 * A room (考场) of a centre with its seat map (domain/seat-map.ts): rows × columns as laid out, labels of seats out
 * of use, and the share of usable seats kept spare (which ones: the seating's spareSeats, shown by defaultSpareSeats).
 */
export const examRooms = pgTable(
  'exam_rooms',
  {
    id: serial('id').primaryKey(),
    centreId: integer('centre_id')
      .notNull()
      .references(() => testCentres.id),
    /** The centre's org_path, copied so row-level security needs no join. */
    orgPath: text('org_path').notNull(),
    /** Two digits, unique within the centre; part of the 准考证号. */
    code: text('code').notNull(),
    name: text('name').notNull(),
    seatRows: smallint('seat_rows').notNull(),
    seatColumns: smallint('seat_columns').notNull(),
    outOfUse: text('out_of_use').array().notNull().default(sql`'{}'::text[]`),
    /** Per mille of usable seats kept spare (50 = 5 %). */
    sparePerMille: smallint('spare_per_mille').notNull().default(50),
    active: boolean('active').notNull().default(true),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('exam_rooms_code_key').on(t.centreId, t.code),
    index('exam_rooms_org_path_idx').on(t.orgPath),
    check('exam_rooms_code_format', sql`${t.code} ~ '^[0-9]{2}$'`),
    check('exam_rooms_size', sql`${t.seatRows} between 1 and 26 and ${t.seatColumns} between 1 and 99`),
    check('exam_rooms_spare', sql`${t.sparePerMille} between 0 and 500`),
    pgPolicy('exam_rooms_select', { for: 'select', to: gkApp, using: centreReadable(t.orgPath, t.centreId) }),
    pgPolicy('exam_rooms_insert', { for: 'insert', to: gkApp, withCheck: centreWritable(t.orgPath, t.centreId) }),
    pgPolicy('exam_rooms_update', {
      for: 'update',
      to: gkApp,
      using: centreWritable(t.orgPath, t.centreId),
      withCheck: centreWritable(t.orgPath, t.centreId),
    }),
  ],
);

export const seatCheckResult = pgEnum('seat_check_result', ['ok', 'failed']);

/** One readiness check of one seat's PC (append-only; the latest per seat is what the room page shows). */
export const seatChecks = pgTable(
  'seat_checks',
  {
    id: serial('id').primaryKey(),
    roomId: integer('room_id')
      .notNull()
      .references(() => examRooms.id),
    centreId: integer('centre_id')
      .notNull()
      .references(() => testCentres.id),
    orgPath: text('org_path').notNull(),
    seatLabel: text('seat_label').notNull(),
    checkedAt: timestamp('checked_at', { withTimezone: true, mode: 'date' }).notNull(),
    result: seatCheckResult('result').notNull(),
    /** The reasons it failed, in Chinese (empty when it passed). */
    reasons: text('reasons').array().notNull().default(sql`'{}'::text[]`),
    browser: text('browser').notNull(),
    userAgent: text('user_agent'),
    screenWidth: integer('screen_width').notNull(),
    screenHeight: integer('screen_height').notNull(),
    clockOffsetMs: integer('clock_offset_ms').notNull(),
    roundTripMs: integer('round_trip_ms').notNull(),
    checkedBy: integer('checked_by').notNull(),
    checkedByName: text('checked_by_name').notNull(),
  },
  (t) => [
    index('seat_checks_room_idx').on(t.roomId, t.seatLabel, t.checkedAt),
    pgPolicy('seat_checks_select', { for: 'select', to: gkApp, using: centreReadable(t.orgPath, t.centreId) }),
    pgPolicy('seat_checks_insert', {
      for: 'insert',
      to: gkApp,
      withCheck: sql`${centreWritable(t.orgPath, t.centreId)} and ${t.checkedBy} = gk_account_id()`,
    }),
  ],
);

// ─── Exam sessions (场次) and training (培训), issue 14 ──────────────────────────────────────────────────────────

/**
 * 场次: one day's sitting of the computer-based subjects, planned by the province (province-owned like campaigns).
 * `subjects` is [{subject, durationMinutes, breakAfterMinutes}] in order (src/domain/sessions.ts checks it).
 * Seating (the next step of issue 14) will point at sessions; deleting a session is refused once anything does.
 */
export const examSessions = pgTable(
  'exam_sessions',
  {
    id: serial('id').primaryKey(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    name: text('name').notNull(),
    sessionDate: date('session_date', { mode: 'string' }).notNull(),
    /** 'HH:MM', Beijing time. */
    startTime: text('start_time').notNull(),
    subjects: jsonb('subjects').notNull(),
    lateEntryMinutes: integer('late_entry_minutes').notNull(),
    earliestHandInMinutes: integer('earliest_hand_in_minutes').notNull(),
    capacityNote: text('capacity_note'),
    createdBy: integer('created_by'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('exam_sessions_campaign_name_key').on(t.campaignId, t.name),
    index('exam_sessions_campaign_date_idx').on(t.campaignId, t.sessionDate),
    ...provinceWrites('exam_sessions'),
  ],
);

/** Rows of a jurisdiction's training, reachable from the jurisdiction and the province (org_path is the jurisdiction's). */
const jurisdictionRows = (name: string, orgPath: unknown) => [
  pgPolicy(`${name}_select`, { for: 'select', to: gkApp, using: inScope(orgPath) }),
  pgPolicy(`${name}_insert`, { for: 'insert', to: gkApp, withCheck: inScope(orgPath) }),
  pgPolicy(`${name}_update`, { for: 'update', to: gkApp, using: inScope(orgPath), withCheck: inScope(orgPath) }),
  pgPolicy(`${name}_delete`, { for: 'delete', to: gkApp, using: inScope(orgPath) }),
];

/** 培训班: a jurisdiction's class for the job types and grades it serves (rules.md §8, April to July). */
export const trainingClasses = pgTable(
  'training_classes',
  {
    id: serial('id').primaryKey(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    jurisdictionId: integer('jurisdiction_id')
      .notNull()
      .references(() => orgNodes.id),
    /** The jurisdiction's path, so row-level security needs no join. */
    orgPath: text('org_path').notNull(),
    name: text('name').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    place: text('place').notNull(),
    teacher: text('teacher').notNull(),
    jobTypeIds: integer('job_type_ids').array().notNull(),
    grades: integer('grades').array().notNull(),
    capacity: integer('capacity').notNull(),
    createdBy: integer('created_by'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('training_classes_campaign_jurisdiction_name_key').on(t.campaignId, t.jurisdictionId, t.name),
    index('training_classes_campaign_path_idx').on(t.campaignId, t.orgPath),
    check('training_classes_dates', sql`${t.startsOn} <= ${t.endsOn}`),
    check('training_classes_capacity', sql`${t.capacity} > 0`),
    ...jurisdictionRows('training_classes', t.orgPath),
  ],
);

/** The class's roster: a confirmed candidate is in at most one class per campaign. */
export const trainingEnrolments = pgTable(
  'training_enrolments',
  {
    classId: integer('class_id')
      .notNull()
      .references(() => trainingClasses.id),
    campaignId: integer('campaign_id').notNull(),
    applicationId: integer('application_id')
      .notNull()
      .references(() => applications.id),
    orgPath: text('org_path').notNull(),
    createdBy: integer('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.classId, t.applicationId] }),
    uniqueIndex('training_enrolments_campaign_application_key').on(t.campaignId, t.applicationId),
    ...jurisdictionRows('training_enrolments', t.orgPath),
  ],
);

/** 课次: one day of a class. */
export const trainingSittings = pgTable(
  'training_sittings',
  {
    id: serial('id').primaryKey(),
    classId: integer('class_id')
      .notNull()
      .references(() => trainingClasses.id),
    orgPath: text('org_path').notNull(),
    sittingDate: date('sitting_date', { mode: 'string' }).notNull(),
    topic: text('topic'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    uniqueIndex('training_sittings_class_date_key').on(t.classId, t.sittingDate),
    ...jurisdictionRows('training_sittings', t.orgPath),
  ],
);

export const attendanceStatus = pgEnum('attendance_status', ['present', 'absent', 'excused']);

/** 考勤: one candidate at one sitting. */
export const trainingAttendance = pgTable(
  'training_attendance',
  {
    sittingId: integer('sitting_id')
      .notNull()
      .references(() => trainingSittings.id),
    applicationId: integer('application_id')
      .notNull()
      .references(() => applications.id),
    orgPath: text('org_path').notNull(),
    status: attendanceStatus('status').notNull(),
    recordedBy: integer('recorded_by'),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sittingId, t.applicationId] }),
    index('training_attendance_application_idx').on(t.applicationId),
    ...jurisdictionRows('training_attendance', t.orgPath),
  ],
);

// ─── Seating (编排考场) and admission tickets (准考证), issue 14 ────────────────────────────────────────────────
// The province runs the seating (src/domain/seating.ts) over the whole campaign; a jurisdiction's officials move and
// swap candidates within their own centres; units, applicants and centre managers read. The seat is the row-major
// number of domain/seating.ts ((row − 1) · columns + column, row 1 = row A at the front); its seat-map label (A03) is
// stored beside it so no reader has to convert.

/** Who may read a seat: the candidate's unit chain, the applicant, the centre's jurisdiction chain, its manager. */
const seatReadable = (unitPath: unknown, applicantId: unknown, centrePath: unknown, centreId: unknown) =>
  sql`(starts_with(${unitPath}, gk_scope()) or ${applicantId} = gk_account_id() or starts_with(${centrePath}, gk_scope()) or ${centreId} = gk_centre_id())`;

/**
 * 考场号: one room in one session, numbered within its centre through the campaign's sessions (01, 02, …; seating.ts
 * examRoomNumbers). Once given (and printed on a ticket) a number never changes; rows are added, never renumbered.
 */
export const examRoomNumbers = pgTable(
  'exam_room_numbers',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    sessionId: integer('session_id')
      .notNull()
      .references(() => examSessions.id),
    roomId: integer('room_id')
      .notNull()
      .references(() => examRooms.id),
    centreId: integer('centre_id')
      .notNull()
      .references(() => testCentres.id),
    /** Two digits, unique within the centre and campaign. */
    number: text('number').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.roomId] }),
    uniqueIndex('exam_room_numbers_centre_number_key').on(t.campaignId, t.centreId, t.number),
    check('exam_room_numbers_format', sql`${t.number} ~ '^[0-9]{2}$'`),
    ...provinceWrites('exam_room_numbers'),
  ],
);

/** One confirmed candidate's seat: session, room, seat and 准考证号 (one per application and campaign). */
export const seatAssignments = pgTable(
  'seat_assignments',
  {
    applicationId: integer('application_id')
      .primaryKey()
      .references(() => applications.id),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    sessionId: integer('session_id')
      .notNull()
      .references(() => examSessions.id),
    roomId: integer('room_id')
      .notNull()
      .references(() => examRooms.id),
    centreId: integer('centre_id')
      .notNull()
      .references(() => testCentres.id),
    /** Row-major seat number from 1 (domain/seating.ts). */
    seat: smallint('seat').notNull(),
    /** The seat map's label of the same seat, e.g. A03 (domain/seat-map.ts). */
    seatLabel: text('seat_label').notNull(),
    /** 18 characters (domain/ticket-number.ts). */
    ticketNumber: text('ticket_number').notNull(),
    /** The application's unit path and applicant, copied so row-level security needs no join. */
    orgPath: text('org_path').notNull(),
    applicantAccountId: integer('applicant_account_id'),
    /** The centre's jurisdiction path. */
    centrePath: text('centre_path').notNull(),
    /** 'auto' (a seating run) or 'manual' (a move or swap). */
    source: text('source').notNull(),
    /** Set when the seating was published to the candidate: a re-run keeps the seat unless told to move notified. */
    notifiedAt: timestamp('notified_at', { withTimezone: true, mode: 'date' }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('seat_assignments_seat_key').on(t.sessionId, t.roomId, t.seat),
    uniqueIndex('seat_assignments_ticket_key').on(t.ticketNumber),
    index('seat_assignments_campaign_idx').on(t.campaignId, t.sessionId, t.roomId),
    index('seat_assignments_org_path_idx').on(t.orgPath),
    index('seat_assignments_centre_path_idx').on(t.centrePath),
    check('seat_assignments_seat_range', sql`${t.seat} between 1 and 999`),
    check('seat_assignments_ticket_format', sql`${t.ticketNumber} ~ '^[0-9]{17}[0-9X]$'`),
    check('seat_assignments_source', sql`${t.source} in ('auto', 'manual')`),
    pgPolicy('seat_assignments_select', {
      for: 'select',
      to: gkApp,
      using: seatReadable(t.orgPath, t.applicantAccountId, t.centrePath, t.centreId),
    }),
    pgPolicy('seat_assignments_insert', { for: 'insert', to: gkApp, withCheck: inScope(t.centrePath) }),
    pgPolicy('seat_assignments_update', {
      for: 'update',
      to: gkApp,
      using: inScope(t.centrePath),
      withCheck: inScope(t.centrePath),
    }),
    pgPolicy('seat_assignments_delete', { for: 'delete', to: gkApp, using: inScope(t.centrePath) }),
  ],
);

/** One seating run of a campaign: its options, counts and report (unseated, notified moved, capacity). */
export const seatingRuns = pgTable(
  'seating_runs',
  {
    id: serial('id').primaryKey(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    /** { moveNotified, fresh }. */
    options: jsonb('options').notNull(),
    /** SeatingCounts of domain/seating.ts. */
    counts: jsonb('counts').notNull(),
    /** { unseated, pinnedProblems, capacity } of domain/seating.ts, with names joined at read time. */
    report: jsonb('report').notNull(),
    startedBy: integer('started_by'),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('seating_runs_campaign_idx').on(t.campaignId, t.id), ...provinceWrites('seating_runs')],
);

// ─── Exam day (考试作答与监考), issue 15 ─────────────────────────────────────────────────────────────────────────
// The candidate's client at the seat is no account: it signs in with 准考证号 and ID number and then carries a
// random bearer token whose SHA-256 is stored here. The candidate's routes (modules/delivery) run in system
// transactions bound to that token, so the save path pays no role switch, session touch or audit row (the answers
// are their own record, one row per item, the newest sequence number kept). Officials (proctors, centre managers,
// inspectors) read and act under row-level security: the candidate's unit chain and the applicant read
// (seatReadable), the centre's jurisdiction chain and manager read and write.
const examRowWritable = (centrePath: unknown, centreId: unknown) =>
  sql`(starts_with(${centrePath}, gk_scope()) or ${centreId} = gk_centre_id())`;
const examRows = (name: string, orgPath: unknown, applicantId: unknown, centrePath: unknown, centreId: unknown) => [
  pgPolicy(`${name}_select`, {
    for: 'select',
    to: gkApp,
    using: seatReadable(orgPath, applicantId, centrePath, centreId),
  }),
  pgPolicy(`${name}_insert`, { for: 'insert', to: gkApp, withCheck: examRowWritable(centrePath, centreId) }),
  pgPolicy(`${name}_update`, {
    for: 'update',
    to: gkApp,
    using: examRowWritable(centrePath, centreId),
    withCheck: examRowWritable(centrePath, centreId),
  }),
];
/** Rows of one room in one session (room states, proctor assignments, events): the centre's chain and manager. */
const roomRows = (name: string, centrePath: unknown, centreId: unknown) => [
  pgPolicy(`${name}_select`, { for: 'select', to: gkApp, using: examRowWritable(centrePath, centreId) }),
  pgPolicy(`${name}_insert`, { for: 'insert', to: gkApp, withCheck: examRowWritable(centrePath, centreId) }),
  pgPolicy(`${name}_update`, {
    for: 'update',
    to: gkApp,
    using: examRowWritable(centrePath, centreId),
    withCheck: examRowWritable(centrePath, centreId),
  }),
  pgPolicy(`${name}_delete`, { for: 'delete', to: gkApp, using: examRowWritable(centrePath, centreId) }),
];

/**
 * 作答状态 of a candidate in a session: waiting (signed in, not yet admitted), admitted (sitting; subjects open and
 * close by their times), finished (every subject submitted), absent (缺考, marked by the proctor after the
 * late-entry limit), stopped (the room's session was stopped for rescheduling after an outage).
 */
export const attemptStatus = pgEnum('attempt_status', ['waiting', 'admitted', 'finished', 'absent', 'stopped']);
/** How a subject was handed in: by the candidate, by the server at the deadline, by the proctor, or stopped. */
export const submitKind = pgEnum('submit_kind', ['candidate', 'deadline', 'proctor', 'stopped']);

/** One seated candidate's sitting of one session (one row per application and session). */
export const examAttempts = pgTable(
  'exam_attempts',
  {
    id: serial('id').primaryKey(),
    applicationId: integer('application_id')
      .notNull()
      .references(() => applications.id),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    sessionId: integer('session_id')
      .notNull()
      .references(() => examSessions.id),
    /** Where the candidate sits now: the published seat, or the spare seat the proctor moved them to. */
    roomId: integer('room_id')
      .notNull()
      .references(() => examRooms.id),
    centreId: integer('centre_id')
      .notNull()
      .references(() => testCentres.id),
    seat: smallint('seat').notNull(),
    seatLabel: text('seat_label').notNull(),
    ticketNumber: text('ticket_number').notNull(),
    /** Copies for row-level security, as on seat_assignments. */
    orgPath: text('org_path').notNull(),
    applicantAccountId: integer('applicant_account_id'),
    centrePath: text('centre_path').notNull(),
    status: attemptStatus('status').notNull().default('waiting'),
    signedInAt: timestamp('signed_in_at', { withTimezone: true, mode: 'date' }),
    admittedAt: timestamp('admitted_at', { withTimezone: true, mode: 'date' }),
    /** The proctor who admitted (null: admitted automatically by the campaign's setting). */
    admittedBy: integer('admitted_by'),
    /** SHA-256 (hex) of the active client's bearer token: one active client per attempt. */
    clientTokenHash: text('client_token_hash'),
    /** A second sign-in (another PC, a cleared browser) waits here until the proctor lets it take over. */
    pendingTokenHash: text('pending_token_hash'),
    pendingSince: timestamp('pending_since', { withTimezone: true, mode: 'date' }),
    /** The client's last heartbeat or save, and what it last reported (unsaved journal entries, online). */
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }),
    unsavedCount: integer('unsaved_count').notNull().default(0),
    /** Seconds given to this candidate (by the proctor, or back after a pause of the room). */
    extraSeconds: integer('extra_seconds').notNull().default(0),
    absentAt: timestamp('absent_at', { withTimezone: true, mode: 'date' }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('exam_attempts_application_session_key').on(t.applicationId, t.sessionId),
    uniqueIndex('exam_attempts_client_token_key').on(t.clientTokenHash),
    uniqueIndex('exam_attempts_pending_token_key').on(t.pendingTokenHash),
    uniqueIndex('exam_attempts_ticket_session_key').on(t.ticketNumber, t.sessionId),
    index('exam_attempts_room_idx').on(t.sessionId, t.roomId),
    index('exam_attempts_org_path_idx').on(t.orgPath),
    index('exam_attempts_centre_path_idx').on(t.centrePath),
    ...examRows('exam_attempts', t.orgPath, t.applicantAccountId, t.centrePath, t.centreId),
  ],
);

/**
 * One subject of an attempt, in the session's order, with its paper and its own clock: opens_at and deadline_at
 * start from the session's timeline and move with time given (a candidate's extra time, a room's pause given
 * back). The server submits at deadline_at plus the campaign's grace, with or without a client.
 */
export const attemptSubjects = pgTable(
  'attempt_subjects',
  {
    id: serial('id').primaryKey(),
    attemptId: integer('attempt_id')
      .notNull()
      .references(() => examAttempts.id),
    subject: itemSubject('subject').$type<Subject>().notNull(),
    /** 1-based order within the session. */
    position: smallint('position').notNull(),
    paperId: integer('paper_id')
      .notNull()
      .references(() => papers.id),
    itemCount: smallint('item_count').notNull(),
    maxScore: doublePrecision('max_score').notNull(),
    /**
     * What each position of the paper takes, written at the attempt's creation (migration 0026): element k is the
     * anchored regular expression of item k+1's answers in the letters shown ('^[A-D]?$' a single choice of four,
     * '^A?B?C?D?E?$' a multiple choice of five, '^[TF]?$' true/false), so the save path checks answers inside its
     * one statement without opening the paper.
     */
    answerShapes: text('answer_shapes').array().notNull().default(sql`'{}'::text[]`),
    opensAt: timestamp('opens_at', { withTimezone: true, mode: 'date' }).notNull(),
    deadlineAt: timestamp('deadline_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** When the candidate's client first fetched the paper. */
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }),
    submitKind: submitKind('submit_kind'),
    /** Answered items (a non-empty answer) at the last save; the proctor's "answered N of 100". */
    answeredCount: smallint('answered_count').notNull().default(0),
    /** The objective score at submit (null before, and for a stopped subject). */
    score: doublePrecision('score'),
    /** Copies for row-level security, as on exam_attempts. */
    orgPath: text('org_path').notNull(),
    applicantAccountId: integer('applicant_account_id'),
    centrePath: text('centre_path').notNull(),
    centreId: integer('centre_id').notNull(),
  },
  (t) => [
    uniqueIndex('attempt_subjects_attempt_subject_key').on(t.attemptId, t.subject),
    uniqueIndex('attempt_subjects_paper_key').on(t.paperId),
    // The deadline sweeper's scan: open subjects by deadline.
    index('attempt_subjects_open_deadline_idx').on(t.deadlineAt).where(sql`${t.submittedAt} is null`),
    ...examRows('attempt_subjects', t.orgPath, t.applicantAccountId, t.centrePath, t.centreId),
  ],
);

/**
 * The newest saved answer of one item (position in the paper as shown) of one attempt subject. `answer` holds the
 * letters as the candidate saw them ('' when cleared; 'T'/'F' for true/false); `seq` is the client journal's
 * sequence number: a save with a lower or equal seq than the stored one is acknowledged and ignored, so resends and
 * reordering never overwrite a newer answer. Reached only by the delivery and proctoring services.
 */
export const attemptAnswers = pgTable(
  'attempt_answers',
  {
    attemptSubjectId: integer('attempt_subject_id')
      .notNull()
      .references(() => attemptSubjects.id),
    position: smallint('position').notNull(),
    answer: text('answer').notNull(),
    flagged: boolean('flagged').notNull().default(false),
    seq: integer('seq').notNull(),
    savedAt: timestamp('saved_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** 'client' (a save), 'recovery' (merged from a recovery file by the proctor). */
    source: text('source').notNull().default('client'),
  },
  (t) => [
    primaryKey({ columns: [t.attemptSubjectId, t.position] }),
    check('attempt_answers_source', sql`${t.source} in ('client', 'recovery')`),
    check('attempt_answers_position', sql`${t.position} between 1 and 1000`),
  ],
);

/**
 * One room in one session on exam day: paused (a power cut: the clock stops for the whole room, and the time is
 * given back on resume) and stopped (the outage outlasted the limit: the session is to be rescheduled).
 */
export const examRoomStates = pgTable(
  'exam_room_states',
  {
    sessionId: integer('session_id')
      .notNull()
      .references(() => examSessions.id),
    roomId: integer('room_id')
      .notNull()
      .references(() => examRooms.id),
    centreId: integer('centre_id')
      .notNull()
      .references(() => testCentres.id),
    centrePath: text('centre_path').notNull(),
    pausedAt: timestamp('paused_at', { withTimezone: true, mode: 'date' }),
    pauseReason: text('pause_reason'),
    /** Seconds the room was paused in total (given back to every candidate on each resume). */
    pausedSeconds: integer('paused_seconds').notNull().default(0),
    /** Seconds given to the whole room by the proctor (besides pauses). */
    extraSeconds: integer('extra_seconds').notNull().default(0),
    stoppedAt: timestamp('stopped_at', { withTimezone: true, mode: 'date' }),
    stopReason: text('stop_reason'),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.roomId] }), ...roomRows('exam_room_states', t.centrePath, t.centreId)],
);

/** Which proctors (监考员) run which room in which session; a jurisdiction admin or centre manager assigns them. */
export const proctorAssignments = pgTable(
  'proctor_assignments',
  {
    sessionId: integer('session_id')
      .notNull()
      .references(() => examSessions.id),
    roomId: integer('room_id')
      .notNull()
      .references(() => examRooms.id),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    centreId: integer('centre_id')
      .notNull()
      .references(() => testCentres.id),
    centrePath: text('centre_path').notNull(),
    assignedBy: integer('assigned_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.roomId, t.accountId] }),
    index('proctor_assignments_account_idx').on(t.accountId, t.sessionId),
    ...roomRows('proctor_assignments', t.centrePath, t.centreId),
  ],
);

export const examEventKind = pgEnum('exam_event_kind', ['violation', 'incident']);

/**
 * 违纪 (a violation by one candidate, with its tier) and 异常情况 (an incident in the room: power cut, network, a
 * PC failing, with start and end), recorded by the room's proctor for the 场次报告.
 */
export const examEvents = pgTable(
  'exam_events',
  {
    id: serial('id').primaryKey(),
    sessionId: integer('session_id')
      .notNull()
      .references(() => examSessions.id),
    roomId: integer('room_id')
      .notNull()
      .references(() => examRooms.id),
    centreId: integer('centre_id')
      .notNull()
      .references(() => testCentres.id),
    centrePath: text('centre_path').notNull(),
    kind: examEventKind('kind').notNull(),
    /** The violation's or incident's type (domain/exam-events.ts). */
    type: text('type').notNull(),
    /** A violation's tier (1 = 警告 … the domain's table); null for incidents. */
    tier: smallint('tier'),
    attemptId: integer('attempt_id').references(() => examAttempts.id),
    note: text('note').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true, mode: 'date' }),
    recordedBy: integer('recorded_by').notNull(),
    ...timestamps,
  },
  (t) => [
    index('exam_events_room_idx').on(t.sessionId, t.roomId),
    check('exam_events_tier', sql`(${t.kind} = 'violation') = (${t.tier} is not null)`),
    ...roomRows('exam_events', t.centrePath, t.centreId),
  ],
);

// ─── Results (成绩), issue 16 ────────────────────────────────────────────────────────────────────────────────
// The score table is materialised: a subject's result depends on exam day's attempt (absent, stopped), its score
// and the violations the centre's proctors recorded (readable only down the centre's chain), so it is compiled by
// the province (成绩汇总, also after every re-score and at release) in one set-based statement into rows that carry
// the candidate's unit path. Officials then read their own subtree under row-level security, lists, aggregates and
// the public lookup read one indexed table, and a released result stays what was released until the province
// compiles again. Imported subjects (sat elsewhere: 技术监督, 测绘) are rows of their own that a compile keeps.

/** One candidate's (application's) result in one subject. */
export const scoreResults = pgTable(
  'score_results',
  {
    applicationId: integer('application_id')
      .notNull()
      .references(() => applications.id),
    subject: itemSubject('subject').notNull(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    /** scored | absent | voided | pending (domain/scores.ts). */
    status: text('status').notNull(),
    /** Points (hundredths at most) when scored. */
    score: doublePrecision('score'),
    /** The violation tier that voided the subject. */
    voidTier: smallint('void_tier'),
    /**
     * 'exam' (compiled from exam day), 'import' (an Excel import for a subject sat elsewhere) or 'panel' (a 一级
     * candidate's 综合评审, written by the panel review; the only source of subject 'panel').
     */
    source: text('source').notNull(),
    attemptSubjectId: integer('attempt_subject_id').references(() => attemptSubjects.id),
    ticketNumber: text('ticket_number'),
    /** Copies of the application for row-level security and the tables' filters and groupings. */
    orgPath: text('org_path').notNull(),
    applicantAccountId: integer('applicant_account_id'),
    jurisdictionId: integer('jurisdiction_id').notNull(),
    unitId: integer('unit_id').notNull(),
    jobTypeId: integer('job_type_id').notNull(),
    grade: smallint('grade').notNull(),
    updatedBy: integer('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.applicationId, t.subject] }),
    index('score_results_campaign_path_idx').on(t.campaignId, t.orgPath),
    index('score_results_ticket_idx').on(t.ticketNumber),
    check('score_results_status', sql`${t.status} in ('scored', 'absent', 'voided', 'pending')`),
    check('score_results_source', sql`${t.source} in ('exam', 'import', 'panel')`),
    check('score_results_panel', sql`(${t.subject}::text = 'panel') = (${t.source} = 'panel')`),
    check(
      'score_results_score',
      sql`(${t.status} = 'scored') = (${t.score} is not null) and (${t.score} is null or ${t.score} between 0 and 100)`,
    ),
    check('score_results_void', sql`(${t.status} = 'voided') = (${t.voidTier} is not null)`),
    pgPolicy('score_results_select', {
      for: 'select',
      to: gkApp,
      using: sql`(starts_with(${t.orgPath}, gk_scope()) or ${t.applicantAccountId} = gk_account_id())`,
    }),
    pgPolicy('score_results_insert', { for: 'insert', to: gkApp, withCheck: provinceScope }),
    pgPolicy('score_results_update', { for: 'update', to: gkApp, using: provinceScope, withCheck: provinceScope }),
    pgPolicy('score_results_delete', { for: 'delete', to: gkApp, using: provinceScope }),
  ],
);

/**
 * A campaign's score table per result track (结果批次, domain/result-tracks.ts: 'regular' 五级至二级, 'grade1' 一级):
 * when the track was last compiled (成绩汇总) and when the province released it (成绩发布). Each track is released
 * on its own: the regular track in September must not freeze 一级's results of November.
 */
export const scoreStates = pgTable(
  'score_states',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    track: text('track').notNull().default('regular'),
    compiledAt: timestamp('compiled_at', { withTimezone: true, mode: 'date' }),
    /** Set once released: the public lookup answers the track's candidates from then on. */
    releasedAt: timestamp('released_at', { withTimezone: true, mode: 'date' }),
    releasedBy: integer('released_by'),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.track] }),
    check('score_states_track', sql`${t.track} in ('regular', 'grade1')`),
    ...provinceWrites('score_states'),
  ],
);

// ─── Certificates (证书), issue 16 part 5 ────────────────────────────────────────────────────────────────────
// One certificate per candidate (application) and grade passed, issued in batches per jurisdiction once the
// campaign's scores are released. The holder's details and the signed QR text are copied at issue: a certificate
// says what was issued, whatever changes later. Officials reach the rows of their subtree (org_path, the unit's
// path as on the application); the public verification reads by number in a system transaction.

/** 证书. */
export const certificates = pgTable(
  'certificates',
  {
    id: serial('id').primaryKey(),
    /** 证书编号 (domain/certificate-number.ts): year + region code + grade + serial. */
    number: text('number').notNull(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    applicationId: integer('application_id')
      .notNull()
      .references(() => applications.id),
    year: smallint('year').notNull(),
    regionCode: text('region_code').notNull(),
    serial: integer('serial').notNull(),
    holderName: text('holder_name').notNull(),
    /** In full (officials' lists mask it; the public and the QR see 410105********1234). */
    idNumber: text('id_number').notNull(),
    jobTypeId: integer('job_type_id').notNull(),
    jobTypeName: text('job_type_name').notNull(),
    grade: smallint('grade').notNull(),
    issuedOn: date('issued_on', { mode: 'string' }).notNull(),
    /** 发证机关: the province node's name (河南省人力资源和社会保障厅). */
    issuer: text('issuer').notNull(),
    /** `GKC1.<payload>.<signature>`, signed at issue; the printed QR and the public answer carry this text. */
    qr: text('qr').notNull(),
    /** valid | revoked. */
    status: text('status').notNull(),
    revokeReason: text('revoke_reason'),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    revokedBy: integer('revoked_by'),
    /** A reissue (遗失补发) names the certificate it replaces. */
    replacesId: integer('replaces_id').references((): AnyPgColumn => certificates.id),
    /** Copies of the application for row-level security and the list's filters. */
    orgPath: text('org_path').notNull(),
    jurisdictionId: integer('jurisdiction_id').notNull(),
    unitId: integer('unit_id').notNull(),
    issuedBy: integer('issued_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    uniqueIndex('certificates_number_key').on(t.number),
    uniqueIndex('certificates_serial_key').on(t.year, t.regionCode, t.serial),
    // At most one valid certificate per candidate and grade (an application is one grade of one campaign).
    uniqueIndex('certificates_application_valid_key').on(t.applicationId).where(sql`${t.status} = 'valid'`),
    index('certificates_campaign_path_idx').on(t.campaignId, t.orgPath),
    check('certificates_status', sql`${t.status} in ('valid', 'revoked')`),
    check('certificates_number_shape', sql`${t.number} ~ '^[0-9]{16}$'`),
    check(
      'certificates_revoked',
      sql`(${t.status} = 'revoked') = (${t.revokedAt} is not null and ${t.revokeReason} is not null)`,
    ),
    pgPolicy('certificates_select', { for: 'select', to: gkApp, using: sql`starts_with(${t.orgPath}, gk_scope())` }),
    pgPolicy('certificates_insert', {
      for: 'insert',
      to: gkApp,
      withCheck: sql`starts_with(${t.orgPath}, gk_scope())`,
    }),
    pgPolicy('certificates_update', {
      for: 'update',
      to: gkApp,
      using: sql`starts_with(${t.orgPath}, gk_scope())`,
      withCheck: sql`starts_with(${t.orgPath}, gk_scope())`,
    }),
  ],
);

/** The last serial given per (year, jurisdiction's region code): taken with an upsert in the issuing transaction. */
export const certificateSerials = pgTable(
  'certificate_serials',
  {
    year: smallint('year').notNull(),
    regionCode: text('region_code').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.year, t.regionCode] }),
    check('certificate_serials_last', sql`${t.last} between 0 and 99999`),
    pgPolicy('certificate_serials_select', { for: 'select', to: gkApp, using: sql`true` }),
    pgPolicy('certificate_serials_insert', { for: 'insert', to: gkApp, withCheck: sql`true` }),
    pgPolicy('certificate_serials_update', { for: 'update', to: gkApp, using: sql`true`, withCheck: sql`true` }),
  ],
);

// ─── Working-day calendar, publicity (公示) and score review (复核), issue 16 parts 3 and 4 ────────────────────

/**
 * The province's calendar of public holidays (放假) and weekend days worked (调休上班), which every period counted in
 * working days reads (domain/working-days.ts). Seeded with the State Council's notices as far as known; the
 * province maintains it. Readable by every signed-in role; written by the province.
 */
export const workCalendarDays = pgTable(
  'work_calendar_days',
  {
    date: date('date', { mode: 'string' }).primaryKey(),
    /** 'holiday' 放假 | 'workday' 调休上班. */
    kind: text('kind').notNull(),
    /** The holiday's name, e.g. 国庆节. */
    name: text('name').notNull(),
    updatedBy: integer('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    check('work_calendar_days_kind', sql`${t.kind} in ('holiday', 'workday')`),
    ...provinceWrites('work_calendar_days'),
  ],
);

/**
 * A campaign's publicity (公示) of its qualified persons: one per campaign and result track (五级至二级, 一级), published
 * by the province; a track's entries are the publicity_entries of its grades.
 */
export const publicityLists = pgTable(
  'publicity_lists',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    /** 'regular' (五级至二级) | 'grade1' (一级), domain/result-tracks.ts. */
    track: text('track').notNull().default('regular'),
    /** The first and last day (Beijing, inclusive) of the period of `workingDays` working days. */
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    workingDays: smallint('working_days').notNull(),
    /** Where objections go (printed on the public page), e.g. 省工考办 0371-00000000. */
    contact: text('contact').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }).notNull(),
    publishedBy: integer('published_by').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.track] }),
    check('publicity_lists_period', sql`${t.startsOn} <= ${t.endsOn}`),
    check('publicity_lists_track', sql`${t.track} in ('regular', 'grade1')`),
    ...provinceWrites('publicity_lists'),
  ],
);

/**
 * One person on a campaign's publicity: a copy of what was published (the qualified list at publication), so the
 * public page shows what the province published. A person struck after an upheld objection keeps the row with
 * `struck_at`; the notice of qualified persons and the certificates leave them out.
 */
export const publicityEntries = pgTable(
  'publicity_entries',
  {
    applicationId: integer('application_id')
      .primaryKey()
      .references(() => applications.id),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    name: text('name').notNull(),
    /** 410105********1234: the public never sees more. */
    idNumberMasked: text('id_number_masked').notNull(),
    orgPath: text('org_path').notNull(),
    jurisdictionId: integer('jurisdiction_id').notNull(),
    jurisdictionName: text('jurisdiction_name').notNull(),
    unitName: text('unit_name').notNull(),
    jobTypeName: text('job_type_name').notNull(),
    grade: smallint('grade').notNull(),
    struckAt: timestamp('struck_at', { withTimezone: true, mode: 'date' }),
    struckReason: text('struck_reason'),
  },
  (t) => [
    index('publicity_entries_campaign_idx').on(t.campaignId, t.orgPath),
    pgPolicy('publicity_entries_select', { for: 'select', to: gkApp, using: inScope(t.orgPath) }),
    pgPolicy('publicity_entries_insert', { for: 'insert', to: gkApp, withCheck: provinceScope }),
    pgPolicy('publicity_entries_update', { for: 'update', to: gkApp, using: provinceScope, withCheck: provinceScope }),
  ],
);

/** An objection (异议) to a person on the publicity: filed online by the public or recorded by staff; resolved once. */
export const publicityObjections = pgTable(
  'publicity_objections',
  {
    id: serial('id').primaryKey(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    applicationId: integer('application_id')
      .notNull()
      .references(() => publicityEntries.applicationId),
    /** 'online' (the public page) | 'staff' (recorded by the province from a letter or call). */
    source: text('source').notNull(),
    objectorName: text('objector_name').notNull(),
    objectorContact: text('objector_contact').notNull(),
    content: text('content').notNull(),
    /** 'pending' | 'investigating' | 'upheld' (the person struck) | 'dismissed'. */
    status: text('status').notNull(),
    /** 调查情况: what the investigation found (written when investigating and when resolving). */
    investigation: text('investigation'),
    resolution: text('resolution'),
    orgPath: text('org_path').notNull(),
    recordedBy: integer('recorded_by'),
    resolvedBy: integer('resolved_by'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('publicity_objections_campaign_idx').on(t.campaignId, t.id),
    check('publicity_objections_source', sql`${t.source} in ('online', 'staff')`),
    check('publicity_objections_status', sql`${t.status} in ('pending', 'investigating', 'upheld', 'dismissed')`),
    check(
      'publicity_objections_resolved',
      sql`(${t.status} in ('upheld', 'dismissed')) = (${t.resolvedAt} is not null and ${t.resolution} is not null)`,
    ),
    pgPolicy('publicity_objections_select', { for: 'select', to: gkApp, using: inScope(t.orgPath) }),
    pgPolicy('publicity_objections_insert', { for: 'insert', to: gkApp, withCheck: provinceScope }),
    pgPolicy('publicity_objections_update', {
      for: 'update',
      to: gkApp,
      using: provinceScope,
      withCheck: provinceScope,
    }),
  ],
);

/**
 * A score review request (成绩复核) for one subject of a candidate: filed by the candidate or their unit within the
 * campaign's window, processed by the province or the candidate's jurisdiction (the paper rebuilt from its seed and
 * the stored answers scored again), answered 维持 (upheld) or 更正 (corrected, with the new score).
 */
export const scoreReviews = pgTable(
  'score_reviews',
  {
    id: serial('id').primaryKey(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    applicationId: integer('application_id')
      .notNull()
      .references(() => applications.id),
    subject: itemSubject('subject').$type<Subject>().notNull(),
    reason: text('reason').notNull(),
    /** 'applicant' (the candidate's own account) | 'unit' (the unit's officer). */
    filedByKind: text('filed_by_kind').notNull(),
    filedBy: integer('filed_by').notNull(),
    /** The Beijing date filed: the working days taken count from it. */
    filedOn: date('filed_on', { mode: 'string' }).notNull(),
    /** 'pending' | 'decided'. */
    status: text('status').notNull(),
    /** 'upheld' 维持 | 'corrected' 更正. */
    outcome: text('outcome'),
    originalScore: doublePrecision('original_score'),
    rescoredScore: doublePrecision('rescored_score'),
    newScore: doublePrecision('new_score'),
    /** The rebuild check: did the paper rebuilt from its seed equal the stored one. */
    rebuildMatches: boolean('rebuild_matches'),
    rebuildMessage: text('rebuild_message'),
    note: text('note'),
    decidedBy: integer('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    decidedOn: date('decided_on', { mode: 'string' }),
    /** Copies of the application for row-level security. */
    orgPath: text('org_path').notNull(),
    applicantAccountId: integer('applicant_account_id'),
    jurisdictionId: integer('jurisdiction_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    uniqueIndex('score_reviews_subject_key').on(t.applicationId, t.subject),
    index('score_reviews_campaign_idx').on(t.campaignId, t.orgPath),
    check('score_reviews_kind', sql`${t.filedByKind} in ('applicant', 'unit')`),
    // 综合评审 is reviewed by the panel module, never re-scored from a paper.
    check('score_reviews_subject', notPanel(t.subject)),
    check('score_reviews_status', sql`${t.status} in ('pending', 'decided')`),
    check(
      'score_reviews_decided',
      sql`(${t.status} = 'decided') = (${t.outcome} is not null and ${t.decidedAt} is not null and ${t.decidedOn} is not null)`,
    ),
    check('score_reviews_outcome', sql`${t.outcome} is null or ${t.outcome} in ('upheld', 'corrected')`),
    check('score_reviews_corrected', sql`(${t.outcome} = 'corrected') = (${t.newScore} is not null)`),
    pgPolicy('score_reviews_select', {
      for: 'select',
      to: gkApp,
      using: sql`(${inScope(t.orgPath)} or ${t.applicantAccountId} = gk_account_id())`,
    }),
    pgPolicy('score_reviews_insert', {
      for: 'insert',
      to: gkApp,
      withCheck: sql`(${inScope(t.orgPath)} or ${t.applicantAccountId} = gk_account_id())`,
    }),
    pgPolicy('score_reviews_update', {
      for: 'update',
      to: gkApp,
      using: inScope(t.orgPath),
      withCheck: inScope(t.orgPath),
    }),
  ],
);

// ─── Item analysis (试题分析), issue 17 part 5 ──────────────────────────────────────────────────────────────
// Bank-only like the banks: which item a candidate had and how it fared tells about the item. Written by the
// analysis job in a system transaction (after the bank manager's permission check); read and reviewed by gk_bank.

/** One campaign subject's last analysis: the summary of the sitting and the bounds the flags were set with. */
export const itemAnalysisRuns = pgTable(
  'item_analysis_runs',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    subject: itemSubject('subject').$type<Subject>().notNull(),
    attempts: integer('attempts').notNull(),
    itemsPerPaper: doublePrecision('items_per_paper').notNull(),
    maxScore: doublePrecision('max_score').notNull(),
    mean: doublePrecision('mean'),
    sd: doublePrecision('sd'),
    kr20: doublePrecision('kr20'),
    /** [{from, to, count}], domain HistogramBin. */
    histogram: jsonb('histogram').notNull(),
    /** The domain ItemAnalysisBounds used for the flags. */
    bounds: jsonb('bounds').notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true, mode: 'date' }).notNull(),
    computedBy: integer('computed_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.subject] }), bankOnly('item_analysis_runs')],
);

/**
 * One item version's statistics in a campaign subject. A recompute updates the figures in place and keeps the
 * review (who, when, the note), so a reviewed item stays reviewed; rows of items no longer seen are deleted.
 */
export const itemStatistics = pgTable(
  'item_statistics',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    subject: itemSubject('subject').$type<Subject>().notNull(),
    itemId: integer('item_id')
      .notNull()
      .references(() => bankItems.id),
    version: integer('version').notNull(),
    attempts: integer('attempts').notNull(),
    correct: integer('correct').notNull(),
    p: doublePrecision('p').notNull(),
    discrimination: doublePrecision('discrimination'),
    /** {letter: share}, original letters. */
    optionRates: jsonb('option_rates').notNull(),
    blankRate: doublePrecision('blank_rate').notNull(),
    /** domain ItemFlag[]; empty when within bounds. */
    flags: text('flags').array().notNull(),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true, mode: 'date' }),
    reviewedBy: integer('reviewed_by'),
    reviewerName: text('reviewer_name'),
    reviewNote: text('review_note'),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.subject, t.itemId, t.version] }), bankOnly('item_statistics')],
);

// ─── 综合评审 (the panel review of 一级 candidates), issue 17 part 3 ─────────────────────────────────────────
// The province keeps the expert list (专家库) and, per campaign, the criteria, the panels (评审组: members, a 组长, a
// schedule) and the candidates assigned to them. Experts run with no subtree (tx.ts): they reach no application, only
// these tables, and of these only their own panels, through gk_panel_ids() and gk_chair_panel_ids() (migration 0033:
// security-definer reads of panel_members, so the policies need not read the table they guard). What an expert needs
// of a candidate is copied into panel_candidates at assignment (the ID number masked), as the publicity copies its
// list. Rules in domain/panel-review.ts.

/** 评审专家: one person of the province's expert list; `account_id` once the province created their account. */
export const experts = pgTable(
  'experts',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    /** In full (lists mask it). */
    idNumber: text('id_number').notNull(),
    /** 工作单位: an org node (usually a unit), so the own-unit rule can be checked. */
    workUnitId: integer('work_unit_id')
      .notNull()
      .references(() => orgNodes.id),
    /** 职称 / 专长, free text. */
    title: text('title'),
    specialty: text('specialty'),
    /** Job types (ids of any catalogue version) the expert is competent for. */
    jobTypeIds: integer('job_type_ids').array().notNull().default(sql`'{}'::integer[]`),
    phone: text('phone'),
    active: boolean('active').notNull().default(true),
    accountId: integer('account_id').references(() => accounts.id),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('experts_id_number_key').on(t.idNumber),
    uniqueIndex('experts_account_key').on(t.accountId),
    pgPolicy('experts_select', {
      for: 'select',
      to: gkApp,
      using: sql`(${provinceScope} or ${t.accountId} = gk_account_id())`,
    }),
    pgPolicy('experts_insert', { for: 'insert', to: gkApp, withCheck: provinceScope }),
    pgPolicy('experts_update', { for: 'update', to: gkApp, using: provinceScope, withCheck: provinceScope }),
  ],
);

/** A campaign's panel review settings: the criteria (domain PanelCriterion[]) and the pass line. */
export const panelSettings = pgTable(
  'panel_settings',
  {
    campaignId: integer('campaign_id')
      .primaryKey()
      .references(() => campaigns.id),
    criteria: jsonb('criteria').notNull(),
    passLine: doublePrecision('pass_line').notNull(),
    updatedBy: integer('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [check('panel_settings_pass_line', sql`${t.passLine} between 0 and 100`), ...provinceWrites('panel_settings')],
);

const myPanel = (panelId: unknown) => sql`${panelId} = any(gk_panel_ids())`;
const chairOf = (panelId: unknown) => sql`${panelId} = any(gk_chair_panel_ids())`;

/** 评审组 of a campaign, with its 评审时间; confirmed by its 组长 (the results in panel_results). */
export const panels = pgTable(
  'panels',
  {
    id: serial('id').primaryKey(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    name: text('name').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true, mode: 'date' }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** open | confirmed (domain PANEL_STATUSES). */
    status: text('status').notNull().default('open'),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true, mode: 'date' }),
    confirmedBy: integer('confirmed_by'),
    /** The province's reason when it last reopened the panel. */
    reopenReason: text('reopen_reason'),
    createdBy: integer('created_by'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('panels_campaign_name_key').on(t.campaignId, t.name),
    check('panels_schedule', sql`${t.startsAt} < ${t.endsAt}`),
    check('panels_status', sql`${t.status} in ('open', 'confirmed')`),
    check('panels_confirmed', sql`(${t.status} = 'confirmed') = (${t.confirmedAt} is not null)`),
    pgPolicy('panels_select', { for: 'select', to: gkApp, using: sql`(${provinceScope} or ${myPanel(t.id)})` }),
    pgPolicy('panels_insert', { for: 'insert', to: gkApp, withCheck: provinceScope }),
    pgPolicy('panels_update', {
      for: 'update',
      to: gkApp,
      using: sql`(${provinceScope} or ${chairOf(t.id)})`,
      withCheck: sql`(${provinceScope} or ${chairOf(t.id)})`,
    }),
  ],
);

/** A panel's member (an expert with an account); one 组长 per panel; absent members are left out at confirmation. */
export const panelMembers = pgTable(
  'panel_members',
  {
    panelId: integer('panel_id')
      .notNull()
      .references(() => panels.id),
    expertId: integer('expert_id')
      .notNull()
      .references(() => experts.id),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    /** The expert's account (copied: what gk_panel_ids() reads). */
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    /** The expert's name, copied for the other members' and the chair's view. */
    name: text('name').notNull(),
    /** The expert's work unit, copied (and kept in step by the expert's edits): the own-unit rule reads it. */
    unitId: integer('unit_id').notNull(),
    isChair: boolean('is_chair').notNull().default(false),
    absent: boolean('absent').notNull().default(false),
    absentReason: text('absent_reason'),
  },
  (t) => [
    primaryKey({ columns: [t.panelId, t.expertId] }),
    uniqueIndex('panel_members_chair_key').on(t.panelId).where(sql`${t.isChair}`),
    index('panel_members_account_idx').on(t.accountId),
    check('panel_members_absent', sql`${t.absent} = (${t.absentReason} is not null)`),
    pgPolicy('panel_members_select', {
      for: 'select',
      to: gkApp,
      using: sql`(${provinceScope} or ${myPanel(t.panelId)})`,
    }),
    pgPolicy('panel_members_insert', { for: 'insert', to: gkApp, withCheck: provinceScope }),
    pgPolicy('panel_members_update', {
      for: 'update',
      to: gkApp,
      using: sql`(${provinceScope} or ${chairOf(t.panelId)})`,
      withCheck: sql`(${provinceScope} or ${chairOf(t.panelId)})`,
    }),
    pgPolicy('panel_members_delete', { for: 'delete', to: gkApp, using: provinceScope }),
  ],
);

/**
 * A candidate (an approved 一级 application) assigned to a panel: at most one panel per campaign (the application is
 * the key). What the experts see of the application is copied here at assignment; the ID number only masked.
 */
export const panelCandidates = pgTable(
  'panel_candidates',
  {
    applicationId: integer('application_id')
      .primaryKey()
      .references(() => applications.id),
    panelId: integer('panel_id')
      .notNull()
      .references(() => panels.id),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    name: text('name').notNull(),
    idNumberMasked: text('id_number_masked').notNull(),
    sex: text('sex').notNull(),
    /** The candidate's unit: the own-unit rule compares it with the expert's work unit. */
    unitId: integer('unit_id').notNull(),
    unitName: text('unit_name').notNull(),
    jurisdictionName: text('jurisdiction_name').notNull(),
    orgPath: text('org_path').notNull(),
    jobTypeId: integer('job_type_id').notNull(),
    jobTypeName: text('job_type_name').notNull(),
    education: text('education').notNull(),
    workStartMonth: text('work_start_month').notNull(),
    workYears: integer('work_years').notNull(),
    currentGradeMonth: text('current_grade_month'),
    appointedToGrade2Post: boolean('appointed_to_grade2_post').notNull(),
    /** The last five annual appraisals as on the form. */
    appraisals: jsonb('appraisals'),
    waiverAward: boolean('waiver_award').notNull(),
    /** The award or evidence the form names (获奖情况, 成果). */
    evidenceNote: text('evidence_note'),
    assignedAt: timestamp('assigned_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('panel_candidates_panel_idx').on(t.panelId),
    pgPolicy('panel_candidates_select', {
      for: 'select',
      to: gkApp,
      using: sql`(${provinceScope} or ${myPanel(t.panelId)})`,
    }),
    pgPolicy('panel_candidates_insert', { for: 'insert', to: gkApp, withCheck: provinceScope }),
    pgPolicy('panel_candidates_delete', { for: 'delete', to: gkApp, using: provinceScope }),
  ],
);

/** 评分表: one member's scores of one candidate (per criterion), a comment and the weighted total. */
export const panelSheets = pgTable(
  'panel_sheets',
  {
    applicationId: integer('application_id')
      .notNull()
      .references(() => panelCandidates.applicationId),
    expertId: integer('expert_id')
      .notNull()
      .references(() => experts.id),
    panelId: integer('panel_id')
      .notNull()
      .references(() => panels.id),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    /** The member's account: only it writes the scores. */
    accountId: integer('account_id').notNull(),
    /** {criterionKey: score | null}. */
    scores: jsonb('scores').notNull(),
    comment: text('comment'),
    /** 加权总分 (hundredths) once every criterion has a score. */
    total: doublePrecision('total'),
    /** draft | submitted. */
    status: text('status').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }),
    /** The chair's reason when they last returned the sheet. */
    returnedReason: text('returned_reason'),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.applicationId, t.expertId] }),
    index('panel_sheets_panel_idx').on(t.panelId),
    check('panel_sheets_status', sql`${t.status} in ('draft', 'submitted')`),
    check('panel_sheets_submitted', sql`(${t.status} = 'submitted') = (${t.submittedAt} is not null)`),
    check('panel_sheets_total', sql`${t.status} = 'draft' or ${t.total} is not null`),
    check('panel_sheets_total_range', sql`${t.total} is null or ${t.total} between 0 and 100`),
    pgPolicy('panel_sheets_select', {
      for: 'select',
      to: gkApp,
      using: sql`(${provinceScope} or ${t.accountId} = gk_account_id() or ${chairOf(t.panelId)})`,
    }),
    pgPolicy('panel_sheets_insert', {
      for: 'insert',
      to: gkApp,
      withCheck: sql`(${t.accountId} = gk_account_id() and ${myPanel(t.panelId)})`,
    }),
    pgPolicy('panel_sheets_update', {
      for: 'update',
      to: gkApp,
      using: sql`((${t.accountId} = gk_account_id() and ${myPanel(t.panelId)}) or ${chairOf(t.panelId)})`,
      withCheck: sql`((${t.accountId} = gk_account_id() and ${myPanel(t.panelId)}) or ${chairOf(t.panelId)})`,
    }),
  ],
);

/**
 * 综合评审成绩: a candidate's confirmed panel score (the trimmed mean, domain panelScore) and pass, written when the
 * chair confirms; deleted when the province reopens the panel (the audit trail keeps what it was).
 */
export const panelResults = pgTable(
  'panel_results',
  {
    applicationId: integer('application_id')
      .primaryKey()
      .references(() => applications.id),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    panelId: integer('panel_id')
      .notNull()
      .references(() => panels.id),
    score: doublePrecision('score').notNull(),
    passed: boolean('passed').notNull(),
    passLine: doublePrecision('pass_line').notNull(),
    /** How many members' totals were given (before dropping). */
    memberCount: integer('member_count').notNull(),
    droppedHighExpertId: integer('dropped_high_expert_id'),
    droppedLowExpertId: integer('dropped_low_expert_id'),
    /** The candidate's unit path, so jurisdictions and units read their own candidates' results. */
    orgPath: text('org_path').notNull(),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true, mode: 'date' }).notNull(),
    confirmedBy: integer('confirmed_by').notNull(),
  },
  (t) => [
    index('panel_results_campaign_idx').on(t.campaignId, t.orgPath),
    check('panel_results_score', sql`${t.score} between 0 and 100`),
    pgPolicy('panel_results_select', {
      for: 'select',
      to: gkApp,
      using: sql`(${inScope(t.orgPath)} or ${myPanel(t.panelId)})`,
    }),
    pgPolicy('panel_results_insert', {
      for: 'insert',
      to: gkApp,
      withCheck: sql`(${chairOf(t.panelId)} and ${t.confirmedBy} = gk_account_id())`,
    }),
    pgPolicy('panel_results_delete', { for: 'delete', to: gkApp, using: provinceScope }),
  ],
);
