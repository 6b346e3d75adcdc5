//! Incentive efficiency (激励效能, SPEC §4): what each rep's incentive costs per 10,000 of
//! revenue, and the reps whose output is high while their incentive is low (高潜力低激励).
//!
//! Revenue is the amount credited in the period; incentive is commission earned plus
//! recognition awards. A rep is flagged when both hold:
//! - output: their revenue is at least the median revenue of the reps in the request;
//! - incentive: their cost per unit is below `lowIncentiveRatio` × the team's cost per unit
//!   (total incentive ÷ total revenue).
//!
//! Comparisons use exact ratios; the reported costs are rounded half-up to 2 places.

use super::request::{DateRange, StatementRequest};
use super::statement::Shape;
use super::CommissionPlan;
use crate::error::{Error, ErrorCode, ErrorKind, Problems};
use crate::wire;
use rust_decimal::{Decimal, RoundingStrategy};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Options of `efficiency`; every number has the default shown.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EfficiencyOptions {
    /// The revenue unit costs are stated per (default 10,000: 每万元营收).
    #[serde(default = "ten_thousand", with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub per: Decimal,
    /// A rep's cost below this fraction of the team's is "low incentive" (default 0.8).
    #[serde(default = "four_fifths", with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub low_incentive_ratio: Decimal,
}

fn ten_thousand() -> Decimal {
    Decimal::from(10_000)
}

fn four_fifths() -> Decimal {
    Decimal::new(8, 1)
}

impl Default for EfficiencyOptions {
    fn default() -> Self {
        EfficiencyOptions {
            per: ten_thousand(),
            low_incentive_ratio: four_fifths(),
        }
    }
}

/// `plan.efficiency(request, options?)`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct EfficiencyReport {
    pub plan_id: String,
    pub period: DateRange,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub per: Decimal,
    pub team: Efficiency,
    /// The median revenue over the request's reps: the output bar for the flag.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub median_revenue: Decimal,
    /// One entry per requested rep, in request order.
    pub reps: Vec<RepEfficiency>,
}

/// Revenue, incentive and what the incentive costs per unit of revenue.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Efficiency {
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub revenue: Decimal,
    /// Commission earned plus awards.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub incentive: Decimal,
    /// incentive × per ÷ revenue, 2 places; absent without revenue.
    #[serde(with = "wire::decimal_opt", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub cost_per_unit: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RepEfficiency {
    pub rep: String,
    #[serde(flatten)]
    pub efficiency: Efficiency,
    /// High output with low incentive (高潜力低激励).
    pub high_potential_low_incentive: bool,
    /// Why the flag is set or not, in words.
    pub reason: String,
}

impl EfficiencyOptions {
    fn validate(&self) -> Result<(), Error> {
        let mut problems = Problems::new();
        if self.per <= Decimal::ZERO {
            problems.push(
                ErrorCode::OutOfRange,
                "options.per",
                "the revenue unit must be above 0",
            );
        }
        if self.low_incentive_ratio <= Decimal::ZERO {
            problems.push(
                ErrorCode::OutOfRange,
                "options.lowIncentiveRatio",
                "the low-incentive ratio must be above 0",
            );
        }
        problems.into_result(ErrorKind::Input, ())
    }
}

