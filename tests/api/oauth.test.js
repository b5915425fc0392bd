// The authorization server's endpoints against a real `bluebutton serve`: its discovery
// documents (OpenID configuration, twice, and the SMART configuration) as Blue Button
// publishes them, on the public base URL; and the token endpoint. Until the authorize pages
// exist, a consent's grant and code are written into the database directly (python3's sqlite3)
// as the consent would write them.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./helpers');

let dir, server;

test.before(async () => {
  dir = h.tmpdir();
  server = await h.serve(path.join(dir, 'o.db'));
});

test.after(async () => {
  await h.stop(server);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('OpenID configuration at both addresses, endpoints on the public base', async () => {
  for (const p of ['/.well-known/openid-configuration', '/v2/connect/.well-known/openid-configuration',
    '/v2/connect/.well-known/openid-configuration/']) {
    const r = await h.request(server, p);
    assert.equal(r.status, 200, p);
    assert.match(r.headers['content-type'], /^application\/json/);
    const b = server.url;
    assert.deepEqual(r.json, {
      issuer: b,
      authorization_endpoint: `${b}/v2/o/authorize`,
      revocation_endpoint: `${b}/v2/o/revoke_token`,
      token_endpoint: `${b}/v2/o/token/`,
      userinfo_endpoint: `${b}/v2/connect/userinfo`,
      ui_locales_supported: ['en-US'],
      service_documentation: `${b}/docs`,
      op_tos_uri: `${b}/terms`,
      grant_types_supported: ['refresh_token', 'authorization_code'],
      response_types_supported: ['code', 'token'],
      fhir_metadata_uri: `${b}/v2/fhir/metadata`,
    });
  }
  const other = await h.request(server, '/.well-known/openid-configuration', { headers: { Host: 'bb.example:9000' } });
  assert.equal(other.json.issuer, 'http://bb.example:9000');
  const post = await h.request(server, '/.well-known/openid-configuration', { method: 'POST' });
  assert.equal(post.status, 405);
  assert.deepEqual(post.json, { detail: 'Method "POST" not allowed.' });
});

test('SMART configuration: endpoints, scopes, S256 only, capabilities', async () => {
  const r = await h.request(server, '/v2/fhir/.well-known/smart-configuration');
  assert.equal(r.status, 200);
  const b = server.url;
  assert.deepEqual(r.json, {
    authorization_endpoint: `${b}/v2/o/authorize`,
    revocation_endpoint: `${b}/v2/o/revoke_token`,
    token_endpoint: `${b}/v2/o/token/`,
    grant_types_supported: ['authorization_code'],
    response_types_supported: ['code', 'token'],
    scopes_supported: ['openid', 'profile', 'launch/patient', 'patient/Patient.read',
      'patient/ExplanationOfBenefit.read', 'patient/Coverage.read', 'patient/Patient.rs',
      'patient/ExplanationOfBenefit.rs', 'patient/Coverage.rs'],
    code_challenge_methods_supported: ['S256'],
    capabilities: ['client-confidential-symmetric', 'context-standalone-patient', 'launch-standalone',
      'permission-offline', 'permission-patient', 'permission-v1', 'permission-v2', 'authorize-post'],
  });
  // Needs no token, unlike the rest of /v2/fhir.
  assert.equal((await h.request(server, '/v2/fhir/.well-known/smart-configuration/')).status, 200);
});

const VERIFIER = crypto.randomBytes(32).toString('base64url');
const CHALLENGE = crypto.createHash('sha256').update(VERIFIER).digest('base64url');

function createApp(db, extra = []) {
  return JSON.parse(h.run(['app', 'create', '--db', db, '--name', 'Tracker', '--redirect-uri',
    'http://127.0.0.1:3000/cb', ...extra]));
}

// A consent's grant and code, as oauth_consent writes them (the grant's earlier tokens
// revoked by raising its epoch); returns the code.
function mintCode(db, clientId, { scope = 'openid patient/Patient.read', expiresIn = 60000 } = {}) {
  const code = crypto.randomBytes(32).toString('base64url');
  const hash = crypto.createHash('sha256').update(code).digest('hex');
  const now = Date.now();
  execFileSync('python3', ['-c', `
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
cur = db.execute("INSERT INTO grants (client_id, username, patient_id, scope, created, expires) VALUES (?, 'BBUser00000', -42, ?, ?, ?) ON CONFLICT (client_id, username) DO UPDATE SET scope = excluded.scope, epoch = epoch + 1 RETURNING id, epoch", (sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[4]) + 34128000000))
gid, epoch = cur.fetchone()
db.execute("INSERT INTO auth_codes (code_hash, grant_id, redirect_uri, challenge, scope, expires, grant_epoch) VALUES (?, ?, 'http://127.0.0.1:3000/cb', ?, ?, ?, ?)", (sys.argv[5], gid, sys.argv[6], sys.argv[3], int(sys.argv[4]) + int(sys.argv[7]), epoch))
db.commit()
`, db, clientId, scope, String(now), hash, CHALLENGE, String(expiresIn)]);
  return code;
}

function post(target, form, headers = {}) {
  const body = new URLSearchParams(form).toString();
  return h.request(server, target, { method: 'POST', body,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body), ...headers } });
}

