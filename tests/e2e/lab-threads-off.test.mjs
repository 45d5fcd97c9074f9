// The speedup lab without threads (a page that is not cross-origin isolated):
// its workers field says threads are off instead of offering "1 to 0".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openLab, text } from './harness.mjs';

test('threads off, the workers field offers no "1 to 0"', async () => {
  const off = await openLab({ query: 'lab.html', isolation: false });
  try {
    const { page } = off;
    await page.waitForFunction(() => document.querySelector('#workers-hint')?.textContent);
    const hint = await text(page, '#workers-hint');
    assert.doesNotMatch(hint, /1 to 0/);
    assert.match(hint, /Threads are off/);
    assert.equal(await page.inputValue('#workers'), '');
    assert.equal(await page.getAttribute('#workers', 'placeholder'), 'Threads are off');
  } finally {
    await off.close();
  }
});
