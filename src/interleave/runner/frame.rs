//! One activation of a code object: its value stack, locals, cells and the
//! blocks of the `try`/`with` statements it is inside.
//!
//! A frame borrows its code and globals from the function it runs instead
//! of holding reference counts on them: the function value itself (moved
//! off the caller's stack, not cloned) keeps them alive. Two atomic
//! increments and decrements fewer per call — and in the free-threaded
//! setting, two cache lines fewer that every core's calls write to (the
//! `Arc` counts of a shared function's code and module).

use crate::interleave::runner::value::ObjRef;
use std::ptr::NonNull;
use std::sync::{Arc, Mutex};

use super::bytecode::Code;
use super::globals::Globals;
use super::value::{Dict, Function, Object, Value};
use super::PyErr;

/// A `try`/`with` handler: where to jump, and the stack depth to restore.
#[derive(Clone, Copy, Debug)]
pub struct Block {
    pub handler: u32,
    pub depth: u32,
    /// How many handled exceptions were open when it was set up.
    pub exc_depth: u32,
}

/// What keeps a frame's code and globals alive.
enum Keep {
    /// A function's frame: the function object (which holds both). An
    /// `ObjRef`, not a `Value`: it moves in as one pointer (in wasm a
    /// 16-byte value is copied with one vector load, which stalls when
    /// the value was just stored as two words).
    Func(ObjRef),
    /// A module's or class body's frame.
    Own(#[allow(dead_code)] Arc<Code>, Arc<Globals>),
    /// A frame waiting in the pool.
    Spare,
}

pub struct Frame {
    /// Point into what `keep` holds; never changed after construction.
    code: NonNull<Code>,
    globals: NonNull<Globals>,
    keep: Keep,
    pub pc: u32,
    pub stack: Vec<Value>,
    /// Fast locals; `None` is unbound.
    pub locals: Vec<Option<Value>>,
    /// Cell variables, then free variables (`Object::Cell`).
    pub cells: Vec<ObjRef>,
    pub blocks: Vec<Block>,
    /// Exceptions being handled (`except` bodies), innermost last.
    pub handling: Vec<PyErr>,
    /// Class bodies: the namespace being filled.
    pub namespace: Option<Arc<Mutex<Dict>>>,
    /// The class a method was defined in, for `super()` with no arguments.
    pub owner: Option<Value>,
}

// SAFETY: `code` and `globals` point into `Arc`s that `keep` holds for the
// frame's whole life (the function object's, or the frame's own); `Code`
// and `Globals` are `Sync`, so sharing or sending those pointers is as safe
// as sending the `Arc`s.
unsafe impl Send for Frame {}
unsafe impl Sync for Frame {}

/// Finished function frames, boxed and emptied, kept for the next call: a
/// Python call then allocates nothing (allocating and freeing a frame's
/// vectors was ~15 % of a recursive fib, measured with callgrind), and a
/// frame moves as one pointer, not as its ~200 bytes (the copies were
/// ~4 % of fib's instructions).
#[derive(Default)]
pub struct FramePool {
    // Boxed on purpose: a frame is handed out and taken back as a box.
    #[allow(clippy::vec_box)]
    spare: Vec<Box<Frame>>,
    /// Emptied callee stacks of finished `run_frame`s, for the next one
    /// that makes a call: a generator's resume or a builtin's callback then
    /// allocates none.
    stacks: Vec<Callees>,
}

/// The frames a `run_frame` runs in place of its own after Python calls
/// (innermost last): a Python call is not a Rust call (eval/mod.rs).
// Boxed on purpose: a frame moves in and out as one pointer.
#[allow(clippy::vec_box)]
pub type Callees = Vec<Box<Frame>>;

/// Most spare frames kept (deep recursion returns many at once).
const POOL_MAX: usize = 64;

impl FramePool {
    /// A frame for `func` (the value of `f`, moved in to keep it alive).
    pub fn frame(&mut self, func: ObjRef, f: &Function) -> Box<Frame> {
        let (code, globals) = (NonNull::from(&*f.code), NonNull::from(&*f.globals));
        let nlocals = f.code.varnames.len();
        match self.spare.pop() {
            Some(mut b) => {
                // Emptied by `recycle`; only what a call sets is set here.
                b.code = code;
                b.globals = globals;
                // A spare frame keeps nothing (`recycle`): no drop of
                // the old value (an out-of-line call, 2 % of fib).
                debug_assert!(matches!(b.keep, Keep::Spare));
                // SAFETY: `Keep::Spare` owns nothing, so overwriting it
                // without dropping it leaks nothing.
                unsafe { std::ptr::write(&mut b.keep, Keep::Func(func)) };
                b.pc = 0;
                // `recycle` left it empty: pushes, not `resize`'s generic
                // clone loop (4 % of a recursive fib's instructions).
                b.locals
                    .extend(std::iter::repeat_with(|| None).take(nlocals));
                if !b.code().cellvars.is_empty() {
                    b.add_cells();
                }
                b
            }
            None => Box::new(Frame::with(
                code,
                globals,
                Keep::Func(func),
                Vec::with_capacity(8),
                vec![None; nlocals],
            )),
        }
    }

