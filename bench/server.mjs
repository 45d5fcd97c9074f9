// The benchmark's server: the repository itself, cross-origin isolated, so
// that URLs are the files' paths (the harness page is /bench/page/, the
// pages' modules are /www/...) and the harness's imports type-check as they
// are written. `www` serves another build under /www/ (bench.mjs --www DIR).
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../scripts/serve.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the harness page is, from the server's root. */
export const BENCH_PAGE = '/bench/page/';

/**
 * Starts the benchmark's server on a free port.
 * @param {string} [www]  the directory served as /www/ (default: this checkout's www/)
 */
export function startBenchServer(www = join(ROOT, 'www')) {
  return startServer({ port: 0, isolation: true, quiet: true, root: ROOT, mounts: { '/www/': www } });
}
