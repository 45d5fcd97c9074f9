//! The Compare button's harness: the reader's own functions, run four ways.
//!
//! # The lesson
//!
//! The tutorials print one table: a CPU-bound job and an I/O-bound job, each
//! run one call after another, on a thread pool, and on a process pool. The
//! Python page rebuilds that table from the reader's pasted program. It
//! cannot run the program's own comparison (its `main` may time things its
//! own way, or not at all), so it asks which function is the CPU-bound task
//! and which the I/O-bound one, and runs each under a harness of ours:
//! sequentially, on a `ThreadPoolExecutor` (once with the GIL, once without
//! it: the run's `GilMode`, not the harness, makes that difference) and on a
//! `ProcessPoolExecutor`. The harness times the calls with
//! `time.perf_counter()` (the run's own clock, so the times line up with the
//! timeline) and prints them on one marked line.
//!
//! # What of the program runs
//!
//! Only what defines things: imports, `def`, `class` and assignments at the
//! top level. Everything else there — the program's own timing loop, its
//! `if __name__ == "__main__":` block, prints — becomes blank lines, so line
//! numbers in tracebacks stay the program's own, and [`Harness::skipped`]
//! says which lines the page should name as not run.

use serde::{Deserialize, Serialize};

use crate::interleave::ast::{ExprKind, Stmt, StmtKind};
use crate::interleave::ParseError;

/// The marker at the start of the harness's one line of results:
/// `[threadlab-compare] START END CALLS` (seconds of the run's clock).
pub const MARKER: &str = "[threadlab-compare]";

/// Most pool workers a comparison asks for.
pub const MAX_WORKERS: u32 = 16;

/// A top-level function the harness could call with one argument.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskFunction {
    /// Its name, as the page offers it.
    pub name: String,
    /// The line of its `def`.
    pub line: u32,
    /// Its parameters' names.
    pub params: Vec<String>,
    /// Whether its text calls `sleep(`: a guess at "I/O-bound" for the
    /// page's default pick, nothing more.
    pub sleeps: bool,
}

/// The program's top-level functions that take one positional argument
/// (one required parameter, or none required and at least one there).
pub fn task_functions(src: &str) -> Result<Vec<TaskFunction>, ParseError> {
    let ast = crate::interleave::parse_module(src)?;
    let lines: Vec<&str> = src.lines().collect();
    let ranges = statement_lines(&ast, lines.len() as u32);
    let mut out = Vec::new();
    for (stmt, (from, to)) in ast.iter().zip(&ranges) {
        let StmtKind::Def {
            name,
            params,
            is_async: false,
            ..
        } = &stmt.kind
        else {
            continue;
        };
        let required = params.args.iter().filter(|p| p.default.is_none()).count();
        let required_kw = params.kwonly.iter().filter(|p| p.default.is_none()).count();
        let one_arg = required <= 1 && (!params.args.is_empty() || params.vararg.is_some());
        if !one_arg || required_kw > 0 {
            continue;
        }
        let text = &lines[(*from as usize - 1).min(lines.len())..(*to as usize).min(lines.len())];
        out.push(TaskFunction {
            name: name.clone(),
            line: stmt.span.line,
            params: params.names(),
            sleeps: text.iter().any(|l| l.contains("sleep(")),
        });
    }
    Ok(out)
}

/// How the harness calls the task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Setting {
    /// One call after another, on the main thread.
    Sequential,
    /// `ThreadPoolExecutor.map` (with or without the GIL: the run decides).
    Threads,
    /// `ProcessPoolExecutor.map`.
    Processes,
}

/// What to run: `function` applied to each of `inputs` (a Python expression
/// evaluated in the program, so it may name the program's own list).
#[derive(Debug, Clone, Deserialize)]
pub struct HarnessRequest {
    /// The user's program.
    pub source: String,
    /// The top-level function to call once per input.
    pub function: String,
    /// A Python expression for the inputs (evaluated after the program's own top level).
    pub inputs: String,
    /// How the calls run: one after another, threads, or processes.
    pub setting: Setting,
    /// Pool size for the threads and processes settings.
    pub workers: u32,
}

/// The program to run, and the top-level lines it leaves out.
#[derive(Debug, Clone, Serialize)]
pub struct Harness {
    /// The program with the harness appended (what actually runs).
    pub source: String,
    /// Inclusive 1-based line ranges of top-level code that was blanked.
    pub skipped: Vec<(u32, u32)>,
}

/// Why a harness could not be built, and which field of the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HarnessError {
    /// "source", "function", "inputs" or "workers".
    pub field: &'static str,
    /// Line of the problem, 0 when the field is not source code.
    pub line: u32,
    /// Column of the problem, 0 when the field is not source code.
    pub col: u32,
    /// What is wrong, in a sentence for the page.
    pub message: String,
}

fn refuse(field: &'static str, message: String) -> HarnessError {
    HarnessError {
        field,
        line: 0,
        col: 0,
        message,
    }
}

