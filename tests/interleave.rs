//! The scheduler game's core: parser, machine, primitives, solver, levels.

use std::sync::atomic::AtomicBool;

use threadlab::interleave::*;

fn prog(src: &str) -> Program {
    Program::parse(src).unwrap_or_else(|e| panic!("{e}\n{src}"))
}

fn solve(src: &str) -> SearchReport {
    let p = prog(src);
    let s = Machine::new(&p).unwrap();
    search(&p, &s, &SearchOptions::default(), &AtomicBool::new(false))
}

const COUNTER: &str = "\
import threading
counter = 0
def work():
    global counter
    counter += 1
t1 = threading.Thread(target=work)
t2 = threading.Thread(target=work)
t1.start()
t2.start()
t1.join()
t2.join()
";

#[test]
fn counter_loses_an_update() {
    let r = solve(COUNTER);
    println!("{r:#?}");
    assert_eq!(r.verdict.outcome().unwrap().kind(), "lost-update");
}
