import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAccount,
  buildTestApp,
  findJurisdiction,
  signIn,
  TEST_PASSWORD,
  type TestApp,
} from '../../../test/setup/harness.js';
import { redactUrl, serializeError, statementName } from './logging.js';

/** Every JSON line the app logs. */
const lines: string[] = [];
const logStream = { write: (line: string) => void lines.push(line) };
const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ logLevel: 'info' }, { logStream });
  // A trigger function that refuses rows: the queries fail inside the database, with the request's values among
  // their parameters.
  await t.database.db.execute(sql`
    CREATE FUNCTION gk_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'refused by the test'; END $$`);
});
afterAll(async () => {
  await t.close();
});

describe('a failed query in the log', () => {
  it('names the error code and the statement, never the values (names, phones, argon2 hashes)', async () => {
    const zz = await findJurisdiction(t, '郑州市');
    const admin = await buildAccount(t, zz, 'jurisdiction_admin');
    const client = await signIn(t, admin.username);
    await t.database.db.execute(
      sql`CREATE TRIGGER gk_test_refuse BEFORE INSERT ON accounts FOR EACH ROW EXECUTE FUNCTION gk_test_refuse()`,
    );
    lines.length = 0;
    const res = await client.post('/api/accounts', {
      username: 'secretuser417',
      displayName: '王秘密',
      role: 'proctor',
      orgNodeId: zz.id,
      phone: '13912345678',
    });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { code: 'INTERNAL', message: expect.any(String) } });

    const log = lines.join('\n');
    for (const value of ['secretuser417', '王秘密', '13912345678', '$argon2', 'params', 'refused by the test']) {
      expect(log, value).not.toContain(value);
    }
    const failure = entries().find((e) => e.msg === 'unhandled error');
    expect(failure?.err).toMatchObject({ sqlstate: 'P0001', statement: 'insert accounts' });
    expect(failure?.err).not.toHaveProperty('stack');
    expect(failure?.err).not.toHaveProperty('detail');
  });

  it('a session that cannot be written leaks neither the ID number nor the tokens', async () => {
    const idNumber = '410102198503152016';
    const zz = await findJurisdiction(t, '郑州市');
    await t.database.db.execute(sql`DROP TRIGGER gk_test_refuse ON accounts`);
    await buildAccount(t, zz, 'applicant', { username: idNumber });
    await t.database.db.execute(
      sql`CREATE TRIGGER gk_test_refuse BEFORE INSERT ON sessions FOR EACH ROW EXECUTE FUNCTION gk_test_refuse()`,
    );
    lines.length = 0;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: idNumber, password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(500);
    const log = lines.join('\n');
    expect(log).not.toContain(idNumber);
    expect(log).not.toContain(TEST_PASSWORD);
    const failure = entries().find((e) => e.msg === 'unhandled error');
    expect(failure?.err).toMatchObject({ sqlstate: 'P0001', statement: 'insert sessions' });
  });
});

describe('request URLs in the log', () => {
  it('hide ID numbers searched for', async () => {
    lines.length = 0;
    await t.app.inject({ method: 'GET', url: '/api/applications?q=41010219850315201X&page=1' });
    const urls = entries()
      .map((e) => (e.req as { url?: string } | undefined)?.url)
      .filter(Boolean);
    expect(urls).toEqual(['/api/applications?q=410102************&page=1']);
    expect(lines.join('\n')).not.toContain('19850315201X');
  });
});

describe('the serializer', () => {
  it('names statements from their SQL alone', () => {
    expect(statementName('insert into "accounts" ("username") values ($1)')).toBe('insert accounts');
    expect(statementName('select "id" from "org_nodes" where "path" like $1')).toBe('select org_nodes');
    expect(statementName('update "applications" set "name" = $1')).toBe('update applications');
    expect(statementName("select set_config('gk.scope_path', $1, true)")).toBe('select');
    expect(statementName('WITH x AS (SELECT 1 FROM applications a) SELECT * FROM x')).toBe('with applications');
  });

  it('keeps a programming error’s message and frames, and cuts a message out of the frames', () => {
    const typeError = serializeError(new TypeError("Cannot read properties of undefined (reading 'id')"));
    expect(typeError.message).toContain('reading');
    expect(typeError.frames?.[0]).toMatch(/^at /);
    const sneaky = new Error('value 410102198503152016\n    at 13912345678');
    const out = JSON.stringify(serializeError(sneaky));
    expect(out).not.toContain('410102198503152016');
    expect(out).not.toContain('13912345678');
  });

  it('hides 18-character ID numbers anywhere in a URL, and nothing else', () => {
    expect(redactUrl('/x?a=410102198503152016&b=41010219850315201x')).toBe(
      '/x?a=410102************&b=410102************',
    );
    expect(redactUrl('/api/applications/12345?page=2')).toBe('/api/applications/12345?page=2');
  });
});
