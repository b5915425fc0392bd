// The developer portal and the operators' page over HTTP: sign-up with the verification link
// from the log, log-in, registering an app (the secret shown once, which the token endpoints
// then accept), a new secret that stops the old one at once, edits, another developer kept
// out, production access requested and decided (at /admin and with `bluebutton app`),
// password change, log-out, and deletion.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./helpers');

let dir, db, server;

test.before(async () => {
  dir = h.tmpdir();
  db = path.join(dir, 'portal.db');
  h.run(['synth', '--benes', '2', '--db', db, '--quiet']);
  server = await h.serve(db);
});

test.after(async () => {
  await h.stop(server);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

// A browser-like session: keeps cookies, posts forms with the page's CSRF token.
function browser() {
  const jar = new Map();
  const keep = (r) => {
    for (const c of r.headers['set-cookie'] || []) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i);
      if (/Max-Age=0/.test(c)) jar.delete(name); else jar.set(name, pair.slice(i + 1));
    }
    return r;
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  return {
    jar,
    get: async (target) => keep(await h.request(server, target, { headers: { Cookie: cookie() } })),
    post: async (target, fields) => {
      const f = h.form(fields);
      return keep(await h.request(server, target, { method: 'POST', body: f.body, headers: { ...f.headers, Cookie: cookie() } }));
    },
  };
}

const csrfOf = (page) => h.hidden(page.body, 'csrf');
const text = (html) => html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');

async function signUpAndLogIn(b, email, password = 'correct horse battery') {
  const form = await b.get('/developer/signup');
  assert.equal(form.status, 200);
  const made = await b.post('/developer/signup', { csrf: csrfOf(form), email, password, password2: password });
  assert.equal(made.status, 201, made.body);
  // The verification link is in the log (no mail in the sandbox).
  await new Promise((r) => setTimeout(r, 50));
  const line = server.lines.map((l) => JSON.parse(l)).reverse().find((l) => l.email && l.email.to === email);
  assert.ok(line, 'the verification link is logged');
  const link = new URL(line.email.link);
  assert.equal(link.pathname, '/developer/verify');
  // Not verified yet: no log-in.
  let page = await b.get('/developer/login');
  const early = await b.post('/developer/login', { csrf: csrfOf(page), email, password });
  assert.equal(early.status, 401);
  assert.match(text(early.body), /Verify your email first/);
  // Opening the link changes nothing; its button does (a POST).
  const confirm = await b.get(link.pathname + link.search);
  assert.equal(confirm.status, 200);
  const token = link.searchParams.get('token');
  assert.equal(h.hidden(confirm.body, 'token'), token);
  const verified = await b.post('/developer/verify', { csrf: csrfOf(confirm), token });
  assert.equal(verified.status, 200);
  assert.match(text(verified.body), /Your email is verified/);
  const again = await b.get(link.pathname + link.search);
  assert.equal((await b.post('/developer/verify', { csrf: csrfOf(again), token })).status, 404, 'a link works once');
  page = await b.get('/developer/login');
  const wrong = await b.post('/developer/login', { csrf: csrfOf(page), email, password: 'not it at all' });
  assert.equal(wrong.status, 401);
  page = await b.get('/developer/login');
  const ok = await b.post('/developer/login', { csrf: csrfOf(page), email, password });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.location, '/developer/');
  assert.ok(b.jar.has('bb_account'));
}

