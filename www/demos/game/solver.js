// The solver panel: searches every interleaving from the current state (on
// the worker pool) for the shortest schedule that breaks the program — or,
// when that is hopeless, the one with the fewest preemptions — or proves
// none does within the state budget. Every break shows its preemptions. Shows states explored (live,
// read from shared memory while the coordinator is busy), states per
// second, and with "compare" the same search on one thread first, for the
// speedup. Cancel (or Esc) raises the control block's cancel word.
import { el } from '../../lib/dom.js';
import { grouped, ms, times } from '../../lib/format.js';
import { lifecycle } from '../../lib/lifecycle.js';

/** @typedef {import('../../lib/client.js').PoolClient} PoolClient */
/** @typedef {import('../../types/SearchReport').SearchReport} SearchReport */
/** @typedef {import('../../types/GameSearchDone').GameSearchDone} GameSearchDone */
/** @typedef {import('../../types/Reply').Reply<GameSearchDone>} SearchReply */

/** How each breaking outcome reads in a sentence. */
const BREAKS = /** @type {Record<string, string>} */ ({
  AssertFailed: 'an assert fails',
  Exception: 'an exception escapes a thread',
  Deadlock: 'a deadlock (a cycle of threads waiting on each other)',
  Hang: 'a hang (everyone waits, nobody can wake them)',
  LostUpdate: 'a lost update (the result differs from every one-at-a-time run)',
});

/** @param {number} n @returns {string} */
const preemptions = (n) => `${n} preemption${n === 1 ? '' : 's'}`;

/** @param {SearchReport} r @returns {string} */
export function verdictText(r) {
  const v = r.verdict;
  switch (v.kind) {
    case 'Broken': {
      const steps = `${v.schedule.length} step${v.schedule.length === 1 ? '' : 's'}`;
      const how = BREAKS[v.outcome.kind] ?? v.outcome.kind;
      return v.promise === 'Shortest'
        ? `Broken in ${steps} with ${preemptions(v.preemptions)} (no shorter schedule breaks it): ${how}.`
        : `Broken with ${preemptions(v.preemptions)} (no schedule with fewer breaks it; ${steps}, not the shortest): ${how}.`;
    }
    case 'Safe':
      return 'Safe: no order of steps breaks it — every reachable state was explored.';
    case 'Bounded':
      return `No break within ${v.depth} steps, but longer runs exist: not a proof.`;
    case 'TooManyStates':
      return `Gave up: the state budget ran out${v.depth ? ` after ${v.depth} levels` : ''} (no break found so far${v.preemptions === null ? '' : `; none with at most ${preemptions(v.preemptions)}`}). Raise the budget.`;
    case 'Cancelled':
      return 'Cancelled.';
    case 'ModelError':
      return `The model stopped: ${v.error.message}`;
  }
}

/** The strategies the panel offers, as the wasm call names them. */
const STRATEGIES = /** @type {const} */ ([
  ['Auto', 'shortest, then fewest preemptions'],
  ['Shortest', 'shortest only (breadth first)'],
  ['FewestPreemptions', 'fewest preemptions only'],
]);

/**
 * @param {HTMLElement} container
 * @param {{client: PoolClient, game: () => {source: string, schedule: string, gil_switch_points: boolean}, onBusy: (busy: boolean) => void, onResult: (done: GameSearchDone) => void}} options
 */
export function mountSolver(container, { client, game, onBusy, onResult }) {
  const { budget, strategy, statements, compare, run, cancel, status, stats } = solverMarkup(container, client);

  // A search is a press of Run like any demo's (lib/lifecycle.js); the
  // game hears of it through onBusy, and shows the result after the
  // buttons are back (the game's own status line is written then).
  const life = lifecycle({
    root: container,
    buttons: [run],
    cancelButton: cancel,
    onState: (s) => onBusy(s !== 'idle'),
  });
  /** @type {number | null} */
  let address = null;

  /**
   * @param {{statements?: boolean, compare?: boolean, maxStates?: number, strategy?: 'Auto' | 'Shortest' | 'FewestPreemptions', caption?: string}} [over]
   *   caption: what the result is, when not a press of Search (the hint searches from the current position)
   * @returns {Promise<SearchReply>}
   */
  async function search(over = {}) {
    if (life.busy) return { status: 'cancelled' };
    const reply = /** @type {SearchReply} */ (
      await life.start(async ({ signal, watch }) => {
        stats.replaceChildren();
        status.textContent = 'Searching…';
        if (address === null && client.threaded) address = await client.game('exploredAddress');
        const t0 = performance.now();
        watch(() => {
          const memory = client.info?.memory;
          const explored = memory && address !== null ? new Uint32Array(memory.buffer, address, 1)[0] : null;
          status.textContent = `Searching… ${ms(performance.now() - t0)}${explored ? ` · ${grouped(explored)} states` : ''} (Esc cancels)`;
        });
        const { source, schedule, gil_switch_points } = game();
        return /** @type {SearchReply} */ (
          await client.game(
            'search',
            {
              source,
              schedule,
              gil_switch_points,
              statements: over.statements ?? statements.checked,
              spurious_wakeups: true,
              max_states: over.maxStates ?? Number(budget.value),
              strategy: over.strategy ?? /** @type {'Auto' | 'Shortest' | 'FewestPreemptions'} */ (strategy.value),
              compare: over.compare ?? compare.checked,
            },
            { signal },
          )
        );
      })
    );
    showSearch(status, stats, reply, over.caption ?? '', onResult);
    return reply;
  }

  run.addEventListener('click', () => {
    search();
  });
  return {
    search,
    cancel: () => life.cancel(),
    get busy() {
      return life.busy;
    },
  };
}

