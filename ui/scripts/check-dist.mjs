// Checks the built SPA in dist/: (1) it was built from the current sources (dist/.source-hash,
// see source-hash.sh), so the committed ui/dist is what the Go binary should embed; (2) the
// bundle budget: the JavaScript a first visit loads (index.html's module script and its
// modulepreloads), gzipped, stays under BUDGET_KB. Every dist/assets/*.js is listed.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 300;
const dist = new URL('../dist/', import.meta.url).pathname;
let failed = false;

const want = execFileSync('sh', [new URL('./source-hash.sh', import.meta.url).pathname]).toString().trim();
let have = '';
try {
  have = readFileSync(join(dist, '.source-hash'), 'utf8').trim();
} catch {
  /* missing */
}
if (want !== have) {
  console.error('ui/dist is stale: its sources changed since the last build. Run `make ui` and commit ui/dist.');
  failed = true;
}

const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = new Set(
  [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]),
);
const kb = (n) => (n / 1024).toFixed(1);
let initialBytes = 0;
let totalBytes = 0;
const rows = [];
for (const name of readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js')).sort()) {
  const raw = readFileSync(join(dist, 'assets', name));
  const gz = gzipSync(raw, { level: 9 }).length;
  const isInitial = initial.has(`assets/${name}`);
  totalBytes += gz;
  if (isInitial) initialBytes += gz;
  rows.push(`  ${isInitial ? 'initial' : 'lazy   '}  ${kb(gz).padStart(7)} kB gz  ${kb(raw.length).padStart(7)} kB  ${name}`);
}
console.log(rows.join('\n'));
console.log(`initial JS ${kb(initialBytes)} kB gzipped (budget ${BUDGET_KB} kB); all JS ${kb(totalBytes)} kB gzipped`);
if (initial.size === 0) {
  console.error('no module script found in dist/index.html');
  failed = true;
}
if (initialBytes > BUDGET_KB * 1024) {
  console.error(`bundle budget exceeded: initial JS is ${kb(initialBytes)} kB gzipped, over ${BUDGET_KB} kB`);
  failed = true;
}
process.exit(failed ? 1 : 0);
