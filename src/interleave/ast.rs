//! The Python syntax tree that both engines compile from: the game's model
//! (`compile.rs`, which refuses what its subset lacks) and the runner's real
//! interpreter (`runner/compile.rs`, the language the tutorials use).
//!
//! One front end: the lexer and the parser know nothing of either engine, so
//! a program means the same thing in the game and on real threads.

use super::SourceSpan;

/// Binary arithmetic and bitwise operators (also the in-place forms).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinOp {
    /// `+`.
    Add,
    /// `-`.
    Sub,
    /// `*`.
    Mul,
    /// `/`: true division (always a float).
    Div,
    /// `//`: floor division (rounds towards minus infinity, as Python does).
    FloorDiv,
    /// `%`: the remainder takes the divisor's sign, as in Python.
    Mod,
    /// `**`.
    Pow,
    /// `<<`.
    LShift,
    /// `>>`.
    RShift,
    /// `&`.
    BitAnd,
    /// `|`.
    BitOr,
    /// `^`.
    BitXor,
}

impl BinOp {
    /// The operator as written in Python, for listings and error messages.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "**",
            BinOp::LShift => "<<",
            BinOp::RShift => ">>",
            BinOp::BitAnd => "&",
            BinOp::BitOr => "|",
            BinOp::BitXor => "^",
        }
    }
}

/// Comparison operators, including membership (`in`) and identity (`is`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CmpOp {
    /// `==`.
    Eq,
    /// `!=`.
    Ne,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
    /// `in`.
    In,
    /// `not in`.
    NotIn,
    /// `is`: the same object, not an equal one.
    Is,
    /// `is not`.
    IsNot,
}

impl CmpOp {
    /// The operator as written in Python, for listings and error messages.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
            CmpOp::In => "in",
            CmpOp::NotIn => "not in",
            CmpOp::Is => "is",
            CmpOp::IsNot => "is not",
        }
    }
}

/// An expression and where it is in the source (for error messages and the game's highlighting).
#[derive(Debug, Clone)]
pub struct Expr {
    /// What the expression is.
    pub kind: ExprKind,
    /// Where it is written.
    pub span: SourceSpan,
}

