//! The commission statement (SPEC §4): per rep and period, one line per credited deal (or
//! split share) with its explanation, and the totals a rep's phone and finance's month-end
//! close both read.
//!
//! How a line is computed, in this order:
//! 1. The deal's **crediting date** (close, invoice or first payment, per the plan) must fall
//!    in the period and not after `asOf`; it picks the plan **version**.
//! 2. The version's most specific **rate rule** gives the base rate; no rule is an error
//!    naming the deal, never a zero.
//! 3. The **activation kicker** adds its rate for a new customer activated at or above the
//!    threshold within the window.
//! 4. The **accelerator** turns the credited amount into an accelerated base: with `period`
//!    scope the rep's deals are placed on the period's running total in crediting order
//!    (date, then deal id), graduated slices at each band's multiplier, or with `retroactive`
//!    tiers the whole amount at the multiplier of the band the period total reached.
//! 5. The **renewal multiplier** scales the result.
//! 6. The **release policy** decides which part is payable now; the rest is projected.
//! 7. **Rounding** happens once per line, to the currency's minor unit: `earned` and
//!    `payable` are rounded, `projected = earned − payable`, so lines add up exactly.
//!
//! Settlement is always entitlement to date minus what was already paid out, so running the
//! statement twice pays nothing twice.

use super::awards::{award_lines, AwardLine};
use super::clawback::{clawback_lines, ClawbackLine, DealFacts};
use super::credit::{crediting_order, Credit, CreditOrder, RepCredits};
use super::deal_index::DealIndex;
use super::document::{AcceleratorMeasure, AcceleratorScope, CreditingDate, ReleasePolicy};
use super::draw::{apply_draw, DrawLine, DrawTerms};
use super::exchange::{convert, Conversion};
use super::intake::Intake;
use super::line_explanation::LineFigures;
use super::plan::{CommissionPlan, PlanVersion};
use super::proration::prorated_quota;
use super::release::{first_payment, release_state};
use super::request::*;
use super::DealEntry;
use crate::batch::Rejection;
use crate::error::{Error, ErrorCode, ErrorKind, Problem, Problems};
use crate::explain::Explanation;
use crate::fast_map::FastMap;
use crate::money::{allocate, Money};
use crate::parallel;
use crate::tiers::{TierMode, TierSlice, TierTable};
use crate::wire;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Serialize;
use std::sync::Arc;

