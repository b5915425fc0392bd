// The sandbox's synthetic users, end to end: `bluebutton synth --db` makes beneficiaries with
// claims and the users BBUser00000… / PW00000!…; BBUser00000 logs in through the pages,
// consents, and the app sees that beneficiary's own data, and only it. Needs no fixtures.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./helpers');

const REDIRECT = 'http://127.0.0.1:3000/cb';
const FIRST = '-10000000000001'; // beneficiary 0: synth's default first BENE_ID
let dir, db, server, app;

test.before(async () => {
  dir = h.tmpdir();
  db = path.join(dir, 's.db');
  h.run(['synth', '--benes', '20', '--seed', '5', '--db', db, '--quiet']);
  app = JSON.parse(h.run(['app', 'create', '--db', db, '--name', 'Sandbox App', '--redirect-uri', REDIRECT]));
  server = await h.serve(db);
});

test.after(async () => {
  await h.stop(server);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function logIn(next, username, password) {
  const page = await h.request(server, `/mymedicare/login?next=${encodeURIComponent(next)}`);
  assert.equal(page.status, 200);
  const f = h.form({ username, password, next: h.hidden(page.body, 'next'), csrf: h.hidden(page.body, 'csrf') });
  return h.request(server, '/mymedicare/login', { method: 'POST', body: f.body, headers: { ...f.headers, Cookie: h.cookies(page) } });
}

test('BBUser00000 / PW00000! logs in, consents, and the app sees its own data', async () => {
  const { verifier, challenge } = h.pkce();
  const params = new URLSearchParams({ response_type: 'code', client_id: app.client_id, redirect_uri: REDIRECT,
    state: 'state-0123456789abcdef', code_challenge: challenge, code_challenge_method: 'S256' });
  const start = await h.request(server, `/v2/o/authorize/?${params}`);
  assert.equal(start.status, 302);
  const next = decodeURIComponent(start.headers.location.split('next=')[1]);
  // Another user's password does not open it.
  assert.equal((await logIn(next, 'BBUser00000', 'PW00001!')).status, 401);
  const ok = await logIn(next, 'BBUser00000', 'PW00000!');
  assert.equal(ok.status, 302, ok.body);
  const session = h.cookies(ok);
  const page = await h.request(server, next, { headers: { Cookie: session } });
  assert.equal(page.status, 200);
  const f = h.form({ csrf: h.hidden(page.body, 'csrf'), action: 'allow', share_personal: 'yes' });
  const done = await h.request(server, next, { method: 'POST', body: f.body, headers: { ...f.headers, Cookie: session } });
  assert.equal(done.status, 302);
  const code = new URL(done.headers.location).searchParams.get('code');
  const t = h.form({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier,
    client_id: app.client_id, client_secret: app.client_secret });
  const tok = await h.request(server, '/v2/o/token/', { method: 'POST', body: t.body, headers: t.headers });
  assert.equal(tok.status, 200, tok.body);
  assert.equal(tok.json.patient, FIRST);
  const auth = h.bearer(tok.json.access_token);
  const patient = await h.request(server, `/v2/fhir/Patient/${FIRST}`, { headers: auth });
  assert.equal(patient.status, 200);
  assert.equal(patient.json.id, FIRST);
  assert.ok(patient.json.name[0].family, 'a synthetic name');
  const eobs = await h.request(server, '/v2/fhir/ExplanationOfBenefit?_count=50', { headers: auth });
  assert.equal(eobs.status, 200);
  for (const e of eobs.json.entry || []) assert.equal(e.resource.patient.reference, `Patient/${FIRST}`);
  // All of its claims but the substance-use ones (never served to apps): as many as the
  // operator's view of that beneficiary shows with excludeSAMHSA.
  const all = JSON.parse(h.run(['get', '--db', db, `/v2/fhir/ExplanationOfBenefit?patient=${FIRST}&_count=1&excludeSAMHSA=true`]));
  assert.equal(eobs.json.total, all.total);
  // Beneficiary 1 is not its to see.
  assert.equal((await h.request(server, '/v2/fhir/Patient/-10000000000002', { headers: auth })).status, 404);
});
