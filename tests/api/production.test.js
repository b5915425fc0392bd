// serve --mode production: it needs TLS (an https base URL, or a proxy it trusts); the
// synthetic users' log-in and the sandbox's expiry endpoint are not there; only apps an
// operator approved may start an authorization; no API console app is registered.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./helpers');

test('production mode: TLS, approved apps only, no sandbox log-in or expiry', async (t) => {
  const dir = h.tmpdir();
  const db = path.join(dir, 'prod.db');
  h.run(['synth', '--benes', '1', '--db', db, '--quiet']);
  const plain = spawnSync(h.BIN, ['serve', '--db', db, '--mode', 'production', '--listen', '127.0.0.1:0'], { encoding: 'utf8' });
  assert.equal(plain.status, 2);
  assert.match(plain.stderr, /--mode production needs --base-url https/);
  const bad = spawnSync(h.BIN, ['serve', '--db', db, '--mode', 'staging'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--mode: 'staging' is not sandbox or production/);

  const redirect = 'https://app.example/cb';
  const app = JSON.parse(h.run(['app', 'create', '--db', db, '--name', 'Waiting App', '--redirect-uri', redirect]));
  const server = await h.serve(db, ['--mode', 'production', '--base-url', 'https://api.example']);
  t.after(async () => {
    await h.stop(server);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  assert.equal(JSON.parse(server.lines[0]).mode, 'production');
  const p = h.pkce();
  const q = () => new URLSearchParams({ response_type: 'code', client_id: app.client_id, redirect_uri: redirect,
    state: 'production-state-0123', code_challenge: p.challenge, code_challenge_method: 'S256' });
  let r = await h.request(server, `/v2/o/authorize/?${q()}`);
  assert.equal(r.status, 403);
  assert.match(r.body, /Waiting App, is not approved for production use yet/);
  h.run(['app', 'approve', '--db', db, app.client_id]);
  r = await h.request(server, `/v2/o/authorize/?${q()}`);
  assert.equal(r.status, 302);
  r = await h.request(server, '/mymedicare/login');
  assert.equal(r.status, 403);
  assert.match(r.body, /sandbox log-in is not available/);
  const f = h.form({ username: 'BBUser00000', password: 'PW00000!' });
  r = await h.request(server, '/mymedicare/login', { method: 'POST', body: f.body, headers: f.headers });
  assert.equal(r.status, 403);
  r = await h.request(server, '/v2/o/expire_authenticated_user/-10000000000001/', { method: 'POST',
    headers: { Authorization: `Basic ${Buffer.from(`${app.client_id}:${app.client_secret}`).toString('base64')}` } });
  assert.equal(r.status, 404);
  const apps = h.run(['app', 'list', '--db', db]);
  assert.ok(!apps.includes('"api-console"'), 'no console app in production');
});
