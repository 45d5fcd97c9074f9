//! Iteration: `iter()`, `next()`, and everything built on them (unpacking,
//! `list(x)`, `for`).

use std::sync::Mutex;

use super::value::{lock, Args, IterState, Object, RangeIter, Value};
use super::vm::Vm;
use super::PyResult;

impl Vm {
    pub fn iter(&mut self, v: &Value) -> PyResult<Value> {
        let state = match v {
            Value::Str(s) => IterState::Str {
                s: s.clone(),
                byte: 0,
            },
            Value::Obj(o) => match &**o {
                Object::List(_) | Object::Tuple(_) | Object::Bytes(_) | Object::ByteArray(_) => {
                    IterState::Seq {
                        seq: v.clone(),
                        index: 0,
                    }
                }
                Object::Range(a, b, c) => {
                    return Ok(Value::obj(Object::RangeIter(RangeIter::new(*a, *b, *c))))
                }
                Object::Dict(d) => IterState::Items(
                    lock(d)
                        .keys()
                        .map(|k| k.0.clone())
                        .collect::<Vec<_>>()
                        .into_iter(),
                    "dict_keyiterator",
                ),
                Object::Set(_) | Object::FrozenSet(_) => {
                    let items = super::sets::with_items(v, |s| {
                        s.keys().map(|k| k.0.clone()).collect::<Vec<_>>()
                    })
                    .unwrap_or_default();
                    IterState::Items(
                        super::builtins::hashing::set_items_in_order(items).into_iter(),
                        "set_iterator",
                    )
                }
                Object::Iter(_) | Object::RangeIter(_) | Object::Generator(_) => {
                    return Ok(v.clone())
                }
                // A class iterates through its metaclass (an enum's members).
                Object::Instance(_) | Object::Class(_) => {
                    if let Some(m) = self.lookup_special(v, "__iter__") {
                        return self.call(&m, Args::default());
                    }
                    if self.lookup_special(v, "__getitem__").is_some() {
                        IterState::Seq {
                            seq: v.clone(),
                            index: 0,
                        }
                    } else {
                        return Err(self.not_iterable(v));
                    }
                }
                Object::Native(n) => match n.attr(v, "__iter__") {
                    Some(m) => return self.call(&m, Args::default()),
                    None => return Err(self.not_iterable(v)),
                },
                _ => return Err(self.not_iterable(v)),
            },
            _ => return Err(self.not_iterable(v)),
        };
        Ok(Value::obj(Object::Iter(Mutex::new(state))))
    }

    fn not_iterable(&self, v: &Value) -> super::PyErr {
        self.new_error(
            "TypeError",
            format!("'{}' object is not iterable", self.type_name(v)),
        )
    }

    /// The next item, or `None` when the iterator is exhausted.
    pub fn next(&mut self, it: &Value) -> PyResult<Option<Value>> {
        let Value::Obj(o) = it else {
            return Err(self.not_iterator(it));
        };
        match &**o {
            Object::Iter(state) => self.next_builtin(state),
            Object::RangeIter(r) => Ok(r.next().map(Value::Int)),
            Object::Generator(g) => self.resume(g, Value::None),
            Object::Instance(_) => {
                let Some(m) = self.lookup_special(it, "__next__") else {
                    return Err(self.not_iterator(it));
                };
                match self.call(&m, Args::default()) {
                    Ok(v) => Ok(Some(v)),
                    Err(e) if e.kill.is_none() && self.is_stop_iteration(&e.exc) => Ok(None),
                    Err(e) => Err(e),
                }
            }
            Object::Native(n) => match n.attr(it, "__next__") {
                Some(m) => match self.call(&m, Args::default()) {
                    Ok(v) => Ok(Some(v)),
                    Err(e) if e.kill.is_none() && self.is_stop_iteration(&e.exc) => Ok(None),
                    Err(e) => Err(e),
                },
                None => Err(self.not_iterator(it)),
            },
            _ => Err(self.not_iterator(it)),
        }
    }

