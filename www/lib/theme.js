// Colours that follow the page's theme: charts and timelines draw on canvases,
// which cannot use CSS variables, so they read them here and redraw when the
// theme changes (a data-theme attribute or the system's dark mode).

/**
 * A colour as a canvas takes it: `--seq` (or `var(--seq)`) is read from the
 * element's computed style; anything else is returned as given.
 * @param {Element} element
 * @param {string} colour
 * @param {string} [fallback]
 */
export function cssColour(element, colour, fallback = '#888') {
  const name = /^(?:var\()?(--[\w-]+)\)?$/.exec(colour.trim())?.[1];
  if (!name) return colour;
  return getComputedStyle(element).getPropertyValue(name).trim() || fallback;
}

/**
 * The colour with an opacity: "#6d5dfc" at 0.33 → "rgba(109,93,252,0.33)".
 * Colours in other notations are blended with color-mix().
 * @param {string} colour  a resolved colour (see cssColour)
 * @param {number} alpha  0..1
 */
export function withAlpha(colour, alpha) {
  const hex = /^#([\da-f]{3}|[\da-f]{6})$/i.exec(colour)?.[1];
  if (hex) {
    const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
    const [r, g, b] = [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16));
    return `rgba(${r},${g},${b},${alpha})`;
  }
  const rgb = /^rgba?\(([^,]+),([^,]+),([^,)]+)/.exec(colour.replace(/\s+/g, ''));
  if (rgb) return `rgba(${rgb[1]},${rgb[2]},${rgb[3]},${alpha})`;
  return `color-mix(in srgb, ${colour} ${Math.round(alpha * 100)}%, transparent)`;
}

/**
 * The theme colours a canvas drawing needs, read from `element`.
 * @param {Element} element
 */
export function themeColours(element) {
  return {
    ink: cssColour(element, '--ink', '#1d2133'),
    muted: cssColour(element, '--muted', '#5f6680'),
    line: cssColour(element, '--line', '#e2e5ef'),
    track: cssColour(element, '--track', cssColour(element, '--line', '#eceef6')),
  };
}

/**
 * Calls `redraw` when the theme may have changed: a `data-theme` or `class`
 * change on <html> or <body>, or the system switching dark mode. Returns a
 * function that stops watching.
 * @param {() => void} redraw
 */
export function watchTheme(redraw) {
  const observer = new MutationObserver(redraw);
  for (const node of [document.documentElement, document.body]) {
    if (node) observer.observe(node, { attributes: true, attributeFilter: ['data-theme', 'class', 'style'] });
  }
  const media = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
  media?.addEventListener('change', redraw);
  return () => {
    observer.disconnect();
    media?.removeEventListener('change', redraw);
  };
}

/**
 * Calls `resized(width)` when the element's content width changes (not for
 * height changes, which drawing into it may cause). Returns a stop function.
 * @param {HTMLElement} element
 * @param {(width: number) => void} resized
 */
export function watchWidth(element, resized) {
  let width = element.clientWidth;
  const observer = new ResizeObserver(() => {
    const now = element.clientWidth;
    if (now === width || now === 0) return;
    width = now;
    resized(now);
  });
  observer.observe(element);
  return () => observer.disconnect();
}
