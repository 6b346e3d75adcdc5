//! Step 6, the weighted random mode: leads in the ordered mode's serving order, each to an
//! eligible rep drawn with probability proportional to the match degree, from a seeded
//! generator — the same request and seed always give the same assignments.
//!
//! The draw, fixed so that every language and release agrees: candidates sorted by rep id;
//! weights are the match degrees scaled to whole numbers (`match × 10^decimals`); one
//! SplitMix64 draw per lead that has candidates, `t = ⌊u · Σw / 2⁶⁴⌋`, and the rep whose
//! cumulative weight interval holds `t` is chosen. When every candidate matches 0 the draw is
//! uniform over them. The chosen rep then meets the industry breaker as in the ordered mode.

use super::ordered::{decide_with, serving_order, Context, Decision};
use super::random::SplitMix64;
use super::request::Lead;
use super::roster::RepState;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

pub(crate) fn assign_weighted(
    ctx: &Context<'_>,
    leads: &[(usize, Lead)],
    states: &mut [RepState],
    seed: u64,
) -> Vec<Decision> {
    let mut rng = SplitMix64::new(seed);
    let scale = Decimal::from(10u64.pow(ctx.policy.matching.decimals.min(18)));
    let mut decisions = Vec::with_capacity(leads.len());
    for (sequence, i) in serving_order(leads).into_iter().enumerate() {
        let mut draw = |ctx: &Context<'_>, _: &[RepState], candidates: &[(usize, Decimal)]| {
            if candidates.is_empty() {
                return None;
            }
            let mut sorted: Vec<(usize, u64)> = candidates
                .iter()
                // A match is within 0–1 and the scale at most 10^18: the product fits.
                .map(|(r, m)| {
                    (
                        *r,
                        m.checked_mul(scale).and_then(|v| v.to_u64()).unwrap_or(0),
                    )
                })
                .collect();
            sorted.sort_by(|a, b| ctx.reps[a.0].id.cmp(&ctx.reps[b.0].id));
            let total: u64 = sorted.iter().map(|(_, w)| *w).fold(0, u64::saturating_add);
            let uniform = total == 0;
            let total = if uniform { sorted.len() as u64 } else { total };
            let t = rng.below(total);
            let mut acc = 0u64;
            for (r, w) in &sorted {
                acc = acc.saturating_add(if uniform { 1 } else { *w });
                if t < acc {
                    let share = if uniform {
                        format!("1/{}", sorted.len())
                    } else {
                        format!("{w}/{total}")
                    };
                    return Some((
                        *r,
                        format!(
                            "drawn with probability {share} among {} eligible reps (seed {seed})",
                            sorted.len()
                        ),
                    ));
                }
            }
            None
        };
        decisions.push(decide_with(
            ctx,
            &leads[i].1,
            states,
            sequence as u64 + 1,
            false,
            &mut draw,
        ));
    }
    decisions
}
