//! Calls: Python functions get a new frame, builtins and primitives' methods
//! run at once (or park the thread), and `Thread.start` adds a thread.

use super::*;

impl State {
    pub(super) fn call(
        &mut self,
        prog: &Program,
        t: Tid,
        callee: &Value,
        args: &Args,
    ) -> R<CallResult> {
        match callee {
            Value::Func(c) => {
                self.push_frame(prog, t, *c, args)?;
                Ok(CallResult::Frame)
            }
            Value::Method(obj, m) => match self.call_method(t, *obj, *m, args) {
                Err(Fault::WaitFor(pred)) => {
                    let cv = Value::Ref(*obj);
                    let pos = [cv, pred];
                    self.push_frame(
                        prog,
                        t,
                        prog.compiled.wait_for,
                        &Args { pos: &pos, kw: &[] },
                    )?;
                    Ok(CallResult::Frame)
                }
                Err(Fault::Started(new, code, targs)) => {
                    let args = Args {
                        pos: &targs,
                        kw: &[],
                    };
                    match self.push_frame(prog, new, code, &args) {
                        Ok(()) => {}
                        Err(Fault::Py(kind, msg)) => {
                            self.raise_in(new, Fault::Py(kind, msg));
                            let span = prog.compiled.codes[code as usize].instrs[0].span;
                            if let Status::Crashed(c) =
                                &mut self.threads[new as usize].make_mut().status
                            {
                                c.span = span;
                            }
                        }
                        Err(other) => return Err(other),
                    }
                    Ok(CallResult::Value(Value::None))
                }
                other => other,
            },
            Value::Builtin(b) => self.call_builtin(t, *b, args).map(CallResult::Value),
            Value::ExcClass(k) => {
                if !args.kw.is_empty() {
                    return Err(type_err(format!(
                        "{}() takes no keyword arguments",
                        k.name()
                    )));
                }
                let msg = match args.pos {
                    [] => String::new(),
                    [one] => self.str_of(one),
                    many => {
                        let mut s = String::from("(");
                        for (i, v) in many.iter().enumerate() {
                            if i > 0 {
                                s.push_str(", ");
                            }
                            s.push_str(&self.repr(v));
                        }
                        s.push(')');
                        s
                    }
                };
                Ok(CallResult::Value(Value::Exc(Arc::new(Exception {
                    kind: *k,
                    message: Arc::from(msg.as_str()),
                }))))
            }
            other => Err(type_err(format!(
                "'{}' object is not callable",
                self.type_name(other)
            ))),
        }
    }

    pub(super) fn push_frame(&mut self, prog: &Program, t: Tid, c: u16, args: &Args) -> R<()> {
        let code = &prog.compiled.codes[c as usize];
        let np = code.nparams as usize;
        let mut locals = vec![Value::Unbound; code.local_names.len()];
        if args.pos.len() > np {
            return Err(type_err(format!(
                "{}() takes {np} positional argument{} but {} {} given",
                code.name,
                if np == 1 { "" } else { "s" },
                args.pos.len(),
                if args.pos.len() == 1 { "was" } else { "were" }
            )));
        }
        for (i, v) in args.pos.iter().enumerate() {
            locals[i] = v.clone();
        }
        for (k, v) in args.kw {
            match code.local_names[..np].iter().position(|p| **p == **k) {
                Some(i) if locals[i] == Value::Unbound => locals[i] = v.clone(),
                Some(_) => {
                    return Err(type_err(format!(
                        "{}() got multiple values for argument '{k}'",
                        code.name
                    )))
                }
                None => {
                    return Err(type_err(format!(
                        "{}() got an unexpected keyword argument '{k}'",
                        code.name
                    )))
                }
            }
        }
        if let Some(missing) = (0..np).find(|i| locals[*i] == Value::Unbound) {
            return Err(type_err(format!(
                "{}() missing 1 required positional argument: '{}'",
                code.name, code.local_names[missing]
            )));
        }
        let th = self.threads[t as usize].make_mut();
        if th.frames.len() >= MAX_CALL_DEPTH {
            return Err(Fault::Limit(format!(
                "calls nested deeper than {MAX_CALL_DEPTH} (the model's limit; CPython would raise RecursionError much later)"
            )));
        }
        th.frames.push(Frame {
            code: c,
            pc: 0,
            stack: Vec::new(),
            locals,
            blocks: Vec::new(),
        });
        Ok(())
    }

    pub(in crate::interleave) fn start_thread(&mut self, obj: ObjId) -> R<()> {
        let Obj::Thread {
            target, args, tid, ..
        } = &*self.heap[obj as usize]
        else {
            unreachable!()
        };
        if tid.is_some() {
            return Err(Fault::py(
                ExcKind::RuntimeError,
                "threads can only be started once",
            ));
        }
        if self.threads.len() >= MAX_THREADS {
            return Err(Fault::Limit(format!(
                "at most {} threads besides the main thread in this model",
                MAX_THREADS - 1
            )));
        }
        let new = self.threads.len() as Tid;
        let mut th = Thread {
            obj,
            status: Status::Ready,
            frames: SmallVec::new(),
        };
        let (target, args) = (target.clone(), args.clone());
        if let Obj::Thread { tid, .. } = self.heap.make_mut()[obj as usize].make_mut() {
            *tid = Some(new);
        }
        match target {
            Value::Func(c) => {
                // The frame is built by the caller, who has the program;
                // arity errors then surface in the new thread, as in CPython.
                self.threads.push(Shared::new(th));
                Err(Fault::Started(new, c, args))
            }
            Value::None => {
                th.status = Status::Done;
                self.threads.push(Shared::new(th));
                Ok(())
            }
            other => Err(Fault::Model(format!(
                "Thread(target=...) must be a function defined in the program here, not {}",
                self.type_name(&other)
            ))),
        }
    }
}
