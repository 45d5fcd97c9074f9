//! What the game's model lacks, refused before compiling, with the message
//! and the line:col its own parser gave when it parsed only the subset
//! (`tests/game_refusals.rs` holds them): the front end now parses the
//! whole language for the runner, and the game must not change.
//!
//! That parser stopped at the first token it could not take, and its lexer
//! ran over the whole file first. So: first the lexical refusals (floats,
//! wide ints, string prefixes, f-string conversions and specs), in order;
//! then the first statement holding a refused construct, reported at the
//! token the old parser stopped at — found again in the token stream, as
//! the tree drops some of them (`else`, `from`, annotations).

use super::ast::{BinOp, Expr, ExprKind, FPart, Stmt};
use super::front::lexer::{tokenize, tokenize_at, FPiece, Tok, Token};
use super::front::parser::{describe, KEYWORDS};
use super::ParseError;

mod walk;

/// Refuses what the game's subset lacks; `body` is `src` parsed.
pub fn check(src: &str, body: &[Stmt]) -> Result<(), ParseError> {
    let toks = tokenize(src)?;
    let lines: Vec<Vec<char>> = src.split('\n').map(|l| l.chars().collect()).collect();
    lexical(&toks, &lines)?;
    let mut w = walk::Walker {
        toks: &toks,
        best: None,
    };
    for s in body {
        w.stmt(s);
        if let Some(e) = w.best.take() {
            return Err(e);
        }
    }
    Ok(())
}

fn err(line: u32, col: u32, message: impl Into<String>) -> ParseError {
    ParseError::unsupported(line, col, message)
}

/// The source from `line`:`col` to the end of its line.
fn rest_of_line(lines: &[Vec<char>], line: u32, col: u32) -> &[char] {
    let l = lines.get(line as usize - 1).map_or(&[][..], |l| &l[..]);
    l.get(col as usize - 1..).unwrap_or(&[])
}

