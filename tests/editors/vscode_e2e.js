// Real-editor test: VS Code (code-server) in headless Chromium, driven by playwright-core,
// with the brieflint extension installed from the .vsix. Run by tests/editors/run.sh.
//
// Environment:
//   CS_URL              code-server base URL (http://127.0.0.1:PORT)
//   WS_OK, WS_BAD       workspace folders: the fixture copy; one whose settings name a missing binary
//   BAD_PATH            the wrong brieflint.server.path set in WS_BAD
//   WS_CRASH, CRASH_PATH  optional: a workspace opened with brieflint.server.path naming a program that exits at once
//   DYING_PATH          optional: a wrapper that runs the real server and kills it a few seconds after each start
//   USER_SETTINGS       code-server's user settings.json: the negative scenarios set brieflint.server.path there
//                       (it is machine-scoped; a workspace's value is ignored)
//   CS2_URL, WS_UNTRUSTED, EVIL_MARK  optional: a code-server with workspace trust on, an untrusted folder whose
//                       settings name an executable inside it, and the file that executable would create
//   EXPECTED_JSON       `brieflint check --format json` of the fixture
//   FIXTURE_NAME        file name of the fixture inside WS_OK
//   SHOTS               screenshot folder
//   CHROMIUM            browser binary (default /usr/bin/chromium)
//   BRIEFLINT_EXPECT_CITATION_HOVER=1   also hover a citation in citation.md
// Exit status 0 only if every check passed; prints "N passed, M failed".
'use strict';

const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const env = (k, d) => process.env[k] || d;
const CS_URL = env('CS_URL', 'http://127.0.0.1:8080');
const WS_OK = env('WS_OK');
const WS_BAD = env('WS_BAD');
const BAD_PATH = env('BAD_PATH');
const WS_CRASH = env('WS_CRASH');
const CRASH_PATH = env('CRASH_PATH');
const DYING_PATH = env('DYING_PATH');
const USER_SETTINGS = env('USER_SETTINGS');
const CS2_URL = env('CS2_URL');
const WS_UNTRUSTED = env('WS_UNTRUSTED');
const EVIL_MARK = env('EVIL_MARK');
const FIXTURE = env('FIXTURE_NAME', 'acme-rfp-responses.md');
const SHOTS = env('SHOTS');
const T = Number(env('E2E_TIMEOUT_MS', '45000')); // per wait; only a failure waits this long
const expectCitation = env('BRIEFLINT_EXPECT_CITATION_HOVER') === '1';
const expected = JSON.parse(fs.readFileSync(env('EXPECTED_JSON'), 'utf8'));

const t0 = Date.now();
const log = (m) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
let passed = 0;
let failed = 0;
function check(cond, what, detail) {
  if (cond) {
    passed++;
    log(`ok   ${what}`);
  } else {
    failed++;
    log(`FAIL ${what}${detail ? `: ${detail}` : ''}`);
  }
  return cond;
}

const norm = (s) => s.replace(/\s+/g, ' ').trim();

// One Problems-panel row per marker: "<message> brieflint(BL101) [Ln 44, Col 118]".
async function problemRows(page) {
  const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
  return rows.map(norm).map((text) => {
    const m = text.match(/^(.*?)\s*brieflint\s*\(?\s*(BL\d+)\s*\)?\s*\[\s*Ln (\d+), Col (\d+)\s*\]/);
    return m ? { text, message: m[1].trim(), code: m[2], line: Number(m[3]), col: Number(m[4]) } : { text };
  }).filter((r) => r.code);
}

// Every row, whatever the panel size: the list is virtualized, so maximize the panel to read it.
async function allProblemRows(page) {
  await runCommand(page, 'View: Toggle Maximized Panel');
  await page.waitForTimeout(300);
  const rows = await problemRows(page);
  await runCommand(page, 'View: Toggle Maximized Panel');
  return rows;
}

async function waitFor(fn, timeout = T, every = 250) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, every));
  }
  return last;
}

async function openFile(page, name) {
  // Quick Open (Ctrl+P), as a person would; the explorer click is the fallback.
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: T });
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: T });
  await page.keyboard.press('Enter');
  await page.locator(`.tabs-container .tab[aria-label*="${name}"]`).first().waitFor({ timeout: T });
  await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: T });
}

