// No function in www/ is longer than 80 lines unless a comment beside it
// says why (`// long-function: <reason>`): scripts/long-functions.mjs
// measures them from TypeScript's syntax tree. The first two tests show
// that the measure sees a long function and its reason; the last one is
// the rule itself, over every page module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LIMIT, describe, functionsIn, tooLong } from '../../scripts/long-functions.mjs';

/** A function of `n` lines, with `lead` above it. @param {number} n @param {string} [lead] */
const source = (n, lead = '') => `${lead}export function mount(root) {\n${'  root.append(1);\n'.repeat(n - 2)}}\n`;

test('a function over the limit is found, with its name and length; nested ones count in their parent', () => {
  const found = functionsIn('x.js', `const outer = () => {\n${source(LIMIT + 5).replace(/^/gm, '  ')}};\n`);
  const mount = found.find((f) => f.name === 'mount');
  assert.deepEqual({ lines: mount?.lines, allowed: mount?.allowed }, { lines: LIMIT + 5, allowed: false });
  assert.equal(found.find((f) => f.name === 'outer')?.lines, LIMIT + 7);
  assert.equal(functionsIn('y.js', source(LIMIT)).find((f) => f.name === 'mount')?.lines, LIMIT);
});

test('a long-function comment above it (over its JSDoc too) allows it; an empty reason does not', () => {
  const allowedOf = (/** @type {string} */ lead) => functionsIn('x.js', source(LIMIT + 1, lead))[0].allowed;
  assert.equal(allowedOf('// long-function: one table literal\n/**\n * Doc.\n */\n'), true);
  assert.equal(allowedOf('// long-function:\n'), false);
  assert.equal(allowedOf('// a long function\n'), false);
});

test(`no function in www/ is over ${LIMIT} lines without a reason beside it`, () => {
  const long = tooLong();
  assert.deepEqual(long.map(describe), [], 'split them, or say why on the line above with // long-function: <reason>');
});
