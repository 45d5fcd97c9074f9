// Small DOM helpers shared by the pages and demos.

/**
 * `el('p', {class: 'note', text: 'Hi'}, child…)`: an element with attributes
 * (`text` sets textContent, `class` the class; null/undefined/false are left
 * out, true becomes an empty attribute) and children.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string | number | boolean | null | undefined>} [attrs]
 * @param {...(Node | string | null | undefined)} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'text') node.textContent = String(v);
    else if (k === 'class') node.className = String(v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  node.append(.../** @type {(Node | string)[]} */ (children.filter((c) => c !== null && c !== undefined)));
  return node;
}

/**
 * Moves the focus to `node`, but not from outside a frame into it: a demo
 * that its embedding page runs by a call (a "run all" at the top of a
 * lesson) leaves the reader's focus on that page, and the page where it is
 * scrolled (focusing inside a frame scrolls the article to the frame).
 * @param {HTMLElement | null | undefined} node
 */
export function focusHere(node) {
  if (window.top === window.self || document.hasFocus()) node?.focus();
}

/**
 * Scrolls `node` into view when none of it is on screen — on a phone the
 * result of a press can start below the fold, and nothing would seem to
 * happen. Not inside a frame: an embedded demo must not scroll the article
 * around it.
 * @param {Element} node
 */
export function revealIfOffScreen(node) {
  if (window.top !== window.self) return;
  const box = node.getBoundingClientRect();
  if (box.top < window.innerHeight && box.bottom > 0) return;
  const calm = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  node.scrollIntoView({ block: 'center', behavior: calm ? 'auto' : 'smooth' });
}

/**
 * Scrolls so `node` starts near the top of the screen when it starts in
 * the lower half or above it — for a panel picked from a menu that sits
 * above it on a phone. Not inside a frame (see revealIfOffScreen).
 * @param {Element} node
 */
export function bringTopIntoView(node) {
  if (window.top !== window.self) return;
  const top = node.getBoundingClientRect().top;
  if (top >= 0 && top <= window.innerHeight / 2) return;
  const calm = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  node.scrollIntoView({ block: 'start', behavior: calm ? 'auto' : 'smooth' });
}
