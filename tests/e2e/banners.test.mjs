// The "Threads are off" banners: whatever advises turning cross-origin
// isolation on is marked data-headers, so that www/lib/page.js can hide it on
// a page that IS isolated but still has no threads (WebKitGTK as shipped) —
// the modes banner once ended there in a dangling "…only give to
// cross-origin isolated pages:".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

for (const page of ['modes.html', 'sync.html', 'index.html', 'lab.html', 'game.html', 'builder.html']) {
  test(`${page}: the banner's isolation advice is all marked data-headers`, () => {
    const html = readFileSync(new URL(`../../www/${page}`, import.meta.url), 'utf8');
    const banner = (html.match(/<section id="isolation-banner"[\s\S]*?<\/section>/)?.[0] ?? '').replace(
      /<div data-headers>[\s\S]*?<\/div>/g,
      '',
    );
    for (const block of banner.match(/<(p|pre)\b[^>]*>[\s\S]*?<\/\1>/g) ?? []) {
      // The headers themselves, how to send them, or a sentence that leads into them.
      if (/Cross-Origin-|dev\.sh serve|:<\/p>$/.test(block))
        assert.match(block, /^<(p|pre)[^>]*\bdata-headers\b/, block);
    }
  });
}
