// After every build: the initial JS + CSS (what the first map paint needs, Leaflet included)
// must stay within the gzip budget, and index.html must hold no inline script or style (the
// CSP forbids them). Exits non-zero when either fails.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET = Number(process.env.VERHALENKAART_BUDGET_KB || 90) * 1024;
const dist = new URL('../dist/', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));

const seen = new Set();
const files = [];
function walk(key) {
  if (seen.has(key)) return;
  seen.add(key);
  const chunk = manifest[key];
  if (!chunk) return;
  files.push(chunk.file);
  files.push(...(chunk.css || []));
  (chunk.imports || []).forEach(walk); // static imports only: dynamic ones load later
}
Object.keys(manifest)
  .filter((key) => manifest[key].isEntry)
  .forEach(walk);
// The map screen loads on demand (a shared story opens without it), but the home page's first
// paint needs it: it counts in the budget.
walk('src/ui/map-screen.js');

let total = 0;
const rows = [...new Set(files)].map((file) => {
  const size = gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
  total += size;
  return `  ${(size / 1024).toFixed(1).padStart(6)} kB  ${file}`;
});
console.log(
  `Initial JS + CSS (gzip):\n${rows.join('\n')}\n  ${(total / 1024).toFixed(1).padStart(6)} kB  total (budget ${BUDGET / 1024} kB)`,
);

const html = readFileSync(join(dist, 'index.html'), 'utf8');
const problems = [];
if (/<script(?![^>]*\bsrc=)[^>]*>/i.test(html)) problems.push('an inline <script>');
if (/<style[\s>]/i.test(html)) problems.push('a <style> element');
if (/\sstyle\s*=/i.test(html)) problems.push('a style="" attribute');
if (!existsSync(join(dist, 'sw.js'))) problems.push('no sw.js');
if (problems.length) {
  console.error(`index.html breaks the CSP rules: ${problems.join(', ')}`);
  process.exit(1);
}
if (total > BUDGET) {
  console.error(`Over budget by ${((total - BUDGET) / 1024).toFixed(1)} kB`);
  process.exit(1);
}
