//! Python values as the machine holds them.
//!
//! Immutable values (ints, strings, tuples, exceptions) are stored inline and
//! share their text through `Arc`, so cloning a whole machine state is a
//! memcpy plus reference-count bumps. Mutable objects (lists, dicts, locks,
//! queues, threads) live in the state's heap and are referred to by index:
//! two threads that see the same list really share it.

use std::fmt::Write as _;
use std::sync::Arc;

use serde::{Serialize, Serializer};

/// Thread id: 0 is the main thread, then threads in the order they start.
pub type Tid = u8;

/// Index of a mutable object in the state's heap.
pub type ObjId = u32;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Value {
    /// A name that has no value yet (never visible to programs).
    Unbound,
    None,
    Bool(bool),
    Int(i64),
    Str(Arc<str>),
    Tuple(Arc<[Value]>),
    Ref(ObjId),
    /// A user function or lambda: index of its code.
    Func(u16),
    Builtin(Builtin),
    Module(Module),
    /// `obj.method`, bound.
    Method(ObjId, GameMethod),
    ExcClass(ExcKind),
    Exc(Arc<Exception>),
    /// Iterators, kept on the value stack by `for` loops.
    RangeIter(i64, i64, i64),
    SeqIter(Arc<[Value]>, u32),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Exception {
    pub kind: ExcKind,
    pub message: Arc<str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Module {
    Threading,
    Queue,
    Time,
}

impl Module {
    pub fn name(self) -> &'static str {
        match self {
            Module::Threading => "threading",
            Module::Queue => "queue",
            Module::Time => "time",
        }
    }

    pub fn from_name(name: &str) -> Option<Module> {
        match name {
            "threading" => Some(Module::Threading),
            "queue" => Some(Module::Queue),
            "time" => Some(Module::Time),
            _ => None,
        }
    }

    /// `module.attr`, for imports and attribute loads.
    pub fn attr(self, name: &str) -> Option<Value> {
        use Builtin as B;
        let b = match (self, name) {
            (Module::Threading, "Thread") => B::Thread,
            (Module::Threading, "Lock") => B::Lock,
            (Module::Threading, "RLock") => B::RLock,
            (Module::Threading, "Semaphore") => B::Semaphore,
            (Module::Threading, "BoundedSemaphore") => B::BoundedSemaphore,
            (Module::Threading, "Event") => B::Event,
            (Module::Threading, "Condition") => B::Condition,
            (Module::Threading, "Barrier") => B::Barrier,
            (Module::Threading, "current_thread") => B::CurrentThread,
            (Module::Threading, "BrokenBarrierError") => {
                return Some(Value::ExcClass(ExcKind::BrokenBarrierError))
            }
            (Module::Queue, "Queue") => B::Queue,
            (Module::Queue, "Empty") => return Some(Value::ExcClass(ExcKind::QueueEmpty)),
            (Module::Queue, "Full") => return Some(Value::ExcClass(ExcKind::QueueFull)),
            (Module::Time, "sleep") => B::Sleep,
            _ => return None,
        };
        Some(Value::Builtin(b))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Builtin {
    Print,
    Len,
    Range,
    Str,
    Int,
    Bool,
    Abs,
    Min,
    Max,
    Sum,
    List,
    Thread,
    Lock,
    RLock,
    Semaphore,
    BoundedSemaphore,
    Event,
    Condition,
    Barrier,
    CurrentThread,
    Queue,
    Sleep,
}

impl Builtin {
    pub fn name(self) -> &'static str {
        match self {
            Builtin::Print => "print",
            Builtin::Len => "len",
            Builtin::Range => "range",
            Builtin::Str => "str",
            Builtin::Int => "int",
            Builtin::Bool => "bool",
            Builtin::Abs => "abs",
            Builtin::Min => "min",
            Builtin::Max => "max",
            Builtin::Sum => "sum",
            Builtin::List => "list",
            Builtin::Thread => "Thread",
            Builtin::Lock => "Lock",
            Builtin::RLock => "RLock",
            Builtin::Semaphore => "Semaphore",
            Builtin::BoundedSemaphore => "BoundedSemaphore",
            Builtin::Event => "Event",
            Builtin::Condition => "Condition",
            Builtin::Barrier => "Barrier",
            Builtin::CurrentThread => "current_thread",
            Builtin::Queue => "Queue",
            Builtin::Sleep => "sleep",
        }
    }

    /// Names usable without an import.
    pub fn global(name: &str) -> Option<Value> {
        let b = match name {
            "print" => Builtin::Print,
            "len" => Builtin::Len,
            "range" => Builtin::Range,
            "str" => Builtin::Str,
            "int" => Builtin::Int,
            "bool" => Builtin::Bool,
            "abs" => Builtin::Abs,
            "min" => Builtin::Min,
            "max" => Builtin::Max,
            "sum" => Builtin::Sum,
            "list" => Builtin::List,
            "__name__" => return Some(Value::Str("__main__".into())),
            _ => return ExcKind::from_name(name).map(Value::ExcClass),
        };
        Some(Value::Builtin(b))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum GameMethod {
    Acquire,
    Release,
    Locked,
    Set,
    Clear,
    IsSet,
    Wait,
    WaitFor,
    Notify,
    NotifyAll,
    Abort,
    Put,
    Get,
    PutNowait,
    GetNowait,
    TaskDone,
    Join,
    Empty,
    Full,
    Qsize,
    Start,
    IsAlive,
    Append,
    Pop,
    Insert,
    Remove,
    DictGet,
    Keys,
    Values,
    Items,
}

impl GameMethod {
    pub fn name(self) -> &'static str {
        match self {
            GameMethod::Acquire => "acquire",
            GameMethod::Release => "release",
            GameMethod::Locked => "locked",
            GameMethod::Set => "set",
            GameMethod::Clear => "clear",
            GameMethod::IsSet => "is_set",
            GameMethod::Wait => "wait",
            GameMethod::WaitFor => "wait_for",
            GameMethod::Notify => "notify",
            GameMethod::NotifyAll => "notify_all",
            GameMethod::Abort => "abort",
            GameMethod::Put => "put",
            GameMethod::Get => "get",
            GameMethod::PutNowait => "put_nowait",
            GameMethod::GetNowait => "get_nowait",
            GameMethod::TaskDone => "task_done",
            GameMethod::Join => "join",
            GameMethod::Empty => "empty",
            GameMethod::Full => "full",
            GameMethod::Qsize => "qsize",
            GameMethod::Start => "start",
            GameMethod::IsAlive => "is_alive",
            GameMethod::Append => "append",
            GameMethod::Pop => "pop",
            GameMethod::Insert => "insert",
            GameMethod::Remove => "remove",
            GameMethod::DictGet => "get",
            GameMethod::Keys => "keys",
            GameMethod::Values => "values",
            GameMethod::Items => "items",
        }
    }
}

/// The exception classes this model knows, with CPython's hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum ExcKind {
    BaseException,
    Exception,
    RuntimeError,
    ValueError,
    TypeError,
    AssertionError,
    ZeroDivisionError,
    ArithmeticError,
    LookupError,
    KeyError,
    IndexError,
    NameError,
    UnboundLocalError,
    AttributeError,
    BrokenBarrierError,
    /// `queue.Empty`
    QueueEmpty,
    /// `queue.Full`
    QueueFull,
}

impl ExcKind {
    pub fn name(self) -> &'static str {
        match self {
            ExcKind::BaseException => "BaseException",
            ExcKind::Exception => "Exception",
            ExcKind::RuntimeError => "RuntimeError",
            ExcKind::ValueError => "ValueError",
            ExcKind::TypeError => "TypeError",
            ExcKind::AssertionError => "AssertionError",
            ExcKind::ZeroDivisionError => "ZeroDivisionError",
            ExcKind::ArithmeticError => "ArithmeticError",
            ExcKind::LookupError => "LookupError",
            ExcKind::KeyError => "KeyError",
            ExcKind::IndexError => "IndexError",
            ExcKind::NameError => "NameError",
            ExcKind::UnboundLocalError => "UnboundLocalError",
            ExcKind::AttributeError => "AttributeError",
            ExcKind::BrokenBarrierError => "BrokenBarrierError",
            ExcKind::QueueEmpty => "queue.Empty",
            ExcKind::QueueFull => "queue.Full",
        }
    }

    pub fn from_name(name: &str) -> Option<ExcKind> {
        use ExcKind::*;
        Some(match name {
            "BaseException" => BaseException,
            "Exception" => Exception,
            "RuntimeError" => RuntimeError,
            "ValueError" => ValueError,
            "TypeError" => TypeError,
            "AssertionError" => AssertionError,
            "ZeroDivisionError" => ZeroDivisionError,
            "ArithmeticError" => ArithmeticError,
            "LookupError" => LookupError,
            "KeyError" => KeyError,
            "IndexError" => IndexError,
            "NameError" => NameError,
            "UnboundLocalError" => UnboundLocalError,
            "AttributeError" => AttributeError,
            _ => return None,
        })
    }

    fn parent(self) -> Option<ExcKind> {
        use ExcKind::*;
        match self {
            BaseException => None,
            Exception => Some(BaseException),
            ZeroDivisionError => Some(ArithmeticError),
            KeyError | IndexError => Some(LookupError),
            UnboundLocalError => Some(NameError),
            BrokenBarrierError => Some(RuntimeError),
            _ => Some(Exception),
        }
    }

    /// `issubclass(self, of)`
    pub fn is_a(self, of: ExcKind) -> bool {
        let mut k = Some(self);
        while let Some(c) = k {
            if c == of {
                return true;
            }
            k = c.parent();
        }
        false
    }
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Arc::from(s))
    }

    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Unbound => "unbound",
            Value::None => "NoneType",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Str(_) => "str",
            Value::Tuple(_) => "tuple",
            Value::Ref(_) => "object",
            Value::Func(_) => "function",
            Value::Builtin(_) => "builtin_function_or_method",
            Value::Module(_) => "module",
            Value::Method(..) => "method",
            Value::ExcClass(_) => "type",
            Value::Exc(e) => e.kind.name(),
            Value::RangeIter(..) => "range_iterator",
            Value::SeqIter(..) => "iterator",
        }
    }
}

