//! One step of one thread: the scheduler's choice, the step budget, and
//! how a fault becomes a Python exception in the thread that made it.

use super::*;

impl State {
    /// One scheduling decision: a new state, this one unchanged.
    pub fn step(
        &self,
        prog: &Program,
        choice: Choice,
        granularity: Granularity,
    ) -> Result<State, StepError> {
        let mut s = self.clone();
        s.step_in_place(prog, choice, granularity, &mut |_| {})?;
        Ok(s)
    }

    /// Like [`State::step`], also returning the bytecode-sized choices it
    /// took (for share links, which replay bytecode steps).
    pub fn step_expanded(
        &self,
        prog: &Program,
        choice: Choice,
        granularity: Granularity,
    ) -> Result<(State, Vec<Choice>), StepError> {
        let mut s = self.clone();
        let mut taken = Vec::new();
        s.step_in_place(prog, choice, granularity, &mut |c| taken.push(c))?;
        Ok((s, taken))
    }

    pub(in crate::interleave) fn step_in_place(
        &mut self,
        prog: &Program,
        choice: Choice,
        granularity: Granularity,
        taken: &mut dyn FnMut(Choice),
    ) -> Result<(), StepError> {
        let t = choice.thread();
        if t as usize >= self.threads.len() {
            return Err(self.not_runnable(format!("there is no thread {t}")));
        }
        match choice {
            Choice::Wake(_) => {
                let Status::CondWait { cond, lock, count } = self.threads[t as usize].status else {
                    return Err(self.not_runnable(format!(
                        "thread {t} is not waiting in Condition.wait, so it cannot be woken"
                    )));
                };
                self.tick()?;
                if let Obj::Condition { waiters, .. } =
                    self.heap.make_mut()[cond as usize].make_mut()
                {
                    waiters.retain(|w| *w != t);
                }
                self.threads[t as usize].make_mut().status = Status::CondWake { cond, lock, count };
                taken(choice);
                Ok(())
            }
            Choice::Run(_) => {
                if !self.is_live(t) {
                    return Err(self.not_runnable(format!("thread {t} has finished")));
                }
                if let Some(w) = self.waiting(prog, t) {
                    return Err(self.not_runnable(format!(
                        "thread {t} cannot run: it waits for {}",
                        self.describe_wait(prog, &w)
                    )));
                }
                if let Some(h) = self.switch_holder(prog).filter(|h| *h != t) {
                    return Err(self.not_runnable(format!(
                        "thread {t} cannot run yet: thread {h} holds the GIL and is not at a switch point (CPython ≥ 3.10 hands the GIL over only at a backward jump or a call)"
                    )));
                }
                self.exec_one(prog, t)?;
                taken(choice);
                if granularity == Granularity::Statement {
                    let mut n = 0;
                    while n < MAX_OPS_PER_STATEMENT
                        && matches!(self.threads[t as usize].status, Status::Ready)
                        && self.waiting(prog, t).is_none()
                    {
                        let th = &self.threads[t as usize];
                        let Some(f) = th.frames.last() else { break };
                        let code = &prog.compiled.codes[f.code as usize];
                        if code.instrs[f.pc as usize].stmt_start && !code.internal {
                            break;
                        }
                        self.exec_one(prog, t)?;
                        taken(choice);
                        n += 1;
                    }
                }
                Ok(())
            }
        }
    }

    pub(super) fn not_runnable(&self, message: String) -> StepError {
        StepError {
            kind: StepErrorKind::NotRunnable,
            message,
            line: 0,
            col: 0,
        }
    }

    pub(super) fn tick(&mut self) -> Result<(), StepError> {
        if self.steps >= MAX_GAME_STEPS {
            return Err(StepError {
                kind: StepErrorKind::Limit,
                message: format!(
                    "this run reached {MAX_GAME_STEPS} steps, the model's limit per run"
                ),
                line: 0,
                col: 0,
            });
        }
        self.steps += 1;
        Ok(())
    }

    /// The span of thread `t`'s current instruction.
    pub(super) fn current_span(&self, prog: &Program, t: Tid) -> SourceSpan {
        let th = &self.threads[t as usize];
        th.frames
            .iter()
            .rev()
            .find(|f| !prog.compiled.codes[f.code as usize].internal)
            .map(|f| {
                let code = &prog.compiled.codes[f.code as usize];
                let pc = (f.pc as usize).min(code.instrs.len() - 1);
                code.instrs[pc].span
            })
            .unwrap_or_default()
    }

