//! The builtin functions and constructors the game's subset has (`print`,
//! `len`, `range`, `threading.Lock`, ...).

use super::*;

impl State {
    /// Calls builtin `b` in thread `t`: the value it returns, or the exception.
    // One arm per builtin, each a few lines: long because the subset has
    // many builtins, not because any one is complicated; splitting it would
    // only move the `match` elsewhere.
    pub(super) fn call_builtin(&mut self, t: Tid, b: Builtin, args: &Args) -> R<Value> {
        let pos = args.pos;
        let arity = |lo: usize, hi: usize| -> R<()> {
            if pos.len() < lo || pos.len() > hi {
                Err(type_err(format!(
                    "{}() takes {} arguments ({} given)",
                    b.name(),
                    if lo == hi {
                        format!("exactly {lo}")
                    } else {
                        format!("{lo} to {hi}")
                    },
                    pos.len()
                )))
            } else {
                Ok(())
            }
        };
        let no_kw = |what: &str| -> R<()> {
            match args.kw.first() {
                Some((k, _)) => Err(type_err(format!(
                    "{what}() got an unexpected keyword argument '{k}'"
                ))),
                None => Ok(()),
            }
        };
        match b {
            Builtin::Print => {
                let mut sep = " ".to_string();
                let mut end = "\n".to_string();
                for (k, v) in args.kw {
                    match (&**k, v) {
                        ("sep", Value::Str(s)) => sep = s.to_string(),
                        ("end", Value::Str(s)) => end = s.to_string(),
                        ("flush", _) => {}
                        (k, _) => {
                            return Err(type_err(format!(
                                "print() got an unexpected keyword argument '{k}'"
                            )))
                        }
                    }
                }
                let mut line = String::new();
                for (i, v) in pos.iter().enumerate() {
                    if i > 0 {
                        line.push_str(&sep);
                    }
                    line.push_str(&self.str_of(v));
                }
                line.push_str(end.strip_suffix('\n').unwrap_or(&end));
                let out = Arc::make_mut(self.output.get_or_insert_with(Default::default));
                if out.len() < crate::interleave::MAX_OUTPUT_LINES {
                    out.push((t, line));
                }
                Ok(Value::None)
            }
            Builtin::Len => {
                no_kw("len")?;
                arity(1, 1)?;
                let n = match &pos[0] {
                    Value::Str(s) => s.chars().count(),
                    Value::Tuple(items) => items.len(),
                    Value::Ref(o) => match &*self.heap[*o as usize] {
                        Obj::List(items) => items.len(),
                        Obj::Dict(items) => items.len(),
                        o => {
                            return Err(type_err(format!(
                                "object of type '{}' has no len()",
                                o.type_name()
                            )))
                        }
                    },
                    Value::RangeIter(a, b, s) => range_len(*a, *b, *s),
                    other => {
                        return Err(type_err(format!(
                            "object of type '{}' has no len()",
                            self.type_name(other)
                        )))
                    }
                };
                Ok(Value::Int(n as i64))
            }
            Builtin::Range => {
                no_kw("range")?;
                arity(1, 3)?;
                let mut ints = Vec::new();
                for v in pos {
                    match v {
                        Value::Int(i) => ints.push(*i),
                        Value::Bool(b) => ints.push(*b as i64),
                        other => {
                            return Err(type_err(format!(
                                "'{}' object cannot be interpreted as an integer",
                                self.type_name(other)
                            )))
                        }
                    }
                }
                let (a, bb, s) = match ints[..] {
                    [n] => (0, n, 1),
                    [a, bb] => (a, bb, 1),
                    [a, bb, s] => (a, bb, s),
                    _ => unreachable!(),
                };
                if s == 0 {
                    return Err(Fault::py(
                        ExcKind::ValueError,
                        "range() arg 3 must not be zero",
                    ));
                }
                Ok(Value::RangeIter(a, bb, s))
            }
            Builtin::Str => {
                no_kw("str")?;
                arity(0, 1)?;
                Ok(Value::str(
                    &pos.first().map(|v| self.str_of(v)).unwrap_or_default(),
                ))
            }
            Builtin::Int => {
                no_kw("int")?;
                arity(0, 1)?;
                match pos.first() {
                    None => Ok(Value::Int(0)),
                    Some(Value::Int(i)) => Ok(Value::Int(*i)),
                    Some(Value::Bool(b)) => Ok(Value::Int(*b as i64)),
                    Some(Value::Str(s)) => s.trim().parse::<i64>().map(Value::Int).map_err(|_| {
                        Fault::py(
                            ExcKind::ValueError,
                            format!(
                                "invalid literal for int() with base 10: {}",
                                self.repr(&pos[0])
                            ),
                        )
                    }),
                    Some(other) => Err(type_err(format!(
                        "int() argument must be a string or a number, not '{}'",
                        self.type_name(other)
                    ))),
                }
            }
            Builtin::Bool => {
                no_kw("bool")?;
                arity(0, 1)?;
                Ok(Value::Bool(pos.first().is_some_and(|v| self.truthy(v))))
            }
            Builtin::Abs => {
                no_kw("abs")?;
                arity(1, 1)?;
                match &pos[0] {
                    Value::Int(i) => Ok(Value::Int(i.checked_abs().ok_or_else(overflow)?)),
                    other => Err(type_err(format!(
                        "bad operand type for abs(): '{}'",
                        self.type_name(other)
                    ))),
                }
            }
            Builtin::Min | Builtin::Max | Builtin::Sum => {
                no_kw(b.name())?;
                arity(1, usize::MAX)?;
                let items = if pos.len() == 1 {
                    self.items_of(&pos[0])?
                } else if b == Builtin::Sum {
                    return Err(type_err("sum() takes one iterable here".into()));
                } else {
                    pos.to_vec()
                };
                if b == Builtin::Sum {
                    let mut acc = Value::Int(0);
                    for v in &items {
                        acc = self.binop(BinOp::Add, &acc, v)?;
                    }
                    return Ok(acc);
                }
                let mut best: Option<Value> = None;
                for v in items {
                    best = Some(match best {
                        None => v,
                        Some(cur) => {
                            let less = self.compare(CmpOp::Lt, &v, &cur)?;
                            if less == (b == Builtin::Min) {
                                v
                            } else {
                                cur
                            }
                        }
                    });
                }
                best.ok_or_else(|| {
                    Fault::py(
                        ExcKind::ValueError,
                        format!("{}() arg is an empty sequence", b.name()),
                    )
                })
            }
            Builtin::List => {
                no_kw("list")?;
                arity(0, 1)?;
                let items = match pos.first() {
                    None => Vec::new(),
                    Some(v) => self.items_of(v)?,
                };
                self.alloc(Obj::List(items))
            }
            Builtin::Lock | Builtin::RLock | Builtin::Event => {
                args.check(b.name(), &[])?;
                self.alloc(match b {
                    Builtin::Lock => Obj::Lock { owner: None },
                    Builtin::RLock => Obj::RLock {
                        owner: None,
                        count: 0,
                    },
                    _ => Obj::Event {
                        flag: false,
                        waiters: Vec::new(),
                    },
                })
            }
            Builtin::Semaphore | Builtin::BoundedSemaphore => {
                args.check(b.name(), &["value"])?;
                let v = match args.get(0, "value") {
                    None => 1,
                    Some(Value::Int(v)) => *v,
                    Some(other) => {
                        return Err(type_err(format!(
                            "semaphore value must be an int, not '{}'",
                            self.type_name(other)
                        )))
                    }
                };
                if v < 0 {
                    return Err(Fault::py(
                        ExcKind::ValueError,
                        "semaphore initial value must be >= 0",
                    ));
                }
                self.alloc(Obj::Semaphore {
                    value: v,
                    bound: (b == Builtin::BoundedSemaphore).then_some(v),
                })
            }
            Builtin::Condition => {
                args.check("Condition", &["lock"])?;
                let lock = match args.get(0, "lock") {
                    None | Some(Value::None) => {
                        // CPython's default lock for a Condition is an RLock.
                        match self.alloc(Obj::RLock {
                            owner: None,
                            count: 0,
                        })? {
                            Value::Ref(o) => o,
                            _ => unreachable!(),
                        }
                    }
                    Some(Value::Ref(o))
                        if matches!(
                            *self.heap[*o as usize],
                            Obj::Lock { .. } | Obj::RLock { .. }
                        ) =>
                    {
                        *o
                    }
                    Some(_) => {
                        return Err(Fault::Model(
                            "Condition(lock) takes a Lock or an RLock here".into(),
                        ))
                    }
                };
                self.alloc(Obj::Condition {
                    lock,
                    waiters: Vec::new(),
                })
            }
            Builtin::Barrier => {
                args.check("Barrier", &["parties", "action", "timeout"])?;
                if !matches!(args.get(1, "action"), None | Some(Value::None)) {
                    return Err(Fault::Model(
                        "Barrier(action=...) is not modelled here".into(),
                    ));
                }
                args.no_timeout(2, "Barrier")?;
                let parties = match args.get(0, "parties") {
                    Some(Value::Int(p)) => *p,
                    _ => {
                        return Err(type_err(
                            "Barrier() missing 1 required positional argument: 'parties'".into(),
                        ))
                    }
                };
                if parties < 1 {
                    return Err(Fault::py(ExcKind::ValueError, "parties must be > 0"));
                }
                self.alloc(Obj::Barrier {
                    parties: parties.min(u32::MAX as i64) as u32,
                    waiting: Vec::new(),
                    broken: false,
                })
            }
            Builtin::Queue => {
                args.check("Queue", &["maxsize"])?;
                let maxsize = match args.get(0, "maxsize") {
                    None => 0,
                    Some(Value::Int(m)) => *m,
                    Some(other) => {
                        return Err(type_err(format!(
                            "maxsize must be an int, not '{}'",
                            self.type_name(other)
                        )))
                    }
                };
                self.alloc(Obj::Queue {
                    maxsize,
                    items: Vec::new(),
                    unfinished: 0,
                })
            }
            Builtin::Thread => {
                args.check(
                    "Thread",
                    &["group", "target", "name", "args", "kwargs", "daemon"],
                )?;
                if !args.pos.is_empty() {
                    return Err(type_err(
                        "Thread() takes keyword arguments here: Thread(target=f, args=(...))"
                            .into(),
                    ));
                }
                if args.get(9, "daemon").is_some_and(|d| d.truthy_simple()) {
                    return Err(Fault::Model(
                        "daemon threads are not modelled here (the program always waits for every thread)".into(),
                    ));
                }
                if args.get(9, "kwargs").is_some_and(|d| *d != Value::None) {
                    return Err(Fault::Model(
                        "Thread(kwargs=...) is not supported here".into(),
                    ));
                }
                let target = args.get(9, "target").cloned().unwrap_or(Value::None);
                let targs = match args.get(9, "args") {
                    None => Vec::new(),
                    Some(v) => self.items_of(v)?,
                };
                self.created += 1;
                let n = self.created;
                let name: Arc<str> = match args.get(9, "name") {
                    Some(Value::Str(s)) => s.clone(),
                    _ => Arc::from(match &target {
                        Value::Func(_) => format!("Thread-{n}"),
                        _ => format!("Thread-{n}"),
                    }),
                };
                self.alloc(Obj::Thread {
                    target,
                    args: targs,
                    name,
                    tid: None,
                })
            }
            Builtin::CurrentThread => {
                no_kw("current_thread")?;
                Ok(Value::Ref(self.threads[t as usize].obj))
            }
            Builtin::Sleep => {
                // A sleep is only a place where another thread gets to run:
                // the scheduler (you) decides that anyway.
                no_kw("sleep")?;
                arity(1, 1)?;
                Ok(Value::None)
            }
        }
    }

    // ------------------------------------------------------------ values
}
