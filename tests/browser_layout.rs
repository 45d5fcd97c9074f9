#![cfg(target_arch = "wasm32")]
//! The shared-memory layout that JavaScript reads (`layout()`, read by
//! www/lib/layout.js) against the Rust that defines it, in a real browser.
//!
//! ```text
//! RUSTC_BOOTSTRAP=1 wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver \
//!   --release -- --test browser_layout -Z build-std=panic_abort,std
//! ```
//!
//! It checks that every word index equals the Rust constant, and — the part
//! that matters — that writing the cancel word *through the layout*, the way
//! the page does with `Atomics.store`, really cancels the Rust control block.

use js_sys::{Atomics, Int32Array, Reflect, WebAssembly};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

use threadlab::control::{Control, CANCEL_WORD, DONE_WORD, TOTAL_WORD};

wasm_bindgen_test_configure!(run_in_dedicated_worker);

fn get(value: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(value.clone(), |v, key| {
        Reflect::get(&v, &key.into()).unwrap_or_else(|_| panic!("layout has no {path}"))
    })
}

fn number(value: &JsValue, path: &str) -> usize {
    get(value, path)
        .as_f64()
        .unwrap_or_else(|| panic!("{path} is not a number")) as usize
}

#[wasm_bindgen_test]
fn the_layout_matches_the_rust_constants() {
    let layout = threadlab::wasm::layout();
    assert_eq!(
        number(&layout, "control.address"),
        threadlab::wasm::control_address()
    );
    assert_eq!(number(&layout, "control.cancel"), CANCEL_WORD);
    assert_eq!(number(&layout, "control.done"), DONE_WORD);
    assert_eq!(number(&layout, "control.total"), TOTAL_WORD);
    assert_eq!(
        number(&layout, "control.words") * 4,
        std::mem::size_of::<Control>()
    );
    assert_eq!(
        number(&layout, "panic.address"),
        threadlab::wasm::panic_address()
    );
    assert_eq!(
        number(&layout, "completions.words"),
        threadlab::gil::MAX_TASKS as usize
    );
    assert_eq!(
        number(&layout, "completions.bias"),
        threadlab::gil::completion::encode(0, true) as usize
    );
    assert_eq!(
        number(&layout, "limits.max_reps"),
        threadlab::layout::MAX_REPS
    );
    // Every address is word-aligned: the page reads them as Int32Arrays.
    for path in ["control.address", "panic.address", "completions.address"] {
        assert_eq!(number(&layout, path) % 4, 0, "{path}");
    }
}

#[wasm_bindgen_test]
fn cancelling_through_the_layout_cancels_the_run() {
    let layout = threadlab::wasm::layout();
    // SAFETY: control_address() is the address of a `static Control`.
    let control: &'static Control =
        unsafe { &*(threadlab::wasm::control_address() as *const Control) };
    control.begin(5);
    assert!(!control.is_cancelled());

    let memory: WebAssembly::Memory = threadlab::wasm::shared_memory().unchecked_into();
    let words = Int32Array::new_with_byte_offset_and_length(
        &memory.buffer(),
        number(&layout, "control.address") as u32,
        number(&layout, "control.words") as u32,
    );
    assert_eq!(
        Atomics::load(&words, number(&layout, "control.total") as u32).unwrap(),
        5
    );
    Atomics::store(&words, number(&layout, "control.cancel") as u32, 1).unwrap();
    assert!(control.is_cancelled(), "the page's store reached Rust");
    control.begin(0);
}

#[wasm_bindgen_test]
fn the_panic_block_starts_clear_where_the_layout_says() {
    let layout = threadlab::wasm::layout();
    let memory: WebAssembly::Memory = threadlab::wasm::shared_memory().unchecked_into();
    let words = Int32Array::new_with_byte_offset_and_length(
        &memory.buffer(),
        number(&layout, "panic.address") as u32,
        2,
    );
    assert_eq!(
        Atomics::load(&words, number(&layout, "panic.flag_word") as u32).unwrap(),
        0
    );
    assert_eq!(threadlab::wasm::panic_message(), None);
    assert!(number(&layout, "panic.message_offset") >= 8);
}
