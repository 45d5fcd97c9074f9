//! Calling: binding arguments to parameters with CPython's error messages,
//! running functions and generators, instantiating classes.

use crate::interleave::runner::value::ObjRef;
use std::sync::Arc;

use super::bytecode::CodeKind;
use super::delegate::AfterThrow;
use super::eval::FrameExit;
use super::frame::Frame;
use super::types::BuiltinType;
use super::value::{lock, Args, Dict, Function, GenState, Object, Value};
use super::vm::Vm;
use super::PyResult;

/// What resuming a generator gave.
pub enum Resumed {
    /// It yielded this value and waits again.
    Yielded(Value),
    /// It returned this value (`StopIteration.value`).
    Returned(Value),
}

/// What `super()` needs of the running Python function.
pub struct CallCtx {
    pub owner: Option<Value>,
    pub first_arg: Option<Value>,
}

impl Vm {
    pub fn call(&mut self, func: &Value, args: Args) -> PyResult<Value> {
        let Value::Obj(o) = func else {
            return Err(self.not_callable(func));
        };
        match &**o {
            Object::Function(f) => self.call_function(o, f, args),
            Object::Method(me, inner) => {
                let mut args = args;
                args.pos.insert(0, me.clone());
                let inner = inner.clone();
                self.call(&inner, args)
            }
            Object::Builtin(b) => {
                if !args.kw.is_empty() {
                    self.check_builtin_keywords(b, &args)?;
                }
                (b.func)(self, b.bound.as_ref(), args)
            }
            Object::Class(_) => self.call_class(o, args),
            Object::Instance(_) => match self.lookup_special(func, "__call__") {
                Some(m) => self.call(&m, args),
                None => Err(self.not_callable(func)),
            },
            Object::StaticMethod(inner) => {
                let inner = inner.clone();
                self.call(&inner, args)
            }
            _ => Err(self.not_callable(func)),
        }
    }

    /// Calls with positional arguments only.
    pub fn call1(
        &mut self,
        func: &Value,
        pos: impl Into<super::value::PosArgs>,
    ) -> PyResult<Value> {
        self.call(func, Args::new(pos))
    }

    fn not_callable(&self, v: &Value) -> super::PyErr {
        self.new_error(
            "TypeError",
            format!("'{}' object is not callable", self.type_name(v)),
        )
    }

    /// Calls `f`, the function `func` is.
    fn call_function(&mut self, func: &ObjRef, f: &Function, args: Args) -> PyResult<Value> {
        let frame = self.bind_args(func.clone(), f, args)?;
        if f.code.kind == CodeKind::Generator {
            return Ok(Value::obj(Object::Generator(GenState::new(
                frame,
                f.name.clone(),
            ))));
        }
        self.run_function(frame)
    }

    /// `CALL n` of a plain Python function with exactly its `n` positional
    /// parameters (the commonest call): its frame, for the interpreter loop
    /// to run in place of the caller's until it returns (eval/mod.rs). The
    /// arguments move straight from the caller's stack into the new frame's
    /// locals, and the function value itself moves into the frame — no
    /// argument buffer, no reference count taken. `None` (nothing popped)
    /// when the call is not that case; an error (nothing popped) past the
    /// recursion limit.
    pub(super) fn simple_frame(
        &mut self,
        caller: &mut Frame,
        n: u32,
    ) -> Option<PyResult<Box<Frame>>> {
        let at = caller.stack.len().checked_sub(n as usize + 1)?;
        let Some(Object::Function(f)) = caller.stack[at].as_obj() else {
            return None;
        };
        if f.code.simple_arity != n || f.owner.get().is_some() {
            return None;
        }
        if let Err(e) = self.enter() {
            return Some(Err(e));
        }
        // SAFETY: the function and its `n` arguments move off the caller's
        // stack (it forgets them by its shorter length) into the frame: the
        // function into `keep`, each argument into its local (`n` is the
        // code's argcount, so no more than its locals). A `drain` did the
        // same at twice the instructions. `f` lives in the object `func`
        // points to, which the frame keeps; the reference is not used after
        // the frame is gone.
        let frame = unsafe {
            let base = caller.stack.as_ptr().add(at);
            caller.stack.set_len(at);
            // Only the pointer is read: the tag was checked above.
            let func: ObjRef = match &*base {
                Value::Obj(o) => std::ptr::read(o),
                _ => unreachable!("checked above"),
            };
            let Object::Function(f) = &*func else {
                unreachable!("checked above")
            };
            let f: &Function = &*(f as *const Function);
            self.frames.simple(func, f, base.add(1), n as usize)
        };
        Some(Ok(frame))
    }

    /// A frame `simple_frame` made has returned (or an exception left it).
    #[inline(always)]
    pub(super) fn leave_simple(&mut self, frame: Box<Frame>) {
        self.depth -= 1;
        self.frames.recycle(frame);
    }

