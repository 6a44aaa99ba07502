'use strict';
// Every page type of pages.js in headless Chromium: no scripts, axe-core at 1280 and 375 px,
// full-page screenshots at both widths, no horizontal scrolling at 320 px; then the served
// HTML of all of them through the Nu Html Checker in one run.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const pages = require('./pages');
const {
  HTML,
  NARROWEST,
  SCREENSHOTS,
  WIDTHS,
  axeViolations,
  formatViolations,
  launchBrowser,
  loadPageType,
  logIn,
  newContext,
} = require('./lib');

let browser;
const contexts = new Map();

before(async () => {
  for (const dir of [SCREENSHOTS, HTML]) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
  }
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

/** One context per demo user (or anonymous), logged in once through the real form. */
async function contextFor(user) {
  const key = user || 'anonymous';
  if (!contexts.has(key)) {
    const context = await newContext(browser, { bypassCSP: true });
    if (user) await logIn(context, user);
    contexts.set(key, context);
  }
  return contexts.get(key);
}

const names = new Set();
for (const entry of pages) {
  assert.ok(!names.has(entry.name), `page type ${entry.name} is listed twice in pages.js`);
  names.add(entry.name);

  test(`page ${entry.name}${entry.user ? ` (as ${entry.user})` : ''}`, async (t) => {
    // An entry that signs someone up gets a browser of its own, so the shared anonymous
    // one stays signed out.
    const context = entry.ownBrowser ? await newContext(browser, { bypassCSP: true }) : await contextFor(entry.user);
    const page = await context.newPage();
    try {
      const { response, scripts } = await loadPageType(page, entry);
      fs.writeFileSync(path.join(HTML, `${entry.name}.html`), await response.text());
      assert.equal(response.status(), entry.status ?? 200, `HTTP status of ${page.url()}`);
      if (entry.expect) {
        assert.ok((await page.locator(entry.expect).count()) > 0, `${entry.expect} is on ${page.url()}`);
      }

      await t.test('loads no script and works without JavaScript', async () => {
        assert.deepEqual(scripts, [], 'script requests');
        const found = await page.evaluate(() => ({
          scriptElements: document.querySelectorAll('script').length,
          handlers: [...document.querySelectorAll('*')].flatMap((el) =>
            [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${el.tagName}[${a.name}]`),
          ),
          javascriptUrls: [...document.querySelectorAll('[href^="javascript:" i], [action^="javascript:" i]')].length,
        }));
        assert.deepEqual(found, { scriptElements: 0, handlers: [], javascriptUrls: 0 });
        const csp = response.headers()['content-security-policy'] || '';
        assert.match(csp, /default-src 'none'/, 'the CSP forbids scripts');
        assert.doesNotMatch(csp, /script-src/, 'the CSP allows no script source');
      });

      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        await page.screenshot({ path: path.join(SCREENSHOTS, `${entry.name}-${width}.png`), fullPage: true });
        await t.test(`axe-core finds no violations at ${width}px`, async () => {
          const violations = await axeViolations(page);
          assert.equal(violations.length, 0, `axe-core on ${page.url()} at ${width}px:\n${formatViolations(violations)}`);
        });
      }

      await t.test(`no horizontal scrolling at ${NARROWEST}px`, async () => {
        await page.setViewportSize({ width: NARROWEST, height: 900 });
        const { scrollWidth, widest } = await page.evaluate((limit) => {
          const widest = [...document.querySelectorAll('body *')]
            .filter((el) => el.getBoundingClientRect().right > limit + 0.5)
            .slice(0, 5)
            .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${el.className}`);
          return { scrollWidth: document.documentElement.scrollWidth, widest };
        }, NARROWEST);
        assert.ok(scrollWidth <= NARROWEST, `scrollWidth ${scrollWidth} > ${NARROWEST}; too wide: ${widest.join(', ')}`);
      });
    } finally {
      await page.close();
      if (entry.ownBrowser) await context.close();
    }
  });
}

test('axe-core is really running: it finds the problems of a known bad page', async () => {
  const context = await newContext(browser, { bypassCSP: true });
  try {
    const page = await context.newPage();
    await page.setContent('<!DOCTYPE html><html><head><title>x</title></head><body><img src="data:,"><a href="#"></a></body></html>');
    const ids = (await axeViolations(page)).map((v) => v.id);
    for (const id of ['html-has-lang', 'image-alt', 'link-name']) assert.ok(ids.includes(id), `axe-core reports ${id}`);
  } finally {
    await context.close();
  }
});

test('Nu Html Checker finds no errors in the served HTML of any page type', async (t) => {
  const files = pages.map((entry) => path.join(HTML, `${entry.name}.html`)).filter((f) => fs.existsSync(f));
  assert.ok(files.length > 0, 'no HTML was saved');
  // A known bad file in the same run proves the checker really checks.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'vnu-'));
  t.after(() => fs.rmSync(scratch, { recursive: true, force: true }));
  const known = path.join(scratch, 'known-bad.html');
  fs.writeFileSync(known, '<!DOCTYPE html><html lang="nl"><head><title>x</title></head><body><p id="a"><p id="a"><div><span></div></body></html>');
  const jar = require('vnu-jar');
  const run = spawnSync(
    'java',
    ['-Xss1024k', '-jar', jar, '--errors-only', '--format', 'json', '--exit-zero-always', known, ...files],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  assert.equal(run.status, 0, `vnu did not run: ${run.error || run.stderr}`);
  let messages;
  try {
    ({ messages } = JSON.parse(run.stderr || run.stdout));
  } catch (error) {
    assert.fail(`vnu printed no JSON: ${run.stderr}\n${run.stdout}`);
  }
  const knownErrors = messages.filter((m) => m.type === 'error' && (m.url || '').endsWith('/known-bad.html'));
  assert.ok(knownErrors.length >= 2, `the checker found the errors in a known bad file: ${JSON.stringify(knownErrors)}`);
  for (const entry of pages) {
    await t.test(`valid HTML: ${entry.name}`, () => {
      const file = path.join(HTML, `${entry.name}.html`);
      assert.ok(fs.existsSync(file), `no HTML saved for ${entry.name} (did its page test fail?)`);
      const errors = messages.filter(
        (m) => (m.type === 'error' || m.type === 'non-document-error') && decodeURIComponent(m.url || '').endsWith(`/${entry.name}.html`),
      );
      const report = errors
        .map((m) => `  line ${m.lastLine}:${m.firstColumn ?? m.lastColumn}: ${m.message}\n    ${(m.extract || '').replace(/\n/g, ' ')}`)
        .join('\n');
      assert.equal(errors.length, 0, `Nu Html Checker errors in ${entry.name}.html:\n${report}`);
    });
  }
});
