//! The Python front end both engines share: the tree each construct parses
//! to (written as an S-expression, so a test shows the shape), precedence,
//! and errors with their line and column.

use threadlab::interleave::ast::{Expr, ExprKind as K, FPart, Params, Stmt, StmtKind as S};
use threadlab::interleave::{parse_module, SyntaxKind};

#[path = "common/python.rs"]
mod python;

fn params(p: &Params) -> String {
    let mut out: Vec<String> = Vec::new();
    let one = |p: &threadlab::interleave::ast::Param| match &p.default {
        Some(d) => format!("{}={}", p.name, sx(d)),
        None => p.name.clone(),
    };
    out.extend(p.args.iter().map(one));
    if let Some(v) = &p.vararg {
        out.push(format!("*{v}"));
    } else if !p.kwonly.is_empty() {
        out.push("*".into());
    }
    out.extend(p.kwonly.iter().map(one));
    if let Some(k) = &p.kwarg {
        out.push(format!("**{k}"));
    }
    format!("({})", out.join(" "))
}

fn list(xs: &[Expr]) -> String {
    xs.iter().map(sx).collect::<Vec<_>>().join(" ")
}

fn comp(head: &str, elt: String, cs: &[threadlab::interleave::ast::Comprehension]) -> String {
    let mut s = format!("({head} {elt}");
    for c in cs {
        s += &format!(" (for {} {}", sx(&c.target), sx(&c.iter));
        for i in &c.ifs {
            s += &format!(" (if {})", sx(i));
        }
        s += ")";
    }
    s + ")"
}

fn fparts(parts: &[FPart]) -> String {
    let items: Vec<String> = parts
        .iter()
        .map(|p| match p {
            FPart::Lit(s) => format!("{s:?}"),
            FPart::Expr {
                expr,
                conversion,
                spec,
            } => {
                let mut s = format!("{{{}", sx(expr));
                if let Some(c) = conversion {
                    s += &format!(" !{c}");
                }
                if let Some(spec) = spec {
                    s += &format!(" :{}", fparts(spec));
                }
                s + "}"
            }
        })
        .collect();
    format!("(f {})", items.join(" "))
}

