//! The receiving half of [`super::pickle`]: bytes back into new objects
//! of this process. Objects are memoised in the order the encoder met
//! them, so a back-reference finds the one object it means (containers
//! that can change as soon as they exist, items of immutable ones first).

use std::sync::{Arc, Mutex};

use num_bigint::BigInt;

use super::pickle::{lookup, tag, Msg};
use crate::interleave::runner::value::{
    lock, Dict, Key, Object, SetMap, Value, DICT_ITEM_BYTES, LIST_ITEM_BYTES, SET_ITEM_BYTES,
};
use crate::interleave::runner::vm::Vm;
use crate::interleave::runner::{PyErr, PyResult};

/// Rebuilds a message as new objects of this process.
pub fn loads(vm: &mut Vm, m: &Msg) -> PyResult<Value> {
    let mut d = Decoder {
        vm,
        msg: m,
        pos: 0,
        memo: Vec::new(),
    };
    d.value()
}

struct Decoder<'a> {
    vm: &'a mut Vm,
    msg: &'a Msg,
    pos: usize,
    memo: Vec<Value>,
}

impl Decoder<'_> {
    fn corrupt(&self) -> PyErr {
        self.vm.new_error("ValueError", "pickle data was truncated")
    }

    fn byte(&mut self) -> PyResult<u8> {
        let b = *self.msg.bytes.get(self.pos).ok_or_else(|| self.corrupt())?;
        self.pos += 1;
        Ok(b)
    }

    fn take(&mut self, n: usize) -> PyResult<&[u8]> {
        if self.pos + n > self.msg.bytes.len() {
            return Err(self.corrupt());
        }
        let s = &self.msg.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    fn u32(&mut self) -> PyResult<usize> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    }

    fn i64(&mut self) -> PyResult<i64> {
        let b = self.take(8)?;
        Ok(i64::from_le_bytes(b.try_into().expect("8 bytes")))
    }

    fn string(&mut self) -> PyResult<Arc<str>> {
        let n = self.u32()?;
        let b = self.take(n)?;
        Ok(Arc::from(String::from_utf8_lossy(b).as_ref()))
    }

    fn value(&mut self) -> PyResult<Value> {
        let t = self.byte()?;
        Ok(match t {
            tag::NONE => Value::None,
            tag::TRUE => Value::Bool(true),
            tag::FALSE => Value::Bool(false),
            tag::INT => Value::Int(self.i64()?),
            tag::BIG => {
                let n = self.u32()?;
                Value::from_big(BigInt::from_signed_bytes_le(self.take(n)?))
            }
            tag::FLOAT => Value::Float(f64::from_bits(self.i64()? as u64)),
            tag::STR => Value::Str(self.string()?),
            tag::TUPLE => {
                let t = Value::tuple(self.values()?);
                self.memo.push(t.clone());
                t
            }
            tag::LIST => self.list()?,
            tag::BYTES => {
                let n = self.u32()?;
                let b = Value::bytes(self.take(n)?.to_vec());
                self.memo.push(b.clone());
                b
            }
            tag::BYTEARRAY => {
                let slot = self.memo.len();
                self.memo.push(Value::None);
                let n = self.u32()?;
                let b = Value::obj(Object::ByteArray(Mutex::new(self.take(n)?.to_vec())));
                self.memo[slot] = b.clone();
                b
            }
            tag::DICT => {
                let d = Value::dict(Dict::default());
                self.memo.push(d.clone());
                self.fill_dict(&d)?;
                d
            }
            tag::SET => self.set()?,
            tag::FROZENSET => {
                let items = self.values()?;
                let f = self.vm.new_frozenset(items)?;
                self.memo.push(f.clone());
                f
            }
            tag::RANGE => Value::obj(Object::Range(self.i64()?, self.i64()?, self.i64()?)),
            tag::SLICE => Value::obj(Object::Slice(self.value()?, self.value()?, self.value()?)),
            tag::GLOBAL => {
                let module = self.string()?;
                let qualname = self.string()?;
                self.global(&module, &qualname)?
            }
            tag::BUILTIN => {
                let name = self.string()?;
                let found = self
                    .vm
                    .interp
                    .types
                    .classes
                    .get(&*name)
                    .or_else(|| self.vm.interp.builtins.get(&*name))
                    .cloned();
                found.ok_or_else(|| self.corrupt())?
            }
            tag::INSTANCE => self.instance()?,
            tag::REDUCE => {
                let f = self.value()?;
                let args = self.value()?;
                let Some(Object::Tuple(t)) = args.as_obj() else {
                    return Err(self.corrupt());
                };
                let args = t.to_vec();
                self.vm.call1(&f, args)?
            }
            tag::METHOD => {
                let me = self.value()?;
                let name = self.string()?;
                self.vm.get_attr(&me, &name)?
            }
            tag::HANDLE => {
                let i = self.u32()?;
                Value::Obj(
                    self.msg
                        .handles
                        .get(i)
                        .ok_or_else(|| self.corrupt())?
                        .clone(),
                )
            }
            tag::MEMO => {
                let i = self.u32()?;
                self.memo.get(i).cloned().ok_or_else(|| self.corrupt())?
            }
            _ => return Err(self.corrupt()),
        })
    }

    /// A count, then that many values.
    fn values(&mut self) -> PyResult<Vec<Value>> {
        let n = self.u32()?;
        let mut items = Vec::with_capacity(n.min(1 << 16));
        for _ in 0..n {
            items.push(self.value()?);
        }
        Ok(items)
    }

    fn list(&mut self) -> PyResult<Value> {
        let l = Value::list(Vec::new());
        self.memo.push(l.clone());
        let n = self.u32()?;
        self.vm.count_heap(n * LIST_ITEM_BYTES)?;
        let mut items = Vec::with_capacity(n.min(1 << 16));
        for _ in 0..n {
            items.push(self.value()?);
        }
        if let Some(Object::List(m)) = l.as_obj() {
            *lock(m) = items;
        }
        Ok(l)
    }

    fn set(&mut self) -> PyResult<Value> {
        let s = Value::obj(Object::Set(Mutex::new(SetMap::default())));
        self.memo.push(s.clone());
        let n = self.u32()?;
        self.vm.count_heap(n * SET_ITEM_BYTES)?;
        for _ in 0..n {
            let x = self.value()?;
            let k = self.vm.key(x)?;
            if let Some(Object::Set(m)) = s.as_obj() {
                lock(m).insert(k, ());
            }
        }
        Ok(s)
    }

    fn fill_dict(&mut self, d: &Value) -> PyResult<()> {
        let n = self.u32()?;
        self.vm.count_heap(n * DICT_ITEM_BYTES)?;
        for _ in 0..n {
            let k = self.value()?;
            let v = self.value()?;
            let k: Key = self.vm.key(k)?;
            if let Some(Object::Dict(m)) = d.as_obj() {
                lock(m).insert(k, v);
            }
        }
        Ok(())
    }

    fn global(&mut self, module: &str, qualname: &str) -> PyResult<Value> {
        match lookup(self.vm, module, qualname)? {
            Some(v) => Ok(v),
            None => Err(self.vm.new_error(
                "AttributeError",
                format!("Can't get attribute '{qualname}' on <module '{module}'>"),
            )),
        }
    }

    fn instance(&mut self) -> PyResult<Value> {
        let slot = self.memo.len();
        self.memo.push(Value::None);
        let cls = self.value()?;
        let Some(Value::Obj(c)) =
            Some(cls).filter(|c| matches!(c.as_obj(), Some(Object::Class(_))))
        else {
            return Err(self.corrupt());
        };
        let inst = self.vm.new_instance(&c);
        self.memo[slot] = inst.clone();
        let Some(Object::Instance(i)) = inst.as_obj() else {
            return Err(self.corrupt());
        };
        let d = Value::Obj(i.dict.clone());
        self.fill_dict(&d)?;
        Ok(inst)
    }
}
