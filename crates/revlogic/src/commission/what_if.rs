//! What-if (SPEC §4): the same inputs under two plans, the difference per rep and in total.
//!
//! Both statements are computed in full from the one request, so everything that decides a
//! figure — versions, rate rules, tiers, caps, releases, clawbacks — is each plan's own.

use super::request::{DateRange, StatementRequest};
use super::statement::{RepStatement, Shape, Statement};
use super::CommissionPlan;
use crate::batch::Rejection;
use crate::error::{Error, ErrorCode, ErrorKind, Problem};
use crate::money::Currency;
use crate::wire;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Serialize;

/// `baseline.whatIf(proposal, request)`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct WhatIf {
    pub baseline_plan: String,
    pub proposal_plan: String,
    pub period: DateRange,
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub as_of: NaiveDate,
    pub currency: Currency,
    /// One entry per requested rep, in request order.
    pub reps: Vec<WhatIfRep>,
    /// The sums over every rep.
    pub total: Comparison,
    /// Deals either plan could not use (a deal no rule of the proposal matches, say): such a
    /// deal is missing from that plan's figures, so the difference is not only the plans'.
    pub rejected: WhatIfRejections,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct WhatIfRep {
    pub rep: String,
    #[serde(flatten)]
    pub comparison: Comparison,
}

/// A rep's (or the team's) figures under each plan and `proposal − baseline`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Comparison {
    pub baseline: PlanFigures,
    pub proposal: PlanFigures,
    pub difference: PlanFigures,
}

/// The totals of a statement that a plan change moves.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PlanFigures {
    /// Credited toward quota (plans may credit on different dates).
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub credited: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub earned: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub payable_now: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub projected: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub clawed_back: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub excess_pool: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub settlement_due: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct WhatIfRejections {
    pub baseline: Vec<Rejection>,
    pub proposal: Vec<Rejection>,
}

impl PlanFigures {
    fn of(rep: &RepStatement) -> PlanFigures {
        let t = &rep.totals;
        PlanFigures {
            credited: rep.credited,
            earned: t.earned,
            payable_now: t.payable_now,
            projected: t.projected,
            clawed_back: t.clawed_back,
            excess_pool: rep.excess_pool,
            settlement_due: t.settlement_due,
        }
    }

    /// Applies `op` figure by figure; `None` when a figure overflows.
    fn zip(
        self,
        other: PlanFigures,
        op: impl Fn(Decimal, Decimal) -> Option<Decimal>,
    ) -> Option<PlanFigures> {
        Some(PlanFigures {
            credited: op(self.credited, other.credited)?,
            earned: op(self.earned, other.earned)?,
            payable_now: op(self.payable_now, other.payable_now)?,
            projected: op(self.projected, other.projected)?,
            clawed_back: op(self.clawed_back, other.clawed_back)?,
            excess_pool: op(self.excess_pool, other.excess_pool)?,
            settlement_due: op(self.settlement_due, other.settlement_due)?,
        })
    }
}

impl Comparison {
    /// The comparison of a rep's (or the team's) figures; `at` names the rep for an overflow.
    fn new(
        baseline: PlanFigures,
        proposal: PlanFigures,
        at: impl Fn() -> Error,
    ) -> Result<Comparison, Error> {
        let difference = proposal
            .zip(baseline, Decimal::checked_sub)
            .ok_or_else(at)?;
        Ok(Comparison {
            baseline,
            proposal,
            difference,
        })
    }
}

impl CommissionPlan {
    /// Computes the request's statement under this plan (the baseline) and under `proposal`,
    /// and compares them rep by rep. The plans must state amounts in the same currency.
    pub fn what_if(
        &self,
        proposal: &CommissionPlan,
        request: &StatementRequest,
    ) -> Result<WhatIf, Error> {
        if proposal.currency() != self.currency() {
            return Err(Error::single(
                ErrorKind::Config,
                Problem::new(
                    ErrorCode::CurrencyMismatch,
                    "proposal.currency",
                    format!(
                        "the proposal pays in {} and the baseline in {}: their figures cannot be compared",
                        proposal.currency(),
                        self.currency()
                    ),
                ),
            ));
        }
        let baseline_statement = self.statement_shaped(request, Shape::TOTALS)?;
        let proposal_statement = proposal.statement_shaped(request, Shape::TOTALS)?;
        compare(baseline_statement, proposal_statement)
    }
}

fn compare(baseline: Statement, proposal: Statement) -> Result<WhatIf, Error> {
    let mut reps = Vec::with_capacity(baseline.reps.len());
    let (mut sum_baseline, mut sum_proposal) = (PlanFigures::default(), PlanFigures::default());
    // Both statements list the request's reps in request order.
    // A rep's difference, or the team's sums, beyond the range fail the call naming the rep
    // whose figures did it; the team's difference is named by the last rep.
    for (r, (b, p)) in baseline.reps.iter().zip(&proposal.reps).enumerate() {
        let at = || overflow(r, &b.rep);
        let (fb, fp) = (PlanFigures::of(b), PlanFigures::of(p));
        sum_baseline = sum_baseline.zip(fb, Decimal::checked_add).ok_or_else(at)?;
        sum_proposal = sum_proposal.zip(fp, Decimal::checked_add).ok_or_else(at)?;
        reps.push(WhatIfRep {
            rep: b.rep.clone(),
            comparison: Comparison::new(fb, fp, at)?,
        });
    }
    let last = baseline.reps.len().saturating_sub(1);
    let last_id = baseline.reps.last().map_or("", |b| b.rep.as_str());
    let total = Comparison::new(sum_baseline, sum_proposal, || overflow(last, last_id))?;
    Ok(WhatIf {
        baseline_plan: baseline.plan_id,
        proposal_plan: proposal.plan_id,
        period: baseline.period,
        as_of: baseline.as_of,
        currency: baseline.currency,
        reps,
        total,
        rejected: WhatIfRejections {
            baseline: baseline.rejected,
            proposal: proposal.rejected,
        },
    })
}

fn overflow(r: usize, rep: &str) -> Error {
    super::statement::overflow_at(
        format!("reps[{r}]"),
        format!("the figures of rep `{rep}` compared under both plans left the decimal range"),
    )
}
