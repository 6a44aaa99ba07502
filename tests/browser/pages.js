'use strict';
// Every page type the browser tests check. To cover a new page, add one entry here and
// its name with a Dutch label to src/static/checked-pages.json (the accessibility
// statement lists what is checked from that file; see listedInStatement below):
//
//   {
//     name: 'kebab-case-name',      // used for screenshots and HTML files
//     path: '/some/path'            // or an async (page) => path that finds it by navigating
//     user: 'griffie',              // optional: a demo user from lib.js USERS; default anonymous
//     setup: async (page) => {},    // optional: after loading path, e.g. submit an invalid form
//     status: 200,                  // optional: the HTTP status of the final page; default 200
//     expect: '.error-summary',     // optional: a selector that must be on the final page
//     ownBrowser: true,             // optional: a fresh browser, for entries that sign someone up
//   }
//
// Each entry is checked with axe-core at 1280 and 375 px, screenshotted at both widths,
// checked for horizontal scrolling at 320 px and for scripts, and its HTML as served is
// validated with the Nu Html Checker.

const { USERS, logIn, mailedConfirmLink, mailedLink, newContext, totpCode } = require('./lib');

/** Finds a link by its accessible name on `from`. */
function linkOn(from, name) {
  return async (page) => {
    await page.goto(from);
    return page.getByRole('link', { name, exact: true }).first().getAttribute('href');
  };
}

/** Follows links by name, one after the other, starting at `from`. */
function followLinks(from, ...names) {
  return async (page) => {
    let href = from;
    for (const name of names) {
      await page.goto(href);
      href = await page.locator('main').getByRole('link', { name, exact: true }).first().getAttribute('href');
    }
    return href;
  };
}

/** Fills the fields (`#id` → value) of the form in main and submits it with `button`. */
function submitForm(values = {}, button = 'main form button[type="submit"]') {
  return async (page) => {
    for (const [selector, value] of Object.entries(values)) {
      await page.fill(selector, value);
    }
    await Promise.all([page.waitForNavigation(), page.click(button)]);
  };
}

/**
 * Asks for a "wachtwoord vergeten" link for `email` and returns it from the mail. Only
 * opening and a refused form are checked, so the demo account keeps its password.
 */
function resetLink(email) {
  return async (page) => {
    await page.goto('/account/wachtwoord-vergeten');
    await submitForm({ '#email': email })(page);
    return mailedLink(email, /\/account\/nieuw-wachtwoord\/[A-Za-z0-9._~-]+/);
  };
}

const TWO_FACTOR_PASSWORD = 'een wachtwoord met een tweede stap';

/** Makes and confirms a new account in this browser (which is then logged in); its address. */
async function confirmedAccount(page, label) {
  const email = `${label}-${Date.now()}@voorbeeld.example`;
  await page.goto('/account/registreren');
  await submitForm({
    '#display_name': 'Inwoner Met App',
    '#email': email,
    '#password': TWO_FACTOR_PASSWORD,
    '#password_confirmation': TWO_FACTOR_PASSWORD,
  })(page);
  await page.goto(await mailedLink(email, /\/account\/bevestigen\/[A-Za-z0-9._~-]+/));
  await submitForm()(page);
  return email;
}

/** On the two-factor page: starts the set-up and turns it on with the app's code. */
async function turnOnTwoFactor(page) {
  await submitForm({}, 'main form[action="/account/tweestapsverificatie/instellen"] button[type="submit"]')(page);
  const secret = await page.locator('main code.secret').innerText();
  await submitForm({ '#code': totpCode(secret), '#totp_password': TWO_FACTOR_PASSWORD })(page);
}

/** A new account with two-factor authentication, logged out and back in up to the code page. */
async function loginCodePage(page) {
  const email = await confirmedAccount(page, 'met-code');
  await page.goto('/account/tweestapsverificatie');
  await turnOnTwoFactor(page);
  await page.context().clearCookies();
  await page.goto('/account/inloggen');
  await submitForm({ '#email': email, '#password': TWO_FACTOR_PASSWORD })(page);
  return '/account/inloggen/code';
}

/**
 * Asks on the account page of `user` (logged in) for a new address and returns the link
 * mailed to it. The link is only opened, so the account keeps its address.
 */
function addressChangeLink(user) {
  return async (page) => {
    const email = `nieuw-adres-${Date.now()}@voorbeeld.example`;
    await page.goto('/account');
    await submitForm({ '#new_email': email, '#email_password': USERS[user].password }, 'main form[action="/account/e-mailadres"] button[type="submit"]')(page);
    return mailedLink(email, /\/account\/e-mailadres\/bevestigen\/[A-Za-z0-9._~-]+/);
  };
}

/**
 * Signs a position of the open demo round with a new address and a four-digit postcode,
 * and returns the confirmation link from the mail. Listed before the griffie's review of
 * held support: that one sends 61 signatures from this network, after which new ones are
 * held without a mail.
 */
