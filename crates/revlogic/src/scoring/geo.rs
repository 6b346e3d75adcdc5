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

fn radians(degrees: Decimal) -> Option<Decimal> {
    degrees
        .checked_mul(Decimal::PI)?
        .checked_div(Decimal::from(180))
}

/// The haversine term `a` (0 … 1) of two valid points. `None` only if the decimal arithmetic
/// failed, which validated coordinates cannot make it do.
pub fn haversine_term(p: GeoPoint, q: GeoPoint) -> Option<Decimal> {
    let (phi1, phi2) = (radians(p.lat)?, radians(q.lat)?);
    let half_dphi = phi2.checked_sub(phi1)?.checked_div(Decimal::TWO)?;
    let half_dlambda = radians(q.lon.checked_sub(p.lon)?)?.checked_div(Decimal::TWO)?;
    let s1 = half_dphi.checked_sin()?;
    let s2 = half_dlambda.checked_sin()?;
    let cosines = phi1.checked_cos()?.checked_mul(phi2.checked_cos()?)?;
    let a = s1
        .checked_mul(s1)?
        .checked_add(cosines.checked_mul(s2.checked_mul(s2)?)?)?;
    Some(a.clamp(Decimal::ZERO, Decimal::ONE))
}

/// The haversine term of two points exactly `threshold` metres apart on a sphere of `radius`
/// metres, `sin²(D ÷ 2R)`: compute it once per model, then compare with [`haversine_term`].
/// `None` when the threshold is half the circumference or more (no two points are farther).
pub fn threshold_term(threshold: Decimal, radius: Decimal) -> Option<Decimal> {
    let half_angle = threshold.checked_div(Decimal::TWO.checked_mul(radius)?)?;
    if half_angle >= Decimal::HALF_PI {
        return None;
    }
    let s = half_angle.checked_sin()?;
    s.checked_mul(s)
}

/// Whether two points are more than `threshold` metres apart on a sphere of `radius` metres.
pub fn farther_than(p: GeoPoint, q: GeoPoint, threshold: Decimal, radius: Decimal) -> bool {
    match (threshold_term(threshold, radius), haversine_term(p, q)) {
        (Some(limit), Some(term)) => term > limit,
        _ => false,
    }
}

/// The great-circle distance in metres, for explanations.
pub fn distance(p: GeoPoint, q: GeoPoint, radius: Decimal) -> Option<Decimal> {
    distance_from_term(haversine_term(p, q)?, radius)
}

/// The distance for a haversine term already computed: `2R · asin(√a)`.
pub fn distance_from_term(a: Decimal, radius: Decimal) -> Option<Decimal> {
    let root = a.clamp(Decimal::ZERO, Decimal::ONE).sqrt()?;
    Decimal::TWO.checked_mul(radius)?.checked_mul(arcsin(root)?)
}

/// Where [`arcsin`] switches from the series to Newton's method.
const SERIES_BELOW: Decimal = Decimal::from_parts(1, 0, 0, false, 1); // 0.1
/// Above this, `asin y = π/2 − asin √(1 − y²)`: the complement is then below 0.705, under
/// the bound again, so the identity is applied once and never recursively.
const COMPLEMENT_ABOVE: Decimal = Decimal::from_parts(71, 0, 0, false, 2); // 0.71

/// `asin(y)` for `0 ≤ y ≤ 1`, with a bounded number of steps for every input.
fn arcsin(y: Decimal) -> Option<Decimal> {
    let y = y.clamp(Decimal::ZERO, Decimal::ONE);
    if y > COMPLEMENT_ABOVE {
        let complement = Decimal::ONE
            .checked_sub(y.checked_mul(y)?)?
            .max(Decimal::ZERO);
        return Decimal::HALF_PI.checked_sub(arcsin_up_to_bound(complement.sqrt()?)?);
    }
    arcsin_up_to_bound(y)
}

