import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** Builds the web app (vite build) when dist/web is missing or older than its sources. */
export function ensureWebBuilt(): void {
  const built = path.join(root, 'dist', 'web', 'index.html');
  // The web app imports the pure domain (labels, reasons, rules) as well as its own sources.
  const sources = Math.max(
    newestMtime(path.join(root, 'src', 'web')),
    newestMtime(path.join(root, 'src', 'domain')),
    newestMtime(path.join(root, 'vite.config.ts')),
  );
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  console.log('Building the web app (vite build)…');
  // Always the production build, the one users get: under Vitest NODE_ENV is 'test', which would otherwise give the
  // browser journeys React's development build (slower, larger, and not what a test centre's PC runs).
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}
