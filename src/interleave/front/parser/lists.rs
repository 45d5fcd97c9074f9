//! The comma-separated forms: call arguments, parameters, subscripts and
//! slices, list/set/dict displays, comprehensions, tuples without
//! parentheses, and assignment targets.

use super::super::lexer::Tok;
use super::{perr, PResult, Parser};
use crate::interleave::ast::{Comprehension, Expr, ExprKind, Param, Params};
use crate::interleave::SyntaxKind;

type Kwargs = Vec<(Option<String>, Expr)>;

impl Parser {
    /// After a call's `(`: positional arguments (`*x` is a `Starred` one)
    /// and keyword arguments (`**x` has no name), through the `)`.
    pub(super) fn call_args(&mut self) -> PResult<(Vec<Expr>, Kwargs)> {
        let mut args = Vec::new();
        let mut kwargs: Kwargs = Vec::new();
        while !self.is_op(")") {
            let (line, col) = self.here();
            if self.eat_op("**") {
                kwargs.push((None, self.expr()?));
            } else if self.is_name() && matches!(self.peek_at(1), Tok::Op("=")) {
                let k = self.ident()?;
                self.next();
                if kwargs.iter().any(|(n, _)| n.as_deref() == Some(k.as_str())) {
                    return Err(perr(line, col, format!("keyword argument repeated: {k}")));
                }
                kwargs.push((Some(k), self.expr()?));
            } else {
                let starred = self.is_op("*");
                if !kwargs.is_empty() && !starred {
                    let unpacking = kwargs.iter().any(|(n, _)| n.is_none());
                    let message = if unpacking {
                        "positional argument follows keyword argument unpacking"
                    } else {
                        "positional argument follows keyword argument"
                    };
                    return Err(perr(line, col, message));
                }
                let e = self.star_expr()?;
                if self.is_kw("for") && !starred {
                    let clauses = self.comp_clauses()?;
                    let only = args.is_empty() && kwargs.is_empty() && self.is_op(")");
                    if !only {
                        return Err(perr(
                            line,
                            col,
                            "Generator expression must be parenthesized",
                        ));
                    }
                    args.push(self.node(ExprKind::GenExp(Box::new(e), clauses), (line, col)));
                    break;
                }
                args.push(e);
            }
            if !self.eat_op(",") {
                break;
            }
        }
        self.expect_op(")")?;
        Ok((args, kwargs))
    }

    /// Parameters up to `closer` (not consumed): `)` for a `def`, with
    /// annotations (parsed and dropped); `:` for a lambda.
    pub(super) fn params(&mut self, closer: &str, annotations: bool) -> PResult<Params> {
        let mut ps = Params::default();
        let mut star = false;
        let mut names: Vec<String> = Vec::new();
        while !self.is_op(closer) {
            let (line, col) = self.here();
            if self.eat_op("/") {
                if star || ps.args.is_empty() {
                    return Err(perr(line, col, "invalid syntax: unexpected '/'"));
                }
            } else if self.eat_op("**") {
                let name = self.param_name(annotations, &mut names)?;
                ps.kwarg = Some(name);
                self.eat_op(",");
                if !self.is_op(closer) {
                    return Err(self.error_here("arguments cannot follow var-keyword argument"));
                }
                break;
            } else if self.eat_op("*") {
                if star {
                    return Err(perr(line, col, "* argument may appear only once"));
                }
                star = true;
                if self.is_op(",") || self.is_op(closer) {
                    if !matches!(self.peek_at(1), Tok::Name(_)) || self.is_op(closer) {
                        return Err(perr(line, col, "named arguments must follow bare *"));
                    }
                } else {
                    ps.vararg = Some(self.param_name(annotations, &mut names)?);
                }
            } else {
                let name = self.param_name(annotations, &mut names)?;
                let default = if self.eat_op("=") {
                    Some(self.expr()?)
                } else {
                    None
                };
                let span = self.span_from((line, col));
                let list = if star { &mut ps.kwonly } else { &mut ps.args };
                if !star && default.is_none() && list.iter().any(|p| p.default.is_some()) {
                    return Err(perr(
                        line,
                        col,
                        "parameter without a default follows parameter with a default",
                    ));
                }
                list.push(Param {
                    name,
                    default,
                    span,
                });
            }
            if !self.eat_op(",") {
                break;
            }
        }
        Ok(ps)
    }

