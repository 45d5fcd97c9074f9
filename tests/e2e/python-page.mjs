// What the Python page's tests read and do: the component's data (its root
// carries data-state, data-exit, data-runs, …), its output by stream, a
// paste into the editor, and a run waited for.

export const root = '.py-demo';

/** The component's root data. @param {import('playwright-core').Page} page */
export const state = (page) => page.$eval(root, (r) => ({ ...r.dataset }));
/** @param {import('playwright-core').Page} page */
export const stdout = (page) =>
  page.$$eval('#py-output [data-stream="stdout"]', (s) => s.map((x) => x.textContent).join(''));
/** @param {import('playwright-core').Page} page */
export const stderr = (page) =>
  page.$$eval('#py-output [data-stream="stderr"]', (s) => s.map((x) => x.textContent).join(''));

/** Puts `source` in the editor as a paste would. */
export async function paste(page, source) {
  await page.$eval(
    '#py-source',
    (area, text) => {
      area.value = text;
      area.dispatchEvent(new Event('input', { bubbles: true }));
    },
    source,
  );
}

/** Presses Run (or `how`) and waits for the run to end; returns the root's data. */
export async function runAndWait(page, how = () => page.click('#py-run'), timeout = 30_000) {
  const before = Number((await state(page)).runs);
  await how();
  await page.waitForFunction((n) => Number(document.querySelector('.py-demo').dataset.runs) > n, before, { timeout });
  return state(page);
}
