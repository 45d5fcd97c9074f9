// The GIL-holder lane's colours are not the span kinds' colours (a thread
// holding the lock looked like "waiting (I/O)" or a postMessage copy).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openLab } from './harness.mjs';

let lab;
before(async () => {
  lab = await openLab({ query: 'modes.html' });
});
after(async () => {
  await lab?.close();
});

test('the GIL lane uses colours of its own, as drawn', async () => {
  const { holders, kinds } = await lab.page.evaluate(async () => {
    const { HOLDERS, KINDS } = await import('./demos/modes/timelines.js');
    const css = (c) => {
      const v = c.startsWith('--') ? getComputedStyle(document.documentElement).getPropertyValue(c).trim() : c;
      const d = document.createElement('div');
      d.style.color = v;
      document.body.append(d);
      const rgb = getComputedStyle(d).color;
      d.remove();
      return rgb;
    };
    return { holders: HOLDERS.map(css), kinds: Object.values(KINDS).map((k) => css(k.colour)) };
  });
  assert.equal(new Set(holders).size, holders.length, 'one colour per holder');
  for (const h of holders) assert.ok(!kinds.includes(h), `holder colour ${h} is also a kind's`);
});