    /// Runs a function's bound frame to its return.
    fn run_function(&mut self, mut frame: Box<Frame>) -> PyResult<Value> {
        self.enter()?;
        // Only methods (functions defined in a class) can call super().
        let method = frame.owner.is_some();
        if method {
            self.ctx.push(CallCtx {
                owner: frame.owner.clone(),
                first_arg: frame.locals.first().cloned().flatten(),
            });
        }
        let r = self.run_frame(&mut frame);
        if method {
            self.ctx.pop();
        }
        self.depth -= 1;
        self.frames.recycle(frame);
        match r? {
            FrameExit::Return(v) | FrameExit::Yield(v) => Ok(v),
        }
    }

    /// Counts one more Python call against the recursion limit.
    pub fn enter(&mut self) -> PyResult<()> {
        self.depth += 1;
        let limit = self
            .interp
            .recursion_limit
            .load(std::sync::atomic::Ordering::Relaxed);
        if self.depth > limit {
            self.depth -= 1;
            return Err(self.new_error("RecursionError", "maximum recursion depth exceeded"));
        }
        Ok(())
    }

    /// A frame for `f` with `args` bound to its parameters.
    // CPython's binding rules in CPython's order (positional, `*args`,
    // keywords, `**kwargs`, defaults, then what is missing): one pass, so the
    // same error wins as in CPython when several apply.
    fn bind_args(&mut self, func: ObjRef, f: &Function, args: Args) -> PyResult<Box<Frame>> {
        let code = &f.code;
        let mut frame = self.frames.frame(func, f);
        frame.cells.extend(f.closure.iter().cloned());
        frame.owner = f.owner.get().and_then(|w| w.upgrade()).map(Value::Obj);
        let nargs = code.argcount as usize;
        let nkw = code.kwonlycount as usize;
        let Args { mut pos, kw } = args;
        // The common call: exactly the positional parameters, nothing else.
        if kw.is_empty()
            && pos.len() == nargs
            && nkw == 0
            && !code.has_varargs
            && !code.has_varkw
            && code.cell_params.is_empty()
        {
            for (slot, v) in frame.locals.iter_mut().zip(pos) {
                *slot = Some(v);
            }
            return Ok(frame);
        }
        let qual = &f.qualname;
        let mut extra = Vec::new();
        if pos.len() > nargs {
            if code.has_varargs {
                extra = pos.drain(nargs..).collect();
            } else {
                let given = pos.len();
                let takes = if f.defaults.is_empty() {
                    format!("{nargs}")
                } else {
                    format!("from {} to {nargs}", nargs - f.defaults.len())
                };
                let s = if nargs == 1 && f.defaults.is_empty() {
                    ""
                } else {
                    "s"
                };
                let were = if given == 1 { "was" } else { "were" };
                return Err(self.new_error(
                    "TypeError",
                    format!(
                        "{qual}() takes {takes} positional argument{s} but {given} {were} given"
                    ),
                ));
            }
        }
        for (i, v) in pos.into_iter().enumerate() {
            frame.locals[i] = Some(v);
        }
        let mut varkw: Option<Dict> = code.has_varkw.then(Dict::default);
        for (name, v) in kw {
            let at = code.varnames[..nargs + nkw]
                .iter()
                .position(|n| **n == *name);
            match at {
                Some(i) => {
                    if frame.locals[i].is_some() {
                        return Err(self.new_error(
                            "TypeError",
                            format!("{qual}() got multiple values for argument '{name}'"),
                        ));
                    }
                    frame.locals[i] = Some(v);
                }
                None => match &mut varkw {
                    Some(d) => {
                        d.insert(super::value::Key(Value::Str(name)), v);
                    }
                    None => {
                        return Err(self.new_error(
                            "TypeError",
                            format!("{qual}() got an unexpected keyword argument '{name}'"),
                        ))
                    }
                },
            }
        }
        // Defaults fill the last positional parameters.
        let first_default = nargs - f.defaults.len();
        let mut missing = Vec::new();
        for i in 0..nargs {
            if frame.locals[i].is_none() {
                if i >= first_default {
                    frame.locals[i] = Some(f.defaults[i - first_default].clone());
                } else {
                    missing.push(code.varnames[i].clone());
                }
            }
        }
        if !missing.is_empty() {
            return Err(self.missing_args(qual, "positional", &missing));
        }
        let mut missing_kw = Vec::new();
        for i in nargs..nargs + nkw {
            if frame.locals[i].is_none() {
                let name = &code.varnames[i];
                match f.kwdefaults.iter().find(|(k, _)| k == name) {
                    Some((_, v)) => frame.locals[i] = Some(v.clone()),
                    None => missing_kw.push(name.clone()),
                }
            }
        }
        if !missing_kw.is_empty() {
            return Err(self.missing_args(qual, "keyword-only", &missing_kw));
        }
        let mut slot = nargs + nkw;
        if code.has_varargs {
            frame.locals[slot] = Some(Value::tuple(extra));
            slot += 1;
        }
        if let Some(d) = varkw {
            frame.locals[slot] = Some(Value::dict(d));
        }
        // Parameters that inner functions close over live in cells.
        for &(cell, local) in &code.cell_params {
            if let Object::Cell(c) = &*frame.cells[cell as usize] {
                *lock(c) = frame.locals[local as usize].clone();
            }
        }
        Ok(frame)
    }