function newSupportLink(label) {
  return async (page) => {
    await page.goto(await followLinks('/consultaties', 'Beleidsnotitie Ontmoetingsplekken', 'Laat bewoners De Schakel zelf beheren', 'Steun dit standpunt')(page));
    const email = `${label}-${Date.now()}@voorbeeld.example`;
    await page.fill('#display_name', 'Browsertest');
    await page.fill('#email', email);
    await page.fill('#postcode', '7411');
    await page.check('#consent');
    await Promise.all([page.waitForNavigation(), page.click('main form[action^="/steun/"] button[type="submit"]')]);
    return mailedConfirmLink(email);
  };
}

/** The public nota van beantwoording of the demo's closed round. */
const NOTA = followLinks('/consultaties', 'Speelruimteplan 2027', 'Lees de nota van beantwoording');
/** The griffie's desk for that nota. */
const DESK = followLinks('/griffie', 'Speelruimteplan 2027', 'Nota van beantwoording');

// Organisations: besides the demo organisations, the demo resident registers one through
// the form the first time an entry needs it (so that form is covered too) and becomes its
// secretary; the entries below then invite and add the other demo users to it.
const DEMO_ORGANISATION = 'Buurtplatform Kastanjelaan';

/** The profile path of the demo organisation, registered by the user of `page` if missing. */
async function demoOrganisation(page) {
  await page.goto('/organisaties');
  const link = page.locator('main').getByRole('link', { name: DEMO_ORGANISATION, exact: true });
  if ((await link.count()) > 0) return link.first().getAttribute('href');
  await page.goto('/organisaties/nieuw');
  await page.fill('#name', DEMO_ORGANISATION);
  await page.selectOption('#kind', 'bewonersplatform');
  await page.fill('#district', 'Kastanjelaan en omgeving');
  await page.fill('#website', 'https://kastanjelaan.example');
  await page.fill('#description', 'Wij zijn de bewoners van de Kastanjelaan.\nWe praten mee over groen, spelen en verkeer.');
  await Promise.all([page.waitForNavigation(), page.click('main form button[type="submit"]')]);
  return new URL(page.url()).pathname;
}

/** The admin's page for the demo council's single sign-on (the admin is logged in). */
async function councilSignInSettings(page) {
  await page.goto('/beheer');
  return page.locator('main a[href$="/inloggen"]').first().getAttribute('href');
}

/** Runs `work(page)` in a fresh context logged in as the demo user `role`. */
async function asUser(page, role, work) {
  const context = await newContext(page.context().browser());
  try {
    await logIn(context, role);
    return await work(await context.newPage());
  } finally {
    await context.close();
  }
}

/**
 * The path of an open invitation of the demo organisation for the demo user `role`,
 * sent by its secretary (the demo resident) if there is none yet.
 */
function invitationFor(role) {
  const email = USERS[role].email;
  return (page) =>
    asUser(page, 'inwoner', async (secretary) => {
      const members = `${await demoOrganisation(secretary)}/leden`;
      await secretary.goto(members);
      const name = `Uitnodigingslink voor ${email}`;
      if ((await secretary.getByRole('link', { name, exact: true }).count()) === 0) {
        await secretary.fill('#invite_email', email);
        await secretary.selectOption('#invite_role', 'editor');
        await Promise.all([
          secretary.waitForNavigation(),
          secretary.click('main form[action$="/uitnodigingen"] button[type="submit"]'),
        ]);
      }
      return secretary.getByRole('link', { name, exact: true }).first().getAttribute('href');
    });
}

/** The members page of the demo organisation, after the demo moderator joined as editor. */
async function membersWithAnEditor(page) {
  const profile = await demoOrganisation(page);
  await page.goto(`${profile}/leden`);
  if (!(await page.locator('main .card-list').getByText(USERS.moderator.email).count())) {
    const link = await invitationFor('moderator')(page);
    await asUser(page, 'moderator', async (moderator) => {
      await moderator.goto(link);
      await Promise.all([moderator.waitForNavigation(), moderator.click('main form button[type="submit"]')]);
    });
  }
  return `${profile}/leden`;
}

/**
 * The griffie's review page of the open demo consultation with held support: the first
 * time, 61 signatures from this browser's network, of which the last is held.
 */
async function heldSupport(page) {
  const review = await followLinks('/griffie', 'Beleidsnotitie Ontmoetingsplekken', 'Steunbetuigingen')(page);
  await page.goto(review);
  if ((await page.locator('main form button[value="void"]').count()) > 0) return review;
  const reaction = await followLinks('/consultaties', 'Beleidsnotitie Ontmoetingsplekken', 'Laat bewoners De Schakel zelf beheren')(page);
  await page.goto(reaction);
  const sign = await page.locator('main .support-link a').first().getAttribute('href');
  await page.goto(sign);
  const token = await page.locator('main input[name="csrf_token"]').first().inputValue();
  for (let n = 0; n < 61; n++) {
    const response = await page.request.post(sign, {
      form: { csrf_token: token, display_name: 'Buur', email: `buur${n}@browsertest.example`, postcode: '1234 AB', consent: '1', website: '' },
      maxRedirects: 0,
    });
    if (response.status() !== 200) throw new Error(`signing answered ${response.status()}`);
  }
  return review;
}

