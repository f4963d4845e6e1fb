// Browser tests of the web page (web/): headless Chromium driven by
// puppeteer-core. The page's results must be those of mtasts-lint
// --format=json and mtasts-gen --format=json on the same inputs.
//
// Environment: MTASTS_SITE (the folder web/build.sh made), MTASTS_LINT,
// MTASTS_GEN (the tools), MTASTS_SOURCE_DIR, MTASTS_ARTIFACTS (where the
// screenshots go), CHROMIUM (the browser; default /usr/bin/chromium).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';

const env = (k, d) => process.env[k] || d;
const site = path.resolve(env('MTASTS_SITE'));
const lint = env('MTASTS_LINT');
const gen = env('MTASTS_GEN');
const src = path.resolve(env('MTASTS_SOURCE_DIR', '.'));
const artifacts = path.resolve(env('MTASTS_ARTIFACTS', 'web-artifacts'));
const chromium = env('CHROMIUM', '/usr/bin/chromium');
fs.mkdirSync(artifacts, { recursive: true });

const started = Date.now();
const stage = (s) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${s}`);
let failures = 0;
let checks = 0;
function ok(cond, what) {
  checks++;
  if (!cond) {
    failures++;
    console.log(`FAIL: ${what}`);
  }
}
function same(a, b, what) {
  const ja = JSON.stringify(a), jb = JSON.stringify(b);
  ok(ja === jb, `${what}\n  page: ${ja}\n  tool: ${jb}`);
}

function lintJson(args) {
  const r = spawnSync(lint, ['--format=json', ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`mtasts-lint ${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout).results[0];
}

function genJson(args) {
  const r = spawnSync(gen, ['--format=json', ...args], { encoding: 'utf8' });
  return { status: r.status, out: r.status === 0 ? JSON.parse(r.stdout) : null, err: r.stderr };
}

const pick = (d) => ({ id: d.id, severity: d.severity, line: d.line, column: d.column });

// ------------------------------------------------------------------ browser
const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  dumpio: Boolean(process.env.MTASTS_WEB_DUMPIO),
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--allow-file-access-from-files'],
});

// Opens the page at url; every request outside prefix is refused and
// recorded in the returned list.
async function open(url, prefix, viewport) {
  const page = await browser.newPage();
  await page.setViewport(viewport || { width: 1280, height: 900 });
  const outside = [];
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    const u = req.url();
    if (u.startsWith(prefix) || u.startsWith('data:') || u.startsWith('blob:')) {
      req.continue();
    } else {
      outside.push(u);
      req.abort();
    }
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  return { page, outside, errors };
}

// Sets the value of a field as typing would, and waits for the check.
async function setField(page, id, value) {
  await page.evaluate((id, value) => {
    const e = document.getElementById(id);
    e.value = value;
    e.dispatchEvent(new Event('input', { bubbles: true }));
    e.dispatchEvent(new Event('change', { bubbles: true }));
  }, id, value);
}

async function checkerState(page) {
  return page.evaluate(() => {
    window.MtastsPage.check();
    const items = [...document.querySelectorAll('#findings > li')];
    return {
      findings: items.map((li) => ({
        id: li.dataset.id, severity: li.dataset.severity,
        line: Number(li.dataset.line), column: Number(li.dataset.column),
      })),
      values: JSON.parse(document.getElementById('checker-values').dataset.json),
    };
  });
}

const siteUrl = pathToFileURL(site).href + '/';
const { page, outside, errors } = await open(siteUrl + 'index.html', siteUrl);
ok(await page.evaluate(() => location.protocol === 'file:'), 'the page runs from file://');

