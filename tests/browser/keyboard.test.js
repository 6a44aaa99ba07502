'use strict';
// Keyboard only: these flows use page.keyboard and nothing else to act on the page (no
// click, no fill). page.goto opens a start page and page.evaluate only reads. The pages run
// with their real CSP.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');

const { USERS, focused, launchBrowser, mailedLink, newContext, sendStaffCode, tabTo, totpCode } = require('./lib');

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

/** Fails unless the focused element shows a focus indicator (WCAG 2.4.7). */
async function assertFocusVisible(page) {
  const style = await page.evaluate(() => {
    const el = document.activeElement;
    const css = getComputedStyle(el);
    return {
      element: `${el.tagName.toLowerCase()}#${el.id}`,
      outline: css.outlineStyle !== 'none' && parseFloat(css.outlineWidth) >= 2,
      shadow: css.boxShadow !== 'none',
    };
  });
  assert.ok(style.outline || style.shadow, `no visible focus indicator on ${style.element}`);
}

/** Presses Tab once and asserts the skip link has focus and is visible, then follows it. */
async function useSkipLink(page) {
  await page.keyboard.press('Tab');
  const link = await focused(page);
  assert.equal(link.text, 'Direct naar de inhoud', 'the first Tab stop is the skip link');
  assert.ok(link.visible, 'the skip link is visible when it has focus');
  await assertFocusVisible(page);
  await page.keyboard.press('Enter');
  const target = await focused(page);
  assert.equal(`${target.tag}#${target.id}`, 'main#inhoud', 'the skip link moves focus to main');
}

/** Tabs to `selector` in at most `max` presses, checks its focus ring, and types `text`. */
async function tabAndType(page, selector, text, max = 1) {
  const presses = await tabTo(page, selector, { max });
  assert.ok(presses <= max, `${selector} is the next Tab stop`);
  await assertFocusVisible(page);
  if (text !== undefined) await page.keyboard.type(text);
}

/** Logs in on the current page (the login form) with the keyboard, from the top. */
async function keyboardLogIn(page, user, submitKey) {
  await useSkipLink(page);
  await tabAndType(page, '#email', user.email);
  await tabAndType(page, '#password', user.password);
  await tabAndType(page, 'main button[type="submit"]');
  assert.equal((await focused(page)).text, 'Inloggen');
  await Promise.all([
    page.waitForURL((url) => url.pathname !== '/account/inloggen'),
    page.keyboard.press(submitKey),
  ]);
  if (user.code) {
    // Staff give the code from their app next.
    assert.equal(new URL(page.url()).pathname, '/account/inloggen/code');
    await sendStaffCode(page, async (codePage, code) => {
      await tabAndType(codePage, '#code', code, 20);
      await Promise.all([codePage.waitForNavigation(), codePage.keyboard.press('Enter')]);
    });
  }
}

test('log in with the keyboard only, from the top of the home page', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  try {
    await page.goto('/');
    // From the top: skip link, logo, menu ... until "Inloggen" in the menu.
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).text, 'Direct naar de inhoud');
    await tabTo(page, 'a[href="/account/inloggen"]', { max: 6 });
    await assertFocusVisible(page);
    await Promise.all([page.waitForURL('**/account/inloggen**'), page.keyboard.press('Enter')]);

    await keyboardLogIn(page, USERS.inwoner, 'Space');
    assert.equal(new URL(page.url()).pathname, '/');
    const menu = await page.locator('nav[aria-label="Hoofdmenu"]').innerText();
    assert.match(menu, /Mijn account/);
    assert.match(menu, /Uitloggen/);
    assert.doesNotMatch(menu, /Inloggen/);
  } finally {
    await context.close();
  }
});

/** A date `days` from today in Amsterdam, as [dd, mm, yyyy] and as the page writes it. */
function dayFromNow(days) {
  const date = new Date(Date.now() + days * 24 * 60 * 60 * 1000);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Amsterdam' })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  const long = new Intl.DateTimeFormat('nl-NL', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/Amsterdam',
  }).format(date);
  return { typed: `${parts.day}${parts.month}${parts.year}`, iso: `${parts.year}-${parts.month}-${parts.day}`, long };
}

