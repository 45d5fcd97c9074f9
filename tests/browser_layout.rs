#![cfg(target_arch = "wasm32")]
//! The shared-memory layout that JavaScript reads (`layout()`, read by
//! www/lib/layout.js) against the Rust that defines it, in a real browser.
//!
//! ```text
//! RUSTC_BOOTSTRAP=1 wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver \
//!   --release -- --test browser_layout -Z build-std=panic_abort,std
//! ```
//!
//! It checks that every word index equals the Rust constant, that writing
//! the cancel word *through the layout*, the way the page does with
//! `Atomics.store`, really cancels the Rust control block — and, the part
//! that matters most, that the page's own reader, www/lib/layout.js
//! (imported below as it ships), reads what Rust wrote: progress, cancel,
//! the completion list, the panic block.

use js_sys::{Atomics, Int32Array, Reflect, WebAssembly};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

// The page's reader of the shared memory, the file itself (not a copy).
#[wasm_bindgen(module = "/www/lib/layout.js")]
extern "C" {
    #[wasm_bindgen(js_name = readProgress)]
    fn js_read_progress(memory: &JsValue, layout: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = raiseCancel)]
    fn js_raise_cancel(memory: &JsValue, layout: &JsValue);
    #[wasm_bindgen(js_name = readPanic)]
    fn js_read_panic(memory: &JsValue, layout: &JsValue) -> Option<String>;
    #[wasm_bindgen(js_name = readCompletions)]
    fn js_read_completions(memory: &JsValue, layout: &JsValue) -> JsValue;
}

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
        threadlab::modes::MAX_TASKS as usize
    );
    assert_eq!(
        number(&layout, "completions.bias"),
        threadlab::modes::completion::encode(0, true) as usize
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

/// www/lib/layout.js, given the memory and the layout Rust exports, reads
/// the progress Rust counts, raises a cancel Rust sees, decodes the
/// completion words Rust encodes, and finds the panic block clear.
#[wasm_bindgen_test]
fn the_pages_reader_reads_what_rust_writes() {
    let layout = threadlab::wasm::layout();
    let memory = threadlab::wasm::shared_memory();
    // SAFETY: control_address() is the address of a `static Control`.
    let control: &'static Control =
        unsafe { &*(threadlab::wasm::control_address() as *const Control) };

    control.begin(7);
    control.block_done();
    control.block_done();
    control.block_done();
    let progress = js_read_progress(&memory, &layout);
    assert_eq!(
        (number(&progress, "done"), number(&progress, "total")),
        (3, 7),
        "readProgress"
    );
    assert_eq!(control.progress(), (3, 7));

    assert!(!control.is_cancelled());
    js_raise_cancel(&memory, &layout);
    assert!(control.is_cancelled(), "raiseCancel reached Rust");
    control.begin(0);

    // The completion list as a run writes it: word i = the i-th item to
    // finish, in Rust's encoding; the rest still empty.
    use std::sync::atomic::{AtomicU32, Ordering};
    use threadlab::modes::completion;
    let words = threadlab::wasm::completed_address() as *const AtomicU32;
    // SAFETY: the address of a static [AtomicU32; MAX_TASKS].
    let list = unsafe { std::slice::from_raw_parts(words, threadlab::modes::MAX_TASKS as usize) };
    let finished = [(3usize, true), (0, false), (12, true), (1, true)];
    for word in list {
        word.store(completion::EMPTY, Ordering::SeqCst);
    }
    for (order, &(index, ok)) in finished.iter().enumerate() {
        list[order].store(completion::encode(index, ok), Ordering::SeqCst);
    }
    let read: js_sys::Array = js_read_completions(&memory, &layout).unchecked_into();
    let read: Vec<(usize, bool)> = read
        .iter()
        .map(|c| (number(&c, "index"), get(&c, "ok").as_bool().unwrap()))
        .collect();
    assert_eq!(read, finished, "readCompletions");
    for word in list {
        word.store(completion::EMPTY, Ordering::SeqCst);
    }
    assert_eq!(
        js_sys::Array::from(&js_read_completions(&memory, &layout)).length(),
        0
    );

    assert_eq!(js_read_panic(&memory, &layout), None, "no panic yet");
}
