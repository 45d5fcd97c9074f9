// One press of Run, the same in every demo, the game and the Python page:
//
//   settings → run → progress → result | invalid | cancelled | failed → ran
//
// A demo hands `start` one action. The action reads and checks its settings
// (and returns `{status: 'invalid', …}` when they are refused), runs, shows
// progress through `watch`, and returns its reply. Whatever happens — the
// reply, a throw, a cancel — the lifecycle ends the run the same way: the
// demo's buttons come back, `data-runs` on its root counts the press,
// `data-reply-status` says how it ended (see `replyStatus`), and the root sends one bubbling
// `threadlab:ran` event (detail `{status}`), which the pages (body[data-runs],
// the settings in the URL) and embeds (embed.js → the parent page,
// docs/embedding.md) listen to.
//
// While a run goes, the root's `data-state` is `running` (then `cancelling`
// after Cancel), and `idle` between runs: the sync page marks its tabs from
// it, tests read it. Nothing else is announced: one event per press.
//
//   const life = lifecycle({ root, buttons: [run], cancelButton: cancel });
//   run.onclick = () => life.start(async ({ signal, watch }) => {
//     const settings = await check();            // settings
//     if (!settings) return { status: 'invalid' };
//     watch(() => drawProgress());               // progress, every frame
//     const reply = await client.run(settings, { signal });
//     show(reply);                               // result
//     return reply;
//   }, say);

/** The event a demo's root sends (bubbling) when a press of Run has ended. Public: embeds forward it. */
export const RAN = 'threadlab:ran';

/** @typedef {'idle' | 'running' | 'cancelling'} RunState */
/** How a press ended, for `data-reply-status` and embeds. @typedef {'done' | 'invalid' | 'cancelled' | 'failed' | 'busy'} Ending */
/** @typedef {{status: 'cancelled'} | {status: 'failed', message: string} | {status: 'busy'}} Refusal */

/**
 * What the action is given.
 * @typedef {object} RunContext
 * @property {AbortSignal} signal  aborted by Cancel (and by destroy)
 * @property {() => void} check  throws Cancelled once the run was cancelled
 * @property {(tick: () => void, everyMs?: number) => void} watch  calls `tick`
 *   on every animation frame (or every `everyMs`) until the run ends
 */

/** Thrown (by `check`, or by a demo) when a run was cancelled; the lifecycle ends it as `cancelled`. */
export class Cancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/** @param {unknown} e */
export const isCancel = (e) => e instanceof Cancelled || (e instanceof DOMException && e.name === 'AbortError');

/**
 * Marks a root's state without a run (the stepper's steps): what `data-state` means everywhere.
 * @param {HTMLElement} root
 * @param {RunState} state
 */
export function markState(root, state) {
  root.dataset.state = state;
}

/**
 * The status a press ended with, as embeds report it: a reply's own
 * status when it is one of the four endings, else `done` (the Python page's
 * replies carry how the program exited too).
 * @param {unknown} reply
 * @returns {Ending}
 */
function endingOf(reply) {
  const status = /** @type {{status?: unknown}} */ (reply)?.status;
  return status === 'invalid' || status === 'cancelled' || status === 'failed' || status === 'busy' ? status : 'done';
}

/**
 * What a demo tells its lifecycle.
 * @typedef {object} LifecycleParts
 * @property {HTMLElement} root  where data-state, data-runs and data-reply-status live and `threadlab:ran` starts
 * @property {HTMLButtonElement[]} [buttons]  disabled while a run goes (Run, and whatever must not change under it)
 * @property {HTMLButtonElement | null} [cancelButton]  enabled only while a run goes; it cancels
 * @property {(state: RunState) => void} [onState]  the demo's own part of busy/idle (fields, focus)
 * @property {() => void} [onCancel]  after Cancel aborted the signal (say "Cancelling…")
 * @property {(reply: any) => string} [ranStatus]  the event's `status` for a done reply (default: `done`)
 * @property {boolean} [replyStatus]  write `data-reply-status` (default true), which an embed
 *   reports as its `data-status`. The race, the sweep and the modes demos never wrote it, so
 *   their embeds report every press as `done` (even the sweep's and the GIL switch's refusal
 *   when threads are off, tests/e2e/embed-fallback.test.mjs): they pass false to keep that.
 */

