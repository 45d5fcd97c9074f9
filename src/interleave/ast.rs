//! The Python syntax tree that both engines compile from: the game's model
//! (`compile.rs`, which refuses what its subset lacks) and the runner's real
//! interpreter (`runner/compile.rs`, the language the tutorials use).
//!
//! One front end: the lexer and the parser know nothing of either engine, so
//! a program means the same thing in the game and on real threads.

use super::Span;

/// Binary arithmetic and bitwise operators (also the in-place forms).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    /// `/`: true division (always a float).
    Div,
    FloorDiv,
    Mod,
    Pow,
    LShift,
    RShift,
    BitAnd,
    BitOr,
    BitXor,
}

impl BinOp {
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    NotIn,
    Is,
    IsNot,
}

impl CmpOp {
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

#[derive(Debug, Clone)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum ExprKind {
    /// An integer literal that fits 64 bits.
    Int(i64),
    /// An integer literal that does not: its decimal digits.
    BigInt(String),
    Float(f64),
    Str(String),
    FStr(Vec<FPart>),
    Bool(bool),
    None,
    Name(String),
    Bin(BinOp, Box<Expr>, Box<Expr>),
    Neg(Box<Expr>),
    /// Unary `+x`.
    Pos(Box<Expr>),
    /// `~x`.
    Invert(Box<Expr>),
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
    Attr(Box<Expr>, String),
    /// `a[i]`; a slice `a[i:j:k]` has a [`ExprKind::Slice`] as its index,
    /// and `a[i, j]` a tuple.
    Subscript(Box<Expr>, Box<Expr>),
    /// `lower:upper:step`, only as a subscript's index.
    Slice(Option<Box<Expr>>, Option<Box<Expr>>, Option<Box<Expr>>),
    List(Vec<Expr>),
    Tuple(Vec<Expr>),
    /// Entries; a `None` key is `**mapping`.
    Dict(Vec<(Option<Expr>, Expr)>),
    Set(Vec<Expr>),
    ListComp(Box<Expr>, Vec<Comprehension>),
    SetComp(Box<Expr>, Vec<Comprehension>),
    /// Key, value, clauses.
    DictComp(Box<Expr>, Box<Expr>, Vec<Comprehension>),
    /// A generator expression, `(x for x in xs)`.
    GenExp(Box<Expr>, Vec<Comprehension>),
    Lambda(Box<Params>, Box<Expr>),
    /// `a if cond else b`: (cond, a, b)
    IfExp(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `*x` in a call, a list, a tuple or an assignment target.
    Starred(Box<Expr>),
    /// `yield x` / `yield` inside a function: it makes a generator.
    Yield(Option<Box<Expr>>),
    /// `await x`: parsed so that it can be refused with a clear message.
    Await(Box<Expr>),
}

/// One `for target in iter if cond ...` clause of a comprehension.
#[derive(Debug, Clone)]
pub struct Comprehension {
    pub target: Expr,
    pub iter: Expr,
    pub ifs: Vec<Expr>,
}

/// A parameter with its default, if any (evaluated once, at `def` time).
#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    pub default: Option<Expr>,
    pub span: Span,
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

    pub fn names(&self) -> Vec<String> {
        self.args.iter().map(|p| p.name.clone()).collect()
    }
}

#[derive(Debug, Clone)]
pub enum FPart {
    Lit(String),
    /// `{expr!conv:spec}`: the value, its conversion (`r`, `s`, `a`), and its
    /// format spec, itself an f-string (`{x:{width}}` nests).
    Expr {
        expr: Expr,
        conversion: Option<char>,
        spec: Option<Vec<FPart>>,
    },
}

#[derive(Debug, Clone)]
pub struct Stmt {
    pub kind: StmtKind,
    /// The statement's first line (for compound statements: the header).
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Handler {
    pub typ: Option<Expr>,
    pub name: Option<String>,
    pub body: Vec<Stmt>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum StmtKind {
    Expr(Expr),
    /// Targets (`a = b = value` has two), value.
    Assign(Vec<Expr>, Expr),
    AugAssign(Expr, BinOp, Expr),
    /// `x: int = 5` / `x: int`: target, annotation, value.
    AnnAssign(Expr, Expr, Option<Expr>),
    If(Vec<(Expr, Vec<Stmt>)>, Option<Vec<Stmt>>),
    /// Condition, body, `else` block.
    While(Expr, Vec<Stmt>, Option<Vec<Stmt>>),
    /// Target, iterable, body, `else` block.
    For(Expr, Expr, Vec<Stmt>, Option<Vec<Stmt>>),
    Def {
        name: String,
        params: Params,
        body: Vec<Stmt>,
        decorators: Vec<Expr>,
        /// `async def`: parsed so that it can be refused with a clear message.
        is_async: bool,
    },
    Class {
        name: String,
        bases: Vec<Expr>,
        body: Vec<Stmt>,
        decorators: Vec<Expr>,
    },
    Return(Option<Expr>),
    Assert(Expr, Option<Expr>),
    Pass,
    Break,
    Continue,
    Global(Vec<String>),
    Nonlocal(Vec<String>),
    /// `raise X from Y`: (X, Y).
    Raise(Option<Expr>, Option<Expr>),
    Del(Vec<Expr>),
    Try {
        body: Vec<Stmt>,
        handlers: Vec<Handler>,
        orelse: Option<Vec<Stmt>>,
        finally: Option<(Vec<Stmt>, Span)>,
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
