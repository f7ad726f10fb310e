// The edge fuzz: malformed variants of every request in the OpenAPI document (wrong types in every field, U+0000,
// huge strings, deep nesting, bad JSON, wrong content types, odd path ids and query values), sent signed in (with
// a valid CSRF token, so they reach validation and the services) and not signed in. No answer may be a 5xx, and
// every 4xx must be the documented error shape with a Chinese message.

import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildTestApp, Client, TEST_PASSWORD, type TestApp } from '../../test/setup/harness.js';
import {
  type CampaignFixture,
  draftCampaign,
  idNumber,
  jpegBytes,
  openCampaign2017,
} from './modules/applications/applications.test-support.js';
import { buildChain, type Chain, insertApplications } from './modules/review/review.test-support.js';

// ─── The OpenAPI document, as far as the fuzz reads it ───────────────────────────────────────────────────

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  pattern?: string;
  format?: string;
}

interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  schema?: JsonSchema;
}

interface Operation {
  description?: string;
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

interface Route {
  method: string;
  /** The OpenAPI path, e.g. /api/org/nodes/{id}. */
  path: string;
  op: Operation;
  multipart: boolean;
}

// ─── Requests and their verdicts ──────────────────────────────────────────────────────────────────────────

interface Identity {
  name: string;
  username?: string;
  client?: Client;
}

interface Variant {
  label: string;
  url: string;
  payload?: string | Buffer;
  contentType?: string;
}

const CHINESE = /[\u4e00-\u9fa5]/;

/** Why an answer breaks the contract, or null when it keeps it. */
function breach(res: LightMyRequestResponse): string | null {
  if (res.statusCode >= 500) return `status ${res.statusCode}`;
  if (res.statusCode < 400) return null;
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    return `status ${res.statusCode} without a JSON body`;
  }
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (typeof error?.code !== 'string' || typeof error.message !== 'string') return 'no {error: {code, message}}';
  if (!CHINESE.test(error.message)) return 'message not in Chinese';
  return null;
}

// ─── Values ───────────────────────────────────────────────────────────────────────────────────────────────

const HUGE = 'x'.repeat(100_000);
const deepArray = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};
const DEEP = deepArray(2_000);

/** Wrong in type, content or size for any field. */
const FIELD_VALUES: Array<[string, unknown]> = [
  ['number', 12345],
  ['string', 'abc'],
  ['boolean', true],
  ['null', null],
  ['array', []],
  ['object', { a: 1 }],
  ['NUL', 'a\u0000b'],
  ['huge string', HUGE],
  ['negative', -1],
  ['fraction', 1.5],
  ['beyond int4', 2_147_483_648],
  ['deep nesting', DEEP],
];

const PATH_VALUES = ['%201', '0x10', '1e3', '0', '-1', '2147483648', '1.5', 'abc', '%00', '%FF', '9'.repeat(120)];
const QUERY_VALUES = [
  '%00',
  'x'.repeat(5_000),
  '0x10',
  '%201',
  '1e3',
  '-1',
  '',
  'abc',
  '2147483648',
  '%FF',
  '%E4%B8%AD',
];

// ─── Set-up ───────────────────────────────────────────────────────────────────────────────────────────────

let t: TestApp;
let routes: Route[];
let fixture: CampaignFixture;
let chain: Chain;
let applicationIds: number[];
let victims: { accountId: number; nodeId: number; campaignId: number };
const identities: Identity[] = [];
let sent = 0;

/** Values the baseline request takes by field name: real records, so that valid variants reach the services. */
let known: Record<string, unknown> = {};

