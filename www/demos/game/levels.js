// The level picker: chapters, each level's progress (found the bug, proved a
// fix) kept in localStorage, and the playground entry.
import { el } from '../../lib/dom.js';

/** @typedef {import('../../types/GameLevel').GameLevel} GameLevel */
/** @typedef {{broken?: boolean, fixed?: boolean}} LevelProgress */

const KEY = 'threadlab.game.progress';

/** @returns {Record<string, LevelProgress>} */
export function loadProgress() {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '{}');
    return v && typeof v === 'object' ? v : {};
  } catch {
    return {};
  }
}

/** @param {string} id @param {LevelProgress} update */
export function saveProgress(id, update) {
  const all = loadProgress();
  all[id] = { ...all[id], ...update };
  try {
    localStorage.setItem(KEY, JSON.stringify(all));
  } catch {
    // Storage full or refused (private mode): progress lasts for this visit only.
  }
}

/**
 * @param {HTMLElement} container
 * @param {GameLevel[]} levels
 * @param {(id: string | null) => void} onPick  null: the playground
 * @returns {{select: (id: string | null) => void, refresh: () => void}}
 */
export function mountLevels(container, levels, onPick) {
  const list = el('nav', { class: 'level-list', 'aria-label': 'Levels' });
  const summary = el('p', { class: 'muted small', id: 'game-progress' });
  // On a phone the list is a short scroll box: say so, or the levels below
  // its edge look like they are not there.
  const hint = el('p', {
    class: 'muted small scroll-hint',
    id: 'game-levels-hint',
    text: `${levels.length} levels and the playground: the list scrolls ↓`,
  });
  container.append(el('h2', { text: 'Levels' }), summary, hint, list);
  /** @type {Map<string | null, HTMLButtonElement>} */
  const buttons = new Map();
  let chapter = '';
  let n = 0;
  for (const level of levels) {
    if (level.chapter !== chapter) {
      chapter = level.chapter;
      list.append(el('h3', { text: chapter }));
    }
    n += 1;
    const b = el(
      'button',
      { type: 'button', class: 'level', id: `level-${level.id}`, 'data-level': level.id },
      el('span', { class: 'num', text: String(n) }),
      el('span', { class: 'name', text: level.title }),
      el('span', { class: 'marks' }),
    );
    b.addEventListener('click', () => onPick(level.id));
    buttons.set(level.id, b);
    list.append(b);
  }
  list.append(el('h3', { text: 'Free play' }));
  const play = el(
    'button',
    { type: 'button', class: 'level', id: 'level-playground' },
    el('span', { class: 'num', text: '✎' }),
    el('span', { class: 'name', text: 'Playground: write your own' }),
  );
  play.addEventListener('click', () => onPick(null));
  buttons.set(null, play);
  list.append(play);

  const refresh = () => {
    const progress = loadProgress();
    let broken = 0;
    let fixed = 0;
    for (const level of levels) {
      const p = progress[level.id] ?? {};
      broken += p.broken ? 1 : 0;
      fixed += p.fixed ? 1 : 0;
      const marks = /** @type {HTMLElement} */ (buttons.get(level.id)?.querySelector('.marks'));
      marks.textContent = `${p.broken ? '✗' : ''}${p.fixed ? '✓' : ''}`;
      marks.title = [p.broken ? 'broken' : '', p.fixed ? 'fixed' : ''].filter(Boolean).join(', ');
    }
    summary.textContent = `${broken} of ${levels.length} broken · ${fixed} fixed`;
  };
  refresh();
  return {
    select(id) {
      for (const [key, b] of buttons) b.setAttribute('aria-current', String(key === id));
    },
    refresh,
  };
}
