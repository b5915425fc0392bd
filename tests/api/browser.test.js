// Login and consent in a real browser: Debian's Chromium driven by playwright-core, as a
// beneficiary goes through them — the login form, the consent page with its "share personal
// information" checkbox (unticked here), Allow, and Deny — back to the app's redirect URI.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const h = require('./helpers');

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
const skip = !h.haveFixtures() ? `fixtures absent (${h.FIXTURES}): skipped`
  : !CHROMIUM ? 'chromium not installed (scripts/deps installs it): skipped' : false;
const A = 567834;
const REDIRECT = 'http://127.0.0.1:3000/callback';
let dir, db, server, app, browser;

test.before(async () => {
  if (skip) return;
  dir = h.tmpdir();
  db = path.join(dir, 'b.db');
  h.load(db, h.GROUP_A);
  h.run(['user', 'add', '--db', db, '--username', 'BBUser00000', '--password', 'PW00000!', '--patient', String(A), '--sandbox-cost']);
  app = JSON.parse(h.run(['app', 'create', '--db', db, '--name', 'Browser Test App', '--redirect-uri', REDIRECT]));
  server = await h.serve(db);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], timeout: 30000 });
});

test.after(async () => {
  if (browser) await browser.close();
  await h.stop(server);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

// Opens the app's authorization URL; `arrived` resolves when the browser is sent to the app's
// redirect URI (nothing listens there: the request is only watched), `landed` gives that URL.
async function start(page, verifier) {
  const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
  const q = new URLSearchParams({ response_type: 'code', client_id: app.client_id, redirect_uri: REDIRECT,
    state: 'browser-state-0123456789', code_challenge: challenge, code_challenge_method: 'S256' });
  let landed, resolve;
  const arrived = new Promise((r) => { resolve = r; });
  page.on('request', (r) => {
    if (r.url().startsWith(REDIRECT)) {
      landed = r.url();
      resolve();
    }
  });
  await page.goto(`${server.url}/v2/o/authorize/?${q}`);
  return { arrived, landed: () => landed };
}

async function logIn(page) {
  assert.match(page.url(), /\/mymedicare\/login\?next=/);
  await page.getByLabel('Username').fill('BBUser00000');
  await page.getByLabel('Password').fill('PW00000!');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(/\/v2\/o\/authorize\/[^/]+\/$/);
}

test('a beneficiary logs in, unticks personal information, allows; then denies', { skip, timeout: 60000 }, async () => {
  const context = await browser.newContext();
  context.setDefaultTimeout(15000);
  const page = await context.newPage();
  const verifier = crypto.randomBytes(32).toString('base64url');
  const run = await start(page, verifier);
  await logIn(page);
  assert.ok(await page.getByText('Browser Test App').isVisible());
  const box = page.getByLabel(/Share my personal information/);
  assert.equal(await box.isChecked(), true);
  await box.uncheck();
  await page.getByRole('button', { name: 'Allow' }).click({ noWaitAfter: true });
  await run.arrived;
  const back = new URL(run.landed());
  assert.equal(back.searchParams.get('state'), 'browser-state-0123456789');
  const code = back.searchParams.get('code');
  assert.ok(code);
  const body = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT,
    code_verifier: verifier, client_id: app.client_id, client_secret: app.client_secret }).toString();
  const t = await h.request(server, '/v2/o/token/', { method: 'POST', body,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) } });
  assert.equal(t.status, 200, t.body);
  assert.ok(!t.json.scope.split(' ').some((s) => s === 'profile' || s.startsWith('patient/Patient.')), t.json.scope);

  // Still logged in: the next request goes straight to the consent page; Deny.
  const page2 = await context.newPage();
  const run2 = await start(page2, crypto.randomBytes(32).toString('base64url'));
  await page2.waitForURL(/\/v2\/o\/authorize\/[^/]+\/$/);
  await page2.getByRole('button', { name: 'Deny' }).click({ noWaitAfter: true });
  await run2.arrived;
  assert.equal(run2.landed(), `${REDIRECT}?error=access_denied&state=browser-state-0123456789`);
  await context.close();
});