const basic = (id, secret) => ({ Authorization: `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}` });

test('token endpoint: code exchange (Basic or form credentials), the answer, no-store', async () => {
  const db = path.join(dir, 'o.db');
  const app = createApp(db);
  for (const [creds, headers] of [[{}, basic(app.client_id, app.client_secret)],
    [{ client_id: app.client_id, client_secret: app.client_secret }, {}]]) {
    const code = mintCode(db, app.client_id);
    for (const p of ['/v2/o/token/', '/v2/o/token']) {
      if (p === '/v2/o/token') continue; // one exchange per code
      const r = await post(p, { grant_type: 'authorization_code', code, redirect_uri: 'http://127.0.0.1:3000/cb',
        code_verifier: VERIFIER, ...creds }, headers);
      assert.equal(r.status, 200, r.body);
      assert.equal(r.headers['cache-control'], 'no-store');
      assert.equal(r.headers.pragma, 'no-cache');
      assert.deepEqual(Object.keys(r.json), ['access_token', 'expires_in', 'token_type', 'scope',
        'refresh_token', 'patient', 'access_grant_expiration']);
      assert.equal(r.json.expires_in, 3600);
      assert.equal(r.json.token_type, 'Bearer');
      assert.equal(r.json.scope, 'openid patient/Patient.read');
      assert.equal(r.json.patient, '-42');
      assert.match(r.json.access_grant_expiration, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      // The access token works on the FHIR API (no such patient here: 404, not 401).
      const fhir = await h.request(server, '/v2/fhir/Patient/-42', { headers: h.bearer(r.json.access_token) });
      assert.equal(fhir.status, 404);
    }
  }
  // The path without its final slash (the SDK's).
  const code = mintCode(db, app.client_id);
  const r = await post('/v2/o/token', { grant_type: 'authorization_code', code, redirect_uri: 'http://127.0.0.1:3000/cb',
    code_verifier: VERIFIER }, basic(app.client_id, app.client_secret));
  assert.equal(r.status, 200, r.body);
  const get = await h.request(server, '/v2/o/token/');
  assert.equal(get.status, 405);
});

test('token endpoint: client authentication and request errors', async () => {
  const db = path.join(dir, 'o.db');
  const app = createApp(db);
  const pub = createApp(db, ['--public']);
  const code = mintCode(db, app.client_id);
  const form = { grant_type: 'authorization_code', code, redirect_uri: 'http://127.0.0.1:3000/cb', code_verifier: VERIFIER };
  const wrong = await post('/v2/o/token/', form, basic(app.client_id, 'nope'));
  assert.equal(wrong.status, 401);
  assert.deepEqual(wrong.json, { error: 'invalid_client', error_description: 'Client authentication failed.' });
  assert.equal(wrong.headers['www-authenticate'], 'Basic realm="oauth"');
  assert.equal((await post('/v2/o/token/', { ...form, client_id: 'unknown', client_secret: 'x' })).status, 401);
  assert.equal((await post('/v2/o/token/', form)).status, 401); // no client at all
  assert.equal((await post('/v2/o/token/', form, { Authorization: 'Basic !!!' })).status, 401);
  // A public client names itself and proves nothing but PKCE; a secret from it is refused.
  const pcode = mintCode(db, pub.client_id);
  assert.equal((await post('/v2/o/token/', { ...form, code: pcode, client_id: pub.client_id, client_secret: 'x' })).status, 401);
  const ok = await post('/v2/o/token/', { ...form, code: pcode, client_id: pub.client_id });
  assert.equal(ok.status, 200, ok.body);
  const c = basic(app.client_id, app.client_secret);
  assert.deepEqual((await post('/v2/o/token/', { code }, c)).json,
    { error: 'invalid_request', error_description: 'Missing grant_type parameter.' });
  assert.deepEqual((await post('/v2/o/token/', { grant_type: 'password' }, c)).json,
    { error: 'unsupported_grant_type', error_description: 'Unsupported grant type.' });
  assert.equal((await post('/v2/o/token/', { grant_type: 'authorization_code' }, c)).json.error, 'invalid_request');
  assert.equal((await post('/v2/o/token/', { grant_type: 'refresh_token' }, c)).json.error, 'invalid_request');
  // Bad codes: wrong verifier (the code is used up), then the same code again.
  const bad = await post('/v2/o/token/', { ...form, code_verifier: VERIFIER + 'x' }, c);
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error, 'invalid_grant');
  assert.equal((await post('/v2/o/token/', form, c)).json.error, 'invalid_grant');
});

