//! Period figures and the entitlement they give. A rebate depends on a period's records only
//! through a handful of running sums (purchases, returns, new-product purchases, invoiced,
//! paid, paid on time), so settling and estimating share one function of those sums: an
//! estimate is the entitlement of the sums with an order minus the entitlement without it,
//! and costs O(tiers), not O(orders).

use super::agreement::{NewProductPay, RebateAgreement};
use super::chronology::{UnitSlice, Valued};
use super::document::ComponentKind;
use super::document::{VolumeBasis, WithoutBaseline};
use crate::error::{ErrorCode, Problem};
use crate::tiers::{TierMode, TierOutcome, TierSlice};
use crate::wire;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Map, Value};
use std::sync::Arc;

/// The figures a coefficient condition may name.
pub const FIGURE_NAMES: &[&str] = &[
    "grossPurchases",
    "excludedPurchases",
    "returns",
    "netPurchases",
    "newProductPurchases",
    "invoiced",
    "paid",
    "paidOnTime",
    "collectionRate",
    "netQuantity",
    "lastYearNetPurchases",
    "growthRate",
];

/// A period's figures. Purchases and returns count only lines that are not excluded.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Figures {
    /// Order lines not excluded, before returns.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub gross_purchases: Decimal,
    /// Order lines of excluded SKUs or categories, net of their returns; shown, never counted.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub excluded_purchases: Decimal,
    /// Goods returned on lines that are not excluded (the rebate's own credit notes are not
    /// returns).
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub returns: Decimal,
    /// `grossPurchases − returns`: the volume tiers' base.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub net_purchases: Decimal,
    /// Units bought less units returned, on lines not excluded (0 when lines give no
    /// quantity).
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub net_quantity: Decimal,
    /// Net purchases of new products (not excluded).
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub new_product_purchases: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub invoiced: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub paid: Decimal,
    /// Payments made within the payment bonus's `withinDays` of their invoice.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub paid_on_time: Decimal,
    /// `paid ÷ invoiced`, unrounded; absent when nothing was invoiced.
    #[serde(with = "wire::decimal_opt", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub collection_rate: Option<Decimal>,
    /// As given in the request; absent for a new distributor.
    #[serde(with = "wire::decimal_opt", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub last_year_net_purchases: Option<Decimal>,
    /// `(netPurchases − lastYearNetPurchases) ÷ lastYearNetPurchases`, unrounded; absent
    /// without a valid baseline (none, or not above 0).
    #[serde(with = "wire::decimal_opt", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub growth_rate: Option<Decimal>,
}

/// Running sums from which [`Figures`] are derived; adding a record is O(1).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Sums {
    pub gross: Decimal,
    pub excluded: Decimal,
    pub returns: Decimal,
    pub new_product_gross: Decimal,
    pub new_product_returns: Decimal,
    pub invoiced: Decimal,
    pub paid: Decimal,
    pub paid_on_time: Decimal,
    pub last_year_net: Option<Decimal>,
    pub quantity: Decimal,
    pub returned_quantity: Decimal,
}

impl Sums {
    /// The figures of the sums. Sums of records are at most the decimal range, and a figure
    /// that leaves it fails the call at the list it is summed from.
    pub fn figures(&self) -> Result<Figures, Problem> {
        let sub = |a: Decimal, b: Decimal, path: &str, what: &str| {
            a.checked_sub(b).ok_or_else(|| overflow(path, what))
        };
        let net_purchases = sub(self.gross, self.returns, "returns", "net purchases")?;
        let new_product_purchases = sub(
            self.new_product_gross,
            self.new_product_returns,
            "returns",
            "new-product purchases",
        )?;
        let collection_rate = if self.invoiced > Decimal::ZERO {
            Some(
                self.paid
                    .checked_div(self.invoiced)
                    .ok_or_else(|| overflow("payments", "the collection rate"))?
                    .normalize(),
            )
        } else {
            None
        };
        let growth_rate = match self.last_year_net {
            Some(last) if last > Decimal::ZERO => Some(
                sub(net_purchases, last, "lastYearNetPurchases", "growth")?
                    .checked_div(last)
                    .ok_or_else(|| overflow("lastYearNetPurchases", "the growth rate"))?
                    .normalize(),
            ),
            _ => None,
        };
        let net_quantity = sub(
            self.quantity,
            self.returned_quantity,
            "returns",
            "net quantity",
        )?;
        Ok(Figures {
            gross_purchases: self.gross,
            excluded_purchases: self.excluded,
            returns: self.returns,
            net_purchases,
            net_quantity,
            new_product_purchases,
            invoiced: self.invoiced,
            paid: self.paid,
            paid_on_time: self.paid_on_time,
            collection_rate,
            last_year_net_purchases: self.last_year_net,
            growth_rate,
        })
    }
}

