// The people-facing web in a real browser (Debian's Chromium through playwright-core), walked
// as people walk it: a developer signs up (the verification link from the sandbox's log),
// registers an app, copies the secret shown once, makes a new one and the old one is refused;
// BBUser00001 authorizes the app through the log-in and consent pages; the beneficiary sees
// the app on the dashboard and disconnects it, after which the app's token gets 401 and its
// refresh invalid_grant; the developer asks for production and an operator approves at
// /admin; the consent page in Spanish. Every page is screenshotted (BB_TEST_OUT, default
// build/test-output) and checked with axe-core: no serious or critical violation.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const h = require('./helpers');

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
const skip = !CHROMIUM ? 'chromium not installed (scripts/deps installs it): skipped' : false;
const SHOTS = process.env.BB_TEST_OUT || path.join(h.ROOT, 'build', 'test-output');
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const REDIRECT = 'http://127.0.0.1:9/callback'; // nothing listens: the browser's request is watched

let dir, db, server, browser;
const checked = [];

test.before(async () => {
  if (skip) return;
  dir = h.tmpdir();
  db = path.join(dir, 'web.db');
  h.run(['synth', '--benes', '4', '--db', db, '--quiet']);
  server = await h.serve(db);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], timeout: 30000 });
  fs.mkdirSync(SHOTS, { recursive: true });
});

test.after(async () => {
  if (browser) await browser.close();
  await h.stop(server);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

// A screenshot of the page, and axe-core's verdict on it (run through the DevTools protocol,
// which the pages' CSP does not govern).
async function look(page, name) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], `${name}: accessibility`);
  checked.push(name);
}

function post(target, fields, headers = {}) {
  const f = h.form(fields);
  return h.request(server, target, { method: 'POST', body: f.body, headers: { ...f.headers, ...headers } });
}

const basic = (id, secret) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