test('token endpoint: a replayed code revokes its tokens; refresh rotates, reuse revokes', async () => {
  const db = path.join(dir, 'o.db');
  const app = createApp(db);
  const c = basic(app.client_id, app.client_secret);
  const code = mintCode(db, app.client_id);
  const form = { grant_type: 'authorization_code', code, redirect_uri: 'http://127.0.0.1:3000/cb', code_verifier: VERIFIER };
  const first = (await post('/v2/o/token/', form, c)).json;
  const fhir = (t) => h.request(server, '/v2/fhir/Patient/-42', { headers: h.bearer(t) });
  assert.equal((await fhir(first.access_token)).status, 404);
  const replay = await post('/v2/o/token/', form, c);
  assert.equal(replay.json.error, 'invalid_grant');
  assert.equal((await fhir(first.access_token)).status, 401);

  const code2 = mintCode(db, app.client_id);
  const t = (await post('/v2/o/token/', { ...form, code: code2 }, c)).json;
  const r1 = await post('/v2/o/token/', { grant_type: 'refresh_token', refresh_token: t.refresh_token, scope: 'openid' }, c);
  assert.equal(r1.status, 200, r1.body);
  assert.equal(r1.json.scope, 'openid');
  assert.notEqual(r1.json.refresh_token, t.refresh_token);
  const wider = await post('/v2/o/token/', { grant_type: 'refresh_token', refresh_token: r1.json.refresh_token, scope: 'openid profile' }, c);
  assert.equal(wider.json.error, 'invalid_scope');
  const reuse = await post('/v2/o/token/', { grant_type: 'refresh_token', refresh_token: t.refresh_token }, c);
  assert.equal(reuse.status, 400);
  assert.equal(reuse.json.error, 'invalid_grant');
  assert.equal((await fhir(r1.json.access_token)).status, 401); // the grant's tokens are revoked

  // ONE_TIME apps do not refresh; inactive apps do nothing.
  const once = createApp(db, ['--data-access-type', 'ONE_TIME']);
  const oc = basic(once.client_id, once.client_secret);
  const ot = (await post('/v2/o/token/', { ...form, code: mintCode(db, once.client_id) }, oc)).json;
  const orf = await post('/v2/o/token/', { grant_type: 'refresh_token', refresh_token: ot.refresh_token }, oc);
  assert.equal(orf.status, 403);
  assert.equal(orf.json.error, 'invalid_client');
  assert.match(orf.json.error_description, /^Your application is not allowed to refresh tokens\./);
  // A grant past its end: data calls are 401 with Blue Button's words.
  const t3 = (await post('/v2/o/token/', { ...form, code: mintCode(db, app.client_id) }, c)).json;
  assert.equal((await fhir(t3.access_token)).status, 404);
  execFileSync('python3', ['-c', 'import sqlite3,sys; d=sqlite3.connect(sys.argv[1]); d.execute("UPDATE grants SET expires = 1 WHERE client_id = ?", (sys.argv[2],)); d.commit()', db, app.client_id]);
  const late = await fhir(t3.access_token);
  assert.equal(late.status, 401);
  assert.match(late.json.detail, /^User access has timed out\./);
  const t4 = (await post('/v2/o/token/', { ...form, code: mintCode(db, app.client_id) }, c)).json;
  h.run(['app', 'deactivate', '--db', db, app.client_id]);
  const inactive = await fhir(t4.access_token);
  assert.equal(inactive.status, 401);
  assert.match(inactive.json.detail, /^This application, Tracker, is temporarily inactive\./);
  const off = await post('/v2/o/token/', { ...form, code: mintCode(db, app.client_id) }, c);
  assert.equal(off.status, 403);
  assert.match(off.json.error_description, /^This application, Tracker, is temporarily inactive\./);
  // Audit lines name the token by its hash, never itself.
  await new Promise((res) => setTimeout(res, 100));
  assert.ok(server.lines.some((l) => l.includes('"event":"token_issue"')));
  assert.ok(server.lines.some((l) => l.includes('"event":"token_refresh"')));
  assert.ok(!server.lines.some((l) => l.includes(t.access_token) || l.includes(t.refresh_token)));
});

