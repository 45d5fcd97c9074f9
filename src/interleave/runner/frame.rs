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

impl Frame {
    pub fn new(code: Arc<Code>, globals: Arc<Globals>) -> Frame {
        let nlocals = code.varnames.len();
        let ncells = code.cellvars.len();
        Frame {
            stack: Vec::with_capacity(8),
            locals: vec![None; nlocals],
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
