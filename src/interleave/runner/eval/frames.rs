//! Where frames start and where exceptions leave them: `run_frame` runs a
//! frame and the plain Python calls made from it in one interpreter loop,
//! and unwinds an exception through them to the block that handles it.

use super::*;

impl crate::interleave::runner::vm::Vm {
    /// Runs `f` from its `pc` until it returns or yields; exceptions that a
    /// block of `f` handles are handled here.
    pub fn run_frame(&mut self, f: &mut Frame) -> PyResult<FrameExit> {
        self.run_frame_with(f, None)
    }

    /// [`run_frame`](Self::run_frame) of a generator's frame whose `yield`s go to `sink`
    /// (drive.rs): each value it takes, the frame goes on as if its `yield`
    /// expression had given None; one it hands back leaves the frame as
    /// `FrameExit::Yield`.
    pub fn run_frame_feeding(&mut self, f: &mut Frame, sink: YieldSink) -> PyResult<FrameExit> {
        self.run_frame_with(f, Some(sink))
    }

    /// [`run_frame`](Self::run_frame) of a suspended generator's frame with
    /// `e` raised where it stopped, as if its `yield` had raised it
    /// (`generator.throw`, and `close` with GeneratorExit): its `except`
    /// and `finally` blocks run.
    pub fn run_frame_raising(&mut self, f: &mut Frame, e: PyErr) -> PyResult<FrameExit> {
        let mut callees = Callees::new();
        let h0 = self.enter_handled(f);
        let r = self.run_frames(f, &mut callees, &mut None, Some(e));
        self.handled.truncate(h0);
        if callees.capacity() > 0 {
            self.frames.give_back(callees);
        }
        r
    }

    fn run_frame_with(
        &mut self,
        f: &mut Frame,
        mut sink: Option<YieldSink>,
    ) -> PyResult<FrameExit> {
        // No stack allocated until the first call.
        let mut callees = Callees::new();
        let h0 = self.enter_handled(f);
        let r = self.run_frames(f, &mut callees, &mut sink, None);
        // What the frames leave behind (a generator suspended in an
        // `except` body, or frames an exception went out of) is theirs,
        // not the caller's.
        self.handled.truncate(h0);
        if callees.capacity() > 0 {
            self.frames.give_back(callees);
        }
        r
    }

    /// Puts what `f` was handling when it last stopped (a generator
    /// suspended in an `except` body) back among the thread's handled
    /// exceptions, as CPython links a generator's `exc_state` in when it
    /// resumes; gives the length to restore when it stops again.
    #[inline(always)]
    fn enter_handled(&mut self, f: &Frame) -> usize {
        let h0 = self.handled.len();
        if !f.handling.is_empty() {
            self.handled
                .extend(f.handling.iter().map(|e| e.exc.clone()));
        }
        h0
    }

    /// Forgets the last `n` handled exceptions (those of a frame an
    /// exception leaves).
    #[cold]
    fn drop_handled(&mut self, n: usize) {
        let keep = self.handled.len().saturating_sub(n);
        self.handled.truncate(keep);
    }

    /// `base` and the frames of the plain Python calls made from it, which
    /// run here in place of their caller (`callees`, innermost last): a
    /// Python call is not a Rust call into another `exec`. That was ~20 %
    /// of a recursive fib: the loop's prologue, its ~2.5 KB stack frame and
    /// the result moved back through three Rust calls (perf).
    fn run_frames(
        &mut self,
        base: &mut Frame,
        callees: &mut Callees,
        sink: &mut Option<YieldSink>,
        mut thrown: Option<PyErr>,
    ) -> PyResult<FrameExit> {
        // The older CPython setting checks between any two instructions.
        let any_point = self.interp.gil.is_some() && self.interp.switch_points == SwitchPoints::Any;
        loop {
            let mut reraised = false;
            let mut e = match thrown.take() {
                Some(e) => e,
                None => {
                    let r = if any_point {
                        self.exec::<true>(base, callees, &mut reraised, sink)
                    } else {
                        self.exec::<false>(base, callees, &mut reraised, sink)
                    };
                    match r {
                        Ok(exit) => return Ok(exit),
                        Err(e) => e,
                    }
                }
            };
            if e.kill.is_some() {
                while let Some(done) = callees.pop() {
                    self.leave_simple(done);
                }
                return Err(e);
            }
            // The exception leaves frames, innermost first, until one has a
            // block that handles it.
            loop {
                let f: &mut Frame = match callees.last_mut() {
                    Some(top) => top,
                    None => &mut *base,
                };
                if !reraised {
                    if e.traceback.is_empty() && !self.handled.is_empty() {
                        // Raised by a builtin while an exception is being
                        // handled: CPython chains it as `__context__` too.
                        self.set_context(&e.exc);
                    }
                    e.traceback.push(TraceEntry {
                        file: f.code().filename.clone(),
                        line: f.line(),
                        func: f.code().name.clone(),
                    });
                }
                reraised = false;
                if let Some(block) = f.blocks.pop() {
                    f.stack.truncate(block.depth as usize);
                    let gone = f.handling.len().saturating_sub(block.exc_depth as usize);
                    f.handling.truncate(block.exc_depth as usize);
                    f.stack.push(e.exc.clone());
                    // The exception keeps where it came from, as CPython's
                    // `__traceback__`: `raise e` later (a pool's `result()`)
                    // shows the frames it was first raised in.
                    if let Some(Object::Instance(inst)) = e.exc.as_obj() {
                        inst.set("__traceback__", traceback_value(&e.traceback));
                    }
                    let exc = e.exc.clone();
                    f.handling.push(e);
                    f.pc = block.handler;
                    if gone > 0 {
                        self.drop_handled(gone);
                    }
                    self.handled.push(exc);
                    break;
                }
                match callees.pop() {
                    Some(done) => {
                        if !done.handling.is_empty() {
                            self.drop_handled(done.handling.len());
                        }
                        self.leave_simple(done)
                    }
                    None => return Err(e),
                }
            }
        }
    }
}
