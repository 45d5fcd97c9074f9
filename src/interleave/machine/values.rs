//! Python's value semantics on the game's heap: truth, equality, operators,
//! comparisons, indexing, attributes, `repr` and `str`.

use super::*;

impl State {
    pub(in crate::interleave) fn alloc(&mut self, o: Obj) -> R<Value> {
        if self.heap.len() >= MAX_HEAP_OBJECTS {
            return Err(Fault::Limit(format!(
                "more than {MAX_HEAP_OBJECTS} objects (lists, dicts, locks, threads...): the model's limit"
            )));
        }
        self.heap.make_mut().push(Shared::new(o));
        Ok(Value::Ref(self.heap.len() as ObjId - 1))
    }

    pub(super) fn type_name(&self, v: &Value) -> &'static str {
        match v {
            Value::Ref(o) => self.heap[*o as usize].type_name(),
            other => other.type_name(),
        }
    }

    pub(in crate::interleave) fn truthy(&self, v: &Value) -> bool {
        match v {
            Value::Ref(o) => match &*self.heap[*o as usize] {
                Obj::List(items) => !items.is_empty(),
                Obj::Dict(items) => !items.is_empty(),
                _ => true,
            },
            Value::RangeIter(a, b, s) => range_len(*a, *b, *s) > 0,
            other => other.truthy_simple(),
        }
    }

    /// Python `==`.
    pub(in crate::interleave) fn py_eq(&self, a: &Value, b: &Value) -> bool {
        self.py_eq_depth(a, b, 0)
    }

    pub(super) fn py_eq_depth(&self, a: &Value, b: &Value, depth: u32) -> bool {
        if depth > 50 {
            return false;
        }
        match (a, b) {
            (Value::Int(x), Value::Bool(y)) | (Value::Bool(y), Value::Int(x)) => *x == *y as i64,
            (Value::Ref(x), Value::Ref(y)) if x == y => true,
            (Value::Ref(x), Value::Ref(y)) => {
                match (&*self.heap[*x as usize], &*self.heap[*y as usize]) {
                    (Obj::List(p), Obj::List(q)) => {
                        p.len() == q.len()
                            && p.iter()
                                .zip(q)
                                .all(|(u, v)| self.py_eq_depth(u, v, depth + 1))
                    }
                    (Obj::Dict(p), Obj::Dict(q)) => {
                        p.len() == q.len()
                            && p.iter().all(|(k, v)| {
                                q.iter().any(|(k2, v2)| {
                                    self.py_eq_depth(k, k2, depth + 1)
                                        && self.py_eq_depth(v, v2, depth + 1)
                                })
                            })
                    }
                    _ => false,
                }
            }
            (Value::Tuple(p), Value::Tuple(q)) => {
                p.len() == q.len()
                    && p.iter()
                        .zip(q.iter())
                        .all(|(u, v)| self.py_eq_depth(u, v, depth + 1))
            }
            (Value::Exc(p), Value::Exc(q)) => Arc::ptr_eq(p, q),
            _ => a == b,
        }
    }

    pub(super) fn check_key(&self, k: &Value) -> R<()> {
        match k {
            Value::Ref(o) => Err(type_err(format!(
                "unhashable type: '{}'",
                self.heap[*o as usize].type_name()
            ))),
            _ => Ok(()),
        }
    }

    pub(in crate::interleave) fn dict_lookup(&self, obj: ObjId, k: &Value) -> R<Option<Value>> {
        self.check_key(k)?;
        let Obj::Dict(items) = &*self.heap[obj as usize] else {
            unreachable!()
        };
        Ok(items
            .iter()
            .find(|(k2, _)| self.py_eq(k, k2))
            .map(|(_, v)| v.clone()))
    }

    /// The items of an iterable (list, tuple, dict keys, str, range).
    pub(super) fn items_of(&self, v: &Value) -> R<Vec<Value>> {
        match v {
            Value::Tuple(items) => Ok(items.to_vec()),
            Value::Str(s) => Ok(s.chars().map(|c| Value::str(&c.to_string())).collect()),
            Value::RangeIter(a, b, s) => {
                if range_len(*a, *b, *s) > crate::interleave::MAX_COLLECTION_LEN {
                    return Err(Fault::Limit(format!(
                        "a range longer than {} (the model's limit)",
                        crate::interleave::MAX_COLLECTION_LEN
                    )));
                }
                let mut out = Vec::new();
                let mut c = *a;
                while (*s > 0 && c < *b) || (*s < 0 && c > *b) {
                    out.push(Value::Int(c));
                    c += s;
                }
                Ok(out)
            }
            Value::Ref(o) => match &*self.heap[*o as usize] {
                Obj::List(items) => Ok(items.clone()),
                Obj::Dict(items) => Ok(items.iter().map(|(k, _)| k.clone()).collect()),
                o => Err(type_err(format!(
                    "'{}' object is not iterable",
                    o.type_name()
                ))),
            },
            other => Err(type_err(format!(
                "'{}' object is not iterable",
                other.type_name()
            ))),
        }
    }

    pub(super) fn attr(&self, obj: &Value, name: &str) -> R<Value> {
        match obj {
            Value::Module(m) => m.attr(name).ok_or_else(|| {
                Fault::py(
                    ExcKind::AttributeError,
                    format!(
                        "module '{}' has no attribute '{name}' (in this model)",
                        m.name()
                    ),
                )
            }),
            Value::Ref(o) => {
                let ob = &*self.heap[*o as usize];
                if let Some(m) = ob.method(name) {
                    return Ok(Value::Method(*o, m));
                }
                match (ob, name) {
                    (Obj::Thread { name: n, .. }, "name") => Ok(Value::Str(n.clone())),
                    (Obj::Barrier { parties, .. }, "parties") => Ok(Value::Int(*parties as i64)),
                    (Obj::Barrier { waiting, .. }, "n_waiting") => {
                        Ok(Value::Int(waiting.len() as i64))
                    }
                    (Obj::Barrier { broken, .. }, "broken") => Ok(Value::Bool(*broken)),
                    (Obj::Queue { maxsize, .. }, "maxsize") => Ok(Value::Int(*maxsize)),
                    _ => Err(Fault::py(
                        ExcKind::AttributeError,
                        format!("'{}' object has no attribute '{name}'", ob.type_name()),
                    )),
                }
            }
            Value::Exc(e) if name == "args" => {
                Ok(Value::Tuple(Arc::from(vec![Value::Str(e.message.clone())])))
            }
            other => Err(Fault::py(
                ExcKind::AttributeError,
                format!(
                    "'{}' object has no attribute '{name}'",
                    self.type_name(other)
                ),
            )),
        }
    }

    pub(super) fn binop(&mut self, op: BinOp, a: &Value, b: &Value) -> R<Value> {
        let as_int = |v: &Value| match v {
            Value::Int(i) => Some(*i),
            Value::Bool(b) => Some(*b as i64),
            _ => None,
        };
        if let (Some(x), Some(y)) = (as_int(a), as_int(b)) {
            let r = match op {
                BinOp::Add => x.checked_add(y),
                BinOp::Sub => x.checked_sub(y),
                BinOp::Mul => x.checked_mul(y),
                BinOp::FloorDiv | BinOp::Mod => {
                    if y == 0 {
                        return Err(Fault::py(
                            ExcKind::ZeroDivisionError,
                            "integer division or modulo by zero",
                        ));
                    }
                    // Python floors (towards minus infinity).
                    x.checked_div(y).map(|_| {
                        if op == BinOp::FloorDiv {
                            floor_div(x, y)
                        } else {
                            x - floor_div(x, y) * y
                        }
                    })
                }
                // `subset` refuses these operators before a program runs.
                _ => {
                    return Err(Fault::py(
                        ExcKind::TypeError,
                        format!("'{}' is not supported by this model", op.symbol()),
                    ))
                }
            };
            return r.map(Value::Int).ok_or_else(overflow);
        }
        match (op, a, b) {
            (BinOp::Add, Value::Str(x), Value::Str(y)) => {
                if x.len() + y.len() > crate::interleave::MAX_STR_LEN {
                    return Err(Fault::Limit("a string grew too long for the model".into()));
                }
                Ok(Value::str(&format!("{x}{y}")))
            }
            (BinOp::Add, Value::Tuple(x), Value::Tuple(y)) => Ok(Value::Tuple(
                x.iter().chain(y.iter()).cloned().collect::<Vec<_>>().into(),
            )),
            (BinOp::Add, Value::Ref(x), Value::Ref(y)) => {
                match (&*self.heap[*x as usize], &*self.heap[*y as usize]) {
                    (Obj::List(p), Obj::List(q)) => {
                        let v: Vec<Value> = p.iter().chain(q).cloned().collect();
                        self.alloc(Obj::List(v))
                    }
                    _ => Err(self.unsupported(op, a, b)),
                }
            }
            (BinOp::Mul, Value::Str(s), Value::Int(n))
            | (BinOp::Mul, Value::Int(n), Value::Str(s)) => {
                let n = (*n).max(0) as usize;
                if s.len().saturating_mul(n) > crate::interleave::MAX_STR_LEN {
                    return Err(Fault::Limit("a string grew too long for the model".into()));
                }
                Ok(Value::str(&s.repeat(n)))
            }
            _ => Err(self.unsupported(op, a, b)),
        }
    }

    pub(super) fn unsupported(&self, op: BinOp, a: &Value, b: &Value) -> Fault {
        type_err(format!(
            "unsupported operand type(s) for {}: '{}' and '{}'",
            op.symbol(),
            self.type_name(a),
            self.type_name(b)
        ))
    }

    pub(super) fn compare(&self, c: CmpOp, a: &Value, b: &Value) -> R<bool> {
        match c {
            CmpOp::Eq => Ok(self.py_eq(a, b)),
            CmpOp::Ne => Ok(!self.py_eq(a, b)),
            CmpOp::Is | CmpOp::IsNot => {
                let same = match (a, b) {
                    (Value::Ref(x), Value::Ref(y)) => x == y,
                    (Value::Exc(x), Value::Exc(y)) => Arc::ptr_eq(x, y),
                    _ => a == b,
                };
                Ok(same == (c == CmpOp::Is))
            }
            CmpOp::In | CmpOp::NotIn => {
                let found = match b {
                    Value::Str(s) => match a {
                        Value::Str(x) => s.contains(&**x),
                        other => {
                            return Err(type_err(format!(
                                "'in <string>' requires string as left operand, not {}",
                                self.type_name(other)
                            )))
                        }
                    },
                    Value::Ref(o) if matches!(*self.heap[*o as usize], Obj::Dict(_)) => {
                        self.dict_lookup(*o, a)?.is_some()
                    }
                    other => self.items_of(other)?.iter().any(|x| self.py_eq(a, x)),
                };
                Ok(found == (c == CmpOp::In))
            }
            _ => {
                let ord = match (a, b) {
                    (Value::Int(_) | Value::Bool(_), Value::Int(_) | Value::Bool(_)) => {
                        let x = match a {
                            Value::Int(i) => *i,
                            Value::Bool(b) => *b as i64,
                            _ => 0,
                        };
                        let y = match b {
                            Value::Int(i) => *i,
                            Value::Bool(b) => *b as i64,
                            _ => 0,
                        };
                        x.cmp(&y)
                    }
                    (Value::Str(x), Value::Str(y)) => x.cmp(y),
                    _ => {
                        return Err(type_err(format!(
                            "'{}' not supported between instances of '{}' and '{}'",
                            c.symbol(),
                            self.type_name(a),
                            self.type_name(b)
                        )))
                    }
                };
                Ok(match c {
                    CmpOp::Lt => ord.is_lt(),
                    CmpOp::Le => ord.is_le(),
                    CmpOp::Gt => ord.is_gt(),
                    _ => ord.is_ge(),
                })
            }
        }
    }

    pub(super) fn index(&self, len: usize, idx: &Value, what: &str) -> R<usize> {
        let i = match idx {
            Value::Int(i) => *i,
            Value::Bool(b) => *b as i64,
            other => {
                return Err(type_err(format!(
                    "{what} indices must be integers, not {}",
                    self.type_name(other)
                )))
            }
        };
        let j = if i < 0 { i + len as i64 } else { i };
        if j < 0 || j >= len as i64 {
            return Err(Fault::py(
                ExcKind::IndexError,
                format!("{what} index out of range"),
            ));
        }
        Ok(j as usize)
    }

    pub(super) fn subscript(&self, obj: &Value, idx: &Value) -> R<Value> {
        match obj {
            Value::Ref(o) => match &*self.heap[*o as usize] {
                Obj::List(items) => Ok(items[self.index(items.len(), idx, "list")?].clone()),
                Obj::Dict(_) => self
                    .dict_lookup(*o, idx)?
                    .ok_or_else(|| Fault::py(ExcKind::KeyError, self.repr(idx))),
                ob => Err(type_err(format!(
                    "'{}' object is not subscriptable",
                    ob.type_name()
                ))),
            },
            Value::Tuple(items) => Ok(items[self.index(items.len(), idx, "tuple")?].clone()),
            Value::Str(s) => {
                let chars: Vec<char> = s.chars().collect();
                let i = self.index(chars.len(), idx, "string")?;
                Ok(Value::str(&chars[i].to_string()))
            }
            other => Err(type_err(format!(
                "'{}' object is not subscriptable",
                self.type_name(other)
            ))),
        }
    }

    pub(super) fn store_subscript(&mut self, obj: &Value, idx: Value, v: Value) -> R<()> {
        match obj {
            Value::Ref(o) => match &*self.heap[*o as usize] {
                Obj::List(items) => {
                    let i = self.index(items.len(), &idx, "list assignment")?;
                    if let Obj::List(items) = self.heap.make_mut()[*o as usize].make_mut() {
                        items[i] = v;
                    }
                    Ok(())
                }
                Obj::Dict(items) => {
                    self.check_key(&idx)?;
                    let pos = items.iter().position(|(k, _)| self.py_eq(k, &idx));
                    let len = items.len();
                    if let Obj::Dict(items) = self.heap.make_mut()[*o as usize].make_mut() {
                        match pos {
                            Some(p) => items[p].1 = v,
                            None => {
                                if len >= crate::interleave::MAX_COLLECTION_LEN {
                                    return Err(Fault::Limit(
                                        "a dict grew too big for the model".into(),
                                    ));
                                }
                                items.push((idx, v))
                            }
                        }
                    }
                    Ok(())
                }
                ob => Err(type_err(format!(
                    "'{}' object does not support item assignment",
                    ob.type_name()
                ))),
            },
            other => Err(type_err(format!(
                "'{}' object does not support item assignment",
                self.type_name(other)
            ))),
        }
    }

    /// Python `repr(v)`.
    pub fn repr(&self, v: &Value) -> String {
        let mut s = String::new();
        self.repr_into(v, &mut s, 0);
        s
    }

    pub(super) fn repr_into(&self, v: &Value, out: &mut String, depth: u32) {
        let obj = |id: ObjId, out: &mut String| {
            if depth > 8 {
                out.push_str("...");
                return;
            }
            match &*self.heap[id as usize] {
                Obj::List(items) => {
                    out.push('[');
                    for (i, it) in items.iter().enumerate() {
                        if i > 0 {
                            out.push_str(", ");
                        }
                        self.repr_into(it, out, depth + 1);
                    }
                    out.push(']');
                }
                Obj::Dict(items) => {
                    out.push('{');
                    for (i, (k, v)) in items.iter().enumerate() {
                        if i > 0 {
                            out.push_str(", ");
                        }
                        self.repr_into(k, out, depth + 1);
                        out.push_str(": ");
                        self.repr_into(v, out, depth + 1);
                    }
                    out.push('}');
                }
                Obj::Thread { name, .. } => {
                    let _ = write!(out, "<Thread({name})>");
                }
                o => {
                    let _ = write!(out, "<{} object>", o.type_name());
                }
            }
        };
        repr_with(v, &obj, out);
    }

    /// Python `str(v)`.
    pub fn str_of(&self, v: &Value) -> String {
        match v {
            Value::Str(s) => s.to_string(),
            Value::Exc(e) => e.message.to_string(),
            Value::RangeIter(a, b, s) => {
                if *s == 1 {
                    format!("range({a}, {b})")
                } else {
                    format!("range({a}, {b}, {s})")
                }
            }
            other => self.repr(other),
        }
    }
}
