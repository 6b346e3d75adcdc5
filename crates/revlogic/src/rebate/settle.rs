//! Settling a period into an audited statement (经审计的返点明细表): figures, each component
//! with the steps that produced it, the entitlement to date minus earlier settlements, and the
//! rebate allocated back to every order line, summing exactly.

use super::chronology::{value_bands, Chronology, UnitSlice};
use super::document::ComponentKind;
use super::figures::{add_exact, overflow, ComponentOutcome, Entitlement, Figures};
use super::ledger::IgnoredRecord;
use super::request::{SettleDetail, SettleRequest};
use super::RebateAgreement;
use crate::batch::Rejection;
use crate::error::{Error, ErrorKind};
use crate::explain::{Outcome, Step, Tracer};
use crate::money::{allocate, Currency, Money};
use crate::tiers::TierSlice;
use crate::wire;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{json, Value};
use std::sync::Arc;

/// The settlement of one period.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Settlement {
    pub agreement_id: String,
    pub distributor: String,
    pub currency: Currency,
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub period_start: NaiveDate,
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub period_end: NaiveDate,
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub as_of: NaiveDate,
    pub figures: Figures,
    /// Every coefficient of the agreement and whether it held on the figures.
    pub coefficients: Vec<CoefficientResult>,
    /// One line per configured component, in the agreement's order.
    pub components: Vec<ComponentLine>,
    /// The rebate earned to `asOf`: the sum of the components.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub entitlement: Decimal,
    /// The sum of `priorSettlements`.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub prior_settled: Decimal,
    /// `entitlement − priorSettled`: what this run settles (negative: an adjustment back).
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub settlement: Decimal,
    /// Every accepted order line with its share of the entitlement (empty with
    /// `detail: "totals"`). The shares sum exactly to `entitlement − unallocated`.
    pub lines: Vec<LineRebate>,
    /// A component with nothing to allocate it over (e.g. a fixed new-product bonus with
    /// no new-product lines left after returns) stays here rather than vanishing.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub unallocated: Decimal,
    /// Valid records that do not count (rebate credit notes), each with the reason.
    pub ignored: Vec<IgnoredRecord>,
    /// Records that could not be used, each with its code and path.
    pub rejected: Vec<Rejection>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CoefficientResult {
    pub id: String,
    pub holds: bool,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub factor: Decimal,
    pub condition: String,
}

/// One component of the rebate.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ComponentLine {
    pub component: ComponentKind,
    /// What the rate or tiers applied to (the figure less `deducted`).
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub base: Decimal,
    /// Earlier components deducted from the figure (`baseAfterEarlier`).
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub deducted: Decimal,
    /// The volume band reached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub band: Option<String>,
    /// The volume tier slices, which add up to `raw` exactly.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub slices: Vec<TierSlice>,
    /// Chronologically valued quantity tiers: the units in each band and their value (the
    /// `base` of the matching slice).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unit_slices: Vec<UnitSlice>,
    /// New-product bonus: whether the target was reached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qualifies: Option<bool>,
    /// Before coefficients, caps and rounding.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub raw: Decimal,
    /// The product of the coefficients that held and apply here.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub factor: Decimal,
    pub coefficients: Vec<String>,
    pub capped: bool,
    /// What the agreement's total cap took from this component.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub total_cap_cut: Decimal,
    /// The component's rebate, rounded to the currency's minor unit.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub amount: Decimal,
    pub explanation: Vec<Step>,
}

/// An order line's share of the rebate.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LineRebate {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    /// The line's value less its returns: its weight in the allocation.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub net: Decimal,
    /// An excluded SKU or category: it earns nothing.
    pub excluded: bool,
    pub new_product: bool,
    /// The line's share of each component, by component name.
    pub components: LineComponents,
    /// The sum of the shares.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub rebate: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LineComponents {
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub volume: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub new_product: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub payment: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub growth: Decimal,
}

