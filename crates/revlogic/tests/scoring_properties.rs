//! Invariants of the scoring models (SPEC §2), checked with proptest: scores stay in range,
//! record order never changes a score, training is deterministic byte for byte, band
//! boundaries land where the document says, and no input makes anything panic.

mod common;
use common::full_decimal;
use proptest::prelude::*;
use revlogic::scoring::{Band, Bands, LowerBound, ScoreModel, ScoreOptions};
use revlogic::wire::ops::{call, train_win_model};
use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::collections::BTreeMap;

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null)),
        prop_oneof![
            Just("NaN".to_string()),
            Just("0.5".to_string()),
            Just("-1".to_string()),
            Just("2026-03-05T10:00:00+08:00".to_string()),
            Just("99999999999999999999999999999".to_string()),
            "[a-z0-9 .-]{0,12}"
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(
                "[a-z]{1,8}|id|rates|response|leads|logs|measures|fields|weights|bands|green",
                inner,
                0..5
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn phi_model() -> ScoreModel {
    ScoreModel::load(&json!({"model": "processHealth", "schemaVersion": 1, "id": "phi"})).unwrap()
}

fn health_model() -> ScoreModel {
    ScoreModel::load(&json!({"model": "customerHealth", "schemaVersion": 1, "id": "h", "measures": [
        {"name": "days", "weight": "0.4", "breakpoints": [{"x": "0", "score": "100"}, {"x": "30", "score": "80"}, {"x": "180", "score": "0"}]},
        {"name": "touches", "weight": "0.3", "breakpoints": [{"x": "0", "score": "0"}, {"x": "12", "score": "100"}]},
        {"name": "closeRate", "weight": "0.3", "breakpoints": [{"x": "0.5", "score": "0"}, {"x": "1", "score": "100"}]}
    ]}))
    .unwrap()
}

fn credit_model() -> ScoreModel {
    ScoreModel::load(&json!({"model": "dataCredit", "schemaVersion": 1, "id": "dc"})).unwrap()
}

/// A rep's activity with random counts: leads answered after 0–60 h or never, visits done or
/// not, commitments closed early, late or never.
fn rep_activity(id: String) -> impl Strategy<Value = Value> {
    (
        prop::collection::vec(prop::option::of(0i64..60), 0..8),
        prop::collection::vec(any::<bool>(), 0..8),
        prop::collection::vec(prop::option::of(-3i64..3), 0..8),
    )
        .prop_map(move |(leads, visits, commitments)| {
            let leads: Vec<Value> = leads
                .iter()
                .enumerate()
                .map(|(i, h)| {
                    let mut l = json!({"id": format!("L{i}"), "assignedAt": "2026-03-02T09:00:00+08:00"});
                    if let Some(h) = h {
                        l["firstActionAt"] = json!(format!("2026-03-0{}T{:02}:00:00+08:00", 2 + h / 24, 9 + h % 24 - if 9 + h % 24 >= 24 { 24 } else { 0 }));
                    }
                    l
                })
                .collect();
            let visits: Vec<Value> = visits.iter().enumerate().map(|(i, done)| json!({"id": format!("V{i}"), "done": done})).collect();
            let commitments: Vec<Value> = commitments
                .iter()
                .enumerate()
                .map(|(i, late)| match late {
                    Some(late) => json!({"id": format!("C{i}"), "due": "2026-03-15", "doneOn": format!("2026-03-{}", 15 + late)}),
                    None => json!({"id": format!("C{i}"), "due": "2026-03-15"}),
                })
                .collect();
            json!({"id": id, "leads": leads, "visits": visits, "commitments": commitments})
        })
}

fn customer(id: String) -> impl Strategy<Value = Value> {
    (
        prop::option::of(0u32..400),
        prop::option::of(0u32..30),
        prop::option::of(0u32..=100),
        prop::option::of(0u32..=100),
    )
        .prop_map(move |(days, touches, close, previous)| {
            let mut measures = serde_json::Map::new();
            if let Some(v) = days {
                measures.insert("days".into(), json!(v.to_string()));
            }
            if let Some(v) = touches {
                measures.insert("touches".into(), json!(v.to_string()));
            }
            if let Some(v) = close {
                measures.insert(
                    "closeRate".into(),
                    json!(format!("{}", Decimal::new(v as i64, 2))),
                );
            }
            let mut c = json!({"id": id, "measures": measures});
            if let Some(p) = previous {
                c["previousScore"] = json!(p.to_string());
            }
            c
        })
}

fn visit_logs(id: String) -> impl Strategy<Value = Value> {
    prop::collection::vec((0u32..4, 0i64..90, 0u32..3, 0i64..2000, any::<bool>()), 1..6).prop_map(move |logs| {
        let logs: Vec<Value> = logs
            .iter()
            .enumerate()
            .map(|(i, (missing, lat_off, photo, delay_min, with_contact))| {
                let mut fields = serde_json::Map::new();
                for (k, name) in ["purpose", "outcome", "nextStep"].iter().enumerate() {
                    if (k as u32) >= *missing {
                        fields.insert(name.to_string(), json!("x"));
                    }
                }
                if *with_contact {
                    fields.insert("contact".into(), json!("y"));
                }
                let submitted = 600 + delay_min; // minutes after midnight of 03-05, visit ends at 10:00
                json!({
                    "id": format!("V{i}"), "fields": fields,
                    "position": {"lat": format!("{}", Decimal::new(312304 + lat_off, 4)), "lon": "121.4737"},
                    "customerLocation": {"lat": "31.2304", "lon": "121.4737"},
                    "photoHashes": [format!("h{photo}")],
                    "visitStart": "2026-03-05T09:00:00+08:00", "visitEnd": "2026-03-05T10:00:00+08:00",
                    "submittedAt": format!("2026-03-{:02}T{:02}:{:02}:00+08:00", 5 + submitted / 1440, (submitted % 1440) / 60, submitted % 60),
                })
            })
            .collect();
        json!({"id": id, "logs": logs})
    })
}

/// Scores by id, for comparing batches in different orders.
fn scores_by_id(model: &ScoreModel, records: &[Value]) -> BTreeMap<String, Value> {
    let batch = model.score_values(records, ScoreOptions::default());
    batch
        .results
        .iter()
        .filter_map(|r| r.ok())
        .map(|r| (r.id.clone(), serde_json::to_value(r).unwrap()))
        .collect()
}

fn in_range(model: &ScoreModel, records: &[Value], max: Decimal) {
    let batch = model.score_values(records, ScoreOptions::default());
    assert_eq!(batch.results.len(), records.len());
    for r in batch.results.iter().filter_map(|r| r.ok()) {
        if let Some(s) = r.score {
            assert!(s >= Decimal::ZERO && s <= max, "{s} out of 0–{max}");
        }
    }
}

fn batch_of<S: Strategy<Value = Value>>(
    f: impl Fn(String) -> S,
) -> impl Strategy<Value = Vec<Value>> {
    (0..12usize).prop_flat_map(move |n| (0..n).map(|i| f(format!("r{i}"))).collect::<Vec<_>>())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn phi_stays_in_range_and_ignores_order(records in batch_of(rep_activity), seed in any::<u64>()) {
        let model = phi_model();
        in_range(&model, &records, Decimal::ONE);
        let mut shuffled = records.clone();
        shuffle(&mut shuffled, seed);
        prop_assert_eq!(scores_by_id(&model, &records), scores_by_id(&model, &shuffled));
    }

    #[test]
    fn customer_health_stays_in_range_and_ignores_order(records in batch_of(customer), seed in any::<u64>()) {
        let model = health_model();
        in_range(&model, &records, Decimal::ONE_HUNDRED);
        let mut shuffled = records.clone();
        shuffle(&mut shuffled, seed);
        prop_assert_eq!(scores_by_id(&model, &records), scores_by_id(&model, &shuffled));
    }

    #[test]
    fn data_credit_stays_in_range_and_ignores_log_order(record in visit_logs("rep".into()), seed in any::<u64>()) {
        let model = credit_model();
        in_range(&model, std::slice::from_ref(&record), Decimal::ONE_HUNDRED);
        let mut shuffled = record.clone();
        if let Some(Value::Array(logs)) = shuffled.get_mut("logs") {
            shuffle(logs, seed);
        }
        let a = scores_by_id(&model, &[record]);
        let b = scores_by_id(&model, &[shuffled]);
        prop_assert_eq!(a.get("rep").map(|v| &v["score"]), b.get("rep").map(|v| &v["score"]));
        prop_assert_eq!(a.get("rep").map(|v| &v["policy"]), b.get("rep").map(|v| &v["policy"]));
    }

    #[test]
    fn rates_given_directly_stay_in_range(r in -200i64..300, v in 0i64..=100, c in 0i64..=100) {
        let model = phi_model();
        let record = json!({"id": "a", "rates": {"response": Decimal::new(r, 2).to_string(), "visitCompletion": Decimal::new(v, 2).to_string(), "commitmentClosure": Decimal::new(c, 2).to_string()}});
        let batch = model.score_values(&[record], ScoreOptions::default());
        match batch.results[0].ok() {
            Some(s) => prop_assert!((0..=100).contains(&r) && s.score.unwrap() <= Decimal::ONE),
            None => prop_assert!(!(0..=100).contains(&r)),
        }
    }

    #[test]
    fn band_boundaries_land_in_the_documented_band(g in 0i64..=10_000, y in 0i64..=10_000, below in 1i64..100) {
        let (green, yellow) = (Decimal::new(g.max(y), 4), Decimal::new(g.min(y), 4));
        let bands = Bands::new(green, yellow);
        prop_assert_eq!(bands.classify(green), Band::Green);
        let expected_yellow = if yellow == green { Band::Green } else { Band::Yellow };
        prop_assert_eq!(bands.classify(yellow), expected_yellow);
        let just_below = yellow - Decimal::new(below, 6);
        prop_assert_eq!(bands.classify(just_below), Band::Red);
        let exclusive = Bands { lower_bound: LowerBound::Exclusive, ..bands };
        prop_assert_ne!(exclusive.classify(green), Band::Green);
        prop_assert_eq!(exclusive.classify(yellow), Band::Red);
    }

    #[test]
    fn training_is_deterministic_byte_for_byte(
        opps in prop::collection::vec((any::<bool>(), 0u8..4, 0u8..3, prop::option::of(0u8..5)), 2..40),
        seed in any::<u64>(),
    ) {
        let mut records: Vec<Value> = opps
            .iter()
            .enumerate()
            .map(|(i, (won, a, b, c))| {
                let mut fields = json!({"source": format!("s{a}"), "size": b});
                if let Some(c) = c {
                    fields["region"] = json!(format!("r{c}"));
                }
                json!({"id": format!("O{i}"), "outcome": if *won { "won" } else { "lost" }, "fields": fields})
            })
            .collect();
        // Guarantee both classes.
        records.push(json!({"id": "W", "outcome": "won", "fields": {}}));
        records.push(json!({"id": "L", "outcome": "lost", "fields": {}}));
        let options = json!({"id": "m"});
        let once = serde_json::to_string(&train_win_model(&Value::Array(records.clone()), &options).unwrap().model).unwrap();
        let twice = serde_json::to_string(&train_win_model(&Value::Array(records.clone()), &options).unwrap().model).unwrap();
        shuffle(&mut records, seed);
        let shuffled = serde_json::to_string(&train_win_model(&Value::Array(records), &options).unwrap().model).unwrap();
        prop_assert_eq!(&once, &twice);
        prop_assert_eq!(&once, &shuffled);
        // The document loads back, and its probabilities stay within the clamp.
        let model = ScoreModel::load(&serde_json::from_str::<Value>(&once).unwrap()).unwrap();
        let batch = model.score_values(&[json!({"id": "x", "fields": {"source": "s1", "size": 2}})], ScoreOptions::default());
        let p = batch.results[0].ok().unwrap().score.unwrap();
        prop_assert!(p >= d("0.01") && p <= d("0.99"));
    }

    #[test]
    fn no_input_panics(model in any_json(), records in any_json(), kind in prop::sample::select(vec![
        "processHealth", "dataCredit", "customerHealth", "grading", "leadQuality", "creditRisk", "winProbability",
    ])) {
        let mut model = model;
        if let Value::Object(m) = &mut model {
            m.insert("model".into(), json!(kind));
            m.insert("schemaVersion".into(), json!(1));
            m.insert("id".into(), json!("x"));
        }
        let _ = call("scoring.score", &json!({"model": model, "records": records}));
        let _ = call("scoring.score", &json!({"model": {"model": kind, "schemaVersion": 1, "id": "x", "measures": [], "won": 1, "lost": 1, "fields": {}}, "records": [records.clone()]}));
        let _ = call("scoring.trainWinModel", &json!({"opportunities": [records.clone()], "options": {"id": "x"}}));
        let _ = call("scoring.prioritise", &json!({"request": {"opportunities": [records.clone()]}}));
        let _ = call("scoring.kpi", &json!({"request": {"forecastAccuracy": [records.clone()], "targetDeviation": [records.clone()], "decisionAcceleration": [records]}}));
    }

    #[test]
    fn default_models_never_panic_on_any_record(records in prop::collection::vec(any_json(), 0..4)) {
        for model in [phi_model(), health_model(), credit_model()] {
            let batch = model.score_values(&records, ScoreOptions { explain: true, components: true });
            prop_assert_eq!(batch.results.len(), records.len());
        }
    }
}

/// A deterministic Fisher–Yates shuffle from a seed (the tests, not the library, need it).
fn shuffle<T>(items: &mut [T], mut seed: u64) {
    for i in (1..items.len()).rev() {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let j = (seed >> 33) as usize % (i + 1);
        items.swap(i, j);
    }
}

/// Each record comes back once, scored or rejected with a code; an overflow is placed at the
/// record (never an empty path); a score stays within 0–`max`.
fn scored_or_coded(model: &Value, records: &[Value], max: Decimal) -> Result<usize, TestCaseError> {
    let input = json!({"model": model, "records": records});
    let out = match revlogic::wire::ops::call("scoring.score", &input) {
        Ok(out) => out,
        Err(e) => {
            prop_assert!(!e.problems.is_empty());
            return Ok(0);
        }
    };
    let mut scored = 0;
    let results = out["results"].as_array().cloned().unwrap_or_default();
    prop_assert_eq!(results.len(), records.len());
    for (i, r) in results.iter().enumerate() {
        match r["status"].as_str() {
            Some("ok") => {
                scored += 1;
                if let Some(s) = r["score"].as_str() {
                    let s = d(s);
                    prop_assert!(s >= Decimal::ZERO && s <= max, "{} out of 0–{}", s, max);
                }
            }
            Some("rejected") => {
                let path = r["error"]["path"].as_str().unwrap_or("");
                prop_assert!(!r["error"]["code"].as_str().unwrap_or("").is_empty());
                prop_assert!(path.starts_with(&format!("records[{i}]")), "path {}", path);
            }
            other => prop_assert!(false, "status {:?}", other),
        }
    }
    Ok(scored)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn full_range_credit_risk_scores_or_rejects(
        records in prop::collection::vec((full_decimal(), full_decimal(), full_decimal()), 0..4),
        ceiling in full_decimal(), target in full_decimal(),
    ) {
        let records: Vec<Value> = records.iter().enumerate().map(|(i, (on_time, complaints, purchases))| json!({
            "id": format!("D{i}"), "onTimePaymentRate": on_time.abs().min(Decimal::ONE).to_string(),
            "complaintRate": complaints.to_string(), "purchases": purchases.to_string()})).collect();
        let model = json!({"model": "creditRisk", "schemaVersion": 1, "id": "c",
            "complaintRateCeiling": ceiling.abs().min(Decimal::ONE).to_string(),
            "purchasesTarget": target.to_string()});
        scored_or_coded(&model, &records, Decimal::ONE_HUNDRED)?;
    }

    #[test]
    fn full_range_customer_health_scores_or_rejects(
        records in prop::collection::vec((full_decimal(), full_decimal(), full_decimal(), full_decimal()), 0..4),
        x in full_decimal(), y in full_decimal(),
    ) {
        let (lo, hi) = if x < y { (x, y) } else { (y, x) };
        if lo == hi { return Ok(()); }
        let model = json!({"model": "customerHealth", "schemaVersion": 1, "id": "h", "measures": [
            {"name": "a", "weight": "0.5", "breakpoints": [{"x": lo.to_string(), "score": "0"}, {"x": hi.to_string(), "score": "100"}]},
            {"name": "b", "weight": "0.5", "breakpoints": [{"x": "0", "score": "100"}, {"x": hi.abs().to_string(), "score": "0"}]}
        ]});
        let records: Vec<Value> = records.iter().enumerate().map(|(i, (a, b, prev, lat))| json!({
            "id": format!("C{i}"), "measures": {"a": a.to_string(), "b": b.to_string()},
            "previousScore": prev.abs().min(Decimal::ONE_HUNDRED).to_string(),
            "replyLatencyHours": [lat.to_string()]})).collect();
        scored_or_coded(&model, &records, Decimal::ONE_HUNDRED)?;
    }

    #[test]
    fn full_range_lead_quality_and_win_probability_score_or_reject(
        signals in prop::collection::vec((full_decimal(), full_decimal(), full_decimal()), 0..4),
        won in any::<u64>(), lost in any::<u64>(), a in any::<u64>(), b in any::<u64>(),
    ) {
        let records: Vec<Value> = signals.iter().enumerate().map(|(i, (x, y, z))| json!({
            "id": format!("L{i}"), "budgetMatch": x.to_string(), "decisionChain": y.to_string(),
            "competitorCoverage": z.to_string()})).collect();
        // Signals within 0–1 are scored: the model and batch themselves always load.
        let in_range = signals.iter().filter(|(x, y, z)| [x, y, z].iter().all(|v| **v >= Decimal::ZERO && **v <= Decimal::ONE)).count();
        let scored = scored_or_coded(&json!({"model": "leadQuality", "schemaVersion": 1, "id": "lq"}), &records, Decimal::ONE_HUNDRED)?;
        prop_assert_eq!(scored, in_range);
        let model = json!({"model": "winProbability", "schemaVersion": 1, "id": "w", "won": won, "lost": lost,
            "fields": {"source": {"web": {"won": a, "lost": b}, "ref": {"won": b, "lost": a}}}});
        let records = vec![json!({"id": "O1", "fields": {"source": "web"}}), json!({"id": "O2", "fields": {"source": "ref"}})];
        scored_or_coded(&model, &records, Decimal::ONE)?;
    }
}