stage('checker: files');
// ----------------------------------------------------------- checker: files
const files = [
  ...fs.readdirSync(path.join(src, 'examples/data')).map((f) => path.join(src, 'examples/data', f)),
  ...fs.readdirSync(path.join(src, 'tests/data/known-good')).map((f) => path.join(src, 'tests/data/known-good', f)),
  ...['errors.txt', 'warning.txt', 'mixed.txt', 'utf8.txt', 'percent.txt', 'empty.txt', 'binary.bin',
    'microsoft-365.txt', 'rfc8461-section-3.2.txt'].map((f) => path.join(src, 'tests/cli/inputs', f)),
].filter((f) => fs.existsSync(f) && fs.statSync(f).isFile());

await setField(page, 'checker-kind', 'policy');
const fileInput = await page.$('#checker-file');
for (const f of files) {
  for (const mx of ['', 'mx1.example.org mx9.example.net']) {
    const before = await page.evaluate(() => Number(document.body.dataset.loaded || 0));
    await setField(page, 'checker-mx', mx);
    // The file as bytes, as a user opens or drops it.
    await fileInput.uploadFile(f);
    await page.waitForFunction((n) => Number(document.body.dataset.loaded || 0) > n, {}, before);
    const got = await checkerState(page);
    const want = lintJson([...mx.split(' ').filter(Boolean).flatMap((h) => ['--mx', h]), f]);
    const name = `${path.relative(src, f)}${mx ? ' with MX hosts' : ''}`;
    same(got.findings, want.diagnostics.map(pick), `${name}: findings`);
    same(got.values, want.policy, `${name}: parsed values`);
  }
}

stage('checker: typed text');
// Typed text: diagnostics appear after a pause, without a call.
await page.evaluate(() => { document.getElementById('checker-input').value = ''; });
await setField(page, 'checker-mx', '');
await page.focus('#checker-input');
await page.keyboard.type('version: STSv1\nmode: enforce\nmx: mx1.example.org.\nmax_age: 86400\n', { delay: 2 });
await page.waitForFunction(() => document.querySelector('#findings > li[data-id="policy-mx-trailing-dot"]'), { timeout: 5000 });
{
  const typed = '/tmp/mtasts-web-typed.txt';
  fs.writeFileSync(typed, 'version: STSv1\nmode: enforce\nmx: mx1.example.org.\nmax_age: 86400\n');
  const got = await checkerState(page);
  same(got.findings, lintJson([typed]).diagnostics.map(pick), 'typed policy: findings');
  // Clicking a finding puts the cursor on its span.
  const li = await page.$('#findings > li[data-id="policy-mx-trailing-dot"]');
  const span = await li.evaluate((e) => [Number(e.dataset.start), Number(e.dataset.end)]);
  await (await li.$('button.where')).click();
  const sel = await page.evaluate(() => {
    const t = document.getElementById('checker-input');
    return [document.activeElement === t, t.selectionStart, t.selectionEnd, t.value.slice(t.selectionStart, t.selectionEnd)];
  });
  same(sel, [true, span[0], span[1], '.'], 'clicking a finding selects its span in the text');
  ok(await page.evaluate(() => document.querySelectorAll('#checker-backdrop mark').length >= 1),
    'the offending span is highlighted');
  ok(await page.evaluate(() => [...document.querySelectorAll('#findings a')].some((a) =>
    a.href === 'https://www.rfc-editor.org/rfc/rfc8461#section-3.2')), 'findings link to the RFC section');
}

