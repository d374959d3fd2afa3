// The dashboard serves a charting library from the jar, so it works offline. The copy in
// src/main/resources/dashboard/vendor must be exactly the files of the version package.json pins
// (npm ci installs it): this check fails on any difference.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

const files = ['uPlot.iife.min.js', 'uPlot.min.css'];
const sha = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');
let failed = false;
for (const f of files) {
  const vendored = sha(new URL(`../resources/dashboard/vendor/${f}`, import.meta.url));
  const pinned = sha(new URL(`./node_modules/uplot/dist/${f}`, import.meta.url));
  if (vendored !== pinned) {
    console.error(`vendor/${f} differs from uplot@${JSON.parse(readFileSync(new URL('./node_modules/uplot/package.json', import.meta.url))).version}; copy it again`);
    failed = true;
  } else {
    console.log(`vendor/${f}: the pinned uplot's file (sha256 ${vendored.slice(0, 16)})`);
  }
}
process.exit(failed ? 1 : 0);