test('revoke_token (RFC 7009), revoke (the whole grant) and introspect (RFC 7662)', async () => {
  const db = path.join(dir, 'o.db');
  const app = createApp(db);
  const other = createApp(db);
  const c = basic(app.client_id, app.client_secret);
  const form = (code) => ({ grant_type: 'authorization_code', code, redirect_uri: 'http://127.0.0.1:3000/cb', code_verifier: VERIFIER });
  const fhir = (t) => h.request(server, '/v2/fhir/Patient/-42', { headers: h.bearer(t) });
  const t = (await post('/v2/o/token/', form(mintCode(db, app.client_id)), c)).json;

  // Introspection, by POST and by GET, for the app itself.
  const seen = await post('/v2/o/introspect/', { token: t.access_token }, c);
  assert.equal(seen.status, 200, seen.body);
  assert.equal(seen.json.active, true);
  assert.equal(seen.json.scope, 'openid patient/Patient.read');
  assert.equal(seen.json.client_id, app.client_id);
  assert.equal(seen.json.username, 'BBUser00000');
  assert.equal(seen.json.patient, '-42');
  assert.ok(Math.abs(seen.json.exp - (Date.now() / 1000 + 3600)) < 60);
  const byGet = await h.request(server, `/v2/o/introspect?token=${t.access_token}`, { headers: c });
  assert.equal(byGet.json.active, true);
  assert.equal((await post('/v2/o/introspect/', { token: t.refresh_token }, c)).json.active, true);
  assert.deepEqual((await post('/v2/o/introspect/', { token: 'unknown' }, c)).json, { active: false });
  // Another app learns nothing of it.
  assert.deepEqual((await post('/v2/o/introspect/', { token: t.access_token },
    basic(other.client_id, other.client_secret))).json, { active: false });
  assert.equal((await post('/v2/o/introspect/', { token: t.access_token })).status, 401);

  // revoke_token: unknown → 200; another app's → 403; the access token itself → it ends.
  assert.equal((await post('/v2/o/revoke_token/', { token: 'unknown' }, c)).status, 200);
  const foreign = await post('/v2/o/revoke_token/', { token: t.access_token }, basic(other.client_id, other.client_secret));
  assert.equal(foreign.status, 403);
  assert.equal((await fhir(t.access_token)).status, 404);
  assert.equal((await post('/v2/o/revoke_token', { token: t.access_token }, c)).status, 200);
  assert.equal((await fhir(t.access_token)).status, 401);
  assert.deepEqual((await post('/v2/o/introspect/', { token: t.access_token }, c)).json, { active: false });
  // The refresh token lives on until revoked in its turn.
  const r = await post('/v2/o/token/', { grant_type: 'refresh_token', refresh_token: t.refresh_token }, c);
  assert.equal(r.status, 200, r.body);
  assert.equal((await post('/v2/o/revoke_token/', { token: r.json.refresh_token }, c)).status, 200);
  assert.equal((await post('/v2/o/token/', { grant_type: 'refresh_token', refresh_token: r.json.refresh_token }, c)).json.error, 'invalid_grant');
  assert.equal((await fhir(r.json.access_token)).status, 404); // its access token still works

  // revoke: the grant goes, and every token of the app for the beneficiary with it.
  const a1 = (await post('/v2/o/token/', form(mintCode(db, app.client_id)), c)).json;
  assert.equal((await post('/v2/o/revoke/', { token: a1.access_token }, c)).status, 200);
  for (const tok of [a1.access_token, r.json.access_token]) assert.equal((await fhir(tok)).status, 401);
  const gone = await post('/v2/o/token/', { grant_type: 'refresh_token', refresh_token: a1.refresh_token }, c);
  assert.equal(gone.status, 403);
  assert.equal(gone.json.error, 'invalid_grant');
  assert.match(gone.json.error_description, /^User access cannot be found\./);
  assert.equal((await post('/v2/o/revoke_token/', {}, c)).json.error, 'invalid_request');
  assert.equal((await h.request(server, '/v2/o/revoke_token/')).status, 405);
});