/// The statement for every requested rep.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Statement {
    pub plan_id: String,
    pub period: DateRange,
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub as_of: NaiveDate,
    pub currency: crate::money::Currency,
    /// Echoes the request: with `totals`, `lines` are left empty.
    pub detail: StatementDetail,
    pub reps: Vec<RepStatement>,
    /// Deals (and payments) that could not be used, each with its code, path and a message
    /// naming it.
    pub rejected: Vec<Rejection>,
    /// Valid deals not credited to this period (crediting date outside it, after `asOf`, or
    /// not reached yet), so nothing is silently left out.
    pub not_credited: Vec<NotCredited>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NotCredited {
    pub deal: String,
    #[serde(with = "wire::date_opt", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<wire::DateString>")]
    pub crediting_date: Option<NaiveDate>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RepStatement {
    pub rep: String,
    /// The quota the rep is measured against (prorated for a mid-period joiner).
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub quota: Decimal,
    /// How the quota was prorated, for a rep who joined during the period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proration: Option<super::Proration>,
    /// The amount credited toward quota in the period.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub credited: Decimal,
    /// credited ÷ quota, rounded half-up to 4 places for display (1.0800 is 108%).
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub attainment: Decimal,
    /// The renewal multiplier applied to every deal line.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub multiplier: Decimal,
    pub lines: Vec<StatementLine>,
    pub totals: Totals,
    /// Commission earned on the credited amount above 100% of quota (本月超额奖励池).
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub excess_pool: Decimal,
    /// Progress in the request's week (本周进度缺口), when the rep has a weekly target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub week: Option<WeekProgress>,
    /// Ids of this rep's deals that were rejected: the totals do not include them.
    pub rejected_deals: Vec<String>,
    /// Recognition awards in the period, in date order.
    pub awards: Vec<AwardLine>,
    /// Clawbacks dated in the period.
    pub clawbacks: Vec<ClawbackLine>,
    /// The draw line, for a rep with draw terms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub draw: Option<DrawLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Totals {
    /// Commission on every credited line, payable or not.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub earned: Decimal,
    /// The part released for payment (今日可兑现金额).
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub payable_now: Decimal,
    /// Earned but waiting for its release condition.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub projected: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub clawed_back: Decimal,
    /// Recognition awards, payable now.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub awards: Decimal,
    /// Commission withheld by caps (per deal and per period).
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub capped: Decimal,
    /// The rep's `carriedIn` paid this period (within the period cap).
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub carried_in: Decimal,
    /// Withheld by the period cap and carried to the next period (0 unless the plan
    /// carries forward).
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub carried_forward: Decimal,
    /// What was already paid out for this period.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub previously_settled: Decimal,
    /// Paid as the rep's draw (guarantee or advance) because commission payable was below it.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub draw: Decimal,
    /// Repaid to the recoverable draw balance from commission payable above the draw.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub draw_recovered: Decimal,
    /// payableNow + carriedIn + awards + draw − drawRecovered − clawedBack − previouslySettled:
    /// what this run settles; negative means the rep owes it (carried to the next settlement,
    /// never dropped).
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub settlement_due: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct WeekProgress {
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub target: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub credited: Decimal,
    /// target − credited, never below 0.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub gap: Decimal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum LineKind {
    /// A whole deal credited to its rep.
    Deal,
    /// One rep's share of a split deal.
    SplitShare,
    /// Overlay credit on top of the deal's 100%.
    Overlay,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct StatementLine {
    pub kind: LineKind,
    pub deal: String,
    pub version: Arc<str>,
    pub rule: Arc<str>,
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub crediting_date: NaiveDate,
    /// For a deal in another currency: its document amount and the rate that converted it
    /// (`amount` is in the plan currency).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversion: Option<Conversion>,
    /// The amount credited to this rep by this line.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub amount: Decimal,
    /// This rep's share of a split deal.
    #[serde(with = "wire::decimal_opt", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub share: Option<Decimal>,
    /// The rule's rate.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub base_rate: Decimal,
    /// The rate the activation kicker added, when it applied.
    #[serde(with = "wire::decimal_opt", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub kicker: Option<Decimal>,
    /// baseRate + kicker.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub rate: Decimal,
    /// The accelerator's slices of this line's amount, when the plan has accelerators.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accelerator: Option<AcceleratorOutcome>,
    /// The renewal multiplier.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub multiplier: Decimal,
    pub release: ReleaseState,
    /// What caps withheld from this line, when they did.
    #[serde(with = "wire::decimal_opt", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub capped: Option<Decimal>,
    /// accelerated base × rate × multiplier, after caps, rounded.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub earned: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub payable: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub projected: Decimal,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Explanation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AcceleratorOutcome {
    pub mode: TierMode,
    /// The band reached (by the running total, or by the period total when retroactive).
    pub reached: Arc<str>,
    /// The amount with each slice at its band's multiplier.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub accelerated: Decimal,
    pub slices: Vec<TierSlice>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum TriggerState {
    /// Released in full.
    Payable,
    /// Partly released (pay on collection).
    Partial,
    /// Nothing released yet.
    Projected,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReleaseState {
    pub policy: ReleasePolicy,
    pub state: TriggerState,
    pub signed: bool,
    /// The first payment that has arrived and not bounced by `asOf`.
    #[serde(with = "wire::date_opt", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<wire::DateString>")]
    pub first_payment: Option<NaiveDate>,
    /// Payments plus cash discounts received and not bounced by `asOf`.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub collected: Decimal,
}

/// What `accept` found out about a deal credited to the period.
pub(super) struct Accepted<'p> {
    /// The deal's position in the request.
    index: usize,
    /// The position of the deal's rep in the request.
    owner: usize,
    crediting_date: NaiveDate,
    version: &'p PlanVersion,
    rule: usize,
    release: ReleaseState,
    fraction: Decimal,
    /// The amount in the plan currency and how, for a deal in another currency.
    converted: Option<(Decimal, Conversion)>,
}

impl<'p> Accepted<'p> {
    /// The accepted deal, its amount in the plan currency.
    pub(super) fn into_deal(self, record: &'p DealRecord) -> AcceptedDeal<'p> {
        let (amount, conversion) = match self.converted {
            Some((amount, conversion)) => (amount, Some(conversion)),
            None => (record.amount, None),
        };
        AcceptedDeal {
            record,
            index: self.index,
            owner: self.owner,
            amount,
            conversion,
            crediting_date: self.crediting_date,
            version: self.version,
            rule: self.rule,
            release: self.release,
            fraction: self.fraction,
        }
    }
}

/// A deal that passed its checks, with what its lines need: kept only for detailed
/// statements, since totals are valued from the credits alone.
pub(super) struct AcceptedDeal<'p> {
    pub record: &'p DealRecord,
    /// The deal's position in the request, which problems name.
    pub index: usize,
    /// The position of the deal's rep in the request.
    pub owner: usize,
    /// The deal amount in the plan currency (the record's own unless converted).
    pub amount: Decimal,
    pub conversion: Option<Conversion>,
    pub crediting_date: NaiveDate,
    pub version: &'p PlanVersion,
    pub rule: usize,
    pub release: ReleaseState,
    /// Payable fraction of earned commission (0 to 1).
    pub fraction: Decimal,
}

/// What a rep's statement takes besides its deal lines.
struct RepExtras {
    /// What was paid out already, and the payout of the largest amount among them (the one
    /// an overflow of the settlement names).
    previously_settled: (Decimal, Option<usize>),
    rejected_deals: Vec<String>,
    awards: Vec<AwardLine>,
    clawbacks: Vec<ClawbackLine>,
}

/// How much of a statement to build.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shape {
    pub detail: StatementDetail,
    pub explain: bool,
}

impl Shape {
    fn of(request: &StatementRequest) -> Shape {
        Shape {
            detail: request.detail,
            explain: request.explain,
        }
    }

    /// Per-rep totals only, no explanations.
    pub const TOTALS: Shape = Shape {
        detail: StatementDetail::Totals,
        explain: false,
    };
}

impl CommissionPlan {
    /// Computes the statement for every rep of the request (see the module docs for the
    /// order of the steps). A bad deal is rejected on its own; a bad request as a whole
    /// (period, reps) is an input error.
    pub fn statement(&self, request: &StatementRequest) -> Result<Statement, Error> {
        self.statement_shaped(request, Shape::of(request))
    }

    /// The statement with its detail and explanations chosen by the caller rather than the
    /// request: the figures built on statements (what-if, efficiency, live figure) need only
    /// the totals, without copying the request to say so.
    pub(crate) fn statement_shaped(
        &self,
        request: &StatementRequest,
        shape: Shape,
    ) -> Result<Statement, Error> {
        self.statement_in_parts(request, shape, parallel::parts_for(request.deals.len()))
    }

    /// The statement with its deals taken in, and its reps valued, in up to `parts` runs
    /// on separate cores; the statement is the same for any number of parts.
    pub(super) fn statement_in_parts<'a>(
        &'a self,
        request: &'a StatementRequest,
        shape: Shape,
        parts: usize,
    ) -> Result<Statement, Error> {
        let reps = self.check_reps(request)?;
        let (deal_index, unknown_payments) = DealIndex::build(request, parts);

        // Only detailed statements read the accepted deals again (for their lines); totals are
        // computed from the credits alone.
        let detailed = shape.detail == StatementDetail::Lines;
        let Intake {
            mut rejected,
            not_credited,
            mut rejected_by_rep,
            accepted,
            mut credits,
        } = self.take_in(request, &reps, &deal_index, detailed, parts)?;
        // Only refunds read the deals' facts: without any, the map (one random access per deal
        // in a table as large as the batch) is not built.
        let mut facts: FastMap<&str, DealFacts> = FastMap::default();
        if !request.refunds.is_empty() {
            facts.reserve(request.deals.len());
            for record in request.deals.iter().filter_map(DealEntry::record) {
                facts.entry(record.id.as_str()).or_insert(DealFacts {
                    amount: record.amount,
                    close_date: record.close_date,
                });
            }
        }
        for i in unknown_payments {
            let p = &request.payments[i];
            rejected.push(Rejection {
                index: i,
                id: Some(p.id.to_string()),
                error: Problem::new(
                    ErrorCode::UnknownDeal,
                    format!("payments[{i}].deal"),
                    format!(
                        "payment `{}` names deal `{}`, which is not in the request",
                        p.id, p.deal
                    ),
                ),
            });
        }

        // A rep's payouts add up to one figure: its overflow fails the call, naming the payout.
        let mut prior: Vec<(Decimal, Option<usize>)> =
            vec![(Decimal::ZERO, None); request.reps.len()];
        for (i, payout) in request.prior_payouts.iter().enumerate() {
            match reps.get(payout.rep.as_str()) {
                Some(&r) => {
                    let (sum, largest) = prior[r];
                    let sum = sum.checked_add(payout.amount).ok_or_else(|| {
                        overflow_at(
                            format!("priorPayouts[{i}].amount"),
                            format!("the payouts to rep `{}` left the decimal range", payout.rep),
                        )
                    })?;
                    let larger = largest.is_none_or(|k: usize| {
                        payout.amount.abs() > request.prior_payouts[k].amount.abs()
                    });
                    prior[r] = (sum, if larger { Some(i) } else { largest });
                }
                None => {
                    return Err(Error::single(
                        ErrorKind::Input,
                        Problem::new(
                            ErrorCode::UnknownRep,
                            format!("priorPayouts[{i}].rep"),
                            format!("rep `{}` is not in the request's reps", payout.rep),
                        ),
                    ))
                }
            }
        }

        let mut awards = award_lines(self, request, &reps, &mut rejected)?;
        let mut clawbacks = clawback_lines(self, request, &reps, &facts, &mut rejected);
        // Reps are valued independently, so they are cut into runs of about equal credits,
        // valued on separate cores and joined in rep order.
        let mut inputs = Vec::with_capacity(request.reps.len());
        for (r, rep) in request.reps.iter().enumerate() {
            let extras = RepExtras {
                previously_settled: prior[r],
                rejected_deals: std::mem::take(&mut rejected_by_rep[r]),
                awards: std::mem::take(&mut awards[r]),
                clawbacks: std::mem::take(&mut clawbacks[r]),
            };
            inputs.push(((r, rep), credits.take(r), extras));
        }
        let weights: Vec<usize> = inputs.iter().map(|(_, c, _)| c.len()).collect();
        let mut runs = Vec::with_capacity(parts);
        for range in parallel::ranges_by_weight(&weights, parts)
            .into_iter()
            .rev()
        {
            runs.push(inputs.split_off(range.start));
        }
        runs.reverse();
        let valued = parallel::map_parts(runs, |run| {
            let mut order = Vec::new();
            run.into_iter()
                .map(|(rep, rep_credits, extras)| {
                    crediting_order(&rep_credits, &mut order);
                    self.rep_statement(
                        request,
                        shape,
                        rep,
                        &accepted,
                        (&rep_credits, &order),
                        extras,
                    )
                })
                .collect::<Result<Vec<_>, Error>>()
        });
        let mut statements = Vec::with_capacity(request.reps.len());
        for run in valued {
            statements.extend(run?);
        }

        Ok(Statement {
            plan_id: self.id.clone(),
            period: request.period,
            as_of: request.as_of,
            currency: self.currency,
            detail: shape.detail,
            reps: statements,
            rejected,
            not_credited,
        })
    }

    /// Credits an accepted deal to its owner, or to its split reps by share, and to its
    /// overlay reps on top. `position` is where the deal is (or would be) kept among the
    /// accepted deals.
    ///
    /// A deal whose credits cannot be computed (a split share no decimal holds) is rejected
    /// on its own, like any bad deal: the problem names the deal's field, and nothing of the
    /// deal is credited.
    pub(super) fn credit<'a>(
        &self,
        deal: &AcceptedDeal<'a>,
        position: u32,
        reps: &FastMap<&str, usize>,
        credits: &mut RepCredits<'a>,
    ) -> Result<(), Problem> {
        let version = deal.version;
        let path = |field: &str| format!("deals[{}].{field}", deal.index);
        let too_large = |field: &str, what: &str| {
            Problem::new(
                ErrorCode::Overflow,
                path(field),
                format!("deal `{}`: {what} left the decimal range", deal.record.id),
            )
        };
        let kicker = activation_kicker(version, deal.record);
        let rate = version
            .rates
            .rule(deal.rule)
            .rate
            .checked_add(kicker.unwrap_or_default())
            .ok_or_else(|| too_large("activation", "the rate with the activation kicker"))?;
        let credit = |amount, share, overlay| Credit {
            crediting_date: deal.crediting_date,
            id: deal.record.id.as_str(),
            index: deal.index as u32,
            deal: position,
            amount,
            share,
            overlay,
            version,
            rule: deal.rule as u32,
            kicker,
            rate,
            fraction: deal.fraction,
        };
        // Every credit is computed before any is pushed, so a rejected deal leaves none.
        let mut computed: Vec<(usize, Credit<'a>)> = Vec::new();
        match &deal.record.splits {
            None => computed.push((deal.owner, credit(deal.amount, None, false))),
            Some(splits) => {
                let shares: Vec<Decimal> = splits.iter().map(|s| s.share).collect();
                let parts = allocate(Money::new(deal.amount, self.currency), &shares)
                    .map_err(|_| too_large("amount", "a split share of the amount"))?;
                for (split, part) in splits.iter().zip(parts) {
                    let r = reps[split.rep.as_str()];
                    computed.push((r, credit(part.amount, Some(split.share), false)));
                }
            }
        }
        for (i, overlay) in deal.record.overlays.iter().flatten().enumerate() {
            // A share is at most 1 (checked on accept), so this stays within the amount.
            let exact = deal
                .amount
                .checked_mul(overlay.share)
                .ok_or_else(|| too_large(&format!("overlays[{i}].share"), "the overlay credit"))?;
            let mut amount = self.rounding.round(exact, self.currency.minor_units());
            amount.rescale(self.currency.minor_units());
            let r = reps[overlay.rep.as_str()];
            computed.push((r, credit(amount, Some(overlay.share), true)));
        }
        for (r, c) in computed {
            credits.push(r, c);
        }
        Ok(())
    }

    fn check_reps<'r>(
        &self,
        request: &'r StatementRequest,
    ) -> Result<FastMap<&'r str, usize>, Error> {
        let mut problems = Problems::new();
        if request.period.to < request.period.from {
            problems.push(
                ErrorCode::InvalidValue,
                "period.to",
                "the period ends before it starts",
            );
        }
        if request.week.as_ref().is_some_and(|w| w.to < w.from) {
            problems.push(
                ErrorCode::InvalidValue,
                "week.to",
                "the week ends before it starts",
            );
        }
        let mut reps = FastMap::with_capacity_and_hasher(request.reps.len(), Default::default());
        for (i, rep) in request.reps.iter().enumerate() {
            if reps.insert(rep.id.as_str(), i).is_some() {
                problems.push(
                    ErrorCode::DuplicateId,
                    format!("reps[{i}].id"),
                    format!("rep `{}` is listed twice", rep.id),
                );
            }
            if rep.quota <= Decimal::ZERO {
                problems.push(
                    ErrorCode::OutOfRange,
                    format!("reps[{i}].quota"),
                    format!("rep `{}` needs a quota above 0", rep.id),
                );
            }
            if let Some(draw) = &rep.draw {
                for (value, field) in [(Some(draw.amount), "amount"), (draw.balance, "balance")] {
                    if value.is_some_and(|v| v.is_sign_negative() && !v.is_zero()) {
                        problems.push(
                            ErrorCode::NegativeAmount,
                            format!("reps[{i}].draw.{field}"),
                            format!("rep `{}` has a negative draw {field}", rep.id),
                        );
                    }
                }
            }
            if rep.quota > Decimal::ZERO && rep.start_date.is_some() {
                let minor = self.currency.minor_units();
                let prorated = prorated_quota(rep, &request.period, self.quota_proration, minor);
                if prorated.is_some_and(|(quota, _)| quota <= Decimal::ZERO) {
                    problems.push(
                        ErrorCode::OutOfRange,
                        format!("reps[{i}].startDate"),
                        format!(
                            "rep `{}` starts too late in the period to have a quota ({:?} proration)",
                            rep.id, self.quota_proration
                        ),
                    );
                }
            }
        }
        for (i, r) in request.exchange_rates.iter().enumerate() {
            if r.rate <= Decimal::ZERO {
                problems.push(
                    ErrorCode::OutOfRange,
                    format!("exchangeRates[{i}].rate"),
                    format!("the {} rate of {} must be above 0", r.currency, r.date),
                );
            }
            if r.currency == self.currency {
                problems.push(
                    ErrorCode::InvalidValue,
                    format!("exchangeRates[{i}].currency"),
                    format!("{} is the plan's own currency", r.currency),
                );
            }
        }
        for (i, p) in request.payments.iter().enumerate() {
            if p.amount.is_sign_negative() && !p.amount.is_zero() {
                problems.push(
                    ErrorCode::NegativeAmount,
                    format!("payments[{i}].amount"),
                    format!("payment `{}` has a negative amount", p.id),
                );
            }
        }
        problems.into_result(ErrorKind::Input, reps)
    }

    fn crediting_date(
        &self,
        record: &DealRecord,
        as_of: NaiveDate,
        payments: &[&PaymentRecord],
    ) -> Option<NaiveDate> {
        match self.crediting_date {
            CreditingDate::Close => Some(record.close_date),
            CreditingDate::Invoice => record.invoice_date,
            CreditingDate::Payment => first_payment(payments, as_of),
        }
    }

    pub(super) fn why_not_credited(
        &self,
        request: &StatementRequest,
        record: &DealRecord,
        payments: &[&PaymentRecord],
    ) -> (Option<NaiveDate>, String) {
        match self.crediting_date(record, request.as_of, payments) {
            None => (
                None,
                format!(
                    "deal `{}` has no {} date yet",
                    record.id,
                    match self.crediting_date {
                        CreditingDate::Close => "close",
                        CreditingDate::Invoice => "invoice",
                        CreditingDate::Payment => "payment",
                    }
                ),
            ),
            Some(d) if d > request.as_of => (
                Some(d),
                format!("deal `{}` is credited on {d}, after asOf", record.id),
            ),
            Some(d) => (
                Some(d),
                format!(
                    "deal `{}` is credited on {d}, outside the period",
                    record.id
                ),
            ),
        }
    }

    /// Checks one deal; `Ok(None)` when it is valid but not credited to this period.
    #[allow(clippy::type_complexity)]
    pub(super) fn accept<'p>(
        &'p self,
        request: &StatementRequest,
        record: &DealRecord,
        index: usize,
        owner: Option<usize>,
        reps: &FastMap<&str, usize>,
        payments: &[&PaymentRecord],
    ) -> Result<Option<Accepted<'p>>, Problem> {
        let Some(owner) = owner else {
            return Err(Problem::new(
                ErrorCode::UnknownRep,
                format!("deals[{index}].rep"),
                format!(
                    "deal `{}` names rep `{}`, who is not in the request's reps",
                    record.id, record.rep
                ),
            ));
        };
        if record.amount.is_sign_negative() && !record.amount.is_zero() {
            return Err(Problem::new(
                ErrorCode::NegativeAmount,
                format!("deals[{index}].amount"),
                format!(
                    "deal `{}` has a negative amount {}",
                    record.id, record.amount
                ),
            ));
        }
        let converted = match record.currency {
            Some(currency) if currency != self.currency => Some(convert(
                record,
                currency,
                self.exchange_rate_date,
                first_payment(payments, request.as_of),
                &request.exchange_rates,
                (self.rounding, self.currency.minor_units()),
                index,
            )?),
            _ => None,
        };
        if let Some(splits) = &record.splits {
            check_splits(record, splits, &format!("deals[{index}]"), reps)?;
        }
        if let Some(overlays) = &record.overlays {
            check_overlays(record, overlays, &format!("deals[{index}]"), reps)?;
        }
        let Some(date) = self.crediting_date(record, request.as_of, payments) else {
            return Ok(None);
        };
        if !request.period.contains(date) || date > request.as_of {
            return Ok(None);
        }
        let Some(version) = self.version_on(date) else {
            return Err(Problem::new(
                ErrorCode::NoPlanVersion,
                format!("deals[{index}]"),
                format!(
                    "deal `{}` is credited on {date}, before the plan's first version takes effect",
                    record.id
                ),
            ));
        };
        let fields = &record.fields;
        let Some(rule) = version.rates.find_index(fields) else {
            return Err(Problem::new(
                ErrorCode::NoMatchingRule,
                format!("deals[{index}].fields"),
                format!(
                    "deal `{}` ({}) matches no rate rule of plan version `{}`",
                    record.id,
                    describe_fields(fields),
                    version.id
                ),
            ));
        };
        let (release, fraction) = release_state(
            version.release,
            (record, index),
            (payments, &request.payments),
            request.as_of,
        )?;
        Ok(Some(Accepted {
            index,
            owner,
            crediting_date: date,
            version,
            rule,
            release,
            fraction,
            converted,
        }))
    }

    fn rep_statement(
        &self,
        request: &StatementRequest,
        shape: Shape,
        (r, rep): (usize, &RepRecord),
        deals: &[AcceptedDeal],
        (credits, order): (&[Credit], &[CreditOrder]),
        extras: RepExtras,
    ) -> Result<RepStatement, Error> {
        let RepExtras {
            previously_settled,
            rejected_deals,
            awards,
            clawbacks,
        } = extras;
        let at_rep = |field: &str, what: &str| rep_overflow(r, rep, field, what);
        let at_deal = |credit: &Credit, what: &str| deal_overflow(credit, rep, what);
        let (quota, proration) = prorated_quota(
            rep,
            &request.period,
            self.quota_proration,
            self.currency.minor_units(),
        )
        .ok_or_else(|| at_rep("quota", "the prorated quota"))?;
        // The period cap and carry-forward are those of the version in effect at the end of
        // the period (or at `asOf` when earlier); per-deal caps are each line's version's.
        let closing = self.version_on(request.period.to.min(request.as_of));
        let period_cap = closing.and_then(|v| v.caps.per_period);
        let carry_forward = closing.is_some_and(|v| v.caps.carry_forward);
        let carried_in = rep.carried_in.unwrap_or_default();
        let carried_in_paid = period_cap.map_or(carried_in, |cap| carried_in.min(cap));
        let mut cap_used = carried_in_paid;
        let mut withheld_by_period_cap = carried_in
            .checked_sub(carried_in_paid)
            .ok_or_else(|| at_rep("carriedIn", "the carried-in amount above the cap"))?;
        let mut withheld_total = withheld_by_period_cap;
        let mut period_total = Decimal::ZERO;
        for c in credits {
            period_total = period_total
                .checked_add(c.amount)
                .ok_or_else(|| at_deal(c, "the period's credited total"))?;
        }
        let minor = self.currency.minor_units();
        let round = |x: Decimal| {
            let mut r = self.rounding.round(x, minor);
            r.rescale(minor);
            r
        };

        let detailed = shape.detail == StatementDetail::Lines;
        let mut lines = Vec::with_capacity(if detailed { credits.len() } else { 0 });
        let mut running = Decimal::ZERO;
        let (mut earned, mut payable, mut excess) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
        let mut week_credited = Decimal::ZERO;
        let mut rep_multiplier = Decimal::ONE;
        let mut scaled: Vec<(&PlanVersion, TierTable)> = Vec::new();
        for credit in order.iter().map(|o| &credits[o.at as usize]) {
            // Every figure of the line comes from the deal's amount: an overflow names it.
            let fail = |what: &str| at_deal(credit, what);
            let tier_fail = |_: Problem| fail("the accelerated amount");
            let version = credit.version;
            let rate = credit.rate;
            let start = running;
            let end = running
                .checked_add(credit.amount)
                .ok_or_else(|| fail("the running total"))?;
            running = end;
            let above =
                || above_quota(start, end, quota).ok_or_else(|| fail("the part above quota"));
            let (accelerated, accelerator, above_value) = match &version.accelerator {
                None => (credit.amount, None, above()?),
                Some(acc) => {
                    // Attainment bounds become amounts once per rep and version, not per line.
                    let cached = scaled.iter().position(|(v, _)| std::ptr::eq(*v, version));
                    let index = match cached {
                        Some(i) => i,
                        None => {
                            let table = match acc.measure {
                                AcceleratorMeasure::Attainment => {
                                    acc.tiers.scaled(quota).map_err(|_| {
                                        at_rep("quota", "the accelerator's tier bounds")
                                    })?
                                }
                                AcceleratorMeasure::Amount => acc.tiers.clone(),
                            };
                            scaled.push((version, table));
                            scaled.len() - 1
                        }
                    };
                    let table: &TierTable = &scaled[index].1;
                    // Slices are built only for lines that are shown; totals need the amount.
                    let (amount, outcome, above_value) = match (acc.scope, table.mode) {
                        (AcceleratorScope::Period, TierMode::Retroactive) => {
                            let band = table.reached(period_total);
                            let value = credit
                                .amount
                                .checked_mul(band.value)
                                .ok_or_else(|| fail("the accelerated amount"))?;
                            let above = above()?
                                .checked_mul(band.value)
                                .ok_or_else(|| fail("the accelerated part above quota"))?;
                            let outcome = detailed.then(|| crate::tiers::TierOutcome {
                                amount: value,
                                reached: band.id.clone(),
                                slices: vec![TierSlice {
                                    band: band.id.clone(),
                                    base: credit.amount,
                                    rate: Some(band.value),
                                    amount: value,
                                }],
                            });
                            (value, outcome, above)
                        }
                        (AcceleratorScope::Period, _) => {
                            let (amount, outcome) = if detailed {
                                let outcome =
                                    table.graduated_span(start, end).map_err(tier_fail)?;
                                (outcome.amount, Some(outcome))
                            } else {
                                (table.graduated_amount(start, end).map_err(tier_fail)?, None)
                            };
                            let above = if end <= quota {
                                Decimal::ZERO
                            } else {
                                table
                                    .graduated_amount(start.max(quota), end)
                                    .map_err(tier_fail)?
                            };
                            (amount, outcome, above)
                        }
                        (AcceleratorScope::Deal, _) => {
                            let outcome = table.evaluate(credit.amount).map_err(tier_fail)?;
                            // Deal-scoped tiers say nothing about the period: the part above
                            // quota is valued at the deal's average multiplier.
                            let above = if credit.amount.is_zero() {
                                Decimal::ZERO
                            } else {
                                above()?
                                    .checked_mul(outcome.amount)
                                    .and_then(|x| x.checked_div(credit.amount))
                                    .ok_or_else(|| fail("the accelerated part above quota"))?
                            };
                            (outcome.amount, detailed.then_some(outcome), above)
                        }
                    };
                    let accelerator = outcome.map(|outcome| AcceleratorOutcome {
                        mode: table.mode,
                        reached: outcome.reached,
                        accelerated: outcome.amount,
                        slices: outcome.slices,
                    });
                    (amount, accelerator, above_value)
                }
            };

            let multiplier = renewal_multiplier(version, rep)
                .ok_or_else(|| at_rep("renewalRate", "the renewal multiplier"))?;
            rep_multiplier = multiplier;

            // Multiplying by 1 (no renewal bonus, a deal released in full) and by 0, and the
            // cap bookkeeping of a plan without caps, are skipped: they change nothing, and
            // every decimal operation counts in a batch of a million deals.
            let uncapped = times(accelerated, rate)
                .and_then(|x| times(x, multiplier))
                .ok_or_else(|| fail("the line's commission"))?;
            let mut exact = uncapped;
            if version.caps.per_deal.is_some() || period_cap.is_some() {
                if let Some(cap) = version.caps.per_deal {
                    // A share is at most 1, so the deal's cap for it never overflows.
                    let share_cap = times(cap, credit.share.unwrap_or(Decimal::ONE))
                        .ok_or_else(|| fail("the per-deal cap"))?;
                    exact = exact.min(share_cap);
                }
                let after_deal_cap = exact;
                if let Some(cap) = period_cap {
                    // Only a negative carried-in amount can take the cap's room out of range.
                    let room = cap
                        .checked_sub(cap_used)
                        .ok_or_else(|| at_rep("carriedIn", "the room left under the period cap"))?;
                    exact = exact.min(room.max(Decimal::ZERO));
                }
                cap_used = cap_used
                    .checked_add(exact)
                    .ok_or_else(|| fail("the commission counted against the period cap"))?;
                withheld_by_period_cap = after_deal_cap
                    .checked_sub(exact)
                    .and_then(|x| withheld_by_period_cap.checked_add(x))
                    .ok_or_else(|| fail("the commission withheld by the period cap"))?;
                withheld_total = uncapped
                    .checked_sub(exact)
                    .and_then(|x| withheld_total.checked_add(x))
                    .ok_or_else(|| fail("the commission withheld by caps"))?;
            }
            let line_capped = if exact < uncapped {
                // Both are commission of the one line, of the same sign: the difference is
                // within the range.
                let withheld = uncapped
                    .checked_sub(exact)
                    .ok_or_else(|| fail("the commission withheld by caps"))?;
                Some(round(withheld))
            } else {
                None
            };
            let line_earned = round(exact);
            let line_payable = if credit.fraction == Decimal::ONE {
                line_earned
            } else {
                round(times(exact, credit.fraction).ok_or_else(|| fail("the payable part"))?)
            };
            let line_projected = line_earned
                .checked_sub(line_payable)
                .ok_or_else(|| fail("the projected part"))?;
            if !above_value.is_zero() {
                let line_excess = times(above_value, rate)
                    .and_then(|x| times(x, multiplier))
                    .ok_or_else(|| fail("the commission above quota"))?;
                excess = excess
                    .checked_add(line_excess)
                    .ok_or_else(|| fail("the excess pool"))?;
            }
            earned = earned
                .checked_add(line_earned)
                .ok_or_else(|| fail("the earned total"))?;
            payable = payable
                .checked_add(line_payable)
                .ok_or_else(|| fail("the payable total"))?;
            if let Some(week) = &request.week {
                if week.contains(credit.crediting_date) {
                    week_credited = week_credited
                        .checked_add(credit.amount)
                        .ok_or_else(|| fail("the week's credited total"))?;
                }
            }

            if detailed {
                let deal = &deals[credit.deal as usize];
                let rule = version.rates.rule(credit.rule as usize);
                let figures = LineFigures {
                    running: (start, end, period_total),
                    accelerated,
                    multiplier,
                    exact,
                    earned: line_earned,
                    payable: line_payable,
                };
                let explanation =
                    self.explain_line(shape.explain, rep, deal, credit, &accelerator, &figures);
                lines.push(StatementLine {
                    kind: match (credit.overlay, credit.share) {
                        (true, _) => LineKind::Overlay,
                        (false, Some(_)) => LineKind::SplitShare,
                        (false, None) => LineKind::Deal,
                    },
                    deal: deal.record.id.to_string(),
                    conversion: deal.conversion.clone(),
                    version: version.id.clone(),
                    rule: rule.id.clone(),
                    crediting_date: deal.crediting_date,
                    amount: at_scale(credit.amount, minor),
                    share: credit.share.map(|s| s.normalize()),
                    base_rate: rule.rate.normalize(),
                    kicker: credit.kicker.map(|k| k.normalize()),
                    rate: rate.normalize(),
                    accelerator: accelerator.map(normalized),
                    multiplier: multiplier.normalize(),
                    release: ReleaseState {
                        collected: at_scale(deal.release.collected, minor),
                        ..deal.release.clone()
                    },
                    capped: line_capped,
                    earned: line_earned,
                    payable: line_payable,
                    projected: line_projected,
                    explanation,
                });
            }
        }
        if credits.is_empty() {
            if let Some(v) = self.version_on(request.period.to.min(request.as_of)) {
                rep_multiplier = renewal_multiplier(v, rep)
                    .ok_or_else(|| at_rep("renewalRate", "the renewal multiplier"))?;
            }
        }

        let mut clawed_back = Decimal::ZERO;
        for c in &clawbacks {
            clawed_back = clawed_back
                .checked_add(c.amount)
                .ok_or_else(|| refund_overflow(request, c, rep))?;
        }
        let mut awarded = Decimal::ZERO;
        for a in &awards {
            awarded = awarded
                .checked_add(a.amount)
                .ok_or_else(|| award_overflow(request, a, rep))?;
        }
        let fix = |x: Decimal| {
            let mut x = x;
            x.rescale(minor);
            x
        };
        let draw: Option<DrawLine> = match &rep.draw {
            None => None,
            Some(terms) => {
                let scaled = DrawTerms {
                    amount: at_scale(terms.amount, minor),
                    balance: terms.balance.map(|b| at_scale(b, minor)),
                    ..terms.clone()
                };
                let line = apply_draw(&scaled, fix(payable), request.period.to, minor)
                    .map_err(|field| at_rep(field, "the draw"))?;
                Some(line)
            }
        };
        let (draw_paid, draw_recovered) = draw
            .as_ref()
            .map_or((Decimal::ZERO, Decimal::ZERO), |d| (d.paid, d.recovered));
        // Settlement is the sum of its terms, each overflow named by the term's source.
        let prior_at = |what: &str| match previously_settled.1 {
            Some(k) => overflow_at(
                format!("priorPayouts[{k}].amount"),
                format!("rep `{}`: {what} left the decimal range", rep.id),
            ),
            None => at_rep("id", what),
        };
        let settlement_due = payable
            .checked_add(carried_in_paid)
            .ok_or_else(|| at_rep("carriedIn", "the settlement due"))?
            .checked_add(awarded)
            .ok_or_else(|| match awards.first() {
                Some(a) => award_overflow(request, a, rep),
                None => at_rep("id", "the settlement due"),
            })?
            .checked_add(draw_paid)
            .ok_or_else(|| at_rep("draw.amount", "the settlement due"))?
            .checked_sub(draw_recovered)
            .ok_or_else(|| at_rep("draw.balance", "the settlement due"))?
            .checked_sub(clawed_back)
            .ok_or_else(|| match clawbacks.first() {
                Some(c) => refund_overflow(request, c, rep),
                None => at_rep("id", "the settlement due"),
            })?
            .checked_sub(previously_settled.0)
            .ok_or_else(|| prior_at("the settlement due"))?;
        let settlement_due = fix(settlement_due);
        let week = match (&request.week, rep.weekly_target) {
            (Some(_), Some(target)) => {
                let gap = target
                    .checked_sub(week_credited)
                    .ok_or_else(|| at_rep("weeklyTarget", "the gap to the weekly target"))?;
                Some(WeekProgress {
                    target: at_scale(target, minor),
                    credited: at_scale(week_credited, minor),
                    gap: at_scale(gap.max(Decimal::ZERO), minor),
                })
            }
            _ => None,
        };
        let attainment = crate::money::RoundingMode::HalfUp.round(
            period_total
                .checked_div(quota)
                .ok_or_else(|| at_rep("quota", "the attainment"))?,
            4,
        );
        let mut attainment = attainment;
        attainment.rescale(4);
        // Lines add up: payable is part of earned line by line, so the difference is in range.
        let projected = earned
            .checked_sub(payable)
            .ok_or_else(|| at_rep("id", "the projected total"))?;
        Ok(RepStatement {
            rep: rep.id.clone(),
            quota: at_scale(quota, minor),
            proration,
            credited: at_scale(period_total, minor),
            attainment,
            multiplier: rep_multiplier.normalize(),
            lines,
            totals: Totals {
                earned: fix(earned),
                payable_now: fix(payable),
                projected: fix(projected),
                clawed_back: fix(clawed_back),
                awards: fix(awarded),
                capped: round(withheld_total),
                carried_in: fix(carried_in_paid),
                carried_forward: if carry_forward {
                    round(withheld_by_period_cap)
                } else {
                    fix(Decimal::ZERO)
                },
                previously_settled: fix(previously_settled.0),
                draw: fix(draw_paid),
                draw_recovered: fix(draw_recovered),
                settlement_due,
            },
            draw,
            awards,
            clawbacks,
            excess_pool: round(excess),
            week,
            rejected_deals,
        })
    }
}