async function gotoPosition(page, line, col) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: T });
  await input.fill(`:${line}:${col}`); // the Go to Line picker is Quick Open with the ":" prefix
  // Enter only once the picker has taken the input in (else Enter can be lost).
  await page.locator('.quick-input-widget', { hasText: `line ${line} and character ${col}` }).first().waitFor({ timeout: T });
  await page.keyboard.press('Enter');
  const widget = page.locator('.quick-input-widget');
  if (!(await widget.waitFor({ state: 'hidden', timeout: 2000 }).then(() => true).catch(() => false))) {
    await page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden', timeout: T });
  }
  // The status bar shows the cursor position once the editor has it.
  await page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${col}` }).first().waitFor({ timeout: T });
}

async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: T });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: T });
  await page.keyboard.press('Enter');
}

async function showHover(page) {
  // editor.action.showHover: Ctrl+K Ctrl+I.
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+I');
  const hover = page.locator('.monaco-hover:not(.hidden)').first();
  await hover.waitFor({ timeout: T });
  return hover;
}

/** The accessible label of brieflint's status-bar item ("brieflint: 2 errors, 5 warnings in 1 file..."). */
async function brieflintStatus(page) {
  const item = page.locator('.statusbar-item [aria-label^="brieflint"], .statusbar-item[aria-label^="brieflint"]').first();
  return (await item.getAttribute('aria-label', { timeout: 1000 }).catch(() => null)) || '';
}

async function newPage(browser) {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  page.on('console', (m) => {
    if (m.type() === 'error' && !/vsda|favicon|Failed to load resource/.test(m.text())) {
      console.log('  [browser console]', m.text().slice(0, 200));
    }
  });
  return page;
}

async function positive(browser) {
  const page = await newPage(browser);
  try {
    await page.goto(`${CS_URL}/?folder=${encodeURIComponent(WS_OK)}`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    log('workbench loaded');
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: T });
    await openFile(page, FIXTURE);
    log(`opened ${FIXTURE}`);

    await page.locator('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error').first().waitFor({ timeout: T });
    check(true, 'squiggles rendered in the editor');

    // Problems panel, maximized so every marker row is rendered.
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel').waitFor({ timeout: T });
    await runCommand(page, 'View: Toggle Maximized Panel');
    let rows = await waitFor(async () => {
      const r = await problemRows(page);
      return r.length >= expected.length ? r : null;
    });
    rows = rows || (await problemRows(page));
    if (!rows.length) {
      log('row texts: ' + JSON.stringify((await page.locator('.markers-panel .monaco-list-row').allInnerTexts()).slice(0, 3)));
    }
    check(rows.length === expected.length, `Problems panel lists ${rows.length} brieflint markers, expected ${expected.length}`,
      JSON.stringify(rows.map((r) => r.text)));
    for (const f of expected) {
      const line = f.range.start.line + 1;
      const col = f.range.start.character + 1;
      const hit = rows.find((r) => r.code === f.code && r.line === line && r.col === col && r.message === f.message);
      check(Boolean(hit), `Problems: ${f.code} [Ln ${line}, Col ${col}] ${f.message.slice(0, 60)}`);
    }
    await page.screenshot({ path: path.join(SHOTS, 'vscode-problems.png') });
    log('screenshot vscode-problems.png');
    await runCommand(page, 'View: Toggle Maximized Panel');

    // Status bar: brieflint's state and counts, matching the findings; a click opens Problems.
    const nErrors = expected.filter((f) => f.severity === 'error').length;
    const nWarnings = expected.filter((f) => f.severity === 'warning').length;
    const plural = (n, w) => `${n} ${w}${n === 1 ? '' : 's'}`;
    const wanted = `brieflint: ${plural(nErrors, 'error')}, ${plural(nWarnings, 'warning')}`;
    const statusLabel = await waitFor(async () => {
      const l = await brieflintStatus(page);
      return l && l.startsWith(wanted) ? l : null;
    }, T);
    check(Boolean(statusLabel), `status bar shows "${wanted}"`, await brieflintStatus(page));
    await page.keyboard.press('Control+Shift+M'); // close Problems, then open it from the status bar
    await page.locator('.markers-panel').waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
    await page.locator(`.statusbar-item:has([aria-label^="brieflint: "]), .statusbar-item[aria-label^="brieflint: "]`)
      .first().click();
    const opened = await page.locator('.markers-panel').waitFor({ timeout: 10000 }).then(() => true).catch(() => false);
    check(opened, 'clicking the status-bar item opens the Problems view');

    // Hover on a BL101 diagnostic (keyboard: cursor on it, then Show Hover).
    const bl101 = expected.find((f) => f.code === 'BL101');
    // On the word "objects" inside the span: a defined term or citation under the cursor takes precedence.
    const span = fs.readFileSync(path.join(WS_OK, FIXTURE), 'utf8').split('\n')[bl101.range.start.line]
      .slice(bl101.range.start.character, bl101.range.end.character);
    await gotoPosition(page, bl101.range.start.line + 1, bl101.range.start.character + Math.max(span.indexOf('objects'), 0) + 3);
    log(`cursor on BL101 at line ${bl101.range.start.line + 1}`);
    const hover = await showHover(page);
    const hoverText = await waitFor(async () => {
      const t = norm(await hover.innerText());
      return /BL101 boilerplate-objection/.test(t) && /Full documentation/.test(t) ? t : null;
    }, 10000);
    check(Boolean(hoverText), 'hover on BL101 shows the rule briefly, with a link to its documentation',
      hoverText || norm(await hover.innerText()).slice(0, 200));
    const messageShown = hoverText ? hoverText.split(bl101.message).length - 1 : -1;
    check(messageShown === 1, `the hover shows the diagnostic's message once (${messageShown} times)`, hoverText);
    await page.screenshot({ path: path.join(SHOTS, 'vscode-hover.png') });
    log('screenshot vscode-hover.png');
    // The link runs "Show Rule Documentation" for that rule (the one command trusted in hovers).
    await hover.locator('a', { hasText: 'Full documentation' }).first().click();
    const docShown = await waitFor(async () => {
      for (const fr of page.frames().filter((f) => f !== page.mainFrame())) {
        const t = await fr.locator('body').innerText({ timeout: 500 }).catch(() => '');
        if (/BL101 boilerplate-objection/.test(t) && /What it flags/.test(t)) return true;
      }
      return null;
    }, T);
    check(Boolean(docShown), 'the hover\'s "Full documentation" link opens the rule\'s documentation');
    await page.screenshot({ path: path.join(SHOTS, 'vscode-hover-doc-link.png') });
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+1'); // back to the filing (first editor group)

    // Quick fix (Ctrl+.) on the last BL106.
    const bl106 = expected.filter((f) => f.code === 'BL106').pop(); // the last one
    const fixTitle = bl106.fixes[0].title;
    const line106 = bl106.range.start.line + 1;
    await gotoPosition(page, line106, bl106.range.start.character + 2);
    log(`cursor on BL106 at line ${line106}`);
    await page.keyboard.press('Control+.');
    const item = page.locator('.action-widget .monaco-list-row', { hasText: fixTitle }).first();
    await item.waitFor({ timeout: T });
    const menu = norm(await page.locator('.action-widget').first().innerText());
    check(menu.includes('Disable BL106 for this line'), 'quick-fix menu also offers "Disable BL106 for this line"', menu);
    await page.screenshot({ path: path.join(SHOTS, 'vscode-quickfix.png') });
    // Choose it with the keyboard: move the focus down to it, then Enter.
    const focused = page.locator('.action-widget .monaco-list-row.focused');
    for (let i = 0; i < 12 && !norm(await focused.innerText().catch(() => '')).includes(fixTitle); i++) {
      await page.keyboard.press('ArrowDown');
      await page.waitForTimeout(50);
    }
    check(norm(await focused.innerText().catch(() => '')).includes(fixTitle), `quick fix "${fixTitle}" selected`);
    await page.keyboard.press('Enter');
    const after = await waitFor(async () => {
      const r = await allProblemRows(page);
      // BL003 stands on the "[date]" the fix inserted until it is filled.
      return r.length === expected.length && !r.some((x) => x.code === 'BL106' && x.line === line106)
        && r.some((x) => x.code === 'BL003') ? r : null;
    }, T, 500);
    check(Boolean(after), `quick fix "${fixTitle}" applied: BL106 on line ${line106} gone, BL003 on its placeholder`,
      JSON.stringify((await allProblemRows(page)).map((r) => r.text)));
    const lineText = norm(await page.locator('.monaco-editor .view-lines').first().innerText());
    check(lineText.includes('Production will be completed no later than'), 'fix text visible in the editor');
    await page.screenshot({ path: path.join(SHOTS, 'vscode-after-fix.png') });

    // Live settings: brieflint.rules in the workspace settings turns BL105 off without a restart.
    const n105 = expected.filter((f) => f.code === 'BL105').length;
    fs.mkdirSync(path.join(WS_OK, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(WS_OK, '.vscode', 'settings.json'), JSON.stringify({ 'brieflint.rules': { BL105: 'off' } }));
    const noBl105 = await waitFor(async () => {
      const r = await allProblemRows(page);
      return r.length === expected.length - n105 && !r.some((x) => x.code === 'BL105') ? r : null;
    }, T, 500);
    check(Boolean(noBl105), `setting brieflint.rules {"BL105": "off"} applied live (${n105} BL105 markers gone)`,
      JSON.stringify((await allProblemRows(page)).map((r) => r.code)));

    // Command: brieflint: Restart Server. The new server gets the settings as initializationOptions.
    await runCommand(page, 'brieflint: Restart Server');
    await page.waitForTimeout(1000);
    const restarted = await waitFor(async () => {
      const r = await allProblemRows(page);
      return r.length === expected.length - n105 && !r.some((x) => x.code === 'BL105') ? r : null;
    }, T, 500);
    check(Boolean(restarted), '"brieflint: Restart Server": diagnostics back, with the workspace settings applied');

    // Command: brieflint: Show Rule Documentation (server request brieflint/ruleDocumentation).
    await runCommand(page, 'brieflint: Show Rule Documentation');
    const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: 'BL102' }).first();
    let picked = false;
    // The rule under the cursor is shown directly; elsewhere a quick pick of the rules opens.
    const outcome = await waitFor(async () => {
      if (!picked && await pick.isVisible().catch(() => false)) {
        await page.locator('.quick-input-widget input').fill('BL102');
        await page.waitForTimeout(100);
        await page.keyboard.press('Enter');
        picked = true;
        return null;
      }
      const toast = norm(await page.locator('.notifications-toasts').first().innerText({ timeout: 500 }).catch(() => ''));
      if (/does not support brieflint\/ruleDocumentation/.test(toast)) return `message: ${toast}`;
      const frames = page.frames().filter((f) => f !== page.mainFrame());
      for (const fr of frames) {
        const t = await fr.locator('body').innerText({ timeout: 500 }).catch(() => '');
        if (/BL102 missing-withholding-statement/.test(t) && /What it flags/.test(t)) return 'preview shown';
      }
      return null;
    }, T);
    check(Boolean(outcome), `"brieflint: Show Rule Documentation" shows the rule or a clear message (${outcome})`);
    await page.screenshot({ path: path.join(SHOTS, 'vscode-rule-doc.png') });
    await page.keyboard.press('Escape');

    // Command: brieflint: Show Table of Authorities (server request brieflint/tableOfAuthorities), on the filing.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+1'); // back to the filing (first editor group)
    await page.locator('.statusbar-item', { hasText: /Ln \d+, Col \d+/ }).first().waitFor({ timeout: T });
    await runCommand(page, 'brieflint: Show Table of Authorities');
    const toa = await waitFor(async () => {
      const toast = norm(await page.locator('.notifications-toasts').first().innerText({ timeout: 500 }).catch(() => ''));
      if (/does not support brieflint\/tableOfAuthorities/.test(toast)) return `message: ${toast}`;
      for (const fr of page.frames().filter((f) => f !== page.mainFrame())) {
        const t = await fr.locator('body').innerText({ timeout: 500 }).catch(() => '');
        if (/Table of Authorities/i.test(t) && t.includes('Fed. R. Civ. P.')) return `preview shown: ${norm(t).slice(0, 120)}`;
      }
      return null;
    }, T);
    check(Boolean(toa), `"brieflint: Show Table of Authorities" shows the table or a clear message (${toa})`);
    await page.screenshot({ path: path.join(SHOTS, 'vscode-table-of-authorities.png') });

    // The word count under the filing's length limit, in its own status-bar item.
    await openFile(page, 'letter-28j.md');
    const lengthLabel = await waitFor(async () => {
      const item = page.locator('.statusbar-item [aria-label^="Word count (brieflint)"], .statusbar-item[aria-label^="Word count (brieflint)"]').first();
      const l = await item.getAttribute('aria-label', { timeout: 1000 }).catch(() => null);
      return l && l.includes('362 words counted; limit 350 words') ? l : null;
    }, T);
    check(Boolean(lengthLabel), 'status bar shows the word count and the limit of a Rule 28(j) letter', lengthLabel || '');

    if (expectCitation) {
      await openFile(page, 'citation.md');
      const text = fs.readFileSync(path.join(WS_OK, 'citation.md'), 'utf8').split('\n');
      const i = text.findIndex((l) => l.includes('Fed. R. Civ. P. 34(b)(2)(C)'));
      await gotoPosition(page, i + 1, text[i].indexOf('Fed. R. Civ. P. 34(b)(2)(C)') + 5);
      const h = await showHover(page);
      const rule = 'An objection must state whether any responsive materials are being withheld on the basis of that objection.';
      const got = await waitFor(async () => {
        const t = norm(await h.innerText());
        return t.includes('Fed. R. Civ. P. 34(b)(2)(C)') && t.includes(rule) ? t : null;
      }, 10000);
      check(Boolean(got), 'hover on Fed. R. Civ. P. 34(b)(2)(C) shows the rule text', norm(await h.innerText()).slice(0, 200));
      await page.screenshot({ path: path.join(SHOTS, 'vscode-citation-hover.png') });
      log('screenshot vscode-citation-hover.png');
    } else {
      log('skip citation hover (set BRIEFLINT_EXPECT_CITATION_HOVER=1)');
    }

    // Command: brieflint: Review responses (.docx/.pdf) (server request brieflint/reviewResponses) on the
    // PDF copied into the workspace: the file dialog takes its path; the Markdown rendering opens
    // read-only beside, and its findings, each naming a page of the PDF, are in Problems.
    await page.keyboard.press('Escape');
    await runCommand(page, 'brieflint: Review responses (.docx/.pdf)');
    const dialog = page.locator('.quick-input-widget input');
    await dialog.waitFor({ timeout: T });
    // The dialog fills in the workspace folder once it has read it; type the path after that.
    await waitFor(async () => ((await dialog.inputValue().catch(() => '')).includes(path.basename(WS_OK)) ? true : null), T);
    const pdfPath = path.join(WS_OK, 'acme.pdf');
    await dialog.fill(pdfPath);
    await waitFor(async () => ((await dialog.inputValue().catch(() => '')) === pdfPath ? true : null), 5000);
    await page.waitForTimeout(300);
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab[aria-label*="acme.pdf.md"]').first().waitFor({ timeout: T });
    const renderedText = norm(await page.locator('.monaco-editor .view-lines').last().innerText());
    // The top of the rendering: the caption, its court lines as Markdown headings.
    check(renderedText.includes('## UNITED STATES DISTRICT COURT') && renderedText.includes('NORTHWIND MEDICAL, INC.'),
      '"brieflint: Review responses" opens the Markdown rendering',
      renderedText.slice(0, 120));
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel').waitFor({ timeout: T });
    const reviewRows = await waitFor(async () => {
      const r = (await allProblemRows(page)).filter((row) => /\[page \d+, line \d+/.test(row.message));
      return r.length ? r : null;
    }, T);
    check(Boolean(reviewRows) && reviewRows.length >= expected.length - 2,
      `"brieflint: Review responses": Problems lists the PDF's findings with their pages (${reviewRows ? reviewRows.length : 0})`);
    await page.screenshot({ path: path.join(SHOTS, 'vscode-review-responses.png') });

    // Command: brieflint: Draft deficiency letter (the server's brieflint.letter.draft, through
    // workspace/executeCommand) with the rendering active: the letter about the PDF it came from opens as
    // a new, untitled Markdown document beside it, its headings naming the PDF's pages.
    await runCommand(page, 'brieflint: Draft deficiency letter');
    const letterTab = page.locator('.tabs-container .tab[aria-label*="Untitled"]').first();
    await letterTab.waitFor({ timeout: T });
    // Monaco wraps long lines and shows only what fits: compare without whitespace, and reach the
    // sections through "Go to Symbol in Editor" (the letter's Markdown headings).
    const squash = (x) => x.replace(/\s+/g, '');
    const letterText = await waitFor(async () => {
      const t = norm(await page.locator('.monaco-editor .view-lines').last().innerText());
      return squash(t).includes('Draftedbybrieflintfrom') ? t : null;
    }, T);
    check(Boolean(letterText) && squash(letterText).includes('Draftedbybrieflintfromacme.pdf.'),
      '"brieflint: Draft deficiency letter" opens the letter about the reviewed PDF', (letterText || '').slice(0, 200));
    await page.keyboard.press('Control+Shift+O');
    const sectionRow = page.locator('.quick-input-list .monaco-list-row', { hasText: /Response to Request for Production No\. \d+ \(page \d+\)/ }).first();
    const sections = await waitFor(async () => ((await sectionRow.count()) ? sectionRow.innerText() : null), T);
    check(Boolean(sections), 'the letter has a section per deficient response, naming its page in the PDF', sections || '');
    if (sections) {
      await sectionRow.click();
      const quoted = await waitFor(async () => {
        const t = squash(await page.locator('.monaco-editor .view-lines').last().innerText());
        return t.includes(squash('> "Acme objects to this Request as')) ? t : null;
      }, 10000);
      check(Boolean(quoted), '"brieflint: Draft deficiency letter" quotes the objections');
    } else {
      await page.keyboard.press('Escape');
    }
    const groups = await page.locator('.editor-group-container').count();
    check(groups >= 3, `the letter opens beside the responses (${groups} editor groups)`);
    const mode = await page.locator('.statusbar-item[id="status.editor.mode"]').innerText().catch(() => '');
    check(/markdown/i.test(mode), 'the letter is a Markdown document', mode);
    await page.screenshot({ path: path.join(SHOTS, 'vscode-deficiency-letter.png') });
  } catch (e) {
    check(false, 'VS Code scenario', e.message.split('\n')[0]);
    await page.screenshot({ path: path.join(SHOTS, 'vscode-failure.png') }).catch(() => {});
  } finally {
    await page.close().catch(() => {});
  }
}

