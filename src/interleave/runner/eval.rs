//! The interpreter loop: one frame's instructions, until it returns or
//! yields.
//!
//! The dispatch is one long `match` on purpose: it is the hot path of every
//! program, and splitting it would put a call between most instructions.

use std::sync::{Arc, Mutex};

use super::bytecode::{CodeKind, Op};
use super::exc::{traceback_entries, traceback_value};
use super::fast::{cached_module_attr, int_compare, num_fast, range_fast};
use super::frame::{Block, Frame};
use super::gil::SwitchPoints;
use super::value::{lock, Args, Dict, Key, Object, Value};
use super::{PyErr, PyResult, TraceEntry};

/// How a frame stopped.
pub enum FrameExit {
    Return(Value),
    Yield(Value),
}

impl super::vm::Vm {
    /// Runs `f` from its `pc` until it returns or yields; exceptions that a
    /// block of `f` handles are handled here.
    pub fn run_frame(&mut self, f: &mut Frame) -> PyResult<FrameExit> {
        loop {
            let mut reraised = false;
            match self.exec(f, &mut reraised) {
                Ok(exit) => return Ok(exit),
                Err(mut e) => {
                    if e.kill.is_some() {
                        return Err(e);
                    }
                    if !reraised {
                        e.traceback.push(TraceEntry {
                            file: f.code().filename.clone(),
                            line: f.line(),
                            func: f.code().name.clone(),
                        });
                    }
                    let Some(block) = f.blocks.pop() else {
                        return Err(e);
                    };
                    f.stack.truncate(block.depth as usize);
                    f.handling.truncate(block.exc_depth as usize);
                    f.stack.push(e.exc.clone());
                    // The exception keeps where it came from, as CPython's
                    // `__traceback__`: `raise e` later (a pool's `result()`)
                    // shows the frames it was first raised in.
                    if let Some(Object::Instance(inst)) = e.exc.as_obj() {
                        inst.set("__traceback__", traceback_value(&e.traceback));
                    }
                    f.handling.push(e);
                    f.pc = block.handler;
                }
            }
        }
    }

