/** Shapes of the JSON the server answers with (the contract in the brief; ids are integers). */

export type Role =
  | 'province_admin'
  | 'jurisdiction_admin'
  | 'department_reviewer'
  | 'unit_officer'
  | 'proctor'
  | 'applicant';

export type Permission = 'org.read' | 'org.manage' | 'account.read' | 'account.manage' | 'audit.read';

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

export interface Account {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  orgNodeId: number | null;
  orgNodeName: string | null;
  active: boolean;
  mustChangePassword: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
}

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
