// Phone-sized checks (390 px wide) of issue 33's §5.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openLab } from './harness.mjs';

test('390 px: the game\'s level list is a scroll box that says it scrolls (and a wide screen shows it all)', async () => {
  const lab = await openLab({ query: 'game.html?level=counter' });
  try {
    const { page } = lab;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForSelector('#level-playground');
    const box = await page.$eval('#game-levels .level-list', (l) => ({ scroll: l.scrollHeight, client: l.clientHeight }));
    assert.ok(box.scroll > box.client, `the list scrolls: ${JSON.stringify(box)}`);
    assert.equal(await page.isVisible('#game-levels-hint'), true);
    assert.match(await page.innerText('#game-levels-hint'), /19 levels .*scrolls/);
    await page.setViewportSize({ width: 1280, height: 1000 });
    assert.equal(await page.isVisible('#game-levels-hint'), false);
  } finally {
    await lab.close();
  }
});
