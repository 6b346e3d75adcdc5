//! Component weights of a score model. Every weight is non-negative and the weights of a
//! model sum to exactly 1, so that a score is a weighted mean and stays in its components'
//! range; when a component does not apply, the others are renormalised.

use crate::error::{ErrorCode, Problems};
use rust_decimal::Decimal;

/// Validates named weights; problems are reported at `path.name` (a negative weight) or at
/// `path` (a sum other than 1).
pub fn validate(weights: &[(&str, Decimal)], path: &str, problems: &mut Problems) {
    let mut sum = Decimal::ZERO;
    let mut all_valid = true;
    for (name, w) in weights {
        if w.is_sign_negative() && !w.is_zero() {
            all_valid = false;
            problems.push(
                ErrorCode::InvalidWeights,
                format!("{path}.{name}"),
                format!("the weight of `{name}` is negative ({w}); weights must be ≥ 0"),
            );
        }
        match sum.checked_add(*w) {
            Some(s) => sum = s,
            None => {
                all_valid = false;
                problems.push(
                    ErrorCode::Overflow,
                    format!("{path}.{name}"),
                    "the weights overflow the decimal range",
                );
            }
        }
    }
    if all_valid && sum != Decimal::ONE {
        problems.push(
            ErrorCode::InvalidWeights,
            path,
            format!("the weights sum to {sum}; they must sum to exactly 1"),
        );
    }
}

/// The weighted mean of the applicable components: each `(weight, value)` with a value takes
/// `weight ÷ Σ applicable weights`. Computed as `Σ wᵢvᵢ ÷ Σ wᵢ` so that there is one division
/// and the result is exact whenever it can be. `Ok(None)` when no component applies or all
/// applicable weights are zero; otherwise the score and the applied weights in input order.
/// `Err` when a sum or quotient leaves the decimal range (with validated weights and bounded
/// values it cannot: the caller rejects the record), never a `None` that would read as "no
/// data".
pub fn renormalised_mean(
    parts: &[(Decimal, Option<Decimal>)],
) -> Result<Option<(Decimal, Vec<Decimal>)>, MeanOverflow> {
    let mut total = Decimal::ZERO;
    let mut weighted = Decimal::ZERO;
    for (w, v) in parts {
        if let Some(v) = v {
            total = total.checked_add(*w).ok_or(MeanOverflow)?;
            weighted = w
                .checked_mul(*v)
                .and_then(|x| weighted.checked_add(x))
                .ok_or(MeanOverflow)?;
        }
    }
    if total.is_zero() {
        return Ok(None);
    }
    let score = weighted.checked_div(total).ok_or(MeanOverflow)?;
    let mut applied = Vec::with_capacity(parts.len());
    for (w, v) in parts {
        applied.push(match v {
            Some(_) if total == Decimal::ONE => *w,
            Some(_) => w.checked_div(total).ok_or(MeanOverflow)?,
            None => Decimal::ZERO,
        });
    }
    Ok(Some((score, applied)))
}

/// A weighted mean that left the decimal range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeanOverflow;