/// An expression as an S-expression: `-2**2` is `(neg (** 2 2))`.
fn sx(e: &Expr) -> String {
    match &e.kind {
        K::Int(i) => i.to_string(),
        K::BigInt(d) => format!("big:{d}"),
        K::Float(f) => format!("{f:?}"),
        K::Str(s) => format!("{s:?}"),
        K::Bytes(b) => format!("b{b:?}"),
        K::FStr(parts) => fparts(parts),
        K::Bool(b) => if *b { "True" } else { "False" }.into(),
        K::None => "None".into(),
        K::Ellipsis => "...".into(),
        K::Name(n) => n.clone(),
        K::Bin(op, a, b) => format!("({} {} {})", op.symbol(), sx(a), sx(b)),
        K::Neg(a) => format!("(neg {})", sx(a)),
        K::Pos(a) => format!("(pos {})", sx(a)),
        K::Invert(a) => format!("(~ {})", sx(a)),
        K::Not(a) => format!("(not {})", sx(a)),
        K::BoolOp(and, a, b) => {
            format!("({} {} {})", if *and { "and" } else { "or" }, sx(a), sx(b))
        }
        K::Compare(op, a, b) => format!("({} {} {})", op.symbol(), sx(a), sx(b)),
        K::CompareChain(a, rest) => {
            let rest: Vec<String> = rest
                .iter()
                .map(|(o, x)| format!("{} {}", o.symbol(), sx(x)))
                .collect();
            format!("(chain {} {})", sx(a), rest.join(" "))
        }
        K::Call(f, args, kwargs) => {
            let mut s = format!("(call {}", sx(f));
            for a in args {
                s += &format!(" {}", sx(a));
            }
            for (k, v) in kwargs {
                match k {
                    Some(k) => s += &format!(" {k}={}", sx(v)),
                    None => s += &format!(" **{}", sx(v)),
                }
            }
            s + ")"
        }
        K::Attr(a, n) => format!("(. {} {n})", sx(a)),
        K::Subscript(a, i) => format!("([] {} {})", sx(a), sx(i)),
        K::Slice(l, u, st) => {
            let o = |x: &Option<Box<Expr>>| x.as_ref().map_or("_".to_string(), |x| sx(x));
            format!("(slice {} {} {})", o(l), o(u), o(st))
        }
        K::List(xs) => format!("[{}]", list(xs)),
        K::Tuple(xs) => format!("(tuple {})", list(xs)),
        K::Set(xs) => format!("(set {})", list(xs)),
        K::Dict(items) => {
            let items: Vec<String> = items
                .iter()
                .map(|(k, v)| match k {
                    Some(k) => format!("{}: {}", sx(k), sx(v)),
                    None => format!("**{}", sx(v)),
                })
                .collect();
            format!("{{{}}}", items.join(", "))
        }
        K::ListComp(x, cs) => comp("listcomp", sx(x), cs),
        K::SetComp(x, cs) => comp("setcomp", sx(x), cs),
        K::GenExp(x, cs) => comp("genexp", sx(x), cs),
        K::DictComp(k, v, cs) => comp("dictcomp", format!("{}: {}", sx(k), sx(v)), cs),
        K::Lambda(p, body) => format!("(lambda {} {})", params(p), sx(body)),
        K::IfExp(c, a, b) => format!("(if {} {} {})", sx(c), sx(a), sx(b)),
        K::Starred(a) => format!("*{}", sx(a)),
        K::Yield(a) => match a {
            Some(a) => format!("(yield {})", sx(a)),
            None => "(yield)".into(),
        },
        K::YieldFrom(a) => format!("(yield-from {})", sx(a)),
        K::Await(a) => format!("(await {})", sx(a)),
    }
}

fn module(src: &str) -> Vec<Stmt> {
    parse_module(src).unwrap_or_else(|e| panic!("{e}\n{src}"))
}

/// The expression of a one-expression-statement program.
fn expr(src: &str) -> String {
    let body = module(&format!("{src}\n"));
    match &body[..] {
        [Stmt {
            kind: S::Expr(e), ..
        }] => sx(e),
        other => panic!("not one expression: {other:?}"),
    }
}

fn error(src: &str) -> (u32, u32, String) {
    match parse_module(src) {
        Ok(t) => panic!("should not parse: {src:?}\n{t:?}"),
        Err(e) => (e.line, e.col, e.message),
    }
}

#[test]
fn numbers() {
    assert_eq!(expr("1.5"), "1.5");
    assert_eq!(expr("1e-3"), "0.001");
    assert_eq!(expr(".5"), "0.5");
    assert_eq!(expr("1_000.0"), "1000.0");
    assert_eq!(expr("1_000_000"), "1000000");
    assert_eq!(expr("0xff"), "255");
    assert_eq!(expr("0o17"), "15");
    assert_eq!(expr("0b1010"), "10");
    assert_eq!(expr("2."), "2.0");
    assert_eq!(expr("99999999999999999999"), "big:99999999999999999999");
    assert_eq!(expr("0x1_0000_0000_0000_0000"), "big:18446744073709551616");
    assert_eq!(expr("-9223372036854775808"), "-9223372036854775808");
    assert_eq!(expr("x.real"), "(. x real)");
}

