// The API console at /docs in a real browser (Debian's Chromium through playwright-core): Swagger
// UI loads our OpenAPI document, "Authorize" signs in through this server's authorization code
// flow with PKCE (the synthetic beneficiary BBUser00001 logs in and allows), and "Try it out" on
// ExplanationOfBenefit returns 200 with a Bundle of that beneficiary's claims.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const h = require('./helpers');

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
const SWAGGER = path.join(h.ROOT, 'web', 'node_modules', 'swagger-ui-dist', 'swagger-ui-bundle.js');
const skip = !CHROMIUM ? 'chromium not installed (scripts/deps installs it): skipped'
  : !fs.existsSync(SWAGGER) ? 'swagger-ui-dist not installed (scripts/deps installs it): skipped' : false;
const SHOTS = process.env.BB_TEST_OUT || path.join(h.ROOT, 'build', 'test-output');
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

test('in /docs, Swagger UI authorizes and "Try it out" on ExplanationOfBenefit returns a Bundle', { skip, timeout: 120000 }, async (t) => {
  const dir = h.tmpdir();
  const db = path.join(dir, 'docs.db');
  h.run(['synth', '--benes', '3', '--db', db, '--quiet']);
  const server = await h.serve(db);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], timeout: 30000 });
  t.after(async () => {
    await browser.close();
    await h.stop(server);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  fs.mkdirSync(SHOTS, { recursive: true });
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/docs`);
  await page.locator('#operations-FHIR-searchExplanationOfBenefit').waitFor();
  // axe-core on the console: no serious or critical accessibility violation.
  await page.evaluate(AXE);
  const axe = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
  await page.screenshot({ path: path.join(SHOTS, 'docs.png'), fullPage: false });
  await page.getByRole('button', { name: /Authorize/ }).first().click();
  const dialog = page.locator('.modal-ux');
  await dialog.waitFor();
  // The console's scopes are ticked (console.js); sign in: Swagger UI opens the authorization
  // in a new window.
  assert.equal(await dialog.locator('#openid-authorizationCode-checkbox-oauth2').isChecked(), true);
  const [popup] = await Promise.all([
    context.waitForEvent('page'),
    dialog.locator('button.authorize').first().click(),
  ]);
  await popup.waitForURL(/\/mymedicare\/login/);
  await popup.getByLabel('Username').fill('BBUser00001');
  await popup.getByLabel('Password').fill('PW00001!');
  await popup.getByRole('button', { name: 'Log in' }).click();
  await popup.waitForURL(/\/v2\/o\/authorize\/[^/]+\/$/);
  await popup.getByRole('button', { name: 'Allow' }).click();
  await popup.waitForEvent('close', { timeout: 30000 });
  await dialog.locator('button', { hasText: 'Logout' }).first().waitFor({ timeout: 30000 });
  await dialog.locator('button', { hasText: 'Close' }).first().click();
  await page.screenshot({ path: path.join(SHOTS, 'docs-authorized.png'), fullPage: false });

  // Try it out: GET /v2/fhir/ExplanationOfBenefit.
  const op = page.locator('#operations-FHIR-searchExplanationOfBenefit');
  await op.locator('.opblock-summary').click();
  await op.getByRole('button', { name: 'Try it out' }).click();
  await op.getByRole('button', { name: 'Execute' }).click();
  const status = op.locator('.live-responses-table .response .response-col_status').first();
  await status.waitFor({ timeout: 30000 });
  assert.equal((await status.innerText()).trim(), '200');
  const body = await op.locator('.live-responses-table .response-col_description pre').first().innerText();
  const bundle = JSON.parse(body);
  assert.equal(bundle.resourceType, 'Bundle');
  assert.ok(bundle.total > 0);
  assert.ok(bundle.entry.every((e) => e.resource.resourceType === 'ExplanationOfBenefit'));
  // BBUser00001 is beneficiary 1: its id, and no one else's.
  const patients = new Set(bundle.entry.map((e) => e.resource.patient.reference));
  assert.deepEqual([...patients], ['Patient/-10000000000002']);
  await page.screenshot({ path: path.join(SHOTS, 'docs-try-it-out.png'), fullPage: false });
  // And axe-core again, with the operation open and its answer shown.
  const after = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const worse = after.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(worse.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
  assert.deepEqual(errors, []);
});
