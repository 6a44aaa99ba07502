'use strict';
// Every page type the browser tests check. To cover a new page, add one entry:
//
//   {
//     name: 'kebab-case-name',      // used for screenshots and HTML files
//     path: '/some/path'            // or an async (page) => path that finds it by navigating
//     user: 'griffie',              // optional: a demo user from lib.js USERS; default anonymous
//     setup: async (page) => {},    // optional: after loading path, e.g. submit an invalid form
//     status: 200,                  // optional: the HTTP status of the final page; default 200
//     expect: '.error-summary',     // optional: a selector that must be on the final page
//   }
//
// Each entry is checked with axe-core at 1280 and 375 px, screenshotted at both widths,
// checked for horizontal scrolling at 320 px and for scripts, and its HTML as served is
// validated with the Nu Html Checker.

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

module.exports = [
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
  { name: 'registreren-fout', path: '/account/registreren', setup: submitForm(), status: 422, expect: '.error-summary' },
  { name: 'account', path: '/account', user: 'inwoner' },
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
  { name: 'commissies', path: '/griffie/lindeveld/commissies', user: 'griffie' },
  { name: 'commissie', path: linkOn('/griffie/lindeveld/commissies', 'Commissie Samenleving'), user: 'griffie' },

  // Beheer
  { name: 'beheer', path: '/beheer', user: 'beheer' },
  { name: 'gemeente-nieuw', path: '/beheer/gemeenten/nieuw', user: 'beheer' },
  { name: 'gebruikers', path: '/beheer/gebruikers?q=lindeveld', user: 'beheer', expect: 'main section.card' },
  { name: 'uitgaande-mail', path: '/beheer/mail', user: 'beheer' },
  { name: 'uitgaande-mail-verstuurd', path: '/beheer/mail?status=sent', user: 'beheer' },
];
