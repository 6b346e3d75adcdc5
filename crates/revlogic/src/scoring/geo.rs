//! Great-circle distance in decimal arithmetic (haversine), for checking a visit log's GPS
//! position against the customer's registered location.
//!
//! The comparison with a threshold never needs an inverse sine: the haversine term
//! `a = sin²(Δφ/2) + cos φ₁ cos φ₂ sin²(Δλ/2)` grows with the distance `d = 2R·asin(√a)`, so
//! `d > D ⇔ a > sin²(D / 2R)`. The distance itself, reported in explanations, is computed
//! with an inverse sine by Newton's method on `sin`.

use crate::error::{ErrorCode, Problem};
use crate::wire;
use rust_decimal::{Decimal, MathematicalOps};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A position in decimal degrees (WGS 84 as phones report it).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GeoPoint {
    /// −90 … 90.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub lat: Decimal,
    /// −180 … 180.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub lon: Decimal,
}

impl GeoPoint {
    /// Checks the coordinate ranges; the problem names `path.lat` or `path.lon`.
    pub fn validate(&self, path: &str) -> Result<(), Problem> {
        if self.lat < Decimal::from(-90) || self.lat > Decimal::from(90) {
            return Err(Problem::new(
                ErrorCode::OutOfRange,
                format!("{path}.lat"),
                format!("latitude {} is outside −90…90", self.lat),
            ));
        }
        if self.lon < Decimal::from(-180) || self.lon > Decimal::from(180) {
            return Err(Problem::new(
                ErrorCode::OutOfRange,
                format!("{path}.lon"),
                format!("longitude {} is outside −180…180", self.lon),
            ));
        }
        Ok(())
    }
}

fn radians(degrees: Decimal) -> Decimal {
    degrees * Decimal::PI / Decimal::from(180)
}

/// The haversine term `a` (0 … 1) of two valid points.
pub fn haversine_term(p: GeoPoint, q: GeoPoint) -> Decimal {
    let (phi1, phi2) = (radians(p.lat), radians(q.lat));
    let half_dphi = (phi2 - phi1) / Decimal::TWO;
    let half_dlambda = radians(q.lon - p.lon) / Decimal::TWO;
    let s1 = half_dphi.sin();
    let s2 = half_dlambda.sin();
    let a = s1 * s1 + phi1.cos() * phi2.cos() * s2 * s2;
    a.clamp(Decimal::ZERO, Decimal::ONE)
}

/// The haversine term of two points exactly `threshold` metres apart on a sphere of `radius`
/// metres, `sin²(D ÷ 2R)`: compute it once per model, then compare with [`haversine_term`].
/// `None` when the threshold is half the circumference or more (no two points are farther).
pub fn threshold_term(threshold: Decimal, radius: Decimal) -> Option<Decimal> {
    let half_angle = threshold.checked_div(Decimal::TWO * radius)?;
    if half_angle >= Decimal::HALF_PI {
        return None;
    }
    let s = half_angle.sin();
    Some(s * s)
}

/// Whether two points are more than `threshold` metres apart on a sphere of `radius` metres.
pub fn farther_than(p: GeoPoint, q: GeoPoint, threshold: Decimal, radius: Decimal) -> bool {
    match threshold_term(threshold, radius) {
        Some(term) => haversine_term(p, q) > term,
        None => false,
    }
}

/// The great-circle distance in metres, for explanations.
pub fn distance(p: GeoPoint, q: GeoPoint, radius: Decimal) -> Decimal {
    distance_from_term(haversine_term(p, q), radius)
}

/// The distance for a haversine term already computed: `2R · asin(√a)`.
pub fn distance_from_term(a: Decimal, radius: Decimal) -> Decimal {
    let root = a.sqrt().unwrap_or(Decimal::ZERO);
    Decimal::TWO * radius * arcsin(root)
}

/// `asin(y)` for `0 ≤ y ≤ 1`. Below 0.1 (any distance under about 1 270 km) the Taylor series
/// `y + y³/6 + 3y⁵/40 + …` reaches full precision in a dozen terms; above, Newton's method on
/// `sin x = y` converges fast while `cos x` is well away from zero, and above 0.7 the identity
/// `asin y = π/2 − asin √(1 − y²)` keeps it so.
fn arcsin(y: Decimal) -> Decimal {
    if y < Decimal::new(1, 1) {
        let y2 = y * y;
        let mut term = y; // (2k)! / (4^k (k!)^2) · y^(2k+1), without the 1/(2k+1)
        let mut sum = y;
        for k in 1..40u32 {
            let k = Decimal::from(k);
            term = term * y2 * (Decimal::TWO * k - Decimal::ONE) / (Decimal::TWO * k);
            let add = term / (Decimal::TWO * k + Decimal::ONE);
            if add.is_zero() {
                break;
            }
            sum += add;
        }
        return sum;
    }
    if y > Decimal::new(7, 1) {
        let complement = (Decimal::ONE - y * y).max(Decimal::ZERO).sqrt();
        return Decimal::HALF_PI - arcsin(complement.unwrap_or(Decimal::ZERO));
    }
    let mut x = y;
    for _ in 0..40 {
        let step = (x.sin() - y) / x.cos();
        x -= step;
        if step.abs() < Decimal::new(1, 24) {
            break;
        }
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(lat: &str, lon: &str) -> GeoPoint {
        GeoPoint {
            lat: lat.parse().unwrap(),
            lon: lon.parse().unwrap(),
        }
    }

    #[test]
    fn a_meridian_arc_is_radius_times_angle() {
        let r = Decimal::from(6_371_000);
        let d = distance(p("31.2304", "121.4737"), p("31.2349", "121.4737"), r);
        // 6 371 000 × 0.0045 × π / 180 = 500.3769… m
        assert_eq!(d.round_dp(2), "500.38".parse::<Decimal>().unwrap());
        assert!(farther_than(
            p("31.2304", "121.4737"),
            p("31.2349", "121.4737"),
            Decimal::from(500),
            r
        ));
        assert!(!farther_than(
            p("31.2304", "121.4737"),
            p("31.2348", "121.4737"),
            Decimal::from(500),
            r
        ));
    }

    #[test]
    fn the_series_and_newton_agree_where_they_meet() {
        let y: Decimal = "0.0999999".parse().unwrap();
        let z: Decimal = "0.1000001".parse().unwrap();
        assert!((arcsin(z) - arcsin(y)) < "0.0000003".parse().unwrap());
        assert!((arcsin(z) - arcsin(y)) > Decimal::ZERO);
    }

    #[test]
    fn antipodes_are_half_a_circumference_apart() {
        let r = Decimal::from(6_371_000);
        let d = distance(p("0", "0"), p("0", "180"), r);
        assert_eq!(d.round_dp(0), (Decimal::PI * r).round_dp(0));
    }
}