    /// A frame for a plain call (`Vm::simple_frame`): `func` moves into
    /// it, and the `n` arguments at `args` move into its first locals;
    /// the other locals start unbound. Each local is written once (not
    /// `None` first and the argument after), and a code without cells or
    /// a closure skips both (an empty `extend` was ~26 instructions).
    ///
    /// # Safety
    /// `args` points to `n` initialised values that the caller gives up
    /// (it must not drop them), `n` is at most the code's locals, and `f`
    /// is the function `func` holds.
    #[inline(always)]
    pub unsafe fn simple(
        &mut self,
        func: ObjRef,
        f: &Function,
        args: *const Value,
        n: usize,
    ) -> Box<Frame> {
        let code = &*f.code;
        let nlocals = code.varnames.len();
        let mut b = match self.spare.pop() {
            Some(mut b) => {
                b.code = NonNull::from(code);
                b.globals = NonNull::from(&*f.globals);
                debug_assert!(matches!(b.keep, Keep::Spare));
                // SAFETY: as in `frame`: a spare's `Keep::Spare` owns nothing.
                unsafe { std::ptr::write(&mut b.keep, Keep::Func(func)) };
                b.pc = 0;
                b
            }
            None => Box::new(Frame::with(
                NonNull::from(code),
                NonNull::from(&*f.globals),
                Keep::Func(func),
                Vec::with_capacity(8),
                Vec::with_capacity(nlocals),
            )),
        };
        debug_assert!(b.locals.is_empty() && n <= nlocals);
        b.locals.reserve(nlocals);
        // SAFETY: room for `nlocals` was reserved; the first `n` are moved
        // from `args` (the caller's contract), the rest written `None`;
        // the length covers them only once all are written.
        unsafe {
            let p = b.locals.as_mut_ptr();
            for k in 0..n {
                p.add(k).write(Some(std::ptr::read(args.add(k))));
            }
            for k in n..nlocals {
                p.add(k).write(None);
            }
            b.locals.set_len(nlocals);
        }
        if !code.cellvars.is_empty() {
            b.add_cells();
        }
        if !f.closure.is_empty() {
            b.cells.extend(f.closure.iter().cloned());
        }
        b
    }

    /// An empty callee stack with room in it.
    pub fn callees(&mut self) -> Callees {
        self.stacks.pop().unwrap_or_else(|| Vec::with_capacity(16))
    }

    /// Takes back a callee stack `callees` gave out, emptied.
    pub fn give_back(&mut self, mut callees: Callees) {
        for f in callees.drain(..) {
            self.recycle(f);
        }
        if self.stacks.len() < POOL_MAX {
            self.stacks.push(callees);
        }
    }