// Negative control: with brieflint.server.path naming a missing binary (in the user settings: the
// setting is machine-scoped) the extension must show its error notification with that path.
async function negative(browser, name, ws, serverPath, pattern) {
  const original = fs.readFileSync(USER_SETTINGS, 'utf8');
  const settings = JSON.parse(original);
  settings['brieflint.server.path'] = serverPath;
  fs.writeFileSync(USER_SETTINGS, JSON.stringify(settings, null, 2));
  const page = await newPage(browser);
  try {
    await page.goto(`${CS_URL}/?folder=${encodeURIComponent(ws)}`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: T });
    await openFile(page, 'response.md');
    const t1 = Date.now();
    // The notification as a toast, or (when other toasts crowd it out) in the Notifications center.
    const toast = page.locator('.notification-toast, .notifications-center .notification-list-item', { hasText: pattern }).first();
    let opened = false;
    const found = await waitFor(async () => {
      if (await toast.isVisible().catch(() => false)) return true;
      if (!opened && Date.now() - t1 > 4000) {
        opened = true;
        await runCommand(page, 'Notifications: Show Notifications');
      }
      return false;
    }, T);
    if (!found) throw new Error(`no notification matching ${pattern}`);
    const text = norm(await toast.innerText());
    check(text.includes(serverPath), `${name}: error notification names the path tried (${serverPath})`, text);
    log(`notification: ${text.slice(0, 240)}`);
    const squiggles = await page.locator('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error').count();
    check(squiggles === 0, `${name}: no diagnostics without a server`);
    await page.screenshot({ path: path.join(SHOTS, `vscode-${name}.png`) });
  } catch (e) {
    check(false, `${name}: error notification with the path`, e.message.split('\n')[0]);
    await page.screenshot({ path: path.join(SHOTS, `vscode-${name}-failure.png`) }).catch(() => {});
  } finally {
    await page.close().catch(() => {});
    fs.writeFileSync(USER_SETTINGS, original);
  }
}

