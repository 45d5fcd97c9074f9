// The game's controller (../../game.js mounts the parts and hands them
// here): the current game — its level and stage, its program, the schedule
// played so far and the undo history — and what each button, key and link
// does to it. Every step and search runs in the coordinator worker
// (src/wasm/game.rs); the parts draw (board.js, state-view.js, …).
import { makeLink } from './share.js';
import { loadProgress, saveProgress } from './levels.js';
import { verdictText } from './solver.js';

/** @typedef {import('../../lib/client.js').PoolClient} PoolClient */
/** @typedef {import('../../types/GameLevel').GameLevel} GameLevel */
/** @typedef {import('../../types/GameState').GameState} GameState */
/** @typedef {import('../../types/GameChecked').GameChecked} GameChecked */
/** @typedef {import('../../types/Reply').Reply<GameState>} StateReply */
/**
 * The parts of the page the controller drives.
 * @typedef {object} GameParts
 * @property {ReturnType<typeof import('./levels.js').mountLevels>} picker
 * @property {ReturnType<typeof import('./editor.js').mountEditor>} editor
 * @property {ReturnType<typeof import('./board.js').mountBoard>} board
 * @property {ReturnType<typeof import('./state-view.js').mountStateView>} stateView
 * @property {ReturnType<typeof import('./reality.js').mountReality>} reality
 * @property {ReturnType<typeof import('./solver.js').mountSolver>} solver
 */