impl Figures {
    /// The figures named in `used` as condition fields (decimal strings), for coefficient
    /// conditions; only those are formatted, since an estimate runs on every keystroke.
    pub(crate) fn as_fields(&self, used: &[&str]) -> Map<String, Value> {
        let mut m = Map::with_capacity(used.len());
        let mut put = |k: &str, v: Decimal| {
            if used.contains(&k) {
                m.insert(k.to_string(), Value::String(v.to_string()));
            }
        };
        put("grossPurchases", self.gross_purchases);
        put("excludedPurchases", self.excluded_purchases);
        put("returns", self.returns);
        put("netPurchases", self.net_purchases);
        put("netQuantity", self.net_quantity);
        put("newProductPurchases", self.new_product_purchases);
        put("invoiced", self.invoiced);
        put("paid", self.paid);
        put("paidOnTime", self.paid_on_time);
        if let Some(rate) = self.collection_rate {
            put("collectionRate", rate);
        }
        if let Some(last) = self.last_year_net_purchases {
            put("lastYearNetPurchases", last);
        }
        if let Some(rate) = self.growth_rate {
            put("growthRate", rate);
        }
        m
    }
}

/// How one component came out for a set of figures.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ComponentOutcome {
    pub kind: ComponentKind,
    /// The component's figure before earlier components were deducted.
    pub figure: Decimal,
    /// Earlier components deducted from the figure (`baseAfterEarlier`).
    pub deducted: Decimal,
    /// `figure − deducted`: what the rate or tiers applied to.
    pub base: Decimal,
    /// New-product bonus: whether the target was reached; growth bonus: whether there was a
    /// valid baseline (or the agreement pays the first band without one).
    pub qualifies: Option<bool>,
    /// The volume tiers' outcome.
    pub tier: Option<TierOutcome>,
    /// Chronological quantity tiers: the units and value in each band.
    pub unit_slices: Vec<UnitSlice>,
    /// Before coefficients, caps and rounding.
    pub raw: Decimal,
    /// Product of the coefficients that held and apply here (1 when none).
    pub factor: Decimal,
    /// Ids of those coefficients.
    pub coefficients: Vec<Arc<str>>,
    /// The component cap, when it cut the amount.
    pub capped_at: Option<Decimal>,
    /// What the total cap took from this component.
    pub total_cap_cut: Decimal,
    /// Final, in whole minor units.
    pub amount: Decimal,
}

/// Every component's outcome (in the agreement's order) and their total.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entitlement {
    pub figures: Figures,
    /// Whether each coefficient's condition held, by the agreement's coefficient order.
    pub held: Vec<bool>,
    pub components: Vec<ComponentOutcome>,
    pub total: Decimal,
}

