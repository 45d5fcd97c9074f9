#!/usr/bin/env bash
# threadlab's single entry point.
#
#   ./dev.sh serve [--no-isolation] [--port N]   set up, build, serve on localhost
#   ./dev.sh test [lint|native|wasm|e2e|engines|bench|all]   set up, build, run the tests (all)
#   ./dev.sh bench                               set up, build, print the benchmark table
#   ./dev.sh dist                                static production build in dist/
#   ./dev.sh lint                                rustfmt, clippy and tsc only
#   ./dev.sh setup [serve|bench|test] | build    the steps on their own
#
# Every step installs what is missing and skips what is already there: on a
# fresh Debian 12 machine the first `serve` takes ~3.5 minutes, the first
# `test` ~10 (browsers, wasm-pack, geckodriver); later runs start at once. The toolchain recipe behind it is explained in docs/toolchain.md.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
# rustup, cargo-installed tools: not always on PATH in non-login shells (CI).
export PATH="$HOME/.cargo/bin:$PATH"

# What serving the page needs: the compiler with its library source, the wasm
# linker and wasm-opt. Browsers are for the tests and the benchmark only, so
# `./dev.sh serve` on a bare machine does not wait for them.
SERVE_PACKAGES=(rustc-web cargo-web rust-web-src lld-22 binaryen gcc libc6-dev pkg-config libssl-dev)
# The benchmark drives headless Chromium.
BENCH_PACKAGES=(chromium chromium-driver)
# The other two engines of the cross-engine tests (tests/engines/): Firefox ESR,
# and WebKitGTK's driver with its MiniBrowser, which needs an X server (Xvfb).
TEST_PACKAGES=("${BENCH_PACKAGES[@]}" firefox-esr webkit2gtk-driver xvfb)
# python3 is the oracle of the CPython comparisons (the runner's conformance
# suite, the Python the pages show): with CI set, a missing python3 fails them.
TOOLCHAIN=threadlab-web
WASM_TARGET=wasm32-unknown-unknown
PORT=${PORT:-8080}

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# setup [serve|bench|test]: install what that command needs (test: everything).
setup() {
  local need=${1:-test}
  local packages=("${SERVE_PACKAGES[@]}")
  case $need in
    bench) packages+=("${BENCH_PACKAGES[@]}") ;;
    test) packages+=("${TEST_PACKAGES[@]}") ;;
  esac
  local missing=()
  if [ "$need" = test ] && ! command -v python3 >/dev/null; then
    missing+=(python3)
  fi
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "Installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi

  # rustup's proxies come first on PATH; name Debian's 1.96 compiler (which
  # has matching library source for -Z build-std) as the toolchain that
  # rust-toolchain.toml asks for.
  if command -v rustup >/dev/null; then
    if ! rustup toolchain list | grep -q "^$TOOLCHAIN"; then
      say "Linking Debian's rustc-web as rustup toolchain $TOOLCHAIN"
      rustup toolchain link "$TOOLCHAIN" /usr
    fi
  fi
  # wasm-pack looks for a wasm32 std in the sysroot before building; build-std
  # makes its own, so an empty directory satisfies the check.
  [ -d /usr/lib/rustlib/$WASM_TARGET/lib ] || as_root mkdir -p /usr/lib/rustlib/$WASM_TARGET/lib

  export PATH="$HOME/.cargo/bin:$PATH"
  # The wasm-bindgen CLI must be exactly the version of the crate in Cargo.lock.
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/"/, "", $3); print $3}' Cargo.lock)
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    say "Installing wasm-bindgen-cli $want (about 3 minutes, once)"
    cargo install -q wasm-bindgen-cli --version "$want"
  fi
  # Only the tests need wasm-pack (the benchmark and the page do not).
  if [ "$need" = test ] && ! command -v wasm-pack >/dev/null; then
    say "Installing wasm-pack (about 2 minutes, once)"
    cargo install -q wasm-pack --version 0.15.1
  fi
  # Firefox's WebDriver (tests/engines/ only); Debian 12 does not package it.
  if [ "$need" = test ] && ! command -v geckodriver >/dev/null; then
    say "Installing geckodriver (about 2 minutes, once)"
    cargo install -q geckodriver --version 0.37.1
  fi
  if [ ! -d node_modules/comlink ] || [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/uplot ] || [ ! -d node_modules/coi-serviceworker ] || [ ! -d node_modules/typescript ] || [ ! -d node_modules/selenium-webdriver ] || [ ! -d node_modules/axe-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    if [ -L node_modules ]; then
      # A worktree sharing another checkout's packages through a link:
      # `npm ci` would empty that checkout's node_modules.
      say "node_modules links to another checkout: not reinstalling here (run ./dev.sh setup there)"
    else
      say "Installing npm packages (Comlink, uPlot, playwright-core, selenium-webdriver, axe-core, TypeScript)"
      npm ci --no-audit --no-fund --loglevel=error
    fi
  fi
}

