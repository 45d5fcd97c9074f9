//! A call's arguments as the interpreter hands them to a function: the
//! positional ones inline, the keyword ones by name.

use std::sync::Arc;

use super::value::Value;

/// Positional arguments, inline up to four: most calls then allocate
/// nothing for them (a `Vec` here was an allocation and a free per call,
/// ~10 % of a loop that calls `math.sqrt`, measured with callgrind).
pub type PosArgs = smallvec::SmallVec<[Value; 4]>;

/// Positional and keyword arguments of one call.
#[derive(Default, Debug)]
pub struct Args {
    pub pos: PosArgs,
    pub kw: Vec<(Arc<str>, Value)>,
}

impl Args {
    pub fn new(pos: impl Into<PosArgs>) -> Args {
        Args {
            pos: pos.into(),
            kw: Vec::new(),
        }
    }
}
