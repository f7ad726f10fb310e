import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { Db } from '../db/client.js';
import type { Clock } from './clock.js';
import type { Actor, RequestMeta, ServiceContext } from './context.js';
import { AppError } from './errors.js';
import { hasPermission, type Permission } from './permissions.js';
import { type LoadedSession, loadSession, SESSION_COOKIE, type SessionPolicy, tokensEqual } from './sessions.js';

/**
 * What a route requires, declared on every route: `public`, `signed-in` (any role), a permission, or a list of
 * permissions of which any one suffices (an official's and an applicant's view of the same thing), or
 * `exam-client`: the candidate's exam client at the seat, which carries a bearer token instead of a session
 * (docs/api-exam-day.md), or `operator`: monitoring (metrics), with the bearer token METRICS_TOKEN and no session
 * (404 while no token is configured). A route that declares nothing is refused at start-up.
 */
export type Access =
  | 'public'
  | 'signed-in'
  | 'exam-client'
  | 'operator'
  | Permission
  | readonly [Permission, ...Permission[]];

/** The exam client's token: 32 random bytes, base64url (modules/delivery). */
const EXAM_BEARER = /^Bearer ([A-Za-z0-9_-]{43})$/;

/**
 * The exam client's bearer token of a request to an `exam-client` route (the hook has checked its format). The
 * hook does no database lookup: the delivery service binds the request to its attempt in the very statement that
 * does the work (the save path is the hottest route of exam day).
 */
export function examClientToken(request: FastifyRequest): string {
  const match = EXAM_BEARER.exec(request.headers.authorization ?? '');
  if (!match) throw new AppError('EXAM_AUTH_REQUIRED');
  return match[1]!;
}

export function describeAccess(access: Access): string {
  return typeof access === 'string' ? access : access.join(' | ');
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** Reachable while the account must still change its initial password (sign-out, the change itself). */
    allowDuringPasswordChange?: boolean;
  }
  interface FastifyRequest {
    session: LoadedSession | null;
  }
}

export interface RouteAccessRow {
  method: string;
  url: string;
  access: Access;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function registerAccessControl(
  app: FastifyInstance,
  deps: {
    db: Db;
    clock: Clock;
    sessionPolicy: SessionPolicy;
    allowedOrigins: string[];
    operatorToken: () => string | undefined;
  },
): RouteAccessRow[] {
  const table: RouteAccessRow[] = [];
  app.decorateRequest('session', null);

  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.url.startsWith('/api/')) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.every((m) => m === 'HEAD')) return;
    const access = route.config?.access;
    if (!access)
      throw new Error(`Route ${methods.join(',')} ${route.url} declares no access (public, signed-in or a permission)`);
    for (const method of methods) if (method !== 'HEAD') table.push({ method, url: route.url, access });
  });

  app.addHook('onRequest', async (request, reply) => {
    const config = request.routeOptions.config;
    const access = config?.access;
    if (!access) return; // static files and the not-found handler

    if (STATE_CHANGING.has(request.method)) checkOrigin(request, deps.allowedOrigins);
    if (access === 'public') return;
    // No cookie is involved, so no CSRF token either (a cross-site page cannot set the Authorization header).
    if (access === 'exam-client') {
      examClientToken(request);
      return;
    }
    if (access === 'operator') {
      checkOperatorToken(request, deps.operatorToken());
      return;
    }

    const token = request.cookies[SESSION_COOKIE];
    if (!token) throw new AppError('AUTH_REQUIRED');
    const lookup = await loadSession(deps.db, token, deps.clock.now(), deps.sessionPolicy);
    if (lookup.status !== 'ok') {
      clearSessionCookie(reply);
      throw new AppError(lookup.status === 'expired' ? 'SESSION_EXPIRED' : 'AUTH_REQUIRED');
    }
    const session = lookup.session;
    request.session = session;

    if (STATE_CHANGING.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      if (typeof header !== 'string' || !tokensEqual(header, session.csrfToken)) throw new AppError('CSRF_INVALID');
    }
    if (session.mustChangePassword && !config.allowDuringPasswordChange) throw new AppError('PASSWORD_CHANGE_REQUIRED');
    if (access === 'signed-in') return;
    const needed = typeof access === 'string' ? [access] : access;
    if (!needed.some((permission) => hasPermission(session.actor.role, permission))) throw new AppError('FORBIDDEN');
  });

  return table;
}

/** The operators' bearer token, compared in constant time (digests of equal length); none configured: 404. */
function checkOperatorToken(request: FastifyRequest, configured: string | undefined): void {
  if (!configured) throw new AppError('METRICS_DISABLED');
  const header = request.headers.authorization ?? '';
  const given = header.startsWith('Bearer ') ? header.slice(7) : '';
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(configured).digest();
  if (!given || !timingSafeEqual(a, b)) throw new AppError('OPERATOR_TOKEN_INVALID');
}

/** A state-changing request from a browser page of another site is refused (the first line of CSRF defence). */
function checkOrigin(request: FastifyRequest, allowedOrigins: string[]): void {
  const origin = request.headers.origin;
  if (origin === undefined) return; // not a browser cross-site request (browsers send Origin on every cross-site POST)
  const own = `${request.protocol}://${request.host}`;
  if (origin === own || allowedOrigins.includes(origin)) return;
  throw new AppError('ORIGIN_FORBIDDEN');
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, maxHours: number): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    maxAge: maxHours * 3600,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

export function requireActor(request: FastifyRequest): Actor {
  if (!request.session) throw new AppError('AUTH_REQUIRED');
  return request.session.actor;
}

export function requestMeta(request: FastifyRequest): RequestMeta {
  const ua = request.headers['user-agent'];
  return { ip: request.ip ?? null, userAgent: typeof ua === 'string' ? ua : null, requestId: String(request.id) };
}

/** What a service needs to act for the signed-in person: who, and where the request came from (for the audit). */
export function serviceContext(request: FastifyRequest): ServiceContext {
  return { actor: requireActor(request), meta: requestMeta(request) };
}
