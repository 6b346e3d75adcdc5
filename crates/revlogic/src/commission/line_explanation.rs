//! The explanation of a statement line: the steps that computed it (rate rule, activation
//! kicker, accelerator, renewal multiplier, release, rounding), each with its rule id, what it
//! checked and, where it helps, its inputs and output. Built only for detailed statements that
//! ask for explanations, after the line's figures are known.

use super::credit::Credit;
use super::document::ReleasePolicy;
use super::plan::CommissionPlan;
use super::request::RepRecord;
use super::statement::{AcceleratorOutcome, AcceptedDeal, TriggerState};
use crate::explain::{Explanation, Outcome, Tracer};
use rust_decimal::Decimal;
use serde_json::{json, Value};

/// The figures of one line that its explanation quotes.
pub(super) struct LineFigures {
    /// The rep's running total before and after the line, and the period total.
    pub running: (Decimal, Decimal, Decimal),
    pub accelerated: Decimal,
    pub multiplier: Decimal,
    /// Commission before rounding.
    pub exact: Decimal,
    pub earned: Decimal,
    pub payable: Decimal,
}

impl CommissionPlan {
    /// The explanation of one line: the steps that computed it, in the order of the module
    /// docs (`None` when the request asks for none).
    pub(super) fn explain_line(
        &self,
        explain: bool,
        rep: &RepRecord,
        deal: &AcceptedDeal,
        credit: &Credit,
        accelerator: &Option<AcceleratorOutcome>,
        figures: &LineFigures,
    ) -> Option<Explanation> {
        if !explain {
            return None;
        }
        let mut tracer = Tracer::new(true);
        let version = credit.version;
        let rule = version.rates.rule(credit.rule as usize);
        tracer.step_with(
            &rule.id,
            Outcome::Computed,
            || {
                format!(
                    "rate rule `{}` of version `{}` matched",
                    rule.id, version.id
                )
            },
            || {
                (
                    Some(Value::Object(deal.record.fields.to_map())),
                    Some(json!(rule.rate.to_string())),
                )
            },
        );
        if version.activation.is_some() {
            let outcome = if credit.kicker.is_some() {
                Outcome::Pass
            } else {
                Outcome::Skip
            };
            tracer.step(&self.names.activation, outcome, || {
                match (&credit.kicker, &deal.record.activation) {
                    (Some(k), _) => format!("new customer activated in time: +{k} on the rate"),
                    (None, Some(a)) => format!(
                        "activation {} on {} does not qualify (new customer: {})",
                        a.rate, a.date, deal.record.new_customer
                    ),
                    (None, None) => "no activation recorded".to_string(),
                }
            });
        }
        if let Some(outcome) = accelerator {
            let (start, end, period_total) = figures.running;
            tracer.step_with(
                &self.names.accelerator,
                Outcome::Computed,
                || {
                    let parts: Vec<String> = outcome
                        .slices
                        .iter()
                        .map(|s| format!("{} × {} (band `{}`)", s.base, s.rate.unwrap_or_default(), s.band))
                        .collect();
                    format!("accelerated amount = {} = {}", parts.join(" + "), outcome.accelerated)
                },
                || (Some(json!({"runningTotalBefore": start.to_string(), "runningTotalAfter": end.to_string(), "periodTotal": period_total.to_string()})), Some(json!(outcome.accelerated.to_string()))),
            );
        }
        let multiplier = figures.multiplier;
        if let Some(r) = &version.renewal {
            tracer.step(&self.names.renewal, Outcome::Computed, || {
                match rep.renewal_rate {
                    Some(rr) => format!(
                        "renewal rate {rr} against baseline {}: multiplier {multiplier}",
                        r.baseline
                    ),
                    None => "no renewal rate given for the rep: multiplier 1".to_string(),
                }
            });
        }
        let release = &deal.release;
        let release_rule = &self.names.release[match release.policy {
            ReleasePolicy::SignedAndFirstPayment => 0,
            ReleasePolicy::FullyPaid => 1,
            ReleasePolicy::ProportionalToCash => 2,
        }];
        let release_outcome = match release.state {
            TriggerState::Payable => Outcome::Pass,
            TriggerState::Partial => Outcome::Computed,
            TriggerState::Projected => Outcome::Fail,
        };
        tracer.step(release_rule, release_outcome, || {
            format!(
                "signed: {}, first payment: {}, collected {} of {}: {} of {} payable now",
                release.signed,
                release
                    .first_payment
                    .map_or("none".to_string(), |d| d.to_string()),
                release.collected,
                deal.record.amount,
                figures.payable,
                figures.earned
            )
        });
        let (accelerated, rate, exact) = (figures.accelerated, credit.rate, figures.exact);
        let earned = figures.earned;
        tracer.step(&self.names.rounding, Outcome::Computed, || {
            format!("{accelerated} × {rate} × {multiplier} = {exact}, rounded to {earned}")
        });
        tracer.finish()
    }
}
