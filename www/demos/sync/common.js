// The frame every synchronisation demo shares: a card with its title, the
// fields the Rust catalogue describes (DemoInfo.fields), Run and Cancel, a
// status line, the picture of the last result, and the lesson with the Rust
// that ran and the same idea in Python. Each demo module only says how to
// draw its result (see counter-race.js … queue.js).
//
// On a page without threads the same frame runs the demo simulated on one
// worker (Rust's src/sync/sim.rs answers with the same result types), says so
// in a note above the result, and passes `simulated` to the drawing.
//
// A press of Run goes through ../../lib/lifecycle.js. What tests read is on
// the panel (`.demo-panel[data-demo]`): `data-state` (idle | running |
// cancelling), `data-reply-status` and `data-runs` once a run has ended,
// and `data-json`: the reply with its long arrays (spans, depth) cut to their
// lengths.
import { el, focusHere } from '../../lib/dom.js';
import { field, showErrors, clearErrors, uniqueId } from '../../lib/form.js';
import { grouped } from '../../lib/format.js';
import { drawKit } from './draw.js';
import { lifecycle } from '../../lib/lifecycle.js';

/** @typedef {import('../../lib/client.js').PoolClient} PoolClient */
/** @typedef {import('../../types/DemoInfo').DemoInfo} DemoInfo */
/** @typedef {import('../../types/SyncReply').SyncReply} SyncReply */
/** @typedef {import('../../types/DemoResult').DemoResult} DemoResult */
/** @typedef {import('../registry.js').MountOptions} MountOptions */
/** @typedef {import('../registry.js').Demo} Demo */
/** @typedef {DemoResult['demo']} SyncDemoId */
/** Each demo's result type by its id. @typedef {{[R in DemoResult as R['demo']]: R['result']}} ResultById */
/** @typedef {import('./draw.js').DrawKit} DrawKit */
/** `simulated`: the run was simulated on one worker (times are scheduler steps). @typedef {{uid: string, draw: DrawKit, simulated: boolean}} DrawContext */

/**
 * Everything a demo module tells the frame.
 * @template {SyncDemoId} D
 * @typedef {object} RunSpec
 * @property {D} demo  the Rust demo id (`race`, `deadlock`, …): ids, requests and the catalogue use it
 * @property {string} registryId  the id in ../registry.js, for unique ids when no idPrefix is given
 * @property {boolean} [progress]  show a progress bar while running (the race counts runs)
 * @property {(result: ResultById[D], context: DrawContext) => Node[]} render  the picture of a result
 * @property {(result: ResultById[D]) => string} done  one sentence for the status line
 */

/** How often a running demo's progress bar looks at the shared counters. */
const PROGRESS_MS = 50;

/** The legend of timelines of locks. */
export const LOCK_KINDS = { hold: 'holds the lock', wait: 'waits for it', blocked: 'waited: timed out' };

/**
 * What a demo says on a page without threads: how the run it does instead
 * works (src/sync/sim.rs). Why threads are off is the page's own
 * sentence, shown once above (the banner, or an embed's note).
 */
export const SIMULATED_NOTE =
  'Simulated: threads are off, so this demo’s threads run on one worker, where a random scheduler runs one step of one thread at a time and preempts it at random, as a single core would. Times are simulated — one step counts as 1 ms — not measured.';

/**
 * How many threads a result's run had, for "n threads simulated".
 * @param {DemoResult} reply
 */
function threadsOf(reply) {
  switch (reply.demo) {
    case 'deadlock':
    case 'rlock':
      return 2;
    case 'queue':
      return reply.result.producers + reply.result.consumers;
    default:
      return reply.result.workers;
  }
}

/**
 * The demos' styles for mounts outside sync.html (an embed's frame, another
 * page), added once: the cycle diagram and the charts need them.
 */
function ensureStyles() {
  const href = new URL('../../sync.css', import.meta.url).href;
  if ([...document.styleSheets].some((s) => s.href === href) || document.querySelector(`link[data-sync-css]`)) return;
  document.head.append(el('link', { rel: 'stylesheet', href, 'data-sync-css': '' }));
}

/** `n thing` / `n things`. @param {number} n @param {string} one @param {string} [many] */
export function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * This pool's description of demo `id`.
 * @param {PoolClient} client
 * @param {string} id
 * @returns {DemoInfo}
 */
export function demoInfo(client, id) {
  const info = client.info.demos.find((d) => d.id === id);
  if (!info) throw new Error(`The wasm module has no synchronisation demo "${id}".`);
  return info;
}

