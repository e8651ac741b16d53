// A real OpenID Connect provider for the single sign-on tests and `make sso-demo` (the npm oidc-provider package,
// a certified implementation). Nothing here is used in production.
//
//   node scripts/oidc_provider.mjs --port 9000 --redirect-uri http://127.0.0.1:8000/accounts/oidc/demo/login/callback/
//       [--post-logout-redirect-uri http://127.0.0.1:8000/accounts/login/] [--client-secret S]
//
// Prints "ready <issuer>" once listening. Its sign-in page (GET /interaction/<uid>) asks for any email address, with
// a box for "email verified" and one for "signed in with a second factor" (amr ["pwd", "mfa"]); the tests post that
// form directly. Besides the client "bct-portal", a few clients misbehave on purpose, to test the portal's checks:
//   bct-portal-wrong-aud   the ID token names another audience
//   bct-portal-expired     the ID token expired an hour ago
//   bct-portal-bad-sig     the ID token is signed with a key the provider never published
// (each re-signs the token the provider issued, so only the one property differs).
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';

import Provider from 'oidc-provider';
import { SignJWT, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '9000' },
    host: { type: 'string', default: '127.0.0.1' },
    'redirect-uri': { type: 'string', multiple: true, default: [] },
    'post-logout-redirect-uri': { type: 'string', multiple: true, default: [] },
    'client-secret': { type: 'string', default: 'bct-portal-test-secret' },
  },
});

const issuer = `http://${args.host}:${args.port}`;
const signing = await generateKeyPair('RS256', { extractable: true });
const rogue = await generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await exportJWK(signing.privateKey)), kid: 'bct-test-key', alg: 'RS256', use: 'sig' };

const TAMPER = {
  'bct-portal-wrong-aud': (claims) => ({ ...claims, aud: 'someone-else' }),
  'bct-portal-expired': (claims) => ({ ...claims, iat: claims.iat - 7200, exp: claims.iat - 3600 }),
  'bct-portal-bad-sig': (claims) => claims,
};

const client = (clientId) => ({
  client_id: clientId,
  client_secret: args['client-secret'],
  redirect_uris: args['redirect-uri'],
  post_logout_redirect_uris: args['post-logout-redirect-uri'],
  grant_types: ['authorization_code'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_post',
});

// Who signed in, as the sign-in form said: the email is the account id.
const people = new Map();

const provider = new Provider(issuer, {
  clients: ['bct-portal', ...Object.keys(TAMPER)].map(client),
  jwks: { keys: [jwk] },
  cookies: { keys: [randomUUID()] },
  claims: { openid: ['sub', 'acr', 'amr', 'auth_time'], email: ['email', 'email_verified'], profile: ['name'] },
  scopes: ['openid', 'email', 'profile'],
  features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    const person = people.get(sub) || { email: sub, verified: true };
    return {
      accountId: sub,
      async claims() {
        return { sub, email: person.email, email_verified: person.verified, name: person.email.split('@')[0] };
      },
    };
  },
});

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function form(ctx) {
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  ctx.type = 'html';
  ctx.body = `<!doctype html><html lang="en"><head><title>Test identity provider</title></head><body>
<h1>Test identity provider</h1><p>Signing in to ${escape(details.params.client_id)}.</p>
<form method="post" action="/interaction/${escape(details.uid)}/login">
<p><label for="email">Email address</label> <input id="email" name="email" type="email" required></p>
<p><input id="verified" name="email_verified" type="checkbox" value="true" checked>
<label for="verified">The provider has verified this address</label></p>
<p><input id="mfa" name="mfa" type="checkbox" value="true">
<label for="mfa">Signed in with a second factor (amr mfa)</label></p>
<button type="submit">Sign in</button></form></body></html>`;
}

async function readForm(req) {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  return new URLSearchParams(raw);
}

async function login(ctx) {
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  const body = await readForm(ctx.req);
  const email = (body.get('email') || '').trim();
  if (!email) {
    ctx.status = 400;
    ctx.body = 'email required';
    return;
  }
  people.set(email, { email, verified: body.get('email_verified') === 'true' });
  const grant = new provider.Grant({ accountId: email, clientId: details.params.client_id });
  grant.addOIDCScope('openid email profile');
  const grantId = await grant.save();
  const amr = body.get('mfa') === 'true' ? ['pwd', 'mfa'] : ['pwd'];
  await provider.interactionFinished(ctx.req, ctx.res, {
    login: { accountId: email, amr },
    consent: { grantId },
  }, { mergeWithLastSubmission: false });
}

async function tamper(ctx) {
  const body = ctx.body;
  if (!body || typeof body !== 'object' || typeof body.id_token !== 'string') return;
  const claims = decodeJwt(body.id_token);
  const change = TAMPER[claims.aud];
  if (!change) return;
  const key = claims.aud === 'bct-portal-bad-sig' ? rogue.privateKey : signing.privateKey;
  const header = decodeProtectedHeader(body.id_token);
  body.id_token = await new SignJWT(change(claims)).setProtectedHeader(header).sign(key);
}

provider.use(async (ctx, next) => {
  const match = ctx.path.match(/^\/interaction\/([^/]+)(\/login)?$/);
  if (match && ctx.method === 'GET' && !match[2]) return form(ctx);
  if (match && ctx.method === 'POST' && match[2]) return login(ctx);
  await next();
  if (ctx.path === '/token' && ctx.method === 'POST') await tamper(ctx);
  return undefined;
});

const server = provider.listen(Number(args.port), args.host, () => {
  console.log(`ready ${issuer}`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
