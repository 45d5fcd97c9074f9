//! The bytecode dispatch: what each [`GameOp`] does to a thread's frame.
//!
//! One `match` over every instruction, kept whole on purpose: a reader
//! checks an instruction's meaning against CPython's in one place, and the
//! game's listings name the same instructions.

use super::*;

impl State {
    /// Executes one instruction of thread `t` (its pc already advanced).
    // The bytecode dispatch: one arm per instruction, kept in one `match` so
    // the whole instruction set reads side by side (see the module docs).
    pub(super) fn exec_op(&mut self, prog: &Program, t: Tid, op: &GameOp) -> R<()> {
        match op {
            GameOp::Nop => {}
            GameOp::LoadConst(v) | GameOp::LoadBuiltin(v) => self.push(t, v.clone()),
            GameOp::LoadName(g) | GameOp::LoadGlobal(g) => {
                let v = self.globals[*g as usize].clone();
                if v == Value::Unbound {
                    return Err(Fault::py(
                        ExcKind::NameError,
                        format!(
                            "name '{}' is not defined",
                            prog.compiled.global_names[*g as usize]
                        ),
                    ));
                }
                self.push(t, v);
            }
            GameOp::StoreName(g) | GameOp::StoreGlobal(g) => {
                let v = self.pop(t);
                self.globals.make_mut()[*g as usize] = v;
            }
            GameOp::LoadFast(l) => {
                let f = self.frame(t);
                let v = f.locals[*l as usize].clone();
                if v == Value::Unbound {
                    let code = &prog.compiled.codes[f.code as usize];
                    return Err(Fault::py(
                        ExcKind::UnboundLocalError,
                        format!(
                            "cannot access local variable '{}' where it is not associated with a value",
                            code.local_names[*l as usize]
                        ),
                    ));
                }
                f.stack.push(v);
            }
            GameOp::StoreFast(l) => {
                let f = self.frame(t);
                let v = f.stack.pop().unwrap();
                f.locals[*l as usize] = v;
            }
            GameOp::LoadAttr(name) => {
                let obj = self.pop(t);
                let v = self.attr(&obj, name)?;
                self.push(t, v);
            }
            GameOp::BinaryOp(op, _) => {
                let b = self.pop(t);
                let a = self.pop(t);
                let v = self.binop(*op, &a, &b)?;
                self.push(t, v);
            }
            GameOp::UnaryNot => {
                let a = self.pop(t);
                let v = !self.truthy(&a);
                self.push(t, Value::Bool(v));
            }
            GameOp::UnaryNeg => {
                let a = self.pop(t);
                let v = match a {
                    Value::Int(i) => Value::Int(i.checked_neg().ok_or_else(overflow)?),
                    Value::Bool(b) => Value::Int(-(b as i64)),
                    other => {
                        return Err(type_err(format!(
                            "bad operand type for unary -: '{}'",
                            other.type_name()
                        )))
                    }
                };
                self.push(t, v);
            }
            GameOp::CompareOp(c) => {
                let b = self.pop(t);
                let a = self.pop(t);
                let v = self.compare(*c, &a, &b)?;
                self.push(t, Value::Bool(v));
            }
            GameOp::BinarySubscr => {
                let idx = self.pop(t);
                let obj = self.pop(t);
                let v = self.subscript(&obj, &idx)?;
                self.push(t, v);
            }
            GameOp::StoreSubscr => {
                let idx = self.pop(t);
                let obj = self.pop(t);
                let v = self.pop(t);
                self.store_subscript(&obj, idx, v)?;
            }
            GameOp::BuildList(n) | GameOp::BuildTuple(n) => {
                let f = self.frame(t);
                let at = f.stack.len() - *n as usize;
                let items: Vec<Value> = f.stack.drain(at..).collect();
                let v = if matches!(op, GameOp::BuildList(_)) {
                    self.alloc(Obj::List(items))?
                } else {
                    Value::Tuple(Arc::from(items))
                };
                self.push(t, v);
            }
            GameOp::BuildDict(n) => {
                let f = self.frame(t);
                let at = f.stack.len() - 2 * *n as usize;
                let flat: Vec<Value> = f.stack.drain(at..).collect();
                let mut items: Vec<(Value, Value)> = Vec::new();
                for kv in flat.chunks(2) {
                    self.check_key(&kv[0])?;
                    match items.iter().position(|(k, _)| self.py_eq(k, &kv[0])) {
                        Some(p) => items[p].1 = kv[1].clone(),
                        None => items.push((kv[0].clone(), kv[1].clone())),
                    }
                }
                let v = self.alloc(Obj::Dict(items))?;
                self.push(t, v);
            }
            GameOp::FormatValue => {
                let v = self.pop(t);
                let s = self.str_of(&v);
                self.push(t, Value::str(&s));
            }
            GameOp::BuildString(n) => {
                let f = self.frame(t);
                let at = f.stack.len() - *n as usize;
                let mut s = String::new();
                for v in f.stack.drain(at..) {
                    if let Value::Str(x) = v {
                        s.push_str(&x);
                    }
                }
                self.push(t, Value::str(&s));
            }
            GameOp::UnpackSequence(n) => {
                let v = self.pop(t);
                let items = self.items_of(&v)?;
                if items.len() != *n as usize {
                    return Err(Fault::py(
                        ExcKind::ValueError,
                        if items.len() > *n as usize {
                            format!("too many values to unpack (expected {n})")
                        } else {
                            format!(
                                "not enough values to unpack (expected {n}, got {})",
                                items.len()
                            )
                        },
                    ));
                }
                for it in items.into_iter().rev() {
                    self.push(t, it);
                }
            }
            GameOp::Call(n, kw) => {
                let f = self.frame(t);
                let at = f.stack.len() - *n as usize;
                let all: Vec<Value> = f.stack.drain(at..).collect();
                let callee = f.stack.pop().unwrap();
                match Args::from_stack(&all, kw, |args| self.call(prog, t, &callee, args))? {
                    CallResult::Value(v) => self.push(t, v),
                    CallResult::Frame | CallResult::Parked => {}
                }
            }
            GameOp::PopTop => {
                self.pop(t);
            }
            GameOp::Copy => {
                let v = self.frame(t).stack.last().unwrap().clone();
                self.push(t, v);
            }
            GameOp::Jump(to) => self.frame(t).pc = *to,
            GameOp::PopJumpIfFalse(to) | GameOp::PopJumpIfTrue(to) => {
                let v = self.pop(t);
                let want = matches!(op, GameOp::PopJumpIfTrue(_));
                if self.truthy(&v) == want {
                    self.frame(t).pc = *to;
                }
            }
            GameOp::JumpIfFalseOrPop(to) | GameOp::JumpIfTrueOrPop(to) => {
                let v = self.frame(t).stack.last().unwrap().clone();
                let want = matches!(op, GameOp::JumpIfTrueOrPop(_));
                if self.truthy(&v) == want {
                    self.frame(t).pc = *to;
                } else {
                    self.pop(t);
                }
            }
            GameOp::GetIter => {
                let v = self.pop(t);
                let it = match v {
                    Value::RangeIter(..) => v,
                    other => Value::SeqIter(Arc::from(self.items_of(&other)?), 0),
                };
                self.push(t, it);
            }
            GameOp::ForIter(end) => {
                let f = self.frame(t);
                let top = f.stack.last_mut().unwrap();
                let next = match top {
                    Value::RangeIter(cur, stop, step) => {
                        if (*step > 0 && *cur < *stop) || (*step < 0 && *cur > *stop) {
                            let v = *cur;
                            *cur += *step;
                            Some(Value::Int(v))
                        } else {
                            None
                        }
                    }
                    Value::SeqIter(items, i) => {
                        let v = items.get(*i as usize).cloned();
                        *i += 1;
                        v
                    }
                    _ => None,
                };
                match next {
                    Some(v) => f.stack.push(v),
                    None => {
                        f.stack.pop();
                        f.pc = *end;
                    }
                }
            }
            GameOp::ReturnValue => {
                let v = self.pop(t);
                let th = self.threads[t as usize].make_mut();
                th.frames.pop();
                match th.frames.last_mut() {
                    Some(f) => f.stack.push(v),
                    None => th.status = Status::Done,
                }
            }
            GameOp::RaiseVarargs(n) => {
                if *n == 0 {
                    return Err(Fault::py(
                        ExcKind::RuntimeError,
                        "No active exception to reraise",
                    ));
                }
                let v = self.pop(t);
                let exc = match v {
                    Value::Exc(e) => e,
                    Value::ExcClass(k) => Arc::new(Exception {
                        kind: k,
                        message: Arc::from(""),
                    }),
                    _ => return Err(type_err("exceptions must derive from BaseException".into())),
                };
                self.raise_value(t, exc);
            }
            GameOp::Reraise(slot) => {
                let v = self.load_slot(t, *slot);
                self.store_slot(t, *slot, Value::None);
                if let Value::Exc(e) = v {
                    self.raise_value(t, e);
                }
            }
            GameOp::SetupFinally(h) => {
                let f = self.frame(t);
                f.blocks.push((*h, f.stack.len() as u16));
            }
            GameOp::PopBlock => {
                self.frame(t).blocks.pop();
            }
            GameOp::PushExcInfo(slot) => {
                let v = self.pop(t);
                self.store_slot(t, *slot, v);
            }
            GameOp::PopExcept(slot) => self.store_slot(t, *slot, Value::None),
            GameOp::CheckExcMatch(slot) => {
                let cls = self.pop(t);
                let exc = self.load_slot(t, *slot);
                let Value::Exc(e) = exc else {
                    unreachable!("a handler always has its exception")
                };
                let classes: Vec<Value> = match cls {
                    Value::Tuple(items) => items.to_vec(),
                    other => vec![other],
                };
                let mut hit = false;
                for c in classes {
                    match c {
                        Value::ExcClass(k) => hit |= e.kind.is_a(k),
                        _ => {
                            return Err(type_err(
                                "catching classes that do not inherit from BaseException is not allowed"
                                    .into(),
                            ))
                        }
                    }
                }
                self.push(t, Value::Bool(hit));
            }
            GameOp::LoadSlot(slot) => {
                let v = self.load_slot(t, *slot);
                self.push(t, v);
            }
            GameOp::BeforeWith(slot) => {
                let ctx = self.pop(t);
                let Value::Ref(o) = ctx else {
                    return Err(type_err(format!(
                        "'{}' object does not support the context manager protocol",
                        ctx.type_name()
                    )));
                };
                let v = self.enter(o, t)?;
                self.store_slot(t, *slot, ctx);
                self.push(t, v);
            }
            GameOp::WithExit(slot) => {
                let ctx = self.load_slot(t, *slot);
                self.store_slot(t, *slot, Value::None);
                if let Value::Ref(o) = ctx {
                    self.exit(o, t)?;
                }
            }
            GameOp::LoadAssertionError => self.push(t, Value::ExcClass(ExcKind::AssertionError)),
            GameOp::ImportName(m) => self.push(t, Value::Module(*m)),
            GameOp::MakeFunction(c) => self.push(t, Value::Func(*c)),
        }
        Ok(())
    }

    // ---------------------------------------------------------- calling
}
