//! Subscripts, slices, `len`, sets, and the run's memory accounting.

use std::sync::atomic::Ordering;
use std::sync::Mutex;

use super::value::{lock, Args, Object, Value};
use super::vm::Vm;
use super::PyResult;

/// Whether a string is ASCII, and its length in characters. Both take a
/// pass over the string, and a loop such as `while i < len(s): … s[i]`
/// asks for them at every step: over a 200 KB text that made the loop
/// quadratic (3.6 s against CPython's 0.11 s, which stores both). Each
/// thread keeps the answer for the last long string it asked about,
/// holding that string so that its address cannot be reused meanwhile.
pub fn text_shape(s: &std::sync::Arc<str>) -> (bool, usize) {
    use std::cell::RefCell;
    use std::sync::Arc;
    type Shape = Option<(Arc<str>, bool, usize)>;
    thread_local! {
        static LAST: RefCell<Shape> = const { RefCell::new(None) };
    }
    let measure = |s: &str| {
        let ascii = s.is_ascii();
        (ascii, if ascii { s.len() } else { s.chars().count() })
    };
    if s.len() < 256 {
        return measure(s);
    }
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        if let Some((kept, ascii, count)) = &*last {
            if Arc::ptr_eq(kept, s) {
                return (*ascii, *count);
            }
        }
        let (ascii, count) = measure(s);
        *last = Some((s.clone(), ascii, count));
        (ascii, count)
    })
}

/// The one-character string of an ASCII byte, from a table of this
/// thread's: `s[i]` in a loop then allocates nothing (CPython keeps such
/// strings too), and threads do not share their reference counts.
pub fn ascii_char(b: u8) -> Value {
    use std::sync::Arc;
    thread_local! {
        static CHARS: Vec<Arc<str>> = (0..128u8)
            .map(|b| Arc::from((b as char).encode_utf8(&mut [0; 4]) as &str))
            .collect();
    }
    CHARS.with(|c| Value::Str(c[(b & 0x7f) as usize].clone()))
}

/// Python's `slice.indices(len)`: start, stop, step, count.
fn slice_indices(
    len: i64,
    start: Option<i64>,
    stop: Option<i64>,
    step: i64,
) -> (i64, i64, i64, usize) {
    let clamp = |v: i64, lo: i64, hi: i64| v.max(lo).min(hi);
    let (lo, hi) = if step > 0 { (0, len) } else { (-1, len - 1) };
    let norm = |v: i64| if v < 0 { v + len } else { v };
    let start = match start {
        Some(s) => clamp(norm(s), lo, hi),
        None => {
            if step > 0 {
                0
            } else {
                len - 1
            }
        }
    };
    let stop = match stop {
        Some(s) => clamp(norm(s), lo, hi),
        None => {
            if step > 0 {
                len
            } else {
                -1
            }
        }
    };
    let count = if step > 0 {
        if stop > start {
            ((stop - start - 1) / step + 1) as usize
        } else {
            0
        }
    } else if start > stop {
        ((start - stop - 1) / (-step) + 1) as usize
    } else {
        0
    };
    (start, stop, step, count)
}

impl Vm {
    fn index_of(&mut self, v: &Value, what: &str) -> PyResult<Option<i64>> {
        match v {
            Value::None => Ok(None),
            Value::Int(i) => Ok(Some(*i)),
            Value::Bool(b) => Ok(Some(*b as i64)),
            Value::Big(b) => Ok(Some(if num_traits::Signed::is_negative(&**b) {
                i64::MIN
            } else {
                i64::MAX
            })),
            _ => Err(self.new_error(
                "TypeError",
                format!("{what} indices must be integers or None or have an __index__ method"),
            )),
        }
    }

    pub(super) fn slice_of(&mut self, s: &Value, len: usize) -> PyResult<(i64, i64, usize)> {
        let Some(Object::Slice(a, b, c)) = s.as_obj() else {
            unreachable!("a slice")
        };
        let step = self.index_of(c, "slice")?.unwrap_or(1);
        if step == 0 {
            return Err(self.new_error("ValueError", "slice step cannot be zero"));
        }
        let (start, _, step, n) = slice_indices(
            len as i64,
            self.index_of(a, "slice")?,
            self.index_of(b, "slice")?,
            step,
        );
        Ok((start, step, n))
    }

    fn pick<T: Clone>(items: &[T], start: i64, step: i64, n: usize) -> Vec<T> {
        (0..n)
            .map(|k| items[(start + k as i64 * step) as usize].clone())
            .collect()
    }

