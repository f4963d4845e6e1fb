// SPDX-License-Identifier: MIT
/*
 * The web page of libmtasts: a generator and a checker. Every rule is the
 * library's, run as WebAssembly (mtasts.js, built by web/build.sh from
 * lib/ and web/glue.c); this file only moves text in and out and shows
 * the results. No request leaves the page.
 */
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const KINDS = { policy: 0, sts: 1, tlsrpt: 2 };
  /* Above this many characters the text is not mirrored for highlighting
   * (the findings still select their span when clicked). */
  const HIGHLIGHT_MAX = 200000;
  const encoder = new TextEncoder();

  let M = null; /* the WebAssembly module */

  /* ------------------------------------------------------------------ */
  /* Calls into the library                                              */

  /* Copies bytes into the module's memory; returns the pointer (free it). */
  function toHeap(bytes) {
    const p = M._malloc(bytes.length + 1);
    M.HEAPU8.set(bytes, p);
    M.HEAPU8[p + bytes.length] = 0;
    return p;
  }

  /* Takes a JSON text returned by the glue, frees it and parses it. */
  function takeJson(ptr) {
    if (!ptr) throw new Error('libmtasts ran out of memory');
    const s = M.UTF8ToString(ptr);
    M._free(ptr);
    return JSON.parse(s);
  }

  /* kind: policy, sts or tlsrpt; bytes: the input; mx: MX hosts text.
   * Returns the one result of mtasts-lint's JSON document. */
  function check(kind, bytes, mx) {
    const mxBytes = encoder.encode(mx || '');
    const p = toHeap(bytes);
    const q = toHeap(mxBytes);
    try {
      const doc = takeJson(M._web_check(KINDS[kind], p, bytes.length, q, mxBytes.length));
      return doc.results[0];
    } finally {
      M._free(p);
      M._free(q);
    }
  }

  function generate(v) {
    return takeJson(M.ccall('web_generate', 'number',
      ['string', 'string', 'string', 'string', 'string', 'string', 'string', 'string', 'number'],
      [v.domain, v.mode, v.maxAge, v.preset, v.mx, v.rua, v.id, v.server, v.lf ? 1 : 0]));
  }

  /* ------------------------------------------------------------------ */
  /* Helpers                                                             */

  function debounce(fn, ms) {
    let t = null;
    return function () {
      clearTimeout(t);
      t = setTimeout(fn, typeof ms === 'function' ? ms() : ms);
    };
  }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const k in attrs || {}) {
      if (k === 'class') e.className = attrs[k];
      else if (k.startsWith('data-') || k.startsWith('aria-') || k === 'href' ||
               k === 'rel' || k === 'type' || k === 'id' || k === 'tabindex')
        e.setAttribute(k, attrs[k]);
      else e[k] = attrs[k];
    }
    for (const c of children)
      if (c !== null && c !== undefined)
        e.append(c instanceof Node ? c : String(c));
    return e;
  }

  /* Links for a reference such as "RFC 8461 §3.2; RFC 5321 §4.1.2" or
   * "RFC 8461 §3.2, §10.2": each section points at the RFC Editor's page. */
  function referenceLinks(ref) {
    const span = el('span', { class: 'refs' });
    if (!ref) return span;
    const re = /RFC\s+(\d+)|§\s*([\d.]*\d)/g;
    let last = 0, rfc = null, m;
    while ((m = re.exec(ref))) {
      span.append(ref.slice(last, m.index));
      if (m[1]) {
        rfc = m[1];
        /* The RFC itself, unless a section follows at once. */
        const next = ref.slice(re.lastIndex).match(/^\s*§\s*([\d.]*\d)/);
        if (next) {
          span.append(el('a', { href: `https://www.rfc-editor.org/rfc/rfc${rfc}#section-${next[1]}`, rel: 'noreferrer' },
            m[0] + next[0]));
          re.lastIndex += next[0].length;
        } else {
          span.append(el('a', { href: `https://www.rfc-editor.org/rfc/rfc${rfc}`, rel: 'noreferrer' }, m[0]));
        }
      } else if (rfc) {
        span.append(el('a', { href: `https://www.rfc-editor.org/rfc/rfc${rfc}#section-${m[2]}`, rel: 'noreferrer' }, m[0]));
      } else {
        span.append(m[0]);
      }
      last = re.lastIndex;
    }
    span.append(ref.slice(last));
    return span;
  }

  /*
   * Byte offsets (UTF-8, as the library counts) to indexes into the
   * textarea's text (UTF-16 code units). When the bytes came from a file,
   * a CR before LF is not in the textarea (browsers keep LF only), and
   * every other CR became an LF.
   */
  function byteMap(bytes) {
    const map = new Int32Array(bytes.length + 1);
    let idx = 0;
    for (let i = 0; i < bytes.length;) {
      const b = bytes[i];
      let n = 1, units = 1;
      if (b === 13 && bytes[i + 1] === 10) units = 0;
      else if (b >= 0xc2 && b <= 0xdf) n = 2;
      else if (b >= 0xe0 && b <= 0xef) n = 3;
      else if (b >= 0xf0 && b <= 0xf4) { n = 4; units = 2; }
      for (let k = 1; k < n; k++)
        if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) { n = 1; units = 1; break; }
      for (let k = 0; k < n; k++) map[i + k] = idx;
      idx += units;
      i += n;
    }
    map[bytes.length] = idx;
    return map;
  }

  async function copyText(text, button) {
    try {
      await navigator.clipboard.writeText(text);
    } catch (e) {
      /* file:// pages may have no clipboard API: copy a selection. */
      const t = el('textarea', { class: 'offscreen' });
      t.value = text;
      document.body.append(t);
      t.select();
      document.execCommand('copy');
      t.remove();
    }
    const old = button.textContent;
    button.textContent = 'Copied';
    setTimeout(() => { button.textContent = old; }, 1200);
  }

  /* ------------------------------------------------------------------ */
  /* Generator                                                           */

  let genPolicyText = '';
  let presets = [];

  function utcId() {
    return new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  }

  function genValues() {
    return {
      domain: $('gen-domain').value.trim(),
      mode: $('gen-mode').value,
      maxAge: $('gen-max-age').value.trim(),
      preset: $('gen-preset').value,
      mx: $('gen-mx').value,
      rua: $('gen-rua').value,
      id: $('gen-id').value.trim(),
      server: $('gen-server').value,
      lf: false,
    };
  }

  const GEN_FIELDS = ['gen-domain', 'gen-mode', 'gen-preset', 'gen-mx', 'gen-max-age', 'gen-rua', 'gen-id', 'gen-server'];
  const GEN_OUTPUTS = ['gen-policy', 'gen-sts', 'gen-sts-zone', 'gen-tlsrpt', 'gen-tlsrpt-zone', 'gen-server-config'];

  function runGenerator() {
    const v = genValues();
    const r = generate(v);
    const byField = {};
    for (const p of r.problems) (byField[p.field] = byField[p.field] || []).push(p);
    for (const f of GEN_FIELDS) {
      const box = $(f + '-error');
      const list = byField[f] || [];
      box.replaceChildren();
      for (const p of list) {
        box.append(el('span', { class: 'sev sev-' + p.severity }, p.severity), ' ',
          p.line ? `line ${p.line}: ` : '', p.message,
          p.hint ? el('span', { class: 'hint' }, ' Hint: ', el('code', {}, p.hint)) : null, ' ',
          referenceLinks(p.reference), p.id ? el('span', { class: 'id' }, ` [${p.id}]`) : null);
        box.append(el('br'));
      }
      const bad = list.some((p) => p.severity !== 'note');
      if (bad) $(f).setAttribute('aria-invalid', 'true');
      else $(f).removeAttribute('aria-invalid');
    }
    const outputs = $('gen-outputs');
    if (!r.ok) {
      for (const id of GEN_OUTPUTS) $(id).textContent = '';
      genPolicyText = '';
      outputs.classList.add('stale');
      $('gen-status').textContent = 'Nothing generated: fix the fields marked above.';
      return r;
    }
    outputs.classList.remove('stale');
    for (const e of document.querySelectorAll('.gen-dom')) e.textContent = r.domain;
    genPolicyText = r.policy.text;
    $('gen-policy').textContent = r.policy.text;
    const sts = r.records[0], tls = r.records[1];
    $('gen-sts').textContent = sts.value;
    $('gen-sts-zone').textContent = `${sts.name} IN TXT ${sts.zone}`;
    $('gen-tlsrpt').textContent = tls ? tls.value : '';
    $('gen-tlsrpt-zone').textContent = tls ? `${tls.name} IN TXT ${tls.zone}` : '';
    $('gen-server-config').textContent = r.server ? r.server.config : '';
    const notes = r.problems.length;
    $('gen-status').textContent = 'Generated and checked by libmtasts' +
      (notes ? `, with ${notes} note${notes > 1 ? 's' : ''} above.` : ': no problem found.');
    return r;
  }

  function describePreset() {
    const p = presets.find((x) => x.name === $('gen-preset').value);
    const help = $('gen-preset-help');
    if (!p) { help.textContent = 'No provider: give your MX patterns below.'; return; }
    help.replaceChildren(p.mx.length ? 'Adds mx: ' : 'Give each of your MX hosts below.',
      ...p.mx.map((m, i) => el('code', {}, (i ? ', ' : '') + m)),
      p.hosts.length ? `; covers MX hosts such as ${p.hosts.join(', ')}.` : '');
  }

  function setupGenerator() {
    presets = takeJson(M._web_presets());
    const sel = $('gen-preset');
    for (const p of presets) sel.append(el('option', { value: p.name }, p.title));
    $('gen-id').value = utcId();
    const rerun = debounce(runGenerator, 120);
    for (const f of GEN_FIELDS) {
      $(f).addEventListener('input', rerun);
      $(f).addEventListener('change', rerun);
    }
    sel.addEventListener('change', describePreset);
    $('gen-id-now').addEventListener('click', () => { $('gen-id').value = utcId(); runGenerator(); });
    $('gen-form').addEventListener('submit', (e) => { e.preventDefault(); runGenerator(); });
    for (const b of document.querySelectorAll('[data-copy]')) {
      b.addEventListener('click', () => {
        const id = b.getAttribute('data-copy');
        copyText(id === 'gen-policy' ? genPolicyText : $(id).textContent, b);
      });
    }
    $('gen-download').addEventListener('click', () => {
      if (!genPolicyText) return;
      /* A blob of this page: nothing is sent anywhere. */
      const url = URL.createObjectURL(new Blob([genPolicyText], { type: 'text/plain' }));
      const a = el('a', { href: url });
      a.download = 'mta-sts.txt';
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    });
    describePreset();
    runGenerator();
  }

  /* ------------------------------------------------------------------ */
  /* Checker                                                             */

  /* The file opened or dropped, kept as bytes while the text is unchanged,
   * so that what is checked is the file itself (line endings included). */
  let raw = null; /* { bytes, text } */
  let last = null; /* the last check: { result, starts, map, text } */

  function inputBytes(text) {
    if (raw && raw.text === text) return raw.bytes;
    raw = null;
    return encoder.encode(text);
  }

  /* Byte offsets where each line starts (records: one a line). */
  function lineStarts(bytes) {
    const s = [0];
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) s.push(i + 1);
    return s;
  }

  /* The bytes [offset, offset + length) of a finding's input (a policy,
   * or the record of the finding's line), as [start, end) in the
   * textarea's text. */
  function bytesToText(d, offset, length) {
    if (!last) return [0, 0];
    let base = 0;
    if (last.kind !== 'policy') base = last.starts[d.line - 1] || 0;
    const n = last.map.length - 1;
    const a = Math.min(base + offset, n);
    const b = Math.min(base + offset + length, n);
    return [last.map[a], last.map[b]];
  }

  /* The span of a finding in the textarea's text, as [start, end). */
  function spanOf(d) {
    return bytesToText(d, d.offset, d.length);
  }

  /* The span its fix replaces (the "fix" of the JSON, from the library's
   * fix_offset and fix_length), or null without a fix. */
  function fixSpanOf(d) {
    return d.fix ? bytesToText(d, d.fix.offset, d.fix.length) : null;
  }

  function escapeHtml(s) {
    return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
  }

  function paintBackdrop(text, findings) {
    const back = $('checker-backdrop');
    if (text.length > HIGHLIGHT_MAX) { back.textContent = ''; return; }
    const spans = findings.map((d) => [...spanOf(d), d.severity])
      .filter((s) => s[0] <= text.length)
      .sort((x, y) => x[0] - y[0]);
    let html = '', pos = 0;
    for (const [a0, b0, sev] of spans) {
      const a = Math.max(a0, pos);
      let b = Math.max(b0, a);
      if (a >= text.length && b === a) continue;
      if (b === a) b = Math.min(a + 1, text.length); /* show a point as one character */
      if (text[a] === '\n' && b === a + 1) {
        html += escapeHtml(text.slice(pos, a)) + `<mark class="sev-${sev} point"> </mark>`;
        pos = a;
        continue;
      }
      html += escapeHtml(text.slice(pos, a)) + `<mark class="sev-${sev}">` + escapeHtml(text.slice(a, b)) + '</mark>';
      pos = b;
    }
    /* A final newline needs a character after it to keep the height. */
    back.innerHTML = html + escapeHtml(text.slice(pos)) + '\n ';
    syncScroll();
  }

  function syncScroll() {
    const t = $('checker-input');
    const back = $('checker-backdrop');
    back.scrollTop = t.scrollTop;
    back.scrollLeft = t.scrollLeft;
  }

  /* Selects [start, end) of the text and moves the caret there. */
  function selectSpan(start, end) {
    const t = $('checker-input');
    t.focus();
    t.setSelectionRange(start, end);
    /* Scroll the caret's line into view: blur and focus does it in most
     * browsers; compute it as a fallback. */
    const lineNo = t.value.slice(0, start).split('\n').length - 1;
    const lh = parseFloat(getComputedStyle(t).lineHeight) || 20;
    const y = lineNo * lh;
    if (y < t.scrollTop || y > t.scrollTop + t.clientHeight - lh) t.scrollTop = Math.max(0, y - t.clientHeight / 2);
    syncScroll();
  }

  /*
   * Replaces [start, end) of the checker's text (indexes into its text)
   * with replacement and checks again. For an "apply fix" button: the
   * library's diagnostics can tell the bytes a hint replaces; spanOf turns
   * byte offsets into these indexes.
   */
  function applyFix(start, end, replacement) {
    const t = $('checker-input');
    t.focus();
    t.setSelectionRange(start, end);
    /* execCommand keeps the edit in the undo history where it can. */
    if (!document.execCommand || !document.execCommand('insertText', false, replacement))
      t.setRangeText(replacement, start, end, 'end');
    runChecker();
  }

  /* Applies the fix of finding d of the last check. The textarea holds LF
   * line ends only (browsers drop the CR of CR LF), so the fix's do too. */
  function applyFixOf(d) {
    const span = fixSpanOf(d);
    if (span) applyFix(span[0], span[1], d.fix.text.replace(/\r\n?/g, '\n'));
  }

  function renderValues(result) {
    const dl = $('checker-values');
    dl.replaceChildren();
    const values = result.policy || result.record || {};
    dl.setAttribute('data-json', JSON.stringify(values));
    const row = (k, v) => dl.append(el('dt', {}, k), el('dd', {}, v));
    for (const k of Object.keys(values)) {
      const v = values[k];
      if (Array.isArray(v)) {
        if (k === 'extensions') {
          if (v.length) row(k, v.map((e) => `${e.name}: ${e.value}`).join('\n'));
        } else {
          row(k, v.length ? v.join('\n') : '(none)');
        }
      } else {
        row(k, v === null ? '(not valid or missing)' : String(v));
      }
    }
    if (result.mx_hosts) {
      for (const h of result.mx_hosts)
        row(`MX ${h.host}`, h.covered_by ? `covered by ${h.covered_by}` : 'not covered');
    }
  }

  function renderFindings(result) {
    const ol = $('findings');
    ol.replaceChildren();
    for (const d of result.diagnostics) {
      const [start, end] = spanOf(d);
      const where = `line ${d.line}, column ${d.column}`;
      const go = el('button', { type: 'button', class: 'where' }, where);
      go.setAttribute('aria-label', `${d.severity} at ${where}: go to the text`);
      go.addEventListener('click', () => selectSpan(start, end));
      const li = el('li', {
        class: 'finding sev-' + d.severity,
        'data-id': d.id, 'data-severity': d.severity,
        'data-line': String(d.line), 'data-column': String(d.column),
        'data-start': String(start), 'data-end': String(end),
      },
      el('span', { class: 'sev sev-' + d.severity }, d.severity), ' ', go, ' ',
      el('span', { class: 'message' }, d.message),
      d.hint ? el('span', { class: 'hint' }, el('span', { class: 'label' }, 'Hint: '), el('code', {}, d.hint)) : null,
      el('span', { class: 'meta' }, referenceLinks(d.reference), ' ', el('code', { class: 'id' }, d.id)));
      const fix = fixSpanOf(d);
      if (fix) {
        /* The fix: the bytes it replaces, as the library counts them, and
         * the same as indexes into the text. */
        li.setAttribute('data-hint', d.fix.text);
        li.setAttribute('data-offset', String(d.fix.offset));
        li.setAttribute('data-length', String(d.fix.length));
        li.setAttribute('data-fix-start', String(fix[0]));
        li.setAttribute('data-fix-end', String(fix[1]));
        const apply = el('button', { type: 'button', class: 'apply-fix' }, 'Apply fix');
        apply.setAttribute('aria-label', `Apply the fix at ${where}: ${d.fix.text.trim()}`);
        apply.addEventListener('click', () => applyFixOf(d));
        li.append(' ', apply);
      }
      ol.append(li);
    }
  }

  function runChecker() {
    const kind = $('checker-kind').value;
    const text = $('checker-input').value;
    const bytes = inputBytes(text);
    const mx = kind === 'policy' ? $('checker-mx').value : '';
    const result = check(kind, bytes, mx);
    last = { kind, result, text, map: byteMap(bytes), starts: kind === 'policy' ? null : lineStarts(bytes) };
    renderFindings(result);
    renderValues(result);
    paintBackdrop(text, result.diagnostics);
    const count = { error: 0, warning: 0, note: 0 };
    for (const d of result.diagnostics) count[d.severity]++;
    const parts = Object.keys(count).filter((k) => count[k]).map((k) => `${count[k]} ${k}${count[k] > 1 ? 's' : ''}`);
    $('checker-summary').textContent = (result.valid ? 'Valid' : 'Not valid') +
      (parts.length ? `: ${parts.join(', ')}.` : ': no finding.');
    $('checker-summary').className = result.valid ? 'ok' : 'bad';
    document.body.setAttribute('data-checked', String(Number(document.body.getAttribute('data-checked') || 0) + 1));
    return result;
  }

  function loadFile(file) {
    const reader = new FileReader();
    reader.onload = () => {
      const bytes = new Uint8Array(reader.result);
      const t = $('checker-input');
      t.value = new TextDecoder().decode(bytes);
      raw = { bytes, text: t.value };
      runChecker();
      document.body.dataset.loaded = String(Number(document.body.dataset.loaded || 0) + 1);
    };
    reader.readAsArrayBuffer(file);
  }

  function setupChecker() {
    const t = $('checker-input');
    /* Quick for small texts; a pasted megabyte waits for a pause. */
    const rerun = debounce(runChecker, () => (t.value.length > 100000 ? 400 : 150));
    t.addEventListener('input', rerun);
    t.addEventListener('scroll', syncScroll);
    $('checker-mx').addEventListener('input', rerun);
    $('checker-kind').addEventListener('change', () => {
      $('checker-mx').disabled = $('checker-kind').value !== 'policy';
      runChecker();
    });
    $('checker-file').addEventListener('change', (e) => {
      if (e.target.files[0]) loadFile(e.target.files[0]);
      e.target.value = ''; /* the same file again is a change too */
    });
    const editor = $('checker-editor');
    editor.addEventListener('dragover', (e) => { e.preventDefault(); editor.classList.add('drop'); });
    editor.addEventListener('dragleave', () => editor.classList.remove('drop'));
    editor.addEventListener('drop', (e) => {
      e.preventDefault();
      editor.classList.remove('drop');
      if (e.dataTransfer.files[0]) loadFile(e.dataTransfer.files[0]);
    });
    if (typeof ResizeObserver === 'function')
      new ResizeObserver(() => { $('checker-backdrop').style.height = t.offsetHeight + 'px'; syncScroll(); }).observe(t);
    runChecker();
  }

  /* ------------------------------------------------------------------ */
  /* Start                                                               */

  window.MtastsPage = {
    /* For tests and automation: run now instead of after the pause. */
    check: () => runChecker(),
    generate: () => runGenerator(),
    applyFix,
    spanOf,
    fixSpanOf,
    ready: false,
  };

  createMtasts().then((mod) => {
    M = mod;
    $('lib-version').textContent = M.UTF8ToString(M._web_version());
    setupGenerator();
    setupChecker();
    $('load-status').textContent = '';
    $('load-status').hidden = true;
    window.MtastsPage.ready = true;
    document.body.setAttribute('data-ready', 'true');
  }, (err) => {
    $('load-status').textContent = 'libmtasts could not be loaded: ' + err;
  });
})();
