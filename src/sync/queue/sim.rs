//! Producers and consumers on one simulated core, through a bounded queue:
//! `put` is not runnable while the queue is full, `get` while it is empty;
//! the last producer puts one sentinel per consumer. Every item arrives
//! exactly once.
#![warn(missing_docs)]

use std::collections::VecDeque;

use crate::control::Control;
use crate::sync::queue::{Params, QueueResult, CONSUME_MS, PRODUCE_MS};
use crate::sync::sim::{self, at, span, when, Model, Next, Rng};
use crate::sync::{DemoSpan, Failure};

#[derive(Debug, Clone, Copy, Default)]
struct Worker {
    pc: u8,
    item: u32,
    since: u64,
    wake: u64,
    sentinels: usize,
}

struct Queue {
    p: Params,
    items: VecDeque<Option<u32>>,
    next_item: u32,
    producers_left: usize,
    workers: Vec<Worker>,
    got: Vec<Vec<u32>>,
    depth: Vec<(f64, usize)>,
    spans: Vec<DemoSpan>,
}

impl Queue {
    fn full(&self) -> bool {
        self.items.len() >= self.p.capacity
    }
    fn put(&mut self, slot: Option<u32>, now: u64) {
        self.items.push_back(slot);
        self.depth.push((now as f64, self.items.len()));
    }
}

// ANCHOR: model
impl Model for Queue {
    fn threads(&self) -> usize {
        self.workers.len()
    }
    fn next(&self, t: usize, _now: u64) -> Next {
        let w = &self.workers[t];
        let producer = t < self.p.producers;
        match w.pc {
            0 => Next::At(0),
            1 if producer => at(w.wake),
            // q.put() waits while full; q.get() while empty.
            2 | 3 if producer => when(!self.full()),
            1 => when(!self.items.is_empty()),
            2 => at(w.wake),
            _ => Next::Done,
        }
    }
    fn step(&mut self, t: usize, now: u64) {
        let next = now + 1;
        let producer = t < self.p.producers;
        let mut w = self.workers[t];
        match (producer, w.pc) {
            (true, 0) => {
                w.item = self.next_item;
                self.next_item += 1;
                if w.item < self.p.items {
                    w.since = now;
                    w.wake = next + PRODUCE_MS as u64; // make the item
                    w.pc = 1;
                } else {
                    // The last producer to finish tells every consumer to stop.
                    self.producers_left -= 1;
                    w.sentinels = if self.producers_left == 0 {
                        self.p.consumers
                    } else {
                        0
                    };
                    w.pc = if w.sentinels > 0 { 3 } else { 9 };
                }
            }
            (true, 1) => {
                self.spans.push(span(
                    t,
                    "work",
                    format!("makes item {}", w.item),
                    w.since,
                    now,
                ));
                w.since = now;
                w.pc = 2;
            }
            (true, 2) => {
                self.put(Some(w.item), now);
                self.spans
                    .push(span(t, "wait", format!("put({})", w.item), w.since, next));
                w.pc = 0;
            }
            (true, _) => {
                self.put(None, now);
                w.sentinels -= 1;
                if w.sentinels == 0 {
                    w.pc = 9;
                }
            }
            (false, 0) => {
                w.since = now;
                w.pc = 1;
            }
            (false, 1) => {
                let slot = self
                    .items
                    .pop_front()
                    .expect("runnable only when not empty");
                self.depth.push((now as f64, self.items.len()));
                match slot {
                    None => w.pc = 9, // the sentinel: no more items
                    Some(item) => {
                        self.spans
                            .push(span(t, "wait", format!("get() → {item}"), w.since, next));
                        w.item = item;
                        w.since = next;
                        w.wake = next + CONSUME_MS as u64; // use the item
                        w.pc = 2;
                    }
                }
            }
            (false, _) => {
                self.spans.push(span(
                    t,
                    "hold",
                    format!("uses item {}", w.item),
                    w.since,
                    now,
                ));
                self.got[t - self.p.producers].push(w.item);
                w.pc = 0;
            }
        }
        self.workers[t] = w;
    }
}
// ANCHOR_END: model

/// The queue demo simulated, the scheduler seeded from `seed`: the
/// counterpart of [`crate::sync::queue::run`], with ticks for milliseconds.
pub fn run(p: &Params, seed: u64, control: &Control) -> Result<QueueResult, Failure> {
    let mut model = Queue {
        p: *p,
        items: VecDeque::new(),
        next_item: 0,
        producers_left: p.producers,
        workers: vec![Worker::default(); p.producers + p.consumers],
        got: vec![Vec::new(); p.consumers],
        depth: vec![(0.0, 0)],
        spans: Vec::new(),
    };
    let end = match sim::run(&mut model, &mut Rng::new(seed), control)? {
        sim::End::Finished { at } => at,
        sim::End::Stuck { blocked, .. } => return Err(sim::stuck("the queue demo", &blocked)),
    };
    let mut seen = vec![0u32; p.items as usize];
    for item in model.got.iter().flatten() {
        seen[*item as usize] += 1;
    }
    let max_depth = model.depth.iter().map(|d| d.1).max().unwrap_or(0);
    Ok(QueueResult {
        producers: p.producers,
        consumers: p.consumers,
        items: p.items,
        capacity: p.capacity,
        received_per_consumer: model.got.iter().map(Vec::len).collect(),
        missing: (0..p.items).filter(|&i| seen[i as usize] == 0).collect(),
        duplicated: (0..p.items).filter(|&i| seen[i as usize] > 1).collect(),
        max_depth,
        depth: model.depth,
        spans: model.spans,
        elapsed_ms: end as f64,
    })
}
