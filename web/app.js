// coprint serve: builds the form from /api/layouts, keeps the preview up to date, downloads the
// PDF and the plan. User text is only ever set with textContent or .value, never as HTML.
// The page speaks the chosen language: its own words from words.js, the canvas's words from
// /api/layouts?language=, Welsh first and English under it for cy+en, as the PDFs do.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const WORDS = window.coprintWords;
  const PAIR = '\u2029';  // between the two languages of one bilingual text, as the API sends them
  let schema = null;      // what /api/layouts gave, in the chosen language
  let layout = null;      // the chosen layout's schema
  let edition = ['en'];   // the page's languages, first first: ['cy', 'en'] for cy+en
  let untouched = {};     // the plan as the form starts (a poster's own wording), to leave out of it
  let page = 1, pages = 1, timer = null, sequence = 0, imageURL = null;
  let opened = [];        // problems in the file last opened, shown until the person types

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== undefined && v !== null) e.setAttribute(k, v);
    }
    if (text !== undefined && text !== null) show(e, text);
    return e;
  }

  // ---- Words ---------------------------------------------------------------------------------

  // One language's part of a bilingual text: i = 0 the first, 1 the paired one.
  function part(text, i) { const p = String(text).split(PAIR); return p[Math.min(i, p.length - 1)]; }

  // One text per language of the edition, joined as the API joins them; the same words once.
  function paired(texts) { return texts.filter((s, i) => texts.indexOf(s) === i).join(PAIR); }

  // The page's words for `key` in the chosen language(s), with `fill`'s {names} filled in.
  function t(key, fill) {
    return paired(edition.map((code, i) => ((WORDS[code] || {})[key] || WORDS.en[key])
      .replace(/\{(\w+)\}/g, (m, name) => (fill && name in fill ? part(fill[name], i) : m))));
  }

  // `a` and `b` joined by `glue`, language by language ('Cryfderau: …' then 'Strengths: …').
  function joined(a, b, glue) {
    return b ? paired(edition.map((code, i) => part(a, i) + glue + part(b, i))) : a;
  }

  // A text into an element: a bilingual one as two spans, each marked with its language.
  function show(e, text) {
    const p = String(text).split(PAIR);
    if (p.length < 2) { e.textContent = text; return e; }
    e.textContent = '';
    e.append(el('span', { lang: edition[0] }, p[0]), el('span', { lang: edition[1], class: 'paired' }, p[1]));
    return e;
  }

  // A text for a place that holds no markup (an option, a label attribute, the window's title).
  function flat(text) { return String(text).split(PAIR).join(' / '); }

  function say(text) { show($('status'), text); }

  function showPageWords() {
    document.documentElement.lang = edition[0];
    document.title = flat(t('page-title'));
    for (const e of document.querySelectorAll('[data-words]')) show(e, t(e.dataset.words));
    for (const e of document.querySelectorAll('[data-words-label]')) e.setAttribute('aria-label', flat(t(e.dataset.wordsLabel)));
    show($('page-label'), t('page-of-pages', { page: page, pages: pages }));
    if (!$('preview').dataset.version) $('preview').alt = flat(t('preview-none'));
  }

  function fillLayoutChoice() {
    const groups = { canvas: el('optgroup', { label: flat(t('canvases')) }), poster: el('optgroup', { label: flat(t('posters')) }) };
    for (const l of schema.layouts) (groups[l.kind] || groups.canvas).append(el('option', { value: l.name }, flat(l.title)));
    $('layout').textContent = '';
    for (const g of Object.values(groups)) if (g.children.length) $('layout').append(g);
  }

  // A poster's region with no heading is named from its field: 'next-steps' as 'Next steps'.
  function fieldName(field) {
    const english = (field.charAt(0).toUpperCase() + field.slice(1)).replace(/[-_]/g, ' ');
    return paired(edition.map((code) => (WORDS[code] || {})['field-' + field] || english));
  }

  // ---- The form ----------------------------------------------------------------------------

  function promptFor(id, text) {
    return text ? el('p', { class: 'prompt', id: id + '-prompt' }, text) : null;
  }

  function describedBy(id, prompt) {
    return [prompt ? id + '-prompt' : null, 'problems-' + id.split('--')[0]].filter(Boolean).join(' ');
  }

  function problemBox(field) {
    return el('div', { class: 'field-problems', id: 'problems-f-' + field, 'aria-live': 'polite' });
  }

  function textControl(id, labelText, prompt, rows, kind) {
    const wrap = el('div', { class: 'part' });
    wrap.append(el('label', { for: id }, labelText));
    const p = promptFor(id, prompt);
    if (p) wrap.append(p);
    const input = kind === 'input'
      ? el('input', { type: 'text', id: id, 'aria-describedby': describedBy(id, prompt) })
      : el('textarea', { id: id, rows: String(rows || 3), 'aria-describedby': describedBy(id, prompt) });
    wrap.append(input);
    return wrap;
  }

  function buildField(f) {
    const id = 'f-' + f.field;
    const title = f.label || fieldName(f.field);
    if (f.shape === 'text' || f.shape === 'banner') {
      const box = el('div', { class: 'field', 'data-field': f.field, 'data-shape': f.shape });
      const fs = el('fieldset', { class: 'field' });
      fs.append(el('legend', {}, title));
      fs.append(textControl(id, t('words-for', { title: title }), f.prompt, f.shape === 'banner' || f.writing === 'line' ? 1 : 4));
      fs.append(problemBox(f.field));
      box.append(fs);
      return box;
    }
    const fs = el('fieldset', { class: 'field', 'data-field': f.field, 'data-shape': f.shape });
    fs.append(el('legend', {}, title));
    if (f.prompt) fs.append(el('p', { class: 'prompt' }, f.prompt));
    const body = el('div', { class: 'rows' });
    fs.append(body);
    if (f.shape === 'list') {
      const add = el('button', { type: 'button', class: 'secondary' }, t('add-item', { title: title }));
      add.addEventListener('click', () => { const r = addListItem(f, body); r.querySelector('input').focus(); });
      fs.append(add);
      addListItem(f, body);
    } else if (f.shape === 'table') {
      const add = el('button', { type: 'button', class: 'secondary' }, t('add-row', { title: title }));
      add.addEventListener('click', () => { const r = addTableRow(f, body); r.querySelector('input').focus(); });
      fs.append(add);
      addTableRow(f, body);
    } else if (f.shape === 'matrix') {
      fs.append(el('p', { class: 'prompt' }, t('one-per-line')));
      for (const col of f.columns) {
        const sub = el('fieldset', { class: 'part' });
        sub.append(el('legend', {}, joined(col.label, col.detail, ': ')));
        for (const row of f.rows) {
          const cid = id + '--' + col.id + '--' + row.id;
          const ctl = textControl(cid, row.label, row.prompt || col.prompt, 3);
          ctl.querySelector('textarea').dataset.col = col.id;
          ctl.querySelector('textarea').dataset.row = row.id;
          sub.append(ctl);
        }
        body.append(sub);
      }
    } else if (f.shape === 'image') {
      fs.append(el('p', { class: 'prompt' }, t('no-pictures')));
    }
    fs.append(problemBox(f.field));
    return fs;
  }

  function addListItem(f, body, value) {
    const n = body.children.length + 1;
    const id = 'f-' + f.field + '--' + n;
    const row = el('div', { class: 'trow', 'data-item': String(n) });
    row.append(textControl(id + '-heading', t('item-heading', { number: n }), null, 1, 'input'));
    row.append(textControl(id + '-text', t('item-text', { number: n }), null, 3));
    if (value) {
      row.querySelector('input').value = typeof value === 'object' ? (value.heading || '') : '';
      row.querySelector('textarea').value = typeof value === 'object' ? (value.text || '') : String(value);
    }
    body.append(row);
    return row;
  }

  function addTableRow(f, body, value) {
    const n = body.children.length + 1;
    const row = el('div', { class: 'trow', 'data-row': String(n) });
    for (const col of f.columns) {
      const ctl = textControl('f-' + f.field + '--' + n + '-' + col.id, t('in-row', { column: col.label, number: n }), null, 1, 'input');
      const input = ctl.querySelector('input');
      input.dataset.col = col.id;
      if (value && value[col.id] !== undefined && value[col.id] !== null) input.value = asText(value[col.id], ', ');
      row.append(ctl);
    }
    body.append(row);
    return row;
  }

  function asText(v, joiner) {
    if (v === null || v === undefined) return '';
    if (Array.isArray(v)) return v.map((x) => asText(x, joiner)).join(joiner);
    if (typeof v === 'object') return Object.values(v).map((x) => asText(x, joiner)).join(joiner);
    return String(v);
  }

  function fillField(f, value) {
    const box = document.querySelector('[data-field="' + CSS.escape(f.field) + '"]');
    if (!box || value === null || value === undefined) return;
    if (f.shape === 'text' || f.shape === 'banner') {
      box.querySelector('textarea').value = asText(value, '\n\n');
    } else if (f.shape === 'list') {
      const body = box.querySelector('.rows');
      body.textContent = '';
      const items = Array.isArray(value) ? value : [value];
      for (const item of items) addListItem(f, body, item);
      if (!items.length) addListItem(f, body);
    } else if (f.shape === 'table') {
      const body = box.querySelector('.rows');
      body.textContent = '';
      const rows = Array.isArray(value) ? value : [];
      for (const r of rows) addTableRow(f, body, r);
      if (!rows.length) addTableRow(f, body);
    } else if (f.shape === 'matrix' && typeof value === 'object') {
      for (const t of box.querySelectorAll('textarea')) {
        const cell = (value[t.dataset.col] || {})[t.dataset.row];
        t.value = asText(cell, '\n');
      }
    }
  }

  // The form, starting from the layout's own wording (a poster's), then `values` put in.
  function buildForm(values) {
    const fields = $('fields');
    fields.textContent = '';
    for (const f of layout.fields) fields.append(buildField(f));
    untouched = {};
    if (layout.starting) {
      for (const f of layout.fields) fillField(f, layout.starting[f.field]);
      untouched = plan(true);
    }
    if (values) for (const f of layout.fields) fillField(f, values[f.field]);
    show($('layout-about'), joined(layout.title, layout.description, ': '));
  }

  // ---- The plan ------------------------------------------------------------------------------

  function lines(text) { return text.split('\n').map((s) => s.trim()).filter((s) => s.length); }

  // The plan in the form. A poster's wording left as it started is left out, so the poster
  // prints its own in the chosen language (both, for cy+en); `all` keeps it.
  function plan(all) {
    const result = { layout: layout.name };
    const language = $('language').value;
    if (schema.languages.length && language !== schema.languages[0].code) result.language = language;
    for (const f of layout.fields) {
      const box = document.querySelector('[data-field="' + CSS.escape(f.field) + '"]');
      if (!box) continue;
      let value = null;
      if (f.shape === 'text' || f.shape === 'banner') {
        const t = box.querySelector('textarea').value;
        if (t.trim()) value = t;
      } else if (f.shape === 'list') {
        const items = [];
        for (const row of box.querySelectorAll('.rows > .trow')) {
          const heading = row.querySelector('input').value.trim();
          const text = row.querySelector('textarea').value.trim();
          if (heading && text) items.push({ heading: heading, text: text });
          else if (heading) items.push({ heading: heading, text: '' });
          else if (text) items.push(text);
        }
        if (items.length) value = items;
      } else if (f.shape === 'table') {
        const rows = [];
        for (const row of box.querySelectorAll('.rows > .trow')) {
          const cells = {};
          for (const input of row.querySelectorAll('input')) {
            if (input.value.trim()) cells[input.dataset.col] = input.value.trim();
          }
          if (Object.keys(cells).length) rows.push(cells);
        }
        if (rows.length) value = rows;
      } else if (f.shape === 'matrix') {
        const cells = {};
        for (const t of box.querySelectorAll('textarea')) {
          const l = lines(t.value);
          if (l.length) { cells[t.dataset.col] = cells[t.dataset.col] || {}; cells[t.dataset.col][t.dataset.row] = l; }
        }
        if (Object.keys(cells).length) value = cells;
      }
      if (value !== null && (all || JSON.stringify(value) !== JSON.stringify(untouched[f.field]))) result[f.field] = value;
    }
    return result;
  }

  // Every piece of text is written as a double-quoted YAML string, so nothing a person types
  // can change the plan's structure.
  function quote(s) {
    return JSON.stringify(String(s)).replace(/[\u007f-\u009f\u2028\u2029\ufeff]/g,
      (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  }

  function yaml(value, indent) {
    const pad = '  '.repeat(indent);
    if (Array.isArray(value)) {
      return value.map((v) => {
        if (v !== null && typeof v === 'object') {
          const inner = yaml(v, indent + 1).replace(/^\s+/, '');
          return pad + '- ' + inner;
        }
        return pad + '- ' + quote(v) + '\n';
      }).join('');
    }
    let out = '';
    for (const [k, v] of Object.entries(value)) {
      if (v !== null && typeof v === 'object') out += pad + quote(k) + ':\n' + yaml(v, indent + 1);
      else out += pad + quote(k) + ': ' + quote(v) + '\n';
    }
    return out;
  }

  function planYAML() {
    const p = plan();
    let out = '';
    for (const line of (t('plan-comment', { title: layout.title }) + PAIR + t('plan-print')).split(PAIR)) out += '# ' + line + '\n';
    out += 'layout: ' + quote(p.layout) + '\n';
    delete p.layout;
    return out + yaml(p, 0);
  }

  // ---- Talking to coprint --------------------------------------------------------------------

  function showProblems(problems) {
    for (const box of document.querySelectorAll('.field-problems')) box.textContent = '';
    for (const c of document.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
    const general = $('general-problems');
    general.textContent = '';
    general.hidden = true;
    for (const p of problems || []) {
      const top = (p.path || '').split(/[.[]/)[0];
      const box = top ? $('problems-f-' + top) : null;
      const line = el('p', { class: 'problem' }, p.message);
      if (box) {
        box.append(line);
        for (const c of box.parentElement.querySelectorAll('input, textarea')) c.setAttribute('aria-invalid', 'true');
      } else {
        general.append(line);
        general.hidden = false;
      }
    }
  }

  async function send(url, body) {
    return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: body });
  }

  async function refresh() {
    const mine = ++sequence;
    const body = JSON.stringify(plan());
    const paper = $('paper').value;
    say(t('updating'));
    try {
      const checked = await send('/api/validate', body);
      const report = await checked.json();
      if (mine !== sequence) return;
      showProblems((report.problems || []).concat(opened));
      if (!checked.ok) { say(t('problems-shown', { message: report.message })); return; }
      let answer = await send('/api/render?format=png&paper=' + paper + '&page=' + page, body);
      if (answer.status === 422 && page > 1) { page = 1; answer = await send('/api/render?format=png&paper=' + paper + '&page=1', body); }
      if (mine !== sequence) return;
      if (!answer.ok) { const r = await answer.json(); showProblems(r.problems || [{ path: '', message: r.message }]); say(r.message); return; }
      pages = parseInt(answer.headers.get('X-Coprint-Pages') || '1', 10);
      const blob = await answer.blob();
      if (mine !== sequence) return;
      if (imageURL) URL.revokeObjectURL(imageURL);
      imageURL = URL.createObjectURL(blob);
      const img = $('preview');
      img.src = imageURL;
      img.alt = flat(t('preview-alt', { page: page, pages: pages, title: layout.title, paper: paper.toUpperCase() }));
      img.dataset.version = String(mine);
      show($('page-label'), t('page-of-pages', { page: page, pages: pages }));
      $('page-prev').disabled = page <= 1;
      $('page-next').disabled = page >= pages;
      say(t('showing-page', { page: page, pages: pages }));
    } catch (e) {
      say(t('unreachable'));
    }
  }

  function later(delay) {
    clearTimeout(timer);
    timer = setTimeout(refresh, delay === undefined ? 600 : delay);
  }

  function save(blob, name) {
    const a = el('a', { href: URL.createObjectURL(blob), download: name });
    document.body.append(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  async function downloadPDF() {
    const paper = $('paper').value;
    say(t('making-pdf'));
    const fillable = $('fillable').checked ? '&fillable=1' : '';
    const answer = await send('/api/render?format=pdf&paper=' + paper + fillable, JSON.stringify(plan()));
    if (!answer.ok) { const r = await answer.json(); showProblems(r.problems || [{ path: '', message: r.message }]); say(r.message); return; }
    save(await answer.blob(), layout.name + '-' + paper + '.pdf');
    say(t('pdf-done'));
  }

  async function openFile(file) {
    if (!file) return;
    say(t('opening', { file: file.name }));
    const isPDF = /\.pdf$/i.test(file.name);
    const answer = await fetch(isPDF ? '/api/import' : '/api/parse', {
      method: 'POST', headers: { 'Content-Type': isPDF ? 'application/pdf' : 'text/plain' }, body: file });
    const r = await answer.json();
    if (!answer.ok) { showProblems(r.problems || [{ path: '', message: r.message }]); say(r.message); return; }
    const name = r.plan && r.plan.layout;
    let found = [];
    if (!isPDF) {
      const checked = await fetch('/api/validate', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: file });
      if (checked.status === 422) {
        found = ((await checked.json()).problems || []).map((p) => ({
          path: p.path, message: part(t(p.line ? 'problem-in-file-line' : 'problem-in-file', { file: file.name, line: p.line, message: p.message }), 0) }));
      }
    }
    if (!schema.layouts.some((l) => l.name === name)) {
      showProblems([{ path: '', message: t('unknown-layout', { name: name }) }]);
      return;
    }
    const language = r.plan.language || schema.languages[0].code;
    if (language !== $('language').value && [...$('language').options].some((o) => o.value === language)) {
      $('language').value = language;
      if (!(await useLanguage(language))) return;
    }
    choose(name, r.plan);
    opened = found;
    say(t(found.length ? 'opened-partly' : 'opened', { file: file.name }));
  }

  async function downloadZip() {
    const file = $('poster-csv').files[0];
    if (!file) { say(t('choose-csv')); $('poster-csv').focus(); return; }
    const paper = $('paper').value;
    say(t('printing-posters', { file: file.name }));
    const answer = await fetch('/api/posters?paper=' + paper, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ plan: plan(), csv: await file.text() }) });
    if (!answer.ok) { const r = await answer.json(); showProblems(r.problems || [{ path: '', message: r.message }]); say(r.message); return; }
    save(await answer.blob(), layout.name + '-posters-' + paper + '.zip');
    say(t('zip-done'));
  }

  function choose(name, values) {
    layout = schema.layouts.find((l) => l.name === name) || schema.layouts[0];
    $('poster-list').hidden = layout.kind !== 'poster';
    $('layout').value = layout.name;
    page = 1;
    buildForm(values);
    const url = new URL(location.href);
    url.searchParams.set('layout', layout.name);
    if ($('language').value === schema.languages[0].code) url.searchParams.delete('language');
    else url.searchParams.set('language', $('language').value);
    history.replaceState(null, '', url);
    later(0);
  }

  // The layouts' words in `code` (nil: as written); null if the server does not offer it.
  async function layoutsIn(code) {
    const answer = await fetch('/api/layouts' + (code ? '?language=' + encodeURIComponent(code) : ''));
    return answer.ok ? answer.json() : null;
  }

  // Turns the page to `code`: its own words, the layouts' names and the form's headings.
  async function useLanguage(code) {
    const next = await layoutsIn(code);
    if (!next || $('language').value !== code) return false;
    schema = next;
    edition = code.split('+');
    showPageWords();
    fillLayoutChoice();
    return true;
  }

  async function changeLanguage() {
    const keep = plan();  // what the person has written; a poster's own wording follows the language
    if (await useLanguage($('language').value)) choose(layout.name, keep);
  }

  async function start() {
    const wanted = new URLSearchParams(location.search).get('language');
    schema = (wanted && await layoutsIn(wanted)) || await layoutsIn(null);
    for (const lang of schema.languages) $('language').append(el('option', { value: lang.code }, lang.name));
    if (wanted && [...$('language').options].some((o) => o.value === wanted)) $('language').value = wanted;
    edition = $('language').value.split('+');
    showPageWords();
    fillLayoutChoice();
    $('layout').addEventListener('change', () => { opened = []; choose($('layout').value); });
    $('paper').addEventListener('change', () => later(0));
    $('language').addEventListener('change', () => { opened = []; changeLanguage(); });
    $('fields').addEventListener('input', () => { opened = []; later(); });
    $('fields').addEventListener('click', (e) => { if (e.target.tagName === 'BUTTON') later(); });
    // The picture shows the page of the field being filled in.
    $('fields').addEventListener('focusin', (e) => {
      const box = e.target.closest('[data-field]');
      const f = box && layout.fields.find((x) => x.field === box.dataset.field);
      if (f && f.page && f.page !== page && f.page <= pages) { page = f.page; later(0); }
    });
    $('page-prev').addEventListener('click', () => { if (page > 1) { page--; later(0); } });
    $('page-next').addEventListener('click', () => { if (page < pages) { page++; later(0); } });
    $('download-pdf').addEventListener('click', downloadPDF);
    $('download-zip').addEventListener('click', downloadZip);
    $('download-plan').addEventListener('click', () => {
      save(new Blob([planYAML()], { type: 'application/yaml' }), layout.name + '-plan.yaml');
      say(t('plan-done'));
    });
    $('open-plan').addEventListener('change', (e) => { openFile(e.target.files[0]); e.target.value = ''; });
    choose(new URLSearchParams(location.search).get('layout'));
  }

  document.addEventListener('DOMContentLoaded', start);
})();