const PAGES = [
  // Public pages
  { name: 'home', path: '/' },
  { name: 'consultaties', path: '/consultaties' },
  {
    name: 'consultatie-open',
    path: async (page) => {
      await page.goto('/consultaties');
      return page.locator('h2:text-is("Open voor reacties") + ul a').first().getAttribute('href');
    },
    expect: '.badge--open',
  },
  { name: 'consultatie-gesloten', path: linkOn('/consultaties', 'Speelruimteplan 2027'), expect: '.badge--closed' },
  { name: 'huisregels', path: '/huisregels' },
  { name: 'privacy', path: '/privacy' },
  { name: 'toegankelijkheid', path: '/toegankelijkheid' },
  { name: 'niet-gevonden', path: '/deze-pagina-bestaat-niet', status: 404 },

  // Accounts
  { name: 'inloggen', path: '/account/inloggen' },
  {
    name: 'inloggen-fout',
    path: '/account/inloggen',
    // One wrong password only: log-in is throttled after five.
    setup: submitForm({ '#email': 'inwoner@lindeveld.example', '#password': 'dit-is-niet-het-wachtwoord' }),
    status: 422,
    expect: '.error-summary',
  },
  { name: 'registreren', path: '/account/registreren' },
  { name: 'inloggen-ontgrendeld', path: '/account/inloggen?melding=ontgrendeld', expect: 'main p.notice[role="status"]' },
  { name: 'ontgrendelen-verlopen', path: '/account/ontgrendelen/verlopen.00000000000000000000000000000000', expect: 'main a[href="/account/inloggen"]' },
  { name: 'registreren-fout', path: '/account/registreren', setup: submitForm(), status: 422, expect: '.error-summary' },
  { name: 'wachtwoord-vergeten', path: '/account/wachtwoord-vergeten' },
  {
    name: 'wachtwoord-vergeten-fout',
    path: '/account/wachtwoord-vergeten',
    setup: submitForm({ '#email': 'inwoner@' }),
    status: 422,
    expect: '.error-summary',
  },
  {
    // The same page for an address without an account.
    name: 'wachtwoord-vergeten-verstuurd',
    path: '/account/wachtwoord-vergeten',
    setup: submitForm({ '#email': 'niemand@voorbeeld.example' }),
    expect: 'main p.notice[role="status"]',
  },
  { name: 'nieuw-wachtwoord', path: resetLink('moderator@lindeveld.example'), expect: 'main form #password_confirmation' },
  {
    name: 'nieuw-wachtwoord-fout',
    path: resetLink('moderator@lindeveld.example'),
    setup: submitForm({ '#password': 'kort', '#password_confirmation': 'kort' }),
    status: 422,
    expect: '.error-summary',
  },
  { name: 'nieuw-wachtwoord-verlopen', path: '/account/nieuw-wachtwoord/verlopen.00000000000000000000000000000000', status: 404, expect: 'main a[href="/account/wachtwoord-vergeten"]' },
  { name: 'inloggen-nieuw-wachtwoord', path: '/account/inloggen?melding=nieuw-wachtwoord', expect: 'main p.notice[role="status"]' },
  { name: 'account', path: '/account', user: 'inwoner' },
  {
    name: 'e-mailadres-fout',
    path: '/account',
    user: 'inwoner',
    setup: submitForm({ '#new_email': 'inwoner@' }, 'main form[action="/account/e-mailadres"] button[type="submit"]'),
    status: 422,
    expect: '.error-summary',
  },
  { name: 'e-mailadres-bevestigen', path: addressChangeLink('moderator'), user: 'moderator', expect: 'main form button[type="submit"]' },
  { name: 'e-mailadres-verlopen', path: '/account/e-mailadres/bevestigen/verlopen.00000000000000000000000000000000', status: 404, expect: 'main .error-summary' },
  { name: 'e-mailadres-terugzetten-verlopen', path: '/account/e-mailadres/terugzetten/verlopen.00000000000000000000000000000000', status: 404, expect: 'main .error-summary' },
  { name: 'tweestapsverificatie-uit', path: '/account/tweestapsverificatie', user: 'raadslid', expect: 'main form[action="/account/tweestapsverificatie/instellen"]' },
  {
    name: 'tweestapsverificatie-instellen',
    path: '/account/tweestapsverificatie',
    user: 'moderator',
    setup: submitForm({}, 'main form[action="/account/tweestapsverificatie/instellen"] button[type="submit"]'),
    expect: 'main svg.qr-code',
  },
  {
    // The set-up page with a wrong code (the moderator's set-up waits from the entry above).
    name: 'tweestapsverificatie-fout',
    path: '/account/tweestapsverificatie',
    user: 'moderator',
    setup: submitForm({ '#code': '000000', '#totp_password': USERS.moderator.password }),
    status: 422,
    expect: '.error-summary',
  },
  {
    name: 'herstelcodes',
    ownBrowser: true,
    path: async (page) => {
      await confirmedAccount(page, 'herstel');
      return '/account/tweestapsverificatie';
    },
    setup: turnOnTwoFactor,
    expect: 'main ul.recovery-codes',
  },
  {
    name: 'tweestapsverificatie-aan',
    ownBrowser: true,
    path: async (page) => {
      await confirmedAccount(page, 'aan');
      await page.goto('/account/tweestapsverificatie');
      await turnOnTwoFactor(page);
      return '/account/tweestapsverificatie';
    },
    expect: 'main form[action="/account/tweestapsverificatie/herstelcodes"]',
  },
  { name: 'inloggen-code', ownBrowser: true, path: loginCodePage, expect: 'main form #code' },
  {
    // A new clerk without two-factor authentication: the griffie waits, every page says so.
    name: 'medewerker-zonder-tweede-stap',
    ownBrowser: true,
    path: async (page) => {
      const email = await confirmedAccount(page, 'nieuwe-griffier');
      await asUser(page, 'beheer', async (admin) => {
        await admin.goto(`/beheer/gebruikers?q=${encodeURIComponent(email)}`);
        await admin.selectOption('main form.role-form select[name="council_id"]', { label: 'Gemeente Lindeveld' });
        await admin.selectOption('main form.role-form select[name="role"]', 'clerk');
        await submitForm({}, 'main form.role-form button[type="submit"]')(admin);
      });
      return '/';
    },
    expect: 'main .notice--attention a[href="/account/tweestapsverificatie"]',
  },
  {
    name: 'inloggen-code-fout',
    ownBrowser: true,
    path: loginCodePage,
    setup: submitForm({ '#code': '000000' }),
    status: 422,
    expect: '.error-summary',
  },
  // The demo resident is the secretary of De Horst: the page says to hand over first.
  { name: 'account-verwijderen-geblokkeerd', path: '/account/verwijderen', user: 'inwoner', expect: 'main .error-summary' },
  {
    name: 'account-verwijderen-fout',
    path: '/account/verwijderen',
    user: 'raadslid',
    setup: submitForm({ '#delete_password': 'niet het wachtwoord' }),
    status: 422,
    expect: '.error-summary',
  },
  {
    // A new account: the page says to look in the mailbox, the same for a known address.
    name: 'account-nieuw',
    ownBrowser: true,
    path: '/account/registreren',
    setup: submitForm({
      '#display_name': 'Nieuwe Inwoner',
      '#email': `nieuw-${Date.now()}@voorbeeld.example`,
      '#password': 'een lang genoeg wachtwoord',
      '#password_confirmation': 'een lang genoeg wachtwoord',
    }),
    expect: 'main p.notice[role="status"]',
  },
  { name: 'geen-toegang', path: '/griffie', user: 'inwoner', status: 403 },

  // Griffie
  { name: 'griffie', path: '/griffie', user: 'griffie' },
  { name: 'consultatie-nieuw', path: '/griffie/lindeveld/consultaties/nieuw', user: 'griffie' },
  {
    name: 'consultatie-nieuw-fout',
    path: '/griffie/lindeveld/consultaties/nieuw',
    user: 'griffie',
    setup: submitForm({}, 'main form button[value="save"]'),
    status: 422,
    expect: '.error-summary',
  },
  {
    name: 'consultatie-beheren',
    path: linkOn('/griffie', 'Beleidsnotitie Ontmoetingsplekken'),
    user: 'griffie',
  },
  {
    name: 'consultatie-bewerken',
    path: followLinks('/griffie', 'Beleidsnotitie Ontmoetingsplekken', 'Bewerken'),
    user: 'griffie',
  },
  {
    name: 'consultatie-openen',
    path: followLinks('/griffie', 'Toekomst van de bibliotheekvestigingen', 'Openzetten voor reacties'),
    user: 'griffie',
    expect: 'main input#code',
  },
  {
    name: 'consultatie-openen-fout',
    path: followLinks('/griffie', 'Toekomst van de bibliotheekvestigingen', 'Openzetten voor reacties'),
    user: 'griffie',
    setup: submitForm({ '#code': 'T-O' }),
    status: 422,
    expect: '.error-summary',
  },
  {
    name: 'consultatie-archiveren',
    path: followLinks('/griffie', 'Speelruimteplan 2027', 'Archiveren'),
    user: 'griffie',
    expect: 'main form[action$="/archiveren"]',
  },
  { name: 'commissies', path: '/griffie/lindeveld/commissies', user: 'griffie' },
  { name: 'commissie', path: linkOn('/griffie/lindeveld/commissies', 'Commissie Samenleving'), user: 'griffie' },

  // Beheer
  { name: 'beheer', path: '/beheer', user: 'beheer' },
  { name: 'gemeente-inloggen', path: councilSignInSettings, user: 'beheer', expect: 'main form #role_rules' },
  {
    name: 'gemeente-inloggen-fout',
    path: councilSignInSettings,
    user: 'beheer',
    setup: submitForm(
      { '#issuer_url': 'http://login.lindeveld.example', '#client_id': 'inspraak', '#role_rules': 'wethouder: groep college' },
      'main form[action$="/inloggen"] button[type="submit"]',
    ),
    status: 422,
    expect: '.error-summary',
  },
  { name: 'inloggen-via-gemeente-verlopen', path: '/account/inloggen/gemeente/terug?code=x&state=y', status: 400, expect: 'main .error-summary' },
  { name: 'gemeente-nieuw', path: '/beheer/gemeenten/nieuw', user: 'beheer' },
  { name: 'gebruikers', path: '/beheer/gebruikers?q=lindeveld', user: 'beheer', expect: 'main section.card' },
  { name: 'uitgaande-mail', path: '/beheer/mail', user: 'beheer' },
  { name: 'uitgaande-mail-verstuurd', path: '/beheer/mail?status=sent', user: 'beheer' },

  // Organisations (the first entry registers the demo organisation as the demo resident)
  { name: 'organisatie-nieuw', path: '/organisaties/nieuw', user: 'inwoner' },
  {
    name: 'organisatie-nieuw-fout',
    path: '/organisaties/nieuw',
    user: 'inwoner',
    setup: submitForm({ '#name': 'Buurtplatform', '#website': 'www.zonder-https.example' }),
    status: 422,
    expect: '.error-summary',
  },
  { name: 'organisatie', path: demoOrganisation, user: 'inwoner' },
  {
    // An organisation that wrote to Lindeveld, so Lindeveld's griffie may verify it.
    name: 'organisatie-griffie',
    path: linkOn('/organisaties', 'Stichting Buurtkracht Lindeveld-Oost'),
    user: 'griffie',
    expect: 'form[action$="/verificatie"]',
  },
  { name: 'organisatie-bewerken', path: async (page) => `${await demoOrganisation(page)}/bewerken`, user: 'inwoner' },
  { name: 'organisaties', path: '/organisaties', expect: 'main .card' },
  {
    name: 'organisatie-geverifieerd',
    path: linkOn('/organisaties', 'Bewonersplatform De Horst'),
    expect: 'main .badge--open',
  },
  { name: 'uitnodiging', path: invitationFor('raadslid'), user: 'raadslid', expect: 'main form button[type="submit"]' },
  { name: 'uitnodiging-inloggen', path: invitationFor('raadslid'), expect: 'main a[href^="/account/inloggen?terug="]' },
  { name: 'organisatie-leden', path: membersWithAnEditor, user: 'inwoner', expect: 'main form.role-form' },
  {
    name: 'organisatie-leden-lid',
    // The demo moderator joined in the entry above.
    path: async (page) => `${await demoOrganisation(page)}/leden`,
    user: 'moderator',
    expect: 'main form[action$="/verlaten"]',
  },
  // Reactions, receipts, verification and speaking at the meeting (demo data).
  { name: 'reactie-openbaar', path: followLinks('/consultaties', 'Beleidsnotitie Ontmoetingsplekken', 'Laat bewoners De Schakel zelf beheren') },
  { name: 'reactie-ingetrokken', path: followLinks('/consultaties', 'Beleidsnotitie Ontmoetingsplekken', 'Molenhuis niet sluiten'), expect: 'main .badge--archived' },
  {
    name: 'reactie-griffie',
    path: followLinks('/consultaties', 'Beleidsnotitie Ontmoetingsplekken', 'Denk aan wie geen auto heeft'),
    user: 'griffie',
  },
  { name: 'reactie-schrijven', path: followLinks('/consultaties', 'Beleidsnotitie Ontmoetingsplekken', 'Reactie schrijven'), user: 'inwoner' },
  {
    name: 'reactie-bewerken',
    path: followLinks('/account', 'Aanvulling: openingstijden in de zomer', 'Bewerken'),
    user: 'inwoner',
  },
  {
    name: 'reactie-bewerken-fout',
    path: followLinks('/account', 'Aanvulling: openingstijden in de zomer', 'Bewerken'),
    user: 'inwoner',
    setup: submitForm({ '#title': '' }),
    status: 422,
    expect: '.error-summary',
  },
  { name: 'reactie-indienen', path: followLinks('/account', 'Aanvulling: openingstijden in de zomer', 'Indienen'), user: 'inwoner' },
  { name: 'reactie-versies', path: followLinks('/account', 'Aanvulling: openingstijden in de zomer', 'Versies'), user: 'inwoner' },
  {
    name: 'ontvangstbevestiging',
    path: followLinks('/account', 'Laat bewoners De Schakel zelf beheren', 'Ontvangstbevestiging'),
    user: 'inwoner',
  },
  {
    name: 'reactie-intrekken',
    path: followLinks('/account', 'Laat bewoners De Schakel zelf beheren', 'Reactie intrekken'),
    user: 'inwoner',
    expect: 'main textarea#reason',
  },
  {
    name: 'reactie-controle',
    path: followLinks('/consultaties', 'Beleidsnotitie Ontmoetingsplekken', 'Laat bewoners De Schakel zelf beheren', 'Controleer'),
  },
  { name: 'logboek', path: followLinks('/consultaties', 'Beleidsnotitie Ontmoetingsplekken', 'Logboek van ontvangen reacties') },
  {
    name: 'inspreken',
    path: followLinks('/account', 'Laat bewoners De Schakel zelf beheren', 'Aanmelden om in te spreken'),
    user: 'inwoner',
  },
  {
    name: 'sprekerslijst',
    path: followLinks('/griffie', 'Beleidsnotitie Ontmoetingsplekken', 'Sprekerslijst'),
    user: 'griffie',
  },
  { name: 'beslispunt', path: followLinks('/consultaties', 'Beleidsnotitie Ontmoetingsplekken', '2. Beheer en exploitatie van wijkaccommodaties') },

  // Co-signing: the pages behind the mailed link (before the review of held support below).
  { name: 'steun-bevestigen', path: newSupportLink('bevestigen'), expect: 'main blockquote.position-quote + p + form[action^="/steun/bevestigen/"]' },
  {
    name: 'steun-bedankt',
    path: newSupportLink('bedankt'),
    setup: submitForm({}, 'main form[action^="/steun/bevestigen/"] button[type="submit"]'),
    expect: 'main .notice + h2 + blockquote.position-quote ~ ul a[href*="#standpunt-"]',
  },

  // Co-signing: the griffie's postcode table and its review of held support.
  { name: 'wijken', path: linkOn('/griffie', 'Wijken en postcodes'), user: 'griffie' },
  {
    name: 'wijken-fout',
    path: linkOn('/griffie', 'Wijken en postcodes'),
    user: 'griffie',
    // No file chosen.
    setup: submitForm(),
    status: 422,
    expect: '.error-summary',
  },
  {
    name: 'wijken-vervangen',
    path: linkOn('/griffie', 'Wijken en postcodes'),
    user: 'griffie',
    setup: async (page) => {
      await page.setInputFiles('#file', {
        name: 'wijken.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('postcode;wijk\n1234;De Horst\n1235 AB;Molenkwartier\n'),
      });
      await submitForm()(page);
    },
    expect: 'main .notice',
  },
  {
    name: 'steunbetuigingen',
    path: followLinks('/griffie', 'Beleidsnotitie Ontmoetingsplekken', 'Steunbetuigingen'),
    user: 'griffie',
  },
  { name: 'steunbetuigingen-vastgehouden', path: heldSupport, user: 'griffie', expect: 'main form button[value="approve"]' },
  {
    name: 'steunbetuigingen-fout',
    path: heldSupport,
    user: 'griffie',
    // Approving without a reason.
    setup: submitForm({}, 'main form button[value="approve"]'),
    status: 422,
    expect: '.error-summary',
  },
  // Co-signing (demo data has support on De Horst's positions).
  {
    name: 'steun',
    path: followLinks('/consultaties', 'Beleidsnotitie Ontmoetingsplekken', 'Laat bewoners De Schakel zelf beheren', 'Steun dit standpunt'),
  },
  {
    name: 'steun-fout',
    path: followLinks('/consultaties', 'Beleidsnotitie Ontmoetingsplekken', 'Laat bewoners De Schakel zelf beheren', 'Steun dit standpunt'),
    setup: submitForm({}, 'main form[action^="/steun/"] button[type="submit"]'),
    status: 422,
    expect: '.error-summary',
  },
  {
    name: 'steun-mailbox',
    path: followLinks('/consultaties', 'Beleidsnotitie Ontmoetingsplekken', 'Laat bewoners De Schakel zelf beheren', 'Steun dit scenario'),
    setup: async (page) => {
      await page.fill('#display_name', 'Browsertest');
      await page.fill('#email', `browsertest-${Date.now()}@voorbeeld.example`);
      await page.fill('#postcode', '7411 AB');
      await page.check('#consent');
      await Promise.all([page.waitForNavigation(), page.click('main form[action^="/steun/"] button[type="submit"]')]);
    },
  },
  {
    name: 'steun-namens-organisatie',
    path: followLinks('/consultaties', 'Beleidsnotitie Ontmoetingsplekken', 'Welzijnswerk hoort in elke wijk', 'Steun dit standpunt'),
    user: 'inwoner',
  },
  {
    name: 'steun-met-account',
    path: followLinks('/consultaties', 'Beleidsnotitie Ontmoetingsplekken', 'Laat bewoners De Schakel zelf beheren', 'Steun dit standpunt'),
    user: 'raadslid',
    // One-click first; another address folded away below it.
    expect: 'main form[action$="/account"]:has(#account-postcode) ~ details.disclosure:not([open])',
  },
  {
    name: 'steun-met-account-fout',
    path: followLinks('/consultaties', 'Beleidsnotitie Ontmoetingsplekken', 'Laat bewoners De Schakel zelf beheren', 'Steun dit standpunt'),
    user: 'raadslid',
    setup: submitForm({}, 'main form[action$="/account"] button[type="submit"]'),
    status: 422,
    expect: '.error-summary',
  },
  { name: 'account-bevestigen', path: '/account/bevestigen/link-uit-de-mail' },
  { name: 'steun-code', path: '/steun/code' },
  {
    // Signed in with a confirmed address: another address is folded away; its errors open it.
    name: 'steun-ander-adres-fout',
    path: followLinks('/consultaties', 'Beleidsnotitie Ontmoetingsplekken', 'Laat bewoners De Schakel zelf beheren', 'Steun dit standpunt'),
    user: 'raadslid',
    setup: async (page) => {
      await page.click('main details.disclosure > summary');
      await page.fill('main details #email', 'partner@voorbeeld.example');
      await page.fill('main details #postcode', '12');
      await Promise.all([page.waitForNavigation(), page.click('main details form button[type="submit"]')]);
    },
    status: 422,
    expect: 'main details.disclosure[open] #postcode-error',
  },
  { name: 'steun-bevestigen-ongeldig', path: '/steun/bevestigen/link-uit-de-mail', status: 404 },
  { name: 'steun-intrekken-ongeldig', path: '/steun/intrekken/link-uit-de-mail' },

  // Discussion threads and moderation.
  {
    name: 'discussie',
    path: followLinks('/consultaties', 'Beleidsnotitie Ontmoetingsplekken', 'Praat mee over deze inspraakronde'),
    expect: 'main .thread .post',
  },
  {
    name: 'discussie-ingelogd',
    path: followLinks('/consultaties', 'Beleidsnotitie Ontmoetingsplekken', 'Praat mee over deze inspraakronde'),
    user: 'inwoner',
    expect: 'main a[href$="/melden"]',
  },
  {
    name: 'discussie-fout',
    path: followLinks('/consultaties', 'Beleidsnotitie Ontmoetingsplekken', 'Praat mee over deze inspraakronde'),
    user: 'inwoner',
    setup: submitForm({}, 'main form[action$="/discussie"] button[type="submit"]'),
    status: 422,
    expect: '.error-summary',
  },
  {
    name: 'discussie-reactie',
    path: followLinks('/consultaties', 'Beleidsnotitie Ontmoetingsplekken', 'Laat bewoners De Schakel zelf beheren', 'Praat mee over deze reactie'),
  },
  {
    name: 'discussie-scenario',
    path: followLinks('/consultaties', 'Beleidsnotitie Ontmoetingsplekken', 'Laat bewoners De Schakel zelf beheren', 'Praat mee over dit scenario'),
    user: 'inwoner',
  },
  {
    name: 'bericht-reageren',
    path: followLinks('/consultaties', 'Beleidsnotitie Ontmoetingsplekken', 'Praat mee over deze inspraakronde', 'Reageren op Annelies de Vries'),
    user: 'inwoner',
  },
  {
    name: 'bericht-melden',
    path: followLinks('/consultaties', 'Beleidsnotitie Ontmoetingsplekken', 'Praat mee over deze inspraakronde', 'Melden (bericht van Gerrit Mulder)'),
    user: 'inwoner',
  },
  {
    name: 'bericht-verwijderen',
    path: followLinks('/consultaties', 'Beleidsnotitie Ontmoetingsplekken', 'Praat mee over deze inspraakronde', 'Verwijderen'),
    user: 'inwoner',
    expect: 'main button.button--danger',
  },
  { name: 'bericht-bevestigen-ongeldig', path: '/berichten/bevestigen/link-uit-de-mail', status: 404 },
  { name: 'moderatie', path: '/moderatie', user: 'moderator', expect: 'main .card' },
  {
    name: 'moderatie-bericht',
    path: followLinks('/moderatie', 'Beoordeel dit bericht van Zonnig Deal'),
    user: 'moderator',
    expect: 'main form input[name="action"]',
  },
  {
    name: 'moderatie-bericht-fout',
    path: followLinks('/moderatie', 'Beoordeel dit bericht van Gerrit Mulder'),
    user: 'moderator',
    setup: async (page) => {
      await page.check('#action-hide');
      await Promise.all([page.waitForNavigation(), page.click('main form button[type="submit"]')]);
    },
    status: 422,
    expect: '.error-summary',
  },
  { name: 'moderatielogboek', path: followLinks('/consultaties', 'Beleidsnotitie Ontmoetingsplekken', 'Moderatielogboek: alle besluiten van moderatoren') },
  { name: 'huisregels-bewerken', path: '/beheer/huisregels', user: 'beheer' },

  // Downloads and the griffie's list of incoming documents.
  { name: 'overzicht', path: followLinks('/consultaties', 'Beleidsnotitie Ontmoetingsplekken', 'Overzicht per beslispunt voor raadsleden'), expect: 'main svg.chart' },
  { name: 'overzicht-raadslid', path: followLinks('/consultaties', 'Beleidsnotitie Ontmoetingsplekken', 'Overzicht per beslispunt voor raadsleden'), user: 'raadslid', expect: 'main .written-contribution' },
  { name: 'downloads', path: followLinks('/consultaties', 'Beleidsnotitie Ontmoetingsplekken', 'Downloads (PDF, spreadsheet, CSV, JSON)') },
  {
    name: 'downloads-griffie',
    path: followLinks('/griffie', 'Beleidsnotitie Ontmoetingsplekken', 'Downloads en agendabundel'),
    user: 'griffie',
    expect: 'main a[href*="/export/volledig/"]',
  },
  {
    name: 'ingekomen-stukken',
    path: followLinks('/griffie', 'Beleidsnotitie Ontmoetingsplekken', 'Lijst ingekomen stukken'),
    user: 'griffie',
    expect: 'main select[name="handling"]',
  },
  {
    name: 'ingekomen-stukken-fout',
    path: followLinks('/griffie', 'Beleidsnotitie Ontmoetingsplekken', 'Lijst ingekomen stukken'),
    user: 'griffie',
    setup: submitForm({ '#agenda_item_1': 'x'.repeat(120) }),
    status: 422,
    expect: '.error-summary',
  },

  // The nota van beantwoording on the closed round, and the raad's decision.
  { name: 'nota-van-beantwoording', path: NOTA, expect: 'main .answer' },
  {
    name: 'reactie-beantwoord',
    path: async (page) => {
      await page.goto(await NOTA(page));
      return page.locator('main .answer__reactions a').first().getAttribute('href');
    },
    expect: 'main .answered',
  },
  { name: 'overzicht-beantwoord', path: followLinks('/consultaties', 'Speelruimteplan 2027', 'Overzicht per beslispunt voor raadsleden'), expect: 'main .data-table' },
  { name: 'beantwoording-schrijven', path: DESK, user: 'griffie', expect: 'main textarea#procedure' },
  {
    name: 'nota-publiceren',
    path: async (page) => `${await DESK(page)}/publiceren`,
    user: 'griffie',
    expect: 'main section.preview',
  },
  { name: 'antwoord-toevoegen', path: followLinks('/griffie', 'Speelruimteplan 2027', 'Nota van beantwoording', 'Antwoord toevoegen'), user: 'griffie', expect: 'main input[name="reaction"]' },
  {
    name: 'antwoord-toevoegen-fout',
    path: followLinks('/griffie', 'Speelruimteplan 2027', 'Nota van beantwoording', 'Antwoord toevoegen'),
    user: 'griffie',
    setup: submitForm({ '#reply': 'Alleen een antwoord, zonder reacties of conclusie.' }),
    status: 422,
    expect: '.error-summary',
  },
  { name: 'antwoord-wijzigen', path: followLinks('/griffie', 'Speelruimteplan 2027', 'Nota van beantwoording', 'Wijzigen antwoord 1'), user: 'griffie', expect: 'main input[name="reaction"]:checked' },
  { name: 'besluit-vastleggen', path: followLinks('/griffie', 'Speelruimteplan 2027', 'Besluit van de raad'), user: 'griffie', expect: 'main select[name="outcome"]' },
  {
    name: 'besluit-vastleggen-fout',
    path: followLinks('/griffie', 'Speelruimteplan 2027', 'Besluit van de raad'),
    user: 'griffie',
    setup: submitForm({ '#decision-url-1': 'geen webadres' }),
    status: 422,
    expect: '.error-summary',
  },
];

/**
 * The accessibility statement (/toegankelijkheid) lists the checked page types from
 * src/static/checked-pages.json; a page type missing there, listed there without a test
 * or named twice stops the suite, so the statement always says what is checked.
 */
function listedInStatement(pages) {
  const listed = require('../../src/static/checked-pages.json').groups.flatMap((group) => group.pages.map((page) => page.name));
  const names = pages.map((entry) => entry.name);
  const problems = [
    ...names.filter((name) => !listed.includes(name)).map((name) => `${name} is not in src/static/checked-pages.json`),
    ...listed.filter((name) => !names.includes(name)).map((name) => `${name} is in src/static/checked-pages.json but not tested`),
    ...names.filter((name, index) => names.indexOf(name) !== index).map((name) => `${name} is in pages.js twice`),
  ];
  if (problems.length > 0) throw new Error(problems.join('; '));
  return pages;
}

module.exports = listedInStatement(PAGES);
