// The code editor of the playground and of a level's "fix it" stage: a
// textarea with line numbers; a parse error is shown under it with its line
// and column, and that line is marked.
import { el } from '../../lib/dom.js';

/** @typedef {import('../../types/GameParseError').GameParseError} GameParseError */

/**
 * @param {HTMLElement} container
 * @param {{onLoad: (source: string) => void}} handlers
 */
export function mountEditor(container, { onLoad }) {
  const gutter = el('pre', { class: 'gutter', 'aria-hidden': 'true' });
  const area = el('textarea', {
    id: 'game-source',
    spellcheck: 'false',
    autocapitalize: 'off',
    autocomplete: 'off',
    rows: 16,
    'aria-label': 'Python program',
    'aria-describedby': 'game-parse-error',
  });
  const error = el('p', { class: 'parse-error', id: 'game-parse-error', role: 'alert' });
  const load = el('button', { type: 'button', class: 'primary', id: 'game-load', text: 'Run this program' });
  const note = el('span', { class: 'muted small', text: 'Ctrl+Enter · 2–4 threads · threading, queue' });
  container.append(el('div', { class: 'editor' }, gutter, area), error, el('div', { class: 'actions' }, load, note));

  const numbers = () => {
    const n = area.value.split('\n').length;
    gutter.textContent = Array.from({ length: n }, (_, i) => String(i + 1)).join('\n');
    gutter.scrollTop = area.scrollTop;
  };
  area.addEventListener('input', () => {
    numbers();
    showError(null);
  });
  area.addEventListener('scroll', () => {
    gutter.scrollTop = area.scrollTop;
  });
  area.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      onLoad(area.value);
    }
    if (e.key === 'Tab' && !e.shiftKey) {
      // Python wants indentation; Tab inserts four spaces (Esc then Tab leaves).
      e.preventDefault();
      area.setRangeText('    ', area.selectionStart, area.selectionEnd, 'end');
      numbers();
    }
    e.stopPropagation();
  });
  load.addEventListener('click', () => onLoad(area.value));

  /** @param {GameParseError | null} e */
  function showError(e) {
    error.textContent = e ? `Line ${e.line}, column ${e.col}: ${e.message}` : '';
    error.dataset.line = e ? String(e.line) : '';
    if (!e) return;
    // Select the offending line so it shows where the message points.
    const lines = area.value.split('\n');
    const start = lines.slice(0, e.line - 1).reduce((n, l) => n + l.length + 1, 0);
    area.setSelectionRange(start + Math.max(0, e.col - 1), start + (lines[e.line - 1]?.length ?? 0));
  }
  numbers();
  return {
    get value() {
      return area.value;
    },
    /** @param {string} text */
    set(text) {
      area.value = text;
      numbers();
      showError(null);
    },
    showError,
    /** @param {boolean} on */
    show(on) {
      container.hidden = !on;
    },
  };
}
