'use strict';
// Shared helpers for the browser tests: the browser, the demo users, loading a page type,
// axe-core and the artifacts folder.

const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const BASE_URL = process.env.INSPRAAK_BASE_URL;
if (!BASE_URL) {
  throw new Error('INSPRAAK_BASE_URL is not set: start the tests with tests/browser/run');
}

const ARTIFACTS = path.resolve(__dirname, '..', '..', 'test-artifacts');
const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots');
const HTML = path.join(ARTIFACTS, 'html');

/** Widths every page type is checked at; 320 only for horizontal scrolling. */
const WIDTHS = [1280, 375];
const NARROWEST = 320;

/** The axe-core tags the accessibility statement promises. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'];
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Demo accounts, as printed by `inspraak serve --demo`; staff with `code` use two-factor. */
const USERS = {
  beheer: { email: 'beheer@inspraak.example', password: 'demo-beheer-2026', code: true },
  griffie: { email: 'griffie@lindeveld.example', password: 'demo-griffie-2026', code: true },
  moderator: { email: 'moderator@lindeveld.example', password: 'demo-moderator-2026' },
  raadslid: { email: 'raadslid@lindeveld.example', password: 'demo-raadslid-2026' },
  inwoner: { email: 'inwoner@lindeveld.example', password: 'demo-inwoner-2026' },
};

// We run as root on a closed network.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    // Dutch browser UI (needs Debian's chromium-l10n): date inputs read dd-mm-jjjj and
    // time inputs use 24 hours, as for a Dutch user.
    env: { ...process.env, LANGUAGE: 'nl' },
  });
}

/**
 * A fresh browser context. `bypassCSP` is only needed to inject axe-core: the pages'
 * CSP (`default-src 'none'`) rightly blocks the injected inline script. `headers` go with
 * every request, e.g. an X-Forwarded-For that puts a visitor on a network of their own.
 */
function newContext(browser, { bypassCSP = false, width = WIDTHS[0], headers } = {}) {
  return browser.newContext({
    baseURL: BASE_URL,
    bypassCSP,
    extraHTTPHeaders: headers,
    viewport: { width, height: 900 },
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
    reducedMotion: 'reduce',
    javaScriptEnabled: true, // for axe and our own checks; the pages bring no script
  });
}

/** The demo staff's two-factor key, as `serve --demo` prints it (src/demo/mod.rs). */
const DEMO_TOTP_SECRET = 'JRUW4ZDFOZSWYZBNMRSW23ZNGIYDENRB';
const CODE_PATH = '/account/inloggen/code';

/**
 * On the code page of a log-in: sends a code from the demo key with `send(page, code)`.
 * A code works once, and other test files log the same staff in: when the code was
 * used already, waits for the next one, as a person would.
 */
async function sendStaffCode(page, send) {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    await send(page, totpCode(DEMO_TOTP_SECRET));
    if (new URL(page.url()).pathname !== CODE_PATH) return;
    await page.waitForTimeout(30000 - (Date.now() % 30000) + 500);
  }
  throw new Error('no code from the demo key was accepted');
}

/** Session cookies of staff logged in before: each log-in of theirs spends a code. */
const staffSessions = new Map();

/**
 * Logs `role` in by posting the real login form (and the code, for staff); the context
 * keeps the session cookie. Staff reuse a session of theirs that still works.
 */
async function logIn(context, role) {
  const user = USERS[role];
  if (!user) throw new Error(`unknown demo user ${role}`);
  const page = await context.newPage();
  const loggedIn = async () => (await page.locator('a[href="/account"]').count()) > 0;
  try {
    if (staffSessions.has(role)) {
      await context.addCookies([staffSessions.get(role)]);
      await page.goto('/');
      if (await loggedIn()) return;
    }
    await page.goto('/account/inloggen');
    await page.fill('#email', user.email);
    await page.fill('#password', user.password);
    await Promise.all([
      page.waitForURL((url) => url.pathname !== '/account/inloggen'),
      page.click('main button[type="submit"]'),
    ]);
    if (new URL(page.url()).pathname === CODE_PATH) {
      await sendStaffCode(page, async (codePage, code) => {
        await codePage.fill('#code', code);
        await Promise.all([codePage.waitForNavigation(), codePage.click('main button[type="submit"]')]);
      });
    }
    if (!(await loggedIn())) throw new Error(`log-in as ${role} failed`);
    if (user.code) {
      const cookie = (await context.cookies()).find((c) => c.name === 'inspraak_session');
      if (cookie) staffSessions.set(role, cookie);
    }
  } finally {
    await page.close();
  }
}

