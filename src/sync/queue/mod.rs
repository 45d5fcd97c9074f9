//! Condition + bounded queue: producers and consumers, stopped by sentinels.
//!
//! Lesson: producers put items into a queue of fixed capacity; consumers take
//! them out. A full queue makes producers wait, an empty one makes consumers
//! wait — two conditions on one lock (`threading.Condition`, which is how
//! `queue.Queue` is built). When every producer is done, one sentinel per
//! consumer (Python's `None`) tells the consumers to stop. The queue's depth
//! is sampled under its lock, so the chart is exact; at the end every item
//! is checked to have arrived exactly once.
#![warn(missing_docs)]

/// The same demo simulated on one worker (threads off).
pub mod sim;

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

use serde::Serialize;
use ts_rs::TS;

use super::{
    lock, nap, on_threads, wait_for, Clock, DemoInfo, DemoSpan, Failure, FieldSpec, WaitEnd,
    SAFETY_MS,
};
use crate::clock::now_ms;
use crate::control::Control;
use crate::input::InputError;

/// The demo's id in requests.
pub const ID: &str = "queue";

/// Items are numbers; `None` is the sentinel.
type Slot = Option<u32>;

// ANCHOR: queue
/// `queue.Queue(maxsize)`: one lock, two conditions.
pub(crate) struct BoundedQueue {
    state: Mutex<State>,
    not_full: Condvar,
    not_empty: Condvar,
    capacity: usize,
}

struct State {
    items: VecDeque<Slot>,
    /// (time, depth) after every put and get, taken under the lock.
    depth: Vec<(f64, usize)>,
}

impl BoundedQueue {
    /// Waits while the queue is full, then appends and wakes one consumer.
    pub(crate) fn put_until(
        &self,
        item: Slot,
        deadline: f64,
        control: &Control,
        clock: &Clock,
    ) -> Result<(), WaitEnd> {
        let capacity = self.capacity;
        let mut state = wait_for(&self.not_full, lock(&self.state), deadline, control, |s| {
            s.items.len() < capacity
        })
        .map_err(|(_, end)| end)?;
        state.items.push_back(item);
        let depth = state.items.len();
        state.depth.push((clock.now(), depth));
        self.not_empty.notify_one();
        Ok(())
    }

    /// Waits while the queue is empty, then takes the oldest and wakes one producer.
    pub(crate) fn get_until(
        &self,
        deadline: f64,
        control: &Control,
        clock: &Clock,
    ) -> Result<Slot, WaitEnd> {
        let mut state = wait_for(&self.not_empty, lock(&self.state), deadline, control, |s| {
            !s.items.is_empty()
        })
        .map_err(|(_, end)| end)?;
        let item = state.items.pop_front().expect("not empty");
        let depth = state.items.len();
        state.depth.push((clock.now(), depth));
        self.not_full.notify_one();
        Ok(item)
    }
}
// ANCHOR_END: queue

/// Checked settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Params {
    /// Producer threads.
    pub producers: usize,
    /// Consumer threads.
    pub consumers: usize,
    /// Items made in all, shared out among the producers as they go.
    pub items: u32,
    /// Most items the queue holds; a producer waits while it is full.
    pub capacity: usize,
}

impl Params {
    /// The settings, or an error on `consumers` when producers and consumers
    /// together need more than the pool's `threads`.
    pub fn check(
        producers: u64,
        consumers: u64,
        items: u64,
        capacity: u64,
        threads: usize,
    ) -> Result<Params, Vec<InputError>> {
        if (producers + consumers) as usize > threads {
            return Err(vec![InputError::new(
                "consumers",
                format!("Producers + consumers must be at most {threads}, the threads in the pool (each is a thread, and they wait for each other)."),
            )]);
        }
        Ok(Params {
            producers: producers as usize,
            consumers: consumers as usize,
            items: items as u32,
            capacity: capacity as usize,
        })
    }
}

/// What the queue demo shows: every item received exactly once, and the
/// queue's depth over time.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct QueueResult {
    /// See [`Params::producers`].
    pub producers: usize,
    /// See [`Params::consumers`].
    pub consumers: usize,
    /// See [`Params::items`].
    pub items: u32,
    /// See [`Params::capacity`].
    pub capacity: usize,
    /// Items each consumer got.
    pub received_per_consumer: Vec<usize>,
    /// Checked at the end: items never received, and received more than once.
    pub missing: Vec<u32>,
    /// Items received more than once (both lists are empty in a correct run).
    pub duplicated: Vec<u32>,
    /// Most items ever in the queue at once (at most `capacity`).
    pub max_depth: usize,
    /// `[time, depth]` pairs, in order.
    pub depth: Vec<(f64, usize)>,
    /// Lanes: producers first, then consumers; kinds `work`, `wait` (blocked on a full/empty queue), `hold` (using an item).
    pub spans: Vec<DemoSpan>,
    /// Milliseconds from the start of the run until every worker was done.
    pub elapsed_ms: f64,
}