test('as griffie, create a consultation with the keyboard only', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  try {
    await page.goto('/account/inloggen');
    await keyboardLogIn(page, USERS.griffie, 'Enter');

    await page.goto('/griffie/lindeveld/consultaties/nieuw');
    const title = 'Beleidsnotitie Groen in de wijk';
    const meeting = dayFromNow(40);
    const deadline = dayFromNow(30);

    await useSkipLink(page);
    // After main come the breadcrumbs (Home, Griffie), then the first field.
    await tabAndType(page, '#title', title, 3);
    await tabAndType(page, '#summary', 'De gemeente wil meer groen in elke wijk. Wat vindt u belangrijk?');
    await tabAndType(page, '#body_markdown', '# Inleiding\n\nMeer bomen, minder tegels.\n\n- Geveltuinen\n- Een park per wijk');
    await tabAndType(page, '#document_url', 'https://lindeveld.example/raad/groen');
    await tabAndType(page, '#policy_version');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('1.0 (raadsvoorstel groen)');
    // A closed select: typing the start of an option chooses it.
    await tabAndType(page, '#committee_id', 'Commissie Samenleving');
    // Date and time inputs: digits move from day to month to year; Tab leaves the input
    // after its last part (Chromium stops once more inside a date input).
    await tabAndType(page, '#meeting_date', meeting.typed);
    await tabAndType(page, '#meeting_time', '1930', 3);
    await tabAndType(page, '#deadline_date', deadline.typed, 3);
    await tabAndType(page, '#deadline_time', '1200', 3);
    // Past the three checkboxes for co-signing and the discussion.
    await tabAndType(page, '#point_title_1', 'Geveltuinen', 5);
    await tabAndType(page, '#point_body_1', 'Iedereen mag een geveltuin aanleggen.');

    const values = await page.evaluate(() => {
      const form = document.querySelector('main form');
      const data = Object.fromEntries(new FormData(form));
      data.committee = form.committee_id.selectedOptions[0].textContent;
      return data;
    });
    assert.equal(values.title, title);
    assert.equal(values.committee, 'Commissie Samenleving');
    assert.equal(values.meeting_date, meeting.iso);
    assert.equal(values.meeting_time, '19:30');
    assert.equal(values.deadline_date, deadline.iso);
    assert.equal(values.deadline_time, '12:00');
    assert.equal(values.policy_version, '1.0 (raadsvoorstel groen)');

    // Past "Nog een beslispunt toevoegen" to the main button.
    await tabAndType(page, 'main button[value="save"]', undefined, 6);
    assert.equal((await focused(page)).text, 'Opslaan als concept');
    await Promise.all([
      page.waitForURL((url) => /^\/griffie\/consultaties\/[^/]+$/.test(url.pathname)),
      page.keyboard.press('Enter'),
    ]);

    const main = await page.locator('main').innerText();
    assert.equal(await page.locator('h1').innerText(), title);
    assert.match(main, /Het concept is opgeslagen\. Alleen de griffie ziet het\./);
    assert.match(main, /Concept/);
    assert.ok(main.includes(`${meeting.long} om 19:30 uur`), `meeting date ${meeting.long} 19:30 on the page`);
    assert.ok(main.includes(`${deadline.long} om 12:00 uur`), `deadline ${deadline.long} 12:00 on the page`);
    assert.match(main, /Beslispunt 1: Geveltuinen/);
  } finally {
    await context.close();
  }
});

test('forgot the password: a new one with the keyboard only, by the mailed link', async () => {
  // Setup, not part of the flow: a new account (unconfirmed; the reset link confirms it).
  const email = `vergeten-${Date.now()}@voorbeeld.example`;
  const user = { email, password: 'een nieuw wachtwoord om te onthouden' };
  const setup = await newContext(browser);
  try {
    const page = await setup.newPage();
    await page.goto('/account/registreren');
    await page.fill('#display_name', 'Vergeetachtige Inwoner');
    await page.fill('#email', email);
    await page.fill('#password', 'het oude wachtwoord, kwijt');
    await page.fill('#password_confirmation', 'het oude wachtwoord, kwijt');
    await Promise.all([page.waitForNavigation(), page.click('main button[type="submit"]')]);
  } finally {
    await setup.close();
  }

  const context = await newContext(browser);
  const page = await context.newPage();
  try {
    await page.goto('/account/inloggen');
    await useSkipLink(page);
    await tabTo(page, 'main a[href="/account/wachtwoord-vergeten"]', { max: 6 });
    await assertFocusVisible(page);
    await Promise.all([page.waitForURL('**/account/wachtwoord-vergeten'), page.keyboard.press('Enter')]);

    await useSkipLink(page);
    await tabAndType(page, '#email', email);
    await tabAndType(page, 'main button[type="submit"]');
    await Promise.all([page.waitForURL('**/verstuurd'), page.keyboard.press('Enter')]);
    assert.match(await page.locator('main').innerText(), /Als er een account is met dit e-mailadres/);

    await page.goto(await mailedLink(email, /\/account\/nieuw-wachtwoord\/[A-Za-z0-9._~-]+/));
    await useSkipLink(page);
    await tabAndType(page, '#password', user.password);
    await tabAndType(page, '#password_confirmation', user.password);
    await tabAndType(page, 'main button[type="submit"]');
    assert.equal((await focused(page)).text, 'Wachtwoord opslaan');
    await Promise.all([page.waitForURL('**/account/inloggen?melding=nieuw-wachtwoord'), page.keyboard.press('Enter')]);
    assert.match(await page.locator('main p.notice').innerText(), /Uw nieuwe wachtwoord is opgeslagen/);

    // The notice has focus, so the next Tab stop is the address field.
    await tabAndType(page, '#email', user.email);
    await tabAndType(page, '#password', user.password);
    await tabAndType(page, 'main button[type="submit"]');
    await Promise.all([
      page.waitForURL((url) => url.pathname !== '/account/inloggen'),
      page.keyboard.press('Enter'),
    ]);
    assert.match(await page.locator('nav[aria-label="Hoofdmenu"]').innerText(), /Mijn account/);
  } finally {
    await context.close();
  }
});

