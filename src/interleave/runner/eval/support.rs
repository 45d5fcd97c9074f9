//! What the dispatch calls out to for its rarer, longer steps (names,
//! classes, `raise`) and the value-stack helpers every call instruction uses.

use super::*;

impl crate::interleave::runner::vm::Vm {
    pub(super) fn cell_name(
        &self,
        code: &crate::interleave::runner::bytecode::Code,
        i: u32,
    ) -> Arc<str> {
        let i = i as usize;
        if i < code.cellvars.len() {
            code.cellvars[i].clone()
        } else {
            code.freevars[i - code.cellvars.len()].clone()
        }
    }

    pub fn load_global(
        &mut self,
        g: &crate::interleave::runner::globals::Globals,
        slot: u32,
    ) -> PyResult<Value> {
        match g.load_slot(slot) {
            Some(v) => Ok(v),
            // A name the program set through `globals()[name] = v`: it
            // becomes the global now (see `Vm::lookup_globals_view`).
            None if self.has_globals_view() => match self.lookup_globals_view(g, g.slot_name(slot))
            {
                Some(v) => {
                    g.store_slot(slot, v.clone());
                    Ok(v)
                }
                None => self.load_builtin(g.slot_name(slot)),
            },
            // `len`, `range`, `print`: a global slot that is empty.
            None => match g.slot_builtin(slot, &self.interp.builtins) {
                Some(v) => Ok(v),
                None => self.load_builtin(g.slot_name(slot)),
            },
        }
    }

    /// A name that neither the namespace nor the module `g` has: one the
    /// program set through `globals()[name] = v`, else a builtin.
    pub fn load_missing(
        &mut self,
        g: &crate::interleave::runner::globals::Globals,
        name: &str,
    ) -> PyResult<Value> {
        if self.has_globals_view() {
            if let Some(v) = self.lookup_globals_view(g, name) {
                g.set(name, v.clone());
                return Ok(v);
            }
        }
        self.load_builtin(name)
    }

    pub fn load_builtin(&mut self, name: &str) -> PyResult<Value> {
        match self.interp.builtins.get(name) {
            Some(v) => Ok(v.clone()),
            None => Err(self.new_error("NameError", format!("name '{name}' is not defined"))),
        }
    }

    /// Runs a class body and builds the class from its namespace.
    pub(super) fn build_class(
        &mut self,
        body: &Value,
        bases: Vec<Value>,
        keywords: Vec<(Arc<str>, Value)>,
    ) -> PyResult<Value> {
        let Some(Object::Function(func)) = body.as_obj() else {
            return Err(self.new_error("TypeError", "class body is not a function"));
        };
        let ns: Arc<Mutex<Dict>> = Arc::new(Mutex::new(Dict::default()));
        let mut frame = Frame::new(func.code.clone(), func.globals.clone());
        frame.cells.extend(func.closure.iter().cloned());
        frame.namespace = Some(ns.clone());
        lock(&ns).insert(
            Key(Value::str("__module__")),
            Value::Str(func.globals.module.clone()),
        );
        lock(&ns).insert(
            Key(Value::str("__qualname__")),
            Value::Str(func.qualname.clone()),
        );
        self.run_frame(&mut frame)?;
        let ns = std::mem::take(&mut *lock(&ns));
        let spec = crate::interleave::runner::meta::ClassSpec {
            name: &func.name,
            qualname: &func.qualname,
            module: &func.globals.module,
            meta: None,
            keywords,
        };
        self.class_from_statement(spec, bases, ns)
    }

    pub(super) fn make_raise(&mut self, exc: Value, cause: Option<Value>) -> PyResult<PyErr> {
        let exc = self.exception_instance(exc)?;
        if let Some(c) = cause {
            let c = if c.is_none() {
                c
            } else {
                self.exception_instance(c)?
            };
            self.set_attr(&exc, "__cause__", c)?;
            // `raise X from Y` (even `from None`) hides the context.
            self.set_attr(&exc, "__suppress_context__", Value::Bool(true))?;
        }
        self.set_context(&exc);
        let mut err = PyErr::new(exc);
        if let Some(Object::Instance(inst)) = err.exc.as_obj() {
            if let Some(tb) = inst.get("__traceback__") {
                err.traceback = traceback_entries(&tb);
            }
        }
        Ok(err)
    }
}

/// Pops `n` arguments whose last ones are named by the tuple on top.
pub(super) fn kw_args(f: &mut Frame, n: u32) -> Args {
    let names = pop(f);
    let mut args = popn_args(f, n);
    let names: &[Value] = match names.as_obj() {
        Some(Object::Tuple(t)) => t,
        _ => &[],
    };
    let kwvals: Vec<Value> = args.drain(args.len() - names.len()..).collect();
    let kw = names
        .iter()
        .zip(kwvals)
        .map(|(k, v)| match k {
            Value::Str(s) => (s.clone(), v),
            _ => (Arc::from(""), v),
        })
        .collect();
    Args { pos: args, kw }
}

/// `v.push(x)`, always inlined: in the dispatch loop, too big for LLVM's
/// inlining budget, `Vec::push` stayed a call (~18 instructions twice per
/// Python call and return: callgrind on a recursive fib).
#[inline(always)]
pub(in crate::interleave::runner) fn push<T>(v: &mut Vec<T>, x: T) {
    if v.len() == v.capacity() {
        grow(v);
    }
    // SAFETY: there is room for one more (checked above): the slot past
    // the length is written, then counted.
    unsafe {
        v.as_mut_ptr().add(v.len()).write(x);
        v.set_len(v.len() + 1);
    }
}

/// Moves `from`'s top value onto `to` (a return value to its caller's
/// stack): one copy, no temporary; None if `from` is empty.
#[inline(always)]
pub(super) fn move_top(from: &mut Vec<Value>, to: &mut Vec<Value>) {
    let Some(n) = from.len().checked_sub(1) else {
        push(to, Value::None);
        return;
    };
    if to.len() == to.capacity() {
        grow(to);
    }
    // SAFETY: `from`'s last value moves to the slot past `to`'s length
    // (room checked above): `from` forgets it by its shorter length, `to`
    // counts it once written. Two vectors, so the two do not overlap.
    unsafe {
        std::ptr::copy_nonoverlapping(from.as_ptr().add(n), to.as_mut_ptr().add(to.len()), 1);
        from.set_len(n);
        to.set_len(to.len() + 1);
    }
}

#[cold]
#[inline(never)]
fn grow<T>(v: &mut Vec<T>) {
    v.reserve(1);
}

#[inline]
pub(super) fn pop(f: &mut Frame) -> Value {
    f.stack.pop().unwrap_or(Value::None)
}

/// Pops `n` call arguments into an inline buffer (no allocation up to four).
#[inline]
pub(super) fn popn_args(f: &mut Frame, n: u32) -> crate::interleave::runner::value::PosArgs {
    let n = n as usize;
    let at = f.stack.len() - n;
    let mut out = crate::interleave::runner::value::PosArgs::with_capacity(n);
    // SAFETY: the `n` values move from the stack's tail into `out` (which
    // has room for them); the stack forgets them by its shorter length.
    // (`drain().collect()` did the same at ~4x the instructions.)
    unsafe {
        std::ptr::copy_nonoverlapping(f.stack.as_ptr().add(at), out.as_mut_ptr(), n);
        f.stack.set_len(at);
        out.set_len(n);
    }
    out
}

#[inline]
pub(super) fn popn(f: &mut Frame, n: u32) -> Vec<Value> {
    let at = f.stack.len() - n as usize;
    f.stack.split_off(at)
}