impl RebateAgreement {
    /// Settles a period: the entitlement to `asOf` minus what was already settled, by
    /// component with explanations, allocated back to the order lines.
    ///
    /// Overflow: the settlement is one figure of the whole period, so arithmetic that leaves
    /// the decimal range fails the call with an `OVERFLOW` at the record and field that took
    /// it out (see `ledger`), or at the list a whole-period figure is summed from (`lines`,
    /// `payments`) or `priorSettlements` for `entitlement − priorSettled`.
    pub fn settle(&self, request: &SettleRequest) -> Result<Settlement, Error> {
        let ledger = self.ledger(request)?;
        let fail = |p| Error::single(ErrorKind::Input, p);
        // Graduated quantity tiers valued chronologically depend on the order of purchase,
        // not only on the sums: stack the lines once.
        let chronology = match self.chronological() {
            Some(tiers) => {
                let stack = Chronology::of_lines(&ledger.lines).map_err(fail)?;
                let valued = value_bands(tiers, &[stack.whole()]).map_err(fail)?;
                Some((tiers, stack, valued))
            }
            None => None,
        };
        let entitlement = self
            .entitlement(&ledger.sums, chronology.as_ref().map(|(_, _, v)| v))
            .map_err(fail)?;
        let scale = self.currency.minor_units();
        let zero = {
            let mut z = Decimal::ZERO;
            z.rescale(scale);
            move || z
        };

        let mut lines: Vec<LineRebate> = Vec::new();
        let mut unallocated = zero();
        if request.detail == SettleDetail::Lines {
            // Chronological valuation: a line's volume share follows the value of its units in
            // each band × the band's rate, not its net value.
            let volume_weights = match &chronology {
                Some((tiers, stack, _)) => {
                    let mut w = vec![Decimal::ZERO; ledger.lines.len()];
                    let weights = stack.weights(tiers).map_err(|j| {
                        let line = &ledger.lines[stack.line[j]];
                        fail(overflow(
                            format!("lines[{}].amount", line.index),
                            format!("order line `{}`: its share of the volume tiers", line.id()),
                        ))
                    })?;
                    for (j, weight) in weights.into_iter().enumerate() {
                        w[stack.line[j]] = weight;
                    }
                    Some(w)
                }
                None => None,
            };
            lines = Vec::with_capacity(ledger.lines.len());
            for l in &ledger.lines {
                // Returns are at most the line's amount (checked in the ledger): in range.
                let net = l.amount().checked_sub(l.returned).ok_or_else(|| {
                    fail(overflow(
                        format!("lines[{}].amount", l.index),
                        format!("order line `{}`: its net value", l.id()),
                    ))
                })?;
                lines.push(LineRebate {
                    id: l.id().to_string(),
                    order_id: l.order_id().map(str::to_string),
                    net,
                    excluded: l.excluded,
                    new_product: l.new_product,
                    components: LineComponents {
                        volume: zero(),
                        new_product: zero(),
                        payment: zero(),
                        growth: zero(),
                    },
                    rebate: zero(),
                });
            }
            // Volume, payment and growth bonuses spread over every counted line by its net
            // value, the new-product bonus over the new-product lines only; each weight list is
            // built once, whatever the number of components using it.
            let mut counted: Option<Vec<Decimal>> = None;
            let mut new_products: Option<Vec<Decimal>> = None;
            for c in &entitlement.components {
                if c.amount.is_zero() {
                    continue;
                }
                let weights: &[Decimal] = match (&volume_weights, c.kind) {
                    (Some(w), ComponentKind::Volume) => w,
                    (_, ComponentKind::NewProduct) => {
                        new_products.get_or_insert_with(|| by_net(&lines, true))
                    }
                    _ => counted.get_or_insert_with(|| by_net(&lines, false)),
                };
                // Component amounts sum exactly to the entitlement and each is non-negative:
                // these sums stay below it, to the minor unit. Checked all the same.
                let sum_over = || {
                    fail(overflow(
                        "lines",
                        format!(
                            "the rebate allocated to the lines of `{}`",
                            self.distributor
                        ),
                    ))
                };
                if weights.iter().all(Decimal::is_zero) {
                    unallocated = add_exact(unallocated, c.amount, scale).ok_or_else(sum_over)?;
                    continue;
                }
                let parts = allocate(Money::new(c.amount, self.currency), weights)
                    .map_err(|p| fail(p.under("lines")))?;
                for (line, part) in lines.iter_mut().zip(parts) {
                    let slot = match c.kind {
                        ComponentKind::Volume => &mut line.components.volume,
                        ComponentKind::NewProduct => &mut line.components.new_product,
                        ComponentKind::Payment => &mut line.components.payment,
                        ComponentKind::Growth => &mut line.components.growth,
                    };
                    *slot = part.amount;
                    line.rebate =
                        add_exact(line.rebate, part.amount, scale).ok_or_else(sum_over)?;
                }
            }
        }

        let settled_over = || {
            fail(overflow(
                "priorSettlements",
                format!(
                    "agreement `{}` for `{}`: the entitlement less prior settlements",
                    self.id, self.distributor
                ),
            ))
        };
        let mut settlement = entitlement
            .total
            .checked_sub(ledger.prior_settled)
            .ok_or_else(settled_over)?;
        // Shown with the places of both terms: the difference has at most those, so this only
        // adds zeros (and keeps fewer where 28 digits cannot hold them, the value unchanged).
        settlement.rescale(scale.max(ledger.prior_settled.scale()));
        Ok(Settlement {
            agreement_id: self.id.clone(),
            distributor: self.distributor.clone(),
            currency: self.currency,
            period_start: ledger.start,
            period_end: ledger.end,
            as_of: request.as_of,
            coefficients: self
                .coefficients
                .iter()
                .zip(&entitlement.held)
                .map(|(c, holds)| CoefficientResult {
                    id: c.id.to_string(),
                    holds: *holds,
                    factor: c.factor,
                    condition: c.when.describe(),
                })
                .collect(),
            components: entitlement
                .components
                .iter()
                .map(|c| self.component_line(c, &entitlement))
                .collect(),
            figures: entitlement.figures.clone(),
            entitlement: entitlement.total,
            prior_settled: ledger.prior_settled,
            settlement,
            lines,
            unallocated,
            ignored: ledger.ignored,
            rejected: ledger.rejected,
        })
    }

