// The layer rules of ARCHITECTURE.md ("Boundaries"), checked over the import graph of src/ (and over the syntax
// of each file, for SQL). Run by scripts/check-boundaries.test.ts, which is a unit test and so part of CI.
//
// Files are parsed with the TypeScript compiler's parser (no type checking, so the whole tree takes about a
// second). Every way of naming another file counts: `import`, `import type`, `export … from`, `import x =
// require()`, `require()`, dynamic `import()` and `import('…')` types.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export type Rule =
  | 'web-imports-server'
  | 'contract-imports'
  | 'domain-imports'
  | 'sql-outside-repository'
  | 'foreign-repository'
  | 'app-import';

export interface Violation {
  rule: Rule;
  /** The offending file, relative to the project root with forward slashes. */
  file: string;
  /** What it does, e.g. `imports src/server/platform/tx.ts`. */
  detail: string;
}

export interface SourceFile {
  /** Relative to the project root, forward slashes: `src/server/modules/org/org.service.ts`. */
  path: string;
  text: string;
}

/** One import of a file: what it names, where that resolves to, and whether only types cross. */
export interface ImportEdge {
  specifier: string;
  /** A project path for relative specifiers (`src/…`, `bench/…`), else null (a package or a Node built-in). */
  target: string | null;
  typeOnly: boolean;
  line: number;
}

// ─── Where a file sits ─────────────────────────────────────────────────────────────────────────────────────

const isTest = (p: string) => /\.test\.tsx?$/.test(p) || /\.test-support\.tsx?$/.test(p) || p.startsWith('test/');
const isWeb = (p: string) => p.startsWith('src/web/');
const isDomain = (p: string) => p.startsWith('src/domain/');
const isServer = (p: string) => p.startsWith('src/server/');
/** A contract: a Zod schema file of the server, `*.schemas.ts` (modules' contracts and platform/params.schemas.ts). */
export const isContract = (p: string) => isServer(p) && p.endsWith('.schemas.ts') && !isTest(p);
const isRepository = (p: string) => /^src\/server\/modules\/[^/]+\/[^/]+\.repository\.ts$/.test(p);
const moduleOf = (p: string) => /^src\/server\/modules\/([^/]+)\//.exec(p)?.[1] ?? null;
/** Where SQL may be written: repositories, the platform's own tables, the database layer (schema, client, seeds). */
const mayWriteSql = (p: string) =>
  isRepository(p) || p.startsWith('src/server/platform/') || p.startsWith('src/server/db/') || isTest(p);
const APP = 'src/server/app.ts';
/** Who may build the app: main.ts and tests (scripts, bench and test/ are outside src/ and not checked). */
const mayImportApp = (p: string) => p === 'src/server/main.ts' || isTest(p);
/**
 * Packages the domain may use. Add one only if it does no I/O. pure-rand: the seeded PRNG papers are drawn with
 * (paper.ts), pure computation, pinned to an exact version because stored papers are rebuilt with it.
 */
const DOMAIN_PACKAGES: ReadonlySet<string> = new Set(['pure-rand']);
const DOMAIN_TEST_PACKAGES: ReadonlySet<string> = new Set([
  ...DOMAIN_PACKAGES,
  'vitest',
  'fast-check',
  'node:fs',
  'node:path',
]);

const packageName = (specifier: string) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;

// ─── Reading a file ────────────────────────────────────────────────────────────────────────────────────────