/// The kinds of expression the parser builds; both engines compile all of them or refuse one by name.
#[derive(Debug, Clone)]
pub enum ExprKind {
    /// An integer literal that fits 64 bits.
    Int(i64),
    /// An integer literal that does not: its decimal digits.
    BigInt(String),
    /// A float literal.
    Float(f64),
    /// A string literal, escapes already decoded (adjacent literals joined).
    Str(String),
    /// A bytes literal, escapes already decoded (adjacent literals joined).
    Bytes(Vec<u8>),
    /// An f-string: its literal text and replacement fields in order.
    FStr(Vec<FPart>),
    /// `True` / `False`.
    Bool(bool),
    /// `None`.
    None,
    /// `...` (the `Ellipsis` object): a stub's body, `tuple[int, ...]`.
    Ellipsis,
    /// A name to look up (local, enclosing, global or builtin: the compiler decides).
    Name(String),
    /// A binary operator applied to two operands.
    Bin(BinOp, Box<Expr>, Box<Expr>),
    /// Unary `-x`.
    Neg(Box<Expr>),
    /// Unary `+x`.
    Pos(Box<Expr>),
    /// `~x`.
    Invert(Box<Expr>),
    /// `not x`.
    Not(Box<Expr>),
    /// `and` (true) / `or` (false)
    BoolOp(bool, Box<Expr>, Box<Expr>),
    /// One comparison, `a < b`.
    Compare(CmpOp, Box<Expr>, Box<Expr>),
    /// A chain of two or more, `a < b <= c`: the first operand and each
    /// (operator, operand) after it; every operand is evaluated once.
    CompareChain(Box<Expr>, Vec<(CmpOp, Expr)>),
    /// Callee, positional arguments (a `Starred` one is `*args`), keyword
    /// arguments (`None` as the name is `**kwargs`).
    Call(Box<Expr>, Vec<Expr>, Vec<(Option<String>, Expr)>),
    /// `x.name`.
    Attr(Box<Expr>, String),
    /// `a[i]`; a slice `a[i:j:k]` has a [`ExprKind::Slice`] as its index,
    /// and `a[i, j]` a tuple.
    Subscript(Box<Expr>, Box<Expr>),
    /// `lower:upper:step`, only as a subscript's index.
    Slice(Option<Box<Expr>>, Option<Box<Expr>>, Option<Box<Expr>>),
    /// `[a, b]`.
    List(Vec<Expr>),
    /// `(a, b)` or a bare `a, b`.
    Tuple(Vec<Expr>),
    /// Entries; a `None` key is `**mapping`.
    Dict(Vec<(Option<Expr>, Expr)>),
    /// `{a, b}`.
    Set(Vec<Expr>),
    /// `[elt for ...]`: the element and the clauses.
    ListComp(Box<Expr>, Vec<Comprehension>),
    /// `{elt for ...}`: the element and the clauses.
    SetComp(Box<Expr>, Vec<Comprehension>),
    /// Key, value, clauses.
    DictComp(Box<Expr>, Box<Expr>, Vec<Comprehension>),
    /// A generator expression, `(x for x in xs)`.
    GenExp(Box<Expr>, Vec<Comprehension>),
    /// `lambda params: body`.
    Lambda(Box<Params>, Box<Expr>),
    /// `a if cond else b`: (cond, a, b)
    IfExp(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `*x` in a call, a list, a tuple or an assignment target.
    Starred(Box<Expr>),
    /// `yield x` / `yield` inside a function: it makes a generator.
    Yield(Option<Box<Expr>>),
    /// `yield from x`: yields what `x` yields, passes `send` values on,
    /// and is worth what `x` returns.
    YieldFrom(Box<Expr>),
    /// `await x`: parsed so that it can be refused with a clear message.
    Await(Box<Expr>),
}

/// One `for target in iter if cond ...` clause of a comprehension.
#[derive(Debug, Clone)]
pub struct Comprehension {
    /// The loop variable(s), as an assignment target.
    pub target: Expr,
    /// What is iterated over.
    pub iter: Expr,
    /// The `if` filters, all of which must hold.
    pub ifs: Vec<Expr>,
}

/// A parameter with its default, if any (evaluated once, at `def` time).
#[derive(Debug, Clone)]
pub struct Param {
    /// The parameter's name.
    pub name: String,
    /// Its default value, if it has one.
    pub default: Option<Expr>,
    /// Where it is written.
    pub span: SourceSpan,
}

/// A function's parameters: `def f(a, b=1, *args, c, d=2, **kwargs)`.
#[derive(Debug, Clone, Default)]
pub struct Params {
    /// Positional-or-keyword parameters (including any before a `/`).
    pub args: Vec<Param>,
    /// `*args`.
    pub vararg: Option<String>,
    /// Keyword-only parameters (after `*` or `*args`).
    pub kwonly: Vec<Param>,
    /// `**kwargs`.
    pub kwarg: Option<String>,
}

impl Params {
    /// Only plain names, no defaults, no star: all the game's subset takes.
    pub fn is_simple(&self) -> bool {
        self.vararg.is_none()
            && self.kwarg.is_none()
            && self.kwonly.is_empty()
            && self.args.iter().all(|p| p.default.is_none())
    }

