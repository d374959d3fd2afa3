// The dashboard as a person uses it, in a real headless Chromium (Debian's, driven by
// playwright-core): node browser-test.mjs BASE_URL ADMIN_TOKEN SCREENSHOT_DIR
// against a standalone with demo traffic. Fails (exit 1) on the first check that does not hold,
// or when the page logged any console error. Keeps a screenshot of each view.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const [base, token, shots] = process.argv.slice(2);
if (!base || !token || !shots) {
  console.error('usage: node browser-test.mjs BASE_URL ADMIN_TOKEN SCREENSHOT_DIR');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT = 30_000;

const browser = await chromium.launch({
  executablePath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run'],
});
const consoleErrors = [];
let failed = false;
/** Waits until the element's text contains the substring; on timeout the error says what it held. */
async function waitText(page, selector, substring) {
  try {
    await page.waitForFunction(([sel, sub]) => document.querySelector(sel).textContent.includes(sub), [selector, substring]);
  } catch (e) {
    throw new Error(`${selector} never showed "${substring}"; it shows "${await page.textContent(selector)}"`);
  }
  return page.textContent(selector);
}
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failed = true;
};

try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  page.setDefaultTimeout(TIMEOUT);

  await page.goto(base + '/');
  const rows = page.locator('#rows tr[data-route]');
  await rows.first().waitFor();
  check(await rows.count() > 0, `the table fills (${await rows.count()} rows)`);
  check((await page.textContent('#source')).includes('source:'), `the data source and its age are shown: ${await page.textContent('#source')}`);
  await page.screenshot({ path: `${shots}/1-routes.png`, fullPage: true });

  // search: only matching routes stay
  await page.fill('#search', 'users');
  await page.waitForFunction(() => {
    const r = [...document.querySelectorAll('#rows tr[data-route]')];
    return r.length > 0 && r.every((tr) => tr.dataset.route.toLowerCase().includes('users'));
  });
  check(true, `search narrows the table to routes containing "users" (${await rows.count()} rows)`);
  await page.screenshot({ path: `${shots}/2-search.png`, fullPage: true });
  await page.fill('#search', '');
  await page.waitForFunction(() => [...document.querySelectorAll('#rows tr[data-route]')].some((tr) => !tr.dataset.route.includes('users')));

  // sort by p99, slowest first; then fastest first
  const p99 = async () => (await page.$$eval('#rows tr[data-route]', (trs) => trs.map((tr) => tr.cells[9].textContent)))
    .map((t) => (t === '–' ? null : Number(t.replace(/,/g, ''))));
  const sortedDesc = (v) => v.filter((x) => x !== null).every((x, i, a) => i === 0 || a[i - 1] >= x);
  const sortedAsc = (v) => v.filter((x) => x !== null).every((x, i, a) => i === 0 || a[i - 1] <= x);
  const before = await p99();
  await page.click('th[data-sort="p99"]');
  await page.waitForFunction(() => document.querySelector('th[data-sort="p99"]').classList.contains('sorted'));
  await page.waitForFunction(() => {
    const v = [...document.querySelectorAll('#rows tr[data-route]')].map((tr) => tr.cells[9].textContent).filter((t) => t !== '–')
      .map((t) => Number(t.replace(/,/g, '')));
    return v.length > 1 && v.every((x, i) => i === 0 || v[i - 1] >= x);
  });
  const desc = await p99();
  check(sortedDesc(desc) && JSON.stringify(desc) !== JSON.stringify(before), `sorting by p99 puts the slowest routes first (${desc.slice(0, 3)})`);
  await page.click('th[data-sort="p99"]');
  await page.waitForFunction(() => {
    const v = [...document.querySelectorAll('#rows tr[data-route]')].map((tr) => tr.cells[9].textContent).filter((t) => t !== '–')
      .map((t) => Number(t.replace(/,/g, '')));
    return v.length > 1 && v.every((x, i) => i === 0 || v[i - 1] <= x);
  });
  check(sortedAsc(await p99()), 'a second click sorts fastest first');
  await page.screenshot({ path: `${shots}/3-sorted.png`, fullPage: true });

  // click a route: its hours as charts
  const first = rows.first();
  const route = await first.getAttribute('data-route');
  await first.click();
  await page.locator('#series:not([hidden]) #chart-requests canvas').waitFor();
  await page.locator('#chart-latency canvas').waitFor();
  check((await page.textContent('#series-title')).includes(route), `clicking ${route} draws its requests and latency charts`);
  await page.screenshot({ path: `${shots}/4-route-chart.png`, fullPage: true });

  // pipeline health from /metrics and /health
  await page.waitForFunction(() => document.querySelector('#pipeline-facts').textContent.includes('lag'));
  check((await page.textContent('#health')).includes('postgres'), 'the pipeline panel shows lag and every dependency');

  check(consoleErrors.length === 0, `no console errors while loading, searching, sorting and charting${consoleErrors.length ? ': ' + consoleErrors.join(' | ') : ''}`);
  // from here on the test makes requests fail on purpose (no token, a wrong one, a bad value): the browser logs each
  // refused request; anything else (a script error) still fails the test
  const expectedRefusal = /Failed to load resource: the server responded with a status of 40[013]/;
  consoleErrors.length = 0;

  // canary: changes need the token; the API's message is shown as it is
  await page.selectOption('#canary-phase', 'SHADOW');
  await page.click('[data-testid=canary-save]');
  await page.waitForFunction(() => document.querySelector('#canary-message').textContent.length > 0);
  const noToken = await page.textContent('#canary-message');
  check(noToken.includes('Authorization: Bearer'), `without a token the 401 message is shown: "${noToken}"`);
  await page.fill('#token', 'not-the-token');
  await page.dispatchEvent('#token', 'change');
  await page.click('[data-testid=canary-save]');
  check(true, `a wrong token shows the API's answer: "${await waitText(page, '#canary-message', 'not valid')}"`);
  await page.screenshot({ path: `${shots}/5-wrong-token.png`, fullPage: true });

  // the right token: a validation error verbatim, then a change that is saved, and the archiver's panel
  await page.fill('#token', token);
  await page.dispatchEvent('#token', 'change');
  await page.selectOption('#canary-phase', '');
  await page.fill('#canary-percentage', '250');
  await page.click('[data-testid=canary-save]');
  check(true, `an invalid value shows the API's validation error: "${await waitText(page, '#canary-message', 'newApiPercentage')}"`);
  await page.fill('#canary-percentage', '100');
  await page.selectOption('#canary-phase', 'SHADOW');
  await page.click('[data-testid=canary-save]');
  await waitText(page, '#canary-message', 'Saved.');
  await waitText(page, '#canary-facts', 'SHADOW');
  check(true, 'with the token the change is saved and shown');
  await page.locator('#jobs tr').first().waitFor();
  check(await page.locator('#jobs tr').count() >= 5, 'the archiver panel lists every job');
  await page.screenshot({ path: `${shots}/6-admin.png`, fullPage: true });

  const unexpected = consoleErrors.filter((e) => !expectedRefusal.test(e));
  check(unexpected.length === 0, `no other console errors${unexpected.length ? ': ' + unexpected.join(' | ') : ''}`);
} catch (e) {
  console.log(`FAIL ${e.message}`);
  failed = true;
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