impl RebateAgreement {
    /// The entitlement the figures give under this agreement. `valued` is the chronological
    /// valuation of the volume tiers when the agreement has one (see `chronological`).
    pub(crate) fn entitlement(
        &self,
        sums: &Sums,
        valued: Option<&Valued>,
    ) -> Result<Entitlement, Problem> {
        let figures = sums.figures()?;
        let fields = figures.as_fields(&self.figures_used);
        let mut held = Vec::with_capacity(self.coefficients.len());
        for c in &self.coefficients {
            held.push(c.when.evaluate(&fields, "figures")?);
        }
        let scale = self.currency.minor_units();
        // Zero at the currency's scale (`rescale` of zero never leaves the range).
        let mut zero = Decimal::ZERO;
        zero.rescale(scale);
        let mut components = Vec::with_capacity(self.order.len());
        let mut earlier = Decimal::ZERO;
        for &kind in &self.order {
            let (figure, after_earlier, cap) = match kind {
                ComponentKind::Volume => match &self.volume {
                    Some(v) => (figures.net_purchases, v.base_after_earlier, v.cap),
                    None => continue,
                },
                ComponentKind::NewProduct => match &self.new_product_bonus {
                    Some(b) => (figures.new_product_purchases, b.base_after_earlier, b.cap),
                    None => continue,
                },
                ComponentKind::Payment => match &self.payment_bonus {
                    Some(b) => (figures.paid_on_time, b.base_after_earlier, b.cap),
                    None => continue,
                },
                ComponentKind::Growth => match &self.growth_bonus {
                    Some(g) => (figures.net_purchases, g.base_after_earlier, g.cap),
                    None => continue,
                },
            };
            let deducted = if after_earlier {
                earlier.min(figure).max(Decimal::ZERO)
            } else {
                Decimal::ZERO
            };
            // A component's arithmetic runs on whole-period figures: when it leaves the range
            // the call fails at the list the figure is summed from, naming the agreement.
            let at = source(kind);
            let what = |what: &str| {
                format!(
                    "agreement `{}` for `{}`: {what} of the {} component",
                    self.id,
                    self.distributor,
                    kind.as_str()
                )
            };
            let over = |w: &str| overflow(at, what(w));
            let mul = |a: Decimal, b: Decimal, w: &str| a.checked_mul(b).ok_or_else(|| over(w));
            let base = figure
                .checked_sub(deducted)
                .ok_or_else(|| over("the base"))?;
            let mut qualifies = None;
            let mut tier = None;
            let mut unit_slices = Vec::new();
            let raw = match kind {
                ComponentKind::Volume => {
                    let Some(v) = &self.volume else { continue };
                    let (outcome, amount) = match v.basis {
                        VolumeBasis::Value => {
                            let outcome = v.tiers.evaluate(base).map_err(|p| p.under(at))?;
                            let amount = outcome.amount;
                            (outcome, amount)
                        }
                        VolumeBasis::Quantity if valued.is_some() => {
                            let valued = valued.ok_or_else(|| over("the valuation"))?;
                            unit_slices = valued.slices.clone();
                            let outcome = TierOutcome {
                                amount: valued.amount,
                                reached: v.tiers.reached(figures.net_quantity).id.clone(),
                                slices: valued
                                    .slices
                                    .iter()
                                    .map(|s| TierSlice {
                                        band: s.band.clone(),
                                        base: s.value,
                                        rate: Some(s.rate),
                                        amount: s.amount,
                                    })
                                    .collect(),
                            };
                            (outcome, valued.amount)
                        }
                        VolumeBasis::Quantity => {
                            // Units × rate, valued at the average net price: the multiplication
                            // comes first so that retroactive tiers give net × rate exactly.
                            let units = figures.net_quantity;
                            let outcome = v.tiers.evaluate(units).map_err(|p| p.under(at))?;
                            let amount = if units.is_zero() {
                                Decimal::ZERO
                            } else {
                                mul(outcome.amount, base, "the amount")?
                                    .checked_div(units)
                                    .ok_or_else(|| over("the amount"))?
                            };
                            (outcome, amount)
                        }
                    };
                    tier = Some(outcome);
                    amount
                }
                ComponentKind::NewProduct => match &self.new_product_bonus {
                    Some(b) => {
                        // The target is judged on the new-product figure itself, before any
                        // deduction: reaching it is about what was bought.
                        let reached = figure >= b.target;
                        qualifies = Some(reached);
                        match (reached, b.pays) {
                            (false, _) => Decimal::ZERO,
                            (true, NewProductPay::Rate(rate)) => mul(base, rate, "the amount")?,
                            (true, NewProductPay::Amount(amount)) => amount,
                        }
                    }
                    None => continue,
                },
                ComponentKind::Payment => match &self.payment_bonus {
                    Some(b) => mul(base, b.rate, "the amount")?,
                    None => continue,
                },
                ComponentKind::Growth => match &self.growth_bonus {
                    Some(g) => {
                        let band = match (figures.growth_rate, g.without_baseline) {
                            // Negative growth sits in the first band, which starts at 0.
                            (Some(rate), _) => Some(g.tiers.reached(rate.max(Decimal::ZERO))),
                            (None, WithoutBaseline::FirstBand) => g.tiers.bands.first(),
                            (None, WithoutBaseline::NoBonus) => None,
                        };
                        qualifies = Some(band.is_some());
                        match band {
                            None => Decimal::ZERO,
                            Some(band) => {
                                let fixed = g.tiers.mode == TierMode::FixedAmount;
                                let amount = if fixed {
                                    band.value
                                } else {
                                    mul(base, band.value, "the amount")?
                                };
                                tier = Some(TierOutcome {
                                    amount,
                                    reached: band.id.clone(),
                                    slices: vec![TierSlice {
                                        band: band.id.clone(),
                                        base,
                                        rate: (!fixed).then_some(band.value),
                                        amount,
                                    }],
                                });
                                amount
                            }
                        }
                    }
                    None => continue,
                },
            };
            let mut factor = Decimal::ONE;
            let mut applied = Vec::new();
            for (c, holds) in self.coefficients.iter().zip(&held) {
                if *holds && c.applies_to[kind.index()] {
                    factor = mul(factor, c.factor, "the product of the coefficients")?;
                    applied.push(c.id.clone());
                }
            }
            let mut value = mul(raw, factor, "the amount with its coefficients")?;
            let mut capped_at = None;
            if let Some(cap) = cap {
                if value > cap {
                    value = cap;
                    capped_at = Some(cap);
                }
            }
            // Whole minor units: an amount too large to carry the currency's places fails
            // rather than being shown with fewer.
            let amount = at_scale(self.rounding.round(value, scale), scale)
                .ok_or_else(|| over("the amount in minor units"))?;
            let total_cap_cut = zero;
            earlier = add_exact(earlier, amount, scale)
                .ok_or_else(|| over("the total of the components"))?;
            components.push(ComponentOutcome {
                kind,
                figure,
                deducted,
                base,
                qualifies,
                tier,
                unit_slices,
                raw,
                factor,
                coefficients: applied,
                capped_at,
                total_cap_cut,
                amount,
            });
        }
        let mut total = earlier;
        if let Some(cap) = self.total_cap {
            // The cap fits the currency's minor units: checked at load.
            let cap = at_scale(self.rounding.round(cap, scale), scale)
                .ok_or_else(|| overflow("totalCap", "the total cap in minor units"))?;
            if total > cap {
                // The stated order is fixed: the last component gives way first. Every
                // difference below is of two amounts in 0 ≤ cut ≤ excess ≤ total, so it stays
                // in range; checked all the same.
                let over = || overflow("lines", "the total cap's cut");
                let mut excess = total.checked_sub(cap).ok_or_else(over)?;
                for c in components.iter_mut().rev() {
                    let cut = excess.min(c.amount);
                    c.amount = c.amount.checked_sub(cut).ok_or_else(over)?;
                    c.total_cap_cut = cut;
                    excess = excess.checked_sub(cut).ok_or_else(over)?;
                }
                total = cap;
            }
        }
        let total = at_scale(total, scale).ok_or_else(|| overflow("lines", "the total"))?;
        Ok(Entitlement {
            figures,
            held,
            components,
            total,
        })
    }
}

