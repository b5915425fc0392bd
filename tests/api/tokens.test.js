// The connected-apps API (/v2/o/tokens/) for partner apps an operator gave the
// token_management capability, and the counts the portal and dashboard show: a beneficiary's
// grants listed and read by the x-authentication header's username, one deleted (its tokens
// stop at once); apps without the capability refused; an app's requests counted by day and a
// grant's last use written by the server's usage thread; deleting an app ends its grants.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./helpers');

let dir, db, server;

test.before(async () => {
  dir = h.tmpdir();
  db = path.join(dir, 'tokens.db');
  h.run(['synth', '--benes', '3', '--db', db, '--quiet']);
  server = await h.serve(db);
});

test.after(async () => {
  await h.stop(server);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const REDIRECT = 'http://127.0.0.1:9/cb';
const basic = (app) => `Basic ${Buffer.from(`${app.client_id}:${app.client_secret}`).toString('base64')}`;

function post(target, fields, headers = {}) {
  const f = h.form(fields);
  return h.request(server, target, { method: 'POST', body: f.body, headers: { ...f.headers, ...headers } });
}

// The code flow through the pages for a sandbox user; resolves to the token answer.
async function connect(app, username, password) {
  const p = h.pkce();
  const q = new URLSearchParams({ response_type: 'code', client_id: app.client_id, redirect_uri: REDIRECT,
    state: 'tokens-test-state-0123', code_challenge: p.challenge, code_challenge_method: 'S256' });
  const start = await h.request(server, `/v2/o/authorize/?${q}`);
  const next = decodeURIComponent(start.headers.location.split('next=')[1]);
  const page = await h.request(server, `/mymedicare/login?next=${encodeURIComponent(next)}`);
  const login = await post('/mymedicare/login', { csrf: h.hidden(page.body, 'csrf'), next, username, password }, { Cookie: h.cookies(page) });
  const session = h.cookies(login);
  const consent = await h.request(server, next, { headers: { Cookie: session } });
  const done = await post(next, { csrf: h.hidden(consent.body, 'csrf'), action: 'allow', share_personal: 'yes' }, { Cookie: session });
  const code = new URL(done.headers.location).searchParams.get('code');
  const t = await post('/v2/o/token/', { grant_type: 'authorization_code', code, redirect_uri: REDIRECT,
    code_verifier: p.verifier, client_id: app.client_id, client_secret: app.client_secret });
  assert.equal(t.status, 200, t.body);
  return { ...t.json, session };
}

test('partner apps list, read and delete a beneficiary\'s grants; others may not', async () => {
  const viewer = JSON.parse(h.run(['app', 'create', '--db', db, '--name', 'Viewer', '--redirect-uri', REDIRECT]));
  const partner = JSON.parse(h.run(['app', 'create', '--db', db, '--name', 'Partner', '--redirect-uri', REDIRECT]));
  const a = await connect(viewer, 'BBUser00000', 'PW00000!');
  const b = await connect(partner, 'BBUser00000', 'PW00000!');
  const who = { 'x-authentication': 'BBUser00000' };

  // Without the capability: 403; bad client secret: 401.
  let r = await h.request(server, '/v2/o/tokens/', { headers: { Authorization: basic(partner), ...who } });
  assert.equal(r.status, 403);
  r = await h.request(server, '/v2/o/tokens/', { headers: { Authorization: basic({ ...partner, client_secret: 'x' }), ...who } });
  assert.equal(r.status, 401);
  const updated = JSON.parse(h.run(['app', 'update', '--db', db, '--token-management', 'yes', partner.client_id]));
  assert.equal(updated.token_management, true);

  r = await h.request(server, '/v2/o/tokens/', { headers: { Authorization: basic(partner), ...who } });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.length, 2);
  const grant = r.json.find((g) => g.application.id === viewer.client_id);
  assert.equal(grant.application.name, 'Viewer');
  assert.equal(grant.user, '-10000000000001');
  assert.ok(grant.scopes.includes('patient/ExplanationOfBenefit.read'));
  assert.match(grant.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  r = await h.request(server, `/v2/o/tokens/${grant.id}/`, { headers: { Authorization: basic(partner), ...who } });
  assert.equal(r.status, 200);
  assert.equal(r.json.id, grant.id);
  // Another beneficiary's view has none of them; an unknown name, 404.
  r = await h.request(server, `/v2/o/tokens/${grant.id}/`, { headers: { Authorization: basic(partner), 'x-authentication': 'BBUser00001' } });
  assert.equal(r.status, 404);
  r = await h.request(server, '/v2/o/tokens/', { headers: { Authorization: basic(partner), 'x-authentication': 'nobody' } });
  assert.equal(r.status, 404);

  // The viewer fetches data; its requests are counted and the grant's last use is written.
  assert.equal((await h.request(server, '/v2/fhir/ExplanationOfBenefit?_count=1', { headers: h.bearer(a.access_token) })).status, 200);
  assert.equal((await h.request(server, '/v2/fhir/Coverage', { headers: h.bearer(a.access_token) })).status, 200);
  await new Promise((res) => setTimeout(res, 2600)); // the usage thread writes every 2 s
  const dash = await h.request(server, '/mymedicare/connected-apps', { headers: { Cookie: a.session } });
  assert.equal(dash.status, 200);
  const today = new Date().toISOString().slice(0, 10);
  assert.ok(dash.body.includes(`Last fetched your data: ${today}.`), dash.body);

  // Delete: the viewer's token stops at once.
  r = await h.request(server, `/v2/o/tokens/${grant.id}/`, { method: 'DELETE', headers: { Authorization: basic(partner), ...who } });
  assert.equal(r.status, 204);
  assert.equal((await h.request(server, '/v2/fhir/ExplanationOfBenefit', { headers: h.bearer(a.access_token) })).status, 401);
  r = await h.request(server, '/v2/o/tokens/', { headers: { Authorization: basic(partner), ...who } });
  assert.deepEqual(r.json.map((g) => g.application.name), ['Partner']);
  r = await h.request(server, '/v2/o/tokens/', { method: 'DELETE', headers: { Authorization: basic(partner), ...who } });
  assert.equal(r.status, 405);

  // Deleting an app ends every grant it holds: its token stops, its refresh is refused.
  assert.equal((await h.request(server, '/v2/fhir/Coverage', { headers: h.bearer(b.access_token) })).status, 200);
  h.run(['app', 'delete', '--db', db, partner.client_id]);
  assert.equal((await h.request(server, '/v2/fhir/Coverage', { headers: h.bearer(b.access_token) })).status, 401);
  const archived = h.run(['app', 'list', '--db', db]);
  assert.ok(!archived.includes(partner.client_id));
});
