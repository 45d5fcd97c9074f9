// Serves www/ on localhost with the headers threads need.
//
//   node scripts/serve.mjs [--port 8080] [--no-isolation] [--root www] [--article-port N] [--quiet]
//
// `startServer({ mounts: { '/www/': dir } })` serves a URL prefix from another
// directory (the benchmark serves the repository, with `--www` builds under /www/).
//
// Threads in the browser need SharedArrayBuffer, which the browser only gives
// a cross-origin isolated page: one served with
//   Cross-Origin-Opener-Policy: same-origin
//   Cross-Origin-Embedder-Policy: require-corp
// `--no-isolation` leaves them out, to see the page's single-threaded fallback
// (what a plain static host gives you).
//
// A few dozen lines of Node instead of a package: no static server on npm sets
// these two headers without configuration files of its own.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ts': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

/** Longest wait /slow?ms=N accepts. */
const SLOW_MAX_MS = 5000;

export function startServer({ port = 8080, isolation = true, root, quiet = false, mounts = {} } = {}) {
  root = resolve(root ?? join(fileURLToPath(new URL('.', import.meta.url)), '..', 'www'));
  const server = createServer(async (req, res) => {
    const headers = {
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    };
    if (isolation) {
      headers['Cross-Origin-Opener-Policy'] = 'same-origin';
      headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
      // Newer browsers (Chromium 137+) isolate a document by itself, even in
      // an iframe of a page that is not isolated: what embedded demos need.
      headers['Document-Isolation-Policy'] = 'isolate-and-credentialless';
      // Tutorial sites on other origins embed our pages and import our
      // module: allow both (the content is public, there are no cookies).
      headers['Cross-Origin-Resource-Policy'] = 'cross-origin';
    }
    // Other origins import threadlab-embed.js (module scripts need CORS).
    headers['Access-Control-Allow-Origin'] = '*';
    try {
      const url = new URL(req.url, 'http://localhost');
      if (url.pathname === '/slow') {
        // A slow endpoint for modes.html's I/O-bound rows: waits ?ms=N
        // milliseconds (a whole number, 0 to 5000), then answers — the
        // stand-in for requests.get() on a slow server.
        const raw = url.searchParams.get('ms') ?? '';
        const ms = /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
        if (!(ms <= SLOW_MAX_MS)) {
          res.writeHead(400, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
          res.end(`ms must be a whole number from 0 to ${SLOW_MAX_MS}`);
        } else {
          await new Promise((done) => setTimeout(done, ms));
          // no-store: Chromium runs concurrent requests for one cacheable URL
          // one after another (its cache lock), which would hide the overlap.
          res.writeHead(200, { ...headers, 'Cache-Control': 'no-store', 'Content-Type': 'application/json' });
          res.end(req.method === 'HEAD' ? undefined : JSON.stringify({ waited_ms: ms }));
        }
        if (!quiet) console.log(res.statusCode, req.method, req.url);
        return;
      }
      const mount = Object.keys(mounts).find((prefix) => url.pathname.startsWith(prefix));
      const base = mount ? resolve(mounts[mount]) : root;
      const rest = mount ? url.pathname.slice(mount.length - 1) : url.pathname;
      let path = normalize(join(base, decodeURIComponent(rest)));
      if (path !== base && !path.startsWith(base + sep)) throw Object.assign(new Error('outside'), { code: 'ENOENT' });
      if ((await stat(path)).isDirectory()) path = join(path, 'index.html');
      const body = await readFile(path);
      res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (e) {
      const missing = e.code === 'ENOENT' || e.code === 'EISDIR' || e.code === 'ENOTDIR';
      res.writeHead(missing ? 404 : 500, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(missing ? 'Not found' : 'Server error');
    }
    if (!quiet) console.log(res.statusCode, req.method, req.url);
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok(server));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const port = Number(args.includes('--port') ? args[args.indexOf('--port') + 1] : (process.env.PORT ?? 8080));
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error('--port needs a whole number from 0 to 65535');
    process.exit(2);
  }
  const isolation = !args.includes('--no-isolation');
  const root = args.includes('--root') ? args[args.indexOf('--root') + 1] : undefined;
  const server = await startServer({ port, isolation, root, quiet: args.includes('--quiet') }).catch((e) => {
    console.error(e.code === 'EADDRINUSE' ? `Port ${port} is in use: try PORT=8090 ./dev.sh serve` : e.message);
    process.exit(1);
  });
  const { port: actual } = server.address();
  console.log(
    `threadlab: http://localhost:${actual}/  (${isolation ? 'cross-origin isolated: threads on' : 'NOT isolated: threads off, sequential fallback'})`,
  );
  if (args.includes('--article-port')) {
    // The example tutorial article, on another origin and without any
    // isolation headers, like an article on a static host.
    const articlePort = Number(args[args.indexOf('--article-port') + 1]);
    const article = await startServer({
      port: articlePort,
      isolation: false,
      quiet: true,
      root: join(fileURLToPath(new URL('.', import.meta.url)), '..', 'examples', 'article'),
    });
    console.log(
      `example article embedding threadlab: http://localhost:${article.address().port}/?threadlab=http://localhost:${actual}`,
    );
  }
}
