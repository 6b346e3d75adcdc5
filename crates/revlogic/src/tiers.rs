//! Tier tables: ordered bands over a non-negative base (an amount, a quantity or an attainment),
//! each with a rate or a fixed amount. Commission accelerators and rebate volume tiers both use
//! this module, so the two domains cannot disagree about what a tier means.
//!
//! Nothing about a table is implied; the document states:
//! - the **mode** (see [`TierMode`]): `graduated` (each band's rate on the part of the base
//!   inside that band — also called stepped or incremental), `retroactive` (the reached band's
//!   rate on the whole base — also called cumulative), or `fixedAmount` (the reached band pays
//!   its stated amount whatever the base — a lump sum, the "total" mode);
//! - the **boundary** rule (see [`Boundary`]): which band a value exactly on a shared bound
//!   belongs to;
//! - the **bands**, each with an explicit `from` and (except the last) an explicit `to`.
//!
//! A "rolling" tier — graduated over a running total carried from earlier deals or periods —
//! is the graduated mode evaluated over a span (`evaluate_span(start, end)`): the part of the
//! running total between `start` and `end` is sliced into bands. The commission plan's
//! accelerator scope (`deal` or `period`) decides what the span is.
//!
//! Loading rejects every table in which some base would fall outside all bands or inside two:
//! the first band starts at 0, each band starts exactly where the previous one ends (no gaps,
//! no overlaps), bounds increase, and the last band is open-ended. So a value in a gap or above
//! the last band can never silently pay 0.

use crate::error::{ErrorCode, Problem, Problems};
use crate::wire;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::sync::Arc;

/// How a table turns a base into an amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum TierMode {
    /// Each band's rate applies to the part of the base inside that band; the amounts add up
    /// (阶梯累进). Base 150 over bands 0–100 at 1% and 100+ at 2% pays 1 + 1 = 2.
    Graduated,
    /// The rate of the band the base reaches applies to the whole base (全额累计). Base 150
    /// over the same bands pays 150 × 2% = 3.
    Retroactive,
    /// The band the base reaches pays its fixed `amount`, whatever the base.
    FixedAmount,
}

/// Which band owns a value lying exactly on the bound two bands share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum Boundary {
    /// Bands are `[from, to)`: a value equal to a shared bound belongs to the upper band
    /// ("from 100% on, ×1.5").
    LowerInclusive,
    /// Bands are `(from, to]`: a value equal to a shared bound belongs to the lower band
    /// ("up to and including 100%, ×1.0"). The first band also includes 0.
    UpperInclusive,
}

/// A tier table as a settings screen writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TierTableDoc {
    pub mode: TierMode,
    pub boundary: Boundary,
    /// Bands in ascending order: the first from 0, each starting where the previous one ends,
    /// the last without `to`.
    pub bands: Vec<BandDoc>,
}

/// One band of a tier table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct BandDoc {
    /// A stable id, quoted in explanations (`"T2"`, `"accelerated"`).
    pub id: String,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub from: Decimal,
    /// The upper bound; absent on the open-ended top band only.
    #[serde(
        default,
        with = "wire::decimal_opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub to: Option<Decimal>,
    /// The band's rate (a fraction: `"0.05"` is 5%, or a factor such as `"1.5"`); required
    /// in the `graduated` and `retroactive` modes.
    #[serde(
        default,
        with = "wire::decimal_opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub rate: Option<Decimal>,
    /// The band's fixed amount; required in the `fixedAmount` mode.
    #[serde(
        default,
        with = "wire::decimal_opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub amount: Option<Decimal>,
}

/// A validated band.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub id: Arc<str>,
    pub from: Decimal,
    pub to: Option<Decimal>,
    /// The rate, or in `fixedAmount` mode the amount.
    pub value: Decimal,
}

/// A validated tier table.
#[derive(Debug, Clone, PartialEq)]
pub struct TierTable {
    pub mode: TierMode,
    pub boundary: Boundary,
    pub bands: Vec<Band>,
}

