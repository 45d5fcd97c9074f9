//! Naming each step the way `dis` does, for the listings the page shows.

use super::*;

pub(super) fn slot_name(slot: Slot, code: &Code, globals: &[String]) -> String {
    match slot {
        Slot::Global(g) => globals[g as usize].clone(),
        Slot::Local(l) => code.local_names[l as usize].clone(),
    }
}

/// The text `dis` would print for `op` at `pc`, names resolved.
// One arm per instruction, one line each.
pub(super) fn instr_text(op: &GameOp, pc: u32, code: &Code, globals: &[String]) -> String {
    let g = |i: &u16| globals[*i as usize].clone();
    let l = |i: &u16| code.local_names[*i as usize].clone();
    let jump = |t: &u32| {
        if *t <= pc {
            "JUMP_BACKWARD"
        } else {
            "JUMP_FORWARD"
        }
    };
    match op {
        GameOp::Nop => "NOP".into(),
        GameOp::LoadConst(v) => {
            let mut s = String::from("LOAD_CONST ");
            crate::interleave::value::repr_with(v, &|_, _| {}, &mut s);
            s
        }
        GameOp::LoadName(i) => format!("LOAD_NAME {}", g(i)),
        GameOp::StoreName(i) => format!("STORE_NAME {}", g(i)),
        GameOp::LoadGlobal(i) => format!("LOAD_GLOBAL {}", g(i)),
        GameOp::StoreGlobal(i) => format!("STORE_GLOBAL {}", g(i)),
        GameOp::LoadFast(i) => format!("LOAD_FAST {}", l(i)),
        GameOp::StoreFast(i) => format!("STORE_FAST {}", l(i)),
        GameOp::LoadBuiltin(v) => {
            let name = match v {
                Value::Builtin(b) => b.name().to_string(),
                Value::ExcClass(k) => k.name().to_string(),
                Value::Str(_) => "__name__".to_string(),
                _ => "?".to_string(),
            };
            if code.is_module {
                format!("LOAD_NAME {name}")
            } else {
                format!("LOAD_GLOBAL {name}")
            }
        }
        GameOp::LoadAttr(n) => format!("LOAD_ATTR {n}"),
        GameOp::BinaryOp(op, inplace) => {
            format!(
                "BINARY_OP {}{}",
                op.symbol(),
                if *inplace { "=" } else { "" }
            )
        }
        GameOp::UnaryNot => "UNARY_NOT".into(),
        GameOp::UnaryNeg => "UNARY_NEGATIVE".into(),
        GameOp::CompareOp(c) => match c {
            CmpOp::In | CmpOp::NotIn => format!("CONTAINS_OP {}", c.symbol()),
            CmpOp::Is | CmpOp::IsNot => format!("IS_OP {}", c.symbol()),
            _ => format!("COMPARE_OP {}", c.symbol()),
        },
        GameOp::BinarySubscr => "BINARY_SUBSCR".into(),
        GameOp::StoreSubscr => "STORE_SUBSCR".into(),
        GameOp::BuildList(n) => format!("BUILD_LIST {n}"),
        GameOp::BuildTuple(n) => format!("BUILD_TUPLE {n}"),
        GameOp::BuildDict(n) => format!("BUILD_MAP {n}"),
        GameOp::FormatValue => "FORMAT_VALUE".into(),
        GameOp::BuildString(n) => format!("BUILD_STRING {n}"),
        GameOp::UnpackSequence(n) => format!("UNPACK_SEQUENCE {n}"),
        GameOp::Call(n, _) => format!("CALL {n}"),
        GameOp::PopTop => "POP_TOP".into(),
        GameOp::Copy => "COPY 1".into(),
        GameOp::Jump(t) => jump(t).into(),
        GameOp::PopJumpIfFalse(_) => "POP_JUMP_IF_FALSE".into(),
        GameOp::PopJumpIfTrue(_) => "POP_JUMP_IF_TRUE".into(),
        GameOp::JumpIfFalseOrPop(_) => "JUMP_IF_FALSE_OR_POP".into(),
        GameOp::JumpIfTrueOrPop(_) => "JUMP_IF_TRUE_OR_POP".into(),
        GameOp::GetIter => "GET_ITER".into(),
        GameOp::ForIter(_) => "FOR_ITER".into(),
        GameOp::ReturnValue => "RETURN_VALUE".into(),
        GameOp::RaiseVarargs(n) => format!("RAISE_VARARGS {n}"),
        GameOp::Reraise(_) => "RERAISE".into(),
        GameOp::SetupFinally(_) => "SETUP_FINALLY".into(),
        GameOp::PopBlock => "POP_BLOCK".into(),
        GameOp::PushExcInfo(_) => "PUSH_EXC_INFO".into(),
        GameOp::PopExcept(_) => "POP_EXCEPT".into(),
        GameOp::CheckExcMatch(_) => "CHECK_EXC_MATCH".into(),
        GameOp::LoadSlot(s) => {
            let _ = slot_name(*s, code, globals);
            "LOAD_EXC".into()
        }
        GameOp::BeforeWith(_) => "BEFORE_WITH".into(),
        GameOp::WithExit(_) => "WITH_EXIT".into(),
        GameOp::LoadAssertionError => "LOAD_ASSERTION_ERROR".into(),
        GameOp::ImportName(m) => format!("IMPORT_NAME {}", m.name()),
        GameOp::MakeFunction(_) => "MAKE_FUNCTION".into(),
    }
}
