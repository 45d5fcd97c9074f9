//! Reading a state: its globals, who waits for whom, and whether the run is
//! running, finished or broken ([`GameOutcome`]).

use super::*;

impl State {
    /// The user's data globals, as (name, repr), in the order names first
    /// appear in the program.
    pub fn snapshot(&self, prog: &Program) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (i, v) in self.globals.iter().enumerate() {
            let name = &prog.compiled.global_names[i];
            if name.starts_with('$') || !self.is_data(v) {
                continue;
            }
            out.push((name.clone(), self.repr(v)));
        }
        out
    }

    pub(super) fn is_data(&self, v: &Value) -> bool {
        match v {
            Value::None | Value::Bool(_) | Value::Int(_) | Value::Str(_) | Value::Tuple(_) => true,
            Value::Ref(o) => matches!(*self.heap[*o as usize], Obj::List(_) | Obj::Dict(_)),
            _ => false,
        }
    }

    pub(super) fn raw_edges(&self, prog: &Program) -> Vec<(Tid, Tid, Waiting)> {
        let mut out = Vec::new();
        for t in 0..self.threads.len() as Tid {
            if !self.is_live(t) {
                continue;
            }
            if let Some(w) = self.waiting(prog, t) {
                if let Some(to) = w.on_thread() {
                    out.push((t, to, w));
                }
            }
        }
        out
    }

    /// The wait-for graph's edges (see [`GameWaitEdge`]).
    pub fn wait_edges(&self, prog: &Program) -> Vec<GameWaitEdge> {
        self.raw_edges(prog)
            .into_iter()
            .map(|(from, to, w)| GameWaitEdge {
                from,
                to,
                via: self.describe_wait(prog, &w),
            })
            .collect()
    }

    /// Where this run stands. See [`GameOutcome`].
    pub fn outcome(&self, prog: &Program) -> GameOutcome {
        // An uncaught exception first (the lowest thread id if several).
        for (t, th) in self.threads.iter().enumerate() {
            if let Status::Crashed(c) = &th.status {
                let thread_name = self.thread_name(t as Tid).to_string();
                if c.exc.kind == ExcKind::AssertionError {
                    return GameOutcome::AssertFailed {
                        thread: t as Tid,
                        thread_name,
                        line: c.span.line,
                        col: c.span.col,
                        message: c.exc.message.to_string(),
                    };
                }
                return GameOutcome::Exception {
                    thread: t as Tid,
                    thread_name,
                    exception: c.exc.kind.name().to_string(),
                    message: c.exc.message.to_string(),
                    line: c.span.line,
                    col: c.span.col,
                };
            }
        }
        // A cycle of waits that no schedule can break (see
        // [`crate::interleave::deadlock`]: a cycle through a plain Lock may not be one).
        if let Some(cycle) = self.dead_cycle(prog) {
            let edges = self.raw_edges(prog);
            let cedges = cycle
                .iter()
                .map(|t| {
                    let (from, to, w) = edges.iter().find(|e| e.0 == *t).unwrap();
                    GameWaitEdge {
                        from: *from,
                        to: *to,
                        via: self.describe_wait(prog, w),
                    }
                })
                .collect();
            return GameOutcome::Deadlock {
                cycle,
                edges: cedges,
            };
        }
        let live: Vec<Tid> = (0..self.threads.len() as Tid)
            .filter(|t| self.is_live(*t))
            .collect();
        if live.is_empty() {
            if let Some(serial) = serial_results(prog) {
                let snap = self.snapshot(prog);
                if !serial.contains(&snap) {
                    return GameOutcome::LostUpdate {
                        globals: snap,
                        serial: serial.iter().take(4).cloned().collect(),
                    };
                }
            }
            return GameOutcome::Finished;
        }
        if live.iter().all(|t| self.waiting(prog, *t).is_some()) {
            return GameOutcome::Hang {
                waiting: live
                    .iter()
                    .map(|t| {
                        (
                            *t,
                            self.describe_wait(prog, &self.waiting(prog, *t).unwrap()),
                        )
                    })
                    .collect(),
            };
        }
        GameOutcome::Running
    }

    /// The global names that refer to each heap object (for display).
    pub(super) fn object_names(&self, prog: &Program) -> Vec<Vec<String>> {
        let mut names = vec![Vec::new(); self.heap.len()];
        for (i, v) in self.globals.iter().enumerate() {
            if let Value::Ref(o) = v {
                let n = &prog.compiled.global_names[i];
                if !n.starts_with('$') {
                    names[*o as usize].push(n.clone());
                }
            }
        }
        // A Condition's own lock is known by the condition's name.
        for (i, o) in self.heap.iter().enumerate() {
            if let Obj::Condition { lock, .. } = &**o {
                if names[*lock as usize].is_empty() {
                    if let Some(n) = names[i].first().cloned() {
                        names[*lock as usize].push(format!("{n}'s lock"));
                    }
                }
            }
        }
        names
    }

    pub(super) fn obj_label(&self, prog: &Program, o: ObjId) -> String {
        let names = self.object_names(prog);
        match names[o as usize].first() {
            Some(n) => format!("'{n}'"),
            None => format!("#{o}"),
        }
    }

    /// What a wait is for, in words.
    pub fn describe_wait(&self, prog: &Program, w: &Waiting) -> String {
        let holder = |h: &Option<Tid>| match h {
            Some(h) => format!(" held by {}", self.thread_name(*h)),
            None => String::new(),
        };
        match w {
            Waiting::Lock { obj, holder: h } => format!(
                "{} {}{}",
                self.heap[*obj as usize].type_name(),
                self.obj_label(prog, *obj),
                holder(h)
            ),
            Waiting::Semaphore { obj } => format!(
                "{} {} (value 0)",
                self.heap[*obj as usize].type_name(),
                self.obj_label(prog, *obj)
            ),
            Waiting::Notify { cond } => format!("a notify on {}", self.obj_label(prog, *cond)),
            Waiting::Reacquire {
                cond, holder: h, ..
            } => format!(
                "the lock of {} back{}",
                self.obj_label(prog, *cond),
                holder(h)
            ),
            Waiting::Event { obj } => format!("event {} to be set", self.obj_label(prog, *obj)),
            Waiting::Barrier { obj } => {
                let (n, p) = match &*self.heap[*obj as usize] {
                    Obj::Barrier {
                        waiting, parties, ..
                    } => (waiting.len(), *parties),
                    _ => (0, 0),
                };
                format!(
                    "barrier {} ({n} of {p} arrived)",
                    self.obj_label(prog, *obj)
                )
            }
            Waiting::QueueGet { obj } => format!("an item in queue {}", self.obj_label(prog, *obj)),
            Waiting::QueuePut { obj } => format!("room in queue {}", self.obj_label(prog, *obj)),
            Waiting::QueueJoin { obj } => format!(
                "every item of queue {} to be marked task_done",
                self.obj_label(prog, *obj)
            ),
            Waiting::Join { tid } => format!("{} to finish", self.thread_name(*tid)),
        }
    }
}
