//! `yield from`: a generator that hands its work to another iterator.
//!
//! Pipelines of generators (read, filter, batch) and recursive walks
//! (`yield from flatten(x)`) are written this way. The outer generator
//! yields what the inner one yields, passes on what it is sent, and the
//! expression is worth what the inner one returned. `throw` and `close`
//! reach the inner generator first, as in CPython: closing the outer one
//! closes the inner one before the outer one's own `finally` runs, and an
//! exception thrown in is the inner one's to catch.

use super::bytecode::RunnerOp;
use super::call::Resumed;
use super::frame::Frame;
use super::value::{Object, Value};
use super::vm::Vm;
use super::{PyErr, PyResult};

/// What throwing into a suspended generator came to, once its delegate
/// (if it has one) had its say.
pub(super) enum AfterThrow {
    /// The delegate yielded: the generator stays where it is.
    Yielded(Value),
    /// Raise this in the generator's own frame.
    Raise(PyErr),
    /// The delegate returned: the generator goes on after its `yield from`.
    Continue,
}

/// The iterator a frame suspended inside `yield from` delegates to: it
/// waits on the `Jump` back to the `Send` of the compiled loop
/// (`Send; YieldValue; Jump`), with the iterator on top of its stack.
fn delegate_of(f: &Frame) -> Option<(Value, u32)> {
    let ops = &f.code().ops;
    let pc = f.pc as usize;
    let send_at = pc.checked_sub(2)?;
    match (ops.get(pc), ops.get(send_at)) {
        (Some(RunnerOp::Jump(t)), Some(RunnerOp::Send(exit))) if *t as usize == send_at => {
            Some((f.stack.last()?.clone(), *exit))
        }
        _ => None,
    }
}

impl Vm {
    /// `yield from`'s step: `sent` passed on to `it` (a generator's
    /// `send`, another iterator's `next`, or its own `send` method).
    pub fn send_into(&mut self, it: &Value, sent: Value) -> PyResult<Resumed> {
        if let Some(Object::Generator(g)) = it.as_obj() {
            return self.resume_full(g, sent);
        }
        if sent.is_none() {
            return Ok(match self.next(it)? {
                Some(v) => Resumed::Yielded(v),
                None => Resumed::Returned(Value::None),
            });
        }
        let send = self.get_attr(it, "send")?;
        self.stop_means_return(|vm| vm.call1(&send, vec![sent]))
    }

    /// A call's value as a yield, and its StopIteration as a return.
    fn stop_means_return(
        &mut self,
        call: impl FnOnce(&mut Vm) -> PyResult<Value>,
    ) -> PyResult<Resumed> {
        match call(self) {
            Ok(v) => Ok(Resumed::Yielded(v)),
            Err(e) if e.kill.is_none() && self.is_a(&e.exc, "StopIteration") => {
                let v = self.try_attr(&e.exc, "value")?.unwrap_or(Value::None);
                Ok(Resumed::Returned(v))
            }
            Err(e) => Err(e),
        }
    }

    fn is_a(&self, v: &Value, class: &str) -> bool {
        let c = self.interp.types.get(class).clone();
        self.isinstance(v, &c)
    }

    /// `throw`/`close` into a generator whose frame `f` may be waiting in
    /// a `yield from`: the delegate gets `e` first (GeneratorExit: it is
    /// closed, then the generator gets it).
    pub(super) fn throw_to_delegate(&mut self, f: &mut Frame, e: PyErr) -> AfterThrow {
        let Some((inner, exit)) = delegate_of(f) else {
            return AfterThrow::Raise(e);
        };
        if self.is_a(&e.exc, "GeneratorExit") {
            let closed = match self.try_attr(&inner, "close") {
                Ok(Some(close)) => self.call1(&close, Vec::new()).map(|_| ()),
                Ok(None) => Ok(()),
                Err(err) => Err(err),
            };
            return AfterThrow::Raise(closed.err().unwrap_or(e));
        }
        let thrown = match inner.as_obj() {
            Some(Object::Generator(g)) => match self.throw_into(g, e) {
                Ok(Some(v)) => Ok(Resumed::Yielded(v)),
                Ok(None) => Ok(Resumed::Returned(Value::None)),
                Err(e) => Err(e),
            },
            _ => match self.try_attr(&inner, "throw") {
                Ok(Some(throw)) => {
                    let exc = e.exc.clone();
                    self.stop_means_return(|vm| vm.call1(&throw, vec![exc]))
                }
                Ok(None) => Err(e),
                Err(err) => Err(err),
            },
        };
        match thrown {
            Ok(Resumed::Yielded(v)) => AfterThrow::Yielded(v),
            Ok(Resumed::Returned(v)) => {
                f.stack.pop();
                f.stack.push(v);
                f.pc = exit;
                AfterThrow::Continue
            }
            Err(e) => AfterThrow::Raise(e),
        }
    }
}
