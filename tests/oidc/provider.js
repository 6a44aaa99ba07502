'use strict';
// A real OpenID Provider for the single sign-on tests: panva/oidc-provider (OpenID
// Certified), on loopback, with the test council's client and a few staff accounts. The
// login and consent screens are skipped: the account is the one named in `login_hint`,
// as if that person had signed in at the council. Prints "listening <issuer>" when ready.
//
// Environment: CLIENT_ID, CLIENT_SECRET, REDIRECT_URI (the app's callback).
// Accounts whose tokens are made wrong on purpose, to test that the app refuses them:
//   andere-app: the ID token is issued (and signed with the provider's key) for another
//               client, so its audience is not the app's.

const http = require('node:http');

async function main() {
  const { default: Provider } = await import('oidc-provider');
  const server = http.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;

  const accounts = {
    griffier: { email: 'griffier@lindeveld.nl', name: 'Greet Griffier', groups: ['griffie'] },
    moderator: { email: 'moderator@lindeveld.nl', name: 'Mo de Rator', groups: ['inspraak-moderatie'] },
    raadslid: { email: 'r.lid@raad.lindeveld.nl', name: 'Rian Lid', groups: [] },
    buiten: { email: 'iemand@elders.example', name: 'Iemand Anders', groups: ['griffie-elders'] },
    'andere-app': { email: 'tweede@lindeveld.nl', name: 'Twee de Griffier', groups: ['griffie'] },
  };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: process.env.CLIENT_ID,
        client_secret: process.env.CLIENT_SECRET,
        redirect_uris: [process.env.REDIRECT_URI],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
      {
        client_id: 'andere-app',
        client_secret: 'een ander geheim dat lang genoeg is',
        redirect_uris: ['http://127.0.0.1/andere-app'],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    pkce: { required: () => true },
    // Scope claims go into the ID token itself (as Entra ID and Keycloak can be set to do).
    conformIdTokenClaims: false,
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'groups'],
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    ttl: { IdToken: 60 },
    async findAccount(ctx, id) {
      const account = accounts[id];
      if (!account) return undefined;
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: account.email, email_verified: true, name: account.name, groups: account.groups };
        },
      };
    },
  });

  provider.use(async (ctx, next) => {
    const interaction = ctx.path.match(/^\/interaction\/([^/]+)$/);
    if (interaction && ctx.method === 'GET') {
      const details = await provider.interactionDetails(ctx.req, ctx.res);
      const accountId = details.params.login_hint;
      if (!accounts[accountId]) {
        ctx.status = 400;
        ctx.body = `unknown test account ${accountId}`;
        return;
      }
      const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
      grant.addOIDCScope(details.params.scope);
      const grantId = await grant.save();
      ctx.respond = false;
      await provider.interactionFinished(
        ctx.req,
        ctx.res,
        { login: { accountId }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    await next();
    if (ctx.path === '/token' && ctx.body && ctx.body.id_token) {
      const claims = JSON.parse(Buffer.from(ctx.body.id_token.split('.')[1], 'base64url'));
      if (claims.sub === 'andere-app') {
        const other = await provider.Client.find('andere-app');
        const token = new provider.IdToken({ sub: claims.sub }, { ctx, client: other });
        for (const [key, value] of Object.entries(claims)) {
          if (!['iss', 'aud', 'exp', 'iat', 'azp'].includes(key)) token.set(key, value);
        }
        ctx.body = { ...ctx.body, id_token: await token.issue({ use: 'idtoken' }) };
      }
    }
  });

  server.on('request', provider.callback());
  console.log(`listening ${issuer}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