/**
 * Loads one page type (an entry of pages.js) in `page` and returns the final document
 * response, so that its body is exactly the HTML the server sent.
 */
async function loadPageType(page, entry) {
  let documentResponse = null;
  const scripts = [];
  page.on('response', (response) => {
    const request = response.request();
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) {
      documentResponse = response;
    }
  });
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(request.url());
  });
  const target = typeof entry.path === 'function' ? await entry.path(page) : entry.path;
  if (!target) throw new Error(`${entry.name}: could not find the address of this page`);
  documentResponse = null;
  await page.goto(target);
  if (entry.setup) await entry.setup(page);
  await page.waitForLoadState('load');
  if (!documentResponse) throw new Error(`${entry.name}: no document response seen`);
  return { response: documentResponse, scripts, url: page.url() };
}

/** The text of a mail file as written, its quoted-printable and base64 parts decoded. */
function mailText(raw) {
  const texts = [raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)))];
  for (const block of raw.split(/\r?\n\r?\n/)) {
    const compact = block.replace(/\s+/g, '');
    if (/^[A-Za-z0-9+/]{40,}={0,2}$/.test(compact)) texts.push(Buffer.from(compact, 'base64').toString('utf8'));
  }
  return texts.join('\n');
}

/** The confirmation link mailed to `email`; the server's mail worker writes it to INSPRAAK_MAIL_DIR. */
async function mailedConfirmLink(email) {
  return mailedLink(email, /\/steun\/bevestigen\/[A-Za-z0-9._-]+/);
}

/** The path matching `pattern` in the mail the server wrote to `email` (waits for it). */
async function mailedLink(email, pattern) {
  const dir = process.env.INSPRAAK_MAIL_DIR;
  if (!dir) throw new Error('INSPRAAK_MAIL_DIR is not set (tests/browser/run sets it)');
  for (let attempt = 0; attempt < 150; attempt++) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')) : [];
    for (const file of files) {
      const raw = fs.readFileSync(path.join(dir, file), 'utf8');
      if (!raw.includes(email)) continue;
      const link = mailText(raw).match(pattern);
      if (link) return link[0];
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no mail to ${email} with ${pattern} in ${dir}`);
}

/** Runs axe-core in the page and returns its violations. */
async function axeViolations(page) {
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(
    (tags) =>
      window.axe
        .run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
        .then((result) => result.violations),
    AXE_TAGS,
  );
}

/** A readable report of axe violations for a failed assertion. */
function formatViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => `      ${n.target.join(' ')}\n        ${(n.failureSummary || '').replace(/\n/g, '\n        ')}`)
        .join('\n');
      const more = v.nodes.length > 5 ? `\n      … and ${v.nodes.length - 5} more` : '';
      return `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes}${more}`;
    })
    .join('\n');
}

/** Tabs (only the keyboard) until `selector` has focus; returns how many presses it took. */
async function tabTo(page, selector, { max = 40, reverse = false } = {}) {
  for (let presses = 1; presses <= max; presses += 1) {
    await page.keyboard.press(reverse ? 'Shift+Tab' : 'Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) {
      return presses;
    }
  }
  const active = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200));
  throw new Error(`${selector} not reached in ${max} Tab presses; focus is on ${active}`);
}

/** The element that has focus, as `tag#id` plus its text, for assertions and messages. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el) return null;
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      name: el.getAttribute('name'),
      href: el.getAttribute('href'),
      text: (el.innerText || el.value || '').trim(),
      visible: (() => {
        const r = el.getBoundingClientRect();
        return r.width > 1 && r.height > 1;
      })(),
    };
  });
}

/** The TOTP code (RFC 6238: HMAC-SHA1, 6 digits, 30 s) of a base32 secret at `unixSeconds`. */
function totpCode(base32, unixSeconds = Math.floor(Date.now() / 1000)) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of base32.replace(/\s+/g, '').toUpperCase()) {
    bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  }
  const key = Buffer.from((bits.match(/.{8}/g) || []).map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / 30)));
  const mac = require('node:crypto').createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 15;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1000000).padStart(6, '0');
}

module.exports = {
  ARTIFACTS,
  AXE_TAGS,
  BASE_URL,
  HTML,
  NARROWEST,
  SCREENSHOTS,
  USERS,
  WIDTHS,
  axeViolations,
  focused,
  formatViolations,
  launchBrowser,
  loadPageType,
  logIn,
  mailedConfirmLink,
  mailedLink,
  newContext,
  tabTo,
  sendStaffCode,
  totpCode,
};