stage('checker: records');
// ---------------------------------------------------------- checker: records
const stsSets = [
  ['v=STSv1; id=20240115120000'],
  ['v=STSv1; id=2024;'],
  ['v=STSv1;id=abc-def'],
  ['"v=STSv1; " "id=1"'],
  ['v=STSv1; id=1', 'v=STSv1; id=2'],
  ['v=spf1 -all', 'v=STSv1; id=x1'],
  ['v=STSv1'],
  ['id=1; v=STSv1'],
];
const tlsSets = [
  ['v=TLSRPTv1; rua=mailto:tlsrpt@example.com'],
  ['v=TLSRPTv1; rua=mailto:a@example.com,https://r.example.com/x'],
  ['v=TLSRPTv1; rua=ftp://example.com'],
  ['v=TLSRPTv1;'],
  ['"v=TLSRPTv1; rua=mailto:a@example.com"', 'v=TLSRPTv1; rua=mailto:b@example.com'],
  ['v=TLSRPTv1; rua=mailto:a@example.com; ruf=x'],
];
for (const [kind, opt, sets] of [['sts', '--txt', stsSets], ['tlsrpt', '--tlsrpt', tlsSets]]) {
  await setField(page, 'checker-kind', kind);
  for (const set of sets) {
    await setField(page, 'checker-input', set.join('\n'));
    const got = await checkerState(page);
    const want = lintJson(set.flatMap((r) => [opt, r]));
    same(got.findings, want.diagnostics.map(pick), `${kind} ${JSON.stringify(set)}: findings`);
    same(got.values, want.record, `${kind} ${JSON.stringify(set)}: parsed values`);
  }
}
await setField(page, 'checker-kind', 'policy');

