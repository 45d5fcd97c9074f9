//! Which built-in functions take keyword arguments, and which ones.
//!
//! Most of CPython's built-ins take none: `len(obj=x)`, `math.sqrt(x=4)`
//! and `d.get(k, default=0)` are `TypeError`s there. A function written in
//! Rust here reads the keywords it knows (`print`'s `sep`, `sorted`'s
//! `key`) and would silently ignore any other, so the call itself checks
//! them first, before the function runs (`print("a", x=1)` must not print).
//! The few functions that take keywords list them beside their code
//! (`KEYWORDS` in their modules); every other built-in takes none.

use std::sync::Arc;

use super::super::value::{Args, Builtin, NativeFn, Value};
use super::super::vm::Vm;
use super::super::PyResult;

/// A function that takes keywords: its entry, the name CPython's message
/// gives it, and its keywords (`"*"`: any, as `str.format` and
/// `dict.update` take).
pub type Takes = (NativeFn, &'static str, &'static [&'static str]);

/// Every list of functions that take keywords.
fn lists() -> [&'static [Takes]; 11] {
    [
        super::functions::KEYWORDS,
        super::methods_bytes::KEYWORDS,
        super::methods::KEYWORDS,
        super::methods_str::KEYWORDS,
        super::super::modules::math::KEYWORDS,
        super::super::modules::thread::KEYWORDS,
        super::super::modules::mp::KEYWORDS,
        super::super::modules::copy::KEYWORDS,
        super::super::modules::hashlib::KEYWORDS,
        super::super::modules::sys::KEYWORDS,
        super::super::modules::random::KEYWORDS,
    ]
}

/// The keywords `f` takes, and the name its message uses.
fn takes(f: NativeFn) -> Option<(&'static str, &'static [&'static str])> {
    lists()
        .into_iter()
        .flatten()
        .find(|(g, _, _)| std::ptr::fn_addr_eq(*g, f))
        .map(|(_, name, kw)| (*name, *kw))
}

impl Vm {
    /// Refuses keyword arguments `b` does not take, in CPython's words.
    /// Called only when the call has some.
    #[cold]
    pub fn check_builtin_keywords(&self, b: &Builtin, args: &Args) -> PyResult<()> {
        self.check_keywords(b.func, b.name, b.module, b.bound.as_ref(), &args.kw)
    }

    /// [`Vm::check_builtin_keywords`] for the function `f` called `name`,
    /// of `module` or bound to `me`.
    pub fn check_keywords(
        &self,
        f: NativeFn,
        name: &str,
        module: Option<&str>,
        me: Option<&Value>,
        kw: &[(Arc<str>, Value)],
    ) -> PyResult<()> {
        let Some((shown, names)) = takes(f) else {
            let owner = match (module, me) {
                (Some(m), _) => format!("{m}."),
                (None, Some(me)) => format!("{}.", self.type_name(me)),
                (None, None) => String::new(),
            };
            return Err(self.new_error(
                "TypeError",
                format!("{owner}{name}() takes no keyword arguments"),
            ));
        };
        if names.contains(&"*") {
            return Ok(());
        }
        match kw.iter().find(|(k, _)| !names.contains(&&**k)) {
            Some((k, _)) => Err(self.new_error(
                "TypeError",
                format!("'{k}' is an invalid keyword argument for {shown}()"),
            )),
            None => Ok(()),
        }
    }
}
