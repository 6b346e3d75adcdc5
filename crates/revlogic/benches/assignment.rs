//! Lead assignment, single-threaded: `cargo bench -p revlogic --bench assignment`.
//!
//! - ordered: 100,000 leads × 1,000 reps in 10 regions (each lead sees the 100 reps of its
//!   region), 8 industries, stats for 4 industries per rep; target < 1 s.
//! - optimal: 50,000 leads × 2,000 reps in 100 regions (about 20 eligible reps per lead, so
//!   ~1,000,000 lead→rep arcs — a size the dense 50,000 × 50,000 matrix cannot hold),
//!   capacity 25 per rep; target < 10 s.
//!
//! The breaker limits are raised so that the runs measure routing, not a pool filling up at
//! 2 leads per industry per rep. Sizes can be overridden with `REVLOGIC_BENCH_ORDERED_LEADS`
//! and `REVLOGIC_BENCH_OPTIMAL_{LEADS,REPS,REGIONS,CAPACITY}` (5000, 500, 1, 10 is the shape
//! `bindings-python/bench/bench_assignment.py` compares with scipy); with
//! `REVLOGIC_BENCH_DISTINCT_BUDGETS` set, no two leads have the same budget.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use revlogic::assignment::AssignmentPolicy;
use serde_json::{json, Value};
use std::hint::black_box;
use std::time::Duration;

const INDUSTRIES: [&str; 8] = [
    "K12",
    "retail",
    "hospital",
    "factory",
    "software",
    "logistics",
    "food",
    "build",
];

fn size(var: &str, default: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn policy(mode: &str) -> AssignmentPolicy {
    AssignmentPolicy::load(&json!({
        "schemaVersion": 1, "id": "bench", "mode": mode,
        "breaker": {"dailyLimit": 1000, "rollingLimit": 1000}
    }))
    .expect("the bench policy is valid")
}

/// A deterministic pseudo-random sequence (an LCG) so every run builds the same batch.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn request(leads: usize, reps: usize, regions: usize, capacity: u32) -> Value {
    // Round budgets make many leads alike, which the optimal mode merges; this gives every
    // lead its own budget instead.
    let distinct = std::env::var("REVLOGIC_BENCH_DISTINCT_BUDGETS").is_ok();
    let mut rng = Lcg(7);
    let reps: Vec<Value> = (0..reps)
        .map(|r| {
            let mut stats = serde_json::Map::new();
            for k in 0..4 {
                let industry = INDUSTRIES[(r + 2 * k) % INDUSTRIES.len()];
                stats.insert(
                    industry.to_string(),
                    json!({
                        "winRate": format!("0.{:02}", rng.next(100)),
                        "avgCycleDays": (10 + rng.next(80)).to_string(),
                        "ticketMin": (10_000 * (1 + rng.next(5))).to_string(),
                        "ticketMax": (100_000 * (1 + rng.next(5))).to_string(),
                    }),
                );
            }
            json!({"id": format!("R{r:05}"), "regions": [format!("region-{}", r % regions)],
                   "customerTypes": ["KA", "BC"], "capacity": capacity, "stats": stats})
        })
        .collect();
    let leads: Vec<Value> = (0..leads)
        .map(|i| {
            let urgency = ["red", "yellow", "blue"][rng.next(3) as usize];
            let industry = INDUSTRIES[rng.next(8) as usize];
            json!({"id": format!("L{i:06}"),
            "createdAt": format!("2026-03-10T{:02}:{:02}:00+08:00", rng.next(9), rng.next(60)),
            "region": format!("region-{}", rng.next(regions as u64)),
            "customerType": if rng.next(2) == 0 { "KA" } else { "BC" },
            "industry": industry,
            "urgency": urgency,
            "budget": if distinct {
                format!("{}.{:02}", 5_000 * (1 + rng.next(100)) + i as u64 / 100, i % 100)
            } else {
                (5_000 * (1 + rng.next(100))).to_string()
            }})
        })
        .collect();
    json!({"asOf": "2026-03-10T09:30:00+08:00", "leads": leads, "reps": reps})
}

fn bench(c: &mut Criterion) {
    let n = size("REVLOGIC_BENCH_ORDERED_LEADS", 100_000);
    let ordered = policy("ordered");
    let input = request(n, 1_000, 10, 100);
    let mut group = c.benchmark_group("assignment");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function(format!("ordered {n} leads x 1000 reps"), |b| {
        b.iter(|| black_box(ordered.assign_value(black_box(&input)).expect("assigns")))
    });
    let n = size("REVLOGIC_BENCH_OPTIMAL_LEADS", 50_000);
    let reps = size("REVLOGIC_BENCH_OPTIMAL_REPS", 2_000);
    let regions = size("REVLOGIC_BENCH_OPTIMAL_REGIONS", 100);
    let capacity = size("REVLOGIC_BENCH_OPTIMAL_CAPACITY", 25) as u32;
    let optimal = policy("optimal");
    let input = request(n, reps, regions, capacity);
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function(format!("optimal {n} leads x {reps} reps"), |b| {
        b.iter(|| black_box(optimal.assign_value(black_box(&input)).expect("assigns")))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