    /// A position in a sequence of `len`, negative counting from the end.
    pub(super) fn position(&mut self, i: &Value, len: usize, what: &str) -> PyResult<usize> {
        let idx = match i {
            Value::Int(x) => *x,
            Value::Bool(b) => *b as i64,
            Value::Big(_) => i64::MAX,
            // CPython 3.11 words a str's differently from a list's.
            _ if what == "string" => {
                return Err(self.new_error(
                    "TypeError",
                    format!(
                        "string indices must be integers, not '{}'",
                        self.type_name(i)
                    ),
                ))
            }
            _ => {
                return Err(self.new_error(
                    "TypeError",
                    format!(
                        "{what} indices must be integers or slices, not {}",
                        self.type_name(i)
                    ),
                ))
            }
        };
        let real = if idx < 0 { idx + len as i64 } else { idx };
        if real < 0 || real >= len as i64 {
            return Err(self.new_error("IndexError", format!("{what} index out of range")));
        }
        Ok(real as usize)
    }

    pub fn get_item(&mut self, a: &Value, i: &Value) -> PyResult<Value> {
        let is_slice = matches!(i.as_obj(), Some(Object::Slice(..)));
        match a {
            Value::Str(s) => {
                // ASCII (most strings): a character is a byte, so no
                // list of the characters is built for one `s[i]` (a loop
                // over a long string's indices was quadratic with a large
                // constant: json's scanner).
                if text_shape(s).0 {
                    if is_slice {
                        let (start, step, n) = self.slice_of(i, s.len())?;
                        if step == 1 {
                            let a = start as usize;
                            return Ok(Value::str(&s[a..a + n]));
                        }
                        let b = s.as_bytes();
                        let picked: String = (0..n)
                            .map(|k| b[(start + k as i64 * step) as usize] as char)
                            .collect();
                        return Ok(Value::str(&picked));
                    }
                    let p = self.position(i, s.len(), "string")?;
                    return Ok(ascii_char(s.as_bytes()[p]));
                }
                let chars: Vec<char> = s.chars().collect();
                if is_slice {
                    let (start, step, n) = self.slice_of(i, chars.len())?;
                    return Ok(Value::str(
                        &Self::pick(&chars, start, step, n)
                            .into_iter()
                            .collect::<String>(),
                    ));
                }
                let p = self.position(i, chars.len(), "string")?;
                return Ok(Value::str(&chars[p].to_string()));
            }
            Value::Obj(o) => match &**o {
                Object::List(l) => {
                    // `xs[i]` in range: one lock, read and copied under it.
                    if let Value::Int(idx) = i {
                        let g = lock(l);
                        let len = g.len() as i64;
                        let real = if *idx < 0 { idx + len } else { *idx };
                        if (0..len).contains(&real) {
                            return Ok(g[real as usize].clone());
                        }
                    }
                    let g = lock(l);
                    let len = g.len();
                    drop(g);
                    if is_slice {
                        // Only the slice is copied (not the whole list
                        // first: `xs[a:b]` in a loop was quadratic). Its
                        // bounds may run Python (`__index__`), so the lock
                        // is taken again after, and the list may have
                        // shrunk meanwhile.
                        let (start, step, n) = self.slice_of(i, len)?;
                        let g = lock(l);
                        let items = (0..n)
                            .filter_map(|k| g.get((start + k as i64 * step) as usize).cloned())
                            .collect();
                        return Ok(Value::list(items));
                    }
                    let p = self.position(i, len, "list")?;
                    let Some(Object::List(l)) = a.as_obj() else {
                        unreachable!()
                    };
                    return lock(l)
                        .get(p)
                        .cloned()
                        .ok_or_else(|| self.new_error("IndexError", "list index out of range"));
                }
                Object::Tuple(t) => {
                    if is_slice {
                        let (start, step, n) = self.slice_of(i, t.len())?;
                        return Ok(Value::tuple(Self::pick(t, start, step, n)));
                    }
                    let p = self.position(i, t.len(), "tuple")?;
                    return Ok(t[p].clone());
                }
                Object::Bytes(_) | Object::ByteArray(_) => return self.bytes_item(a, i),
                Object::Dict(d) => {
                    let k = self.key_in(d, i)?;
                    if let Some(v) = lock(d).get(&*k) {
                        return Ok(v.clone());
                    }
                    let r = self.repr(i)?;
                    return Err(self.new_error("KeyError", r).with_key(i.clone(), self));
                }
                Object::Range(start, stop, step) => {
                    let n = range_len(*start, *stop, *step);
                    let p = self.position(i, n, "range object")?;
                    return Ok(Value::Int(start + p as i64 * step));
                }
                Object::Instance(_) => {
                    if let Some(m) = self.lookup_special(a, "__getitem__") {
                        return self.call(&m, Args::new(vec![i.clone()]));
                    }
                }
                Object::Class(c) => {
                    // A metaclass's `__getitem__` comes first (`Color["RED"]`).
                    if let Some(m) = self.meta_special(a, "__getitem__") {
                        return self.call(&m, Args::new(vec![i.clone()]));
                    }
                    return self.class_subscript(a, c, i);
                }
                _ => {}
            },
            _ => {}
        }
        Err(self.new_error(
            "TypeError",
            format!("'{}' object is not subscriptable", self.type_name(a)),
        ))
    }