/// The part of a base that fell into one band and what it earned there.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TierSlice {
    pub band: Arc<str>,
    /// The part of the base inside the band (the whole base in `retroactive` and
    /// `fixedAmount` modes).
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub base: Decimal,
    /// The band's rate; absent in `fixedAmount` mode.
    #[serde(with = "wire::decimal_opt", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub rate: Option<Decimal>,
    /// `base × rate`, or the band's fixed amount. Not rounded.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub amount: Decimal,
}

/// What a table gives for a base: the total, the band reached and the slices that add up to
/// the total exactly.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TierOutcome {
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub amount: Decimal,
    /// The band the base (or the end of the span) reached.
    pub reached: Arc<str>,
    pub slices: Vec<TierSlice>,
}

impl TierTable {
    /// Validates a table, pushing every problem (paths under `path`) and returning the table
    /// only when there were none.
    pub fn load(doc: &TierTableDoc, path: &str, problems: &mut Problems) -> Option<TierTable> {
        let before = problems.len();
        let at = |i: usize, field: &str| format!("{path}.bands[{i}].{field}");
        if doc.bands.is_empty() {
            problems.push(
                ErrorCode::EmptyTierTable,
                format!("{path}.bands"),
                "a tier table needs at least one band",
            );
            return None;
        }
        let mut ids = HashSet::new();
        let mut bands = Vec::with_capacity(doc.bands.len());
        let mut previous: Option<(usize, Option<Decimal>)> = None;
        for (i, band) in doc.bands.iter().enumerate() {
            if !ids.insert(band.id.as_str()) {
                problems.push(
                    ErrorCode::DuplicateId,
                    at(i, "id"),
                    format!("band id `{}` is used twice", band.id),
                );
            }
            if band.from.is_sign_negative() && !band.from.is_zero() {
                problems.push(
                    ErrorCode::OutOfRange,
                    at(i, "from"),
                    format!("band `{}` starts below 0", band.id),
                );
            }
            if let Some(to) = band.to {
                if to <= band.from {
                    problems.push(
                        ErrorCode::TierBoundsNotIncreasing,
                        at(i, "to"),
                        format!(
                            "band `{}` ends at {to}, not above its start {}",
                            band.id, band.from
                        ),
                    );
                }
            }
            match previous {
                None if !band.from.is_zero() => problems.push(
                    ErrorCode::TierGap,
                    at(i, "from"),
                    format!(
                        "the first band starts at {}; bases below it would fall in no band (start it at 0, with rate 0 if nothing is paid there)",
                        band.from
                    ),
                ),
                None => {}
                Some((j, None)) => problems.push(
                    ErrorCode::TierUnreachable,
                    format!("{path}.bands[{i}]"),
                    format!(
                        "band `{}` follows the open-ended band `{}` and can never be reached",
                        band.id, doc.bands[j].id
                    ),
                ),
                Some((j, Some(prev_to))) => {
                    let prev = &doc.bands[j];
                    if band.to.is_some_and(|to| to <= prev_to) && band.from < prev_to {
                        problems.push(
                            ErrorCode::TierUnreachable,
                            format!("{path}.bands[{i}]"),
                            format!(
                                "band `{}` lies inside band `{}` and can never be reached",
                                band.id, prev.id
                            ),
                        );
                    } else if band.from < prev_to {
                        problems.push(
                            ErrorCode::TierOverlap,
                            at(i, "from"),
                            format!(
                                "band `{}` starts at {} but band `{}` runs to {prev_to}",
                                band.id, band.from, prev.id
                            ),
                        );
                    } else if band.from > prev_to {
                        problems.push(
                            ErrorCode::TierGap,
                            at(i, "from"),
                            format!(
                                "band `{}` starts at {} but band `{}` ends at {prev_to}; bases in between would fall in no band",
                                band.id, band.from, prev.id
                            ),
                        );
                    }
                }
            }
            let (value, field) = match doc.mode {
                TierMode::FixedAmount => (band.amount, "amount"),
                _ => (band.rate, "rate"),
            };
            let other = match doc.mode {
                TierMode::FixedAmount => band.rate.map(|_| "rate"),
                _ => band.amount.map(|_| "amount"),
            };
            if let Some(other) = other {
                problems.push(
                    ErrorCode::InvalidValue,
                    at(i, other),
                    format!("`{other}` does not apply in this table's mode; use `{field}`"),
                );
            }
            match value {
                None => problems.push(
                    ErrorCode::MissingField,
                    at(i, field),
                    format!("band `{}` needs a `{field}` in this table's mode", band.id),
                ),
                Some(v) if v.is_sign_negative() && !v.is_zero() => problems.push(
                    ErrorCode::NegativeRate,
                    at(i, field),
                    format!("band `{}` has a negative {field} {v}", band.id),
                ),
                Some(_) => {}
            }
            previous = Some((i, band.to));
            bands.push(Band {
                id: Arc::from(band.id.as_str()),
                from: band.from,
                to: band.to,
                value: value.unwrap_or_default(),
            });
        }
        if let Some((i, Some(to))) = previous {
            problems.push(
                ErrorCode::TierNotOpenEnded,
                at(i, "to"),
                format!(
                    "the last band `{}` ends at {to}; bases above it would fall in no band (leave `to` out)",
                    doc.bands[i].id
                ),
            );
        }
        (problems.len() == before).then_some(TierTable {
            mode: doc.mode,
            boundary: doc.boundary,
            bands,
        })
    }