    fn is_stop_iteration(&self, exc: &Value) -> bool {
        let si = self.interp.types.get("StopIteration").clone();
        self.isinstance(exc, &si)
    }

    fn not_iterator(&self, v: &Value) -> super::PyErr {
        self.new_error(
            "TypeError",
            format!("'{}' object is not an iterator", self.type_name(v)),
        )
    }

    // One arm per kind of built-in iterator (sequence, str, enumerate, zip,
    // map, filter, ...), in two halves: what to take under the lock, then
    // what to call with it released.
    fn next_builtin(&mut self, state: &Mutex<IterState>) -> PyResult<Option<Value>> {
        // Lazy wrappers call back into Python: take what they need out of
        // the lock first, so a nested next() on the same iterator does not
        // deadlock.
        enum Then {
            Done(Option<Value>),
            Enumerate(Value, Value),
            Zip(Vec<Value>),
            Map(Value, Vec<Value>),
            Filter(Value, Value),
            Call(Value, Value),
            GetItem(Value, usize),
        }
        let then = {
            let mut s = lock(state);
            match &mut *s {
                IterState::Seq { seq, index } => match seq.as_obj() {
                    Some(Object::List(l)) => {
                        let v = lock(l).get(*index).cloned();
                        *index += 1;
                        Then::Done(v)
                    }
                    Some(Object::Tuple(t)) => {
                        let v = t.get(*index).cloned();
                        *index += 1;
                        Then::Done(v)
                    }
                    Some(Object::Bytes(b)) => {
                        let v = b.get(*index).map(|&c| Value::Int(c as i64));
                        *index += 1;
                        Then::Done(v)
                    }
                    // Read at each step: a bytearray that grows while it is
                    // iterated yields the new bytes, as a list does.
                    Some(Object::ByteArray(b)) => {
                        let v = lock(b).get(*index).map(|&c| Value::Int(c as i64));
                        *index += 1;
                        Then::Done(v)
                    }
                    _ => {
                        let i = *index;
                        *index += 1;
                        Then::GetItem(seq.clone(), i)
                    }
                },
                IterState::Items(it, _) => Then::Done(it.next()),
                IterState::Str { s, byte } => match s[*byte..].chars().next() {
                    Some(c) if c.is_ascii() => {
                        *byte += 1;
                        Then::Done(Some(super::seq::ascii_char(c as u8)))
                    }
                    Some(c) => {
                        *byte += c.len_utf8();
                        let mut buf = [0u8; 4];
                        Then::Done(Some(Value::str(c.encode_utf8(&mut buf))))
                    }
                    None => Then::Done(None),
                },
                IterState::Enumerate { inner, count } => {
                    Then::Enumerate(inner.clone(), count.clone())
                }
                IterState::Zip(inners) => Then::Zip(inners.clone()),
                IterState::Map { func, inners } => Then::Map(func.clone(), inners.clone()),
                IterState::Filter { func, inner } => Then::Filter(func.clone(), inner.clone()),
                IterState::Call { func, sentinel } => Then::Call(func.clone(), sentinel.clone()),
                IterState::Done(_) => Then::Done(None),
            }
        };
        match then {
            Then::Done(v) => {
                if v.is_none() {
                    let mut s = lock(state);
                    *s = IterState::Done(s.type_name());
                }
                Ok(v)
            }
            Then::GetItem(seq, i) => match self.get_item(&seq, &Value::Int(i as i64)) {
                Ok(v) => Ok(Some(v)),
                Err(e) if e.kill.is_none() && self.is_index_error(&e.exc) => Ok(None),
                Err(e) => Err(e),
            },
            Then::Enumerate(inner, count) => match self.next(&inner)? {
                Some(v) => {
                    let next =
                        self.binary_op(crate::interleave::ast::BinOp::Add, &count, &Value::Int(1))?;
                    if let IterState::Enumerate { count: c, .. } = &mut *lock(state) {
                        *c = next;
                    }
                    Ok(Some(Value::tuple(vec![count, v])))
                }
                None => Ok(None),
            },
            Then::Zip(inners) => {
                let mut out = Vec::with_capacity(inners.len());
                for i in &inners {
                    match self.next(i)? {
                        Some(v) => out.push(v),
                        None => return Ok(None),
                    }
                }
                Ok((!inners.is_empty()).then(|| Value::tuple(out)))
            }
            Then::Map(func, inners) => {
                let mut args = Vec::with_capacity(inners.len());
                for i in &inners {
                    match self.next(i)? {
                        Some(v) => args.push(v),
                        None => return Ok(None),
                    }
                }
                self.call1(&func, args).map(Some)
            }
            Then::Filter(func, inner) => loop {
                let Some(v) = self.next(&inner)? else {
                    return Ok(None);
                };
                let keep = if func.is_none() {
                    self.truthy(&v)?
                } else {
                    let r = self.call1(&func, vec![v.clone()])?;
                    self.truthy(&r)?
                };
                if keep {
                    return Ok(Some(v));
                }
            },
            Then::Call(func, sentinel) => {
                let v = self.call1(&func, Vec::new())?;
                if self.eq(&v, &sentinel)? {
                    *lock(state) = IterState::Done("callable_iterator");
                    Ok(None)
                } else {
                    Ok(Some(v))
                }
            }
        }
    }