build() {
  export PATH="$HOME/.cargo/bin:$PATH"
  say "Building the threaded wasm module"
  # RUSTC_BOOTSTRAP lets the stable 1.96 compiler take -Z build-std, which
  # rebuilds std with atomics; only for this build, never for native ones.
  RUSTC_BOOTSTRAP=1 cargo build --release --target $WASM_TARGET -Z build-std=panic_abort,std
  local module=target/$WASM_TARGET/release/threadlab.wasm
  # wasm-opt runs BEFORE wasm-bindgen: after it, Debian's binaryen 108 turns
  # wasm-bindgen 0.2.130's externref table into one the JS glue cannot fill
  # ("WebAssembly.Table.set(): Argument 1 is invalid"). Before it, it is safe:
  # the module shrinks (646 -> 512 KB); speed measured the same within noise.
  if command -v wasm-opt >/dev/null; then
    wasm-opt -O3 --enable-threads --enable-bulk-memory --enable-mutable-globals \
      --enable-reference-types --enable-multivalue --enable-sign-ext \
      --enable-nontrapping-float-to-int "$module" -o target/$WASM_TARGET/release/threadlab.opt.wasm
    module=target/$WASM_TARGET/release/threadlab.opt.wasm
  fi
  wasm-bindgen "$module" --out-name threadlab --target web --out-dir www/pkg
  mkdir -p www/vendor
  cp node_modules/comlink/dist/esm/comlink.min.mjs www/vendor/comlink.mjs
  cp node_modules/uplot/dist/uPlot.esm.js www/vendor/uplot.mjs
  cp node_modules/uplot/dist/uPlot.min.css www/vendor/uplot.css
  # Their typings, next to them, for the JSDoc type check (tsc --checkJs).
  cp node_modules/comlink/dist/esm/comlink.d.ts www/vendor/comlink.d.mts
  cp node_modules/comlink/dist/esm/protocol.d.ts www/vendor/protocol.d.ts
  cp node_modules/uplot/dist/uPlot.d.ts www/vendor/uplot.d.mts
}

# Lint and type checks: rustfmt and clippy (rustup's stable toolchain has
# both; Debian's rustc-web has neither, and they only look at native code),
# and tsc over the pages' JSDoc.
lint_rust() {
  say "rustfmt --check and clippy -D warnings (rustup stable)"
  cargo +stable fmt --all -- --check
  CARGO_TARGET_DIR=target/clippy cargo +stable clippy --all-targets -q -- -D warnings
  # The code's own docs, private items included (it is read as a codebase,
  # not used as a library): a link that names nothing fails here.
  say "cargo doc --document-private-items -D warnings (broken intra-doc links)"
  RUSTDOCFLAGS="-D warnings -A rustdoc::private_intra_doc_links" CARGO_TARGET_DIR=target/clippy \
    cargo +stable doc --no-deps --document-private-items -q
}

# ts-rs writes www/types/ during `cargo test`; a difference from what is
# committed means a Rust type changed without its TypeScript.
check_types_fresh() {
  if git rev-parse --git-dir >/dev/null 2>&1; then
    if [ -n "$(git status --porcelain -- www/types)" ]; then
      git status --short -- www/types >&2
      echo "www/types/ is out of date with the Rust types: commit what 'cargo test' generated." >&2
      return 1
    fi
  fi
}

# A static production build: dist/ can be uploaded to any static host.
# Hosts that can set headers should use dist/_headers (Netlify, Cloudflare
# Pages) or the nginx/Apache lines of docs/deploy.md; on hosts that cannot (GitHub
# Pages), coi-serviceworker adds COOP/COEP from a service worker after one
# reload, so threads still work.
dist() {
  say "Writing the static build to dist/"
  rm -rf dist
  mkdir -p dist
  cp -r www/. dist/
  cp node_modules/coi-serviceworker/coi-serviceworker.min.js dist/
  # The service worker must load first, so it can reload the page isolated;
  # lib/coi-reload.js closes the one gap it leaves (see that file).
  for page in dist/index.html dist/lab.html dist/sync.html dist/modes.html dist/game.html dist/python.html; do
    [ -f "$page" ] && sed -i 's|<meta charset="utf-8">|<meta charset="utf-8">\n  <script src="coi-serviceworker.min.js"></script>\n  <script src="lib/coi-reload.js"></script>|' "$page"
  done
  cat > dist/_headers <<'HEADERS'
/*
  Cross-Origin-Opener-Policy: same-origin
  Cross-Origin-Embedder-Policy: require-corp
  Document-Isolation-Policy: isolate-and-credentialless
  Cross-Origin-Resource-Policy: cross-origin
  Access-Control-Allow-Origin: *
HEADERS
  say "dist/ is ready ($(du -sh dist | cut -f1)): upload it as it is"
}

serve() {
  setup serve
  build
  say "Serving www/ (Ctrl-C to stop)"
  PORT=$PORT exec node scripts/serve.mjs --article-port "$((PORT + 1))" "$@"
}

# The test layers, each runnable alone: `./dev.sh test native` while
# working on the core, `./dev.sh test e2e` on the pages; `all` (the
# default, and what CI runs) is every layer in this order.
BROWSER_TESTS=(browser_workloads browser_sync browser_modes browser_layout browser_game)

# One build per `./dev.sh test`, however many stages ask for it.
BUILT=0
ensure_built() {
  if [ "$BUILT" = 0 ]; then
    build
    BUILT=1
  fi
}

test_lint() {
  lint_rust
  ensure_built
  say "Type check of the pages (tsc --checkJs --strict)"
  npx tsc -p tsconfig.json
  say "Formatting of the JavaScript (Prettier, .prettierrc.json; npx prettier --write with the same paths fixes it)"
  npx prettier --check --log-level warn "www/**/*.js" "tests/**/*.mjs" "bench/**/*.{js,mjs}" "scripts/**/*.mjs"
  say "Unit tests of the page's modules in Node (lib/client.js's threads-or-fallback decision)"
  npm run --silent unit
}