stage('checker: 1 MB');
// ------------------------------------------------------- checker: 1 MB text
{
  const big = ['version: STSv1', 'mode: enforce'];
  for (let i = 0, n = 0; n < 1 << 20; i++) {
    big.push(`mx: mx${i}.example.org.`);
    n += big[big.length - 1].length + 1;
  }
  big.push('max_age: 86400', '');
  const text = big.join('\n');
  const bigFile = '/tmp/mtasts-web-big.txt';
  fs.writeFileSync(bigFile, text);
  const t0 = Date.now();
  stage('1 MB: set');
  await page.evaluate((text) => {
    const e = document.getElementById('checker-input');
    e.value = text;
    e.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
  await page.waitForFunction(() => document.querySelectorAll('#findings > li').length > 0 &&
    document.getElementById('checker-summary').textContent.startsWith('Not valid'), { timeout: 10000, polling: 50 });
  const ms = Date.now() - t0;
  stage('1 MB: shown');
  // The page still answers at once.
  const t1 = Date.now();
  await page.evaluate(() => 1);
  const answer = Date.now() - t1;
  stage('1 MB: state');
  const got = await checkerState(page);
  stage('1 MB: lint');
  const want = lintJson([bigFile]);
  console.log(`1 MB policy: findings after ${ms} ms, page answered in ${answer} ms, ${got.findings.length} findings`);
  ok(ms < 10000 && answer < 1000, `a 1 MB policy does not freeze the page (${ms} ms, ${answer} ms)`);
  // MTASTS_DEFAULT_MAX_DIAGNOSTICS findings, and the note that says the rest were left out.
  ok(got.findings.length <= 257, 'diagnostics are capped as the library caps them');
  same(got.findings, want.diagnostics.map(pick), '1 MB policy: findings');
}

stage('generator');
// ----------------------------------------------------------------- generator
const genCases = [
  { domain: 'example.com', mode: 'testing', preset: 'google-workspace', mx: '', maxAge: '', rua: 'mailto:tlsrpt@example.com', server: 'nginx' },
  { domain: 'example.org', mode: 'enforce', preset: 'microsoft-365', mx: '', maxAge: '1209600', rua: '', server: 'apache' },
  { domain: 'example.net', mode: 'enforce', preset: 'self-hosted', mx: 'mx1.example.net\n*.mail.example.net', maxAge: '2w', rua: 'mailto:a@example.net\nhttps://tlsrpt.example.net/v1', server: 'caddy' },
  { domain: 'example.com.', mode: 'none', preset: '', mx: 'mx.example.com', maxAge: '86400', rua: '', server: 'nginx' },
];
// Refused values: mtasts-gen prints nothing; the page explains the field.
const badCases = [
  [{ domain: 'exa mple.com', mode: 'testing', preset: '', mx: 'mx.example.com', maxAge: '', rua: '', server: 'nginx' }, 'gen-domain'],
  [{ domain: 'example.com', mode: 'enforce', preset: '', mx: 'mx1.example.com.', maxAge: '', rua: '', server: 'nginx' }, 'gen-mx'],
  [{ domain: 'example.com', mode: 'enforce', preset: '', mx: 'mx1.example.com', maxAge: '99999999', rua: '', server: 'nginx' }, 'gen-max-age'],
  [{ domain: 'example.com', mode: 'enforce', preset: '', mx: 'mx.example.com', maxAge: '3600', rua: '', server: 'nginx' }, 'gen-max-age'],
  [{ domain: 'example.com', mode: 'testing', preset: '', mx: 'mx1.example.com', maxAge: '', rua: 'ftp://example.com', server: 'nginx' }, 'gen-rua'],
  [{ domain: 'example.com', mode: 'testing', preset: '', mx: 'mx1.example.com', maxAge: '', rua: '', server: 'nginx', id: 'not-an-id' }, 'gen-id'],
];
async function fillGen(c) {
  for (const [id, v] of [['gen-domain', c.domain], ['gen-mode', c.mode], ['gen-preset', c.preset], ['gen-mx', c.mx],
    ['gen-max-age', c.maxAge], ['gen-rua', c.rua], ['gen-server', c.server], ['gen-id', c.id || '20240115120000']])
    await setField(page, id, v);
  return page.evaluate(() => {
    window.MtastsPage.generate();
    const t = (id) => document.getElementById(id).textContent;
    const errs = {};
    for (const e of document.querySelectorAll('.field-error')) if (e.textContent.trim()) errs[e.id] = e.textContent;
    return {
      policy: t('gen-policy'), sts: t('gen-sts'), stsZone: t('gen-sts-zone'), tlsrpt: t('gen-tlsrpt'),
      tlsrptZone: t('gen-tlsrpt-zone'), server: t('gen-server-config'), errs,
    };
  });
}
function genArgs(c) {
  const a = ['--domain', c.domain, '--mode', c.mode, '--id', c.id || '20240115120000', '--server', c.server];
  if (c.preset) a.push('--preset', c.preset);
  for (const m of c.mx.split('\n').filter(Boolean)) a.push('--mx', m);
  if (c.maxAge) a.push('--max-age', c.maxAge);
  for (const r of c.rua.split('\n').filter(Boolean)) a.push('--rua', r);
  return a;
}
for (const c of genCases) {
  const got = await fillGen(c);
  const want = genJson(genArgs(c));
  const name = `generator ${genArgs(c).join(' ')}`;
  ok(want.status === 0, `${name}: mtasts-gen succeeds (${want.err})`);
  if (!want.out) continue;
  const sts = want.out.records[0], tls = want.out.records[1];
  same(got.policy, want.out.policy.text, `${name}: policy`);
  same([got.sts, got.stsZone], [sts.value, `${sts.name} IN TXT ${sts.zone}`], `${name}: _mta-sts record`);
  same([got.tlsrpt, got.tlsrptZone], tls ? [tls.value, `${tls.name} IN TXT ${tls.zone}`] : ['', ''], `${name}: TLS-RPT record`);
  same(got.server, want.out.server.config, `${name}: server snippet`);
  same(Object.keys(got.errs), [], `${name}: no field refused`);
  // What the page shows passes mtasts-lint --strict.
  const pf = '/tmp/mtasts-web-gen.txt';
  fs.writeFileSync(pf, got.policy);
  const l = spawnSync(lint, ['--strict', pf, '--txt', got.sts, ...(got.tlsrpt ? ['--tlsrpt', got.tlsrpt] : [])]);
  ok(l.status === 0, `${name}: the output passes mtasts-lint --strict`);
}
for (const [c, field] of badCases) {
  const got = await fillGen(c);
  const want = genJson(genArgs(c));
  const name = `generator refuses ${genArgs(c).join(' ')}`;
  ok(want.status === 2, `${name}: mtasts-gen refuses it too`);
  ok(got.policy === '' && got.sts === '', `${name}: nothing shown`);
  ok(Boolean(got.errs[field + '-error']), `${name}: explained next to ${field} (${JSON.stringify(got.errs)})`);
}
await fillGen(genCases[0]);

stage('checker: apply fix');
// ---------------------------------------------------- checker: apply fix
// "Apply fix" in the page, one finding at a time, gives what mtasts-lint
// --fix writes (and what the + lines of --fix --diff show), also after
// characters that are 2 or 4 UTF-8 bytes and 1 or 2 UTF-16 units, since
// the spans are bytes and the page's text is UTF-16.
{
  const fixCases = [
    ['one fix after non-ASCII text',
      'version: STSv1\nmode: enforce\nx_note: \u00e9\u{1F600} ok\nmx: mail.example.com.\nmax_age: 604800\n'],
    ['a key in capitals', 'version: STSv1\nMode: enforce\nmx: mail.example.com\nmax_age: 604800\n'],
    ['several fixes, in rounds', fs.readFileSync(path.join(src, 'tests/cli/inputs/errors.txt'), 'utf8')],
    // (Non-ASCII outside mx: the page is built without libidn2, so it has no
    // A-label hint for a U-label; docs/web.md.)
    ['max_age too large, after non-ASCII', 'version: STSv1\nmode: testing\nx_note: \u00e9\u{1F600}\nmx: *.example.com\nmax_age: 99999999\n'],
  ];
  await setField(page, 'checker-kind', 'policy');
  await setField(page, 'checker-mx', '');
  for (const [name, text] of fixCases) {
    const file = `/tmp/mtasts-web-fix-${process.pid}.txt`;
    fs.writeFileSync(file, text);
    const diff = spawnSync(lint, ['--fix', '--diff', file], { encoding: 'utf8' });
    const fixed = spawnSync(lint, ['--fix', file], { encoding: 'utf8' });
    const want = fs.readFileSync(file, 'utf8');
    fs.unlinkSync(file);
    ok(fixed.status === 0 || fixed.status === 1, `${name}: mtasts-lint --fix ran (${fixed.stderr})`);
    await setField(page, 'checker-input', text);
    await checkerState(page);
    // The first "Apply fix" button of an error or a warning, until none is
    // left: --fix leaves the hints of notes, which are advice.
    const fixable = '#findings > li[data-hint]:not([data-severity="note"])';
    let clicks = 0;
    for (; clicks < 10; clicks++) {
      const button = await page.$(`${fixable} button.apply-fix`);
      if (!button) break;
      const li = await page.evaluate((sel) => {
        const e = document.querySelector(sel);
        const t = document.getElementById('checker-input').value;
        return { start: Number(e.dataset.fixStart), end: Number(e.dataset.fixEnd),
          offset: Number(e.dataset.offset), length: Number(e.dataset.length), bytes: new TextEncoder().encode(t) };
      }, fixable);
      // The span in the text is the byte span, converted.
      const bytes = Buffer.from(Object.values(li.bytes));
      const before = bytes.subarray(0, li.offset).toString('utf8');
      const inside = bytes.subarray(li.offset, li.offset + li.length).toString('utf8');
      same([li.start, li.end], [before.length, before.length + inside.length],
        `${name}: the fix span in UTF-16 units is the byte span`);
      await button.click();
      await checkerState(page);
    }
    const got = await page.evaluate(() => document.getElementById('checker-input').value);
    ok(clicks > 0, `${name}: the page offers a fix`);
    same(got, want, `${name}: the page's fixes give what mtasts-lint --fix writes`);
    const added = diff.stdout.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++')).map((l) => l.slice(1));
    ok(diff.status === 1 && added.length > 0 && added.every((l) => got.split('\n').includes(l)),
      `${name}: the lines --fix --diff adds are in the page's text`);
  }
}

stage('screenshots');
// --------------------------------------------------------------- screenshots
await page.evaluate(() => {
  const e = document.getElementById('checker-input');
  e.value = 'version: STSv1\nmode: enforce\nmx: mx1.example.org.\nmx: *.example.org\nmax_age: 99999999\n';
  e.dispatchEvent(new Event('input', { bubbles: true }));
  window.MtastsPage.check();
});
await (await page.$('#generator')).screenshot({ path: path.join(artifacts, 'generator.png') });
await (await page.$('#checker')).screenshot({ path: path.join(artifacts, 'checker.png') });
await page.screenshot({ path: path.join(artifacts, 'page.png'), fullPage: true });
// The first screen, both tools side by side (docs/web-screenshot.png).
await page.evaluate(() => window.scrollTo(0, 0));
await page.screenshot({ path: path.join(artifacts, 'top.png'), clip: { x: 0, y: 0, width: 1280, height: 1100 } });

// Keyboard alone: Tab reaches the checker's text and a finding's button.
{
  await page.focus('#checker-kind');
  const reached = new Set();
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    reached.add(await page.evaluate(() => document.activeElement.id || document.activeElement.className));
  }
  ok(reached.has('checker-input') && reached.has('where'), `keyboard reaches the text and the findings (${[...reached]})`);
  // Every form control has a label.
  same(await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
    .filter((e) => !e.classList.contains('offscreen') && !(e.labels && e.labels.length)).map((e) => e.id)), [],
  'every control is labelled');
}

