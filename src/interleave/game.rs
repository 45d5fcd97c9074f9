//! The game's requests and replies: what the page's "Be the scheduler"
//! sends and gets back, as plain values, so the wasm layer only converts.
//!
//! Every request carries the program's source and the schedule played so
//! far (bytecode steps, [`encode_schedule`]'s text). Nothing is kept between
//! calls: the state is a [`replay`](super::replay) of the schedule, which is cheap for the
//! programs the game holds (a few hundred steps) and means Undo, Reset, a
//! share link and a worker restart all work the same way — the page keeps
//! the schedule, the machine recomputes the state.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::search::StopFlag;
use super::{
    decode_schedule, encode_schedule, preemptions, replay_with, search, Choice, CodeListing,
    Granularity, ParseError, Program, SearchOptions, SearchReport, State, Strategy, View,
    MAX_SEARCH_STATES,
};
use crate::reply::Reply;

/// A program and the schedule played on it so far.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct GameRequest {
    /// The Python program, as typed.
    pub source: String,
    /// Bytecode steps from the start, e.g. `0,0,1,w2` (empty: the start).
    #[serde(default)]
    pub schedule: String,
    /// Switch threads only where CPython ≥ 3.10 with the GIL would (at
    /// backward jumps, calls and blocking calls); default: anywhere.
    #[serde(default)]
    #[ts(optional)]
    pub gil_switch_points: Option<bool>,
}

/// The answer to "is this program fine?": a parse error with its line and
/// column, or the steps each function compiles to.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct GameChecked {
    /// Why the program was refused, if it was.
    pub error: Option<ParseError>,
    /// Each function's steps (empty when refused).
    pub listing: Vec<CodeListing>,
}

/// One thing the scheduler may do next, ready for a button.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct GameMove {
    /// The schedule text of this move: `1`, or `w1` for a wakeup.
    pub code: String,
    /// The thread it moves.
    pub thread: u8,
    /// A spurious wakeup of a thread parked in `Condition.wait`.
    pub wake: bool,
}

/// A state as the page draws it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct GameState {
    /// Bytecode steps from the start that reach this state.
    pub schedule: String,
    /// Threads, globals, objects and output, as drawn.
    pub view: View,
    /// What the player may do next (one button each).
    pub moves: Vec<GameMove>,
    /// A short sentence for the outcome ("running", "thread 1 deadlocked…").
    pub summary: String,
    /// Whether the program is broken here (the player has won the level).
    pub breaking: bool,
    /// With GIL switch points: the thread that must go next (it is not at
    /// a switch point), so the others' moves are left out.
    pub gil_holder: Option<u8>,
    /// Preemptions in the schedule so far: switches away from a thread
    /// that could have gone on (see [`super::bounded`]).
    pub preemptions: u32,
}

/// One step: `choice` (`1` or `w1`) by a statement, or by one bytecode step
/// when `expand`.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct GameStepRequest {
    /// The Python program, as typed.
    pub source: String,
    /// Steps already taken (see [`GameRequest::schedule`]).
    #[serde(default)]
    pub schedule: String,
    /// The move to make: a thread number, or `w` and one for a wakeup.
    pub choice: String,
    /// Take one bytecode step instead of running to the next statement.
    #[serde(default)]
    pub expand: bool,
    /// Switch threads only where CPython ≥ 3.10 with the GIL would (at
    /// backward jumps, calls and blocking calls); default: anywhere.
    #[serde(default)]
    #[ts(optional)]
    pub gil_switch_points: Option<bool>,
}

/// What to search, from the state the schedule reaches.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct GameSearchRequest {
    /// The Python program, as typed.
    pub source: String,
    /// Steps already taken: the search starts where they lead.
    #[serde(default)]
    pub schedule: String,
    /// Statement steps are coarser and faster; bytecode is the ground truth.
    #[serde(default)]
    pub statements: bool,
    /// Let the solver try spurious wakeups of `Condition.wait` (default on:
    /// real condition variables may wake without a notify).
    #[serde(default = "yes")]
    pub spurious_wakeups: bool,
    /// State budget, 1 ..= [`MAX_SEARCH_STATES`].
    pub max_states: f64,
    /// Also search on one thread first, for the speedup.
    #[serde(default)]
    pub compare: bool,
    /// Which search: default [`Strategy::Auto`] (shortest while cheap,
    /// then fewest preemptions).
    #[serde(default)]
    #[ts(optional)]
    pub strategy: Option<Strategy>,
    /// Switch threads only where CPython ≥ 3.10 with the GIL would (at
    /// backward jumps, calls and blocking calls); default: anywhere.
    #[serde(default)]
    #[ts(optional)]
    pub gil_switch_points: Option<bool>,
}