function resolve(from: string, specifier: string, known: ReadonlySet<string>): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  const stem = base.replace(/\.(js|jsx|ts|tsx)$/, '');
  const candidates = /\.(js|jsx|ts|tsx)$/.test(base)
    ? [`${stem}.ts`, `${stem}.tsx`, base]
    : [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`, base];
  return candidates.find((c) => known.has(c)) ?? candidates[0]!;
}

function lineOf(source: ts.SourceFile, node: ts.Node): number {
  return source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
}

function importIsTypeOnly(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (!clause) return false; // `import './x.js'` runs the module
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const bindings = clause.namedBindings;
  if (!bindings || ts.isNamespaceImport(bindings)) return false;
  return bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

function exportIsTypeOnly(node: ts.ExportDeclaration): boolean {
  if (node.isTypeOnly) return true;
  const clause = node.exportClause;
  return (
    !!clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly)
  );
}

const QUERY_METHODS = new Set([
  'select',
  'selectDistinct',
  'selectDistinctOn',
  'insert',
  'update',
  'delete',
  'execute',
  'transaction',
  'query',
]);
const DB_NAMES = new Set(['db', 'tx', 'trx']);

/** `db`, `tx`, `trx`, or `….db` / `….tx` (deps.db): what a query is run on. */
function isDbLike(node: ts.Expression): boolean {
  if (ts.isIdentifier(node)) return DB_NAMES.has(node.text);
  if (ts.isPropertyAccessExpression(node)) return DB_NAMES.has(node.name.text);
  return false;
}

interface Parsed {
  imports: ImportEdge[];
  /** SQL written in the file itself: `sql` templates and query-builder calls on a db or transaction. */
  sql: Array<{ line: number; what: string }>;
}

export function parseFile(file: SourceFile, known: ReadonlySet<string>): Parsed {
  const source = ts.createSourceFile(
    file.path,
    file.text,
    ts.ScriptTarget.Latest,
    true,
    file.path.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const imports: ImportEdge[] = [];
  const sql: Parsed['sql'] = [];
  const add = (specifier: string, typeOnly: boolean, node: ts.Node) =>
    imports.push({ specifier, target: resolve(file.path, specifier, known), typeOnly, line: lineOf(source, node) });

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, importIsTypeOnly(node), node);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, exportIsTypeOnly(node), node);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      add(node.moduleReference.expression.text, node.isTypeOnly, node);
    } else if (ts.isImportTypeNode(node)) {
      const argument = node.argument;
      if (ts.isLiteralTypeNode(argument) && ts.isStringLiteral(argument.literal))
        add(argument.literal.text, true, node);
    } else if (ts.isCallExpression(node)) {
      const [first] = node.arguments;
      const dynamic = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const required = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if ((dynamic || required) && first && ts.isStringLiteralLike(first)) add(first.text, false, node);
    }
    if (ts.isTaggedTemplateExpression(node)) {
      const tag = node.tag;
      const root = ts.isPropertyAccessExpression(tag) ? tag.expression : tag;
      if (ts.isIdentifier(root) && root.text === 'sql')
        sql.push({ line: lineOf(source, node), what: 'a sql`…` template' });
    }
    if (ts.isPropertyAccessExpression(node) && QUERY_METHODS.has(node.name.text) && isDbLike(node.expression)) {
      sql.push({ line: lineOf(source, node), what: `${node.expression.getText(source)}.${node.name.text}` });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { imports, sql };
}

// ─── The rules ─────────────────────────────────────────────────────────────────────────────────────────────

export function checkBoundaries(files: readonly SourceFile[]): Violation[] {
  const known = new Set(files.map((f) => f.path));
  const out: Violation[] = [];
  for (const file of files) {
    const p = file.path;
    const { imports, sql } = parseFile(file, known);
    const report = (rule: Rule, edge: ImportEdge, why: string) =>
      out.push({ rule, file: p, detail: `line ${edge.line}: imports ${edge.target ?? edge.specifier} (${why})` });

    for (const edge of imports) {
      const target = edge.target;
      const pkg = target === null ? packageName(edge.specifier) : null;

      // (a) The web reaches the server only through contracts, and only for their types.
      if (isWeb(p) && target !== null && isServer(target)) {
        if (!isContract(target)) report('web-imports-server', edge, 'server code other than a contract');
        else if (!edge.typeOnly) report('web-imports-server', edge, 'a contract without `import type`');
      }

      // (b) A contract depends on zod, the domain and other contracts.
      if (isContract(p)) {
        const allowed = target === null ? pkg === 'zod' : isDomain(target) || isContract(target);
        if (!allowed) report('contract-imports', edge, 'a contract imports only zod, src/domain and contracts');
      }

      // (c) The domain is pure: other domain files, and nothing of the server, the web or I/O.
      if (isDomain(p)) {
        const packages = isTest(p) ? DOMAIN_TEST_PACKAGES : DOMAIN_PACKAGES;
        const allowed = target === null ? packages.has(pkg!) || packages.has(edge.specifier) : isDomain(target);
        if (!allowed) report('domain-imports', edge, 'the domain imports only the domain');
      }

      // (d) Drizzle's operators, `sql` and the tables are the means of writing SQL.
      if (!mayWriteSql(p)) {
        if (pkg === 'drizzle-orm' && !edge.typeOnly) report('sql-outside-repository', edge, 'drizzle-orm values');
        if (target === 'src/server/db/schema.ts' && !edge.typeOnly) {
          report('sql-outside-repository', edge, 'the tables; types only outside repositories');
        }
      }

      // (e) A module's repository belongs to its module: others use its service.
      if (target !== null && isRepository(target) && !isTest(p) && moduleOf(p) !== moduleOf(target)) {
        report('foreign-repository', edge, `another module's repository; use the ${moduleOf(target)} service`);
      }

      // (f) Only main.ts (and tests, scripts, bench) build the app.
      if (target === APP && !mayImportApp(p)) report('app-import', edge, 'only main.ts, tests, scripts and bench');
    }

    if (!mayWriteSql(p)) {
      for (const s of sql) {
        out.push({ rule: 'sql-outside-repository', file: p, detail: `line ${s.line}: ${s.what}` });
      }
    }
  }
  return out;
}

export function formatViolation(v: Violation): string {
  return `[${v.rule}] ${v.file} ${v.detail}`;
}

/** Every .ts/.tsx file under `dir` (relative to `root`). */
export function readTree(root: string, dir = 'src'): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(root, relative), { withFileTypes: true })) {
      const child = path.posix.join(relative, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (/\.tsx?$/.test(entry.name))
        out.push({ path: child, text: readFileSync(path.join(root, child), 'utf8') });
    }
  };
  walk(dir);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}
