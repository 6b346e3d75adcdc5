//! Red / yellow / green bands (红黄绿灯): two thresholds on a score, lower bounds inclusive
//! unless the document says otherwise.

use crate::error::{ErrorCode, Problems};
use crate::wire;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The colour a score falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum Band {
    Green,
    Yellow,
    Red,
}

/// Whether a score equal to a threshold reaches the band above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum LowerBound {
    /// `score ≥ green` is green (the default).
    #[default]
    Inclusive,
    /// `score > green` is green.
    Exclusive,
}

/// The thresholds of a model's bands: green from `green`, yellow from `yellow`, red below.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Bands {
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub green: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub yellow: Decimal,
    #[serde(default)]
    pub lower_bound: LowerBound,
}

impl Bands {
    pub fn new(green: Decimal, yellow: Decimal) -> Self {
        Bands {
            green,
            yellow,
            lower_bound: LowerBound::Inclusive,
        }
    }

    /// Checks that both thresholds lie in the score's range and that yellow is not above green.
    pub fn validate(&self, min: Decimal, max: Decimal, path: &str, problems: &mut Problems) {
        for (name, value) in [("green", self.green), ("yellow", self.yellow)] {
            if value < min || value > max {
                problems.push(
                    ErrorCode::OutOfRange,
                    format!("{path}.{name}"),
                    format!("the {name} threshold {value} is outside the score range {min}–{max}"),
                );
            }
        }
        if self.yellow > self.green {
            problems.push(
                ErrorCode::InvalidValue,
                format!("{path}.yellow"),
                format!(
                    "the yellow threshold {} is above the green threshold {}",
                    self.yellow, self.green
                ),
            );
        }
    }

    pub fn classify(&self, score: Decimal) -> Band {
        let reaches = |threshold: Decimal| match self.lower_bound {
            LowerBound::Inclusive => score >= threshold,
            LowerBound::Exclusive => score > threshold,
        };
        if reaches(self.green) {
            Band::Green
        } else if reaches(self.yellow) {
            Band::Yellow
        } else {
            Band::Red
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn boundaries_land_in_the_band_above_unless_exclusive() {
        let mut bands = Bands::new(d("0.85"), d("0.70"));
        assert_eq!(bands.classify(d("0.85")), Band::Green);
        assert_eq!(bands.classify(d("0.8499")), Band::Yellow);
        assert_eq!(bands.classify(d("0.70")), Band::Yellow);
        assert_eq!(bands.classify(d("0.6999")), Band::Red);
        bands.lower_bound = LowerBound::Exclusive;
        assert_eq!(bands.classify(d("0.85")), Band::Yellow);
        assert_eq!(bands.classify(d("0.70")), Band::Red);
    }
}
