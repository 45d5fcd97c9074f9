// Timeline legends list only the kinds a run drew, and the GIL-holder lane
// has colours of its own (not the span kinds' colours).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openLab } from './harness.mjs';

let lab;
before(async () => {
  lab = await openLab();
});
after(async () => {
  await lab?.close();
});

test('a timeline legend lists only the kinds the run drew', async () => {
  const kinds = await lab.page.evaluate(async () => {
    const { mountTimeline } = await import('./lib/timeline.js');
    const box = document.createElement('div');
    document.body.append(box);
    const t = mountTimeline(box, { label: 'legend test', exportable: false });
    t.draw({
      title: 't',
      lanes: ['a'],
      start: 0,
      end: 10,
      spans: [{ lane: 0, start: 0, end: 5, kind: 'work' }],
      kinds: { work: { label: 'computing', colour: '--par' }, wait: { label: 'waiting', colour: '--bad' } },
    });
    const shown = [...box.querySelectorAll('.timeline-legend li')].map((li) => li.textContent);
    box.remove();
    return shown;
  });
  assert.deepEqual(kinds, ['computing']);
});
