// A small code editor: a <textarea> with line numbers. Tab indents (four
// spaces, or every selected line), Shift+Tab dedents, Enter keeps the
// indentation (and adds a level after a colon), Ctrl/⌘+Enter runs, Esc
// cancels. No keyboard trap: reached with Tab, the editor lets Tab pass on
// until the reader types or clicks in it, and after Esc Tab leaves it. An
// error is shown under it with its line and column, and the cursor goes
// there.
import { el } from './dom.js';

const INDENT = '    ';

/**
 * @typedef {object} CodeError
 * @property {number} line  1-based; 0 when the message points nowhere
 * @property {number} col
 * @property {string} message
 */

/**
 * @typedef {object} EditorParts
 * @property {HTMLTextAreaElement} area
 * @property {HTMLPreElement} gutter  the line numbers
 * @property {HTMLParagraphElement} error  the message under the editor
 * @property {{tabLeaves: boolean, clicked: boolean}} focus  whether Tab moves focus on instead of
 *   indenting (until the reader edits or clicks here, and after Esc); whether the focus comes from
 *   a click (pointerdown fires before focus)
 */

/**
 * @param {HTMLElement} container
 * @param {{id: string, label: string, rows?: number, onRun?: () => void, onCancel?: () => void, onInput?: () => void}} options
 */
export function mountCodeEditor(container, { id, label, rows = 18, onRun, onCancel, onInput }) {
  const gutter = el('pre', { class: 'gutter', 'aria-hidden': 'true' });
  const area = el('textarea', {
    id,
    class: 'code',
    spellcheck: 'false',
    autocapitalize: 'off',
    autocomplete: 'off',
    autocorrect: 'off',
    rows,
    wrap: 'off',
    'aria-label': label,
    'aria-describedby': `${id}-error`,
  });
  const error = el('p', { class: 'code-error', id: `${id}-error`, role: 'alert' });
  const box = el('div', { class: 'code-editor' }, gutter, area);
  container.append(box, error);
  /** @type {EditorParts} */
  const parts = { area, gutter, error, focus: { tabLeaves: true, clicked: false } };
  area.addEventListener('pointerdown', () => {
    parts.focus.clicked = true;
    parts.focus.tabLeaves = false;
  });
  area.addEventListener('focus', () => {
    parts.focus.tabLeaves = !parts.focus.clicked;
    parts.focus.clicked = false;
  });

  const numbers = () => {
    const n = area.value.split('\n').length;
    if (gutter.childElementCount !== n) {
      gutter.replaceChildren(...Array.from({ length: n }, (_, i) => el('span', { text: String(i + 1) })));
    }
    gutter.scrollTop = area.scrollTop;
  };
  /** @param {CodeError | null} e */
  const showError = (e) => showCodeError(parts, e);
  area.addEventListener('input', () => {
    numbers();
    showError(null);
    onInput?.();
  });
  area.addEventListener('scroll', () => {
    gutter.scrollTop = area.scrollTop;
  });
  area.addEventListener('keydown', (e) => onKeydown(parts, e, onRun, onCancel));
  numbers();
  return {
    textarea: area,
    get value() {
      return area.value;
    },
    /** @param {string} text */
    set(text) {
      area.value = text;
      area.scrollTop = 0;
      numbers();
      showError(null);
    },
    showError,
    focus() {
      area.focus();
    },
  };
}

/**
 * The editor's keys: Ctrl/⌘+Enter runs, Esc cancels (and lets Tab leave),
 * Tab and Shift+Tab indent and dedent (unless Tab leaves), Enter keeps the
 * indentation.
 * @param {EditorParts} parts
 * @param {KeyboardEvent} e
 * @param {(() => void) | undefined} onRun
 * @param {(() => void) | undefined} onCancel
 */
function onKeydown({ area, focus }, e, onRun, onCancel) {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    onRun?.();
    return;
  }
  if (e.key === 'Escape') {
    focus.tabLeaves = true;
    onCancel?.();
    e.stopPropagation();
    return;
  }
  if (e.key === 'Tab' && !focus.tabLeaves && !e.altKey && !e.ctrlKey && !e.metaKey) {
    e.preventDefault();
    const multi = area.value.slice(area.selectionStart, area.selectionEnd).includes('\n');
    if (e.shiftKey || multi) indentLines(area, e.shiftKey);
    else area.setRangeText(INDENT, area.selectionStart, area.selectionEnd, 'end');
    area.dispatchEvent(new Event('input'));
    return;
  }
  if (e.key !== 'Tab' && e.key !== 'Shift') focus.tabLeaves = false;
  if (e.key === 'Enter' && !e.shiftKey && !e.altKey) {
    e.preventDefault();
    newLine(area);
  }
}

/**
 * Shows an error under the editor (or clears it, given null), marks its
 * line and puts the cursor where it points.
 * @param {EditorParts} parts
 * @param {CodeError | null} e
 */
function showCodeError({ area, gutter, error }, e) {
  error.textContent = e ? (e.line > 0 ? `Line ${e.line}, column ${e.col}: ${e.message}` : e.message) : '';
  error.dataset.line = e && e.line > 0 ? String(e.line) : '';
  error.dataset.col = e && e.line > 0 ? String(e.col) : '';
  for (const n of gutter.querySelectorAll('.error-line')) n.classList.remove('error-line');
  if (!e || e.line <= 0) return;
  gutter.children[e.line - 1]?.classList.add('error-line');
  // The cursor where the message points, and that line in view.
  const lines = area.value.split('\n');
  const at =
    lines.slice(0, e.line - 1).reduce((n, l) => n + l.length + 1, 0) +
    Math.min(Math.max(0, e.col - 1), lines[e.line - 1]?.length ?? 0);
  area.focus({ preventScroll: true });
  area.setSelectionRange(at, at);
  const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 18;
  area.scrollTop = Math.max(0, (e.line - 3) * lineHeight);
}

/** The start of the line holding `pos`. @param {HTMLTextAreaElement} area @param {number} pos */
const lineStart = (area, pos) => area.value.lastIndexOf('\n', pos - 1) + 1;

/** Indents (or dedents) every line the selection touches. @param {HTMLTextAreaElement} area @param {boolean} out */
function indentLines(area, out) {
  const { selectionStart: a, selectionEnd: b, value } = area;
  const first = lineStart(area, a);
  const last = b > a && value[b - 1] === '\n' ? b - 1 : b;
  const lines = value.slice(first, last).split('\n');
  const changed = lines.map((l) => (out ? l.replace(/^ {1,4}/, '') : INDENT + l)).join('\n');
  area.setRangeText(changed, first, last, 'preserve');
  if (a === b) {
    const moved = out ? -(lines[0].length - lines[0].replace(/^ {1,4}/, '').length) : INDENT.length;
    area.setSelectionRange(Math.max(first, a + moved), Math.max(first, a + moved));
  } else {
    area.setSelectionRange(first, first + changed.length + (b > last ? 1 : 0));
  }
}

/** Enter: a new line with the line's indentation, one level more after a colon. @param {HTMLTextAreaElement} area */
function newLine(area) {
  const start = lineStart(area, area.selectionStart);
  const before = area.value.slice(start, area.selectionStart);
  const indent = /^ */.exec(before)?.[0] ?? '';
  const extra = /:\s*(#.*)?$/.test(before) ? INDENT : '';
  area.setRangeText(`\n${indent}${extra}`, area.selectionStart, area.selectionEnd, 'end');
  area.dispatchEvent(new Event('input'));
}
