// Lists the functions in www/ that are longer than a limit (80 lines by
// default), measured from the TypeScript compiler's syntax tree: a function's
// extent is its first to its last line, nested functions included (a 300-line
// `mount` closure is one long function however it is split inside).
//
// A function may stay long when a comment says why, in the comments just
// above it (or on its first line):  // long-function: <reason>
//
//   node scripts/long-functions.mjs            the functions over the limit (exit 1 if any)
//   node scripts/long-functions.mjs --top 15   the 15 longest, allowed or not
//
// tests/unit/long-functions.test.mjs runs it as part of `./dev.sh test lint`.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const LIMIT = 80;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** What is not ours or not a page: vendored and generated modules, the benchmark harness. */
const SKIP = [/^www\/vendor\//, /^www\/pkg\//, /^www\/types\//, /\.d\.ts$/];
const ALLOW = /\/\/\s*long-function:\s*\S/;

/**
 * @param {string} dir
 * @returns {string[]}
 */
function sources(dir) {
  /** @type {string[]} */
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const rel = relative(ROOT, path).split('\\').join('/');
    if (SKIP.some((re) => re.test(rel + (entry.isDirectory() ? '/' : '')))) continue;
    if (entry.isDirectory()) out.push(...sources(path));
    else if (/\.(m?js|ts)$/.test(entry.name)) out.push(path);
  }
  return out;
}

/**
 * A function's name as a reader would look it up: its own name, or the
 * variable, property or call it is the argument of.
 * @param {ts.Node} node
 * @param {ts.SourceFile} file
 */
function nameOf(node, file) {
  const own = /** @type {any} */ (node).name;
  if (own) return own.getText(file);
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) return parent.name.getText(file);
  if (ts.isCallExpression(parent)) return `(callback of ${parent.expression.getText(file).slice(0, 40)})`;
  return '(anonymous)';
}

/**
 * Whether a `long-function:` comment stands in the comments just above the
 * function, or above the statement that holds it (`const mount = () => {`),
 * or on its first line.
 * @param {ts.Node} node
 * @param {ts.SourceFile} file
 * @param {string[]} lines
 */
function allowed(node, file, lines) {
  let holder = node;
  while (
    holder.parent &&
    !ts.isSourceFile(holder.parent) &&
    !ts.isBlock(holder.parent) &&
    !ts.isClassLike(holder.parent)
  ) {
    holder = holder.parent;
  }
  const text = file.getFullText();
  for (const at of [node, holder]) {
    if (ALLOW.test(text.slice(at.getFullStart(), at.getStart(file)))) return true;
  }
  return ALLOW.test(lines[file.getLineAndCharacterOfPosition(node.getStart(file)).line] ?? '');
}

/** @typedef {{ file: string, line: number, name: string, lines: number, allowed: boolean }} Extent */

/**
 * Every function in one source text with its length in lines.
 * @param {string} file  its name, as reported
 * @param {string} text
 * @returns {Extent[]}
 */
export function functionsIn(file, text) {
  /** @type {Extent[]} */
  const out = [];
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const lines = text.split('\n');
  /** @param {ts.Node} node */
  const visit = (node) => {
    if (ts.isFunctionLike(node) && /** @type {any} */ (node).body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      out.push({
        file,
        line: start + 1,
        name: nameOf(node, source),
        lines: end - start + 1,
        allowed: allowed(node, source, lines),
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/**
 * Every function in www/ with its length in lines, longest first.
 * @returns {Extent[]}
 */
export function functions() {
  return sources(join(ROOT, 'www'))
    .flatMap((path) => functionsIn(relative(ROOT, path).split('\\').join('/'), readFileSync(path, 'utf8')))
    .sort((a, b) => b.lines - a.lines);
}

/** The functions over the limit without a written reason. */
export function tooLong(limit = LIMIT) {
  return functions().filter((f) => f.lines > limit && !f.allowed);
}

/** @param {Extent} f */
export const describe = (f) => `${f.file}:${f.line} ${f.name} ${f.lines} lines${f.allowed ? ' (allowed)' : ''}`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const top = process.argv.indexOf('--top');
  if (top > 0) {
    for (const f of functions().slice(0, Number(process.argv[top + 1]) || 15)) console.log(describe(f));
  } else {
    const long = tooLong();
    for (const f of long) console.log(describe(f));
    if (long.length) {
      console.error(
        `${long.length} function(s) over ${LIMIT} lines in www/: split them, or say why on the line above with // long-function: <reason>`,
      );
      process.exit(1);
    }
  }
}