    /// The same table with every bound multiplied by `factor` (e.g. attainment bounds times a
    /// rep's quota give revenue bounds). Multiplying keeps everything exact.
    pub fn scaled(&self, factor: Decimal) -> Result<TierTable, Problem> {
        let mul = |x: Decimal| x.checked_mul(factor).ok_or_else(|| overflow("tier bound"));
        let mut bands = Vec::with_capacity(self.bands.len());
        for band in &self.bands {
            bands.push(Band {
                id: band.id.clone(),
                from: mul(band.from)?,
                to: band.to.map(mul).transpose()?,
                value: band.value,
            });
        }
        Ok(TierTable {
            mode: self.mode,
            boundary: self.boundary,
            bands,
        })
    }

    /// The band a base reaches under the table's boundary rule.
    pub fn reached(&self, base: Decimal) -> &Band {
        let index = self.bands.iter().position(|band| match band.to {
            None => true,
            Some(to) => match self.boundary {
                Boundary::LowerInclusive => base < to,
                Boundary::UpperInclusive => base <= to,
            },
        });
        // The last band is open-ended (checked on load), so `position` always finds one.
        &self.bands[index.unwrap_or(self.bands.len() - 1)]
    }

    /// The table applied to `base` in its mode.
    pub fn evaluate(&self, base: Decimal) -> Result<TierOutcome, Problem> {
        check_base(base)?;
        match self.mode {
            TierMode::Graduated => self.graduated_span(Decimal::ZERO, base),
            TierMode::Retroactive => {
                let band = self.reached(base);
                let amount = base
                    .checked_mul(band.value)
                    .ok_or_else(|| overflow("tier amount"))?;
                Ok(TierOutcome {
                    amount,
                    reached: band.id.clone(),
                    slices: vec![TierSlice {
                        band: band.id.clone(),
                        base,
                        rate: Some(band.value),
                        amount,
                    }],
                })
            }
            TierMode::FixedAmount => {
                let band = self.reached(base);
                Ok(TierOutcome {
                    amount: band.value,
                    reached: band.id.clone(),
                    slices: vec![TierSlice {
                        band: band.id.clone(),
                        base,
                        rate: None,
                        amount: band.value,
                    }],
                })
            }
        }
    }

    /// The graduated amount of the part of a running total between `start` and `end`
    /// (`0 ≤ start ≤ end`): each band's rate on the part of `[start, end]` inside it, whatever
    /// the table's mode. Zero-width parts give no slice, except that an empty span reports
    /// the band it sits in with a zero slice so the explanation still names it.
    pub fn graduated_span(&self, start: Decimal, end: Decimal) -> Result<TierOutcome, Problem> {
        check_base(start)?;
        check_base(end)?;
        let mut slices = Vec::new();
        let mut total = Decimal::ZERO;
        for part in self.parts(start, end) {
            let (band, base) = part?;
            let amount = part_amount(band, base)?;
            total = add_part(total, amount)?;
            slices.push(TierSlice {
                band: band.id.clone(),
                base,
                rate: Some(band.value),
                amount,
            });
        }
        let reached = self.reached(end);
        if slices.is_empty() {
            slices.push(TierSlice {
                band: reached.id.clone(),
                base: Decimal::ZERO,
                rate: Some(reached.value),
                amount: Decimal::ZERO,
            });
        }
        Ok(TierOutcome {
            amount: total,
            reached: reached.id.clone(),
            slices,
        })
    }