    /// A parameter's name (unique in its list) and its annotation, if any.
    fn param_name(&mut self, annotations: bool, names: &mut Vec<String>) -> PResult<String> {
        let (line, col) = self.here();
        let name = self.ident()?;
        if names.contains(&name) {
            return Err(perr(
                line,
                col,
                format!("duplicate argument '{name}' in function definition"),
            ));
        }
        names.push(name.clone());
        if annotations && self.eat_op(":") {
            self.expr()?;
        }
        Ok(name)
    }

    /// After `[` of a subscript: an index, a slice, or several (a tuple).
    pub(super) fn subscript(&mut self) -> PResult<Expr> {
        let start = self.here();
        let first = self.slice()?;
        if !self.is_op(",") {
            self.expect_op("]")?;
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.is_op("]") {
                break;
            }
            items.push(self.slice()?);
        }
        let e = self.node(ExprKind::Tuple(items), start);
        self.expect_op("]")?;
        Ok(e)
    }

    fn slice(&mut self) -> PResult<Expr> {
        let start = self.here();
        let bound = |p: &mut Self| -> PResult<Option<Box<Expr>>> {
            if p.is_op(":") || p.is_op("]") || p.is_op(",") {
                Ok(None)
            } else {
                Ok(Some(Box::new(p.expr()?)))
            }
        };
        let lower = bound(self)?;
        if !self.eat_op(":") {
            return Ok(*lower.expect("an index"));
        }
        let upper = bound(self)?;
        let step = if self.eat_op(":") { bound(self)? } else { None };
        Ok(self.node(ExprKind::Slice(lower, upper, step), start))
    }

    /// After `[`: a list or a list comprehension.
    pub(super) fn list_display(&mut self) -> PResult<ExprKind> {
        let mut items = Vec::new();
        while !self.is_op("]") {
            let e = self.star_expr()?;
            if items.is_empty() && self.is_kw("for") {
                let clauses = self.comp_clauses()?;
                self.expect_op("]")?;
                return Ok(ExprKind::ListComp(Box::new(e), clauses));
            }
            items.push(e);
            if !self.eat_op(",") {
                break;
            }
        }
        self.expect_op("]")?;
        Ok(ExprKind::List(items))
    }

    /// After `{`: a dict (`{}` too), a set, or their comprehensions.
    pub(super) fn brace_display(&mut self) -> PResult<ExprKind> {
        if self.eat_op("}") {
            return Ok(ExprKind::Dict(Vec::new()));
        }
        let first_key = if self.eat_op("**") {
            None
        } else {
            let e = self.star_expr()?;
            if !self.is_op(":") {
                return self.set_display(e);
            }
            self.next();
            Some(e)
        };
        let first_value = if first_key.is_some() {
            self.expr()?
        } else {
            self.bitor()?
        };
        if let (Some(k), true) = (&first_key, self.is_kw("for")) {
            let clauses = self.comp_clauses()?;
            self.expect_op("}")?;
            return Ok(ExprKind::DictComp(
                Box::new(k.clone()),
                Box::new(first_value),
                clauses,
            ));
        }
        let mut items = vec![(first_key, first_value)];
        while self.eat_op(",") {
            if self.is_op("}") {
                break;
            }
            if self.eat_op("**") {
                items.push((None, self.bitor()?));
            } else {
                let k = self.expr()?;
                self.expect_op(":")?;
                items.push((Some(k), self.expr()?));
            }
        }
        self.expect_op("}")?;
        Ok(ExprKind::Dict(items))
    }