    pub(super) fn exec_one(&mut self, prog: &Program, t: Tid) -> Result<(), StepError> {
        self.tick()?;
        let ti = t as usize;
        if let Status::CondWake { lock, count, .. } = self.threads[ti].status {
            // Take the condition's lock back at the depth it had.
            match self.heap.make_mut()[lock as usize].make_mut() {
                Obj::Lock { owner } => *owner = Some(t),
                Obj::RLock { owner, count: c } => {
                    *owner = Some(t);
                    *c = count;
                }
                _ => {}
            }
            self.wake_with(t, Value::Bool(true));
            // Back from a blocking call: a switch point.
            self.holder = None;
            return Ok(());
        }
        let depth_before = self.threads[ti].frames.len();
        let f = self.threads[ti]
            .make_mut()
            .frames
            .last_mut()
            .expect("a live thread has a frame");
        let code = &prog.compiled.codes[f.code as usize];
        let pc_before = f.pc;
        let instr = &code.instrs[f.pc as usize];
        f.pc += 1;
        // Errors inside the model's own helper code (`wait_for`) are shown
        // at the user's call.
        let span = if code.internal {
            self.current_span(prog, t)
        } else {
            instr.span
        };
        let result = self.exec_op(prog, t, &instr.op);
        if self.gil_switch_points {
            let switch_point = match &instr.op {
                // A call: CPython ≥ 3.10 looks at the GIL's drop request on
                // entering a Python function and after a call into C (and a
                // blocking call releases it). `with` calls `__exit__`.
                GameOp::Call(..) | GameOp::WithExit(_) => true,
                // A jump taken backwards: the end of a loop body.
                GameOp::Jump(to)
                | GameOp::PopJumpIfFalse(to)
                | GameOp::PopJumpIfTrue(to)
                | GameOp::JumpIfFalseOrPop(to)
                | GameOp::JumpIfTrueOrPop(to) => {
                    *to <= pc_before
                        && self.threads[ti].frames.len() == depth_before
                        && self.threads[ti].frames.last().is_some_and(|f| f.pc == *to)
                }
                _ => false,
            };
            self.holder = (!switch_point).then_some(t);
        }
        match result {
            Ok(()) => {
                self.fix_crash_span(prog, t, span);
                Ok(())
            }
            Err(Fault::Py(kind, msg)) => {
                self.raise_in(t, Fault::Py(kind, msg));
                self.fix_crash_span(prog, t, span);
                Ok(())
            }
            Err(Fault::WaitFor(_) | Fault::Started(..)) => unreachable!("handled in call"),
            Err(Fault::Model(m)) => Err(StepError {
                kind: StepErrorKind::Unsupported,
                message: m,
                line: span.line,
                col: span.col,
            }),
            Err(Fault::Limit(m)) => Err(StepError {
                kind: StepErrorKind::Limit,
                message: m,
                line: span.line,
                col: span.col,
            }),
        }
    }

    /// A thread that just crashed gets the span of the step that raised
    /// (inside `wait_for`'s helper code: the user's call).
    pub(super) fn fix_crash_span(&mut self, prog: &Program, t: Tid, span: SourceSpan) {
        if !matches!(&self.threads[t as usize].status, Status::Crashed(c) if c.span == SourceSpan::default())
        {
            return;
        }
        let span = if span == SourceSpan::default() {
            self.current_span(prog, t)
        } else {
            span
        };
        if let Status::Crashed(c) = &mut self.threads[t as usize].make_mut().status {
            c.span = span;
        }
    }

    /// Raises a Python exception in thread `t`: unwinds to the innermost
    /// `try` block, or ends the thread with it.
    pub(in crate::interleave) fn raise_in(&mut self, t: Tid, fault: Fault) {
        let exc = match fault {
            Fault::Py(kind, msg) => Arc::new(Exception {
                kind,
                message: Arc::from(msg.as_str()),
            }),
            _ => unreachable!(),
        };
        self.raise_value(t, exc);
    }

    pub(super) fn raise_value(&mut self, t: Tid, exc: Arc<Exception>) {
        let th = self.threads[t as usize].make_mut();
        while let Some(f) = th.frames.last_mut() {
            if let Some((handler, depth)) = f.blocks.pop() {
                f.stack.truncate(depth as usize);
                f.stack.push(Value::Exc(exc));
                f.pc = handler;
                return;
            }
            th.frames.pop();
        }
        th.status = Status::Crashed(Crash {
            exc,
            span: SourceSpan::default(),
        });
    }

    pub(super) fn frame(&mut self, t: Tid) -> &mut Frame {
        self.threads[t as usize]
            .make_mut()
            .frames
            .last_mut()
            .unwrap()
    }

    pub(super) fn pop(&mut self, t: Tid) -> Value {
        self.frame(t).stack.pop().expect("stack underflow")
    }

    pub(super) fn push(&mut self, t: Tid, v: Value) {
        self.frame(t).stack.push(v)
    }

    pub(super) fn load_slot(&mut self, t: Tid, slot: Slot) -> Value {
        match slot {
            Slot::Global(g) => self.globals[g as usize].clone(),
            Slot::Local(l) => self.frame(t).locals[l as usize].clone(),
        }
    }

    pub(super) fn store_slot(&mut self, t: Tid, slot: Slot, v: Value) {
        match slot {
            Slot::Global(g) => self.globals.make_mut()[g as usize] = v,
            Slot::Local(l) => self.frame(t).locals[l as usize] = v,
        }
    }
}
