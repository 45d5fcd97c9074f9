// Phone-sized checks (390 px wide) of issue 33's §5.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openLab } from './harness.mjs';

test("390 px: the game's level list is a scroll box that says it scrolls (and a wide screen shows it all)", async () => {
  const lab = await openLab({ query: 'game.html?level=counter' });
  try {
    const { page } = lab;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForSelector('#level-playground');
    const box = await page.$eval('#game-levels .level-list', (l) => ({
      scroll: l.scrollHeight,
      client: l.clientHeight,
    }));
    assert.ok(box.scroll > box.client, `the list scrolls: ${JSON.stringify(box)}`);
    assert.equal(await page.isVisible('#game-levels-hint'), true);
    assert.match(await page.innerText('#game-levels-hint'), /19 levels .*scrolls/);
    await page.setViewportSize({ width: 1280, height: 1000 });
    assert.equal(await page.isVisible('#game-levels-hint'), false);
  } finally {
    await lab.close();
  }
});

test("390 px: the stepper's two Step buttons are side by side, on screen together", async () => {
  const lab = await openLab({ query: 'sync.html#stepper' });
  try {
    const { page } = lab;
    await page.setViewportSize({ width: 390, height: 844 });
    const a = page.locator('#panel-stepper .step[data-thread="0"]');
    const b = page.locator('#panel-stepper .step[data-thread="1"]');
    await b.scrollIntoViewIfNeeded();
    const [ba, bb] = [await a.boundingBox(), await b.boundingBox()];
    assert.ok(Math.abs(ba.y - bb.y) < 40, `same row: ${ba.y} vs ${bb.y}`);
    assert.ok(ba.x + ba.width <= bb.x, 'side by side');
    assert.ok(bb.x + bb.width <= 390, 'within the screen');
    assert.ok((await a.isVisible()) && (await b.isVisible()));
    const sideways = await page.$eval('#panel-stepper .stepper-board', (x) => x.scrollWidth > x.clientWidth);
    assert.equal(sideways, false, 'nothing scrolls sideways');
  } finally {
    await lab.close();
  }
});

test('390 px: the modes comparison table and the race table do not scroll sideways; each cell names its column', async () => {
  const lab = await openLab({ query: 'sync.html#race' });
  try {
    const { page } = lab;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.fill('#race-increments', '20000');
    await page.fill('#race-repeats', '2');
    await page.click('#panel-race .run');
    await page.waitForFunction(() => Number(document.querySelector('#panel-race [data-demo]').dataset.runs) > 0, null, {
      timeout: 60_000,
    });
    const race = await page.$eval('#panel-race .table-wrap', (x) => [x.scrollWidth, x.clientWidth]);
    assert.ok(race[0] <= race[1], `race table: ${race}`);
    assert.equal(
      await page.$eval('#panel-race .race-table td', (td) => getComputedStyle(td, '::before').content),
      '"Expected"',
    );
    await page.goto(page.url().replace(/sync\.html.*/, 'modes.html'));
    await page.waitForSelector('body[data-ready="true"]');
    const modes = await page.$eval('#compare', (t) => [
      t.closest('.table-wrap').scrollWidth,
      t.closest('.table-wrap').clientWidth,
    ]);
    assert.ok(modes[0] <= modes[1], `modes table: ${modes}`);
    assert.equal(
      await page.$eval('#compare td[data-mode="gil"]', (td) => getComputedStyle(td, '::before').content),
      '"Threads + GIL"',
    );
    assert.deepEqual(lab.problems, []);
  } finally {
    await lab.close();
  }
});

test("360 px: the builder's selects show their whole text, for every demo", async () => {
  const lab = await openLab({ query: 'builder.html' });
  try {
    const { page } = lab;
    await page.setViewportSize({ width: 360, height: 800 });
    await page.waitForSelector('#demo option', { state: 'attached' });
    // The text an option needs, measured in the select's own font, against the room it has.
    const cut = await page.evaluate(() => {
      const out = [];
      for (const select of document.querySelectorAll('.builder-pick select')) {
        const s = getComputedStyle(select);
        const g = document.createElement('canvas').getContext('2d');
        g.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
        const room = select.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight) - 16; // the arrow
        for (const o of select.options)
          if (g.measureText(o.text).width > room)
            out.push(
              `${select.id}: "${o.text}" needs ${Math.ceil(g.measureText(o.text).width)} px of ${Math.floor(room)}`,
            );
      }
      return out;
    });
    assert.deepEqual(cut, []);
  } finally {
    await lab.close();
  }
});

test("390 px: the lab's radio buttons sit in their labels, the details lined up with the names", async () => {
  const lab = await openLab({ query: 'lab.html' });
  try {
    const { page } = lab;
    await page.setViewportSize({ width: 390, height: 844 });
    const boxes = await page.$$eval('label.choice', (ls) =>
      ls.map((l) => {
        const [b, r, d] = [l, l.querySelector('input'), l.querySelector('.label-detail')].map((x) =>
          x.getBoundingClientRect(),
        );
        return {
          inside: r.left >= b.left && r.right <= b.right && r.top >= b.top && r.bottom <= b.bottom,
          detailLeft: d.left,
          radioRight: r.right,
        };
      }),
    );
    assert.equal(boxes.length, 3);
    for (const x of boxes) {
      assert.ok(x.inside, 'the radio is inside its label');
      assert.ok(x.detailLeft >= x.radioRight, `the detail starts right of the radio: ${JSON.stringify(x)}`);
    }
  } finally {
    await lab.close();
  }
});
