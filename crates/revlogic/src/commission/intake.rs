//! Taking a statement's deals in: each deal is checked, accepted or rejected, and credited to
//! its reps. A large batch is cut into contiguous runs taken in on separate cores; the runs'
//! outcomes are joined in deal order, so the statement is the same as from one pass.

use super::credit::RepCredits;
use super::deal_index::{DealIndex, DealSlot};
use super::plan::CommissionPlan;
use super::request::{DealRecord, StatementRequest};
use super::statement::{AcceptedDeal, NotCredited};
use super::DealEntry;
use crate::batch::Rejection;
use crate::error::{Error, ErrorCode, Problem};
use crate::fast_map::FastMap;
use crate::parallel;
use std::ops::Range;

/// What taking in the deals found, in deal order.
pub(super) struct Intake<'a> {
    pub rejected: Vec<Rejection>,
    pub not_credited: Vec<NotCredited>,
    /// The ids of each rep's rejected deals, by the rep's position in the request.
    pub rejected_by_rep: Vec<Vec<String>>,
    /// The accepted deals, kept only for detailed statements.
    pub accepted: Vec<AcceptedDeal<'a>>,
    /// Credits per rep, valued later in crediting order so that the running total never
    /// depends on the order the deals arrived in.
    pub credits: RepCredits<'a>,
}

/// One run's outcome; the rejected deals' reps are kept as pairs until the runs are joined.
struct Run<'a> {
    rejected: Vec<Rejection>,
    not_credited: Vec<NotCredited>,
    rejected_of_reps: Vec<(usize, String)>,
    accepted: Vec<AcceptedDeal<'a>>,
    credits: RepCredits<'a>,
}

impl Run<'_> {
    /// Rejects decoded deal `index` with `problem`, noting it under its rep when the rep is known.
    fn reject(&mut self, index: usize, id: &str, rep: Option<usize>, problem: Problem) {
        if let Some(r) = rep {
            self.rejected_of_reps.push((r, id.to_string()));
        }
        self.rejected.push(Rejection {
            index,
            id: Some(id.to_string()),
            error: problem,
        });
    }
}

