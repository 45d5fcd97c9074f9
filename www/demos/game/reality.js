// "From schedule to reality": next to a level whose bug the schedule above
// forces every time, one button runs the same bug for real on wasm threads,
// many times, and counts how often the OS's own order hits it. The lesson:
// the schedule is one order the OS *may* pick; real runs show how often it
// does (sometimes always, sometimes rarely — never "never").
//
// It reuses the races-and-locks page's demos through the shared pool client
// (`client.sync`), so the count comes from the same Rust code that page
// runs. Without threads those demos only simulate, which would prove
// nothing here, so it says so instead of running.
import { el } from '../../lib/dom.js';
import { grouped } from '../../lib/format.js';

/** @typedef {import('../../lib/client.js').PoolClient} PoolClient */
/** @typedef {import('../../types/SyncReply').SyncReply} SyncReply */
/** @typedef {'race' | 'deadlock'} RealityKind */

/**
 * How each kind runs: the counter race repeats inside one request (20 runs
 * of all four counters take about a second; with far fewer increments one
 * worker is often done before the other starts, and nothing races); a
 * deadlock run waits for its timeout, so a few requests with a short one.
 */
const PLANS = {
  race: { runs: 20, params: { workers: 2, increments: 1_000_000 } },
  deadlock: { runs: 5, params: { timeout_ms: 100 } },
};

/**
 * @param {HTMLElement} container
 * @param {{client: PoolClient}} options
 * @returns {{show: (kind: RealityKind | null) => void}}
 */
export function mountReality(container, { client }) {
  const run = el('button', { type: 'button', id: 'reality-run' });
  const cancel = el('button', { type: 'button', id: 'reality-cancel', hidden: true, text: 'Cancel' });
  const line = el('p', { id: 'reality-result', class: 'small', role: 'status' });
  container.append(el('div', { class: 'actions' }, run, cancel), line);

  /** @type {RealityKind | null} */
  let kind = null;
  /** @type {AbortController | null} */
  let stop = null;

  /** @param {string} text @param {string} [state] done | bad | '' */
  function say(text, state = '') {
    line.textContent = text;
    line.dataset.state = state;
  }

  /** @param {RealityKind | null} next */
  function show(next) {
    stop?.abort();
    kind = next;
    container.hidden = kind === null;
    say('');
    if (kind === null) return;
    if (!client.threaded) {
      run.hidden = true;
      // client.why is already a full sentence in the page's status line.
      say('Real threads are off on this page, and the races-and-locks demos only simulate them, so there is nothing real to count here.');
      return;
    }
    run.hidden = false;
    run.textContent = `Run it on real threads ×${PLANS[kind].runs}`;
  }

  /**
   * The race: one request, N repeats; a run is bad when the unsynchronised
   * counter lost any update.
   * @param {AbortSignal} signal
   * @returns {Promise<string | null>} the result line, or null if cancelled
   */
  async function race(signal) {
    const plan = PLANS.race;
    const reply = await client.sync({ demo: 'race', params: { ...plan.params, repeats: plan.runs } }, { signal });
    if (reply.status !== 'done') return failure(reply);
    if (reply.demo !== 'race') throw new Error(`expected a race result, got ${reply.demo}`);
    const r = reply.result;
    const unsync = r.methods.find((m) => m.method === 'unsynchronised');
    if (!unsync) throw new Error('the race result has no unsynchronised counter');
    const bad = unsync.samples.filter((s) => s.lost > 0);
    const most = Math.max(0, ...unsync.samples.map((s) => s.lost));
    return `Real threads: ${bad.length} of ${unsync.samples.length} runs lost updates (on ${r.workers} workers × ${grouped(r.increments)} increments; at most ${grouped(most)} lost in one run); the schedule you pick on the board forces it every time.`;
  }

  /**
   * The deadlock: N requests; a run is bad when the opposite-order phase
   * timed out on a wait-for cycle (a timeout without one is an overloaded
   * machine, not a deadlock, and is not counted).
   * @param {AbortSignal} signal
   * @returns {Promise<string | null>}
   */
  async function deadlock(signal) {
    const plan = PLANS.deadlock;
    let bad = 0, done = 0;
    for (let i = 0; i < plan.runs; i++) {
      const reply = await client.sync({ demo: 'deadlock', params: plan.params }, { signal });
      if (reply.status !== 'done') return failure(reply);
      if (reply.demo !== 'deadlock') throw new Error(`expected a deadlock result, got ${reply.demo}`);
      done++;
      if (reply.result.deadlocked.detection?.cycle.length) bad++;
      say(`Running… ${done} of ${plan.runs}`);
    }
    return `Real threads: ${bad} of ${done} runs deadlocked (2 workers take two locks in opposite order, timed so that each holds its first lock; found by a ${plan.params.timeout_ms} ms timeout); the schedule you pick on the board forces it every time.`;
  }

  /** @param {Exclude<SyncReply, {status: 'done'}>} reply @returns {string | null} */
  function failure(reply) {
    switch (reply.status) {
      case 'cancelled': return null;
      case 'invalid': return `Could not run: ${reply.errors.map((e) => e.message).join(' ')}`;
      case 'failed': return `The run failed: ${reply.message}`;
    }
  }

  run.addEventListener('click', async () => {
    if (!kind || stop) return;
    const controller = new AbortController();
    stop = controller;
    run.disabled = true;
    cancel.hidden = false;
    say('Running on real threads…');
    let text;
    try {
      text = await (kind === 'race' ? race(controller.signal) : deadlock(controller.signal));
    } catch (e) {
      text = `The run failed: ${e instanceof Error ? e.message : String(e)}`;
    }
    if (stop === controller) stop = null;
    run.disabled = false;
    cancel.hidden = true;
    // A level change while running already cleared the line.
    if (controller.signal.aborted) { if (line.textContent.startsWith('Running')) say('Cancelled.'); return; }
    if (text === null) say('Cancelled.');
    else say(text, text.startsWith('Real threads') ? 'done' : 'bad');
  });
  cancel.addEventListener('click', () => stop?.abort());

  show(null);
  return { show };
}