// Client authentication at the introspection endpoint: 200 with the right secret, 401 else.
async function secretWorks(clientId, secret) {
  const f = h.form({ token: 'nothing' });
  const r = await h.request(server, '/v2/o/introspect/', { method: 'POST', body: f.body,
    headers: { ...f.headers, Authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` } });
  return r.status === 200;
}

test('a developer signs up, registers an app, renews its secret, edits, asks for production, deletes', async () => {
  const b = browser();
  assert.equal((await b.get('/developer/')).status, 303, 'the portal needs a log-in');
  await signUpAndLogIn(b, 'dev@example.com');
  let list = await b.get('/developer/');
  assert.equal(list.status, 200);
  assert.match(text(list.body), /No apps yet/);

  // Register: every field, the Terms of Use agreed to.
  let form = await b.get('/developer/apps/new');
  const fields = {
    csrf: csrfOf(form), name: 'Health <Tracker>', description: 'Tracks claims',
    redirect_uris: 'https://tracker.example/cb\nhttp://127.0.0.1:9000/cb', logo_uri: 'https://tracker.example/logo.png',
    website_uri: 'https://tracker.example', policy_uri: 'https://tracker.example/privacy',
    tos_uri: 'https://tracker.example/terms', data_access_type: 'THIRTEEN_MONTH', require_demographic: 'yes',
  };
  const noAgreement = await b.post('/developer/apps/new', fields);
  assert.equal(noAgreement.status, 400);
  assert.match(text(noAgreement.body), /agreement to the Terms of Use/);
  const badUri = await b.post('/developer/apps/new', { ...fields, agree: 'yes', redirect_uris: 'http://tracker.example/cb' });
  assert.equal(badUri.status, 400);
  assert.equal((await b.post('/developer/apps/new', { ...fields, agree: 'yes', csrf: 'forged' })).status, 403);
  const made = await b.post('/developer/apps/new', { ...fields, agree: 'yes' });
  assert.equal(made.status, 201, made.body);
  assert.ok(made.body.includes('Health &lt;Tracker&gt;'), 'names are escaped');
  const clientId = made.body.match(/id="client-id">([^<]+)</)[1];
  const secret = made.body.match(/id="client-secret" class="secret">([^<]+)</)[1];
  assert.match(text(made.body), /shown this once/);
  assert.ok(await secretWorks(clientId, secret));
  const shown = JSON.parse(h.run(['app', 'show', '--db', db, clientId]));
  assert.equal(shown.status, 'sandbox');
  assert.deepEqual(shown.redirect_uris, ['https://tracker.example/cb', 'http://127.0.0.1:9000/cb']);

  // The app's page: figures, and never the secret again.
  let page = await b.get(`/developer/apps/${clientId}`);
  assert.equal(page.status, 200);
  assert.ok(!page.body.includes(secret));
  assert.match(page.body, /id="connected">0</);
  assert.match(page.body, /id="requests">0</);
  list = await b.get('/developer/');
  assert.ok(list.body.includes(clientId));

  // A new secret: the old one stops at once.
  const renewed = await b.post(`/developer/apps/${clientId}/secret`, { csrf: csrfOf(page) });
  assert.equal(renewed.status, 201);
  const secret2 = renewed.body.match(/id="client-secret" class="secret">([^<]+)</)[1];
  assert.notEqual(secret2, secret);
  assert.equal(await secretWorks(clientId, secret), false);
  assert.ok(await secretWorks(clientId, secret2));

  // Edit.
  page = await b.get(`/developer/apps/${clientId}`);
  const saved = await b.post(`/developer/apps/${clientId}`, { ...fields, csrf: csrfOf(page), name: 'Tracker 2', data_access_type: 'RESEARCH_STUDY' });
  assert.equal(saved.status, 303);
  page = await b.get(saved.headers.location);
  assert.match(text(page.body), /Saved/);
  assert.equal(JSON.parse(h.run(['app', 'show', '--db', db, clientId])).data_access_type, 'RESEARCH_STUDY');

  // Another developer sees nothing of it.
  const other = browser();
  await signUpAndLogIn(other, 'other@example.com');
  assert.equal((await other.get(`/developer/apps/${clientId}`)).status, 404);
  assert.ok(!(await other.get('/developer/')).body.includes(clientId));

  // Production: requested by the owner, rejected at /admin, requested again, approved by CLI.
  page = await b.get(`/developer/apps/${clientId}`);
  const asked = await b.post(`/developer/apps/${clientId}/production`, { csrf: csrfOf(page) });
  assert.equal(asked.status, 303);
  page = await b.get(asked.headers.location);
  assert.match(page.body, /id="status">Production access requested/);
  h.run(['admin', 'add', '--db', db, '--email', 'ops@example.com', '--password', 'operator-password']);
  const op = browser();
  let login = await op.get('/developer/login');
  assert.equal((await op.post('/developer/login', { csrf: csrfOf(login), email: 'ops@example.com', password: 'operator-password' })).status, 303);
  assert.equal((await b.get('/admin')).status, 403, 'developers are not operators');
  const queue = await op.get('/admin');
  assert.equal(queue.status, 200);
  assert.ok(queue.body.includes(clientId));
  const rejected = await op.post(`/admin/apps/${clientId}/decide`, { csrf: csrfOf(queue), decision: 'reject', note: 'Add a privacy policy' });
  assert.equal(rejected.status, 303);
  page = await b.get(`/developer/apps/${clientId}`);
  assert.match(text(page.body), /Production access not approved — Add a privacy policy/);
  await b.post(`/developer/apps/${clientId}/production`, { csrf: csrfOf(page) });
  const approved = JSON.parse(h.run(['app', 'approve', '--db', db, '--note', 'Welcome', clientId]));
  assert.equal(approved.status, 'approved');
  assert.equal(approved.status_note, 'Welcome');
  page = await b.get(`/developer/apps/${clientId}`);
  assert.match(page.body, /id="status">Approved for production/);

  // Password change; log-out; the new password works.
  page = await b.get('/developer/password');
  const wrongCurrent = await b.post('/developer/password', { csrf: csrfOf(page), current: 'nope', password: 'a new password!', password2: 'a new password!' });
  assert.equal(wrongCurrent.status, 400);
  const changed = await b.post('/developer/password', { csrf: csrfOf(page), current: 'correct horse battery', password: 'a new password!', password2: 'a new password!' });
  assert.equal(changed.status, 303);
  page = await b.get('/developer/');
  const out = await b.post('/developer/logout', { csrf: csrfOf(page) });
  assert.equal(out.status, 303);
  assert.equal((await b.get('/developer/')).status, 303);
  login = await b.get('/developer/login');
  assert.equal((await b.post('/developer/login', { csrf: csrfOf(login), email: 'DEV@example.com', password: 'a new password!' })).status, 303);

  // Delete, confirmed: the app and its secret are gone.
  page = await b.get(`/developer/apps/${clientId}`);
  assert.equal((await b.post(`/developer/apps/${clientId}/delete`, { csrf: csrfOf(page) })).status, 400);
  const deleted = await b.post(`/developer/apps/${clientId}/delete`, { csrf: csrfOf(page), confirm: 'yes' });
  assert.equal(deleted.status, 303);
  assert.equal((await b.get(`/developer/apps/${clientId}`)).status, 404);
  assert.equal(await secretWorks(clientId, secret2), false);
});

test('sign-up refuses bad input and a second account for an email, naming the problem', async () => {
  const b = browser();
  let form = await b.get('/developer/signup');
  const short = await b.post('/developer/signup', { csrf: csrfOf(form), email: 'x@example.com', password: 'short', password2: 'short' });
  assert.equal(short.status, 400);
  assert.match(text(short.body), /8 characters or more/);
  form = await b.get('/developer/signup');
  const bad = await b.post('/developer/signup', { csrf: csrfOf(form), email: 'not-an-email', password: 'long enough pw', password2: 'long enough pw' });
  assert.match(text(bad.body), /not an email address/);
  form = await b.get('/developer/signup');
  const differ = await b.post('/developer/signup', { csrf: csrfOf(form), email: 'y@example.com', password: 'long enough pw', password2: 'long enough px' });
  assert.match(text(differ.body), /differ/);
  form = await b.get('/developer/signup');
  assert.equal((await b.post('/developer/signup', { csrf: csrfOf(form), email: 'twice@example.com', password: 'long enough pw', password2: 'long enough pw' })).status, 201);
  form = await b.get('/developer/signup');
  const again = await b.post('/developer/signup', { csrf: csrfOf(form), email: 'TWICE@example.com', password: 'long enough pw', password2: 'long enough pw' });
  assert.equal(again.status, 400);
  assert.match(text(again.body), /exists already/);
  assert.equal((await b.post('/developer/signup', { email: 'z@example.com', password: 'long enough pw', password2: 'long enough pw' })).status, 403, 'no CSRF token');
});
