// Be the scheduler: you choose which thread takes the next step of a small
// Python threading program, until it breaks (a failed assert, a lost
// update, a deadlock, an exception) — then you fix it, and the solver must
// prove that no order of steps breaks your fix. This file wires the page:
// it mounts the parts (demos/game/: levels, editor, board, state view, Run
// for real, solver), hands them to the controller (demos/game/controller.js:
// the current game and what each action does to it), and binds the buttons,
// the keys and the share link. Every step and search runs in the coordinator
// worker (src/wasm/game.rs).
import { startPage } from './lib/page.js';
import { el } from './lib/dom.js';
import { mountBoard } from './demos/game/board.js';
import { mountStateView } from './demos/game/state-view.js';
import { mountLevels } from './demos/game/levels.js';
import { mountEditor } from './demos/game/editor.js';
import { mountSolver } from './demos/game/solver.js';
import { readLink } from './demos/game/share.js';
import { mountReality, COUNTER_LOOP } from './demos/game/reality.js';
import { GameController, say } from './demos/game/controller.js';

/** @typedef {import('./types/GameLevel').GameLevel} GameLevel */

/** @param {string} id @returns {HTMLElement} */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

async function boot() {
  const client = await startPage({ status: $('game-status') });
  if (!client) return;
  /** @type {GameLevel[]} */
  const levels = await client.game('levels');
  const game = new GameController(client, levels);
  const editor = mountEditor($('game-editor'), {
    onLoad: (src) => {
      game.load(src, '');
    },
  });
  game.attach({
    picker: mountLevels($('game-levels'), levels, (id) => {
      game.pick(id, 'break');
    }),
    editor,
    board: mountBoard($('game-board'), {
      onMove: (code, expand) => {
        game.move(code, expand);
      },
    }),
    stateView: mountStateView($('game-state')),
    // The program as shown: the editor's (playground, fix stage) or the board's.
    reality: mountReality($('game-reality'), {
      client,
      program: () => ($('game-editor').hidden ? game.source : editor.value),
      onTryLoop: () => {
        void game.pick(null, 'break', { source: COUNTER_LOOP });
      },
    }),
    solver: mountSolver($('game-solver'), {
      client,
      game: () => ({ source: game.source, schedule: game.schedule, gil_switch_points: game.gil }),
      onBusy: (busy) => {
        game.busy = busy;
        game.render();
      },
      onResult: (done) => game.searched(done),
    }),
  });
  $('game-solver').append(
    el('button', { type: 'button', id: 'solver-play', hidden: true, text: 'Play the breaking schedule, step by step' }),
  );
  bindButtons(game);
  bindKeys(game);

  const link = readLink(location.search);
  game.gil = link.gil;
  /** @type {HTMLInputElement} */ ($('game-gil')).checked = game.gil;
  if (link.badSource)
    say("The link's program could not be read (it was cut off?): starting the first level instead.", 'bad');
  const first = link.level ?? (link.source !== null ? null : levels[0].id);
  await game.pick(first, link.stage === 'fix' ? 'fix' : 'break', { source: link.source, schedule: link.schedule });
  document.body.dataset.ready = 'true';
}

/** The page's buttons and the switch-points box. @param {GameController} game */
function bindButtons(game) {
  // The switch-points setting: a switch anywhere (free-threaded CPython, or
  // ≤ 3.9) or only where CPython ≥ 3.10 with the GIL hands the GIL over.
  const gilBox = /** @type {HTMLInputElement} */ ($('game-gil'));
  gilBox.addEventListener('change', () => {
    if (game.busy) {
      gilBox.checked = game.gil;
      return;
    }
    void game.setGil(gilBox.checked);
  });
  $('game-undo').addEventListener('click', () => {
    game.undo();
  });
  $('game-reset').addEventListener('click', () => {
    game.reset();
  });
  $('game-hint').addEventListener('click', () => {
    game.hint();
  });
  $('game-share').addEventListener('click', async () => {
    const url = new URL(game.link(), location.href).href;
    /** @type {HTMLInputElement} */ ($('game-share-url')).value = url;
    $('game-share-box').hidden = false;
    try {
      await navigator.clipboard.writeText(url);
      $('game-share-note').textContent = 'Copied. Opening it replays this game step by step.';
    } catch {
      $('game-share-note').textContent = 'Copy the link: opening it replays this game step by step.';
    }
  });
  $('level-next').addEventListener('click', () => {
    if (game.level) game.pick(game.level.id, 'fix');
  });
  $('level-prove').addEventListener('click', () => {
    void game.prove();
  });
  $('level-show-fix').addEventListener('click', () => {
    if (game.level) {
      game.parts.editor.set(game.level.fixed);
      game.load(game.level.fixed, '');
    }
  });
}

/**
 * Keys: 1–5 step a thread (Shift: one bytecode step), W then a digit wakes
 * it, U or Backspace undoes, R resets, H hints, Esc cancels a search or a
 * batch of real runs.
 * @param {GameController} game
 */
function bindKeys(game) {
  /** @type {number | null} thread number after W, for a wakeup */
  let wakePending = null;
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      game.parts.solver.cancel();
      game.parts.reality.cancel();
      return;
    }
    const target = /** @type {HTMLElement} */ (e.target);
    if (e.ctrlKey || e.metaKey || e.altKey || target.matches('input, textarea, select')) return;
    const digit = /^Digit([1-5])$/.exec(e.code);
    if (digit) {
      e.preventDefault();
      const t = Number(digit[1]) - 1;
      if (wakePending !== null) {
        wakePending = null;
        game.move(`w${t}`, true);
      } else game.move(String(t), e.shiftKey);
      return;
    }
    wakePending = null;
    const key = e.key.toLowerCase();
    if (key === 'u' || e.key === 'Backspace') {
      e.preventDefault();
      game.undo();
    } else if (key === 'r') game.reset();
    else if (key === 'h') game.hint();
    else if (key === 'w') wakePending = 0;
  });
}

boot();