impl CommissionPlan {
    /// Incentive cost per unit of revenue for each rep of the request and the team.
    pub fn efficiency(
        &self,
        request: &StatementRequest,
        options: &EfficiencyOptions,
    ) -> Result<EfficiencyReport, Error> {
        options.validate()?;
        let statement = self.statement_shaped(request, Shape::TOTALS)?;
        let mut figures = Vec::with_capacity(statement.reps.len());
        let (mut revenue, mut incentive) = (Decimal::ZERO, Decimal::ZERO);
        // A rep's figures, or the team's sums they tip over, beyond the range fail the call
        // naming the rep; the team's cost names the unit it is stated per.
        for (r, rep) in statement.reps.iter().enumerate() {
            let at = || at_rep(r, &rep.rep);
            let rep_incentive = rep
                .totals
                .earned
                .checked_add(rep.totals.awards)
                .ok_or_else(at)?;
            revenue = revenue.checked_add(rep.credited).ok_or_else(at)?;
            incentive = incentive.checked_add(rep_incentive).ok_or_else(at)?;
            figures.push((rep.rep.clone(), rep.credited, rep_incentive));
        }
        let at_per = || {
            super::statement::overflow_at(
                "options.per".to_string(),
                "the team's incentive per unit of revenue left the decimal range".to_string(),
            )
        };
        let team_cost = exact_cost(incentive, revenue, options.per).ok_or_else(at_per)?;
        let median_revenue =
            median(figures.iter().map(|(_, r, _)| *r).collect()).ok_or_else(|| {
                super::statement::overflow_at(
                    "reps".to_string(),
                    "the median revenue left the decimal range".to_string(),
                )
            })?;
        let bar = match team_cost {
            Some(c) => Some(c.checked_mul(options.low_incentive_ratio).ok_or_else(|| {
                super::statement::overflow_at(
                    "options.lowIncentiveRatio".to_string(),
                    "the low-incentive bar left the decimal range".to_string(),
                )
            })?),
            None => None,
        };
        let mut reps = Vec::with_capacity(figures.len());
        for (r, (rep, rep_revenue, rep_incentive)) in figures.into_iter().enumerate() {
            let cost = exact_cost(rep_incentive, rep_revenue, options.per)
                .ok_or_else(|| at_rep(r, &rep))?;
            let high_output = rep_revenue > Decimal::ZERO && rep_revenue >= median_revenue;
            let (flag, reason) = match (cost, bar) {
                (None, _) => (false, "no revenue in the period".to_string()),
                (Some(_), _) if !high_output => (
                    false,
                    format!("revenue {rep_revenue} is below the median {median_revenue}"),
                ),
                (Some(c), Some(bar)) if c < bar => (
                    true,
                    format!(
                        "revenue {rep_revenue} ≥ median {median_revenue} and cost {} < {} × team cost {}",
                        display(c),
                        options.low_incentive_ratio,
                        display_opt(team_cost)
                    ),
                ),
                (Some(c), _) => (
                    false,
                    format!(
                        "cost {} is not below {} × team cost {}",
                        display(c),
                        options.low_incentive_ratio,
                        display_opt(team_cost)
                    ),
                ),
            };
            reps.push(RepEfficiency {
                rep,
                efficiency: Efficiency {
                    revenue: rep_revenue,
                    incentive: rep_incentive,
                    cost_per_unit: cost.map(display),
                },
                high_potential_low_incentive: flag,
                reason,
            });
        }
        Ok(EfficiencyReport {
            plan_id: statement.plan_id,
            period: statement.period,
            per: options.per,
            team: Efficiency {
                revenue,
                incentive,
                cost_per_unit: team_cost.map(display),
            },
            median_revenue,
            reps,
        })
    }
}

/// incentive × per ÷ revenue, unrounded; `Some(None)` without revenue, `None` when a figure
/// leaves the decimal range.
fn exact_cost(incentive: Decimal, revenue: Decimal, per: Decimal) -> Option<Option<Decimal>> {
    if revenue <= Decimal::ZERO {
        return Some(None);
    }
    incentive.checked_mul(per)?.checked_div(revenue).map(Some)
}

fn display(cost: Decimal) -> Decimal {
    let mut c = cost.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    c.rescale(2);
    c
}

fn display_opt(cost: Option<Decimal>) -> String {
    cost.map(|c| display(c).to_string())
        .unwrap_or_else(|| "(none)".into())
}

/// The median; the mean of the two middle values for an even count, 0 for none. The mean lies
/// between the two values, so it is a decimal even when their sum is not: it is then taken as
/// `a + (b − a) ÷ 2`, whose steps stay between them. `None` is never expected.
fn median(mut values: Vec<Decimal>) -> Option<Decimal> {
    values.sort();
    let n = values.len();
    if n == 0 {
        return Some(Decimal::ZERO);
    }
    if n % 2 == 1 {
        return Some(values[n / 2]);
    }
    let (a, b) = (values[n / 2 - 1], values[n / 2]);
    match a.checked_add(b) {
        Some(sum) => sum.checked_div(Decimal::TWO),
        None => b
            .checked_sub(a)?
            .checked_div(Decimal::TWO)
            .and_then(|half| a.checked_add(half)),
    }
}

fn at_rep(r: usize, rep: &str) -> Error {
    super::statement::overflow_at(
        format!("reps[{r}]"),
        format!("the incentive figures of rep `{rep}` left the decimal range"),
    )
}