#[test]
fn operators_and_precedence() {
    assert_eq!(expr("-2**2"), "(neg (** 2 2))");
    assert_eq!(expr("2**-1"), "(** 2 -1)");
    assert_eq!(expr("2**3**2"), "(** 2 (** 3 2))");
    assert_eq!(expr("-x**2"), "(neg (** x 2))");
    assert_eq!(expr("not a == b"), "(not (== a b))");
    assert_eq!(expr("a if b else c if d else e"), "(if b a (if d c e))");
    assert_eq!(expr("lambda: x if y else z"), "(lambda () (if y x z))");
    assert_eq!(expr("a / b // c % d * e"), "(* (% (// (/ a b) c) d) e)");
    assert_eq!(
        expr("a | b ^ c & d << 1 >> 2"),
        "(| a (^ b (& c (>> (<< d 1) 2))))"
    );
    assert_eq!(expr("~x + +y - -z"), "(- (+ (~ x) (pos y)) (neg z))");
    assert_eq!(expr("a + b * c"), "(+ a (* b c))");
    assert_eq!(expr("a or b and not c"), "(or a (and b (not c)))");
    assert_eq!(expr("a | b == c"), "(== (| a b) c)");
    assert_eq!(expr("tuple[int, ...]"), "([] tuple (tuple int ...))");
}

#[test]
fn comparisons_chain_only_when_there_are_two_or_more() {
    assert_eq!(expr("a < b"), "(< a b)");
    assert_eq!(expr("0 <= i < n"), "(chain 0 <= i < n)");
    assert_eq!(
        expr("a is not None != b not in c"),
        "(chain a is not None != b not in c)"
    );
}

