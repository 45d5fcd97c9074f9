//! Expressions to steps.

use super::*;

impl Compiler {
    /// Emits the steps that leave the value of `e` on the stack.
    // One arm per expression kind, as in `stmt`.
    pub(super) fn expr(&mut self, b: &mut Builder, e: &Expr) -> CResult<()> {
        let span = e.span;
        match &e.kind {
            ExprKind::Int(i) => {
                b.emit(GameOp::LoadConst(Value::Int(*i)), span);
            }
            ExprKind::Str(s) => {
                b.emit(GameOp::LoadConst(Value::str(s)), span);
            }
            ExprKind::Bool(v) => {
                b.emit(GameOp::LoadConst(Value::Bool(*v)), span);
            }
            ExprKind::None => {
                b.emit(GameOp::LoadConst(Value::None), span);
            }
            ExprKind::FStr(parts) => {
                for p in parts {
                    match p {
                        FPart::Lit(s) => {
                            b.emit(GameOp::LoadConst(Value::str(s)), span);
                        }
                        FPart::Expr { expr: x, .. } => {
                            self.expr(b, x)?;
                            b.emit(GameOp::FormatValue, x.span);
                        }
                    }
                }
                if parts.len() != 1 || !matches!(parts[0], FPart::Expr { .. }) {
                    b.emit(GameOp::BuildString(parts.len() as u16), span);
                }
                if parts.is_empty() {
                    b.instrs.pop();
                    b.emit(GameOp::LoadConst(Value::str("")), span);
                }
            }
            ExprKind::Name(n) => self.load_name(b, n, span)?,
            ExprKind::Bin(op, l, r) => {
                self.expr(b, l)?;
                self.expr(b, r)?;
                b.emit(GameOp::BinaryOp(*op, false), span);
            }
            ExprKind::Neg(x) => {
                self.expr(b, x)?;
                b.emit(GameOp::UnaryNeg, span);
            }
            ExprKind::Not(x) => {
                self.expr(b, x)?;
                b.emit(GameOp::UnaryNot, span);
            }
            // The game's parser dropped a unary plus; so does the game.
            ExprKind::Pos(x) => self.expr(b, x)?,
            ExprKind::BoolOp(is_and, l, r) => {
                self.expr(b, l)?;
                let j = b.emit(
                    if *is_and {
                        GameOp::JumpIfFalseOrPop(0)
                    } else {
                        GameOp::JumpIfTrueOrPop(0)
                    },
                    span,
                );
                self.expr(b, r)?;
                let here = b.here();
                b.patch(j, here);
            }
            ExprKind::IfExp(cond, a, c) => {
                self.expr(b, cond)?;
                let jf = b.emit(GameOp::PopJumpIfFalse(0), cond.span);
                self.expr(b, a)?;
                let j = b.emit(GameOp::Jump(0), span);
                let here = b.here();
                b.patch(jf, here);
                self.expr(b, c)?;
                let here = b.here();
                b.patch(j, here);
            }
            ExprKind::Compare(op, l, r) => {
                self.expr(b, l)?;
                self.expr(b, r)?;
                b.emit(GameOp::CompareOp(*op), span);
            }
            ExprKind::Call(f, args, kwargs) => {
                self.expr(b, f)?;
                for a in args {
                    self.expr(b, a)?;
                }
                for (_, v) in kwargs {
                    self.expr(b, v)?;
                }
                // Every keyword has a name: `subset` refuses `**kwargs`.
                let kw: Vec<Arc<str>> = kwargs
                    .iter()
                    .map(|(k, _)| Arc::from(k.as_deref().unwrap_or("**")))
                    .collect();
                b.emit(
                    GameOp::Call((args.len() + kwargs.len()) as u16, Arc::from(kw)),
                    span,
                );
            }
            ExprKind::Attr(obj, name) => {
                self.expr(b, obj)?;
                b.emit(GameOp::LoadAttr(Arc::from(name.as_str())), span);
            }
            ExprKind::Subscript(obj, idx) => {
                self.expr(b, obj)?;
                self.expr(b, idx)?;
                b.emit(GameOp::BinarySubscr, span);
            }
            ExprKind::List(items) => {
                for i in items {
                    self.expr(b, i)?;
                }
                b.emit(GameOp::BuildList(items.len() as u16), span);
            }
            ExprKind::Tuple(items) => {
                if items.iter().all(|i| {
                    matches!(
                        i.kind,
                        ExprKind::Int(_) | ExprKind::Str(_) | ExprKind::Bool(_) | ExprKind::None
                    )
                }) {
                    // CPython folds constant tuples into one LOAD_CONST.
                    let vals: Vec<Value> = items
                        .iter()
                        .map(|i| match &i.kind {
                            ExprKind::Int(v) => Value::Int(*v),
                            ExprKind::Str(s) => Value::str(s),
                            ExprKind::Bool(v) => Value::Bool(*v),
                            _ => Value::None,
                        })
                        .collect();
                    b.emit(GameOp::LoadConst(Value::Tuple(Arc::from(vals))), span);
                } else {
                    for i in items {
                        self.expr(b, i)?;
                    }
                    b.emit(GameOp::BuildTuple(items.len() as u16), span);
                }
            }
            ExprKind::Dict(items) => {
                for (k, v) in items {
                    let Some(k) = k else {
                        return Err(cerr(v.span, NOT_IN_MODEL));
                    };
                    self.expr(b, k)?;
                    self.expr(b, v)?;
                }
                b.emit(GameOp::BuildDict(items.len() as u16), span);
            }
            ExprKind::Lambda(params, body) => {
                let id = self.lambda(&params.names(), body)?;
                b.emit(GameOp::MakeFunction(id), span);
            }
            // Refused by `subset` before compiling, with the message the
            // game's own parser gave; this is only a backstop.
            _ => return Err(cerr(span, NOT_IN_MODEL)),
        }
        Ok(())
    }
}