ok(outside.length === 0, `no request outside the site folder (file://): ${outside.join(' ')}`);
ok(errors.length === 0, `no error in the page: ${errors.join(' | ')}`);

stage('phone');
// A phone: no horizontal scrolling.
{
  const phone = await open(siteUrl + 'index.html', siteUrl, { width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const wide = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  ok(wide <= 0, `readable on a phone: no horizontal scroll (${wide} px too wide)`);
  await phone.page.screenshot({ path: path.join(artifacts, 'phone.png'), fullPage: true });
  ok(phone.outside.length === 0, 'phone: no request outside the site folder');
  await phone.page.close();
}

stage('http');
// From a static web host: only the site's own files are asked for.
{
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  const server = http.createServer((req, res) => {
    const p = path.join(site, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (!p.startsWith(site) || !fs.existsSync(p) || !fs.statSync(p).isFile()) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'Content-Type': types[path.extname(p)] || 'application/octet-stream' });
    res.end(fs.readFileSync(p));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}/mtasts/`;
  // Serve the site under /mtasts/ (a sub-folder, as on a shared host).
  server.removeAllListeners('request');
  server.on('request', (req, res) => {
    const u = new URL(req.url, 'http://x');
    if (!u.pathname.startsWith('/mtasts/')) { res.writeHead(404); res.end(); return; }
    const p = path.join(site, decodeURIComponent(u.pathname.slice('/mtasts/'.length)) || 'index.html');
    if (!p.startsWith(site) || !fs.existsSync(p) || !fs.statSync(p).isFile()) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'Content-Type': types[path.extname(p)] || 'application/octet-stream' });
    res.end(fs.readFileSync(p));
  });
  const web = await open(base, base);
  await setField(web.page, 'checker-input', 'version: STSv1\nmode: testing\nmx: mx.example.com\nmax_age: 86400\n');
  const st = await checkerState(web.page);
  same(st.findings, [], 'over HTTP: a valid policy has no finding');
  ok(web.outside.length === 0, `no request outside the site folder (http): ${web.outside.join(' ')}`);
  ok(web.errors.length === 0, `no error in the page over HTTP: ${web.errors.join(' | ')}`);
  await web.page.close();
  server.close();
}

await browser.close();
console.log(`web: ${checks - failures} of ${checks} checks passed; screenshots in ${artifacts}`);
process.exit(failures ? 1 : 0);
