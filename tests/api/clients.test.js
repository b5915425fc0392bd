// Real clients against a real server: openid-client 5 (discovery, authorization code with
// PKCE, refresh, revocation, introspection) and CMS's own cms-bluebutton-sdk (its whole flow,
// paging and a forced refresh), with the beneficiary's login and consent done through the
// pages as a browser would post them.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { Issuer, generators } = require('openid-client');
const { BlueButton } = require('cms-bluebutton-sdk');
const h = require('./helpers');

const skip = h.haveFixtures() ? false : `fixtures absent (${h.FIXTURES}): skipped`;
const A = 567834;
const REDIRECT = 'http://127.0.0.1:3000/callback';
let dir, db, server, app;

test.before(async () => {
  if (skip) return;
  dir = h.tmpdir();
  db = path.join(dir, 'c.db');
  h.load(db, h.GROUP_A);
  // 25 more carrier claims: four pages of ten for the SDK to walk.
  h.load(db, [h.cloneRows(path.join(h.SAMPLES, 'sample-a-bcarrier.txt'), path.join(dir, 'more.txt'), 25,
    (f, i) => { f.CLM_ID = String(600000000 + i); })]);
  h.run(['user', 'add', '--db', db, '--username', 'BBUser00000', '--password', 'PW00000!', '--patient', String(A), '--sandbox-cost']);
  app = JSON.parse(h.run(['app', 'create', '--db', db, '--name', 'OIDC client', '--redirect-uri', REDIRECT]));
  server = await h.serve(db);
});

test.after(async () => {
  await h.stop(server);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const cookies = (r) => (r.headers['set-cookie'] || []).map((c) => c.split(';')[0]).join('; ');
const hidden = (html, name) => html.match(new RegExp(`name="${name}" value="([^"]*)"`))[1];
const post = (p, fields, headers = {}) => {
  const body = new URLSearchParams(fields).toString();
  return h.request(server, p, { method: 'POST', body,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body), ...headers } });
};

// What a browser does from the authorization URL to the app's redirect URI.
async function browse(authorizationUrl) {
  const u = new URL(authorizationUrl);
  const start = await h.request(server, u.pathname + u.search);
  assert.equal(start.status, 302, start.body);
  const next = new URL(start.headers.location, server.url).searchParams.get('next');
  const page = await h.request(server, start.headers.location);
  const session = cookies(await post('/mymedicare/login', { username: 'BBUser00000', password: 'PW00000!', next,
    csrf: hidden(page.body, 'csrf') }, { Cookie: cookies(page) }));
  const consent = await h.request(server, next, { headers: { Cookie: session } });
  const done = await post(next, { csrf: hidden(consent.body, 'csrf'), action: 'allow', share_personal: 'yes' },
    { Cookie: session });
  assert.equal(done.status, 302, done.body);
  return done.headers.location;
}

