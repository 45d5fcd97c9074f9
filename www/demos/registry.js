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

/**
 * `waits: true` for demos whose threads mostly wait (locks, the GIL): their
 * pool is `waitingThreads()` (at least 4), the others' one per core; `pool`
 * names the size outright.
 * @typedef {{title: string, waits?: boolean, pool?: number, load: () => Promise<DemoModule>}} DemoEntry
 */

/** @type {Record<string, DemoEntry>} */
export const DEMOS = {
  race: { title: 'Race: 1 worker against N', load: () => import('./race.js') },
  sweep: { title: 'Speedup sweep', load: () => import('./sweep.js') },
  'counter-race': { waits: true, title: 'Race on a shared counter', load: () => import('./sync/counter-race.js') },
  stepper: { waits: true, title: 'Step-through scheduler', load: () => import('./sync/stepper.js') },
  deadlock: { waits: true, title: 'Deadlock', load: () => import('./sync/deadlock.js') },
  rlock: { waits: true, title: 'RLock', load: () => import('./sync/rlock.js') },
  semaphore: { waits: true, title: 'Semaphore', load: () => import('./sync/semaphore.js') },
  event: { waits: true, title: 'Event', load: () => import('./sync/event.js') },
  barrier: { waits: true, title: 'Barrier', load: () => import('./sync/barrier.js') },
  queue: { waits: true, title: 'Condition + bounded queue', load: () => import('./sync/queue.js') },
  modes: { waits: true, title: 'Threads vs processes vs the GIL', load: () => import('./modes/table.js') },
  'gil-switch': { waits: true, title: 'The GIL switch', load: () => import('./modes/gil-switch.js') },
  faults: { waits: true, title: 'When things go wrong', load: () => import('./modes/faults.js') },
  'moving-data': { waits: true, title: 'Moving data', load: () => import('./modes/moving-data.js') },
  // Its Python threads get Web Workers of their own: the rayon pool is the coordinator alone.
  python: { pool: 1, title: 'Python on real threads', load: () => import('./python/runner.js') },
};
