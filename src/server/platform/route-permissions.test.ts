import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/setup/harness.js';
import { describeAccess } from './access.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

// A change in this table is a permission change: review it before updating the snapshot (vitest -u).
it('declares the access of every API route', async () => {
  const table = [...t.routeAccess]
    .sort((a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method))
    .map((r) => `${r.method.padEnd(6)} ${r.url.padEnd(40)} ${describeAccess(r.access)}`)
    .join('\n');
  await expect(`${table}\n`).toMatchFileSnapshot('./__snapshots__/route-permissions.txt');
});
