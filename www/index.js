// The race page: one PoolClient (a thread per core), the header, and the race
// demo (./demos/race.js) with the ids the README and the tests use.
import { settingsInUrl, startPage, urlSettings } from './lib/page.js';
import { mount } from './demos/race.js';

const client = await startPage();
if (client) {
  const demo = mount(/** @type {HTMLElement} */ (document.getElementById('race')), {
    client,
    settings: urlSettings(),
    idPrefix: '',
  });
  settingsInUrl(demo);
  document.body.dataset.ready = 'true';
}