// A server that starts, then keeps dying (killed a few seconds after each start): quiet restarts,
// then exactly one notification, with a restart action, and the status bar says it stopped.
async function crashLoop(browser) {
  const original = fs.readFileSync(USER_SETTINGS, 'utf8');
  const settings = JSON.parse(original);
  settings['brieflint.server.path'] = DYING_PATH;
  fs.writeFileSync(USER_SETTINGS, JSON.stringify(settings, null, 2));
  const page = await newPage(browser);
  try {
    await page.goto(`${CS_URL}/?folder=${encodeURIComponent(WS_CRASH)}`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: T });
    await openFile(page, 'response.md');
    const ran = await page.locator('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error').first()
      .waitFor({ timeout: T }).then(() => true).catch(() => false);
    check(ran, 'crash loop: the server ran before it was killed (diagnostics shown)');
    const notice = /brieflint: the language server .* exited unexpectedly \d+ times in 3 minutes/;
    const stopped = await waitFor(async () => {
      const l = await brieflintStatus(page);
      return /not running/.test(l) ? l : null;
    }, 90000, 500);
    check(Boolean(stopped), 'crash loop: the status bar says the server is not running', await brieflintStatus(page));
    await page.waitForTimeout(1500);
    const toasts = (await page.locator('.notification-toast').allInnerTexts()).map(norm);
    const ours = toasts.filter((t) => /brieflint/.test(t));
    check(ours.length === 1 && notice.test(ours[0]) && /Restart Server/.test(ours[0]),
      'crash loop: one notification, naming the binary, with "Restart Server"', JSON.stringify(ours));
    check(!toasts.some((t) => /EPIPE/.test(t)), 'crash loop: no "write EPIPE" pop-up', JSON.stringify(toasts));
    await page.screenshot({ path: path.join(SHOTS, 'vscode-crash-loop.png') });
  } catch (e) {
    check(false, 'crash loop scenario', e.message.split('\n')[0]);
    await page.screenshot({ path: path.join(SHOTS, 'vscode-crash-loop-failure.png') }).catch(() => {});
  } finally {
    await page.close().catch(() => {});
    fs.writeFileSync(USER_SETTINGS, original);
  }
}