/// An overflow of `what`, reported at `path`: the record and field whose value made a sum
/// leave the decimal range (`lines[3].amount`), or the list a figure is summed from when a
/// figure of the whole period did (`lines`, `payments`). Never an empty path.
pub(crate) fn overflow(path: impl Into<String>, what: impl std::fmt::Display) -> Problem {
    Problem::new(
        ErrorCode::Overflow,
        path,
        format!("{what} left the decimal range"),
    )
}

/// `value` written with exactly `scale` decimal places, or `None` when its mantissa would
/// leave 96 bits (`rescale` would then silently keep fewer places).
pub(crate) fn at_scale(value: Decimal, scale: u32) -> Option<Decimal> {
    let mut v = value;
    v.rescale(scale);
    (v.scale() == scale && v == value).then_some(v)
}

/// `a + b` to the last minor unit, or `None`: beyond 28 digits the decimal sum would round to
/// fewer places rather than fail, and the components (and their allocation) would then no
/// longer add up exactly.
pub(crate) fn add_exact(a: Decimal, b: Decimal, scale: u32) -> Option<Decimal> {
    a.checked_add(b).and_then(|sum| at_scale(sum, scale))
}

/// The request list a component's figure is summed from: where its overflow is reported.
fn source(kind: ComponentKind) -> &'static str {
    match kind {
        ComponentKind::Payment => "payments",
        ComponentKind::Volume | ComponentKind::NewProduct | ComponentKind::Growth => "lines",
    }
}