fn yes() -> bool {
    true
}

/// The solver's answer.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct GameSearchDone {
    /// The run on the pool (or on one thread, without a pool).
    pub report: SearchReport,
    /// The same search on one thread, when `compare` was asked.
    pub sequential: Option<SearchReport>,
    /// For a break: the whole schedule from the start (bytecode), ready to
    /// replay or share.
    pub schedule: Option<String>,
    /// For a break: the first move of the shortest breaking schedule (the
    /// hint).
    pub first: Option<GameMove>,
}

fn game_move(c: Choice) -> GameMove {
    GameMove {
        code: c.to_string(),
        thread: c.thread(),
        wake: matches!(c, Choice::Wake(_)),
    }
}

/// Parses `source`, reporting a refusal as a value.
pub fn check(source: &str) -> GameChecked {
    match Program::parse(source) {
        Ok(p) => GameChecked {
            error: None,
            listing: p.listing(),
        },
        Err(error) => GameChecked {
            error: Some(error),
            listing: Vec::new(),
        },
    }
}

/// The program and the state `schedule` reaches, or an `invalid` reply.
fn load<T>(
    source: &str,
    schedule: &str,
    gil_switch_points: Option<bool>,
) -> Result<(Program, Vec<Choice>, State), Reply<T>> {
    let program = Program::parse(source).map_err(|e| Reply::invalid("source", e.to_string()))?;
    let choices = decode_schedule(schedule).map_err(|e| Reply::invalid("schedule", e))?;
    let state = replay_with(&program, gil_switch_points.unwrap_or(false), &choices)
        .map_err(|e| Reply::invalid("schedule", format!("The schedule does not replay: {e}.")))?;
    Ok((program, choices, state))
}

fn game_state(program: &Program, choices: &[Choice], state: &State) -> GameState {
    let outcome = state.outcome(program);
    let start = State::new_with(program, state.gil_switch_points());
    GameState {
        // The schedule replayed to `state` a moment ago, so it replays.
        preemptions: preemptions(program, &start, None, choices, Granularity::Bytecode)
            .unwrap_or(0),
        schedule: encode_schedule(choices),
        summary: outcome.describe(),
        breaking: outcome.is_breaking(),
        gil_holder: state.switch_holder(program),
        moves: state
            .runnable_choices(program)
            .into_iter()
            .map(game_move)
            .collect(),
        view: state.view(program),
    }
}

/// The state after `request.schedule`.
pub fn state(request: &GameRequest) -> Reply<GameState> {
    match load(
        &request.source,
        &request.schedule,
        request.gil_switch_points,
    ) {
        Ok((p, choices, s)) => Reply::Done(game_state(&p, &choices, &s)),
        Err(reply) => reply,
    }
}

/// One more step.
pub fn step(request: &GameStepRequest) -> Reply<GameState> {
    let (program, mut choices, state) = match load(
        &request.source,
        &request.schedule,
        request.gil_switch_points,
    ) {
        Ok(loaded) => loaded,
        Err(reply) => return reply,
    };
    let choice: Choice = match request.choice.parse() {
        Ok(c) => c,
        Err(e) => return Reply::invalid("choice", e),
    };
    let granularity = if request.expand {
        Granularity::Bytecode
    } else {
        Granularity::Statement
    };
    match state.step_expanded(&program, choice, granularity) {
        Ok((next, taken)) => {
            choices.extend(taken);
            Reply::Done(game_state(&program, &choices, &next))
        }
        Err(e) => Reply::invalid("choice", e.to_string()),
    }
}

/// The final globals (name, repr) of every serial run of `source` (see
/// [`super::serial_results`]): what a real run of the program must end
/// with unless an update was lost. `None` when the program does not parse
/// or they could not all be computed.
pub fn serial(source: &str) -> Option<Vec<Vec<(String, String)>>> {
    let program = Program::parse(source).ok()?;
    super::serial_results(&program).map(|s| s.iter().cloned().collect())
}

