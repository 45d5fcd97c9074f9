//! AST -> steps: each statement becomes the bytecode CPython would run for
//! it, named the way `dis` names it, each instruction with the source span it
//! comes from.
//!
//! The instruction set is CPython 3.12's, simplified where the difference is
//! invisible to a thread switch: exception tables become `SETUP_FINALLY` /
//! `POP_BLOCK` pairs (as in CPython 3.10), and `with` keeps its context
//! manager in a hidden variable instead of on the value stack. What matters
//! for the lesson is kept exactly: `counter += 1` is four steps (load, load
//! constant, add, store), and a thread switch may happen between any two.

mod expr;
mod listing;
mod names;
mod scope;
mod stmt;

use listing::instr_text;
use names::{assigned_names, global_decls, module_defs};

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::ast::{BinOp, CmpOp, Expr, ExprKind, FPart, Handler, Stmt, StmtKind};
use super::value::{Builtin, Module, Value};
use super::{subset, ParseError, SourceSpan};

/// The backstop for a construct [`subset::check`] should have refused.
const NOT_IN_MODEL: &str = "this is not supported by this Python subset";

/// Where a hidden variable (the exception being handled, the lock of a
/// `with`) lives: a global slot at module level, a local slot in functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slot {
    Global(u16),
    Local(u16),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum GameOp {
    Nop,
    LoadConst(Value),
    LoadName(u16),
    StoreName(u16),
    LoadGlobal(u16),
    StoreGlobal(u16),
    LoadFast(u16),
    StoreFast(u16),
    /// A builtin such as `print` (CPython loads it by name).
    LoadBuiltin(Value),
    LoadAttr(Arc<str>),
    /// The operator, and whether it is the in-place form (`+=`).
    BinaryOp(BinOp, bool),
    UnaryNot,
    UnaryNeg,
    CompareOp(CmpOp),
    BinarySubscr,
    StoreSubscr,
    BuildList(u16),
    BuildTuple(u16),
    BuildDict(u16),
    FormatValue,
    BuildString(u16),
    UnpackSequence(u16),
    /// Number of arguments (positional + keyword), and the keyword names
    /// (the last `kw.len()` arguments).
    Call(u16, Arc<[Arc<str>]>),
    PopTop,
    Copy,
    Jump(u32),
    PopJumpIfFalse(u32),
    PopJumpIfTrue(u32),
    JumpIfFalseOrPop(u32),
    JumpIfTrueOrPop(u32),
    GetIter,
    ForIter(u32),
    ReturnValue,
    /// `raise X` (1) or a bare `raise` with nothing being handled (0).
    RaiseVarargs(u8),
    Reraise(Slot),
    SetupFinally(u32),
    PopBlock,
    PushExcInfo(Slot),
    PopExcept(Slot),
    CheckExcMatch(Slot),
    LoadSlot(Slot),
    BeforeWith(Slot),
    WithExit(Slot),
    LoadAssertionError,
    ImportName(Module),
    MakeFunction(u16),
}

/// One step of a thread.
#[derive(Debug, Clone)]
pub struct Instr {
    pub op: GameOp,
    pub span: SourceSpan,
    /// The first step of a statement (where a statement-sized step stops).
    pub stmt_start: bool,
    /// As `dis` would print it, e.g. `LOAD_GLOBAL counter`.
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Code {
    pub name: String,
    pub nparams: u16,
    pub local_names: Vec<String>,
    pub instrs: Vec<Instr>,
    pub is_module: bool,
    /// Helper code of the model (e.g. `Condition.wait_for`), not the user's.
    pub internal: bool,
}

#[derive(Debug, Clone)]
pub struct Compiled {
    pub codes: Vec<Code>,
    pub global_names: Vec<String>,
    pub wait_for: u16,
}

/// `Condition.wait_for` is CPython's own loop around `wait`, so it runs as
/// Python here too: every predicate call and every wait is a step.
const PRELUDE: &str = "\
def wait_for(cv, predicate):
    result = predicate()
    while not result:
        cv.wait()
        result = predicate()
    return result
";

enum Unwind {
    Loop {
        top: u32,
        breaks: Vec<usize>,
        is_for: bool,
    },
    Try,
    Finally(Vec<Stmt>),
    With(Slot),
    Except(Slot),
}

struct Builder {
    instrs: Vec<Instr>,
    locals: Vec<String>,
    local_index: HashMap<String, u16>,
    globals_decl: HashSet<String>,
    is_module: bool,
    is_lambda: bool,
    unwind: Vec<Unwind>,
    next_stmt: bool,
    hidden: u32,
}

struct Compiler {
    codes: Vec<Code>,
    globals: Vec<String>,
    global_index: HashMap<String, u16>,
    /// Locals of the function being compiled when compiling a lambda
    /// inside it, to explain why those names are not visible.
    enclosing_locals: Vec<HashSet<String>>,
}

fn cerr(span: SourceSpan, message: impl Into<String>) -> ParseError {
    ParseError::new(span.line, span.col, message)
}

type CResult<T> = Result<T, ParseError>;

/// Compiles a module for the game, after refusing what its subset lacks
/// ([`subset::check`], which needs the source for the old wording).
pub fn compile(src: &str, body: &[Stmt]) -> CResult<Compiled> {
    subset::check(src, body)?;
    let mut c = Compiler {
        codes: Vec::new(),
        globals: Vec::new(),
        global_index: HashMap::new(),
        enclosing_locals: Vec::new(),
    };
    // Globals first: every name the module assigns, and every name a
    // function declares `global`. Then names resolve statically, and a typo
    // is an error with a position instead of a NameError mid-game.
    let mut names = Vec::new();
    assigned_names(body, &mut names);
    let mut defs = Vec::new();
    module_defs(body, &mut defs);
    for d in &defs {
        if let StmtKind::Def { body, .. } = &d.kind {
            global_decls(body, &mut names);
        }
    }
    for n in &names {
        c.global(n);
    }
    // Code 0 is the module; reserve it.
    c.codes.push(Code {
        name: "<module>".into(),
        nparams: 0,
        local_names: Vec::new(),
        instrs: Vec::new(),
        is_module: true,
        internal: false,
    });
    let mut b = Builder::new(true);
    c.block(&mut b, body)?;
    let end = body.last().map(|s| s.span).unwrap_or_default();
    b.next_stmt = false;
    b.emit(GameOp::LoadConst(Value::None), end);
    b.emit(GameOp::ReturnValue, end);
    c.finish(0, b);
    let prelude = super::front::parse_module(PRELUDE).expect("the prelude parses");
    let StmtKind::Def { params, body, .. } = &prelude[0].kind else {
        unreachable!()
    };
    let wait_for = c.function("wait_for", &params.names(), body, true)?;
    Ok(Compiled {
        codes: c.codes,
        global_names: c.globals,
        wait_for,
    })
}