/// The old lexer's refusals, in source order.
fn lexical(toks: &[Token], lines: &[Vec<char>]) -> Result<(), ParseError> {
    for t in toks {
        let text = rest_of_line(lines, t.line, t.col);
        match &t.tok {
            Tok::Int(_) | Tok::BigInt(_) | Tok::Float(_) => number(text, t.line, t.col)?,
            Tok::Str(_) | Tok::FStr(_) | Tok::Bytes(_) => {
                let prefix: String = text.iter().take_while(|c| c.is_alphabetic()).collect();
                if !prefix.is_empty() && prefix != "f" && prefix != "F" {
                    return Err(err(
                        t.line,
                        t.col,
                        format!("string prefix '{prefix}' is not supported here"),
                    ));
                }
                if let Tok::FStr(pieces) = &t.tok {
                    fstring(pieces, lines)?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The old lexer took a number as digits, letters, `_` and `.`, and only
/// whole numbers that fit 64 bits.
fn number(text: &[char], line: u32, col: u32) -> Result<(), ParseError> {
    let s: String = text
        .iter()
        .take_while(|d| d.is_ascii_alphanumeric() || **d == '_' || **d == '.')
        .collect();
    if s.starts_with('.') {
        return Err(err(line, col, "invalid syntax: unexpected '.'"));
    }
    if s.contains(['.', 'e', 'E']) {
        return Err(err(
            line,
            col,
            format!("'{s}': this model has whole numbers only (no floats)"),
        ));
    }
    let digits: String = s.chars().filter(|&d| d != '_').collect();
    if digits.parse::<i64>().is_err() {
        return Err(err(
            line,
            col,
            format!("'{s}' is not a whole number this model can hold"),
        ));
    }
    Ok(())
}

fn fstring(pieces: &[FPiece], lines: &[Vec<char>]) -> Result<(), ParseError> {
    for p in pieces {
        let FPiece::Expr(fe) = p else { continue };
        if let Some((l, c)) = fe.own_quote_at {
            return Err(err(
                l,
                c,
                "f-string: this model does not allow the string's own quote inside {}",
            ));
        }
        if let Some((l, c)) = fe.suffix_at {
            let ch = if fe.conversion.is_some() { '!' } else { ':' };
            return Err(err(
                l,
                c,
                format!("f-string: format specs and conversions ('{ch}') are not supported here"),
            ));
        }
        let lead = fe.text.chars().take_while(|c| *c == ' ').count() as u32;
        if let Ok(toks) = tokenize_at(fe.text.trim_start(), fe.line, fe.col + lead) {
            lexical(&toks, lines)?;
        }
    }
    Ok(())
}

/// The operators the game's model has (and their `op=` forms).
fn in_model(op: BinOp) -> bool {
    matches!(
        op,
        BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::FloorDiv | BinOp::Mod
    )
}

/// Sub-expressions, for walking the tree.
fn children(e: &Expr) -> Vec<&Expr> {
    use ExprKind as K;
    let mut out: Vec<&Expr> = Vec::new();
    match &e.kind {
        K::Int(_)
        | K::BigInt(_)
        | K::Float(_)
        | K::Str(_)
        | K::Bytes(_)
        | K::Bool(_)
        | K::None
        | K::Ellipsis
        | K::Name(_) => {}
        K::FStr(parts) => fparts(parts, &mut out),
        K::Neg(x)
        | K::Pos(x)
        | K::Invert(x)
        | K::Not(x)
        | K::Starred(x)
        | K::Await(x)
        | K::YieldFrom(x) => out.push(x),
        K::Attr(x, _) => out.push(x),
        K::Bin(_, a, b) | K::BoolOp(_, a, b) | K::Compare(_, a, b) | K::Subscript(a, b) => {
            out.extend([&**a, &**b])
        }
        K::CompareChain(a, rest) => {
            out.push(a);
            out.extend(rest.iter().map(|(_, x)| x));
        }
        K::Call(f, args, kwargs) => {
            out.push(f);
            out.extend(args);
            out.extend(kwargs.iter().map(|(_, v)| v));
        }
        K::Slice(a, b, c) => out.extend([a, b, c].into_iter().flatten().map(|x| &**x)),
        K::List(xs) | K::Tuple(xs) | K::Set(xs) => out.extend(xs),
        K::Dict(items) => {
            for (k, v) in items {
                out.extend(k);
                out.push(v);
            }
        }
        K::ListComp(x, cs) | K::SetComp(x, cs) | K::GenExp(x, cs) => {
            out.push(x);
            for c in cs {
                out.extend([&c.target, &c.iter]);
                out.extend(&c.ifs);
            }
        }
        K::DictComp(k, v, cs) => {
            out.extend([&**k, &**v]);
            for c in cs {
                out.extend([&c.target, &c.iter]);
                out.extend(&c.ifs);
            }
        }
        K::Lambda(params, body) => {
            let defaults = params.args.iter().chain(&params.kwonly);
            out.extend(defaults.filter_map(|p| p.default.as_ref()));
            out.push(body);
        }
        K::IfExp(a, b, c) => out.extend([&**a, &**b, &**c]),
        K::Yield(x) => out.extend(x.as_deref()),
    }
    out
}

fn fparts<'a>(parts: &'a [FPart], out: &mut Vec<&'a Expr>) {
    for p in parts {
        if let FPart::Expr { expr, spec, .. } = p {
            out.push(expr);
            if let Some(spec) = spec {
                fparts(spec, out);
            }
        }
    }
}

/// Whether `t` is a name (not a keyword), as the old parser's `ident` took.
fn is_ident(t: &Tok) -> bool {
    matches!(t, Tok::Name(n) if !KEYWORDS.contains(&n.as_str()))
}

fn found(wanted: &str, t: &Token) -> ParseError {
    err(
        t.line,
        t.col,
        format!(
            "invalid syntax: expected {wanted}, found {}",
            describe(&t.tok)
        ),
    )
}