#[test]
fn strings_escapes_and_concatenation() {
    assert_eq!(expr(r#"'a' "b" """c""" '''d'''"#), r#""abcd""#);
    assert_eq!(
        expr(r#"'tab\there\n\x41\u00e9\101'"#),
        r#""tab\there\nAéA""#
    );
    assert_eq!(expr(r#"r'\d+\n'"#), r#""\\d+\\n""#);
    assert_eq!(expr("'''two\nlines'''"), r#""two\nlines""#);
    assert_eq!(expr(r#"'it\'s'"#), r#""it's""#);
}

#[test]
fn bytes_literals() {
    assert_eq!(expr("b''"), "b[]");
    assert_eq!(expr(r#"b'ab' B"c" b'''d'''"#), "b[97, 98, 99, 100]");
    // \x and octal give bytes (an octal escape keeps its low byte);
    // \u and \N are no escapes in bytes.
    assert_eq!(expr(r"b'\x00\xff\101\777'"), "b[0, 255, 65, 255]");
    assert_eq!(expr(r"b'\u12'"), "b[92, 117, 49, 50]");
    assert_eq!(expr(r"b'\t\n\\\''"), "b[9, 10, 92, 39]");
    assert_eq!(
        expr(r"rb'\d' Rb'\n' bR'x' BR'y'"),
        "b[92, 100, 92, 110, 120, 121]"
    );
}

#[test]
fn f_strings() {
    assert_eq!(expr("f'{x!r}'"), "(f {x !r})");
    assert_eq!(expr("f'{x:.2f}'"), r#"(f {x :(f ".2f")})"#);
    assert_eq!(expr("f'{x:>{width}}'"), r#"(f {x :(f ">" {width})})"#);
    assert_eq!(expr("f'{{a}} {b}'"), r#"(f "{a} " {b})"#);
    assert_eq!(expr(r#"f'{d["k"]}'"#), r#"(f {([] d "k")})"#);
    // Implicit concatenation with plain strings folds the literals.
    assert_eq!(expr("'a' f'{x}' 'b'"), r#"(f "a" {x} "b")"#);
    assert_eq!(
        expr("f'{a + b:>10} done'"),
        r#"(f {(+ a b) :(f ">10")} " done")"#
    );
    assert_eq!(
        expr("f'{x!s:^{w}.{p}}'"),
        r#"(f {x !s :(f "^" {w} "." {p})})"#
    );
    assert_eq!(expr("f'{a != b}'"), "(f {(!= a b)})");
}

#[test]
fn calls_with_stars_and_keywords() {
    assert_eq!(
        expr("f(1, *args, key=2, **kw)"),
        "(call f 1 *args key=2 **kw)"
    );
    assert_eq!(
        expr("print('a', 'b', sep='', end='', flush=True)"),
        r#"(call print "a" "b" sep="" end="" flush=True)"#
    );
    assert_eq!(
        expr("sum(x*x for x in xs)"),
        "(call sum (genexp (* x x) (for x xs)))"
    );
    assert_eq!(expr("f(a=1, *rest)"), "(call f *rest a=1)");
}

#[test]
fn subscripts_and_slices() {
    assert_eq!(expr("a[1:]"), "([] a (slice 1 _ _))");
    assert_eq!(expr("a[::2]"), "([] a (slice _ _ 2))");
    assert_eq!(expr("a[:-1]"), "([] a (slice _ -1 _))");
    assert_eq!(expr("a[i, j]"), "([] a (tuple i j))");
    assert_eq!(
        expr("a[1:2, ::3]"),
        "([] a (tuple (slice 1 2 _) (slice _ _ 3)))"
    );
}

#[test]
fn displays() {
    assert_eq!(expr("{}"), "{}");
    assert_eq!(expr("{1, 2}"), "(set 1 2)");
    assert_eq!(expr("{'a': 1, **d}"), r#"{"a": 1, **d}"#);
    assert_eq!(expr("{**d}"), "{**d}");
    assert_eq!(expr("[1, *xs]"), "[1 *xs]");
    assert_eq!(expr("(1,)"), "(tuple 1)");
    assert_eq!(expr("()"), "(tuple )");
}

#[test]
fn comprehensions() {
    assert_eq!(
        expr("[x * y for x in xs if x for y in range(x) if y > 1 if y < 9]"),
        "(listcomp (* x y) (for x xs (if x)) (for y (call range x) (if (> y 1)) (if (< y 9))))"
    );
    assert_eq!(expr("{x for x in xs}"), "(setcomp x (for x xs))");
    assert_eq!(
        expr("{k: v for k, v in d.items()}"),
        "(dictcomp k: v (for (tuple k v) (call (. d items))))"
    );
    assert_eq!(expr("(x for x in xs)"), "(genexp x (for x xs))");
}

#[test]
fn lambdas_with_full_parameters() {
    assert_eq!(
        expr("lambda a, b=2, *args, c, d=4, **kw: a"),
        "(lambda (a b=2 *args c d=4 **kw) a)"
    );
    assert_eq!(expr("lambda *, k: k"), "(lambda (* k) k)");
    assert_eq!(expr("lambda x: lambda: x"), "(lambda (x) (lambda () x))");
}

fn only(src: &str) -> S {
    let mut body = module(src);
    assert_eq!(body.len(), 1, "{src}");
    body.remove(0).kind
}

#[test]
fn def_with_everything() {
    let src = "@decorate\n@wraps(f)\ndef f(a: int, b=1, *args: str, c, d: int = 2, **kwargs) -> int:\n    return a\n";
    let body = module(src);
    assert_eq!(
        (body[0].span.line, body[0].span.col),
        (3, 1),
        "the def line"
    );
    let S::Def {
        name,
        params: p,
        body,
        decorators,
        is_async,
    } = only(src)
    else {
        panic!()
    };
    assert_eq!(name, "f");
    assert_eq!(params(&p), "(a b=1 *args c d=2 **kwargs)");
    assert_eq!(body.len(), 1);
    assert_eq!(list(&decorators), "decorate (call wraps f)");
    assert!(!is_async);
    let S::Def { params: p, .. } = only("def f(a, /, b, *, c):\n    pass\n") else {
        panic!()
    };
    assert_eq!(params(&p), "(a b * c)");
}

#[test]
fn async_and_await_are_parsed_to_be_refused() {
    let S::Def { is_async, body, .. } = only("async def f():\n    await g()\n") else {
        panic!()
    };
    assert!(is_async);
    let S::Expr(e) = &body[0].kind else { panic!() };
    assert_eq!(sx(e), "(await (call g))");
}

#[test]
fn classes() {
    let src = "@dataclass\nclass Worker(threading.Thread, Base):\n    count = 0\n    def run(self):\n        pass\n";
    let S::Class {
        name,
        bases,
        keywords,
        body,
        decorators,
    } = only(src)
    else {
        panic!()
    };
    assert_eq!(name, "Worker");
    assert_eq!(list(&bases), "(. threading Thread) Base");
    assert!(keywords.is_empty());
    assert_eq!(body.len(), 2);
    assert_eq!(list(&decorators), "dataclass");
    let S::Class {
        bases, keywords, ..
    } = only("class Config(Base, metaclass=Single, label='x'):\n    pass\n")
    else {
        panic!()
    };
    assert_eq!(list(&bases), "Base");
    let names: Vec<&str> = keywords.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(names, ["metaclass", "label"]);
    assert_eq!(sx(&keywords[0].1), "Single");
    let S::Class { bases, .. } = only("class E(Exception): pass\n") else {
        panic!()
    };
    assert_eq!(list(&bases), "Exception");
    let S::Class { bases, .. } = only("class A:\n    pass\n") else {
        panic!()
    };
    assert!(bases.is_empty());
}

#[test]
fn simple_statements() {
    assert!(matches!(only("nonlocal a, b\n"), S::Nonlocal(n) if n == ["a", "b"]));
    let S::Del(ts) = only("del a[0], b\n") else {
        panic!()
    };
    assert_eq!(list(&ts), "([] a 0) b");
    let S::Raise(Some(x), Some(y)) = only("raise ValueError('x') from err\n") else {
        panic!()
    };
    assert_eq!(
        (sx(&x), sx(&y)),
        (r#"(call ValueError "x")"#.into(), "err".into())
    );
    let S::AnnAssign(t, a, v) = only("x: int = 5\n") else {
        panic!()
    };
    assert_eq!(
        (sx(&t), sx(&a), v.map(|v| sx(&v))),
        ("x".into(), "int".into(), Some("5".into()))
    );
    let S::AnnAssign(_, a, None) = only("self.items: list[int]\n") else {
        panic!()
    };
    assert_eq!(sx(&a), "([] list int)");
    let S::Assign(ts, v) = only("a, *rest = xs\n") else {
        panic!()
    };
    assert_eq!((list(&ts), sx(&v)), ("(tuple a *rest)".into(), "xs".into()));
    let S::Assign(ts, _) = only("a = b = 0\n") else {
        panic!()
    };
    assert_eq!(list(&ts), "a b");
    assert_eq!(module("x = 1; y = 2;\n").len(), 2);
    let S::Assign(_, v) = only("total = 1 + \\\n    2  # comment\n") else {
        panic!()
    };
    assert_eq!(sx(&v), "(+ 1 2)");
}

#[test]
fn augmented_assignments() {
    let ops = [
        "+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^",
    ];
    for op in ops {
        let S::AugAssign(t, o, v) = only(&format!("x {op}= 2\n")) else {
            panic!("{op}")
        };
        assert_eq!((sx(&t), o.symbol(), sx(&v)), ("x".into(), op, "2".into()));
    }
    let (_, _, m) = error("x @= 2\n");
    assert!(m.contains("invalid syntax"), "{m}");
}

#[test]
fn yields() {
    let S::Expr(e) = only("yield\n") else {
        panic!()
    };
    assert_eq!(sx(&e), "(yield)");
    let S::Expr(e) = only("yield x, y\n") else {
        panic!()
    };
    assert_eq!(sx(&e), "(yield (tuple x y))");
    let S::Assign(_, v) = only("got = yield item\n") else {
        panic!()
    };
    assert_eq!(sx(&v), "(yield item)");
    let S::Assign(_, v) = only("total = yield from numbered(lines)\n") else {
        panic!()
    };
    assert_eq!(sx(&v), "(yield-from (call numbered lines))");
}

#[test]
fn loops_with_else_and_with_items() {
    let S::While(c, _, Some(e)) = only("while n:\n    n -= 1\nelse:\n    done()\n") else {
        panic!()
    };
    assert_eq!((sx(&c), e.len()), ("n".into(), 1));
    let S::For(t, i, _, Some(_)) = only("for i, (a, b) in pairs:\n    pass\nelse:\n    pass\n")
    else {
        panic!()
    };
    assert_eq!(
        (sx(&t), sx(&i)),
        ("(tuple i (tuple a b))".into(), "pairs".into())
    );
    let S::With(items, _) = only("with a as x, b as y, c:\n    pass\n") else {
        panic!()
    };
    let items: Vec<String> = items
        .iter()
        .map(|(c, t)| format!("{}->{}", sx(c), t.as_ref().map_or("_".into(), sx)))
        .collect();
    assert_eq!(items, ["a->x", "b->y", "c->_"]);
    let S::With(items, _) = only("with (\n    open(p) as f,\n    lock,\n):\n    pass\n") else {
        panic!()
    };
    assert_eq!(items.len(), 2);
    let S::With(items, _) = only("with (lock):\n    pass\n") else {
        panic!()
    };
    assert_eq!(items.len(), 1);
}

#[test]
fn imports() {
    let S::Import(m) = only("import a.b.c, d as e, f.g as h\n") else {
        panic!()
    };
    let want = [("a.b.c", "a"), ("d", "e"), ("f.g", "h")];
    assert_eq!(m, want.map(|(a, b)| (a.to_string(), b.to_string())));
    let src = "from concurrent.futures import ThreadPoolExecutor as Pool, as_completed\n";
    let S::ImportFrom(m, n) = only(src) else {
        panic!()
    };
    assert_eq!(m, "concurrent.futures");
    let want = [
        ("ThreadPoolExecutor", "Pool"),
        ("as_completed", "as_completed"),
    ];
    assert_eq!(n, want.map(|(a, b)| (a.to_string(), b.to_string())));
    let S::ImportFrom(_, n) = only("from x import *\n") else {
        panic!()
    };
    assert_eq!(n, [("*".to_string(), "*".to_string())]);
    let S::ImportFrom(_, n) = only("from x import (a,\n    b,)\n") else {
        panic!()
    };
    assert_eq!(n.len(), 2);
}

#[test]
fn main_guard_and_try() {
    let S::If(arms, None) = only("if __name__ == \"__main__\":\n    main()\n") else {
        panic!()
    };
    assert_eq!(sx(&arms[0].0), r#"(== __name__ "__main__")"#);
    let src = "try:\n    f()\nexcept (A, B) as e:\n    pass\nexcept Exception:\n    raise\nelse:\n    pass\nfinally:\n    pass\n";
    let S::Try {
        handlers,
        orelse,
        finally,
        ..
    } = only(src)
    else {
        panic!()
    };
    assert_eq!(handlers.len(), 2);
    assert_eq!(handlers[0].name.as_deref(), Some("e"));
    assert!(orelse.is_some() && finally.is_some());
}

#[test]
fn errors_have_line_and_column() {
    let cases: &[(&str, u32, u32, &str)] = &[
        ("x = (1,\n  2\n", 1, 5, "'(' was never closed"),
        ("x = [1, 2\n", 1, 5, "'[' was never closed"),
        (
            "if x:\n    a = 1\n   b = 2\n",
            3,
            4,
            "unindent does not match any outer indentation level",
        ),
        ("x = 1\n    y = 2\n", 2, 5, "unexpected indent"),
        ("def f():\nreturn 1\n", 2, 1, "expected an indented block"),
        (
            "def f(a=1, b):\n    pass\n",
            1,
            12,
            "parameter without a default follows parameter with a default",
        ),
        (
            "def f(a, a):\n    pass\n",
            1,
            10,
            "duplicate argument 'a' in function definition",
        ),
        ("x = \n", 1, 5, "invalid syntax"),
        (
            "f(a=1, 2)\n",
            1,
            8,
            "positional argument follows keyword argument",
        ),
        (
            "f(x for x in y, 1)\n",
            1,
            3,
            "Generator expression must be parenthesized",
        ),
        ("x = 'abc\n", 1, 5, "unterminated string literal"),
        (
            "x = '''abc\n",
            1,
            5,
            "unterminated triple-quoted string literal",
        ),
        (
            "x = f'{x!z}'\n",
            1,
            10,
            "f-string: invalid conversion character",
        ),
        (
            "x = f'{}'\n",
            1,
            8,
            "f-string: empty expression not allowed",
        ),
        (
            "x = 012\n",
            1,
            5,
            "leading zeros in decimal integer literals",
        ),
        ("x = 0x\n", 1, 5, "invalid hexadecimal literal"),
        ("x = 1j\n", 1, 5, "complex numbers are not supported"),
        (
            "x = b'caf\u{e9}'\n",
            1,
            5,
            "bytes can only contain ASCII literal characters",
        ),
        (
            "x = rb'\\\u{e9}'\n",
            1,
            5,
            "bytes can only contain ASCII literal characters",
        ),
        (
            "x = 'a' b'b'\n",
            1,
            5,
            "cannot mix bytes and nonbytes literals",
        ),
        (
            "x = b'a' f'b'\n",
            1,
            5,
            "cannot mix bytes and nonbytes literals",
        ),
        ("x = b'\\x4'\n", 1, 7, "(value error) invalid \\x escape"),
        (
            "x = bf'a'\n",
            1,
            5,
            "string prefix 'bf' is not supported here",
        ),
        ("1 = x\n", 1, 1, "cannot assign to literal"),
        ("f() = x\n", 1, 1, "cannot assign to function call"),
        (
            "a, *b, *c = x\n",
            1,
            1,
            "multiple starred expressions in assignment",
        ),
        (
            "a + 1 += 2\n",
            1,
            1,
            "illegal expression for augmented assignment",
        ),
        (
            "def f(*, **k):\n    pass\n",
            1,
            7,
            "named arguments must follow bare *",
        ),
        ("... = x\n", 1, 1, "cannot assign to literal"),
        (
            "else:\n    pass\n",
            1,
            1,
            "'else' without a matching statement",
        ),
        ("x = (1, 2]\n", 1, 10, "unmatched ']'"),
    ];
    for (src, line, col, msg) in cases {
        let (l, c, m) = error(src);
        assert!(
            (l, c) == (*line, *col) && m.contains(msg),
            "{src:?}: got {l}:{c} {m:?}, want {line}:{col} containing {msg:?}"
        );
    }
}

#[test]
fn columns_count_characters_not_bytes() {
    let (l, c, _) = error("s = 'héllo' + (\n");
    assert_eq!((l, c), (1, 15));
}

#[test]
fn spans_cover_the_expression() {
    let body = module("total = (a + b) * 2\n");
    let S::Assign(_, v) = &body[0].kind else {
        panic!()
    };
    let s = v.span;
    assert_eq!((s.line, s.col, s.end_line, s.end_col), (1, 9, 1, 20));
}

/// Programs in the tutorials' style (`tests/python/runner/`) all parse;
/// where `python3` is installed, it agrees that they are valid Python.
#[test]
fn the_runner_programs_parse() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/runner");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        // syntax_*.py are the conformance suite's deliberate syntax errors.
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("syntax_"))
        })
        .collect();
    files.sort();
    assert!(files.len() >= 4, "{files:?}");
    for path in &files {
        let src = std::fs::read_to_string(path).unwrap();
        let body = parse_module(&src).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(body.len() >= 3, "{}", path.display());
        if let Some(py) = python::python3("ast.parse of the runner programs") {
            let out = std::process::Command::new(py)
                .args(["-c", "import ast,sys; ast.parse(open(sys.argv[1]).read())"])
                .arg(path)
                .output()
                .expect("python3 runs");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "{}: {stderr}", path.display());
        }
    }
}

/// Every prefix of those programs is an answer, never a panic: from the
/// parser, and from the game, whose refusals look tokens up by position.
#[test]
fn truncated_programs_give_errors_not_panics() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/runner");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "py") {
            continue;
        }
        let src = std::fs::read_to_string(path).unwrap();
        for (i, _) in src.char_indices().step_by(3) {
            let _ = parse_module(&src[..i]);
            let _ = threadlab::interleave::Program::parse(&src[..i]);
        }
    }
}

/// The class and words CPython 3.12 gives the mistakes people make most
/// when they paste or retype a program (checked by hand against python3).
#[test]
fn syntax_errors_name_cpythons_class() {
    use SyntaxKind::*;
    let cases: &[(&str, SyntaxKind, u32, &str)] = &[
        ("def f(x)\n    return x\n", SyntaxError, 1, "expected ':'"),
        ("while True\n    pass\n", SyntaxError, 1, "expected ':'"),
        (
            "def f(x):\nreturn x\n",
            IndentationError,
            2,
            "expected an indented block after function definition on line 1",
        ),
        (
            "for i in x:\n    pass\nelse:\nprint(1)\n",
            IndentationError,
            4,
            "expected an indented block after 'else' statement on line 3",
        ),
        (
            "if a:\n    pass\nelif b:\npass\n",
            IndentationError,
            4,
            "expected an indented block after 'elif' statement on line 3",
        ),
        (
            "try:\n    pass\nexcept E:\nx = 1\n",
            IndentationError,
            4,
            "expected an indented block after 'except' statement on line 3",
        ),
        (
            "if a:\n    x = 1\n      y = 2\n",
            IndentationError,
            3,
            "unexpected indent",
        ),
        (
            "if a:\n    x = 1\n  y = 2\n",
            IndentationError,
            3,
            "unindent does not match any outer indentation level",
        ),
        (
            "def f():\n\tx = 1\n        return x\n",
            TabError,
            3,
            "inconsistent use of tabs and spaces in indentation",
        ),
        (
            "print('hi\n",
            SyntaxError,
            1,
            "unterminated string literal (detected at line 1)",
        ),
        (
            "x = 1j\n",
            Unsupported,
            1,
            "complex numbers are not supported",
        ),
    ];
    for &(src, kind, line, message) in cases {
        let e = parse_module(src).expect_err(src);
        assert_eq!(
            (e.kind, e.line, e.message.as_str()),
            (kind, line, message),
            "{src:?}"
        );
    }
    // Tabs used the same way throughout are fine, as in CPython.
    let body = module("def f():\n\tif x:\n\t\treturn 1\n\treturn 2\n");
    assert_eq!(body.len(), 1);
}

/// `{x=}` prints the expression as written, then its repr (or its format
/// with a spec or a conversion).
#[test]
fn fstring_self_documenting() {
    let body = module("f'{x = }'\n");
    let S::Expr(e) = &body[0].kind else {
        panic!("not an expression")
    };
    let K::FStr(parts) = &e.kind else {
        panic!("not an f-string: {e:?}")
    };
    match &parts[..] {
        [FPart::Lit(l), FPart::Expr { conversion, .. }] => {
            assert_eq!((l.as_str(), *conversion), ("x = ", Some('r')));
        }
        other => panic!("{other:?}"),
    }
    // `==` is a comparison, not the self-documenting `=`.
    assert!(error("x = f'{x == }'\n").2.contains("invalid syntax"));
}