/// `asin(y)` for `0 ≤ y ≤ 0.71`. Below 0.1 (any distance under about 1 270 km) the Taylor
/// series `y + y³/6 + 3y⁵/40 + …` reaches full precision in a dozen terms. Above, Newton's
/// method on `sin x = y` starts at `x = y` and stays where `cos x ≥ 0.7`, so each step at
/// least halves the error: 40 steps are far more than 28 digits need.
fn arcsin_up_to_bound(y: Decimal) -> Option<Decimal> {
    if y < SERIES_BELOW {
        let y2 = y.checked_mul(y)?;
        let mut term = y; // (2k)! / (4^k (k!)^2) · y^(2k+1), without the 1/(2k+1)
        let mut sum = y;
        for k in 1..40u32 {
            let k = Decimal::from(k);
            let two_k = Decimal::TWO.checked_mul(k)?;
            term = term
                .checked_mul(y2)?
                .checked_mul(two_k.checked_sub(Decimal::ONE)?)?
                .checked_div(two_k)?;
            let add = term.checked_div(two_k.checked_add(Decimal::ONE)?)?;
            if add.is_zero() {
                break;
            }
            sum = sum.checked_add(add)?;
        }
        return Some(sum);
    }
    let mut x = y;
    for _ in 0..40 {
        let step = x
            .checked_sin()?
            .checked_sub(y)?
            .checked_div(x.checked_cos()?)?;
        x = x.checked_sub(step)?;
        if step.abs() < Decimal::new(1, 24) {
            break;
        }
    }
    Some(x)
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
        let d = distance(p("31.2304", "121.4737"), p("31.2349", "121.4737"), r).unwrap();
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
        let gap = arcsin(z).unwrap() - arcsin(y).unwrap();
        assert!(gap < "0.0000003".parse().unwrap());
        assert!(gap > Decimal::ZERO);
    }

    #[test]
    fn antipodes_are_half_a_circumference_apart() {
        let r = Decimal::from(6_371_000);
        let d = distance(p("0", "0"), p("0", "180"), r).unwrap();
        assert_eq!(d.round_dp(0), (Decimal::PI * r).round_dp(0));
    }

    /// The whole input range, against the platform's `asin` (a test may use floats; the
    /// library never does): every step of 1/20 000 and each region's edges.
    #[test]
    fn arcsin_matches_a_reference_over_the_whole_range() {
        let mut ys: Vec<Decimal> = (0..=20_000)
            .map(|i| Decimal::new(i, 0) / Decimal::from(20_000))
            .collect();
        for edge in [
            "0.0999999999",
            "0.1",
            "0.7",
            "0.7071067811865475",
            "0.7071067811865476",
            "0.709",
            "0.71",
            "0.7100000001",
            "0.714",
            "0.9999999999",
            "1",
        ] {
            ys.push(edge.parse().unwrap());
        }
        for y in ys {
            let ours = arcsin(y).unwrap();
            let reference = f64::asin(y.to_string().parse::<f64>().unwrap());
            let ours_f: f64 = ours.to_string().parse().unwrap();
            // 1e-12 is near f64's own accuracy here; near 1 asin is steep, so compare sin too.
            assert!(
                (ours_f - reference).abs() < 1e-9,
                "asin({y}) = {ours}, reference {reference}"
            );
            assert!(
                (ours.sin() - y).abs() < Decimal::new(1, 15),
                "sin(asin({y})) = {}",
                ours.sin()
            );
        }
    }

    #[test]
    fn a_bad_gps_fix_far_from_the_customer_has_a_distance() {
        // The classic 0,0 fix against a customer at the pole: a quarter meridian, 10 007.5 km.
        let r = Decimal::from(6_371_000);
        let d = distance(p("0", "0"), p("90", "0"), r).unwrap();
        assert_eq!(d.round_dp(0), (Decimal::HALF_PI * r).round_dp(0));
        // Every distance between the poles and the equator, in steps of 0.01 degree of latitude.
        for hundredths in 0..=9_000 {
            let lat = Decimal::new(hundredths, 2);
            let d = distance(
                p("0", "0"),
                GeoPoint {
                    lat,
                    lon: Decimal::ZERO,
                },
                r,
            )
            .unwrap();
            let expected = lat * Decimal::PI / Decimal::from(180) * r;
            assert!(
                (d - expected).abs() < Decimal::new(1, 3),
                "lat {lat}: {d} vs {expected}"
            );
        }
    }
}
