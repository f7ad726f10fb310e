import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_CODES, type ErrorCode, findPgError } from './errors.js';
import { BARE_SECURITY_HEADERS } from './http-security.js';

/**
 * Input that no schema should have to think about, refused before it reaches validation, the services or the
 * database, always with the one error shape and a Chinese message:
 * - U+0000 in any string or key of the body, query or path (PostgreSQL cannot store it in text or jsonb);
 * - URLs Fastify's router cannot decode (`%FF`), path parameters over its length limit, request heads over Node's
 *   16 KB limit, and timeouts (answered on the raw socket, before there is a request object);
 * - and, as a last resort, PostgreSQL's own refusals of such characters (22021, 22P05) become a 400, not a 500.
 */

const NUL = '\u0000';

/** The first place (`name`, `items.2.title`) where a string or a key holds U+0000; walked without recursion. */
export function findNul(value: unknown): string | null {
  const stack: Array<{ value: unknown; path: string }> = [{ value, path: '' }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop() as { value: unknown; path: string };
    if (typeof current === 'string') {
      if (current.includes(NUL)) return path;
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], path: join(path, String(i)) });
    } else if (current && typeof current === 'object' && !Buffer.isBuffer(current)) {
      for (const [key, child] of Object.entries(current)) {
        if (key.includes(NUL)) return join(path, key.replaceAll(NUL, '\\0'));
        stack.push({ value: child, path: join(path, key) });
      }
    }
  }
  return null;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

export function registerNulCheck(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const part of [request.params, request.query, request.body]) {
      const field = findNul(part);
      if (field === null) continue;
      throw new AppError(
        'VALIDATION_FAILED',
        `${field ? `字段「${field}」` : '请求内容'}含有不允许的空字符（U+0000）`,
        field ? { field } : undefined,
      );
    }
  });
}

/** PostgreSQL's refusals of characters it cannot store: NUL in text (22021) and `\u0000` in jsonb (22P05). */
const UNSTORABLE_CHARACTERS = new Set(['22021', '22P05']);

export function unstorableCharacters(error: unknown): AppError | null {
  const code = findPgError(error)?.code;
  return code && UNSTORABLE_CHARACTERS.has(code) ? new AppError('BAD_REQUEST', '提交的内容含有无法保存的字符') : null;
}

function errorBody(code: ErrorCode, message: string = ERROR_CODES[code].message): string {
  return JSON.stringify({ error: { code, message } });
}

/** Fastify's `frameworkErrors`: a URL the router cannot decode, or a path parameter over its length limit. */
export function frameworkErrors(error: { code?: string }, _request: FastifyRequest, reply: FastifyReply): void {
  const code: ErrorCode = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'URL_TOO_LONG' : 'URL_INVALID';
  void reply
    .status(ERROR_CODES[code].status)
    .headers(BARE_SECURITY_HEADERS)
    .type('application/json; charset=utf-8')
    .send(errorBody(code));
}

/**
 * Fastify's `clientErrorHandler`: Node's HTTP parser refused the request (a head over 16 KB, a timeout, bytes
 * that are not HTTP). There is no request object, so the answer is written on the socket, as Fastify's default
 * handler does, but in the one error shape.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const code: ErrorCode =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 'HEADERS_TOO_LARGE'
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 'REQUEST_TIMEOUT'
        : 'BAD_REQUEST';
  const body = errorBody(code);
  const status = ERROR_CODES[code].status;
  const reason = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' }[status];
  const headers = {
    ...BARE_SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
  };
  if (socket.writable) {
    const head = Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.write(`HTTP/1.1 ${status} ${reason ?? 'Bad Request'}\r\n${head}\r\n${body}`);
  }
  socket.destroy(error);
}
