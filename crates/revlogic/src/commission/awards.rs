//! Recognition awards (即时认可基金): spot amounts a manager gives a rep, within the plan's
//! bounds, tagged from the plan's list, and within the manager's budget for the period. Awards
//! are taken in date order (then id), so the one that overdraws the budget is rejected, not an
//! earlier one.

use super::request::{AwardRecord, StatementRequest};
use super::statement::at_scale;
use super::CommissionPlan;
use crate::batch::Rejection;
use crate::error::{Error, ErrorCode, ErrorKind, Problem};
use crate::fast_map::FastMap;
use crate::wire;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Serialize;

/// One award on a rep's statement; always payable.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AwardLine {
    pub award: String,
    pub manager: String,
    pub tag: String,
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub date: NaiveDate,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub amount: Decimal,
    /// What is left of the manager's budget after this award.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub budget_left: Decimal,
}

/// The award lines of each rep (by the request's rep order); bad awards go to `rejected`.
/// A manager's budgets adding up beyond the decimal range fail the call (they are one figure
/// every award of the manager is checked against), naming the budget that did it.
pub(super) fn award_lines(
    plan: &CommissionPlan,
    request: &StatementRequest,
    reps: &FastMap<&str, usize>,
    rejected: &mut Vec<Rejection>,
) -> Result<Vec<Vec<AwardLine>>, Error> {
    let minor = plan.currency.minor_units();
    let mut lines: Vec<Vec<AwardLine>> = vec![Vec::new(); request.reps.len()];
    let mut left: FastMap<&str, Decimal> = FastMap::default();
    for (k, b) in request.budgets.iter().enumerate() {
        let budget = left.entry(b.manager.as_str()).or_default();
        *budget = budget.checked_add(b.amount).ok_or_else(|| {
            Error::single(
                ErrorKind::Input,
                Problem::new(
                    ErrorCode::Overflow,
                    format!("budgets[{k}].amount"),
                    format!(
                        "the budgets of manager `{}` left the decimal range",
                        b.manager
                    ),
                ),
            )
        })?;
    }
    let mut order: Vec<usize> = (0..request.awards.len())
        .filter(|&i| {
            let a = &request.awards[i];
            request.period.contains(a.date) && a.date <= request.as_of
        })
        .collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&request.awards[a], &request.awards[b]);
        a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id))
    });
    for i in order {
        let award = &request.awards[i];
        // What is left after the award: a negative award (a plan allowing them) could take it
        // beyond the range, and is then rejected like an award over budget.
        let checked = check(plan, award, i, reps, &left).and_then(|r| {
            let budget = left
                .get(award.manager.as_str())
                .copied()
                .unwrap_or_default();
            budget
                .checked_sub(award.amount)
                .map(|after| (r, after))
                .ok_or_else(|| {
                    Problem::new(
                        ErrorCode::Overflow,
                        format!("awards[{i}].amount"),
                        format!(
                            "award `{}`: the budget left of manager `{}` left the decimal range",
                            award.id, award.manager
                        ),
                    )
                })
        });
        match checked {
            Ok((r, after)) => {
                let budget = left.entry(award.manager.as_str()).or_default();
                *budget = after;
                lines[r].push(AwardLine {
                    award: award.id.clone(),
                    manager: award.manager.clone(),
                    tag: award.tag.clone(),
                    date: award.date,
                    amount: at_scale(award.amount, minor),
                    budget_left: at_scale(*budget, minor),
                });
            }
            Err(error) => rejected.push(Rejection {
                index: i,
                id: Some(award.id.clone()),
                error,
            }),
        }
    }
    Ok(lines)
}

fn check(
    plan: &CommissionPlan,
    award: &AwardRecord,
    i: usize,
    reps: &FastMap<&str, usize>,
    left: &FastMap<&str, Decimal>,
) -> Result<usize, Problem> {
    let path = format!("awards[{i}]");
    let Some(&r) = reps.get(award.rep.as_str()) else {
        return Err(Problem::new(
            ErrorCode::UnknownRep,
            format!("{path}.rep"),
            format!(
                "award `{}` names rep `{}`, who is not in the request's reps",
                award.id, award.rep
            ),
        ));
    };
    let Some(version) = plan.version_on(award.date) else {
        return Err(Problem::new(
            ErrorCode::NoPlanVersion,
            path,
            format!(
                "award `{}` is dated before the plan's first version",
                award.id
            ),
        ));
    };
    let rules = &version.awards;
    if award.amount < rules.min || award.amount > rules.max {
        return Err(Problem::new(
            ErrorCode::OutOfRange,
            format!("{path}.amount"),
            format!(
                "award `{}` of {} is outside {}–{}",
                award.id, award.amount, rules.min, rules.max
            ),
        ));
    }
    if !rules.tags.contains(&award.tag) {
        return Err(Problem::new(
            ErrorCode::InvalidValue,
            format!("{path}.tag"),
            format!(
                "award `{}` has tag `{}`; the plan's tags are {}",
                award.id,
                award.tag,
                rules.tags.join(", ")
            ),
        ));
    }
    let budget = left
        .get(award.manager.as_str())
        .copied()
        .unwrap_or_default();
    if award.amount > budget {
        return Err(Problem::new(
            ErrorCode::OverBudget,
            format!("{path}.amount"),
            format!(
                "award `{}` of {} exceeds the {} left of manager `{}`'s budget",
                award.id, award.amount, budget, award.manager
            ),
        ));
    }
    Ok(r)
}