/// Searches from the state the schedule reaches. `parallel`: whether there
/// is a pool to run on (the search then uses all of it).
pub fn search_from(
    request: &GameSearchRequest,
    parallel: bool,
    cancel: &(impl StopFlag + ?Sized),
) -> Reply<GameSearchDone> {
    let m = request.max_states;
    if !(m.is_finite() && m.fract() == 0.0 && m >= 1.0 && m <= MAX_SEARCH_STATES as f64) {
        return Reply::invalid(
            "max_states",
            format!("The state budget must be a whole number from 1 to {MAX_SEARCH_STATES}."),
        );
    }
    let (program, mut choices, state) = match load(
        &request.source,
        &request.schedule,
        request.gil_switch_points,
    ) {
        Ok(loaded) => loaded,
        Err(reply) => return reply,
    };
    let opts = SearchOptions {
        granularity: if request.statements {
            Granularity::Statement
        } else {
            Granularity::Bytecode
        },
        spurious_wakeups: request.spurious_wakeups,
        max_states: m as usize,
        parallel,
        strategy: request.strategy.unwrap_or(Strategy::Auto),
        // The thread that took the last step played: switching away from
        // it first is a preemption too.
        running: choices.iter().rev().find_map(|c| match c {
            Choice::Run(t) => Some(*t),
            Choice::Wake(_) => None,
        }),
        ..SearchOptions::default()
    };
    // The serial results (the answer a lost update is judged against) are
    // computed once per program, inside the first search's time: compute
    // them before either clock starts, or the one-thread run pays for both.
    let _ = super::serial_results(&program);
    let sequential = if request.compare && parallel {
        let r = search(
            &program,
            &state,
            &SearchOptions {
                parallel: false,
                ..opts.clone()
            },
            cancel,
        );
        if matches!(r.verdict, super::Verdict::Cancelled) {
            return Reply::Cancelled;
        }
        Some(r)
    } else {
        None
    };
    let report = search(&program, &state, &opts, cancel);
    if matches!(report.verdict, super::Verdict::Cancelled) {
        return Reply::Cancelled;
    }
    let (schedule, first) = match &report.verdict {
        super::Verdict::Broken { bytecode, .. } => {
            let first = bytecode.first().copied().map(game_move);
            choices.extend(bytecode.iter().copied());
            (Some(encode_schedule(&choices)), first)
        }
        _ => (None, None),
    };
    Reply::Done(GameSearchDone {
        report,
        sequential,
        schedule,
        first,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicBool;

    const COUNTER: &str = "import threading\ncounter = 0\ndef work():\n    global counter\n    counter += 1\nt1 = threading.Thread(target=work)\nt2 = threading.Thread(target=work)\nt1.start(); t2.start()\nt1.join(); t2.join()\n";

    #[test]
    fn the_serial_results_of_the_counter_are_two() {
        assert_eq!(
            serial(COUNTER),
            Some(vec![vec![("counter".to_string(), "2".to_string())]])
        );
        assert_eq!(serial("x = $"), None);
    }

    #[test]
    fn a_parse_error_has_its_line_and_column() {
        let c = check("x = 1\ny = 2 $ 3\n");
        let e = c.error.expect("an error");
        assert_eq!((e.line, e.col), (2, 7));
        assert!(c.listing.is_empty());
        assert!(check(COUNTER).error.is_none());
    }

    #[test]
    fn steps_extend_the_schedule_and_the_search_schedule_replays_to_a_break() {
        let s = step(&GameStepRequest {
            source: COUNTER.into(),
            schedule: String::new(),
            choice: "0".into(),
            expand: false,
            gil_switch_points: None,
        })
        .done()
        .unwrap();
        assert!(!s.schedule.is_empty());
        let r = search_from(
            &GameSearchRequest {
                source: COUNTER.into(),
                schedule: s.schedule.clone(),
                statements: false,
                spurious_wakeups: true,
                max_states: 100_000.0,
                compare: true,
                strategy: None,
                gil_switch_points: None,
            },
            false,
            &AtomicBool::new(false),
        )
        .done()
        .unwrap();
        let full = r.schedule.expect("the counter breaks");
        assert!(full.starts_with(&s.schedule));
        let end = state(&GameRequest {
            source: COUNTER.into(),
            schedule: full,
            gil_switch_points: None,
        })
        .done()
        .unwrap();
        assert!(end.breaking);
        assert_eq!(end.view.outcome.kind(), "lost-update");
    }

    #[test]
    fn bad_requests_are_invalid_not_panics() {
        let bad = |source: &str, schedule: &str| {
            matches!(
                state(&GameRequest {
                    source: source.into(),
                    schedule: schedule.into(),
                    gil_switch_points: None,
                }),
                Reply::Invalid { .. }
            )
        };
        assert!(bad("x = (", ""));
        assert!(bad(COUNTER, "0,zz"));
        assert!(bad(COUNTER, "7"));
        for m in [0.0, -1.0, 0.5, f64::NAN, 1e12] {
            let r = search_from(
                &GameSearchRequest {
                    source: COUNTER.into(),
                    schedule: String::new(),
                    statements: false,
                    spurious_wakeups: true,
                    max_states: m,
                    compare: false,
                    strategy: None,
                    gil_switch_points: None,
                },
                false,
                &AtomicBool::new(false),
            );
            assert!(matches!(r, Reply::Invalid { .. }), "{m}");
        }
    }
}
