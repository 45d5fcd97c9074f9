//! Methods of lists and dicts (`append`, `pop`, `get`, ...): not
//! primitives, but shared state the levels race on.

use super::*;

impl State {
    /// Calls method `m` of the list or dict `obj`.
    // One arm per list or dict method; each is short.
    pub(super) fn container_method(
        &mut self,
        obj: ObjId,
        m: GameMethod,
        args: &Args,
    ) -> Result<Value, Fault> {
        let arg0 = args.pos.first().cloned();
        let n = args.pos.len();
        match (m, n) {
            (GameMethod::Append, 1) => {
                let Obj::List(items) = self.heap.make_mut()[obj as usize].make_mut() else {
                    unreachable!()
                };
                if items.len() >= crate::interleave::MAX_COLLECTION_LEN {
                    return Err(Fault::Model(format!(
                        "a list grew past {} items (the model's limit)",
                        crate::interleave::MAX_COLLECTION_LEN
                    )));
                }
                items.push(arg0.unwrap());
                Ok(Value::None)
            }
            (GameMethod::Pop, 0 | 1) if matches!(*self.heap[obj as usize], Obj::List(_)) => {
                let Obj::List(items) = self.heap.make_mut()[obj as usize].make_mut() else {
                    unreachable!()
                };
                if items.is_empty() {
                    return Err(Fault::py(ExcKind::IndexError, "pop from empty list"));
                }
                let len = items.len() as i64;
                let i = match arg0 {
                    None => len - 1,
                    Some(Value::Int(i)) if i < 0 => len + i,
                    Some(Value::Int(i)) => i,
                    Some(v) => {
                        return Err(Fault::py(
                            ExcKind::TypeError,
                            format!(
                                "'{}' object cannot be interpreted as an integer",
                                v.type_name()
                            ),
                        ))
                    }
                };
                if i < 0 || i >= len {
                    return Err(Fault::py(ExcKind::IndexError, "pop index out of range"));
                }
                Ok(items.remove(i as usize))
            }
            (GameMethod::Insert, 2) => {
                let Some(Value::Int(i)) = arg0 else {
                    return Err(Fault::py(ExcKind::TypeError, "insert index must be an int"));
                };
                let v = args.pos[1].clone();
                let Obj::List(items) = self.heap.make_mut()[obj as usize].make_mut() else {
                    unreachable!()
                };
                let len = items.len() as i64;
                let i = if i < 0 { (len + i).max(0) } else { i.min(len) };
                items.insert(i as usize, v);
                Ok(Value::None)
            }
            (GameMethod::Remove, 1) => {
                let v = arg0.unwrap();
                let pos = match &*self.heap[obj as usize] {
                    Obj::List(items) => items.iter().position(|x| self.py_eq(x, &v)),
                    _ => None,
                };
                let Some(p) = pos else {
                    return Err(Fault::py(
                        ExcKind::ValueError,
                        "list.remove(x): x not in list",
                    ));
                };
                if let Obj::List(items) = self.heap.make_mut()[obj as usize].make_mut() {
                    items.remove(p);
                }
                Ok(Value::None)
            }
            (GameMethod::DictGet, 1 | 2) => {
                let k = arg0.unwrap();
                Ok(self
                    .dict_lookup(obj, &k)?
                    .unwrap_or_else(|| args.pos.get(1).cloned().unwrap_or(Value::None)))
            }
            (GameMethod::Pop, 1 | 2) => {
                let k = arg0.unwrap();
                let pos = match &*self.heap[obj as usize] {
                    Obj::Dict(items) => items.iter().position(|(x, _)| self.py_eq(x, &k)),
                    _ => None,
                };
                match pos {
                    Some(p) => {
                        let Obj::Dict(items) = self.heap.make_mut()[obj as usize].make_mut() else {
                            unreachable!()
                        };
                        Ok(items.remove(p).1)
                    }
                    None => match args.pos.get(1) {
                        Some(d) => Ok(d.clone()),
                        None => Err(Fault::py(ExcKind::KeyError, self.repr(&k))),
                    },
                }
            }
            (GameMethod::Keys | GameMethod::Values | GameMethod::Items, 0) => {
                let Obj::Dict(items) = &*self.heap[obj as usize] else {
                    unreachable!()
                };
                let out: Vec<Value> = items
                    .iter()
                    .map(|(k, v)| match m {
                        GameMethod::Keys => k.clone(),
                        GameMethod::Values => v.clone(),
                        _ => Value::Tuple(Arc::from(vec![k.clone(), v.clone()])),
                    })
                    .collect();
                Ok(self.alloc(Obj::List(out))?)
            }
            _ => Err(Fault::py(
                ExcKind::TypeError,
                format!("{}() got a wrong number of arguments ({n})", m.name()),
            )),
        }
    }
}