    /// Takes back a finished frame, emptied (its function let go of).
    /// Inlined: a plain call's frame has only its locals and function to
    /// let go of, and the rest is one test (the out-of-line call, its
    /// register saves and the generic drop of `Keep` were ~90 instructions
    /// of a recursive fib's ~660 a call: callgrind).
    #[inline(always)]
    pub fn recycle(&mut self, mut f: Box<Frame>) {
        if self.spare.len() >= POOL_MAX {
            return;
        }
        if !f.stack.is_empty()
            || !f.cells.is_empty()
            || !f.blocks.is_empty()
            || !f.handling.is_empty()
            || f.namespace.is_some()
            || f.owner.is_some()
        {
            f.clear_rest();
        }
        // Most locals are unbound or numbers: those are forgotten, the
        // others dropped (`clear` was an out-of-line slice drop).
        for v in f.locals.iter_mut() {
            if matches!(v, Some(Value::Big(_) | Value::Str(_) | Value::Obj(_))) {
                *v = None;
            }
        }
        // SAFETY: every local left owns nothing (unbound or a number).
        unsafe { f.locals.set_len(0) };
        // `code` and `globals` dangle from here until `frame` sets
        // them again; a spare frame is never run.
        match std::mem::replace(&mut f.keep, Keep::Spare) {
            Keep::Func(func) => drop(func),
            own => drop_cold(own),
        }
        super::eval::push(&mut self.spare, f);
    }
}

/// A module's or class body's `Keep` (two `Arc`s), out of the inlined path.
#[cold]
#[inline(never)]
fn drop_cold(keep: Keep) {
    drop(keep);
}

impl Frame {
    /// A module's or class body's frame.
    pub fn new(code: Arc<Code>, globals: Arc<Globals>) -> Frame {
        let nlocals = code.varnames.len();
        let (c, g) = (NonNull::from(&*code), NonNull::from(&*globals));
        Frame::with(
            c,
            g,
            Keep::Own(code, globals),
            Vec::with_capacity(8),
            vec![None; nlocals],
        )
    }

    fn with(
        code: NonNull<Code>,
        globals: NonNull<Globals>,
        keep: Keep,
        stack: Vec<Value>,
        locals: Vec<Option<Value>>,
    ) -> Frame {
        let mut f = Frame {
            code,
            globals,
            keep,
            stack,
            locals,
            cells: Vec::new(),
            pc: 0,
            blocks: Vec::new(),
            handling: Vec::new(),
            namespace: None,
            owner: None,
        };
        f.add_cells();
        f
    }

    /// What a returning plain call rarely has: values left on its stack
    /// (a `return` inside a `for`), cells, blocks, handled exceptions.
    #[cold]
    #[inline(never)]
    fn clear_rest(&mut self) {
        self.stack.clear();
        self.cells.clear();
        self.blocks.clear();
        self.handling.clear();
        self.namespace = None;
        self.owner = None;
    }

    /// Fresh cells for the code's cell variables.
    fn add_cells(&mut self) {
        let ncells = self.code().cellvars.len();
        for _ in 0..ncells {
            self.cells.push(ObjRef::new(Object::Cell(Mutex::new(None))));
        }
    }

    /// The code being run.
    #[inline(always)]
    pub fn code(&self) -> &Code {
        // SAFETY: `keep` holds it as long as the frame lives.
        unsafe { self.code.as_ref() }
    }

    /// The code, borrowed apart from the frame, so that the interpreter
    /// loop can read its instructions while it changes the frame's stack.
    ///
    /// # Safety
    /// The caller must not use the reference after the frame is dropped
    /// (`keep` is never replaced while the frame lives).
    #[inline(always)]
    pub(super) unsafe fn code_unbound<'a>(&self) -> &'a Code {
        unsafe { self.code.as_ref() }
    }

    /// The module's globals the code runs in.
    #[inline(always)]
    pub fn globals(&self) -> &Globals {
        // SAFETY: `keep` holds them as long as the frame lives.
        unsafe { self.globals.as_ref() }
    }

    /// The globals as a shared reference, for a function defined here.
    pub fn globals_arc(&self) -> Arc<Globals> {
        match &self.keep {
            Keep::Func(o) => match &**o {
                Object::Function(f) => f.globals.clone(),
                _ => unreachable!("a function frame keeps its function"),
            },
            Keep::Own(_, g) => g.clone(),
            Keep::Spare => {
                unreachable!("a running function frame keeps its function")
            }
        }
    }

    /// The line being run (the op before `pc`, which has been fetched).
    pub fn line(&self) -> u32 {
        let at = self.pc.saturating_sub(1) as usize;
        let code = self.code();
        code.lines.get(at).copied().unwrap_or(code.first_line)
    }
}
