//! Runs a Python file with threadlab's runner natively, printing what the
//! program prints (and, with `--report`, how the run ended and the GIL's
//! hand-overs): `cargo run --release --example pyrun -- program.py`.
//!
//! Options: `--switch-points any` (the pre-3.10 GIL setting),
//! `--interval SECONDS`, `--free-threaded` (no GIL), `--start-method spawn`
//! (how `multiprocessing` starts processes; fork by default), `--report`.

use std::sync::Arc;

use threadlab::interleave::runner::gil::SwitchPoints;
use threadlab::interleave::runner::host::NativeHost;
use threadlab::interleave::runner::process::StartMethod;
use threadlab::interleave::runner::{Exit, GilMode, Run, RunOptions};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.iter().find(|a| a.ends_with(".py")) else {
        eprintln!("usage: pyrun program.py [--switch-points any] [--interval S] [--free-threaded] [--start-method spawn] [--report]");
        std::process::exit(2);
    };
    let src = std::fs::read_to_string(path).expect("the program can be read");
    let mut switch_points = SwitchPoints::BackEdges;
    let mut interval = threadlab::interleave::runner::DEFAULT_SWITCH_INTERVAL;
    let mut start_method = StartMethod::Fork;
    let free = args.iter().any(|a| a == "--free-threaded");
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--switch-points" if it.next().map(String::as_str) == Some("any") => {
                switch_points = SwitchPoints::Any
            }
            "--interval" => interval = it.next().and_then(|s| s.parse().ok()).unwrap_or(interval),
            "--start-method" if it.next().map(String::as_str) == Some("spawn") => {
                start_method = StartMethod::Spawn
            }
            _ => {}
        }
    }
    let options = RunOptions {
        gil: if free {
            GilMode::FreeThreaded
        } else {
            GilMode::Gil {
                switch_interval: interval,
                switch_points,
            }
        },
        filename: std::path::Path::new(path)
            .file_name()
            .map(|f| f.to_string_lossy().to_string())
            .unwrap_or_default(),
        start_method,
        ..RunOptions::default()
    };
    let host = Arc::new(NativeHost {
        echo: true,
        ..Default::default()
    });
    let run = match Run::start(&src, options, host) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("  File \"{path}\", line {}\n{}", e.line, e.describe());
            std::process::exit(1);
        }
    };
    let report = run.wait();
    if args.iter().any(|a| a == "--report") {
        eprintln!(
            "[exit: {:?}; {} GIL hand-overs; {:.1} ms; {} threads]",
            report.exit, report.handovers, report.wall_ms, report.threads
        );
    }
    std::process::exit(match report.exit {
        Exit::Finished => 0,
        Exit::SystemExit { code } => code as i32,
        _ => 1,
    });
}
