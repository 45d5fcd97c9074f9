//! A toy value type for the formatting tests: enough of Python's ints,
//! floats, strs, None, tuples and dicts to drive `%` and `str.format`;
//! and the checking of tables of expected results.

// Each test binary that includes this file uses a part of it.
#![allow(dead_code)]

use num_bigint::BigInt;
use threadlab::interleave::runner::format::{
    float_repr, format_float, format_int, format_str, int_to_decimal, str_repr, Accessor, ArgKind,
    ErrorKind, FormatArgs, FormatError, PercentArgs,
};

#[derive(Clone, Debug)]
pub enum V {
    I(BigInt),
    F(f64),
    S(String),
    None,
    Tuple(Vec<V>),
    Map(Vec<(String, V)>),
}

pub fn i(digits: &str) -> V {
    V::I(digits.parse().expect("decimal int"))
}
pub fn s(text: &str) -> V {
    V::S(text.to_string())
}
pub fn tup(items: Vec<V>) -> V {
    V::Tuple(items)
}
pub fn map(items: Vec<(&str, V)>) -> V {
    V::Map(items.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

impl V {
    fn type_name(&self) -> &'static str {
        match self {
            V::I(_) => "int",
            V::F(_) => "float",
            V::S(_) => "str",
            V::None => "NoneType",
            V::Tuple(_) => "tuple",
            V::Map(_) => "dict",
        }
    }
    fn to_str(&self) -> Result<String, FormatError> {
        match self {
            V::S(s) => Ok(s.clone()),
            _ => self.repr(),
        }
    }
    fn repr(&self) -> Result<String, FormatError> {
        Ok(match self {
            V::I(v) => int_to_decimal(v)?,
            V::F(x) => float_repr(*x),
            V::S(s) => str_repr(s),
            V::None => "None".into(),
            V::Tuple(items) => {
                let parts: Result<Vec<_>, _> = items.iter().map(V::repr).collect();
                let parts = parts?;
                match parts.len() {
                    1 => format!("({},)", parts[0]),
                    _ => format!("({})", parts.join(", ")),
                }
            }
            V::Map(items) => {
                let parts: Result<Vec<_>, FormatError> = items
                    .iter()
                    .map(|(k, v)| Ok(format!("{}: {}", str_repr(k), v.repr()?)))
                    .collect();
                format!("{{{}}}", parts?.join(", "))
            }
        })
    }
    /// `format(self, spec)`.
    pub fn format(&self, spec: &str) -> Result<String, FormatError> {
        match self {
            V::I(v) => format_int(v, spec),
            V::F(x) => format_float(*x, spec),
            V::S(s) => format_str(s, spec),
            _ if spec.is_empty() => self.to_str(),
            _ => Err(FormatError::new(
                ErrorKind::TypeError,
                format!(
                    "unsupported format string passed to {}.__format__",
                    self.type_name()
                ),
            )),
        }
    }
}

/// The right operand of `%`.
pub struct Percent(pub V);

impl PercentArgs for Percent {
    type Value = V;
    type Error = FormatError;
    fn tuple_len(&self) -> Option<usize> {
        match &self.0 {
            V::Tuple(items) => Some(items.len()),
            _ => None,
        }
    }
    fn is_mapping(&self) -> bool {
        matches!(self.0, V::Map(_))
    }
    fn operand(&mut self) -> V {
        self.0.clone()
    }
    fn item(&mut self, index: usize) -> V {
        match &self.0 {
            V::Tuple(items) => items[index].clone(),
            _ => panic!("item() of a non-tuple"),
        }
    }
    fn lookup(&mut self, key: &str) -> Result<V, FormatError> {
        let V::Map(items) = &self.0 else {
            panic!("lookup() of a non-mapping")
        };
        let found = items.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        found.ok_or_else(|| FormatError::new(ErrorKind::KeyError, str_repr(key)))
    }
    fn kind(&mut self, value: &V) -> ArgKind {
        match value {
            V::I(v) => ArgKind::Int(v.clone()),
            V::F(x) => ArgKind::Float(*x),
            V::S(s) => ArgKind::Str(s.clone()),
            other => ArgKind::Other(other.type_name().into()),
        }
    }
    fn str(&mut self, value: &V) -> Result<String, FormatError> {
        value.to_str()
    }
    fn repr(&mut self, value: &V) -> Result<String, FormatError> {
        value.repr()
    }
}

/// The positional and keyword arguments of `str.format`.
pub struct Call {
    pub args: Vec<V>,
    pub kwargs: Vec<(String, V)>,
}

impl Call {
    pub fn new(args: V, kwargs: V) -> Self {
        let (V::Tuple(args), V::Map(kwargs)) = (args, kwargs) else {
            panic!("Call::new takes a tuple and a map")
        };
        Call { args, kwargs }
    }
}

impl FormatArgs for Call {
    type Value = V;
    type Error = FormatError;
    fn positional(&mut self, index: usize) -> Option<V> {
        self.args.get(index).cloned()
    }
    fn keyword(&mut self, name: &str) -> Option<V> {
        let found = self.kwargs.iter().find(|(k, _)| k == name);
        found.map(|(_, v)| v.clone())
    }
    fn access(&mut self, value: V, accessor: &Accessor) -> Result<V, FormatError> {
        let name = value.type_name();
        Err(FormatError::new(
            ErrorKind::TypeError,
            match accessor {
                Accessor::Attr(a) => format!("'{name}' object has no attribute '{a}'"),
                _ => format!("'{name}' object is not subscriptable"),
            },
        ))
    }
    fn str(&mut self, value: &V) -> Result<String, FormatError> {
        value.to_str()
    }
    fn repr(&mut self, value: &V) -> Result<String, FormatError> {
        value.repr()
    }
    fn format(&mut self, value: &V, spec: &str) -> Result<String, FormatError> {
        value.format(spec)
    }
}

/// A result as the tables and the oracle write it.
pub fn show(r: &Result<String, FormatError>) -> String {
    match r {
        Ok(s) => format!("Ok({s:?})"),
        Err(e) => format!("Err({:?}, {:?})", e.kind, e.message),
    }
}

pub type Expected = Result<&'static str, (ErrorKind, &'static str)>;

pub fn expected(e: &Expected) -> String {
    let r = e
        .map(str::to_string)
        .map_err(|(k, m)| FormatError::new(k, m));
    show(&r)
}

/// Runs every case and reports all mismatches at once.
pub fn check<T: std::fmt::Debug>(cases: &[(T, Result<String, FormatError>, Expected)]) {
    let bad: Vec<String> = cases
        .iter()
        .filter(|(_, got, want)| show(got) != expected(want))
        .map(|(what, got, want)| format!("{what:?}: got {}, want {}", show(got), expected(want)))
        .collect();
    assert!(
        bad.is_empty(),
        "{} mismatches:\n{}",
        bad.len(),
        bad.join("\n")
    );
}