    fn exec(&mut self, f: &mut Frame, reraised: &mut bool) -> PyResult<FrameExit> {
        // SAFETY: `f` outlives this loop, and its code with it.
        let code = unsafe { f.code_unbound() };
        let ops = &code.ops[..];
        // The older CPython setting checks between any two instructions.
        let any_point = self.interp.gil.is_some() && self.interp.switch_points == SwitchPoints::Any;
        loop {
            let at = f.pc;
            let op = ops[at as usize];
            f.pc += 1;
            if any_point {
                self.check_breaker()?;
            }
            // The default setting checks at backward jumps and calls only
            // (`Op::is_switch_point`): in those arms, through `breaker!`,
            // so that the other instructions pay nothing for it.
            macro_rules! breaker {
                () => {
                    if !any_point {
                        self.check_breaker()?;
                    }
                };
                ($target:expr) => {
                    if !any_point && $target <= at {
                        self.check_breaker()?;
                    }
                };
            }
            match op {
                Op::Nop => {}
                Op::LoadConst(k) => f.stack.push(code.consts[k as usize].clone()),
                Op::LoadFast(i) => match &f.locals[i as usize] {
                    Some(v) => f.stack.push(v.clone()),
                    None => {
                        let name = &code.varnames[i as usize];
                        return Err(self.new_error(
                            "UnboundLocalError",
                            format!("cannot access local variable '{name}' where it is not associated with a value"),
                        ));
                    }
                },
                Op::StoreFast(i) => f.locals[i as usize] = Some(pop(f)),
                Op::DeleteFast(i) => {
                    if f.locals[i as usize].take().is_none() {
                        let name = &code.varnames[i as usize];
                        return Err(self.new_error(
                            "UnboundLocalError",
                            format!("cannot access local variable '{name}' where it is not associated with a value"),
                        ));
                    }
                }
                Op::LoadDeref(i) => {
                    let v = match &*f.cells[i as usize] {
                        Object::Cell(c) => lock(c).clone(),
                        _ => None,
                    };
                    match v {
                        Some(v) => f.stack.push(v),
                        None => {
                            let name = self.cell_name(code, i);
                            return Err(self.new_error(
                                "NameError",
                                format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope"),
                            ));
                        }
                    }
                }
                Op::StoreDeref(i) => {
                    let v = pop(f);
                    if let Object::Cell(c) = &*f.cells[i as usize] {
                        *lock(c) = Some(v);
                    }
                }
                Op::LoadClosure(i) => f.stack.push(Value::Obj(f.cells[i as usize].clone())),
                Op::LoadGlobal(slot) => {
                    let v = self.load_global(f.globals(), slot)?;
                    f.stack.push(v);
                }
                Op::StoreGlobal(slot) => {
                    let v = pop(f);
                    f.globals().store_slot(slot, v);
                }
                Op::DeleteGlobal(slot) => {
                    if !f.globals().delete_slot(slot) {
                        let name = f.globals().slot_name(slot).clone();
                        return Err(
                            self.new_error("NameError", format!("name '{name}' is not defined"))
                        );
                    }
                }
                Op::LoadName(n) => {
                    let name = &code.names[n as usize];
                    let found = f
                        .namespace
                        .as_ref()
                        .and_then(|ns| lock(ns).get(&Key(Value::Str(name.clone()))).cloned());
                    let v = match found {
                        Some(v) => v,
                        None => match f.globals().get(name) {
                            Some(v) => v,
                            None => self.load_builtin(name)?,
                        },
                    };
                    f.stack.push(v);
                }
                Op::StoreName(n) => {
                    let v = pop(f);
                    let name = code.names[n as usize].clone();
                    match &f.namespace {
                        Some(ns) => {
                            lock(ns).insert(Key(Value::Str(name)), v);
                        }
                        None => f.globals().set(&name, v),
                    }
                }
                Op::LoadAttr(n) => {
                    let obj = pop(f);
                    let v = match cached_module_attr(code, n, &obj) {
                        Some(v) => v,
                        None => self.get_attr(&obj, &code.names[n as usize])?,
                    };
                    f.stack.push(v);
                }
                Op::StoreAttr(n) => {
                    let obj = pop(f);
                    let v = pop(f);
                    self.set_attr(&obj, &code.names[n as usize], v)?;
                }
                Op::DeleteAttr(n) => {
                    let obj = pop(f);
                    self.del_attr(&obj, &code.names[n as usize])?;
                }
                Op::BinaryOp(op) | Op::InplaceOp(op) if num_fast(f, op) => {}
                Op::BinaryOp(op) => {
                    let b = pop(f);
                    let a = pop(f);
                    let v = self.binary_op(op, &a, &b)?;
                    f.stack.push(v);
                }
                Op::InplaceOp(op) => {
                    let b = pop(f);
                    let a = pop(f);
                    let v = self.inplace_op(op, a, &b)?;
                    f.stack.push(v);
                }
                Op::UnaryNeg => {
                    let a = pop(f);
                    let v = self.neg(&a)?;
                    f.stack.push(v);
                }
                Op::UnaryPos => {
                    let a = pop(f);
                    let v = self.pos(&a)?;
                    f.stack.push(v);
                }
                Op::UnaryInvert => {
                    let a = pop(f);
                    let v = self.invert(&a)?;
                    f.stack.push(v);
                }
                Op::UnaryNot => {
                    let a = pop(f);
                    let t = self.truthy(&a)?;
                    f.stack.push(Value::Bool(!t));
                }
                Op::Compare(op) if int_compare(f, op) => {}
                Op::Compare(op) => {
                    let b = pop(f);
                    let a = pop(f);
                    let v = self.compare(op, &a, &b)?;
                    f.stack.push(v);
                }
                Op::BinarySubscr => {
                    let i = pop(f);
                    let a = pop(f);
                    let v = self.get_item(&a, &i)?;
                    f.stack.push(v);
                }
                Op::StoreSubscr => {
                    let i = pop(f);
                    let a = pop(f);
                    let v = pop(f);
                    self.set_item(&a, i, v)?;
                }
                Op::DeleteSubscr => {
                    let i = pop(f);
                    let a = pop(f);
                    self.del_item(&a, &i)?;
                }
                Op::BuildTuple(n) => {
                    let items = popn(f, n);
                    f.stack.push(Value::tuple(items));
                }
                Op::BuildList(n) => {
                    let items = popn(f, n);
                    f.stack.push(Value::list(items));
                }
                Op::BuildSet(n) => {
                    let items = popn(f, n);
                    let s = self.new_set(items)?;
                    f.stack.push(s);
                }
                Op::BuildMap(n) => {
                    let items = popn(f, 2 * n);
                    let mut d = Dict::with_capacity_and_hasher(n as usize, Default::default());
                    let mut it = items.into_iter();
                    while let (Some(k), Some(v)) = (it.next(), it.next()) {
                        d.insert(self.key(k)?, v);
                    }
                    f.stack.push(Value::dict(d));
                }
                Op::BuildSlice(n) => {
                    let step = if n == 3 { pop(f) } else { Value::None };
                    let stop = pop(f);
                    let start = pop(f);
                    f.stack.push(Value::obj(Object::Slice(start, stop, step)));
                }
                Op::BuildString(n) => {
                    let parts = popn(f, n);
                    let mut s = String::new();
                    for p in &parts {
                        if let Value::Str(p) = p {
                            s.push_str(p);
                        }
                    }
                    f.stack.push(self.new_str(s)?);
                }
                Op::ListAppend(depth) => {
                    let v = pop(f);
                    let target = &f.stack[f.stack.len() - depth as usize];
                    if let Some(Object::List(l)) = target.as_obj() {
                        lock(l).push(v);
                    }
                    self.count_heap(16)?;
                }
                Op::SetAdd(depth) => {
                    let v = pop(f);
                    let k = self.key(v)?;
                    let target = &f.stack[f.stack.len() - depth as usize];
                    if let Some(Object::Set(s)) = target.as_obj() {
                        lock(s).insert(k, ());
                    }
                }
                Op::MapAdd(depth) => {
                    let v = pop(f);
                    let k = pop(f);
                    let k = self.key(k)?;
                    let target = &f.stack[f.stack.len() - depth as usize];
                    if let Some(Object::Dict(d)) = target.as_obj() {
                        lock(d).insert(k, v);
                    }
                }
                Op::ListExtend(depth) => {
                    let v = pop(f);
                    let items = self.collect(&v)?;
                    let target = &f.stack[f.stack.len() - depth as usize];
                    if let Some(Object::List(l)) = target.as_obj() {
                        lock(l).extend(items);
                    }
                }
                Op::DictUpdate(depth) => {
                    let v = pop(f);
                    let target = f.stack[f.stack.len() - depth as usize].clone();
                    self.dict_update(&target, &v)?;
                }
                Op::ListToTuple => {
                    let v = pop(f);
                    let items = match v.as_obj() {
                        Some(Object::List(l)) => lock(l).clone(),
                        _ => Vec::new(),
                    };
                    f.stack.push(Value::tuple(items));
                }
                Op::FormatValue(conv, has_spec) => {
                    let spec = if has_spec { Some(pop(f)) } else { None };
                    let v = pop(f);
                    let s = self.format_value(&v, conv, spec.as_ref())?;
                    f.stack.push(s);
                }
                Op::UnpackSequence(n) => {
                    let v = pop(f);
                    let items = self.unpack(&v, n as usize)?;
                    f.stack.extend(items.into_iter().rev());
                }
                Op::UnpackEx(before, after) => {
                    let v = pop(f);
                    let items = self.unpack_ex(&v, before as usize, after as usize)?;
                    f.stack.extend(items.into_iter().rev());
                }
                Op::Call(n) => {
                    breaker!();
                    let v = match self.call_simple(f, n) {
                        Some(r) => r?,
                        None => {
                            let args = popn_args(f, n);
                            let func = pop(f);
                            self.call(&func, Args::new(args))?
                        }
                    };
                    f.stack.push(v);
                }
                Op::CallKw(n) => {
                    breaker!();
                    let args = kw_args(f, n);
                    let func = pop(f);
                    let v = self.call(&func, args)?;
                    f.stack.push(v);
                }
                Op::LoadMethod(n) => {
                    let obj = pop(f);
                    let (a, b) = match cached_module_attr(code, n, &obj) {
                        Some(v) => (v, super::method::no_self().clone()),
                        None => self.load_method(obj, &code.names[n as usize])?,
                    };
                    f.stack.push(a);
                    f.stack.push(b);
                }
                Op::CallMethod(n) => {
                    breaker!();
                    let args = Args::new(popn_args(f, n));
                    let v = self.call_method(f, args)?;
                    f.stack.push(v);
                }
                Op::CallMethodKw(n) => {
                    breaker!();
                    let args = kw_args(f, n);
                    let v = self.call_method(f, args)?;
                    f.stack.push(v);
                }
                Op::CallEx(has_kw) => {
                    breaker!();
                    let kwargs = if has_kw { Some(pop(f)) } else { None };
                    let pos = pop(f);
                    let func = pop(f);
                    let args = self.args_from(&pos, kwargs.as_ref())?;
                    let v = self.call(&func, args)?;
                    f.stack.push(v);
                }
                Op::PopTop => {
                    f.stack.pop();
                }
                Op::DupTop => {
                    let v = f.stack.last().cloned().unwrap_or(Value::None);
                    f.stack.push(v);
                }
                Op::DupTop2 => {
                    let n = f.stack.len();
                    let a = f.stack[n - 2].clone();
                    let b = f.stack[n - 1].clone();
                    f.stack.push(a);
                    f.stack.push(b);
                }
                Op::RotTwo => {
                    let n = f.stack.len();
                    f.stack.swap(n - 1, n - 2);
                }
                Op::RotThree => {
                    // TOS goes below the next two.
                    let v = pop(f);
                    let n = f.stack.len();
                    f.stack.insert(n - 2, v);
                }
                Op::Jump(t) => {
                    breaker!(t);
                    f.pc = t;
                }
                Op::PopJumpIfFalse(t) if matches!(f.stack.last(), Some(Value::Bool(_))) => {
                    breaker!(t);
                    if let Some(Value::Bool(false)) = f.stack.pop() {
                        f.pc = t;
                    }
                }
                Op::PopJumpIfFalse(t) => {
                    breaker!(t);
                    let v = pop(f);
                    if !self.truthy(&v)? {
                        f.pc = t;
                    }
                }
                Op::PopJumpIfTrue(t) => {
                    breaker!(t);
                    let v = pop(f);
                    if self.truthy(&v)? {
                        f.pc = t;
                    }
                }
                Op::JumpIfFalseOrPop(t) => {
                    let v = f.stack.last().cloned().unwrap_or(Value::None);
                    if !self.truthy(&v)? {
                        f.pc = t;
                    } else {
                        f.stack.pop();
                    }
                }
                Op::JumpIfTrueOrPop(t) => {
                    let v = f.stack.last().cloned().unwrap_or(Value::None);
                    if self.truthy(&v)? {
                        f.pc = t;
                    } else {
                        f.stack.pop();
                    }
                }
                Op::GetIter => {
                    let v = pop(f);
                    let it = self.iter(&v)?;
                    f.stack.push(it);
                }
                Op::ForIter(exit) if range_fast(f, exit) => {}
                Op::ForIter(exit) => {
                    let next = match f.stack.last() {
                        Some(it) => self.next(it)?,
                        None => None,
                    };
                    match next {
                        Some(v) => f.stack.push(v),
                        None => {
                            f.stack.pop();
                            f.pc = exit;
                        }
                    }
                }
                Op::ReturnValue => return Ok(FrameExit::Return(pop(f))),
                Op::YieldValue => return Ok(FrameExit::Yield(pop(f))),
                Op::Raise(n) => {
                    let err = match n {
                        0 => match f.handling.last() {
                            Some(e) => {
                                *reraised = true;
                                return Err(e.clone());
                            }
                            None => {
                                self.new_error("RuntimeError", "No active exception to reraise")
                            }
                        },
                        1 => {
                            let exc = pop(f);
                            self.make_raise(exc, None, f)?
                        }
                        _ => {
                            let cause = pop(f);
                            let exc = pop(f);
                            self.make_raise(exc, Some(cause), f)?
                        }
                    };
                    return Err(err);
                }
                Op::SetupExcept(h) => {
                    f.blocks.push(Block {
                        handler: h,
                        depth: f.stack.len() as u32,
                        exc_depth: f.handling.len() as u32,
                    });
                }
                Op::SetupWith(h, slot) => {
                    let mgr = pop(f);
                    let exit = self.get_attr(&mgr, "__exit__")?;
                    let enter = self.get_attr(&mgr, "__enter__")?;
                    f.locals[slot as usize] = Some(exit);
                    let v = self.call(&enter, Args::default())?;
                    f.blocks.push(Block {
                        handler: h,
                        depth: f.stack.len() as u32,
                        exc_depth: f.handling.len() as u32,
                    });
                    f.stack.push(v);
                }
                Op::PopBlock => {
                    f.blocks.pop();
                }
                Op::PushExcInfo => {
                    // `run_frame` already recorded the exception as handled.
                }
                Op::PopExcept => {
                    f.handling.pop();
                }
                Op::CheckExcMatch => {
                    let typ = pop(f);
                    let exc = f.stack.last().cloned().unwrap_or(Value::None);
                    let m = self.exception_matches(&exc, &typ)?;
                    f.stack.push(Value::Bool(m));
                }
                Op::Reraise => {
                    let e = f.handling.pop().unwrap_or_else(|| {
                        self.new_error("RuntimeError", "No active exception to reraise")
                    });
                    *reraised = true;
                    return Err(e);
                }
                Op::WithExitNormal(slot) => {
                    let exit = f.locals[slot as usize].take().unwrap_or(Value::None);
                    self.call(
                        &exit,
                        Args::new(vec![Value::None, Value::None, Value::None]),
                    )?;
                }
                Op::WithExcept(slot) => {
                    let exc = f.stack.last().cloned().unwrap_or(Value::None);
                    let exit = f.locals[slot as usize].take().unwrap_or(Value::None);
                    let typ = self.type_of(&exc);
                    let r = self.call(&exit, Args::new(vec![typ, exc, Value::None]))?;
                    let t = self.truthy(&r)?;
                    f.stack.push(Value::Bool(t));
                }
                Op::ImportName(k) => {
                    let name = match &code.consts[k as usize] {
                        Value::Str(s) => s.clone(),
                        _ => Arc::from(""),
                    };
                    let m = self.import(&name)?;
                    f.stack.push(m);
                }
                Op::ImportFrom(n) => {
                    let m = f.stack.last().cloned().unwrap_or(Value::None);
                    let v = self.import_from(&m, &code.names[n as usize])?;
                    f.stack.push(v);
                }
                Op::ImportStar => {
                    let m = pop(f);
                    self.import_star(&m, f.globals())?;
                }
                Op::MakeFunction(k, flags) => {
                    let func = self.make_function(f, &code.consts[k as usize], flags)?;
                    if matches!(code.kind, CodeKind::Module | CodeKind::Class) {
                        f.globals().immortalize_definition(&func);
                    }
                    f.stack.push(func);
                }
                Op::BuildClass(nbases) => {
                    let bases = popn(f, nbases);
                    let body = pop(f);
                    let cls = self.build_class(&body, bases)?;
                    if code.kind == CodeKind::Module {
                        f.globals().immortalize_definition(&cls);
                    }
                    f.stack.push(cls);
                }
            }
        }
    }

