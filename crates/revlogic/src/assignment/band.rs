//! The optimal mode's fairness band: each group's share of the leads the batch assigns kept
//! within `target ± tolerance`, the targets being the fairness section's (`targetShares`, else
//! the equal share over the groups of the request's reps).
//!
//! Shares are ratios, which a flow network cannot bound directly; fixing the denominator makes
//! them linear. The denominator is the largest number of leads the batch can place (within
//! capacities and the breaker limits), so a group's share bound becomes a count bound:
//! `lower = ⌈(target − tolerance) · N⌉`, `upper = ⌊(target + tolerance) · N⌋`, computed exactly
//! in integers. A rep without a group, or whose group the targets leave out while others are
//! listed, is handled as the fairness report does: no group → outside the band (its leads count
//! in `N` only); an unlisted group → target 0.

use super::document::{AssignmentMode, PolicyDocument};
use super::request::Rep;
use super::result::{Assignment, BandGroup, FairnessBandResult};
use crate::error::{ErrorCode, Problems};
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::{BTreeSet, HashMap};

pub(super) fn validate(doc: &PolicyDocument, problems: &mut Problems) {
    let Some(band) = &doc.optimal.fairness_band else {
        return;
    };
    if doc.mode != AssignmentMode::Optimal {
        problems.push(
            ErrorCode::InvalidValue,
            "optimal.fairnessBand",
            "the fairness band is kept by the optimal mode only; set `mode` to `optimal` or remove the band",
        );
    }
    let t = band.tolerance;
    if t < Decimal::ZERO || t > Decimal::ONE {
        problems.push(
            ErrorCode::OutOfRange,
            "optimal.fairnessBand.tolerance",
            format!("the tolerance {t} is outside 0–1"),
        );
    }
}

/// What the optimal mode found about the band.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BandSolve {
    /// The most leads the batch can place: the shares' denominator.
    pub placeable: u64,
    /// Whether some assignment of that many leads keeps every group within its bounds.
    pub feasible: bool,
}

/// One group of the band with its target as an exact fraction `numerator ÷ denominator`.
struct Group {
    name: String,
    target: Decimal,
    numerator: Decimal,
    denominator: u64,
}

/// The band applied to one batch.
pub(crate) struct Band {
    groups: Vec<Group>,
    /// Per rep of the request, its group's index; `None`: outside the band.
    rep_group: Vec<Option<usize>>,
    tolerance: Decimal,
    decimals: u32,
}

impl Band {
    /// The band of a policy for a roster, when the policy asks for one.
    pub fn new(doc: &PolicyDocument, reps: &[Rep]) -> Option<Band> {
        let tolerance = doc.optimal.fairness_band.as_ref()?.tolerance;
        let targets = &doc.fairness.target_shares;
        let names: BTreeSet<&str> = reps
            .iter()
            .filter_map(|r| r.group.as_deref())
            .chain(targets.iter().map(|t| t.group.as_str()))
            .collect();
        let count = names.len() as u64;
        let groups: Vec<Group> = names
            .into_iter()
            .map(|name| {
                let configured = targets.iter().find(|t| t.group == name);
                let (target, numerator, denominator) = match (configured, targets.is_empty()) {
                    (Some(t), _) => (t.share, t.share, 1),
                    // 1 ÷ k is not a finite decimal in general: kept as a fraction so that the
                    // bounds are exact (a third of 3 leads is 1, not 0.999…).
                    // `count` ≥ 1: this group's name is one of `names`; 1 ÷ k ≤ 1.
                    (None, true) => (
                        Decimal::ONE
                            .checked_div(Decimal::from(count))
                            .unwrap_or(Decimal::ZERO),
                        Decimal::ONE,
                        count,
                    ),
                    (None, false) => (Decimal::ZERO, Decimal::ZERO, 1),
                };
                Group {
                    name: name.to_string(),
                    target,
                    numerator,
                    denominator,
                }
            })
            .collect();
        let index: HashMap<&str, usize> = groups
            .iter()
            .enumerate()
            .map(|(i, g)| (g.name.as_str(), i))
            .collect();
        let rep_group = reps
            .iter()
            .map(|r| r.group.as_deref().and_then(|g| index.get(g).copied()))
            .collect();
        Some(Band {
            groups,
            rep_group,
            tolerance,
            decimals: doc.fairness.decimals,
        })
    }

    pub fn groups(&self) -> usize {
        self.groups.len()
    }

    pub fn group_of(&self, rep: usize) -> Option<usize> {
        self.rep_group.get(rep).copied().flatten()
    }

