//! The sync demos' verdicts recomputed from what a run recorded (its spans),
//! so that a test does not just read back the verdict the product computed
//! for itself (`phases_kept_apart`, `other_excluded`, `missing`/`duplicated`).
//! Included by test files with `#[path]`.
#![allow(dead_code)]

use threadlab::sync::race::{RaceMethod, RaceResult};
use threadlab::sync::DemoSpan;

/// Every way of counting is there, once, in the page's order, each with
/// `repeats` samples: a loop over an empty list would check nothing.
pub fn all_methods(r: &RaceResult, repeats: usize) {
    assert_eq!(
        r.methods.iter().map(|m| m.method).collect::<Vec<_>>(),
        RaceMethod::ALL
    );
    for m in &r.methods {
        assert_eq!(m.samples.len(), repeats, "{:?}", m.method);
    }
}

/// Barrier: each of `workers` has a "phase k" hold span for every phase, and
/// phase k+1's first one starts no earlier than phase k's last one ends.
pub fn phases_apart(spans: &[DemoSpan], workers: usize, phases: usize) {
    let holds = |phase: usize| -> Vec<&DemoSpan> {
        spans
            .iter()
            .filter(|s| s.kind == "hold" && s.label == format!("phase {phase}"))
            .collect()
    };
    for phase in 1..=phases {
        assert_eq!(holds(phase).len(), workers, "phase {phase}: {spans:?}");
    }
    for phase in 1..phases {
        let last_end = holds(phase).iter().map(|s| s.end).fold(f64::MIN, f64::max);
        let first = holds(phase + 1)
            .iter()
            .map(|s| s.start)
            .fold(f64::MAX, f64::min);
        assert!(
            first >= last_end,
            "phase {} started at {first} before phase {phase} ended at {last_end}",
            phase + 1
        );
    }
}

/// RLock: the other worker (lane 2) holds it only after the owner's inner,
/// depth-2 hold (lane 1) has ended.
pub fn other_excluded(spans: &[DemoSpan]) {
    let span = |lane: usize, kind: &str| {
        spans
            .iter()
            .find(|s| s.lane == lane && s.kind == kind)
            .unwrap_or_else(|| panic!("no {kind} span on lane {lane}: {spans:?}"))
    };
    assert!(span(2, "hold").start >= span(1, "hold").end, "{spans:?}");
}

/// Queue: the items the consumers recorded (`get() → n`), sorted, are
/// exactly 0..items, each once; and so are the producers' `put(n)`.
pub fn every_item_once(spans: &[DemoSpan], items: u32) {
    for prefix in ["get() → ", "put("] {
        let mut seen: Vec<u32> = spans
            .iter()
            .filter_map(|s| s.label.strip_prefix(prefix))
            .map(|n| n.trim_end_matches(')').parse().unwrap())
            .collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..items).collect::<Vec<_>>(), "{prefix}…");
    }
}