/**
 * The id prefix of one mount: `idPrefix` + the Rust id (`race`), so the full
 * page (prefix '') keeps `race-workers`, `panel-race`, `stepper-counter`.
 * @param {MountOptions} options
 * @param {string} demo  the Rust id
 * @param {string} registryId
 */
export function idBase(options, demo, registryId) {
  const prefix = options.idPrefix ?? `${uniqueId(registryId)}-`;
  return `${prefix}${demo}`;
}

/**
 * The card a demo draws into.
 * @param {HTMLElement} container
 * @param {MountOptions} options
 * @param {DemoInfo} info
 * @param {string} uid
 */
export function frame(container, options, info, uid) {
  const title = el('h2', { id: `${uid}-title`, text: info.title });
  const root = el(
    'section',
    {
      class: 'card demo-panel',
      'data-demo': info.id,
      'data-state': 'idle',
      'data-runs': '0',
      'data-theme': options.theme ?? 'light',
      'aria-labelledby': title.id,
    },
    title,
  );
  container.append(root);
  return root;
}

/**
 * The lesson, the Rust that ran and the Python, in focusable scroll boxes
 * (left out of compact mounts: embeds show the demo only). Simulated, the
 * Rust is the simulation's (the catalogue without a pool says so too).
 * @param {DemoInfo} info
 * @param {boolean} [simulated]
 */
export function lessonBlock(info, simulated = false) {
  /** @param {string} heading @param {string} lang @param {string} code */
  const code = (heading, lang, code) =>
    el(
      'div',
      {},
      el('h3', { text: heading }),
      el(
        'pre',
        { class: 'code', tabindex: '0', 'aria-label': `${heading} (${info.title})` },
        el('code', { class: lang, text: code }),
      ),
    );
  return el(
    'div',
    { class: 'lesson-block' },
    el('h3', { text: 'The lesson' }),
    ...info.lesson.split('\n\n').map((text) => el('p', { class: 'lesson-text', text })),
    el(
      'div',
      { class: 'code-pair' },
      code(
        simulated ? 'The Rust that ran: the scheduler and this demo’s threads as state machines' : 'The Rust that ran',
        'rust',
        info.rust,
      ),
      code('The same idea in Python', 'python', info.python),
    ),
  );
}

/**
 * A row of labelled numbers: `[label, value, 'yes' | 'no' | '']`.
 * @param {[string, string, string?][]} items
 */
export function stats(items) {
  return el(
    'dl',
    { class: 'stats sync-stats' },
    ...items.map(([label, value, cls]) =>
      el('div', {}, el('dt', { text: label }), el('dd', { text: value, class: cls || null })),
    ),
  );
}

/** `Yes ✓` / `No ✗` with its class. @param {boolean} ok @returns {[string, string]} */
export function verdict(ok) {
  return ok ? ['Yes ✓', 'yes'] : ['No ✗', 'no'];
}

/**
 * The reply for tests and the curious, with spans and depth curves cut to
 * their lengths so the attribute stays small.
 * @param {unknown} reply
 */
export function replyJson(reply) {
  return JSON.stringify(reply, (key, value) =>
    (key === 'spans' || key === 'depth') && Array.isArray(value) ? value.length : value,
  );
}

/**
 * A demo's settings form: a field per setting, the seed when simulated, Run
 * and Cancel.
 * @param {MountOptions} options
 * @param {DemoInfo} info
 * @param {string} uid
 * @param {boolean} threaded
 */
function demoForm(options, info, uid, threaded) {
  const fields = el('div', { class: 'fields' });
  for (const f of info.fields) {
    const value = options.settings?.[f.id] ?? String(f.default);
    const box = field({ name: f.id, label: f.label, value, hint: `${grouped(f.min)} to ${grouped(f.max)}`, uid });
    const input = /** @type {HTMLInputElement} */ (box.querySelector('input'));
    input.defaultValue = String(f.default);
    fields.append(box);
  }
  // Simulated, the scheduler's seed is shown, kept in the URL (?seed=N) and
  // may be typed: the same seed replays the same run. Blank: a new one.
  const linkSeed = options.compact ? null : new URLSearchParams(location.search).get('seed');
  const seedBox = threaded
    ? null
    : field({
        name: 'seed',
        label: 'Seed',
        value: options.settings?.seed ?? linkSeed ?? '',
        hint: 'blank: a new one each run; the same seed replays the same run',
        uid,
      });
  const seedInput = /** @type {HTMLInputElement | null} */ (seedBox?.querySelector('input') ?? null);
  const runButton = el('button', { type: 'submit', class: 'primary run', text: threaded ? 'Run' : 'Run simulated' });
  const cancelButton = el(
    'button',
    { type: 'button', class: 'cancel', disabled: true },
    'Cancel ',
    el('kbd', { text: 'Esc' }),
  );
  const form = el(
    'form',
    { class: 'demo-form', novalidate: true, 'aria-label': `${info.title} settings` },
    fields,
    ...(seedBox ? [el('div', { class: 'fields seed-field' }, seedBox)] : []),
    el('div', { class: 'actions' }, runButton, cancelButton),
  );
  return { fields, seedInput, runButton, cancelButton, form };
}