    fn cell_name(&self, code: &super::bytecode::Code, i: u32) -> Arc<str> {
        let i = i as usize;
        if i < code.cellvars.len() {
            code.cellvars[i].clone()
        } else {
            code.freevars[i - code.cellvars.len()].clone()
        }
    }

    pub fn load_global(&mut self, g: &super::globals::Globals, slot: u32) -> PyResult<Value> {
        match g.load_slot(slot) {
            Some(v) => Ok(v),
            None => {
                let name = g.slot_name(slot).clone();
                self.load_builtin(&name)
            }
        }
    }

    pub fn load_builtin(&mut self, name: &str) -> PyResult<Value> {
        match self.interp.builtins.get(name) {
            Some(v) => Ok(v.clone()),
            None => Err(self.new_error("NameError", format!("name '{name}' is not defined"))),
        }
    }

    /// Runs a class body and builds the class from its namespace.
    fn build_class(&mut self, body: &Value, bases: Vec<Value>) -> PyResult<Value> {
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
        self.new_class(&func.name, &func.qualname, bases, ns, &func.globals.module)
    }

    fn make_raise(&mut self, exc: Value, cause: Option<Value>, f: &Frame) -> PyResult<PyErr> {
        let exc = self.exception_instance(exc)?;
        if let Some(c) = cause {
            let c = if c.is_none() {
                c
            } else {
                self.exception_instance(c)?
            };
            self.set_attr(&exc, "__cause__", c)?;
        }
        if let Some(ctx) = f.handling.last() {
            if !ctx.exc.is(&exc) {
                let _ = self.set_attr(&exc, "__context__", ctx.exc.clone());
            }
        }
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
fn kw_args(f: &mut Frame, n: u32) -> Args {
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

#[inline]
fn pop(f: &mut Frame) -> Value {
    f.stack.pop().unwrap_or(Value::None)
}

/// Pops `n` call arguments into an inline buffer (no allocation up to four).
#[inline]
fn popn_args(f: &mut Frame, n: u32) -> super::value::PosArgs {
    let n = n as usize;
    let at = f.stack.len() - n;
    let mut out = super::value::PosArgs::with_capacity(n);
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
fn popn(f: &mut Frame, n: u32) -> Vec<Value> {
    let at = f.stack.len() - n as usize;
    f.stack.split_off(at)
}
