// Helpers of the API tests: databases made from BFD's sample files with `bluebutton load`,
// tokens from `bluebutton token`, servers started on a free port and stopped after, and raw
// HTTP requests (so that headers, gzip and status codes are seen exactly as sent).
'use strict';
const crypto = require('node:crypto');
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = process.env.BB_BIN ? path.resolve(ROOT, process.env.BB_BIN) : path.join(ROOT, 'bluebutton');
const FIXTURES = process.env.BB_FIXTURES
  ? path.resolve(ROOT, process.env.BB_FIXTURES)
  : path.resolve(ROOT, '..', 'shared', 'fixtures', 'bfd');
const SAMPLES = path.join(FIXTURES, 'rif-static-samples');

function haveFixtures() {
  return fs.existsSync(path.join(SAMPLES, 'sample-a-beneficiaries.txt'));
}

function tmpdir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'bb-api-'));
}

function run(args) {
  return execFileSync(BIN, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
}

function load(db, files) {
  run(['load', '--quiet', '--db', db, ...files]);
}

const GROUP_A = [
  'beneficiaries', 'beneficiaryhistory', 'bcarrier', 'dme', 'hha', 'hospice', 'inpatient',
  'outpatient', 'pde', 'snf',
].map((n) => path.join(SAMPLES, `sample-a-${n}.txt`));

// A RIF file made of `rows` copies of a sample file's first row, each changed by edit(fields,
// i) (fields by column name).
function cloneRows(sample, out, rows, edit) {
  const [header, first] = fs.readFileSync(sample, 'utf8').split('\n');
  const names = header.split('|');
  const lines = [header];
  for (let i = 0; i < rows; i++) {
    const values = first.split('|');
    const fields = {};
    names.forEach((n, k) => { fields[n] = values[k]; });
    edit(fields, i);
    lines.push(names.map((n) => fields[n]).join('|'));
  }
  fs.writeFileSync(out, lines.join('\n') + '\n');
  return out;
}

function token(db, patient, extra = []) {
  const out = JSON.parse(run(['token', '--db', db, '--patient', String(patient), ...extra]));
  return out.access_token;
}

// Starts `bluebutton serve` on a free port; resolves to {url, port, proc, lines}.
function serve(db, extra = []) {
  return new Promise((resolve, reject) => {
    const proc = spawn(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--threads', '2', ...extra],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = [];
    let rest = '';
    let started = false;
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (chunk) => {
      rest += chunk;
      let nl;
      while ((nl = rest.indexOf('\n')) >= 0) {
        const line = rest.slice(0, nl);
        rest = rest.slice(nl + 1);
        lines.push(line);
        if (!started) {
          started = true;
          const first = JSON.parse(line);
          const port = Number(new URL(first.url).port);
          resolve({ url: `http://127.0.0.1:${port}`, port, proc, lines });
        }
      }
    });
    let err = '';
    proc.stderr.on('data', (d) => { err += d; });
    proc.stderrText = () => err;
    proc.on('exit', (code) => {
      if (!started) reject(new Error(`serve exited ${code}: ${err}`));
    });
  });
}

// Stops the server with SIGTERM; rejects unless it stopped cleanly (status 0: under the
// sanitizers, a leak or an error found on the way makes it non-zero).
function stop(server) {
  return new Promise((resolve, reject) => {
    if (!server) return resolve();
    const done = (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`serve ended with ${signal || `status ${code}`}: ${server.proc.stderrText()}`));
    };
    if (server.proc.exitCode !== null || server.proc.signalCode !== null)
      return done(server.proc.exitCode, server.proc.signalCode);
    server.proc.on('exit', done);
    server.proc.kill('SIGTERM');
  });
}

// GET (or another method) with headers; resolves to {status, headers, raw (Buffer as sent),
// body (decoded text), json (or undefined)}.
function request(server, target, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path: target, method, headers,
      agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const text = res.headers['content-encoding'] === 'gzip'
          ? zlib.gunzipSync(raw).toString('utf8') : raw.toString('utf8');
        let json;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode, headers: res.headers, raw, body: text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

function bearer(tok, more = {}) {
  return { Authorization: `Bearer ${tok}`, ...more };
}

// A PKCE verifier and its S256 challenge.
function pkce() {
  const verifier = crypto.randomBytes(32).toString('base64url');
  return { verifier, challenge: crypto.createHash('sha256').update(verifier).digest('base64url') };
}

// The cookies a response sets, as a Cookie header.
const cookies = (r) => (r.headers['set-cookie'] || []).map((c) => c.split(';')[0]).join('; ');
// A hidden form field's value in a page.
const hidden = (html, name) => html.match(new RegExp(`name="${name}" value="([^"]*)"`))[1];
// A urlencoded form body with its headers.
function form(fields) {
  const body = new URLSearchParams(fields).toString();
  return { body, headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) } };
}

module.exports = {
  ROOT, BIN, FIXTURES, SAMPLES, GROUP_A, haveFixtures, tmpdir, run, load, cloneRows, token,
  serve, stop, request, bearer, pkce, cookies, hidden, form,
};
