//! Be the scheduler: a small Python for threaded snippets, run one step at a
//! time, with *you* choosing which thread goes next.
//!
//! # The lesson
//!
//! A threaded Python program does not run its threads "at the same time" in
//! any simple sense: CPython runs one bytecode instruction of one thread,
//! then possibly switches. `counter += 1` is four instructions —
//! `LOAD_GLOBAL counter`, `LOAD_CONST 1`, `BINARY_OP +=`,
//! `STORE_GLOBAL counter` — and a switch between the load and the store lets
//! two threads read the same old value and both write "old + 1": one update
//! is lost. Whether that happens depends only on the *order* in which the
//! threads' steps run. Here you pick that order. Every level is a program
//! that is correct under most orders; your job is to find an order that
//! breaks it, then to fix the program so that no order can.
//!
//! A program is broken by an order of steps when (see [`GameOutcome`]):
//! - an `assert` fails, or any exception escapes a thread (releasing an
//!   unlocked Lock raises RuntimeError, a BoundedSemaphore released too often
//!   raises ValueError, ...);
//! - threads wait for each other in a cycle that no order of steps can
//!   break — a **deadlock** — even while other threads still run (a cycle
//!   through a plain Lock counts only if no other thread can ever release
//!   it: a Lock has no owner, see [`deadlock`]); or nobody can ever move
//!   again (a **hang**: everyone waits for a notify, an event or a queue
//!   item that never comes);
//! - every thread finishes, but the globals differ from what running the
//!   threads one at a time gives — a **lost update** ([`serial_results`]
//!   says exactly what "one at a time" means).
//!
//! The [`search`](mod@search) module plays every order for you: it finds the *shortest*
//! breaking schedule, or proves that no schedule (within the stated bounds)
//! breaks the program — which is how each level's fixed version is checked.
//! Where the shortest break is too deep for that, [`bounded`] finds one
//! with the *fewest preemptions* (switches away from a thread that could
//! have gone on).
//!
//! # The Python subset
//!
//! Module-level code and `def` functions (no nested functions; lambdas may
//! use their parameters and globals), `global`, ints (64-bit), bools,
//! strings and f-strings, `None`, lists, tuples and dicts, `+ - * // %`,
//! comparisons, `in`, `is`, `and or not`, `x if c else y`, assignment
//! (also `a, b = ...`) and augmented assignment, subscripts, `if/elif/else`,
//! `while`, `for ... in` (ranges, lists, tuples, dicts, strings), `break`,
//! `continue`, `pass`, `return`, `assert`, `print`, `raise`,
//! `try/except/else/finally`, `with`. Modules: `threading` (`Thread`,
//! `Lock`, `RLock`, `Semaphore`, `BoundedSemaphore`, `Event`, `Condition`,
//! `Barrier`, `BrokenBarrierError`, `current_thread`), `queue` (`Queue`,
//! `Empty`, `Full`) and `time` (`sleep` — only a place to switch). Names
//! are resolved before the program runs, so a typo is reported with its
//! line and column instead of surfacing as a NameError mid-game.
//! Everything else — classes, floats, slices, comprehensions, timeouts,
//! daemon threads — is refused with an error that says so.
//!
//! The parser ([`front`], building [`ast`]) takes the whole language the
//! tutorials use, for the runner too; what the model lacks is refused
//! before compiling by [`subset`], with the message and the position the
//! game gave when its parser knew only the subset.
//!
//! # Semantics
//!
//! Primitives behave as CPython documents them, errors included (see
//! [`primitives`]). Each statement compiles to the bytecode CPython 3.12
//! would run for it ([`compile`]), each step with its source span, so a
//! player can step a whole statement ([`Granularity::Statement`]) or single
//! instructions ([`Granularity::Bytecode`]). A thread parked in
//! `Condition.wait` may be woken without a notify by the scheduler
//! ([`Choice::Wake`]): that is the spurious wakeup the documentation warns
//! about, and why `while not ready: cv.wait()` is right where `if` is not.
//! Timeouts are not modelled: with them the outcome would depend on time,
//! not on the order of steps.
//!
//! # Where threads may switch
//!
//! By default the scheduler may switch threads between *any* two bytecode
//! instructions. That is what free-threaded CPython (3.13t and later) and
//! CPython ≤ 3.9 do. CPython 3.10 and later with the GIL hand the GIL over
//! only at a backward jump (the end of a loop body) or a call — and when a
//! thread blocks (bpo-29988) — so there `counter += 1` with no call in it
//! never loses an update. [`State::new_with`]`(program, true)` models that:
//! a choice that would switch threads anywhere else is not offered (nor
//! replayed, nor explored by the solver), and the counter level becomes
//! unbreakable.
//!
//! # API
//!
//! ```
//! use threadlab::interleave::{Program, Machine, Choice, Granularity, search, SearchOptions};
//! use std::sync::atomic::AtomicBool;
//!
//! let src = "\
//! import threading
//! counter = 0
//! def work():
//!     global counter
//!     counter += 1
//! t1 = threading.Thread(target=work)
//! t2 = threading.Thread(target=work)
//! t1.start(); t2.start()
//! t1.join(); t2.join()
//! ";
//! let program = Program::parse(src).unwrap();
//! let state = Machine::new(&program).unwrap();
//! // Step the main thread one statement.
//! let state = state.step(&program, Choice::Run(0), Granularity::Statement).unwrap();
//! assert_eq!(state.view(&program).threads[0].line, 2);
//! // Ask the solver for the shortest schedule that breaks the program.
//! let report = search(&program, &state, &SearchOptions::default(), &AtomicBool::new(false));
//! assert_eq!(report.verdict.outcome().unwrap().kind(), "lost-update");
//! ```
//!
//! What a page calls:
//!
//! | call | gives |
//! |---|---|
//! | [`Program::parse`]`(src)` | a program, or a [`ParseError`] with line and column |
//! | [`Program::listing`] | every function's steps, named like `dis`, with spans |
//! | [`Machine::new`]`(&program)` | the first [`State`] |
//! | [`State::new_with`]`(&program, true)` | the first state, threads switching only where CPython ≥ 3.10 with the GIL would |
//! | [`State::runnable_choices`]`(&program)` | who may go next ([`Choice::Run`], [`Choice::Wake`]) |
//! | [`State::step`]`(&program, choice, granularity)` | the next state (the old one is unchanged: Undo) |
//! | [`State::step_expanded`] | the same, plus the bytecode steps taken (for share links) |
//! | [`State::outcome`]`(&program)` | running, finished, or how it broke ([`GameOutcome`]) |
//! | [`State::view`]`(&program)` | threads, lines, next steps, globals, locks, waits, output ([`View`]) |
//! | [`replay`]`(&program, &choices)`, [`encode_schedule`], [`decode_schedule`] | share links |
//! | [`search`](fn@search)`(&program, &state, &options, &cancel)` | shortest (or fewest-preemption, [`Strategy`]) breaking schedule, or proof ([`SearchReport`]) |
//! | [`preemptions`]`(&program, &start, running, &schedule, granularity)` | a schedule's preemptions |
//! | [`hint`]`(&program, &state, &cancel)` | the next step of a shortest breaking schedule |
//! | [`levels`](), [`level`]`(id)` | the game's levels |
//!
//! Everything the page needs is [`serde::Serialize`]. The machine is pure
//! and deterministic: [`replay`] of the same choices always gives the same
//! state, so Undo, share links and the solver run the same code.
//!
//! # Limits
//!
//! Stated as constants and enforced with errors that name them:
//! [`MAX_SOURCE_BYTES`], [`MAX_SOURCE_LINES`], [`MAX_INSTRUCTIONS`],
//! [`MAX_THREADS`] (main + 4), [`MAX_GAME_STEPS`] per run, [`MAX_CALL_DEPTH`],
//! [`MAX_HEAP_OBJECTS`], [`MAX_COLLECTION_LEN`], and for the solver
//! [`MAX_SEARCH_STATES`] and [`MAX_SEARCH_DEPTH`].

