// The exam client runs on old test-centre PCs: everything its page loads (the HTML, every JS chunk reached through
// static and dynamic imports, their CSS and assets) must stay under 150 KB gzip. Run after `vite build` by
// `npm run build:web`; prints each file and the sum, and fails above the limit.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const LIMIT_BYTES = 150 * 1024;
const ENTRY = 'exam/index.html';

interface ManifestChunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  assets?: string[];
}

/** The files the entry loads, following the manifest's static and dynamic imports. */
export function entryFiles(manifest: Record<string, ManifestChunk>, entry: string): string[] {
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`the manifest has no ${key}`);
    files.add(chunk.file);
    for (const f of [...(chunk.css ?? []), ...(chunk.assets ?? [])]) files.add(f);
    for (const k of [...(chunk.imports ?? []), ...(chunk.dynamicImports ?? [])]) visit(k);
  };
  visit(entry);
  return [...files];
}

function main() {
  const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'web');
  const manifestPath = path.join(webDir, '.vite', 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`no ${manifestPath}: run vite build first`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, ManifestChunk>;
  const rows = [ENTRY, ...entryFiles(manifest, ENTRY)].map((file) => {
    const bytes = readFileSync(path.join(webDir, file));
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  const total = rows.reduce((s, r) => s + r.gzip, 0);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`The exam client (/${ENTRY}) loads:`);
  for (const r of rows) console.log(`  ${r.file.padEnd(44)} ${kb(r.raw).padStart(10)} ${kb(r.gzip).padStart(10)} gzip`);
  console.log(`  total ${kb(total)} gzip (limit ${kb(LIMIT_BYTES)})`);
  if (total > LIMIT_BYTES) {
    console.error(`The exam client is over its limit: ${kb(total)} > ${kb(LIMIT_BYTES)} gzip`);
    process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
