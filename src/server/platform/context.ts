import type { Role } from './permissions.js';

/** The signed-in person acting, as the services see them. */
export interface Actor {
  accountId: number;
  username: string;
  displayName: string;
  role: Role;
  orgNodeId: number | null;
  /** The bound node's path; null for applicants, who see only their own records. */
  orgPath: string | null;
  orgNodeName: string | null;
}

/** Where a change came from, for the audit trail. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export interface ServiceContext {
  actor: Actor;
  meta: RequestMeta;
}

export const SYSTEM_META: RequestMeta = { ip: null, userAgent: 'system', requestId: null };
