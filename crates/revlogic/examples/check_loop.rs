//! Runs the benchmark's workload (benches/workload/stages.rs), for profilers:
//! `cargo run --release --example check_loop [N] [ROUNDS]` checks N typed requests ROUNDS times
//! (a small N repeated shows the cost with hot caches).

#[allow(dead_code)]
#[path = "../benches/workload/stages.rs"]
mod workload;

use revlogic::stages::{CheckOptions, Pipeline, TransitionRequest};

fn main() {
    let arg = |i: usize, default: usize| {
        std::env::args()
            .nth(i)
            .and_then(|a| a.parse().ok())
            .unwrap_or(default)
    };
    let (n, rounds) = (arg(1, 20_000), arg(2, 1).max(1));
    let pipeline = Pipeline::default_pipeline().expect("default pipeline");
    // Built as the benchmark builds them, the wire values kept alive beside the typed requests.
    let values = workload::requests(n);
    let requests: Vec<TransitionRequest> = values
        .iter()
        .map(|v| serde_json::from_value(v.clone()).expect("typed request"))
        .collect();
    let start = std::time::Instant::now();
    let mut batch = pipeline.check_batch(&requests, CheckOptions { explain: false });
    for _ in 1..rounds {
        batch = pipeline.check_batch(&requests, CheckOptions { explain: false });
    }
    let elapsed = start.elapsed() / rounds as u32;
    println!(
        "{} checks, {} allowed, {:.3} µs/check",
        n,
        batch.summary.allowed,
        elapsed.as_secs_f64() * 1e6 / n as f64
    );
    drop(values);
}
