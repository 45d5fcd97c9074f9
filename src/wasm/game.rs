//! The JavaScript face of "Be the scheduler" (`crate::interleave`): check a
//! program, step it, search it. Each call gets the program and the schedule
//! played so far and replies with a value (see `crate::interleave::game`);
//! the search runs on the pool, blocking this (coordinator) worker, and
//! stops when the page raises the control block's cancel word.
#![warn(missing_docs)]

use std::sync::atomic::{AtomicU32, Ordering};

use wasm_bindgen::prelude::*;

use super::{from_js, pool_threads, to_js, CONTROL};
use crate::interleave::game::{
    self, GameRequest, GameSearchDone, GameSearchRequest, GameState, GameStepRequest,
};
use crate::interleave::{levels, StopFlag};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
import type { GameLevel } from "../types/GameLevel";
import type { GameChecked } from "../types/GameChecked";
import type { GameRequest } from "../types/GameRequest";
import type { GameStepRequest } from "../types/GameStepRequest";
import type { GameSearchRequest } from "../types/GameSearchRequest";
import type { GameState } from "../types/GameState";
import type { GameSearchDone } from "../types/GameSearchDone";
import type { Reply } from "../types/Reply";
"#;

/// Distinct states the running search has explored, after its last complete
/// level: the page reads it from shared memory while this worker is busy.
static EXPLORED: AtomicU32 = AtomicU32::new(0);

/// The control block's cancel word, plus the live state count.
struct PageFlag;

impl StopFlag for PageFlag {
    fn stop_requested(&self) -> bool {
        CONTROL.is_cancelled()
    }
    fn explored(&self, states: u64) {
        EXPLORED.store(u32::try_from(states).unwrap_or(u32::MAX), Ordering::Relaxed);
    }
}

/// Every level, in chapter order.
#[wasm_bindgen(js_name = gameLevels, unchecked_return_type = "GameLevel[]")]
pub fn game_levels() -> JsValue {
    to_js(levels())
}

/// Parses a program: a parse error with line and column, or its steps.
#[wasm_bindgen(js_name = gameCheck, unchecked_return_type = "GameChecked")]
pub fn game_check(source: &str) -> JsValue {
    to_js(&game::check(source))
}

/// The state a schedule reaches (Reset is the empty schedule, Undo a
/// shorter one, a share link any).
#[wasm_bindgen(js_name = gameState, unchecked_return_type = "Reply<GameState>")]
pub fn game_state(
    #[wasm_bindgen(unchecked_param_type = "GameRequest")] request: JsValue,
) -> JsValue {
    let reply = match from_js::<GameRequest, GameState>(request, "an object { source, schedule }") {
        Ok(r) => game::state(&r),
        Err(reply) => reply,
    };
    to_js(&reply)
}

/// One step (a statement, or one bytecode step when `expand`).
#[wasm_bindgen(js_name = gameStep, unchecked_return_type = "Reply<GameState>")]
pub fn game_step(
    #[wasm_bindgen(unchecked_param_type = "GameStepRequest")] request: JsValue,
) -> JsValue {
    let reply = match from_js::<GameStepRequest, GameState>(
        request,
        "an object { source, schedule, choice, expand }",
    ) {
        Ok(r) => game::step(&r),
        Err(reply) => reply,
    };
    to_js(&reply)
}

/// The shortest breaking schedule from the current state, or a proof that
/// none exists within the budget; on the pool when there is one.
#[wasm_bindgen(js_name = gameSearch, unchecked_return_type = "Reply<GameSearchDone>")]
pub fn game_search(
    #[wasm_bindgen(unchecked_param_type = "GameSearchRequest")] request: JsValue,
) -> JsValue {
    let reply = match from_js::<GameSearchRequest, GameSearchDone>(
        request,
        "an object { source, schedule, max_states, ... }",
    ) {
        Ok(r) => {
            CONTROL.begin(0);
            EXPLORED.store(0, Ordering::Relaxed);
            game::search_from(&r, pool_threads() > 0, &PageFlag)
        }
        Err(reply) => reply,
    };
    to_js(&reply)
}

/// The final globals of every serial run of a program, `[name, repr]`
/// pairs per run (the game's "run for real" judges a lost update by them);
/// null when the program does not parse or they could not be computed.
#[wasm_bindgen(js_name = gameSerial, unchecked_return_type = "[string, string][][] | null")]
pub fn game_serial(source: &str) -> JsValue {
    to_js(&game::serial(source))
}

/// Byte address of the live state counter (one u32) in the shared memory.
#[wasm_bindgen(js_name = gameExploredAddress)]
pub fn game_explored_address() -> usize {
    &EXPLORED as *const AtomicU32 as usize
}
