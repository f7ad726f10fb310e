import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgPolicy,
  pgRole,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * The restricted role every signed-in request runs as (SET LOCAL ROLE inside its transaction), so that
 * PostgreSQL row-level security applies even when the connecting user owns the tables or is a superuser.
 * Created by migration 0000 (roles are cluster-wide, so it must tolerate an existing role).
 */
export const gkApp = pgRole('gk_app').existing();

// Scope predicates. gk_scope() is the signed-in official's org path ('/1/5/'), or a value no path matches.
const inScope = (path: unknown) => sql`starts_with(${path}, gk_scope())`;
const strictlyBelowScope = (path: unknown) => sql`(starts_with(${path}, gk_scope()) and ${path} <> gk_scope())`;
const manageableAccount = (path: unknown, role: unknown) =>
  sql`(starts_with(${path}, gk_scope()) and (${path} <> gk_scope() or ${role} = 'proctor'))`;
const ancestorOfScope = (path: unknown) => sql`starts_with(gk_scope(), ${path})`;

export const orgKind = pgEnum('org_kind', ['province', 'jurisdiction', 'department', 'unit']);
export const jurisdictionType = pgEnum('jurisdiction_type', ['city', 'county', 'provincial_units', 'central_units']);
export const accountRole = pgEnum('account_role', [
  'province_admin',
  'jurisdiction_admin',
  'department_reviewer',
  'unit_officer',
  'proctor',
  'applicant',
]);

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
    active: boolean('active').notNull().default(true),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('accounts_username_key').on(sql`lower(${t.username})`),
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

/** Server-side sessions: the cookie holds a random token, the table its SHA-256. Only the platform reads it. */
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
  (t) => [index('sessions_account_idx').on(t.accountId)],
);

/**
 * Append-only, hash-chained audit trail. Each row's hash covers its content and the previous row's hash;
 * audit_head holds the chain's tip and its row lock serialises appenders across processes.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
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
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_log_created_idx').on(t.createdAt),
    index('audit_log_org_path_idx').on(t.orgPath),
    index('audit_log_entity_idx').on(t.entityType, t.entityId),
    pgPolicy('audit_log_select', { for: 'select', to: gkApp, using: inScope(t.orgPath) }),
    pgPolicy('audit_log_insert', { for: 'insert', to: gkApp, withCheck: sql`true` }),
  ],
);

export const auditHead = pgTable('audit_head', {
  id: integer('id').primaryKey(),
  lastId: bigint('last_id', { mode: 'number' }).notNull(),
  lastHash: text('last_hash').notNull(),
});

/** Fixed-window counters for rate limits, shared by every app process. */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  windowStart: timestamp('window_start', { withTimezone: true, mode: 'date' }).notNull(),
  count: integer('count').notNull(),
});
