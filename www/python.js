// Python on real threads (python.html): the header, one PoolClient, and the
// runner component (www/demos/python/runner.js). The page's rayon pool is
// one thread (the coordinator itself): Python threads get Web Workers of
// their own (src/wasm/runner.rs), and four are started now so the first
// run starts at once. The program and its settings stay in the URL after
// each run. Under it, the Compare card (www/demos/python/compare.js) runs
// the editor's functions four ways; python.html#compare scrolls to it.
import { PoolClient } from './lib/client.js';
import { mountHeader } from './lib/header.js';
import { countRuns, settingsInUrl, showThreadsOff, urlSettings } from './lib/page.js';
import { exampleById } from './demos/python/examples.js';

/** Python-thread workers started with the page. */
const PRESTART = 4;

async function main() {
  const header = mountHeader(/** @type {HTMLElement} */ (document.querySelector('header.top')));
  const box = /** @type {HTMLElement} */ (document.getElementById('python-demo'));
  const client = new PoolClient(1);
  const prestart = async () => {
    if (!client.threaded) {
      header.setPool('warn', 'Threads off · Python cannot run here');
      return;
    }
    header.setPool('wait', 'Starting Python threads…');
    const ready = await client.python('prestart', PRESTART);
    if (ready?.status === 'failed' || ready === undefined)
      header.setPool('bad', `Python threads failed to start: ${ready?.message ?? 'no answer'}`);
    else header.setPool('ok', `${ready.workers} Python thread workers ready · cross-origin isolated`);
  };
  client.onRestart((_why, ready) => {
    header.setPool('wait', 'Restarting the interpreter…');
    ready.then(prestart, (e) => header.setPool('bad', `Could not restart: ${e instanceof Error ? e.message : e}`));
  });
  try {
    await client.ready();
  } catch (e) {
    header.setPool('bad', 'Could not start the workers');
    box.textContent = `The WebAssembly module failed to load: ${e instanceof Error ? e.message : String(e)}`;
    return;
  }
  showThreadsOff(client);
  countRuns();
  const started = prestart();
  const [{ mount }, { mountCompare }] = await Promise.all([
    import('./demos/python/runner.js'),
    import('./demos/python/compare.js'),
  ]);
  box.replaceChildren();
  const demo = mount(box, { client, settings: urlSettings(), idPrefix: '' });
  const compare = mountCompare(/** @type {HTMLElement} */ (document.getElementById('python-compare')), {
    client,
    source: demo.source,
    startMethod: demo.startMethod,
    loadExample: demo.load,
    exampleId: 'compare',
  });
  // Typing refreshes the function lists after a pause; a loaded example at once, with its own picks.
  box.addEventListener('input', () => compare.sourceChanged());
  box.addEventListener('threadlab:source', () => compare.sourceChanged(exampleById(demo.example())?.compare ?? null));
  compare.sourceChanged(exampleById(demo.example())?.compare ?? null);
  if (location.hash === '#compare') document.getElementById('compare')?.scrollIntoView();
  settingsInUrl(demo);
  await started;
  document.body.dataset.ready = 'true';
}

main();