use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde::Serialize;
use ts_rs::TS;

pub mod ast;
pub(crate) mod bounded;
pub(crate) mod compile;
pub(crate) mod deadlock;
pub(crate) mod fingerprint;
pub mod front;
pub mod game;
pub(crate) mod levels;
pub(crate) mod machine;
pub(crate) mod outcome;
pub(crate) mod primitives;
pub mod runner;
pub(crate) mod search;
pub(crate) mod shared;
pub(crate) mod subset;
pub(crate) mod value;

pub use bounded::preemptions;
pub use front::parse_module;
pub use levels::{level, levels, Level};
pub use machine::{Choice, Granularity, State, StepError, StepErrorKind};
pub use outcome::{
    serial_results, GameOutcome, GameWaitEdge, GlobalView, ObjectView, OutputLine, ThreadView, View,
};
pub use search::{
    hint, hint_with, search, Promise, SearchOptions, SearchReport, StopFlag, Strategy, Verdict,
};
pub use value::Tid;

/// Largest program accepted, in bytes.
pub const MAX_SOURCE_BYTES: usize = 16 * 1024;
/// Largest program accepted, in lines.
pub const MAX_SOURCE_LINES: usize = 400;
/// Most bytecode instructions a program may compile to.
pub const MAX_INSTRUCTIONS: usize = 8_000;
/// Most threads, the main thread included: main + 4.
pub const MAX_THREADS: usize = 5;
/// Most bytecode steps in one run (a step, or a replay, beyond this fails).
pub const MAX_GAME_STEPS: u32 = 20_000;
/// Deepest nesting of calls.
pub const MAX_CALL_DEPTH: usize = 64;
/// Most objects (lists, dicts, locks, threads, ...) one run may create.
pub const MAX_HEAP_OBJECTS: usize = 2_000;
/// Longest list, dict, queue or range.
pub const MAX_COLLECTION_LEN: usize = 10_000;
/// Longest string.
pub const MAX_STR_LEN: usize = 100_000;
/// Most lines of printed output kept.
pub const MAX_OUTPUT_LINES: usize = 1_000;
/// Most distinct states the solver visits before it gives up (the default
/// is lower: [`SearchOptions::default`]).
pub const MAX_SEARCH_STATES: usize = 20_000_000;
/// Longest schedule (in bytecode steps) the solver looks at.
pub const MAX_SEARCH_DEPTH: u32 = MAX_GAME_STEPS;
/// Most states explored to find the serial results (see
/// [`serial_results`]).
pub const MAX_SERIAL_STATES: usize = 200_000;

