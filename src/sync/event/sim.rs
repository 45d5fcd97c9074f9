//! Event on one simulated core: thread 1 prepares, then sets the event; the
//! waiters are not runnable until then, and start their work right after.
#![warn(missing_docs)]

use crate::control::Control;
use crate::sync::event::EventResult;
use crate::sync::sim::{self, at, span, when, Model, Next, Rng};
use crate::sync::{DemoSpan, Failure};

struct Event {
    setup: u64,
    set_at: Option<u64>,
    pc: Vec<u8>,
    wake: Vec<u64>,
    since: Vec<u64>,
    woke_at: Vec<Option<f64>>,
    spans: Vec<DemoSpan>,
}

// ANCHOR: model
impl Model for Event {
    fn threads(&self) -> usize {
        self.pc.len()
    }
    fn next(&self, t: usize, _now: u64) -> Next {
        match self.pc[t] {
            0 => Next::At(0),
            // ready.wait(): runnable once the event is set.
            1 if t > 0 => when(self.set_at.is_some()),
            1 | 2 => at(self.wake[t]),
            _ => Next::Done,
        }
    }
    fn step(&mut self, t: usize, now: u64) {
        let next = now + 1;
        match self.pc[t] {
            0 => {
                self.since[t] = now;
                if t == 0 {
                    self.wake[0] = now + self.setup; // prepare what the others need…
                }
                self.pc[t] = 1;
            }
            1 => {
                if t == 0 {
                    self.spans
                        .push(span(0, "work", "prepares", self.since[0], now));
                    self.set_at = Some(now); // …then let everyone go
                } else {
                    self.woke_at[t] = Some(now as f64);
                    self.spans
                        .push(span(t, "wait", "ready.wait()", self.since[t], now));
                }
                self.since[t] = next;
                self.wake[t] = next + self.setup / 2 + 5 * t as u64;
                self.pc[t] = 2;
            }
            _ => {
                self.spans
                    .push(span(t, "hold", "works", self.since[t], now));
                self.pc[t] = 3;
            }
        }
    }
}
// ANCHOR_END: model

/// The event demo simulated, the scheduler seeded from `seed`: the
/// counterpart of [`crate::sync::event::run`], with ticks for milliseconds.
pub fn run(
    workers: usize,
    setup: u64,
    seed: u64,
    control: &Control,
) -> Result<EventResult, Failure> {
    let mut model = Event {
        setup,
        set_at: None,
        pc: vec![0; workers],
        wake: vec![0; workers],
        since: vec![0; workers],
        woke_at: vec![None; workers],
        spans: Vec::new(),
    };
    let end = match sim::run(&mut model, &mut Rng::new(seed), control)? {
        sim::End::Finished { at } => at,
        sim::End::Stuck { blocked, .. } => {
            return Err(sim::stuck("the event was never set", &blocked))
        }
    };
    Ok(EventResult {
        workers,
        set_at: model.set_at.map_or(f64::NAN, |t| t as f64),
        woke_at: model.woke_at,
        spans: model.spans,
        elapsed_ms: end as f64,
    })
}