    /// Each group's `(lower, upper)` count bound when `assigned` leads are placed.
    pub fn bounds(&self, assigned: u64) -> Vec<(u64, u64)> {
        self.groups
            .iter()
            .map(|g| {
                // (numerator ∓ tolerance · denominator) · N ÷ denominator, rounded inwards.
                // Saturating is exact: the numerator and tolerance are within 0–1, the
                // denominator is a number of groups and N of leads, so |(numerator ± spread) · N|
                // ≤ (1 + groups) · leads — far below 10^28 for any batch a process can hold.
                let spread = self.tolerance.saturating_mul(Decimal::from(g.denominator));
                let n = Decimal::from(assigned);
                let low = divide(
                    g.numerator.saturating_sub(spread).saturating_mul(n),
                    g.denominator,
                    Round::Up,
                );
                let high = divide(
                    g.numerator.saturating_add(spread).saturating_mul(n),
                    g.denominator,
                    Round::Down,
                );
                let lower = u64::try_from(low.max(0)).unwrap_or(0);
                let upper = u64::try_from(high.max(0)).unwrap_or(0).min(assigned);
                (lower, upper)
            })
            .collect()
    }

    /// The band's figures for the batch's final assignments, given what the solver found:
    /// the most leads the batch can place and whether any such assignment keeps the band.
    pub fn outcome(
        &self,
        assignments: &[Assignment],
        reps: &[Rep],
        solved: BandSolve,
    ) -> FairnessBandResult {
        let index: HashMap<&str, usize> = reps
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect();
        let mut counts = vec![0u64; self.groups.len()];
        for a in assignments {
            if let Some(g) = index.get(a.rep_id.as_str()).and_then(|&r| self.group_of(r)) {
                counts[g] += 1;
            }
        }
        let n = solved.placeable;
        let bounds = self.bounds(n);
        let dp = self.decimals;
        let mut misses = Vec::new();
        let groups: Vec<BandGroup> = self
            .groups
            .iter()
            .zip(counts.iter().zip(&bounds))
            .map(|(g, (&count, &(lower, upper)))| {
                let within = (lower..=upper).contains(&count);
                if count < lower {
                    misses.push(format!(
                        "group {} has {count} of {n} leads, below its lower bound {lower}",
                        g.name
                    ));
                } else if count > upper {
                    misses.push(format!(
                        "group {} has {count} of {n} leads, above its upper bound {upper}",
                        g.name
                    ));
                }
                BandGroup {
                    group: g.name.clone(),
                    target_share: round(g.target, dp),
                    lower,
                    upper,
                    assigned: count,
                    // `None` only when no lead was placed (n = 0).
                    share: Decimal::from(count)
                        .checked_div(Decimal::from(n))
                        .map(|s| round(s, dp)),
                    within,
                }
            })
            .collect();
        let feasible = solved.feasible;
        let message = if feasible {
            format!(
                "every group's share of the {n} assigned leads is within ±{} of its target",
                self.tolerance
            )
        } else {
            let placed = assignments.len();
            let mut message = format!(
                "no assignment placing the {n} leads this batch can take keeps every group within ±{} of its target; the optimum without the band is returned ({placed} assigned)",
                self.tolerance,
            );
            if !misses.is_empty() {
                message.push_str(": ");
                message.push_str(&misses.join("; "));
            }
            message
        };
        FairnessBandResult {
            feasible,
            tolerance: self.tolerance,
            placeable: n,
            groups,
            message,
        }
    }

    /// One sentence on a group's bounds, for an assignment's explanation.
    pub fn describe(&self, group: usize, bounds: (u64, u64), assigned: u64) -> String {
        let g = &self.groups[group];
        format!(
            "group {}: target {} ± {} of {assigned} leads → {}–{} leads",
            g.name,
            round(g.target, self.decimals),
            self.tolerance,
            bounds.0,
            bounds.1
        )
    }
}

enum Round {
    Up,
    Down,
}

/// `value ÷ by` rounded to a whole number, exactly: the decimal's mantissa and scale are
/// whole numbers, so the division is done in integers.
fn divide(value: Decimal, by: u64, round: Round) -> i128 {
    let value = value.normalize();
    let scale = 10i128.pow(value.scale());
    let denominator = scale.saturating_mul(i128::from(by)).max(1);
    let floor = value.mantissa().div_euclid(denominator);
    let exact = value.mantissa().rem_euclid(denominator) == 0;
    match round {
        Round::Up if !exact => floor + 1,
        _ => floor,
    }
}

fn round(value: Decimal, dp: u32) -> Decimal {
    value
        .round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}