test('my account with the keyboard only: a new name, a new address by the mailed link (a refused one keeps what was typed), logging out everywhere, then deleting the account', async () => {
  // Setup, not part of the flow: a new account, confirmed by its link.
  const stamp = Date.now();
  const user = { email: `toetsen-${stamp}@voorbeeld.example`, password: 'een wachtwoord voor het toetsenbord' };
  const newEmail = `toetsen-nieuw-${stamp}@voorbeeld.example`;
  const setup = await newContext(browser);
  try {
    const page = await setup.newPage();
    await page.goto('/account/registreren');
    await page.fill('#display_name', 'Toetsenbord Inwoner');
    await page.fill('#email', user.email);
    await page.fill('#password', user.password);
    await page.fill('#password_confirmation', user.password);
    await Promise.all([page.waitForNavigation(), page.click('main button[type="submit"]')]);
    await page.goto(await mailedLink(user.email, /\/account\/bevestigen\/[A-Za-z0-9._~-]+/));
    await Promise.all([page.waitForNavigation(), page.click('main button[type="submit"]')]);
  } finally {
    await setup.close();
  }

  const context = await newContext(browser);
  const page = await context.newPage();
  try {
    await page.goto('/account/inloggen');
    await keyboardLogIn(page, user, 'Enter');
    await page.goto('/account');

    // A new name.
    await useSkipLink(page);
    await tabTo(page, '#display_name');
    await assertFocusVisible(page);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Tineke Toetsenbord');
    await Promise.all([page.waitForURL('**/account?melding=naam-gewijzigd#naam'), page.keyboard.press('Enter')]);
    assert.match(await page.locator('main [role="status"]').innerText(), /Uw naam is gewijzigd/);
    assert.equal(await page.inputValue('#display_name'), 'Tineke Toetsenbord');

    // A new address: a wrong password first, and the typed address stays.
    await tabTo(page, '#new_email');
    await assertFocusVisible(page);
    await page.keyboard.type(newEmail);
    await tabAndType(page, '#email_password', 'niet mijn wachtwoord');
    await Promise.all([page.waitForURL('**/account/e-mailadres'), page.keyboard.press('Enter')]);
    assert.match(await page.locator('main .error-summary').innerText(), /Uw huidige wachtwoord klopt niet/);
    assert.equal(await page.inputValue('#new_email'), newEmail, 'what was typed is kept');
    await tabTo(page, '#email_password');
    await page.keyboard.type(user.password);
    await Promise.all([page.waitForURL('**/account?melding=e-mailadres-link#e-mailadres'), page.keyboard.press('Enter')]);
    assert.match(await page.locator('main').innerText(), /Open de link in de e-mail die we naar dat adres stuurden/);

    await page.goto(await mailedLink(newEmail, /\/account\/e-mailadres\/bevestigen\/[A-Za-z0-9._~-]+/));
    await useSkipLink(page);
    await tabAndType(page, 'main button[type="submit"]', undefined, 3);
    assert.equal((await focused(page)).text, 'Maak dit mijn e-mailadres');
    await Promise.all([page.waitForURL('**/account?melding=e-mailadres-gewijzigd#e-mailadres'), page.keyboard.press('Enter')]);
    assert.ok((await page.locator('main').innerText()).includes(`${newEmail} (bevestigd)`));

    // Log out everywhere, then back in with the new address.
    await tabTo(page, 'main form[action="/account/sessies/beeindigen"] button');
    await assertFocusVisible(page);
    await Promise.all([page.waitForURL('**/account/inloggen?melding=overal-uitgelogd'), page.keyboard.press('Enter')]);
    assert.match(await page.locator('main p.notice').innerText(), /U bent op alle apparaten uitgelogd/);
    // The notice has focus, so the next Tab stop is the address field.
    await tabAndType(page, '#email', newEmail);
    await tabAndType(page, '#password', user.password);
    await Promise.all([
      page.waitForURL((url) => url.pathname !== '/account/inloggen'),
      page.keyboard.press('Enter'),
    ]);

    // Delete the account.
    await page.goto('/account/verwijderen');
    await useSkipLink(page);
    await tabAndType(page, '#delete_password', user.password, 40);
    await tabAndType(page, 'main button[type="submit"]');
    assert.equal((await focused(page)).text, 'Verwijder mijn account');
    await Promise.all([page.waitForURL('**/account/inloggen?melding=account-verwijderd'), page.keyboard.press('Enter')]);
    assert.match(await page.locator('main p.notice').innerText(), /Uw account is verwijderd/);
  } finally {
    await context.close();
  }
});