/// A region of the source: 1-based lines and columns (columns count
/// characters), end exclusive.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, TS)]
#[ts(export, rename = "GameSpan")]
pub struct SourceSpan {
    /// First line (1-based).
    pub line: u32,
    /// First column (1-based, in characters).
    pub col: u32,
    /// Last line.
    pub end_line: u32,
    /// Column just past the end (exclusive).
    pub end_col: u32,
}

/// Which of CPython's compile-time errors a [`ParseError`] is: the class
/// name CPython prints before the message.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export, rename = "GameSyntaxKind")]
pub enum SyntaxKind {
    /// A plain syntax error (the default).
    #[default]
    SyntaxError,
    /// A block that is missing, or indented where none may start.
    IndentationError,
    /// Tabs and spaces mixed so that the indentation's meaning depends on
    /// the tab width.
    TabError,
    /// Not CPython's: valid Python this engine does not run (an import it
    /// cannot serve, a construct outside the game's subset, a size limit).
    Unsupported,
}

impl SyntaxKind {
    /// The class name CPython prints, e.g. `IndentationError`.
    pub fn name(self) -> &'static str {
        match self {
            SyntaxKind::SyntaxError => "SyntaxError",
            SyntaxKind::IndentationError => "IndentationError",
            SyntaxKind::TabError => "TabError",
            SyntaxKind::Unsupported => "Unsupported",
        }
    }
}

/// Why a program was refused, and where: 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export, rename = "GameParseError")]
pub struct ParseError {
    /// Line of the error (1-based).
    pub line: u32,
    /// Column of the error (1-based).
    pub col: u32,
    /// What is wrong, in CPython's words where CPython has words for it.
    pub message: String,
    /// Which error class to print before the message.
    pub kind: SyntaxKind,
}

impl ParseError {
    /// A `SyntaxError` (or a refusal) at `line`:`col`.
    pub fn new(line: u32, col: u32, message: impl Into<String>) -> ParseError {
        ParseError {
            line,
            col,
            message: message.into(),
            kind: SyntaxKind::SyntaxError,
        }
    }

    /// Valid Python refused by this engine: see [`SyntaxKind::Unsupported`].
    pub fn unsupported(line: u32, col: u32, message: impl Into<String>) -> ParseError {
        ParseError::new(line, col, message).as_kind(SyntaxKind::Unsupported)
    }

    /// What a reader is told: `IndentationError: unexpected indent` as
    /// CPython prints it, or only the sentence for a refusal.
    pub fn describe(&self) -> String {
        match self.kind {
            SyntaxKind::Unsupported => self.message.clone(),
            k => format!("{}: {}", k.name(), self.message),
        }
    }

    /// The same error as another class (`IndentationError`, `TabError`).
    pub fn as_kind(mut self, kind: SyntaxKind) -> ParseError {
        self.kind = kind;
        self
    }
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}:{}: {}", self.line, self.col, self.message)
    }
}

impl std::error::Error for ParseError {}

/// The final globals (name, repr) of every serial run: see
/// [`serial_results`].
pub type SerialResults = BTreeSet<Vec<(String, String)>>;

