//! One activation of a code object: its value stack, locals, cells and the
//! blocks of the `try`/`with` statements it is inside.

use std::sync::{Arc, Mutex};

use super::bytecode::Code;
use super::globals::Globals;
use super::value::{Dict, Object, Value};
use super::PyErr;

/// A `try`/`with` handler: where to jump, and the stack depth to restore.
#[derive(Clone, Copy, Debug)]
pub struct Block {
    pub handler: u32,
    pub depth: u32,
    /// How many handled exceptions were open when it was set up.
    pub exc_depth: u32,
}

pub struct Frame {
    pub code: Arc<Code>,
    pub globals: Arc<Globals>,
    pub pc: u32,
    pub stack: Vec<Value>,
    /// Fast locals; `None` is unbound.
    pub locals: Vec<Option<Value>>,
    /// Cell variables, then free variables (`Object::Cell`).
    pub cells: Vec<Arc<Object>>,
    pub blocks: Vec<Block>,
    /// Exceptions being handled (`except` bodies), innermost last.
    pub handling: Vec<PyErr>,
    /// Class bodies: the namespace being filled.
    pub namespace: Option<Arc<Mutex<Dict>>>,
    /// The class a method was defined in, for `super()` with no arguments.
    pub owner: Option<Value>,
}

/// Value stacks and local arrays of finished frames, kept for the next
/// call: a Python call then allocates nothing for them (allocating and
/// freeing both was ~15 % of a recursive fib, measured with callgrind).
#[derive(Default)]
pub struct FramePool {
    spare: Vec<(Vec<Value>, Vec<Option<Value>>)>,
}

/// Most spare pairs kept (deep recursion returns many at once).
const POOL_MAX: usize = 64;

impl FramePool {
    pub fn frame(&mut self, code: Arc<Code>, globals: Arc<Globals>) -> Frame {
        let (stack, mut locals) = self.spare.pop().unwrap_or_default();
        locals.resize(code.varnames.len(), None);
        Frame::with(code, globals, stack, locals)
    }

    /// Takes back a finished frame's buffers, emptied.
    pub fn recycle(&mut self, f: Frame) {
        if self.spare.len() < POOL_MAX {
            let (mut stack, mut locals) = (f.stack, f.locals);
            stack.clear();
            locals.clear();
            self.spare.push((stack, locals));
        }
    }
}

impl Frame {
    pub fn new(code: Arc<Code>, globals: Arc<Globals>) -> Frame {
        let nlocals = code.varnames.len();
        Frame::with(code, globals, Vec::with_capacity(8), vec![None; nlocals])
    }

    fn with(
        code: Arc<Code>,
        globals: Arc<Globals>,
        stack: Vec<Value>,
        locals: Vec<Option<Value>>,
    ) -> Frame {
        let ncells = code.cellvars.len();
        Frame {
            stack,
            locals,
            cells: (0..ncells)
                .map(|_| Arc::new(Object::Cell(Mutex::new(None))))
                .collect(),
            code,
            globals,
            pc: 0,
            blocks: Vec::new(),
            handling: Vec::new(),
            namespace: None,
            owner: None,
        }
    }

    /// The line being run (the op before `pc`, which has been fetched).
    pub fn line(&self) -> u32 {
        let at = self.pc.saturating_sub(1) as usize;
        self.code
            .lines
            .get(at)
            .copied()
            .unwrap_or(self.code.first_line)
    }
}