test('userinfo: who the beneficiary is, with the profile scope only', async () => {
  const db = path.join(dir, 'o.db');
  execFileSync('python3', ['-c', 'import sqlite3,sys; d=sqlite3.connect(sys.argv[1]); d.execute("INSERT OR IGNORE INTO users (username, password_hash, patient_id, name, created) VALUES (\'BBUser00000\', \'x\', -42, \'Jane Q Doe\', 1700000000123)"); d.commit()', db]);
  const app = createApp(db);
  const c = basic(app.client_id, app.client_secret);
  const form = (code) => ({ grant_type: 'authorization_code', code, redirect_uri: 'http://127.0.0.1:3000/cb', code_verifier: VERIFIER });
  const t = (await post('/v2/o/token/', form(mintCode(db, app.client_id, { scope: 'openid profile' })), c)).json;
  const r = await h.request(server, '/v2/connect/userinfo', { headers: h.bearer(t.access_token) });
  assert.equal(r.status, 200, r.body);
  assert.deepEqual(r.json, { sub: '-42', name: 'Jane Q Doe', given_name: 'Jane Q', family_name: 'Doe',
    email: '', iat: '2023-11-14T22:13:20.123Z', patient: '-42' });
  const noProfile = (await post('/v2/o/token/', form(mintCode(db, app.client_id, { scope: 'openid' })), c)).json;
  const refused = await h.request(server, '/v2/connect/userinfo', { headers: h.bearer(noProfile.access_token) });
  assert.equal(refused.status, 403);
  assert.deepEqual(refused.json, { detail: 'You do not have permission to perform this action.' });
  const anon = await h.request(server, '/v2/connect/userinfo');
  assert.equal(anon.status, 401);
  assert.equal(anon.headers['www-authenticate'], 'Bearer realm="api"');
});
