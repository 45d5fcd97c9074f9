//! The runner's bytecode: what the compiler emits and the interpreter loop
//! runs. It knows nothing of the syntax tree.
//!
//! The instruction set follows CPython's where a thread switch could tell
//! the difference: `counter += 1` is `LOAD_GLOBAL`, `LOAD_CONST`,
//! `BINARY_OP +=`, `STORE_GLOBAL`, and the GIL may change hands only where
//! CPython ≥ 3.10 lets it — at backward jumps and calls ([`RunnerOp::is_switch_point`]).
//! Exception handling uses a block stack (`SETUP_*` / `POP_BLOCK`), as
//! CPython did up to 3.10; that detail is invisible to programs.

use std::sync::Arc;

use super::value::Value;
use crate::interleave::ast::{BinOp, CmpOp};

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RunnerOp {
    Nop,
    LoadConst(u32),
    LoadFast(u32),
    StoreFast(u32),
    DeleteFast(u32),
    /// Cells: the code's own cell variables first, then its free variables.
    LoadDeref(u32),
    StoreDeref(u32),
    /// Pushes the cell itself (to build a closure).
    LoadClosure(u32),
    LoadGlobal(u32),
    StoreGlobal(u32),
    DeleteGlobal(u32),
    /// Class bodies: the class namespace, then globals.
    LoadName(u32),
    StoreName(u32),
    /// `del name` in code compiled at run time (`exec`): the namespace,
    /// else the globals.
    DeleteName(u32),
    LoadAttr(u32),
    StoreAttr(u32),
    DeleteAttr(u32),
    BinaryOp(BinOp),
    InplaceOp(BinOp),
    UnaryNeg,
    UnaryPos,
    UnaryNot,
    UnaryInvert,
    Compare(CmpOp),
    BinarySubscr,
    StoreSubscr,
    DeleteSubscr,
    BuildTuple(u32),
    BuildList(u32),
    BuildSet(u32),
    /// `n` key/value pairs.
    BuildMap(u32),
    BuildSlice(u32),
    BuildString(u32),
    /// Comprehensions: append TOS to the list `depth` below it.
    ListAppend(u32),
    SetAdd(u32),
    MapAdd(u32),
    /// `[*a]`, `f(*a)`: extend the list below TOS with TOS.
    ListExtend(u32),
    /// `{**d}`, `f(**d)`: update the dict below TOS with TOS.
    DictUpdate(u32),
    ListToTuple,
    /// Conversion (0 none, 1 `!s`, 2 `!r`, 3 `!a`), and whether a spec is
    /// on the stack above the value.
    FormatValue(u8, bool),
    UnpackSequence(u32),
    /// `a, *b, c = ...`: names before and after the starred one.
    UnpackEx(u32, u32),
    /// Positional arguments only.
    Call(u32),
    /// Arguments, then a tuple constant of keyword names (the last ones).
    CallKw(u32),
    /// A tuple of positional arguments, and (when set) a dict of keywords.
    CallEx(bool),
    /// `obj.name` about to be called: pushes what [`RunnerOp::CallMethod`] needs
    /// without building a bound-method object (see `eval.rs`).
    LoadMethod(u32),
    /// Calls what `LoadMethod` pushed with `n` positional arguments.
    CallMethod(u32),
    /// As `CallMethod`, with a tuple constant of keyword names on top.
    CallMethodKw(u32),
    PopTop,
    DupTop,
    DupTop2,
    RotTwo,
    RotThree,
    Jump(u32),
    PopJumpIfFalse(u32),
    PopJumpIfTrue(u32),
    JumpIfFalseOrPop(u32),
    JumpIfTrueOrPop(u32),
    GetIter,
    ForIter(u32),
    ReturnValue,
    YieldValue,
    /// `yield from`: sends TOS to the iterator under it; pushes what it
    /// yields, or replaces the iterator with what it returned and jumps.
    Send(u32),
    /// 0: bare `raise`; 1: `raise X`; 2: `raise X from Y`.
    Raise(u8),
    /// Pushes a handler block: on an exception, jump there with it on the stack.
    SetupExcept(u32),
    PopBlock,
    /// In a handler: the exception on the stack becomes the one "being
    /// handled" (for a bare `raise`, and as the next one's context).
    PushExcInfo,
    PopExcept,
    /// TOS is a class (or tuple of them), below it the exception: pops the
    /// class, pushes whether the exception matches.
    CheckExcMatch,
    /// Raises the exception being handled again, traceback kept.
    Reraise,
    /// `with`: the manager on TOS; its `__exit__` goes to the hidden local,
    /// `__enter__()`'s result is pushed, and a handler block to the target.
    SetupWith(u32, u32),
    /// Calls the hidden local's `__exit__(None, None, None)`.
    WithExitNormal(u32),
    /// In the `with` handler: calls `__exit__(type, exc, tb)` on the
    /// exception on TOS and pushes whether it was suppressed.
    WithExcept(u32),
    /// Name constant; pushes the module.
    ImportName(u32),
    /// Attribute of the module on TOS (module stays).
    ImportFrom(u32),
    ImportStar,
    /// Code constant, and flags: 1 defaults tuple, 2 kw-defaults dict,
    /// 4 closure tuple (pushed in that order below the code).
    MakeFunction(u32, u8),
    /// The class body (a function), `n` bases and `k` keyword values then
    /// (when `k > 0`) a tuple of their names on the stack: runs the body in
    /// a fresh namespace and pushes the class its metaclass makes.
    BuildClass(u32, u32),
    // Superinstructions (`runner/fuse.rs`): only in `Code::fused`, each in
    // the first slot of the run it stands for.
    /// `LoadFast a; LoadFast b`.
    LoadFast2(u32, u32),
    /// `LoadFast a; LoadConst k`.
    LoadFastConst(u32, u32),
    /// `LoadFast a; LoadFast b; BinaryOp/InplaceOp op` (`i * i`, `x + y`).
    FastFastOp(u16, u16, BinOp),
    /// `StoreFast a; LoadFast b`.
    StoreLoadFast(u32, u32),
    /// `LoadFast src; LoadConst k; BinaryOp/InplaceOp op; StoreFast dst`.
    FastConstOpStore(u16, u16, BinOp, u16),
    /// `LoadFast src; LoadConst k; BinaryOp/InplaceOp op` (`n - 1`).
    FastConstOp(u16, u16, BinOp),
    /// `LoadFast src; LoadConst k; Compare op; PopJumpIfFalse target`
    /// (`if n < 2:`).
    FastConstCompareJump(u16, u16, CmpOp, u32),
    /// `BinaryOp/InplaceOp op; StoreFast dst`.
    OpStoreFast(BinOp, u32),
    /// `Compare op; PopJumpIfFalse target`.
    CompareJumpIfFalse(CmpOp, u32),
    /// `ForIter exit; StoreFast dst`.
    ForIterStore(u32, u32),
    /// `DupTop2; BinarySubscr; LoadConst k; InplaceOp op; RotThree;
    /// StoreSubscr`: `d[key] op= k` (`runner/fuse_dict.rs`).
    SubscrOpConst(u32, BinOp),
    /// `LoadFast d; LoadMethod get; LoadFast key; LoadConst dflt;
    /// CallMethod 2; LoadConst c; BinaryOp op; LoadFast d; LoadFast key;
    /// StoreSubscr`: `d[key] = d.get(key, dflt) op c` (`runner/fuse_dict.rs`).
    DictGetOpStore(u16, u16, u8, u8, BinOp),
}

