// The embed builder (builder.html): pick a demo from the registry, see it
// live in a real <threadlab-demo> (so the preview is exactly what an article
// gets), change its settings in the demo's own fields, and copy the snippet.
// Nothing here lists a demo's settings: the attributes are what the demo
// reports (settings(), via the element's threadlab:settings event), their
// meanings the labels of its fields, and the sync demos' limits their
// DemoInfo fields from Rust.
import { DEMOS } from './demos/registry.js';
import { mountHeader } from './lib/header.js';

/** @typedef {import('./threadlab-embed.js').ThreadlabDemo} ThreadlabDemo */
/** @typedef {import('./types/DemoInfo').DemoInfo} DemoInfo */

const byId = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const demoSelect = /** @type {HTMLSelectElement} */ (byId('demo'));
const themeSelect = /** @type {HTMLSelectElement} */ (byId('theme'));
const autorunBox = /** @type {HTMLInputElement} */ (byId('autorun'));
const preview = byId('preview');
const host = new URL('.', location.href).href.replace(/\/$/, '');

const header = mountHeader(/** @type {HTMLElement} */ (document.querySelector('header.top')));
header.setPool('wait', 'The preview starts its own workers');

/** @type {Record<string, string>} */
let current = {};
/** @type {DemoInfo[]} */
let demoInfos = [];
/** @type {ThreadlabDemo | null} */
let element = null;

const escapeHtml = (/** @type {string} */ s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The attributes, in order: demo first, then the demo's settings, theme, autorun. */
function attributes() {
  /** @type {[string, string | null][]} */
  const list = [['demo', demoSelect.value], ...Object.entries(current)];
  if (themeSelect.value !== 'auto') list.push(['theme', themeSelect.value]);
  if (autorunBox.checked) list.push(['autorun', null]);
  return list;
}

function snippets() {
  const attrs = attributes()
    .map(([k, v]) => (v === null ? ` ${k}` : ` ${k}="${escapeHtml(v)}"`))
    .join('');
  const url = new URL(`${host}/embed.html`);
  for (const [k, v] of attributes()) url.searchParams.set(k, v ?? '');
  const title = DEMOS[demoSelect.value].title;
  return {
    element: `<script type="module" src="${host}/threadlab-embed.js"></script>\n<threadlab-demo${attrs}></threadlab-demo>`,
    iframe: `<iframe src="${escapeHtml(url.href)}" title="${escapeHtml(`threadlab: ${title}`)}" allow="cross-origin-isolated" loading="lazy" style="width:100%;height:640px;border:0"></iframe>`,
  };
}

/** What a setting means: the label of its field in the demo, and Rust's limits when known. @param {string} name */
function meaning(name) {
  const doc = preview.querySelector('iframe')?.contentDocument;
  const field = /** @type {HTMLInputElement | null} */ (
    doc?.querySelector(`#demo-body [name="${CSS.escape(name)}"]`) ?? null
  );
  const label =
    field?.labels?.[0]?.textContent?.trim() ??
    field?.closest('fieldset')?.querySelector('legend')?.textContent?.trim() ??
    '';
  // Rust's DemoInfo ids: the shared-counter race is "race" there.
  const id = { race: '', 'counter-race': 'race' }[demoSelect.value] ?? demoSelect.value;
  const spec = demoInfos.find((d) => d.id === id)?.fields.find((f) => f.id === name);
  return spec ? `${spec.label} (${spec.min} to ${spec.max}, default ${spec.default})` : label;
}

function render() {
  const rows = attributes().map(([name, value]) => {
    const tr = document.createElement('tr');
    const what =
      name === 'demo'
        ? DEMOS[demoSelect.value].title
        : name === 'theme'
          ? 'light, dark or auto'
          : name === 'autorun'
            ? 'runs once when first scrolled into view'
            : meaning(name);
    for (const text of [name, value ?? '(present)', what]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    /** @type {HTMLElement} */ (tr.firstElementChild).className = 'mono';
    return tr;
  });
  /** @type {HTMLElement} */ (byId('attributes').querySelector('tbody')).replaceChildren(...rows);
  const { element: el, iframe } = snippets();
  byId('snippet-element').textContent = el;
  byId('snippet-iframe').textContent = iframe;
  document.body.dataset.snippet = el;
}

/** A fresh live demo: a new demo or theme starts from its defaults. */
function rebuild() {
  current = {};
  element?.remove();
  element = /** @type {ThreadlabDemo} */ (document.createElement('threadlab-demo'));
  element.setAttribute('demo', demoSelect.value);
  element.setAttribute('loading', 'eager');
  if (themeSelect.value !== 'auto') element.setAttribute('theme', themeSelect.value);
  element.addEventListener('threadlab:settings', (e) => {
    current = { .../** @type {CustomEvent<Record<string, string>>} */ (e).detail };
    render();
  });
  preview.replaceChildren(element);
  delete document.body.dataset.previewReady;
  const mine = element;
  element.ready.then(
    async () => {
      if (mine !== element) return;
      if (!demoInfos.length) demoInfos = await mine.sync.demos();
      const info = await mine.info();
      header.setPool(
        info.threaded ? 'ok' : 'warn',
        info.threaded ? `Preview: ${info.threads} worker threads` : 'Preview: threads off',
      );
      render();
      document.body.dataset.previewReady = demoSelect.value;
    },
    () => header.setPool('bad', 'The preview could not start'),
  );
  render();
}

// The title only: the demo's id is the attributes table's first row, and
// "Threads vs processes vs the GIL (modes)" did not fit a 360 px phone.
for (const [id, { title }] of Object.entries(DEMOS)) demoSelect.append(new Option(title, id));
const wanted = new URLSearchParams(location.search).get('demo');
if (wanted && DEMOS[wanted]) demoSelect.value = wanted;
demoSelect.addEventListener('change', () => {
  history.replaceState(null, '', `?demo=${demoSelect.value}`);
  rebuild();
});
themeSelect.addEventListener('change', rebuild);
autorunBox.addEventListener('change', render);

for (const button of document.querySelectorAll('button.copy')) {
  button.addEventListener('click', async () => {
    const text = byId(/** @type {string} */ (/** @type {HTMLElement} */ (button).dataset.copy)).textContent ?? '';
    const status = byId('copy-status');
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = 'Copied. Paste it where the demo should appear in your article.';
    } catch {
      const range = document.createRange();
      range.selectNodeContents(byId(/** @type {string} */ (/** @type {HTMLElement} */ (button).dataset.copy)));
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
      status.textContent = 'Selected: press Ctrl+C (⌘C) to copy.';
    }
  });
}

rebuild();
document.body.dataset.ready = 'true';