/**
 * A search's verdict in the status line and its figures in the stats.
 * @param {HTMLElement} status @param {HTMLElement} stats @param {SearchReply} reply @param {string} caption
 * @param {(done: GameSearchDone) => void} onResult
 */
function showSearch(status, stats, reply, caption, onResult) {
  if (reply.status !== 'done') {
    status.textContent =
      reply.status === 'cancelled'
        ? 'Cancelled.'
        : reply.status === 'invalid'
          ? reply.errors.map((e) => e.message).join(' ')
          : `Failed: ${reply.message}`;
    return;
  }
  const r = reply.report;
  status.textContent = `${caption}${verdictText(r)}`;
  /** @type {[string, string][]} */
  const rows = [
    ['states explored', grouped(r.states)],
    ...(r.verdict.kind === 'Broken'
      ? /** @type {[string, string][]} */ ([
          ['preemptions', String(r.verdict.preemptions)],
          [
            'promise',
            r.verdict.promise === 'Shortest' ? 'shortest schedule' : `fewest preemptions: ${r.verdict.preemptions}`,
          ],
        ])
      : []),
    ['depth', String(r.depth)],
    [`time on ${r.threads} thread${r.threads === 1 ? '' : 's'}`, ms(r.elapsed_ms)],
    ['states/s', grouped(Math.round(r.states_per_sec))],
  ];
  const s = reply.sequential;
  if (s && r.threads === 1) {
    // Both runs were one thread's: their ratio would be noise.
    rows.push(['second thread', 'not started: no level was wide enough to share']);
  } else if (s) {
    rows.push(['time on 1 thread', ms(s.elapsed_ms)], ['states/s on 1 thread', grouped(Math.round(s.states_per_sec))]);
    rows.push([
      `speedup 1 → ${r.threads}`,
      s.elapsed_ms > 0 && r.elapsed_ms > 0 ? times(s.elapsed_ms / r.elapsed_ms) : '–',
    ]);
  }
  if (s) {
    rows.push([
      'same answer',
      s.verdict.kind === r.verdict.kind &&
      (s.verdict.kind !== 'Broken' ||
        r.verdict.kind !== 'Broken' ||
        s.verdict.schedule.length === r.verdict.schedule.length)
        ? 'yes'
        : 'NO',
    ]);
  }
  stats.replaceChildren(...rows.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]));
  onResult(reply);
}

/**
 * The panel: the search's options, Search and Cancel, the status and the stats.
 * @param {HTMLElement} container @param {PoolClient} client
 */
function solverMarkup(container, client) {
  const budget = el(
    'select',
    { id: 'solver-budget' },
    ...[1e5, 1e6, 5e6].map((n) => new Option(`${grouped(n)} states`, String(n))),
  );
  budget.value = '1000000';
  const strategy = el('select', { id: 'solver-strategy' }, ...STRATEGIES.map(([v, text]) => new Option(text, v)));
  const statements = el('input', { type: 'checkbox', id: 'solver-statements' });
  const compare = el('input', {
    type: 'checkbox',
    id: 'solver-compare',
    checked: client.threaded,
    disabled: !client.threaded,
  });
  const run = el('button', { type: 'button', class: 'primary', id: 'solver-run', text: 'Search all schedules' });
  const cancel = el('button', { type: 'button', id: 'solver-cancel', disabled: true, text: 'Cancel' });
  const status = el('p', { class: 'run-status', id: 'solver-status', role: 'status', 'aria-live': 'polite' });
  const stats = el('dl', { class: 'stats', id: 'solver-stats' });
  container.append(
    el('h2', { text: 'Solver' }),
    el('p', {
      class: 'muted small',
      text: `Breadth-first over every interleaving, with state hashing: the first break found is a shortest one. When that is hopeless (a bug thousands of steps deep), it searches by preemption bound — 0, 1, 2 … switches away from a thread that could have gone on — and the break found has the fewest preemptions. ${client.threaded ? `Breadth first can use ${client.threads} worker threads: once a level is wide enough to share, they work on every wide level together, each taking first the states it made itself.` : 'Threads are off: it runs on one worker.'}`,
    }),
    el(
      'div',
      { class: 'solver-options' },
      el('label', { for: strategy.id, text: 'Search ' }),
      strategy,
      el('label', { for: budget.id, text: 'Budget ' }),
      budget,
      el('label', { class: 'inline' }, statements, ' whole statements (faster, coarser)'),
      el('label', { class: 'inline' }, compare, ' also on 1 thread (speedup)'),
    ),
    el('div', { class: 'actions' }, run, cancel),
    status,
    stats,
  );
  return { budget, strategy, statements, compare, run, cancel, status, stats };
}