    /// The positional parameters' names, in order (what the game's subset binds).
    pub fn names(&self) -> Vec<String> {
        self.args.iter().map(|p| p.name.clone()).collect()
    }
}

/// One piece of an f-string.
#[derive(Debug, Clone)]
pub enum FPart {
    /// Literal text (`{{` and `}}` already undoubled).
    Lit(String),
    /// `{expr!conv:spec}`: the value, its conversion (`r`, `s`, `a`), and its
    /// format spec, itself an f-string (`{x:{width}}` nests).
    Expr {
        /// The replaced expression.
        expr: Expr,
        /// `!r`, `!s` or `!a`, if given.
        conversion: Option<char>,
        /// The format spec after `:`, if given (itself f-string parts).
        spec: Option<Vec<FPart>>,
    },
}

/// A statement and where it starts.
#[derive(Debug, Clone)]
pub struct Stmt {
    /// What the statement is.
    pub kind: StmtKind,
    /// The statement's first line (for compound statements: the header).
    pub span: SourceSpan,
}

/// One `except` clause of a `try`.
#[derive(Debug, Clone)]
pub struct Handler {
    /// The exception type (or tuple of types) it catches; `None` catches all.
    pub typ: Option<Expr>,
    /// The `as name` the exception is bound to.
    pub name: Option<String>,
    /// The clause's body.
    pub body: Vec<Stmt>,
    /// Where the `except` is written (a traceback's line).
    pub span: SourceSpan,
}

/// The kinds of statement the parser builds.
#[derive(Debug, Clone)]
pub enum StmtKind {
    /// An expression evaluated for its effect (a call, usually).
    Expr(Expr),
    /// Targets (`a = b = value` has two), value.
    Assign(Vec<Expr>, Expr),
    /// `x += v`: target, operator, value (the target is read once, as in Python).
    AugAssign(Expr, BinOp, Expr),
    /// `x: int = 5` / `x: int`: target, annotation, value.
    AnnAssign(Expr, Expr, Option<Expr>),
    /// `if`/`elif` branches in order (condition, body), and the `else` block.
    If(Vec<(Expr, Vec<Stmt>)>, Option<Vec<Stmt>>),
    /// Condition, body, `else` block.
    While(Expr, Vec<Stmt>, Option<Vec<Stmt>>),
    /// Target, iterable, body, `else` block.
    For(Expr, Expr, Vec<Stmt>, Option<Vec<Stmt>>),
    /// `def name(params): body`.
    Def {
        /// The function's name.
        name: String,
        /// Its parameters.
        params: Params,
        /// Its body.
        body: Vec<Stmt>,
        /// Decorators, outermost first.
        decorators: Vec<Expr>,
        /// `async def`: parsed so that it can be refused with a clear message.
        is_async: bool,
    },
    /// `class name(bases): body`.
    Class {
        /// The class's name.
        name: String,
        /// Its base classes.
        bases: Vec<Expr>,
        /// Its keywords: `metaclass=M`, and any others, which go to the
        /// bases' `__init_subclass__`.
        keywords: Vec<(String, Expr)>,
        /// Its body (run once, at class creation, to fill the namespace).
        body: Vec<Stmt>,
        /// Decorators, outermost first.
        decorators: Vec<Expr>,
    },
    /// `return` with an optional value.
    Return(Option<Expr>),
    /// `assert test, message`.
    Assert(Expr, Option<Expr>),
    /// `pass`.
    Pass,
    /// `break`.
    Break,
    /// `continue`.
    Continue,
    /// `global a, b`.
    Global(Vec<String>),
    /// `nonlocal a, b`.
    Nonlocal(Vec<String>),
    /// `raise X from Y`: (X, Y).
    Raise(Option<Expr>, Option<Expr>),
    /// `del a, b[i]`.
    Del(Vec<Expr>),
    /// `try` with its `except` clauses, `else` and `finally` blocks.
    Try {
        /// The guarded block.
        body: Vec<Stmt>,
        /// The `except` clauses, in order.
        handlers: Vec<Handler>,
        /// The `else` block, run when the body raised nothing.
        orelse: Option<Vec<Stmt>>,
        /// The `finally` block and where its keyword is (CPython reports that line).
        finally: Option<(Vec<Stmt>, SourceSpan)>,
    },
    /// `with a as x, b:`: each item's context manager and optional target.
    With(Vec<(Expr, Option<Expr>)>, Vec<Stmt>),
    /// `import a.b` / `import a as b`: (dotted module, bound name). A plain
    /// `import a.b` binds `a`, as in Python.
    Import(Vec<(String, String)>),
    /// `from m import a as b`: (module, [(name, bound name)]); `*` is the
    /// name `*`.
    ImportFrom(String, Vec<(String, String)>),
}