    fn missing_args(&self, qual: &str, kind: &str, names: &[Arc<str>]) -> super::PyErr {
        let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
        let list = match quoted.len() {
            1 => quoted[0].clone(),
            2 => format!("{} and {}", quoted[0], quoted[1]),
            n => format!("{}, and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
        };
        let s = if names.len() == 1 { "" } else { "s" };
        self.new_error(
            "TypeError",
            format!(
                "{qual}() missing {} required {kind} argument{s}: {list}",
                names.len()
            ),
        )
    }

    /// `Cls(...)`: its metaclass's `__call__`, when it has one, else
    /// [`Vm::instantiate`].
    fn call_class(&mut self, cls: &ObjRef, args: Args) -> PyResult<Value> {
        let v = Value::Obj(cls.clone());
        match self.meta_special(&v, "__call__") {
            Some(call) => self.call(&call, args),
            None => self.instantiate(cls, args),
        }
    }

    /// `type.__call__`: built-in types construct their value; a metaclass
    /// makes a class; other classes get an instance and its `__init__`.
    pub(super) fn instantiate(&mut self, cls: &ObjRef, args: Args) -> PyResult<Value> {
        let Object::Class(c) = &**cls else {
            unreachable!("a class")
        };
        match c.builtin {
            Some(BuiltinType::Exception) | None => {}
            Some(_) => return super::builtins::construct(self, &c.name, args),
        }
        if super::meta::is_metaclass(c) {
            return self.instantiate_metaclass(cls, args);
        }
        // A class's own `__new__` (a singleton's) makes the object; its
        // `__init__` runs only on an instance of the class, as in CPython.
        let custom_new = self.class_lookup(cls, "__new__");
        let inst = match &custom_new {
            Some(new) => {
                let new = match new.as_obj() {
                    Some(Object::StaticMethod(f)) => f.clone(),
                    _ => new.clone(),
                };
                let mut pos = vec![Value::Obj(cls.clone())];
                pos.extend(args.pos.iter().cloned());
                let made = self.call(
                    &new,
                    Args {
                        pos: pos.into(),
                        kw: args.kw.clone(),
                    },
                )?;
                if !self.isinstance(&made, &Value::Obj(cls.clone())) {
                    return Ok(made);
                }
                made
            }
            None => self.new_instance(cls),
        };
        if c.builtin == Some(BuiltinType::Exception) {
            // BaseException.__new__ keeps the arguments whatever __init__ does.
            self.set_attr(&inst, "args", Value::tuple(args.pos.clone()))?;
        }
        if let Some(init) = self.class_lookup(cls, "__init__") {
            // A program's own `__init__` is called with the instance first,
            // as `obj.method()` is: no bound method made and dropped.
            let r = if let Some(Object::Function(_)) = init.as_obj() {
                let mut args = args;
                args.pos.insert(0, inst.clone());
                self.call(&init, args)?
            } else {
                let bound = super::types::bind(&inst, &init);
                self.call(&bound, args)?
            };
            if !r.is_none() {
                return Err(self.new_error(
                    "TypeError",
                    format!(
                        "__init__() should return None, not '{}'",
                        self.type_name(&r)
                    ),
                ));
            }
        } else if (!args.pos.is_empty() || !args.kw.is_empty())
            && c.builtin != Some(BuiltinType::Exception)
            && custom_new.is_none()
        {
            return Err(self.new_error("TypeError", format!("{}() takes no arguments", c.name)));
        }
        Ok(inst)
    }

    /// `MAKE_FUNCTION`: pops the closure, keyword defaults and defaults
    /// (as the flags say) and builds the function.
    pub fn make_function(&mut self, f: &mut Frame, code: &Value, flags: u8) -> PyResult<Value> {
        let Some(Object::Code(code)) = code.as_obj() else {
            return Err(self.new_error("SystemError", "MAKE_FUNCTION without code"));
        };
        let mut pop = || f.stack.pop().unwrap_or(Value::None);
        let closure = if flags & 4 != 0 {
            match pop().as_obj() {
                Some(Object::Tuple(t)) => t
                    .iter()
                    .filter_map(|c| match c {
                        Value::Obj(o) => Some(o.clone()),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            }
        } else {
            Vec::new()
        };
        let kwdefaults = if flags & 2 != 0 {
            match pop().as_obj() {
                Some(Object::Dict(d)) => lock(d)
                    .iter()
                    .filter_map(|(k, v)| match &k.0 {
                        Value::Str(s) => Some((s.clone(), v.clone())),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            }
        } else {
            Vec::new()
        };
        let defaults = if flags & 1 != 0 {
            match pop().as_obj() {
                Some(Object::Tuple(t)) => t.to_vec(),
                _ => Vec::new(),
            }
        } else {
            Vec::new()
        };
        Ok(Value::obj(Object::Function(Function {
            code: code.clone(),
            globals: f.globals_arc(),
            name: code.name.clone(),
            qualname: code.qualname.clone(),
            defaults,
            kwdefaults,
            closure,
            owner: std::sync::OnceLock::new(),
        })))
    }

    /// Resumes a generator with `sent` (None for `next`): the value it
    /// yields, or `None` once it has returned.
    pub fn resume(&mut self, gen: &GenState, sent: Value) -> PyResult<Option<Value>> {
        Ok(match self.resume_full(gen, sent)? {
            Resumed::Yielded(v) => Some(v),
            Resumed::Returned(_) => None,
        })
    }

    /// Resumes a generator: the value it yields, or the value it returned
    /// (`None` for one already finished).
    pub fn resume_full(&mut self, gen: &GenState, sent: Value) -> PyResult<Resumed> {
        let Ok(frame) = gen.claim() else {
            return Err(self.new_error("ValueError", "generator already executing"));
        };
        let Some(mut frame) = frame else {
            return Ok(Resumed::Returned(Value::None));
        };
        if let Err(e) = self.enter() {
            // Too deep to start it: it stays suspended where it was.
            gen.release(Some(frame));
            return Err(e);
        }
        // A fresh generator has nothing to receive; a suspended one gets the
        // value of its `yield` expression.
        if frame.pc > 0 {
            frame.stack.push(sent);
        }
        let r = self.run_frame(&mut frame);
        self.depth -= 1;
        match r {
            Ok(FrameExit::Yield(v)) => {
                gen.release(Some(frame));
                Ok(Resumed::Yielded(v))
            }
            Ok(FrameExit::Return(v)) => {
                gen.release(None);
                Ok(Resumed::Returned(v))
            }
            Err(e) => {
                gen.release(None);
                Err(e)
            }
        }
    }

    /// Raises `e` in a generator where it is suspended (`throw`, `close`):
    /// the value it yields next, or `None` once it has returned. A generator
    /// not started yet, or finished, does not run: `e` is raised here.
    pub fn throw_into(&mut self, gen: &GenState, e: super::PyErr) -> PyResult<Option<Value>> {
        let Ok(frame) = gen.claim() else {
            return Err(self.new_error("ValueError", "generator already executing"));
        };
        let Some(mut frame) = frame else {
            return Err(e);
        };
        if frame.pc == 0 {
            gen.release(None);
            return Err(e);
        }
        if let Err(deep) = self.enter() {
            gen.release(Some(frame));
            return Err(deep);
        }
        let r = match self.throw_to_delegate(&mut frame, e) {
            AfterThrow::Yielded(v) => Ok(FrameExit::Yield(v)),
            AfterThrow::Raise(e) => self.run_frame_raising(&mut frame, e),
            AfterThrow::Continue => self.run_frame(&mut frame),
        };
        self.depth -= 1;
        match r {
            Ok(FrameExit::Yield(v)) => {
                gen.release(Some(frame));
                Ok(Some(v))
            }
            Ok(FrameExit::Return(_)) => {
                gen.release(None);
                Ok(None)
            }
            Err(e) => {
                gen.release(None);
                Err(e)
            }
        }
    }

    /// Arguments from a tuple (or list) and an optional dict, for `f(*a, **k)`.
    pub fn args_from(&mut self, pos: &Value, kw: Option<&Value>) -> PyResult<Args> {
        let pos = match pos.as_obj() {
            Some(Object::Tuple(t)) => t.to_vec(),
            Some(Object::List(l)) => lock(l).clone(),
            _ => self.collect(pos)?,
        };
        let mut args = Args::new(pos);
        if let Some(kw) = kw {
            let Some(Object::Dict(d)) = kw.as_obj() else {
                return Err(self.new_error("TypeError", "argument after ** must be a mapping"));
            };
            for (k, v) in lock(d).iter() {
                match &k.0 {
                    Value::Str(s) => args.kw.push((s.clone(), v.clone())),
                    _ => return Err(self.new_error("TypeError", "keywords must be strings")),
                }
            }
        }
        Ok(args)
    }
}