test_native() {
  say "Native tests of the core (optimised, with overflow checks and debug assertions: profile.ci)"
  cargo test --profile ci
  check_types_fresh
}

test_wasm() {
  ensure_built
  local tests=()
  for t in "${BROWSER_TESTS[@]}"; do tests+=(--test "$t"); done
  say "Browser tests of the wasm module with a real thread pool (wasm-pack test)"
  RUSTC_BOOTSTRAP=1 wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver --release \
    -- "${tests[@]}" -Z build-std=panic_abort,std
  say "The same wasm tests in Firefox ESR (geckodriver; the build above is reused, ~40 s)"
  RUSTC_BOOTSTRAP=1 wasm-pack test --headless --firefox --geckodriver "$(command -v geckodriver)" --release \
    -- "${tests[@]}" -Z build-std=panic_abort,std
}

test_e2e() {
  ensure_built
  dist
  say "End-to-end tests of the pages (Playwright + Chromium)"
  npm run --silent e2e
}

test_engines() {
  ensure_built
  say "The pages in Chromium, Firefox ESR and WebKitGTK (selenium-webdriver)"
  npm run --silent engines
}

# The benchmark is not timed here, but it must run: at 2 % of its sizes,
# one repetition, every row is produced and every answer must agree (it
# exits 1 otherwise). A syntax slip in bench.mjs once shipped unnoticed.
# (bench/page/ is type-checked with the pages by test_lint's tsc.)
test_bench_smoke() {
  ensure_built
  say "Benchmark smoke run (every row at 2 % of the sizes; answers, not speed; ~1 min)"
  cargo build --release --example native_bench
  python3 -c 'import ast, sys; ast.parse(open(sys.argv[1]).read())' bench/workloads.py
  node bench/bench.mjs --scale 0.02 --reps 1 --no-python --out target/bench-smoke.json >target/bench-smoke.txt 2>&1 \
    || { cat target/bench-smoke.txt; exit 1; }
  tail -n 1 target/bench-smoke.txt
}

run_tests() {
  local stage=${1:-all}
  case $stage in
    lint | native | wasm | e2e | engines | bench | all) ;;
    *) echo "unknown test stage '$stage': use lint, native, wasm, e2e, engines, bench or all" >&2; exit 2 ;;
  esac
  setup
  case $stage in
    lint) test_lint ;;
    native) test_native ;;
    wasm) test_wasm ;;
    e2e) test_e2e ;;
    engines) test_engines ;;
    bench) test_bench_smoke ;;
    all)
      test_lint
      test_native
      test_wasm
      test_e2e
      test_engines
      test_bench_smoke
      ;;
  esac
  say "All tests passed ($stage)"
}

bench() {
  setup bench
  build
  say "Building the native benchmark (bench/native.rs)"
  cargo build --release --example native_bench
  # Native, wasm in headless Chromium, plain-JS workers, Python (when python3
  # is there), platform figures: a table on stdout, everything in bench-results.json.
  say "Benchmark: native, wasm, plain JS workers, Python (8-10 minutes)"
  node bench/bench.mjs "$@"
}

case "${1:-}" in
  setup) setup "${2:-test}" ;;
  build) setup serve; build ;;
  dist) setup serve; build; dist ;;
  serve) shift; serve "$@" ;;
  test) shift; run_tests "$@" ;;
  lint) setup serve; lint_rust; build; npx tsc -p tsconfig.json ;;
  bench) shift; bench "$@" ;;
  *)
 sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
