import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  checkBoundaries,
  formatViolation,
  parseFile,
  readTree,
  type SourceFile,
  type Violation,
} from './check-boundaries.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('the boundaries of ARCHITECTURE.md hold in src/', () => {
  const files = readTree(root);

  it('reads the whole tree and its edges (a checker that sees nothing passes everything)', () => {
    expect(files.length).toBeGreaterThan(200);
    const types = files.find((f) => f.path === 'src/web/api/types.ts')!;
    const edges = parseFile(types, new Set(files.map((f) => f.path))).imports;
    expect(edges).toContainEqual(
      expect.objectContaining({ target: 'src/server/modules/accounts/accounts.schemas.ts', typeOnly: true }),
    );
  });

  it('has no violation', () => {
    // Each line names the rule, the file, the line and the import or statement at fault.
    expect(checkBoundaries(files).map(formatViolation)).toEqual([]);
  });
});

// ─── Each rule fails when broken ───────────────────────────────────────────────────────────────────────────

const file = (p: string, text: string): SourceFile => ({ path: p, text });
const brief = (vs: Violation[]) => vs.map((v) => `${v.rule} ${v.file} ${v.detail}`);

const CONTRACT = file(
  'src/server/modules/org/org.schemas.ts',
  `import { z } from 'zod';
import { ROLES } from '../../../domain/roles.js';
import { idParam } from '../../platform/params.schemas.js';
export const node = z.object({ id: idParam('x'), role: z.enum(ROLES) });`,
);
const BASE: SourceFile[] = [
  CONTRACT,
  file(
    'src/server/platform/params.schemas.ts',
    `import { z } from 'zod';\nexport const idParam = (d: string) => z.string().describe(d);`,
  ),
  file('src/domain/roles.ts', `export const ROLES = ['a'] as const;`),
  file('src/domain/review.ts', `import { ROLES } from './roles.js';\nexport const n = ROLES.length;`),
  file(
    'src/server/platform/tx.ts',
    `import { sql } from 'drizzle-orm';\nexport const q = (tx: any) => tx.execute(sql\`select 1\`);`,
  ),
  file(
    'src/server/db/schema.ts',
    `import { pgTable } from 'drizzle-orm/pg-core';\nexport const orgNodes = pgTable('org_nodes', {});`,
  ),
  file(
    'src/server/modules/org/org.repository.ts',
    `import { eq, sql } from 'drizzle-orm';
import { orgNodes } from '../../db/schema.js';
export const find = (tx: any, id: number) => tx.select().from(orgNodes).where(eq(orgNodes.id, id));
export const ping = (db: any) => db.execute(sql\`select 1\`);`,
  ),
  file(
    'src/server/modules/org/org.service.ts',
    `import type { orgNodes } from '../../db/schema.js';
import type { AppDeps } from '../../deps.js';
import * as repo from './org.repository.js';
export type Row = typeof orgNodes.$inferSelect;
export const findNode = (tx: unknown, id: number) => repo.find(tx, id);
export const f = (deps: AppDeps, m: Map<number, number>) => { m.delete(1); return deps; };`,
  ),
  file(
    'src/server/modules/accounts/accounts.service.ts',
    `import { findNode } from '../org/org.service.js';\nexport const g = findNode;`,
  ),
  file('src/server/deps.ts', `export interface AppDeps { db: unknown }`),
  file('src/server/app.ts', `import type { AppDeps } from './deps.js';\nexport const buildApp = (d: AppDeps) => d;`),
  file('src/server/main.ts', `import { buildApp } from './app.js';\nbuildApp({ db: null });`),
  file(
    'src/server/modules/org/org.test.ts',
    `import { buildApp } from '../../app.js';\nimport * as r from '../accounts/accounts.repository.js';\nexport { buildApp, r };`,
  ),
  file(
    'src/web/api/types.ts',
    `import type { Node } from '../../server/modules/org/org.schemas';
export type { Node as OrgNode } from '../../server/modules/org/org.schemas.js';
import { type Other } from '../../server/modules/org/org.schemas.js';
type Lazy = import('../../server/modules/org/org.schemas.js').Node;
export type T = Node | Other | Lazy;`,
  ),
  file('src/web/pages/org.tsx', `const fields = new Map();\nfields.delete('x');\nexport const Page = () => null;`),
];

/** The violations that `files` add to the clean base. */
function added(...files: SourceFile[]): string[] {
  const paths = new Set(files.map((f) => f.path));
  return brief(checkBoundaries([...BASE.filter((f) => !paths.has(f.path)), ...files]));
}