    /// The amount of [`graduated_span`](Self::graduated_span) without its slices, for totals
    /// that show no lines.
    pub fn graduated_amount(&self, start: Decimal, end: Decimal) -> Result<Decimal, Problem> {
        check_base(start)?;
        check_base(end)?;
        let mut total = Decimal::ZERO;
        for part in self.parts(start, end) {
            let (band, base) = part?;
            total = add_part(total, part_amount(band, base)?)?;
        }
        Ok(total)
    }

    /// Each band with the width of `[start, end]` inside it, zero-width parts left out.
    fn parts(
        &self,
        start: Decimal,
        end: Decimal,
    ) -> impl Iterator<Item = Result<(&Band, Decimal), Problem>> {
        // The bands are contiguous and ascending (checked on load): those ending at or before
        // `start` hold no part of the span, and none after the band holding `end` does.
        let first = self
            .bands
            .iter()
            .position(|band| band.to.is_none_or(|to| to > start))
            .unwrap_or(self.bands.len());
        let last = self.bands[first..]
            .iter()
            .position(|band| band.to.is_none_or(|to| end <= to))
            .map_or(self.bands.len(), |i| first + i + 1);
        self.bands[first..last].iter().filter_map(move |band| {
            let lo = band.from.max(start);
            let hi = band.to.map_or(end, |to| to.min(end));
            // Both ends are non-negative, so the width is within the decimal range; the check
            // only keeps a table built by hand with negative bounds from panicking.
            (hi > lo).then(|| {
                hi.checked_sub(lo)
                    .map(|width| (band, width))
                    .ok_or_else(|| overflow("tier width"))
            })
        })
    }
}

fn part_amount(band: &Band, base: Decimal) -> Result<Decimal, Problem> {
    base.checked_mul(band.value)
        .ok_or_else(|| overflow("tier amount"))
}

fn add_part(total: Decimal, amount: Decimal) -> Result<Decimal, Problem> {
    total
        .checked_add(amount)
        .ok_or_else(|| overflow("tier total"))
}

fn check_base(base: Decimal) -> Result<(), Problem> {
    if base.is_sign_negative() && !base.is_zero() {
        return Err(Problem::new(
            ErrorCode::NegativeAmount,
            "",
            format!("a tier base must not be negative (got {base})"),
        ));
    }
    Ok(())
}