/** @param {string} id @returns {HTMLElement} */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** The program of free play, before the reader writes their own. */
export const PLAYGROUND = `import threading

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

/**
 * The game's status line.
 * @param {string} text @param {'' | 'win' | 'bad'} [kind]
 */
export function say(text, kind = '') {
  const s = $('game-status');
  s.textContent = text;
  s.dataset.kind = kind;
}

export class GameController {
  /** @param {PoolClient} client @param {GameLevel[]} levels */
  constructor(client, levels) {
    this.client = client;
    this.levels = levels;
    /** @type {GameParts | null} */ this.partsOrNull = null;
    /** @type {GameLevel | null} */ this.level = null;
    /** @type {'break' | 'fix'} */ this.stage = 'break';
    this.source = '';
    this.schedule = '';
    /** switch only where CPython ≥ 3.10 with the GIL would (the share link's gil=1) */
    this.gil = false;
    /** @type {string[]} schedules before each move, for Undo */ this.history = [];
    /** @type {GameState | null} */ this.state = null;
    this.busy = false;
    this.won = false;
    /** bumped by every new game, so a replay of the old one stops */
    this.generation = 0;
    /** Moves run one after another: a key held down queues its steps. @type {Promise<unknown>} */
    this.moves = Promise.resolve();
  }

  /** The parts, once mounted (they call back into the controller, so they come after it). */
  get parts() {
    if (!this.partsOrNull) throw new Error('the game parts are not mounted yet');
    return this.partsOrNull;
  }

  /** @param {GameParts} parts */
  attach(parts) {
    this.partsOrNull = parts;
  }

  /** The share link of the game now. */
  link() {
    return makeLink({
      level: this.level?.id ?? null,
      stage: this.stage,
      source: this.source,
      schedule: this.schedule,
      gil: this.gil,
    });
  }

  /** @param {string | null} id @param {'break' | 'fix'} stage @param {{source?: string | null, schedule?: string}} [from] */
  async pick(id, stage, from = {}) {
    const { solver, picker, reality, editor } = this.parts;
    solver.cancel();
    const level = this.levels.find((l) => l.id === id) ?? null;
    this.level = level;
    this.stage = level ? stage : 'break';
    this.won = false;
    picker.select(level ? level.id : null);
    this.showLevel(level, stage);
    reality.show(true, level?.expect === 'lost-update');
    editor.show(!level || stage === 'fix');
    const source = from.source ?? (level ? level.source : PLAYGROUND);
    editor.set(source);
    await this.load(source, from.schedule ?? '', from.schedule ? 'replay' : 'now');
  }

  /** The level's words above the board. @param {GameLevel | null} level @param {'break' | 'fix'} stage */
  showLevel(level, stage) {
    const levels = this.levels;
    $('level-chapter').textContent = level
      ? `${level.chapter} · level ${levels.indexOf(level) + 1} of ${levels.length}`
      : 'Free play';
    $('level-title').textContent = level ? level.title : 'Playground';
    $('level-story').textContent = level
      ? level.story
      : 'Write any program with 2 to 4 threads (threading, queue), step it yourself, or let the solver search every order.';
    $('level-goal').textContent = !level
      ? 'Goal: whatever you like. Try to break it.'
      : stage === 'break'
        ? `Goal: ${level.goal}`
        : 'Goal: fix the program so that no order of steps breaks it, then prove it with the solver.';
    $('level-bug').hidden = !(level && (stage === 'fix' || loadProgress()[level.id]?.broken));
    $('level-bug').textContent = level ? `The bug: ${level.bug}` : '';
    $('level-fix-actions').hidden = !(level && stage === 'fix');
    $('level-next').hidden = !(level && stage === 'break' && loadProgress()[level.id]?.broken);
  }

  /**
   * Checks `source` and shows the state `schedule` reaches ('replay': step
   * by step from the start, as a shared link does).
   * @param {string} source @param {string} schedule @param {'now' | 'replay'} [how]
   */
  async load(source, schedule, how = 'now') {
    const { editor, board } = this.parts;
    this.generation += 1;
    /** @type {GameChecked} */
    const checked = await this.client.game('check', source);
    if (checked.error) {
      editor.show(true);
      editor.showError(checked.error);
      say(
        this.state
          ? 'Not run: fix the error above (the board still shows the last program that ran).'
          : 'Not run: fix the error above.',
        'bad',
      );
      return;
    }
    this.source = source;
    board.setProgram(source, checked.listing);
    this.history = [];
    this.won = false;
    if (how === 'replay' && schedule) {
      await this.show('');
      await this.replay(schedule);
    } else {
      await this.show(schedule);
    }
  }

  /** Shows the state `schedule` reaches; false when it does not replay. @param {string} schedule @returns {Promise<boolean>} */
  async show(schedule) {
    /** @type {StateReply} */
    const reply = await this.client.game('state', { source: this.source, schedule, gil_switch_points: this.gil });
    if (reply.status !== 'done') {
      say(reply.status === 'invalid' ? reply.errors.map((e) => e.message).join(' ') : reply.status, 'bad');
      return false;
    }
    this.setState(reply);
    return true;
  }

  /** Replays a full schedule one bytecode step at a time, from the current state. @param {string} schedule */
  async replay(schedule) {
    const steps = schedule.split(',').filter(Boolean);
    const done = this.schedule ? this.schedule.split(',').filter(Boolean) : [];
    const prefixOk = done.every((c, i) => steps[i] === c);
    if (!prefixOk) {
      this.history = [];
      await this.show('');
    }
    const start = prefixOk ? done.length : 0;
    // A schedule of thousands of steps (a fewest-preemptions break) plays
    // in at most FRAMES frames, several steps each, ending on the last.
    const FRAMES = 120;
    const stride = Math.max(1, Math.ceil((steps.length - start) / FRAMES));
    const pause = Math.max(25, Math.min(250, 3000 / Math.max(1, (steps.length - start) / stride)));
    const generation = this.generation;
    document.body.dataset.replaying = 'true';
    for (let i = start; i < steps.length && generation === this.generation; i += stride) {
      this.history.push(this.schedule);
      if (!(await this.show(steps.slice(0, Math.min(steps.length, i + stride)).join(',')))) break;
      await new Promise((r) => setTimeout(r, pause));
    }
    delete document.body.dataset.replaying;
  }

  /** @param {GameState} state */
  setState(state) {
    this.state = state;
    this.schedule = state.schedule;
    history.replaceState(null, '', this.link());
    // A link copied earlier is of an earlier game: take it away rather than
    // leave it looking current (Share link makes a fresh one).
    $('game-share-box').hidden = true;
    if (state.breaking && this.level && this.stage === 'break' && !this.won) {
      this.won = true;
      saveProgress(this.level.id, { broken: true });
      this.parts.picker.refresh();
      $('level-bug').hidden = false;
      $('level-next').hidden = false;
    }
    this.render();
  }

  /** Draws the state: the board, the state view, the outcome line and which buttons work. */
  render() {
    const s = this.state;
    if (!s) return;
    this.parts.board.render(s, this.busy);
    this.parts.stateView.render(s);
    const out = $('game-outcome');
    out.dataset.kind = s.view.outcome.kind;
    out.dataset.breaking = String(s.breaking);
    out.dataset.schedule = s.schedule;
    out.dataset.preemptions = String(s.preemptions);
    out.textContent = outcomeText(s);
    if (s.breaking && this.level && this.stage === 'break') say('You broke it! Read why below, then fix it.', 'win');
    else if (!s.breaking)
      say(
        this.busy
          ? 'The solver is searching…'
          : 'Pick a thread to run: Step runs to its next statement, Expand one bytecode step.',
      );
    for (const id of ['game-undo', 'game-reset'])
      /** @type {HTMLButtonElement} */ ($(id)).disabled = this.busy || !this.schedule;
    /** @type {HTMLButtonElement} */ ($('game-hint')).disabled = this.busy || s.breaking || !s.moves.length;
  }

  /** @param {string} code @param {boolean} expand */
  move(code, expand) {
    this.moves = this.moves.then(() => this.moveNow(code, expand));
    return this.moves;
  }

  /** @param {string} code @param {boolean} expand */
  async moveNow(code, expand) {
    if (this.busy || !this.state) return;
    if (!this.state.moves.some((m) => m.code === code)) return;
    const before = this.schedule;
    /** @type {StateReply} */
    const reply = await this.client.game('step', {
      source: this.source,
      schedule: before,
      choice: code,
      expand,
      gil_switch_points: this.gil,
    });
    if (reply.status !== 'done') {
      say(reply.status === 'invalid' ? reply.errors.map((e) => e.message).join(' ') : reply.status, 'bad');
      return;
    }
    this.history.push(before);
    this.setState(reply);
  }

  async undo() {
    if (this.busy || !this.history.length) return;
    await this.show(/** @type {string} */ (this.history.pop()));
  }

  async reset() {
    if (this.busy) return;
    this.history = [];
    this.won = false;
    await this.show('');
  }

  async hint() {
    if (this.busy || !this.state || this.state.breaking) return;
    say('Hint: searching for a breaking schedule from here (the shortest, or the one with the fewest preemptions)…');
    const reply = await this.parts.solver.search({
      statements: false,
      compare: false,
      caption: 'The hint’s search, from the position on the board: ',
    });
    if (reply.status !== 'done') return;
    if (reply.first) await this.move(reply.first.code, true);
    else say(`No hint: ${verdictText(reply.report)}`, 'bad');
  }

  /** The fix stage's Prove: the editor's program, searched from the start. */
  async prove() {
    const source = this.parts.editor.value;
    await this.load(source, '');
    if (this.source !== source) return;
    say('Proving: searching every order of steps of your fix…');
    const reply = await this.parts.solver.search({ statements: false });
    if (reply.status === 'done' && reply.report.verdict.kind !== 'Safe')
      say(
        `Not proven safe: ${verdictText(reply.report)}${reply.schedule ? ' Play the schedule to see how.' : ''}`,
        'bad',
      );
  }

  /** The switch-points box changed: keep the moves so far if they replay, else start over. @param {boolean} on */
  async setGil(on) {
    this.gil = on;
    const kept = await this.show(this.schedule);
    if (!kept) {
      this.history = [];
      await this.show('');
      say(`That schedule switches threads where CPython ≥ 3.10 with the GIL would not: back to the start.`);
    }
  }

  /** A solver search ended: a proven fix completes the level; a break can be played. @param {import('../../types/GameSearchDone').GameSearchDone} done */
  searched(done) {
    if (this.level && this.stage === 'fix' && done.report.verdict.kind === 'Safe' && this.schedule === '') {
      saveProgress(this.level.id, { fixed: true });
      this.parts.picker.refresh();
      say('Proven safe: no order of steps breaks your fix. Level complete!', 'win');
    }
    const play = $('solver-play');
    play.hidden = !done.schedule;
    play.onclick = () => {
      if (done.schedule) this.replay(done.schedule);
    };
  }
}

/** The outcome line under the board. @param {GameState} s */
function outcomeText(s) {
  const steps = s.view.steps;
  const pre = `${s.preemptions} preemption${s.preemptions === 1 ? '' : 's'}`;
  if (s.breaking) return `Broken after ${steps} step${steps === 1 ? '' : 's'} and ${pre}: ${s.summary}`;
  return s.view.outcome.kind === 'Finished'
    ? `Finished correctly after ${steps} steps and ${pre}: ${s.summary}`
    : `Running · ${steps} bytecode step${steps === 1 ? '' : 's'} and ${pre} so far`;
}