impl RunnerOp {
    /// Where CPython ≥ 3.10 checks its eval breaker (bpo-29988): backward
    /// jumps and calls. The GIL changes hands only here in the default
    /// setting. The interpreter loop makes the check in these
    /// instructions' own arms (`breaker!` in eval.rs): keep the two alike.
    pub fn is_switch_point(self, at: u32) -> bool {
        match self {
            RunnerOp::Jump(t) | RunnerOp::PopJumpIfFalse(t) | RunnerOp::PopJumpIfTrue(t) => t <= at,
            RunnerOp::Call(_)
            | RunnerOp::CallKw(_)
            | RunnerOp::CallEx(_)
            | RunnerOp::CallMethod(_)
            | RunnerOp::CallMethodKw(_) => true,
            _ => false,
        }
    }
}

/// What a compiled function needs besides its instructions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    Module,
    Function,
    /// A generator function (has `yield`, or is a generator expression).
    Generator,
    Class,
}

pub struct Code {
    pub name: Arc<str>,
    pub qualname: Arc<str>,
    pub kind: CodeKind,
    pub ops: Vec<RunnerOp>,
    /// `ops` with superinstructions in the first slot of common runs
    /// (`runner/fuse.rs`): what the interpreter runs unless the GIL may
    /// switch between any two instructions.
    pub fused: Vec<RunnerOp>,
    /// The source line of every op.
    pub lines: Vec<u32>,
    pub consts: Vec<Value>,
    /// Attribute, global and import names.
    pub names: Vec<Arc<str>>,
    /// Fast locals: parameters first, then other locals, then hidden ones.
    pub varnames: Vec<Arc<str>>,
    pub cellvars: Vec<Arc<str>>,
    pub freevars: Vec<Arc<str>>,
    /// For each cell variable that is also a parameter, its local index.
    pub cell_params: Vec<(u32, u32)>,
    pub argcount: u32,
    pub kwonlycount: u32,
    pub has_varargs: bool,
    pub has_varkw: bool,
    /// `argcount` when a call with exactly that many positional arguments
    /// binds them and nothing else (a plain function: no keyword-only
    /// parameters, no `*args`/`**kwargs`, no parameter a closure captures),
    /// `u32::MAX` otherwise: one compare on every call instead of six.
    pub simple_arity: u32,
    pub first_line: u32,
    pub filename: Arc<str>,
    /// For each name: the module namespace and slot it was found in last
    /// through `module.name` here ([`super::globals::Globals::cache_key`])
    /// — an inline cache, as CPython 3.11's, so `math.sqrt` in a loop does
    /// not hash "sqrt" each time. Zero: not cached.
    pub attr_cache: Vec<std::sync::atomic::AtomicU64>,
}

impl std::fmt::Debug for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<code {}>", self.qualname)
    }
}