/// Builds the text of a value; objects in the heap are looked up through
/// `obj` (which returns their repr).
pub fn repr_with(v: &Value, obj: &dyn Fn(ObjId, &mut String), out: &mut String) {
    match v {
        Value::Unbound => out.push_str("<unbound>"),
        Value::None => out.push_str("None"),
        Value::Bool(b) => out.push_str(if *b { "True" } else { "False" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Str(s) => {
            out.push('\'');
            for c in s.chars() {
                match c {
                    '\'' => out.push_str("\\'"),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\t' => out.push_str("\\t"),
                    c => out.push(c),
                }
            }
            out.push('\'');
        }
        Value::Tuple(items) => {
            out.push('(');
            for (i, it) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                repr_with(it, obj, out);
            }
            if items.len() == 1 {
                out.push(',');
            }
            out.push(')');
        }
        Value::Ref(id) => obj(*id, out),
        Value::Func(_) => out.push_str("<function>"),
        Value::Builtin(b) => {
            let _ = write!(out, "<built-in {}>", b.name());
        }
        Value::Module(m) => {
            let _ = write!(out, "<module '{}'>", m.name());
        }
        Value::Method(_, m) => {
            let _ = write!(out, "<bound method {}>", m.name());
        }
        Value::ExcClass(k) => {
            let _ = write!(out, "<class '{}'>", k.name());
        }
        Value::Exc(e) => {
            let _ = write!(out, "{}({:?})", e.kind.name(), &*e.message);
        }
        Value::RangeIter(..) | Value::SeqIter(..) => out.push_str("<iterator>"),
    }
}

/// Values serialize as their Python repr (objects in the heap as `<object>`):
/// the page shows text, and the [`super::View`] carries the full picture.
impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut out = String::new();
        repr_with(
            self,
            &|id, o: &mut String| {
                let _ = write!(o, "<object #{id}>");
            },
            &mut out,
        );
        s.serialize_str(&out)
    }
}
