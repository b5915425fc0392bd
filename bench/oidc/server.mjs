// bench/oidc/server.mjs PORT: oidc-provider 8.x set up as bench/oauth compares it with
// bluebutton: its in-memory adapter over an unbounded Map (the default store keeps only
// 1,000 entries), PKCE required (S256 only), opaque tokens, refresh tokens rotated on every
// use, one confidential client ("bench", HTTP Basic) with redirect URI http://127.0.0.1/cb,
// introspection and revocation on. No id_token is asked for (bluebutton issues none).
//
// Besides the provider's own endpoints (/token, /token/introspection), POST
// /mint?kind=code|refresh|access&n=N[&verifier=V] mints N values the way a finished
// authorization would (one grant per value) and answers them one per line: what bench/oauth
// then spends. The client secret is read from BENCH_SECRET.
import http from 'node:http';
import crypto from 'node:crypto';
import Provider from 'oidc-provider';
import { setStorage } from 'oidc-provider/lib/adapters/memory_adapter.js';

const port = Number(process.argv[2]);
const secret = process.env.BENCH_SECRET;
if (!port || !secret) {
  console.error('usage: BENCH_SECRET=S node server.mjs PORT');
  process.exit(2);
}
const SCOPES = ['offline_access', 'profile', 'patient/Patient.read', 'patient/Coverage.read',
  'patient/ExplanationOfBenefit.read'];
const REDIRECT = 'http://127.0.0.1/cb';

setStorage(new Map());
const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    client_id: 'bench',
    client_secret: secret,
    redirect_uris: [REDIRECT],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  scopes: ['openid', ...SCOPES],
  features: {
    devInteractions: { enabled: false },
    introspection: { enabled: true },
    revocation: { enabled: true },
  },
  pkce: { methods: ['S256'], required: () => true },
  rotateRefreshToken: true,
  ttl: { AccessToken: 3600, AuthorizationCode: 60, RefreshToken: 400 * 86400, Grant: 400 * 86400 },
  findAccount: async (ctx, id) => ({ accountId: id, claims: async () => ({ sub: id }) }),
});
provider.on('server_error', (ctx, err) => console.error('server_error', err));

async function mint(kind, n, verifier) {
  const client = await provider.Client.find('bench');
  const scope = SCOPES.join(' ');
  const challenge = verifier &&
    crypto.createHash('sha256').update(verifier).digest('base64url');
  const out = [];
  for (let i = 0; i < n; i += 1) {
    const accountId = `bench-${i}`;
    const grant = new provider.Grant({ accountId, clientId: 'bench' });
    grant.addOIDCScope(scope);
    const grantId = await grant.save();
    const common = { accountId, client, grantId, scope };
    let token;
    if (kind === 'code') {
      token = new provider.AuthorizationCode({
        ...common, redirectUri: REDIRECT, codeChallenge: challenge, codeChallengeMethod: 'S256',
      });
    } else if (kind === 'refresh') {
      token = new provider.RefreshToken({ ...common, gty: 'authorization_code' });
    } else {
      token = new provider.AccessToken({ ...common, gty: 'authorization_code' });
    }
    out.push(await token.save());
  }
  return out;
}

const handler = provider.callback();
http.createServer((req, res) => {
  if (!req.url.startsWith('/mint?')) {
    handler(req, res);
    return;
  }
  const q = new URL(req.url, 'http://x').searchParams;
  const kind = q.get('kind');
  const n = Number(q.get('n'));
  if (!['code', 'refresh', 'access'].includes(kind) || !(n > 0) ||
      (kind === 'code' && !q.get('verifier'))) {
    res.writeHead(400).end('mint: kind=code|refresh|access, n>0 and, for codes, verifier\n');
    return;
  }
  mint(kind, n, q.get('verifier')).then((values) => {
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`${values.join('\n')}\n`);
  }, (err) => {
    res.writeHead(500).end(`${err.stack}\n`);
  });
}).listen(port, '127.0.0.1', () => console.log(`listening on 127.0.0.1:${port}`));
