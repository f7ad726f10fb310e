import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import { type DestinationStream, pino } from 'pino';

/**
 * What reaches the log about an error and a request. Logs leave the database's protection (they are shipped,
 * kept, read by operators), so they carry what identifies a fault and nothing a person typed: a failed query's
 * error names its SQLSTATE, constraint, table and statement, never its parameters (argon2 hashes, ID numbers,
 * names, phones), never PostgreSQL's `detail` (which quotes the offending row), and never a message that may
 * embed values (Drizzle's is the SQL followed by `params: …`).
 */

export interface LoggedError {
  type: string;
  /** The application's or the library's own code: an AppError code, `FST_ERR_…`, `ECONNREFUSED`. */
  code?: string;
  /** PostgreSQL's SQLSTATE, e.g. 23505 or 22P05. */
  sqlstate?: string;
  constraint?: string;
  table?: string;
  column?: string;
  /** The failed statement's verb and first table, e.g. `insert accounts`; derived from the SQL, no values. */
  statement?: string;
  /** Only for programming errors (TypeError and kin), whose messages speak of code, not of data. */
  message?: string;
  /** The stack's frames, without its first line (which repeats the message). */
  frames?: string[];
}

/** Messages of these name code (`Cannot read properties of undefined (reading 'id')`), not data. */
const CODE_ERRORS = new Set(['TypeError', 'RangeError', 'ReferenceError']);
const SQLSTATE = /^[0-9A-Z]{5}$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_FRAMES = 8;

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  stack?: unknown;
  code?: unknown;
  constraint?: unknown;
  table?: unknown;
  column?: unknown;
  query?: unknown;
  cause?: unknown;
}

function stringField(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function identifierField(value: unknown): string | undefined {
  const s = stringField(value);
  return s && IDENTIFIER.test(s) ? s : undefined;
}

/** The pino `err` serializer of the whole app (requests, background jobs, start-up). */
export function serializeError(error: unknown): LoggedError {
  if (!error || typeof error !== 'object') return { type: typeof error };
  const top = error as ErrorLike;
  const ctor = stringField(error.constructor?.name);
  const type = (ctor !== 'Error' && ctor !== 'Object' ? ctor : undefined) ?? stringField(top.name) ?? 'Error';
  const out: LoggedError = { type };
  // Walk the cause chain (Drizzle's query error wraps the driver's): the first of each field wins.
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const e = current as ErrorLike;
    const code = stringField(e.code);
    if (code && SQLSTATE.test(code)) out.sqlstate ??= code;
    else if (code && code.length <= 64 && /^[A-Za-z0-9_.-]+$/.test(code)) out.code ??= code;
    out.constraint ??= identifierField(e.constraint);
    out.table ??= identifierField(e.table);
    out.column ??= identifierField(e.column);
    const query = stringField(e.query);
    if (query) out.statement ??= statementName(query);
    current = e.cause;
  }
  const touchedDatabase = out.sqlstate !== undefined || out.statement !== undefined;
  if (!touchedDatabase && CODE_ERRORS.has(type)) out.message = String(top.message ?? '').slice(0, 300);
  const frames = stackFrames(top);
  if (frames.length > 0) out.frames = frames;
  return out;
}

/**
 * The frames of a V8 stack, which starts with the message. The stack is cut after the message's exact text, so a
 * value inside it (even one with line breaks that look like frames) never passes; a stack that does not contain
 * its message gives no frames at all.
 */
function stackFrames(error: ErrorLike): string[] {
  if (typeof error.stack !== 'string') return [];
  const message = typeof error.message === 'string' ? error.message : '';
  const at = message ? error.stack.indexOf(message) : 0;
  if (at < 0) return [];
  return error.stack
    .slice(at + message.length)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('at '))
    .slice(0, MAX_FRAMES);
}

/**
 * A statement's name from its SQL: the verb and the first table named after FROM, INTO, UPDATE or JOIN, as
 * identifiers only (`insert accounts`, `select org_nodes`). Literals and parameters never make it through.
 */
export function statementName(sql: string): string {
  const text = sql.replace(/\s+/g, ' ').trim();
  const verb = /^([A-Za-z]+)/.exec(text)?.[1]?.toLowerCase() ?? 'statement';
  const table = /\b(?:from|into|update|join)\s+(?:"([A-Za-z_][A-Za-z0-9_]*)"|([A-Za-z_][A-Za-z0-9_]*))/i.exec(text);
  const name = table?.[1] ?? table?.[2];
  return name ? `${verb} ${name}` : verb;
}

/** 18-character ID numbers (GB 11643) anywhere in a URL: keep the region, hide the birth date and the rest. */
const ID_NUMBER = /(?<![0-9A-Za-z])([1-9][0-9]{5})[0-9]{11}[0-9Xx](?![0-9A-Za-z])/g;

export function redactUrl(url: string): string {
  return url.replace(ID_NUMBER, '$1************');
}

/** Fastify's own request serializer, with the URL's ID numbers hidden (`?q=410102…` searches by ID number). */
export function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/**
 * The app's logger: JSON lines with the serializers above (they replace Fastify's defaults for `err` and `req`).
 * Cookies and CSRF tokens are removed should anyone log headers.
 */
export function createLogger(level: string, stream?: DestinationStream): FastifyBaseLogger {
  const options = {
    level,
    serializers: { err: serializeError, req: serializeRequest },
    redact: {
      paths: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'],
      remove: true,
    },
  };
  return stream ? pino(options, stream) : pino(options);
}