impl CommissionPlan {
    /// Checks and credits every deal of the request, in `parts` runs (any number of parts
    /// gives the same intake). `keep_accepted` keeps the accepted deals for a detailed
    /// statement's lines.
    pub(super) fn take_in<'a>(
        &'a self,
        request: &'a StatementRequest,
        reps: &FastMap<&'a str, usize>,
        deal_index: &DealIndex<'a>,
        keep_accepted: bool,
        parts: usize,
    ) -> Result<Intake<'a>, Error> {
        let total = request.deals.len();
        let runs = parallel::map_parts(parallel::ranges(total, parts), |range| {
            // The first run's lists are sized for the whole batch, so the later runs' credits
            // are appended without copying the lists again.
            let sized_for = if range.start == 0 { total } else { range.len() };
            let credits = RepCredits::new(request.reps.len(), sized_for);
            self.take_in_run(request, reps, deal_index, range, keep_accepted, credits)
        });
        let mut intake = Intake {
            rejected: Vec::new(),
            not_credited: Vec::new(),
            rejected_by_rep: vec![Vec::new(); request.reps.len()],
            accepted: Vec::new(),
            credits: RepCredits::new(request.reps.len(), 0),
        };
        for (i, run) in runs.into_iter().enumerate() {
            // The first failing run failed at the first failing deal, as one pass would.
            let run = run?;
            if i == 0 {
                intake.rejected = run.rejected;
                intake.not_credited = run.not_credited;
                intake.accepted = run.accepted;
                intake.credits = run.credits;
            } else {
                intake.rejected.extend(run.rejected);
                intake.not_credited.extend(run.not_credited);
                let offset = intake.accepted.len() as u32;
                intake.credits.append(run.credits, offset);
                intake.accepted.extend(run.accepted);
            }
            for (rep, id) in run.rejected_of_reps {
                intake.rejected_by_rep[rep].push(id);
            }
        }
        Ok(intake)
    }

    fn take_in_run<'a>(
        &'a self,
        request: &'a StatementRequest,
        reps: &FastMap<&'a str, usize>,
        deal_index: &DealIndex<'a>,
        range: Range<usize>,
        keep_accepted: bool,
        credits: RepCredits<'a>,
    ) -> Result<Run<'a>, Error> {
        let mut run = Run {
            rejected: Vec::new(),
            not_credited: Vec::new(),
            rejected_of_reps: Vec::new(),
            accepted: Vec::with_capacity(if keep_accepted { range.len() } else { 0 }),
            credits,
        };
        for i in range {
            let record: &DealRecord = match &request.deals[i] {
                DealEntry::Decoded(record) => record,
                DealEntry::Rejected { id, rep, problem } => {
                    if let (Some(rep), Some(id)) = (rep, id) {
                        if let Some(&r) = reps.get(rep.as_str()) {
                            run.rejected_of_reps.push((r, id.clone()));
                        }
                    }
                    run.rejected.push(Rejection {
                        index: i,
                        id: id.clone(),
                        error: problem.clone().under(&format!("deals[{i}]")),
                    });
                    continue;
                }
            };
            let rep_index = reps.get(record.rep.as_str()).copied();
            // Every decoded deal's id is in the index; the fallback only keeps this total.
            let slot = deal_index.of_deal(i).unwrap_or(DealSlot {
                first: i,
                payments: &[],
            });
            match self.accept(request, record, i, rep_index, reps, slot.payments) {
                Ok(Some(found)) => {
                    let first = slot.first;
                    if first != i {
                        run.rejected.push(Rejection {
                            index: i,
                            id: Some(record.id.to_string()),
                            error: Problem::new(
                                ErrorCode::DuplicateId,
                                format!("deals[{i}].id"),
                                format!("deal `{}` is listed twice (deals[{first}])", record.id),
                            ),
                        });
                        continue;
                    }
                    let deal = found.into_deal(record);
                    match self.credit(&deal, run.accepted.len() as u32, reps, &mut run.credits) {
                        Ok(()) if keep_accepted => run.accepted.push(deal),
                        Ok(()) => {}
                        Err(problem) => run.reject(i, &record.id, rep_index, problem),
                    }
                }
                Ok(None) => {
                    let (date, reason) = self.why_not_credited(request, record, slot.payments);
                    run.not_credited.push(NotCredited {
                        deal: record.id.to_string(),
                        crediting_date: date,
                        reason,
                    });
                }
                Err(problem) => run.reject(i, &record.id, rep_index, problem),
            }
        }
        Ok(run)
    }
}

#[cfg(test)]
mod tests {
    use super::super::statement::Shape;
    use super::super::{StatementDetail, StatementRequest};
    use super::*;
    use serde_json::{json, Value};