describe('checkBoundaries', () => {
  it('passes the clean base: type-only contract imports from the web, SQL in repositories and the platform', () => {
    expect(brief(checkBoundaries(BASE))).toEqual([]);
  });

  it('(a) refuses server code in the web, and a contract imported for its values', () => {
    expect(
      added(
        file(
          'src/web/pages/x.tsx',
          `import { node } from '../../server/modules/org/org.schemas.js';
import type { AppDeps } from '../../server/deps.js';
export { findNode } from '../../server/modules/org/org.service.js';
const lazy = () => import('../../server/modules/org/org.schemas.js');
export const x = [node, lazy];
export type D = AppDeps;`,
        ),
      ),
    ).toEqual([
      'web-imports-server src/web/pages/x.tsx line 1: imports src/server/modules/org/org.schemas.ts (a contract without `import type`)',
      'web-imports-server src/web/pages/x.tsx line 2: imports src/server/deps.ts (server code other than a contract)',
      'web-imports-server src/web/pages/x.tsx line 3: imports src/server/modules/org/org.service.ts (server code other than a contract)',
      'web-imports-server src/web/pages/x.tsx line 4: imports src/server/modules/org/org.schemas.ts (a contract without `import type`)',
    ]);
  });

  it('(b) refuses a contract that imports a repository, a service, the platform or another package', () => {
    expect(
      added(
        file(
          'src/server/modules/org/org.schemas.ts',
          `import { z } from 'zod';
import { find } from './org.repository.js';
import type { AppDeps } from '../../deps.js';
import { ROLES } from '../../platform/permissions.js';
import dayjs from 'dayjs';
export const s = z.object({}); export type X = [typeof find, AppDeps, typeof ROLES, typeof dayjs];`,
        ),
      ),
    ).toEqual([
      'contract-imports src/server/modules/org/org.schemas.ts line 2: imports src/server/modules/org/org.repository.ts (a contract imports only zod, src/domain and contracts)',
      'contract-imports src/server/modules/org/org.schemas.ts line 3: imports src/server/deps.ts (a contract imports only zod, src/domain and contracts)',
      'contract-imports src/server/modules/org/org.schemas.ts line 4: imports src/server/platform/permissions.ts (a contract imports only zod, src/domain and contracts)',
      'contract-imports src/server/modules/org/org.schemas.ts line 5: imports dayjs (a contract imports only zod, src/domain and contracts)',
    ]);
  });

  it('(c) refuses a domain file that imports the server, the web or I/O (tests may use their tools)', () => {
    expect(
      added(
        file(
          'src/domain/x.ts',
          `import type { Node } from '../server/modules/org/org.schemas.js';
import { Page } from '../web/pages/org.js';
import { readFileSync } from 'node:fs';
export type N = Node; export const y = [Page, readFileSync];`,
        ),
        file(
          'src/domain/x.test.ts',
          `import { it } from 'vitest';\nimport fc from 'fast-check';\nimport { ROLES } from './roles.js';\nit('x', () => fc && ROLES);`,
        ),
      ),
    ).toEqual([
      'domain-imports src/domain/x.ts line 1: imports src/server/modules/org/org.schemas.ts (the domain imports only the domain)',
      'domain-imports src/domain/x.ts line 2: imports src/web/pages/org.tsx (the domain imports only the domain)',
      'domain-imports src/domain/x.ts line 3: imports node:fs (the domain imports only the domain)',
    ]);
  });

  it('(d) refuses SQL outside repositories, the platform and the database layer', () => {
    expect(
      added(
        file(
          'src/server/modules/org/org.import.ts',
          `import { eq, sql } from 'drizzle-orm';
import { orgNodes } from '../../db/schema.js';
export async function f(tx: any, deps: any) {
  await tx.select().from(orgNodes).where(eq(orgNodes.id, 1));
  await deps.db.execute(sql\`select 1\`);
  await this.tx.insert(orgNodes);
  return tx.query.orgNodes.findMany();
}`,
        ),
      ),
    ).toEqual([
      'sql-outside-repository src/server/modules/org/org.import.ts line 1: imports drizzle-orm (drizzle-orm values)',
      'sql-outside-repository src/server/modules/org/org.import.ts line 2: imports src/server/db/schema.ts (the tables; types only outside repositories)',
      'sql-outside-repository src/server/modules/org/org.import.ts line 4: tx.select',
      'sql-outside-repository src/server/modules/org/org.import.ts line 5: deps.db.execute',
      'sql-outside-repository src/server/modules/org/org.import.ts line 5: a sql`…` template',
      'sql-outside-repository src/server/modules/org/org.import.ts line 6: this.tx.insert',
      'sql-outside-repository src/server/modules/org/org.import.ts line 7: tx.query',
    ]);
  });

  it("(e) refuses another module's repository, for types too, from services, routes and seeds", () => {
    expect(
      added(
        file(
          'src/server/modules/accounts/accounts.service.ts',
          `import { find } from '../org/org.repository.js';\nimport type * as R from '../org/org.repository.js';\nexport const g = find; export type X = typeof R;`,
        ),
        file('src/server/modules/accounts/accounts.routes.ts', `export { find } from '../org/org.repository.js';`),
        file(
          'src/server/db/seed.ts',
          `import { find } from '../modules/org/org.repository.js';\nexport const s = find;`,
        ),
      ),
    ).toEqual([
      "foreign-repository src/server/modules/accounts/accounts.service.ts line 1: imports src/server/modules/org/org.repository.ts (another module's repository; use the org service)",
      "foreign-repository src/server/modules/accounts/accounts.service.ts line 2: imports src/server/modules/org/org.repository.ts (another module's repository; use the org service)",
      "foreign-repository src/server/modules/accounts/accounts.routes.ts line 1: imports src/server/modules/org/org.repository.ts (another module's repository; use the org service)",
      "foreign-repository src/server/db/seed.ts line 1: imports src/server/modules/org/org.repository.ts (another module's repository; use the org service)",
    ]);
  });

  it('(f) refuses app.ts anywhere but main.ts and tests', () => {
    expect(
      added(
        file(
          'src/server/modules/org/org.routes.ts',
          `import type { AppDeps } from '../../app.js';\nexport type D = AppDeps;`,
        ),
        file('src/server/platform/jobs.ts', `export const load = () => import('../app.js');`),
      ),
    ).toEqual([
      'app-import src/server/modules/org/org.routes.ts line 1: imports src/server/app.ts (only main.ts, tests, scripts and bench)',
      'app-import src/server/platform/jobs.ts line 1: imports src/server/app.ts (only main.ts, tests, scripts and bench)',
    ]);
  });
});