/// Money echoed from inputs at the currency's minor unit (`80000` → `80000.00`); never
/// rounds, since inputs with more places are kept as they are.
pub(super) fn at_scale(x: Decimal, minor: u32) -> Decimal {
    let mut x = x;
    if x.scale() < minor {
        x.rescale(minor);
    }
    x
}

/// Exact intermediate figures (slices, rates) print without trailing zeros, so `1.0 × 50000`
/// reads `50000`, whatever scales the plan and the deals were written with.
fn normalized(mut outcome: AcceleratorOutcome) -> AcceleratorOutcome {
    outcome.accelerated = outcome.accelerated.normalize();
    for s in &mut outcome.slices {
        s.base = s.base.normalize();
        s.rate = s.rate.map(|r| r.normalize());
        s.amount = s.amount.normalize();
    }
    outcome
}

/// The part of the running-total span `[start, end]` above `quota`; `None` only if a bound
/// were negative (both ends are at least the quota, so the width is within the range).
fn above_quota(start: Decimal, end: Decimal, quota: Decimal) -> Option<Decimal> {
    end.max(quota).checked_sub(start.max(quota))
}

fn activation_kicker(version: &PlanVersion, record: &DealRecord) -> Option<Decimal> {
    let k = version.activation.as_ref()?;
    let a = record.activation.as_ref()?;
    let days = a.date.signed_duration_since(record.close_date).num_days();
    (record.new_customer && a.rate >= k.threshold && (0..=i64::from(k.within_days)).contains(&days))
        .then_some(k.add_rate)
}