test('openid-client: discovery, code + PKCE, refresh, revoke, introspect', { skip }, async () => {
  const issuer = await Issuer.discover(`${server.url}/.well-known/openid-configuration`);
  assert.equal(issuer.metadata.token_endpoint, `${server.url}/v2/o/token/`);
  const client = new issuer.Client({ client_id: app.client_id, client_secret: app.client_secret,
    redirect_uris: [REDIRECT], response_types: ['code'] });
  const verifier = generators.codeVerifier();
  const state = generators.state();
  const url = client.authorizationUrl({ scope: 'openid profile patient/Patient.read patient/ExplanationOfBenefit.read',
    code_challenge: generators.codeChallenge(verifier), code_challenge_method: 'S256', state });
  const back = await browse(url);
  const params = client.callbackParams(back);
  const tokens = await client.oauthCallback(REDIRECT, params, { code_verifier: verifier, state });
  assert.equal(tokens.token_type.toLowerCase(), 'bearer');
  assert.equal(tokens.patient, String(A));
  assert.ok(tokens.refresh_token);
  const eob = await h.request(server, '/v2/fhir/ExplanationOfBenefit', { headers: h.bearer(tokens.access_token) });
  assert.equal(eob.status, 200);

  const refreshed = await client.refresh(tokens.refresh_token);
  assert.notEqual(refreshed.access_token, tokens.access_token);
  assert.notEqual(refreshed.refresh_token, tokens.refresh_token);
  await assert.rejects(client.refresh(tokens.refresh_token), /invalid_grant/);

  const app2 = JSON.parse(h.run(['app', 'create', '--db', db, '--name', 'Second', '--redirect-uri', REDIRECT]));
  // Blue Button's discovery document names no introspection endpoint (apps learn it from the
  // documentation): the issuer is given it, as such an app would.
  const withIntrospection = new Issuer({ ...issuer.metadata, introspection_endpoint: `${server.url}/v2/o/introspect/` });
  const client2 = new withIntrospection.Client({ client_id: app2.client_id, client_secret: app2.client_secret, redirect_uris: [REDIRECT] });
  const v2 = generators.codeVerifier();
  const s2 = generators.state();
  const t2 = await client2.oauthCallback(REDIRECT, client2.callbackParams(await browse(client2.authorizationUrl({
    scope: 'patient/Coverage.read', code_challenge: generators.codeChallenge(v2), code_challenge_method: 'S256', state: s2 }))),
  { code_verifier: v2, state: s2 });
  const info = await client2.introspect(t2.access_token);
  assert.equal(info.active, true);
  assert.equal(info.client_id, app2.client_id);
  assert.equal(info.patient, String(A));
  await client2.revoke(t2.access_token);
  assert.equal((await client2.introspect(t2.access_token)).active, false);
  const coverage = await h.request(server, '/v2/fhir/Coverage', { headers: h.bearer(t2.access_token) });
  assert.equal(coverage.status, 401);
});

test('cms-bluebutton-sdk: its whole flow, pages and a forced refresh', { skip }, async () => {
  const sdkApp = JSON.parse(h.run(['app', 'create', '--db', db, '--name', 'SDK app', '--redirect-uri', REDIRECT]));
  const bb = new BlueButton({ environment: 'LOCAL', version: '2', clientId: sdkApp.client_id,
    clientSecret: sdkApp.client_secret, callbackUrl: REDIRECT, tokenRefreshOnExpire: true });
  bb.baseUrl = server.url; // the SDK has no base-URL option; LOCAL is port 8000
  const authData = bb.generateAuthData();
  const url = bb.generateAuthorizeUrl(authData);
  assert.ok(url.startsWith(`${server.url}/v2/o/authorize?`), url);
  const back = new URL(await browse(url));
  let token = await bb.getAuthorizationToken(authData, back.searchParams.get('code'), back.searchParams.get('state'));
  assert.equal(token.patient, String(A));

  const patient = await bb.getPatientData(token);
  assert.equal(patient.response.status, 200);
  assert.equal(patient.response.data.resourceType, 'Bundle'); // the SDK searches Patient/
  assert.equal(patient.response.data.entry[0].resource.id, String(A));
  const eob = await bb.getExplanationOfBenefitData(token);
  assert.equal(eob.response.data.total, 33);
  const { pages } = await bb.getPages(eob.response.data, eob.token);
  assert.equal(pages.length, 4);
  const ids = pages.flatMap((p) => p.entry.map((e) => e.resource.id));
  assert.equal(new Set(ids).size, 33);

  // Forced refresh: the token looks expired, so the SDK refreshes before the call.
  token = eob.token;
  token.expiresAt = Date.now() - 1000;
  const coverage = await bb.getCoverageData(token);
  assert.equal(coverage.response.status, 200);
  assert.notEqual(coverage.token.accessToken, token.accessToken);
  assert.notEqual(coverage.token.refreshToken, token.refreshToken);
  const again = await bb.getCoverageData(coverage.token);
  assert.equal(again.response.status, 200);
});
