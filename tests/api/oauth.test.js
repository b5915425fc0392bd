// The authorization server's endpoints against a real `bluebutton serve`: so far its discovery
// documents (OpenID configuration, twice, and the SMART configuration) as Blue Button
// publishes them, on the public base URL.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
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