/// A parsed and compiled program. Immutable; share it between threads.
#[derive(Debug)]
pub struct Program {
    source: String,
    pub(crate) compiled: compile::Compiled,
    serial: OnceLock<Option<SerialResults>>,
}

impl Program {
    /// Parses and compiles `src`, or says what is wrong and where.
    pub fn parse(src: &str) -> Result<Program, ParseError> {
        if src.len() > MAX_SOURCE_BYTES {
            return Err(ParseError::unsupported(
                1,
                1,
                format!(
                    "the program is {} bytes; this model takes at most {MAX_SOURCE_BYTES}",
                    src.len()
                ),
            ));
        }
        let lines = src.lines().count();
        if lines > MAX_SOURCE_LINES {
            return Err(ParseError::unsupported(
                MAX_SOURCE_LINES as u32 + 1,
                1,
                format!(
                    "the program has {lines} lines; this model takes at most {MAX_SOURCE_LINES}"
                ),
            ));
        }
        let ast = front::parse_module(src)?;
        let compiled = compile::compile(src, &ast)?;
        let n: usize = compiled.codes.iter().map(|c| c.instrs.len()).sum();
        if n > MAX_INSTRUCTIONS {
            return Err(ParseError::unsupported(
                1,
                1,
                format!(
                    "the program compiles to {n} steps; this model takes at most {MAX_INSTRUCTIONS}"
                ),
            ));
        }
        Ok(Program {
            source: src.to_string(),
            compiled,
            serial: OnceLock::new(),
        })
    }

    /// The program's text, as it was parsed.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The compiled code of every function (0 is the module), each step
    /// named like `dis` with its source span: for a "show the bytecode"
    /// panel.
    pub fn listing(&self) -> Vec<CodeListing> {
        self.compiled
            .codes
            .iter()
            .filter(|c| !c.internal)
            .map(|c| CodeListing {
                name: c.name.clone(),
                steps: c
                    .instrs
                    .iter()
                    .map(|i| StepListing {
                        text: i.text.clone(),
                        span: i.span,
                        statement_start: i.stmt_start,
                    })
                    .collect(),
            })
            .collect()
    }
}

/// One function's compiled steps, for the "show the bytecode" panel.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export, rename = "GameCodeListing")]
pub struct CodeListing {
    /// The function's name (`<module>` for the module's code).
    pub name: String,
    /// Its steps in order.
    pub steps: Vec<StepListing>,
}

/// One compiled step of a function.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export, rename = "GameStepListing")]
pub struct StepListing {
    /// The step named like `dis` prints it (`LOAD_GLOBAL counter`).
    pub text: String,
    /// The source it came from, for highlighting.
    pub span: SourceSpan,
    /// Whether it starts a statement (statement-sized moves stop here).
    pub statement_start: bool,
}

/// Builds initial states.
pub struct Machine;

impl Machine {
    /// The state before the first step. (Never fails today; a `Result` so
    /// that start-up limits can be added without changing callers.)
    // `Machine` is only a namespace: the machine's state is a `State` value.
    #[allow(clippy::new_ret_no_self)]
    pub fn new(program: &Program) -> Result<State, StepError> {
        Ok(State::new(program))
    }
}

/// A replay that could not be completed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReplayError {
    /// Index of the choice that failed.
    pub index: usize,
    /// Why that choice could not be taken.
    pub error: StepError,
}

impl std::fmt::Display for ReplayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "step {}: {}", self.index + 1, self.error)
    }
}

/// The state after taking `choices` (bytecode steps) from the start.
pub fn replay(program: &Program, choices: &[Choice]) -> Result<State, ReplayError> {
    replay_with(program, false, choices)
}

/// [`replay`] with threads switching only where CPython ≥ 3.10 with the
/// GIL would (`gil_switch_points`, see [`State::new_with`]): a choice that
/// switches threads anywhere else does not replay.
pub fn replay_with(
    program: &Program,
    gil_switch_points: bool,
    choices: &[Choice],
) -> Result<State, ReplayError> {
    let mut s = State::new_with(program, gil_switch_points);
    for (index, c) in choices.iter().enumerate() {
        s.step_in_place(program, *c, Granularity::Bytecode, &mut |_| {})
            .map_err(|error| ReplayError { index, error })?;
    }
    Ok(s)
}

/// A schedule as text for a share link: `0,0,1,w2,1`.
pub fn encode_schedule(choices: &[Choice]) -> String {
    choices
        .iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// Reads [`encode_schedule`]'s text back.
pub fn decode_schedule(text: &str) -> Result<Vec<Choice>, String> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    text.split(',').map(|p| p.parse()).collect()
}