    pub fn set_item(&mut self, a: &Value, i: Value, v: Value) -> PyResult<()> {
        match a.as_obj() {
            Some(Object::ByteArray(ba)) => self.bytearray_set(ba, &i, &v),
            Some(Object::List(l)) => {
                if let Some(Object::Slice(..)) = i.as_obj() {
                    let items = self.collect(&v)?;
                    let len = lock(l).len();
                    let (start, step, n) = self.slice_of(&i, len)?;
                    let mut g = lock(l);
                    if step == 1 {
                        let start = start as usize;
                        g.splice(start..start + n, items);
                        return Ok(());
                    }
                    if items.len() != n {
                        drop(g);
                        return Err(self.new_error(
                            "ValueError",
                            format!("attempt to assign sequence of size {} to extended slice of size {n}", items.len()),
                        ));
                    }
                    for (k, x) in items.into_iter().enumerate() {
                        g[(start + k as i64 * step) as usize] = x;
                    }
                    return Ok(());
                }
                let len = lock(l).len();
                let p = self.position(&i, len, "list")?;
                match lock(l).get_mut(p) {
                    Some(slot) => {
                        *slot = v;
                        Ok(())
                    }
                    None => Err(self.new_error("IndexError", "list assignment index out of range")),
                }
            }
            Some(Object::Dict(d)) => {
                let (k, mut g) = self.key_locked(d, i)?;
                let grew = g.insert(k, v).is_none();
                drop(g);
                if grew {
                    self.count_heap(48)?;
                }
                Ok(())
            }
            Some(Object::Instance(_)) if self.lookup_special(a, "__setitem__").is_some() => {
                let m = self.lookup_special(a, "__setitem__").expect("checked");
                self.call(&m, Args::new(vec![i, v]))?;
                Ok(())
            }
            _ => Err(self.new_error(
                "TypeError",
                format!(
                    "'{}' object does not support item assignment",
                    self.type_name(a)
                ),
            )),
        }
    }

    pub fn del_item(&mut self, a: &Value, i: &Value) -> PyResult<()> {
        match a.as_obj() {
            Some(Object::ByteArray(ba)) => self.bytearray_del(ba, i),
            Some(Object::List(l)) => {
                if let Some(Object::Slice(..)) = i.as_obj() {
                    let len = lock(l).len();
                    let (start, step, n) = self.slice_of(i, len)?;
                    let mut idx: Vec<usize> =
                        (0..n).map(|k| (start + k as i64 * step) as usize).collect();
                    idx.sort_unstable();
                    let mut g = lock(l);
                    for k in idx.into_iter().rev() {
                        g.remove(k);
                    }
                    return Ok(());
                }
                let len = lock(l).len();
                let p = self.position(i, len, "list")?;
                lock(l).remove(p);
                Ok(())
            }
            Some(Object::Dict(d)) => {
                let k = self.key_in(d, i)?;
                if lock(d).shift_remove(&*k).is_some() {
                    Ok(())
                } else {
                    let r = self.repr(i)?;
                    Err(self.new_error("KeyError", r).with_key(i.clone(), self))
                }
            }
            Some(Object::Instance(_)) if self.lookup_special(a, "__delitem__").is_some() => {
                let m = self.lookup_special(a, "__delitem__").expect("checked");
                self.call(&m, Args::new(vec![i.clone()]))?;
                Ok(())
            }
            _ => Err(self.new_error(
                "TypeError",
                format!(
                    "'{}' object doesn't support item deletion",
                    self.type_name(a)
                ),
            )),
        }
    }