/// The rep's renewal multiplier: 1 plus one step increase per full step above the baseline,
/// at most the cap. `None` when the steps themselves leave the decimal range (a renewal rate
/// far beyond any real one): the caller names the rep's `renewalRate`.
fn renewal_multiplier(version: &PlanVersion, rep: &RepRecord) -> Option<Decimal> {
    let (Some(r), Some(rate)) = (&version.renewal, rep.renewal_rate) else {
        return Some(Decimal::ONE);
    };
    if rate <= r.baseline {
        return Some(Decimal::ONE);
    }
    let steps = rate
        .checked_sub(r.baseline)?
        .checked_div(r.step_size)?
        .floor();
    // Steps and increase are positive here: a product or sum beyond the range is above any
    // cap (a decimal itself), so the multiplier is exactly the cap, not a clamped guess.
    Some(
        steps
            .checked_mul(r.step_increase)
            .and_then(|x| x.checked_add(Decimal::ONE))
            .map_or(r.cap, |m| m.min(r.cap)),
    )
}

/// Overlay reps are known, each named once, not already credited by the deal's owner or
/// splits, and each share is in (0, 1].
fn check_overlays(
    record: &DealRecord,
    overlays: &[SplitRecord],
    path: &str,
    reps: &FastMap<&str, usize>,
) -> Result<(), Problem> {
    for (i, o) in overlays.iter().enumerate() {
        let at = |field: &str| format!("{path}.overlays[{i}].{field}");
        if !reps.contains_key(o.rep.as_str()) {
            return Err(Problem::new(
                ErrorCode::UnknownRep,
                at("rep"),
                format!(
                    "deal `{}` gives overlay credit to rep `{}`, who is not in the request's reps",
                    record.id, o.rep
                ),
            ));
        }
        let credited_already = match &record.splits {
            Some(splits) => splits.iter().any(|s| s.rep == o.rep),
            None => record.rep == o.rep,
        };
        if credited_already || overlays[..i].iter().any(|p| p.rep == o.rep) {
            return Err(Problem::new(
                ErrorCode::InvalidSplit,
                at("rep"),
                format!(
                    "deal `{}` already credits rep `{}`: overlay credit goes to someone else",
                    record.id, o.rep
                ),
            ));
        }
        if o.share <= Decimal::ZERO || o.share > Decimal::ONE {
            return Err(Problem::new(
                ErrorCode::InvalidSplit,
                at("share"),
                format!(
                    "deal `{}` has overlay share {}; it must be above 0 and at most 1",
                    record.id, o.share
                ),
            ));
        }
    }
    Ok(())
}

