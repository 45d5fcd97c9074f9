// Be the scheduler: you choose which thread takes the next step of a small
// Python threading program, until it breaks (a failed assert, a lost
// update, a deadlock, an exception) — then you fix it, and the solver must
// prove that no order of steps breaks your fix. This file wires the page:
// levels and stages, the current game (program + schedule + undo history),
// keyboard shortcuts and share links. The components live in demos/game/;
// every step and search runs in the coordinator worker (src/wasm/game.rs).
import { startPage } from './lib/page.js';
import { el } from './lib/dom.js';
import { mountBoard } from './demos/game/board.js';
import { mountStateView } from './demos/game/state-view.js';
import { mountLevels, saveProgress, loadProgress } from './demos/game/levels.js';
import { mountEditor } from './demos/game/editor.js';
import { mountSolver, verdictText } from './demos/game/solver.js';
import { makeLink, readLink } from './demos/game/share.js';
import { mountReality, COUNTER_LOOP } from './demos/game/reality.js';

/** @typedef {import('./types/GameLevel').GameLevel} GameLevel */
/** @typedef {import('./types/GameState').GameState} GameState */
/** @typedef {import('./types/GameChecked').GameChecked} GameChecked */
/** @typedef {import('./types/Reply').Reply<GameState>} StateReply */

/** @param {string} id @returns {HTMLElement} */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

const PLAYGROUND = `import threading

balance = 100

def withdraw(amount):
    global balance
    if balance >= amount:
        balance -= amount

t1 = threading.Thread(target=withdraw, args=(60,))
t2 = threading.Thread(target=withdraw, args=(70,))
t1.start(); t2.start()
t1.join(); t2.join()
assert balance >= 0, f"overdrawn: {balance}"
`;

