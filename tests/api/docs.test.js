// The OpenAPI document (web/openapi.yaml): it validates, it names every API route the server
// has (`bluebutton serve --routes`, under /v2/fhir, /v2/o, /v2/connect and /.well-known) and
// only those, and each of its operations reaches a handler (never the server's "no such
// path" 404 or a 405).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const SwaggerParser = require('@apidevtools/swagger-parser');
const h = require('./helpers');

const DOC = path.join(h.ROOT, 'web', 'openapi.yaml');
const API = /^\/(v2\/fhir|v2\/o|v2\/connect|\.well-known)(\/|$)/;

// "GET /v2/fhir/Patient/{id}" for each operation of the document.
async function documented() {
  const api = await SwaggerParser.validate(DOC);
  const ops = [];
  for (const [p, item] of Object.entries(api.paths))
    for (const m of Object.keys(item))
      if (['get', 'post', 'put', 'delete', 'patch'].includes(m)) ops.push(`${m.toUpperCase()} ${p}`);
  return { api, ops: ops.sort() };
}

// The server's API routes, as `serve --routes` lists them ("GET,HEAD /path" per line), one
// operation per method (HEAD aside: it is GET's).
function routed() {
  const ops = [];
  for (const line of h.run(['serve', '--routes']).trim().split('\n')) {
    const [methods, p] = line.split(' ');
    if (!API.test(p)) continue;
    for (const m of methods.split(',')) if (m !== 'HEAD') ops.push(`${m} ${p}`);
  }
  return ops.sort();
}

test('the OpenAPI document validates and has examples and responses for every operation', async () => {
  const { api, ops } = await documented();
  assert.equal(api.openapi.startsWith('3.'), true);
  assert.ok(ops.length >= 20);
  for (const [p, item] of Object.entries(api.paths))
    for (const [m, op] of Object.entries(item)) {
      if (typeof op !== 'object' || !op.responses) continue;
      assert.ok(op.summary, `${m} ${p}: a summary`);
      assert.ok(Object.keys(op.responses).length > 0, `${m} ${p}: responses`);
    }
  // The console signs in with the authorization code flow against this server.
  const flow = api.components.securitySchemes.oauth2.flows.authorizationCode;
  assert.equal(flow.authorizationUrl, '/v2/o/authorize/');
  assert.equal(flow.tokenUrl, '/v2/o/token/');
});

test('every API route is documented, and every documented operation is routed', async (t) => {
  const { ops } = await documented();
  const routes = routed();
  assert.ok(routes.length >= 20);
  assert.deepEqual(routes.filter((r) => !ops.includes(r)), [], 'routed but not documented');
  assert.deepEqual(ops.filter((o) => !routes.includes(o)), [], 'documented but not routed');

  // And each operation reaches its handler on a running server.
  const dir = h.tmpdir();
  const db = path.join(dir, 'docs.db');
  h.run(['synth', '--benes', '2', '--db', db, '--quiet']);
  const server = await h.serve(db);
  t.after(() => h.stop(server));
  for (const op of ops) {
    const [method, template] = op.split(' ');
    const target = template.replace('{id}', '1').replace('{patient}', '-10000000000001')
      .replace('{request}', 'no-such-request');
    const r = await h.request(server, target, { method });
    assert.notEqual(r.status, 405, `${op}: 405`);
    const generic404 = r.status === 404 && r.json && r.json.detail === 'Not found.' && !template.includes('{');
    assert.equal(generic404, false, `${op}: not routed (${r.status} ${r.body.slice(0, 80)})`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});