beforeAll(async () => {
  t = await buildTestApp({ loginRatePerMinute: 1_000_000, publicRatePerMinute: 1_000_000 });
  fixture = await openCampaign2017(t);
  chain = await buildChain(t, '郑州市');
  const applicant = await buildAccount(t, chain.unit, 'applicant', { username: idNumber('19850315') });
  applicationIds = await insertApplications(t, {
    campaignId: fixture.campaignId,
    unit: chain.unit,
    departmentId: chain.department.id,
    jurisdictionId: chain.jurisdiction.id,
    jobTypeId: fixture.driverId,
    count: 3,
  });
  await insertApplications(t, {
    campaignId: fixture.campaignId,
    unit: chain.unit,
    departmentId: chain.department.id,
    jurisdictionId: chain.jurisdiction.id,
    jobTypeId: fixture.driverId,
    count: 1,
    status: 'draft',
    source: 'online',
    applicantAccountId: applicant.id,
  });
  // Records the fuzz may change or switch off without spoiling the rest of the run.
  const victimNode = (await buildChain(t, '洛阳市')).unit;
  const victimAccount = await buildAccount(t, victimNode, 'unit_officer');
  victims = {
    accountId: victimAccount.id,
    nodeId: victimNode.id,
    campaignId: await draftCampaign(t, 2018, fixture.catalogVersionId),
  };
  known = {
    campaignId: fixture.campaignId,
    catalogVersionId: fixture.catalogVersionId,
    unitId: chain.unit.id,
    parentId: chain.department.id,
    orgNodeId: chain.unit.id,
    jurisdictionId: chain.jurisdiction.id,
    appliedJobTypeId: fixture.driverId,
    ids: applicationIds,
    // A new person each time, so that sign-ups and new applications get past the duplicate checks.
    idNumber: () => idNumber('19800101'),
    name: '张伟',
    phone: '13800000000',
    version: 1,
  };

  // A bank manager, with a bank and an item (ids 1), so that the bank routes' variants reach their services.
  const bankManager = await buildAccount(t, chain.province, 'bank_manager');
  const banker = new Client(t.app);
  await banker.login(bankManager.username, TEST_PASSWORD);
  const bank = await banker.post('/api/banks', { subject: 'ethics', name: '职业道德题库' });
  await banker.post(`/api/banks/${bank.json<{ id: number }>().id}/items`, {
    type: 'true_false',
    stem: '爱岗敬业是职业道德的基本要求。',
    answer: 'T',
    difficulty: 1,
    knowledgePoint: '职业道德基本规范',
  });

  identities.push(
    { name: 'anonymous' },
    { name: 'bank manager', username: bankManager.username },
    { name: 'province admin', username: chain.accounts.province },
    { name: 'unit officer', username: chain.accounts.unit },
    { name: 'applicant', username: applicant.username },
  );
  for (const identity of identities) await signInAgain(identity);

  const doc = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
  const paths = doc.json<{ paths: Record<string, Record<string, Operation>> }>().paths;
  routes = Object.entries(paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      op,
      multipart: (op.description ?? '').startsWith('multipart/form-data'),
    })),
  );
  // Reads first, then changes, then what ends or deletes things, so that later requests still meet live records.
  const rank = (r: Route) =>
    /\/(logout|close|deactivate)$/.test(r.path) || r.method === 'DELETE' ? 2 : r.method === 'GET' ? 0 : 1;
  routes.sort((a, b) => rank(a) - rank(b));
}, 120_000);

afterAll(async () => {
  await t?.close();
});

async function signInAgain(identity: Identity): Promise<void> {
  if (!identity.username) return;
  const client = new Client(t.app);
  const res = await client.login(identity.username, TEST_PASSWORD);
  if (res.statusCode !== 200) throw new Error(`sign-in of ${identity.name} failed: ${res.body}`);
  identity.client = client;
}

/** A path id that names a live record of the right kind. */
function pathValue(route: Route, name: string): string {
  if (name === 'jobId') return '00000000-0000-4000-8000-000000000000';
  if (name === 'jurisdictionId') return String(chain.jurisdiction.id);
  if (name === 'fileId') return '1';
  if (route.path.startsWith('/api/accounts/')) return String(victims.accountId);
  if (route.path.startsWith('/api/org/nodes/')) return String(victims.nodeId);
  if (route.path.startsWith('/api/campaigns/')) return String(victims.campaignId);
  if (route.path.startsWith('/api/catalog/versions/')) return String(fixture.catalogVersionId);
  if (route.path.includes('/applications/')) return String(applicationIds[0]);
  return '1';
}

function buildUrl(route: Route, pathOverrides: Record<string, string>, query: string): string {
  const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => pathOverrides[name] ?? pathValue(route, name));
  return query ? `${path}?${query}` : path;
}

/** A value the schema accepts (as far as a simple reading goes), preferring live records by field name. */
function sample(schema: JsonSchema | undefined, name = ''): unknown {
  const live = known[name];
  if (typeof live === 'function') return (live as () => unknown)();
  if (live !== undefined) return live;
  if (!schema) return 'a';
  if (schema.const !== undefined) return schema.const;
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  const choice = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (choice && choice.length > 0) return sample(choice.find((s) => s.type !== 'null') ?? choice[0], name);
  const type = Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(schema.properties ?? {})) out[key] = sample(child, key);
      return out;
    }
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sample(schema.items));
    case 'integer':
    case 'number': {
      const low = typeof schema.minimum === 'number' ? schema.minimum + (schema.exclusiveMinimum ? 1 : 0) : 1;
      return Math.min(Math.max(1, low), schema.maximum ?? Number.MAX_SAFE_INTEGER);
    }
    case 'boolean':
      return true;
    case 'string':
      return sampleString(schema);
    default:
      return 'a';
  }
}