async function boot() {
  const started = await startPage({ status: $('game-status') });
  if (!started) return;
  const client = started;
  /** @type {GameLevel[]} */
  const levels = await client.game('levels');

  /** The current game. */
  const game = {
    /** @type {GameLevel | null} */ level: null,
    /** @type {'break' | 'fix'} */ stage: 'break',
    source: '',
    schedule: '',
    /** switch only where CPython ≥ 3.10 with the GIL would (the share link's gil=1) */ gil: false,
    /** @type {string[]} schedules before each move, for Undo */ history: [],
    /** @type {GameState | null} */ state: null,
    busy: false,
    won: false,
    /** bumped by every new game, so a replay of the old one stops */ generation: 0,
  };
  /** Moves run one after another: a key held down queues its steps. */
  let moves = Promise.resolve();

  // The switch-points setting: a switch anywhere (free-threaded CPython, or
  // ≤ 3.9) or only where CPython ≥ 3.10 with the GIL hands the GIL over.
  const gilBox = /** @type {HTMLInputElement} */ ($('game-gil'));
  gilBox.addEventListener('change', async () => {
    if (game.busy) { gilBox.checked = game.gil; return; }
    game.gil = gilBox.checked;
    // The moves so far may include a switch the new setting forbids: keep
    // them if they replay, else start over.
    const kept = await show(game.schedule);
    if (!kept) { game.history = []; await show(''); say(`That schedule switches threads where CPython ≥ 3.10 with the GIL would not: back to the start.`); }
  });
  const picker = mountLevels($('game-levels'), levels, (id) => { pick(id, 'break'); });
  const editor = mountEditor($('game-editor'), { onLoad: (src) => { load(src, ''); } });
  const board = mountBoard($('game-board'), { onMove: (code, expand) => { move(code, expand); } });
  const stateView = mountStateView($('game-state'));
  // The program as shown: the editor's (playground, fix stage) or the board's.
  const reality = mountReality($('game-reality'), {
    client,
    program: () => ($('game-editor').hidden ? game.source : editor.value),
    onTryLoop: () => { void pick(null, 'break', { source: COUNTER_LOOP }); },
  });
  const solver = mountSolver($('game-solver'), {
    client,
    game: () => ({ source: game.source, schedule: game.schedule, gil_switch_points: game.gil }),
    onBusy: (busy) => { game.busy = busy; render(); },
    onResult: (done) => {
      const fixStage = game.level && game.stage === 'fix';
      if (fixStage && done.report.verdict.kind === 'Safe' && game.schedule === '') {
        saveProgress(/** @type {GameLevel} */ (game.level).id, { fixed: true });
        picker.refresh();
        say('Proven safe: no order of steps breaks your fix. Level complete!', 'win');
      }
      const play = $('solver-play');
      play.hidden = !done.schedule;
      play.onclick = () => { if (done.schedule) replay(done.schedule); };
    },
  });
  $('game-solver').append(el('button', { type: 'button', id: 'solver-play', hidden: true, text: 'Play the breaking schedule, step by step' }));

  /** @param {string} text @param {'' | 'win' | 'bad'} [kind] */
  function say(text, kind = '') {
    const s = $('game-status');
    s.textContent = text;
    s.dataset.kind = kind;
  }

  /** @param {string | null} id @param {'break' | 'fix'} stage @param {{source?: string | null, schedule?: string}} [from] */
  async function pick(id, stage, from = {}) {
    solver.cancel();
    const level = levels.find((l) => l.id === id) ?? null;
    game.level = level;
    game.stage = level ? stage : 'break';
    game.won = false;
    picker.select(level ? level.id : null);
    $('level-chapter').textContent = level ? `${level.chapter} · level ${levels.indexOf(level) + 1} of ${levels.length}` : 'Free play';
    $('level-title').textContent = level ? level.title : 'Playground';
    $('level-story').textContent = level ? level.story : 'Write any program with 2 to 4 threads (threading, queue), step it yourself, or let the solver search every order.';
    $('level-goal').textContent = !level ? 'Goal: whatever you like. Try to break it.' : stage === 'break' ? `Goal: ${level.goal}` : 'Goal: fix the program so that no order of steps breaks it, then prove it with the solver.';
    $('level-bug').hidden = !(level && (stage === 'fix' || loadProgress()[level.id]?.broken));
    $('level-bug').textContent = level ? `The bug: ${level.bug}` : '';
    $('level-fix-actions').hidden = !(level && stage === 'fix');
    $('level-next').hidden = !(level && stage === 'break' && loadProgress()[level.id]?.broken);
    reality.show(true, level?.expect === 'lost-update');
    const editable = !level || stage === 'fix';
    editor.show(editable);
    const source = from.source ?? (level ? level.source : PLAYGROUND);
    editor.set(source);
    await load(source, from.schedule ?? '', from.schedule ? 'replay' : 'now');
  }

  /**
   * Checks `source` and shows the state `schedule` reaches ('replay': step
   * by step from the start, as a shared link does).
   * @param {string} source @param {string} schedule @param {'now' | 'replay'} [how]
   */
  async function load(source, schedule, how = 'now') {
    game.generation += 1;
    /** @type {GameChecked} */
    const checked = await client.game('check', source);
    if (checked.error) {
      editor.show(true);
      editor.showError(checked.error);
      say(game.state ? 'Not run: fix the error above (the board still shows the last program that ran).' : 'Not run: fix the error above.', 'bad');
      return;
    }
    game.source = source;
    board.setProgram(source, checked.listing);
    game.history = [];
    game.won = false;
    if (how === 'replay' && schedule) {
      await show('');
      await replay(schedule);
    } else {
      await show(schedule);
    }
  }

  /** @param {string} schedule @returns {Promise<boolean>} */
  async function show(schedule) {
    /** @type {StateReply} */
    const reply = await client.game('state', { source: game.source, schedule, gil_switch_points: game.gil });
    if (reply.status !== 'done') {
      say(reply.status === 'invalid' ? reply.errors.map((e) => e.message).join(' ') : reply.status, 'bad');
      return false;
    }
    setState(reply);
    return true;
  }

  /** Replays a full schedule one bytecode step at a time, from the current state. @param {string} schedule */
  async function replay(schedule) {
    const steps = schedule.split(',').filter(Boolean);
    const done = game.schedule ? game.schedule.split(',').filter(Boolean) : [];
    const prefixOk = done.every((c, i) => steps[i] === c);
    if (!prefixOk) { game.history = []; await show(''); }
    const start = prefixOk ? done.length : 0;
    // A schedule of thousands of steps (a fewest-preemptions break) plays
    // in at most FRAMES frames, several steps each, ending on the last.
    const FRAMES = 120;
    const stride = Math.max(1, Math.ceil((steps.length - start) / FRAMES));
    const pause = Math.max(25, Math.min(250, 3000 / Math.max(1, (steps.length - start) / stride)));
    const generation = game.generation;
    document.body.dataset.replaying = 'true';
    for (let i = start; i < steps.length && generation === game.generation; i += stride) {
      game.history.push(game.schedule);
      if (!(await show(steps.slice(0, Math.min(steps.length, i + stride)).join(',')))) break;
      await new Promise((r) => setTimeout(r, pause));
    }
    delete document.body.dataset.replaying;
  }

  /** @param {GameState} state */
  function setState(state) {
    game.state = state;
    game.schedule = state.schedule;
    history.replaceState(null, '', makeLink({ level: game.level?.id ?? null, stage: game.stage, source: game.source, schedule: game.schedule, gil: game.gil }));
    // A link copied earlier is of an earlier game: take it away rather than
    // leave it looking current (Share link makes a fresh one).
    $('game-share-box').hidden = true;
    if (state.breaking && game.level && game.stage === 'break' && !game.won) {
      game.won = true;
      saveProgress(game.level.id, { broken: true });
      picker.refresh();
      $('level-bug').hidden = false;
      $('level-next').hidden = false;
    }
    render();
  }

  function render() {
    const s = game.state;
    if (!s) return;
    board.render(s, game.busy);
    stateView.render(s);
    const out = $('game-outcome');
    out.dataset.kind = s.view.outcome.kind;
    out.dataset.breaking = String(s.breaking);
    out.dataset.schedule = s.schedule;
    out.dataset.preemptions = String(s.preemptions);
    const steps = s.view.steps;
    const pre = `${s.preemptions} preemption${s.preemptions === 1 ? '' : 's'}`;
    out.textContent = s.breaking
      ? `Broken after ${steps} step${steps === 1 ? '' : 's'} and ${pre}: ${s.summary}`
      : s.view.outcome.kind === 'Finished' ? `Finished correctly after ${steps} steps and ${pre}: ${s.summary}` : `Running · ${steps} bytecode step${steps === 1 ? '' : 's'} and ${pre} so far`;
    if (s.breaking && game.level && game.stage === 'break') say('You broke it! Read why below, then fix it.', 'win');
    else if (!s.breaking) say(game.busy ? 'The solver is searching…' : 'Pick a thread to run: Step runs to its next statement, Expand one bytecode step.');
    for (const id of ['game-undo', 'game-reset']) /** @type {HTMLButtonElement} */ ($(id)).disabled = game.busy || !game.schedule;
    /** @type {HTMLButtonElement} */ ($('game-hint')).disabled = game.busy || s.breaking || !s.moves.length;
  }

  /** @param {string} code @param {boolean} expand */
  function move(code, expand) {
    moves = moves.then(() => moveNow(code, expand));
    return moves;
  }

  /** @param {string} code @param {boolean} expand */
  async function moveNow(code, expand) {
    if (game.busy || !game.state) return;
    if (!game.state.moves.some((m) => m.code === code)) return;
    const before = game.schedule;
    /** @type {StateReply} */
    const reply = await client.game('step', { source: game.source, schedule: before, choice: code, expand, gil_switch_points: game.gil });
    if (reply.status !== 'done') {
      say(reply.status === 'invalid' ? reply.errors.map((e) => e.message).join(' ') : reply.status, 'bad');
      return;
    }
    game.history.push(before);
    setState(reply);
  }

  async function undo() {
    if (game.busy || !game.history.length) return;
    await show(/** @type {string} */ (game.history.pop()));
  }
  async function reset() {
    if (game.busy) return;
    game.history = [];
    game.won = false;
    await show('');
  }
  async function hint() {
    if (game.busy || !game.state || game.state.breaking) return;
    say('Hint: searching for a breaking schedule from here (the shortest, or the one with the fewest preemptions)…');
    const reply = await solver.search({ statements: false, compare: false, caption: 'The hint’s search, from the position on the board: ' });
    if (reply.status !== 'done') return;
    if (reply.first) await move(reply.first.code, true);
    else say(`No hint: ${verdictText(reply.report)}`, 'bad');
  }

  $('game-undo').addEventListener('click', () => { undo(); });
  $('game-reset').addEventListener('click', () => { reset(); });
  $('game-hint').addEventListener('click', () => { hint(); });
  $('game-share').addEventListener('click', async () => {
    const url = new URL(makeLink({ level: game.level?.id ?? null, stage: game.stage, source: game.source, schedule: game.schedule, gil: game.gil }), location.href).href;
    /** @type {HTMLInputElement} */ ($('game-share-url')).value = url;
    $('game-share-box').hidden = false;
    try { await navigator.clipboard.writeText(url); $('game-share-note').textContent = 'Copied. Opening it replays this game step by step.'; } catch { $('game-share-note').textContent = 'Copy the link: opening it replays this game step by step.'; }
  });
  $('level-next').addEventListener('click', () => { if (game.level) pick(game.level.id, 'fix'); });
  $('level-prove').addEventListener('click', async () => {
    const source = editor.value;
    await load(source, '');
    if (game.source !== source) return;
    say('Proving: searching every order of steps of your fix…');
    const reply = await solver.search({ statements: false });
    if (reply.status === 'done' && reply.report.verdict.kind !== 'Safe') say(`Not proven safe: ${verdictText(reply.report)}${reply.schedule ? ' Play the schedule to see how.' : ''}`, 'bad');
  });
  $('level-show-fix').addEventListener('click', () => { if (game.level) { editor.set(game.level.fixed); load(game.level.fixed, ''); } });

  /** @type {number | null} thread number after W, for a wakeup */
  let wakePending = null;
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { solver.cancel(); reality.cancel(); return; }
    const target = /** @type {HTMLElement} */ (e.target);
    if (e.ctrlKey || e.metaKey || e.altKey || target.matches('input, textarea, select')) return;
    const digit = /^Digit([1-5])$/.exec(e.code);
    if (digit) {
      e.preventDefault();
      const t = Number(digit[1]) - 1;
      if (wakePending !== null) { wakePending = null; move(`w${t}`, true); } else move(String(t), e.shiftKey);
      return;
    }
    wakePending = null;
    const key = e.key.toLowerCase();
    if (key === 'u' || e.key === 'Backspace') { e.preventDefault(); undo(); }
    else if (key === 'r') reset();
    else if (key === 'h') hint();
    else if (key === 'w') wakePending = 0;
  });

  const link = readLink(location.search);
  game.gil = link.gil;
  gilBox.checked = game.gil;
  if (link.badSource) say('The link\'s program could not be read (it was cut off?): starting the first level instead.', 'bad');
  const first = link.level ?? (link.source !== null ? null : levels[0].id);
  await pick(first, link.stage === 'fix' ? 'fix' : 'break', { source: link.source, schedule: link.schedule });
  document.body.dataset.ready = 'true';
}

boot();