fn overflow(what: &str) -> Problem {
    Problem::new(
        ErrorCode::Overflow,
        "",
        format!("{what} left the decimal range"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn table(value: serde_json::Value) -> Result<TierTable, Vec<Problem>> {
        let doc: TierTableDoc = serde_json::from_value(value).unwrap();
        let mut problems = Problems::new();
        let table = TierTable::load(&doc, "tiers", &mut problems);
        match table {
            Some(t) => Ok(t),
            None => Err(problems.into_vec()),
        }
    }

    fn two_bands(mode: &str, boundary: &str) -> TierTable {
        table(json!({
            "mode": mode, "boundary": boundary,
            "bands": [
                {"id": "low", "from": "0", "to": "100", "rate": "0.01"},
                {"id": "high", "from": "100", "rate": "0.02"}
            ]
        }))
        .unwrap()
    }

    #[test]
    fn the_graduated_amount_is_the_total_of_the_graduated_slices() {
        let t = table(
            json!({"mode": "graduated", "boundary": "lowerInclusive", "bands": [
            {"id": "a", "from": "0", "to": "100", "rate": "0.01"},
            {"id": "b", "from": "100", "to": "250", "rate": "0.02"},
            {"id": "c", "from": "250", "rate": "0.05"}]}),
        )
        .unwrap();
        for (start, end) in [
            ("0", "0"),
            ("0", "50"),
            ("50", "100"),
            ("100", "100"),
            ("90", "260"),
            ("100", "250"),
            ("250", "900"),
            ("0", "1000"),
            ("120.5", "130.25"),
        ] {
            let (start, end) = (d(start), d(end));
            let span = t.graduated_span(start, end).unwrap();
            let slices: Decimal = span.slices.iter().map(|s| s.amount).sum();
            assert_eq!(
                t.graduated_amount(start, end).unwrap(),
                span.amount,
                "{start}..{end}"
            );
            assert_eq!(span.amount, slices, "{start}..{end}");
        }
        assert_eq!(t.graduated_amount(d("90"), d("260")).unwrap(), d("3.6"));
    }

    #[test]
    fn graduated_and_retroactive_differ_as_documented() {
        let g = two_bands("graduated", "lowerInclusive")
            .evaluate(d("150"))
            .unwrap();
        assert_eq!(g.amount, d("2.00"));
        assert_eq!(g.slices.len(), 2);
        let r = two_bands("retroactive", "lowerInclusive")
            .evaluate(d("150"))
            .unwrap();
        assert_eq!(r.amount, d("3.00"));
        assert_eq!(&*r.reached, "high");
    }

    #[test]
    fn the_boundary_rule_decides_a_value_on_a_shared_bound() {
        let lower = two_bands("retroactive", "lowerInclusive");
        assert_eq!(&*lower.reached(d("100")).id, "high");
        let upper = two_bands("retroactive", "upperInclusive");
        assert_eq!(&*upper.reached(d("100")).id, "low");
        assert_eq!(&*upper.reached(d("0")).id, "low");
    }

    #[test]
    fn every_bad_band_is_reported() {
        let problems = table(json!({
            "mode": "graduated", "boundary": "lowerInclusive",
            "bands": [
                {"id": "a", "from": "10", "to": "100", "rate": "0.01"},
                {"id": "b", "from": "90", "to": "200", "rate": "-0.02"},
                {"id": "c", "from": "250", "to": "240", "rate": "0.03"},
                {"id": "c", "from": "240", "to": "300"}
            ]
        }))
        .unwrap_err();
        let codes: Vec<(&str, &str)> = problems
            .iter()
            .map(|p| (p.code.as_str(), p.path.as_str()))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("TIER_GAP", "tiers.bands[0].from"),
                ("TIER_OVERLAP", "tiers.bands[1].from"),
                ("NEGATIVE_RATE", "tiers.bands[1].rate"),
                ("TIER_BOUNDS_NOT_INCREASING", "tiers.bands[2].to"),
                ("TIER_GAP", "tiers.bands[2].from"),
                ("DUPLICATE_ID", "tiers.bands[3].id"),
                ("MISSING_FIELD", "tiers.bands[3].rate"),
                ("TIER_NOT_OPEN_ENDED", "tiers.bands[3].to"),
            ]
        );
    }

    #[test]
    fn a_band_after_the_open_top_band_is_unreachable() {
        let problems = table(json!({
            "mode": "retroactive", "boundary": "lowerInclusive",
            "bands": [
                {"id": "a", "from": "0", "rate": "0.01"},
                {"id": "b", "from": "100", "rate": "0.02"}
            ]
        }))
        .unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code, ErrorCode::TierUnreachable);
    }

    #[test]
    fn fixed_amount_pays_the_reached_band() {
        let t = table(json!({
            "mode": "fixedAmount", "boundary": "lowerInclusive",
            "bands": [
                {"id": "none", "from": "0", "to": "100", "amount": "0"},
                {"id": "bonus", "from": "100", "amount": "500"}
            ]
        }))
        .unwrap();
        assert_eq!(t.evaluate(d("99.99")).unwrap().amount, d("0"));
        assert_eq!(t.evaluate(d("100")).unwrap().amount, d("500"));
    }

    #[test]
    fn scaling_multiplies_bounds_only() {
        let t = two_bands("graduated", "lowerInclusive")
            .scaled(d("3"))
            .unwrap();
        assert_eq!(t.bands[1].from, d("300"));
        assert_eq!(t.bands[0].value, d("0.01"));
    }
}
