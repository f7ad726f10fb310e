// The two pages of the web build: the officials' app answers its own routes, the exam client (/exam/) its own, and
// neither is ever sent for the other.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/setup/harness.js';
import { isExamClientPath } from './app.js';

let t: TestApp;
let webDir: string;

beforeAll(async () => {
  webDir = mkdtempSync(path.join(tmpdir(), 'gk-web-'));
  mkdirSync(path.join(webDir, 'exam'));
  mkdirSync(path.join(webDir, 'assets'));
  writeFileSync(path.join(webDir, 'index.html'), '<title>officials</title>');
  writeFileSync(path.join(webDir, 'exam', 'index.html'), '<title>exam client</title>');
  writeFileSync(path.join(webDir, 'assets', 'exam-abc.js'), 'console.log(1)');
  mkdirSync(path.join(webDir, '.vite'));
  writeFileSync(path.join(webDir, '.vite', 'manifest.json'), '{"secret":"build manifest"}');
  t = await buildTestApp({ webDir });
});

afterAll(async () => {
  await t?.close();
  rmSync(webDir, { recursive: true, force: true });
});

describe('the exam client page', () => {
  it('answers /exam, /exam/ and below with the exam page, other paths with the officials’ app', async () => {
    for (const url of ['/exam', '/exam/', '/exam/?x=1', '/exam/index.html', '/exam/anything']) {
      const r = await t.app.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBe(200);
      expect(r.body, url).toContain('exam client');
    }
    for (const url of ['/', '/seating', '/examination', '/exams/1']) {
      const r = await t.app.inject({ method: 'GET', url });
      expect(r.body, url).toContain('officials');
    }
    const asset = await t.app.inject({ method: 'GET', url: '/assets/exam-abc.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.body).toBe('console.log(1)');
    // The build's manifest (read by scripts/exam-bundle-size.ts) is not published.
    expect((await t.app.inject({ method: 'GET', url: '/.vite/manifest.json' })).body).not.toContain('build manifest');
    // The API keeps its JSON 404s under the exam client's prefix too.
    expect((await t.app.inject({ method: 'GET', url: '/api/exam/nothing' })).statusCode).toBe(404);
  });

  it('tells its paths apart', () => {
    expect(isExamClientPath('/exam')).toBe(true);
    expect(isExamClientPath('/exam/?a=b')).toBe(true);
    expect(isExamClientPath('/examples')).toBe(false);
    expect(isExamClientPath('/')).toBe(false);
  });
});