/// The reader's definitions and a harness that runs `function` over
/// `inputs` as `setting` says, printing one [`MARKER`] line.
pub fn harness(req: &HarnessRequest) -> Result<Harness, HarnessError> {
    let parse_error = |e: ParseError| HarnessError {
        field: "source",
        line: e.line,
        col: e.col,
        message: e.message,
    };
    let ast = crate::interleave::parse_module(&req.source).map_err(parse_error)?;
    let functions = task_functions(&req.source).map_err(parse_error)?;
    if !functions.iter().any(|f| f.name == req.function) {
        return Err(refuse(
            "function",
            format!(
                "the program has no top-level function {:?} that takes one argument",
                req.function
            ),
        ));
    }
    check_inputs(&req.inputs)?;
    if !(1..=MAX_WORKERS).contains(&req.workers) {
        return Err(refuse(
            "workers",
            format!("workers: from 1 to {MAX_WORKERS} (got {})", req.workers),
        ));
    }
    let mut lines: Vec<String> = req.source.lines().map(str::to_string).collect();
    let ranges = statement_lines(&ast, lines.len() as u32);
    let mut skipped: Vec<(u32, u32)> = Vec::new();
    for (stmt, &(from, to)) in ast.iter().zip(&ranges) {
        if defines(stmt) || from > to {
            continue;
        }
        // Statements sharing a line (`a = 1; print(a)`) share a range: the
        // line goes if any of them does.
        for line in &mut lines[from as usize - 1..to as usize] {
            line.clear();
        }
        match skipped.last_mut() {
            Some(last) if last.1 + 1 >= from => last.1 = last.1.max(to),
            _ => skipped.push((from, to)),
        }
    }
    let mut source = lines.join("\n");
    source.push_str(&harness_code(req));
    Ok(Harness { source, skipped })
}

/// The inputs must be one Python expression on one line.
fn check_inputs(inputs: &str) -> Result<(), HarnessError> {
    let inputs = inputs.trim();
    if inputs.is_empty() {
        return Err(refuse(
            "inputs",
            "the inputs are empty: give a Python list, e.g. [200_000] * 4".into(),
        ));
    }
    if inputs.contains('\n') || inputs.contains('\r') {
        return Err(refuse("inputs", "the inputs must fit on one line".into()));
    }
    crate::interleave::parse_module(&format!("__inputs = ({inputs})\n")).map_err(|e| {
        HarnessError {
            field: "inputs",
            line: 0,
            col: e.col.saturating_sub(13),
            message: format!("the inputs are not a Python expression: {}", e.message),
        }
    })?;
    Ok(())
}

/// Whether a top-level statement only defines something (and so is kept).
fn defines(stmt: &Stmt) -> bool {
    match &stmt.kind {
        StmtKind::Import(_)
        | StmtKind::ImportFrom(..)
        | StmtKind::Def { .. }
        | StmtKind::Class { .. }
        | StmtKind::Assign(..)
        | StmtKind::AnnAssign(..)
        | StmtKind::Pass => true,
        // A docstring.
        StmtKind::Expr(e) => matches!(e.kind, ExprKind::Str(_)),
        _ => false,
    }
}

/// Each top-level statement's lines, first to last (inclusive): from its
/// first line (a decorator's, for a decorated definition) to the line
/// before the next statement, or the end of the source. Comments and blank
/// lines after a statement go with it.
fn statement_lines(ast: &[Stmt], last_line: u32) -> Vec<(u32, u32)> {
    let starts: Vec<u32> = ast.iter().map(first_line).collect();
    starts
        .iter()
        .enumerate()
        .map(|(i, &from)| {
            let to = match starts.get(i + 1) {
                // `a = 1; b = 2`: the next statement starts on this line.
                Some(&next) if next == from => from,
                Some(&next) => next - 1,
                None => last_line.max(from),
            };
            (from, to)
        })
        .collect()
}

fn first_line(stmt: &Stmt) -> u32 {
    let decorators = match &stmt.kind {
        StmtKind::Def { decorators, .. } | StmtKind::Class { decorators, .. } => {
            decorators.first().map(|d| d.span.line)
        }
        _ => None,
    };
    decorators.unwrap_or(stmt.span.line).min(stmt.span.line)
}

fn harness_code(req: &HarnessRequest) -> String {
    let (import, calls) = match req.setting {
        Setting::Sequential => (
            String::new(),
            "    results = [task(x) for x in inputs]\n".to_string(),
        ),
        Setting::Threads | Setting::Processes => {
            let pool = if req.setting == Setting::Threads {
                "ThreadPoolExecutor"
            } else {
                "ProcessPoolExecutor"
            };
            (
                format!("    from concurrent.futures import {pool}\n"),
                format!(
                    "    with {pool}(max_workers={}) as pool:\n        results = list(pool.map(task, inputs))\n",
                    req.workers
                ),
            )
        }
    };
    format!(
        "\n\n\n# threadlab's Compare harness: {setting:?}\n\
         def __threadlab_compare():\n\
         \x20   import time\n\
         {import}\
         \x20   task = {function}\n\
         \x20   inputs = list({inputs})\n\
         \x20   start = time.perf_counter()\n\
         {calls}\
         \x20   end = time.perf_counter()\n\
         \x20   print({marker:?}, start, end, len(results))\n\
         \n\n\
         if __name__ == \"__main__\":\n\
         \x20   __threadlab_compare()\n",
        setting = req.setting,
        function = req.function,
        inputs = req.inputs.trim(),
        marker = MARKER,
    )
}
