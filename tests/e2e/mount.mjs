// "A demo is testable alone: mount it twice on a blank page, run, destroy."
// One helper for every demo component (www/demos/**): it empties a served
// page, counts the Web Workers the page creates and ends, mounts the module
// twice with ONE PoolClient, runs both at once, reads what each shows,
// destroys both, terminates the client and reports what is left.
//
//   const out = await mountTwice(lab.page, {
//     module: 'demos/race.js',
//     settings: [{ workload: 'sum-of-squares', size: '1e6', workers: '2' }, { workload: 'mandelbrot', size: '200', workers: '2' }],
//     read: { answer: '[data-answer]' },
//   });
//   assert.deepEqual(out.statuses, ['done', 'done']);
//   assert.equal(out.workers.alive, 0);

/**
 * @typedef {object} MountTwiceOptions
 * @property {string} module  path under www/, e.g. 'demos/race.js'
 * @property {Record<string, string>[]} [settings]  one per instance (default two empty ones)
 * @property {number} [threads]  pool size (default navigator.hardwareConcurrency)
 * @property {Record<string, string>} [read]  name → CSS selector, read inside each instance's container after its run
 * @property {string} [path]  the served page to empty first (default 'embed.html?headless=1')
 * @property {number} [timeout]  ms for both runs (default 60 s)
 */
/**
 * @typedef {object} MountTwiceResult
 * @property {(string | null)[]} statuses  each run()'s reply `status` (null when it resolved to something else)
 * @property {Record<string, string | null>[]} values  per instance: the `read` selectors' text (null: not found)
 * @property {string[]} texts  per instance: the container's innerText after its run
 * @property {string[]} duplicateIds  ids used more than once on the page while both were mounted
 * @property {number[]} leftovers  per instance: child elements left in its container after destroy()
 * @property {{created: number, terminated: number, alive: number}} workers  page-level Web Workers since the mounts began
 * @property {string | null} error  an exception thrown by mount/run/destroy, as text
 */

/**
 * @param {import('playwright-core').Page} page  a page of the test server (its origin is used)
 * @param {MountTwiceOptions} options
 * @returns {Promise<MountTwiceResult>}
 */
export async function mountTwice(
  page,
  { module, settings = [{}, {}], threads, read = {}, path = 'embed.html?headless=1', timeout = 60_000 },
) {
  const origin = new URL(page.url()).origin;
  await page.goto(`${origin}/${path}`);
  return page.evaluate(
    async ({ module, settings, threads, read, timeout }) => {
      const Native = window.Worker;
      /** @type {Worker[]} */ const created = [];
      const terminated = new Set();
      window.Worker = class extends Native {
        constructor(/** @type {any[]} */ ...args) {
          super(.../** @type {[any, any]} */ (args));
          created.push(this);
        }
        terminate() {
          terminated.add(this);
          super.terminate();
        }
      };
      let error = null;
      const out = { statuses: [], values: [], texts: [], duplicateIds: [], leftovers: [] };
      try {
        document.body.replaceChildren();
        const { PoolClient } = await import(new URL('lib/client.js', location.href).href);
        const demo = await import(new URL(module, location.href).href);
        const client = await PoolClient.create(threads ? { threads } : {});
        try {
          const boxes = settings.map(() => document.body.appendChild(document.createElement('div')));
          const demos = boxes.map((box, i) => demo.mount(box, { client, settings: settings[i], idPrefix: `m${i}-` }));
          const replies = await Promise.race([
            Promise.all(demos.map((d) => d.run())),
            new Promise((_, reject) =>
              setTimeout(() => reject(new Error(`the runs took over ${timeout} ms`)), timeout),
            ),
          ]);
          out.statuses = replies.map((r) =>
            r && typeof r === 'object' && typeof r.status === 'string' ? r.status : null,
          );
          out.values = boxes.map((box) =>
            Object.fromEntries(
              Object.entries(read).map(([name, selector]) => [name, box.querySelector(selector)?.textContent ?? null]),
            ),
          );
          out.texts = boxes.map((box) => box.innerText);
          const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
          out.duplicateIds = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
          for (const d of demos) d.destroy();
          out.leftovers = boxes.map((box) => box.childElementCount);
        } finally {
          client.terminate();
        }
      } catch (e) {
        error = e instanceof Error ? `${e.message}\n${e.stack}` : String(e);
      } finally {
        window.Worker = Native;
      }
      const alive = created.filter((w) => !terminated.has(w)).length;
      return { ...out, error, workers: { created: created.length, terminated: terminated.size, alive } };
    },
    { module, settings, threads, read, timeout },
  );
}