function sampleString(schema: JsonSchema): string {
  if (schema.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
  const byPattern: Record<string, string> = {
    '^\\d{4}-\\d{2}-\\d{2}$': '2017-01-20',
    '^\\d{4}-(0[1-9]|1[0-2])$': '2005-07',
    '^[1-9][0-9]*$': '1',
    '^(0|[1-9][0-9]*)$': '1',
    '^[A-Za-z][A-Za-z0-9_.-]*$': 'fuzzuser',
  };
  if (schema.pattern && schema.pattern in byPattern) return byPattern[schema.pattern] ?? 'a';
  if (schema.pattern?.startsWith('^[0-9+\\-() ]')) return '13800000000';
  const length = Math.max(1, schema.minLength ?? 1);
  return '测'.repeat(Math.min(length, schema.maxLength ?? length));
}

function jsonBodySchema(route: Route): JsonSchema | undefined {
  return route.op.requestBody?.content?.['application/json']?.schema;
}

/** Every malformed variant of one route's request. `reduced`: only a few (the identity is refused before them). */
function variants(route: Route, reduced: boolean): Variant[] {
  const out: Variant[] = [];
  const params = route.op.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  const baseQuery = queryParams
    .filter((p) => p.name === 'campaignId' || p.name === 'unitId' || p.name === 'year')
    .map((p) => `${p.name}=${p.name === 'year' ? 2017 : String(known[p.name])}`)
    .join('&');
  const url = buildUrl(route, {}, baseQuery);
  const schema = jsonBodySchema(route);
  const body = schema ? sample(schema) : undefined;
  const json = (value: unknown): Pick<Variant, 'payload' | 'contentType'> => ({
    payload: JSON.stringify(value),
    contentType: 'application/json',
  });
  const hasBody = route.method !== 'GET';

  out.push({ label: 'baseline', url, ...(hasBody ? json(body ?? {}) : {}) });
  for (const param of pathParams) {
    for (const value of reduced ? PATH_VALUES.slice(0, 3) : PATH_VALUES) {
      out.push({
        label: `path ${param.name}=${value.slice(0, 12)}`,
        url: buildUrl(route, { [param.name]: value }, baseQuery),
        ...(hasBody ? json(body ?? {}) : {}),
      });
    }
  }
  if (reduced) {
    if (hasBody) out.push({ label: 'bad JSON', url, payload: '{"a":', contentType: 'application/json' });
    return out;
  }

  for (const param of queryParams) {
    for (const value of QUERY_VALUES) {
      const query = [baseQuery.replace(new RegExp(`(^|&)${param.name}=[^&]*`), ''), `${param.name}=${value}`]
        .filter(Boolean)
        .join('&');
      out.push({ label: `query ${param.name}=${value.slice(0, 12)}`, url: buildUrl(route, {}, query) });
    }
    out.push({
      label: `query ${param.name} twice`,
      url: buildUrl(route, {}, [baseQuery, `${param.name}=1&${param.name}=2`].filter(Boolean).join('&')),
    });
  }
  out.push({ label: 'query: NUL in a key', url: buildUrl(route, {}, [baseQuery, 'z%00=1'].filter(Boolean).join('&')) });

  if (!hasBody) {
    out.push({ label: 'GET with a bad JSON body', url, payload: '{"a":', contentType: 'application/json' });
    return out;
  }
  const whole: Array<[string, string | Buffer | undefined, string | undefined]> = [
    ['no body', undefined, undefined],
    ['empty JSON body', '', 'application/json'],
    ['bad JSON', '{"a":', 'application/json'],
    ['JSON null', 'null', 'application/json'],
    ['JSON array', '[]', 'application/json'],
    ['JSON string', '"s"', 'application/json'],
    ['JSON number', '123', 'application/json'],
    ['deep array', `${'['.repeat(50_000)}${']'.repeat(50_000)}`, 'application/json'],
    ['deep object', `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`, 'application/json'],
    ['over the body limit', `{"x":"${'a'.repeat(2_200_000)}"}`, 'application/json'],
    ['prototype keys', '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}', 'application/json'],
    ['text/plain', 'hello', 'text/plain'],
    ['form-urlencoded', 'a=1&b=2', 'application/x-www-form-urlencoded'],
    ['xml', '<a/>', 'application/xml'],
    ['multipart without boundary', '--x\r\n', 'multipart/form-data'],
    ['multipart garbage', 'garbage', 'multipart/form-data; boundary=----x'],
    ['JSON as utf-16', JSON.stringify(body ?? {}), 'application/json; charset=utf-16'],
    ['no content type', JSON.stringify(body ?? {}), undefined],
  ];
  for (const [label, payload, contentType] of whole) out.push({ label, url, payload, contentType });

  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const base = body as Record<string, unknown>;
    for (const [field, fieldSchema] of Object.entries(schema?.properties ?? {})) {
      for (const [label, value] of FIELD_VALUES)
        out.push({ label: `${field}: ${label}`, url, ...json({ ...base, [field]: value }) });
      // One level down: objects inside the body (settings, filters).
      const nested = base[field];
      if (nested && typeof nested === 'object' && !Array.isArray(nested)) {
        for (const inner of Object.keys(fieldSchema.properties ?? {})) {
          for (const [label, value] of FIELD_VALUES.slice(0, 8)) {
            out.push({
              label: `${field}.${inner}: ${label}`,
              url,
              ...json({ ...base, [field]: { ...(nested as Record<string, unknown>), [inner]: value } }),
            });
          }
        }
      }
    }
    out.push({ label: 'without any field', url, ...json({}) });
  }
  return out;
}