fn check_splits(
    record: &DealRecord,
    splits: &[SplitRecord],
    path: &str,
    reps: &FastMap<&str, usize>,
) -> Result<(), Problem> {
    let mut total = Decimal::ZERO;
    for (i, s) in splits.iter().enumerate() {
        if !reps.contains_key(s.rep.as_str()) {
            return Err(Problem::new(
                ErrorCode::UnknownRep,
                format!("{path}.splits[{i}].rep"),
                format!(
                    "deal `{}` splits to rep `{}`, who is not in the request's reps",
                    record.id, s.rep
                ),
            ));
        }
        if splits[..i].iter().any(|o| o.rep == s.rep) {
            return Err(Problem::new(
                ErrorCode::InvalidSplit,
                format!("{path}.splits[{i}].rep"),
                format!(
                    "deal `{}` names rep `{}` twice in its splits",
                    record.id, s.rep
                ),
            ));
        }
        if s.share.is_sign_negative() && !s.share.is_zero() {
            return Err(Problem::new(
                ErrorCode::InvalidSplit,
                format!("{path}.splits[{i}].share"),
                format!("deal `{}` has a negative split share", record.id),
            ));
        }
        total = total.checked_add(s.share).ok_or_else(|| {
            Problem::new(
                ErrorCode::Overflow,
                format!("{path}.splits[{i}].share"),
                format!(
                    "the split shares of deal `{}` left the decimal range",
                    record.id
                ),
            )
        })?;
    }
    if total != Decimal::ONE {
        return Err(Problem::new(
            ErrorCode::InvalidSplit,
            format!("{path}.splits"),
            format!(
                "the split shares of deal `{}` total {total}, not exactly 1 (100%)",
                record.id
            ),
        ));
    }
    Ok(())
}

