// `npm run db:check`: fails when src/server/db/schema.ts and the committed migrations disagree.
// drizzle-kit generates into a scratch copy of migrations/; any new file there is drift.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// drizzle-kit reads --out relative to the working directory, so the scratch copy sits inside the project.
const scratch = mkdtempSync(path.join(root, '.drift-check-'));
const relative = path.relative(root, scratch);
try {
  cpSync(path.join(root, 'migrations'), scratch, { recursive: true });
  const before = new Set(readdirSync(scratch));
  // drizzle-kit may stop at an interactive rename question (and still exit 0), so success is only its own
  // "No schema changes" with no new file.
  const result = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules', 'drizzle-kit', 'bin.cjs'),
      'generate',
      '--dialect=postgresql',
      '--schema=./src/server/db/schema.ts',
      `--out=${relative}`,
      '--name=drift',
    ],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output = `${result.stdout}\n${result.stderr}`;
  const added = readdirSync(scratch).filter((f) => !before.has(f));
  if (added.length > 0 || !output.includes('No schema changes')) {
    console.error(
      `Schema drift: the schema differs from the committed migrations${added.length ? ` (drizzle-kit would add ${added.join(', ')})` : ''}.`,
    );
    console.error(output.trim().split('\n').slice(-5).join('\n'));
    console.error('Run `npm run db:generate`, read the SQL, and commit it.');
    process.exit(1);
  }
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules', 'drizzle-kit', 'bin.cjs'), 'check', '--dialect=postgresql', '--out=migrations'],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  console.log('Migrations match the schema.');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
