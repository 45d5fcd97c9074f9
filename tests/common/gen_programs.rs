//! Small random threaded programs for the scheduler game, as Python source
//! text: 2–3 threads (the main thread is one of them), a handful of
//! statements over two shared ints and a few primitives. No loops, so every
//! schedule ends; small, so that every schedule can be enumerated.
//!
//! Included by test files with `#[path]`.

/// xorshift64* (Vigna): a seeded generator with no dependency, so the same
/// seed gives the same programs on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        // Zero is xorshift's one fixed point; mix the seed so that small
        // seeds (0, 1, 2...) give unrelated streams.
        Rng((seed ^ 0x9E37_79B9_7F4A_7C15).wrapping_mul(0xBF58_476D_1CE4_E5B9) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() >> 33) as usize % n
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// A statement that takes no lock and cannot block.
fn simple(r: &mut Rng) -> String {
    match r.below(7) {
        0 | 1 => format!("{} += 1", r.pick(&["x", "y"])),
        2 => "y = x + 1".into(),
        3 => "x = y".into(),
        4 => "assert x <= 1".into(),
        5 => "if x == 0:\n    y = 1".into(),
        _ => "x = x * 2".into(),
    }
}

fn indent(text: &str, by: &str) -> String {
    text.lines()
        .map(|l| format!("{by}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// One statement (maybe several lines), unindented, and its size in
/// "units" (a simple statement is 1; each `with` adds 1).
fn statement(r: &mut Rng, tiny: bool) -> (String, usize) {
    if tiny {
        return (tiny_statement(r), 1);
    }
    let s = match r.below(20) {
        0..=4 => return (simple(r), 1),
        5..=7 => format!(
            "with {}:\n{}",
            r.pick(&["a", "b", "r"]),
            indent(&simple(r), "    ")
        ),
        8..=10 => {
            let (o, i) = if r.below(2) == 0 {
                ("a", "b")
            } else {
                ("b", "a")
            };
            return (
                format!(
                    "with {o}:\n    with {i}:\n{}",
                    indent(&simple(r), "        ")
                ),
                3,
            );
        }
        11 => return (format!("{}.acquire()", r.pick(&["a", "b", "r"])), 1),
        12 => return (format!("{}.release()", r.pick(&["a", "b", "r"])), 1),
        13 => return ("s.release()".into(), 1),
        14 => return ("s.acquire()".into(), 1),
        15 => return ("e.set()".into(), 1),
        16 => return ("e.wait()".into(), 1),
        17 => "with c:\n    y = 1\n    c.notify()".into(),
        // An `if`-style wait: a spurious wakeup (the scheduler's Wake)
        // gets past it before anyone has set y.
        18 => "with c:\n    c.wait()\n    assert y > 0".into(),
        _ => return ("with r:\n    with r:\n        x += 1".into(), 3),
    };
    (s, 2)
}

/// A statement of at most ~5 bytecode steps: at bytecode granularity the
/// schedules of two threads of n steps each number C(2n, n), so these
/// must stay short.
fn tiny_statement(r: &mut Rng) -> String {
    match r.below(14) {
        0..=6 => r
            .pick(&["x += 1", "y += 1", "y = x + 1", "x = y", "assert x <= 1"])
            .into(),
        7 | 8 => format!("{}.acquire()", r.pick(&["a", "r"])),
        9 => format!("{}.release()", r.pick(&["a", "r"])),
        10 => "s.release()".into(),
        11 => "s.acquire()".into(),
        12 => "e.set()".into(),
        _ => "e.wait()".into(),
    }
}

/// Statements until `units` are used up (at least one statement).
fn body(r: &mut Rng, units: usize, tiny: bool) -> String {
    let mut out = Vec::new();
    let mut left = 1 + r.below(units);
    while left > 0 {
        let (s, n) = statement(r, tiny);
        if n > left && !out.is_empty() {
            continue;
        }
        out.push(s);
        left = left.saturating_sub(n);
    }
    out.join("\n")
}

/// How big the generated programs are.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Threads besides the main thread: 1 to this many.
    pub max_workers: usize,
    /// Each thread's statements add up to 1 to this many units (with 3
    /// threads, one unit less).
    pub units: usize,
    /// Only statements of a few bytecode steps (see [`tiny_statement`]).
    pub tiny: bool,
}

/// A program: 1–`max_workers` threads besides the main thread, which
/// makes and starts them and then runs statements of its own. The main
/// thread does not join, so that join steps do not multiply the
/// schedules; a run still ends only when every thread has (CPython, too,
/// waits for non-daemon threads at exit).
pub fn program(seed: u64, shape: Shape) -> String {
    let mut r = Rng::new(seed);
    let workers = 1 + r.below(shape.max_workers);
    let units = if workers == 1 {
        shape.units
    } else {
        shape.units.saturating_sub(1).max(1)
    };
    let tiny = shape.tiny;
    let mut src = String::from(
        "import threading\nx = 0\ny = 0\na = threading.Lock()\nb = threading.Lock()\n\
         r = threading.RLock()\ns = threading.Semaphore(0)\ne = threading.Event()\n\
         c = threading.Condition()\n",
    );
    for w in 1..=workers {
        src += &format!(
            "\n\ndef f{w}():\n    global x, y\n{}\n",
            indent(&body(&mut r, units, tiny), "    ")
        );
    }
    src += "\n\n";
    // Threads are made before any starts, so that only the `start` calls
    // run alongside the first worker.
    for w in 1..=workers {
        src += &format!("t{w} = threading.Thread(target=f{w})\n");
    }
    for w in 1..=workers {
        src += &format!("t{w}.start()\n");
    }
    src += &body(&mut r, units, tiny);
    src += "\n";
    src
}