fn describe_fields(fields: &super::DealFields) -> String {
    if fields.is_empty() {
        return "no fields".to_string();
    }
    fields
        .iter()
        .map(|(k, v)| match v {
            super::FieldValue::Text(s) => format!("{k}={s}"),
            super::FieldValue::Other(other) => format!("{k}={other}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `a × b`, short-cut when `b` is 1 or 0; `None` on overflow.
fn times(a: Decimal, b: Decimal) -> Option<Decimal> {
    if b.is_zero() {
        Some(Decimal::ZERO)
    } else if b == Decimal::ONE {
        Some(a)
    } else {
        a.checked_mul(b)
    }
}

/// An overflow that fails the whole call (an input error), at `path`.
pub(super) fn overflow_at(path: String, message: String) -> Error {
    Error::single(
        ErrorKind::Input,
        Problem::new(ErrorCode::Overflow, path, message),
    )
}

/// A rep-level figure out of range: the path names the rep's field it comes from.
fn rep_overflow(r: usize, rep: &RepRecord, field: &str, what: &str) -> Error {
    overflow_at(
        format!("reps[{r}].{field}"),
        format!("rep `{}`: {what} left the decimal range", rep.id),
    )
}

/// A figure of a rep's line (or a total it tips over) out of range: the path names the deal's
/// amount, which every figure of the line is computed from.
fn deal_overflow(credit: &Credit, rep: &RepRecord, what: &str) -> Error {
    overflow_at(
        format!("deals[{}].amount", credit.index),
        format!(
            "deal `{}` of rep `{}`: {what} left the decimal range",
            credit.id, rep.id
        ),
    )
}

/// The rep's clawbacks adding up beyond the range, named by the refund of `line`.
fn refund_overflow(request: &StatementRequest, line: &ClawbackLine, rep: &RepRecord) -> Error {
    let k = request
        .refunds
        .iter()
        .position(|f| f.id == line.refund)
        .unwrap_or_default();
    overflow_at(
        format!("refunds[{k}].amount"),
        format!(
            "the clawbacks of rep `{}` left the decimal range at refund `{}`",
            rep.id, line.refund
        ),
    )
}

/// The rep's awards adding up beyond the range, named by the award of `line`.
fn award_overflow(request: &StatementRequest, line: &AwardLine, rep: &RepRecord) -> Error {
    let k = request
        .awards
        .iter()
        .position(|a| a.id == line.award)
        .unwrap_or_default();
    overflow_at(
        format!("awards[{k}].amount"),
        format!(
            "the awards of rep `{}` left the decimal range at award `{}`",
            rep.id, line.award
        ),
    )
}

#[cfg(test)]
mod tests {
    use crate::error::{Error, ErrorKind};
    use crate::wire::ops::call;
    use serde_json::Value;

    /// The largest amount the wire reads (28 significant digits), and its negative.
    const NINES: &str = "9999999999999999999999999999";
    const MIN: &str = "-9999999999999999999999999999";

    /// A conformance vector called with one input leaf (a JSON pointer) replaced.
    fn call_with(vector: &str, pointer: &str, value: &str) -> Result<Value, Error> {
        let file = format!(
            "{}/../../tests/vectors/commission/{vector}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&file).expect("the vector");
        let vector: Value = serde_json::from_str(&text).expect("a vector");
        let mut input = vector["input"].clone();
        *input.pointer_mut(pointer).expect("the leaf") = Value::from(value);
        call(vector["operation"].as_str().expect("an operation"), &input)
    }

    /// The call fails as an input error whose one problem is an overflow at `path`, with a
    /// message naming `id`.
    fn assert_fails_at(result: Result<Value, Error>, path: &str, id: &str) {
        let error = result.expect_err("an overflow error");
        assert_eq!(error.kind, ErrorKind::Input);
        assert_eq!(error.problems.len(), 1, "{error}");
        let problem = &error.problems[0];
        assert_eq!(
            (problem.code.as_str(), problem.path.as_str()),
            ("OVERFLOW", path)
        );
        assert!(
            problem.message.contains(&format!("`{id}`")),
            "{}",
            problem.message
        );
    }

    /// The rejections of a result as (code, path, message).
    fn rejections(result: &Value) -> Vec<(String, String, String)> {
        let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
        result["rejected"]
            .as_array()
            .expect("rejections")
            .iter()
            .map(|r| {
                let e = &r["error"];
                (text(&e["code"]), text(&e["path"]), text(&e["message"]))
            })
            .collect()
    }

    /// 29 digits: beyond what the wire reads, refused before any arithmetic can overflow.
    const BEYOND: &str = "79228162514264337593543950335";

    #[test]
    fn a_deal_amount_of_29_digits_rejects_the_deal_before_any_arithmetic() {
        let vector = "statement/017-split-shares-exact-to-the-cent";
        let result = call_with(vector, "/request/deals/0/amount", BEYOND).expect("a statement");
        let rejected = rejections(&result);
        assert_eq!(rejected.len(), 1);
        let (code, path, _) = &rejected[0];
        assert_eq!(
            (code.as_str(), path.as_str()),
            ("DECIMAL_OUT_OF_RANGE", "deals[0].amount")
        );
        // The rest of the statement still computes: the other deal is credited.
        assert!(result["reps"][0]["credited"].as_str().is_some());
    }

    #[test]
    fn split_shares_of_28_digits_are_kept_exact() {
        let vector = "statement/017-split-shares-exact-to-the-cent";
        let result = call_with(vector, "/request/deals/0/amount", NINES).expect("a statement");
        assert!(rejections(&result).is_empty());
        let lines: Vec<&str> = result["reps"]
            .as_array()
            .expect("reps")
            .iter()
            .flat_map(|r| r["lines"].as_array().expect("lines"))
            .filter(|l| l["deal"] == "D1")
            .map(|l| l["amount"].as_str().expect("an amount"))
            .collect();
        // Half of 28 nines is a half unit: written with one place, as no decimal holds two.
        assert_eq!(
            lines,
            vec![
                "4999999999999999999999999999.5",
                "4999999999999999999999999999.5"
            ]
        );
    }

    #[test]
    fn a_renewal_rate_beyond_any_step_count_fails_at_the_rate() {
        let vector = "statement/014-renewal-multiplier-steps-and-cap";
        let rep = |i: usize| {
            let reps = call_with(vector, "/request/reps/0/quota", "1").expect("a statement");
            reps["reps"][i]["rep"].as_str().expect("a rep").to_string()
        };
        assert_fails_at(
            call_with(vector, "/request/reps/0/renewalRate", NINES),
            "reps[0].renewalRate",
            &rep(0),
        );
        assert_fails_at(
            call_with(vector, "/request/reps/1/renewalRate", NINES),
            "reps[1].renewalRate",
            &rep(1),
        );
    }

    #[test]
    fn prior_payouts_at_the_limits_settle_exactly_or_are_refused_at_the_payout() {
        for vector in [
            "statement/015-rerun-settles-only-the-difference",
            "statement/016-late-release-becomes-an-adjustment",
            "whatIf/059-prior-payouts-under-both-plans",
        ] {
            // 28 nines paid before: the settlement due is the exact difference.
            assert!(
                call_with(vector, "/request/priorPayouts/0/amount", MIN).is_ok(),
                "{vector}"
            );
            let error = call_with(
                vector,
                "/request/priorPayouts/0/amount",
                &format!("-{BEYOND}"),
            )
            .expect_err("refused");
            assert_eq!(
                (error.code().as_str(), error.path()),
                ("DECIMAL_OUT_OF_RANGE", "priorPayouts[0].amount"),
                "{vector}"
            );
        }
    }

    #[test]
    fn carried_in_and_weekly_target_at_the_limits_compute_or_are_refused_at_the_rep() {
        let carried = "statement/041-period-cap-with-carried-in-no-carry";
        assert!(call_with(carried, "/request/reps/0/carriedIn", MIN).is_ok());
        let error = call_with(carried, "/request/reps/0/carriedIn", &format!("-{BEYOND}"))
            .expect_err("refused");
        assert_eq!(
            (error.code().as_str(), error.path()),
            ("DECIMAL_OUT_OF_RANGE", "reps[0].carriedIn")
        );
        for vector in [
            "statement/023-week-progress-gap",
            "liveFigure/056-three-numbers-on-the-phone",
        ] {
            assert!(
                call_with(vector, "/request/reps/0/weeklyTarget", MIN).is_ok(),
                "{vector}"
            );
            let error = call_with(
                vector,
                "/request/reps/0/weeklyTarget",
                &format!("-{BEYOND}"),
            )
            .expect_err("refused");
            assert_eq!(error.path(), "reps[0].weeklyTarget", "{vector}");
        }
    }

    #[test]
    fn a_refund_of_a_deal_of_one_ten_octillionth_claws_back_exactly() {
        let vector = "statement/043-clawback-proportional-in-refund-period";
        let result = call_with(
            vector,
            "/request/deals/0/amount",
            "0.0000000000000000000000000001",
        )
        .expect("a statement");
        assert!(rejections(&result).is_empty());
        let clawbacks: Vec<&Value> = result["reps"]
            .as_array()
            .expect("reps")
            .iter()
            .flat_map(|r| r["clawbacks"].as_array().expect("clawbacks"))
            .collect();
        assert!(!clawbacks.is_empty());
        for c in clawbacks {
            // Any refund is the whole of such a deal: everything paid comes back.
            assert_eq!(c["refundedShare"], "1");
            assert_eq!(c["amount"], c["paid"]);
        }
        // A negative amount (the deal is rejected) makes the share overflow: the refund is
        // rejected on its own, named by its amount.
        let result = call_with(
            vector,
            "/request/deals/0/amount",
            "-0.0000000000000000000000000001",
        )
        .expect("a statement");
        let paths: Vec<(String, String)> = rejections(&result)
            .into_iter()
            .map(|(code, path, _)| (code, path))
            .collect();
        assert_eq!(
            paths,
            vec![
                ("NEGATIVE_AMOUNT".to_string(), "deals[0].amount".to_string()),
                ("OVERFLOW".to_string(), "refunds[0].amount".to_string())
            ]
        );
    }

    #[test]
    fn refunds_beyond_the_range_claw_back_what_was_paid() {
        let vector = "statement/044-clawback-never-exceeds-paid";
        let january = |pointer: &str| {
            let result = call_with(vector, pointer, NINES).expect("a statement");
            assert!(rejections(&result).is_empty());
            let line = &result["reps"][0]["clawbacks"][0];
            assert_eq!(line["refund"], "R2");
            (
                line["refundedShare"].as_str().expect("a share").to_string(),
                line["amount"].as_str().expect("an amount").to_string(),
            )
        };
        // January's refund of everything takes what December's 60% left: 6,000 − 3,600.
        assert_eq!(
            january("/request/refunds/0/amount"),
            ("1".to_string(), "2400.00".to_string())
        );
        // December's refund of everything took all 6,000 in its own period: nothing is left.
        assert_eq!(
            january("/request/refunds/1/amount"),
            ("1".to_string(), "0.00".to_string())
        );
    }
}