/**
 * The form, progress bar, status line and picture of a demo that runs on
 * the pool, appended to its card.
 * @param {HTMLElement} root
 * @param {MountOptions} options
 * @param {DemoInfo} info
 * @param {string} uid
 * @param {boolean} threaded
 */
function runDemoView(root, options, info, uid, threaded) {
  const { fields, seedInput, runButton, cancelButton, form } = demoForm(options, info, uid, threaded);
  const fill = el('div', { class: 'fill' });
  const track = el(
    'div',
    {
      class: 'track',
      role: 'progressbar',
      'aria-label': 'Runs done',
      'aria-valuemin': '0',
      'aria-valuemax': '100',
      'aria-valuenow': '0',
      hidden: true,
    },
    fill,
  );
  const status = el('p', {
    class: 'run-status',
    role: 'status',
    'aria-live': 'polite',
    text: threaded ? 'Press Run to run it on real threads.' : 'Press Run simulated to run it on one worker.',
  });
  const visual = el('div', { class: 'visual', 'aria-live': 'off' });
  // Without threads the demo still runs, simulated, and says so above its result.
  const note = threaded ? [] : [el('p', { class: 'sim-note note', 'data-simulated': 'true', text: SIMULATED_NOTE })];
  root.append(form, ...note, track, status, visual);
  if (!options.compact) root.append(lessonBlock(info, !threaded));
  return {
    root,
    info,
    uid,
    threaded,
    compact: Boolean(options.compact),
    draw: drawKit(),
    fields,
    seedInput,
    runButton,
    cancelButton,
    form,
    fill,
    track,
    status,
    visual,
    /** @param {string} text @param {boolean} [bad] */
    say(text, bad = false) {
      status.textContent = text;
      status.classList.toggle('bad', bad);
    },
    /** The fields as typed. @returns {Record<string, string>} */
    settings: () => Object.fromEntries([...fields.querySelectorAll('input')].map((i) => [i.name, i.value])),
  };
}
/** @typedef {ReturnType<typeof runDemoView>} RunDemoView */

/**
 * The scheduler's seed for a simulated run: the typed one, or a new one
 * when blank (kept on the root and in the page's URL); null when what was
 * typed is no seed. Undefined on a threaded page.
 * @param {RunDemoView} view
 * @returns {number | null | undefined}
 */
function seedFor(view) {
  if (!view.seedInput) return undefined;
  const typed = view.seedInput.value.trim();
  const seed = typed === '' ? crypto.getRandomValues(new Uint32Array(1))[0] : Number(typed);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff) return null;
  view.root.dataset.seed = String(seed);
  if (!view.compact) {
    const url = new URL(location.href);
    url.searchParams.set('seed', String(seed));
    history.replaceState(history.state, '', url);
  }
  return seed;
}

/**
 * Mounts a demo that runs on the pool: fields, Run/Cancel, progress, status,
 * the picture of the result and the lesson.
 * @template {SyncDemoId} D
 * @param {HTMLElement} container
 * @param {MountOptions} options
 * @param {RunSpec<D>} spec
 * @returns {Demo}
 */
export function mountRunDemo(container, options, spec) {
  const { client } = options;
  const info = demoInfo(client, spec.demo);
  ensureStyles();
  const uid = idBase(options, spec.demo, spec.registryId);
  const root = frame(container, options, info, uid);
  const view = runDemoView(root, options, info, uid, client.threaded);
  const state = { destroyed: false };
  const life = lifecycle({
    root,
    buttons: [view.runButton],
    cancelButton: view.cancelButton,
    onState: (s) => {
      for (const input of view.fields.querySelectorAll('input')) input.readOnly = s !== 'idle';
      view.form.setAttribute('aria-busy', String(s !== 'idle'));
    },
    onCancel: () => view.say('Cancelling…'),
  });
  const run = () => life.start((ctx) => runOnce(client, view, spec, state, ctx));
  view.form.addEventListener('submit', (e) => {
    e.preventDefault();
    run();
  });
  root.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') life.cancel();
  });

  return {
    run,
    cancel: () => life.cancel(),
    settings: view.settings,
    destroy() {
      state.destroyed = true;
      life.destroy();
      view.draw.clear();
      root.remove();
    },
  };
}