/// A producer spends `PRODUCE_MS` making each item, a consumer `CONSUME_MS`
/// using one: consumers are slower, so the queue fills up and producers wait.
pub(crate) const PRODUCE_MS: f64 = 4.0;
/// See [`PRODUCE_MS`].
pub(crate) const CONSUME_MS: f64 = 9.0;

/// Runs the producers and consumers on a [`BoundedQueue`]; the last producer
/// to finish puts one sentinel per consumer.
pub fn run(params: &Params, control: &Control) -> Result<QueueResult, Failure> {
    let queue = BoundedQueue {
        state: Mutex::new(State {
            items: VecDeque::new(),
            depth: vec![(0.0, 0)],
        }),
        not_full: Condvar::new(),
        not_empty: Condvar::new(),
        capacity: params.capacity,
    };
    let next_item = AtomicUsize::new(0);
    let producers_left = AtomicUsize::new(params.producers);
    let clock = Clock::start();
    let n = params.producers + params.consumers;
    let stuck = |what: String| Failure::Stuck(what);
    let per_worker = on_threads(n, control, |worker| {
        let mut spans = Vec::new();
        let mut got = Vec::new();
        let deadline = || now_ms() + SAFETY_MS;
        if worker < params.producers {
            // ANCHOR: producer
            loop {
                let item = next_item.fetch_add(1, Ordering::SeqCst);
                if item >= params.items as usize {
                    break;
                }
                let t = clock.now();
                nap(PRODUCE_MS, control); // make the item
                spans.push(clock.span(worker, "work", format!("makes item {item}"), t));
                let t = clock.now();
                queue
                    .put_until(Some(item as u32), deadline(), control, &clock)
                    .map_err(|_| stuck(format!("producer {} could not put", worker + 1)))?;
                spans.push(clock.span(worker, "wait", format!("put({item})"), t));
            }
            // The last producer to finish tells every consumer to stop.
            if producers_left.fetch_sub(1, Ordering::SeqCst) == 1 {
                for _ in 0..params.consumers {
                    queue
                        .put_until(None, deadline(), control, &clock)
                        .map_err(|_| stuck("the sentinel could not be put".into()))?;
                }
            }
            // ANCHOR_END: producer
        } else {
            // ANCHOR: consumer
            loop {
                let t = clock.now();
                let slot = queue.get_until(deadline(), control, &clock).map_err(|_| {
                    stuck(format!(
                        "consumer {} waited for ever",
                        worker - params.producers + 1
                    ))
                })?;
                let Some(item) = slot else { break }; // the sentinel: no more items
                spans.push(clock.span(worker, "wait", format!("get() → {item}"), t));
                let t = clock.now();
                nap(CONSUME_MS, control); // use the item
                spans.push(clock.span(worker, "hold", format!("uses item {item}"), t));
                got.push(item);
            }
            // ANCHOR_END: consumer
        }
        Ok((got, spans))
    })?;
    let mut spans = Vec::new();
    let mut received_per_consumer = Vec::new();
    let mut seen = vec![0u32; params.items as usize];
    for (worker, r) in per_worker.into_iter().enumerate() {
        let (got, s) = r?;
        spans.extend(s);
        if worker >= params.producers {
            received_per_consumer.push(got.len());
        }
        for item in got {
            seen[item as usize] += 1;
        }
    }
    let missing = (0..params.items)
        .filter(|&i| seen[i as usize] == 0)
        .collect();
    let duplicated = (0..params.items)
        .filter(|&i| seen[i as usize] > 1)
        .collect();
    let depth = std::mem::take(&mut lock(&queue.state).depth);
    Ok(QueueResult {
        producers: params.producers,
        consumers: params.consumers,
        items: params.items,
        capacity: params.capacity,
        received_per_consumer,
        missing,
        duplicated,
        max_depth: depth.iter().map(|d| d.1).max().unwrap_or(0),
        depth,
        spans,
        elapsed_ms: clock.now(),
    })
}

/// The demo as the page lists it; `threads` caps producers + consumers.
pub fn info(threads: usize) -> DemoInfo {
    let source = include_str!("mod.rs");
    let most = threads.max(2) as u64;
    DemoInfo {
        id: ID,
        title: "Condition + bounded queue",
        lesson: "Producers put items into a queue that holds at most a few; consumers take them out. When the queue is full, producers wait on one condition (\"not full\"); when it is empty, consumers wait on another (\"not empty\"); both share one lock, and whoever changes the queue wakes one waiter on the other side. Here the consumers are slower, so the queue fills up and the producers spend time waiting. When all producers are done, one sentinel per consumer tells them to stop. At the end every item is checked: each arrived exactly once — none lost, none twice.",
        rust: super::excerpts(source, &["queue", "producer", "consumer"]),
        python: include_str!("queue.py"),
        fields: vec![
            FieldSpec::new("producers", "Producers", (most / 2).min(2), 1, most - 1),
            FieldSpec::new("consumers", "Consumers", (most / 2).min(2), 1, most - 1),
            FieldSpec::new("items", "Items", 40, 1, 2000),
            FieldSpec::new("capacity", "Queue capacity", 4, 1, 100),
        ],
    }
}
