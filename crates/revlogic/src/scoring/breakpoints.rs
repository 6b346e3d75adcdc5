//! Piecewise-linear maps from a raw measure (days since the last deal, interactions, a rate)
//! to a 0–100 score. Inputs of the breakpoints are strictly increasing; below the first and
//! above the last the score is held at the end value.

use crate::error::{ErrorCode, Problems};
use crate::wire;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One point of the map: input `x` scores `score`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Breakpoint {
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub x: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub score: Decimal,
}

/// Validates a list of breakpoints: at least two, inputs strictly increasing, scores within
/// `0 … max_score`.
pub fn validate(points: &[Breakpoint], max_score: Decimal, path: &str, problems: &mut Problems) {
    if points.len() < 2 {
        problems.push(
            ErrorCode::InvalidValue,
            path,
            "a piecewise-linear map needs at least two breakpoints",
        );
    }
    for (i, p) in points.iter().enumerate() {
        if p.score < Decimal::ZERO || p.score > max_score {
            problems.push(
                ErrorCode::OutOfRange,
                format!("{path}[{i}].score"),
                format!("the score {} is outside 0–{max_score}", p.score),
            );
        }
        if i > 0 && p.x <= points[i - 1].x {
            problems.push(
                ErrorCode::BreakpointsNotIncreasing,
                format!("{path}[{i}].x"),
                format!(
                    "breakpoint inputs must be strictly increasing: {} follows {}",
                    p.x,
                    points[i - 1].x
                ),
            );
        }
    }
}

/// Maps `x` through validated breakpoints. `None` only on arithmetic overflow.
pub fn map(points: &[Breakpoint], x: Decimal) -> Option<Decimal> {
    let first = points.first()?;
    let last = points.last()?;
    if x <= first.x {
        return Some(first.score);
    }
    if x >= last.x {
        return Some(last.score);
    }
    let upper = points.partition_point(|p| p.x <= x);
    let (a, b) = (points[upper - 1], points[upper]);
    if x == a.x {
        return Some(a.score);
    }
    // score = a.score + (x − a.x) × (b.score − a.score) ÷ (b.x − a.x), multiplying first so
    // that exact results stay exact.
    let rise = (x.checked_sub(a.x)?).checked_mul(b.score.checked_sub(a.score)?)?;
    a.score
        .checked_add(rise.checked_div(b.x.checked_sub(a.x)?)?)
}

/// The lowest score a map can give: what "score as worst" assigns to a missing measure.
pub fn worst(points: &[Breakpoint]) -> Decimal {
    points
        .iter()
        .map(|p| p.score)
        .min()
        .unwrap_or(Decimal::ZERO)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bp(pairs: &[(i64, i64)]) -> Vec<Breakpoint> {
        pairs
            .iter()
            .map(|(x, s)| Breakpoint {
                x: Decimal::from(*x),
                score: Decimal::from(*s),
            })
            .collect()
    }

    #[test]
    fn interpolates_and_holds_the_ends() {
        let days = bp(&[(0, 100), (30, 80), (90, 40), (180, 0)]);
        assert_eq!(map(&days, Decimal::from(45)), Some(Decimal::from(70)));
        assert_eq!(map(&days, Decimal::from(-5)), Some(Decimal::from(100)));
        assert_eq!(map(&days, Decimal::from(200)), Some(Decimal::ZERO));
        assert_eq!(map(&days, Decimal::from(90)), Some(Decimal::from(40)));
        assert_eq!(worst(&days), Decimal::ZERO);
    }
}
