'use strict';
// Whole journeys as real people walk them, on the demo server: a wijkorganisatie writes
// and submits a reaction, a resident co-signs on a phone, a clerk publishes the nota.
// Every step is screenshotted into test-artifacts/journeys at the journey's width.
//
// These change demo data (a new submitted reaction, version 2 of the nota), so `run`
// starts this file after pages.test.js and keyboard.test.js.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const { ARTIFACTS, launchBrowser, logIn, mailedConfirmLink, mailedLink, newContext } = require('./lib');

const JOURNEYS = path.join(ARTIFACTS, 'journeys');

let browser;

before(async () => {
  fs.rmSync(JOURNEYS, { recursive: true, force: true });
  fs.mkdirSync(JOURNEYS, { recursive: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

/** Full-page screenshots of a journey's steps, numbered: `reactie-03-scenario.png`. */
function steps(journey) {
  let n = 0;
  return async (page, name) => {
    n += 1;
    await page.screenshot({ path: path.join(JOURNEYS, `${journey}-${String(n).padStart(2, '0')}-${name}.png`), fullPage: true });
  };
}

// Links and buttons are focused and activated with Enter, as a keyboard user does. (A
// mouse click also misses now and then after a full-page screenshot of a page that
// opened at a #fragment.)

/** Activates `locator` with Enter and waits for the page it opens. */
async function press(page, locator) {
  await locator.focus();
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
}

/** Follows the link named `name` in main. */
function follow(page, name) {
  return press(page, page.locator('main').getByRole('link', { name, exact: true }).first());
}

/** Submits a form with its button `selector`. */
function submit(page, selector) {
  return press(page, page.locator(selector));
}

/** The year in Amsterdam now: receipt numbers carry the year the round opened (the demo opens it today). */
function amsterdamYear() {
  return new Intl.DateTimeFormat('en', { timeZone: 'Europe/Amsterdam', year: 'numeric' }).format(new Date());
}

/** The smallest file the server takes as a PDF. */
const SMALL_PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

test('a wijkorganisatie writes, attaches, submits and gets a receipt (1280 px)', async () => {
  const context = await newContext(browser, { width: 1280 });
  try {
    await logIn(context, 'inwoner');
    const page = await context.newPage();
    const shot = steps('reactie');
    const title = `Houd De Schakel open, ook in de zomer (${Date.now()})`;

    await page.goto('/consultaties');
    await follow(page, 'Beleidsnotitie Ontmoetingsplekken');
    await follow(page, 'Reactie schrijven');
    await page.fill('#title', title);
    // The demo resident is secretary of Bewonersplatform De Horst.
    await page.getByLabel(/^Namens Bewonersplatform De Horst/).check();
    await shot(page, 'nieuw');
    await submit(page, 'main form button[type="submit"]');
    assert.match(page.url(), /\/reacties\/[^/]+\/bewerken/);
    assert.match(await page.locator('main .notice[role="status"]').innerText(), /Uw concept is gemaakt/);
    assert.match(await page.locator('main').innerText(), /Namens Bewonersplatform De Horst/);

    // A position for each beslispunt: the first row, then "Nog een standpunt toevoegen"
    // saves and gives the next.
    await page.fill('#introduction', 'Bewonersplatform De Horst spreekt namens ongeveer 1.400 huishoudens.');
    await page.fill('#body_markdown', 'Wij willen dat De Schakel open blijft.');
    const points = await page.locator('#position_point_1 option:not([value=""])').allTextContents();
    assert.ok(points.length >= 2, `the open round has beslispunten: ${points}`);
    const stances = ['supports', 'opposes', 'amends'];
    for (const [index, point] of points.entries()) {
      const n = index + 1;
      if (n > 1) {
        await submit(page, 'main button[value="add_position"]');
        assert.equal(new URL(page.url()).hash, `#standpunt-${n}`, 'the page comes back at the new row');
        assert.equal(await page.inputValue(`#position_body_${n - 1}`), `Standpunt over ${points[index - 1]}.`, 'the row before was saved');
      }
      await page.selectOption(`#position_point_${n}`, { label: point });
      await page.selectOption(`#position_stance_${n}`, stances[index % stances.length]);
      await page.fill(`#position_body_${n}`, `Standpunt over ${point}.`);
    }
    await shot(page, 'standpunten');

    // "Scenario toevoegen" saves first and returns at the new row.
    await submit(page, 'main button[value="add_scenario"]');
    assert.equal(new URL(page.url()).hash, '#scenario-1');
    assert.equal(await page.inputValue(`#position_body_${points.length}`), `Standpunt over ${points.at(-1)}.`, 'the last position was saved');
    await page.selectOption('#scenario_point_1', { label: points[1] });
    await page.fill('#scenario_title_1', 'Bewonersbeheer De Schakel');
    await page.selectOption('#scenario_operator_1', { label: 'Bewoners (bewonersbeheer)' });
    await page.fill('#scenario_request_1', 'Geef het beheer van De Schakel voor vijf jaar aan de bewoners.');
    await page.fill('#scenario_cost_1', '45000');
    await page.fill('#scenario_conditions_1', 'De gemeente blijft eigenaar van het gebouw.');
    await shot(page, 'scenario');

    // Typed text that is not saved yet, then a PDF through "Bijlage toevoegen": the
    // text is saved first and still there afterwards.
    const typed = 'Wij willen dat De Schakel open blijft.\n\nDe buurtmaaltijd gaat elke week door, ook in de zomer.';
    await page.fill('#body_markdown', typed);
    await page.setInputFiles('#file', { name: 'ledenlijst.pdf', mimeType: 'application/pdf', buffer: SMALL_PDF });
    await submit(page, 'main button:text-is("Bijlage toevoegen")');
    assert.match(await page.locator('main').innerText(), /De bijlage is toegevoegd/);
    assert.match(await page.locator('main').innerText(), /ledenlijst\.pdf/);
    assert.equal(await page.inputValue('#body_markdown'), typed, 'the typed text survived the upload');
    assert.equal(await page.inputValue('#scenario_title_1'), 'Bewonersbeheer De Schakel', 'the scenario survived the upload');
    await shot(page, 'bijlage');

    // A second writer (the same board, on another device) saves meanwhile: this writer's
    // save is refused with both versions side by side, and saving again saves over it.
    const other = await newContext(browser, { width: 1280 });
    try {
      await logIn(other, 'inwoner');
      const second = await other.newPage();
      await second.goto(page.url().split('?')[0].split('#')[0]);
      await second.fill('#introduction', 'Wij zijn de bewoners van De Horst, 140 huishoudens.');
      await submit(second, 'main .button-row--top button[value="save"]');
      assert.match(await second.locator('main').innerText(), /De wijzigingen zijn opgeslagen/);
    } finally {
      await other.close();
    }
    await page.fill('#introduction', 'Wij zijn het bestuur van Bewonersplatform De Horst.');
    await submit(page, 'main .button-row--top button[value="save"]');
    const conflict = await page.locator('main').innerText();
    assert.match(conflict, /Niet opgeslagen/);
    assert.match(conflict, /Wat verschilt/);
    assert.ok(conflict.includes('140 huishoudens'), 'the other version is shown');
    assert.equal(await page.inputValue('#introduction'), 'Wij zijn het bestuur van Bewonersplatform De Horst.', 'what was typed is kept');
    await shot(page, 'conflict');
    await submit(page, 'main .button-row--top button[value="save"]');
    assert.match(await page.locator('main').innerText(), /De wijzigingen zijn opgeslagen/, 'the deliberate save works');
    assert.equal(await page.inputValue('#introduction'), 'Wij zijn het bestuur van Bewonersplatform De Horst.');

    // Indienen: the check page, the consent, and the receipt.
    await follow(page, 'Naar indienen');
    assert.equal(await page.locator('h1').innerText(), 'Reactie indienen');
    const check = await page.locator('main').innerText();
    assert.ok(check.includes(title) && check.includes('De buurtmaaltijd gaat elke week door'), 'the check page shows what is submitted');
    await page.check('#consent');
    await shot(page, 'indienen');
    await submit(page, 'main form[action$="/indienen"] button[type="submit"]');
    const receipt = await page.locator('main').innerText();
    assert.match(receipt, /Uw reactie is ingediend/);
    const number = receipt.match(new RegExp(`LDV-${amsterdamYear()}-ONT-\\d{4}`));
    assert.ok(number, `a receipt number LDV-${amsterdamYear()}-ONT-00NN on the receipt:\n${receipt}`);
    assert.match(receipt, /[0-9a-f]{64}/, 'the SHA-256 of the content');
    await shot(page, 'ontvangstbevestiging');

    // The public reaction carries the same number and the attachment.
    const anonymous = await (await newContext(browser, { width: 1280 })).newPage();
    try {
      await anonymous.goto('/consultaties');
      await follow(anonymous, 'Beleidsnotitie Ontmoetingsplekken');
      await follow(anonymous, title);
      const text = await anonymous.locator('main').innerText();
      assert.ok(text.includes(number[0]) && text.includes('Bewonersbeheer De Schakel'), 'the public reaction shows number and scenario');
      await shot(anonymous, 'openbaar');
    } finally {
      await anonymous.context().close();
    }
  } finally {
    await context.close();
  }
});

test('a resident co-signs with a PC4 postcode on a phone (375 px)', async () => {
  // Another household's network (the run trusts the proxy header): the support the
  // page tests sent from this machine's network is held for the griffie, without a mail.
  const context = await newContext(browser, { width: 375, headers: { 'X-Forwarded-For': '192.0.2.17' } });
  try {
    const page = await context.newPage();
    const shot = steps('steunen');
    await page.goto('/consultaties');
    await follow(page, 'Beleidsnotitie Ontmoetingsplekken');
    await follow(page, 'Laat bewoners De Schakel zelf beheren');
    const reactionPath = new URL(page.url()).pathname;
    await shot(page, 'reactie');
    await follow(page, 'Steun dit standpunt');
    const position = (await page.locator('main blockquote').first().innerText()).trim();
    assert.ok(position.length > 0, 'the form shows the position');
    const before = Number((await page.locator('main').innerText()).match(/(\d+) bevestigde steunbetuiging/)[1]);

    // Name left empty (optional), a PC4 postcode of a demo wijk, Enter in the last field.
    const email = `steun-${Date.now()}@voorbeeld.example`;
    await page.fill('#email', email);
    await page.fill('#postcode', '1234');
    await page.check('#consent');
    await shot(page, 'formulier');
    await page.focus('#postcode');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.equal(await page.locator('main .error-summary').count(), 0, 'no errors for an empty name and a PC4 postcode');
    assert.match(await page.locator('main').innerText(), /e-mail/i);
    await shot(page, 'mail-verstuurd');

    // The mailed link; the confirm page says what is supported.
    await page.goto(await mailedConfirmLink(email));
    const confirm = await page.locator('main').innerText();
    assert.ok(confirm.includes(position), 'the confirm page names the position');
    assert.match(confirm, /Laat bewoners De Schakel zelf beheren/, 'and the reaction');
    await shot(page, 'bevestigen');
    await submit(page, 'main form[action^="/steun/bevestigen/"] button[type="submit"]');

    // Thank you: the new count and a way back to the position.
    const thanks = await page.locator('main').innerText();
    const count = Number((thanks.match(/(\d+) bevestigde steunbetuiging/) ?? [])[1]);
    assert.equal(count, before + 1, `the new count on the thank-you page:\n${thanks}`);
    const back = page.locator(`main a[href^="${reactionPath}?melding=steun-telt#standpunt-"]`).first();
    assert.ok(await back.isVisible(), 'a link back to the position');
    await shot(page, 'bedankt');
    await press(page, back);
    assert.match(await page.locator('main').innerText(), new RegExp(`\\b${count} steunbetuigingen`), 'the reaction shows the new count');
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scrollWidth <= 375, `no sideways scrolling at 375 px (${scrollWidth})`);
  } finally {
    await context.close();
  }
});

test('a resident makes an account and logs in by the mailed link, on a phone (375 px)', async () => {
  const headers = { 'X-Forwarded-For': '192.0.2.30' };
  const context = await newContext(browser, { width: 375, headers });
  const other = await newContext(browser, { width: 375, headers });
  try {
    const page = await context.newPage();
    const shot = steps('account');
    const email = `Nieuwe.Bewoner+${Date.now()}@Voorbeeld.example`;
    const register = async (p) => {
      await p.goto('/account/registreren');
      await p.fill('#display_name', 'Nieuwe Bewoner');
      await p.fill('#email', email);
      await p.fill('#password', 'een lang genoeg wachtwoord');
      await p.fill('#password_confirmation', 'een lang genoeg wachtwoord');
      await submit(p, 'main form[action="/account/registreren"] button[type="submit"]');
      return p.locator('main').innerText();
    };
    const first = await register(page);
    assert.match(first, /Kijk in uw mailbox/);
    assert.equal(await page.locator('a[href="/account"]').count(), 0, 'not logged in before confirming');
    await shot(page, 'mailbox');

    // Someone else tries the same address: the very same answer.
    const otherPage = await other.newPage();
    assert.equal(await register(otherPage), first, 'a known address is not told apart');

    // The mailed link opens a page with a button; it confirms and logs in.
    await page.goto(await mailedLink(email, /\/account\/bevestigen\/[A-Za-z0-9._~-]+/));
    await shot(page, 'bevestigen');
    await submit(page, 'main form button[type="submit"]');
    assert.equal(new URL(page.url()).pathname, '/account');
    const account = await page.locator('main').innerText();
    assert.ok(account.includes(email), `the address as typed:\n${account}`);
    assert.match(account, /Uw account is gemaakt/);
    await shot(page, 'welkom');
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scrollWidth <= 375, `no sideways scrolling at 375 px (${scrollWidth})`);
  } finally {
    await context.close();
    await other.close();
  }
});

test('a clerk publishes the nota after its preview (1280 px)', async () => {
  const context = await newContext(browser, { width: 1280 });
  try {
    await logIn(context, 'griffie');
    const page = await context.newPage();
    const shot = steps('nota');
    await page.goto('/griffie');
    await follow(page, 'Speelruimteplan 2027');
    await follow(page, 'Nota van beantwoording');
    assert.match(await page.locator('main').innerText(), /Versie 2, concept/);
    await shot(page, 'concept');

    await follow(page, 'Nota publiceren');
    assert.equal(await page.locator('h1').innerText(), 'Nota publiceren?');
    assert.match(await page.locator('main section.preview').innerText(), /Zo ziet de openbare pagina eruit/);
    await shot(page, 'voorbeeld');
    const button = page.locator('main form[action$="/publiceren"] button[type="submit"]');
    assert.equal(await button.innerText(), 'Ja, publiceer de nota');
    await press(page, button);
    // Version 1 was mailed to everyone already, as the preview said.
    assert.match(await page.locator('main .notice').innerText(), /De nota is gepubliceerd\. Er gaan geen e-mails uit/);
    await shot(page, 'gepubliceerd');

    const visitor = await (await newContext(browser, { width: 1280 })).newPage();
    try {
      await visitor.goto('/consultaties');
      await follow(visitor, 'Speelruimteplan 2027');
      await follow(visitor, 'Lees de nota van beantwoording');
      assert.match(await visitor.locator('main').innerText(), /Versie 2, gepubliceerd op/);
      await shot(visitor, 'openbaar-versie-2');
    } finally {
      await visitor.context().close();
    }
  } finally {
    await context.close();
  }
});