    fn component_line(&self, c: &ComponentOutcome, e: &Entitlement) -> ComponentLine {
        let rule: Arc<str> = Arc::from(c.kind.as_str());
        let mut t = Tracer::new(true);
        let figure_name = match c.kind {
            ComponentKind::Volume | ComponentKind::Growth => "netPurchases",
            ComponentKind::NewProduct => "newProductPurchases",
            ComponentKind::Payment => "paidOnTime",
        };
        t.step_with(
            &rule,
            Outcome::Computed,
            || {
                if c.deducted.is_zero() {
                    format!("base = {figure_name}")
                } else {
                    format!("base = {figure_name} − earlier components")
                }
            },
            || {
                (
                    Some(json!({figure_name: c.figure.to_string(), "deducted": c.deducted.to_string()})),
                    Some(Value::String(c.base.to_string())),
                )
            },
        );
        if let (ComponentKind::Growth, Some(q)) = (c.kind, c.qualifies) {
            t.step_with(
                &rule,
                if q { Outcome::Pass } else { Outcome::Skip },
                || match e.figures.growth_rate {
                    Some(_) => "growth rate over the same period last year picks the band".to_string(),
                    None if q => "no valid baseline last year: the first band applies".to_string(),
                    None => "no valid baseline last year (none, or not above 0): no growth bonus".to_string(),
                },
                || {
                    (
                        Some(json!({
                            "lastYearNetPurchases": e.figures.last_year_net_purchases.map(|d| d.to_string()),
                            "growthRate": e.figures.growth_rate.map(|d| d.to_string()),
                        })),
                        None,
                    )
                },
            );
        }
        if let Some(tier) = &c.tier {
            t.step_with(
                &Arc::from(format!("{}.tiers.{}", c.kind.as_str(), tier.reached)),
                Outcome::Computed,
                || format!("band `{}` reached; tiers applied to the base", tier.reached),
                || {
                    (
                        Some(json!({"base": c.base.to_string()})),
                        Some(Value::String(tier.amount.to_string())),
                    )
                },
            );
        }
        for u in &c.unit_slices {
            t.step_with(
                &Arc::from(format!("{}.tiers.{}", c.kind.as_str(), u.band)),
                Outcome::Computed,
                || {
                    format!(
                        "{} units in band `{}`, valued at the prices of the lines they were bought on, × rate",
                        u.units, u.band
                    )
                },
                || {
                    (
                        Some(json!({"units": u.units.to_string(), "value": u.value.to_string(), "rate": u.rate.to_string()})),
                        Some(Value::String(u.amount.to_string())),
                    )
                },
            );
        }
        if let (Some(q), Some(b)) = (c.qualifies, &self.new_product_bonus) {
            t.step_with(
                &rule,
                if q { Outcome::Pass } else { Outcome::Fail },
                || format!("newProductPurchases ≥ target {}", b.target),
                || {
                    (
                        Some(json!({"newProductPurchases": c.figure.to_string()})),
                        Some(Value::String(c.raw.to_string())),
                    )
                },
            );
        }
        if let (ComponentKind::Payment, Some(b)) = (c.kind, &self.payment_bonus) {
            t.step_with(
                &rule,
                Outcome::Computed,
                || {
                    format!(
                        "rate {} on amounts paid within {} days of their invoice",
                        b.rate, b.within_days
                    )
                },
                || (None, Some(Value::String(c.raw.to_string()))),
            );
        }
        for (coef, holds) in self.coefficients.iter().zip(&e.held) {
            if !coef.applies_to[c.kind.index()] {
                continue;
            }
            t.step_with(
                &coef.id,
                if *holds { Outcome::Pass } else { Outcome::Skip },
                || format!("when {} then × {}", coef.when.describe(), coef.factor),
                || (None, holds.then(|| Value::String(coef.factor.to_string()))),
            );
        }
        if let Some(cap) = c.capped_at {
            t.step_with(
                &Arc::from(format!("{}.cap", c.kind.as_str())),
                Outcome::Computed,
                || format!("capped at {cap}"),
                || (None, Some(Value::String(cap.to_string()))),
            );
        }
        if !c.total_cap_cut.is_zero() {
            t.step_with(
                &Arc::from("totalCap"),
                Outcome::Computed,
                || "the total cap takes from the last components first".to_string(),
                || (None, Some(Value::String(c.total_cap_cut.to_string()))),
            );
        }
        t.step_with(
            &Arc::from("rounding"),
            Outcome::Computed,
            || format!("rounded to {} decimal places", self.currency.minor_units()),
            || (None, Some(Value::String(c.amount.to_string()))),
        );
        ComponentLine {
            component: c.kind,
            base: c.base,
            deducted: c.deducted,
            band: c.tier.as_ref().map(|t| t.reached.to_string()),
            slices: c
                .tier
                .as_ref()
                .map(|t| t.slices.clone())
                .unwrap_or_default(),
            unit_slices: c.unit_slices.clone(),
            qualifies: c.qualifies,
            raw: c.raw,
            factor: c.factor,
            coefficients: c.coefficients.iter().map(|id| id.to_string()).collect(),
            capped: c.capped_at.is_some(),
            total_cap_cut: c.total_cap_cut,
            amount: c.amount,
            explanation: t.finish().map(|e| e.steps).unwrap_or_default(),
        }
    }
}

