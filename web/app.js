// coprint serve: builds the form from /api/layouts, keeps the preview up to date, downloads the
// PDF and the plan. User text is only ever set with textContent or .value, never as HTML.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  let schema = null;      // what /api/layouts gave
  let layout = null;      // the chosen layout's schema
  let page = 1, pages = 1, timer = null, sequence = 0, imageURL = null;
  let opened = [];        // problems in the file last opened, shown until the person types

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== undefined && v !== null) e.setAttribute(k, v);
    }
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function say(text) { $('status').textContent = text; }

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
    // A poster's regions may have no heading: name them from the field, 'next-steps' as 'Next steps'.
    const title = f.label || (f.field.charAt(0).toUpperCase() + f.field.slice(1)).replace(/[-_]/g, ' ');
    if (f.shape === 'text' || f.shape === 'banner') {
      const box = el('div', { class: 'field', 'data-field': f.field, 'data-shape': f.shape });
      const fs = el('fieldset', { class: 'field' });
      fs.append(el('legend', {}, title));
      fs.append(textControl(id, 'Your words for ' + title, f.prompt, f.shape === 'banner' || f.writing === 'line' ? 1 : 4));
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
      const add = el('button', { type: 'button', class: 'secondary' }, 'Add an item to ' + title);
      add.addEventListener('click', () => { const r = addListItem(f, body); r.querySelector('input').focus(); });
      fs.append(add);
      addListItem(f, body);
    } else if (f.shape === 'table') {
      const add = el('button', { type: 'button', class: 'secondary' }, 'Add a row to ' + title);
      add.addEventListener('click', () => { const r = addTableRow(f, body); r.querySelector('input').focus(); });
      fs.append(add);
      addTableRow(f, body);
    } else if (f.shape === 'matrix') {
      fs.append(el('p', { class: 'prompt' }, 'Write one item per line in each box.'));
      for (const col of f.columns) {
        const sub = el('fieldset', { class: 'part' });
        sub.append(el('legend', {}, col.label + (col.detail ? ': ' + col.detail : '')));
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
      fs.append(el('p', { class: 'prompt' }, 'Pictures, such as a logo, can be added with the coprint command, not on this page.'));
    }
    fs.append(problemBox(f.field));
    return fs;
  }

  function addListItem(f, body, value) {
    const n = body.children.length + 1;
    const id = 'f-' + f.field + '--' + n;
    const row = el('div', { class: 'trow', 'data-item': String(n) });
    row.append(textControl(id + '-heading', 'Item ' + n + ' heading', null, 1, 'input'));
    row.append(textControl(id + '-text', 'Item ' + n + ' text', null, 3));
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
      const ctl = textControl('f-' + f.field + '--' + n + '-' + col.id, col.label + ' (row ' + n + ')', null, 1, 'input');
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

  function buildForm(values) {
    const fields = $('fields');
    fields.textContent = '';
    for (const f of layout.fields) fields.append(buildField(f));
    if (values) for (const f of layout.fields) fillField(f, values[f.field]);
    $('layout-about').textContent = layout.title + (layout.description ? ': ' + layout.description : '');
  }

  // ---- The plan ------------------------------------------------------------------------------

  function lines(text) { return text.split('\n').map((s) => s.trim()).filter((s) => s.length); }

  function plan() {
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
      if (value !== null) result[f.field] = value;
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
    let out = '# A plan for the ' + layout.title + ', made with coprint serve.\n';
    out += '# Print it with:  coprint render THIS-FILE   or open it again on the page.\n';
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
    say('Updating the picture of the page…');
    try {
      const checked = await send('/api/validate', body);
      const report = await checked.json();
      if (mine !== sequence) return;
      showProblems((report.problems || []).concat(opened));
      if (!checked.ok) { say(report.message + ' They are shown next to their fields.'); return; }
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
      img.alt = 'Page ' + page + ' of ' + pages + ' of the ' + layout.title + ' on ' + paper.toUpperCase() + ', as it will print.';
      img.dataset.version = String(mine);
      $('page-label').textContent = 'Page ' + page + ' of ' + pages;
      $('page-prev').disabled = page <= 1;
      $('page-next').disabled = page >= pages;
      say('The picture shows your words on page ' + page + ' of ' + pages + '.');
    } catch (e) {
      say('coprint could not be reached. Is it still running?');
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
    say('Making the PDF…');
    const fillable = $('fillable').checked ? '&fillable=1' : '';
    const answer = await send('/api/render?format=pdf&paper=' + paper + fillable, JSON.stringify(plan()));
    if (!answer.ok) { const r = await answer.json(); showProblems(r.problems || [{ path: '', message: r.message }]); say(r.message); return; }
    save(await answer.blob(), layout.name + '-' + paper + '.pdf');
    say('The PDF has been downloaded.');
  }

  async function openFile(file) {
    if (!file) return;
    say('Opening ' + file.name + '…');
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
          path: p.path, message: 'In ' + file.name + (p.line ? ', line ' + p.line : '') + ': ' + p.message }));
      }
    }
    if (!schema.layouts.some((l) => l.name === name)) {
      showProblems([{ path: '', message: 'This plan is for a layout called "' + name + '", which this page does not have.' }]);
      return;
    }
    if (r.plan.language && [...$('language').options].some((o) => o.value === r.plan.language)) $('language').value = r.plan.language;
    choose(name, r.plan);
    opened = found;
    say('Opened ' + file.name + '.' + (found.length ? ' Some of it could not be used: see the problems shown.' : ''));
  }

  async function downloadZip() {
    const file = $('poster-csv').files[0];
    if (!file) { say('Choose the CSV list first.'); $('poster-csv').focus(); return; }
    const paper = $('paper').value;
    say('Printing a poster for each line of ' + file.name + '…');
    const answer = await fetch('/api/posters?paper=' + paper, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ plan: plan(), csv: await file.text() }) });
    if (!answer.ok) { const r = await answer.json(); showProblems(r.problems || [{ path: '', message: r.message }]); say(r.message); return; }
    save(await answer.blob(), layout.name + '-posters-' + paper + '.zip');
    say('The zip of posters has been downloaded.');
  }

  function choose(name, values) {
    layout = schema.layouts.find((l) => l.name === name) || schema.layouts[0];
    $('poster-list').hidden = layout.kind !== 'poster';
    $('layout').value = layout.name;
    page = 1;
    buildForm(values || layout.starting || null);
    const url = new URL(location.href);
    url.searchParams.set('layout', layout.name);
    history.replaceState(null, '', url);
    later(0);
  }

  async function start() {
    const answer = await fetch('/api/layouts');
    schema = await answer.json();
    const groups = { canvas: el('optgroup', { label: 'Canvases' }), poster: el('optgroup', { label: 'Posters' }) };
    for (const l of schema.layouts) (groups[l.kind] || groups.canvas).append(el('option', { value: l.name }, l.title));
    for (const g of Object.values(groups)) if (g.children.length) $('layout').append(g);
    for (const lang of schema.languages) $('language').append(el('option', { value: lang.code }, lang.name));
    $('layout').addEventListener('change', () => { opened = []; choose($('layout').value); });
    $('paper').addEventListener('change', () => later(0));
    $('language').addEventListener('change', () => later(0));
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
      say('The plan has been downloaded. Open it here again to carry on.');
    });
    $('open-plan').addEventListener('change', (e) => { openFile(e.target.files[0]); e.target.value = ''; });
    choose(new URLSearchParams(location.search).get('layout'));
  }

  document.addEventListener('DOMContentLoaded', start);
})();