test('two-factor authentication with the keyboard only: set up with the app code, then log in with a recovery code', async () => {
  // Setup, not part of the flow: a new account, confirmed by its link.
  const user = { email: `app-${Date.now()}@voorbeeld.example`, password: 'een wachtwoord en een app' };
  const setup = await newContext(browser);
  try {
    const page = await setup.newPage();
    await page.goto('/account/registreren');
    await page.fill('#display_name', 'Inwoner Met App');
    await page.fill('#email', user.email);
    await page.fill('#password', user.password);
    await page.fill('#password_confirmation', user.password);
    await Promise.all([page.waitForNavigation(), page.click('main button[type="submit"]')]);
    await page.goto(await mailedLink(user.email, /\/account\/bevestigen\/[A-Za-z0-9._~-]+/));
    await Promise.all([page.waitForNavigation(), page.click('main button[type="submit"]')]);
  } finally {
    await setup.close();
  }

  let recoveryCode;
  const context = await newContext(browser);
  const page = await context.newPage();
  try {
    await page.goto('/account/inloggen');
    await keyboardLogIn(page, user, 'Enter');
    await page.goto('/account/tweestapsverificatie');
    await useSkipLink(page);
    await tabTo(page, 'main form[action="/account/tweestapsverificatie/instellen"] button');
    await assertFocusVisible(page);
    assert.equal((await focused(page)).text, 'Tweestapsverificatie instellen');
    await Promise.all([page.waitForURL('**/account/tweestapsverificatie'), page.keyboard.press('Enter')]);
    assert.equal(await page.locator('main svg.qr-code[role="img"]').count(), 1, 'the QR code');
    // The person reads the key from the screen into the app; the app shows the code.
    const secret = await page.locator('main code.secret').innerText();
    await useSkipLink(page);
    await tabAndType(page, '#code', totpCode(secret), 40);
    await tabAndType(page, '#totp_password', user.password);
    await tabAndType(page, 'main button[type="submit"]');
    assert.equal((await focused(page)).text, 'Zet tweestapsverificatie aan');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.match(await page.locator('main [role="status"]').innerText(), /Tweestapsverificatie staat aan/);
    const codes = await page.locator('main ul.recovery-codes code').allInnerTexts();
    assert.equal(codes.length, 10);
    recoveryCode = codes[0];
  } finally {
    await context.close();
  }

  // Another device, without the phone: the password, then a recovery code.
  const other = await newContext(browser);
  const next = await other.newPage();
  try {
    await next.goto('/account/inloggen');
    await useSkipLink(next);
    await tabAndType(next, '#email', user.email);
    await tabAndType(next, '#password', user.password);
    await Promise.all([next.waitForURL('**/account/inloggen/code'), next.keyboard.press('Enter')]);
    await useSkipLink(next);
    await tabAndType(next, '#code', recoveryCode, 3);
    await Promise.all([
      next.waitForURL((url) => !url.pathname.startsWith('/account/inloggen')),
      next.keyboard.press('Enter'),
    ]);
    assert.match(await next.locator('nav[aria-label="Hoofdmenu"]').innerText(), /Mijn account/);
  } finally {
    await other.close();
  }
});