/// Each line's net value if it takes part (not excluded; a new product when `new_only`), else 0.
fn by_net(lines: &[LineRebate], new_only: bool) -> Vec<Decimal> {
    lines
        .iter()
        .map(|l| {
            if !l.excluded && (!new_only || l.new_product) {
                l.net
            } else {
                Decimal::ZERO
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::wire::ops::call;
    use crate::{ErrorCode, ErrorKind};
    use serde_json::{json, Value};

    fn agreement() -> Value {
        json!({
            "schemaVersion": 1, "id": "HZ-2026", "distributor": "D-HZ-01", "period": "quarter",
            "currency": "CNY",
            "newProducts": {"skus": ["NEW-1"]},
            "volume": {"tiers": {"mode": "retroactive", "boundary": "lowerInclusive", "bands": [
                {"id": "T1", "from": "0", "to": "500000", "rate": "0.01"},
                {"id": "T2", "from": "500000", "rate": "0.03"}
            ]}},
            "coefficients": []
        })
    }

    fn line(id: &str, amount: &str) -> Value {
        json!({"id": id, "date": "2026-01-10", "sku": "OLD-1", "amount": amount})
    }

    fn settle(agreement: Value, request: Value) -> crate::Error {
        let input = json!({"agreement": agreement, "request": request});
        match call("rebate.settle", &input) {
            Ok(v) => panic!("expected an error, got {v}"),
            Err(e) => e,
        }
    }

    /// 28 nines, the largest amount the wire takes: eight of them sum beyond 2^96.
    const NINES: &str = "9999999999999999999999999999";

    #[test]
    fn lines_summing_beyond_the_range_fail_at_the_one_that_did() {
        let lines: Vec<Value> = (1..=9).map(|i| line(&format!("L{i}"), NINES)).collect();
        let e = settle(
            agreement(),
            json!({"periodStart": "2026-01-01", "asOf": "2026-03-31", "lines": lines}),
        );
        assert_eq!(e.kind, ErrorKind::Input);
        assert_eq!(e.code(), ErrorCode::Overflow);
        assert_eq!(e.path(), "lines[7].amount");
        assert!(e.first().message.contains("`L8`"), "{}", e.first().message);
    }

    #[test]
    fn prior_settlements_summing_beyond_the_range_fail_at_the_one_that_did() {
        let e = settle(
            agreement(),
            json!({"periodStart": "2026-01-01", "asOf": "2026-03-31",
            "lines": [line("L1", "100000.00")],
            "priorSettlements": (1..=9)
                .map(|i| json!({"id": format!("S{i}"), "amount": format!("-{NINES}")}))
                .collect::<Vec<_>>()}),
        );
        assert_eq!(e.code(), ErrorCode::Overflow);
        assert_eq!(e.path(), "priorSettlements[7].amount");
        assert!(e.first().message.contains("`S8`"));
    }

    #[test]
    fn net_purchases_whose_rebate_has_no_cents_fail_at_the_lines() {
        // Seven lines of 28 nines: 3% of their 7 × 10^28 fits the range but not in whole fen.
        let lines: Vec<Value> = (1..=7).map(|i| line(&format!("L{i}"), NINES)).collect();
        let e = settle(
            agreement(),
            json!({"periodStart": "2026-01-01", "asOf": "2026-03-31", "lines": lines}),
        );
        assert_eq!(e.code(), ErrorCode::Overflow);
        assert_eq!(e.path(), "lines");
        assert!(e.first().message.contains("HZ-2026"));
    }

    #[test]
    fn a_fixed_bonus_that_cannot_be_paid_in_fen_is_refused_at_load() {
        let mut a = agreement();
        a["newProductBonus"] = json!({"target": "0", "amount": "9999999999999999999999999999"});
        a["order"] = json!(["volume", "newProduct"]);
        let e = settle(
            a,
            json!({"periodStart": "2026-01-01", "asOf": "2026-03-31", "lines": []}),
        );
        assert_eq!(e.kind, ErrorKind::Config);
        assert_eq!(e.code(), ErrorCode::OutOfRange);
        assert_eq!(e.path(), "newProductBonus.amount");
        // The largest amount that still fits in fen loads.
        let mut a = agreement();
        a["newProductBonus"] = json!({"target": "0", "amount": "792281625142643375935439503"});
        a["order"] = json!(["volume", "newProduct"]);
        assert!(crate::rebate::RebateAgreement::load(&a).is_ok());
    }

    #[test]
    fn a_fixed_band_amount_beyond_the_minor_units_is_refused_at_load() {
        let mut a = agreement();
        a["volume"]["tiers"] = json!({"mode": "fixedAmount", "boundary": "lowerInclusive", "bands": [
            {"id": "T1", "from": "0", "amount": "9999999999999999999999999999"}
        ]});
        let e = crate::rebate::RebateAgreement::load(&a).unwrap_err();
        assert_eq!(e.code(), ErrorCode::OutOfRange);
        assert_eq!(e.path(), "volume.tiers.bands[0].amount");
    }
}
