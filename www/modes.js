// Threads vs processes vs the GIL (modes.html): one PoolClient for the page,
// the header, and the four modes demos (www/demos/modes/) mounted with
// idPrefix '' so the page's ids stay short (#tasks, #measure, #gil…). The
// Measure's settings live in the URL; a link with run=1 (Copy link) measures
// as soon as the page is ready.
import { PoolClient, waitingThreads } from './lib/client.js';
import { mountHeader } from './lib/header.js';
import { showThreadsOff } from './lib/page.js';
import { DEMOS } from './demos/registry.js';
import { RAN } from './lib/lifecycle.js';

/** @typedef {import('./demos/registry.js').Demo} Demo */

const ORDER = ['modes', 'gil-switch', 'faults', 'moving-data'];

async function main() {
  const header = mountHeader(/** @type {HTMLElement} */ (document.querySelector('header.top')));
  const client = new PoolClient(waitingThreads());
  const showPool = () => {
    if (client.threaded) header.setPool('ok', `${client.threads} worker threads · cross-origin isolated`);
    else header.setPool('warn', 'Threads off · processes and event loop only');
  };
  client.onRestart((why, ready) => {
    header.setPool('wait', `Restarting the instance (${why})…`);
    ready.then(showPool, (e) => header.setPool('bad', `Could not restart: ${e instanceof Error ? e.message : e}`));
  });
  try {
    await client.ready();
  } catch (e) {
    header.setPool('bad', `Could not start: ${e instanceof Error ? e.message : e}`);
    return;
  }
  showPool();
  showThreadsOff(client);
  const settings = Object.fromEntries(new URLSearchParams(location.search));
  /** @type {Demo[]} */
  const demos = [];
  for (const id of ORDER) {
    const module = await DEMOS[id].load();
    const box = /** @type {HTMLElement} */ (document.getElementById(`demo-${id}`));
    demos.push(module.mount(box, { client, settings, idPrefix: '' }));
  }
  // The Measure's settings stay in the URL after each run; Copy link adds run=1, which measures at once.
  const measure = demos[0];
  const measureRoot = /** @type {HTMLElement} */ (document.querySelector('#demo-modes [data-demo="modes"]'));
  measureRoot.addEventListener(RAN, () =>
    history.replaceState(null, '', `?${new URLSearchParams(measure.settings())}`),
  );
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') for (const demo of demos) demo.cancel();
  });
  document.body.dataset.ready = 'true';
  if (settings.run === '1') void measure.run();
}

main();