/**
 * One press of Run: the seed (simulated), the run with its progress bar, the reply shown.
 * @template {SyncDemoId} D
 * @param {PoolClient} client @param {RunDemoView} view @param {RunSpec<D>} spec
 * @param {{destroyed: boolean}} state @param {import('../../lib/lifecycle.js').RunContext} ctx
 * @returns {Promise<SyncReply>}
 */
async function runOnce(client, view, spec, state, { signal, watch }) {
  const { form, track, fill, threaded, info } = view;
  clearErrors(form);
  if (form.contains(document.activeElement) || document.activeElement === document.body) focusHere(view.cancelButton);
  const seed = seedFor(view);
  if (seed === null) {
    view.say(`The seed must be a whole number from 0 to ${grouped(0xffff_ffff)}, or blank.`, true);
    return { status: 'invalid', errors: [{ field: 'seed', message: 'not a seed' }] };
  }
  view.say(
    threaded
      ? `Running ${info.title.toLowerCase()} on real threads…`
      : `Simulating ${info.title.toLowerCase()} on one worker…`,
  );
  // Progress is read from shared memory, which a page without threads lacks.
  const progress = Boolean(spec.progress) && threaded;
  track.hidden = !progress;
  fill.style.width = '0%';
  track.setAttribute('aria-valuenow', '0');
  // Read from shared memory often, written to the page only when it
  // changes: a frame drawn for nothing is main-thread work too.
  if (progress) {
    watch(() => {
      const { done, total } = client.progress(signal);
      const shown = total > 0 ? String(Math.round((100 * done) / total)) : '0';
      if (shown === track.getAttribute('aria-valuenow')) return;
      fill.style.width = `${shown}%`;
      track.setAttribute('aria-valuenow', shown);
    }, PROGRESS_MS);
  }
  const reply = await client.sync(
    { demo: spec.demo, params: view.settings(), ...(seed === undefined ? {} : { seed }) },
    { signal },
  );
  // The reply arrived in a task that also unpacked it: draw in the next one.
  await new Promise((resolve) => setTimeout(resolve, 0));
  if (state.destroyed) return reply;
  track.hidden = true;
  await showReply(view, spec, reply, seed, state);
  if (document.activeElement === view.cancelButton || document.activeElement === document.body)
    focusHere(view.runButton);
  view.root.dataset.json = replyJson(reply);
  return reply;
}

/**
 * The picture and the status line of a reply.
 * @template {SyncDemoId} D
 * @param {RunDemoView} view @param {RunSpec<D>} spec @param {SyncReply} reply @param {number | undefined} seed @param {{destroyed: boolean}} state
 */
async function showReply(view, spec, reply, seed, state) {
  const { threaded, say, form, status } = view;
  if (reply.status === 'done' && reply.demo === spec.demo) {
    const result = /** @type {ResultById[D]} */ (reply.result);
    view.draw.clear();
    view.visual.replaceChildren(...spec.render(result, { uid: view.uid, draw: view.draw, simulated: !threaded }));
    await view.draw.start();
    if (state.destroyed) return;
    say(
      threaded
        ? spec.done(result)
        : `Simulated with seed ${seed}: ${plural(threadsOf(reply), 'thread')} on one worker (the same seed replays this run). ${spec.done(result)}`,
    );
  } else if (reply.status === 'done') {
    say(`The pool answered for another demo (${reply.demo}).`, true);
  } else if (reply.status === 'invalid') {
    showErrors(form, reply.errors, status);
    if (!form.querySelector('[aria-invalid="true"]')) focusHere(view.runButton);
    else if (!status.classList.contains('bad')) say('Fix the highlighted field to run.', true);
  } else if (reply.status === 'cancelled') {
    // Without shared memory a cancel replaces the one worker (lib/client.js).
    say(
      threaded
        ? 'Cancelled. Every thread stopped waiting; the pool is free for the next run.'
        : 'Cancelled: the simulation stopped with its worker, and a fresh worker is ready for the next run.',
    );
  } else {
    say(reply.message || 'The run failed.', true);
  }
}

/**
 * A demo module's `mount`: `export const mount = syncDemo({demo, registryId, render, done})`.
 * @template {SyncDemoId} D
 * @param {RunSpec<D>} spec
 * @returns {(container: HTMLElement, options: MountOptions) => Demo}
 */
export function syncDemo(spec) {
  return (container, options) => mountRunDemo(container, options, spec);
}

/** Lane names `Worker 1 … Worker n`. @param {number} n @param {string} [name] */
export function lanes(n, name = 'Worker') {
  return Array.from({ length: n }, (_, i) => `${name} ${i + 1}`);
}