/** One demo's lifecycle: `lifecycle(parts)` makes one. */
export class Lifecycle {
  /** @type {AbortController | null} */ #abort = null;
  #destroyed = false;
  /** @type {(() => void)[]} */ #stopWatching = [];
  /** @type {LifecycleParts} */ #parts;

  /** @param {LifecycleParts} parts */
  constructor(parts) {
    this.#parts = parts;
    this.#setState('idle');
    parts.cancelButton?.addEventListener('click', () => this.cancel());
  }

  /** Whether a run is going. */
  get busy() {
    return this.#abort !== null;
  }
  /** The running press's signal (undefined between runs). */
  get signal() {
    return this.#abort?.signal;
  }
  /** Throws Cancelled once this run was cancelled. */
  check = () => {
    if (!this.#abort || this.#abort.signal.aborted) throw new Cancelled();
  };

  /**
   * Runs `action` unless a run is going (then `{status: 'busy'}`, and no
   * event); resolves to its reply, or to `{status: 'cancelled'}` /
   * `{status: 'failed', message}` when it threw.
   * @template T
   * @param {(run: RunContext) => Promise<T>} action
   * @param {(text: string, bad?: boolean) => void} [say]  where "Cancelled." and failures are written
   * @returns {Promise<T | Refusal>}
   */
  async start(action, say) {
    if (this.#abort || this.#destroyed) return { status: 'busy' };
    const mine = new AbortController();
    this.#abort = mine;
    this.#setState('running');
    /** @type {T | Refusal} */
    let reply = { status: 'cancelled' };
    try {
      reply = await action({
        signal: mine.signal,
        check: this.check,
        watch: (tick, everyMs) => this.#watch(tick, everyMs),
      });
    } catch (e) {
      if (isCancel(e) || mine.signal.aborted) {
        say?.('Cancelled.');
      } else {
        const message = e instanceof Error ? e.message : String(e);
        say?.(`Stopped: ${message}`, true);
        reply = { status: 'failed', message };
      }
    } finally {
      for (const stop of this.#stopWatching.splice(0)) stop();
      if (this.#abort === mine) this.#abort = null;
      if (!this.#destroyed) {
        this.#setState('idle');
        this.#ran(reply);
      }
    }
    return reply;
  }

  /** Cancels the running press, if any (a second call does nothing). */
  cancel() {
    if (!this.#abort || this.#abort.signal.aborted) return;
    this.#abort.abort();
    this.#setState('cancelling');
    this.#parts.onCancel?.();
  }

  /** Cancels, and ends this demo's lifecycle: no more runs, no more events. */
  destroy() {
    this.cancel();
    this.#destroyed = true;
    for (const stop of this.#stopWatching.splice(0)) stop();
  }

  /** @param {RunState} state */
  #setState(state) {
    const { root, buttons = [], cancelButton, onState } = this.#parts;
    markState(root, state);
    for (const b of buttons) b.disabled = state !== 'idle';
    if (cancelButton) cancelButton.disabled = state !== 'running';
    onState?.(state);
  }

  /** Calls `tick` on every animation frame (or every `everyMs`) until the run ends. @param {() => void} tick @param {number} [everyMs] */
  #watch(tick, everyMs) {
    if (everyMs !== undefined) {
      const timer = setInterval(tick, everyMs);
      this.#stopWatching.push(() => clearInterval(timer));
      return;
    }
    let on = true;
    const frame = () => {
      if (!on) return;
      tick();
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    this.#stopWatching.push(() => {
      on = false;
    });
  }

  /** The press ended: count it, say how, tell the page. @param {unknown} reply */
  #ran(reply) {
    const { root, ranStatus, replyStatus = true } = this.#parts;
    const status = endingOf(reply);
    if (replyStatus) root.dataset.replyStatus = status;
    root.dataset.runs = String(Number(root.dataset.runs ?? 0) + 1);
    const detail = { status: ranStatus && status === 'done' ? ranStatus(reply) : status };
    root.dispatchEvent(new CustomEvent(RAN, { bubbles: true, detail }));
  }
}

/** @param {LifecycleParts} parts */
export const lifecycle = (parts) => new Lifecycle(parts);

/**
 * Escape cancels; returns the function that stops listening.
 * @param {() => void} cancel
 */
export function escapeCancels(cancel) {
  const onKey = (/** @type {KeyboardEvent} */ e) => {
    if (e.key === 'Escape') cancel();
  };
  document.addEventListener('keydown', onKey);
  return () => document.removeEventListener('keydown', onKey);
}