    pub fn len(&mut self, v: &Value) -> PyResult<usize> {
        Ok(match v {
            Value::Str(s) => text_shape(s).1,
            Value::Obj(o) => match &**o {
                Object::List(l) => lock(l).len(),
                Object::Tuple(t) => t.len(),
                Object::Dict(d) => lock(d).len(),
                Object::Set(s) => lock(s).len(),
                Object::FrozenSet(f) => f.items().len(),
                Object::Bytes(b) => b.len(),
                Object::ByteArray(b) => lock(b).len(),
                Object::Range(a, b, c) => range_len(*a, *b, *c),
                Object::Instance(_) | Object::Native(_) | Object::Class(_) => {
                    let m = match &**o {
                        Object::Native(n) => n.attr(v, "__len__"),
                        _ => self.lookup_special(v, "__len__"),
                    };
                    let Some(m) = m else {
                        return Err(self.no_len(v));
                    };
                    let r = self.call(&m, Args::default())?;
                    match r {
                        Value::Int(i) if i >= 0 => i as usize,
                        _ => {
                            return Err(self.new_error("ValueError", "__len__() should return >= 0"))
                        }
                    }
                }
                _ => return Err(self.no_len(v)),
            },
            _ => return Err(self.no_len(v)),
        })
    }

    fn no_len(&self, v: &Value) -> super::PyErr {
        self.new_error(
            "TypeError",
            format!("object of type '{}' has no len()", self.type_name(v)),
        )
    }

    pub fn new_set(&mut self, items: Vec<Value>) -> PyResult<Value> {
        let mut s = super::value::SetMap::with_capacity_and_hasher(items.len(), Default::default());
        for i in items {
            let k = self.key(i)?;
            self.insert_local(&mut s, k, ())?;
        }
        Ok(Value::obj(Object::Set(Mutex::new(s))))
    }

    /// Counts bytes the program's data grows by; past the run's limit the
    /// program gets `MemoryError` instead of exhausting the tab's memory.
    pub fn count_heap(&mut self, bytes: usize) -> PyResult<()> {
        let total = self.interp.heap_bytes.fetch_add(bytes, Ordering::Relaxed) + bytes;
        self.interp.gc.heap_grew(total);
        if total > self.interp.options.max_heap_bytes {
            self.interp.heap_bytes.fetch_sub(bytes, Ordering::Relaxed);
            // Unreachable cycles may hold the room (CPython would have
            // freed them by now): collect once before giving up.
            if !(self.holds_gil() && self.interp.gc.is_enabled() && self.collect_garbage(true) > 0)
            {
                return Err(self.new_error("MemoryError", ""));
            }
            let total = self.interp.heap_bytes.fetch_add(bytes, Ordering::Relaxed) + bytes;
            if total > self.interp.options.max_heap_bytes {
                self.interp.heap_bytes.fetch_sub(bytes, Ordering::Relaxed);
                return Err(self.new_error("MemoryError", ""));
            }
        }
        Ok(())
    }

    /// Gives back bytes of containers that shrank.
    pub fn release_heap(&mut self, bytes: usize) {
        let _ = self
            .interp
            .heap_bytes
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |v| {
                Some(v.saturating_sub(bytes))
            });
    }

    /// A new str, refused past the run's largest string (strings are not
    /// counted in the heap estimate: a program that keeps making big
    /// strings and dropping them must not run out).
    pub fn new_str(&mut self, s: String) -> PyResult<Value> {
        if s.len() > super::MAX_STR_BYTES {
            return Err(self.new_error("MemoryError", ""));
        }
        Ok(Value::Str(s.into()))
    }
}

pub fn range_len(start: i64, stop: i64, step: i64) -> usize {
    let (lo, hi, st) = if step > 0 {
        (start, stop, step)
    } else {
        (stop, start, -step)
    };
    if hi <= lo {
        0
    } else {
        ((hi as i128 - lo as i128 - 1) / st as i128 + 1) as usize
    }
}

impl super::PyErr {
    /// KeyError's argument is the key itself (its str is the key's repr).
    pub(super) fn with_key(self, key: Value, vm: &Vm) -> super::PyErr {
        if let Some(Object::Instance(i)) = self.exc.as_obj() {
            i.set("args", Value::tuple(vec![key]));
        }
        let _ = vm;
        self
    }
}
