// Every demo component by id, loaded on demand: pages and embed.html ask
// here instead of importing a list of their own.

/** @typedef {import('../lib/client.js').PoolClient} PoolClient */
/**
 * @typedef {object} MountOptions
 * @property {PoolClient} client
 * @property {Record<string, string>} [settings]
 * @property {'light' | 'dark'} [theme]
 * @property {string} [idPrefix]
 * @property {boolean} [compact]  the smaller layout embeds use
 */
/**
 * @typedef {object} Demo
 * @property {() => Promise<unknown>} run
 * @property {() => void} cancel
 * @property {() => Record<string, string>} settings
 * @property {() => void} destroy
 */
/** @typedef {{mount: (container: HTMLElement, options: MountOptions) => Demo}} DemoModule */

/** @type {Record<string, {title: string, load: () => Promise<DemoModule>}>} */
export const DEMOS = {
  race: { title: 'Race: 1 worker against N', load: () => import('./race.js') },
  sweep: { title: 'Speedup sweep', load: () => import('./sweep.js') },
  'counter-race': { title: 'Race on a shared counter', load: () => import('./sync/counter-race.js') },
  stepper: { title: 'Step-through scheduler', load: () => import('./sync/stepper.js') },
  deadlock: { title: 'Deadlock', load: () => import('./sync/deadlock.js') },
  rlock: { title: 'RLock', load: () => import('./sync/rlock.js') },
  semaphore: { title: 'Semaphore', load: () => import('./sync/semaphore.js') },
  event: { title: 'Event', load: () => import('./sync/event.js') },
  barrier: { title: 'Barrier', load: () => import('./sync/barrier.js') },
  queue: { title: 'Condition + bounded queue', load: () => import('./sync/queue.js') },
  modes: { title: 'Threads vs processes vs the GIL', load: () => import('./modes/table.js') },
  'gil-switch': { title: 'The GIL switch', load: () => import('./modes/gil-switch.js') },
  faults: { title: 'When things go wrong', load: () => import('./modes/faults.js') },
  'moving-data': { title: 'Moving data', load: () => import('./modes/moving-data.js') },
};
