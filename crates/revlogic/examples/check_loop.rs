//! Runs the benchmark's workload, for profilers: `cargo run --release --example check_loop [N]
//! [ROUNDS]` checks N requests ROUNDS times (a small N repeated shows the cost with hot caches).
use revlogic::stages::{CheckOptions, Pipeline, TransitionRequest};
use serde_json::json;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20_000);
    let rounds: usize = std::env::args()
        .nth(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1);
    let pipeline = Pipeline::default_pipeline().expect("default pipeline");
    let requests: Vec<TransitionRequest> = (0..n)
        .map(|i| {
            let mut fields = json!({
                "first_contact_method": "visit", "pain_points": "reporting", "competitor_analysis": "acme",
                "decision_chain": ["director", "procurement"], "amount": format!("{}", 10_000 + (i % 90) * 1_000),
                "expected_close_date": if i % 5 == 0 { "2026-12-31" } else { "2026-06-15" },
                "customer_type": if i % 7 == 0 { "hospital_equipment_dept" } else { "distributor" },
            });
            if i % 3 != 0 {
                fields["budget_range"] = json!("100k-200k");
            }
            let (from, to) = [("lead", "proposal"), ("proposal", "quote"), ("quote", "contract"), ("payment", "won")][i % 4];
            serde_json::from_value(json!({"opportunity": {"id": format!("OPP-{i}"), "stage": from, "fields": fields}, "to": to}))
                .expect("typed request")
        })
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
}