const ACCESS_REFUSALS = new Set(['AUTH_REQUIRED', 'FORBIDDEN']);

function errorCode(res: LightMyRequestResponse): string {
  if (res.statusCode < 400) return '';
  try {
    return res.json<{ error?: { code?: string } }>().error?.code ?? '';
  } catch {
    return '';
  }
}

async function send(identity: Identity, route: Route, variant: Variant): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = {};
  if (identity.client) {
    headers.cookie = identity.client.cookie;
    headers['x-csrf-token'] = identity.client.csrf;
  }
  if (variant.contentType) headers['content-type'] = variant.contentType;
  sent++;
  const res = await t.app.inject({
    method: route.method as 'GET',
    url: variant.url,
    headers,
    ...(variant.payload !== undefined ? { payload: variant.payload } : {}),
  });
  if (identity.client && res.statusCode === 401) await signInAgain(identity);
  if (res.statusCode === 429) {
    // A rate limit (sign-in, change of password) would hide what follows it: let its window pass, ask again.
    t.clock.advance(61_000);
    return send(identity, route, variant);
  }
  return res;
}

/**
 * Which of a route's variants this run sends. CI runs the suite on both databases: PGlite (the embedded default)
 * sends every third variant of a route (a different third from route to route) and the PostgreSQL server
 * (TEST_DATABASE_URL) the other two thirds, so every variant meets one database and every kind of variant meets
 * both. What the fuzz tries is mostly the contract and the services' handling of what passes it, the same code on
 * either database; the full run on both took about a fifth of CI's time. FUZZ_FULL=1 sends every variant.
 */
const ON_SERVER = Boolean(process.env.TEST_DATABASE_URL);
const FULL = process.env.FUZZ_FULL === '1';
const sendsVariant = (variant: number, route: number) =>
  FULL || (ON_SERVER ? variant % 3 !== route % 3 : variant % 3 === route % 3);

async function fuzz(selected: (route: Route) => boolean): Promise<string[]> {
  const failures: string[] = [];
  for (const [index, route] of routes.filter(selected).entries()) {
    for (const identity of identities) {
      // Refused by access control (before the body is even parsed: bad JSON meets the same refusal)? Then a few
      // variants suffice; a refusal by the service comes after validation, so every variant is worth sending.
      const [baselineVariant] = variants(route, true);
      const baseline = await send(identity, route, baselineVariant!);
      const refusal = errorCode(baseline);
      const refused =
        ACCESS_REFUSALS.has(refusal) &&
        (route.method === 'GET' ||
          errorCode(await send(identity, route, { ...baselineVariant!, payload: '{"a":' })) === refusal);
      const all = variants(route, refused);
      for (const variant of all.filter((_, i) => refused || sendsVariant(i, index))) {
        const res = await send(identity, route, variant);
        const why = breach(res);
        if (why) {
          failures.push(
            `${identity.name} ${route.method} ${route.path} [${variant.label}] → ${why}: ${res.body.slice(0, 160)}`,
          );
        }
      }
    }
  }
  return failures;
}