    /// Every statement vector and a mixed batch of 2,000 deals give the same statement, lines
    /// and explanations included, in one run or cut into several.
    #[test]
    fn a_statement_is_the_same_in_any_number_of_runs() {
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/vectors/commission/statement"
        );
        let mut cases: Vec<(Value, Value)> = Vec::new();
        for entry in std::fs::read_dir(dir).expect("the statement vectors") {
            let text = std::fs::read_to_string(entry.expect("a vector").path()).unwrap();
            let vector: Value = serde_json::from_str(&text).unwrap();
            cases.push((
                vector["input"]["plan"].clone(),
                vector["input"]["request"].clone(),
            ));
        }
        assert!(cases.len() >= 60, "{} vectors", cases.len());
        let (plan, request) = mixed_batch(2_000);
        let mixed = CommissionPlan::load(&plan)
            .expect("the mixed plan loads")
            .statement(&serde_json::from_value(request.clone()).expect("the mixed request"))
            .expect("the mixed statement");
        let codes: std::collections::BTreeSet<String> = mixed
            .rejected
            .iter()
            .map(|r| format!("{:?}", r.error.code))
            .collect();
        let expected = [
            "DuplicateId",
            "NegativeAmount",
            "NoMatchingRule",
            "UnknownDeal",
            "UnknownRep",
        ];
        assert!(codes.iter().eq(expected.iter()), "{codes:?}");
        assert!(!mixed.not_credited.is_empty());
        assert!(mixed.reps.iter().all(|r| r.lines.len() > 100));
        assert!(mixed.reps.iter().any(|r| !r.clawbacks.is_empty()));
        cases.push((plan, request));
        let mut compared = 0;
        for (plan, request) in &cases {
            let (Ok(plan), Ok(request)) = (
                CommissionPlan::load(plan),
                serde_json::from_value::<StatementRequest>(request.clone()),
            ) else {
                continue;
            };
            for detail in [StatementDetail::Lines, StatementDetail::Totals] {
                let shape = Shape {
                    detail,
                    explain: true,
                };
                let whole = plan.statement_in_parts(&request, shape, 1);
                for parts in [2, 3, 4, 7] {
                    assert_eq!(plan.statement_in_parts(&request, shape, parts), whole);
                }
            }
            compared += 1;
        }
        assert!(compared >= 40, "only {compared} cases compared");
    }

    /// Deals of every kind, interleaved: split and overlaid, duplicated, with an unknown rep, a
    /// negative amount, no matching rule, credited outside the period; paid in part, in full,
    /// by a bounced payment, or not at all; one refunded.
    fn mixed_batch(n: usize) -> (Value, Value) {
        let plan = json!({
            "schemaVersion": 1, "id": "mixed",
            "versions": [{"id": "v1", "effectiveFrom": "2026-01-01", "release": "proportionalToCash",
                "rules": [
                    {"id": "device", "match": {"productLine": "device"}, "rate": "0.05"},
                    {"id": "device-a", "match": {"productLine": "device", "customerTier": "A"}, "rate": "0.07"},
                    {"id": "consumable", "match": {"productLine": "consumable"}, "rate": "0.03"}],
                "accelerator": {"measure": "attainment", "scope": "period", "tiers": {
                    "mode": "graduated", "boundary": "lowerInclusive", "bands": [
                        {"id": "base", "from": "0", "to": "1", "rate": "1"},
                        {"id": "over", "from": "1", "rate": "1.5"}]}}}]
        });
        let reps: Vec<Value> = (0..7)
            .map(|r| json!({"id": format!("rep{r}"), "quota": "2000000"}))
            .collect();
        let (mut deals, mut payments) = (Vec::new(), Vec::new());
        for i in 0..n {
            let id = if i % 13 == 12 {
                format!("D{}", i - 5)
            } else {
                format!("D{i}")
            };
            let rep = if i % 17 == 16 {
                "nobody".to_string()
            } else {
                format!("rep{}", i % 7)
            };
            let amount = if i % 19 == 18 {
                "-5".to_string()
            } else {
                format!("{}.{:02}", 1_000 + i * 37 % 9_000, i % 100)
            };
            let tier = ["A", "B"][i % 2];
            let line = ["device", "consumable", "service"][i % 3 % if i % 5 == 0 { 3 } else { 2 }];
            let mut deal = json!({
                "id": id, "rep": rep, "amount": amount, "signedDate": "2026-01-05",
                "closeDate": if i % 29 == 28 { "2026-04-02".to_string() } else { format!("2026-0{}-{:02}", 1 + i % 3, 1 + i % 28) },
                "fields": {"productLine": line, "customerTier": tier},
            });
            if i % 11 == 0 {
                deal["splits"] = json!([{"rep": format!("rep{}", (i + 1) % 7), "share": "0.6"}, {"rep": format!("rep{}", (i + 2) % 7), "share": "0.4"}]);
            }
            if i % 23 == 0 {
                deal["overlays"] = json!([{"rep": format!("rep{}", (i + 3) % 7), "share": "0.25"}]);
            }
            deals.push(deal);
            if i % 3 != 0 {
                let mut payment = json!({"id": format!("P{i}"), "deal": format!("D{i}"), "amount": if i % 2 == 0 { "500" } else { "100000" }, "date": "2026-02-01"});
                if i % 31 == 30 {
                    payment["bouncedOn"] = json!("2026-02-03");
                }
                payments.push(payment);
            }
        }
        let request = json!({
            "period": {"from": "2026-01-01", "to": "2026-03-31"}, "asOf": "2026-03-31",
            "reps": reps, "deals": deals, "payments": payments,
            "refunds": [{"id": "R1", "deal": "D4", "amount": "100", "date": "2026-03-01",
                "commissionPaid": [{"rep": "rep4", "amount": "50"}]}],
        });
        (plan, request)
    }
}
