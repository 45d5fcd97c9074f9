// The races-and-locks page: one PoolClient, the shared header, and one demo
// component per tab (www/demos/sync/*). The demos draw; this file only makes
// the tabs (arrow keys move between them, the URL hash remembers one), says
// how the pool is doing, and lets Esc cancel whatever runs.
import { PoolClient, waitingThreads } from './lib/client.js';
import { mountHeader } from './lib/header.js';
import { showThreadsOff } from './lib/page.js';
import { bringTopIntoView, el } from './lib/dom.js';
import { DEMOS } from './demos/registry.js';

/** @typedef {import('./demos/registry.js').Demo} Demo */
/** @typedef {import('./types/DemoInfo').DemoInfo} DemoInfo */
/** @typedef {ReturnType<typeof mountHeader>} Header */

/** The Rust id of a demo → its id in the registry, where they differ. */
const REGISTRY_ID = /** @type {Record<string, string>} */ ({ race: 'counter-race' });

/** @param {string} id @returns {HTMLElement} */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/**
 * Says in the header how the pool is doing, now and after a restart.
 * @param {Header} header
 * @param {PoolClient} client
 */
function showPool(header, client) {
  const poolText = () => `${client.threads} worker threads · cross-origin isolated`;
  client.onRestart((_why, ready) => {
    header.setPool('wait', 'Restarting worker threads…');
    ready.then(
      () => header.setPool('ok', poolText()),
      (e) => header.setPool('bad', `Workers failed to restart: ${e.message}`),
    );
  });
  if (client.threaded) {
    header.setPool('ok', poolText());
    $('pool-note').textContent =
      `The pool has ${client.threads} threads (this browser reports ${navigator.hardwareConcurrency} logical cores). Threads that wait use no CPU, so the page starts at least 4 — as a Python program would start as many threads as it needs.`;
  } else {
    header.setPool('warn', 'Threads off');
    showThreadsOff(client);
  }
}

/**
 * Shows demo `id`'s panel, marks its tab and keeps it in the URL's hash.
 * @param {DemoInfo[]} infos
 * @param {string} id
 * @param {boolean} focus  whether its tab takes the focus
 */
function select(infos, id, focus) {
  for (const info of infos) {
    const on = info.id === id;
    const tab = $(`tab-${info.id}`);
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    $(`panel-${info.id}`).hidden = !on;
    if (on && focus) tab.focus();
  }
  history.replaceState(null, '', `#${id}`);
}

/**
 * The arrow keys, Home and End move between the tabs.
 * @param {HTMLElement} tabs
 * @param {DemoInfo[]} infos
 */
function bindTabKeys(tabs, infos) {
  tabs.addEventListener('keydown', (e) => {
    const ids = infos.map((d) => d.id);
    const current = ids.findIndex((id) => $(`tab-${id}`) === document.activeElement);
    if (current < 0) return;
    const next = /** @type {Record<string, number>} */ ({
      ArrowDown: current + 1,
      ArrowRight: current + 1,
      ArrowUp: current - 1,
      ArrowLeft: current - 1,
      Home: 0,
      End: ids.length - 1,
    })[e.key];
    if (next === undefined) return;
    e.preventDefault();
    select(infos, ids[(next + ids.length) % ids.length], true);
  });
}

async function boot() {
  const header = mountHeader(/** @type {HTMLElement} */ (document.querySelector('header.top')));
  /** @type {PoolClient} */
  let client;
  try {
    client = await PoolClient.create({ threads: waitingThreads() });
  } catch (e) {
    header.setPool('bad', 'Could not start the workers');
    $('pool-note').textContent = `The WebAssembly module failed to load: ${e instanceof Error ? e.message : String(e)}`;
    return;
  }

  showPool(header, client);

  const infos = client.info.demos;
  /** @type {Map<string, Demo>} */
  const mounted = new Map();
  const tabs = $('demo-tabs');
  for (const info of infos) {
    const tab = el('button', {
      type: 'button',
      role: 'tab',
      id: `tab-${info.id}`,
      'aria-controls': `panel-${info.id}`,
      'aria-selected': 'false',
      tabindex: '-1',
      text: info.title,
    });
    tab.addEventListener('click', () => {
      select(infos, info.id, true);
      // On a phone the menu sits above the demo: show the demo that was picked.
      bringTopIntoView($(`panel-${info.id}`));
    });
    tabs.append(tab);
    const panel = el('div', { id: `panel-${info.id}`, role: 'tabpanel', 'aria-labelledby': tab.id, hidden: true });
    // A running demo's root has data-state="running" (lib/lifecycle.js): its tab says so.
    new MutationObserver(() =>
      tab.classList.toggle('busy', panel.querySelector('[data-state="running"], [data-state="cancelling"]') !== null),
    ).observe(panel, { subtree: true, attributes: true, attributeFilter: ['data-state'] });
    $('demo-panels').append(panel);
    const { mount } = await DEMOS[REGISTRY_ID[info.id] ?? info.id].load();
    mounted.set(info.id, mount(panel, { client, idPrefix: '' }));
  }

  bindTabKeys(tabs, infos);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') for (const demo of mounted.values()) demo.cancel();
  });
  select(infos, (infos.find((d) => `#${d.id}` === location.hash) ?? infos[0]).id, false);
  document.body.dataset.ready = 'true';
}

boot();