describe('fuzzing every route of the OpenAPI document', () => {
  it('reads the whole document', () => {
    expect(routes.length).toBeGreaterThanOrEqual(70);
    expect(routes.filter((r) => r.multipart).map((r) => r.path)).toEqual(
      expect.arrayContaining(['/api/org/import', '/api/catalog/import', '/api/applications/import']),
    );
  });

  it('JSON routes: no 5xx, and every 4xx in the error shape', async () => {
    const started = Date.now();
    const before = sent;
    const failures = await fuzz((route) => !route.multipart);
    console.info(`fuzz: ${sent - before} requests to ${routes.length} routes in ${Date.now() - started} ms`);
    expect(failures, failures.slice(0, 40).join('\n')).toEqual([]);
  }, 300_000);
});

// ─── Uploads ──────────────────────────────────────────────────────────────────────────────────────────────

const BOUNDARY = '----gongkaofuzz';

function multipart(
  parts: Array<{ name: string; value: string | Buffer; filename?: string; type?: string }>,
  end = true,
) {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename ? `; filename="${part.filename}"` : ''}`;
    const type = part.type ? `Content-Type: ${part.type}\r\n` : '';
    chunks.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`));
    chunks.push(Buffer.isBuffer(part.value) ? part.value : Buffer.from(part.value));
    chunks.push(Buffer.from('\r\n'));
  }
  if (end) chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

function uploadVariants(route: Route): Variant[] {
  const url = buildUrl(route, {}, '');
  const type = `multipart/form-data; boundary=${BOUNDARY}`;
  const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const fields = [
    { name: 'parentId', value: String(chain.department.id) },
    { name: 'campaignId', value: String(fixture.campaignId) },
    { name: 'unitId', value: String(chain.unit.id) },
    { name: 'name', value: '豫人社工考〔2099〕1号' },
    { name: 'title', value: '通知' },
    { name: 'mode', value: 'all_or_nothing' },
    { name: 'kind', value: 'photo' },
  ];
  const file = (value: Buffer, filename = 'a.xlsx', mime = xlsx) => ({ name: 'file', value, filename, type: mime });
  return [
    { label: 'JSON instead of multipart', url, payload: '{}', contentType: 'application/json' },
    { label: 'no body', url },
    { label: 'multipart without boundary', url, payload: '--x\r\n', contentType: 'multipart/form-data' },
    { label: 'empty multipart', url, payload: '', contentType: type },
    { label: 'garbage multipart', url, payload: 'garbage\r\n\r\n', contentType: type },
    { label: 'fields only', url, payload: multipart(fields), contentType: type },
    {
      label: 'truncated',
      url,
      payload: multipart([...fields, file(Buffer.from('PK\u0003\u0004'))], false),
      contentType: type,
    },
    { label: 'empty file', url, payload: multipart([...fields, file(Buffer.alloc(0))]), contentType: type },
    {
      label: 'text as the file',
      url,
      payload: multipart([...fields, file(Buffer.from('hello'), 'a.txt', 'text/plain')]),
      contentType: type,
    },
    {
      label: 'NUL in the fields',
      url,
      payload: multipart([...fields.map((f) => ({ ...f, value: `${f.value}\u0000` })), file(Buffer.from('PK'))]),
      contentType: type,
    },
    {
      label: 'odd ids in the fields',
      url,
      payload: multipart([
        ...fields.map((f) => ({ ...f, value: f.name.endsWith('Id') ? '0x10' : f.value })),
        file(Buffer.from('PK')),
      ]),
      contentType: type,
    },
    {
      label: 'huge field',
      url,
      payload: multipart([{ name: 'name', value: HUGE }, ...fields, file(Buffer.from('PK'))]),
      contentType: type,
    },
    {
      label: 'two files',
      url,
      payload: multipart([...fields, file(Buffer.from('PK')), file(Buffer.from('PK'))]),
      contentType: type,
    },
    {
      label: 'a JPEG too large for a photo',
      url,
      payload: multipart([...fields, file(jpegBytes(300, 400, 300_000), 'a.jpg', 'image/jpeg')]),
      contentType: type,
    },
  ];
}

/** Every upload route reads its form through platform/uploads.ts, which answers any malformed form in the shape. */
const KNOWN_UPLOAD_FAILURES: string[] = [];

describe('fuzzing the upload routes', () => {
  it('malformed multipart: no 5xx, and every 4xx in the error shape', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.multipart)) {
      for (const identity of identities) {
        for (const variant of uploadVariants(route)) {
          const res = await send(identity, route, variant);
          const why = breach(res);
          if (why) failures.push(`${identity.name} ${route.method} ${route.path} [${variant.label}] → ${why}`);
        }
      }
    }
    expect(failures).toEqual(KNOWN_UPLOAD_FAILURES);
  }, 120_000);
});
