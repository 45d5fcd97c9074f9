// The speedup lab page: one PoolClient (a thread per core), the header, and
// the sweep demo (./demos/sweep.js) with the ids the tests use. A link with
// run=1 (Copy link) starts the sweep at once.
import { settingsInUrl, startPage, urlSettings } from './lib/page.js';
import { mount } from './demos/sweep.js';

const client = await startPage();
if (client) {
  const settings = urlSettings();
  const demo = mount(/** @type {HTMLElement} */ (document.getElementById('sweep')), { client, settings, idPrefix: '' });
  settingsInUrl(demo);
  document.body.dataset.ready = 'true';
  if (settings.run === '1' && client.threaded) demo.run();
}