// Restricted Mode: an untrusted folder whose .vscode/settings.json names an executable inside it
// (and the user's own setting points into the workspace too). The extension must lint with its
// bundled server and never run that executable.
async function restricted(browser) {
  const page = await newPage(browser);
  try {
    await page.goto(`${CS2_URL}/?folder=${encodeURIComponent(WS_UNTRUSTED)}`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: T });
    const mode = norm(await page.locator('.statusbar, .monaco-workbench').first().innerText().catch(() => ''));
    log(`restricted: workbench up (${/Restricted Mode/.test(mode) ? 'Restricted Mode shown' : 'no Restricted Mode label seen'})`);
    await openFile(page, 'response.md');
    await page.locator('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error').first().waitFor({ timeout: T });
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel').waitFor({ timeout: T });
    const rows = await waitFor(async () => {
      const r = await problemRows(page);
      return r.some((x) => x.code === 'BL101') ? r : null;
    });
    check(Boolean(rows), 'Restricted Mode: the bundled server lints the untrusted folder (BL101 in Problems)');
    check(!fs.existsSync(EVIL_MARK), 'Restricted Mode: the executable named by the workspace never ran');
    await page.screenshot({ path: path.join(SHOTS, 'vscode-restricted-mode.png') });
  } catch (e) {
    check(false, 'Restricted Mode scenario', e.message.split('\n')[0]);
    await page.screenshot({ path: path.join(SHOTS, 'vscode-restricted-failure.png') }).catch(() => {});
  } finally {
    await page.close().catch(() => {});
  }
}

(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: env('CHROMIUM', '/usr/bin/chromium'),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  try {
    if (!env('ONLY') || env('ONLY') === 'positive') await positive(browser);
    if (CS2_URL && (!env('ONLY') || env('ONLY') === 'restricted')) await restricted(browser);
    if (!env('ONLY') || env('ONLY') === 'negative') {
      // A wrong brieflint.server.path, and a "binary" that dies at once.
      await negative(browser, 'missing-binary', WS_BAD, BAD_PATH, 'brieflint: language server binary not found');
      if (WS_CRASH) {
        await negative(browser, 'crashing-server', WS_CRASH, CRASH_PATH,
          /brieflint: (could not start the language server|the language server .* exited unexpectedly)/);
      }
      if (WS_CRASH && DYING_PATH) await crashLoop(browser);
    }
  } finally {
    await browser.close().catch(() => {});
  }
  console.log(`vscode: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
})().catch((e) => {
  console.error('FAIL', e);
  process.exit(1);
});
