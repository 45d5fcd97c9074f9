// One header for every page: the brand, the same navigation with the same
// names everywhere, and the pool status pill that the client keeps current.

/** The pages, in menu order. */
export const PAGES = [
  { href: 'index.html', name: 'Race' },
  { href: 'lab.html', name: 'Speedup lab' },
  { href: 'sync.html', name: 'Races & locks' },
  { href: 'game.html', name: 'Be the scheduler' },
  { href: 'modes.html', name: 'Threads vs processes' },
  { href: 'python.html', name: 'Python' },
  { href: 'builder.html', name: 'Embed' },
];

/**
 * Fills `<header class="top" data-tagline="…">` with the brand, the nav and
 * the pool status pill (`#pool-status`).
 * @param {HTMLElement} header
 * @returns {{setPool: (kind: 'wait' | 'ok' | 'warn' | 'bad', text: string) => void}}
 */
export function mountHeader(header) {
  const here = location.pathname.split('/').pop() || 'index.html';
  const tagline = header.dataset.tagline ?? '';
  header.innerHTML = '';
  const brand = document.createElement('div');
  brand.className = 'brand';
  brand.innerHTML =
    '<span class="logo" aria-hidden="true"><i></i><i></i></span><div><h1>threadlab</h1><p class="tagline"></p></div>';
  /** @type {HTMLElement} */ (brand.querySelector('.tagline')).textContent = tagline;
  const nav = document.createElement('nav');
  nav.className = 'nav';
  nav.setAttribute('aria-label', 'Labs');
  for (const page of PAGES) {
    const a = document.createElement('a');
    a.href = page.href;
    a.textContent = page.name;
    if (page.href === here) a.setAttribute('aria-current', 'page');
    nav.append(a);
  }
  const pill = document.createElement('p');
  pill.id = 'pool-status';
  pill.className = 'pill pill-wait';
  pill.setAttribute('role', 'status');
  pill.textContent = 'Starting worker threads…';
  header.append(brand, nav, pill);
  // On a phone the nav is one row that scrolls sideways (style.css): show
  // this page's link, which may lie past the right edge.
  const current = /** @type {HTMLElement | null} */ (nav.querySelector('[aria-current]'));
  if (current && nav.scrollWidth > nav.clientWidth) nav.scrollLeft = current.offsetLeft - nav.offsetLeft - 8;
  return {
    setPool(kind, text) {
      pill.className = `pill pill-${kind}`;
      pill.textContent = text;
    },
  };
}