    fn set_display(&mut self, first: Expr) -> PResult<ExprKind> {
        if self.is_kw("for") {
            let clauses = self.comp_clauses()?;
            self.expect_op("}")?;
            return Ok(ExprKind::SetComp(Box::new(first), clauses));
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.is_op("}") {
                break;
            }
            items.push(self.star_expr()?);
        }
        self.expect_op("}")?;
        Ok(ExprKind::Set(items))
    }

    /// `for target in iter if cond ...`, one or more (the `for` is next).
    pub(super) fn comp_clauses(&mut self) -> PResult<Vec<Comprehension>> {
        let mut out = Vec::new();
        while self.eat_kw("for") {
            let target = self.target_list("in")?;
            self.expect_kw("in")?;
            let iter = self.disjunction()?;
            let mut ifs = Vec::new();
            while self.eat_kw("if") {
                ifs.push(self.disjunction()?);
            }
            out.push(Comprehension { target, iter, ifs });
        }
        if self.is_kw("async") {
            return Err(self
                .error_here("'async for' is not supported")
                .as_kind(SyntaxKind::Unsupported));
        }
        Ok(out)
    }

    /// `a, b` (a tuple without parentheses, `*x` allowed) or a single
    /// expression.
    pub(super) fn expr_list(&mut self) -> PResult<Expr> {
        let start = self.here();
        let first = self.star_expr()?;
        if !self.is_op(",") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            let ends = [")", "]", "}", "=", ":"].iter().any(|o| self.is_op(o));
            if self.at_stmt_end() || ends || self.aug_op().is_some() {
                break;
            }
            items.push(self.star_expr()?);
        }
        Ok(self.node(ExprKind::Tuple(items), start))
    }

    /// The target of a `for` (and of a comprehension's `for`): names,
    /// subscripts, attributes, tuples of them, up to the keyword `stop`.
    pub(super) fn target_list(&mut self, stop: &str) -> PResult<Expr> {
        let start = self.here();
        let one = |p: &mut Self| -> PResult<Expr> {
            let s = p.here();
            if p.eat_op("*") {
                let e = p.bitor()?;
                return Ok(p.node(ExprKind::Starred(Box::new(e)), s));
            }
            // Not a full expression: `for i in range(3)` stops before `in`.
            p.bitor()
        };
        let first = one(self)?;
        let e = if self.is_op(",") {
            let mut items = vec![first];
            while self.eat_op(",") {
                if self.is_kw(stop) {
                    break;
                }
                items.push(one(self)?);
            }
            self.node(ExprKind::Tuple(items), start)
        } else {
            first
        };
        check_target(&e, true)?;
        Ok(e)
    }
}

/// Whether `e` can be assigned to; `top` is false inside a tuple or list
/// (where one `*rest` is allowed).
pub(super) fn check_target(e: &Expr, top: bool) -> PResult<()> {
    let at = |m: &str| Err(perr(e.span.line, e.span.col, m));
    match &e.kind {
        ExprKind::Name(_) | ExprKind::Attr(..) | ExprKind::Subscript(..) => Ok(()),
        ExprKind::Tuple(items) | ExprKind::List(items) => {
            let stars = items
                .iter()
                .filter(|i| matches!(i.kind, ExprKind::Starred(_)))
                .count();
            if stars > 1 {
                return at("multiple starred expressions in assignment");
            }
            items.iter().try_for_each(|i| check_target(i, false))
        }
        ExprKind::Starred(inner) if !top => check_target(inner, false),
        ExprKind::Starred(_) => at("starred assignment target must be in a list or tuple"),
        ExprKind::Int(_)
        | ExprKind::BigInt(_)
        | ExprKind::Float(_)
        | ExprKind::Str(_)
        | ExprKind::Bytes(_)
        | ExprKind::Bool(_)
        | ExprKind::None
        | ExprKind::Ellipsis => at("cannot assign to literal"),
        ExprKind::Call(..) => at("cannot assign to function call"),
        _ => at("cannot assign to expression"),
    }
}