    fn is_index_error(&self, exc: &Value) -> bool {
        let t = self.interp.types.get("IndexError").clone();
        self.isinstance(exc, &t)
    }

    /// Every item of an iterable.
    pub fn collect(&mut self, v: &Value) -> PyResult<Vec<Value>> {
        match v.as_obj() {
            Some(Object::List(l)) => return Ok(lock(l).clone()),
            Some(Object::Tuple(t)) => return Ok(t.to_vec()),
            _ => {}
        }
        let mut c = Collect(Vec::new());
        self.each(v, &mut c)?;
        Ok(c.0)
    }

    pub fn unpack(&mut self, v: &Value, n: usize) -> PyResult<Vec<Value>> {
        let items = self.collect(v)?;
        if items.len() < n {
            return Err(self.new_error(
                "ValueError",
                format!(
                    "not enough values to unpack (expected {n}, got {})",
                    items.len()
                ),
            ));
        }
        if items.len() > n {
            return Err(self.new_error(
                "ValueError",
                format!("too many values to unpack (expected {n})"),
            ));
        }
        Ok(items)
    }

    /// `a, *b, c = v`: the items, with the starred ones gathered in a list.
    pub fn unpack_ex(&mut self, v: &Value, before: usize, after: usize) -> PyResult<Vec<Value>> {
        let mut items = self.collect(v)?;
        if items.len() < before + after {
            return Err(self.new_error(
                "ValueError",
                format!(
                    "not enough values to unpack (expected at least {}, got {})",
                    before + after,
                    items.len()
                ),
            ));
        }
        let tail = items.split_off(items.len() - after);
        let middle = items.split_off(before);
        items.push(Value::list(middle));
        items.extend(tail);
        Ok(items)
    }
}

/// `collect`'s list: the heap it takes is counted every 4096 items, which
/// `feed` does (it may raise `MemoryError`).
struct Collect(Vec<Value>);

impl super::drive::Consumer for Collect {
    fn take(&mut self, x: Value) -> Option<Value> {
        if (self.0.len() + 1).is_multiple_of(4096) {
            return Some(x);
        }
        self.0.push(x);
        None
    }

    fn feed(&mut self, vm: &mut Vm, x: Value) -> PyResult<super::drive::Took> {
        self.0.push(x);
        if self.0.len().is_multiple_of(4096) {
            vm.count_heap(4096 * 16)?;
        }
        Ok(super::drive::Took::More)
    }
}