async function verificationLink(email) {
  for (let i = 0; i < 50; i++) {
    const line = server.lines.map((l) => JSON.parse(l)).reverse().find((l) => l.email && l.email.to === email);
    if (line) return line.email.link;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no verification link for ${email} in the log`);
}

// Opens the app's authorization URL in page; arrived resolves with the URL the browser is
// sent back to.
async function authorize(page, clientId, verifier, extra = {}) {
  const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
  const q = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: REDIRECT,
    state: 'web-test-state-0123456789', code_challenge: challenge, code_challenge_method: 'S256', ...extra });
  let resolve;
  const arrived = new Promise((r) => { resolve = r; });
  page.on('request', (r) => { if (r.url().startsWith(REDIRECT)) resolve(r.url()); });
  await page.goto(`${server.url}/v2/o/authorize/?${q}`);
  return arrived;
}

test('developer, beneficiary and operator, through the pages', { skip, timeout: 180000 }, async () => {
  const dev = await browser.newContext();
  dev.setDefaultTimeout(15000);
  const page = await dev.newPage();

  await page.goto(`${server.url}/`);
  await look(page, '01-landing');

  // Sign up, verify, log in.
  await page.goto(`${server.url}/developer/signup`);
  await look(page, '02-signup');
  await page.getByLabel('Email').fill('maker@example.com');
  await page.getByLabel('Password (8 characters or more)').fill('a long password');
  await page.getByLabel('The password again').fill('a long password');
  await page.getByRole('button', { name: 'Create the account' }).click();
  await page.getByRole('heading', { name: 'Check your email' }).waitFor();
  await look(page, '03-check-email');
  await page.goto(await verificationLink('maker@example.com'));
  await page.getByRole('button', { name: 'Verify my email' }).click();
  await page.getByRole('heading', { name: 'Email verified' }).waitFor();
  await page.getByRole('link', { name: 'Log in' }).first().click();
  await look(page, '04-developer-login');
  await page.getByLabel('Email').fill('maker@example.com');
  await page.getByLabel('Password').fill('a long password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Your apps' }).waitFor();
  await look(page, '05-apps-empty');

  // Register an app; copy the secret shown once.
  await page.getByRole('link', { name: 'Register a new app' }).click();
  await page.getByLabel('Name (shown to beneficiaries)').fill('Claims Viewer');
  await page.getByLabel('Description').fill('Shows your Medicare claims.');
  await page.getByLabel('Redirect URIs (one per line)').fill(REDIRECT);
  await page.getByLabel('Website').fill('https://viewer.example');
  await page.getByLabel('Data access').selectOption('THIRTEEN_MONTH');
  await page.getByLabel(/I agree to the Blue Button 2.0 API Terms of Use/).check();
  await look(page, '06-register-app');
  await page.getByRole('button', { name: 'Register the app' }).click();
  await page.getByRole('heading', { name: 'Your app is registered' }).waitFor();
  await look(page, '07-secret-once');
  const clientId = (await page.locator('#client-id').innerText()).trim();
  const secret1 = (await page.locator('#client-secret').innerText()).trim();
  assert.equal(clientId.length, 40);
  assert.ok(secret1.length >= 40);

  // A new secret: the old one is refused at once.
  await page.getByRole('link', { name: /Back to Claims Viewer/ }).click();
  await look(page, '08-app-page');
  await page.getByRole('button', { name: /Make a new client secret/ }).click();
  await page.getByRole('heading', { name: 'A new client secret' }).waitFor();
  const secret2 = (await page.locator('#client-secret').innerText()).trim();
  assert.notEqual(secret2, secret1);
  const oldOne = await post('/v2/o/introspect/', { token: 'x' }, { Authorization: basic(clientId, secret1) });
  assert.equal(oldOne.status, 401);
  const newOne = await post('/v2/o/introspect/', { token: 'x' }, { Authorization: basic(clientId, secret2) });
  assert.equal(newOne.status, 200);

  // BBUser00001 authorizes the app.
  const bene = await browser.newContext();
  bene.setDefaultTimeout(15000);
  const bp = await bene.newPage();
  const verifier = crypto.randomBytes(32).toString('base64url');
  const back = authorize(bp, clientId, verifier);
  await bp.waitForURL(/\/mymedicare\/login/);
  await look(bp, '09-beneficiary-login');
  await bp.getByLabel('Username').fill('BBUser00001');
  await bp.getByLabel('Password').fill('PW00001!');
  await bp.getByRole('button', { name: 'Log in' }).click();
  await bp.waitForURL(/\/v2\/o\/authorize\/[^/]+\/$/);
  assert.ok(await bp.getByText('Claims Viewer').isVisible());
  await look(bp, '10-consent');
  await bp.getByRole('button', { name: 'Allow' }).click({ noWaitAfter: true });
  const code = new URL(await back).searchParams.get('code');
  assert.ok(code);
  const tokens = await post('/v2/o/token/', { grant_type: 'authorization_code', code, redirect_uri: REDIRECT,
    code_verifier: verifier, client_id: clientId, client_secret: secret2 });
  assert.equal(tokens.status, 200, tokens.body);
  const { access_token: access, refresh_token: refresh, patient } = tokens.json;
  assert.equal(patient, '-10000000000002');
  const data = await h.request(server, '/v2/fhir/ExplanationOfBenefit?_count=1', { headers: h.bearer(access) });
  assert.equal(data.status, 200);

  // The dashboard (same browser, logged in): the app is there; Disconnect, confirmed.
  const dash = await bene.newPage();
  await dash.goto(`${server.url}/mymedicare/connected-apps`);
  await dash.getByRole('heading', { name: 'Claims Viewer' }).waitFor();
  assert.ok(await dash.getByText('Your Medicare claims: doctor visits, hospital stays, prescriptions').isVisible());
  await look(dash, '11-connected-apps');
  await dash.getByRole('button', { name: 'Disconnect Claims Viewer' }).click();
  await dash.getByRole('heading', { name: 'Disconnect this app?' }).waitFor();
  await look(dash, '12-disconnect-confirm');
  await dash.getByRole('button', { name: 'Yes, disconnect it' }).click();
  await dash.getByText('The app is disconnected').waitFor();
  assert.equal(await dash.getByRole('heading', { name: 'Claims Viewer' }).count(), 0);
  await look(dash, '13-disconnected');
  const after = await h.request(server, '/v2/fhir/ExplanationOfBenefit?_count=1', { headers: h.bearer(access) });
  assert.equal(after.status, 401);
  const refreshed = await post('/v2/o/token/', { grant_type: 'refresh_token', refresh_token: refresh },
    { Authorization: basic(clientId, secret2) });
  assert.equal(refreshed.json.error, 'invalid_grant', refreshed.body);

  // Production: the developer asks; an operator approves at /admin.
  await page.goto(`${server.url}/developer/apps/${clientId}`);
  await page.getByRole('button', { name: 'Request production access' }).click();
  await page.getByText('Production access is requested').waitFor();
  h.run(['admin', 'add', '--db', db, '--email', 'ops@example.com', '--password', 'operator password']);
  const ops = await browser.newContext();
  ops.setDefaultTimeout(15000);
  const op = await ops.newPage();
  await op.goto(`${server.url}/developer/login?next=/admin`);
  await op.getByLabel('Email').fill('ops@example.com');
  await op.getByLabel('Password').fill('operator password');
  await op.getByRole('button', { name: 'Log in' }).click();
  await op.getByRole('heading', { name: 'Production access requests' }).waitFor();
  await look(op, '14-admin');
  await op.getByLabel('Note to the developer').fill('Approved: welcome.');
  await op.getByRole('button', { name: 'Approve' }).click();
  await op.getByText('Recorded: approved').waitFor();
  await new Promise((r) => setTimeout(r, 2100)); // the server writes its request counts every 2 s
  await page.reload();
  assert.match(await page.locator('#status').innerText(), /Approved for production — Approved: welcome\./);
  // The one FHIR request the app made is counted; the disconnected beneficiary is not.
  assert.equal(await page.locator('#requests').innerText(), '1');
  assert.equal(await page.locator('#connected').innerText(), '0');
  await look(page, '15-approved');

  // The consent page in Spanish (lang=es on the authorize URL), for BBUser00002: Deny.
  const es = await browser.newContext();
  es.setDefaultTimeout(15000);
  const ep = await es.newPage();
  const denied = authorize(ep, clientId, crypto.randomBytes(32).toString('base64url'), { lang: 'es' });
  await ep.waitForURL(/\/mymedicare\/login/);
  assert.equal(await ep.locator('html').getAttribute('lang'), 'es');
  await ep.getByLabel('Nombre de usuario').fill('BBUser00002');
  await ep.getByLabel('Contraseña').fill('PW00002!');
  await ep.getByRole('button', { name: 'Iniciar sesión' }).click();
  await ep.waitForURL(/\/v2\/o\/authorize\/[^/]+\/$/);
  await ep.getByRole('heading', { name: '¿Compartir sus datos de Medicare?' }).waitFor();
  const words = await ep.locator('main').innerText();
  assert.match(words, /Claims Viewer solicita ver:/);
  assert.match(words, /Sus reclamaciones de Medicare: visitas al médico, estadías en el hospital, recetas/);
  assert.match(words, /Compartir mi información personal/);
  await look(ep, '16-consent-es');
  await ep.getByRole('button', { name: 'Denegar' }).click({ noWaitAfter: true });
  assert.match(await denied, /error=access_denied/);
  // And the dashboard in Spanish, from the browser's language.
  const es2 = await browser.newContext({ locale: 'es-MX' });
  const ep2 = await es2.newPage();
  await ep2.goto(`${server.url}/mymedicare/login?next=/mymedicare/connected-apps`);
  await ep2.getByLabel('Nombre de usuario').fill('BBUser00002');
  await ep2.getByLabel('Contraseña').fill('PW00002!');
  await ep2.getByRole('button', { name: 'Iniciar sesión' }).click();
  await ep2.getByRole('heading', { name: 'Sus aplicaciones conectadas' }).waitFor();
  await look(ep2, '17-connected-apps-es');
  for (const c of [dev, bene, ops, es, es2]) await c.close();
  assert.equal(checked.length, 17);
});
