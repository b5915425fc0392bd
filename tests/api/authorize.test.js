// The beneficiary's side of OAuth against a real server: the authorization request's checks
// (Blue Button's 400 bodies), the sandbox login, the consent page with its demographic choice,
// Allow and Deny, and the code that follows through the token endpoint to the FHIR API.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./helpers');

const skip = h.haveFixtures() ? false : `fixtures absent (${h.FIXTURES}): skipped`;
const A = 567834;
const REDIRECT = 'http://127.0.0.1:3000/cb';
let dir, db, server, app;

test.before(async () => {
  if (skip) return;
  dir = h.tmpdir();
  db = path.join(dir, 'a.db');
  h.load(db, h.GROUP_A);
  h.run(['user', 'add', '--db', db, '--username', 'BBUser00000', '--password', 'PW00000!', '--patient', String(A),
    '--name', 'Jane Doe', '--sandbox-cost']);
  app = JSON.parse(h.run(['app', 'create', '--db', db, '--name', 'Health <Tracker>', '--redirect-uri', REDIRECT]));
  server = await h.serve(db);
});

test.after(async () => {
  await h.stop(server);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const { pkce, cookies, hidden, form } = h;

function authorizeUrl(params, p = '/v2/o/authorize/') {
  return `${p}?${new URLSearchParams(params).toString()}`;
}


// Logs in through the pages; returns the session cookie.
async function login(next) {
  const page = await h.request(server, `/mymedicare/login?next=${encodeURIComponent(next)}`);
  assert.equal(page.status, 200);
  assert.equal(page.headers['content-security-policy'], "default-src 'none'; style-src 'self'; img-src 'self' https:; frame-ancestors 'none'");
  assert.ok(page.body.includes('<link rel="stylesheet" href="/static/bluebutton.css">'));
  assert.ok(!page.body.includes('<style'));
  const jar = cookies(page);
  const f = form({ username: 'BBUser00000', password: 'PW00000!', next: hidden(page.body, 'next'), csrf: hidden(page.body, 'csrf') });
  const r = await h.request(server, '/mymedicare/login', { method: 'POST', body: f.body, headers: { ...f.headers, Cookie: jar } });
  assert.equal(r.status, 302, r.body);
  assert.equal(r.headers.location, next);
  const session = cookies(r);
  assert.match(r.headers['set-cookie'][0], /^bb_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax$/);
  return session;
}

// From the app's request to the redirect back; returns the Location.
async function flow({ share = true, action = 'allow', scope, p, choice = true } = {}) {
  const { verifier, challenge } = pkce();
  const params = { response_type: 'code', client_id: app.client_id, redirect_uri: REDIRECT,
    state: 'state-0123456789abcdef', code_challenge: challenge, code_challenge_method: 'S256' };
  if (scope) params.scope = scope;
  const start = await h.request(server, authorizeUrl(params, p));
  assert.equal(start.status, 302, start.body);
  const m = start.headers.location.match(/^\/mymedicare\/login\?next=(\/v2\/o\/authorize\/[^/]+\/)$/);
  assert.ok(m, start.headers.location);
  const session = await login(m[1]);
  const page = await h.request(server, m[1], { headers: { Cookie: session } });
  assert.equal(page.status, 200);
  assert.ok(page.body.includes('Health &lt;Tracker&gt;'), 'the app is named, escaped');
  // The demographic choice is offered when personal information is asked for.
  assert.equal(page.body.includes('name="share_personal"'), choice);
  const fields = { csrf: hidden(page.body, 'csrf'), action };
  if (share) fields.share_personal = 'yes';
  const f = form(fields);
  const done = await h.request(server, m[1], { method: 'POST', body: f.body, headers: { ...f.headers, Cookie: session } });
  assert.equal(done.status, 302, done.body);
  return { location: done.headers.location, verifier, session, consentPath: m[1] };
}

async function exchange(location, verifier) {
  const code = new URL(location).searchParams.get('code');
  const f = form({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier,
    client_id: app.client_id, client_secret: app.client_secret });
  return h.request(server, '/v2/o/token/', { method: 'POST', body: f.body, headers: f.headers });
}

test('the whole flow: request, login, consent, code, token, data', { skip }, async () => {
  const { location, verifier, consentPath } = await flow({ p: '/v2/o/authorize' }); // the SDK's path, no slash
  const u = new URL(location);
  assert.equal(`${u.origin}${u.pathname}`, REDIRECT);
  assert.equal(u.searchParams.get('state'), 'state-0123456789abcdef');
  const t = await exchange(location, verifier);
  assert.equal(t.status, 200, t.body);
  assert.equal(t.json.patient, String(A));
  assert.ok(t.json.scope.split(' ').includes('patient/Patient.read'));
  const patient = await h.request(server, `/v2/fhir/Patient/${A}`, { headers: h.bearer(t.json.access_token) });
  assert.equal(patient.status, 200);
  const eobs = await h.request(server, '/v2/fhir/ExplanationOfBenefit', { headers: h.bearer(t.json.access_token) });
  assert.equal(eobs.json.total, 8);

  // The log follows the flow: one trace id from the request through login to the consent
  // (with the state, the PKCE method and the demographic choice), whose code's hash the token
  // request logs too; no code, token or consent page id appears in it.
  const events = server.lines.map((l) => JSON.parse(l)).filter((l) => l.oauth).map((l) => l.oauth);
  const consent = events.filter((e) => e.event === 'consent').pop();
  assert.match(consent.trace, /^[0-9a-f]{32}$/);
  assert.equal(consent.share_personal, true);
  const same = events.filter((e) => e.trace === consent.trace).map((e) => e.event);
  assert.deepEqual(same, ['authorize', 'login', 'consent']);
  const start = events.find((e) => e.trace === consent.trace && e.event === 'authorize');
  assert.equal(start.state, 'state-0123456789abcdef');
  assert.equal(start.code_challenge_method, 'S256');
  assert.equal(start.client_id, app.client_id);
  const code = new URL(location).searchParams.get('code');
  assert.equal(consent.code_sha256, crypto.createHash('sha256').update(code).digest('hex'));
  const issued = events.find((e) => e.event === 'token_issue' && e.code_sha256 === consent.code_sha256);
  assert.equal(issued.token_sha256, crypto.createHash('sha256').update(t.json.access_token).digest('hex'));
  const text = server.lines.join('\n');
  for (const secret of [code, t.json.access_token, t.json.refresh_token, consentPath.split('/')[4]])
    assert.ok(!text.includes(secret), secret);
  assert.ok(server.lines.some((l) => l.includes(`"path":"/v2/o/authorize/{id}/","status":200`) &&
    l.includes(`"trace":"${consent.trace}"`)), 'the consent page is logged by its trace');
});

test('unticked personal information: no Patient, no profile; Deny: access_denied', { skip }, async () => {
  const { location, verifier } = await flow({ share: false });
  const t = await exchange(location, verifier);
  assert.equal(t.status, 200, t.body);
  assert.ok(!t.json.scope.split(' ').some((s) => s === 'profile' || s.startsWith('patient/Patient.')), t.json.scope);
  assert.equal((await h.request(server, `/v2/fhir/Patient/${A}`, { headers: h.bearer(t.json.access_token) })).status, 403);
  assert.equal((await h.request(server, '/v2/fhir/Coverage', { headers: h.bearer(t.json.access_token) })).status, 200);
  const denied = await flow({ action: 'deny' });
  assert.equal(denied.location, `${REDIRECT}?error=access_denied&state=state-0123456789abcdef`);
  // Scopes asked ∩ the app's.
  const narrow = await flow({ scope: 'patient/Coverage.read openid patient/Claim.read', choice: false });
  const t2 = await exchange(narrow.location, narrow.verifier);
  assert.equal(t2.json.scope, 'patient/Coverage.read openid');
  // A consent page is used once, and needs its CSRF token.
  const again = await h.request(server, narrow.consentPath, { headers: { Cookie: narrow.session } });
  assert.equal(again.status, 404);
  assert.deepEqual(again.json, { status_code: 404, message: 'Not found.' });
});

test("the request's own errors: 400 in Blue Button's words, never a redirect", { skip }, async () => {
  const { challenge } = pkce();
  const good = { response_type: 'code', client_id: app.client_id, redirect_uri: REDIRECT,
    state: 'state-0123456789abcdef', code_challenge: challenge, code_challenge_method: 'S256' };
  const cases = [
    [{ ...good, client_secret: 'x' }, { status_code: 400, message: 'Illegal query parameter [client_secret] detected' }],
    [{ client_id: app.client_id }, { status_code: 400, message: 'Missing Required Parameter(s): response_type, redirect_uri, state, code_challenge, code_challenge_method' }],
    [{ ...good, code_challenge_method: 'plain' }, { status_code: 400, error: 'invalid_request', error_description: 'code_challenge_method must be S256' }],
    [{ ...good, state: 'short' }, { status_code: 400, message: 'State parameter should have a minimum of 16 characters' }],
    [{ ...good, client_id: 'nope' }, { status_code: 400, error: 'invalid_request', error_description: 'Invalid client_id parameter value.' }],
    [{ ...good, redirect_uri: 'https://evil.example/cb' }, { status_code: 400, error: 'invalid_request', error_description: 'Mismatching redirect URI.' }],
    [{ ...good, response_type: 'token' }, { status_code: 400, error: 'unsupported_response_type', error_description: 'response_type must be code' }],
  ];
  for (const [params, body] of cases) {
    const r = await h.request(server, authorizeUrl(params));
    assert.equal(r.status, 400, JSON.stringify(params));
    assert.equal(r.headers.location, undefined);
    assert.deepEqual(r.json, body);
  }
  // Loopback redirect URIs may use any port.
  const any = await h.request(server, authorizeUrl({ ...good, redirect_uri: 'http://127.0.0.1:49152/cb' }));
  assert.equal(any.status, 302);
  // Wrong password: 401 page, no session.
  const page = await h.request(server, '/mymedicare/login?next=/');
  const f = form({ username: 'BBUser00000', password: 'wrong', next: '/', csrf: hidden(page.body, 'csrf') });
  const bad = await h.request(server, '/mymedicare/login', { method: 'POST', body: f.body, headers: { ...f.headers, Cookie: cookies(page) } });
  assert.equal(bad.status, 401);
  assert.ok(bad.body.includes('The username or password is not correct.'));
  assert.equal(bad.headers['set-cookie'], undefined);
  // A login form posted without its CSRF cookie: 403.
  const noCsrf = await h.request(server, '/mymedicare/login', { method: 'POST', body: f.body, headers: f.headers });
  assert.equal(noCsrf.status, 403);
});

test('the sandbox expire endpoint ends the app\'s grant: data 403, refresh 403, then 404', { skip }, async () => {
  const { location, verifier } = await flow();
  const t = (await exchange(location, verifier)).json;
  const auth = { Authorization: `Basic ${Buffer.from(`${app.client_id}:${app.client_secret}`).toString('base64')}` };
  const expire = (patient) => h.request(server, `/v2/o/expire_authenticated_user/${patient}/`, { method: 'POST', headers: auth });
  const r = await expire(A);
  assert.equal(r.status, 200);
  assert.equal(r.body, 'success');
  const data = await h.request(server, '/v2/fhir/Coverage', { headers: h.bearer(t.access_token) });
  assert.equal(data.status, 403);
  const f = form({ grant_type: 'refresh_token', refresh_token: t.refresh_token, client_id: app.client_id, client_secret: app.client_secret });
  const refresh = await h.request(server, '/v2/o/token/', { method: 'POST', body: f.body, headers: f.headers });
  assert.equal(refresh.status, 403);
  assert.equal(refresh.json.error, 'invalid_grant');
  assert.match(refresh.json.error_description, /^User access cannot be found\./);
  const again = await expire(A);
  assert.equal(again.status, 404);
  assert.equal(again.body, 'Data Access Grant was Not Found.');
  const nobody = await expire(-999);
  assert.equal(nobody.status, 404);
  assert.equal(nobody.body, 'Patient was Not Found. Please check the id number and try again.');
  assert.equal((await h.request(server, `/v2/o/expire_authenticated_user/${A}/`, { method: 'POST' })).status, 401);
});

test('log-ins are throttled per username after 5 failures', { skip }, async () => {
  const page = await h.request(server, '/mymedicare/login?next=/');
  const jar = cookies(page);
  const attempt = (username, password) => {
    const f = form({ username, password, next: '/', csrf: hidden(page.body, 'csrf') });
    return h.request(server, '/mymedicare/login', { method: 'POST', body: f.body, headers: { ...f.headers, Cookie: jar } });
  };
  for (let i = 0; i < 5; i++) assert.equal((await attempt('BBUser77777', `guess${i}`)).status, 401);
  const blocked = await attempt('BBUser77777', 'guess5');
  assert.equal(blocked.status, 429);
  assert.equal(blocked.headers['retry-after'], '900');
  assert.ok(blocked.body.includes('Too many failed log-ins'));
  // Another username from the same address is not held back.
  assert.equal((await attempt('BBUser00000', 'PW00000!')).status, 302);
});

test('the consent form needs its CSRF token; cookies are Secure behind https', { skip }, async () => {
  const { challenge } = pkce();
  const start = await h.request(server, authorizeUrl({ response_type: 'code', client_id: app.client_id, redirect_uri: REDIRECT,
    state: 'state-0123456789abcdef', code_challenge: challenge, code_challenge_method: 'S256' }));
  const next = new URL(start.headers.location, server.url).searchParams.get('next');
  const session = await login(next);
  for (const csrf of [undefined, 'forged']) {
    const fields = { action: 'allow', share_personal: 'yes' };
    if (csrf) fields.csrf = csrf;
    const f = form(fields);
    const r = await h.request(server, next, { method: 'POST', body: f.body, headers: { ...f.headers, Cookie: session } });
    assert.equal(r.status, 403);
    assert.equal(r.headers.location, undefined);
  }
  // Without a session the consent page sends the browser to log in first.
  const anon = await h.request(server, next);
  assert.equal(anon.status, 302);
  assert.equal(anon.headers.location, `/mymedicare/login?next=${next}`);
  const css = await h.request(server, '/static/bluebutton.css');
  assert.equal(css.status, 200);
  assert.match(css.headers['content-type'], /^text\/css/);
  assert.match(css.body, /(^|\n)body\{/);
  const tls = await h.serve(db, ['--base-url', 'https://sandbox.example']);
  try {
    const page = await h.request(tls, '/mymedicare/login?next=/');
    assert.match(page.headers['set-cookie'][0], /; Secure$/);
    assert.equal(page.headers['strict-transport-security'], 'max-age=31536000');
  } finally {
    await h.stop(tls);
  }
});
