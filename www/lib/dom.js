// Small DOM helpers shared by the pages.

/**
 * `el('p', {class: 'note', text: 'Hi'}, child…)`: an element with attributes
 * (`text` sets textContent, `class` the class; null/undefined/false are left
 * out, true becomes an empty attribute) and children.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'text') node.textContent = v;
    else if (k === 'class') node.className = v;
    else node.setAttribute(k, v === true ? '' : v);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}
