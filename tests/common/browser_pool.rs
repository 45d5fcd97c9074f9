//! The one wasm-bindgen-rayon pool a browser test file shares.
//!
//! `initThreadPool` can run once per wasm instance, and every test of a file
//! runs in the same instance (one dedicated worker), so the first test to ask
//! starts the pool and the others await the same promise.
//! Included by each browser test file with `#[path]`.

use std::cell::RefCell;

use js_sys::Promise;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

thread_local! {
    /// `startPool`'s promise; tests run one after another on this one thread.
    static POOL: RefCell<Option<Promise>> = const { RefCell::new(None) };
}

/// Starts a pool of `threads` workers on first use; later callers wait for the
/// same start (awaiting a settled promise again is fine).
pub async fn pool(threads: usize) {
    let promise = POOL.with(|cell| {
        cell.borrow_mut()
            .get_or_insert_with(
                || match threadlab::wasm::start_pool((threads as u32).into()) {
                    Ok(promise) => promise,
                    // Only one start per instance: a second call is an error, so
                    // this cell is the only place that may make the first one.
                    Err(e) => panic!(
                        "startPool failed: {:?}",
                        JsValue::from(e).as_string().unwrap_or_default()
                    ),
                },
            )
            .clone()
    });
    JsFuture::from(promise)
        .await
        .expect("initThreadPool's promise resolves once every worker is ready");
    assert_eq!(rayon::current_num_threads(), threads);
}
